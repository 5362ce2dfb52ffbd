"""Failures: permanent ones are not retried; a stale report is cleared by the next success."""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

import pytest

from analytics.runs import publish
from analytics.runs.history import RunHistory
from analytics.runs.runner import RunPolicy, RunRequest, run_batch

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
_help = importlib.import_module("_schedhelp")


def _kw(tmp_path: Path, execute: object) -> dict[str, object]:
    specs = _help.make_project(tmp_path, {"r": ("data/a.csv",)})
    return {
        "reports": specs,
        "root": tmp_path,
        "out_root": tmp_path / "out",
        "history": tmp_path / "runs.sqlite",
        "execute": execute,
    }


@pytest.mark.parametrize(
    ("execute", "cause"),
    [
        (_help.refused_execute, "r: the HTML has a <script> tag"),
        (_help.bad_parameters_execute, "CatalogError: unknown region `990000` (cell 2)"),
    ],
)
def test_permanent_failures_are_not_retried(tmp_path: Path, execute: object, cause: str) -> None:
    # two retries with a 30 s backoff: a retry would take at least 30 s and make 3 attempts
    policy = RunPolicy(retries=2, backoff=30)
    started = time.monotonic()
    summary = run_batch(
        [RunRequest("r", "120000", "2023", "zh", policy=policy)], **_kw(tmp_path, execute)
    )  # type: ignore[arg-type]
    (result,) = summary.results
    assert (result.status, result.reason, result.attempts) == ("failed", cause, 1)
    assert time.monotonic() - started < 20
    record = RunHistory(tmp_path / "runs.sqlite").get(result.run_id)  # type: ignore[arg-type]
    assert (record.status, record.attempts, record.error) == ("failed", 1, cause)


def test_transient_failures_are_still_retried(tmp_path: Path) -> None:
    policy = RunPolicy(retries=2, backoff=0.05)
    summary = run_batch(
        [RunRequest("r", "120000", "2023", "zh", policy=policy)],
        **_kw(tmp_path, _help.flaky_execute),
    )  # type: ignore[arg-type]
    assert [(r.status, r.attempts) for r in summary.results] == [("ok", 2)]


def test_stale_flag_cleared_by_the_next_success_with_unchanged_inputs(tmp_path: Path) -> None:
    kw = _kw(tmp_path, _help.fake_execute)
    reqs = [RunRequest("r", "120000", "2023", "zh", policy=RunPolicy(retries=0))]
    target = tmp_path / "out/r/120000/2023/zh"
    assert run_batch(reqs, **kw).count("ok") == 1  # type: ignore[arg-type]
    (tmp_path / "FAIL").touch()  # a transient failure of a forced run: inputs are unchanged
    failed = run_batch(reqs, force=True, **kw)  # type: ignore[arg-type]
    assert failed.count("failed") == 1 and publish.read_stale(target) is not None
    (tmp_path / "FAIL").unlink()
    # before: "unchanged since run 1" → skipped, and the stale flag stayed up for good
    again = run_batch(reqs, **kw)  # type: ignore[arg-type]
    assert [(r.status, r.reason) for r in again.results] == [("ok", "the last run failed")]
    assert publish.read_stale(target) is None
    # and now that it is fresh, an unchanged run is skipped again
    last = run_batch(reqs, **kw)  # type: ignore[arg-type]
    assert [r.status for r in last.results] == ["skipped"]


@pytest.mark.slow
@pytest.mark.notebook
def test_cell_timeout_says_after_how_long_in_which_cell_and_section(tmp_path: Path) -> None:
    specs = {"slow": _help.Spec("slow", _help.NOTEBOOKS / "slow_section.ipynb")}
    # 1.5 s is rounded up to whole seconds (nbclient takes integers; 1.5 used to be a TraitError)
    policy = RunPolicy(retries=0, cell_timeout=1.5, job_timeout=60)
    summary = run_batch(
        [RunRequest("slow", "120000", "2023", "zh", policy=policy)],
        reports=specs,
        root=tmp_path,
        out_root=tmp_path / "out",
        history=tmp_path / "runs.sqlite",
        kernel_name="python3",
    )
    # by hand: parameters [1], papermill's injected parameters [2], set-up [3], section [4]
    assert [(r.status, r.reason) for r in summary.results] == [
        ("failed", "cell timeout after 2 s in cell 4 (section slow.section)")
    ]
    assert "cell timeout after 2 s in cell 4 (section slow.section)" in "\n".join(summary.lines())


@pytest.mark.slow
@pytest.mark.notebook
def test_a_report_refusing_its_parameters_is_a_permanent_failure(tmp_path: Path) -> None:
    from analytics.runs._failures import PermanentReportError
    from analytics.runs.execute import run_report

    # the real industry notebook, with a region code the catalog does not hold
    with pytest.raises(PermanentReportError, match=r"CatalogError: unknown region code `999999`"):
        run_report("industry", {"region": "999999"}, out_dir=tmp_path)


def test_a_report_error_that_reads_like_a_full_disk_is_a_failed_run(tmp_path: Path) -> None:
    """The kind of a failure comes from the exception, not its words: a report error that says
    "quota exceeded" fails its run (and is retried) and the batch goes on. Before, the runner
    searched the message for "quota exceeded" and stopped the whole batch as if the disk were
    full."""
    kw = _kw(tmp_path, _help.quota_execute)
    policy = RunPolicy(retries=1, backoff=0)
    reqs = [RunRequest("r", region, "2023", "zh", policy=policy) for region in ("110000", "120000")]
    summary = run_batch(reqs, **kw)  # type: ignore[arg-type]
    cause = "r: 5G base stations quota exceeded the plan (70,000 planned)"
    assert [(r.status, r.attempts, r.reason) for r in summary.results] == [("failed", 2, cause)] * 2
    assert summary.stopped is None and summary.exit_code == 1


def test_an_enospc_in_any_words_stops_the_batch_as_a_full_disk(tmp_path: Path) -> None:
    """OSError ENOSPC is a full disk by its errno, whatever its message says (here in Chinese,
    as under a zh_CN locale): the run is cut short, not failed, and the batch stops with one
    clear line. Before, the message was searched for "no space left" and the run failed (and was
    retried) like any report error."""
    kw = _kw(tmp_path, _help.full_disk_execute)
    policy = RunPolicy(retries=2, backoff=0)
    summary = run_batch([RunRequest("r", "120000", "2023", "zh", policy=policy)], **kw)  # type: ignore[arg-type]
    [result] = summary.results
    assert result.status == "interrupted" and result.reason.startswith("stopped: disk full")
    assert summary.stopped is not None and summary.stopped.startswith("disk full: cannot write")
    assert summary.exit_code == 1
    [record] = RunHistory(tmp_path / "runs.sqlite").runs()
    assert (record.status, record.attempts) == ("interrupted", 1)  # not retried
    assert "[Errno 28] 设备上没有空间" in str(record.error)


def test_a_stop_signal_inside_an_in_process_cell_is_a_stop_not_a_report_error() -> None:
    """In-process, SIGTERM raises the attempt's ``Interrupted`` inside the running cell; IPython
    records it as the cell's error and papermill raises it by name (``ename``): a stop, so the run
    is interrupted (and runs again at the next run-due) instead of failed and retried."""
    from analytics.runs._failures import kind_of

    class PapermillExecutionError(Exception):
        ename, evalue, exec_count = "Interrupted", "SIGTERM", 5

    assert kind_of(PapermillExecutionError()) == "stopped"
    assert kind_of(ValueError("Interrupted")) == "error"  # the word alone is not a stop
