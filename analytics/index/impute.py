"""Data-availability screening and imputation, each imputed cell flagged.

Examples
--------
>>> import polars as pl
>>> f = pl.DataFrame({"region": ["a"] * 3, "year": [2020, 2021, 2022], "indicator": ["x"] * 3,
...                   "value": [1.0, None, 3.0]})
>>> out = impute(f, method="interpolate")
>>> out["value"].to_list(), out["imputed"].to_list()
([1.0, 2.0, 3.0], [False, True, False])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

import polars as pl

from analytics.exceptions import AnalyticsError

__all__ = ["IMPUTATIONS", "Imputation", "data_availability", "impute", "screen"]

Imputation = Literal["none", "mean", "group_mean", "interpolate"]
IMPUTATIONS: tuple[str, ...] = get_args(Imputation)


def data_availability(panel: pl.DataFrame) -> pl.DataFrame:
    """Share of indicators with a value, per region and year (column ``availability``).

    Parameters
    ----------
    panel
        The engine's long frame (``region``, ``year``, ``indicator``, ``value``); a null
        ``value`` is missing. Only the rows present count: an indicator without a row for a
        region and year is not counted at all.

    Returns
    -------
    pl.DataFrame
        ``region``, ``year``, ``n_indicators`` (rows), ``n_available`` (non-null values) and
        ``availability`` (their ratio, 0 to 1), sorted by year and region.

    Examples
    --------
    >>> import polars as pl
    >>> f = pl.DataFrame({"region": ["a", "a"], "year": [2020, 2020], "indicator": ["x", "y"],
    ...                   "value": [1.0, None]})
    >>> data_availability(f)["availability"].to_list()
    [0.5]
    """
    return (
        panel.group_by("region", "year")
        .agg(n_indicators=pl.len(), n_available=pl.col("value").is_not_null().sum())
        .with_columns(availability=pl.col("n_available") / pl.col("n_indicators"))
        .sort("year", "region")
    )


def screen(panel: pl.DataFrame, *, min_availability: float = 0.66) -> pl.DataFrame:
    """Drop region-years whose share of available indicators is below ``min_availability``.

    COINr's ``Screen`` default is two thirds (``dat_thresh``); the dropped units are listed by
    :func:`data_availability`.

    Parameters
    ----------
    panel
        The engine's long frame (``region``, ``year``, ``indicator``, ``value``).
    min_availability
        Least share of indicators with a value (0 to 1, as :func:`data_availability`
        computes it) a region-year needs to stay; default 0.66.

    Returns
    -------
    pl.DataFrame
        The rows of ``panel`` whose region and year pass, every column kept.

    Examples
    --------
    >>> f = pl.DataFrame({"region": ["a", "a", "b", "b"], "year": 2020,
    ...                   "indicator": ["x", "y"] * 2, "value": [1.0, 2.0, 3.0, None]})
    >>> screen(f)["region"].to_list()  # b has one of two indicators: 0.5 < 0.66
    ['a', 'a']
    """
    keep = data_availability(panel).filter(pl.col("availability") >= min_availability)
    return panel.join(keep.select("region", "year"), on=["region", "year"], how="semi")


def impute(
    panel: pl.DataFrame,
    *,
    method: Imputation = "mean",
    groups: Mapping[str, str] | None = None,
    scope: Literal["year", "global"] = "year",
) -> pl.DataFrame:
    """Fill missing values and add a boolean ``imputed`` column.

    A cell is flagged ``imputed`` when it was missing and got a value here, or was flagged
    by an earlier call; a cell no method could fill stays null and unflagged.

    Parameters
    ----------
    panel
        The engine's long frame (``region``, ``year``, ``indicator``, ``value``, optionally
        an ``imputed`` flag from an earlier stage).
    method
        ``none`` (flag only), ``mean`` (indicator mean over the scope), ``group_mean`` (mean of
        the region's group, e.g. its macro-region, over the scope; falls back to nothing when the
        whole group is missing), ``interpolate`` (linear in time within a region; no
        extrapolation beyond the first or last observed year).
    groups
        Region → group label, for ``group_mean`` (required then; ignored otherwise). Regions
        missing from it are pooled as one unlabelled group.
    scope
        ``year`` (the default): means over each year's cross-section; ``global``: over all
        years. Not used by ``interpolate``.

    Returns
    -------
    pl.DataFrame
        ``panel`` with ``value`` filled and ``imputed`` (Boolean) set, sorted by indicator,
        year and region.

    Raises
    ------
    AnalyticsError
        When ``method`` is unknown, or ``group_mean`` is asked for without ``groups``.

    Examples
    --------
    >>> f = pl.DataFrame({"region": ["a", "b", "c", "d"], "year": 2020, "indicator": "x",
    ...                   "value": [1.0, 3.0, 10.0, None]})
    >>> impute(f)["value"].to_list()  # d: (1 + 3 + 10) / 3
    [1.0, 3.0, 10.0, 4.666666666666667]
    >>> impute(f, method="group_mean", groups={"a": "g", "b": "g", "d": "g"})["value"][-1]
    2.0
    """
    if method not in IMPUTATIONS:
        raise AnalyticsError(f"unknown imputation `{method}`; expected one of {IMPUTATIONS}")
    was_missing = pl.col("value").is_null()
    f = panel.with_columns(
        (pl.col("imputed") if "imputed" in panel.columns else pl.lit(False)).alias("_prev")
    )
    by = ["indicator", "year"] if scope == "year" else ["indicator"]
    if method == "none":
        filled = pl.col("value")
    elif method == "mean":
        filled = pl.col("value").fill_null(pl.col("value").mean().over(by))
    elif method == "group_mean":
        if not groups:
            raise AnalyticsError("group_mean imputation needs `groups=` {region: group}")
        f = f.with_columns(
            pl.col("region").replace_strict(dict(groups), default=None).alias("_group")
        )
        filled = pl.col("value").fill_null(pl.col("value").mean().over([*by, "_group"]))
    else:
        f = f.sort("indicator", "region", "year")
        filled = pl.col("value").interpolate_by("year").over("indicator", "region")
    out = f.with_columns(filled.alias("_new"), was_missing.alias("_miss"))
    out = out.with_columns(
        pl.col("_new").alias("value"),
        (pl.col("_prev") | (pl.col("_miss") & pl.col("_new").is_not_null())).alias("imputed"),
    )
    return out.drop([c for c in ("_prev", "_new", "_miss", "_group") if c in out.columns]).sort(
        "indicator", "year", "region"
    )
