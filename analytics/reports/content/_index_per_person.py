"""The digital-economy index per person: the same framework over totals per 10,000 residents.

The store holds provincial year-end population for 2024 only, but NBS publishes GDP and GDP per
capita for every province from 2019, and GDP per capita is GDP over the average resident
population. So the average population of each province-year is GDP ÷ GDP per capita (both the NBS
revision after the 5th economic census); the totals of the research panel are divided by it, and
the index is rebuilt with the same framework over the years every province has it.

Examples
--------
>>> pop = implied_population()
>>> tianjin = pop.filter((pl.col("region") == "120000") & (pl.col("period") == "2022"))
>>> round(tianjin["value"].item(), 1)  # 16,588.5 亿元 × 10⁴ ÷ 121,261 元 = 1,368.0 万人
1368.0
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from analytics.io import read_series
from analytics.stats.periods import sort_by_period

__all__ = ["implied_population", "per_person_scores"]


def implied_population(data_dir: Path | None = None) -> pl.DataFrame:
    """Average resident population (万人) by province-year: GDP (亿元) × 10⁴ ÷ per-capita GDP."""
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
    from analytics.reports.content._index_notes import total_indicators

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
