"""Run history in SQLite (WAL), schedule slots, and per-job locks.

Every run — scheduled or manual, successful, failed or skipped — is one row: its parameters,
status, attempts, timings, the input hashes it saw, the error's one-line cause, and where its
outputs (or its failed executed notebook) are. Schedule slots are rows too, so a slot runs once
however many schedulers look at it; a file lock (``flock``) per job keeps two schedulers from
running the same job at once and is released by the kernel if its holder dies.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from analytics.config import reports_dir

__all__ = ["RunHistory", "RunRecord", "RunStatus", "default_history_path", "job_lock"]

RunStatus = Literal["running", "ok", "failed", "skipped"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job TEXT NOT NULL,
    slot TEXT,
    report TEXT NOT NULL,
    region TEXT NOT NULL,
    period TEXT NOT NULL,
    lang TEXT NOT NULL,
    parameters TEXT NOT NULL,
    run_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    inputs TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    started REAL NOT NULL,
    finished REAL,
    error TEXT,
    note TEXT,
    output_dir TEXT,
    html TEXT,
    notebook TEXT,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_key ON runs (run_key, status, id);
CREATE TABLE IF NOT EXISTS slots (
    job TEXT NOT NULL,
    slot TEXT NOT NULL,
    status TEXT NOT NULL,
    claimed REAL NOT NULL,
    finished REAL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    PRIMARY KEY (job, slot)
);
CREATE TABLE IF NOT EXISTS locks (
    job TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    acquired REAL NOT NULL
);
"""


def default_history_path(root: Path | None = None) -> Path:
    """``reports/runs.sqlite`` under the project root.

    Examples
    --------
    >>> default_history_path(Path("/srv/wb")).as_posix()
    '/srv/wb/reports/runs.sqlite'
    """
    return reports_dir(root) / "runs.sqlite"


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


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class RunHistory:
    """The run history database (created on first use, WAL journal, safe across processes).

    Parameters
    ----------
    path
        The SQLite file, e.g. :func:`default_history_path`.

    Examples
    --------
    >>> import tempfile
    >>> h = RunHistory(Path(tempfile.mkdtemp()) / "runs.sqlite")
    >>> slot = "2026-11-01T09:00:00+08:00"
    >>> h.claim_slot("monthly", slot), h.claim_slot("monthly", slot)
    (True, False)
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(
            self.path, timeout=60, isolation_level=None, check_same_thread=False
        )
        self._conn.row_factory = sqlite3.Row
        with self._lock:
            self._conn.execute("PRAGMA busy_timeout = 60000")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

    def _exec(self, sql: str, args: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._conn.execute(sql, args)

    # --- runs -------------------------------------------------------------------------------

    def start_run(
        self,
        *,
        job: str,
        slot: str | None,
        report: str,
        parameters: Mapping[str, Any],
        run_key: str,
        fingerprint: str,
        inputs: Mapping[str, str],
        status: RunStatus = "running",
        note: str | None = None,
    ) -> int:
        """Insert a run row and return its id."""
        now = time.time()
        cur = self._exec(
            "INSERT INTO runs (job, slot, report, region, period, lang, parameters, run_key,"
            " fingerprint, inputs, status, started, finished, note, host, pid)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                job,
                slot,
                report,
                str(parameters.get("region", "")),
                str(parameters.get("period", "")),
                str(parameters.get("lang", "")),
                json.dumps(dict(parameters), sort_keys=True, ensure_ascii=False, default=str),
                run_key,
                fingerprint,
                json.dumps(dict(inputs), sort_keys=True),
                status,
                now,
                now if status != "running" else None,
                note,
                socket.gethostname(),
                os.getpid(),
            ),
        )
        assert cur.lastrowid is not None
        return int(cur.lastrowid)

    def set_attempts(self, run_id: int, attempts: int) -> None:
        """Record how many attempts a run has made so far."""
        self._exec("UPDATE runs SET attempts = ? WHERE id = ?", (attempts, run_id))

    def finish_run(
        self,
        run_id: int,
        *,
        status: RunStatus,
        error: str | None = None,
        output_dir: Path | str | None = None,
        html: Path | str | None = None,
        notebook: Path | str | None = None,
    ) -> None:
        """Set a run's final status, error and output paths."""
        self._exec(
            "UPDATE runs SET status = ?, finished = ?, error = ?, output_dir = ?, html = ?,"
            " notebook = ? WHERE id = ?",
            (
                status,
                time.time(),
                error,
                None if output_dir is None else str(output_dir),
                None if html is None else str(html),
                None if notebook is None else str(notebook),
                run_id,
            ),
        )

    def get(self, run_id: int) -> RunRecord:
        """One run by id."""
        row = self._exec("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            raise KeyError(run_id)
        return _record(row)

    def last_success(self, run_key: str) -> RunRecord | None:
        """The latest ``ok`` run of a (report, parameters) key, or None."""
        row = self._exec(
            "SELECT * FROM runs WHERE run_key = ? AND status = 'ok' ORDER BY id DESC LIMIT 1",
            (run_key,),
        ).fetchone()
        return None if row is None else _record(row)

    def runs(
        self,
        *,
        limit: int = 50,
        job: str | None = None,
        status: RunStatus | None = None,
        report: str | None = None,
    ) -> list[RunRecord]:
        """The latest runs, newest first, optionally filtered."""
        where, args = [], []
        for column, value in (("job", job), ("status", status), ("report", report)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        sql = "SELECT * FROM runs"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC LIMIT ?"
        return [_record(r) for r in self._exec(sql, (*args, limit)).fetchall()]

    def latest_attempted(self) -> dict[str, RunRecord]:
        """The latest non-skipped run of every (report, parameters) key."""
        rows = self._exec(
            "SELECT * FROM runs WHERE id IN (SELECT MAX(id) FROM runs"
            " WHERE status != 'skipped' GROUP BY run_key)"
        ).fetchall()
        return {r["run_key"]: _record(r) for r in rows}

    def reap_orphans(self) -> int:
        """Mark ``running`` rows of dead processes on this host as failed; return how many.

        A runner killed mid-run (``SIGKILL``, power loss) leaves its rows ``running``; the next
        runner on the same host closes them so the history does not lie.
        """
        host = socket.gethostname()
        rows = self._exec(
            "SELECT id, pid FROM runs WHERE status = 'running' AND host = ?", (host,)
        ).fetchall()
        dead = [r["id"] for r in rows if not _pid_alive(int(r["pid"]))]
        for run_id in dead:
            pid = next(int(r["pid"]) for r in rows if r["id"] == run_id)
            self._exec(
                "UPDATE runs SET status = 'failed', finished = ?, error = ? WHERE id = ?",
                (time.time(), f"interrupted: runner process {pid} died mid-run", run_id),
            )
        return len(dead)

    # --- schedule slots ---------------------------------------------------------------------

    def claim_slot(self, job: str, slot: str) -> bool:
        """Claim a schedule slot; False when it was already claimed (by anyone, ever)."""
        cur = self._exec(
            "INSERT OR IGNORE INTO slots (job, slot, status, claimed, host, pid)"
            " VALUES (?, ?, 'running', ?, ?, ?)",
            (job, slot, time.time(), socket.gethostname(), os.getpid()),
        )
        return cur.rowcount == 1

    def reclaim_slot(self, job: str, slot: str) -> bool:
        """Take over a slot left ``running`` by a dead scheduler; call only under the job lock."""
        cur = self._exec(
            "UPDATE slots SET claimed = ?, host = ?, pid = ? WHERE job = ? AND slot = ?"
            " AND status = 'running'",
            (time.time(), socket.gethostname(), os.getpid(), job, slot),
        )
        return cur.rowcount == 1

    def finish_slot(self, job: str, slot: str, status: str) -> None:
        """Close a slot with ``done`` or ``failed``."""
        self._exec(
            "UPDATE slots SET status = ?, finished = ? WHERE job = ? AND slot = ?",
            (status, time.time(), job, slot),
        )

    def slot_status(self, job: str, slot: str) -> str | None:
        """``running``, ``done``, ``failed`` or None when never claimed."""
        row = self._exec(
            "SELECT status FROM slots WHERE job = ? AND slot = ?", (job, slot)
        ).fetchone()
        return None if row is None else str(row["status"])

    def last_slot(self, job: str) -> tuple[str, str] | None:
        """The latest claimed slot of a job and its status."""
        row = self._exec(
            "SELECT slot, status FROM slots WHERE job = ? ORDER BY slot DESC LIMIT 1", (job,)
        ).fetchone()
        return None if row is None else (str(row["slot"]), str(row["status"]))

    # --- lock bookkeeping (the lock itself is a file lock, see job_lock) ---------------------

    def note_lock(self, job: str, *, held: bool) -> None:
        """Record (or clear) who holds a job's lock, for ``analytics schedule list``."""
        if held:
            self._exec(
                "INSERT OR REPLACE INTO locks (job, host, pid, acquired) VALUES (?, ?, ?, ?)",
                (job, socket.gethostname(), os.getpid(), time.time()),
            )
        else:
            self._exec("DELETE FROM locks WHERE job = ? AND pid = ?", (job, os.getpid()))

    def lock_holders(self) -> dict[str, tuple[str, int, float]]:
        """Jobs whose lock is recorded as held: job → (host, pid, acquired)."""
        rows = self._exec("SELECT * FROM locks").fetchall()
        return {r["job"]: (r["host"], int(r["pid"]), float(r["acquired"])) for r in rows}


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


@contextlib.contextmanager
def job_lock(job: str, *, lock_dir: Path, history: RunHistory | None = None) -> Iterator[bool]:
    """Hold a job's file lock for the ``with`` block; yields False when someone else holds it.

    The lock is ``flock`` on ``<lock_dir>/<job>.lock``: the operating system releases it when the
    holder exits or is killed, so a crashed scheduler never blocks the next one.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> with job_lock("monthly", lock_dir=d) as a, job_lock("monthly", lock_dir=d) as b:
    ...     a, b
    (True, False)
    """
    lock_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_dir / f"{job}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        if history is not None:
            history.note_lock(job, held=True)
        try:
            yield True
        finally:
            if history is not None:
                history.note_lock(job, held=False)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
