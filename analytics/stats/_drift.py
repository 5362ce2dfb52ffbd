"""Per-series summaries for target tracking, computed for all series in one pass."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl
from scipy import special

from analytics.stats._frames import YEAR


def series_summary(data: pl.DataFrame, keys: Sequence[str], steady_years: int) -> pl.DataFrame:
    """Last observation, drift and volatility of log growth before it, recent rises and falls.

    ``data`` holds annual rows with the hidden year column. Growth rates only link consecutive
    years; the rate ending at the last observation is left out of the drift and volatility, so
    that they do not depend on the last value.
    """
    keys = list(keys)
    obs = data.filter(pl.col("value").is_not_null()).sort([*keys, YEAR])
    # Series boundaries from the sorted keys: cheaper than window expressions over 3,000 groups.
    new = pl.any_horizontal([pl.col(k).ne_missing(pl.col(k).shift(1)) for k in keys])
    obs = obs.with_columns(new.fill_null(True).alias("__new"))
    consecutive = ~pl.col("__new") & (pl.col(YEAR).diff() == 1)
    positive = (pl.col("value") > 0) & (pl.col("value").shift(1) > 0)
    is_last = pl.col("__new").shift(-1).fill_null(True)
    obs = obs.with_columns(
        pl.when(consecutive).then(pl.col("value").diff()).alias("__dv"),
        pl.when(consecutive & positive & ~is_last).then(pl.col("value").log().diff()).alias("__g"),
    )
    return obs.group_by(keys, maintain_order=True).agg(
        pl.col("period").last().alias("last_period"),
        pl.col(YEAR).last().alias("last_year"),
        pl.col("value").last().alias("last_value"),
        pl.col("__g").mean().alias("__drift"),
        pl.col("__g").std().alias("__vol"),
        pl.col("__g").count().alias("__m"),
        (pl.col("__dv").tail(steady_years) > 0).sum().alias("__rises"),
        (pl.col("__dv").tail(steady_years) < 0).sum().alias("__falls"),
        pl.col("__dv").tail(steady_years).count().alias("__changes"),
    )


def drift_probability(
    last: np.ndarray,
    target: np.ndarray,
    years: np.ndarray,
    drift: np.ndarray,
    vol: np.ndarray,
    m: np.ndarray,
) -> np.ndarray:
    """P(value in the target year >= target) under a random walk with drift in logs.

    ``ln y(T) = ln y(last) + h·d + e`` with ``e ~ σ·sqrt(h + h²/m)·t(m−1)``: h years of shocks plus
    the uncertainty of the drift estimated from m growth rates. NaN where undefined (m < 2,
    h <= 0, non-positive values).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        ok = (m >= 2) & (years > 0) & (last > 0) & (target > 0)
        centre = np.log(last) + years * drift - np.log(target)
        scale = vol * np.sqrt(years + years**2 / np.maximum(m, 1))
        z = np.where(scale > 0, centre / scale, np.where(centre >= 0, np.inf, -np.inf))
        p = special.stdtr(np.maximum(m - 1, 1).astype(float), z)
    return np.where(ok, p, np.nan)
