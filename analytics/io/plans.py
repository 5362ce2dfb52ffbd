"""The store values that measure a plan's targets, keyed by the plan's indicator ids."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analytics.catalog import Plan
from analytics.io.store import read_series

__all__ = ["read_plan_observations"]

_SCHEMA = {"indicator": pl.String, "period": pl.String, "value": pl.Float64, "source": pl.String}


def read_plan_observations(
    plan: Plan, *, region: str | None = None, data_dir: Path | None = None
) -> pl.DataFrame:
    """Every value of every target's ``series:``, as ``indicator, period, value, source``.

    A target reads its own region (national goals read ``000000``); ``region`` replaces the
    plan's region for the other targets (a plan evaluated for another city).

    Examples
    --------
    >>> from analytics.catalog import get_plan
    >>> obs = read_plan_observations(get_plan("tianjin_smart_city_14th"))
    >>> obs.filter(pl.col("indicator") == "fiveg_base_stations").rows()[-1]
    ('fiveg_base_stations', '2024-03', 73000.0, 'reference/figures.csv:6')
    """
    frames = [pl.DataFrame(schema=_SCHEMA)]
    for ind in plan.indicators:
        if ind.series is None:
            continue
        where = ind.region if ind.scope == "national" or region is None else region
        series = read_series(ind.series, regions=where, measure=ind.measure, data_dir=data_dir)
        frames.append(
            series.select(
                pl.lit(ind.id).alias("indicator"),
                "period",
                pl.col("value").cast(pl.Float64),
                "source",
            )
        )
    return pl.concat(frames)
