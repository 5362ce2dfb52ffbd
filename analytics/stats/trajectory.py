"""Trajectories: the pace a target needed and the pace achieved, and each milestone's verdict.

- **pace needed** — ``(target − baseline) / (target year − baseline year)`` per year;
- **pace achieved** — ``(latest − baseline) / (latest year − baseline year)`` per year;
- a **milestone** (an interim target of a year) is judged once its year is over, by the final
  rule of :mod:`analytics.stats.scorecard`: **met** when a figure measuring a period that ends
  by the end of that year meets it, **missed** when the figure for that year itself misses it,
  else **no data**; before its year is over it is **not due**.
"""

from __future__ import annotations

from datetime import date

import polars as pl

__all__ = ["MILESTONE_VERDICTS", "judge_milestones", "pace_exprs"]

MILESTONE_VERDICTS = ("met", "missed", "no_data", "not_due")


def pace_exprs() -> list[pl.Expr]:
    """``pace_needed`` and ``pace_achieved`` (units per year) over a scored plan frame.

    Examples
    --------
    >>> f = pl.DataFrame({"baseline_value": [33000.0], "baseline_year": [2020],
    ...     "target_value": [70000.0], "target_year": [2025], "latest_value": [73000.0],
    ...     "latest_year": [2023]})
    >>> f.select(pace_exprs()).row(0)
    (7400.0, 13333.333333333334)
    """
    b, by = pl.col("baseline_value"), pl.col("baseline_year")
    span = pl.col("latest_year") - by
    return [
        ((pl.col("target_value") - b) / (pl.col("target_year") - by)).alias("pace_needed"),
        pl.when(span > 0).then((pl.col("latest_value") - b) / span).alias("pace_achieved"),
    ]


def judge_milestones(
    milestones: pl.DataFrame, figures: pl.DataFrame, *, as_of: date
) -> pl.DataFrame:
    """Each milestone with the figure it is judged on and its verdict.

    Parameters
    ----------
    milestones
        ``id``, ``year``, ``value``, ``direction`` (``higher``/``lower``), one row per milestone.
    figures
        ``id``, ``end`` (the end of the period measured), ``year``, ``value``: what was known.
    as_of
        The evaluation date: a milestone is due once its 31 December has passed.

    Examples
    --------
    >>> m = pl.DataFrame({"id": ["s", "s"], "year": [2020, 2022], "value": [20000.0, 40000.0],
    ...                   "direction": "higher"})
    >>> f = pl.DataFrame({"id": ["s", "s"], "end": [date(2020, 12, 31), date(2023, 12, 31)],
    ...                   "year": [2020, 2023], "value": [33000.0, 73000.0]})
    >>> judge_milestones(m, f, as_of=date(2026, 12, 3))["verdict"].to_list()
    ['met', 'no_data']
    """
    higher = pl.col("direction") != "lower"
    by_end = pl.col("end") <= pl.date(pl.col("year"), 12, 31)
    joined = (
        milestones.with_row_index("_m")
        .join(figures.rename({"year": "f_year", "value": "f_value"}), on="id", how="left")
        .with_columns(by_end.fill_null(False).alias("_by"))
    )
    best = (
        pl.when(higher)
        .then(pl.col("f_value").filter(pl.col("_by")).max())
        .otherwise(pl.col("f_value").filter(pl.col("_by")).min())
    )
    same = pl.col("f_year") == pl.col("year")
    in_year = pl.col("f_value").filter(same).sort_by(pl.col("end").filter(same)).last()
    agg = joined.group_by("_m", maintain_order=True).agg(
        pl.col("id", "year", "value", "direction").first(),
        best.first().alias("best"),
        in_year.alias("figure_in_year"),
    )
    meets = (
        pl.when(higher)
        .then(pl.col("best") >= pl.col("value"))
        .otherwise(pl.col("best") <= pl.col("value"))
    )
    misses = (
        pl.when(higher)
        .then(pl.col("figure_in_year") < pl.col("value"))
        .otherwise(pl.col("figure_in_year") > pl.col("value"))
    )
    due = pl.lit(as_of) >= pl.date(pl.col("year"), 12, 31)
    verdict = (
        pl.when(~due)
        .then(pl.lit("not_due"))
        .when(meets.fill_null(False))
        .then(pl.lit("met"))
        .when(misses.fill_null(False))
        .then(pl.lit("missed"))
        .otherwise(pl.lit("no_data"))
    )
    return agg.with_columns(verdict.alias("verdict")).drop("_m")
