"""A run history that survives damage: versioned schema, checked on open, moved aside and rebuilt
from the published manifests when damaged, never written by read-only commands, and honest about
runners that died."""

from __future__ import annotations

import gc
import importlib
import logging
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import psutil
import pytest

from analytics.config import project_root
from analytics.exceptions import StorageError
from analytics.runs._history_db import SCHEMA_VERSION
from analytics.runs.history import RunHistory
from analytics.runs.runner import RunRequest, run_batch
from analytics.runs.scheduler import run_due

_HERE = Path(__file__).resolve().parent
if str(_HERE) not in sys.path:
    sys.path.insert(0, str(_HERE))
_help = importlib.import_module("_schedhelp")

NOW = datetime(2026, 11, 23, tzinfo=UTC)
SLOT = "2026-11-20T09:00:00+08:00"
SCHEDULE = """\
jobs:
  monthly:
    reports: [ra, rb]
    cron: "0 9 20 * *"
    matrix: {regions: ["120000"], periods: ["2024"], langs: [zh, en]}
"""
# the tables as the first release created them (no user_version, no proc_start)
LEGACY = """
CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, job TEXT NOT NULL, slot TEXT,
    report TEXT NOT NULL, region TEXT NOT NULL, period TEXT NOT NULL, lang TEXT NOT NULL,
    parameters TEXT NOT NULL, run_key TEXT NOT NULL, fingerprint TEXT NOT NULL,
    inputs TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    started REAL NOT NULL, finished REAL, error TEXT, note TEXT, output_dir TEXT, html TEXT,
    notebook TEXT, host TEXT NOT NULL, pid INTEGER NOT NULL);
CREATE INDEX runs_key ON runs (run_key, status, id);
CREATE TABLE slots (job TEXT NOT NULL, slot TEXT NOT NULL, status TEXT NOT NULL,
    claimed REAL NOT NULL, finished REAL, host TEXT NOT NULL, pid INTEGER NOT NULL,
    PRIMARY KEY (job, slot));
CREATE TABLE locks (job TEXT PRIMARY KEY, host TEXT NOT NULL, pid INTEGER NOT NULL,
    acquired REAL NOT NULL);
INSERT INTO runs VALUES (1, 'monthly', NULL, 'fiveg', '120000', '2023', 'zh', '{}', 'k', 'f',
    '{}', 'ok', 1, 1.0, 2.0, NULL, NULL, NULL, 'x.html', NULL, 'h', 1);
INSERT INTO slots VALUES ('monthly', '2026-10-20T09:00:00+08:00', 'done', 1.0, 2.0, 'h', 1);
"""


def _project(tmp_path: Path) -> dict[str, object]:
    specs = _help.make_project(tmp_path, {"ra": ("data/a.csv",), "rb": ("data/b.csv",)})
    (tmp_path / "schedule.yaml").write_text(SCHEDULE)
    return {
        "reports": specs,
        "root": tmp_path,
        "out_root": tmp_path / "out",
        "history": tmp_path / "runs.sqlite",
        "lock_dir": tmp_path / "locks",
        "execute": _help.fake_execute,
    }


def _user_version(path: Path) -> int:
    with sqlite3.connect(path) as con:
        return int(con.execute("PRAGMA user_version").fetchone()[0])


def test_a_first_release_history_is_migrated_in_place(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite"
    with sqlite3.connect(path) as con:
        con.executescript(LEGACY)
    assert _user_version(path) == 0
    h = RunHistory(path)
    assert _user_version(path) == SCHEMA_VERSION == 2
    assert h.get(1).html == "x.html" and h.last_slot("monthly") == (
        "2026-10-20T09:00:00+08:00",
        "done",
    )
    with sqlite3.connect(path) as con:
        for table in ("runs", "slots"):
            columns = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
            assert columns[-1] == "proc_start"
    assert RunHistory(path).get(1).status == "ok"  # opening again migrates nothing twice


def test_a_history_from_a_newer_package_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite"
    RunHistory(path).close()
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA user_version = 7")
    with pytest.raises(StorageError, match="schema version 7, newer than this package's"):
        RunHistory(path)


def _damage(path: Path, kind: str) -> bytes:
    gc.collect()  # close the connections of earlier RunHistory objects
    with sqlite3.connect(path) as con:  # everything into the main file, so damage is damage
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    bad = {
        "half": data[: len(data) // 2],
        "garbage": random.Random(14).randbytes(len(data)),
        "empty": b"",
    }[kind]
    path.write_bytes(bad)
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
    return bad


@pytest.mark.parametrize("kind", ["half", "garbage", "empty"])
def test_damaged_history_is_moved_aside_and_claimed_slots_rebuilt(
    tmp_path: Path, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    kw = _project(tmp_path)
    [first] = run_due(tmp_path / "schedule.yaml", now=NOW, **kw)  # type: ignore[arg-type]
    assert first.status == "ran" and first.summary is not None
    assert first.summary.count("ok") == 4
    bad = _damage(tmp_path / "runs.sqlite", kind)
    with caplog.at_level(logging.WARNING, logger="analytics.runs.history"):
        again = run_due(tmp_path / "schedule.yaml", now=NOW, **kw)  # type: ignore[arg-type]
    assert again == []  # the slot was claimed before the damage: it does not run twice
    [aside] = tmp_path.glob("runs.sqlite.corrupt-*")
    assert aside.read_bytes() == bad  # kept, byte for byte, for inspection
    assert datetime.strptime(aside.name.split("corrupt-")[1], "%Y%m%dT%H%M%SZ")
    [record] = caplog.records  # the operator is told once, in one line
    message = record.getMessage()
    assert "\n" not in message and f"moved aside to {aside.name}" in message
    assert "rebuilt 4 published runs and 1 claimed slots" in message
    h = RunHistory(tmp_path / "runs.sqlite")
    assert h.slot_status("monthly", SLOT) == "done"
    # the rebuilt runs keep the fingerprints: unchanged reports are skipped, not re-run
    reqs = [RunRequest(r, "120000", "2024", lang) for r in ("ra", "rb") for lang in ("zh", "en")]
    summary = run_batch(reqs, **{k: v for k, v in kw.items() if k != "lock_dir"})  # type: ignore[arg-type]
    assert [r.status for r in summary.results] == ["skipped"] * 4


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ANALYTICS_HOME": str(home), "COLUMNS": "200"}
    cmd = [str(Path(sys.executable).with_name("analytics")), *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "data" / "catalog").mkdir(parents=True)
    for name in ("regions.csv", "peers.yaml"):
        shutil.copy(project_root() / "data/catalog" / name, tmp_path / "data/catalog")
    (tmp_path / "reports").mkdir()
    shutil.copy(project_root() / "reports/schedule.yaml", tmp_path / "reports")
    return tmp_path


def _snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_read_only_commands_create_and_write_nothing(home: Path) -> None:
    for args in (["runs"], ["schedule", "list"]):  # no history yet: none is created
        result = _cli(home, *args)
        assert result.returncode == 0, result.stderr
        assert sorted(p.name for p in (home / "reports").iterdir()) == ["schedule.yaml"]
    h = RunHistory(home / "reports" / "runs.sqlite")
    rid = h.start_run(
        job="monthly",
        slot=None,
        report="fiveg",
        parameters={"lang": "zh"},
        run_key="k",
        fingerprint="f",
        inputs={},
    )
    h.finish_run(rid, status="ok", html="x.html")
    h.close()
    before = _snapshot(home / "reports")
    for args in (["runs"], ["schedule", "list"], ["runs", "--json"]):
        result = _cli(home, *args)
        assert result.returncode == 0, result.stderr
        assert _snapshot(home / "reports") == before  # not a byte, not a -wal, not a lock
    assert '"status": "ok"' in result.stdout


def test_read_only_commands_on_a_damaged_history_say_so_and_touch_nothing(home: Path) -> None:
    path = home / "reports" / "runs.sqlite"
    RunHistory(path).close()
    _damage(path, "half" if path.stat().st_size > 8192 else "garbage")
    before = _snapshot(home / "reports")
    for args in (["runs"], ["schedule", "list"]):
        result = _cli(home, *args)
        assert result.returncode == 1
        [line] = result.stderr.strip().splitlines()
        assert line.startswith(f"error: the run history {path} is damaged"), line
        assert "moves it aside and rebuilds it from the published reports" in line
        assert _snapshot(home / "reports") == before
    assert "monthly" in result.stdout  # `schedule list` still lists the jobs


def test_rows_of_dead_or_recycled_runners_are_interrupted_on_open(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite"
    h = RunHistory(path)
    ids = [
        h.start_run(
            job="m",
            slot=None,
            report="r",
            parameters={},
            run_key=f"k{i}",
            fingerprint="f",
            inputs={},
        )
        for i in range(3)
    ]
    assert h.claim_slot("m", SLOT)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    me = psutil.Process().create_time()
    with sqlite3.connect(path) as con:
        con.execute("UPDATE runs SET pid = ? WHERE id = ?", (dead.pid, ids[0]))
        # a live pid that started later than the row's runner: the pid was recycled
        con.execute("UPDATE runs SET proc_start = ? WHERE id = ?", (me - 3600, ids[1]))
        con.execute("UPDATE slots SET pid = ?", (dead.pid,))
    h2 = RunHistory(path)  # any writable open closes them
    assert [h2.get(i).status for i in ids] == ["interrupted", "interrupted", "running"]
    assert h2.get(ids[0]).error == f"interrupted: runner process {dead.pid} died mid-run"
    assert h2.slot_status("m", SLOT) == "interrupted"
    assert h2.reclaim_slot("m", SLOT) and h2.slot_status("m", SLOT) == "running"
