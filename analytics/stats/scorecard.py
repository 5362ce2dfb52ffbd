"""Status of plan targets by rule: one expression over every target at once.

The rule, as ``docs/scorecard.md`` states it for readers (the probability thresholds are the one
target rule of :mod:`analytics.stats.targets`):

- **qualitative** — the target is words ("steady increase", "a batch of pilots") and there is
  evidence (a figure or a dated, sourced sentence) to list; without evidence: **not measurable**.
- **not measurable** — a numeric target with no figure at all.
- while the target year runs (the evaluation date is before its 31 December):
  **achieved** when the latest figure meets the target (≥ for "higher is better", ≤ otherwise);
  else, with P(meeting the target by the end of its year) from a forecast, **on track** at
  P ≥ 70 %, **at risk** at 30–70 %, **off track** below 30 %; else by pace: progress from baseline
  to target (``(v − b)/(T − b)``) against the share of the time from the end of the baseline year
  to the end of the target year that has passed *on the evaluation date*: **on track** when
  progress ≥ elapsed share, **at risk** within 15 points below, **off track** further below;
  **at risk** when no pace can be computed (no baseline, or a baseline on another basis: then
  ``progress_note`` says ``bases_differ`` and no progress is shown).
- once the target year is over, only final verdicts: **achieved** when a figure measuring a period
  that ends by the end of the target year meets it, **not achieved** when the figure for the target
  year itself misses it, else **no data** — never "on track".
- every figure states its age in completed months from the end of the period it measures to the
  reader's date (``age_at``: the page's generation date, or the evaluation date when the scorecard
  asks for it): end-2023 → 3 December 2026 is 35 months.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from analytics.stats._status import status_expr

__all__ = ["FINAL_VERDICTS", "PLAN_STATUSES", "months_between", "score_targets"]

PLAN_STATUSES = (
    "achieved",
    "on_track",
    "at_risk",
    "off_track",
    "not_achieved",
    "no_data",
    "not_measurable",
    "qualitative",
)
FINAL_VERDICTS = ("achieved", "not_achieved", "unknown")
PACE_SLACK = 0.15

_IN = {
    "direction": pl.Utf8,
    "baseline_value": pl.Float64,
    "baseline_year": pl.Int64,
    "target_value": pl.Float64,
    "target_year": pl.Int64,
    "latest_value": pl.Float64,
    "latest_end": pl.Date,
    "latest_year": pl.Int64,
    "has_evidence": pl.Boolean,
    "probability": pl.Float64,
    "best_by_target": pl.Float64,
    "baseline_vintage": pl.Utf8,
    "latest_vintage": pl.Utf8,
}


def _year_end(year: pl.Expr) -> pl.Expr:
    return pl.date(year, 12, 31)


def months_between(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Completed calendar months from ``start`` to ``end`` (month ends count as whole months).

    A month is completed when ``end``'s day of month reaches ``start``'s, or when ``end`` is
    the last day of its month (31 January to 29 February is one month).

    Parameters
    ----------
    start
        Date expression: the start of each span (e.g. the end of the period measured).
    end
        Date expression: the end of each span (e.g. the reader's date).

    Returns
    -------
    pl.Expr
        Int32 expression named ``months``; negative when ``end`` is before ``start``.

    Examples
    --------
    >>> f = pl.DataFrame({"a": [date(2023, 12, 31), date(2024, 1, 31)],
    ...                   "b": [date(2026, 12, 3), date(2024, 2, 29)]})
    >>> f.select(months_between(pl.col("a"), pl.col("b")))[:, 0].to_list()
    [35, 1]
    """
    months = (end.dt.year() - start.dt.year()) * 12 + end.dt.month() - start.dt.month()
    short = (end.dt.day() < start.dt.day()) & (end != end.dt.month_end())
    return (months - short.cast(pl.Int32)).alias("months")


def score_targets(frame: pl.DataFrame, *, as_of: date, age_at: date | None = None) -> pl.DataFrame:
    """Score every target: ``met``, progress, elapsed time, age, ``status`` and ``final``.

    Adds ``met``, ``progress_pct``, ``progress_note``, ``elapsed_pct``, ``age_months``,
    ``status`` and ``final``.

    Parameters
    ----------
    frame
        One row per target with the columns ``direction`` (``higher``/``lower``),
        ``baseline_value``, ``baseline_year``, ``target_value`` (null for words),
        ``target_year``, ``latest_value``, ``latest_end`` (the end of the period the latest figure
        measures), ``latest_year``, ``has_evidence``, ``probability`` (null when no forecast),
        and optionally ``best_by_target`` (the best figure measuring a period that ends by the
        end of the target year; default: the latest when it does), ``baseline_vintage`` and
        ``latest_vintage`` (a progress across two vintages is not computed).
    as_of
        The date of the evaluation: the pace and the final verdicts are taken at it.
    age_at
        The reader's date the ages run to (default ``as_of``).

    Examples
    --------
    >>> f = pl.DataFrame({"direction": ["higher"], "baseline_value": [33000.0],
    ...     "baseline_year": [2020], "target_value": [70000.0], "target_year": [2025],
    ...     "latest_value": [73000.0], "latest_end": [date(2023, 12, 31)], "latest_year": [2023],
    ...     "has_evidence": [True], "probability": [None]})
    >>> score_targets(f, as_of=date(2025, 12, 31), age_at=date(2026, 12, 3)).select(
    ...     "status", "final", "age_months").row(0)
    ('achieved', 'achieved', 35)
    """
    f = frame.with_columns(
        [
            pl.col(c).cast(t) if c in frame.columns else pl.lit(None, t).alias(c)
            for c, t in _IN.items()
        ]
    )
    v, t, b = pl.col("latest_value"), pl.col("target_value"), pl.col("baseline_value")
    higher = pl.col("direction") != "lower"
    base_end, target_end = _year_end(pl.col("baseline_year")), _year_end(pl.col("target_year"))
    evaluated = pl.lit(as_of)
    in_time = pl.col("latest_end") <= target_end
    best = pl.coalesce(pl.col("best_by_target"), pl.when(in_time).then(v))
    met = pl.when(higher).then(v >= t).otherwise(v <= t)
    met_in_time = pl.when(higher).then(best >= t).otherwise(best <= t).fill_null(False)
    elapsed = (
        (evaluated - base_end).dt.total_days() / (target_end - base_end).dt.total_days()
    ).clip(0.0, 1.0)
    vintages_differ = (
        pl.col("baseline_vintage").is_not_null()
        & pl.col("latest_vintage").is_not_null()
        & (pl.col("baseline_vintage") != pl.col("latest_vintage"))
    )
    progress = pl.when(~vintages_differ).then((v - b) / (t - b))
    over = evaluated >= target_end  # evaluated on 31 December, the year is complete
    final = (
        pl.when(~over)
        .then(pl.lit(None, pl.Utf8))
        .when(met_in_time)
        .then(pl.lit("achieved"))
        .when(~met & (pl.col("latest_year") == pl.col("target_year")))
        .then(pl.lit("not_achieved"))
        .otherwise(pl.lit("unknown"))
    )
    by_pace = (
        pl.when(progress.is_null() | elapsed.is_null())
        .then(pl.lit("at_risk"))
        .when(progress >= elapsed)
        .then(pl.lit("on_track"))
        .when(progress >= elapsed - PACE_SLACK)
        .then(pl.lit("at_risk"))
        .otherwise(pl.lit("off_track"))
    )
    p = pl.col("probability")
    by_rule = status_expr(v, t, p, lower_is_better=~higher)  # the one rule of stats.targets
    running = pl.when(met).then(pl.lit("achieved")).when(p.is_not_null()).then(by_rule)
    status = (
        pl.when(t.is_null())
        .then(
            pl.when(pl.col("has_evidence") | v.is_not_null())
            .then(pl.lit("qualitative"))
            .otherwise(pl.lit("not_measurable"))
        )
        .when(v.is_null())
        .then(pl.lit("not_measurable"))
        .when(over)
        .then(pl.col("final").replace({"unknown": "no_data"}))
        .otherwise(running.otherwise(by_pace))
    )
    age = months_between(pl.col("latest_end"), pl.lit(age_at or as_of))
    numeric_final = (
        pl.when(t.is_null() | v.is_null())
        .then(pl.when(over).then(pl.lit("unknown")).otherwise(pl.lit(None, pl.Utf8)))
        .otherwise(pl.col("final"))
    )
    return (
        f.with_columns(
            met.alias("met"),
            (progress * 100).alias("progress_pct"),
            pl.when(vintages_differ).then(pl.lit("bases_differ")).alias("progress_note"),
            (elapsed * 100).alias("elapsed_pct"),
            age.alias("age_months"),
            final.alias("final"),
        )
        .with_columns(status.alias("status"))
        .with_columns(numeric_final.alias("final"))
    )
