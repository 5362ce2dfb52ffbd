"""Status of plan targets by rule: one expression over every target at once.

The rule, as ``docs/scorecard.md`` states it for readers:

- **qualitative** — the target is words ("steady increase", "a batch of pilots") and there is
  evidence (a figure or a dated, sourced sentence) to list; without evidence: **not measurable**.
- **not measurable** — a numeric target with no figure at all.
- **achieved** — the latest figure meets the target (≥ for "higher is better", ≤ otherwise).
- otherwise, with P(meeting the target by the end of its year) from a forecast:
  **on track** at ≥ 70 %, **at risk** at 30–70 %, **off track** below 30 %;
- otherwise, by pace: progress from baseline to target (``(v − b)/(T − b)``) against the share of
  the time from the end of the baseline year to the end of the target year that had passed when the
  figure was dated: **on track** when progress ≥ elapsed share, **at risk** within 15 points
  below, **off track** further below; **at risk** when no baseline allows a pace.
- **final verdict** once the target year is over: **achieved** when a figure dated by the end of
  the target year meets it, **not achieved** when the figure for the target year itself misses
  it, else **unknown**; a missed final verdict makes the status **off track**.
- every figure states its age at ``as_of`` in calendar months (March 2024 → November 2026: 32).
"""

from __future__ import annotations

from datetime import date

import polars as pl

__all__ = ["FINAL_VERDICTS", "PLAN_STATUSES", "score_targets"]

PLAN_STATUSES = (
    "achieved", "on_track", "at_risk", "off_track", "not_measurable", "qualitative",
)  # fmt: skip
FINAL_VERDICTS = ("achieved", "not_achieved", "unknown")
ON_TRACK_P, AT_RISK_P = 0.7, 0.3
PACE_SLACK = 0.15

_IN = {
    "direction": pl.Utf8, "baseline_value": pl.Float64, "baseline_year": pl.Int64,
    "target_value": pl.Float64, "target_year": pl.Int64, "latest_value": pl.Float64,
    "latest_end": pl.Date, "latest_year": pl.Int64, "has_evidence": pl.Boolean,
    "probability": pl.Float64,
}  # fmt: skip


def _year_end(year: pl.Expr) -> pl.Expr:
    return pl.date(year, 12, 31)


def score_targets(frame: pl.DataFrame, *, as_of: date) -> pl.DataFrame:
    """Add ``met``, ``progress_pct``, ``elapsed_pct``, ``age_months``, ``status``, ``final``.

    Parameters
    ----------
    frame
        One row per target with the columns ``direction`` (``higher``/``lower``),
        ``baseline_value``, ``baseline_year``, ``target_value`` (null for words),
        ``target_year``, ``latest_value``, ``latest_end`` (the date the latest figure refers
        to), ``latest_year``, ``has_evidence`` and ``probability`` (null when no forecast).
    as_of
        The date of the evaluation.

    Examples
    --------
    >>> f = pl.DataFrame({"direction": ["higher"], "baseline_value": [33000.0],
    ...     "baseline_year": [2020], "target_value": [70000.0], "target_year": [2025],
    ...     "latest_value": [73000.0], "latest_end": [date(2024, 3, 31)], "latest_year": [2024],
    ...     "has_evidence": [True], "probability": [None]})
    >>> score_targets(f, as_of=date(2026, 11, 28)).select("status", "final", "age_months").row(0)
    ('achieved', 'achieved', 32)
    """
    f = frame.with_columns(
        [pl.col(c).cast(t) if c in frame.columns else pl.lit(None, t).alias(c)
         for c, t in _IN.items()]
    )  # fmt: skip
    v, t, b = pl.col("latest_value"), pl.col("target_value"), pl.col("baseline_value")
    higher = pl.col("direction") != "lower"
    met = pl.when(higher).then(v >= t).otherwise(v <= t)
    base_end, target_end = _year_end(pl.col("baseline_year")), _year_end(pl.col("target_year"))
    elapsed = (
        (pl.col("latest_end") - base_end).dt.total_days() / (target_end - base_end).dt.total_days()
    ).clip(0.0, 1.0)
    progress = (v - b) / (t - b)
    over = pl.lit(as_of) >= target_end  # evaluated on 31 December, the year is complete
    final = (
        pl.when(~over).then(pl.lit(None, pl.Utf8))
        .when(met & (pl.col("latest_end") <= target_end)).then(pl.lit("achieved"))
        .when(~met & (pl.col("latest_year") == pl.col("target_year"))).then(pl.lit("not_achieved"))
        .otherwise(pl.lit("unknown"))
    )  # fmt: skip
    p = pl.col("probability")
    pace = (
        pl.when(p.is_not_null())
        .then(pl.when(p >= ON_TRACK_P).then(pl.lit("on_track"))
              .when(p >= AT_RISK_P).then(pl.lit("at_risk")).otherwise(pl.lit("off_track")))
        .when(progress.is_null() | elapsed.is_null()).then(pl.lit("at_risk"))
        .when(progress >= elapsed).then(pl.lit("on_track"))
        .when(progress >= elapsed - PACE_SLACK).then(pl.lit("at_risk"))
        .otherwise(pl.lit("off_track"))
    )  # fmt: skip
    status = (
        pl.when(t.is_null())
        .then(pl.when(pl.col("has_evidence") | v.is_not_null())
              .then(pl.lit("qualitative")).otherwise(pl.lit("not_measurable")))
        .when(v.is_null()).then(pl.lit("not_measurable"))
        .when(met).then(pl.lit("achieved"))
        .when(pl.col("final") == "not_achieved").then(pl.lit("off_track"))
        .otherwise(pace)
    )  # fmt: skip
    age = (
        (pl.lit(as_of).dt.year() - pl.col("latest_end").dt.year()) * 12
        + pl.lit(as_of).dt.month()
        - pl.col("latest_end").dt.month()
    )  # calendar months: a figure for March 2024 is 32 months old in November 2026
    numeric_final = (
        pl.when(t.is_null() | v.is_null())
        .then(pl.when(over).then(pl.lit("unknown")).otherwise(pl.lit(None, pl.Utf8)))
        .otherwise(pl.col("final"))
    )
    return (
        f.with_columns(
            met.alias("met"),
            (progress * 100).alias("progress_pct"),
            (elapsed * 100).alias("elapsed_pct"),
            age.alias("age_months"),
            final.alias("final"),
        )
        .with_columns(status.alias("status"))
        .with_columns(numeric_final.alias("final"))
    )
