"""The 5G density comparison: each region's freshest figure, its date and how it was made."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from analytics.reports import narrative as nv
from analytics.reports._fiveg_data import stations
from analytics.reports.components import DataNote
from analytics.reports.content._base import source_notes
from analytics.reports.context import ReportContext
from analytics.stats.density import latest_density
from analytics.stats.periods import format_period, period_year

__all__ = ["density_bars", "density_notes", "density_sentences"]


@dataclass(frozen=True)
class _Density:
    published: pl.DataFrame
    best: pl.DataFrame
    population: pl.DataFrame


def _density(ctx: ReportContext) -> _Density | None:
    def compute() -> _Density | None:
        dens = ctx.observations("fiveg_base_stations_per_10k")
        if not dens.height:
            return None
        pop = ctx.observations("population")
        return _Density(dens, latest_density(dens, stations(ctx).all, pop), pop)

    return ctx.cached("fiveg:density", compute)


def density_bars(ctx: ReportContext) -> pl.DataFrame | None:
    """One bar per region (label, highlight), highest first; None when no region has a figure."""
    d = _density(ctx)
    if d is None:
        return None
    names = {c: ctx.region_name(c) for c in d.best["region"].unique()}
    whens = {p: format_period(p, ctx.lang) for p in d.best["period"].unique()}
    label = pl.concat_str(
        pl.col("region").replace_strict(names), pl.col("period").replace_strict(whens),
        separator=" ",
    )  # fmt: skip
    return d.best.with_columns(
        label.alias("label"),
        (pl.col("region") == ctx.region).alias("highlight"),
        # a computed density to one decimal; a published one as published (19.04)
        pl.when(pl.col("basis") == "computed")
        .then(pl.col("value").round(1))
        .otherwise(pl.col("value")),
    ).sort("value", descending=True)


def _value(row: dict[str, object]) -> str:
    v = float(row["value"])  # type: ignore[arg-type]
    digits = len(f"{v}".split(".")[1].rstrip("0")) if not v.is_integer() else 0
    return nv.fmt(v, digits=max(digits, 1), qualifier=row["qualifier"])  # type: ignore[arg-type]


def _ranking(ctx: ReportContext, bars: pl.DataFrame) -> str:
    """Where the region ranks, and every region's figure with its date."""
    parts = [
        ctx.t("fiveg.density_part", name=ctx.region_name(r["region"]), value=_value(r),
              when=format_period(r["period"], ctx.lang))
        for r in bars.iter_rows(named=True)
    ]  # fmt: skip
    regions = bars["region"].to_list()
    head = ""
    if ctx.region in regions:
        rank = regions.index(ctx.region) + 1
        head = ctx.t("fiveg.density_rank", name=ctx.name, rank=rank, n=bars.height)
    return head + ctx.t("fiveg.density_compare", parts=ctx.t("fiveg.density_sep").join(parts))


def _computed(ctx: ReportContext) -> list[str]:
    """For each computed density: stations ÷ the same year's population = density."""
    d = _density(ctx)
    assert d is not None
    comp = d.best.filter(pl.col("basis") == "computed")
    rows = comp.join(stations(ctx).all.select("region", "period", pl.col("value").alias("level")),
                     on=["region", "period"]).with_columns(period_year().alias("year"))  # fmt: skip
    pop = d.population.select("region", period_year().alias("year"), pl.col("value").alias("pop"))
    return [
        ctx.t("fiveg.density_computed", who=ctx.region_name(r["region"]),
              when=format_period(r["period"], ctx.lang), level=nv.fmt(r["level"], digits=0),
              year=r["year"], people=nv.fmt(r["pop"], digits=0), density=nv.fmt(r["value"]))
        for r in rows.join(pop, on=["region", "year"]).iter_rows(named=True)
    ]  # fmt: skip


def density_sentences(ctx: ReportContext, bars: pl.DataFrame) -> list[str]:
    """The ranking sentence, how each computed figure was made, and a missing statement."""
    out = [_ranking(ctx, bars), *_computed(ctx)]
    if ctx.region not in bars["region"].to_list():
        dname = ctx.t("fiveg.density_name", catalog_name=_catalog_name())
        out.insert(0, nv.missing_sentence(dname, ctx.name, lang=ctx.lang))
    return out


def _catalog_name() -> str:
    from analytics.catalog import get_indicator

    return get_indicator("fiveg_base_stations_per_10k").name_zh


def density_notes(ctx: ReportContext) -> list[DataNote]:
    """Sources of the published densities, and of the levels and population behind computed ones."""
    d = _density(ctx)
    if d is None:
        return []
    dname = ctx.t("fiveg.density_name", catalog_name=_catalog_name())
    used = d.published.join(d.best.filter(pl.col("basis") == "published"),
                            on=["region", "period"])  # fmt: skip
    out = source_notes(used, dname, data_dir=ctx.data_dir)
    comp = d.best.filter(pl.col("basis") == "computed").select("region", "period")
    levels = stations(ctx).all.join(comp, on=["region", "period"])
    out += source_notes(levels.filter(pl.col("region") != ctx.region),
                        ctx.t("fiveg.stations", catalog_name=stations(ctx).indicator.name_zh),
                        data_dir=ctx.data_dir)  # fmt: skip
    pop = d.population.join(comp.select("region"), on="region")
    return out + source_notes(pop, ctx.t("name.population"), data_dir=ctx.data_dir)
