"""Cumulative (累计, year-to-date) releases ↔ single periods.

A single month is ``ytd(m) − ytd(m−1)`` within one year; it is never differenced across years.
January–February combined releases (``YYYY-01/02``: NBS publishes no January figure for
industrial production, retail sales or investment) are one period: January is missing, not zero,
the combined period's flow is the year-to-date value itself, and the first single month that can
be derived is March. Reported data do not always satisfy 上月止累计 + 本月 = 本月止累计:
:func:`check_cumulative_identity` flags the failures instead of hiding them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import polars as pl

from analytics.exceptions import AnalyticsError
from analytics.stats._frames import (
    DEFAULT_BY,
    FREQ,
    SUB_END,
    SUB_START,
    YEAR,
    check_choice,
    prepare,
    series_keys,
)
from analytics.stats._growth import finish
from analytics.stats.periods import sort_by_period

__all__ = ["check_cumulative_identity", "single_to_ytd", "ytd_to_single"]


def _to_quarters(data: pl.DataFrame) -> pl.DataFrame:
    """Keep monthly year-to-date rows ending a quarter and relabel them as quarters."""
    ends = data.filter(
        (pl.col(FREQ) == "M") & (pl.col(SUB_END) % 3 == 0) & (pl.col(SUB_START) == pl.col(SUB_END))
    )
    q = (pl.col(SUB_END) // 3).cast(pl.Int32)
    return ends.with_columns(
        pl.concat_str([pl.col(YEAR).cast(pl.Utf8), pl.lit("Q"), q.cast(pl.Utf8)]).alias("period"),
        pl.lit("Q").alias(FREQ),
        q.alias(SUB_START),
        q.alias(SUB_END),
    )


def ytd_to_single(
    df: pl.DataFrame,
    *,
    to: Literal["native", "quarter"] = "native",
    by: Sequence[str] = DEFAULT_BY,
) -> pl.DataFrame:
    """Single-period flows from year-to-date values, within each year only.

    The first release of a year (January, ``YYYY-01/02``, or Q1) is its own flow; every later
    period is its year-to-date value minus the previous period's in the same year. When that
    previous release is missing the flow is null with ``flag="no_previous_period"`` — never
    taken from another year or filled in.

    Parameters
    ----------
    df
        Year-to-date values (``measure`` ``ytd``), monthly or quarterly.
    to
        ``native`` keeps the input's frequency; ``quarter`` turns monthly year-to-date values into
        single quarters (from the March, June, September and December releases).
    by
        Key columns of a series.

    Returns
    -------
    pl.DataFrame
        One row per input period (per quarter for ``to="quarter"``) with the flow as ``value``,
        ``measure`` ``level``, ``derivation`` ``computed`` and ``flag``.

    Examples
    --------
    >>> df = pl.DataFrame({"indicator": "retail", "region": "120000",
    ...                    "period": ["2024-01/02", "2024-03", "2024-04"],
    ...                    "value": [600.0, 900.0, 1200.0]})
    >>> ytd_to_single(df)["value"].to_list()
    [600.0, 300.0, 300.0]
    """
    check_choice("to", to, ("native", "quarter"))
    data, keys = prepare(df, by)
    if data.height and (data[FREQ] == "A").any():
        raise AnalyticsError(
            "ytd_to_single needs monthly or quarterly periods; got "
            f"{data.filter(pl.col(FREQ) == 'A')['period'][0]!r} (hint: an annual total is "
            "already a single period)"
        )
    if to == "quarter":
        data = _to_quarters(data)
    first = pl.col(SUB_START) == 1
    data = data.with_columns(pl.when(~first).then(pl.col(SUB_START) - 1).alias("__prev_end"))
    lookup = data.select(
        [*keys, YEAR, pl.col(SUB_END).alias("__prev_end"), pl.col("value").alias("__prev")]
    ).with_columns(pl.lit(True).alias("__found"))
    out = data.join(lookup, on=[*keys, YEAR, "__prev_end"], how="left", nulls_equal=True)
    flag = (
        pl.when(~first & ~pl.col("__found").fill_null(False))
        .then(pl.lit("no_previous_period"))
        .when(pl.col("value").is_null() | (~first & pl.col("__prev").is_null()))
        .then(pl.lit("missing_value"))
    )
    out = out.with_columns(flag.alias("flag")).with_columns(
        pl.when(pl.col("flag").is_not_null())
        .then(None)
        .when(first)
        .then(pl.col("value"))
        .otherwise(pl.col("value") - pl.col("__prev"))
        .alias("value"),
        pl.lit("level").alias("measure"),
        pl.lit("computed").alias("derivation"),
    )
    out = out.drop("__prev_end", "__prev", "__found").sort([*keys, YEAR, SUB_END])
    return finish(out, unit=None)


def single_to_ytd(df: pl.DataFrame, *, by: Sequence[str] = DEFAULT_BY) -> pl.DataFrame:
    """Year-to-date values from single-period flows (the reverse of :func:`ytd_to_single`).

    Sums within each year in period order. A year-to-date value needs every earlier period of the
    year: after a gap (or a missing value) the rest of the year is null with
    ``flag="gap_in_year"``.

    Parameters
    ----------
    df
        Single-period flows, monthly (``YYYY-01/02`` allowed) or quarterly.
    by
        Key columns of a series.

    Returns
    -------
    pl.DataFrame
        The same periods with ``measure`` ``ytd`` and ``derivation`` ``computed``.

    Examples
    --------
    >>> df = pl.DataFrame({"indicator": "retail", "region": "120000",
    ...                    "period": ["2024-01/02", "2024-03", "2024-04"],
    ...                    "value": [600.0, 300.0, 300.0]})
    >>> single_to_ytd(df)["value"].to_list()
    [600.0, 900.0, 1200.0]
    """
    data, keys = prepare(df, by)
    group = [*keys, YEAR]
    data = data.sort([*group, SUB_END])
    prev_end = pl.col(SUB_END).shift(1).over(group).fill_null(0)
    contiguous = (pl.col(SUB_START) == prev_end + 1) & pl.col("value").is_not_null()
    out = data.with_columns((~contiguous).cum_sum().over(group).alias("__breaks"))
    out = out.with_columns(
        pl.when(pl.col("__breaks") > 0).then(pl.lit("gap_in_year")).alias("flag"),
        pl.when(pl.col("__breaks") == 0).then(pl.col("value").cum_sum().over(group)).alias("value"),
        pl.lit("ytd").alias("measure"),
        pl.lit("computed").alias("derivation"),
    ).drop("__breaks")
    return finish(out, unit=None)


def check_cumulative_identity(
    ytd: pl.DataFrame,
    single: pl.DataFrame,
    *,
    rtol: float = 1e-3,
    atol: float = 0.0,
    by: Sequence[str] = DEFAULT_BY,
) -> pl.DataFrame:
    """Flag periods where a published single-period value ≠ the difference of year-to-date values.

    Parameters
    ----------
    ytd
        Published year-to-date values.
    single
        Published single-period values of the same series.
    rtol, atol
        Agreement means ``|derived − published| <= atol + rtol × |published|``.
    by
        Key columns of a series (``measure`` is not a key here: it differs by construction).

    Returns
    -------
    pl.DataFrame
        Keys, ``period``, ``published``, ``derived``, ``difference`` (derived − published) and
        ``identity_ok`` (null where either side is missing). Nothing is overwritten.

    Examples
    --------
    >>> ytd = pl.DataFrame({"indicator": "x", "region": "1",
    ...                     "period": ["2024-01/02", "2024-03"], "value": [600.0, 900.0]})
    >>> single = ytd.with_columns(value=pl.Series([600.0, 310.0]))
    >>> check_cumulative_identity(ytd, single)["identity_ok"].to_list()
    [True, False]
    """
    keys = [k for k in series_keys(ytd, by) if k != "measure"]
    derived = ytd_to_single(ytd.drop("measure", strict=False), by=by)
    published = prepare(single.drop("measure", strict=False), by)[0]
    d = derived.select([*keys, "period", pl.col("value").alias("derived")])
    p = published.select([*keys, "period", pl.col("value").alias("published")])
    out = p.join(d, on=[*keys, "period"], how="full", coalesce=True, nulls_equal=True)
    diff = pl.col("derived") - pl.col("published")
    out = out.with_columns(
        diff.alias("difference"),
        (diff.abs() <= atol + rtol * pl.col("published").abs()).alias("identity_ok"),
    )
    return sort_by_period(out, *keys)
