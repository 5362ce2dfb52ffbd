"""The industry report's editions: a partial 2025, and figures older than the edition dated.

Outside references: the NBS provincial exports in data/raw/nbs (2025 GDP and sector columns are
blank for Tianjin; 2024 holds 17,931.3 亿元) and Tianjin's rows of data/reference/figures.csv.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analytics.reports.section import Section
from tests.reports.page_helpers import Page, build

RAW = Path(__file__).resolve().parents[2] / "data" / "raw" / "nbs"
FIGURES = Path(__file__).resolve().parents[2] / "data" / "reference" / "figures.csv"


def _nbs_column(path: Path, column: str) -> dict[str, str]:
    """One column of an NBS provincial export (``地区 ,<column> ,…``): province → cell text."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("地区"))
    cols = [c.strip() for c in lines[at].split(",")]
    rows = [[c.strip() for c in line.split(",")] for line in lines[at + 1 :] if "," in line]
    return {r[0]: r[cols.index(column)] for r in rows if r[0].endswith(("省", "市", "区"))}


def _figure(indicator: str, period: str) -> dict[str, str]:
    """Tianjin's figure in figures.csv (the first row; any other source must agree on it)."""
    with FIGURES.open(encoding="utf-8") as f:
        rows = [
            r
            for r in csv.DictReader(f)
            if r["region"] == "Tianjin" and r["indicator"] == indicator and r["period"] == period
        ]
    assert rows and {r["value"] for r in rows} == {rows[0]["value"]}, rows
    return rows[0]


def _section(rc: Page, name: str) -> Section:
    return next(s for s in rc.sections if s.name == name)


@pytest.fixture(scope="module")
def zh2025() -> Page:
    return build("industry", "120000", "2025", lang="zh")


def test_the_2025_edition_is_growth_and_per_capita(zh2025: Page) -> None:
    growth = _figure("GDP real growth", "2025")  # 发改委 plan report and work report, 2026-01-26
    assert "全市地区生产总值同比增长4.8%" in growth["quote"]
    first, second = zh2025.cards[:2]
    assert (first.label, first.period) == ("地区生产总值实际增速", "2025")
    assert first.value == growth["value"] == "4.8"
    per_capita = _nbs_column(RAW / "2025GDP.csv", "人均地区生产总值 (元/人)")["天津市"]
    assert (second.value, second.period) == (f"{int(per_capita):,}", "2025")  # 135,972
    assert zh2025.subtitle == "数据截至2025年（部分数据：尚无2025年地区生产总值总量）"
    assert len(zh2025.cards) == 2  # no card for industry's share: no 2025 sector levels
    # the growth's source is in the notes: the store row of figures.csv, published vintage
    assert any(growth["source_url_or_repo_path"] == n.source for n in zh2025.notes)


def test_sections_with_missing_2025_levels_say_so(zh2025: Page) -> None:
    # the NBS exports leave Tianjin's 2025 GDP and secondary-industry cells blank
    assert _nbs_column(RAW / "按照年份的GDP.csv", "2025年")["天津市"] == ""
    assert _nbs_column(RAW / "第二产业.csv", "2025年")["天津市"] == ""
    level_2024 = float(_nbs_column(RAW / "按照年份的GDP.csv", "2024年")["天津市"])
    gdp = _section(zh2025, "gdp_level")
    assert gdp.sentences[2:4] == [
        "数据库中尚无天津2025年的地区生产总值总量（现价），最新为2024年。",
        f"2024年天津地区生产总值为{level_2024:,.1f}亿元。",  # its own year beside it
    ]
    # then the levels the chart shows that have another vintage (tests/reports/test_revisions.py)
    assert all(s.startswith("天津地区生产总值（20") for s in gdp.sentences[4:])
    sectors = "数据库中尚无天津2025年的各产业增加值，最新为2024年。"
    assert _section(zh2025, "sector_shares").sentences[0] == sectors
    assert _section(zh2025, "location_quotients").sentences[0] == sectors
    for name in ("gdp_level", "sector_shares"):  # the charts end at the latest level
        data = _section(zh2025, name).data
        assert data is not None and data["period"].max() == "2024"
    en = build("industry", "120000", "2025", lang="en")
    assert _section(en, "sector_shares").sentences[0] == (
        "The store has no 2025 figures yet for Tianjin's sector value added; the latest are for "
        "2024."
    )


def test_older_figures_in_the_2025_edition_carry_their_period(zh2025: Page) -> None:
    # GDP rank 2024, recomputed from the raw export: Tianjin's place among the 31 provinces
    gdp = {k: float(v) for k, v in _nbs_column(RAW / "按照年份的GDP.csv", "2024年").items()}
    rank = 1 + sum(v > gdp["天津市"] for v in gdp.values())
    assert (len(gdp), rank) == (31, 24)
    per_capita = _section(zh2025, "gdp_per_capita_rank")
    assert f"2024年天津地区生产总值在31个省份中居第{rank}位。" in per_capita.sentences
    lq = _section(zh2025, "location_quotients")
    assert lq.chart is not None and lq.chart.to_dict()["title"]["text"].startswith("2024年天津")


def test_a_2024_figure_of_an_earlier_period_shows_its_period() -> None:
    share_2021 = _figure(
        "high-tech manufacturing share of above-scale industrial value added", "2021"
    )
    growth_2024 = _figure("high-tech manufacturing value added growth", "2024")
    for lang, older, current in (
        (
            "zh",
            f"（2021年，早于本期2024年）：占比{share_2021['value']}%",
            f"（2024年）：同比增长{growth_2024['value']}%",
        ),
        (
            "en",
            f"(2021, before this 2024 edition): share {share_2021['value']}%",
            f"(2024): growth on a year earlier {growth_2024['value']}%",
        ),
    ):
        rc = build("industry", "120000", "2024", lang=lang)
        lines = rc.sections[-1].sentences
        assert sum(older in s for s in lines) == 1, lines
        assert sum(current in s for s in lines) == 1, lines
        assert lines.index(next(s for s in lines if current in s)) < lines.index(
            next(s for s in lines if older in s)
        )  # the edition's own figures come first
        page = rc.html()
        assert "135,972" not in page and "135972" not in page  # 2025 per capita: after 2024
