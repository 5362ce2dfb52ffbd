"""The candidate trend models of :func:`analytics.stats.select_trend`: fits, points and paths.

Every model is fitted in physical time ``t`` (decimal years at a period's end). A model is
refused — :func:`fit_trend_model` returns None — when the fit would keep fewer than
``MIN_DOF`` residual degrees of freedom: a line through three points (one degree of freedom)
has a Student-t quantile of 12.7 at 95 % and its interval says nothing.

Paths are drawn from the predictive distribution of the fit (see :meth:`OlsFit.simulate`) and
then held to what is known by :func:`constrain`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

__all__ = [
    "MIN_DOF",
    "PARAMS",
    "Constraint",
    "EtsFit",
    "OlsFit",
    "constrain",
    "fit_trend_model",
    "min_points",
]

#: What is known about a series' future: nothing, that it is a count (``>= 0``), or that it is
#: a cumulative stock (it does not fall below its last observed value, and never falls).
Constraint = Literal["none", "nonnegative", "stock"]

#: Residual degrees of freedom a fit must keep (points − estimated parameters).
MIN_DOF = 2
#: Estimated parameters of each model: a and b; a, b and φ; ETS(A,Ad,N): α, β, φ, l0, b0.
PARAMS = {"linear": 2, "damped": 3, "log-linear": 2, "ets": 5}
PHIS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
ETS_STEPS = 10


def min_points(model: str) -> int:
    """The fewest points ``model`` is fitted to: its parameters plus ``MIN_DOF``.

    Examples
    --------
    >>> [min_points(m) for m in ("linear", "damped", "log-linear", "ets")]
    [4, 5, 4, 7]
    """
    return PARAMS[model] + MIN_DOF


def constrain(values: np.ndarray, last: float, constraint: Constraint) -> np.ndarray:
    """Hold forecasts (rows in time order, one column per path) to what is known.

    A ``stock`` is at least its last observed value and at least its own previous year (the
    running maximum: a year's additions are never negative); a ``nonnegative`` count is
    ``>= 0``.

    Examples
    --------
    >>> constrain(np.array([4.0, 6.0, 5.0]), 5.0, "stock").tolist()
    [5.0, 6.0, 6.0]
    >>> constrain(np.array([-1.0, 2.0]), 5.0, "nonnegative").tolist()
    [0.0, 2.0]
    """
    if constraint == "stock":
        return np.maximum.accumulate(np.maximum(values, last), axis=0)
    if constraint == "nonnegative":
        return np.maximum(values, 0.0)
    return values


@dataclass(frozen=True)
class OlsFit:
    """``z = a + b·x(t)`` by least squares (``z = ln y`` for the log-linear model).

    ``xbar``/``sxx`` are the mean and the sum of squared deviations of ``x`` over the fitted
    points, ``s`` the residual standard deviation on ``dof`` degrees of freedom.
    """

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

    def _back(self, z: np.ndarray) -> np.ndarray:
        return np.exp(z) if self.model == "log-linear" else z

    def point(self, t: np.ndarray) -> np.ndarray:
        """The fitted line at ``t`` (for the log-linear model its median, ``exp(a + b t)``)."""
        return self._back(self.a + self.b * self.x(t))

    def level_sd(self, t: np.ndarray, y: np.ndarray) -> float:
        """Residual standard deviation in levels, on the fit's residual degrees of freedom."""
        return float(np.sqrt(((self.point(t) - y) ** 2).sum() / self.dof))

    def simulate(self, t: np.ndarray, reps: int, rng: np.random.Generator) -> np.ndarray:
        """Paths at ``t`` (rows) from the fit's predictive distribution (columns: paths).

        Each path draws σ² = dof·s²/χ²(dof), then the centred intercept and the slope from
        their normal sampling distribution given σ (``N(ȳ, σ²/n)``, ``N(b, σ²/sxx)``), then a
        new error ``N(0, σ²)`` per year. One year's draws are then Student-t with ``dof`` degrees
        of freedom around the line, with the textbook scale
        ``s·sqrt(1 + 1/n + (x − x̄)²/sxx)``; φ of the damped trend is held at its estimate.
        """
        sigma = self.s * np.sqrt(self.dof / rng.chisquare(self.dof, reps))
        level = self.a + self.b * self.xbar + sigma * rng.standard_normal(reps) / np.sqrt(self.n)
        slope = self.b + sigma * rng.standard_normal(reps) / np.sqrt(self.sxx)
        dx = (self.x(t) - self.xbar)[:, None]
        noise = sigma * rng.standard_normal((len(t), reps))
        return self._back(level + slope * dx + noise)


def _ols(model: str, t: np.ndarray, y: np.ndarray, phi: float) -> OlsFit | None:
    if model == "log-linear" and np.any(y <= 0):
        return None
    z = np.log(y) if model == "log-linear" else y
    x = OlsFit(model, 0, 0, phi, float(t[0]), 0, 0, 0, 1, len(t)).x(t)
    xbar, sxx = float(x.mean()), float(((x - x.mean()) ** 2).sum())
    if sxx <= 0:
        return None
    b = float(((x - xbar) * (z - z.mean())).sum() / sxx)
    a = float(z.mean() - b * xbar)
    dof = len(t) - PARAMS[model]
    s = float(np.sqrt(((z - a - b * x) ** 2).sum() / dof))
    return OlsFit(model, a, b, phi, float(t[0]), s, dof, xbar, sxx, len(t))


@dataclass(frozen=True)
class EtsFit:
    """statsmodels' ETS(A,Ad,N) on a regular annual series, rows indexed by years ahead."""

    t_last: float
    results: Any

    def _rows(self, t: np.ndarray) -> np.ndarray:
        return np.rint(t - self.t_last).astype(int) - 1

    def point(self, t: np.ndarray) -> np.ndarray:
        return np.asarray(self.results.forecast(ETS_STEPS), dtype=float)[self._rows(t)]

    def level_sd(self, t: np.ndarray, y: np.ndarray) -> float:
        """Residual standard deviation of the one-step fitted values, on ``n − 5`` dof."""
        resid = y - np.asarray(self.results.fittedvalues, dtype=float)
        return float(np.sqrt((resid**2).sum() / (len(y) - PARAMS["ets"])))

    def simulate(self, t: np.ndarray, reps: int, rng: np.random.Generator) -> np.ndarray:
        """Paths simulated by statsmodels from the fitted model (parameters held fixed)."""
        sims = self.results.simulate(ETS_STEPS, anchor="end", repetitions=reps, rng=rng)
        return np.asarray(sims, dtype=float).reshape(ETS_STEPS, reps)[self._rows(t)]


@contextmanager
def recorded(notes: list[str]) -> Iterator[None]:
    """Record statsmodels' warnings (convergence, start parameters) as notes, deduplicated."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for w in caught:
        text = f"statsmodels {w.category.__name__}: {str(w.message).splitlines()[0]}"
        if text not in notes:
            notes.append(text)


def _fit_ets(t: np.ndarray, y: np.ndarray) -> EtsFit | None:
    if not np.all(np.diff(t) == 1.0):
        return None
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    notes: list[str] = []
    with recorded(notes):  # convergence warnings on short series: kept out of the way
        res = ETSModel(y, error="add", trend="add", damped_trend=True).fit(disp=False)
    return EtsFit(float(t[-1]), res)


def fit_trend_model(model: str, t: np.ndarray, y: np.ndarray) -> OlsFit | EtsFit | None:
    """Fit ``model`` to ``(t, y)``, or None when it cannot keep ``MIN_DOF`` residual dof.

    None also for a log-linear fit of non-positive values and ETS on an irregular series. The
    damped trend's φ is the grid value (0.5 … 0.95) with the least squared error.

    Examples
    --------
    >>> t, y = np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.5])
    >>> fit_trend_model("linear", t, y) is None  # three points, two parameters: one dof
    True
    >>> f = fit_trend_model("linear", np.append(t, 4.0), np.append(y, 4.0))
    >>> round(f.b, 3), f.dof
    (1.05, 2)
    """
    if len(t) < min_points(model):
        return None
    if model == "ets":
        return _fit_ets(t, y)
    if model != "damped":
        return _ols(model, t, y, 1.0)
    fits = [f for f in (_ols(model, t, y, p) for p in PHIS) if f is not None]
    return min(fits, key=lambda f: f.s, default=None)
