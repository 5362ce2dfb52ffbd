"""The plan scorecard: status of every target by one written rule (``docs/scorecard.md``).

With baseline ``b`` (year ``t0``), target ``T`` (year ``t1``) and the latest value ``v`` dated
``t``, progress is ``p = (v − b) / (T − b)`` and the elapsed share ``e = (t − end of t0) /
(end of t1 − end of t0)`` (序时进度; dates in months, a year's value dated December):

- ``achieved`` — ``v`` reaches ``T`` (``≥``; ``>`` for a "more than" bound; reversed when lower
  is better);
- ``on_track`` — ``p ≥ e``; ``at_risk`` — ``e − band ≤ p < e`` (``band`` 10 points);
  ``off_track`` — ``p < e − band``;
- ``not_measurable`` — no value (or, for a numeric target, no baseline to measure progress from);
- ``qualitative`` — a target in words (稳步提升, 全覆盖, 一批): not scored; its evidence is listed.

Once the plan period is over (``as_of`` after December of the target year) every target also gets
a final ``verdict``: ``achieved`` if a value dated by the end of the target year reaches it,
``not_achieved`` if a value for the target year misses it, else ``unknown``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, TypedDict

import polars as pl

from analytics.exceptions import AnalyticsError
from analytics.stats.targets import target_table

__all__ = [
    "PLAN_STATUSES",
    "VERDICTS",
    "PlanStatus",
    "ScorecardHeadline",
    "Verdict",
    "period_month_expr",
    "scorecard",
    "scorecard_headline",
]

PlanStatus = Literal[
    "achieved", "on_track", "at_risk", "off_track", "not_measurable", "qualitative"
]
Verdict = Literal["achieved", "not_achieved", "unknown"]
PLAN_STATUSES: tuple[PlanStatus, ...] = (
    "achieved",
    "on_track",
    "at_risk",
    "off_track",
    "not_measurable",
    "qualitative",
)
VERDICTS: tuple[Verdict, ...] = ("achieved", "not_achieved", "unknown")
_NEED = (
    "indicator",
    "direction",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
    "target_kind",
    "bound",
    "n_evidence",
)


class ScorecardHeadline(TypedDict):
    """Counts for the headline: ``achieved`` of ``targets``, ``unknown`` of them unjudged."""

    targets: int
    achieved: int
    unknown: int
    final: bool


def period_month_expr(period: pl.Expr) -> pl.Expr:
    """Months since year 0 of a period's last month: ``2024`` → Dec 2024, ``2024Q1`` → Mar.

    Examples
    --------
    >>> df = pl.DataFrame({"p": ["2024", "2024-03", "2024Q2"]})
    >>> (df.select(period_month_expr(pl.col("p")))["p"] - 2024 * 12).to_list()
    [11, 2, 5]
    """
    year = period.str.slice(0, 4).cast(pl.Int32)
    month = (
        pl.when(period.str.contains(r"^\d{4}-\d{2}"))
        .then(period.str.slice(5, 2).cast(pl.Int32))
        .when(period.str.contains(r"^\d{4}Q[1-4]$"))
        .then(period.str.slice(5, 1).cast(pl.Int32) * 3)
        .otherwise(pl.lit(12, pl.Int32))
    )
    return year * 12 + month - 1


def _with_month(observations: pl.DataFrame) -> pl.DataFrame:
    obs = observations.filter(pl.col("value").is_not_null() & pl.col("value").is_finite())
    return obs.with_columns(period_month_expr(pl.col("period")).alias("__m"))


def _latest(observations: pl.DataFrame) -> pl.DataFrame:
    return (
        _with_month(observations)
        .sort("indicator", "__m")
        .group_by("indicator", maintain_order=True)
        .agg(
            pl.col("value").last().alias("latest_value"),
            pl.col("period").last().alias("latest_period"),
            pl.col("source").last().alias("latest_source"),
            pl.col("__m").last().alias("__m"),
            pl.len().cast(pl.Int32).alias("n_values"),
        )
    )


def _probabilities(targets: pl.DataFrame, observations: pl.DataFrame) -> pl.DataFrame:
    """P(meet the target by its year) from the drift-in-logs model of ``target_table``.

    Only for numeric targets still ahead with annual values; null elsewhere (too few points).
    """
    annual = observations.filter(pl.col("period").str.contains(r"^\d{4}$")).select(
        "indicator", pl.lit("-").alias("region"), "period", pl.col("value").cast(pl.Float64)
    )
    tg = targets.filter(pl.col("target_kind") == "level").select(
        "indicator", "target_year", "target_value", "direction"
    )
    empty = pl.DataFrame(schema={"indicator": pl.String, "probability": pl.Float64})
    if annual.is_empty() or tg.is_empty():
        return empty
    table = target_table(annual, tg, by=("indicator", "region"))
    return table.select("indicator", "probability") if table.height else empty


def _reached(value: pl.Expr) -> pl.Expr:
    lower, strict = pl.col("direction") == "lower", pl.col("bound") == "more_than"
    t = pl.col("target_value")
    return (
        pl.when(lower & strict)
        .then(value < t)
        .when(lower)
        .then(value <= t)
        .when(strict)
        .then(value > t)
        .otherwise(value >= t)
    )


def scorecard(
    targets: pl.DataFrame,
    observations: pl.DataFrame,
    *,
    as_of: dt.date,
    probabilities: pl.DataFrame | None = None,
    band: float = 10.0,
) -> pl.DataFrame:
    """Status, progress and (after the period) final verdict of every target, in one pass.

    Parameters
    ----------
    targets
        One row per target (:meth:`analytics.catalog.Plan.targets_frame`).
    observations
        ``indicator`` (the target's id), ``period``, ``value``, ``source``.
    as_of
        The evaluation date: ages in months and whether the period is over.
    probabilities
        Optional ``indicator``, ``probability`` of meeting the target by its year (forecasts).
    band
        Points of progress behind the elapsed share that are still ``at_risk``.

    Returns
    -------
    pl.DataFrame
        The target rows plus ``latest_value``, ``latest_period``, ``latest_source``,
        ``age_months``, ``n_values``, ``progress_pct``, ``elapsed_pct``, ``probability``,
        ``status``, ``plan_over`` and ``verdict`` (null while the period runs).

    Examples
    --------
    >>> t = pl.DataFrame({"indicator": ["a", "b"], "direction": "higher",
    ...     "baseline_value": [100.0, 100.0], "baseline_year": 2020, "target_value": 200.0,
    ...     "target_year": 2025, "target_kind": "level", "bound": "reach", "n_evidence": 0})
    >>> o = pl.DataFrame({"indicator": ["a", "b"], "period": ["2023", "2023"],
    ...     "value": [180.0, 130.0], "source": "s"})
    >>> scorecard(t, o, as_of=dt.date(2024, 6, 1)).select(
    ...     "progress_pct", "elapsed_pct", "status", "age_months").rows()
    [(80.0, 60.0, 'on_track', 6), (30.0, 60.0, 'off_track', 6)]
    """
    missing = [c for c in _NEED if c not in targets.columns]
    if missing:
        raise AnalyticsError(f"targets frame lacks {missing} (hint: use Plan.targets_frame())")
    now = as_of.year * 12 + as_of.month - 1
    last = _latest(observations)
    end = (
        targets.select("indicator", "target_year")
        .join(_with_month(observations), on="indicator")
        .filter(pl.col("__m") <= pl.col("target_year") * 12 + 11)
        .sort("indicator", "__m")
        .group_by("indicator", maintain_order=True)
        .agg(pl.col("value").last().alias("__end_value"), pl.col("__m").last().alias("__em"))
    )
    out = targets.join(last, on="indicator", how="left").join(end, on="indicator", how="left")
    probs = _probabilities(targets, observations) if probabilities is None else probabilities
    out = out.join(probs.select("indicator", "probability"), on="indicator", how="left")
    b, t, v = pl.col("baseline_value"), pl.col("target_value"), pl.col("latest_value")
    start = (pl.col("baseline_year") + 1) * 12 - 1
    stop = (pl.col("target_year") + 1) * 12 - 1
    out = out.with_columns(
        (pl.lit(now) - pl.col("__m")).cast(pl.Int32).alias("age_months"),
        pl.col("n_values").fill_null(0),
        ((v - b) / (t - b) * 100.0).alias("progress_pct"),
        ((pl.col("__m") - start) / (stop - start) * 100.0).clip(0.0, 100.0).alias("elapsed_pct"),
        (pl.lit(now) > pl.col("target_year") * 12 + 11).alias("plan_over"),
    )
    p, e = pl.col("progress_pct"), pl.col("elapsed_pct")
    level = pl.col("target_kind") == "level"
    status = (
        pl.when(~level & ((pl.col("n_evidence") > 0) | (pl.col("n_values") > 0)))
        .then(pl.lit("qualitative"))
        .when(~level | v.is_null())
        .then(pl.lit("not_measurable"))
        .when(_reached(v))
        .then(pl.lit("achieved"))
        .when(p.is_null() | p.is_nan() | e.is_null())
        .then(pl.lit("not_measurable"))
        .when(p >= e)
        .then(pl.lit("on_track"))
        .when(p >= e - band)
        .then(pl.lit("at_risk"))
        .otherwise(pl.lit("off_track"))
    )
    end_v = pl.col("__end_value")
    verdict = (
        pl.when(~pl.col("plan_over"))
        .then(pl.lit(None, pl.String))
        .when(level & _reached(end_v).fill_null(False))
        .then(pl.lit("achieved"))
        .when(level & end_v.is_not_null() & (pl.col("__em") // 12 == pl.col("target_year")))
        .then(pl.lit("not_achieved"))
        .otherwise(pl.lit("unknown"))
    )
    return out.with_columns(status.alias("status"), verdict.alias("verdict")).drop(
        "__m", "__end_value", "__em"
    )


def scorecard_headline(card: pl.DataFrame) -> ScorecardHeadline:
    """N of N targets achieved and n unknown; final verdicts once the period is over.

    Examples
    --------
    >>> card = pl.DataFrame({"status": ["achieved", "not_measurable", "qualitative"],
    ...                      "verdict": ["achieved", "unknown", "unknown"], "plan_over": True})
    >>> scorecard_headline(card)
    {'targets': 3, 'achieved': 1, 'unknown': 2, 'final': True}
    """
    final = bool(card.height and card["plan_over"].all())
    if final:
        achieved = int((card["verdict"] == "achieved").sum())
        unknown = int((card["verdict"] == "unknown").sum())
    else:
        achieved = int((card["status"] == "achieved").sum())
        unknown = int(card["status"].is_in(["not_measurable", "qualitative"]).sum())
    return {"targets": card.height, "achieved": achieved, "unknown": unknown, "final": final}
