"""SIGTERM and SIGINT as an exception that unwinds (so clean-up runs), held back where needed.

Inside :func:`stops` both signals raise :class:`Stopped` — a ``BaseException`` like
``KeyboardInterrupt`` — so ``finally`` blocks remove staging folders. Inside :func:`held` (a
store swap, a commit's renames) a signal is only recorded and raised when the block ends, so it
lands before or after the change, never inside it. Blocking the signal itself would not do: a
process-directed signal goes to any thread that does not block it (polars keeps a thread pool).
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

__all__ = ["Stopped", "held", "stops"]

_SIGNALS = (signal.SIGTERM, signal.SIGINT)
_STATE: dict[str, int] = {"holding": 0, "pending": 0}


class Stopped(BaseException):
    """SIGTERM or SIGINT arrived; ``held``: the change it was held back for (made whole first)."""

    def __init__(self, signum: int, *, held: str | None = None) -> None:
        super().__init__(signum)
        self.signum = signum
        self.held = held

    @property
    def exit_code(self) -> int:
        """128 + the signal's number (143 for SIGTERM, 130 for SIGINT)."""
        return 128 + self.signum


def _handler(signum: int, frame: object) -> None:
    if _STATE["holding"]:
        _STATE["pending"] = _STATE["pending"] or signum
        return
    raise Stopped(signum)


@contextlib.contextmanager
def stops() -> Iterator[None]:
    """SIGTERM and SIGINT raise :class:`Stopped` inside the block (the old handlers return after).

    Examples
    --------
    >>> import os
    >>> try:
    ...     with stops():
    ...         os.kill(os.getpid(), signal.SIGTERM)
    ... except Stopped as stop:
    ...     stop.exit_code
    143
    """
    old = {s: signal.signal(s, _handler) for s in _SIGNALS}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


@contextlib.contextmanager
def held(what: str) -> Iterator[None]:
    """Hold SIGTERM/SIGINT back during the block (``what`` it changes); raise one that came then.

    Examples
    --------
    >>> import os
    >>> done = []
    >>> try:
    ...     with stops(), held("the store"):
    ...         os.kill(os.getpid(), signal.SIGINT)
    ...         done.append("swapped")
    ... except Stopped as stop:
    ...     done, stop.held
    (['swapped'], 'the store')
    """
    _STATE["holding"] += 1
    try:
        yield
    finally:
        _STATE["holding"] -= 1
    if not _STATE["holding"] and _STATE["pending"]:
        signum, _STATE["pending"] = _STATE["pending"], 0
        raise Stopped(signum, held=what)
