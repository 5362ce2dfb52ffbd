"""Revisions on the page (issue 21, item 2): a shown value with another vintage says both.

The store holds Tianjin's 2024 real growth three times: the NBS index after the 5th economic
census, 104.9 (data/raw/nbs/分省年度数据指数2024.csv) → 4.9 %; as first published, 5.1 %
(figures.csv line 35, 国家信息中心 2025-02-11); and the 2025 work report's preliminary "about
4.7 %" (line 291). Its 2022 GDP: 16,588.5 亿元 (NBS, revised) and 16,311.34 (line 13, the 2022
communiqué as first published).
"""

from __future__ import annotations

import polars as pl

from analytics.io import read_series
from analytics.reports.revisions import other_vintages
from tests.reports.page_helpers import build


def test_the_industry_page_shows_5_1_as_first_published_beside_4_9() -> None:
    page = build("industry")  # the latest edition (2025): 2024 is in the peer-growth chart
    said = page.section("peer_growth").sentences
    line = (
        "天津实际增速（2024年）：本报告采用4.9%（第五次全国经济普查后修订）；"
        "首次公布（2025-02-11发布）为5.1%；初步核算数为≈4.7%。"
    )
    assert line in said
    assert line in page.html()


def test_the_english_2024_edition_names_both_vintages_of_2022_gdp() -> None:
    page = build("industry", period="2024", lang="en")
    said = page.section("gdp_level").sentences
    # English writes 亿元 as trillions: 16,588.5 → 1.66, 16,311.34 → 1.63 (the Chinese page has
    # the figures as published: test above)
    assert (
        "Tianjin Gross regional product (GDP), 2022: this report shows 1.66 trillion yuan"
        " (revised after the 5th economic census); first published: 1.63 trillion yuan."
    ) in said
    # the edition's own growth, 104.9 − 100, beside its first-published 5.1
    assert any(s.startswith("Tianjin real growth, 2024: this report shows 4.9%") for s in said)


def test_the_chinese_2024_edition_names_both_vintages_of_2022_gdp_as_published() -> None:
    said = build("industry", period="2024").section("gdp_level").sentences
    line = (
        "天津地区生产总值（2022年）：本报告采用16,588.5亿元（第五次全国经济普查后修订）；"
        "首次公布为16,311.34亿元。"
    )
    assert line in said


def test_an_equal_value_from_another_source_is_no_revision() -> None:
    # 2020: the NBS index 101.5 and the published 1.5 % (央广网 2021-01-21) agree
    idx = read_series("gdp", regions="120000", measure="index_prev_year_100")
    assert idx.filter(pl.col("period") == "2020")["value"].item() == 101.5
    assert other_vintages(idx.filter(pl.col("period") == "2020")).is_empty()
    got = other_vintages(idx.filter(pl.col("period") == "2022"))
    assert got.select("shown_value", "value", "vintage").rows() == [(1.2, 1.0, "published")]


def test_the_rd_check_names_the_revised_gdp_beside_the_first_published() -> None:
    # R&D intensity divides by the GDP as first published, 16,737.3 (figures.csv line 14); the
    # store also holds the NBS revision, 17,211.8 (分省年度数据2023.csv)
    said = build("digital_economy").section("rd").sentences
    line = (
        "天津地区生产总值（2023年）：本报告采用16,737.3亿元（首次公布）；"
        "第五次全国经济普查后修订为17,211.8亿元。"
    )
    assert line in said


def test_a_rounded_statement_of_the_same_figure_is_no_revision() -> None:
    """figures.csv line 15 states Tianjin's 2024 GDP as "1.8万亿元" (国家信息中心, 2025-02-11),
    stored as 18,000 亿元: that is 17,931.3 (NBS, revised) rounded to two significant figures,
    not a first-published 18,000. The page says no revision for it; the 2022 figure stated to the
    hundredth (16,311.34 against 16,588.5) still is one."""
    from analytics.reports.revisions import significant

    assert (significant(18000.0), f"{17931.3:.2g}") == (2, "1.8e+04")
    page = build("industry", period="2025")
    said = " ".join(page.section("gdp_level").sentences)
    assert "天津地区生产总值（2024年）" not in said and "18,000" not in said
    assert "本报告采用16,588.5亿元（第五次全国经济普查后修订）；首次公布为16,311.34亿元" in said
