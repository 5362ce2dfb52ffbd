"""Sentences of the 5G density comparison: each region's figure, its date and how it was made."""

from __future__ import annotations

import polars as pl

from analytics.reports import narrative as nv
from analytics.reports.content._base import Lang, rname
from analytics.stats.periods import format_period, period_year

__all__ = ["computed_sentences", "density_sentence"]


def _pop_name(lang: Lang) -> str:
    return "年末常住人口" if lang == "zh" else "Year-end resident population"


def _value(row: dict[str, object]) -> str:
    v = float(row["value"])  # type: ignore[arg-type]
    digits = len(f"{v}".split(".")[1].rstrip("0")) if not v.is_integer() else 0
    return nv.fmt(v, digits=max(digits, 1), qualifier=row["qualifier"])  # type: ignore[arg-type]


def density_sentence(bars: pl.DataFrame, region: str, lang: Lang) -> str:
    """Where the region ranks, and every region's figure with its date."""
    parts = [
        f"{rname(r['region'], lang)} {_value(r)}（{format_period(r['period'], lang)}）"
        if lang == "zh"
        else f"{rname(r['region'], lang)} {_value(r)} ({format_period(r['period'], lang)})"
        for r in bars.iter_rows(named=True)
    ]
    rank = bars["region"].to_list().index(region) + 1 if region in bars["region"] else None
    if lang == "zh":
        head = f"{rname(region, lang)}居第{rank}位（共{bars.height}个）。" if rank else ""
        return head + "各地最新值的时点不同，比较时请留意：" + "；".join(parts) + "。"
    head = f"{rname(region, lang)} ranks {rank} of {bars.height}. " if rank else ""
    return (
        head + "The latest figures differ in date, so compare with care: " + "; ".join(parts) + "."
    )


def computed_sentences(
    best: pl.DataFrame, levels: pl.DataFrame, population: pl.DataFrame, lang: Lang
) -> list[str]:
    """For each computed density: stations ÷ the same year's population = density."""
    comp = best.filter(pl.col("basis") == "computed")
    rows = comp.join(levels.select("region", "period", pl.col("value").alias("level")),
                     on=["region", "period"]).with_columns(period_year().alias("year"))  # fmt: skip
    pop = population.select("region", period_year().alias("year"), pl.col("value").alias("pop"))
    out = []
    for r in rows.join(pop, on=["region", "year"]).iter_rows(named=True):
        who, when = rname(r["region"], lang), format_period(r["period"], lang)
        level, people, dens = nv.fmt(r["level"], digits=0), nv.fmt(r["pop"], digits=0), r["value"]
        out.append(
            f"{who}的每万人基站数由{when}的基站数{level}个除以{r['year']}年末常住人口{people}万人"
            f"算得{nv.fmt(dens)}，比最近一次公布的密度更新。"
            if lang == "zh"
            else f"{who}'s density is computed: {level} stations ({when}) / {people} × 10,000 "
            f"residents (end-{r['year']}) = {nv.fmt(dens)}, fresher than its last published "
            "density."
        )
    return out
