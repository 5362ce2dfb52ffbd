"""What the industry report's sections share: the edition, GDP of every province, growth, ranks.

An edition is a year in which the report's headline (GDP in any of its measures, or GDP per
capita) has a value for the region (:func:`analytics.runs._editions.edition_periods`). It may be
partial: Tianjin's 2025 real growth (published) and GDP per capita (NBS) are out before the NBS
levels of 2025. Then :attr:`Core.level_year` is the latest year with the region's GDP level, and
the sections drawn from levels say that the edition's are missing and show that year beside
every figure. Nothing is shown from a period after the edition.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from analytics.io import read_series
from analytics.reports.context import ReportContext
from analytics.stats.periods import Period, latest_period, period_end, within

__all__ = [
    "PUBLISHED",
    "SECTORS",
    "Core",
    "before",
    "core",
    "edition",
    "industry_share",
    "latest_share",
    "pc_rank",
    "per_capita_bars",
    "published_rows",
    "sector_shares",
    "sector_va",
    "va_year",
]

PUBLISHED: tuple[str, ...] = (
    "hightech_mfg_va",
    "hightech_mfg_share",
    "sei_industry_share",
    "sei_industry_va",
    "xinchuang_va",
)
"""The published figures the report lists (figures.csv), beside the NBS accounts."""
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
    """GDP up to the edition's year: every province, the region, growth, the level's rank.

    ``year`` is the edition's; ``level_year`` the latest year up to it with the region's GDP
    level (None: none), whose ``level`` and ``rank`` (among ``latest``) are shown. ``growth`` is
    the edition year's real growth: the NBS index − 100, or else the published figure
    (``published_growth`` holds its store row, for the notes; empty when the index gave it).

    Parameters
    ----------
    year : str
        The edition's year.
    level_year : str or None
        The latest year up to it with the region's GDP level; None: none.
    gdp_all : pl.DataFrame
        GDP levels of every region in the store up to the edition's year.
    mine : pl.DataFrame
        The region's rows of ``gdp_all``.
    index : pl.DataFrame
        The NBS GDP index (previous year = 100) of every region up to the edition's year, with
        ``growth`` (the index − 100).
    latest : pl.DataFrame
        The rows of ``gdp_all`` in ``level_year`` with their ``rank`` (1 = highest); empty when
        there is no such year.
    level : float or None
        The region's GDP level in ``level_year``; None: none.
    rank : int or None
        The region's rank in ``latest``; None: not among them.
    growth : float or None
        The edition year's real growth in percent (index − 100, else the published figure);
        None: neither.
    published_growth : pl.DataFrame
        The published growth figure's store row; empty when the index gave the growth (or
        neither did).
    median_growth : float or None
        The median of ``index``'s growth in the edition's year; None when ``growth`` is the
        published figure (never compared with the index's) or the index has no such year.
    """

    year: str
    level_year: str | None
    gdp_all: pl.DataFrame
    mine: pl.DataFrame
    index: pl.DataFrame
    latest: pl.DataFrame
    level: float | None
    rank: int | None
    growth: float | None
    published_growth: pl.DataFrame
    median_growth: float | None

    @property
    def partial(self) -> bool:
        """Whether the edition's GDP level is missing (a partial edition)."""
        return self.level_year != self.year


def edition(ctx: ReportContext) -> str | None:
    """The edition's year: ``ctx.period`` (``latest``: the latest edition), if it is one.

    Parameters
    ----------
    ctx : ReportContext
        The report's region, period (a year, or ``latest``) and data folder; the result is cached
        in it.

    Examples
    --------
    >>> edition(ReportContext(region="120000")), edition(ReportContext(period="2030"))
    ('2025', None)
    """

    def compute() -> str | None:
        from analytics.runs._editions import edition_periods
        from analytics.runs.registry import get_report

        headline = get_report("industry").headline
        years = edition_periods(ctx.region, headline, data_dir=ctx.data_dir)
        if ctx.period == "latest":
            return years[-1] if years else None
        return ctx.period if ctx.period in years else None

    return ctx.cached("industry:edition", compute)


def core(ctx: ReportContext) -> Core | None:
    """The shared frames, or None when the period is not an edition for the region.

    Parameters
    ----------
    ctx : ReportContext
        The report's region, period and data folder; the result is cached in it.
    """
    return ctx.cached("industry:core", lambda: _core(ctx))


def _growth(ctx: ReportContext, idx: pl.DataFrame, year: str) -> tuple[float | None, pl.DataFrame]:
    """The year's real growth: the NBS index − 100, else the published figure (and its row)."""
    g_mine = idx.filter((pl.col("region") == ctx.region) & (pl.col("period") == year))
    if g_mine.height:
        return float(g_mine["growth"].item()), g_mine.clear()
    pub = read_series("gdp", regions=ctx.region, measure="yoy_pct", data_dir=ctx.data_dir)
    pub = pub.filter(pl.col("period") == year)
    return (float(pub["value"].item()) if pub.height else None), pub


def _core(ctx: ReportContext) -> Core | None:
    year = edition(ctx)
    if year is None:
        return None
    gdp_all = read_series("gdp", data_dir=ctx.data_dir).filter(within(year))
    mine = gdp_all.filter(pl.col("region") == ctx.region)
    level_year = latest_period(mine["period"])
    idx = (
        read_series("gdp", measure="index_prev_year_100", data_dir=ctx.data_dir)
        .filter(within(year))
        .with_columns((pl.col("value") - 100).alias("growth"))
    )
    growth, published = _growth(ctx, idx, year)
    # the median province's growth, on the index's basis only (never against a published figure)
    med = idx.filter(pl.col("period") == year)["growth"].median() if published.is_empty() else None
    latest = gdp_all.filter(pl.col("period") == (level_year or "")).with_columns(
        pl.col("value").rank("ordinal", descending=True).alias("rank")
    )
    here = latest.filter(pl.col("region") == ctx.region)
    return Core(
        year,
        level_year,
        gdp_all,
        mine,
        idx,
        latest,
        level=float(here["value"].item()) if here.height else None,
        rank=int(here["rank"].item()) if here.height else None,
        growth=growth,
        published_growth=published,
        median_growth=None if med is None else float(med),  # type: ignore[arg-type]
    )


def sector_shares(ctx: ReportContext, c: Core) -> pl.DataFrame:
    """Primary, secondary, tertiary and industry value added as % of the region's GDP.

    Parameters
    ----------
    ctx : ReportContext
        The report's region, language (of the series' names) and data folder; the result is
        cached in it.
    c : Core
        The edition's frames (:func:`core`: its year and the region's GDP), read on the first
        call only.
    """

    def compute() -> pl.DataFrame:
        from analytics.reports._common import period_date

        parts = ["va_primary", "va_secondary", "va_tertiary", "va_industry"]
        sec = pl.concat([read_series(p, regions=ctx.region, data_dir=ctx.data_dir) for p in parts])
        names = {p: ctx.indicator_name(p) for p in parts}
        return (
            sec.filter(within(c.year))
            .join(c.mine.select("period", pl.col("value").alias("gdp")), on="period")
            .with_columns(
                (pl.col("value") / pl.col("gdp") * 100).alias("share"),
                pl.col("indicator").replace_strict(names).alias("series"),
                period_date(),
            )
            .select("series", "indicator", "date", "period", pl.col("share").alias("value"))
        )

    return ctx.cached("industry:sectors", compute)


def latest_share(ctx: ReportContext, c: Core) -> tuple[str, float] | None:
    """Industry's latest share of GDP up to the edition (current prices): (year, %), if any.

    Parameters
    ----------
    ctx : ReportContext
        The report's region and data folder.
    c : Core
        The edition's frames (:func:`core`), as :func:`sector_shares` takes them.
    """
    rows = sector_shares(ctx, c).filter(pl.col("indicator") == "va_industry")
    year = latest_period(rows["period"])
    if year is None:
        return None
    return year, float(rows.filter(pl.col("period") == year)["value"].item())


def industry_share(ctx: ReportContext, c: Core) -> float | None:
    """Industry's share of GDP in the edition's year (current prices), if published.

    Parameters
    ----------
    ctx : ReportContext
        The report's region and data folder.
    c : Core
        The edition's frames (:func:`core`); the share must be of its year.
    """
    share = latest_share(ctx, c)
    return share[1] if share is not None and share[0] == c.year else None


def per_capita_bars(ctx: ReportContext, c: Core) -> pl.DataFrame:
    """GDP per capita of every province in the year, highest first (the region highlighted).

    Parameters
    ----------
    ctx : ReportContext
        The report's region (highlighted), language (of the labels) and data folder; the result
        is cached in it.
    c : Core
        The edition's frames (:func:`core`: its year), read on the first call only.
    """

    def compute() -> pl.DataFrame:
        from analytics.reports._common import region_names

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


def pc_rank(ctx: ReportContext, bars: pl.DataFrame) -> tuple[int, float] | None:
    """The region's rank (1 = highest) and value among ``bars``; None when it is not among them.

    Parameters
    ----------
    ctx : ReportContext
        The report's context (its region is the one looked for).
    bars : pl.DataFrame
        :func:`per_capita_bars`, highest first: the rank is the region's row, counted from 1.
    """
    ranked = bars.with_row_index("r").filter(pl.col("region") == ctx.region)
    if not ranked.height:
        return None
    return int(ranked["r"].item()) + 1, float(ranked["value"].item())


def sector_va(ctx: ReportContext, c: Core) -> pl.DataFrame:
    """Value added of the nine sectors in every province up to the year.

    Parameters
    ----------
    ctx : ReportContext
        The report's data folder; the result is cached in it.
    c : Core
        The edition's frames (:func:`core`: its year), read on the first call only.
    """
    return ctx.cached(
        "industry:va",
        lambda: pl.concat([read_series(s, data_dir=ctx.data_dir) for s in SECTORS]).filter(
            within(c.year)
        ),
    )


def va_year(ctx: ReportContext, c: Core) -> str | None:
    """The latest year up to the edition with the region's sector value added and GDP level.

    Parameters
    ----------
    ctx : ReportContext
        The report's region and data folder.
    c : Core
        The edition's frames (:func:`core`): its year and the region's GDP levels.
    """
    va = sector_va(ctx, c).filter(pl.col("region") == ctx.region)
    years = va.join(c.mine.select("period"), on="period")["period"]
    return latest_period(years)


def before(period: str, edition: str) -> bool:
    """Whether ``period`` ends before the edition's period starts (compared as dates).

    Parameters
    ----------
    period : str
        A period (``2021``, ``2023-12``).
    edition : str
        The edition's period (``2024``).

    Examples
    --------
    >>> before("2021", "2024"), before("2023-12", "2024"), before("2024-03", "2024")
    (True, True, False)
    """
    return Period.parse(period).end < Period.parse(edition).start


def published_rows(ctx: ReportContext, c: Core) -> pl.DataFrame:
    """The region's published high-tech, strategic-emerging and 信创 figures up to the edition.

    Parameters
    ----------
    ctx : ReportContext
        The report's region and data folder; the result is cached in it.
    c : Core
        The edition's frames (:func:`core`: its year), read on the first call only.
    """

    def compute() -> pl.DataFrame:
        from analytics.io import scan_store

        older = period_end() < pl.lit(Period.parse(c.year).start)
        return (
            scan_store(data_dir=ctx.data_dir)
            .filter(pl.col("indicator").is_in(PUBLISHED) & (pl.col("region") == ctx.region))
            .collect()
            .filter(within(c.year))
            # the edition's own figures first, then the older ones (each saying so)
            .sort(older, "indicator", period_end(), "measure")
        )

    return ctx.cached("industry:published", compute)
