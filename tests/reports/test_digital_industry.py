"""The digital-industry sections of the digital-economy report, pinned to published values."""

from __future__ import annotations

import csv

import polars as pl
import pytest

from analytics.io.rd import RD_DIR, RD_FILE
from analytics.reports import ReportContext, digital_economy
from analytics.reports.digital_economy._industry import (
    ecommerce,
    online_firms,
    rd_intensity,
    software,
)
from tests.reports.page_helpers import build

SOFTWARE_2024, SOFTWARE_2023 = 34_541_410.9, 31_194_800.0  # 万元, NBS portal, Tianjin


@pytest.fixture(scope="module")
def zh() -> ReportContext:
    return ReportContext(region="120000", lang="zh")


def test_software_revenue_drawn_in_yi_yuan(zh: ReportContext) -> None:
    sec = software(zh)
    assert sec.data is not None
    tj = sec.data.filter((pl.col("region") == "120000") & (pl.col("period") == "2024"))
    # 34,541,410.9 万元 = 3,454.14109 亿元; 34,541,410.9 / 31,194,800.0 - 1 = 10.73 %
    assert tj["value"].item() == pytest.approx(3454.14109, rel=1e-12)
    assert round((SOFTWARE_2024 / SOFTWARE_2023 - 1) * 100, 1) == 10.7
    assert sec.sentences[0].startswith("2024年天津软件业务收入为3,454.1亿元，比上年增长10.7%")
    assert "图中换算为亿元" in sec.sentences[1]


def test_ecommerce_sales_fell_in_2024(zh: ReportContext) -> None:
    # 8,126.2 / 8,267.5 - 1 = -1.71 %
    assert "8,126.2亿元，比上年下降1.7%" in ecommerce(zh).sentences[0]


def test_online_firm_share_says_2024_is_not_published(zh: ReportContext) -> None:
    text = online_firms(zh).sentences[0]
    # 2,553 of 26,563 enterprises in 2023 (the same table): 9.61 %, published as 9.6
    assert "2023年天津有电子商务交易活动的企业占9.6%" in text and "2024年的比重尚未发布" in text


def _rd_rank(year: str) -> tuple[int, int]:
    with (RD_DIR / RD_FILE).open(encoding="utf-8", newline="") as fh:
        rows = [
            r
            for r in csv.DictReader(fh)
            if r["dataset"] == "RDIntense"
            and r["chn_block4"] == "RD强度"
            and r["year"] == year
            and r["province_norm"] != "全国"
        ]
    values = sorted((float(r["value"]) for r in rows), reverse=True)
    mine = next(float(r["value"]) for r in rows if r["province_norm"] == "天津")
    return values.index(mine) + 1, len(values)


def test_rd_intensity_on_published_gdp_with_rank_and_china(zh: ReportContext) -> None:
    sec = rd_intensity(zh)
    rank, n = _rd_rank("2023")
    assert (rank, n) == (3, 31)
    assert sec.sentences[0] == (
        f"2023年天津R&D经费599.2亿元，投入强度3.58%，在{n}个省份中居第{rank}位（全国2.65%）。"
    )
    # the sentence on the GDP vintage, and the check: 599.2 / 16,737.30 (first published) = 3.58 %
    # where the 5th-census revision (17,211.8) would give 3.48 %
    assert "初次公布的地区生产总值" in sec.sentences[1]
    check = "核对：天津2023年 599.2亿元 ÷ 初次公布的地区生产总值16,737.30亿元 = 3.58%"
    assert sec.sentences[2] == check + "（年鉴为3.58%）。"
    assert sec.data is not None and "000000" in set(sec.data["region"])  # China drawn


def test_the_report_lists_the_new_sections_and_the_per_person_index() -> None:
    headings = [s.heading for s in build("digital_economy", region="120000", lang="en").sections]
    new = [
        "Software business revenue",
        "E-commerce sales",
        "Enterprises trading online",
        "R&D intensity",
    ]
    assert headings[2:6] == new
    assert (
        headings.index("Intensity: the index per person")
        == headings.index("Intensity: the index per unit of GDP") + 1
    )


def test_implied_population_by_hand_and_against_the_year_end_count() -> None:
    from analytics.reports.digital_economy._index import implied_population

    pop = implied_population().filter(pl.col("region") == "120000")
    by_year = dict(zip(pop["period"], pop["value"], strict=True))
    # NBS GDP (亿元) × 10⁴ ÷ GDP per capita (元): 2022 16,588.5 / 121,261; 2024 17,931.3 / 132,143
    assert by_year["2022"] == pytest.approx(16588.5e4 / 121261, rel=1e-12)
    assert round(by_year["2024"], 1) == 1357.0
    # the average population sits within 1 % of the year-end count (1,364 万, 人口.csv)
    assert abs(by_year["2024"] / 1364 - 1) < 0.01


def test_the_per_person_index_ranks_all_provinces(zh: ReportContext) -> None:
    sec = digital_economy.intensity_per_person(zh)
    assert sec is not None and sec.data is not None
    assert sec.data.height == 31 and sec.data["rank"].to_list() == sorted(sec.data["rank"])
    tj = sec.data.filter(pl.col("region") == "120000").row(0, named=True)
    assert f"天津居第{tj['rank']}位（共31个）" in sec.sentences[0]
    assert "地区生产总值 ÷ 人均地区生产总值" in sec.sentences[1]
    assert sec.data["value"].min() >= 0 and sec.data["value"].max() <= 100


def test_the_index_charts_say_the_x8_break(zh: ReportContext) -> None:
    # research panel x8 for Tianjin: 300.672 (2017) → 737.82 (2018) is +145.4 %; 1584.54 (2020)
    # → 207.71 (2021) is −86.9 %: 电信业务总量 in 2018–2020 (see data/raw/research/PROVENANCE.md)
    assert round((737.82 / 300.672 - 1) * 100, 1) == 145.4
    assert round((207.71 / 1584.54 - 1) * 100, 1) == -86.9
    ranking = digital_economy.index_rank(zh)
    assert ranking is not None
    assert any("天津电信业务收入2018年增长145.4%、2021年下降86.9%" in f for f in ranking.flags)
    pillars = digital_economy.pillars(zh)
    assert pillars is not None and len(pillars.flags) == 1
    assert f"天津有{len(ranking.flags)}个指标序列被标记" in pillars.flags[0]
