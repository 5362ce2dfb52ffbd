from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from analytics.runs import history as history_module
from analytics.runs.history import RunHistory, job_lock


def test_all_names_exist() -> None:
    assert all(hasattr(history_module, n) for n in history_module.__all__)


def test_wal_and_round_trip(tmp_path: Path) -> None:
    h = RunHistory(tmp_path / "runs.sqlite")
    with sqlite3.connect(tmp_path / "runs.sqlite") as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    params = {"region": "120000", "period": "2023", "lang": "zh", "peers": ["110000"]}
    rid = h.start_run(
        job="monthly",
        slot="2026-11-20T09:00:00+08:00",
        report="fiveg",
        parameters=params,
        run_key="k1",
        fingerprint="f1",
        inputs={"data/x.parquet": "abc"},
    )
    h.set_attempts(rid, 2)
    h.finish_run(rid, status="failed", error="ValueError: boom", notebook=tmp_path / "nb.ipynb")
    rec = h.get(rid)
    assert (rec.report, rec.region, rec.period, rec.lang) == ("fiveg", "120000", "2023", "zh")
    assert rec.parameters == params and rec.inputs == {"data/x.parquet": "abc"}
    assert (rec.status, rec.attempts, rec.error) == ("failed", 2, "ValueError: boom")
    assert rec.notebook == str(tmp_path / "nb.ipynb")
    assert rec.duration is not None and rec.duration >= 0
    assert h.last_success("k1") is None
    ok = h.start_run(
        job="m",
        slot=None,
        report="fiveg",
        parameters=params,
        run_key="k1",
        fingerprint="f2",
        inputs={},
    )
    h.finish_run(ok, status="ok", html="x.html")
    assert h.last_success("k1").id == ok  # type: ignore[union-attr]
    assert [r.id for r in h.runs(status="failed")] == [rid]
    assert [r.id for r in h.runs()] == [ok, rid]


def test_slots_claim_once(tmp_path: Path) -> None:
    a = RunHistory(tmp_path / "runs.sqlite")
    b = RunHistory(tmp_path / "runs.sqlite")  # a second scheduler, same file
    slot = "2026-11-20T09:00:00+08:00"
    assert a.claim_slot("monthly", slot) is True
    assert b.claim_slot("monthly", slot) is False
    assert b.slot_status("monthly", slot) == "running"
    a.finish_slot("monthly", slot, "done")
    assert b.last_slot("monthly") == (slot, "done")


def test_reap_orphans_marks_dead_runners_interrupted(tmp_path: Path) -> None:
    h = RunHistory(tmp_path / "runs.sqlite")
    rid = h.start_run(
        job="m", slot=None, report="r", parameters={}, run_key="k", fingerprint="f", inputs={}
    )
    live = h.start_run(
        job="m", slot=None, report="r", parameters={}, run_key="k2", fingerprint="f", inputs={}
    )
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with sqlite3.connect(tmp_path / "runs.sqlite") as con:
        con.execute("UPDATE runs SET pid = ? WHERE id = ?", (dead.pid, rid))
    assert h.reap_orphans() == 1
    assert h.get(rid).status == "interrupted"
    assert h.get(rid).error == f"interrupted: runner process {dead.pid} died mid-run"
    assert h.get(live).status == "running"  # this process is alive


def test_job_lock_excludes_other_processes_and_dies_with_them(tmp_path: Path) -> None:
    code = (
        "import fcntl, os, sys, time\n"
        f"fd = os.open({str(tmp_path / 'monthly.lock')!r}, os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with job_lock("monthly", lock_dir=tmp_path) as held:
            assert held is False
        with job_lock("annual", lock_dir=tmp_path) as held:
            assert held is True
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        holder.stdout.close()  # type: ignore[union-attr]
    deadline = time.monotonic() + 5
    h = RunHistory(tmp_path / "runs.sqlite")
    while True:
        with job_lock("monthly", lock_dir=tmp_path, history=h) as held:
            if held:
                assert "monthly" in h.lock_holders()
                break
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert "monthly" not in h.lock_holders()
