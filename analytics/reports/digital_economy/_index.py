"""What the digital-economy index measures, said to its readers.

Most of the research panel's indicators are absolute totals (cable length, software revenue,
patent grants): a composite of them ranks provinces largely by size. The report says how many
indicators are totals and how closely the index follows GDP (Spearman's rank correlation in the
same year), so no one reads a size ranking as a ranking of digital intensity; beside it stand the
same framework over totals per 亿元 of GDP and per 10,000 residents.

The store holds provincial year-end population for 2024 only, but NBS publishes GDP and GDP per
capita for every province from 2019, and GDP per capita is GDP over the average resident
population. So the average population of each province-year is GDP ÷ GDP per capita (both the NBS
revision after the 5th economic census); the totals of the research panel are divided by it, and
the index is rebuilt with the same framework over the years every province has it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from analytics._typing import Lang
from analytics.catalog import get_indicator, region_name
from analytics.charts import build_ranking_bars
from analytics.index import Framework
from analytics.io import read_series
from analytics.reports._common import region_names
from analytics.reports.messages import t
from analytics.reports.section import Section
from analytics.stats.periods import sort_by_period

__all__ = [
    "INTENSITY_UNITS",
    "implied_population",
    "intensity_section",
    "per_person_scores",
    "size_rho",
    "size_sentences",
    "total_indicators",
]

#: Units of ratios, shares and indices: every other unit in the panel is an absolute total.
INTENSITY_UNITS = frozenset({"%", "指数", "个/百家企业", "台/百人"})


def total_indicators(indicators: list[str]) -> list[str]:
    """The indicators whose unit makes them absolute totals (size), not ratios.

    Examples
    --------
    >>> total_indicators(["rp_software_revenue", "rp_ecommerce_firm_share"])
    ['rp_software_revenue']
    """
    return [i for i in indicators if get_indicator(i).unit not in INTENSITY_UNITS]


def size_sentences(
    scores: pl.DataFrame, indicators: list[str], year: int, lang: Lang, data_dir: Path | None
) -> list[str]:
    """How many indicators are totals, and the index's rank correlation with GDP in ``year``."""
    n_total, n = len(total_indicators(indicators)), len(indicators)
    rho = size_rho(scores, year, data_dir)
    text = t("de.size.totals", lang, n=n, n_total=n_total)
    if rho is not None:
        text += t("de.size.rho", lang, year=year, rho=f"{rho:.2f}")
    return [text + t("de.size.end", lang)]


def _intensity_text(
    lang: Lang, who: str, rank: int | None, n: int, of: int, rho: float | None, span: str
) -> str:
    if rank:
        text = t("de.int.ranked", lang, n=n, who=who, rank=rank, of=of)
    else:
        text = t("de.int.unranked", lang)
    if rho is not None:
        return text + t("de.int.rho", lang, rho=f"{rho:.2f}") + t("de.int.pools", lang, span=span)
    return text + t("de.int.no_rho", lang) + t("de.int.pools", lang, span=span)


def intensity_section(
    obs: pl.DataFrame, fw: Framework, year: int, region: str, lang: Lang, data_dir: Path | None
) -> Section | None:
    """The same framework over totals per 亿元 of GDP (same year, NBS revised GDP)."""
    from analytics.index import build_index, per_unit_of

    gdp = read_series("gdp", data_dir=data_dir).select("region", "period", "value")
    # only years with every province's GDP (the NBS exports hold 2016-2018 for one region)
    full = gdp.group_by("period").len().filter(pl.col("len") == pl.col("len").max())["period"]
    gdp = gdp.filter(pl.col("period").is_in(full.implode()))
    totals = total_indicators(obs["indicator"].unique().sort().to_list())
    panel = per_unit_of(obs, gdp, totals=totals)
    if panel.filter(pl.col("period") == str(year)).is_empty():
        return None
    res = build_index(panel, fw).to_frame()
    sc = res.filter((pl.col("node") == "dedi") & (pl.col("year") == year))
    bars = sc.with_columns(
        region_names(lang, "label"), (pl.col("region") == region).alias("highlight")
    ).select("label", "region", "value", "rank", "highlight")
    me = bars.filter(pl.col("region") == region)
    rank = int(me["rank"][0]) if me.height else None
    years = sort_by_period(panel.select("period").unique())["period"].to_list()
    rho, span = size_rho(sc, year, data_dir), f"{years[0]}–{years[-1]}"
    text = _intensity_text(
        lang, region_name(region, lang), rank, len(totals), bars.height, rho, span
    )
    chart = build_ranking_bars(
        bars,
        title=t("de.int.chart", lang, year=year),
        unit="0–100",
        source=t("de.int.source", lang),
        lang=lang,
        description=text,
    )
    return Section(t("de.int.heading", lang), chart, "index_intensity", bars, [text])


def size_rho(scores: pl.DataFrame, year: int, data_dir: Path | None) -> float | None:
    """Spearman's rank correlation of ``scores`` (``region``, ``value``) with GDP in ``year``."""
    gdp = read_series("gdp", data_dir=data_dir).filter(pl.col("period") == str(year))
    both = scores.join(gdp.select("region", pl.col("value").alias("gdp")), on="region")
    if both.height <= 2:
        return None
    return float(both.select(pl.corr("value", "gdp", method="spearman")).item())


def implied_population(data_dir: Path | None = None) -> pl.DataFrame:
    """Average resident population (万人) by province-year: GDP (亿元) × 10⁴ ÷ per-capita GDP.

    Examples
    --------
    >>> pop = implied_population()
    >>> tianjin = pop.filter((pl.col("region") == "120000") & (pl.col("period") == "2022"))
    >>> round(tianjin["value"].item(), 1)  # 16,588.5 亿元 × 10⁴ ÷ 121,261 元 = 1,368.0 万人
    1368.0
    """
    gdp = read_series("gdp", data_dir=data_dir).select(
        "region", "period", pl.col("value").alias("g")
    )
    pc = read_series("gdp_per_capita", data_dir=data_dir).select(
        "region", "period", pl.col("value").alias("pc")
    )
    return (
        gdp.join(pc, on=["region", "period"], how="inner")
        .filter(pl.col("pc") > 0)
        .select("region", "period", (pl.col("g") * 1e4 / pl.col("pc")).alias("value"))
    )


def per_person_scores(
    obs: pl.DataFrame, fw: Any, year: int, data_dir: Path | None
) -> tuple[pl.DataFrame, list[str]] | None:
    """The per-person index's scores in ``year`` (``region, value, rank``) and the years pooled.

    None when ``year`` has no implied population for the panel's provinces.
    """
    from analytics.index import build_index, per_unit_of

    pop = implied_population(data_dir)
    # only years with every province's population (2016–2018 hold one region)
    full = pop.group_by("period").len().filter(pl.col("len") == pl.col("len").max())["period"]
    pop = pop.filter(pl.col("period").is_in(full.implode()))
    totals = total_indicators(obs["indicator"].unique().sort().to_list())
    panel = per_unit_of(obs, pop, totals=totals)
    if panel.filter(pl.col("period") == str(year)).is_empty():
        return None
    res = build_index(panel, fw).to_frame()
    scores = res.filter((pl.col("node") == "dedi") & (pl.col("year") == year))
    years = sort_by_period(panel.select("period").unique())["period"].to_list()
    return scores.select("region", "value", "rank"), years
