"""Live per-run status for the batch runner: a rich table on a terminal, plain lines otherwise."""

from __future__ import annotations

import threading
import time
from types import TracebackType

from rich.console import Console, RenderableType
from rich.live import Live
from rich.table import Table

_STYLE = {
    "queued": "dim",
    "running": "cyan",
    "retrying": "yellow",
    "ok": "green",
    "skipped": "blue",
    "failed": "bold red",
    "interrupted": "yellow",
}
_FINAL = {"ok", "skipped", "failed", "interrupted"}


class Progress:
    """Thread-safe status board; ``update`` from any worker thread."""

    def __init__(
        self, labels: list[str], *, enabled: bool = True, console: Console | None = None
    ) -> None:
        self.enabled = enabled
        self.console = console or Console(stderr=True)
        self._state: dict[str, tuple[str, str, float]] = {
            label: ("queued", "", time.monotonic()) for label in labels
        }
        self._lock = threading.Lock()
        self._live: Live | None = None
        self._done = 0

    def __enter__(self) -> Progress:
        if self.enabled and self.console.is_terminal:
            self._live = Live(
                get_renderable=self._table,
                console=self.console,
                refresh_per_second=4,
                transient=False,
            )
            self._live.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._live is not None:
            self._live.__exit__(exc_type, exc, tb)
            self._live = None

    def update(self, label: str, status: str, detail: str = "") -> None:
        """Set a run's status (queued, running, retrying, ok, skipped, failed) and a detail."""
        with self._lock:
            self._state[label] = (status, detail, time.monotonic())
            if status in _FINAL:
                self._done += 1
            done, total = self._done, len(self._state)
        if self.enabled and self._live is None:
            self.console.print(
                f"[{done}/{total}] {status:<8} {label}  {detail}", highlight=False, markup=False
            )

    def _table(self) -> RenderableType:
        with self._lock:
            rows = list(self._state.items())
            done = self._done
        table = Table(title=f"report runs: {done}/{len(rows)} done", expand=False)
        for name in ("run", "status", "detail"):
            table.add_column(name, overflow="fold")
        running = [r for r in rows if r[1][0] not in _FINAL]
        finished = [r for r in rows if r[1][0] in _FINAL]
        for label, (status, detail, since) in running + finished[-20:]:
            if status in ("running", "retrying"):
                detail = f"{detail} · {time.monotonic() - since:.0f} s"
            style = _STYLE.get(status, "")
            table.add_row(label, f"[{style}]{status}[/]", detail[:120])
        return table
