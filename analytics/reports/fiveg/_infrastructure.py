"""Digital infrastructure against peers and all 31 provinces (NBS portal tables, 2016–2024).

Section functions of the 5G and digital-infrastructure report (:mod:`analytics.reports.fiveg`
lists them): broadband users, mobile internet users and traffic per user, optical cable, and a
ranking of the 31 provinces. Ratios use only real denominators: there are no household counts or
land areas in the data, so users are taken per 100 residents and cable per 10,000 residents, with
the year-end population of the same year (2024 only), and each section says so. A chart that
draws a series flagged at build (:func:`analytics.io.anomalies.read_anomalies`) says so under it.

Examples
--------
>>> from analytics.reports import ReportContext
>>> ctx = ReportContext(region="120000", lang="en")
>>> sec = broadband(ctx)
>>> sec.heading, sec.chart is not None
('Fixed broadband users', True)
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from analytics import charts
from analytics.reports import narrative as nv
from analytics.reports._panels import (
    flag_sentences,
    per_people,
    province_panel,
    ratio,
    standing,
    standing_sentences,
    trend_section,
)
from analytics.reports.components import DataNote
from analytics.reports.context import ReportContext
from analytics.reports.section import Section
from analytics.stats.periods import latest_period

__all__ = [
    "FIRST_YEAR",
    "broadband",
    "data_notes",
    "mobile_internet",
    "optical_cable",
    "ranking",
]

FIRST_YEAR = "2016"
"""The first year of the portal tables: growth and ranks are measured from it."""


def _drawn(ctx: ReportContext) -> list[str]:
    """The region and its peers (China is not in the provincial tables)."""
    return [r for r in ctx.regions if r != "000000"]


def _title(ctx: ReportContext) -> str:
    return ctx.t("fiveg.title", name=ctx.name)


_IDS = {
    "broadband": "nbs_broadband_users",
    "mobile_users": "nbs_mobile_internet_users",
    "cable": "nbs_optical_cable",
}


def _name(ctx: ReportContext, key: str) -> str:
    """An indicator's name inside a sentence (the catalog's in Chinese, lower case in English)."""
    return ctx.t(f"infra.n.{key}", catalog_name=ctx.indicator_name(_IDS[key]))


def _trend_section(
    ctx: ReportContext,
    heading: str,
    frame: pl.DataFrame,
    what: str,
    unit: str,
    name: str,
    sentences: Sequence[str],
    flags: Sequence[str],
) -> Section:
    return trend_section(
        ctx,
        _title(ctx),
        heading,
        frame,
        what,
        unit,
        name,
        sentences,
        flags,
        regions=_drawn(ctx),
        source=ctx.t("infra.source"),
    )


def _standing_sentence(
    ctx: ReportContext, frame: pl.DataFrame, what: str, unit: str, *, digits: int = 1
) -> list[str]:
    return standing_sentences(ctx, frame, what, unit, base=FIRST_YEAR, digits=digits)


def _per_people_sentences(
    ctx: ReportContext, frame: pl.DataFrame, what: str, scale: int, said: str, lacking: str
) -> list[str]:
    """The latest value per ``scale`` residents and its rank, then what that year lacks.

    ``said`` and ``lacking`` are the two messages; nothing when no year has a value.
    """
    per = per_people(ctx, frame, scale=scale)
    year = latest_period(per["period"])
    if year is None:
        return []
    s = standing(per, ctx.region, str(year), str(year))
    out = []
    if s:
        fields = {"value": nv.fmt(s["value"]), "n": s["n"], "rank": s["rank"]}
        out.append(ctx.t(said, year=year, name=ctx.name, what=what, **fields))
    return [*out, ctx.t(lacking, year=year)]


def broadband(ctx: ReportContext) -> Section:
    """Fixed broadband users 2016–2024: the region and its peers, growth, ranks, per 100 people.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    users, what = province_panel(ctx, "nbs_broadband_users"), _name(ctx, "broadband")
    sents = _standing_sentence(ctx, users, what, ctx.t("infra.u.users"))
    sents += _per_people_sentences(ctx, users, what, 100, "infra.per_people", "infra.no_households")
    sents.append(ctx.t("infra.no_national"))
    flags = flag_sentences(ctx, ["nbs_broadband_users"], _drawn(ctx))
    title = ctx.indicator_name(_IDS["broadband"])
    return _trend_section(
        ctx,
        ctx.t("infra.h.broadband"),
        users,
        title,
        ctx.t("infra.u.users"),
        "broadband",
        sents,
        flags,
    )


def _per_user_sentence(ctx: ReportContext, users: pl.DataFrame, traffic: pl.DataFrame) -> str:
    per_user = ratio(traffic, users)
    year = latest_period(per_user.filter(pl.col("region") == ctx.region)["period"])
    s = standing(per_user, ctx.region, year, FIRST_YEAR) if year is not None else {}
    if not s:
        return ctx.t("infra.not_in_data", name=ctx.name, what=ctx.t("infra.per_user_name"))
    mine = pl.col("region") == ctx.region
    u = users.filter(mine & (pl.col("period") == year))["value"].item()
    tr = traffic.filter(mine & (pl.col("period") == year))["value"].item()
    users_text = nv.amount(u, ctx.t("infra.u.users"), lang=ctx.lang, digits=2)
    return ctx.t(
        "infra.per_user",
        year=year,
        name=ctx.name,
        users=users_text,
        traffic=nv.fmt(tr, digits=2),
        value=nv.fmt(s["value"]),
        n=s["n"],
        rank=s["rank"],
        base=FIRST_YEAR,
        base_value=nv.fmt(s["base_value"]),
    )


def mobile_internet(ctx: ReportContext) -> Section:
    """Mobile internet users and traffic per user 2016–2024, against peers and all provinces.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    users = province_panel(ctx, "nbs_mobile_internet_users")
    traffic = province_panel(ctx, "nbs_mobile_internet_traffic")
    uname = _name(ctx, "mobile_users")
    sents = [
        _per_user_sentence(ctx, users, traffic),
        *_standing_sentence(ctx, users, uname, ctx.t("infra.u.users")),
        ctx.t("infra.no_national"),
    ]
    flags = flag_sentences(
        ctx, ["nbs_mobile_internet_users", "nbs_mobile_internet_traffic"], _drawn(ctx)
    )
    return _trend_section(
        ctx,
        ctx.t("infra.h.mobile"),
        ratio(traffic, users),
        ctx.t("infra.per_user_name"),
        ctx.t("infra.per_user_unit"),
        "mobile_traffic_per_user",
        sents,
        flags,
    )


def optical_cable(ctx: ReportContext) -> Section:
    """Optical cable length 2016–2024 with growth and ranks, per 10,000 residents (no area data).

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    cable, what = province_panel(ctx, "nbs_optical_cable"), _name(ctx, "cable")
    sents = _standing_sentence(ctx, cable, what, ctx.t("infra.u.km"), digits=0)
    sents += _per_people_sentences(ctx, cable, what, 1, "infra.per_10k", "infra.no_area")
    flags = flag_sentences(ctx, ["nbs_optical_cable"], _drawn(ctx))
    return _trend_section(
        ctx,
        ctx.t("infra.h.cable"),
        cable,
        ctx.indicator_name(_IDS["cable"]),
        ctx.t("infra.u.km"),
        "optical_cable",
        sents,
        flags,
    )


def ranking(ctx: ReportContext) -> Section | None:
    """All 31 provinces on broadband users per 100 residents (the latest year with population).

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    from analytics.reports._common import region_names

    per100 = per_people(ctx, province_panel(ctx, "nbs_broadband_users"), scale=100)
    year = latest_period(per100["period"])
    if year is None:
        return None
    bars = (
        per100.filter(pl.col("period") == year)
        .with_columns(
            region_names(ctx.lang, "label"),
            pl.col("region").is_in(_drawn(ctx)).alias("highlight"),
            pl.col("value").rank("min", descending=True).cast(pl.Int64).alias("rank"),
        )
        .select("label", "region", "period", "value", "rank", "highlight")
        .sort("rank")
    )
    s = standing(per100, ctx.region, str(year), str(year))
    sents = [
        ctx.t(
            "infra.per_people",
            year=year,
            name=ctx.name,
            what=_name(ctx, "broadband"),
            value=nv.fmt(s.get("value")),
            n=bars.height,
            rank=s.get("rank", "–"),
        ),
        ctx.t("infra.no_households", year=year),
    ]
    chart = charts.build_ranking_bars(
        bars,
        title=ctx.t("infra.ranking_name", year=year),
        unit=ctx.t("infra.per_100_unit"),
        source=ctx.t("infra.source"),
        lang=ctx.lang,
        description=sents[0],
    )
    return ctx.section(
        _title(ctx), ctx.t("infra.h.ranking"), chart, "broadband_ranking", bars, sents
    )


def data_notes(ctx: ReportContext) -> list[DataNote]:
    """One note per source of the portal series and the population the sections use."""
    from analytics.reports._common import source_notes

    ids = (
        "nbs_broadband_users",
        "nbs_mobile_internet_users",
        "nbs_mobile_internet_traffic",
        "nbs_optical_cable",
        "population",
    )
    found = [(ctx.observations(i, _drawn(ctx)), ctx.indicator_name(i)) for i in ids]
    return [n for obs, name in found for n in source_notes(obs, name, data_dir=ctx.data_dir)]
