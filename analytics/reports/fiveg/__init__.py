"""The 5G and digital-infrastructure report as sections (report name ``fiveg``).

5G base stations against the plan target, density, users and the forecast; then digital
infrastructure from the NBS portal tables against peers and all 31 provinces (broadband, mobile
internet users and traffic per user, optical cable, a ranking; see
:mod:`analytics.reports.fiveg._infrastructure`).

The 5G record is sparse (a few published figures per region, at irregular dates): the report says
so, draws gaps as gaps and forecasts only where there are enough points. Each function takes one
:class:`~analytics.reports.context.ReportContext`; the notebook has one cell per section.

Examples
--------
>>> from analytics.reports import ReportContext, fiveg
>>> ctx = ReportContext(region="120000", lang="en")
>>> fiveg.title(ctx)
'Tianjin: 5G and digital infrastructure'
>>> fiveg.base_stations(ctx).heading
'5G base stations against the plan'
"""

from __future__ import annotations

from analytics import charts
from analytics.reports import narrative as nv
from analytics.reports._common import period_date, provenance, source_notes
from analytics.reports.calendar import next_releases
from analytics.reports.components import Card, DataNote
from analytics.reports.context import ReportContext, section_maker
from analytics.reports.fiveg._infrastructure import (
    broadband,
    mobile_internet,
    optical_cable,
    ranking,
)
from analytics.reports.fiveg.data import outlook, stations, with_gaps, year_end_series
from analytics.reports.navigation import navigation
from analytics.reports.section import Cards, Footer, Header, Notes, Section
from analytics.stats.periods import format_period, sort_by_period

__all__ = [
    "base_stations",
    "broadband",
    "cards",
    "density",
    "footer",
    "forecast",
    "header",
    "headline",
    "mobile_internet",
    "notes",
    "optical_cable",
    "ranking",
    "title",
    "users",
    "with_gaps",
    "year_end_series",
]


def title(ctx: ReportContext) -> str:
    """The title: ``天津5G与数字基础设施报告`` / ``Tianjin: 5G and digital infrastructure``.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    return ctx.t("fiveg.title", name=ctx.name)


def _iname(ctx: ReportContext) -> str:
    return ctx.t("fiveg.stations", catalog_name=stations(ctx).indicator.name_zh)


_section = section_maker(title)


def cards(ctx: ReportContext) -> Cards:
    """The headline card: the latest station count against the plan target, and its status.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    from analytics.stats import classify_status  # imports statsmodels/scipy: only when needed

    data, unit = stations(ctx), ctx.t("fiveg.unit")
    if not data.mine.height:
        return Cards([Card(_iname(ctx), "–", unit, "", status="unknown")], ctx.lang)
    last = sort_by_period(data.mine).row(-1, named=True)
    target, tv = data.target, data.target_value
    notes = [ctx.measured(last)] if last.get("period_basis") == "inferred" else []
    notes.append(ctx.t("fiveg.published_points", n=data.mine.height))
    card = Card(
        _iname(ctx),
        nv.fmt(last["value"], digits=0),
        unit,
        last["period"],
        note=ctx.t("list.sep").join(notes),
    )
    if target is not None and tv is not None:
        value = float(last["value"])
        passed = int(last["period"][:4]) >= target.year and value < tv
        status = classify_status(value, tv, outlook(ctx).probability, deadline_passed=passed)
        card = Card(
            **{
                **card.__dict__,
                "status": status,
                "target": f"{nv.fmt(tv, digits=0)} ({target.year})",
            }
        )
    return Cards([card], ctx.lang)


def header(ctx: ReportContext) -> Header:
    """The title, the sparse-record subtitle and the headline cards.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    return Header(
        title(ctx), cards(ctx), ctx.t("fiveg.subtitle"), ctx.lang, navigation(ctx, "fiveg")
    )


def headline(ctx: ReportContext) -> str:
    """The headline as plain text: the cell nbval pins.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    return header(ctx).text()


def _station_sentences(ctx: ReportContext) -> list[str]:
    data, unit, iname = stations(ctx), ctx.t("fiveg.unit"), _iname(ctx)
    last = sort_by_period(data.mine).row(-1, named=True)
    if data.target is not None and data.target_value is not None:
        first = nv.target_sentence(
            iname,
            ctx.name,
            last["period"],
            float(last["value"]),
            data.target_value,
            data.target.year,
            unit,
            lang=ctx.lang,
            probability=outlook(ctx).probability,
        )
    else:
        first = nv.level_sentence(
            iname, ctx.name, last["period"], float(last["value"]), unit, lang=ctx.lang, digits=0
        )
    points = ctx.t("list.sep").join(format_period(p, ctx.lang) for p in data.mine["period"])
    out = [first, ctx.t("fiveg.points_list", points=points)]
    if last.get("period_basis") == "inferred":  # said where the figure is, not only in a note
        value = nv.fmt(last["value"], digits=0)
        out.insert(1, ctx.t("when.refers_to", value=value, unit=unit, when=ctx.measured(last)))
    return out


def base_stations(ctx: ReportContext) -> Section:
    """Stations over time against the plan target (gaps drawn as gaps).

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    data, iname = stations(ctx), _iname(ctx)
    if not data.mine.height:
        what = ctx.t("fiveg.h.base_stations_missing")
        return _section(ctx, what, sentences=[nv.missing_sentence(iname, ctx.name, lang=ctx.lang)])
    trend = data.mine.with_columns(period_date()).select("date", "period", "value", "status")
    sents, target = _station_sentences(ctx), data.target
    chart = charts.build_trend_with_target(
        trend,
        title=ctx.t("chart.title", name=ctx.name, what=iname),
        unit=ctx.t("fiveg.unit"),
        source=ctx.t("source.published"),
        lang=ctx.lang,
        target=data.target_value,
        target_date=f"{target.year}-01-01" if target else None,  # on the year's tick
        target_label=getattr(target, f"text_{ctx.lang}") if target else None,
        description=sents[0],
    )
    from analytics.reports._panels import flag_sentences

    sec = _section(ctx, ctx.t("fiveg.h.base_stations"), chart, "base_stations", trend, sents)
    sec.flags = flag_sentences(ctx, ["fiveg_base_stations"], [ctx.region])
    return sec


def density(ctx: ReportContext) -> Section | None:
    """Stations per 10,000 people: each region's latest figure, its date and how it was made.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    from analytics.reports.fiveg._density import density_bars, density_sentences

    bars = density_bars(ctx)
    if bars is None:
        return None
    sents = density_sentences(ctx, bars)
    chart = charts.build_ranking_bars(
        bars,
        title=_dname(ctx),
        unit=ctx.t("fiveg.density_unit"),
        source=ctx.t("source.published"),
        lang=ctx.lang,
        description=sents[0],
    )
    data = bars.select(
        "label",
        "region",
        "period",
        "value",
        "qualifier",
        "basis",
        "role",
        "rank",
        "comparison_period",
        "population_period",
        "gap_months",
    )
    return _section(ctx, ctx.t("fiveg.h.density"), chart, "density", data, sents)


def _dname(ctx: ReportContext) -> str:
    from analytics.catalog import get_indicator

    zh = get_indicator("fiveg_base_stations_per_10k").name_zh
    return ctx.t("fiveg.density_name", catalog_name=zh)


def users(ctx: ReportContext) -> Section:
    """5G mobile phone users in the region (gaps drawn as gaps).

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    found, uname = ctx.observations("fiveg_users", [ctx.region]), ctx.t("fiveg.users_name")
    if not found.height:
        missing = nv.missing_sentence(uname, ctx.name, lang=ctx.lang)
        return _section(ctx, ctx.t("fiveg.h.users"), sentences=[missing])
    trend = found.with_columns(period_date()).select("date", "period", "value")
    last, unit = sort_by_period(found).row(-1, named=True), ctx.t("fiveg.users_unit")
    sents = [
        nv.level_sentence(
            uname, ctx.name, last["period"], float(last["value"]), unit, lang=ctx.lang
        )
    ]
    chart = charts.build_trend_with_target(
        trend,
        title=uname,
        unit=unit,
        source=ctx.t("source.published"),
        lang=ctx.lang,
        description=sents[0],
    )
    return _section(ctx, ctx.t("fiveg.h.users"), chart, "users", trend, sents)


def forecast(ctx: ReportContext) -> Section:
    """The model chosen by backtest, its fan chart and the chance of meeting the target.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    from analytics.reports.fiveg._forecast import (
        forecast_chart,
        forecast_heading,
        forecast_sentences,
    )

    sents = forecast_sentences(ctx)
    chart = forecast_chart(ctx, sents[0]) if sents else None
    data = outlook(ctx).frame if chart is not None else None
    name = "forecast" if chart is not None else ""
    return _section(ctx, forecast_heading(ctx), chart, name, data, sents)


def notes(ctx: ReportContext) -> Notes:
    """Sources of every figure shown, the plan target's source, and the sparse-record caveat.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    from analytics.reports.fiveg._density import density_notes
    from analytics.reports.fiveg._infrastructure import data_notes

    data, out = stations(ctx), []
    if data.mine.height:
        out += source_notes(data.mine, _iname(ctx), data_dir=ctx.data_dir)
        if data.target is not None:
            t = data.target
            out.append(
                DataNote(title=t.plan, source=t.source, quote=t.text_zh, gaps=t.caveat or "")
            )
    out += density_notes(ctx)
    found = ctx.observations("fiveg_users", [ctx.region])
    out += source_notes(found, ctx.t("fiveg.users_name"), data_dir=ctx.data_dir)
    out.append(DataNote(title=ctx.t("fiveg.sparse_title"), gaps=ctx.t("fiveg.sparse_gaps")))
    return Notes(out + data_notes(ctx), ctx.lang, next_releases(ctx, "fiveg"))


def footer(ctx: ReportContext) -> Footer:
    """Parameters, input hashes, package version and time.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    return Footer(
        provenance(ctx.parameters(), ctx.data_dir, "fiveg", sources=ctx.sources_read()), ctx.lang
    )
