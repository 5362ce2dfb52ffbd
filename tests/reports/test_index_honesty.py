"""The digital-economy index as its report states it: one index, what it measures, intensity."""

from __future__ import annotations

import re

import polars as pl
import pytest
from scipy import stats

from analytics.io import read_series
from tests.reports.page_helpers import Page, build


@pytest.fixture(scope="module")
def report() -> Page:
    return build("digital_economy", region="120000", lang="zh")


def test_card_and_ranking_chart_come_from_the_same_index(report: Page) -> None:
    card = next(c for c in report.cards if c.label == "数字经济发展指数")
    ranking = next(s for s in report.sections if s.name == "index_rank")
    assert ranking.data is not None
    tj = ranking.data.filter(pl.col("region") == "120000").row(0, named=True)
    assert card.change == f"第{tj['rank']}/{ranking.data.height}位"
    assert card.value == f"{tj['value']:,.1f}"
    # the rank the sentence states is the chart's rank
    assert f"第{tj['rank']}位" in ranking.sentences[0]


def test_the_report_says_the_index_mostly_measures_size(report: Page) -> None:
    ranking = next(s for s in report.sections if s.name == "index_rank")
    assert ranking.data is not None
    gdp = read_series("gdp").filter(pl.col("period") == "2022").select("region", "value")
    both = ranking.data.select("region", pl.col("value").alias("index")).join(gdp, on="region")
    rho = stats.spearmanr(both["index"], both["value"]).statistic  # scipy, independently
    said = next(s for s in ranking.sentences if "总量指标" in s)
    assert "22个指标中有16个是总量指标" in said
    m = re.search(r"秩相关系数为([-\d.]+)", said)
    assert m is not None and float(m.group(1)) == pytest.approx(rho, abs=0.005)
    assert rho > 0.9


def test_an_intensity_variant_stands_beside_it(report: Page) -> None:
    names = [s.name for s in report.sections]
    assert names.index("index_intensity") == names.index("index_rank") + 1
    inten = report.sections[names.index("index_intensity")]
    assert inten.data is not None and inten.data.height == 31
    gdp = read_series("gdp").filter(pl.col("period") == "2022").select("region", "value")
    both = inten.data.select("region", pl.col("value").alias("index")).join(gdp, on="region")
    assert abs(stats.spearmanr(both["index"], both["value"]).statistic) < 0.5
