"""Trend model choice by rolling-origin backtest, pinned on China's 5G base-station count.

The national series is the one in data/reference/figures.csv (MIIT year-end counts, published
figures): end-2021 1,425,000; end-2022 2,312,000; end-2024 4,251,000; end-2025 4,838,000 and a
November-2025 figure of 4,830,000 (the same year: counted once). No 2023 figure is shipped.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from analytics.stats.trend_select import one_per_year, select_trend

CHINA_5G = pl.DataFrame(
    {
        "period": ["2021", "2022", "2024", "2025", "2025-11"],
        "value": [1_425_000.0, 2_312_000.0, 4_251_000.0, 4_838_000.0, 4_830_000.0],
    }
)


def test_a_year_is_counted_once_latest_figure_wins() -> None:
    pts = one_per_year(CHINA_5G)
    assert pts["period"].to_list() == ["2021", "2022", "2024", "2025"]
    assert pts["value"][-1] == 4_838_000.0  # year-end beats November
    assert pts["t"].to_list() == [2022.0, 2023.0, 2025.0, 2026.0]  # ends of the years


def test_backtest_error_is_the_one_step_error_numpy_gives() -> None:
    # origin k = 3: fit on end-2021, end-2022, end-2024, forecast end-2025 (t = 2026)
    t, y = np.array([2022.0, 2023.0, 2025.0]), np.array([1.425e6, 2.312e6, 4.251e6])
    lin = np.polyval(np.polyfit(t, y, 1), 2026.0)
    loglin = np.exp(np.polyval(np.polyfit(t, np.log(y), 1), 2026.0))
    choice = select_trend(CHINA_5G, until_year=2028)
    assert choice is not None
    assert choice.backtest["linear"] == pytest.approx(abs(lin / 4.838e6 - 1) * 100)
    assert choice.backtest["log-linear"] == pytest.approx(abs(loglin / 4.838e6 - 1) * 100)


def test_log_linear_is_not_chosen_when_its_backtest_is_worse() -> None:
    choice = select_trend(CHINA_5G, until_year=2028)
    assert choice is not None
    errors = {m: e for m, e in choice.backtest.items() if e is not None}
    assert errors["log-linear"] > min(errors.values())
    assert choice.model != "log-linear"
    assert choice.error == min(errors.values())
    # the compounding fit's 2028 figure (about 13 million) is kept as the spread's top
    low, high = choice.spread()
    assert high == pytest.approx(choice.candidates["log-linear"])
    assert high > 1.2e7 > 8.5e6 > low


def test_the_2028_value_stays_within_what_the_data_support() -> None:
    choice = select_trend(CHINA_5G, until_year=2030)
    assert choice is not None
    fc = choice.forecast
    # four yearly points support three years ahead: 2026-2028, not 2030
    assert fc["period"].to_list() == ["2026", "2027", "2028"]
    v2028 = fc.filter(pl.col("period") == "2028")["forecast"][0]
    # damped fits of this series give 6-8.5 million (issue #11's independent check)
    assert 6.0e6 <= v2028 <= 8.5e6
    # net additions peaked in 2023-24 (1,939,000 over two years, 969,500 a year): the forecast's
    # additions stay below that peak and shrink year by year
    adds = np.diff([4.838e6, *fc["forecast"].to_list()])
    assert (adds > 0).all() and (adds < 969_500).all()
    assert (np.diff(adds) < 0).all()
    assert (fc["lower_95"] <= fc["forecast"]).all() and (fc["forecast"] <= fc["upper_95"]).all()


def test_compounding_data_choose_log_linear() -> None:
    years = [str(y) for y in range(2016, 2024)]
    f = pl.DataFrame({"period": years, "value": [100 * 1.2**i for i in range(len(years))]})
    choice = select_trend(f, until_year=2025, target=0.99 * 100 * 1.2**9, target_year=2025)
    assert choice is not None
    assert choice.model == "log-linear"
    assert choice.backtest["log-linear"] == pytest.approx(0.0, abs=1e-9)
    assert choice.forecast["forecast"].to_list() == pytest.approx([100 * 1.2**8, 100 * 1.2**9])
    # a target 1 % below an exact trend's 2025 value is all but certain
    assert choice.probability is not None and choice.probability > 0.999


def test_too_few_points_for_a_backtest() -> None:
    tianjin = pl.DataFrame({"period": ["2020", "2024-03"], "value": [33_000.0, 73_000.0]})
    assert select_trend(tianjin) is None


def test_ets_joins_on_a_regular_series_and_is_scored_on_the_same_origins() -> None:
    # Tianjin GDP 2019-2024, 亿元, NBS revision after the 5th economic census (data/raw/nbs)
    gdp = [14097.2, 14230.8, 16093.2, 16588.5, 17211.8, 17931.3]
    f = pl.DataFrame({"period": [str(y) for y in range(2019, 2025)], "value": gdp})
    choice = select_trend(f, until_year=2026)
    assert choice is not None
    assert set(choice.backtest) == {"linear", "damped", "log-linear", "ets"}
    assert all(e is not None for e in choice.backtest.values())
    # six regular years: every candidate from origin k = 5, i.e. fit 2019-2023, forecast 2024
    t, y = np.arange(2020.0, 2026.0), np.array(gdp)
    lin = np.polyval(np.polyfit(t[:5], y[:5], 1), t[5])
    assert choice.backtest["linear"] == pytest.approx(abs(lin / 17931.3 - 1) * 100)
    assert choice.error == min(e for e in choice.backtest.values() if e is not None)
