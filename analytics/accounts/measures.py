"""Measures on digital-economy accounts: share of GDP, growth, structure, concentration.

All functions work on frames for every region and year at once. The core-industry share of GDP
takes GDP in the observation model (``indicator, region, period, value, vintage``) and refuses a
frame that mixes vintages: after the 5th economic census NBS revised GDP, and a share computed on
the wrong vintage is off by a few tenths of a point (see the NBS 2023 check in the tests).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from analytics.accounts.classification import CORE_CLASSES
from analytics.exceptions import AnalyticsError

__all__ = [
    "concentration",
    "core_share_of_gdp",
    "growth",
    "hhi",
    "structure",
    "top_n_share",
]


def _period(frame: pl.DataFrame) -> pl.DataFrame:
    if "period" in frame.columns:
        return frame.with_columns(pl.col("period").cast(pl.Utf8))
    if "year" in frame.columns:
        return frame.with_columns(pl.col("year").cast(pl.Utf8).alias("period"))
    raise AnalyticsError("the accounts table needs a `period` or a `year` column")


def core_share_of_gdp(
    accounts: pl.DataFrame,
    gdp: pl.DataFrame,
    *,
    value: str = "value_added",
    scale: float = 1.0,
    core: Sequence[str] = CORE_CLASSES,
) -> pl.DataFrame:
    """Core-industry value added as a percentage of GDP, by region and period.

    Parameters
    ----------
    accounts
        ``de_code, region, period`` (or ``year``) and ``value``; classes outside ``core`` are
        ignored. A ``quality`` column, when present, carries through (``approximate`` wins).
    gdp
        Observations: ``region, period, value, vintage`` (rows with another ``indicator`` or a
        ``measure`` other than ``level`` are left out). One vintage only.
    value
        The ``accounts`` column summed over the core classes; default ``value_added``.
    scale
        Multiplies ``value`` into GDP's unit (``1e-4`` for 万元 accounts against GDP in 亿元).
    core
        The major classes that make up the core; default 01–04.

    Returns
    -------
    polars.DataFrame
        ``region, period, core_value, gdp, share_pct, vintage, quality``.

    Raises
    ------
    AnalyticsError
        When ``gdp`` mixes vintages or is empty.

    Examples
    --------
    >>> acc = pl.DataFrame({"de_code": ["01", "03", "05"], "region": "000000",
    ...                     "year": 2023, "value_added": [40.0, 60.0, 900.0]})
    >>> gdp = pl.DataFrame({"indicator": "gdp", "region": "000000", "period": "2023",
    ...                     "value": 1000.0, "vintage": "published"})
    >>> core_share_of_gdp(acc, gdp).select("core_value", "share_pct").rows()
    [(100.0, 10.0)]
    """
    missing = [c for c in ("region", "period", "value", "vintage") if c not in gdp.columns]
    if missing:
        raise AnalyticsError(
            f"the GDP frame lacks {missing}: pass observations (region, period, value, vintage)"
        )
    g = gdp
    if "indicator" in g.columns:
        g = g.filter(pl.col("indicator") == "gdp")
    if "measure" in g.columns:
        g = g.filter(pl.col("measure") == "level")
    if g.height == 0:
        raise AnalyticsError("no GDP levels in the frame given (indicator 'gdp', measure 'level')")
    vintages = sorted(g["vintage"].unique().to_list(), key=str)
    if len(vintages) != 1:
        raise AnalyticsError(
            f"GDP mixes {len(vintages)} vintages ({', '.join(map(str, vintages))}) — a share must "
            "use one: pass read_series('gdp', vintage=...) or filter on `vintage`"
        )
    acc = _period(accounts).filter(pl.col("de_code").str.slice(0, 2).is_in(list(core)))
    quality = (
        pl.col("quality").min() if "quality" in acc.columns else pl.lit("official").alias("quality")
    )
    core_values = acc.group_by("region", "period").agg(
        (pl.col(value).sum() * scale).alias("core_value"), quality
    )
    return (
        core_values.join(
            g.select(
                "region", pl.col("period").cast(pl.Utf8), pl.col("value").alias("gdp"), "vintage"
            ),
            on=["region", "period"],
            how="inner",
        )
        .with_columns((100.0 * pl.col("core_value") / pl.col("gdp")).alias("share_pct"))
        .select("region", "period", "core_value", "gdp", "share_pct", "vintage", "quality")
        .sort("region", "period")
    )


def growth(
    accounts: pl.DataFrame,
    *,
    value: str = "value_added",
    by: Sequence[str] = ("de_code", "region"),
    time: str = "year",
) -> pl.DataFrame:
    """Add ``yoy_pct``: nominal growth on the previous year, null where that year is missing.

    Firm-register sums are nominal and do not hold the panel fixed (entry and exit change the
    scope), so this is not NBS's comparable-scope growth.

    Parameters
    ----------
    accounts
        One row per ``by`` group and ``time`` value.
    value
        The column whose growth is computed; default ``value_added``.
    by
        The columns that identify one series; growth is taken within each. Default
        ``("de_code", "region")``.
    time
        The year column (cast to integer); a row whose previous year is absent in its series gets
        a null ``yoy_pct``. Default ``year``.

    Returns
    -------
    polars.DataFrame
        ``accounts`` sorted by ``by`` and ``time``, with ``yoy_pct`` in percent.

    Examples
    --------
    >>> t = pl.DataFrame({"de_code": "03", "region": "1", "year": [2021, 2022, 2024],
    ...                   "value_added": [100.0, 110.0, 150.0]})
    >>> growth(t)["yoy_pct"].to_list()
    [None, 10.000000000000009, None]
    """
    ordered = accounts.sort(*by, time)
    prev_value = pl.col(value).shift(1).over(list(by))
    contiguous = (
        pl.col(time).cast(pl.Int64) - pl.col(time).cast(pl.Int64).shift(1).over(list(by))
    ) == 1
    return ordered.with_columns(
        pl.when(contiguous).then(100.0 * (pl.col(value) / prev_value - 1.0)).alias("yoy_pct")
    )


def structure(
    accounts: pl.DataFrame,
    *,
    value: str = "value_added",
    by: Sequence[str] = ("region", "year"),
) -> pl.DataFrame:
    """Add ``share_pct``: each class's share of the total over the classes in the frame.

    Parameters
    ----------
    accounts
        One row per class within each ``by`` group.
    value
        The column shared out; default ``value_added``.
    by
        The columns of a group whose rows sum to 100; default ``("region", "year")``.

    Returns
    -------
    polars.DataFrame
        ``accounts`` in its order, with ``share_pct`` in percent.

    Examples
    --------
    >>> t = pl.DataFrame({"de_code": ["01", "03"], "region": "1", "year": 2023,
    ...                   "value_added": [25.0, 75.0]})
    >>> structure(t)["share_pct"].to_list()
    [25.0, 75.0]
    """
    return accounts.with_columns(
        (100.0 * pl.col(value) / pl.col(value).sum().over(list(by))).alias("share_pct")
    )


def hhi(value: str | pl.Expr) -> pl.Expr:
    """Herfindahl–Hirschman index of ``value`` within a group, on [0, 1].

    Multiply by 10,000 for the antitrust scale. Use inside ``group_by().agg`` or with ``.over``.

    Parameters
    ----------
    value
        A column name or an expression of nonnegative sizes (revenue, value added) of the
        group's members.

    Returns
    -------
    polars.Expr
        The sum of squared shares, named ``hhi``.

    Examples
    --------
    >>> pl.DataFrame({"v": [50.0, 30.0, 20.0]}).select(hhi("v")).item()
    0.38
    """
    v = pl.col(value) if isinstance(value, str) else value
    return ((v / v.sum()) ** 2).sum().alias("hhi")


def top_n_share(value: str | pl.Expr, n: int) -> pl.Expr:
    """Share (0–1) of the ``n`` largest values in the group's total (CR-n).

    Parameters
    ----------
    value
        A column name or an expression of the group members' sizes.
    n
        How many of the largest values to count; a group with ``n`` members or fewer gives 1.

    Returns
    -------
    polars.Expr
        Named ``top<n>_share``.

    Examples
    --------
    >>> pl.DataFrame({"v": [50.0, 30.0, 20.0]}).select(top_n_share("v", 2)).item()
    0.8
    """
    v = pl.col(value) if isinstance(value, str) else value
    return (v.top_k(n).sum() / v.sum()).alias(f"top{n}_share")


def concentration(
    firms: pl.LazyFrame | pl.DataFrame,
    *,
    value: str = "revenue",
    by: Sequence[str] = ("de_code", "region", "year"),
    top_n: int = 4,
) -> pl.DataFrame:
    """HHI and top-N share of firms within each class (× region × year), streaming.

    Parameters
    ----------
    firms
        Firm-level rows in classes, e.g. from
        :func:`~analytics.accounts.aggregate.classify_firms`; a firm's rows within a group are
        summed first. Needs ``firm_id``, the ``by`` columns and ``value``.
    value
        The size measured; default ``revenue``.
    by
        The columns of one market; default ``("de_code", "region", "year")``.
    top_n
        ``n`` of the top-n share (CR-n); default 4.

    Returns
    -------
    polars.DataFrame
        ``<by…>, firms, hhi, top<n>_share``.

    Examples
    --------
    >>> f = pl.DataFrame({"de_code": "03", "region": "1", "year": 2023,
    ...                   "firm_id": ["a", "b", "c", "a"], "revenue": [30.0, 30.0, 20.0, 20.0]})
    >>> concentration(f, top_n=1).select("firms", "hhi", "top1_share").rows()
    [(3, 0.38, 0.5)]
    """
    lf = firms.lazy()
    keys = [*by, "firm_id"]
    return (
        lf.group_by(keys)
        .agg(pl.col(value).sum())
        .group_by(list(by))
        .agg(pl.len().cast(pl.Int64).alias("firms"), hhi(value), top_n_share(value, top_n))
        .sort(list(by))
        .collect(engine="streaming")
    )
