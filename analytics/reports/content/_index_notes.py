"""What the digital-economy index measures, said to its readers.

Most of the research panel's indicators are absolute totals (cable length, software revenue,
patent grants): a composite of them ranks provinces largely by size. The report says how many
indicators are totals and how closely the index follows GDP (Spearman's rank correlation in the
same year), so no one reads a size ranking as a ranking of digital intensity.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analytics.catalog import get_indicator
from analytics.charts import build_ranking_bars
from analytics.index import Framework
from analytics.io import read_series
from analytics.reports.content._base import Lang, Section, rname
from analytics.stats.periods import sort_by_period

__all__ = [
    "INTENSITY_UNITS",
    "intensity_section",
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
    gdp = read_series("gdp", data_dir=data_dir).filter(pl.col("period") == str(year))
    both = scores.join(gdp.select("region", pl.col("value").alias("gdp")), on="region")
    rho = (
        both.select(pl.corr("value", "gdp", method="spearman")).item() if both.height > 2 else None
    )
    if lang == "zh":
        text = (
            f"指数的{n}个指标中有{n_total}个是总量指标（如光缆长度、软件业务收入、专利授权数），"
            "因此排名主要反映经济规模"
        )
        if rho is not None:
            text += f"：{year}年指数与地区生产总值的秩相关系数为{rho:.2f}"
        return [text + "。人均或按GDP计的强度需另看。"]
    text = (
        f"{n_total} of the index's {n} indicators are absolute totals (cable length, software "
        "revenue, patent grants), so the ranking mostly reflects economic size"
    )
    if rho is not None:
        text += f": in {year} its rank correlation with GDP is {rho:.2f}"
    return [text + ". Intensity (per person or per unit of GDP) is a different question."]


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
        pl.col("region")
        .map_elements(lambda c: rname(c, lang), return_dtype=pl.Utf8)
        .alias("label"),
        (pl.col("region") == region).alias("highlight"),
    ).select("label", "region", "value", "rank", "highlight")
    me = bars.filter(pl.col("region") == region)
    rank = int(me["rank"][0]) if me.height else None
    rho = size_rho(sc, year, data_dir)
    years = sort_by_period(panel.select("period").unique())["period"].to_list()
    span = f"{years[0]}–{years[-1]}"
    zh = lang == "zh"
    who = rname(region, lang)
    text = (
        (f"把{len(totals)}个总量指标换算为每亿元地区生产总值的强度后，{who}居第{rank}位（共{bars.height}个）"
         if rank else "把总量指标换算为每亿元地区生产总值的强度后")
        + (f"；强度指数与地区生产总值的秩相关系数为{rho:.2f}。" if rho is not None else "。")
        + f"强度指数用{span}年的数据统一标准化，地区生产总值为国家统计局第五次经济普查后修订数。"
        if zh
        else (f"With the {len(totals)} totals taken per unit of GDP, {who} ranks "
              f"{rank} of {bars.height}" if rank else "With the totals taken per unit of GDP")
        + (f"; this intensity index has a rank correlation of {rho:.2f} with GDP. "
           if rho is not None else ". ")
        + f"It pools {span}; GDP is the NBS revision after the 5th economic census."
    )  # fmt: skip
    title = (
        f"{year} 数字经济强度指数（按GDP计）"
        if zh
        else f"{year} digital-economy intensity (per unit of GDP)"
    )
    src = "研究面板 + 国家统计局地区生产总值" if zh else "Research panel + NBS GDP"
    chart = build_ranking_bars(bars, title=title, unit="0–100", source=src, lang=lang,
                               description=text)  # fmt: skip
    heading = "强度视角：按GDP计的指数" if zh else "Intensity: the index per unit of GDP"
    return Section(heading, chart, "index_intensity", bars, [text])


def size_rho(scores: pl.DataFrame, year: int, data_dir: Path | None) -> float | None:
    """Spearman's rank correlation of ``scores`` (``region``, ``value``) with GDP in ``year``."""
    gdp = read_series("gdp", data_dir=data_dir).filter(pl.col("period") == str(year))
    both = scores.join(gdp.select("region", pl.col("value").alias("gdp")), on="region")
    if both.height <= 2:
        return None
    return float(both.select(pl.corr("value", "gdp", method="spearman")).item())
