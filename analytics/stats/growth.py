"""Growth rates from levels: 同比 (year on year), 环比 (period on period), two-year average, CAGR.

All rates are in percent, like the published tables. Computed rates carry
``derivation="computed"``; a published rate is never overwritten — put it beside the computed one
with :func:`compare_growth`. Every function works on the observation model (``indicator``,
``region``, ``period``, ``value`` and any other columns, which are carried along) for all series
at once. A series is ``by`` plus ``measure``, ``price_basis`` and ``vintage`` where those columns
exist, so a rate is never computed across vintages or price bases. A missing period stays missing:
the growth that needs it is null with a ``flag``, never computed against an older period.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import polars as pl

from analytics.stats._frames import (
    DEFAULT_BY,
    FREQ,
    SUB_END,
    YEAR,
    check_unique,
    prepare,
    series_keys,
)
from analytics.stats._growth import finish, pop_base_label, relative_change, yoy_base_label
from analytics.stats.periods import sort_by_period

__all__ = [
    "cagr",
    "compare_growth",
    "mom",
    "period_on_period",
    "qoq",
    "two_year_average",
    "two_year_average_rate",
    "yoy",
]

T = TypeVar("T", float, pl.Expr)


def yoy(df: pl.DataFrame, *, by: Sequence[str] = DEFAULT_BY) -> pl.DataFrame:
    """Year-on-year growth (同比) from levels, in percent, for every series at once.

    Each period is compared with the same period a year earlier (``2023-01/02`` with
    ``2022-01/02``). Rows keep their other columns; ``value`` becomes the growth, ``measure`` is
    ``yoy_pct``, ``unit`` ``%``, ``derivation`` ``computed``, and ``base_period`` / ``base_value``
    say what it was compared with. ``flag`` explains a null: ``no_previous_period`` (a gap or the
    first year), ``missing_value`` or ``nonpositive_base`` (a zero or negative base gives no rate).
    ``price_basis`` is carried along: a rate from current-price levels is nominal, not the
    published real (comparable-price) growth of GDP or industrial value added.

    Parameters
    ----------
    df
        Levels in the observation model (one measure, one vintage per series).
    by
        Key columns of a series besides ``measure``/``price_basis``/``vintage``.

    Returns
    -------
    pl.DataFrame

    Raises
    ------
    DuplicatePeriodError
        When a series has two rows for one period.

    Examples
    --------
    >>> df = pl.DataFrame({"indicator": "gdp", "region": "120000",
    ...                    "period": ["2021", "2022", "2024"], "value": [100.0, 110.0, 121.0]})
    >>> yoy(df).select("period", "value", "flag").rows()
    [('2021', None, 'no_previous_period'), ('2022', 10.0, None), ('2024', None, 'no_previous_period')]
    """  # noqa: E501
    return relative_change(df, by=by, base=yoy_base_label(), measure="yoy_pct")


def period_on_period(df: pl.DataFrame, *, by: Sequence[str] = DEFAULT_BY) -> pl.DataFrame:
    """Period-on-period growth (环比) from levels, in percent: month on month, quarter on quarter.

    The base is the previous month (January: December of the year before), the previous quarter,
    or for annual data the previous year. A combined January–February release has no
    comparable previous period and March's base (February) does not exist, so both are null
    with a flag. Unadjusted: NBS's published 环比 is seasonally adjusted and revised back in time;
    keep it as its own series. Columns as in :func:`yoy`, with ``measure`` ``pop_pct``.

    Parameters
    ----------
    df
        Levels in the observation model.
    by
        Key columns of a series.

    Returns
    -------
    pl.DataFrame

    Examples
    --------
    >>> df = pl.DataFrame({"indicator": "x", "region": "120000",
    ...                    "period": ["2023Q4", "2024Q1"], "value": [50.0, 40.0]})
    >>> period_on_period(df)["value"].to_list()
    [None, -20.0]
    """
    return relative_change(df, by=by, base=pop_base_label(), measure="pop_pct")


mom = period_on_period
"""Alias of :func:`period_on_period` for monthly data (环比)."""
qoq = period_on_period
"""Alias of :func:`period_on_period` for quarterly data (环比)."""


def two_year_average_rate(g1: T, g2: T) -> T:
    """Two-year average growth ((1+g1)(1+g2))^(1/2) − 1, rates in percent (floats or expressions).

    NBS published it in 2021 to see past the 2020 base.

    Parameters
    ----------
    g1
        Growth of the earlier year, in percent (2.3 for +2.3%); a float or a polars expression.
    g2
        Growth of the later year, in percent, of the same kind as ``g1``.

    Returns
    -------
    float or pl.Expr
        The geometric mean annual growth over the two years, in percent, of the kind given.

    Examples
    --------
    >>> round(two_year_average_rate(2.3, 18.3), 4)  # (1.023 × 1.183)^0.5 − 1
    10.0095
    >>> df = pl.DataFrame({"g1": [2.3], "g2": [18.3]})
    >>> df.select(two_year_average_rate(pl.col("g1"), pl.col("g2")).round(4)).item()
    10.0095
    """
    return ((1 + g1 / 100.0) * (1 + g2 / 100.0)) ** 0.5 * 100.0 - 100.0


def two_year_average(growth: pl.DataFrame, *, by: Sequence[str] = DEFAULT_BY) -> pl.DataFrame:
    """Two-year average growth from a frame of year-on-year rates (published or computed).

    Combines each period's rate with the same period's rate a year earlier by
    :func:`two_year_average_rate`; null with ``flag="no_previous_period"`` when that year is
    missing. ``measure`` becomes ``two_year_avg_pct``.

    Parameters
    ----------
    growth
        Year-on-year rates in percent in the observation model.
    by
        Key columns of a series.

    Returns
    -------
    pl.DataFrame

    Examples
    --------
    >>> g = pl.DataFrame({"indicator": "x", "region": "120000",
    ...                   "period": ["2020", "2021"], "value": [2.3, 18.3]})
    >>> round(two_year_average(g)["value"][1], 4)
    10.0095
    """
    data, keys = prepare(growth, by)
    data = data.with_columns(yoy_base_label().alias("base_period"))
    lookup = data.select(
        [*keys, pl.col("period").alias("base_period"), pl.col("value").alias("__g1")]
    ).with_columns(pl.lit(True).alias("__found"))
    out = data.join(lookup, on=[*keys, "base_period"], how="left", nulls_equal=True)
    out = out.with_columns(
        pl.when(~pl.col("__found").fill_null(False))
        .then(pl.lit("no_previous_period"))
        .when(pl.col("value").is_null() | pl.col("__g1").is_null())
        .then(pl.lit("missing_value"))
        .alias("flag")
    ).with_columns(
        pl.when(pl.col("flag").is_null())
        .then(two_year_average_rate(pl.col("__g1"), pl.col("value")))
        .alias("value"),
        pl.lit("two_year_avg_pct").alias("measure"),
        pl.lit("computed").alias("derivation"),
    )
    return finish(out.drop("__g1"), unit="%")


def cagr(
    df: pl.DataFrame,
    *,
    start: str | None = None,
    end: str | None = None,
    by: Sequence[str] = DEFAULT_BY,
) -> pl.DataFrame:
    """Compound average growth rate (年均增速), in percent, between two periods of each series.

    ``((end / start) ** (1 / years) - 1) * 100``, where ``years`` counts the span in years
    (fractions for quarters and months). By default the span runs from the first to the last
    non-null observation; intermediate gaps do not matter. A missing endpoint, a span of zero
    years, or a zero or negative endpoint gives null with a ``flag``.

    Parameters
    ----------
    df
        Levels in the observation model.
    start, end
        Period labels of the endpoints (``"2020"``); default the first/last observed.
    by
        Key columns of a series.

    Returns
    -------
    pl.DataFrame
        One row per series: keys, ``start_period``, ``end_period``, ``years``, ``value``,
        ``measure`` (``cagr_pct``), ``unit``, ``derivation`` and ``flag``.

    Examples
    --------
    >>> df = pl.DataFrame({"indicator": "x", "region": "120000",
    ...                    "period": ["2020", "2021", "2022"], "value": [100.0, 110.0, 121.0]})
    >>> round(cagr(df)["value"][0], 10)
    10.0
    """
    data, keys = prepare(df, by)
    per_year = pl.when(pl.col(FREQ) == "A").then(1.0).when(pl.col(FREQ) == "Q").then(4.0)
    data = data.with_columns(
        (pl.col(YEAR) + (pl.col(SUB_END) - 1) / per_year.otherwise(12.0)).alias("__t")
    )
    observed = pl.col("value").is_not_null()
    pick_a = observed if start is None else pl.col("period") == start
    pick_b = observed if end is None else pl.col("period") == end
    out = (
        data.sort("__t")
        .group_by(keys, maintain_order=True)
        .agg(
            pl.col("period").filter(pick_a).first().alias("start_period"),
            pl.col("__t").filter(pick_a).first(),
            pl.col("value").filter(pick_a).first(),
            pl.col("period").filter(pick_b).last().alias("end_period"),
            pl.col("__t").filter(pick_b).last().alias("__t2"),
            pl.col("value").filter(pick_b).last().alias("__v2"),
        )
    )
    out = out.with_columns((pl.col("__t2") - pl.col("__t")).alias("years"))
    out = out.with_columns(
        pl.when(pl.col("start_period").is_null() | pl.col("end_period").is_null())
        .then(pl.lit("no_previous_period"))
        .when(pl.col("value").is_null() | pl.col("__v2").is_null())
        .then(pl.lit("missing_value"))
        .when(pl.col("years") <= 0)
        .then(pl.lit("span_too_short"))
        .when((pl.col("value") <= 0) | (pl.col("__v2") <= 0))
        .then(pl.lit("nonpositive_base"))
        .alias("flag")
    )
    out = out.with_columns(
        pl.when(pl.col("flag").is_null())
        .then(((pl.col("__v2") / pl.col("value")) ** (1.0 / pl.col("years")) - 1.0) * 100.0)
        .alias("value"),
        pl.lit("cagr_pct").alias("measure"),
        pl.lit("%").alias("unit"),
        pl.lit("computed").alias("derivation"),
    )
    cols = ["start_period", "end_period", "years", "value", "measure", "unit", "derivation"]
    return out.select([*keys, *(c for c in cols if c not in keys), "flag"])


def compare_growth(
    published: pl.DataFrame,
    computed: pl.DataFrame,
    *,
    tol: float = 0.1,
    by: Sequence[str] = DEFAULT_BY,
) -> pl.DataFrame:
    """Put published and computed growth side by side and flag disagreements; overwrite nothing.

    Published growth of above-scale industry or investment compares the same units a year
    earlier (可比口径), and GDP growth is at comparable prices, so a rate recomputed from levels
    may differ: that is information, not an error to be fixed.

    Parameters
    ----------
    published, computed
        Rates in percent in the observation model, one row per series and period each.
    tol
        Largest absolute difference in percentage points counted as agreement.
    by
        Key columns of a series (the join keys together with ``period``).

    Returns
    -------
    pl.DataFrame
        Keys, ``period``, ``published``, ``computed``, ``difference_pp`` (computed − published)
        and ``disagrees`` (null where either side is missing).

    Examples
    --------
    >>> p = pl.DataFrame({"indicator": "x", "region": "1", "period": ["2023"], "value": [5.0]})
    >>> c = p.with_columns(value=pl.lit(5.6))
    >>> compare_growth(p, c, tol=0.5).select("difference_pp", "disagrees").rows()
    [(0.5999999999999996, True)]
    """
    keys = list(by)
    for frame in (published, computed):
        series_keys(frame, by)
        check_unique(frame, keys)
    p = published.select([*keys, "period", pl.col("value").alias("published")])
    c = computed.select([*keys, "period", pl.col("value").alias("computed")])
    out = p.join(c, on=[*keys, "period"], how="full", coalesce=True, nulls_equal=True)
    diff = pl.col("computed") - pl.col("published")
    out = out.with_columns(diff.alias("difference_pp"), (diff.abs() > tol).alias("disagrees"))
    return sort_by_period(out, *keys)
