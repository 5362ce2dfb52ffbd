"""`latest` resolves per report frequency through one rule: a month for the monthly bulletin.

The store's monthly CPI comes from data/raw/nbs_monthly: the national 月度数据.csv runs
2016年1月 … 2020年2月 (newest first), the provincial 分省月度数据.csv holds 2020年1月 and 2月 (its
2020年3月 column is empty: not yet published, so never an edition).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.exceptions import AnalyticsError
from analytics.runs.registry import REPORTS, get_report
from analytics.runs.schedule import resolve_latest
from analytics.stats.periods import edition_labels, latest_period


def test_the_registry_knows_each_reports_frequency() -> None:
    assert {name: spec.frequency for name, spec in REPORTS.items()} == {
        "plan": "A",
        "industry": "A",
        "fiveg": "A",
        "digital_economy": "A",
        "monthly": "M",
    }
    assert get_report("monthly").headline == ("cpi_monthly",)


def test_latest_is_a_month_for_a_monthly_report(built_store: Path) -> None:
    spec = get_report("monthly")
    got = {
        region: resolve_latest(
            region, data_dir=built_store, indicator=spec.headline, frequency=spec.frequency
        )
        for region in ("000000", "120000", "540000")
    }
    assert got == {"000000": "2020-02", "120000": "2020-02", "540000": "2020-02"}
    # the same store, the annual reading of the same series: 2020 (a month makes its year one)
    assert resolve_latest("120000", data_dir=built_store, indicator="cpi_monthly") == "2020"
    # an explicit keyword wins over the report's frequency
    kw = resolve_latest(
        "000000", "latest-quarter", data_dir=built_store, indicator="cpi_monthly", frequency="M"
    )
    assert kw == "2020Q1"


def test_a_schedule_job_resolves_latest_in_the_reports_frequency(
    built_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analytics.runs.runner import RunPolicy
    from analytics.runs.schedule import Job

    job = Job(
        "monthly",
        ("monthly", "industry"),
        "0 9 20 * *",
        "Asia/Shanghai",
        ("120000",),
        ("latest",),
        ("zh",),
        RunPolicy(),
    )
    import analytics.runs._editions as editions

    real = editions._observed
    monkeypatch.setattr(editions, "_observed", lambda r, h, d: real(r, h, built_store))
    labels = [r.label for r in job.requests()]
    assert labels == ["monthly 120000 2020-02 zh", "industry 120000 2025 zh"]


def test_one_latest_rule_by_calendar_time() -> None:
    # a January–February combined release ends in February; a year makes no month an edition
    assert edition_labels(["2020-01/02", "2019-12", "2019"], "M") == ["2019-12", "2020-02"]
    assert latest_period(["2019-12", "2020-01/02"], freq="M") == "2020-02"
    assert latest_period(["2019-12", "2020-01/02"], freq="A") == "2020"
    assert latest_period(["2019"], freq="M") is None
    # as text "2019-11" > "2019-02" > "2019"; as periods the year ends last
    assert latest_period(["2019-02", "2019-11", "2019"]) == "2019"


def test_no_month_at_all_is_said(built_store: Path) -> None:
    with pytest.raises(AnalyticsError, match="no period for region 120000"):
        resolve_latest("120000", data_dir=built_store, indicator="gdp", frequency="M")
