"""Requests are validated before any run (issue #14, item 5)."""

from __future__ import annotations

import importlib
import socket
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from analytics.exceptions import AnalyticsError
from analytics.runs.history import RunHistory
from analytics.runs.runner import RunRequest, run_batch
from analytics.runs.scheduler import run_due

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
_help = importlib.import_module("_schedhelp")
HERE = Path(_HERE)
NOW = datetime(2026, 11, 23, tzinfo=UTC)


def _main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from analytics.cli import main

    try:  # errors exit through SystemExit; click's Exit comes back as the return value
        code = main(argv)
    except SystemExit as info:
        code = info.code
    return (code if isinstance(code, int) else 1), capsys.readouterr().err


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("..", "period '..' is not a valid period label"),
        ("abc", "period 'abc' is not a valid period label"),
        ("2023-13", "period '2023-13' is not a valid period label"),
        ("2023-12", "period `2023-12` is a month, but report `fiveg` is made for a year (2023)"),
    ],
)
def test_report_run_refuses_bad_periods(
    period: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _main(
        ["report", "run", "fiveg", "--period", period, "--out", str(tmp_path)], capsys
    )
    assert code == 2 and message in err and "--period" in err
    assert list(tmp_path.iterdir()) == []  # nothing written, nothing published


@pytest.mark.parametrize("period", ["1900", "2099"])
def test_period_without_data_names_the_latest_one(
    period: str, built_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the latest year of the 5G report's headline for Tianjin (station counts and the NBS
    # broadband panel), computed here from the store
    obs = pl.read_parquet(built_store / "processed" / "observations.parquet")
    latest = (
        obs.filter(
            pl.col("indicator").is_in(["fiveg_base_stations", "nbs_broadband_users"]),
            pl.col("region") == "120000",
            pl.col("value").is_not_null(),
        )["period"]
        .str.slice(0, 4)
        .max()
    )
    argv = [
        "report",
        "run",
        "fiveg",
        "--period",
        period,
        "--data-dir",
        str(built_store),
        "--out",
        str(tmp_path),
    ]
    code, err = _main(argv, capsys)
    assert code == 2, err
    assert f"no data for region 120000 in {period}" in err
    assert f"the latest period with data is {latest}" in err and f"--period {latest}" in err
    assert list(tmp_path.iterdir()) == []


def test_batch_refuses_bad_requests_before_any_run(tmp_path: Path) -> None:
    kw = {
        "reports": _help.make_project(tmp_path, {"r": ()}),
        "root": tmp_path,
        "out_root": tmp_path / "out",
        "history": tmp_path / "runs.sqlite",
        "execute": _help.fake_execute,
    }
    bad = [
        RunRequest("r", "120000", "2023", "zh"),  # good, but the batch holds bad ones
        RunRequest("r", "120000", "..", "zh"),
        RunRequest("r", "../../x", "2023", "zh"),
        RunRequest("r", "120000", "2023", "fr"),
    ]
    with pytest.raises(AnalyticsError) as info:
        run_batch(bad, **kw)  # type: ignore[arg-type]
    text = str(info.value)
    assert "r 120000 .. zh: period '..' is not a valid period label" in text
    assert "r ../../x 2023 zh: region `../../x` is not a GB/T 2260 code (six digits)" in text
    assert "r 120000 2023 fr: language `fr` is not zh or en" in text
    assert not (tmp_path / "out").exists()
    assert RunHistory(tmp_path / "runs.sqlite").runs() == []


def test_batch_cli_refuses_a_bad_period_and_an_unknown_region(
    built_store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "data").symlink_to(built_store)
    monkeypatch.setenv("ANALYTICS_HOME", str(tmp_path))
    code, err = _main(
        [
            "report",
            "batch",
            "--report",
            "fiveg",
            "--period",
            "abc",
            "--lang",
            "zh",
            "--no-progress",
        ],
        capsys,
    )
    assert code == 2 and "fiveg 120000 abc zh: period 'abc' is not a valid period label" in err
    code, err = _main(["report", "batch", "--report", "fiveg", "--region", "天京"], capsys)
    assert code == 2 and "unknown region `天京`" in err
    code, err = _main(["report", "batch", "--report", "fivg"], capsys)
    assert code == 2 and "unknown report `fivg`" in err
    assert not (tmp_path / "reports" / "out").exists()


def test_scheduler_without_dask_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(AnalyticsError, match="only used by the Dask executor"):
        run_batch([], executor="local", scheduler="tcp://10.0.0.5:8786")
    code, err = _main(["schedule", "run-due", "--scheduler", "tcp://10.0.0.5:8786"], capsys)
    assert code == 2
    assert "--scheduler tcp://10.0.0.5:8786 is only used by the Dask executor" in err
    assert "hint: add --executor dask" in err


def test_unreachable_dask_scheduler_fails_fast_and_clearly(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    specs = _help.make_project(tmp_path, {"r": ()})
    started = time.monotonic()
    with pytest.raises(AnalyticsError) as info:
        run_batch(
            [RunRequest("r", "120000", "2023", "zh")],
            reports=specs,
            root=tmp_path,
            out_root=tmp_path / "out",
            history=tmp_path / "runs.sqlite",
            executor="dask",
            scheduler=f"tcp://127.0.0.1:{port}",
        )
    assert time.monotonic() - started <= 10
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port} within 3 s" in str(
        info.value
    )


def test_run_due_now_garbage_is_a_located_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _main(["schedule", "run-due", "--now", "garbage"], capsys)
    assert code == 2
    assert "Invalid value for '--now': 'garbage' is not an ISO 8601 time" in err


def test_run_due_dry_run_claims_and_runs_nothing(tmp_path: Path) -> None:
    kw = _project_kw(tmp_path)
    out = run_due(tmp_path / "schedule.yaml", now=NOW, dry_run=True, **kw)  # type: ignore[arg-type]
    assert [(o.job, o.status) for o in out] == [("monthly", "due"), ("annual", "due")]
    assert out[0].planned == (
        "ra 120000 2024 zh",
        "ra 120000 2024 en",
        "rb 120000 2024 zh",
        "rb 120000 2024 en",
    )
    history = RunHistory(tmp_path / "runs.sqlite")
    assert history.runs() == [] and history.last_slot("monthly") is None
    assert not (tmp_path / "out").exists()
    # a real run afterwards still finds both due
    ran = run_due(tmp_path / "schedule.yaml", now=NOW, **kw)  # type: ignore[arg-type]
    assert [(o.job, o.status) for o in ran] == [("monthly", "ran"), ("annual", "ran")]


def _project_kw(tmp_path: Path, extra: str = "") -> dict[str, object]:
    specs = _help.make_project(tmp_path, {"ra": ("data/a.csv",), "rb": ("data/b.csv",)})
    (tmp_path / "schedule.yaml").write_text(
        textwrap.dedent("""\
        jobs:
          monthly:
            reports: [ra, rb]
            cron: "0 9 20 * *"
            matrix: {regions: ["120000"], periods: [latest], langs: [zh, en]}
          annual:
            reports: [rb]
            cron: "0 9 15 3 *"
            matrix: {regions: ["120000"], periods: ["2023"], langs: [zh]}
        """)
        + extra
    )
    return {
        "reports": specs,
        "root": tmp_path,
        "out_root": tmp_path / "out",
        "history": tmp_path / "runs.sqlite",
        "lock_dir": tmp_path / "locks",
        "resolve": lambda region, kw: "2024",
        "execute": _help.fake_execute,
    }


def test_one_bad_job_never_stops_the_others(tmp_path: Path) -> None:
    bad = '  feb30:\n    reports: [ra]\n    cron: "0 0 30 2 *"\n'
    kw = _project_kw(tmp_path, bad)
    out = run_due(tmp_path / "schedule.yaml", now=NOW, **kw)  # type: ignore[arg-type]
    assert [(o.job, o.status) for o in out] == [
        ("feb30", "invalid"),
        ("monthly", "ran"),
        ("annual", "ran"),
    ]
    assert out[0].error == (
        f"{tmp_path / 'schedule.yaml'}:12:11: cron expression '0 0 30 2 *' never fires "
        "(no time in the next 8 years) (check the day and month: e.g. there is no 30 February)"
    )
    assert sum(len(o.summary.results) for o in out if o.summary) == 5


def test_cli_list_and_run_due_mark_the_bad_job_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from analytics.config import project_root

    (tmp_path / "data" / "catalog").mkdir(parents=True)
    shutil.copy(project_root() / "data/catalog/regions.csv", tmp_path / "data/catalog")
    (tmp_path / "reports").mkdir()
    corpus = HERE.parent / "data" / "bad_schedules" / "cron_never_fires.yaml"
    shutil.copy(corpus, tmp_path / "reports" / "schedule.yaml")
    monkeypatch.setenv("ANALYTICS_HOME", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "250")
    from analytics.cli import main

    assert main(["schedule", "list"]) == 2  # the console script exits with it
    captured = capsys.readouterr()
    assert "ok" in captured.out and "0 9 20 * * (Asia/Shanghai)" in captured.out  # listed
    assert "feb30" in captured.out and "INVALID" in captured.out
    assert "schedule.yaml:8:11: cron expression '0 0 30 2 *' never fires" in captured.err
    # run-due: `ok`'s slot (20 Nov) is due and planned; feb30 reported; exit 2
    code, err = _main(["schedule", "run-due", "--dry-run", "--now", "2026-11-23T00:00"], capsys)
    assert code == 2, err


@pytest.mark.slow
def test_run_processes_never_import_analytics_from_the_current_folder(tmp_path: Path) -> None:
    evil = tmp_path / "evil"
    (evil / "analytics").mkdir(parents=True)
    (evil / "analytics" / "__init__.py").write_text(
        "import pathlib\npathlib.Path(__file__).parents[1].joinpath('IMPORTED').touch()\n"
        "raise SystemExit('the fake analytics package was imported')\n"
    )
    project = tmp_path / "project"
    project.mkdir()
    script = tmp_path / "batch.py"  # outside `evil`: the script's own folder goes on its path
    script.write_text(
        textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {_HERE!r})
        from pathlib import Path
        from _schedhelp import make_project
        from analytics.runs.runner import RunRequest, run_batch
        if __name__ == "__main__":
            from distributed import LocalCluster
            root = Path({str(project)!r})
            specs = make_project(root, {{"r": ()}})
            reqs = [RunRequest("r", "120000", "2023", lang) for lang in ("zh", "en")]
            kw = dict(reports=specs, root=root, history=root / "runs.sqlite",
                      execute="_schedhelp:fake_execute")
            a = run_batch(reqs, out_root=root / "local", **kw)
            with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as c:
                b = run_batch(reqs, out_root=root / "dask", executor="dask",
                              scheduler=c.scheduler_address, **kw)
            print([(r.status, r.reason) for r in a.results + b.results])
    """)
    )
    proc = subprocess.run(
        [sys.executable, str(script)], cwd=evil, capture_output=True, text=True, timeout=240
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    statuses = eval(proc.stdout.strip().splitlines()[-1])
    assert [s for s, _ in statuses] == ["ok"] * 4, statuses
    assert not (evil / "IMPORTED").exists()


@pytest.mark.slow
def test_batch_and_run_due_together_make_each_report_once(tmp_path: Path) -> None:
    _project_kw(tmp_path)
    common = f"""
        import sys
        sys.path.insert(0, {_HERE!r})
        from datetime import datetime, UTC
        from pathlib import Path
        from _schedhelp import Spec
        root = Path({str(tmp_path)!r})
        specs = {{n: Spec(n, root / f"notebooks/{{n}}.ipynb", (f"data/{{n[1]}}.csv",))
                 for n in ("ra", "rb")}}
        kw = dict(reports=specs, root=root, out_root=root / "out", history=root / "runs.sqlite",
                  execute="_schedhelp:sleepy_execute")
    """
    due = tmp_path / "due.py"
    due.write_text(
        textwrap.dedent(common)
        + textwrap.dedent("""
        if __name__ == "__main__":
            from analytics.runs.scheduler import run_due
            out = run_due(root / "schedule.yaml", now=datetime(2026, 11, 23, tzinfo=UTC),
                          lock_dir=root / "locks", resolve=lambda r, k: "2024", **kw)
            print(sorted(r.status for o in out for r in o.summary.results))
    """)
    )
    batch = tmp_path / "batch.py"  # the monthly job's matrix, asked for by hand at the same time
    batch.write_text(
        textwrap.dedent(common)
        + textwrap.dedent("""
        if __name__ == "__main__":
            from analytics.runs.runner import RunRequest, run_batch
            reqs = [RunRequest(n, "120000", "2024", lang) for n in ("ra", "rb")
                    for lang in ("zh", "en")]
            print(sorted(r.status for r in run_batch(reqs, **kw).results))
    """)
    )
    procs = [
        subprocess.Popen([sys.executable, str(p)], stdout=subprocess.PIPE, text=True)
        for p in (due, batch)
    ]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    history = RunHistory(tmp_path / "runs.sqlite")
    ok = [f"{r.report} {r.period} {r.lang}" for r in history.runs(limit=100, status="ok")]
    # each of the four monthly reports (ra/rb × zh/en, 2024) made once, plus annual's rb 2023 zh
    assert sorted(ok) == sorted(
        ["ra 2024 zh", "ra 2024 en", "rb 2024 zh", "rb 2024 en", "rb 2023 zh"]
    )
    skipped = history.runs(limit=100, status="skipped")
    assert len(skipped) == 4 and all(r.note and r.note.startswith("unchanged") for r in skipped)
    assert outs


def test_default_batch_answers_for_its_own_job_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from analytics.config import project_root

    (tmp_path / "data" / "catalog").mkdir(parents=True)
    shutil.copy(project_root() / "data/catalog/regions.csv", tmp_path / "data/catalog")
    (tmp_path / "reports").mkdir()
    schedule = tmp_path / "reports" / "schedule.yaml"
    schedule.write_text(
        "jobs:\n  default:\n    reports: [fivg]\n  broken:\n    reports: [fiveg]\n"
        '    catchup: "no"\n'
    )
    monkeypatch.setenv("ANALYTICS_HOME", str(tmp_path))
    # the default job's own mistake is what it reports, with its line — not `broken`'s
    code, err = _main(["report", "batch", "--default", "--no-progress"], capsys)
    assert code == 2 and "schedule.yaml:3:15: unknown report `fivg`" in err
    assert "catchup" not in err


def test_run_due_with_an_unreachable_scheduler_claims_no_slot(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    kw = _project_kw(tmp_path)
    started = time.monotonic()
    with pytest.raises(AnalyticsError, match="cannot reach the Dask scheduler"):
        run_due(
            tmp_path / "schedule.yaml",
            now=NOW,
            executor="dask",
            scheduler=f"tcp://127.0.0.1:{port}",
            **kw,
        )  # type: ignore[arg-type]
    assert time.monotonic() - started <= 10  # one probe for both due jobs, not one each
    history = RunHistory(tmp_path / "runs.sqlite")
    assert history.last_slot("monthly") is None and history.last_slot("annual") is None
    # the scheduler back (here: the local executor), both slots still run
    ran = run_due(tmp_path / "schedule.yaml", now=NOW, **kw)  # type: ignore[arg-type]
    assert [(o.job, o.status) for o in ran] == [("monthly", "ran"), ("annual", "ran")]
