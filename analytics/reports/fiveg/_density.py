"""The 5G density comparison: ranked at one date, the other dates listed, China as a reference.

The figures and their roles come from :func:`analytics.stats.density.compare_densities` (the
comparison period is the date of the home region's latest figure); this module words them.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from analytics.io import VINTAGE_RANK
from analytics.reports import narrative as nv
from analytics.reports._common import source_notes
from analytics.reports.components import DataNote
from analytics.reports.context import ReportContext
from analytics.reports.fiveg.data import stations
from analytics.stats.density import compare_densities, density_panel
from analytics.stats.periods import format_period

__all__ = ["density_bars", "density_notes", "density_sentences"]


@dataclass(frozen=True)
class _Density:
    published: pl.DataFrame
    compared: pl.DataFrame
    population: pl.DataFrame


def _density(ctx: ReportContext) -> _Density | None:
    def compute() -> _Density | None:
        dens = ctx.observations("fiveg_base_stations_per_10k")
        if not dens.height:
            return None
        pop = ctx.observations("population")
        panel = density_panel(dens, stations(ctx).all, pop)
        return _Density(dens, compare_densities(panel, ctx.region, vintages=VINTAGE_RANK), pop)

    return ctx.cached("fiveg:density", compute)


def density_bars(ctx: ReportContext) -> pl.DataFrame | None:
    """One bar per region (label with date and role, highlight); None when no region has one.

    The frame keeps ``role``, ``rank``, ``comparison_period``, ``population_period`` and
    ``gap_months`` (:func:`analytics.stats.density.compare_densities`).
    """
    d = _density(ctx)
    if d is None:
        return None
    rows = d.compared.with_columns(
        # a computed density to one decimal; a published one as published (19.04)
        pl.when(pl.col("basis") == "computed")
        .then(pl.col("value").round(1))
        .otherwise(pl.col("value"))
    )
    labels = [
        ctx.t(
            f"fiveg.density_label.{r['role']}",
            name=ctx.region_name(r["region"]),
            when=format_period(r["period"], ctx.lang),
        )
        for r in rows.select("region", "period", "role").iter_rows(named=True)
    ]
    return rows.with_columns(
        pl.Series("label", labels, pl.Utf8), (pl.col("region") == ctx.region).alias("highlight")
    )


def _value(row: dict[str, object]) -> str:
    v = float(row["value"])  # type: ignore[arg-type]
    digits = len(f"{v}".split(".")[1].rstrip("0")) if not v.is_integer() else 0
    return nv.fmt(v, digits=max(digits, 1), qualifier=row["qualifier"])  # type: ignore[arg-type]


def _parts(ctx: ReportContext, rows: pl.DataFrame, *, dated: bool) -> str:
    key = "fiveg.density_part" if dated else "fiveg.density_part_undated"
    return ctx.t("fiveg.density_sep").join(
        ctx.t(
            key,
            name=ctx.region_name(r["region"]),
            value=_value(r),
            when=format_period(r["period"], ctx.lang),
        )
        for r in rows.iter_rows(named=True)
    )


def _ranking(ctx: ReportContext, bars: pl.DataFrame) -> list[str]:
    """The ranking at the comparison date, the figures of other dates, and the reference."""
    role, when = pl.col("role"), bars["comparison_period"][0]
    ranked, alone = bars.filter(role == "ranked"), bars.filter(role == "alone")
    listed = bars.filter(role.is_in(["bound", "other_period"]))
    mine = pl.col("region") == ctx.region
    fields = {
        "when": format_period(when, ctx.lang) if when else "",
        "n": ranked.height,
        "name": ctx.name,
        "parts": _parts(ctx, ranked, dated=False),
    }
    out = []
    if ranked.filter(mine).height:
        out.append(ctx.t("fiveg.density_rank", rank=ranked.filter(mine)["rank"].item(), **fields))
    elif ranked.height:
        out.append(ctx.t("fiveg.density_order", **fields))
    elif alone.filter(mine).height:
        out.append(ctx.t("fiveg.density_alone", **fields))
    else:  # the one figure of the date is another region's: listed with the others
        listed = pl.concat([alone, listed])
    if listed.height and when is not None:
        out.append(
            ctx.t(
                "fiveg.density_listed",
                when=format_period(when, ctx.lang),
                parts=_parts(ctx, listed, dated=True),
            )
        )
    elif listed.height:
        out.append(ctx.t("fiveg.density_listed_all", parts=_parts(ctx, listed, dated=True)))
    ref = bars.filter(role == "aggregate")
    if ref.height:
        out.append(ctx.t("fiveg.density_reference", parts=_parts(ctx, ref, dated=True)))
    return out


def _gap(ctx: ReportContext, months: int) -> str:
    """A gap in whole years when it is one (12 → 1 year), else in months."""
    n, unit = (abs(months) // 12, "year") if months % 12 == 0 else (abs(months), "month")
    return ctx.t(f"fiveg.density_gap.{unit}{'' if n == 1 else 's'}", n=n)


def _computed(ctx: ReportContext, bars: pl.DataFrame) -> list[str]:
    """For each computed density: stations ÷ population = density, and the dates' gap if any."""
    out = []
    for r in bars.filter(pl.col("basis") == "computed").iter_rows(named=True):
        year, gap = r["population_period"], r["gap_months"]
        text = ctx.t(
            "fiveg.density_computed",
            who=ctx.region_name(r["region"]),
            when=format_period(r["period"], ctx.lang),
            level=nv.fmt(r["level"], digits=0),
            year=year,
            people=nv.fmt(r["population"], digits=0),
            density=nv.fmt(r["value"]),
        )
        if gap:
            key = "fiveg.density_gap_later" if gap > 0 else "fiveg.density_gap_earlier"
            text += ctx.t(key, year=year, gap=_gap(ctx, gap))
        out.append(text)
    return out


def density_sentences(ctx: ReportContext, bars: pl.DataFrame) -> list[str]:
    """The ranking, the unranked figures, how each computed figure was made, a missing one."""
    out = [*_ranking(ctx, bars), *_computed(ctx, bars)]
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
    shown = d.compared.select("region", "period", "basis", "population_period")
    used = d.published.join(
        shown.filter(pl.col("basis") == "published"), on=["region", "period"], how="semi"
    )
    out = source_notes(used, dname, data_dir=ctx.data_dir)
    comp = shown.filter(pl.col("basis") == "computed")
    levels = stations(ctx).all.join(comp, on=["region", "period"], how="semi")
    out += source_notes(
        levels.filter(pl.col("region") != ctx.region),
        ctx.t("fiveg.stations", catalog_name=stations(ctx).indicator.name_zh),
        data_dir=ctx.data_dir,
    )
    pop = d.population.join(
        comp.select("region", pl.col("population_period").alias("period")),
        on=["region", "period"],
        how="semi",
    )
    return out + source_notes(pop, ctx.t("name.population"), data_dir=ctx.data_dir)
