"""A log-linear trend for stocks published at irregular dates (5G stations: 2021, 2022-07, …).

``ln y = a + b·t`` with ``t`` in fractional years, fitted by least squares; prediction intervals
and the probability of reaching a level come from the Student-t predictive distribution of a new
observation (OLS), so they widen with distance from the data. Needs at least three points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

MIN_POINTS = 3


@dataclass(frozen=True)
class Trend:
    a: float
    b: float
    s: float
    n: int
    tbar: float
    sxx: float

    def _se(self, t: np.ndarray) -> np.ndarray:
        return self.s * np.sqrt(1 + 1 / self.n + (t - self.tbar) ** 2 / self.sxx)

    def predict(self, t: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Median, lower and upper bound of the ``level`` prediction interval at ``t``."""
        from scipy import stats  # imported here: scipy.stats costs ~1 s at start-up

        q = stats.t.ppf((1 + level) / 2, self.n - 2)
        mid = self.a + self.b * t
        se = self._se(t)
        return np.exp(mid), np.exp(mid - q * se), np.exp(mid + q * se)

    def probability_at_least(self, value: float, t: float) -> float:
        """P(a new observation at ``t`` ≥ ``value``)."""
        from scipy import stats

        z = (np.log(value) - (self.a + self.b * t)) / self._se(np.array([t]))[0]
        return float(stats.t.sf(z, self.n - 2))


def fractional_year(date: pl.Expr) -> pl.Expr:
    """2023-12-31 → 2024.0 (end of year); 2024-03-31 → 2024.25."""
    return date.dt.year() + date.dt.month() / 12.0


def fit_trend(t: np.ndarray, y: np.ndarray) -> Trend | None:
    """Fit the trend; None with fewer than three points or non-positive values."""
    if len(y) < MIN_POINTS or np.any(y <= 0) or np.ptp(t) == 0:
        return None
    ly = np.log(y)
    tbar = float(t.mean())
    sxx = float(((t - tbar) ** 2).sum())
    b = float(((t - tbar) * (ly - ly.mean())).sum() / sxx)
    a = float(ly.mean() - b * tbar)
    resid = ly - (a + b * t)
    s = float(np.sqrt((resid**2).sum() / (len(y) - 2)))
    return Trend(a, b, max(s, 1e-9), len(y), tbar, sxx)


def fan_frame(trend: Trend, observed: pl.DataFrame, *, until_year: int) -> pl.DataFrame:
    """Observed points plus year-end forecasts with 80% and 95% intervals.

    Forecasts run to ``until_year`` or three years past the last observation, whichever is later;
    the bands start from the last observation so they join the observed line.
    """
    last = observed.sort("date").row(-1, named=True)
    last_year = int(str(last["date"])[:4])
    until_year = max(until_year, last_year + 3)
    years = list(
        range(last_year + (1 if str(last["date"]).endswith("12-31") else 0), until_year + 1)
    )
    t = np.array([y + 1.0 for y in years])
    mid, lo80, hi80 = trend.predict(t, 0.8)
    _, lo95, hi95 = trend.predict(t, 0.95)
    ahead = pl.DataFrame({
        "date": [f"{y}-12-31" for y in years], "period": [str(y) for y in years],
        "forecast": mid, "lower_80": lo80, "upper_80": hi80, "lower_95": lo95, "upper_95": hi95,
    })  # fmt: skip
    v = float(last["value"])
    anchor = pl.DataFrame({
        "date": [last["date"]], "period": [last["period"]], "forecast": [v],
        "lower_80": [v], "upper_80": [v], "lower_95": [v], "upper_95": [v],
    })  # fmt: skip
    obs = observed.select("date", "period", "value")
    out = pl.concat([obs, anchor, ahead], how="diagonal_relaxed")
    return out.group_by("date", maintain_order=True).agg(pl.all().drop_nulls().first()).sort("date")
