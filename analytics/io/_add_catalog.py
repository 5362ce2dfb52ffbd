"""The provenance files a ``data add`` rewrites: one appended line per added file.

``nbs_files.yaml`` and ``nbs_monthly.yaml`` (under ``files:``), ``portal_files.yaml``,
``figures_files.yaml``, ``returns_files.yaml``, and the new indicators (``--new``) appended to
``indicators.yaml``. The stage writes these edits (:mod:`analytics.io._add_stage`); the plan
compares a :func:`snapshot` of them to tell a stale plan.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analytics.config import catalog_dir
from analytics.io._add_new import CATALOG_FILE, with_entries

if TYPE_CHECKING:
    from analytics.io._add_plan import FilePlan

__all__ = ["catalog_edits", "snapshot"]


_PROVENANCE = (
    "nbs_files.yaml",
    "nbs_monthly.yaml",
    "portal_files.yaml",
    "figures_files.yaml",
    "returns_files.yaml",
)


def snapshot() -> dict[Path, bytes | None]:
    """The provenance files' bytes (``None`` when absent), to tell a stale plan."""
    names = (*_PROVENANCE, CATALOG_FILE)
    paths = tuple(catalog_dir() / name for name in names)
    return {p: p.read_bytes() if p.exists() else None for p in paths}


def _flow(value: str | dict[str, Any]) -> str:
    """A one-line YAML scalar or flow mapping (JSON is YAML)."""
    return json.dumps(value, ensure_ascii=False)


def catalog_edits(plans: list[FilePlan], data: Path) -> dict[Path, bytes]:
    """New text of the provenance files: one line per added file.

    ``nbs_files.yaml`` and ``nbs_monthly.yaml`` (under ``files:``), ``portal_files.yaml``,
    ``figures_files.yaml``, and the new indicators (``--new``) appended to ``indicators.yaml``.
    """
    edits: dict[Path, bytes] = {}
    entries = [e for p in plans for e in p.catalog_entries]
    if entries:
        path = catalog_dir() / CATALOG_FILE
        edits[path] = with_entries(path.read_text(encoding="utf-8"), entries).encode("utf-8")
    for kind, name, folder in (
        ("nbs_export", "nbs_files.yaml", "nbs"),
        ("nbs_monthly", "nbs_monthly.yaml", "nbs_monthly"),
    ):
        nbs = [p for p in plans if p.format == kind]
        if nbs:
            path = catalog_dir() / name
            text = path.read_text(encoding="utf-8")
            at = text.index("\nnames:") + 1  # the `files:` section ends where `names:` begins
            lines = "".join(
                f"  {_flow(p.dest.relative_to(data / 'raw' / folder).as_posix())}: "
                f"{_flow(p.entry)}\n"
                for p in nbs
            )
            edits[path] = (text[:at] + lines + text[at:]).encode("utf-8")
    for kind, name in (
        ("portal_panel", "portal_files.yaml"),
        ("figures", "figures_files.yaml"),
        ("plan_return", "returns_files.yaml"),
    ):
        added = [p for p in plans if p.format == kind]
        if added:
            path = catalog_dir() / name
            text = path.read_text(encoding="utf-8") if path.exists() else _HEAD[kind]
            text += "".join(f"- {_flow(p.entry)}\n" for p in added)
            edits[path] = text.encode("utf-8")
    return edits


_HEAD = {
    "portal_panel": """\
# NBS portal panels added with `analytics data add` (data/raw/nbs_portal): per panel its raw JSON
# capture, the portal table and cid, the date added, both files' sha256, the vintage (a dated one
# when the panel revised stored values) and the columns mapped by close match to catalog ids.
""",
    "figures": """\
# Published-figures tables added with `analytics data add` (data/raw/figures): per table the
# file, the date added, its sha256, and a vintage suffix when it revised stored figures.
""",
    "plan_return": """\
# Departments' returns (filled request workbooks) added with `analytics data add`
# (data/raw/returns): per return the file, its plan, the date received, its sha256 and the
# departments that filled it. The plan scorecard reads them as `reported` figures.
""",
}
