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
  series (no gap year).

Rules (``docs/METHODS.md`` says the same):

- one point per calendar year: the latest figure of the year (a year-end figure wins over a
  November one), so a year is never counted twice;
- a model is fitted only if it keeps at least ``MIN_DOF`` (2) residual degrees of freedom:
  4 points for linear and log-linear, 5 for damped, 7 for ETS; fewer than 4 points: no forecast;
- the backtest refits each candidate on the first ``k`` points and forecasts point ``k + 1``,
  for every origin ``k`` from the largest minimum among the candidates tested, so all are scored
  on the same origins (mean absolute percentage error); a candidate enters only if that leaves
  at least ``MIN_ORIGINS`` (3) origins. The lowest error wins, ties to the simpler model. With
  no candidate tested the forecast is the linear trend, *trend only, not tested*;
- no forecast more than ``n − 1`` years past the last point (and never more than 5);
- bands and P(reaching a target) from ``PATHS`` paths simulated from the chosen fit (seeded),
  held to what is known (:func:`analytics.stats._trend_models.constrain`); P only for a target
  year within the years forecast;
- the candidates in contention are the chosen one and those whose backtest error (untested: whose
  residual standard deviation in levels, on their residual dof) is at most ``CONTENTION`` (2)
  times the lowest; they *disagree* when the spread of their point forecasts for the last year
  forecast exceeds ``DISAGREE`` (1) times the chosen model's 80 % interval width there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import polars as pl

from analytics.stats._trend_models import (
    Constraint,
    EtsFit,
    OlsFit,
    constrain,
    fit_trend_model,
    min_points,
)
from analytics.stats.periods import Period, period_end, period_year

__all__ = ["TrendChoice", "one_per_year", "select_trend"]

#: Yearly points the simplest candidate needs (two parameters, ``MIN_DOF`` residual dof).
MIN_POINTS = min_points("linear")
MIN_ORIGINS = 3
MAX_HORIZON = 5
MODELS = ("linear", "damped", "log-linear", "ets")
PATHS = 20_000
SEED = 20211
#: A candidate whose backtest error exceeds this multiple of the best's is out of contention.
CONTENTION = 2.0
#: Candidates disagree when their spread exceeds this multiple of the chosen 80 % interval.
DISAGREE = 1.0
#: Why there is no probability: the target year is already observed, or past the horizon.
NoProbability = Literal["within_record", "beyond_horizon"]

_Fit = OlsFit | EtsFit


def one_per_year(frame: pl.DataFrame) -> pl.DataFrame:
    """The latest observation of each calendar year, with ``t`` (decimal years at its end).

    The latest is the period that ends last (a year-end figure wins over a November one), so a
    year is never counted twice.

    Parameters
    ----------
    frame
        Observations of one series with a ``period`` column (any frequency); every column is
        kept.

    Returns
    -------
    pl.DataFrame
        One row per calendar year, oldest first, with ``t`` added: the year plus the day of the
        year the period ends over the days in that year (end-2024 → 2025.0, March 2024 →
        2024 + 91/366).

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


def _backtest(
    model: str, t: np.ndarray, y: np.ndarray, first: int, constraint: Constraint
) -> float | None:
    """Mean absolute % error of the one-step forecasts from origins ``first`` … ``n − 1``."""
    errors = []
    for k in range(first, len(t)):
        f = fit_trend_model(model, t[:k], y[:k])
        if f is None:
            return None
        ahead = constrain(f.point(t[k : k + 1]), float(y[k - 1]), constraint)[0]
        errors.append(abs(ahead / y[k] - 1))
    return float(np.mean(errors)) * 100


@dataclass(frozen=True)
class TrendChoice:
    """The chosen trend model, its backtest, its forecasts and how far the candidates disagree.

    Made by :func:`select_trend`.

    Parameters
    ----------
    model
        The chosen model (``linear``, ``damped``, ``log-linear`` or ``ets``).
    backtest
        Each candidate's mean absolute one-step-ahead error in % (None: not tested).
    origins
        Backtest origins (one-step forecasts) each tested candidate was scored on; below
        ``MIN_ORIGINS`` nothing was tested and ``origins`` is what the simplest model had.
    forecast
        ``period``, ``t``, ``forecast`` and the simulated 80 %/95 % bounds.
    candidates
        Each fitted candidate's point forecast for the last year forecast.
    contenders
        The candidates in contention (see the module docstring).
    probability
        P(the value reaches ``target`` by the end of ``target_year``), None when not given.
    no_probability
        Why a target was given but has no probability: ``"within_record"`` (the target year is
        already observed) or ``"beyond_horizon"`` (past the years forecast); None otherwise.
    notes
        Caveats as sentences: the horizon cut short (``horizon limited to 2027``), the trend
        not tested by a backtest; empty by default.
    """

    model: str
    backtest: dict[str, float | None]
    origins: int
    forecast: pl.DataFrame
    candidates: dict[str, float] = field(default_factory=dict)
    contenders: tuple[str, ...] = ()
    probability: float | None = None
    no_probability: NoProbability | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def tested(self) -> bool:
        """Whether the model was chosen by a backtest (at least ``MIN_ORIGINS`` origins)."""
        return self.origins >= MIN_ORIGINS

    @property
    def error(self) -> float | None:
        """The chosen model's backtest error (mean absolute %), None when not tested."""
        return self.backtest[self.model]

    def spread(self) -> tuple[float, float]:
        """The lowest and highest contender's forecast for the last year forecast."""
        vals = [self.candidates[m] for m in self.contenders]
        return min(vals), max(vals)

    @property
    def disagreement(self) -> float:
        """The contenders' spread over the chosen model's 80 % interval width, last year."""
        low, high = self.spread()
        last = self.forecast.row(-1, named=True)
        width = float(last["upper_80"] - last["lower_80"])
        if high <= low:
            return 0.0
        return (high - low) / width if width > 0 else float("inf")

    @property
    def disagree(self) -> bool:
        """True when the contenders' spread exceeds ``DISAGREE`` × the 80 % interval."""
        return self.disagreement > DISAGREE


def _contest(
    fits: dict[str, _Fit], t: np.ndarray, y: np.ndarray, constraint: Constraint
) -> tuple[dict[str, float | None], int]:
    """Backtest scores of the candidates that get ``MIN_ORIGINS`` common origins."""
    n = len(t)
    entrants = [m for m in fits if n - min_points(m) >= MIN_ORIGINS]
    first = max((min_points(m) for m in entrants), default=MIN_POINTS)
    scores = {m: _backtest(m, t, y, first, constraint) if m in entrants else None for m in MODELS}
    return scores, max(n - first, 0)


def _contenders(best: str, scores: dict[str, float]) -> tuple[str, ...]:
    """The chosen model and every candidate within ``CONTENTION`` × the lowest score."""
    low = min(scores.values())
    return tuple(m for m, e in scores.items() if m == best or e <= CONTENTION * low + 1e-9)


def _bands(paths: np.ndarray) -> dict[str, np.ndarray]:
    q = np.quantile(paths, [0.1, 0.9, 0.025, 0.975], axis=1)
    return dict(zip(("lower_80", "upper_80", "lower_95", "upper_95"), q, strict=True))


def _probability(
    paths: np.ndarray, years: list[int], last_year: int, target: float, target_year: int
) -> tuple[float | None, NoProbability | None]:
    if target_year <= last_year:
        return None, "within_record"
    if target_year not in years:
        return None, "beyond_horizon"
    return float((paths[years.index(target_year)] >= target).mean()), None


def select_trend(
    frame: pl.DataFrame,
    *,
    until_year: int | None = None,
    target: float | None = None,
    target_year: int | None = None,
    constraint: Constraint = "none",
) -> TrendChoice | None:
    """Choose a trend model for a series by rolling-origin backtest and forecast it.

    Parameters
    ----------
    frame
        ``period`` and ``value`` of one series (lower bounds and other qualified figures
        removed by the caller).
    until_year
        Forecast up to this year, within the horizon the data support.
    target, target_year
        A level to reach by the end of ``target_year``: its probability, from the simulated
        paths, when ``target_year`` is one of the years forecast.
    constraint
        ``stock`` for a cumulative stock (paths never fall below the last observed value nor
        below their own previous year), ``nonnegative`` for a count, ``none``.

    Returns
    -------
    TrendChoice or None
        None with fewer than ``2 + MIN_DOF`` (4) yearly points: no model can be fitted.

    Examples
    --------
    >>> f = pl.DataFrame({"period": ["2019", "2020", "2021", "2022", "2023"],
    ...                   "value": [10.0, 12.0, 14.0, 16.0, 18.0]})
    >>> c = select_trend(f, until_year=2025)
    >>> c.model, c.tested, c.forecast["period"].to_list(), c.forecast["forecast"].to_list()
    ('linear', False, ['2024', '2025'], [20.0, 22.0])
    """
    pts = one_per_year(frame)
    t, y = pts["t"].to_numpy(), pts["value"].to_numpy().astype(float)
    fitted = {m: fit_trend_model(m, t, y) for m in MODELS}
    fits = {m: f for m, f in fitted.items() if f is not None}
    if not fits:
        return None
    scores, origins = _contest(fits, t, y, constraint)
    usable = {m: e for m, e in scores.items() if e is not None}
    best = min(usable, key=lambda m: (round(usable[m], 9), MODELS.index(m)), default="linear")
    contenders = _contenders(best, usable or {m: f.level_sd(t, y) for m, f in fits.items()})
    last_year = Period.parse(str(pts["period"][-1])).year
    end = last_year + min(len(t) - 1, MAX_HORIZON)
    end = max(min(until_year or end, end), last_year + 1)  # at least the next year
    years = list(range(last_year + 1, end + 1))
    t_new = np.array([v + 1.0 for v in years])  # a year-end stock: the end of the year
    held = {m: constrain(f.point(t_new), float(y[-1]), constraint) for m, f in fits.items()}
    raw = fits[best].simulate(t_new, PATHS, np.random.default_rng(SEED))
    paths = constrain(raw, float(y[-1]), constraint)
    fc = pl.DataFrame(
        {"period": [str(v) for v in years], "t": t_new, "forecast": held[best], **_bands(paths)}
    )
    prob, why = None, None
    if target is not None and target_year is not None:
        prob, why = _probability(paths, years, last_year, target, target_year)
    notes = [] if end >= (until_year or end) else [f"horizon limited to {end}"]
    if not usable:
        notes.append(f"trend only, not tested: {origins} backtest origin(s) < {MIN_ORIGINS}")
    cand = {m: float(v[-1]) for m, v in held.items()}
    return TrendChoice(best, scores, origins, fc, cand, contenders, prob, why, notes)
