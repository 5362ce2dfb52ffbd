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

    Parameters
    ----------
    id : int
        The row's id in the history (the run id).
    job : str
        The job that asked for the run: a schedule job's name, or ``batch`` or ``run`` (CLI).
    slot : str or None
        The schedule slot the run belongs to (None outside the schedule).
    report : str
        The report's name.
    region, period, lang : str
        The run's ``region``, ``period`` and ``lang`` parameters, as text.
    parameters : dict
        Every notebook parameter of the run.
    run_key : str
        The (report, parameters) key (:func:`~analytics.runs.incremental.run_key`).
    fingerprint : str
        The run's fingerprint (empty when the run stopped before one was taken).
    inputs : dict of str to str
        The component hashes of the fingerprint: input files, ``@notebook``, ``@version``,
        ``@source``.
    status : RunStatus
        ``running``, ``ok``, ``failed``, ``skipped`` or ``interrupted``.
    attempts : int
        How many attempts the run made.
    started : float
        When the row was written (epoch seconds).
    finished : float or None
        When the run ended (epoch seconds; None while running).
    error : str or None
        The failure's one-line cause.
    note : str or None
        Why the run was made or skipped (e.g. ``data changed: …``, ``unchanged since run 3``).
    output_dir : str or None
        The published edition's folder (``ok``), or the run's work folder (failed, interrupted).
    html : str or None
        The published ``report.html`` (``ok`` runs).
    notebook : str or None
        The executed notebook (for a failed run, the one kept).
    host : str
        The host of the process that owns the row.
    pid : int
        That process's id.
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
