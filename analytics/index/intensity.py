"""An intensity variant of a size-driven index: totals per unit of a denominator.

A panel of absolute totals (cable length, revenue, patents) ranks provinces by size. Dividing each
total by the same region's GDP of the same year (or its population) turns it into an intensity;
ratios, shares and indices stay as they are. The variant is then built with the same framework,
so the two rankings differ only in what they measure.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

__all__ = ["per_unit_of"]


def per_unit_of(
    panel: pl.DataFrame, denominator: pl.DataFrame, *, totals: Iterable[str]
) -> pl.DataFrame:
    """``totals`` divided by the same region-year ``denominator``; other indicators kept.

    Parameters
    ----------
    panel
        Long frame with ``indicator``, ``region``, ``period`` and ``value``.
    denominator
        ``region``, ``period`` and ``value`` (e.g. GDP in 亿元, population in 万人).
    totals
        The indicators that are absolute totals.

    Returns
    -------
    pl.DataFrame
        The panel restricted to the region-years the denominator covers, totals divided by it.

    Examples
    --------
    >>> panel = pl.DataFrame({"indicator": ["sales", "share", "sales"],
    ...     "region": ["a", "a", "b"], "period": ["2022"] * 3, "value": [50.0, 7.0, 10.0]})
    >>> gdp = pl.DataFrame({"region": ["a", "b"], "period": ["2022"] * 2, "value": [100.0, 10.0]})
    >>> per_unit_of(panel, gdp, totals=["sales"]).sort("region", "indicator")["value"].to_list()
    [0.5, 7.0, 1.0]
    """
    den = denominator.select("region", "period", pl.col("value").alias("_den"))
    joined = panel.join(den, on=["region", "period"], how="inner")
    is_total = pl.col("indicator").is_in(list(totals))
    value = pl.when(is_total).then(pl.col("value") / pl.col("_den")).otherwise(pl.col("value"))
    return joined.with_columns(value.alias("value")).drop("_den")
