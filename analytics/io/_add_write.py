"""Writing what :func:`~analytics.io.add.plan_add` planned: files, provenance, store.

Every file is written to a temporary name in its folder and renamed; the provenance files get
one appended line per added file; a failed rebuild removes the copies and restores the
provenance files, so ``data/`` is as it was. One ``data add`` runs at a time (``flock``).
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analytics.config import catalog_dir
from analytics.exceptions import AnalyticsError
from analytics.io.nbs import nbs_file_rules
from analytics.io.store import BuildSummary, build_store

if TYPE_CHECKING:
    from analytics.io.add import AddPlan, FilePlan

__all__ = ["apply_add", "snapshot"]


def snapshot() -> dict[Path, bytes | None]:
    """The provenance files' bytes (``None`` when absent), to tell a stale plan."""
    names = ("nbs_files.yaml", "portal_files.yaml", "figures_files.yaml", "returns_files.yaml")
    paths = tuple(catalog_dir() / name for name in names)
    return {p: p.read_bytes() if p.exists() else None for p in paths}


@contextmanager
def _locked(data: Path) -> Iterator[None]:
    """One ``data add`` at a time (a cron job and a person); released if the process dies."""
    lock = data / ".add.lock"
    with lock.open("a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AnalyticsError(
                f"another `analytics data add` is running ({lock}); try again later"
            ) from None
        try:
            yield
        finally:
            lock.unlink(missing_ok=True)  # data/ is left as it was; a waiter re-checks the plan
            fcntl.flock(fh, fcntl.LOCK_UN)


def _write_atomic(dest: Path, content: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; data files are readable like their neighbours
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _flow(value: str | dict[str, Any]) -> str:
    """A one-line YAML scalar or flow mapping (JSON is YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _catalog_edits(plans: list[FilePlan], data: Path) -> dict[Path, bytes]:
    """New text of the provenance files: one line per added file.

    ``nbs_files.yaml`` (under ``files:``), ``portal_files.yaml``, ``figures_files.yaml``.
    """
    edits: dict[Path, bytes] = {}
    nbs = [p for p in plans if p.format == "nbs_export"]
    if nbs:
        path = catalog_dir() / "nbs_files.yaml"
        text = path.read_text(encoding="utf-8")
        at = text.index("\nnames:") + 1  # the `files:` section ends where `names:` begins
        lines = "".join(
            f"  {_flow(p.dest.relative_to(data / 'raw' / 'nbs').as_posix())}: {_flow(p.entry)}\n"
            for p in nbs
        )
        edits[path] = (text[:at] + lines + text[at:]).encode("utf-8")
    for kind, name in (("portal_panel", "portal_files.yaml"), ("figures", "figures_files.yaml"),
                       ("plan_return", "returns_files.yaml")):  # fmt: skip
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


def apply_add(plan: AddPlan) -> BuildSummary | None:
    """Copy the files, write their provenance, rebuild the store; undo everything on failure.

    Returns the build summary, or ``None`` when every file was in ``data/raw`` already.
    """
    pending = plan.files
    if not pending:
        return None
    with _locked(plan.data):
        if snapshot() != plan.catalog or any(p.dest.exists() for p in pending):
            raise AnalyticsError(
                "data/ changed since the plan was made (another `data add`?) — run it again"
            )
        return _apply(plan, pending)


def _apply(plan: AddPlan, pending: list[FilePlan]) -> BuildSummary:
    copies: list[tuple[Path, Path]] = []
    for p in pending:
        copies.append((p.path, p.dest))
        if p.capture is not None:
            copies.append(p.capture)
    edits = _catalog_edits(pending, plan.data)
    backups = {path: path.read_bytes() if path.exists() else None for path in edits}
    written: list[Path] = []
    made: list[Path] = []
    try:
        for src, dest in copies:
            for parent in reversed(dest.parents):
                if not parent.exists():
                    parent.mkdir()
                    made.append(parent)
            _write_atomic(dest, src.read_bytes())
            written.append(dest)
        for path, content in edits.items():
            _write_atomic(path, content)
        nbs_file_rules.cache_clear()
        return build_store(data_dir=plan.data)
    except BaseException:
        for dest in written:
            dest.unlink(missing_ok=True)
        for folder in reversed(made):
            folder.rmdir()
        for path, old in backups.items():
            if old is None:
                path.unlink(missing_ok=True)
            else:
                _write_atomic(path, old)
        nbs_file_rules.cache_clear()
        raise
