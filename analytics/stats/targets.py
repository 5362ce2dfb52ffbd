"""Tracking plan targets: gap, required growth, probability of reaching, status.

Status rule for a quantitative target (``kind="level"``), higher is better (flip every
comparison for ``direction="lower"``):

1. ``achieved`` — the last observed value is at or beyond the target;
2. otherwise, once the deadline has passed: ``not_achieved`` — a final verdict, never a pace;
3. otherwise by ``P``, the probability that the value in the target year reaches the target:
   ``on_track`` if ``P >= on_track`` (:data:`ON_TRACK_P`, 0.7), ``at_risk`` if
   ``at_risk <= P < on_track`` (:data:`AT_RISK_P`, 0.3), ``off_track`` if ``P < at_risk``;
   ``unknown`` when ``P`` cannot be computed.

This is the one rule for targets: the plan scorecard (:func:`analytics.stats.score_targets`) and
every report card use :func:`status_expr` with these thresholds.

``P`` comes from a forecast: pass ``probabilities=`` (e.g. from
:meth:`RegionForecasts.probabilities`, simulated ETS/ARIMA paths), or by default the vectorised
``drift_in_logs`` model: a random walk with drift in logs anchored at the last observation, the
drift and volatility estimated from the consecutive-year log growth rates *before* the last
observation (at least two), with the drift's own uncertainty (Student t). Anchoring at the last
value and keeping it out of the estimates makes ``P`` — and so the status — monotone in the last
value: a higher last value never gives a worse status.

Qualitative targets, with ``N = steady_years`` (3):

- ``steady_increase`` (稳步提升): ``on_track`` if the value rose in each of the last N
  consecutive-year changes, ``at_risk`` if in N − 1 of them, else ``off_track``; ``unknown`` with
  fewer than N consecutive-year changes among the last N + 1 observations.
- ``full_coverage`` (全覆盖): ``achieved`` if the last value is at least the target (default 100,
  i.e. percent covered); otherwise the steady-increase rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

import numpy as np
import polars as pl

from analytics._typing import TargetStatus
from analytics.exceptions import AnalyticsError
from analytics.stats._drift import drift_probability, series_summary
from analytics.stats._frames import DEFAULT_BY, FREQ, prepare
from analytics.stats._status import AT_RISK_P, ON_TRACK_P, status_expr

__all__ = [
    "AT_RISK_P",
    "ON_TRACK_P",
    "STATUSES",
    "Status",
    "TargetKind",
    "classify_status",
    "status_expr",
    "target_table",
]

Status = TargetStatus
TargetKind = Literal["level", "steady_increase", "full_coverage"]
#: Statuses from best to worst (``unknown`` last: it is not a judgement).
STATUSES: tuple[Status, ...] = (
    "achieved",
    "on_track",
    "at_risk",
    "off_track",
    "not_achieved",
    "unknown",
)
RULES = {
    "level": "achieved if last ≥ target; not achieved if target year passed; "
    "else P ≥ {hi} on_track, {lo} ≤ P < {hi} at_risk, P < {lo} off_track (P: {how})",
    "steady_increase": "rose in all last {n} years on_track; in {n1} at_risk; else off_track",
    "full_coverage": "achieved if last ≥ target; else rose in all last {n} years on_track; "
    "in {n1} at_risk; else off_track",
}


def classify_status(
    last: float,
    target: float,
    probability: float | None,
    *,
    direction: Literal["higher", "lower"] = "higher",
    deadline_passed: bool = False,
    on_track: float = ON_TRACK_P,
    at_risk: float = AT_RISK_P,
) -> Status:
    """Status of one quantitative target by the documented rule (see :func:`status_expr`).

    Parameters
    ----------
    last
        The last observed value, in the target's unit.
    target
        The target value, in the same unit.
    probability
        P(the value in the target year reaches the target), from 0 to 1; None when it could
        not be computed (the status is then ``unknown`` unless the target is already achieved
        or its deadline has passed).
    direction
        ``"higher"`` (the default: reached when ``last >= target``) or ``"lower"`` (a
        ceiling: reached when ``last <= target``).
    deadline_passed
        True once the target year is over: an unmet target is then ``not_achieved``, whatever
        ``probability`` says. Default False.
    on_track
        Least ``probability`` for ``on_track``; default :data:`ON_TRACK_P` (0.7).
    at_risk
        Least ``probability`` for ``at_risk`` (below it: ``off_track``); default
        :data:`AT_RISK_P` (0.3).

    Returns
    -------
    Status
        ``achieved``, ``on_track``, ``at_risk``, ``off_track``, ``not_achieved`` or
        ``unknown``.

    Examples
    --------
    >>> classify_status(95.0, 100.0, 0.85)
    'on_track'
    >>> classify_status(95.0, 100.0, 0.85, deadline_passed=True)
    'not_achieved'
    >>> classify_status(95.0, 100.0, 0.5, direction="lower"), classify_status(95.0, 100.0, None)
    ('achieved', 'unknown')
    """
    df = pl.DataFrame(
        {"last": [last], "target": [target], "p": [probability]},
        schema={"last": pl.Float64, "target": pl.Float64, "p": pl.Float64},
    )
    expr = status_expr(
        pl.col("last"),
        pl.col("target"),
        pl.col("p"),
        lower_is_better=pl.lit(direction == "lower"),
        deadline_passed=pl.lit(deadline_passed),
        on_track=on_track,
        at_risk=at_risk,
    )
    status: Status = df.select(expr).item()
    return status


def _targets(targets: pl.DataFrame) -> pl.DataFrame:
    need = {"indicator", "target_year"}
    if not need <= set(targets.columns):
        raise AnalyticsError(
            f"targets frame lacks {sorted(need - set(targets.columns))}; it needs indicator, "
            "target_year, target_value (null for steady_increase), optionally region, kind, "
            "direction"
        )
    defaults = {
        "target_value": pl.lit(None, pl.Float64),
        "kind": pl.lit("level"),
        "direction": pl.lit("higher"),
    }
    out = targets.with_columns(
        [v.alias(k) for k, v in defaults.items() if k not in targets.columns]
    ).with_columns(pl.col("target_value").cast(pl.Float64), pl.col("target_year").cast(pl.Int32))
    for col, allowed in (("kind", get_args(TargetKind)), ("direction", ("higher", "lower"))):
        bad = out.filter(~pl.col(col).is_in(list(allowed)))
        if bad.height:
            raise AnalyticsError(
                f"target {col} {bad[col][0]!r} for {bad['indicator'][0]!r} is not one of "
                + ", ".join(map(repr, allowed))
            )
    return out.with_columns(
        pl.when(pl.col("kind") == "full_coverage")
        .then(pl.col("target_value").fill_null(100.0))
        .otherwise(pl.col("target_value"))
        .alias("target_value")
    )


def target_table(
    levels: pl.DataFrame,
    targets: pl.DataFrame,
    *,
    probabilities: pl.DataFrame | None = None,
    on_track: float = ON_TRACK_P,
    at_risk: float = AT_RISK_P,
    steady_years: int = 3,
    by: Sequence[str] = DEFAULT_BY,
) -> pl.DataFrame:
    """Gap, required growth, probability and status for every series with a target, in one pass.

    The status rule is stated in this module's docstring and, per row, in the ``rule`` column.

    Parameters
    ----------
    levels
        Annual levels in the observation model (one measure and vintage per series).
    targets
        ``indicator``, ``target_year``, ``target_value`` and optionally ``region`` (else the
        target applies to every region), ``kind`` (``level``, ``steady_increase``,
        ``full_coverage``; default ``level``) and ``direction`` (``higher``/``lower``).
    probabilities
        ``indicator``, ``region``, ``probability`` (and optionally ``probability_method``) from a
        forecast; default: the vectorised ``drift_in_logs`` model.
    on_track, at_risk
        Probability thresholds of the rule.
    steady_years
        N of the qualitative rules.
    by
        Key columns of a series.

    Returns
    -------
    pl.DataFrame
        One row per series with a target: keys, ``last_period``, ``last_value``,
        ``target_value``, ``target_year``, ``kind``, ``direction``, ``years_left``, ``gap``
        (target − last), ``completion_pct`` (last / target × 100), ``required_growth_pct``
        (average annual growth needed from the last observation), ``trend_growth_pct``,
        ``probability``, ``probability_method``, ``status`` and ``rule``.

    Examples
    --------
    >>> levels = pl.DataFrame({"indicator": "x", "region": "120000",
    ...                        "period": [str(y) for y in range(2019, 2025)],
    ...                        "value": [100.0, 106.0, 111.0, 118.0, 124.0, 131.0]})
    >>> targets = pl.DataFrame({"indicator": ["x"], "target_value": [145.0],
    ...                         "target_year": [2026]})
    >>> row = target_table(levels, targets).row(0, named=True)
    >>> round(row["required_growth_pct"], 2), round(row["probability"], 2), row["status"]
    (5.21, 0.67, 'at_risk')
    """
    data, keys = prepare(levels, by)
    if data.height and (data[FREQ] != "A").any():
        raise AnalyticsError(
            "target_table needs annual levels; got period "
            f"{data.filter(pl.col(FREQ) != 'A')['period'][0]!r} (hint: aggregate to years first)"
        )
    series = data.select(keys).unique(maintain_order=True)
    summary = series.join(
        series_summary(data, keys, steady_years), on=keys, how="left", nulls_equal=True
    ).with_columns(pl.col("__changes", "__rises", "__falls", "__m").fill_null(0))
    tgt = _targets(targets)
    on = [c for c in ("indicator", "region") if c in tgt.columns and c in keys]
    out = summary.join(tgt, on=on, how="inner", nulls_equal=True)
    out = _with_probability(_gaps(out), probabilities)
    out = out.with_columns(_status_and_rule(on_track, at_risk, steady_years))
    return out.select([*keys, *_COLUMNS])


_COLUMNS = [
    "last_period",
    "last_value",
    "target_value",
    "target_year",
    "kind",
    "direction",
    "years_left",
    "gap",
    "completion_pct",
    "required_growth_pct",
    "trend_growth_pct",
    "probability",
    "probability_method",
    "status",
    "rule",
]
_LOWER = pl.col("direction") == "lower"


def _gaps(out: pl.DataFrame) -> pl.DataFrame:
    """Years left, gap, completion, trend growth and the growth the target requires."""
    positive = (
        (pl.col("years_left") > 0) & (pl.col("last_value") > 0) & (pl.col("target_value") > 0)
    )
    ratio = pl.col("target_value") / pl.col("last_value")
    return out.with_columns(
        (pl.col("target_year") - pl.col("last_year")).alias("years_left"),
        (pl.col("target_value") - pl.col("last_value")).alias("gap"),
        (pl.col("last_value") / pl.col("target_value") * 100.0).alias("completion_pct"),
        ((pl.col("__drift").exp() - 1.0) * 100.0).alias("trend_growth_pct"),
    ).with_columns(
        pl.when(positive)
        .then((ratio ** (1.0 / pl.col("years_left")) - 1) * 100.0)
        .alias("required_growth_pct")
    )


def _with_probability(out: pl.DataFrame, probabilities: pl.DataFrame | None) -> pl.DataFrame:
    """The probability of reaching the target: given, or the vectorised drift-in-logs model."""
    if probabilities is not None:
        pcols = [c for c in ("probability", "probability_method") if c in probabilities.columns]
        pon = [c for c in ("indicator", "region") if c in probabilities.columns]
        out = out.join(probabilities.select([*pon, *pcols]), on=pon, how="left")
        if "probability_method" not in out.columns:
            out = out.with_columns(pl.lit("given").alias("probability_method"))
        return out
    columns = ("last_value", "target_value", "years_left", "__drift", "__vol", "__m")
    p_up = drift_probability(
        *(out[c].cast(pl.Float64).fill_null(np.nan).to_numpy() for c in columns)
    )
    return out.with_columns(
        pl.Series("probability", p_up).fill_nan(None),
        pl.lit("drift_in_logs").alias("probability_method"),
    ).with_columns(
        pl.when(_LOWER)
        .then(1.0 - pl.col("probability"))
        .otherwise(pl.col("probability"))
        .alias("probability")
    )


def _status_and_rule(on_track: float, at_risk: float, n: int) -> list[pl.Expr]:
    """The status (the one rule of :mod:`analytics.stats._status`, per kind) and the rule stated."""
    quantitative = status_expr(
        pl.col("last_value"),
        pl.col("target_value"),
        pl.col("probability"),
        lower_is_better=_LOWER,
        deadline_passed=pl.col("years_left") <= 0,
        on_track=on_track,
        at_risk=at_risk,
    )
    good = pl.when(_LOWER).then(pl.col("__falls")).otherwise(pl.col("__rises"))
    steady = (
        pl.when(pl.col("__changes") < n)
        .then(pl.lit("unknown"))
        .when(good >= n)
        .then(pl.lit("on_track"))
        .when(good == n - 1)
        .then(pl.lit("at_risk"))
        .otherwise(pl.lit("off_track"))
    )
    reached = (
        pl.when(_LOWER)
        .then(pl.col("last_value") <= pl.col("target_value"))
        .otherwise(pl.col("last_value") >= pl.col("target_value"))
    )
    status = (
        pl.when(pl.col("kind") == "level")
        .then(quantitative)
        .when((pl.col("kind") == "full_coverage") & reached.fill_null(False))
        .then(pl.lit("achieved"))
        .otherwise(steady)
    )
    level_rule = RULES["level"].format(hi=on_track, lo=at_risk, how="{}")
    rule = (
        pl.when(pl.col("kind") == "level")
        .then(pl.format(level_rule, pl.col("probability_method")))
        .when(pl.col("kind") == "steady_increase")
        .then(pl.lit(RULES["steady_increase"].format(n=n, n1=n - 1)))
        .otherwise(pl.lit(RULES["full_coverage"].format(n=n, n1=n - 1)))
    )
    return [status.alias("status"), rule.alias("rule")]
