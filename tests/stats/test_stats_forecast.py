from __future__ import annotations

import warnings

import numpy as np
import polars as pl
import pytest
from statsmodels.tsa.arima.model import ARIMA
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.forecasting.stl import STLForecast

from analytics.exceptions import AnalyticsError, AnalyticsWarning
from analytics.stats import (
    ForecastModel,
    InsufficientDataError,
    forecast_regions,
    target_table,
)
from analytics.stats._models import recorded


def annual(
    values: np.ndarray | list[float], start: int = 2010, region: str = "120000"
) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "indicator": "gdp",
            "region": region,
            "period": [str(start + i) for i in range(len(values))],
            "value": np.asarray(values, dtype=float),
        }
    )


@pytest.fixture
def y15() -> np.ndarray:
    rng = np.random.default_rng(42)
    return 100 * np.exp(np.cumsum(0.06 + 0.02 * rng.standard_normal(15)))


@pytest.mark.parametrize("damped", [False, True])
def test_ets_equals_statsmodels_called_directly(y15: np.ndarray, damped: bool) -> None:
    res = ForecastModel(method="ets", damped=damped, repetitions=300, seed=7).fit(
        annual(y15), horizon=4
    )
    direct = ETSModel(y15, error="add", trend="add", damped_trend=damped).fit(disp=False)
    np.testing.assert_allclose(list(res.params.values()), direct.params, rtol=1e-10)
    np.testing.assert_allclose(res.mean, direct.forecast(4), rtol=1e-10)
    paths = direct.simulate(4, anchor="end", repetitions=300, rng=np.random.default_rng(7))
    np.testing.assert_allclose(res.paths, paths, rtol=1e-10)
    assert res.aicc == pytest.approx(direct.aicc)
    assert res.model == ("ETS(A,Ad,N)" if damped else "ETS(A,A,N)")
    assert res.periods_ahead == ["2025", "2026", "2027", "2028"]


def test_arima_order_chosen_by_aicc_equals_direct_search(y15: np.ndarray) -> None:
    res = ForecastModel(method="arima", repetitions=100).fit(annual(y15), horizon=3)
    fits = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels' start-parameter warnings, as in the fit
        for p in range(3):
            for q in range(2):
                fits[(p, 1, q)] = ARIMA(y15, order=(p, 1, q), trend="t").fit()
    order = min(fits, key=lambda k: fits[k].aicc)
    assert res.model == f"ARIMA{order}"
    np.testing.assert_allclose(res.mean, fits[order].forecast(3), rtol=1e-8)
    assert res.aicc == pytest.approx(fits[order].aicc)
    assert res.paths is not None and res.paths.shape == (3, 100)


def test_stl_monthly_equals_statsmodels() -> None:
    t = np.arange(60)
    rng = np.random.default_rng(0)
    y = 100 + t + 10 * np.sin(2 * np.pi * t / 12) + rng.standard_normal(60)
    periods = [f"{2019 + i // 12}-{i % 12 + 1:02d}" for i in range(60)]
    df = pl.DataFrame({"indicator": "cpi", "region": "120000", "period": periods, "value": y})
    res = ForecastModel(repetitions=200).fit(df, horizon=6)  # auto: STL for 5 years of months
    direct = STLForecast(y, ETSModel, model_kwargs={"error": "add", "trend": "add"}, period=12)
    np.testing.assert_allclose(res.mean, direct.fit(fit_kwargs={"disp": False}).forecast(6))
    assert res.method == "stl"
    assert res.periods_ahead[0] == "2024-01"
    lo, hi = res.interval(0.8)
    assert np.all(lo < res.mean) and np.all(res.mean < hi)


def test_seasonal_ets_equals_statsmodels() -> None:
    t = np.arange(48)
    y = 50 + 0.5 * t + 5 * np.cos(2 * np.pi * t / 12) + np.random.default_rng(1).normal(0, 0.5, 48)
    periods = [f"{2020 + i // 12}-{i % 12 + 1:02d}" for i in range(48)]
    df = pl.DataFrame({"period": periods, "value": y})
    res = ForecastModel(method="seasonal_ets", repetitions=50).fit(df, horizon=3)
    direct = ETSModel(y, error="add", trend="add", seasonal="add", seasonal_periods=12)
    np.testing.assert_allclose(res.mean, direct.fit(disp=False).forecast(3), rtol=1e-8)
    assert res.model == "ETS(A,A,A)"


def test_trend_fallback_warns_below_six_points() -> None:
    y = [10.0, 12.0, 13.0, 15.5, 17.0]
    with pytest.warns(AnalyticsWarning, match="only 5 observations"):
        res = ForecastModel(method="ets").fit(annual(y), horizon=2)
    assert res.method == "trend"
    assert any("fell back" in n for n in res.notes)
    b, a = np.polyfit(np.arange(2010, 2015, dtype=float), np.log(y), 1)
    np.testing.assert_allclose(res.mean, np.exp(a + b * np.array([2015.0, 2016.0])))
    assert res.sm_results is None


def test_a_trend_on_fewer_than_four_points_is_refused() -> None:
    # three points and two parameters leave one residual dof: t(0.975, 1) = 12.7, no interval
    with pytest.raises(InsufficientDataError, match=r"at least 4 .* 2 residual degrees"):
        ForecastModel(method="trend").fit(annual([1.0, 2.0, 4.0]), horizon=1)
    res = ForecastModel(method="trend", repetitions=50).fit(annual([1.0, 2.0, 4.0, 8.0]))
    assert res.paths is not None and res.model == "log-linear trend"


def test_a_damped_ets_needs_seven_points() -> None:
    # α, β, φ, l0, b0: five parameters; six points would leave one residual dof
    y = [10.0, 12.0, 13.0, 15.5, 17.0, 18.0]
    with pytest.warns(AnalyticsWarning, match=r"only 6 observations \(< 7\)"):
        res = ForecastModel(method="ets", damped=True).fit(annual(y), horizon=1)
    assert res.method == "trend"
    plain = ForecastModel(method="ets", repetitions=50).fit(annual(y), horizon=1)
    assert plain.model == "ETS(A,A,N)"  # four parameters: two residual dof from six points
    auto = ForecastModel(method="ets", damped="auto", repetitions=50).fit(annual(y), horizon=1)
    assert auto.model == "ETS(A,A,N)" and any("damped trend not tried" in n for n in auto.notes)


def test_options_are_checked_at_the_boundary() -> None:
    with pytest.raises(AnalyticsError, match="method='holt' is not one of"):
        ForecastModel(method="holt")  # type: ignore[arg-type]
    with pytest.raises(AnalyticsError, match="transform"):
        ForecastModel(transform="sqrt")  # type: ignore[arg-type]


def test_one_observation_is_a_clear_error() -> None:
    with pytest.raises(InsufficientDataError, match=r"region='120000'.*1 observation"):
        ForecastModel().fit(annual([5.0]))
    with pytest.raises(InsufficientDataError):
        ForecastModel().fit(annual([np.nan, np.nan]).with_columns(pl.lit(None).alias("value")))


def test_gap_is_not_filled_and_is_reported(y15: np.ndarray) -> None:
    holed = annual(y15).filter(pl.col("period") != "2013")
    with pytest.warns(AnalyticsWarning, match="gap before 2014"):
        res = ForecastModel(method="ets").fit(holed, horizon=1)
    assert res.periods[0] == "2014"
    assert len(res.values) == 11


def test_probability_from_paths(y15: np.ndarray) -> None:
    res = ForecastModel(repetitions=500).fit(annual(y15), horizon=3)
    assert res.paths is not None
    row = res.paths[2]
    target = float(np.median(row))
    assert res.probability(target, 2027) == pytest.approx(np.mean(row >= target))
    assert res.probability(target, "2027", direction="lower") == pytest.approx(
        np.mean(row <= target)
    )
    assert res.probability(0.0, 2025) == 1.0
    with pytest.raises(AnalyticsError, match="not forecast"):
        res.probability(1.0, 2030)


def test_until_sets_the_horizon_per_region(y15: np.ndarray) -> None:
    res = ForecastModel(repetitions=50).fit(annual(y15), until=2027)
    assert res.periods_ahead == ["2025", "2026", "2027"]
    df = pl.concat([annual(y15, region="a"), annual(y15[:-2], region="b")])  # b ends in 2022
    fc = forecast_regions(df, model=ForecastModel(repetitions=50), until="2027")
    assert fc.results["b"].periods_ahead == ["2023", "2024", "2025", "2026", "2027"]
    assert fc.probabilities(300.0, 2027)["probability"].null_count() == 0
    monthly = pl.DataFrame({"period": [f"2024-{m:02d}" for m in range(1, 13)], "value": y15[:12]})
    assert ForecastModel(method="ets").fit(monthly, until=2025).periods_ahead[-1] == "2025-12"


def test_results_display(y15: np.ndarray) -> None:
    res = ForecastModel(repetitions=200).fit(annual(y15), horizon=2)
    frame = res.to_frame()
    assert frame.columns == [
        "indicator",
        "region",
        "period",
        "kind",
        "value",
        "forecast",
        "lower_80",
        "upper_80",
        "lower_95",
        "upper_95",
        "model",
    ]
    assert frame.height == 17
    assert frame.filter(kind="forecast")["value"].null_count() == 2
    assert "ETS(A,A,N)" in res.summary()
    assert "80% interval" in res.summary()
    assert "<table>" in res._repr_html_()


def test_log_transform_fits_logs(y15: np.ndarray) -> None:
    res = ForecastModel(method="ets", transform="log", repetitions=100).fit(annual(y15), horizon=2)
    direct = ETSModel(np.log(y15), error="add", trend="add").fit(disp=False)
    np.testing.assert_allclose(res.mean, np.exp(direct.forecast(2)))
    assert res.model.endswith("on logs")


def test_statsmodels_warnings_become_notes() -> None:
    notes: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with recorded(notes):
            warnings.warn("did not converge", UserWarning, stacklevel=1)
    assert notes == ["statsmodels UserWarning: did not converge"]


def test_forecast_regions_and_target_status(y15: np.ndarray) -> None:
    df = pl.concat(
        [
            annual(y15, region="120000"),
            annual(y15 * 1.1, region="110000"),
            annual([5.0], start=2024, region="310000"),
        ]
    )
    fc = forecast_regions(df, model=ForecastModel(repetitions=300), horizon=3)
    assert sorted(fc.results) == ["110000", "120000"]
    assert "310000" in fc.failures
    probs = fc.probabilities(float(y15[-1]) * 1.05, 2027)
    assert probs["region"].to_list() == ["110000", "120000", "310000"]
    assert probs["probability"][2] is None
    assert probs["probability"][0] >= probs["probability"][1]
    table = target_table(
        df,
        pl.DataFrame(
            {"indicator": ["gdp"], "target_value": [float(y15[-1]) * 1.05], "target_year": [2027]}
        ),
        probabilities=probs,
    )
    assert table.filter(region="110000")["status"][0] == "achieved"
    assert "(P: ETS(A,A,N))" in table.filter(region="120000")["rule"][0]
    assert fc.to_frame().height == 2 * 18
    assert "310000: not forecast" in fc.summary()
    assert "<table>" in fc._repr_html_()


def test_forecast_regions_rejects_mixed_vintages(y15: np.ndarray) -> None:
    df = pl.concat([annual(y15).with_columns(vintage=pl.lit(v)) for v in ("published", "revised")])
    with pytest.raises(AnalyticsError, match="one vintage"):
        forecast_regions(df)


@pytest.mark.slow
def test_forecast_regions_in_two_processes_equals_serial(y15: np.ndarray) -> None:
    df = pl.concat([annual(y15 * (1 + i / 10), region=f"{i}") for i in range(4)])
    model = ForecastModel(repetitions=100)
    serial = forecast_regions(df, model=model, horizon=2)
    parallel = forecast_regions(df, model=model, horizon=2, n_jobs=2)
    assert list(parallel.results) == list(serial.results)
    for region, res in serial.results.items():
        np.testing.assert_allclose(parallel.results[region].mean, res.mean)
        np.testing.assert_allclose(parallel.results[region].paths, res.paths)
