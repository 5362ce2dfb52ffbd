"""Regional economics on provincial sector tables: location quotients and shift-share."""

from __future__ import annotations

import polars as pl

__all__ = ["location_quotients", "shift_share"]


def location_quotients(va: pl.DataFrame, gdp: pl.DataFrame) -> pl.DataFrame:
    """Location quotients of every sector and region against the sum of all regions.

    ``LQ = (va_s,r / gdp_r) / (Σ_r va_s,r / Σ_r gdp_r)``; > 1 means the region is more
    specialised in the sector than the whole.

    Parameters
    ----------
    va
        Value added by sector: ``indicator`` (the sector), ``region``, ``period``, ``value``;
        other columns are ignored.
    gdp
        GDP of each region: ``region``, ``period``, ``value``, in the same unit as ``va``.

    Returns
    -------
    pl.DataFrame
        ``indicator``, ``region``, ``period``, ``value``, ``gdp`` and ``lq``, sorted by sector
        and region. A sector row without the region's GDP for its period is dropped; the whole
        is the sum over the regions left for that sector and period.

    Examples
    --------
    >>> va = pl.DataFrame({"indicator": ["a", "a"], "region": ["x", "y"], "period": ["1", "1"],
    ...                    "value": [30.0, 10.0]})
    >>> gdp = pl.DataFrame({"region": ["x", "y"], "period": ["1", "1"], "value": [100.0, 100.0]})
    >>> location_quotients(va, gdp)["lq"].round(6).to_list()
    [1.5, 0.5]
    """
    g = gdp.select("region", "period", pl.col("value").alias("gdp"))
    f = va.select("indicator", "region", "period", "value").join(g, on=["region", "period"])
    share = pl.col("value") / pl.col("gdp")
    whole = pl.col("value").sum().over("indicator", "period") / (
        pl.col("gdp").sum().over("indicator", "period")
    )
    return f.with_columns((share / whole).alias("lq")).sort("indicator", "region")


def shift_share(va: pl.DataFrame, *, region: str, start: str, end: str) -> pl.DataFrame:
    """Classic shift-share of sector value-added change in ``region`` between two years.

    National growth ``g`` and sector growth ``g_s`` are those of the sum of all regions:
    national share ``NS = v0·g``, industry mix ``IM = v0·(g_s − g)``, competitive effect
    ``CE = v0·(g_rs − g_s)``; ``NS + IM + CE = v1 − v0``.

    Parameters
    ----------
    va
        Value added by sector for every region: ``indicator`` (the sector), ``region``,
        ``period``, ``value``, one row per sector, region and period.
    region
        The region to decompose (a code in ``va``'s ``region`` column).
    start
        The base period label, matched exactly (e.g. ``"2018"``).
    end
        The final period label, matched exactly.

    Returns
    -------
    pl.DataFrame
        One row per sector of ``region``: ``indicator``, ``v0`` and ``v1`` (value added in
        ``start`` and ``end``), ``ns``, ``im`` and ``ce`` in ``va``'s unit; sorted by sector.
        A sector and region lacking either period is left out of the region's rows and of
        the national sums.

    Examples
    --------
    >>> va = pl.DataFrame({"indicator": ["a"] * 4, "region": ["x", "x", "y", "y"],
    ...                    "period": ["1", "2"] * 2, "value": [10.0, 12.0, 10.0, 10.0]})
    >>> ss = shift_share(va, region="x", start="1", end="2")
    >>> ss.select(pl.col("ns", "im", "ce").round(6)).row(0)
    (1.0, 0.0, 1.0)
    """
    v = va.filter(pl.col("period").is_in([start, end]))
    wide = v.pivot("period", index=["indicator", "region"], values="value").drop_nulls()
    s, e = pl.col(start), pl.col(end)
    nat = wide.group_by("indicator").agg(s.sum().alias("n0"), e.sum().alias("n1"))
    g = float(nat["n1"].sum()) / float(nat["n0"].sum()) - 1
    out = wide.filter(pl.col("region") == region).join(nat, on="indicator")
    gs = pl.col("n1") / pl.col("n0") - 1
    grs = e / s - 1
    return out.select(
        "indicator",
        s.alias("v0"),
        e.alias("v1"),
        (s * g).alias("ns"),
        (s * (gs - g)).alias("im"),
        (s * (grs - gs)).alias("ce"),
    ).sort("indicator")
