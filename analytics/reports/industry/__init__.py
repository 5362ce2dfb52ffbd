"""The industry report as sections: GDP and growth, peers, sectors, per-capita rank, LQ, published.

Each function takes one :class:`~analytics.reports.context.ReportContext`; the notebook has one
cell per section. Sections other than ``gdp`` are None when the period is not an edition for the
region (:func:`~analytics.reports.industry.data.edition`). In a partial edition (growth and GDP
per capita out, levels not yet) each section drawn from levels says that the edition's are
missing and names the year it shows; a figure older than the edition carries its period.

Examples
--------
>>> from analytics.reports import ReportContext, industry
>>> ctx = ReportContext(region="120000", lang="en")
>>> industry.title(ctx), industry.gdp(ctx).heading
('Tianjin: industry and growth', 'Gross regional product')
"""

from __future__ import annotations

from typing import Any

import polars as pl

from analytics import charts
from analytics.catalog import Target, get_indicator
from analytics.reports import narrative as nv
from analytics.reports._common import period_date, provenance, source_notes
from analytics.reports.calendar import next_releases
from analytics.reports.components import Card, DataNote, Status
from analytics.reports.context import ReportContext, section_maker
from analytics.reports.industry.data import (
    SECTORS,
    Core,
    before,
    core,
    industry_share,
    latest_share,
    pc_rank,
    per_capita_bars,
    published_rows,
    sector_shares,
    sector_va,
    va_year,
)
from analytics.reports.navigation import navigation
from analytics.reports.revisions import revision_sentences
from analytics.reports.section import Cards, Footer, Header, Notes, Section
from analytics.stats.periods import Period, format_period, latest_period
from analytics.stats.regional import location_quotients, shift_share

__all__ = [
    "cards",
    "footer",
    "gdp",
    "gdp_per_capita",
    "header",
    "headline",
    "notes",
    "peer_growth",
    "published",
    "sector_shares_section",
    "specialisation",
    "title",
]


def title(ctx: ReportContext) -> str:
    """``天津产业经济报告`` / ``Tianjin: industry and growth``.

    Parameters
    ----------
    ctx : ReportContext
        The report's region and language.
    """
    return ctx.t("industry.title", name=ctx.name)


_section = section_maker(title)


def _gdp_card(ctx: ReportContext) -> Card | None:
    """GDP in the edition's year; in a partial edition real growth, with its missing level said."""
    c = core(ctx)
    if c is None or (c.partial and c.growth is None):
        return None
    target = _growth_target(ctx, c.year)
    status: Status = "no_target"
    words = None
    if target is not None and target.value is not None:
        # the government work report's growth target for the year, and whether growth met it
        status = (
            "unknown"
            if c.growth is None
            else ("achieved" if c.growth >= float(target.value) else "off_track")
        )
        words = ctx.t("industry.growth_target", value=nv.fmt(float(target.value)))
    if c.partial:
        return Card(
            ctx.t("industry.growth_card"),
            nv.fmt(c.growth),
            "%",
            c.year,
            note=ctx.t("industry.level_pending"),
            target=words,
            status=status,
        )
    assert c.level is not None
    unit = ctx.t("industry.unit")
    # "1.79 trillion yuan" in English, never "17,931.3 100 million yuan"
    shown, sep, shown_unit = nv.amount(c.level, unit, lang=ctx.lang).partition(" ")
    if not sep:  # 17,931.3亿元: number and unit written together
        shown, shown_unit = nv.fmt(c.level), unit
    change = None
    if c.growth is not None:
        change = ctx.t("industry.real_growth", value=nv.fmt(c.growth))
    rank = ctx.t("industry.rank", rank=c.rank, n=c.latest.height)
    return Card(
        ctx.indicator_name("gdp"),
        shown,
        shown_unit,
        c.year,
        change=change,
        note=rank,
        target=words,
        status=status,
    )


def _growth_target(ctx: ReportContext, year: str) -> Target | None:
    """The work report's GDP growth target for ``year`` in the catalog, if there is one."""
    targets = get_indicator("gdp").targets
    return next((t for t in targets if t.region == ctx.region and str(t.year) == year), None)


def cards(ctx: ReportContext) -> Cards:
    """GDP (real growth, rank), industry's share of GDP, GDP per capita (rank), of the edition.

    Parameters
    ----------
    ctx : ReportContext
        The report's region, period, language and data folder.
    """
    c, out = core(ctx), []
    if c is not None:
        out.append(_gdp_card(ctx))
        share = industry_share(ctx, c)
        if share is not None:
            out.append(Card(ctx.t("industry.share_card"), nv.fmt(share), "%", c.year))
        bars = per_capita_bars(ctx, c)
        ranked = pc_rank(ctx, bars)
        if ranked is not None:
            rank, value = ranked
            out.append(
                Card(
                    ctx.indicator_name("gdp_per_capita"),
                    nv.fmt(value, digits=0),
                    ctx.t("industry.pc_unit"),
                    c.year,
                    note=ctx.t("industry.rank", rank=rank, n=bars.height),
                )
            )
    return Cards([x for x in out if x is not None], ctx.lang)


def header(ctx: ReportContext) -> Header:
    """The title, ``data up to <year>`` (partial: what is missing) and the headline cards.

    Parameters
    ----------
    ctx : ReportContext
        The report's region, period, language and data folder.
    """
    c = core(ctx)
    sub = ""
    if c is not None:
        sub = ctx.t("industry.subtitle_partial" if c.partial else "industry.subtitle", year=c.year)
    return Header(title(ctx), cards(ctx), sub, ctx.lang, navigation(ctx, "industry"))


def _not_yet(ctx: ReportContext, c: Core, what: str, shown: str | None) -> list[str]:
    """``no <edition> figures yet for <what>; the latest are for <shown>``, if it is older."""
    if shown is not None and not before(shown, c.year):
        return []
    key = "industry.not_yet" if shown is not None else "industry.not_yet_none"
    words = ctx.t(f"industry.what.{what}")
    return [ctx.t(key, name=ctx.name, year=c.year, what=words, latest=shown)]


def headline(ctx: ReportContext) -> str:
    """The headline as plain text: the cell nbval pins.

    Parameters
    ----------
    ctx : ReportContext
        The report's region, period, language and data folder.
    """
    return header(ctx).text()


def _flagged(ctx: ReportContext, sec: Section, indicators: list[str]) -> Section:
    """``sec`` with the build's flags on the region's series it draws said under its chart."""
    from analytics.reports._panels import flag_sentences

    sec.flags = flag_sentences(ctx, indicators, [ctx.region])
    return sec


def _growth_sentences(ctx: ReportContext, c: Core, what: str) -> list[str]:
    """The edition's real growth against the median province, and whether it is a published one."""
    if c.growth is None:
        return []
    median = ctx.t("industry.median")
    out = [
        nv.growth_sentence(
            what,
            ctx.name,
            c.year,
            c.growth,
            lang=ctx.lang,
            versus=c.median_growth,
            versus_name=median,
        )
    ]
    return out + ([ctx.t("industry.growth_is_published")] if c.published_growth.height else [])


def _revised(ctx: ReportContext, shown: pl.DataFrame, *, growth: bool) -> list[str]:
    """Each shown GDP level (or real growth) with another vintage in the store, said beside it."""
    names = (
        {r: ctx.region_name(r) for r in shown["region"].unique().to_list()} if shown.height else {}
    )
    return revision_sentences(
        shown,
        ctx.lang,
        what=ctx.t("revision.growth") if growth else ctx.indicator_name("gdp"),
        unit="%" if growth else ctx.t("industry.unit"),
        names=names,
        when=lambda p: format_period(p, ctx.lang),
        data_dir=ctx.data_dir,
    )


def _growth_shown(ctx: ReportContext, c: Core) -> pl.DataFrame:
    """The store row of the edition's real growth: the published figure, else the NBS index."""
    if c.published_growth.height:
        return c.published_growth
    mine = (pl.col("region") == ctx.region) & (pl.col("period") == c.year)
    return c.index.filter(mine).drop("growth")


def gdp(ctx: ReportContext) -> Section:
    """GDP level over time, and real growth against the median province.

    Parameters
    ----------
    ctx : ReportContext
        The report's region, period, language and data folder.
    """
    c, what = core(ctx), ctx.indicator_name("gdp")
    if c is None:
        return _section(ctx, title(ctx), sentences=[_no_edition(ctx, what)])
    unit = ctx.t("industry.unit")
    trend = c.mine.with_columns(period_date()).select("date", "period", "value")
    level = []
    if c.level is not None and c.level_year is not None:  # the level's own year beside it
        level = [nv.level_sentence(what, ctx.name, c.level_year, c.level, unit, lang=ctx.lang)]
    growth = _growth_sentences(ctx, c, what)
    # a partial edition: its own figure first, then what is missing and the older level
    sents = (
        [*growth, *_not_yet(ctx, c, "level", c.level_year), *level]
        if c.partial
        else [*level, *growth]
    )
    revised = _revised(ctx, c.mine, growth=False) + _revised(
        ctx, _growth_shown(ctx, c), growth=True
    )
    if not trend.height:
        return _section(ctx, ctx.t("industry.h.gdp"), sentences=sents + revised)
    chart = charts.build_trend_with_target(
        trend,
        title=ctx.t("industry.gdp_chart", name=ctx.name, what=what),
        unit=unit,
        source=ctx.t("industry.source"),
        lang=ctx.lang,
        description=sents[0],
    )
    sec = _section(ctx, ctx.t("industry.h.gdp"), chart, "gdp_level", trend, sents + revised)
    return _flagged(ctx, sec, ["gdp"])


def _no_edition(ctx: ReportContext, what: str) -> str:
    """The store has no ``what`` for the region (in the period, when one was asked for)."""
    from analytics.stats.periods import PeriodError

    if ctx.period != "latest":
        try:
            when = format_period(ctx.period, ctx.lang)
        except PeriodError:
            when = ctx.period
        what = ctx.t("industry.no_edition", when=when, what=what)
    return nv.missing_sentence(what, ctx.name, lang=ctx.lang)


def peer_growth(ctx: ReportContext) -> Section | None:
    """Real growth of the region and its peers over time, one small panel each.

    Parameters
    ----------
    ctx : ReportContext
        The report's region, peers, period, language and data folder.
    """
    c = core(ctx)
    if c is None:
        return None
    pg = c.index.filter(pl.col("region").is_in(ctx.regions)).with_columns(period_date())
    said = (pl.col("region") == ctx.region) & (pl.col("period") == c.year)  # the gdp section's
    revised = _revised(ctx, pg.filter(~said).drop("growth", "date"), growth=True)
    present = set(pg["region"].unique().to_list())
    missing = [p for p in ctx.regions if p not in present]
    pg = pg.with_columns(
        pl.col("region").replace_strict({r: ctx.region_name(r) for r in present}).alias("series"),
        (pl.col("region") == ctx.region).alias("highlight"),
    ).select("series", "region", "date", "period", pl.col("growth").alias("value"), "highlight")
    mine = latest_period(pg.filter(pl.col("highlight"))["period"])
    sents = _not_yet(ctx, c, "index", mine) if mine is not None else []  # else: `missing` says it
    if missing:
        names = ctx.t("list.sep").join(ctx.region_name(m) for m in missing)
        sents.append(ctx.t("industry.no_index", missing=names))
    chart = charts.build_peer_small_multiples(
        pg,
        title=ctx.t("industry.peer_chart"),
        unit="%",
        source=ctx.t("industry.source"),
        lang=ctx.lang,
        description="; ".join(sents) or None,
    )
    sents += revised
    return _section(ctx, ctx.t("industry.h.peer_growth"), chart, "peer_growth", pg, sents)


def sector_shares_section(ctx: ReportContext) -> Section | None:
    """The three sectors' and industry's shares of GDP over time.

    Parameters
    ----------
    ctx : ReportContext
        The report's region, period, language and data folder.
    """
    c = core(ctx)
    if c is None:
        return None
    sec, share = sector_shares(ctx, c), latest_share(ctx, c)
    sents = _not_yet(ctx, c, "sectors", latest_period(sec["period"]))
    if share is not None:  # its own year beside it
        sents.append(
            ctx.t("industry.share_sentence", year=share[0], name=ctx.name, value=nv.fmt(share[1]))
        )
    if not sec.height:
        return _section(ctx, ctx.t("industry.h.sectors"), sentences=sents)
    chart = charts.build_trend_with_target(
        sec,
        series="series",
        title=ctx.t("industry.sector_chart", name=ctx.name),
        unit="%",
        source=ctx.t("industry.source"),
        lang=ctx.lang,
        description=" ".join(sents) or None,
    )
    out = _section(ctx, ctx.t("industry.h.sectors"), chart, "sector_shares", sec, sents)
    return _flagged(ctx, out, ["va_primary", "va_secondary", "va_tertiary", "va_industry", "gdp"])


def gdp_per_capita(ctx: ReportContext) -> Section | None:
    """Where the region ranks among the provinces in GDP per capita (and in GDP).

    Parameters
    ----------
    ctx : ReportContext
        The report's region, period, language and data folder.
    """
    c = core(ctx)
    bars = per_capita_bars(ctx, c) if c is not None else None
    ranked = pc_rank(ctx, bars) if bars is not None else None
    if c is None or bars is None or ranked is None:
        return None
    what = ctx.indicator_name("gdp_per_capita")
    sents = [nv.rank_sentence(what, ctx.name, c.year, ranked[0], bars.height, lang=ctx.lang)]
    sents += _not_yet(ctx, c, "level", c.level_year)
    if c.rank is not None and c.level_year is not None:  # GDP's rank, in its own year
        sents.append(
            nv.rank_sentence(
                ctx.indicator_name("gdp"),
                ctx.name,
                c.level_year,
                c.rank,
                c.latest.height,
                lang=ctx.lang,
            )
        )
    chart = charts.build_ranking_bars(
        bars,
        title=f"{c.year} {what}",
        unit=ctx.t("industry.pc_unit"),
        source=ctx.t("industry.source"),
        lang=ctx.lang,
        value_format=",.0f",
        description=sents[0],
    )
    return _section(ctx, ctx.t("industry.h.per_capita"), chart, "gdp_per_capita_rank", bars, sents)


def _lq(ctx: ReportContext, c: Core, year: str) -> pl.DataFrame:
    va = sector_va(ctx, c)
    lq = location_quotients(
        va.filter(pl.col("period") == year), c.gdp_all.filter(pl.col("period") == year)
    )
    labels = {
        s: ctx.indicator_name(s).replace("增加值", "").replace("Value added, ", "") for s in SECTORS
    }
    return (
        lq.filter(pl.col("region") == ctx.region)
        .with_columns(
            pl.col("indicator").replace_strict(labels).alias("label"),
            (pl.col("lq") > 1).alias("highlight"),
        )
        .select("label", "indicator", pl.col("lq").alias("value"), "highlight")
    )


def _shift_share_sentence(ctx: ReportContext, c: Core, year: str) -> list[str]:
    va = sector_va(ctx, c)
    first = va.filter(pl.col("region") == ctx.region)["period"].to_list()
    start = min(first, key=Period.parse) if first else None
    if start is None or not before(start, year):
        return []
    ss = shift_share(va, region=ctx.region, start=start, end=year)
    ns, im, ce = (
        nv.amount(v, ctx.t("industry.unit"), lang=ctx.lang)
        for v in ss.select(pl.col("ns", "im", "ce").sum()).row(0)
    )
    return [
        ctx.t("industry.shift_share", start=start, year=year, name=ctx.name, ns=ns, im=im, ce=ce)
    ]


def specialisation(ctx: ReportContext) -> Section | None:
    """Location quotients against the 31 provinces combined, and the shift-share of the change.

    Parameters
    ----------
    ctx : ReportContext
        The report's region, period, language and data folder.
    """
    c = core(ctx)
    year = va_year(ctx, c) if c is not None else None
    lq = _lq(ctx, c, year) if c is not None and year is not None else None
    if c is None or year is None or lq is None or not lq.height:
        return None
    top, whole = lq.sort("value", descending=True).row(0, named=True), ctx.t("industry.whole")
    top_sentence = ctx.t(
        "industry.specialised",
        year=year,
        name=ctx.name,
        label=top["label"],
        lq=f"{top['value']:.2f}",
        whole=whole,
    )
    sents = [*_not_yet(ctx, c, "sectors", year), top_sentence, *_shift_share_sentence(ctx, c, year)]
    chart = charts.build_ranking_bars(
        lq,
        title=ctx.t("industry.lq_chart", name=ctx.name, whole=whole, year=year),
        unit="LQ",
        source=ctx.t("industry.source"),
        lang=ctx.lang,
        value_format=".2f",
        description=sents[0],
    )
    return _section(ctx, ctx.t("industry.h.lq"), chart, "location_quotients", lq, sents)


def _digits(value: float) -> int:
    """Decimals as published: 30 → 0, 4.6 → 1 (the figures table holds at most one)."""
    return 0 if float(value).is_integer() else 1


def _published_line(ctx: ReportContext, c: Core, row: dict[str, Any]) -> str:
    """One published figure with its period; one older than the edition is said to be older."""
    older = before(row["period"], c.year)
    measure = "yoy_pct" if row["measure"] == "yoy_pct" else "share"
    return ctx.t(
        "industry.published_line_older" if older else "industry.published_line",
        what=ctx.indicator_name(row["indicator"]),
        when=format_period(row["period"], ctx.lang),
        edition=format_period(c.year, ctx.lang),
        measure=ctx.t(f"industry.measure.{measure}"),
        value=nv.fmt(row["value"], digits=_digits(row["value"]), qualifier=row["qualifier"]),
    )


def published(ctx: ReportContext) -> Section | None:
    """High-tech manufacturing, strategic emerging industries and 信创, as published.

    Parameters
    ----------
    ctx : ReportContext
        The report's region, period, language and data folder.
    """
    c = core(ctx)
    if c is None:
        return None
    pub, heading = published_rows(ctx, c), ctx.t("industry.h.published")
    if not pub.height:
        what = ctx.t("industry.published_missing")
        return _section(
            ctx, heading, sentences=[nv.missing_sentence(what, ctx.name, lang=ctx.lang)]
        )
    return _section(
        ctx, heading, sentences=[_published_line(ctx, c, r) for r in pub.iter_rows(named=True)]
    )


def notes(ctx: ReportContext) -> Notes:
    """The NBS data (its revision, what 'national' means) and the published figures' sources.

    Parameters
    ----------
    ctx : ReportContext
        The report's region, period, language and data folder.
    """
    c = core(ctx)
    if c is None:
        return Notes([], ctx.lang, next_releases(ctx, "industry"))
    nbs = DataNote(
        title=ctx.t("industry.source"),
        source="data/raw/nbs/*.csv",
        vintage="nbs_revised_5th_census",
        quote="在第五次全国经济普查后，对1992年-2023年地区生产总值历史数据进行了系统修订",
        gaps=ctx.t("industry.nbs_gaps"),
    )
    growth = source_notes(c.published_growth, ctx.t("industry.growth_card"), data_dir=ctx.data_dir)
    pub = source_notes(published_rows(ctx, c), ctx.t("industry.h.published"), data_dir=ctx.data_dir)
    target = _growth_target(ctx, c.year)
    if target is not None:
        quote = str(getattr(target, f"text_{ctx.lang}"))
        pub.append(DataNote(title=target.plan, source=target.source, quote=quote))
    return Notes([nbs, *growth, *pub], ctx.lang, next_releases(ctx, "industry"))


def footer(ctx: ReportContext) -> Footer:
    """Parameters, input hashes, package version and time.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters, data folder and the store sources its sections have read
        so far (call it last).
    """
    return Footer(
        provenance(ctx.parameters(), ctx.data_dir, "industry", sources=ctx.sources_read()), ctx.lang
    )
