"""One lock per published report — (report, region, period, language) — across processes.

``report batch``, ``schedule run-due`` and ``serve`` all run reports through the same runner,
which takes this lock before deciding whether a run is needed. Two processes asked for the same
report at once therefore make it once: the second waits, then finds it unchanged and skips it.
The lock is ``flock`` on ``reports/.locks/runs/<report>--<region>--<period>--<lang>.lock``;
the operating system releases it when its holder exits or is killed.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["lock_path", "target_lock"]

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


def lock_path(lock_dir: Path, report: str, region: str, period: str, lang: str) -> Path:
    """The lock file of one report target (names made file-safe; ``/`` becomes ``_``).

    Examples
    --------
    >>> lock_path(Path("locks"), "fiveg", "120000", "2023-01/02", "zh").as_posix()
    'locks/fiveg--120000--2023-01_02--zh.lock'
    """
    parts = (_UNSAFE.sub("_", p) for p in (report, region, period, lang))
    return lock_dir / ("--".join(parts) + ".lock")


@contextlib.contextmanager
def target_lock(path: Path, *, wait: float, poll: float = 0.2) -> Iterator[bool]:
    """Hold ``path``'s lock for the block, waiting up to ``wait`` seconds; yield whether held.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "r.lock"
    >>> with target_lock(p, wait=0) as a, target_lock(p, wait=0.3) as b:
    ...     a, b
    (True, False)
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    held = False
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held = True
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    break
                time.sleep(poll)
        yield held
    finally:
        if held:
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
