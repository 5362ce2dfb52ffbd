"""Opening the run history file safely: creation, integrity, schema migrations, damage, errors.

* The file is created whole (schema written into a temporary file, then renamed), so an existing
  0-byte ``runs.sqlite`` is always damage — never a history being born.
* Every writable open holds ``runs.sqlite.lock`` while it checks the file (``PRAGMA
  quick_check``), moves a damaged one aside (``runs.sqlite.corrupt-<UTC time>``, with its ``-wal``)
  and migrates the schema (``PRAGMA user_version``) one step at a time.
* A read-only open creates and writes nothing: a missing history reads as empty, and without a
  live writer (no ``-wal``/``-shm``) the file is opened ``immutable``.
* SQLite and OS errors that are the machine's fault (disk full, read-only folder, I/O error) become
  one :class:`~analytics.exceptions.StorageError` line with what to do.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from analytics.exceptions import StorageError

__all__ = ["SCHEMA_VERSION", "connect", "damage", "disk_full", "storage_error"]

_V1 = (
    """CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, job TEXT NOT NULL, slot TEXT, report TEXT NOT NULL,
    region TEXT NOT NULL, period TEXT NOT NULL, lang TEXT NOT NULL, parameters TEXT NOT NULL,
    run_key TEXT NOT NULL, fingerprint TEXT NOT NULL, inputs TEXT NOT NULL, status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, started REAL NOT NULL, finished REAL, error TEXT,
    note TEXT, output_dir TEXT, html TEXT, notebook TEXT, host TEXT NOT NULL, pid INTEGER NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS runs_key ON runs (run_key, status, id)",
    """CREATE TABLE IF NOT EXISTS slots (
    job TEXT NOT NULL, slot TEXT NOT NULL, status TEXT NOT NULL, claimed REAL NOT NULL,
    finished REAL, host TEXT NOT NULL, pid INTEGER NOT NULL, PRIMARY KEY (job, slot)
    )""",
    """CREATE TABLE IF NOT EXISTS locks (
    job TEXT PRIMARY KEY, host TEXT NOT NULL, pid INTEGER NOT NULL, acquired REAL NOT NULL
    )""",
)
# v2: the start time of the process that owns a row, so a recycled pid is not taken for it
_V2 = (
    "ALTER TABLE runs ADD COLUMN proc_start REAL",
    "ALTER TABLE slots ADD COLUMN proc_start REAL",
)
_MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2)
SCHEMA_VERSION = len(_MIGRATIONS)

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def disk_full(err: BaseException | str) -> bool:
    """Whether an error (or a run's one-line cause) says the disk or the quota is full.

    Examples
    --------
    >>> disk_full("OSError: [Errno 28] No space left on device: 'report.html'")
    True
    >>> disk_full(ValueError("no data for 120000"))
    False
    """
    if isinstance(err, OSError) and err.errno in _FULL:
        return True
    text = str(err).lower()
    full = ("no space left", "quota exceeded", "disk is full", "file too large")
    return any(m in text for m in full)


def storage_error(
    err: BaseException, path: Path, what: str = "the run history", *, keep: str | None = None
) -> StorageError:
    """One clear line for an error of the machine (disk full, read-only, I/O) on ``path``.

    Examples
    --------
    >>> e = sqlite3.OperationalError("database or disk is full")
    >>> str(storage_error(e, Path("reports/runs.sqlite"))).split(" — ")[0]
    'disk full: cannot write the run history reports/runs.sqlite'
    """
    text = str(err).lower()
    code = err.errno if isinstance(err, OSError) else None
    what = f"{what} {path}"
    retried = "" if keep else "; runs cut short are retried by the next run"
    keep = keep or "published reports are unchanged"
    if disk_full(err):
        return StorageError(
            f"disk full: cannot write {what} — free space on the file system of {path.parent} "
            f"and run again ({keep}{retried})"
        )
    if code in _READ_ONLY or "readonly" in text or "read-only" in text:
        return StorageError(
            f"read-only: cannot write {what} ({err}) — make {path.parent} writable for this "
            f"user ({keep})"
        )
    if "unable to open" in text:
        return StorageError(
            f"cannot open {what} ({err}) — check that {path.parent} exists and is writable"
        )
    if "disk i/o" in text or code == errno.EIO:
        return StorageError(f"I/O error on {what} ({err}) — check the disk; {keep}")
    return StorageError(f"cannot use {what}: {err}")


def damage(path: Path, *, readonly: bool = False) -> str | None:
    """Why the history file is damaged (0 bytes, not a database, failed check), or None.

    ``readonly``: look without writing anything (a read-only command); else a writer may share an
    existing ``-wal``.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "runs.sqlite"
    >>> _ = p.write_bytes(b""); damage(p)
    'it is empty (0 bytes)'
    >>> _ = p.write_bytes(b"not a database" * 100); damage(p)
    'file is not a database'
    """
    if path.stat().st_size == 0:
        return "it is empty (0 bytes)"
    if readonly or not path.with_name(path.name + "-wal").exists():
        conn = _connect(path, readonly=True)  # creates no -wal or -shm beside it
    else:  # a writer may be active: share its WAL
        conn = sqlite3.connect(path, timeout=60)
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError as err:  # not a database, malformed
        return str(err)
    finally:
        conn.close()
    first = str(rows[0][0]) if rows else "no answer"
    return None if first == "ok" else f"integrity check failed: {first}"


@contextlib.contextmanager
def _open_lock(path: Path) -> Iterator[None]:
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _move_aside(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    dest = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while dest.exists():
        n += 1
        dest = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, dest)
    for side in ("-wal", "-shm"):  # they belong to the damaged file, not to the next one
        with contextlib.suppress(FileNotFoundError):
            os.replace(path.with_name(path.name + side), dest.with_name(dest.name + side))
    return dest


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise StorageError(
            f"the run history {path} has schema version {version}, newer than this package's "
            f"({SCHEMA_VERSION}) — upgrade the package (`make setup`) or use another history"
        )
    for step in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _MIGRATIONS[step]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {step + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _create(path: Path) -> None:
    tmp = path.with_name(f".{path.name}.new-{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        _migrate(conn, tmp)
    finally:
        conn.close()
    os.replace(tmp, path)


def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    if readonly:
        live = all(path.with_name(path.name + s).exists() for s in ("-wal", "-shm"))
        uri = path.resolve().as_uri() + ("?mode=ro" if live else "?mode=ro&immutable=1")
        conn = sqlite3.connect(uri, uri=True, timeout=60, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 60000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    conn.row_factory = sqlite3.Row
    return conn


def _readonly(path: Path) -> sqlite3.Connection:
    if not path.exists():  # nothing ran yet: an empty history, and no file made for it
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        _migrate(conn, path)
        conn.row_factory = sqlite3.Row
        return conn
    why = damage(path, readonly=True)
    if why:
        raise StorageError(
            f"the run history {path} is damaged ({why}) — the next `analytics schedule run-due` "
            "or `analytics report batch` moves it aside and rebuilds it from the published reports"
        )
    return _connect(path, readonly=True)


def connect(path: Path, *, readonly: bool = False) -> tuple[sqlite3.Connection, str | None, Path]:
    """Open the history; return the connection, why it was damaged (or None) and where it went.

    Raises
    ------
    StorageError
        Disk full, read-only folder, I/O error, a newer schema — or, read-only, a damaged file.
    """
    try:
        if readonly:
            return _readonly(path), None, path
        path.parent.mkdir(parents=True, exist_ok=True)
        why, aside = None, path
        with _open_lock(path):
            if path.exists() and (why := damage(path)) is not None:
                aside = _move_aside(path)
            if not path.exists():
                _create(path)
            conn = _connect(path, readonly=False)
            _migrate(conn, path)
        return conn, why, aside
    except StorageError:
        raise
    except (OSError, sqlite3.Error) as err:
        raise storage_error(err, path) from err
