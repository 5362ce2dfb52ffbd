"""Aggregation level by level: weighted arithmetic, geometric or harmonic means.

A parent's score is the weighted mean of its available children, the weights renormalised over
the children present, **unless** the share of children present is below ``threshold``: then the
score is missing rather than computed from what is left (COINr's ``dat_thresh``).

- arithmetic: ``Σ w x / Σ w`` (compensatory)
- geometric: ``exp(Σ w ln x / Σ w)`` (needs x > 0, e.g. min–max to [1, 100])
- harmonic: ``Σ w / Σ (w / x)`` (needs x > 0)

For the same positive inputs, harmonic ≤ geometric ≤ arithmetic.

Examples
--------
>>> import polars as pl
>>> from analytics.index.framework import Framework
>>> fw = Framework.from_dict({"id": "t", "nodes": [{"id": "i"}],
...     "indicators": [{"id": "a", "parent": "i"}, {"id": "b", "parent": "i"}]})
>>> f = pl.DataFrame({"region": ["r", "r"], "year": [2020, 2020], "indicator": ["a", "b"],
...                   "value": [1.0, 4.0]})
>>> s = aggregate(f, fw, method="geometric")
>>> s.filter(pl.col("node") == "i")["value"].to_list()
[2.0]
"""

from __future__ import annotations

from typing import Literal, get_args

import polars as pl

from analytics.exceptions import AnalyticsError
from analytics.index.framework import Framework

__all__ = ["AGGREGATIONS", "Aggregation", "aggregate"]

Aggregation = Literal["arithmetic", "geometric", "harmonic"]
AGGREGATIONS: tuple[str, ...] = get_args(Aggregation)


def aggregate(
    normalised: pl.DataFrame,
    framework: Framework,
    *,
    method: Aggregation = "arithmetic",
    threshold: float = 0.0,
) -> pl.DataFrame:
    """Scores of every node (indicators included) for every region and year.

    Parameters
    ----------
    normalised
        Long frame (region, year, indicator, value) of normalised indicators.
    framework
        The tree and its weights.
    method
        The mean used at every level.
    threshold
        Minimum share (0–1) of a node's children that must be present for it to get a score.

    Returns
    -------
    pl.DataFrame
        Columns node, level, region, year, value.
    """
    if method not in AGGREGATIONS:
        raise AnalyticsError(f"unknown aggregation `{method}`; expected one of {AGGREGATIONS}")
    levels = framework.levels()
    fw = framework.to_frame()
    edges = fw.filter(pl.col("parent").is_not_null()).select(
        pl.col("id").alias("node"), "parent", "weight"
    )
    n_children = edges.group_by("parent").agg(pl.len().alias("_n"))
    scores = (
        normalised.filter(pl.col("indicator").is_in(list(framework.indicators)))
        .select(pl.col("indicator").alias("node"), "region", "year", "value")
        .with_columns(pl.lit(1, dtype=pl.Int64).alias("level"))
    )
    if method != "arithmetic" and (scores["value"] <= 0).any():
        raise AnalyticsError(
            f"{method} aggregation needs positive values; normalise to a "
            "positive range, e.g. minmax with range=(1, 100)"
        )
    regions_years = scores.select("region", "year").unique()
    out = [scores]
    current = scores
    for nodes in framework.aggregates_by_level():
        kids = edges.filter(pl.col("parent").is_in(nodes))
        grid = kids.join(regions_years, how="cross")
        j = grid.join(current, on=["node", "region", "year"], how="left")
        ok = pl.col("value").is_not_null()
        w = pl.when(ok).then(pl.col("weight")).otherwise(None)
        x = pl.col("value")
        if method == "arithmetic":
            val = (w * x).sum() / w.sum()
        elif method == "geometric":
            val = ((w * x.log()).sum() / w.sum()).exp()
        else:
            val = w.sum() / (w / x).sum()
        agg = (
            j.group_by("parent", "region", "year")
            .agg(val.alias("value"), ok.sum().alias("_ok"))
            .join(n_children, on="parent")
            .with_columns(
                pl.when(pl.col("_ok") / pl.col("_n") >= max(threshold, 1e-12))
                .then(pl.col("value"))
                .otherwise(None)
                .alias("value")
            )
            .select(pl.col("parent").alias("node"), "region", "year", "value")
            .with_columns(
                pl.col("node").replace_strict(levels, return_dtype=pl.Int64).alias("level")
            )
        )
        out.append(agg)
        current = pl.concat([current, agg])
    return (
        pl.concat(out)
        .select("node", "level", "region", "year", "value")
        .sort("level", "node", "year", "region")
    )
