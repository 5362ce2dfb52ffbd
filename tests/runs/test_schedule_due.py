from __future__ import annotations

import importlib
import json
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from analytics.config import project_root
from analytics.exceptions import AnalyticsError
from analytics.runs.history import RunHistory
from analytics.runs.scheduler import run_due

# the helpers live beside the tests; run processes import them by name, so the folder goes
# on sys.path under the top-level name `_schedhelp`, which the run processes import too
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
_help = importlib.import_module("_schedhelp")
fake_execute = _help.fake_execute
make_project = _help.make_project

HERE = Path(__file__).resolve().parent
NOW = datetime(2026, 11, 23, tzinfo=UTC)
SLOT = "2026-11-20T09:00:00+08:00"
SCHEDULE = """\
jobs:
  manual:
    reports: [ra]
  monthly:
    reports: [ra, rb]
    cron: "0 9 20 * *"
    backoff: 0
    matrix: {regions: ["120000"], periods: [latest], langs: [zh, en]}
  annual:
    reports: [rb]
    cron: "0 9 15 3 *"
    matrix: {regions: ["120000"], periods: ["2023"], langs: [zh]}
"""


def _project(tmp_path: Path) -> dict[str, object]:
    specs = make_project(tmp_path, {"ra": ("data/a.csv",), "rb": ("data/b.csv",)})
    (tmp_path / "schedule.yaml").write_text(SCHEDULE)
    return {
        "reports": specs,
        "root": tmp_path,
        "out_root": tmp_path / "out",
        "history": tmp_path / "runs.sqlite",
        "lock_dir": tmp_path / "locks",
        "resolve": lambda region, kw: "2024",
        "execute": fake_execute,
    }


def test_due_now_runs_once_and_second_run_due_does_nothing(tmp_path: Path) -> None:
    kw = _project(tmp_path)
    first = run_due(tmp_path / "schedule.yaml", now=NOW, **kw)  # type: ignore[arg-type]
    assert [(o.job, o.slot, o.status) for o in first] == [
        ("monthly", SLOT, "ran"),
        ("annual", "2026-03-15T09:00:00+08:00", "ran"),
    ]
    monthly = first[0].summary
    assert monthly is not None and [r.request.label for r in monthly.results] == [
        "ra 120000 2024 zh",
        "ra 120000 2024 en",
        "rb 120000 2024 zh",
        "rb 120000 2024 en",
    ]
    assert {r.status for r in monthly.results} == {"ok"}
    assert (tmp_path / "out/ra/120000/2024/en/report.html").exists()
    assert "ra" in (tmp_path / "index.html").read_text()
    assert run_due(tmp_path / "schedule.yaml", now=NOW, **kw) == []  # type: ignore[arg-type]
    history = RunHistory(tmp_path / "runs.sqlite")
    assert len(history.runs()) == 5
    assert history.slot_status("monthly", SLOT) == "done"
    # a month later the next slot is due
    later = run_due(tmp_path / "schedule.yaml", now=datetime(2026, 12, 21, tzinfo=UTC), **kw)  # type: ignore[arg-type]
    assert [(o.job, o.status) for o in later] == [("monthly", "ran")]
    assert {r.status for r in later[0].summary.results} == {"skipped"}  # type: ignore[union-attr]


def test_slot_of_a_dead_scheduler_is_taken_over(tmp_path: Path) -> None:
    kw = _project(tmp_path)
    history = RunHistory(tmp_path / "runs.sqlite")
    assert history.claim_slot("monthly", SLOT)  # claimed, then the scheduler died (no lock)
    out = run_due(tmp_path / "schedule.yaml", now=NOW, **kw)  # type: ignore[arg-type]
    assert ("monthly", "ran") in [(o.job, o.status) for o in out]
    assert history.slot_status("monthly", SLOT) == "done"


@pytest.mark.slow
def test_two_run_due_processes_run_each_job_once(tmp_path: Path) -> None:
    _project(tmp_path)
    script = tmp_path / "rundue.py"
    script.write_text(
        textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(HERE)!r})
        from datetime import datetime, UTC
        from pathlib import Path
        from _schedhelp import Spec
        from analytics.runs.scheduler import run_due
        if __name__ == "__main__":
            root = Path({str(tmp_path)!r})
            specs = {{n: Spec(n, root / f"notebooks/{{n}}.ipynb", (f"data/{{n[1]}}.csv",))
                     for n in ("ra", "rb")}}
            out = run_due(root / "schedule.yaml", now=datetime(2026, 11, 23, tzinfo=UTC),
                          reports=specs, root=root, out_root=root / "out",
                          history=root / "runs.sqlite", lock_dir=root / "locks",
                          resolve=lambda r, k: "2024", execute="_schedhelp:sleepy_execute")
            print([(o.job, o.status) for o in out])
    """)
    )
    procs = [
        subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=60)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    ran = [
        job for out in outs for job, status in eval(out.strip().splitlines()[-1]) if status == "ran"
    ]
    assert sorted(ran) == ["annual", "monthly"]
    with sqlite3.connect(tmp_path / "runs.sqlite") as con:
        counts = dict(con.execute("SELECT job, COUNT(*) FROM runs GROUP BY job").fetchall())
        slots = con.execute("SELECT job, status FROM slots ORDER BY job").fetchall()
    assert counts == {"monthly": 4, "annual": 1}
    assert slots == [("annual", "done"), ("monthly", "done")]


# --- the CLI -----------------------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "data" / "catalog").mkdir(parents=True)
    shutil.copy(project_root() / "data/catalog/regions.csv", tmp_path / "data/catalog")
    (tmp_path / "reports").mkdir()
    shutil.copy(project_root() / "reports/schedule.yaml", tmp_path / "reports")
    monkeypatch.setenv("ANALYTICS_HOME", str(tmp_path))
    return tmp_path


def test_cli_schedule_list_and_runs(home: Path) -> None:
    from analytics.cli.schedule import runs, schedule

    history = RunHistory(home / "reports" / "runs.sqlite")
    rid = history.start_run(
        job="annual",
        slot=None,
        report="fiveg",
        parameters={"region": "120000", "period": "2023", "lang": "en"},
        run_key="k",
        fingerprint="f",
        inputs={},
    )
    history.finish_run(rid, status="failed", error="kernel died (DeadKernelError)")
    result = CliRunner().invoke(schedule, ["list"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "monthly" in result.output and "0 9 20 * * (Asia/Shanghai)" in result.output
    assert "manual" in result.output
    result = CliRunner().invoke(runs, ["--json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.output.splitlines()[0])
    assert (row["report"], row["status"], row["error"]) == (
        "fiveg",
        "failed",
        "kernel died (DeadKernelError)",
    )
    result = CliRunner().invoke(runs, ["--status", "failed"], env={"COLUMNS": "250"})
    assert result.exit_code == 0 and "fiveg 120000 2023 en" in result.output


def test_cli_batch_needs_a_matrix(home: Path) -> None:
    from analytics.cli.report_batch import batch

    result = CliRunner().invoke(batch, [])
    assert isinstance(result.exception, AnalyticsError)
    assert "--default, or --report NAME" in str(result.exception)


def test_cli_run_due_nothing_due_with_manual_only(home: Path) -> None:
    from analytics.cli.schedule import schedule

    (home / "reports/schedule.yaml").write_text("jobs:\n  default:\n    reports: [fiveg]\n")
    result = CliRunner().invoke(schedule, ["run-due", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "nothing due"


def test_serve_runs_due_jobs_and_reports(tmp_path: Path) -> None:
    from analytics.runs.scheduler import serve

    kw = _project(tmp_path)
    lines: list[str] = []
    serve(tmp_path / "schedule.yaml", max_loops=1, echo=lines.append, **kw)
    assert any(line.startswith("job monthly slot ") for line in lines)
    assert any("4 runs" in line and "4 ok" in line for line in lines)


def test_job_that_cannot_start_fails_alone(tmp_path: Path) -> None:
    from analytics.exceptions import AnalyticsError as Err

    kw = _project(tmp_path)

    def resolve(region: str, keyword: str) -> str:
        raise Err(f"no period for region {region} in the store")

    kw["resolve"] = resolve
    out = run_due(tmp_path / "schedule.yaml", now=NOW, **kw)  # type: ignore[arg-type]
    assert [(o.job, o.status) for o in out] == [("monthly", "error"), ("annual", "ran")]
    assert out[0].error == "no period for region 120000 in the store"
    history = RunHistory(tmp_path / "runs.sqlite")
    assert history.slot_status("monthly", SLOT) == "failed"


def test_cli_default_batch_refuses_to_run_twice_at_once(home: Path) -> None:
    from analytics.cli.report_batch import batch
    from analytics.runs.history import job_lock

    with job_lock("default", lock_dir=home / "reports" / ".locks") as held:
        assert held
        result = CliRunner().invoke(batch, ["--default", "--no-progress"])
    assert isinstance(result.exception, AnalyticsError)
    assert "the `default` batch is already running" in str(result.exception)
