"""Committing a staged ``data add`` as one transaction, and repairing one a dead process left.

The commit point is the journal ``data/.add-journal.json``, written whole (temporary file,
``fsync``, rename) once everything is staged and built. Before it, ``data/`` is untouched: a stop
or a full disk leaves only the stage, which the next start removes (rolled back). After it, only
renames remain — the raw files, the provenance files, then the store — each done once and safe to
redo, so the next start finishes them (rolled forward). SIGTERM and SIGINT are held back during
the renames (:func:`~analytics.io._signals.held`); the lock file records the owner's pid, so a
lock left by a dead process is named and cleared.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path

import psutil

from analytics.exceptions import AnalyticsError
from analytics.io._add_stage import STAGE_PREFIX, Stage
from analytics.io._pause import pause_point
from analytics.io._signals import held
from analytics.io.nbs import nbs_file_rules

__all__ = ["JOURNAL", "LOCK", "commit", "leftovers", "locked", "recover"]

JOURNAL = ".add-journal.json"
LOCK = ".add.lock"


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def locked(data: Path, *, say: list[str] | None = None) -> Iterator[None]:
    """Hold ``data/.add.lock`` (one writer of ``data/`` at a time); a stale one is cleared.

    The lock is an ``flock`` (released by the kernel when its holder dies) on a file holding the
    holder's pid. Finding the file with a pid but no holder means that process died: the lock
    is cleared and ``say`` gets a line naming it.
    """
    lock = data / LOCK
    with lock.open("a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            owner = fh.read().strip()
            raise AnalyticsError(
                f"another `analytics data add` is running (or a `data build`: {lock}, pid "
                f"{owner or '?'}); try again when it has finished"
            ) from None
        try:
            fh.seek(0)
            owner = fh.read().strip()
            if owner and say is not None:
                dead = not owner.isdigit() or not psutil.pid_exists(int(owner))
                state = "is not running" if dead else "no longer holds it"
                say.append(f"cleared a stale lock {lock}: process {owner} {state}")
            fh.seek(0)
            fh.truncate()
            fh.write(f"{os.getpid()}\n")
            fh.flush()
            yield
        finally:
            lock.unlink(missing_ok=True)
            fcntl.flock(fh, fcntl.LOCK_UN)


def _renames(journal: Mapping[str, object]) -> None:
    """Do every rename of ``journal`` not done yet (each one is safe to redo)."""
    moves = journal["moves"]
    assert isinstance(moves, list)
    for i, (src, dest) in enumerate((Path(a), Path(b)) for a, b in moves):
        if src.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dest)
            _fsync_dir(dest.parent)
        pause_point(f"moved-{i + 1}")
    new, target, old = (Path(str(journal[k])) for k in ("store", "target", "old"))
    if new.exists():
        if target.exists():
            os.replace(target, old)
        os.replace(new, target)
        _fsync_dir(target.parent)


def commit(stage: Stage, data: Path) -> None:
    """Write the journal (the commit point), do the renames, remove journal and stage.

    SIGTERM and SIGINT are held back from the journal to the end, so a stop lands before or after
    the whole change; a SIGKILL or power cut in between is finished by :func:`recover`.
    """
    new, target = stage.store
    journal = {
        "stage": str(stage.root),
        "moves": [[str(a), str(b)] for a, b in stage.moves],
        "store": str(new),
        "target": str(target),
        "old": str(stage.root / "processed-old"),
    }
    for _, dest in stage.moves:
        _same_device(stage.root, dest)
    path = data / JOURNAL
    tmp = data / f".{JOURNAL}.tmp"
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(journal, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        with held("data add"):  # a stop lands when the renames are done
            os.replace(tmp, path)
            _fsync_dir(data)
            pause_point("committed")
            _renames(journal)
            _finish(path, stage.root)
    finally:
        tmp.unlink(missing_ok=True)
        nbs_file_rules.cache_clear()


def _finish(journal: Path, stage: Path) -> None:
    shutil.rmtree(stage, ignore_errors=True)
    journal.unlink(missing_ok=True)
    _fsync_dir(journal.parent)


def _same_device(stage: Path, dest: Path) -> None:
    folder = dest.parent
    while not folder.exists():
        folder = folder.parent
    if folder.stat().st_dev != stage.stat().st_dev:
        raise AnalyticsError(
            f"{folder} is on another file system than {stage.parent}: `data add` commits by "
            "renaming, so data/ and data/catalog must share one file system"
        )


def recover(data: Path) -> list[str]:
    """Finish or undo what a ``data add`` that died left in ``data/``; say what was done.

    Call with :func:`locked` held. A journal means the add had committed: its remaining renames
    are done. A stage without a journal means it had not: the stage is removed, ``data/`` is as
    it was before that add.

    Examples
    --------
    >>> import tempfile
    >>> recover(Path(tempfile.mkdtemp()))
    []
    """
    said: list[str] = []
    path = data / JOURNAL
    if path.exists():
        journal = json.loads(path.read_text(encoding="utf-8"))
        _renames(journal)
        _finish(path, Path(journal["stage"]))
        nbs_file_rules.cache_clear()
        said.append("completed a `data add` that was stopped after its commit point")
    (data / f".{JOURNAL}.tmp").unlink(missing_ok=True)
    for left in sorted(data.glob(".processed-*")):  # a store build killed mid-write
        shutil.rmtree(left, ignore_errors=True)
        said.append(f"removed {left.name}, left by a store build that was killed")
    for stage in sorted(data.glob(f"{STAGE_PREFIX}*")):
        shutil.rmtree(stage, ignore_errors=True)
        said.append(
            f"removed {stage.name}, left by a `data add` stopped before its commit "
            "point (data/ is as it was before that add)"
        )
    return said


def leftovers(data: Path) -> bool:
    """Whether a dead ``data add`` left a journal or a stage in ``data/``."""
    return (data / JOURNAL).exists() or any(data.glob(f"{STAGE_PREFIX}*"))
