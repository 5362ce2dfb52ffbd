"""A report's latest edition is the latest period its headline has (issue 18, item 6).

The industry report's headline is GDP in any of its measures and GDP per capita: Tianjin's 2025
real growth (published, figures.csv) and GDP per capita (NBS, 2025GDP.csv) make 2025 an edition
although the NBS levels of 2025 are blank in the raw files.
"""

from __future__ import annotations

import csv
import json
import re
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
    "fiveg": ("fiveg_base_stations", "nbs_broadband_users"),
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
    job = Job(
        "m",
        ("industry", "fiveg"),
        None,
        "Asia/Shanghai",
        ("120000",),
        ("latest",),
        ("zh",),
        RunPolicy(),
    )
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


def _main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from analytics.cli import main

    try:  # a command that ends normally returns None; errors exit through SystemExit
        code = main(argv) or 0
    except SystemExit as info:
        code = info.code
    out = capsys.readouterr()
    return (code if isinstance(code, int) else 1), out.out, out.err


@pytest.mark.slow
def test_report_run_industry_tianjin_2025_publishes_with_4_8(
    built_store: Path,
    project_root: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "data").symlink_to(built_store)  # a home of the built store and the notebooks
    (tmp_path / "notebooks").symlink_to(project_root / "notebooks")
    monkeypatch.setenv("ANALYTICS_HOME", str(tmp_path))
    argv = [
        "report",
        "run",
        "industry",
        "--region",
        "天津",
        "--period",
        "2025",
        "--data-dir",
        str(built_store),
        "--out",
        str(tmp_path / "out"),
        "--engine",
        "inprocess",
    ]
    code, out, err = _main(argv, capsys)
    assert code == 0, err  # before: "no data for region 120000 in 2025 … latest … is 2024"
    page = tmp_path / "out" / "industry" / "120000" / "2025" / "zh" / "report.html"
    assert str(page) in out
    html = page.read_text(encoding="utf-8")
    text = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S)
    # 4.8 %: the store's 2025 real growth, from figures.csv (the 发改委 plan report)
    obs = pl.read_parquet(built_store / "processed" / "observations.parquet")
    row = obs.filter(
        pl.col("indicator") == "gdp",
        pl.col("region") == "120000",
        pl.col("period") == "2025",
        pl.col("value").is_not_null(),
    )
    assert row.select("measure", "value").row(0) == ("yoy_pct", 4.8)
    line = int(row["source"].item().removeprefix("reference/figures.csv:"))
    raw = _figure(built_store, line)
    assert (raw["indicator"], raw["period"], raw["value"]) == ("GDP real growth", "2025", "4.8")
    assert "全市地区生产总值同比增长4.8%" in raw["quote"]
    assert f"2025年天津地区生产总值按可比价格计算比上年增长{raw['value']}%" in text
    assert f"实际增速: {raw['value']} %" in _headline(page)
    # GDP per capita 135,972 (2025GDP.csv), ranked among the 31 provinces
    assert "2025年天津人均地区生产总值在31个省份中居第" in text and "135,972" in text
    # every cell of the notebook ran, and every section is on the page
    nb = json.loads((page.parent / "report.ipynb").read_text(encoding="utf-8"))
    assert not [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    for heading in (
        "地区生产总值",
        "与同类地区比较的实际增速",
        "三次产业与工业占比",
        "人均地区生产总值排名",
        "区位熵与偏离—份额分析",
        "高技术制造业",
    ):
        assert f"<h2>{heading}" in html, heading


def _headline(page: Path) -> str:
    """The nbval-pinned headline cell's printed text in the run's notebook."""
    nb = json.loads((page.parent / "report.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "NBVAL_CHECK_OUTPUT" in "".join(c["source"]))
    return "".join("".join(o.get("text", "")) for o in cell["outputs"])
