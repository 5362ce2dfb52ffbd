"""Stopping cleanly on SIGTERM and SIGINT (a systemd stop, Ctrl-C, a signal to the process group).

The first signal asks the batch to stop: no new run or attempt starts, and the runs in flight get
``grace`` seconds (``ANALYTICS_STOP_GRACE``, default 60) to finish and publish. A second signal, or
the end of the grace, stops them at once: their process trees are killed. Runs cut short are
recorded ``interrupted`` — not ``failed`` — their slot is left open and runs again at the next
``run-due``, and the command exits with 128 + the signal's number.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from types import FrameType

__all__ = ["DEFAULT_GRACE", "Stop", "handling"]

DEFAULT_GRACE = 60.0
SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Stop:
    """A stop request: ``requested`` after the first signal, ``now`` after the second or the grace.

    Examples
    --------
    >>> s = Stop(grace=0.01)
    >>> s.request(signal.SIGTERM); s.requested.is_set(), s.now.wait(1), s.exit_code
    (True, True, 143)
    >>> s.reason
    'interrupted by SIGTERM (stop requested); runs again at the next run-due'
    """

    def __init__(self, grace: float | None = None) -> None:
        env = os.environ.get("ANALYTICS_STOP_GRACE")
        self.grace = float(env) if grace is None and env else (grace or DEFAULT_GRACE)
        self.requested = threading.Event()
        self.now = threading.Event()
        self.signal: int | None = None
        self._timer: threading.Timer | None = None

    def request(self, signum: int) -> None:
        """Record a signal: the first asks for a stop, a second one stops at once."""
        if self.requested.is_set():
            self.now.set()
            return
        self.signal = signum
        self.requested.set()
        self._timer = threading.Timer(self.grace, self.now.set)
        self._timer.daemon = True
        self._timer.start()

    @property
    def reason(self) -> str:
        """The one-line cause recorded for runs cut short."""
        name = signal.Signals(self.signal).name if self.signal else "a stop request"
        return f"interrupted by {name} (stop requested); runs again at the next run-due"

    @property
    def exit_code(self) -> int:
        """128 + the signal number, as a shell reports a command stopped by it."""
        return 128 + (self.signal or 0)

    def cancel(self) -> None:
        """Stop the grace timer."""
        if self._timer is not None:
            self._timer.cancel()


_current: Stop | None = None


@contextlib.contextmanager
def handling(grace: float | None = None) -> Iterator[Stop]:
    """Turn SIGTERM and SIGINT into a :class:`Stop` for the ``with`` block.

    Re-entrant: an inner block (``run_batch`` inside ``run_due`` inside ``serve``) shares the
    outer one's stop. Handlers can only be installed from the main thread; elsewhere the stop is
    never requested by a signal.
    """
    global _current
    if _current is not None:
        yield _current
        return
    stop = Stop(grace)
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        again = stop.requested.is_set()
        stop.request(signum)
        what = (
            "stopping the runs in flight now"
            if again
            else (f"no new runs; runs in flight get {stop.grace:g} s to finish (again: stop now)")
        )
        os.write(2, f"received {signal.Signals(signum).name}: {what}\n".encode())

    previous = {s: signal.signal(s, handler) for s in SIGNALS}
    _current = stop
    try:
        yield stop
    finally:
        _current = None
        stop.cancel()
        for s, h in previous.items():
            signal.signal(s, h)
