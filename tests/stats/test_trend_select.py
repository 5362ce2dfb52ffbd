"""Trend model choice by rolling-origin backtest, pinned on published 5G base-station counts.

China's series is the one in data/reference/figures.csv (MIIT year-end counts, lines 214-218 and
212): end-2021 1,425,000; end-2022 2,312,000; end-2024 4,251,000; end-2025 4,838,000 and a
November-2025 figure of 4,830,000 (the same year: counted once). No 2023 figure is shipped.
Shanghai's (lines 321, 140, 327, 332): end-2021 48,000; April 2022 51,716; August 2023 88,000;
March 2024 92,000 (the December 2022 ">68,000" is a lower bound and left out).
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from scipy import stats

from analytics.stats.trend_select import TrendChoice, one_per_year, select_trend

CHINA_5G = pl.DataFrame(
    {
        "period": ["2021", "2022", "2024", "2025", "2025-11"],
        "value": [1_425_000.0, 2_312_000.0, 4_251_000.0, 4_838_000.0, 4_830_000.0],
    }
)
SHANGHAI_5G = pl.DataFrame(
    {
        "period": ["2021", "2022-04", "2023-08", "2024-03"],
        "value": [48_000.0, 51_716.0, 88_000.0, 92_000.0],
    }
)
# Tianjin R&D spending 2011-2023, 亿元 (data/raw/rd_techme/rd_china_st_yearbook_long.csv)
RD = [297.8, 360.5, 428.1, 464.7, 510.2, 537.3, 458.7, 492.4, 463.0, 485.0, 574.3, 568.7, 599.2]


def _series(values: list[float], start: int) -> pl.DataFrame:
    return pl.DataFrame({"period": [str(start + i) for i in range(len(values))], "value": values})


def _row(choice: TrendChoice, period: str) -> dict[str, float]:
    return choice.forecast.filter(pl.col("period") == period).row(0, named=True)


def test_a_year_is_counted_once_latest_figure_wins() -> None:
    pts = one_per_year(CHINA_5G)
    assert pts["period"].to_list() == ["2021", "2022", "2024", "2025"]
    assert pts["value"][-1] == 4_838_000.0  # year-end beats November
    assert pts["t"].to_list() == [2022.0, 2023.0, 2025.0, 2026.0]  # ends of the years


def test_four_points_are_a_trend_only_not_tested() -> None:
    # a two-parameter line on k points keeps k - 2 residual dof; at least 2 are required, so the
    # first backtest origin is k = 4 and four points leave none (3 are required): no error claimed
    choice = select_trend(CHINA_5G, until_year=2030, constraint="stock")
    assert choice is not None
    assert (choice.tested, choice.origins, choice.error) == (False, 0, None)
    assert set(choice.backtest.values()) == {None}
    assert choice.model == "linear"
    # the damped trend (a, b, φ) on four points would keep one dof: not fitted at all
    assert set(choice.candidates) == {"linear", "log-linear"}
    assert any("not tested" in n for n in choice.notes)


def test_china_2026_lower_bound_is_not_below_what_is_built() -> None:
    choice = select_trend(CHINA_5G, until_year=2030, constraint="stock")
    assert choice is not None
    # by hand, OLS on t = 2022, 2023, 2025, 2026 (year-ends): t̄ = 2024, ȳ = 3,206,500,
    # Σ(t − t̄)(y − ȳ) = 8,765,000, Σ(t − t̄)² = 10 → b = 876,500 a year;
    # end-2026 (t = 2027): 3,206,500 + 3 × 876,500 = 5,836,000.
    # residuals −28,500, −18,000, +168,000, −121,500 → SSE = 44,122,500,000 on 2 dof,
    # s = 148,530.6; se = s·√(1 + 1/4 + 3²/10) = 217,787; t(0.975, 2) = 4.30265
    # → the Student-t band 5,836,000 ∓ 937,062 = 4,898,938 … 6,773,062
    row = _row(choice, "2026")
    assert row["forecast"] == pytest.approx(5_836_000.0, rel=1e-12)
    s = np.sqrt(44_122_500_000 / 2)
    q = stats.t.ppf(0.975, 2) * s * np.sqrt(1 + 1 / 4 + 9 / 10)
    assert q == pytest.approx(937_062, rel=1e-5)
    assert row["lower_95"] >= 4_838_000  # the 4,838,000 built by end-2025
    assert row["lower_95"] == pytest.approx(5_836_000 - q, rel=0.01)  # simulated paths
    assert row["upper_95"] == pytest.approx(5_836_000 + q, rel=0.01)
    for col in ("forecast", "lower_80", "upper_80", "lower_95", "upper_95"):
        assert (choice.forecast[col].diff().drop_nulls() >= 0).all()  # a stock never falls


def test_shanghai_lower_bound_is_not_below_its_last_stock() -> None:
    choice = select_trend(SHANGHAI_5G, until_year=2030, constraint="stock")
    assert choice is not None
    assert choice.forecast["period"].to_list() == ["2025", "2026", "2027"]
    assert choice.forecast["lower_95"].min() >= 92_000
    assert choice.forecast["lower_80"].min() >= 92_000


def test_a_stock_that_stalls_has_its_lower_bound_at_what_is_built() -> None:
    # 100, 110, 111, 112: a line leaves room below 112 at the 2.5 % point; a stock cannot fall,
    # so those paths stay at 112 and the lower bound is the last observed stock itself
    f = _series([100.0, 110.0, 111.0, 112.0], 2020)
    free = select_trend(f, constraint="none")
    held = select_trend(f, constraint="stock")
    assert free is not None and held is not None
    assert _row(free, "2024")["lower_95"] < 112
    assert _row(held, "2024")["lower_95"] == 112.0
    counts = select_trend(_series([50.0, 30.0, 20.0, 5.0], 2020), constraint="nonnegative")
    assert counts is not None and counts.forecast["lower_95"].min() == 0.0  # counts are ≥ 0


def test_probability_only_within_the_horizon() -> None:
    # four yearly points support three years ahead: 2026-2028
    later = select_trend(CHINA_5G, target=6.0e6, target_year=2030, constraint="stock")
    assert later is not None and later.forecast["period"][-1] == "2028"
    assert (later.probability, later.no_probability) == (None, "beyond_horizon")
    done = select_trend(CHINA_5G, target=6.0e6, target_year=2025, constraint="stock")
    assert done is not None and (done.probability, done.no_probability) == (None, "within_record")
    # end-2027 by hand: 3,206,500 + 4 × 876,500 = 6,712,500, the line's median: P ≈ 1/2
    mid = select_trend(CHINA_5G, target=6_712_500.0, target_year=2027, constraint="stock")
    assert mid is not None and mid.no_probability is None
    assert mid.probability == pytest.approx(0.5, abs=0.02)


def test_candidates_disagree_when_linear_and_log_linear_diverge() -> None:
    f = _series([100.0, 160.0, 220.0, 300.0], 2020)
    choice = select_trend(f)
    assert choice is not None and not choice.tested
    # linear by hand on t = 2021 … 2024: ȳ = 195, b = 330 / 5 = 66; end-2026 (t = 2027):
    # 195 + 4.5 × 66 = 492. Residuals 4, −2, −8, 6: s = √(120 / 2) = 7.746 in levels; the
    # log-linear fit's level residual sd is 10.7 (within 2 × 7.746: both in contention)
    t = np.arange(2021.0, 2025.0)
    loglin = float(np.exp(np.polyval(np.polyfit(t, np.log(f["value"].to_numpy()), 1), 2027.0)))
    assert choice.contenders == ("linear", "log-linear")
    assert choice.spread() == pytest.approx((492.0, loglin))
    # the 80 % interval by hand: 2 × t(0.9, 2) × s·√(1 + 1/4 + 4.5²/5) = 2 × 1.8856 × 17.83
    row = _row(choice, "2026")
    width = row["upper_80"] - row["lower_80"]
    assert width == pytest.approx(2 * stats.t.ppf(0.9, 2) * np.sqrt(60 * 5.3), rel=0.03)
    assert choice.disagreement == pytest.approx((loglin - 492.0) / width)
    assert choice.disagree


def test_a_straight_line_raises_no_disagreement() -> None:
    short = select_trend(_series([10.0, 12.0, 14.0, 16.0], 2020))
    assert short is not None and not short.tested
    # the line fits exactly; the log-linear fit leaves a residual sd of 0.22: out of contention
    assert short.contenders == ("linear",)
    assert not short.disagree and short.disagreement == 0.0
    # eight points: linear, log-linear and damped on the same 3 origins (k = 5, 6, 7)
    long = select_trend(_series([10.0 + 2 * i for i in range(8)], 2016))
    assert long is not None and long.tested and long.origins == 3
    assert long.backtest["linear"] == pytest.approx(0.0, abs=1e-9)
    assert long.backtest["damped"] is not None and long.backtest["damped"] > 0
    assert long.contenders == ("linear",) and not long.disagree


def test_compounding_data_choose_log_linear() -> None:
    years = [str(y) for y in range(2016, 2024)]
    f = pl.DataFrame({"period": years, "value": [100 * 1.2**i for i in range(len(years))]})
    choice = select_trend(f, until_year=2025, target=0.99 * 100 * 1.2**9, target_year=2025)
    assert choice is not None and choice.tested
    assert choice.model == "log-linear"
    assert choice.backtest["log-linear"] == pytest.approx(0.0, abs=1e-9)
    assert choice.forecast["forecast"].to_list() == pytest.approx([100 * 1.2**8, 100 * 1.2**9])
    # a target 1 % below an exact trend's 2025 value is all but certain
    assert choice.probability is not None and choice.probability > 0.999


def test_every_candidate_is_scored_on_the_same_origins() -> None:
    choice = select_trend(_series(RD, 2011), until_year=2026)
    assert choice is not None and choice.tested
    assert set(choice.backtest) == {"linear", "damped", "log-linear", "ets"}
    assert all(e is not None for e in choice.backtest.values())
    # ETS(A,Ad,N) has 5 parameters, so 7 points: origins k = 7 … 12 (fit 2011-2017, forecast
    # 2018; …; fit 2011-2022, forecast 2023), the same six for every candidate
    assert choice.origins == 6
    t, y = np.arange(2012.0, 2025.0), np.array(RD)
    errs = [abs(np.polyval(np.polyfit(t[:k], y[:k], 1), t[k]) / y[k] - 1) for k in range(7, 13)]
    assert choice.backtest["linear"] == pytest.approx(np.mean(errs) * 100)
    assert choice.error == min(e for e in choice.backtest.values() if e is not None)
