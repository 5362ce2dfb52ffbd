"""A schedule job keyed to a release (issue 21, item 3): ``after: <release id>``.

Design: such a job has no cron line. It is due once the release's expected month (from
data/catalog/releases.yaml) has come AND the store holds figures from that release published on
or after the month's first day; its slot names the expected month (``after:<id>:<YYYY-MM>``), so
it runs once per expected release. tianjin_work_report is expected 2027-01; the store's latest
from it is 2026-01-26 (figures.csv, 人民网 on the 2026 work report).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from analytics.catalog.releases import Release
from analytics.exceptions import DataValidationError
from analytics.runs.schedule import load_schedule

JOB = """\
jobs:
  work_report:
    reports: [industry]
    after: tianjin_work_report
    matrix: {regions: [天津], periods: [latest], langs: [zh]}
"""


def _schedule(tmp_path: Path, text: str = JOB):  # type: ignore[no-untyped-def]
    path = tmp_path / "schedule.yaml"
    path.write_text(text, encoding="utf-8")
    return load_schedule(path, now=datetime(2026, 12, 4, tzinfo=UTC))


def _fake(day: date | None):  # type: ignore[no-untyped-def]
    def published(release: Release) -> date | None:
        assert release.id == "tianjin_work_report"
        return day

    return published


def _never(job: str, slot: str) -> bool:
    return False


def test_a_release_job_loads_without_cron(tmp_path: Path) -> None:
    job = _schedule(tmp_path).job("work_report")
    assert (job.after, job.cron) == ("tianjin_work_report", None)


@pytest.mark.parametrize(
    ("now", "latest", "due"),
    [
        # the month has come but the store still holds only the 2026 report: not due
        (datetime(2027, 2, 1, tzinfo=UTC), date(2026, 1, 26), False),
        # a figure published in the expected month is in the store: due
        (datetime(2027, 2, 1, tzinfo=UTC), date(2027, 1, 25), True),
        # the store holds it but the month has not come (a date in the future): not due
        (datetime(2026, 12, 31, tzinfo=UTC), date(2027, 1, 25), False),
        # nothing dated from it at all: not due
        (datetime(2027, 2, 1, tzinfo=UTC), None, False),
    ],
)
def test_due_once_the_month_has_come_and_the_store_holds_it(
    tmp_path: Path, now: datetime, latest: date | None, due: bool
) -> None:
    sched = _schedule(tmp_path)
    got = sched.due(now, done=_never, published=_fake(latest))
    assert [(j.name, slot) for j, slot in got] == (
        [("work_report", "after:tianjin_work_report:2027-01")] if due else []
    )


def test_it_runs_once_per_expected_release(tmp_path: Path) -> None:
    sched = _schedule(tmp_path)
    ran = {("work_report", "after:tianjin_work_report:2027-01")}
    now, fake = datetime(2027, 3, 1, tzinfo=UTC), _fake(date(2027, 1, 25))
    assert sched.due(now, done=lambda j, s: (j, s) in ran, published=fake) == []


def test_with_the_real_store_the_job_is_not_due_yet(tmp_path: Path) -> None:
    # the store's latest from the 2026 work report is 2026-01-26, before 2027-01
    sched = _schedule(tmp_path)
    assert sched.due(datetime(2027, 2, 1, tzinfo=UTC), done=_never) == []


@pytest.mark.parametrize(
    ("old", "new", "where", "words"),
    [
        (
            "after: tianjin_work_report",
            "after: tianjin_work_reprt",
            "4:12",
            "unknown release `tianjin_work_reprt` — did you mean `tianjin_work_report`?",
        ),
        (
            "after: tianjin_work_report",
            "after: tianjin_work_report\n    cron: '0 9 1 * *'",
            "4:12",
            "job `work_report` gives both `cron` and `after`",
        ),
    ],
)
def test_a_bad_release_key_is_located(
    tmp_path: Path, old: str, new: str, where: str, words: str
) -> None:
    with pytest.raises(DataValidationError) as err:
        _schedule(tmp_path, JOB.replace(old, new))
    (problem,) = err.value.problems
    assert f"{problem.line}:{problem.column}" == where and words in problem.message, str(problem)
