"""Run history in SQLite (WAL), schedule slots, and per-job locks.

Every run — scheduled or manual, successful, failed or skipped — is one row: its parameters,
status, attempts, timings, the input hashes it saw, the error's one-line cause, where its outputs
(or its failed executed notebook) are, and which process (host, pid, start time) owns it. Schedule
slots are rows too, so a slot runs once however many schedulers look at it; a file lock
(``flock``) per job keeps two schedulers from running the same job at once and is released by the
kernel if its holder dies.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import psutil

from analytics.config import reports_dir
from analytics.exceptions import StorageError
from analytics.runs import _history_db, _recover
from analytics.runs._records import RunRecord, RunStatus, _record

__all__ = ["RunHistory", "RunRecord", "RunStatus", "default_history_path", "job_lock"]

_log = logging.getLogger(__name__)


def default_history_path(root: Path | None = None) -> Path:
    """``reports/runs.sqlite`` under the project root.

    Parameters
    ----------
    root : Path or None
        The project root (default: :func:`~analytics.config.project_root`).

    Examples
    --------
    >>> default_history_path(Path("/srv/wb")).as_posix()
    '/srv/wb/reports/runs.sqlite'
    """
    return reports_dir(root) / "runs.sqlite"


def _process_start(pid: int) -> float | None:
    try:
        return float(psutil.Process(pid).create_time())
    except (psutil.Error, OSError):
        return None


_ME: dict[int, tuple[str, int, float | None]] = {}


def _me() -> tuple[str, int, float | None]:
    """(host, pid, start time) of the calling process; per pid, so forked children get theirs."""
    pid = os.getpid()
    if pid not in _ME:
        _ME[pid] = (socket.gethostname(), pid, _process_start(pid))
    return _ME[pid]


def _pid_alive(pid: int, started: float | None = None) -> bool:
    """Whether ``pid`` still runs — and is the process that started at ``started`` (if known)."""
    now = _process_start(pid)
    if now is None:
        return False
    return started is None or abs(now - started) < 1.0


class RunHistory:
    """The run history database (WAL journal, safe across processes, schema-versioned).

    Opening it checks its integrity; a damaged file is moved aside and a new one rebuilt from the
    published manifests (see ``_history_db`` and ``_recover``), and rows left ``running`` by dead
    runners are marked ``interrupted``. Machine errors (disk full, read-only folder) raise
    :class:`~analytics.exceptions.StorageError`.

    Parameters
    ----------
    path
        The SQLite file, e.g. :func:`default_history_path`.
    readonly
        For commands that only look (``analytics runs``, ``schedule list``): create, repair and
        write nothing; a missing file reads as an empty history.
    out_root
        The published reports to rebuild a damaged history from; default ``out`` beside ``path``.

    Examples
    --------
    >>> import tempfile
    >>> h = RunHistory(Path(tempfile.mkdtemp()) / "runs.sqlite")
    >>> slot = "2026-11-01T09:00:00+08:00"
    >>> h.claim_slot("monthly", slot), h.claim_slot("monthly", slot)
    (True, False)
    """

    def __init__(self, path: Path, *, readonly: bool = False, out_root: Path | None = None) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._lock = threading.Lock()
        self._conn, damaged, aside = _history_db.connect(self.path, readonly=readonly)
        self._conn.row_factory = sqlite3.Row
        if damaged is not None:
            self._recover(damaged, aside, out_root or self.path.parent / "out")
        if not readonly:
            self.reap_orphans()

    def _recover(self, why: str, aside: Path, out_root: Path) -> None:
        host, pid, _ = _me()
        with self._lock:
            try:
                runs, slots = _recover.rebuild(self._conn, out_root, host=host, pid=pid)
            except (OSError, sqlite3.Error) as err:
                raise _history_db.storage_error(err, self.path) from err
        _log.warning(
            "run history %s was damaged (%s): moved aside to %s; rebuilt %d published runs and "
            "%d claimed slots from the manifests in %s",
            self.path,
            why,
            aside.name,
            runs,
            slots,
            out_root,
        )

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

    def _exec(self, sql: str, args: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        with self._lock:
            try:
                return self._conn.execute(sql, args)
            except sqlite3.Error as err:
                raise _history_db.storage_error(err, self.path) from err

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
            " fingerprint, inputs, status, started, finished, note, host, pid, proc_start)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
                *_me(),
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
        """Mark ``running`` rows of dead processes on this host ``interrupted``; return how many.

        A runner killed mid-run (``SIGKILL``, power loss, a full disk) leaves its rows
        ``running``; every writable open closes them, so the history does not lie. A process is
        the row's owner only if it started when the row's owner did (pids are recycled). Slots
        left ``running`` by a dead scheduler become ``interrupted`` and run again.
        """
        host = _me()[0]
        rows = self._exec(
            "SELECT id, pid, proc_start FROM runs WHERE status = 'running' AND host = ?", (host,)
        ).fetchall()
        dead = [r for r in rows if not _pid_alive(int(r["pid"]), r["proc_start"])]
        for r in dead:
            self._exec(
                "UPDATE runs SET status = 'interrupted', finished = ?, error = ? WHERE id = ?",
                (time.time(), f"interrupted: runner process {r['pid']} died mid-run", r["id"]),
            )
        slots = self._exec(
            "SELECT job, slot, pid, proc_start FROM slots WHERE status = 'running' AND host = ?",
            (host,),
        ).fetchall()
        for r in slots:
            if not _pid_alive(int(r["pid"]), r["proc_start"]):
                self.finish_slot(r["job"], r["slot"], "interrupted")
        return len(dead)

    # --- schedule slots ---------------------------------------------------------------------

    def claim_slot(self, job: str, slot: str) -> bool:
        """Claim a schedule slot; False when it was already claimed (by anyone, ever)."""
        cur = self._exec(
            "INSERT OR IGNORE INTO slots (job, slot, status, claimed, host, pid, proc_start)"
            " VALUES (?, ?, 'running', ?, ?, ?, ?)",
            (job, slot, time.time(), *_me()),
        )
        return cur.rowcount == 1

    def reclaim_slot(self, job: str, slot: str) -> bool:
        """Take over a slot left ``running`` or ``interrupted``; call only under the job lock."""
        cur = self._exec(
            "UPDATE slots SET status = 'running', claimed = ?, host = ?, pid = ?, proc_start = ?"
            " WHERE job = ? AND slot = ? AND status IN ('running', 'interrupted')",
            (time.time(), *_me(), job, slot),
        )
        return cur.rowcount == 1

    def finish_slot(self, job: str, slot: str, status: str) -> None:
        """Close a slot: ``done``, ``failed`` (for good), or ``interrupted`` (runs again)."""
        self._exec(
            "UPDATE slots SET status = ?, finished = ? WHERE job = ? AND slot = ?",
            (status, time.time(), job, slot),
        )

    def slot_status(self, job: str, slot: str) -> str | None:
        """``running``, ``done``, ``failed``, ``interrupted`` or None when never claimed."""
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


@contextlib.contextmanager
def job_lock(job: str, *, lock_dir: Path, history: RunHistory | None = None) -> Iterator[bool]:
    """Hold a job's file lock for the ``with`` block; yields False when someone else holds it.

    The lock is ``flock`` on ``<lock_dir>/<job>.lock``: the operating system releases it when the
    holder exits or is killed, so a crashed scheduler never blocks the next one.

    Parameters
    ----------
    job : str
        The job's name (it names the lock file).
    lock_dir : Path
        The folder of the lock files (created when missing).
    history : RunHistory or None
        Where to record who holds the lock while it is held (for ``analytics schedule list``).

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
                with contextlib.suppress(StorageError):  # a full disk: the flock still goes
                    history.note_lock(job, held=False)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
