"""Trend forecasts for short, irregular stocks, the model chosen by rolling-origin backtest.

Stocks such as 5G base stations are published at irregular dates (year-ends, a March press
release, a gap year). Four candidate models in physical time ``t`` (a period's end in decimal
years: end-2024 → 2025.0, March 2024 → 2024.25):

- **linear** ``y = a + b·t``: constant yearly additions;
- **damped** ``y = a + b·D(t)`` with ``D(t) = (1 − φ^s)/(1 − φ)``, ``s`` years since the first
  point and φ ∈ {0.5 … 0.95} by least squares: additions shrinking by a factor φ a year
  (Gardner & McKenzie's damped trend);
- **log-linear** ``ln y = a + b·t``: a constant growth *rate* (compounding);
- **ets**: statsmodels' ``ETSModel`` with an additive damped trend, only for a regular annual
  series of at least 6 points with no gap year.

Rules (see ``docs/METHODS.md``):

- one point per calendar year: the latest figure of the year (a year-end figure wins over a
  November one), so a year is never counted twice;
- each candidate is scored by its one-step-ahead error, fitting on the first ``k`` points and
  forecasting point ``k + 1``, for every origin ``k ≥ 3`` (``k ≥ 5`` when the series is regular
  enough for ETS; all candidates on the same origins; mean absolute percentage error);
  the lowest error wins, ties going to the simpler model (the order of the table);
- no forecast more than ``n − 1`` years past the last point (and never more than 5): the data
  do not support a longer horizon;
- intervals and P(reaching a target) from the Student-t predictive distribution of the chosen
  OLS fit (ETS: from 2,000 simulated paths, seeded); the spread of the candidates'
  forecasts is kept so a report can say when they disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from analytics.stats.periods import period_end, period_year

__all__ = ["TrendChoice", "one_per_year", "select_trend"]

MIN_POINTS = 3
MAX_HORIZON = 5
PHIS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
MODELS = ("linear", "damped", "log-linear", "ets")
ETS_MIN_POINTS = 6
_ETS_STEPS = 10
_ETS_PATHS = 2000


def one_per_year(frame: pl.DataFrame) -> pl.DataFrame:
    """The latest observation of each calendar year, with ``t`` (decimal years at its end).

    Examples
    --------
    >>> f = pl.DataFrame({"period": ["2024", "2025-11", "2025"], "value": [4.251, 4.83, 4.838]})
    >>> one_per_year(f).select("period", "value", "t").rows()
    [('2024', 4.251, 2025.0), ('2025', 4.838, 2026.0)]
    """
    end = period_end().alias("_end")
    out = (
        frame.with_columns(end, period_year().alias("_year"))
        .sort("_end")
        .group_by("_year", maintain_order=True)
        .agg(pl.all().last())
    )
    t = pl.col("_end").dt.year() + pl.col("_end").dt.ordinal_day() / pl.when(
        pl.col("_end").dt.is_leap_year()
    ).then(366.0).otherwise(365.0)
    return out.with_columns(t.alias("t")).drop("_year", "_end").sort("t")


@dataclass(frozen=True)
class _Fit:
    model: str
    a: float
    b: float
    phi: float
    t0: float
    s: float
    dof: int
    xbar: float
    sxx: float
    n: int

    def x(self, t: np.ndarray) -> np.ndarray:
        if self.model != "damped":
            return t
        return (1 - self.phi ** (t - self.t0)) / (1 - self.phi)

    def _se(self, t: np.ndarray) -> np.ndarray:
        return self.s * np.sqrt(1 + 1 / self.n + (self.x(t) - self.xbar) ** 2 / self.sxx)

    def point(self, t: np.ndarray) -> np.ndarray:
        mid = self.a + self.b * self.x(t)
        return np.exp(mid) if self.model == "log-linear" else mid

    def band(self, t: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
        from scipy import stats  # scipy.stats costs ~1 s at start-up: only when asked

        q = stats.t.ppf((1 + level) / 2, max(self.dof, 1)) * self._se(t)
        mid = self.a + self.b * self.x(t)
        if self.model == "log-linear":
            return np.exp(mid - q), np.exp(mid + q)
        return mid - q, mid + q

    def prob_at_least(self, value: float, t: float) -> float:
        from scipy import stats

        y = np.log(value) if self.model == "log-linear" else value
        z = (y - (self.a + self.b * self.x(np.array([t])))[0]) / self._se(np.array([t]))[0]
        return float(stats.t.sf(z, max(self.dof, 1)))


def _ols(model: str, t: np.ndarray, y: np.ndarray, phi: float) -> _Fit | None:
    if model == "log-linear" and np.any(y <= 0):
        return None
    yy = np.log(y) if model == "log-linear" else y
    probe = _Fit(model, 0, 0, phi, float(t[0]), 0, 0, 0, 1, len(t))
    x = probe.x(t)
    xbar, sxx = float(x.mean()), float(((x - x.mean()) ** 2).sum())
    if sxx <= 0:
        return None
    b = float(((x - xbar) * (yy - yy.mean())).sum() / sxx)
    a = float(yy.mean() - b * xbar)
    dof = len(t) - (3 if model == "damped" else 2)
    sse = float(((yy - a - b * x) ** 2).sum())
    s = float(np.sqrt(sse / max(dof, 1)))
    return _Fit(model, a, b, phi, float(t[0]), max(s, 1e-12), dof, xbar, sxx, len(t))


@dataclass(frozen=True)
class _EtsFit:
    """statsmodels' ETS(A,Ad,N) on a regular annual series: mean and simulated paths ahead."""

    t_last: float
    mean: np.ndarray
    paths: np.ndarray  # steps × paths

    def _rows(self, t: np.ndarray) -> np.ndarray:
        return np.rint(t - self.t_last).astype(int) - 1

    def point(self, t: np.ndarray) -> np.ndarray:
        return self.mean[self._rows(t)]

    def band(self, t: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
        rows = self.paths[self._rows(t)]
        q = (1 - level) / 2
        return np.quantile(rows, q, axis=1), np.quantile(rows, 1 - q, axis=1)

    def prob_at_least(self, value: float, t: float) -> float:
        return float((self.paths[self._rows(np.array([t]))[0]] >= value).mean())


def _regular(t: np.ndarray) -> bool:
    return len(t) >= ETS_MIN_POINTS and bool(np.all(np.diff(t) == 1.0))


def _fit_ets(t: np.ndarray, y: np.ndarray) -> _EtsFit | None:
    from analytics.stats._models import fit_ets

    if len(t) < ETS_MIN_POINTS - 1 or not np.all(np.diff(t) == 1.0):
        return None
    rng = np.random.default_rng(20211)  # reproducible intervals
    f = fit_ets(y, _ETS_STEPS, _ETS_PATHS, rng, damped=True)
    return _EtsFit(float(t[-1]), np.asarray(f.mean), np.asarray(f.paths))


def _fit(model: str, t: np.ndarray, y: np.ndarray) -> _Fit | _EtsFit | None:
    if model == "ets":
        return _fit_ets(t, y)
    if len(t) < MIN_POINTS - (0 if model == "damped" else 1):
        return None
    if model != "damped":
        return _ols(model, t, y, 1.0)
    fits = [f for f in (_ols(model, t, y, p) for p in PHIS) if f is not None]
    return min(fits, key=lambda f: f.s * f.s * max(f.dof, 1), default=None)


def _backtest(model: str, t: np.ndarray, y: np.ndarray, first: int) -> float | None:
    """Mean absolute percentage error of one-step-ahead forecasts from origins k ≥ ``first``."""
    errors = []
    for k in range(first, len(t)):
        f = _fit(model, t[:k], y[:k])
        if f is None:
            return None
        errors.append(abs(f.point(t[k : k + 1])[0] / y[k] - 1))
    return float(np.mean(errors)) * 100 if errors else None


@dataclass(frozen=True)
class TrendChoice:
    """The chosen trend model, its backtest, its forecasts and how far the candidates disagree.

    Attributes
    ----------
    model
        The chosen model (``linear``, ``damped`` or ``log-linear``).
    backtest
        Each candidate's mean absolute one-step-ahead error in % (None: not enough points).
    forecast
        ``period`` (years ahead), ``t``, ``forecast`` and the 80 %/95 % bounds.
    candidates
        Each candidate's forecast for the last year forecast.
    probability
        P(the value reaches ``target`` by the end of ``target_year``) under the chosen model.
    """

    model: str
    backtest: dict[str, float | None]
    forecast: pl.DataFrame
    candidates: dict[str, float] = field(default_factory=dict)
    probability: float | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def error(self) -> float:
        """The chosen model's backtest error (mean absolute %)."""
        return float(self.backtest[self.model] or 0.0)

    def spread(self) -> tuple[float, float]:
        """The lowest and highest candidate forecast for the last year forecast."""
        vals = list(self.candidates.values())
        return min(vals), max(vals)


def _forecast_frame(fit: _Fit | _EtsFit, years: list[int]) -> pl.DataFrame:
    t = np.array([y + 1.0 for y in years])  # a year-end stock: the end of the year
    lo80, hi80 = fit.band(t, 0.8)
    lo95, hi95 = fit.band(t, 0.95)
    return pl.DataFrame({
        "period": [str(y) for y in years], "t": t, "forecast": fit.point(t),
        "lower_80": lo80, "upper_80": hi80, "lower_95": lo95, "upper_95": hi95,
    })  # fmt: skip


def select_trend(
    frame: pl.DataFrame,
    *,
    until_year: int | None = None,
    target: float | None = None,
    target_year: int | None = None,
) -> TrendChoice | None:
    """Choose a trend model for a stock by rolling-origin backtest and forecast it.

    Parameters
    ----------
    frame
        ``period`` and ``value`` of one series (lower bounds and other qualified figures
        removed by the caller).
    until_year
        Forecast up to this year, within the horizon the data support.
    target, target_year
        A level to reach by the end of ``target_year``: its probability under the chosen model.

    Returns
    -------
    TrendChoice or None
        None when fewer than four yearly points allow no backtest.

    Examples
    --------
    >>> f = pl.DataFrame({"period": ["2019", "2020", "2021", "2022", "2023"],
    ...                   "value": [10.0, 12.0, 14.0, 16.0, 18.0]})
    >>> c = select_trend(f, until_year=2025)
    >>> c.model, c.forecast["period"].to_list(), [round(v, 6) for v in c.forecast["forecast"]]
    ('linear', ['2024', '2025'], [20.0, 22.0])
    """
    pts = one_per_year(frame)
    t, y = pts["t"].to_numpy(), pts["value"].to_numpy().astype(float)
    # every candidate is scored on the same origins: from the 3rd point, or from the 5th when the
    # series is regular enough for ETS
    first = ETS_MIN_POINTS - 1 if _regular(t) else MIN_POINTS
    scores = {m: _backtest(m, t, y, first) for m in MODELS}
    usable = {m: e for m, e in scores.items() if e is not None}
    if not usable:
        return None
    best = min(usable, key=lambda m: (round(usable[m], 9), MODELS.index(m)))
    last_year = int(pts["period"][-1][:4])
    horizon = min(len(t) - 1, MAX_HORIZON)
    end = min(until_year or last_year + horizon, last_year + horizon)
    years = list(range(last_year + 1, end + 1))
    fits = {m: _fit(m, t, y) for m in usable}
    chosen = fits[best]
    assert chosen is not None  # usable models fitted in the backtest
    fc = _forecast_frame(chosen, years)
    cand = {m: float(f.point(np.array([end + 1.0]))[0]) for m, f in fits.items() if f}
    prob = None
    if target is not None and target_year is not None and target_year <= last_year + _ETS_STEPS:
        prob = chosen.prob_at_least(target, target_year + 1.0)
    notes = [] if end >= (until_year or end) else [f"horizon limited to {end}"]
    return TrendChoice(best, scores, fc, cand, prob, notes)
