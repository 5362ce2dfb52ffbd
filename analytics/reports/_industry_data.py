"""What the industry report's sections share: the year, GDP of every province, growth, ranks."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from analytics.io import read_series
from analytics.reports.content._base import resolve_year
from analytics.reports.context import ReportContext

__all__ = [
    "SECTORS",
    "Core",
    "core",
    "industry_share",
    "per_capita_bars",
    "sector_shares",
    "sector_va",
]

SECTORS: tuple[str, ...] = (
    "va_agriculture",
    "va_industry",
    "va_construction",
    "va_wholesale_retail",
    "va_transport",
    "va_hospitality",
    "va_finance",
    "va_real_estate",
    "va_other",
)


@dataclass(frozen=True)
class Core:
    """GDP up to the report's year: every province, the region, growth (index − 100), rank."""

    year: str
    gdp_all: pl.DataFrame
    mine: pl.DataFrame
    index: pl.DataFrame
    latest: pl.DataFrame
    level: float
    rank: int
    growth: float | None
    median_growth: float | None


def core(ctx: ReportContext) -> Core | None:
    """The shared frames, or None when the store has no GDP for the region up to the period."""
    return ctx.cached("industry:core", lambda: _core(ctx))


def _core(ctx: ReportContext) -> Core | None:
    gdp_all = read_series("gdp", data_dir=ctx.data_dir)
    mine = gdp_all.filter(pl.col("region") == ctx.region)
    year = resolve_year(ctx.period, mine["period"].to_list())
    if year is None:
        return None
    gdp_all = gdp_all.filter(pl.col("period") <= year)
    mine = mine.filter(pl.col("period") <= year)
    idx = (
        read_series("gdp", measure="index_prev_year_100", data_dir=ctx.data_dir)
        .filter(pl.col("period") <= year)
        .with_columns((pl.col("value") - 100).alias("growth"))
    )
    g_mine = idx.filter((pl.col("region") == ctx.region) & (pl.col("period") == year))
    med = idx.filter(pl.col("period") == year)["growth"].median()
    latest = gdp_all.filter(pl.col("period") == year).with_columns(
        pl.col("value").rank("ordinal", descending=True).alias("rank")
    )
    return Core(
        year, gdp_all, mine, idx, latest,
        level=float(mine.filter(pl.col("period") == year)["value"].item()),
        rank=int(latest.filter(pl.col("region") == ctx.region)["rank"].item()),
        growth=float(g_mine["growth"].item()) if g_mine.height else None,
        median_growth=None if med is None else float(med),  # type: ignore[arg-type]
    )  # fmt: skip


def sector_shares(ctx: ReportContext, c: Core) -> pl.DataFrame:
    """Primary, secondary, tertiary and industry value added as % of the region's GDP."""

    def compute() -> pl.DataFrame:
        from analytics.reports.content._base import period_date

        parts = ["va_primary", "va_secondary", "va_tertiary", "va_industry"]
        sec = pl.concat([read_series(p, regions=ctx.region, data_dir=ctx.data_dir) for p in parts])
        names = {p: ctx.indicator_name(p) for p in parts}
        return (
            sec.filter(pl.col("period") <= c.year)
            .join(c.mine.select("period", pl.col("value").alias("gdp")), on="period")
            .with_columns(
                (pl.col("value") / pl.col("gdp") * 100).alias("share"),
                pl.col("indicator").replace_strict(names).alias("series"),
                period_date(),
            )
            .select("series", "indicator", "date", "period", pl.col("share").alias("value"))
        )

    return ctx.cached("industry:sectors", compute)


def industry_share(ctx: ReportContext, c: Core) -> float | None:
    """Industry's share of GDP in the report's year (current prices), if published."""
    sec = sector_shares(ctx, c)
    row = sec.filter((pl.col("indicator") == "va_industry") & (pl.col("period") == c.year))
    return float(row["value"].item()) if row.height else None


def per_capita_bars(ctx: ReportContext, c: Core) -> pl.DataFrame:
    """GDP per capita of every province in the year, highest first (the region highlighted)."""

    def compute() -> pl.DataFrame:
        from analytics.reports.content._base import region_names

        pc = read_series("gdp_per_capita", data_dir=ctx.data_dir)
        return (
            pc.filter(pl.col("period") == c.year)
            .with_columns(
                region_names(ctx.lang, "label"), (pl.col("region") == ctx.region).alias("highlight")
            )
            .select("label", "region", "value", "highlight")
            .sort("value", descending=True)
        )

    return ctx.cached("industry:per_capita", compute)


def sector_va(ctx: ReportContext, c: Core) -> pl.DataFrame:
    """Value added of the nine sectors in every province up to the year."""
    return ctx.cached(
        "industry:va",
        lambda: pl.concat([read_series(s, data_dir=ctx.data_dir) for s in SECTORS]).filter(
            pl.col("period") <= c.year
        ),
    )
