"""The rows of the run history as typed records."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["RunRecord", "RunStatus"]

RunStatus = Literal["running", "ok", "failed", "skipped", "interrupted"]
"""``interrupted``: stopped by a signal or a dead runner, not by the report; runs again."""


@dataclass(frozen=True)
class RunRecord:
    """One row of the run history.

    ``html`` is the published report (for ``ok`` runs) and ``notebook`` the executed notebook —
    for a failed run, the failed notebook kept for inspection.
    """

    id: int
    job: str
    slot: str | None
    report: str
    region: str
    period: str
    lang: str
    parameters: dict[str, Any]
    run_key: str
    fingerprint: str
    inputs: dict[str, str]
    status: RunStatus
    attempts: int
    started: float
    finished: float | None
    error: str | None
    note: str | None
    output_dir: str | None
    html: str | None
    notebook: str | None
    host: str
    pid: int

    @property
    def duration(self) -> float | None:
        """Seconds from start to finish (None while running)."""
        return None if self.finished is None else self.finished - self.started


def _record(row: sqlite3.Row) -> RunRecord:
    return RunRecord(
        id=int(row["id"]),
        job=row["job"],
        slot=row["slot"],
        report=row["report"],
        region=row["region"],
        period=row["period"],
        lang=row["lang"],
        parameters=json.loads(row["parameters"]),
        run_key=row["run_key"],
        fingerprint=row["fingerprint"],
        inputs=json.loads(row["inputs"]),
        status=row["status"],
        attempts=int(row["attempts"]),
        started=float(row["started"]),
        finished=None if row["finished"] is None else float(row["finished"]),
        error=row["error"],
        note=row["note"],
        output_dir=row["output_dir"],
        html=row["html"],
        notebook=row["notebook"],
        host=row["host"],
        pid=int(row["pid"]),
    )
