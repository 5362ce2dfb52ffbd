"""Fitting the forecast models over statsmodels; one function per method.

Each returns a :class:`Fitted`: point forecasts, simulated paths (horizon × repetitions), the
statsmodels results object, and notes (warnings statsmodels raised on the way are recorded
there, not dropped).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import stats as sps

from analytics.stats._trend_models import MIN_DOF, PARAMS, recorded

#: A two-parameter trend keeps ``MIN_DOF`` (2) residual degrees of freedom from 4 points.
TREND_MIN_POINTS = 2 + MIN_DOF
#: ETS(A,Ad,N) estimates α, β, φ, l0 and b0: 7 points for ``MIN_DOF``.
ETS_DAMPED_MIN_POINTS = PARAMS["ets"] + MIN_DOF


@dataclass
class Fitted:
    name: str
    mean: np.ndarray
    paths: np.ndarray | None
    aicc: float | None = None
    params: dict[str, float] = field(default_factory=dict)
    sm_results: Any = None
    notes: list[str] = field(default_factory=list)


@contextmanager
def single_blas_thread() -> Iterator[None]:
    """One BLAS thread while fitting (needs threadpoolctl; without it nothing changes).

    The matrices are tiny, and on a busy two-core machine OpenBLAS's threads made ARIMA fits
    four times slower.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def _params(res: Any) -> dict[str, float]:
    names = list(getattr(res.model, "param_names", []))
    values = np.asarray(res.params, dtype=float)
    return {str(n): float(v) for n, v in zip(names, values, strict=False)}


def fit_ets(
    y: np.ndarray,
    horizon: int,
    reps: int,
    rng: np.random.Generator,
    *,
    damped: bool,
    seasonal_periods: int | None = None,
) -> Fitted:
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    notes: list[str] = []
    seasonal = "add" if seasonal_periods else None
    with recorded(notes):
        model = ETSModel(
            y,
            error="add",
            trend="add",
            damped_trend=damped,
            seasonal=seasonal,
            seasonal_periods=seasonal_periods,
        )
        res = model.fit(disp=False)
        mean = np.asarray(res.forecast(horizon), dtype=float)
        paths = np.asarray(res.simulate(horizon, anchor="end", repetitions=reps, rng=rng))
    name = f"ETS(A,{'Ad' if damped else 'A'},{'A' if seasonal else 'N'})"
    return Fitted(
        name, mean, paths.reshape(horizon, reps), float(res.aicc), _params(res), res, notes
    )


def fit_arima(
    y: np.ndarray,
    horizon: int,
    reps: int,
    rng: np.random.Generator,
    *,
    d: int,
    max_p: int,
    max_q: int,
) -> Fitted:
    from statsmodels.tsa.arima.model import ARIMA

    trend = {0: "c", 1: "t"}.get(d, "n")
    best: tuple[float, Any, tuple[int, int, int], list[str]] | None = None
    for p in range(max_p + 1):
        for q in range(max_q + 1):
            notes: list[str] = []
            with recorded(notes):
                try:
                    res = ARIMA(y, order=(p, d, q), trend=trend).fit()
                except (ValueError, np.linalg.LinAlgError) as exc:  # pragma: no cover
                    notes.append(f"ARIMA({p},{d},{q}) failed: {exc}")
                    continue
            if math.isfinite(res.aicc) and (best is None or res.aicc < best[0]):
                best = (float(res.aicc), res, (p, d, q), notes)
    if best is None:  # pragma: no cover - every order failed
        raise ValueError("no ARIMA order could be fitted")
    aicc, res, order, notes = best
    notes.append(f"ARIMA order {order} chosen by AICc over p<={max_p}, q<={max_q}, d={d}")
    with recorded(notes):
        mean = np.asarray(res.forecast(horizon), dtype=float)
        paths = np.asarray(res.simulate(horizon, anchor="end", repetitions=reps, rng=rng))
    return Fitted(
        f"ARIMA{order}", mean, paths.reshape(horizon, reps), aicc, _params(res), res, notes
    )


def fit_stl(
    y: np.ndarray, horizon: int, reps: int, rng: np.random.Generator, *, period: int
) -> Fitted:
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel
    from statsmodels.tsa.forecasting.stl import STLForecast

    notes: list[str] = []
    with recorded(notes):
        res = STLForecast(
            y, ETSModel, model_kwargs={"error": "add", "trend": "add"}, period=period
        ).fit(fit_kwargs={"disp": False})
        mean = np.asarray(res.forecast(horizon), dtype=float)
        inner = res.model_result
        sims = np.asarray(inner.simulate(horizon, anchor="end", repetitions=reps, rng=rng))
    seasonal = np.asarray(res.result.seasonal, dtype=float)[-period:]
    season = np.resize(seasonal, horizon)  # seasonal naive, as STLForecast does
    paths = sims.reshape(horizon, reps) + season[:, None]
    return Fitted("STL + ETS(A,A,N)", mean, paths, None, _params(inner), res, notes)


def fit_trend(
    y: np.ndarray, t: np.ndarray, t_new: np.ndarray, reps: int, rng: np.random.Generator
) -> Fitted:
    """Log-linear trend ``ln y = a + b t`` by OLS; predictive draws from Student t (n − 2 df).

    With non-positive values the trend is fitted on levels instead (noted). Fewer than
    ``TREND_MIN_POINTS`` points keep fewer than ``MIN_DOF`` residual degrees of freedom: refused.
    """
    if len(y) < TREND_MIN_POINTS:
        raise ValueError(
            f"a trend on {len(y)} points keeps {len(y) - 2} residual degrees of freedom "
            f"(hint: at least {TREND_MIN_POINTS} points, for {MIN_DOF})"
        )
    notes: list[str] = []
    logged = bool(np.all(y > 0))
    z = np.log(y) if logged else y.astype(float)
    if not logged:
        notes.append("values not all positive: linear trend on levels instead of logs")
    n = len(z)
    b, a = np.polyfit(t, z, 1)
    centre = a + b * t_new
    back: Callable[[np.ndarray], np.ndarray] = np.exp if logged else (lambda v: v)
    mean = np.asarray(back(centre), dtype=float)
    params = {"intercept": float(a), "slope": float(b)}
    resid = z - (a + b * t)
    s = math.sqrt(float(resid @ resid) / (n - 2))
    sxx = float(((t - t.mean()) ** 2).sum())
    se = s * np.sqrt(1 + 1 / n + (t_new - t.mean()) ** 2 / sxx)
    draws = sps.t.rvs(df=n - 2, size=(len(t_new), reps), random_state=rng)
    paths = np.asarray(back(centre[:, None] + se[:, None] * draws), dtype=float)
    params["residual_sd"] = s
    name = "log-linear trend" if logged else "linear trend"
    return Fitted(name, mean, paths, None, params, None, notes)
