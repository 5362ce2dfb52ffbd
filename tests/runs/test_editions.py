"""A report's latest edition is the latest period its headline has (issue 18, item 6).

The industry report's headline is GDP in any of its measures and GDP per capita: Tianjin's 2025
real growth (published, figures.csv) and GDP per capita (NBS, 2025GDP.csv) make 2025 an edition
although the NBS levels of 2025 are blank in the raw files.
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from analytics.exceptions import AnalyticsError
from analytics.runs._requests import check_store_period
from analytics.runs.registry import get_report
from analytics.runs.runner import RunPolicy
from analytics.runs.schedule import Job, resolve_latest

#: Each report's headline, written out here (not read from the registry under test).
HEADLINES = {
    "plan": (),
    "industry": ("gdp", "gdp_per_capita"),
    "fiveg": ("fiveg_base_stations",),
    "digital_economy": ("de_core_va_share",),
}


def _figure(data: Path, line: int) -> dict[str, str]:
    """Row ``line`` of data/reference/figures.csv (line 1 is the header)."""
    with (data / "reference" / "figures.csv").open(encoding="utf-8") as f:
        return next(r for i, r in enumerate(csv.DictReader(f), start=2) if i == line)


@pytest.mark.parametrize("report", list(HEADLINES))
def test_latest_is_the_latest_year_of_the_headline(report: str, built_store: Path) -> None:
    # recomputed from the parquet: the year of each non-null value of the headline (any measure,
    # any vintage), the largest
    obs = pl.read_parquet(built_store / "processed" / "observations.parquet")
    rows = obs.filter(pl.col("region") == "120000", pl.col("value").is_not_null())
    if HEADLINES[report]:
        rows = rows.filter(pl.col("indicator").is_in(HEADLINES[report]))
    expected = str(rows["period"].str.slice(0, 4).cast(pl.Int32).max())
    assert get_report(report).headline == HEADLINES[report]
    got = resolve_latest("120000", data_dir=built_store, indicator=HEADLINES[report])
    assert got == expected
    if report == "industry":
        assert got == "2025"  # before: 2024, the last NBS level


def test_a_scheduled_latest_industry_run_is_the_2025_edition() -> None:
    job = Job("m", ("industry", "fiveg"), None, "Asia/Shanghai", ("120000",), ("latest",),
              ("zh",), RunPolicy())  # fmt: skip
    periods = {r.report: r.period for r in job.requests()}
    fiveg = resolve_latest("120000", indicator=HEADLINES["fiveg"])
    assert periods == {"industry": "2025", "fiveg": fiveg}


def test_a_period_past_the_headline_is_refused_naming_2025(built_store: Path) -> None:
    check_store_period("industry", "120000", "2025", data_dir=built_store)  # an edition
    with pytest.raises(AnalyticsError) as info:
        check_store_period("industry", "120000", "2026", data_dir=built_store)
    text = str(info.value)
    assert "`gdp`, `gdp_per_capita`, the headline of report `industry`" in text
    assert "the latest period with data is 2025 (hint: --period 2025" in text
