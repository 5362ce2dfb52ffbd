"""The digital-economy report as sections: core share (NBS), CAICT scale, the index, pillars.

Each function takes one :class:`~analytics.reports.context.ReportContext`; the notebook has one
cell per section. The accounting section built from a SYNTHETIC firm register is shown only
when the job asks for it (``accounts(ctx, show=synthetic)``).

Examples
--------
>>> from analytics.reports import ReportContext, digital_economy
>>> digital_economy.title(ReportContext(region="120000", lang="en"))
'Tianjin: digital economy'
"""

from __future__ import annotations

import polars as pl

from analytics import charts
from analytics.catalog import get_indicator
from analytics.reports import narrative as nv
from analytics.reports._common import (
    period_date,
    provenance,
    region_names,
    source_notes,
)
from analytics.reports.calendar import next_releases
from analytics.reports.components import Card, DataNote
from analytics.reports.context import ReportContext, section_maker
from analytics.reports.digital_economy._industry import (
    ecommerce,
    online_firms,
    rd_intensity,
    software,
)
from analytics.reports.digital_economy.data import de_index
from analytics.reports.navigation import navigation
from analytics.reports.section import Cards, Footer, Header, Notes, Section
from analytics.stats.periods import latest_period

__all__ = [
    "accounts",
    "caict",
    "cards",
    "core_share",
    "ecommerce",
    "footer",
    "header",
    "headline",
    "index_rank",
    "intensity",
    "intensity_per_person",
    "notes",
    "online_firms",
    "pillars",
    "rd_intensity",
    "software",
    "title",
]


def title(ctx: ReportContext) -> str:
    """``天津数字经济报告`` / ``Tianjin: digital economy``.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    return ctx.t("de.title", name=ctx.name)


_section = section_maker(title)


def _share(ctx: ReportContext) -> pl.DataFrame:
    return ctx.observations("de_core_va_share", [ctx.region, "000000"])


def _targets(ctx: ReportContext) -> tuple[object | None, object | None]:
    ind = get_indicator("de_core_va_share")
    goal = next((t for t in ind.targets if t.region == "000000"), None)
    plan = next((t for t in ind.targets if t.region == ctx.region), None)
    return goal, plan


def _share_card(ctx: ReportContext) -> Card:
    mine = _share(ctx).filter(pl.col("region") == ctx.region)
    label = ctx.t("de.share_card")
    if not mine.height:
        return Card(label, "–", "%", "", status="unknown")
    newest = mine.filter(pl.col("period") == latest_period(mine["period"]))  # as dates
    last, (_, plan) = newest.row(0, named=True), _targets(ctx)
    notes = [ctx.measured(last)] if last.get("period_basis") == "inferred" else []
    notes += [ctx.t("de.share_one_figure")] if mine.height < 4 else []
    return Card(
        label,
        nv.fmt(last["value"]),
        "%",
        last["period"],
        target=ctx.t("de.share_target_plan") if plan else "10% (China)",
        status="unknown",
        note=ctx.t("list.sep").join(notes) or None,
    )


def _index_card(ctx: ReportContext) -> Card | None:
    ix = de_index(ctx)
    if ix.mine is None or ix.scores is None:
        return None
    r, b = ix.mine, ix.band
    band = ctx.t("de.rank_band", lo=f"{b['p05']:.0f}", hi=f"{b['p95']:.0f}") if b else None
    return Card(
        ctx.t("de.index_name"),
        nv.fmt(r["index"]),
        "/100",
        str(ix.year),
        change=ctx.t("de.rank", rank=r["rank"], n=ix.scores.height),
        note=band,
    )


def cards(ctx: ReportContext) -> Cards:
    """The core-industry share (NBS) and the index score with its rank and rank band.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    out = [_share_card(ctx), _index_card(ctx)]
    return Cards([c for c in out if c is not None], ctx.lang)


def header(ctx: ReportContext) -> Header:
    """The title and the headline cards.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    return Header(title(ctx), cards(ctx), "", ctx.lang, navigation(ctx, "digital_economy"))


def headline(ctx: ReportContext) -> str:
    """The headline as plain text: the cell nbval pins.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    return header(ctx).text()


def _share_sentences(ctx: ReportContext) -> list[str]:
    mine = _share(ctx).filter(pl.col("region") == ctx.region)
    if not mine.height:
        return [nv.missing_sentence(ctx.t("de.share_name"), ctx.name, lang=ctx.lang)]
    last, (goal, plan) = mine.row(-1, named=True), _targets(ctx)
    gv = float(getattr(goal, "value", None) or 10) if goal else 10.0
    out = [
        nv.share_vs_goal_sentence(
            ctx.name, last["period"], float(last["value"]), gv, ctx.t("de.goal_name"), lang=ctx.lang
        )
    ]
    if plan:
        n = mine.height
        figures = ctx.t("de.figures_one") if n == 1 else ctx.t("de.figures_n", n=n)
        out.append(
            ctx.t("de.plan_qualitative", text_zh=getattr(plan, "text_zh", ""), n=n, figures=figures)
        )
    return out


def core_share(ctx: ReportContext) -> Section:
    """The core industries' share of GDP (NBS measure) against the national 10% goal.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    share, sents, heading = _share(ctx), _share_sentences(ctx), ctx.t("de.h.core_share")
    if not share.height:
        return _section(ctx, heading, sentences=sents)
    names = {r: ctx.region_name(r) for r in share["region"].unique().to_list()}
    sd = share.with_columns(
        period_date(), pl.col("region").replace_strict(names).alias("series")
    ).select("series", "region", "date", "period", "value")
    goal, _ = _targets(ctx)
    chart = charts.build_trend_with_target(
        sd,
        series="series",
        title=ctx.t("de.share_name"),
        unit="%",
        source=ctx.t("de.share_source"),
        lang=ctx.lang,
        target=float(getattr(goal, "value", None) or 10) if goal else None,
        target_date=f"{getattr(goal, 'year', '')}-12-31" if goal else None,
        target_label=getattr(goal, f"text_{ctx.lang}") if goal else None,
        description=sents[0],
    )
    return _section(ctx, heading, chart, "core_share", sd, sents)


def caict(ctx: ReportContext) -> Section | None:
    """China's digital-economy scale on CAICT's wider measure, kept apart from the NBS one.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    found = ctx.observations("de_scale_share_caict", ["000000"])
    if not found.height:
        return None
    cd = found.with_columns(period_date()).select("date", "period", "value")
    last = found.row(-1, named=True)
    sents = [ctx.t("de.caict_sentence", year=last["period"], value=nv.fmt(last["value"]))]
    chart = charts.build_trend_with_target(
        cd,
        title=ctx.t("de.caict_chart"),
        unit="%",
        source=ctx.t("de.caict_source"),
        lang=ctx.lang,
        description=sents[0],
    )
    return _section(ctx, ctx.t("de.h.caict"), chart, "caict_share", cd, sents)


def _index_sentences(ctx: ReportContext) -> list[str]:
    from analytics.reports.digital_economy._index import size_sentences

    ix, iname = de_index(ctx), ctx.t("de.index_name")
    if ix.mine is None or ix.scores is None or ix.year is None:
        return [nv.missing_sentence(iname, ctx.name, lang=ctx.lang)]
    r, b = ix.mine, ix.band
    out = [
        nv.rank_sentence(
            iname, ctx.name, str(ix.year), int(r["rank"]), ix.scores.height, lang=ctx.lang
        )
    ]
    if b:
        out.append(ctx.t("de.monte_carlo", lo=f"{b['p05']:.0f}", hi=f"{b['p95']:.0f}"))
    if ix.pca_rank is not None:
        out.append(ctx.t("de.pca_rank", name=ctx.name, rank=ix.pca_rank))
    out += size_sentences(
        ix.scores.select("region", pl.col("index").alias("value")),
        ix.obs["indicator"].unique().sort().to_list(),
        int(ix.year),
        ctx.lang,
        ctx.data_dir,
    )
    return [*out, ctx.t("de.pooled")]


def index_rank(ctx: ReportContext) -> Section | None:
    """The index score and rank of every province (Monte Carlo band, PCA rank, size caveat).

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    ix = de_index(ctx)
    if ix.year is None or ix.scores is None:
        return None
    sents = _index_sentences(ctx)
    bars = ix.scores.with_columns(
        region_names(ctx.lang, "label"), (pl.col("region") == ctx.region).alias("highlight")
    ).select("label", "region", pl.col("index").alias("value"), "rank", "highlight")
    chart = charts.build_ranking_bars(
        bars,
        title=f"{ix.year} {ctx.t('de.index_name')}",
        unit="0–100",
        source=ctx.t("de.index_source"),
        lang=ctx.lang,
        description=sents[0],
    )
    return _index_flags(ctx, _section(ctx, ctx.t("de.h.index"), chart, "index_rank", bars, sents))


def _index_flags(ctx: ReportContext, sec: Section, *, here: bool = True) -> Section:
    """Build flags on the region's panel series the index uses: in full here, else a pointer."""
    from analytics.reports._panels import flag_sentences

    found = flag_sentences(ctx, de_index(ctx).obs["indicator"].unique().to_list(), [ctx.region])
    pointer = [ctx.t("de.flags_above", name=ctx.name, n=len(found))] if found else []
    sec.flags = found if here else pointer
    return sec


def intensity(ctx: ReportContext) -> Section | None:
    """The same framework over totals per 亿元 of GDP, beside the size-driven index.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    from analytics.reports.digital_economy._index import intensity_section

    ix = de_index(ctx)
    if ix.year is None:
        return None
    sec = intensity_section(ix.obs, ix.fw, int(ix.year), ctx.region, ctx.lang, ctx.data_dir)
    if sec is None:
        return None
    out = _section(ctx, sec.heading, sec.chart, sec.name, sec.data, sec.sentences)
    return _index_flags(ctx, out, here=False)


def intensity_per_person(ctx: ReportContext) -> Section | None:
    """The same framework over totals per 10,000 residents, beside the size-driven index.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    from analytics.reports.digital_economy._index import per_person_scores, total_indicators

    ix = de_index(ctx)
    found = (
        None if ix.year is None else per_person_scores(ix.obs, ix.fw, int(ix.year), ctx.data_dir)
    )
    if found is None or ix.scores is None:
        return None
    scores, years = found
    bars = (
        scores.with_columns(
            region_names(ctx.lang, "label"), (pl.col("region") == ctx.region).alias("highlight")
        )
        .select("label", "region", "value", "rank", "highlight")
        .sort("rank")
    )
    mine, size = bars.filter(pl.col("region") == ctx.region), ix.mine or {}
    n_total = len(total_indicators(ix.obs["indicator"].unique().to_list()))
    sents = [ctx.t("de.pp_method", span=f"{years[0]}–{years[-1]}")]
    if mine.height:
        ranks = {"n": bars.height, "rank": mine["rank"].item(), "size_rank": size.get("rank", "–")}
        sents.insert(0, ctx.t("de.pp_rank", n_total=n_total, name=ctx.name, **ranks))
    chart = charts.build_ranking_bars(
        bars,
        title=ctx.t("de.pp_chart", year=ix.year),
        unit="0–100",
        source=ctx.t("de.pp_source"),
        lang=ctx.lang,
        description=sents[0],
    )
    sec = _section(ctx, ctx.t("de.h.per_person"), chart, "index_per_person", bars, sents)
    return _index_flags(ctx, sec, here=False)


def _profile(ctx: ReportContext) -> pl.DataFrame:
    ix = de_index(ctx)
    assert ix.fw is not None and ix.result is not None
    names = {n.id: getattr(n, f"name_{ctx.lang}") for n in ix.fw.nodes if n.parent == "dedi"}
    return (
        ix.result.to_frame()
        .filter(
            pl.col("node").is_in(list(names))
            & (pl.col("year") == ix.year)
            & pl.col("region").is_in(ctx.regions)
        )
        .with_columns(
            pl.col("node").replace_strict(names).alias("pillar"), region_names(ctx.lang, "series")
        )
        .select("pillar", "series", "region", "value")
        .sort("pillar", "region")
    )


def pillars(ctx: ReportContext) -> Section | None:
    """The index's pillars for the region and its peers (the same handbook index).

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    ix = de_index(ctx)
    if ix.year is None:
        return None
    prof, sents = _profile(ctx), []
    mine = prof.filter(pl.col("region") == ctx.region)
    if mine.height:
        best = mine.sort("value", descending=True).row(0, named=True)
        sents.append(
            ctx.t(
                "de.best_pillar",
                year=ix.year,
                name=ctx.name,
                pillar=best["pillar"],
                value=nv.fmt(best["value"]),
            )
        )
    absent = [ctx.region_name(p) for p in ctx.regions if p not in prof["region"].to_list()]
    if absent:
        sents.append(ctx.t("de.not_in_panel", names=ctx.t("list.sep").join(absent)))
    chart = charts.build_pillar_profile(
        prof,
        title=ctx.t("de.pillar_chart", year=ix.year),
        unit="0–100",
        source=ctx.t("de.index_source"),
        lang=ctx.lang,
        description=sents[0] if sents else None,
        colors=charts.region_colors({c: ctx.region_name(c) for c in ctx.regions}),
    )
    return _index_flags(
        ctx, _section(ctx, ctx.t("de.h.pillars"), chart, "pillars", prof, sents), here=False
    )


def accounts(ctx: ReportContext, *, show: bool = False) -> Section | None:
    """The accounting breakdown from the SYNTHETIC register: only when a job asks (``show``).

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    show : bool
        Build the section; False (the default) returns None (a job passes ``show=synthetic``).
    """
    if not show:
        return None
    from analytics.reports.digital_economy._accounts import synthetic_section

    return synthetic_section(ctx, title(ctx))


def notes(ctx: ReportContext, *, synthetic: bool = False) -> Notes:
    """Sources of the core share and the CAICT figures, the index's panel, the synthetic note.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    synthetic : bool
        Add the note on the SYNTHETIC firm register (when the accounts section is shown).
    """
    out = source_notes(_share(ctx), ctx.t("de.share_name"), data_dir=ctx.data_dir)
    found = ctx.observations("de_scale_share_caict", ["000000"])
    out += source_notes(found, ctx.t("de.caict_note"), data_dir=ctx.data_dir)
    ix = de_index(ctx)
    if ix.year is not None:
        out.append(
            DataNote(
                title=ctx.t("de.index_name"),
                source=(
                    "data/raw/research/panel_data.xlsx; data/catalog/frameworks/dedi_handbook.yaml"
                ),
                vintage="research_panel_2013_2022",
                gaps=ix.pca.note,
            )
        )
    from analytics.reports.digital_economy._industry import data_notes

    out += data_notes(ctx)
    if ix.year is not None:  # the per-person index's denominator: NBS GDP ÷ GDP per capita
        out.append(
            DataNote(
                title=ctx.t("de.pp_source"),
                source="data/raw/nbs/",
                vintage="nbs_revised_5th_census",
            )
        )
    if synthetic:
        from analytics.reports.digital_economy._accounts import synthetic_note

        out.append(synthetic_note(ctx))
    return Notes(out, ctx.lang, next_releases(ctx, "digital_economy"))


def footer(ctx: ReportContext) -> Footer:
    """Parameters, input hashes (the store, the catalog, the research panel), version, time.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    return Footer(
        provenance(ctx.parameters(), ctx.data_dir, "digital_economy", sources=ctx.sources_read()),
        ctx.lang,
    )
