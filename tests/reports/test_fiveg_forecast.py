"""The 5G report's forecast section says what was tested, respects what is built, dates P(target).

Figures from data/reference/figures.csv: China's end-2025 stock is 4,838,000 (lines 217-218),
Shanghai's last, March 2024, 92,000 (line 332); Tianjin has two yearly figures (2020, 2024-03),
too few for a forecast of its own, so the page shows China's for context.
"""

from __future__ import annotations

import json

import polars as pl
import pytest

from analytics.reports import ReportContext
from analytics.reports.fiveg._forecast import forecast_chart, forecast_heading, forecast_sentences
from analytics.reports.fiveg.data import Outlook, forecast_frame
from analytics.reports.section import Section
from analytics.stats.trend_select import one_per_year, select_trend
from tests.reports.page_helpers import build


def _forecast(region: str, lang: str) -> Section:
    rc = build("fiveg", region=region, lang=lang)
    return next(s for s in rc.sections if s.name == "forecast")


@pytest.mark.parametrize(
    ("lang", "untested", "error", "title_error"),
    [
        ("zh", "趋势外推，未经检验", "平均绝对百分比误差", "回测误差"),
        ("en", "Trend only, not tested", "mean absolute percentage error", "backtest error"),
    ],
)
def test_tianjin_page_shows_china_as_a_trend_only_not_tested(
    lang: str, untested: str, error: str, title_error: str
) -> None:
    sec = _forecast("120000", lang)
    text = " ".join(sec.sentences)
    assert untested in text and error not in text  # no backtest error is claimed
    assert sec.chart is not None
    # the title's lines joined (a phone-width title wraps, between CJK characters too)
    title = "".join(json.dumps(sec.chart.to_dict()["title"], ensure_ascii=False).split())
    title = title.replace('","', "").lower()
    assert "".join(untested.lower().split()) in title and "".join(title_error.split()) not in title
    assert sec.data is not None
    ahead = sec.data.filter(pl.col("value").is_null())
    # the China 2026 lower 95 % bound is not below the 4,838,000 built by end-2025
    assert ahead.filter(pl.col("period") == "2026")["lower_95"][0] >= 4_838_000
    assert "4,838,000" in text


def test_shanghai_page_bounds_stay_above_its_last_stock() -> None:
    sec = _forecast("310000", "en")
    assert sec.data is not None
    ahead = sec.data.filter(pl.col("value").is_null())
    assert ahead.height == 3
    assert ahead["lower_95"].min() >= 92_000 and ahead["lower_80"].min() >= 92_000


def _with_outlook(values: list[float], start: int) -> ReportContext:
    """Tianjin's report (target: 70,000 stations by 2025) over a hand-made 4-point series."""
    ctx = ReportContext(region="120000", lang="en")
    f = pl.DataFrame({"period": [str(start + i) for i in range(4)], "value": values})
    choice = select_trend(f, until_year=2030, target=70_000.0, target_year=2025, constraint="stock")
    assert choice is not None
    out = Outlook(forecast_frame(one_per_year(f), choice), "120000", choice)
    ctx.cached("fiveg:outlook", lambda: out)
    return ctx


def test_the_page_gives_p_target_only_within_the_horizon() -> None:
    # four yearly points to 2020 support forecasts to 2023; the target is for 2025
    ctx = _with_outlook([20_000.0, 30_000.0, 40_000.0, 50_000.0], 2017)
    text = " ".join(forecast_sentences(ctx))
    assert "beyond the horizon the data support (to 2023)" in text
    assert "chance of meeting the target by the end of 2025 is" not in text
    assert forecast_heading(ctx) == "Forecast"
    assert forecast_chart(ctx, "") is not None
    # to 2022: forecasts to 2025; the line adds 10,000 a year, end-2025 at 80,000 ≥ 70,000
    ctx = _with_outlook([20_000.0, 30_000.0, 40_000.0, 50_000.0], 2019)
    text = " ".join(forecast_sentences(ctx))
    assert "the chance of meeting the target by the end of 2025 is about 100%" in text
    assert forecast_heading(ctx) == "Forecast and the chance of meeting the target"
