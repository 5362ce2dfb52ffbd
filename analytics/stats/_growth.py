"""Engine shared by the growth functions: join each row to its base period and divide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import polars as pl

from analytics.stats._frames import FREQ, HELPERS, SUB_END, SUB_START, YEAR, prepare

Flag = Literal["no_previous_period", "missing_value", "nonpositive_base"]
BASE = "__base_period"


def yoy_base_label() -> pl.Expr:
    """Same period one year earlier: the year replaced, the rest of the label kept."""
    return pl.concat_str([(pl.col(YEAR) - 1).cast(pl.Utf8), pl.col("period").str.slice(4)])


def pop_base_label() -> pl.Expr:
    """The previous period of the same frequency; none for a combined release."""
    y = pl.col(YEAR)
    s = pl.col(SUB_END)
    prev_year = (y - 1).cast(pl.Utf8)
    return (
        pl.when(pl.col(FREQ) == "A")
        .then(prev_year)
        .when((pl.col(FREQ) == "Q") & (s == 1))
        .then(pl.concat_str([prev_year, pl.lit("Q4")]))
        .when(pl.col(FREQ) == "Q")
        .then(pl.concat_str([y.cast(pl.Utf8), pl.lit("Q"), (s - 1).cast(pl.Utf8)]))
        .when(pl.col(SUB_START) != s)
        .then(None)
        .when(s == 1)
        .then(pl.concat_str([prev_year, pl.lit("-12")]))
        .otherwise(
            pl.concat_str([y.cast(pl.Utf8), pl.lit("-"), (s - 1).cast(pl.Utf8).str.zfill(2)])
        )
    )


def relative_change(
    df: pl.DataFrame,
    *,
    by: Sequence[str],
    base: pl.Expr,
    measure: str,
    unit: str = "%",
) -> pl.DataFrame:
    """Growth of ``value`` against the row whose period is ``base``, in percent.

    Every input row stays; rows without a usable base get a null value and a ``flag``.
    """
    data, keys = prepare(df, by)
    data = data.with_columns(base.alias(BASE))
    lookup = data.select(
        [*keys, pl.col("period").alias(BASE), pl.col("value").alias("base_value")]
    ).with_columns(pl.lit(True).alias("__found"))
    out = data.join(lookup, on=[*keys, BASE], how="left", nulls_equal=True)
    out = out.with_columns(pl.col("__found").fill_null(False).alias("__has_base"))
    flag = (
        pl.when(~pl.col("__has_base"))
        .then(pl.lit("no_previous_period"))
        .when(pl.col("value").is_null() | pl.col("base_value").is_null())
        .then(pl.lit("missing_value"))
        .when(pl.col("base_value") <= 0)
        .then(pl.lit("nonpositive_base"))
        .otherwise(None)
    )
    out = out.with_columns(flag.alias("flag"))
    out = out.with_columns(
        pl.when(pl.col("flag").is_null())
        .then((pl.col("value") - pl.col("base_value")) / pl.col("base_value") * 100.0)
        .otherwise(None)
        .alias("value"),
        pl.lit(measure).alias("measure"),
        pl.lit("computed").alias("derivation"),
        pl.col(BASE).alias("base_period"),
    )
    return finish(out, unit=unit)


def finish(out: pl.DataFrame, *, unit: str | None) -> pl.DataFrame:
    """Drop helpers, set the unit, and give null values a status saying why."""
    cols = out.columns
    updates: list[pl.Expr] = []
    if unit is not None and "unit" in cols:
        updates.append(pl.lit(unit).alias("unit"))
    if "status" in cols and "flag" in cols:
        updates.append(
            pl.when(pl.col("value").is_null() & pl.col("flag").is_not_null())
            .then(pl.lit("not_applicable"))
            .otherwise(pl.col("status"))
            .alias("status")
        )
    if updates:
        out = out.with_columns(updates)
    drop = [c for c in (*HELPERS, BASE, "__has_base", "__found") if c in out.columns]
    return out.drop(drop)
