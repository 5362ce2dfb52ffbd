from __future__ import annotations

import importlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from analytics.runs import publish, runner
from analytics.runs.history import RunHistory
from analytics.runs.runner import RunPolicy, RunRequest, run_batch

# the helpers live beside the tests; run processes import them by name, so the folder goes
# on sys.path under the top-level name `_schedhelp`, which the run processes import too
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
_help = importlib.import_module("_schedhelp")
NOTEBOOKS = _help.NOTEBOOKS
Spec = _help.Spec
fake_execute = _help.fake_execute
flaky_execute = _help.flaky_execute
make_project = _help.make_project

HERE = Path(__file__).resolve().parent


def test_all_names_exist() -> None:
    assert all(hasattr(runner, n) for n in runner.__all__)


def _kernels(since: float) -> list[psutil.Process]:
    """Kernels started by us since ``since``: our descendants."""
    out = []
    mine = {p.pid for p in psutil.Process().children(recursive=True)}
    for p in psutil.process_iter():
        try:
            if p.pid in mine and "ipykernel" in " ".join(p.cmdline()) and p.create_time() >= since:
                out.append(p)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            pass
    return out


def _outputs(notebook: Path) -> list[str]:
    nb = json.loads(notebook.read_text())
    texts = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            texts.append(
                "".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", ""))
            )
    return texts


@pytest.mark.slow
@pytest.mark.notebook
def test_raise_timeouts_and_dead_kernel_are_failed_runs_with_causes(tmp_path: Path) -> None:
    since = time.time() - 1
    specs = {n: Spec(n, NOTEBOOKS / f"{n}.ipynb") for n in ("ok", "raises", "sleeps", "dies")}
    cell = RunPolicy(retries=0, cell_timeout=2, job_timeout=60)
    whole = RunPolicy(retries=0, cell_timeout=None, job_timeout=4)
    reqs = [RunRequest(n, "120000", "2023", "zh", policy=cell) for n in specs]
    reqs.append(RunRequest("sleeps", "110000", "2023", "zh", policy=whole))
    summary = run_batch(
        reqs,
        reports=specs,
        root=tmp_path,
        out_root=tmp_path / "out",
        history=tmp_path / "runs.sqlite",
        kernel_name="python3",
        workers=2,
    )
    got = {r.request.label: (r.status, r.reason) for r in summary.results}
    assert got["ok 120000 2023 zh"][0] == "ok"
    assert got["raises 120000 2023 zh"] == (
        "failed",
        "ValueError: boom: no data for 120000 2023 (cell 4)",
    )
    # cells of sleeps.ipynb: markdown, parameters [1], papermill's injected parameters [2],
    # then `time.sleep(120)` [3], which the 2 s cell timeout stops
    assert got["sleeps 120000 2023 zh"] == (
        "failed",
        "cell timeout after 2 s in cell 3 (`time.sleep(120)`)",
    )
    assert got["dies 120000 2023 zh"] == ("failed", "kernel died (DeadKernelError)")
    assert got["sleeps 110000 2023 zh"] == (
        "failed",
        "job timeout: still running after 4 s, killed",
    )
    assert summary.exit_code == 1 and summary.count("failed") == 4
    # the published report: outputs without code
    html = (tmp_path / "out/ok/120000/2023/zh/report.html").read_text()
    assert "report for 120000 2023 zh" in html and "print(f" not in html
    # history: each failure recorded with its cause and its failed notebook kept
    history = RunHistory(tmp_path / "runs.sqlite")
    failed = {f"{r.report} {r.region}": r for r in history.runs(status="failed")}
    assert set(failed) == {"raises 120000", "sleeps 120000", "dies 120000", "sleeps 110000"}
    raised = failed["raises 120000"]
    assert raised.error == got["raises 120000 2023 zh"][1]
    assert raised.notebook is not None and "boom: no data" in Path(raised.notebook).read_text()
    assert not (tmp_path / "out/raises/120000/2023/zh").exists()  # nothing published
    # no kernel survives a failure, a timeout or a kill
    deadline = time.monotonic() + 5
    while _kernels(since) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _kernels(since) == []


def test_retries_with_backoff(tmp_path: Path) -> None:
    specs = make_project(tmp_path, {"r": ()})
    policy = RunPolicy(retries=2, backoff=0.05)
    summary = run_batch(
        [RunRequest("r", "120000", "2023", "zh", policy=policy)],
        reports=specs,
        root=tmp_path,
        out_root=tmp_path / "out",
        history=tmp_path / "runs.sqlite",
        execute=flaky_execute,
    )
    (result,) = summary.results
    assert (result.status, result.attempts) == ("ok", 2)
    rec = RunHistory(tmp_path / "runs.sqlite").get(result.run_id)  # type: ignore[arg-type]
    assert (rec.status, rec.attempts) == ("ok", 2)
    assert "attempt zh-1-2" in (tmp_path / "out/r/120000/2023/zh/report.html").read_text()


def test_failed_run_keeps_last_good_report_marked_stale(tmp_path: Path) -> None:
    specs = make_project(tmp_path, {"r": ("data/a.csv",)})
    reqs = [RunRequest("r", "120000", "2023", "zh", policy=RunPolicy(retries=1, backoff=0))]
    kw = {
        "reports": specs,
        "root": tmp_path,
        "out_root": tmp_path / "out",
        "history": tmp_path / "runs.sqlite",
        "execute": fake_execute,
    }
    target = tmp_path / "out/r/120000/2023/zh"
    assert run_batch(reqs, **kw).exit_code == 0  # type: ignore[arg-type]
    good = (target / "report.html").read_text()
    (tmp_path / "data/a.csv").write_text("x\n9\n")
    (tmp_path / "FAIL").touch()
    summary = run_batch(reqs, **kw)  # type: ignore[arg-type]
    assert summary.exit_code == 1
    cause = "ValueError: no data for 120000 (FAIL flag)"
    assert summary.failed[0].reason == cause and summary.failed[0].attempts == 2
    assert any(cause in line for line in summary.lines())
    assert (target / "report.html").read_text() == good
    assert publish.read_stale(target)["reason"] == cause  # type: ignore[index]
    (tmp_path / "FAIL").unlink()
    again = run_batch(reqs, **kw)  # type: ignore[arg-type]
    assert again.results[0].status == "ok" and again.results[0].reason == "data changed: data/a.csv"
    assert (target / "report.html").read_text() != good
    assert publish.read_stale(target) is None


def test_sigkill_mid_run_leaves_previous_report_and_next_run_repairs(tmp_path: Path) -> None:
    specs = make_project(tmp_path, {"r": ("data/a.csv",)})
    kw = {
        "reports": specs,
        "root": tmp_path,
        "out_root": tmp_path / "out",
        "history": tmp_path / "runs.sqlite",
        "execute": fake_execute,
    }
    reqs = [RunRequest("r", "120000", "2023", "zh")]
    run_batch(reqs, **kw)  # type: ignore[arg-type]
    target = tmp_path / "out/r/120000/2023/zh"
    before = (target / "report.html").read_text()
    (tmp_path / "data/a.csv").write_text("x\n1\n2\n")  # new data: the next run must re-run
    script = tmp_path / "killme.py"
    script.write_text(
        textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(HERE)!r})
        from pathlib import Path
        from _schedhelp import Spec
        from analytics.runs.runner import RunRequest, run_batch
        if __name__ == "__main__":
            root = Path({str(tmp_path)!r})
            specs = {{"r": Spec("r", root / "notebooks/r.ipynb", ("data/a.csv",))}}
            run_batch([RunRequest("r", "120000", "2023", "zh")], reports=specs, root=root,
                      out_root=root / "out", history=root / "runs.sqlite",
                      execute="_schedhelp:slow_execute")
    """)
    )
    proc = subprocess.Popen([sys.executable, str(script)], start_new_session=True)
    half = None
    deadline = time.monotonic() + 30
    while half is None and time.monotonic() < deadline:
        half = next(iter((target.parent / ".runs").glob("zh-*/report.html")), None)
        if half is not None and half.read_text() != "<html><body>half":
            half = None
        time.sleep(0.05)
    assert half is not None, "the run never started"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (target / "report.html").read_text() == before  # previous report intact
    assert half.parent != target.resolve()  # the half-written page was never published
    looking = RunHistory(tmp_path / "runs.sqlite", readonly=True)  # a reader changes nothing
    assert looking.runs(limit=1)[0].status == "running"  # the killed runner could not say
    history = RunHistory(tmp_path / "runs.sqlite")  # a writer's open closes the dead row
    assert history.runs(limit=1)[0].status == "interrupted"
    summary = run_batch(reqs, **kw)  # type: ignore[arg-type]
    assert summary.results[0].status == "ok"
    after = (target / "report.html").read_text()
    assert after != before and after.startswith("<html>r ")
    killed = history.runs(limit=2)[1]
    assert killed.status == "interrupted" and killed.error.startswith("interrupted: runner process")  # type: ignore[union-attr]


@pytest.mark.slow
@pytest.mark.notebook
def test_dask_executor_matches_local_processes(tmp_path: Path) -> None:
    from distributed import LocalCluster

    specs = {"ok": Spec("ok", NOTEBOOKS / "ok.ipynb")}
    reqs = [RunRequest("ok", "120000", "2023", lang) for lang in ("zh", "en")]
    local = run_batch(
        reqs,
        reports=specs,
        root=tmp_path,
        out_root=tmp_path / "local",
        history=tmp_path / "local.sqlite",
        kernel_name="python3",
    )
    with LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        dask = run_batch(
            reqs,
            reports=specs,
            root=tmp_path,
            out_root=tmp_path / "dask",
            history=tmp_path / "dask.sqlite",
            kernel_name="python3",
            executor="dask",
            scheduler=cluster.scheduler_address,
        )
    assert [r.status for r in local.results] == [r.status for r in dask.results] == ["ok", "ok"]
    for lang in ("zh", "en"):
        a = _outputs(tmp_path / f"local/ok/120000/2023/{lang}/report.ipynb")
        b = _outputs(tmp_path / f"dask/ok/120000/2023/{lang}/report.ipynb")
        assert a == b == [f"report for 120000 2023 {lang}\n", "42"]


def test_run_that_cannot_start_fails_alone(tmp_path: Path) -> None:
    specs = make_project(tmp_path, {"r": ()})
    specs["gone"] = Spec("gone", tmp_path / "notebooks/gone.ipynb")
    reqs = [RunRequest(n, "120000", "2023", "zh") for n in ("gone", "r")]
    summary = run_batch(
        reqs,
        reports=specs,
        root=tmp_path,
        out_root=tmp_path / "out",
        history=tmp_path / "runs.sqlite",
        execute=fake_execute,
    )
    assert [r.status for r in summary.results] == ["failed", "ok"]
    assert summary.results[0].reason == (
        f"cannot start: notebook not found: {tmp_path / 'notebooks/gone.ipynb'}"
    )
    assert RunHistory(tmp_path / "runs.sqlite").runs(status="failed")[0].report == "gone"
