"""Forecasts of annual and monthly indicator series: model → fit → results, over statsmodels.

Annual series are short (5–15 points), so the models are simple and honest: exponential
smoothing (:class:`statsmodels.tsa.exponential_smoothing.ets.ETSModel`, additive trend, damped
as an option) or ARIMA with the order chosen by AICc; for monthly series STL + ETS or seasonal
ETS. Prediction intervals and the probability of reaching a target come from simulated paths.
Below ``min_points`` (6) observations (7 for a damped ETS: five parameters and two residual
degrees of freedom) the model falls back to a log-linear trend and says so with an
:class:`~analytics.exceptions.AnalyticsWarning` and in the notes; the trend itself needs 4 points
(two parameters, ``MIN_DOF`` = 2 residual degrees of freedom), fewer raise
:class:`InsufficientDataError` rather than print an interval on one degree of freedom.
Missing periods are never filled: a series with a gap is fitted on the stretch after the last
gap, with a warning (a combined January–February release is not a month, so it is such a gap).
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

import numpy as np
import polars as pl

from analytics.exceptions import AnalyticsError, AnalyticsWarning
from analytics.stats import _models
from analytics.stats._frames import (
    FREQ,
    SUB_END,
    SUB_START,
    YEAR,
    check_choice,
    check_unique,
    with_periods,
)

__all__ = ["ForecastModel", "ForecastResults", "InsufficientDataError", "Method"]

Method = Literal["auto", "ets", "arima", "trend", "stl", "seasonal_ets"]
Direction = Literal["higher", "lower"]


class InsufficientDataError(AnalyticsError, ValueError):
    """Too few observations for the requested computation (e.g. a forecast from one point)."""


def _time_index(freq: str, year: np.ndarray, sub: np.ndarray) -> np.ndarray:
    per_year = {"A": 1, "Q": 4, "M": 12}[freq]
    return year * per_year + (sub - 1)


def _label(freq: str, t: int) -> str:
    if freq == "A":
        return str(t)
    per_year = 4 if freq == "Q" else 12
    year, sub = divmod(t, per_year)
    return f"{year}Q{sub + 1}" if freq == "Q" else f"{year}-{sub + 1:02d}"


@dataclass(frozen=True)
class ForecastModel:
    """A forecasting method and its options; :meth:`fit` it to one series.

    Parameters
    ----------
    method
        ``auto`` (ETS for annual series, STL + ETS for monthly/quarterly ones with at least two
        full years, else ETS), ``ets``, ``arima`` (order by AICc), ``trend`` (log-linear),
        ``stl`` or ``seasonal_ets``.
    damped
        Damped trend for ETS: ``True``, ``False`` or ``"auto"`` (the lower AICc of the two).
    d, max_p, max_q
        ARIMA differencing order and the largest AR and MA orders tried.
    repetitions
        Number of simulated paths.
    seed
        Seed of the simulation, for reproducible intervals and probabilities.
    min_points
        Below this many observations ETS/ARIMA fall back to a log-linear trend, with a warning
        (a damped ETS needs at least 7: five parameters and two residual degrees of freedom;
        ``damped="auto"`` tries the damped trend only from 7).
    transform
        ``log`` fits ETS/ARIMA/STL to the logarithm (growth that compounds) and transforms the
        paths back; the point forecast is then the back-transformed mean of the logs (a median).

    Examples
    --------
    >>> s = pl.DataFrame({"period": [str(y) for y in range(2015, 2025)],
    ...                   "value": [100.0 * 1.05**i for i in range(10)]})
    >>> res = ForecastModel(method="trend", repetitions=200).fit(s, horizon=2)
    >>> res.periods_ahead, [round(float(v), 2) for v in res.mean]
    (['2025', '2026'], [162.89, 171.03])
    """

    method: Method = "auto"
    damped: bool | Literal["auto"] = False
    d: int = 1
    max_p: int = 2
    max_q: int = 1
    repetitions: int = 1000
    seed: int | None = 0
    min_points: int = 6
    transform: Literal["none", "log"] = "none"

    def __post_init__(self) -> None:
        check_choice("method", self.method, get_args(Method))
        check_choice("damped", self.damped, (True, False, "auto"))
        check_choice("transform", self.transform, ("none", "log"))

    def fit(
        self, series: pl.DataFrame, *, horizon: int = 5, until: str | int | None = None
    ) -> ForecastResults:
        """Fit the model to one series (``period``, ``value``) and simulate ``horizon`` periods.

        Parameters
        ----------
        series
            One series in the observation model; other key columns are kept as labels.
        horizon
            Number of periods to forecast after the last observation.
        until
            Forecast up to this period instead (e.g. a target year, ``2027``); overrides
            ``horizon`` (at least one period is always forecast).

        Returns
        -------
        ForecastResults

        Raises
        ------
        InsufficientDataError
            With fewer than four observations after the last gap (a trend on two parameters
            keeps fewer than ``MIN_DOF`` = 2 residual degrees of freedom).
        """
        label, freq, t, y, notes = _prepare(series)
        if len(y) < _models.TREND_MIN_POINTS:
            raise InsufficientDataError(
                f"cannot forecast {_where(label)} from {len(y)} observation(s) "
                f"(hint: a forecast needs at least {_models.TREND_MIN_POINTS} consecutive "
                f"observed periods, so that the fit keeps {_models.MIN_DOF} residual degrees "
                "of freedom)"
            )
        rng = np.random.default_rng(self.seed)
        if until is not None:
            horizon = max(1, _until_index(freq, str(until)) - int(t[-1]))
        t_new = np.arange(t[-1] + 1, t[-1] + 1 + horizon)
        method = self._choose(freq, len(y))
        needed = self._min_points(method)
        if method != "trend" and len(y) < needed:
            msg = (
                f"{_where(label)}: only {len(y)} observations (< {needed}); "
                f"fell back from {method} to a log-linear trend"
            )
            warnings.warn(msg, AnalyticsWarning, stacklevel=2)
            notes.append(msg)
            method = "trend"
        with _models.single_blas_thread():
            fitted = self._fit_transformed(method, freq, label, y, t, t_new, rng)
        return ForecastResults(
            label=label,
            frequency=freq,
            method=method,
            model=fitted.name,
            periods=[_label(freq, int(v)) for v in t],
            values=y,
            periods_ahead=[_label(freq, int(v)) for v in t_new],
            mean=fitted.mean,
            paths=fitted.paths,
            aicc=fitted.aicc,
            params=fitted.params,
            notes=[*notes, *fitted.notes],
            sm_results=fitted.sm_results,
        )

    def _fit_transformed(
        self,
        method: str,
        freq: str,
        label: dict[str, Any],
        y: np.ndarray,
        t: np.ndarray,
        t_new: np.ndarray,
        rng: np.random.Generator,
    ) -> _models.Fitted:
        if self.transform == "log" and method != "trend":
            if np.any(y <= 0):
                raise AnalyticsError(
                    f"{_where(label)}: transform='log' needs positive values "
                    "(hint: use transform='none')"
                )
            fitted = self._fit(method, freq, np.log(y), t, t_new, rng)
            fitted.mean = np.exp(fitted.mean)
            fitted.paths = None if fitted.paths is None else np.exp(fitted.paths)
            fitted.name = f"{fitted.name} on logs"
            return fitted
        return self._fit(method, freq, y, t, t_new, rng)

    def _min_points(self, method: str) -> int:
        """``min_points``, raised to keep ``MIN_DOF`` residual dof for a damped ETS."""
        if method == "ets" and self.damped is True:
            return max(self.min_points, _models.ETS_DAMPED_MIN_POINTS)
        return self.min_points

    def _choose(self, freq: str, n: int) -> str:
        if self.method != "auto":
            return self.method
        period = 12 if freq == "M" else 4
        return "stl" if freq != "A" and n >= 2 * period + 1 else "ets"

    def _fit(
        self,
        method: str,
        freq: str,
        y: np.ndarray,
        t: np.ndarray,
        t_new: np.ndarray,
        rng: np.random.Generator,
    ) -> _models.Fitted:
        h, reps = len(t_new), self.repetitions
        period = {"A": None, "Q": 4, "M": 12}[freq]
        if method == "trend":
            return _models.fit_trend(y, t.astype(float), t_new.astype(float), reps, rng)
        if method == "arima":
            return _models.fit_arima(y, h, reps, rng, d=self.d, max_p=self.max_p, max_q=self.max_q)
        if method in ("stl", "seasonal_ets"):
            if period is None:
                raise AnalyticsError(f"method {method!r} needs monthly or quarterly data")
            if method == "stl":
                return _models.fit_stl(y, h, reps, rng, period=period)
            return _models.fit_ets(
                y, h, reps, rng, damped=self.damped is True, seasonal_periods=period
            )
        if self.damped == "auto" and len(y) < _models.ETS_DAMPED_MIN_POINTS:
            fitted = _models.fit_ets(y, h, reps, rng, damped=False)
            fitted.notes.append(
                f"damped trend not tried: {len(y)} points < {_models.ETS_DAMPED_MIN_POINTS} "
                f"(five parameters and {_models.MIN_DOF} residual degrees of freedom)"
            )
            return fitted
        if self.damped == "auto":
            seed = int(rng.integers(2**31))
            a = _models.fit_ets(y, h, reps, np.random.default_rng(seed), damped=False)
            b = _models.fit_ets(y, h, reps, np.random.default_rng(seed), damped=True)
            best = b if (b.aicc or np.inf) < (a.aicc or np.inf) else a
            best.notes.append(f"damped trend chosen by AICc: {best.name} (AICc {best.aicc:.2f})")
            return best
        return _models.fit_ets(y, h, reps, rng, damped=bool(self.damped))


def _until_index(freq: str, until: str) -> int:
    parts = with_periods(pl.DataFrame({"period": [until]})).row(0, named=True)
    if parts[FREQ] not in (freq, "A"):
        raise AnalyticsError(f"until={until!r} does not match the series' frequency {freq!r}")
    sub = parts[SUB_END] if parts[FREQ] == freq else {"A": 1, "Q": 4, "M": 12}[freq]
    return int(_time_index(freq, np.array([parts[YEAR]]), np.array([sub]))[0])


def _where(label: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in label.items()) or "series"


def _prepare(
    series: pl.DataFrame,
) -> tuple[dict[str, Any], str, np.ndarray, np.ndarray, list[str]]:
    """One series → labels, frequency, integer time index and values after the last gap."""
    label_cols = [c for c in ("indicator", "region", "measure", "vintage") if c in series.columns]
    label: dict[str, Any] = {}
    for c in label_cols:
        values = series[c].unique().to_list()
        if len(values) > 1:
            raise AnalyticsError(
                f"ForecastModel.fit takes one series; column {c!r} has {sorted(map(str, values))} "
                "(hint: use forecast_regions, or filter first)"
            )
        label[c] = values[0] if values else None
    data = with_periods(series)
    check_unique(data, label_cols)
    data = data.filter(pl.col("value").is_not_null() & (pl.col(SUB_START) == pl.col(SUB_END)))
    freqs = data[FREQ].unique().to_list()
    if len(freqs) > 1:
        raise AnalyticsError(f"{_where(label)} mixes frequencies {sorted(freqs)}")
    freq = freqs[0] if freqs else "A"
    t = _time_index(freq, data[YEAR].to_numpy(), data[SUB_END].to_numpy())
    order = np.argsort(t)
    t, y = t[order], data["value"].to_numpy()[order].astype(float)
    notes: list[str] = []
    gaps = np.flatnonzero(np.diff(t) != 1)
    if len(gaps):
        cut = int(gaps[-1]) + 1
        msg = (
            f"{_where(label)}: gap before {_label(freq, int(t[cut]))}; fitted on the "
            f"{len(t) - cut} periods after it (missing periods are not filled)"
        )
        warnings.warn(msg, AnalyticsWarning, stacklevel=3)
        notes.append(msg)
        t, y = t[cut:], y[cut:]
    return label, freq, t, y, notes


@dataclass
class ForecastResults:
    """A fitted forecast: point forecasts, simulated paths, intervals, probabilities.

    Use :meth:`to_frame` for a table, :meth:`summary` for text, :meth:`probability` for the
    chance of reaching a target; ``sm_results`` is the statsmodels results object (``None`` for
    the trend fallback) and ``notes`` records every fallback and every statsmodels warning.

    Made by :meth:`ForecastModel.fit`; not meant to be built by hand.

    Parameters
    ----------
    label
        The series' key columns (``indicator``, ``region``, ``measure``, ``vintage``, those
        present) and their one value each; empty for a bare ``period``/``value`` series.
    frequency
        ``"A"``, ``"Q"`` or ``"M"``.
    method
        The method actually used (``ets``, ``arima``, ``trend``, ``stl``, ``seasonal_ets``):
        ``auto`` resolved, and ``trend`` after a fallback for a short series.
    model
        The fitted model's name, e.g. ``"ETS(A,A,N)"``, ``"ARIMA(1, 1, 0)"``,
        ``"log-linear trend"``; ``" on logs"`` is appended for ``transform="log"``.
    periods
        The labels of the observations fitted (those after the last gap), oldest first.
    values
        The observed values fitted, one per entry of ``periods``, in the series' unit.
    periods_ahead
        The labels of the forecast periods, ``horizon`` of them.
    mean
        The point forecast for each of ``periods_ahead`` (for ``transform="log"``: the
        back-transformed mean of the logs, a median).
    paths
        Simulated values, shape (len(``periods_ahead``), repetitions); None when the model
        gave no simulation (intervals are then NaN and probabilities None).
    aicc
        Corrected Akaike criterion of the fit; None (the default) for models without one (the
        trend, STL).
    params
        Estimated parameters by name (statsmodels' names; ``intercept``, ``slope`` and
        ``residual_sd`` for the trend); empty by default.
    notes
        Fallbacks, gaps and statsmodels warnings met on the way, as sentences; empty by default.
    sm_results
        The statsmodels results object; None (the default) for the trend.

    Examples
    --------
    >>> s = pl.DataFrame({"period": [str(y) for y in range(2015, 2025)],
    ...                   "value": [100.0 * 1.05**i for i in range(10)]})
    >>> res = ForecastModel(method="trend", repetitions=200).fit(s, horizon=2)
    >>> res.model, res.frequency, res.paths.shape, res.aicc
    ('log-linear trend', 'A', (2, 200), None)
    >>> res.probability(160.0, 2025)  # the 2025 point forecast is 162.89
    1.0
    """

    label: dict[str, Any]
    frequency: str
    method: str
    model: str
    periods: list[str]
    values: np.ndarray
    periods_ahead: list[str]
    mean: np.ndarray
    paths: np.ndarray | None
    aicc: float | None = None
    params: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    sm_results: Any = None

    def interval(self, level: float = 0.8) -> tuple[np.ndarray, np.ndarray]:
        """Central prediction interval at ``level`` from the simulated paths (NaN without)."""
        if self.paths is None:
            nan = np.full(len(self.mean), np.nan)
            return nan, nan.copy()
        lo, hi = np.quantile(self.paths, [(1 - level) / 2, (1 + level) / 2], axis=1)
        return lo, hi

    def probability(
        self, target: float, period: str | int, *, direction: Direction = "higher"
    ) -> float | None:
        """Share of simulated paths at or beyond ``target`` in ``period`` (None without paths).

        ``direction="higher"`` counts paths ``>= target``; ``"lower"`` paths ``<= target``.
        The value in the target period counts, not whether a path touched the target earlier.
        """
        key = str(period)
        if key not in self.periods_ahead:
            raise AnalyticsError(
                f"period {key!r} is not forecast; forecast periods are {self.periods_ahead} "
                "(hint: fit with a longer horizon)"
            )
        if self.paths is None:
            return None
        row = self.paths[self.periods_ahead.index(key)]
        hit = row >= target if direction == "higher" else row <= target
        return float(np.mean(hit))

    def to_frame(self, *, levels: tuple[float, ...] = (0.8, 0.95)) -> pl.DataFrame:
        """Observed values and forecasts with their intervals, one row per period."""
        n, h = len(self.periods), len(self.periods_ahead)
        cols: dict[str, Any] = {
            "period": [*self.periods, *self.periods_ahead],
            "kind": ["observed"] * n + ["forecast"] * h,
            "value": [*map(float, self.values), *([None] * h)],
            "forecast": [*([None] * n), *map(float, self.mean)],
        }
        for level in levels:
            lo, hi = self.interval(level)
            pct = round(level * 100)
            cols[f"lower_{pct}"] = [*([None] * n), *(None if np.isnan(v) else float(v) for v in lo)]
            cols[f"upper_{pct}"] = [*([None] * n), *(None if np.isnan(v) else float(v) for v in hi)]
        floats = {k: pl.Float64 for k in cols if k not in ("period", "kind")}
        frame = pl.DataFrame(cols, schema_overrides=floats)
        labels = [pl.lit(v).alias(k) for k, v in self.label.items()]
        return frame.select([*labels, *frame.columns, pl.lit(self.model).alias("model")])

    def summary(self) -> str:
        """A plain-text summary: model, fit, forecasts with 80% intervals, notes."""
        lo, hi = self.interval(0.8)
        lines = [
            f"Forecast for {_where(self.label)}",
            f"model: {self.model} (method {self.method}), {len(self.values)} observations "
            f"{self.periods[0]}–{self.periods[-1]}",
        ]
        if self.aicc is not None:
            lines.append(f"AICc: {self.aicc:.3f}")
        if self.params:
            lines.append("params: " + ", ".join(f"{k}={v:.4g}" for k, v in self.params.items()))
        lines.append("period    forecast    80% interval")
        for p, m, a, b in zip(self.periods_ahead, self.mean, lo, hi, strict=True):
            lines.append(f"{p:<9} {m:>10.4g}    [{a:.4g}, {b:.4g}]")
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<ForecastResults {self.model} for {_where(self.label)}>"

    def _repr_html_(self) -> str:
        lo, hi = self.interval(0.8)
        rows = "".join(
            f"<tr><td>{html.escape(p)}</td><td>{m:.4g}</td><td>{a:.4g} – {b:.4g}</td></tr>"
            for p, m, a, b in zip(self.periods_ahead, self.mean, lo, hi, strict=True)
        )
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        return (
            f"<div><strong>{html.escape(self.model)}</strong> — {html.escape(_where(self.label))}"
            f", {len(self.values)} observations</div>"
            "<table><thead><tr><th>period</th><th>forecast</th><th>80% interval</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>" + (f"<ul>{notes}</ul>" if notes else "")
        )
