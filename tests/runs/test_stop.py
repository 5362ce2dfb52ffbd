"""Service stops, inflicted for real: SIGTERM/SIGINT to the whole process group of ``schedule
serve`` (what systemd does with the default KillMode; ``KillMode=mixed`` signals the main process
only), mid-batch. Runs in flight finish within the grace or are killed and marked
``interrupted``; nothing is ``failed`` for good; the slot runs again; published reports stay whole.
"""

from __future__ import annotations

import importlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil
import pytest

from analytics.config import project_root
from analytics.runs import publish
from analytics.runs.history import RunHistory
from analytics.runs.runner import BatchSummary, RunPolicy, RunRequest, run_batch
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
    serve = _cli(
        home,
        "paced_execute",
        "schedule",
        "serve",
        "--no-progress",
        "--workers",
        "1",
        "--poll",
        "1",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    _wait_for(home / "reports" / "started", 2)  # the first run is done, the second in flight
    os.killpg(serve.pid, sig)  # every process of the group, as systemd's default stop does
    out, err = serve.communicate(timeout=60)
    assert serve.returncode == 128 + sig, (out, err)
    assert "Traceback" not in err, err
    statuses = _rows(
        home, "SELECT report, lang, status FROM runs WHERE job = 'monthly' AND id > 4 ORDER BY id"
    )
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
    again = run_due(
        home / "reports" / "schedule.yaml",
        now=datetime.fromisoformat(str(slot)),
        root=home,
        reports=_specs(home),
        execute=_help.fake_execute,
    )
    [outcome] = again
    assert outcome.status == "ran" and outcome.summary is not None
    assert sorted(r.status for r in outcome.summary.results) == ["ok", "ok", "skipped", "skipped"]
    assert _rows(home, f"SELECT status FROM slots WHERE slot = '{slot}'") == [("done",)]
    assert _rows(home, "SELECT COUNT(*) FROM runs WHERE status IN ('failed', 'running')") == [(0,)]


@pytest.mark.slow
def test_run_that_outlives_the_grace_is_killed_and_interrupted(tmp_path: Path) -> None:
    home = _home(tmp_path)
    v1 = _seed(home)
    serve = _cli(
        home,
        "hanging_execute",
        "schedule",
        "serve",
        "--no-progress",
        "--workers",
        "1",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={"ANALYTICS_STOP_GRACE": "1"},
    )
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


def test_sigterm_to_one_run_process_interrupts_that_run_only(tmp_path: Path) -> None:
    """Any process of the tree: a run's own process stopped by SIGTERM is interrupted (retried by
    the next run-due), not failed, and its retries are not spent on it."""
    specs = _help.make_project(tmp_path, {"r": ()})
    reqs = [RunRequest("r", "120000", "2023", "zh", policy=RunPolicy(retries=2, backoff=0))]
    done: dict[str, BatchSummary] = {}
    kw = {
        "reports": specs,
        "root": tmp_path,
        "out_root": tmp_path / "out",
        "history": tmp_path / "runs.sqlite",
        "execute": _help.hanging_execute,
    }
    worker = threading.Thread(target=lambda: done.update(s=run_batch(reqs, **kw)))  # type: ignore[arg-type]
    worker.start()
    _wait_for(tmp_path / "started", 1)
    [marker] = (tmp_path / "started").iterdir()
    os.kill(int(marker.read_text()), signal.SIGTERM)
    worker.join(60)
    [result] = done["s"].results
    assert (result.status, result.attempts, result.reason) == (
        "interrupted",
        1,
        "interrupted by SIGTERM",
    )
    assert RunHistory(tmp_path / "runs.sqlite").get(result.run_id).status == "interrupted"  # type: ignore[arg-type]
    assert done["s"].exit_code == 0  # the service was not stopped: nothing failed


@pytest.mark.slow
def test_nine_sigkills_under_concurrent_reads_never_show_half_a_report(tmp_path: Path) -> None:
    """The attack of issue #14 in small: batches SIGKILLed (whole process group) at random
    moments while readers keep reading every published report — each read is a whole report."""
    home = _home(tmp_path)
    _seed(home)
    out_root = home / "reports" / "out"
    done = threading.Event()
    reads, bad = [0], []

    def reader() -> None:
        while not done.is_set():
            for t in TARGETS:
                try:
                    html = (out_root / t / "report.html").read_text()
                except OSError as err:
                    bad.append(f"{t}: {err}")
                    continue
                reads[0] += 1
                if not (html.startswith("<html>") and html.endswith("</html>")):
                    bad.append(f"{t}: {html[:40]!r}")

    readers = [threading.Thread(target=reader) for _ in range(4)]
    for r in readers:
        r.start()
    rng = random.Random(14)
    try:
        for i in range(9):
            (home / "data" / "a.csv").write_text(f"x\n{i}\n")  # new data: every report re-runs
            batch = _cli(
                home,
                "paced_execute",
                "schedule",
                "run-due",
                "--no-progress",
                "--now",
                f"2026-11-21T00:{i:02d}:00+00:00",
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            time.sleep(rng.uniform(1.5, 6.0))
            os.killpg(batch.pid, signal.SIGKILL)
            batch.wait()
            shutil.rmtree(home / "reports" / "started", ignore_errors=True)
    finally:
        done.set()
        for r in readers:
            r.join()
    assert bad == [] and reads[0] > 1000, (bad[:5], reads[0])
    final = run_due(
        home / "reports" / "schedule.yaml",
        now=datetime(2026, 11, 22, tzinfo=UTC),
        root=home,
        reports=_specs(home),
        execute=_help.fake_execute,
    )
    assert final[0].summary is not None and final[0].summary.exit_code == 0
    assert _rows(home, "SELECT COUNT(*) FROM runs WHERE status IN ('running', 'failed')") == [(0,)]


def test_serve_stopped_while_idle_exits_0_at_once(tmp_path: Path) -> None:
    home = _home(tmp_path)
    (home / "reports" / "schedule.yaml").write_text("jobs:\n  manual:\n    reports: [fiveg]\n")
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "start_new_session": True}
    serve = _cli(
        home, "fake_execute", "schedule", "serve", "--no-progress", "--poll", "600", **pipes
    )
    assert serve.stdout is not None and serve.stdout.readline().startswith("serving ")
    time.sleep(1.0)  # in its sleep between checks
    t0 = time.monotonic()
    os.killpg(serve.pid, signal.SIGTERM)
    out, err = serve.communicate(timeout=30)
    assert serve.returncode == 0 and time.monotonic() - t0 < 5, (out, err)  # not after 600 s
    assert err.strip() == (
        "received SIGTERM: no new runs; runs in flight get 60 s to finish (again: stop now)"
    )


def _real_home(tmp_path: Path) -> Path:
    """A home that reads the project's data and notebooks and publishes into its own reports/."""
    home = tmp_path / "real"
    home.mkdir()
    for part in ("data", "notebooks"):
        (home / part).symlink_to(project_root() / part)
    (home / "reports").mkdir()
    return home


def _batch(home: Path, *args: str, grace: str = "60") -> subprocess.Popen[str]:
    """``analytics report batch`` over fiveg and industry × Tianjin × zh + en: four runs."""
    matrix = "--report fiveg --report industry --region 120000 --lang zh --lang en --workers 2"
    cmd = [sys.executable, "-m", "analytics", "report", "batch", *matrix.split(), "--no-progress"]
    cmd += args
    env = {**os.environ, "ANALYTICS_HOME": str(home), "ANALYTICS_STOP_GRACE": grace}
    return subprocess.Popen(
        cmd,
        env=env,
        cwd=home,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


@pytest.mark.slow
def test_sigterm_on_the_default_path_stops_every_attempt_within_the_grace(tmp_path: Path) -> None:
    """The default path — a batch of registry reports (four runs), each attempt a fork of the
    forkserver running its cells in-process — stopped by SIGTERM to the batch's process group while
    two attempts run: when the grace (0.2 s) runs out both are killed and recorded interrupted (the
    third and fourth never start), the batch exits 143, and what was published stays whole.
    Before: the attempts forked from the run-mode zygote ignored the stop and ran to the end."""
    home = _real_home(tmp_path)
    seeded = _batch(home)
    out, err = seeded.communicate(timeout=600)
    assert seeded.returncode == 0, (out, err)
    out_root = home / "reports" / "out"
    targets = [
        f"{r}/120000/{p.name}/{lang}"
        for r in ("fiveg", "industry")
        for p in (out_root / r / "120000").iterdir()
        for lang in ("zh", "en")
    ]
    v1 = {t: (out_root / t / "report.html").read_bytes() for t in targets}
    assert len(v1) == 4 and all(html.rstrip().endswith(b"</html>") for html in v1.values())
    batch = _batch(home, "--force", grace="0.2")
    deadline = time.monotonic() + 300
    # two in flight (the four seeded ones are editions now, beside their targets, not in .runs)
    while len(list(out_root.glob("*/120000/*/.runs/*/run.log"))) < 2:
        assert time.monotonic() < deadline and batch.poll() is None, batch.communicate()
        time.sleep(0.02)
    t0 = time.monotonic()
    os.killpg(batch.pid, signal.SIGTERM)
    out, err = batch.communicate(timeout=120)
    assert time.monotonic() - t0 < 15, (out, err)  # the grace, the kill, the record: not the run
    assert batch.returncode == 143, (out, err)
    assert "0 ok, 0 skipped (unchanged), 0 failed, 4 interrupted" in out, out
    rows = _rows(home, "SELECT status, error FROM runs WHERE id > 4 ORDER BY id")
    why = "interrupted by SIGTERM (stop requested); runs again at the next run-due"
    killed = ("interrupted", f"stopped mid-run: the stop request's grace ran out — {why}")
    assert sorted(rows) == [killed, killed], rows  # the two never started have no history row
    assert out.count("not started: interrupted by SIGTERM") == 2
    for t in targets:  # nothing half-published: version 1, whole, and not marked stale
        assert (out_root / t / "report.html").read_bytes() == v1[t]
        assert publish.read_stale(out_root / t) is None
    gone = time.monotonic() + 10  # the attempts' process trees were killed, none orphaned
    while [p for p in psutil.process_iter(["cwd"]) if p.info["cwd"] == str(home)]:
        assert time.monotonic() < gone, "an attempt of the stopped batch still runs"
        time.sleep(0.1)


@pytest.mark.slow
def test_a_stop_reaches_an_attempt_running_on_dask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM to a batch on Dask whose attempt hangs: when the grace runs out the worker kills
    the attempt's process (a cluster-wide flag it polls), and the run is interrupted. Before, the
    runner only cancelled the Dask future, which leaves a running task's process running."""
    from distributed import LocalCluster

    specs = _help.make_project(tmp_path, {"r": ()})
    monkeypatch.setenv("ANALYTICS_STOP_GRACE", "0.5")

    def stop_when_started() -> None:
        _wait_for(tmp_path / "started", 1)
        os.kill(os.getpid(), signal.SIGTERM)  # the batch's handler, in this (main) thread

    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        threading.Thread(target=stop_when_started, daemon=True).start()
        summary = run_batch(
            [RunRequest("r", "120000", "2023", "zh")],
            reports=specs,
            root=tmp_path,
            out_root=tmp_path / "out",
            history=tmp_path / "runs.sqlite",
            execute=_help.hanging_execute,
            executor="dask",
            scheduler=cluster.scheduler_address,
        )
    [result] = summary.results
    why = "interrupted by SIGTERM (stop requested); runs again at the next run-due"
    assert (result.status, result.reason) == (
        "interrupted",
        f"stopped mid-run: the stop request's grace ran out — {why}",
    )
    assert summary.exit_code == 143
    [marker] = (tmp_path / "started").iterdir()
    pid = int(marker.read_text())  # the hung attempt's process: killed, not left to run 120 s
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert not (tmp_path / "out" / "r" / "120000" / "2023" / "zh").exists()  # nothing published
