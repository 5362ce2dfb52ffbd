"""The right value for a comparison: a density from the latest level when it is fresher.

A published density (5G base stations per 10,000 people) is often older than the latest published
level: Tianjin's density was last stated for 2021 (25.3) while its station count was stated for
March 2024 (73,000). Comparing Tianjin's 2021 density with Beijing's of mid-2024 is wrong. For
each region this module takes the latest published ratio and the latest level, compared as
periods (dates, never text), and when the level is newer *and* the population of the level's own
year is known, computes ``level / population`` (population in 万人 gives a density per 10,000
people) and names both sources; otherwise it keeps the published ratio, bound qualifier and all.
"""

from __future__ import annotations

import polars as pl

from analytics.stats.periods import period_end, period_year

__all__ = ["latest_density"]

_OUT = ["region", "period", "value", "qualifier", "basis", "source", "population_source"]


def _latest(frame: pl.DataFrame) -> pl.DataFrame:
    """The latest row per region by period end (an exact figure wins a tie over a bound)."""
    ranked = frame.with_columns(
        period_end().alias("_end"), pl.col("qualifier").is_not_null().alias("_bound")
    )
    return (
        ranked.sort(["_end", "_bound"], descending=[False, True])
        .group_by("region", maintain_order=True)
        .agg(pl.all().last())
        .drop("_bound")
    )


def latest_density(
    ratios: pl.DataFrame, levels: pl.DataFrame, population: pl.DataFrame
) -> pl.DataFrame:
    """Each region's freshest density: published, or computed from a newer level.

    Parameters
    ----------
    ratios
        Published densities: ``region``, ``period``, ``value``, ``qualifier``, ``source``.
    levels
        Published levels (counts): the same columns.
    population
        Population in 万人 (10,000 persons): ``region``, ``period`` (a year), ``value``,
        ``source``.

    Returns
    -------
    pl.DataFrame
        ``region, period, value, qualifier, basis`` (``published`` | ``computed``), ``source``
        and ``population_source`` (null for a published ratio).

    Examples
    --------
    >>> ratios = pl.DataFrame({"region": ["120000"], "period": ["2021"], "value": [25.3],
    ...                        "qualifier": [None], "source": ["r"]})
    >>> levels = pl.DataFrame({"region": ["120000"], "period": ["2024-03"], "value": [73000.0],
    ...                        "qualifier": [None], "source": ["l"]})
    >>> pop = pl.DataFrame({"region": ["120000"], "period": ["2024"], "value": [1364.0],
    ...                     "source": ["p"]})
    >>> latest_density(ratios, levels, pop).select("period", "value", "basis").rows()
    [('2024-03', 53.51906158357771, 'computed')]
    """
    pub = _latest(ratios).with_columns(
        pl.lit("published").alias("basis"), pl.lit(None, pl.Utf8).alias("population_source")
    )
    lvl = _latest(levels.filter(pl.col("qualifier").is_null()))
    pop = population.select(
        "region",
        period_year().alias("_year"),
        pl.col("value").alias("_pop"),
        pl.col("source").alias("population_source"),
    )
    computed = (
        lvl.with_columns(period_year().alias("_year"))
        .join(pop, on=["region", "_year"], how="inner")
        .join(pub.select("region", pl.col("_end").alias("_pub_end")), on="region", how="left")
        .filter(pl.col("_pub_end").is_null() | (pl.col("_end") > pl.col("_pub_end")))
        .with_columns(
            (pl.col("value") / pl.col("_pop")).alias("value"),
            pl.lit("computed").alias("basis"),
        )
    )
    keep = pub.join(computed.select("region"), on="region", how="anti")
    return pl.concat([keep.select(_OUT), computed.select(_OUT)]).sort("region")
