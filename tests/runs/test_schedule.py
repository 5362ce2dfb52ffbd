from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from analytics.config import project_root
from analytics.exceptions import AnalyticsError, DataValidationError
from analytics.runs import schedule as schedule_module
from analytics.runs.runner import RunPolicy
from analytics.runs.schedule import Job, load_schedule

REPORTS = ["plan", "industry", "fiveg", "digital_economy", "monthly"]
SHANGHAI = ZoneInfo("Asia/Shanghai")

GOOD = """\
timezone: Asia/Shanghai
defaults:
  retries: 1
  backoff: 5
jobs:
  monthly:
    reports: [fiveg, industry]
    cron: "0 9 20 * *"
    job_timeout: 900
    matrix:
      regions: [天津, Beijing, "310000"]
      periods: [latest, "2023-01/02"]
      langs: [zh, en]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "schedule.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_all_names_exist() -> None:
    assert all(hasattr(schedule_module, n) for n in schedule_module.__all__)


def test_committed_schedule_is_valid() -> None:
    sched = load_schedule(project_root() / "reports" / "schedule.yaml", reports=REPORTS)
    assert set(sched.jobs) >= {"default", "monthly", "annual"}
    default = sched.jobs["default"]
    assert default.cron is None and default.reports == tuple(REPORTS[:4])  # the annual reports
    bulletin = sched.jobs["monthly_bulletin"]  # the monthly bulletin: one job of its own
    assert bulletin.reports == ("monthly",) and bulletin.cron == "30 9 20 * *"
    assert bulletin.regions == ("120000", "000000") and bulletin.periods == ("latest",)
    assert default.regions == ("120000",) and default.langs == ("zh", "en")
    assert default.periods == ("latest",)
    for name in ("monthly", "annual"):
        assert sched.jobs[name].cron is not None
        assert sched.jobs[name].timezone == "Asia/Shanghai"


def test_good_schedule_loads(tmp_path: Path) -> None:
    job = load_schedule(_write(tmp_path, GOOD), reports=REPORTS).job("monthly")
    assert job.regions == ("120000", "110000", "310000")
    assert job.periods == ("latest", "2023-01/02")
    assert job.policy == RunPolicy(retries=1, backoff=5, cell_timeout=600, job_timeout=900)
    reqs = job.requests(resolve=lambda region, kw: {"120000": "2024"}.get(region, "2023"))
    assert len(reqs) == 2 * 3 * 2 * 2
    assert reqs[0].label == "fiveg 120000 2024 zh" and reqs[0].job == "monthly"
    assert {r.period for r in reqs if r.region == "110000"} == {"2023", "2023-01/02"}


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ('cron: "0 9 20 * *"', 'cron: "0 25 20 * *"', "cron:", "bad cron expression '0 25 20 * *'"),
        (
            "[fiveg, industry]",
            "[fiveg, industy]",
            "reports:",
            "unknown report `industy` — did you mean `industry`?",
        ),
        ("[天津, Beijing", "[天京, Beijing", "regions:", "unknown region `天京`"),
        ("langs: [zh, en]", "langs: [zh, fr]", "langs:", "`langs: fr` is not a known word"),
        ('"2023-01/02"', '"2023-13x"', "periods:", "bad period `2023-13x`"),
        (
            "  retries: 1",
            "  retries: -1",
            "retries:",
            "`retries` must be a whole number from 0 to 10, not -1",
        ),
        ("    job_timeout: 900", "    job_timout: 900", "job_timout", "unknown key `job_timout`"),
        (
            "timezone: Asia/Shanghai",
            "timezone: Asia/Tianjin",
            "timezone:",
            "unknown time zone `Asia/Tianjin`",
        ),
    ],
)
def test_bad_schedule_names_file_and_line(
    tmp_path: Path, old: str, new: str, needle: str, message: str
) -> None:
    text = GOOD.replace(old, new)
    assert text != GOOD
    path = _write(tmp_path, text)
    with pytest.raises(DataValidationError) as info:
        load_schedule(path, reports=REPORTS)
    problems = info.value.problems
    assert len(problems) == 1, problems
    assert problems[0].path == path and problems[0].line == _line_of(text, needle)
    assert message in problems[0].message
    assert str(path) in str(info.value)


def test_typo_in_key_gets_a_hint(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("    job_timeout: 900", "    job_timout: 900"))
    with pytest.raises(DataValidationError) as info:
        load_schedule(path, reports=REPORTS)
    first = info.value.first
    assert first.message == "unknown key `job_timout` — did you mean `job_timeout`?"
    assert first.hint.startswith("known keys: after, backoff, catchup, cell_timeout, cron")


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace('"0 9 20 * *"', '"every day"').replace("[fiveg,", "[5g,")
    with pytest.raises(DataValidationError) as info:
        load_schedule(_write(tmp_path, text), reports=REPORTS)
    assert [p.line for p in info.value.problems] == [7, 8]


def test_cron_times_in_shanghai() -> None:
    job = Job(
        "m", ("fiveg",), "0 9 20 * *", "Asia/Shanghai", ("120000",), ("2023",), ("zh",), RunPolicy()
    )
    now = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)  # 08:00 on 23 Nov in Shanghai
    # by hand: the 20th at 09:00 +08:00 is 01:00 UTC
    assert job.last_slot(now) == datetime(2026, 11, 20, 9, 0, tzinfo=SHANGHAI)
    assert job.last_slot(now).astimezone(UTC) == datetime(2026, 11, 20, 1, 0, tzinfo=UTC)  # type: ignore[union-attr]
    assert job.next_time(now) == datetime(2026, 12, 20, 9, 0, tzinfo=SHANGHAI)
    # exactly on the slot: the slot itself is the latest
    on = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    assert job.last_slot(on) == datetime(2026, 11, 20, 9, 0, tzinfo=SHANGHAI)
    assert (
        Job("d", ("fiveg",), None, "Asia/Shanghai", (), (), (), RunPolicy()).last_slot(now) is None
    )


def test_due_catches_up_once(tmp_path: Path) -> None:
    sched = load_schedule(_write(tmp_path, GOOD), reports=REPORTS)
    done: set[tuple[str, str]] = {("monthly", "2026-08-20T09:00:00+08:00")}
    # the scheduler was down for September, October and November: only November's slot is due
    now = datetime(2026, 11, 23, tzinfo=UTC)
    due = sched.due(now, done=lambda job, slot: (job, slot) in done)
    assert [(j.name, s) for j, s in due] == [("monthly", "2026-11-20T09:00:00+08:00")]
    done.add(("monthly", "2026-11-20T09:00:00+08:00"))
    assert sched.due(now, done=lambda job, slot: (job, slot) in done) == []


def test_no_catchup_skips_old_slots(tmp_path: Path) -> None:
    text = GOOD.replace("    job_timeout: 900", "    catchup: false")
    sched = load_schedule(_write(tmp_path, text), reports=REPORTS)
    never = lambda job, slot: False  # noqa: E731
    assert sched.due(datetime(2026, 11, 23, tzinfo=UTC), done=never) == []
    soon = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)
    assert len(sched.due(soon, done=never)) == 1


def test_resolve_latest_from_a_store(tmp_path: Path) -> None:
    import polars as pl

    from analytics.runs.schedule import resolve_latest

    (tmp_path / "processed").mkdir()
    rows = [
        ("120000", "2022", 1.0),
        ("120000", "2023", 2.0),
        ("120000", "2024", None),
        ("120000", "2023Q4", 1.0),
        ("120000", "2024-03", 1.0),
        ("120000", "2024-01/02", 1.0),
        ("110000", "2024", 3.0),
    ]
    pl.DataFrame(rows, schema=["region", "period", "value"], orient="row").write_parquet(
        tmp_path / "processed" / "observations.parquet"
    )
    # the 2024 row has no value, but March 2024 (and January-February) do: 2024 is an edition,
    # as the request check has always accepted (a value ends in 2024); a year makes no quarter
    assert resolve_latest("120000", data_dir=tmp_path) == "2024"
    assert resolve_latest("110000", data_dir=tmp_path) == "2024"
    assert resolve_latest("120000", "latest-quarter", data_dir=tmp_path) == "2024Q1"
    assert resolve_latest("120000", "latest-month", data_dir=tmp_path) == "2024-03"
    rows[3:6] = []  # without the months and the quarter the null 2024 row does not count
    pl.DataFrame(rows, schema=["region", "period", "value"], orient="row").write_parquet(
        tmp_path / "processed" / "observations.parquet"
    )
    assert resolve_latest("120000", data_dir=tmp_path) == "2023"
    with pytest.raises(AnalyticsError, match="no period-quarter for region 110000"):
        resolve_latest("110000", "latest-quarter", data_dir=tmp_path)
