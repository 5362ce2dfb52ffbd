"""Service stops, inflicted for real: SIGTERM/SIGINT to the whole process group of ``schedule
serve`` (what systemd does with the default KillMode; ``KillMode=mixed`` signals the main process
only), mid-batch. Runs in flight finish within the grace or are killed and marked
``interrupted``; nothing is ``failed`` for good; the slot runs again; published reports stay whole.
"""

from __future__ import annotations

import importlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import psutil
import pytest

from analytics.runs import publish
from analytics.runs.scheduler import run_due

_HERE = Path(__file__).resolve().parent
if str(_HERE) not in sys.path:
    sys.path.insert(0, str(_HERE))
_help = importlib.import_module("_schedhelp")
_homes = importlib.import_module("_homehelp")
TARGETS, _home, _cli, _seed, _specs = (
    _homes.TARGETS,
    _homes.home,
    _homes.cli,
    _homes.seed,
    _homes.specs,
)


def _wait_for(path: Path, count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while len(list(path.glob("*"))) < count:
        assert time.monotonic() < deadline, f"only {list(path.glob('*'))} started"
        time.sleep(0.05)


def _rows(home: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(home / "reports" / "runs.sqlite") as con:
        return con.execute(sql).fetchall()


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_group_signal_during_serve_lets_the_run_in_flight_finish(tmp_path: Path, sig: int) -> None:
    home = _home(tmp_path)
    v1 = _seed(home)
    serve = _cli(home, "paced_execute", "schedule", "serve", "--no-progress", "--workers", "1",
                 "--poll", "1", stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                 start_new_session=True)  # fmt: skip
    _wait_for(home / "reports" / "started", 2)  # the first run is done, the second in flight
    os.killpg(serve.pid, sig)  # every process of the group, as systemd's default stop does
    out, err = serve.communicate(timeout=60)
    assert serve.returncode == 128 + sig, (out, err)
    assert "Traceback" not in err, err
    statuses = _rows(home, "SELECT report, lang, status FROM runs WHERE job = 'monthly'"
                     " AND id > 4 ORDER BY id")  # fmt: skip
    # two finished (the one in flight got its grace); none failed; two never started
    assert [s for *_, s in statuses] == ["ok", "ok"], (statuses, out, err)
    assert "2 ok, 0 skipped (unchanged), 0 failed, 2 interrupted" in out
    assert out.count("INTERRUPTED") == 2 and "not started: interrupted by " + sig.name in out
    [(slot, state)] = _rows(home, "SELECT slot, status FROM slots WHERE slot > '2026-11-21'")
    assert state == "interrupted"
    out_root = home / "reports" / "out"
    done = {f"{r}/120000/2024/{lang}" for r, lang, _ in statuses}
    for t in TARGETS:  # new version where a run finished, version 1 intact elsewhere
        html = (out_root / t / "report.html").read_text()
        assert (html != v1[t]) == (t in done) and html.endswith("</html>")
        assert publish.read_stale(out_root / t) is None
    # the next run-due runs the slot again: the finished runs are skipped as unchanged
    again = run_due(home / "reports" / "schedule.yaml", now=datetime.fromisoformat(str(slot)),
                    root=home, reports=_specs(home), execute=_help.fake_execute)  # fmt: skip
    [outcome] = again
    assert outcome.status == "ran" and outcome.summary is not None
    assert sorted(r.status for r in outcome.summary.results) == ["ok", "ok", "skipped", "skipped"]
    assert _rows(home, f"SELECT status FROM slots WHERE slot = '{slot}'") == [("done",)]
    assert _rows(home, "SELECT COUNT(*) FROM runs WHERE status IN ('failed', 'running')") == [(0,)]


@pytest.mark.slow
def test_run_that_outlives_the_grace_is_killed_and_interrupted(tmp_path: Path) -> None:
    home = _home(tmp_path)
    v1 = _seed(home)
    serve = _cli(home, "hanging_execute", "schedule", "serve", "--no-progress", "--workers", "1",
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                 env={"ANALYTICS_STOP_GRACE": "1"})  # fmt: skip
    _wait_for(home / "reports" / "started", 1)
    t0 = time.monotonic()
    os.killpg(serve.pid, signal.SIGTERM)
    out, err = serve.communicate(timeout=60)
    assert time.monotonic() - t0 < 15  # the grace (1 s), the kill, the record — not 120 s
    assert serve.returncode == 143, (out, err)
    rows = _rows(home, "SELECT status, error FROM runs WHERE id > 4 ORDER BY id")
    assert rows == [
        (
            "interrupted",
            "stopped mid-run: the stop request's grace ran out"
            " — interrupted by SIGTERM (stop requested); runs again at the next run-due",
        )
    ]
    out_root = home / "reports" / "out"
    for t in TARGETS:  # the half-written page was never published
        assert (out_root / t / "report.html").read_text() == v1[t]
    [marker] = (home / "reports" / "started").iterdir()
    pid = int(marker.read_text())  # the hung run's process: killed with its tree, not orphaned
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
