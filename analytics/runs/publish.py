"""Atomic publishing of report runs.

Layout under the output root (``reports/out``)::

    <report>/<region>/<period>/<lang>            -> .runs/<lang>-<run>   (a symbolic link)
    <report>/<region>/<period>/.runs/<lang>-<run>/report.html, report.ipynb, manifest.json, data/
    <report>/<region>/<period>/.<lang>.stale.json (only while the last run failed)

A run writes into its own folder under ``.runs`` beside the target; publishing points the
``<lang>`` link at it with one ``os.replace`` — readers see the old report or the new one, never
half of either. A failed run leaves the link (the last good report) alone, keeps its folder (with
the failed executed notebook) and writes a stale marker saying why.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

__all__ = [
    "clear_stale",
    "mark_stale",
    "prune",
    "publish",
    "read_stale",
    "scrub",
    "target_dir",
    "work_dir",
]

_RUNS = ".runs"
_KEEP_FAILED = 3


def target_dir(out_root: Path, report: str, region: str, period: str, lang: str) -> Path:
    """Where a report is published: ``<out_root>/<report>/<region>/<period>/<lang>``.

    Periods like ``2023-01/02`` (a January–February release) become ``2023-01_02``.

    Examples
    --------
    >>> target_dir(Path("out"), "fiveg", "120000", "2023-01/02", "zh").as_posix()
    'out/fiveg/120000/2023-01_02/zh'
    """
    return out_root / report / region / period.replace("/", "_") / lang


def work_dir(target: Path, run: str) -> Path:
    """A fresh folder for one run attempt, beside the target (same file system).

    Examples
    --------
    >>> import tempfile
    >>> w = work_dir(Path(tempfile.mkdtemp()) / "zh", "17-1")
    >>> w.name, w.parent.name, w.is_dir()
    ('zh-17-1', '.runs', True)
    """
    path = target.parent / _RUNS / f"{target.name}-{run}"
    path.mkdir(parents=True, exist_ok=False)
    return path


def _stale_path(target: Path) -> Path:
    return target.parent / f".{target.name}.stale.json"


_HANDOFF = ("attempt.json", "result.json")
"""Files an attempt's processes hand each other; read before publishing, never published."""

_TEXT = ("run.log", "manifest.json", "report.ipynb")
"""Published text files that may quote the project's folder."""


def scrub(work: Path, root: Path) -> None:
    r"""Leave no absolute project path in a run folder about to be published.

    The attempt's hand-over files go (the runner has read them); in the run log, the manifest and
    the executed notebook, ``<root>/`` becomes a path relative to the project, so a published
    folder does not tell readers where the server keeps the project.

    Parameters
    ----------
    work
        The run's work folder.
    root
        The project root.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> w = work_dir(root / "out" / "zh", "1")
    >>> _ = (w / "run.log").write_text(f"warning in {root}/analytics/x.py\n")
    >>> _ = (w / "result.json").write_text("{}")
    >>> scrub(w, root)
    >>> (w / "run.log").read_text(), (w / "result.json").exists()
    ('warning in analytics/x.py\n', False)
    """
    for name in _HANDOFF:
        with contextlib.suppress(FileNotFoundError):
            (work / name).unlink()
    prefixes = {str(root) + os.sep, str(root.resolve()) + os.sep}
    escaped = {json.dumps(p)[1:-1] for p in prefixes}  # as written inside JSON strings
    for name in _TEXT:
        path = work / name
        try:
            text = path.read_text(encoding="utf-8", errors="surrogateescape")
        except FileNotFoundError:
            continue
        new = text
        for prefix in sorted(prefixes | escaped, key=len, reverse=True):
            new = new.replace(prefix, "")
        if new != text:
            path.write_text(new, encoding="utf-8", errors="surrogateescape")


def publish(work: Path, target: Path) -> Path:
    """Make ``work`` the published report at ``target`` atomically; return the target.

    The previous version's folder is removed after the switch.

    Examples
    --------
    >>> import tempfile
    >>> t = Path(tempfile.mkdtemp()) / "zh"
    >>> w = work_dir(t, "1")
    >>> _ = (w / "report.html").write_text("v1")
    >>> (publish(w, t) / "report.html").read_text()
    'v1'
    """
    if work.parent != target.parent / _RUNS:
        raise ValueError(f"{work} is not a work folder of {target}")
    previous: Path | None = None
    if target.is_symlink():
        previous = (target.parent / os.readlink(target)).resolve()
    elif target.exists():  # a plain folder from an older layout: move it aside first
        previous = target.parent / _RUNS / f"{target.name}-legacy-{time.time_ns()}"
        target.rename(previous)
    link = target.parent / f".{target.name}.link-{os.getpid()}-{time.time_ns()}"
    try:
        os.symlink(Path(_RUNS) / work.name, link, target_is_directory=True)
        os.replace(link, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
    clear_stale(target)
    if previous is not None and previous.resolve() != work.resolve():
        shutil.rmtree(previous, ignore_errors=True)
    return target


def mark_stale(target: Path, reason: str, *, run_id: int | None = None) -> Path:
    """Write the stale marker for a target whose latest run failed (atomically)."""
    path = _stale_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    info = {"reason": reason, "run_id": run_id, "since": time.time()}
    tmp.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    return path


def read_stale(target: Path) -> dict[str, Any] | None:
    """The stale marker's content (reason, run_id, since), or None.

    Examples
    --------
    >>> import tempfile
    >>> t = Path(tempfile.mkdtemp()) / "en"
    >>> _ = mark_stale(t, "ValueError: no data", run_id=3)
    >>> read_stale(t)["reason"], clear_stale(t), read_stale(t)
    ('ValueError: no data', None, None)
    """
    path = _stale_path(target)
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return data


def clear_stale(target: Path) -> None:
    """Remove the stale marker (after a successful publish)."""
    with contextlib.suppress(FileNotFoundError):
        _stale_path(target).unlink()


def prune(target: Path, *, keep_failed: int = _KEEP_FAILED, active: set[Path] | None = None) -> int:
    """Remove old run folders of a target; return how many were removed.

    Kept: the published one, the ``keep_failed`` newest others, and those in ``active``.
    """
    runs = target.parent / _RUNS
    if not runs.is_dir():
        return 0
    current = target.resolve() if target.is_symlink() else None
    keep = {p.resolve() for p in (active or set())}
    mine = [p for p in runs.iterdir() if p.name.startswith(f"{target.name}-")]
    others = sorted(
        (p for p in mine if p.resolve() != current and p.resolve() not in keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    removed = 0
    for p in others[keep_failed:]:
        shutil.rmtree(p, ignore_errors=True)
        removed += 1
    return removed
