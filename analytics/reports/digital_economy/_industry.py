"""Digital industry against peers and all 31 provinces: software, e-commerce, R&D intensity.

Section functions of the digital-economy report (:mod:`analytics.reports.digital_economy` lists
them). Software revenue, e-commerce sales and the share of enterprises trading online come from
the NBS portal tables (2016–2024); R&D intensity from the China S&T Statistical Yearbook
(2011–2023), on the GDP as first published, which each R&D sentence says.

Examples
--------
>>> from analytics.reports import ReportContext
>>> sec = software(ReportContext(region="120000", lang="en"))
>>> sec.heading, sec.data["value"].max() > 3000  # 亿元: 34,541,410.9万元 is 3,454.1亿元
('Software business revenue', True)
"""

from __future__ import annotations

import polars as pl

from analytics.reports import narrative as nv
from analytics.reports._panels import (
    flag_sentences,
    province_panel,
    standing,
    standing_sentences,
    trend_section,
)
from analytics.reports.components import DataNote
from analytics.reports.context import ReportContext
from analytics.reports.section import Section
from analytics.stats.periods import format_period, latest_period

__all__ = ["data_notes", "ecommerce", "online_firms", "rd_intensity", "software"]

_FIRST, _RD_FIRST = "2016", "2011"
_IDS = {"software": "nbs_software_revenue", "ecommerce": "nbs_ecommerce_sales"}


def _title(ctx: ReportContext) -> str:
    return ctx.t("de.title", name=ctx.name)


def _drawn(ctx: ReportContext, *, china: bool = False) -> list[str]:
    return [r for r in ctx.regions if china or r != "000000"]


def _section(
    ctx: ReportContext,
    key: str,
    frame: pl.DataFrame,
    unit: str,
    sents: list[str],
    indicator: str,
    *,
    china: bool = False,
    source: str = "infra.source",
) -> Section:
    flags = flag_sentences(ctx, [indicator], _drawn(ctx, china=china))
    heading = ctx.t(f"infra.h.{key}")  # also the chart's title: short enough for a phone
    return trend_section(
        ctx,
        _title(ctx),
        heading,
        frame,
        heading,
        unit,
        key,
        sents,
        flags,
        regions=_drawn(ctx, china=china),
        source=ctx.t(source),
    )


def software(ctx: ReportContext) -> Section:
    """Software business revenue 2016–2024 (drawn in 亿元), growth and ranks among provinces.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    found = province_panel(ctx, "nbs_software_revenue")
    yi = found.with_columns(pl.col("value") / 1e4)  # stored in 万元 as published; drawn in 亿元
    what = ctx.t("infra.n.software", catalog_name=ctx.indicator_name(_IDS["software"]))
    sents = [
        *standing_sentences(ctx, yi, what, ctx.t("infra.u.yi"), base=_FIRST),
        ctx.t("infra.unit_shown_yi"),
        ctx.t("infra.no_national"),
    ]
    return _section(ctx, "software", yi, ctx.t("infra.u.yi"), sents, _IDS["software"])


def ecommerce(ctx: ReportContext) -> Section:
    """E-commerce sales 2016–2024, growth and ranks among provinces.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    found = province_panel(ctx, "nbs_ecommerce_sales")
    what = ctx.t("infra.n.ecommerce", catalog_name=ctx.indicator_name(_IDS["ecommerce"]))
    sents = [
        *standing_sentences(ctx, found, what, ctx.t("infra.u.yi"), base=_FIRST),
        ctx.t("infra.no_national"),
    ]
    return _section(ctx, "ecommerce", found, ctx.t("infra.u.yi"), sents, _IDS["ecommerce"])


def online_firms(ctx: ReportContext) -> Section:
    """The share of enterprises trading online (published to 2023), against peers and provinces.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    found = province_panel(ctx, "nbs_ecommerce_firm_share")
    what = ctx.indicator_name("nbs_ecommerce_firm_share")
    year = latest_period(found.filter(pl.col("region") == ctx.region)["period"])
    s = standing(found, ctx.region, year, _FIRST) if year is not None else {}
    if not s:
        sents = [ctx.t("infra.not_in_data", name=ctx.name, what=what)]
    else:
        later = latest_period([str(year), *province_panel(ctx, "nbs_ecommerce_sales")["period"]])
        missing = ctx.t("infra.share_missing", year=later) if later != year else ""
        sents = [
            ctx.t(
                "infra.share_latest",
                year=year,
                name=ctx.name,
                value=nv.fmt(s["value"]),
                n=s["n"],
                rank=s["rank"],
                base=_FIRST,
                base_value=nv.fmt(s["base_value"]),
                missing=missing,
            ).strip()
        ]
    sents.append(ctx.t("infra.no_national"))
    return _section(ctx, "online_firms", found, "%", sents, "nbs_ecommerce_firm_share")


def rd_intensity(ctx: ReportContext) -> Section:
    """R&D intensity 2011–2023 for the region, its peers and China, on GDP as first published.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    provinces, all_ = (
        province_panel(ctx, "rd_intensity"),
        province_panel(ctx, "rd_intensity", china=True),
    )
    what = ctx.indicator_name("rd_intensity")
    year = latest_period(provinces.filter(pl.col("region") == ctx.region)["period"])
    s = standing(provinces, ctx.region, year, _RD_FIRST) if year is not None else {}
    if not s:
        sents = [ctx.t("infra.not_in_data", name=ctx.name, what=what)]
    else:
        spend = province_panel(ctx, "rd_spending").filter(
            (pl.col("region") == ctx.region) & (pl.col("period") == year)
        )["value"]
        china = all_.filter((pl.col("region") == "000000") & (pl.col("period") == year))["value"]
        sents = [
            ctx.t(
                "infra.rd_sentence",
                year=year,
                name=ctx.name,
                spend=nv.amount(
                    spend.item() if spend.len() else float("nan"),
                    ctx.t("infra.u.yi"),
                    lang=ctx.lang,
                ),
                value=nv.fmt(s["value"], digits=2),
                n=s["n"],
                rank=s["rank"],
                china=nv.fmt(china.item() if china.len() else None, digits=2),
            )
        ]
    sents.append(ctx.t("infra.rd_gdp"))
    if s and spend.len():
        sents += _rd_check(ctx, str(year), spend.item(), s["value"])
    return _section(
        ctx, "rd", all_, "%", sents, "rd_intensity", china=True, source="infra.source_rd"
    )


def _rd_check(ctx: ReportContext, year: str, spend: float, value: float) -> list[str]:
    """R&D over the GDP first published that year, beside the yearbook's intensity (if on file)."""
    from analytics.exceptions import AnalyticsError
    from analytics.io import read_series

    try:
        gdp = read_series("gdp", regions=ctx.region, vintage="published", data_dir=ctx.data_dir)
    except AnalyticsError:  # no first-published GDP on file for the region: nothing to check
        return []
    row = gdp.filter(pl.col("period") == year)
    found = row["value"]
    if not found.len():
        return []
    from analytics.reports.revisions import revision_sentences

    revised = revision_sentences(  # the GDP it divides by, beside its revision
        row,
        ctx.lang,
        what=ctx.indicator_name("gdp"),
        unit=ctx.t("infra.u.yi"),
        names={ctx.region: ctx.name},
        when=lambda p: format_period(p, ctx.lang),
        data_dir=ctx.data_dir,
    )
    return [
        ctx.t(
            "infra.rd_check",
            name=ctx.name,
            year=year,
            value=nv.fmt(value, digits=2),
            spend=nv.amount(spend, ctx.t("infra.u.yi"), lang=ctx.lang),
            gdp=nv.amount(found.item(), ctx.t("infra.u.yi"), lang=ctx.lang, digits=2),
            calc=nv.fmt(spend / found.item() * 100, digits=2),
        ),
        *revised,
    ]


def data_notes(ctx: ReportContext) -> list[DataNote]:
    """One note per source of the series these sections draw."""
    from analytics.reports._common import source_notes

    ids = (
        "nbs_software_revenue",
        "nbs_ecommerce_sales",
        "nbs_ecommerce_firm_share",
        "rd_intensity",
        "rd_spending",
    )
    found = [(ctx.observations(i, _drawn(ctx, china=True)), ctx.indicator_name(i)) for i in ids]
    # the first-published GDP the R&D check divides by (figures.csv), for the year it uses
    year = province_panel(ctx, "rd_intensity").filter(pl.col("region") == ctx.region)["period"]
    gdp = ctx.observations("gdp", [ctx.region]).filter(
        (pl.col("vintage") == "published")
        & (pl.col("measure") == "level")
        & (pl.col("period") == (latest_period(year) or ""))
    )
    found.append((gdp, ctx.indicator_name("gdp")))
    return [n for obs, name in found for n in source_notes(obs, name, data_dir=ctx.data_dir)]
