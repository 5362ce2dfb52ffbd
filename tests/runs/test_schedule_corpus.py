"""The bad-schedule corpus (tests/data/bad_schedules): each refusal located, good jobs kept."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from analytics.exceptions import DataValidationError
from analytics.runs.schedule import load_schedule

CORPUS = Path(__file__).resolve().parents[1] / "data" / "bad_schedules"
REPORTS = ["plan", "industry", "fiveg", "digital_economy"]

# file, bad job, line, column, message (a part of it); the column is where the value starts
JOB_CASES = [
    ("cron_never_fires", "feb30", 8, 11, "cron expression '0 0 30 2 *' never fires"),
    ("cron_six_fields", "seconds", 8, 11, "bad cron expression '0 0 9 20 * *'"),
    ("job_name_traversal", "../../x", 6, 3, "job name '../../x' is not a safe name"),
    ("job_name_slash", "reports/out", 6, 3, "job name 'reports/out' is not a safe name"),
    ("job_name_space", "Monthly Report", 6, 3, "job name 'Monthly Report' is not a safe name"),
    (
        "job_timeout_inf",
        "forever",
        8,
        18,
        "`job_timeout` must be a finite number from 30 to 86400 seconds, not inf",
    ),
    (
        "job_timeout_null",
        "unbounded",
        8,
        18,
        "`job_timeout` must be a finite number from 30 to 86400 seconds, not null",
    ),
    (
        "cell_timeout_half_second",
        "hasty",
        8,
        19,
        "`cell_timeout` must be a finite number from 10 to 86400 seconds, not 0.5",
    ),
    (
        "cell_timeout_nan",
        "nan",
        8,
        19,
        "`cell_timeout` must be a finite number from 10 to 86400 seconds, not nan",
    ),
    (
        "backoff_huge",
        "patient",
        8,
        14,
        "`backoff` must be a finite number from 0 to 3600 seconds, not '1e9'",
    ),
    ("retries_fraction", "half", 8, 14, "`retries` must be a whole number from 0 to 10, not 1.5"),
    ("catchup_quoted_no", "quoted", 9, 14, "`catchup` must be true or false, not 'no'"),
    ("catchup_number", "numeric", 8, 14, "`catchup` must be true or false, not 0"),
    ("duplicate_job", "other", 8, 3, "duplicate key `other` in `jobs` (first at line 6)"),
    (
        "duplicate_key_in_job",
        "twice",
        9,
        5,
        "duplicate key `cron` in `jobs.twice` (first at line 8)",
    ),
    ("period_month_13", "thirteen", 8, 24, "bad period `2023-13`"),
    ("period_dotdot", "escape", 8, 24, "bad period `..`"),
    ("period_word", "word", 8, 24, "bad period `abc`"),
    # issue 24: a job with no region ran nothing, silently; both keys kept one silently
    ("regions_empty", "nowhere", 9, 23, "`regions` is empty"),
    ("report_and_reports", "both", 7, 13, "job `both` gives both `report` and `reports`"),
]
FILE_CASES = [
    ("alias_anchor", 2, 7, "YAML anchor `&base` is not allowed in a schedule"),
    ("billion_laughs", 1, 4, "YAML anchor `&a` is not allowed in a schedule"),
    (
        "defaults_job_timeout_inf",
        2,
        16,
        "`job_timeout` must be a finite number from 30 to 86400 seconds, not inf",
    ),
    ("duplicate_top_key", 7, 1, "duplicate key `jobs` (first at line 1)"),
    ("not_yaml", 7, 1, "not valid YAML: expected ',' or '}', but got '<stream end>'"),
]


def test_corpus_is_complete() -> None:
    named = {c[0] for c in JOB_CASES} | {c[0] for c in FILE_CASES}
    assert {p.stem for p in CORPUS.glob("*.yaml")} == named
    assert len(named) >= 15


@pytest.mark.parametrize(("name", "job", "line", "column", "message"), JOB_CASES)
def test_bad_job_is_located_and_the_good_one_kept(
    name: str, job: str, line: int, column: int, message: str
) -> None:
    path = CORPUS / f"{name}.yaml"
    schedule = load_schedule(path, reports=REPORTS, partial=True)
    assert list(schedule.jobs) == ["ok"]  # the good job is untouched
    assert schedule.jobs["ok"].regions == ("120000",)
    (problem,) = schedule.invalid[job]
    assert (problem.path, problem.line, problem.column) == (path, line, column)
    assert message in problem.message, problem.message
    assert problem.hint  # every refusal says what would be right
    # without partial=True the same problem is an error naming file:line:column
    with pytest.raises(DataValidationError) as info:
        load_schedule(path, reports=REPORTS)
    assert f"{path}:{line}:{column}: {message}" in str(info.value)


@pytest.mark.parametrize(("name", "line", "column", "message"), FILE_CASES)
def test_bad_file_is_refused_with_its_location(
    name: str, line: int, column: int, message: str
) -> None:
    path = CORPUS / f"{name}.yaml"
    started = time.monotonic()
    with pytest.raises(DataValidationError) as info:
        load_schedule(path, reports=REPORTS, partial=True)
    assert time.monotonic() - started < 5  # nested anchors are refused, never expanded
    first = info.value.first
    assert (first.path, first.line, first.column) == (path, line, column)
    assert message in first.message and first.hint


def test_rare_but_real_cron_lines_are_accepted(tmp_path: Path) -> None:
    # 29 February fires every 4 years (2028 after 2026), within the 8-year bound
    path = tmp_path / "s.yaml"
    path.write_text('jobs:\n  leap:\n    reports: [fiveg]\n    cron: "0 0 29 2 *"\n')
    from datetime import UTC, datetime

    job = load_schedule(path, reports=REPORTS, now=datetime(2026, 11, 28, tzinfo=UTC)).job("leap")
    nxt = job.next_time(datetime(2026, 11, 28, tzinfo=UTC))
    assert nxt is not None and (nxt.year, nxt.month, nxt.day) == (2028, 2, 29)
