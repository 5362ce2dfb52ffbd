"""Writing what :func:`~analytics.io.add.plan_add` planned: files, provenance, store.

The provenance files get one appended line per added file. Everything is staged in
``data/.add-stage-*`` and built there (:mod:`analytics.io._add_stage`), then committed with a
journal and renames (:mod:`analytics.io._add_journal`): ``data/`` holds the whole add or none of
it, whatever stops the process. One ``data add`` runs at a time (``flock``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analytics.config import catalog_dir
from analytics.exceptions import AnalyticsError
from analytics.io._add_journal import commit, locked, recover
from analytics.io._add_new import CATALOG_FILE, with_entries
from analytics.io._add_stage import staged
from analytics.io._pause import pause_point

if TYPE_CHECKING:
    from analytics.io.add import AddPlan, FilePlan
    from analytics.io.store import BuildSummary

__all__ = ["apply_add", "catalog_edits", "snapshot"]


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


def apply_add(plan: AddPlan, *, say: list[str] | None = None) -> BuildSummary | None:
    """Stage the files, their provenance and the rebuilt store, then commit them together.

    Returns the build summary, or ``None`` when every file was in ``data/raw`` already. Lines
    for the user (a stale lock cleared, an interrupted add completed) are appended to ``say``.

    Parameters
    ----------
    plan
        What :func:`~analytics.io.add.plan_add` planned; refused when the provenance files or a
        destination changed since.
    say
        A list the lines for the user are appended to; default None: not collected.

    Returns
    -------
    BuildSummary or None
        The summary of the store rebuilt with the files, or None when there was nothing to add.

    Raises
    ------
    AnalyticsError
        When ``data/`` changed since the plan was made (another ``data add``?).
    """
    pending = plan.files
    if not pending:
        return None
    with locked(plan.data, say=say):
        said = recover(plan.data)
        if say is not None:
            say += said
        if snapshot() != plan.catalog or any(p.dest.exists() for p in pending):
            raise AnalyticsError(
                "data/ changed since the plan was made (another `data add`?) — run it again"
            )
        with staged(plan, where=plan.data) as stage:
            pause_point("built")
            commit(stage, plan.data)
        return stage.summary
