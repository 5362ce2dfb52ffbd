"""The monthly bulletin: for the region, each indicator of ``data/catalog/monthly.yaml``.

Each section shows the indicator's latest month, its year-on-year change, the year to date where
the measure allows (a flow's months summed with :func:`analytics.stats.cumulative.single_to_ytd`;
a price index is not summed), the last 24 months beside China's, and the provinces' ranking.
Every function takes one :class:`~analytics.reports.context.ReportContext`; the notebook has one
cell per section.

Examples
--------
>>> from analytics.reports import ReportContext, monthly
>>> ctx = ReportContext(region="120000", lang="en")
>>> monthly.title(ctx)
'Tianjin: monthly bulletin'
>>> monthly.indicator(ctx, "cpi_monthly").sentences[0][:54]
'Tianjin, February 2020: Consumer price index 103.8 (sa'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from analytics import charts
from analytics.reports import narrative as nv
from analytics.reports._common import provenance, source_notes
from analytics.reports.calendar import next_releases
from analytics.reports.components import Card
from analytics.reports.context import ReportContext, section_maker
from analytics.reports.monthly.data import (
    Item,
    MonthFigures,
    bulletin_month,
    figures,
    get_item,
    items,
    ranking,
    series,
    window,
)
from analytics.reports.navigation import navigation
from analytics.reports.section import Cards, Footer, Header, Notes, Section
from analytics.stats.periods import format_period

if TYPE_CHECKING:  # pragma: no cover
    import altair as alt

__all__ = ["cards", "footer", "header", "headline", "indicator", "notes", "provinces", "title"]


def title(ctx: ReportContext) -> str:
    """``天津月度数据简报`` / ``Tianjin: monthly bulletin``.

    None when the indicator has no value for the region (its section says so).

    Parameters
    ----------
    ctx
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).

    Returns
    -------
    str
        The title in the report's language.
    """
    return ctx.t("monthly.title", name=ctx.name)


_section = section_maker(title)


def _what(ctx: ReportContext, item: Item) -> str:
    """The indicator's name without the index base its unit already says."""
    name = ctx.indicator_name(item.id)
    return name.replace("(上年同月=100)", "").replace(" (same month of previous year = 100)", "")


def _change(ctx: ReportContext, value: float | None, key: str = "monthly.change_words") -> str:
    """``同比上涨3.8%`` / ``prices up 3.8% on a year earlier``."""
    if value is None:
        return ""
    if value == 0:
        return ctx.t("monthly.change_flat")
    word = ctx.t("monthly.up" if value > 0 else "monthly.down")
    return ctx.t(key, word=word, value=nv.fmt(abs(value)))


def _card(ctx: ReportContext, item: Item) -> Card | None:
    f = figures(ctx, item)
    if f is None or f.value is None:
        return None
    ranked = ranking(ctx, item, f.month)
    mine = ranked.filter(pl.col("highlight"))
    note = None
    if mine.height:
        note = ctx.t("monthly.rank_card", rank=mine["rank"][0], n=ranked.height)
    change = _change(ctx, f.change, "monthly.change_card") or None
    value = nv.fmt(f.value, digits=1 if item.measure == "index_prev_year_100" else 0)
    unit = ctx.t("monthly.card_unit_index") if item.measure == "index_prev_year_100" else None
    return Card(
        _what(ctx, item), value, unit or _unit(ctx, item), f.month, change=change, note=note
    )


def _unit(ctx: ReportContext, item: Item) -> str:
    """The catalog's unit of the indicator, in the report's language."""
    from analytics.catalog import get_indicator

    ind = get_indicator(item.id)
    unit: str = getattr(ind, f"unit_{ctx.lang}", ind.unit)  # unit_en; the Chinese is `unit`
    return unit


def cards(ctx: ReportContext) -> Cards:
    """The latest month of each indicator marked ``card: true``, its change and rank.

    Parameters
    ----------
    ctx
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).

    Returns
    -------
    Cards
        One card per indicator with ``card: true`` that has a value.
    """
    made = [_card(ctx, i) for i in items() if i.card]
    return Cards([c for c in made if c is not None], ctx.lang)


def header(ctx: ReportContext) -> Header:
    """The title, ``data up to <month>`` and the headline cards.

    Parameters
    ----------
    ctx
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).

    Returns
    -------
    Header
        Title, subtitle and cards.
    """
    month = bulletin_month(ctx)
    if month is None:
        when = "" if ctx.period == "latest" else ctx.t("monthly.when", when=ctx.period)
        sub = ctx.t("monthly.subtitle_none", name=ctx.name, when=when)
    else:
        sub = ctx.t("monthly.subtitle", month=format_period(month, ctx.lang))
    return Header(title(ctx), cards(ctx), sub, ctx.lang, navigation(ctx, "monthly"))


def headline(ctx: ReportContext) -> str:
    """The headline as plain text: the cell nbval pins.

    Parameters
    ----------
    ctx
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).

    Returns
    -------
    str
        The title and one line per card.
    """
    return header(ctx).text()


def _sentences(ctx: ReportContext, item: Item, f: MonthFigures) -> list[str]:
    """The latest month, its change, whether it is older than the bulletin's, the year to date."""
    when, what = format_period(f.month, ctx.lang), _what(ctx, item)
    if item.measure == "index_prev_year_100":
        out = [
            ctx.t(
                "monthly.index_sentence",
                when=when,
                name=ctx.name,
                what=what,
                value=nv.fmt(f.value),
                change=_change(ctx, f.change),
            )
        ]
    else:
        change = _change(ctx, f.change, "monthly.level_change")
        out = [
            ctx.t(
                "monthly.level_sentence",
                when=when,
                name=ctx.name,
                what=what,
                value=nv.fmt(f.value, digits=0),
                unit=_unit(ctx, item),
                change=change,
            )
        ]
    month = bulletin_month(ctx)
    if month is not None and f.month != month:
        out.append(
            ctx.t("monthly.older", what=what, when=when, month=format_period(month, ctx.lang))
        )
    if item.measure == "index_prev_year_100":
        return [*out, ctx.t("monthly.ytd_index")]
    if f.ytd is None:
        return [*out, ctx.t("monthly.ytd_gap")]
    if item.measure == "ytd":
        return [
            *out,
            ctx.t(
                "monthly.ytd_stored",
                when=when,
                value=nv.fmt(f.ytd, digits=0),
                unit=_unit(ctx, item),
            ),
        ]
    since = format_period(f.ytd_from or f.month, ctx.lang)
    return [
        *out,
        ctx.t(
            "monthly.ytd",
            since=since,
            when=when,
            value=nv.fmt(f.ytd, digits=0),
            unit=_unit(ctx, item),
        ),
    ]


def _trend(
    ctx: ReportContext, item: Item, f: MonthFigures, sentences: list[str]
) -> tuple[alt.TopLevelMixin, pl.DataFrame]:
    """The 24-month chart: the change of a price index, the level of a flow; China beside."""
    index = item.measure == "index_prev_year_100"
    data = window(ctx, item, end=f.month).with_columns(
        (pl.col("change") if index else pl.col("value")).alias("shown")
    )
    unit = ctx.t("monthly.trend_unit_index") if index else _unit(ctx, item)
    chart = charts.build_trend_with_target(
        data,
        y="shown",
        series="series",
        title=ctx.t("monthly.trend_chart", what=_what(ctx, item)),
        unit=unit,
        source=ctx.t("monthly.source"),
        lang=ctx.lang,
        description=sentences[0],
        value_format="," if index else ",.0f",
        colors=charts.region_colors(_legend(data, ctx.region)),
    )
    return chart, data


def _legend(data: pl.DataFrame, region: str) -> dict[str, str]:
    """The chart's regions, code → name, the report's first and the others by code.

    The legend's order (a bare ``unique()`` gave "天津, 全国" in one run, "全国, 天津" in the next).

    Examples
    --------
    >>> df = pl.DataFrame({"region": ["000000", "120000"], "series": ["全国", "天津"]})
    >>> _legend(df, "120000")
    {'120000': '天津', '000000': '全国'}
    """
    pairs = data.select("region", "series").unique()
    return dict(pairs.sort(pl.col("region") != region, "region").iter_rows())


def provinces(ctx: ReportContext, indicator_id: str) -> Section | None:
    """The provinces ranked by the year-on-year change in the indicator's latest month.

    None when the indicator has no value for the region (its section says so).

    Parameters
    ----------
    ctx
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    indicator_id
        A catalog id listed in ``data/catalog/monthly.yaml``.

    Returns
    -------
    Section or None
        The ranking chart (a sentence when there are no provincial figures).
    """
    item = get_item(indicator_id)
    f = figures(ctx, item)
    if f is None or f.value is None:
        return None
    ranked, what = ranking(ctx, item, f.month), _what(ctx, item)
    heading, when = ctx.t("monthly.h.provinces", what=what), format_period(f.month, ctx.lang)
    if not ranked.height:
        return _section(ctx, heading, sentences=[ctx.t("monthly.rank_none", what=what)])
    mine = ranked.filter(pl.col("highlight"))
    if mine.height:
        words = ctx.t(
            "monthly.rank_sentence",
            when=when,
            name=ctx.name,
            what=what,
            n=ranked.height,
            rank=mine["rank"][0],
        )
    else:
        top, bottom = ranked.row(0, named=True), ranked.row(-1, named=True)
        words = ctx.t(
            "monthly.rank_national",
            when=when,
            n=ranked.height,
            top=top["label"],
            top_value=nv.fmt(top["value"]),
            bottom=bottom["label"],
            bottom_value=nv.fmt(bottom["value"]),
        )
    chart = charts.build_ranking_bars(
        ranked,
        title=ctx.t("monthly.rank_chart", when=when, what=what),
        unit="%",
        source=ctx.t("monthly.source"),
        lang=ctx.lang,
        description=words,
    )
    return _section(ctx, heading, chart, f"{item.id}_provinces", ranked, [words])


def indicator(ctx: ReportContext, indicator_id: str) -> Section:
    """One monthly indicator: latest month, change, year to date, 24 months, the provinces.

    Parameters
    ----------
    ctx
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    indicator_id
        A catalog id listed in ``data/catalog/monthly.yaml``.

    Returns
    -------
    Section
        Its sentences and 24-month chart, or a sentence saying what is missing.
    """
    item, what = get_item(indicator_id), _what(ctx, get_item(indicator_id))
    f = figures(ctx, item)
    if f is None or f.value is None:
        return _section(ctx, what, sentences=[nv.missing_sentence(what, ctx.name, lang=ctx.lang)])
    sentences = _sentences(ctx, item, f)
    chart, data = _trend(ctx, item, f, sentences)
    return _section(ctx, what, chart, f"{item.id}_24_months", data, sentences)


def notes(ctx: ReportContext) -> Notes:
    """The monthly exports used, with their notes and vintages, and how gaps are kept.

    Parameters
    ----------
    ctx
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).

    Returns
    -------
    analytics.reports.section.Notes
        One note per export used.
    """
    used = pl.concat([series(ctx, i).select("source", "vintage") for i in items()]).unique()
    return Notes(
        source_notes(
            used, ctx.t("monthly.source"), data_dir=ctx.data_dir, gaps=ctx.t("monthly.gaps")
        ),
        ctx.lang,
        next_releases(ctx, "monthly"),
    )


def footer(ctx: ReportContext) -> Footer:
    """Parameters, input hashes, package version and time.

    Parameters
    ----------
    ctx
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).

    Returns
    -------
    Footer
        The provenance footer.
    """
    return Footer(
        provenance(ctx.parameters(), ctx.data_dir, "monthly", sources=ctx.sources_read()), ctx.lang
    )
