"""The one status rule for a quantitative target, as a polars expression (no scipy here).

:mod:`analytics.stats.targets` states the rule; the plan scorecard and every report card use it
through :func:`status_expr` and these thresholds.
"""

from __future__ import annotations

import polars as pl

__all__ = ["AT_RISK_P", "ON_TRACK_P", "status_expr"]

ON_TRACK_P = 0.7
"""P(reaching the target) at or above which a target is on track."""
AT_RISK_P = 0.3
"""P below which a target is off track (between the two: at risk)."""


def status_expr(
    last: pl.Expr,
    target: pl.Expr,
    probability: pl.Expr,
    *,
    lower_is_better: pl.Expr | None = None,
    deadline_passed: pl.Expr | None = None,
    on_track: float = ON_TRACK_P,
    at_risk: float = AT_RISK_P,
) -> pl.Expr:
    """Status of a quantitative target as an expression (the rule in the module docstring).

    The rule of :mod:`analytics.stats.targets`, checked in this order: ``unknown`` when
    ``last`` or ``target`` is null; ``achieved`` when ``last`` is at or beyond ``target``;
    ``not_achieved`` when the deadline has passed; ``unknown`` when ``probability`` is null or
    NaN; then ``on_track``, ``at_risk`` or ``off_track`` by ``probability``.

    Parameters
    ----------
    last
        The last observed value, in the target's unit.
    target
        The target value, in the same unit.
    probability
        P(the value in the target year reaches the target), from 0 to 1; null or NaN when it
        could not be computed.
    lower_is_better
        Boolean expression, true where the target is a ceiling (reached when ``last <=
        target``); None (the default) means higher is better everywhere.
    deadline_passed
        Boolean expression, true where the target year is over (no pace, only a final
        verdict); None (the default) means no deadline has passed.
    on_track
        Least ``probability`` for ``on_track``; default :data:`ON_TRACK_P` (0.7).
    at_risk
        Least ``probability`` for ``at_risk`` (below it: ``off_track``); default
        :data:`AT_RISK_P` (0.3).

    Returns
    -------
    pl.Expr
        A String expression named ``status``: ``achieved``, ``on_track``, ``at_risk``,
        ``off_track``, ``not_achieved`` or ``unknown``.

    Examples
    --------
    >>> df = pl.DataFrame({"last": [90.0, 101.0], "target": 100.0, "p": [0.5, 0.1]})
    >>> df.select(status_expr(pl.col("last"), pl.col("target"), pl.col("p")))["status"].to_list()
    ['at_risk', 'achieved']
    """
    lower = lower_is_better if lower_is_better is not None else pl.lit(False)
    passed = deadline_passed if deadline_passed is not None else pl.lit(False)
    reached = pl.when(lower).then(last <= target).otherwise(last >= target)
    return (
        pl.when(last.is_null() | target.is_null())
        .then(pl.lit("unknown"))
        .when(reached)
        .then(pl.lit("achieved"))
        .when(passed)
        .then(pl.lit("not_achieved"))
        .when(probability.is_null() | probability.is_nan())
        .then(pl.lit("unknown"))
        .when(probability >= on_track)
        .then(pl.lit("on_track"))
        .when(probability >= at_risk)
        .then(pl.lit("at_risk"))
        .otherwise(pl.lit("off_track"))
        .alias("status")
    )
