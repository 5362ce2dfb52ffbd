"""The plan scorecard: did the region reach what its plan promised? One page, target by target.

Sections over one :class:`~analytics.reports.plan.data.ScorecardContext` (the report parameters plus
``plan`` and ``as_of``): the verdict in one sentence, a table by area (baseline, target, latest
figure with its date and age, status, source), the trajectory of every target with milestones,
progress from baseline to target, whom to ask next, what is missing to judge the rest, and the
plan's own starting figures. Rules: :mod:`analytics.stats.scorecard` and ``docs/scorecard.md``.
Every section is None when no target applies.

Examples
--------
>>> from analytics.reports import plan
>>> ctx = plan.ScorecardContext(region="120000", lang="en", as_of="2025-12-31")
>>> plan.title(ctx), plan.targets(ctx).heading
('Tianjin smart-city plan, 14th Five-Year Plan period: scorecard', 'Target by target')
"""

from __future__ import annotations

from typing import Any

import polars as pl

from analytics import charts
from analytics.catalog import Plan
from analytics.reports._common import provenance
from analytics.reports.calendar import next_releases
from analytics.reports.components import Card, Status
from analytics.reports.messages import pick
from analytics.reports.navigation import navigation
from analytics.reports.plan import _cells, _next
from analytics.reports.plan.data import (
    NoPlanError,
    Scorecard,
    ScorecardContext,
    plans_of,
    scorecard,
)
from analytics.reports.section import Cards, Cell, Footer, Header, Notes, Section, Sections, Table
from analytics.reports.sources import vintage_label

__all__ = [
    "NoPlanError",
    "ScorecardContext",
    "cards",
    "footer",
    "header",
    "headline",
    "missing",
    "next_steps",
    "notes",
    "plans_of",
    "progress",
    "starting_point",
    "summary",
    "targets",
    "title",
    "trajectory",
]


def title(ctx: ScorecardContext) -> str:
    """``天津：天津市智慧城市建设“十四五”规划 目标评估`` / ``<plan title>: scorecard``.

    Parameters
    ----------
    ctx : ScorecardContext
        The report's parameters and store, with the plan and the evaluation date (``as_of``).
    """
    plans = scorecard(ctx).plans
    label = plans[0].title(ctx.lang) if len(plans) == 1 else ctx.t("plan.targets_label")
    own = len(plans) == 1 and ctx.region in plans[0].regions
    return ctx.t("plan.title_own" if own else "plan.title", name=ctx.name, label=label)


def _scored(ctx: ScorecardContext) -> Scorecard | None:
    """The scorecard, or None when no target applies (every section is then left out)."""
    sc = scorecard(ctx)
    return None if sc.scored.is_empty() else sc


def _own(ctx: ScorecardContext, sec: Section) -> Section:
    """``sec`` in the report's language, its chart CSV naming the report, region and period."""
    sec.lang, sec.csv_header = ctx.lang, ctx.csv_header(title(ctx))
    return sec


def cards(ctx: ScorecardContext) -> Cards:
    """The verdict counts, then one card per target with a figure (value, target, status).

    Parameters
    ----------
    ctx : ScorecardContext
        The report's parameters and store, with the plan and the evaluation date (``as_of``).
    """
    sc = _scored(ctx)
    if sc is None:
        return Cards([], ctx.lang)
    own = sc.scored.filter(pl.col("kind") == "plan")
    out = []
    if not own.is_empty():
        met = _next.verdict_counts(sc.scored)["met"]
        status: Status = "achieved" if met == own.height else "unknown"
        out.append(
            Card(
                ctx.t("plan.count_card"),
                _next.verdict_text(sc.scored, ctx.lang),
                "",
                str(max(p.end for p in sc.plans)),
                status=status,
                note=ctx.t("plan.grades", **_next.grade_counts(sc.scored)),
            )
        )
    found = sc.scored.filter(pl.col("latest_value").is_not_null())
    return Cards(out + [_cells.figure_card(ctx, r) for r in found.iter_rows(named=True)], ctx.lang)


def _subtitle(ctx: ScorecardContext) -> str:
    """Each plan period once, the evaluation date and the publication cut-off."""
    sc = scorecard(ctx)
    periods = [ctx.t("plan.period", start=q.start, end=q.end) for q in sc.plans]
    periods = [
        ctx.t("plan.numbered", number=q.number, period=p) if q.number else p
        for q, p in zip(sc.plans, periods, strict=True)
    ]
    # each plan period once (three national plans of 2021–2025 say it once)
    text = ctx.t(
        "plan.evaluated",
        periods=ctx.t("plan.sep_periods").join(dict.fromkeys(periods)),
        stamp=sc.when.isoformat(),
        known=sc.known_by.isoformat(),
    )
    p = sc.plans[0]
    if ctx.region not in p.regions:
        text += ctx.t("plan.not_own", name=ctx.region_name(p.region))
    return text


def header(ctx: ScorecardContext) -> Header:
    """The title, the plan periods and evaluation date, and the headline cards.

    Parameters
    ----------
    ctx : ScorecardContext
        The report's parameters and store, with the plan and the evaluation date (``as_of``).
    """
    return Header(title(ctx), cards(ctx), _subtitle(ctx), ctx.lang, navigation(ctx, "plan"))


def headline(ctx: ScorecardContext) -> str:
    """The headline as plain text: the cell nbval pins.

    Parameters
    ----------
    ctx : ScorecardContext
        The report's parameters and store, with the plan and the evaluation date (``as_of``).
    """
    return header(ctx).text()


def summary(ctx: ScorecardContext) -> Section | None:
    """The verdict counts (met · missed · no data), the grades they rest on, the final verdicts.

    Parameters
    ----------
    ctx : ScorecardContext
        The report's parameters and store, with the plan and the evaluation date (``as_of``).
    """
    sc = _scored(ctx)
    if sc is None:
        return None
    titles = ctx.t("list.semi").join(
        ctx.t("plan.quoted", title=p.title(ctx.lang)) for p in sc.plans
    )
    n = sc.scored.filter(pl.col("kind") == "plan").height
    text = [
        ctx.t(
            "plan.count_sentence",
            name=ctx.name,
            plans=titles,
            n=n,
            count=_next.verdict_text(sc.scored, ctx.lang),
        ),
        ctx.t("plan.grades", **_next.grade_counts(sc.scored)),
    ]
    if sc.scored["final"].is_not_null().any():
        text.append(ctx.t("plan.ended", year=max(p.end for p in sc.plans)))
    for p in sc.plans:
        if p.targets_source.get("secondary"):
            ts = p.targets_source
            label = ts.get(f"label_{ctx.lang}") or ts.get("title", "")
            text.append(ctx.t("plan.secondary_targets", label=label))
    return _own(ctx, Section(ctx.t("plan.h.summary"), name="headline", sentences=text))


def _plan_rows(
    ctx: ScorecardContext,
    scored: pl.DataFrame,
    plan: Plan,
    rows: list[list[Cell]],
    classes: list[list[str]],
) -> None:
    for area in plan.areas:
        part = scored.filter(pl.col("area") == area.id)
        if part.is_empty():
            continue
        rows.append([f"§ {area.name(ctx.lang)}"])
        classes.append([])
        for r in part.iter_rows(named=True):
            name = _cells.row_text(r, "name", ctx.lang)
            if r["kind"] == "national":
                name += ctx.t("plan.national_suffix")
            rows.append(
                [
                    name,
                    _cells.baseline_text(ctx, r),
                    _cells.target_text(ctx, r),
                    _cells.latest_text(ctx, r),
                    _cells.status_text(ctx, r),
                    _cells.ref_link(str(r["target_ref"]), plan, ctx.lang),
                ]
            )
            classes.append(["", "", "", "", f"an-status-{r['status']}", ""])


def targets(ctx: ScorecardContext) -> Section | None:
    """Every target by plan and area: baseline, target, latest figure, status, source.

    Parameters
    ----------
    ctx : ScorecardContext
        The report's parameters and store, with the plan and the evaluation date (``as_of``).
    """
    sc = _scored(ctx)
    if sc is None:
        return None
    rows: list[list[Cell]] = []
    classes: list[list[str]] = []
    for plan in sc.plans:
        if len(sc.plans) > 1:
            rows.append([ctx.t("plan.h.plan", title=plan.title(ctx.lang))])
            classes.append([])
        _plan_rows(ctx, sc.scored.filter(pl.col("plan") == plan.id), plan, rows, classes)
    head = [ctx.t(f"plan.col.{c}") for c in ("indicator", "baseline", "target", "latest")]
    head += [ctx.t("plan.col.status"), ctx.t("word.source")]
    table = Table(head, rows, classes)
    return _own(ctx, Section(ctx.t("plan.h.targets"), name="targets", table=table))


def trajectory(ctx: ScorecardContext) -> Sections | None:
    """Baseline → milestones → target for every target with milestones, one section each.

    Parameters
    ----------
    ctx : ScorecardContext
        The report's parameters and store, with the plan and the evaluation date (``as_of``).
    """
    sc = _scored(ctx)
    if sc is None:
        return None
    found = _next.trajectory(sc.scored, sc.figures, sc.milestones, ctx.lang)
    return Sections([_own(ctx, s) for s in found])


def _progress_sentence(ctx: ScorecardContext, r: dict[str, Any]) -> str:
    # rounded once, from the unrounded shares (95.45 % is 95, never 95.5 → 96)
    done, gone = float(r["progress_pct"]), float(r["elapsed_pct"])
    return ctx.t(
        "plan.progress_sentence",
        label=r["label"],
        when=_cells.measured_text(ctx, r),
        done=f"{done:.0f}",
        gone=f"{gone:.0f}",
    )


def _bases_sentence(ctx: ScorecardContext, r: dict[str, Any]) -> str:
    """Why no progress is shown: the baseline and the latest figure are on different bases."""
    return ctx.t(
        "plan.bases_sentence",
        label=_cells.row_text(r, "name", ctx.lang),
        year=r["baseline_year"],
        base=vintage_label(str(r["baseline_vintage"]), ctx.lang),
        when=_cells.measured_text(ctx, r),
        latest=vintage_label(str(r["latest_vintage"]), ctx.lang),
    )


def progress(ctx: ScorecardContext) -> Section | None:
    """Progress from the 2020 baseline to the target for every measurable numeric target.

    Parameters
    ----------
    ctx : ScorecardContext
        The report's parameters and store, with the plan and the evaluation date (``as_of``).
    """
    sc = _scored(ctx)
    if sc is None:
        return None
    meas = sc.scored.filter(pl.col("progress_pct").is_not_null())
    apart = sc.scored.filter(pl.col("progress_note") == "bases_differ")
    apart_text = [_bases_sentence(ctx, r) for r in apart.iter_rows(named=True)]
    heading = ctx.t("plan.h.progress")
    if meas.is_empty():
        return (
            _own(ctx, Section(heading, name="progress", sentences=apart_text))
            if apart_text
            else None
        )
    label = pl.col(f"name_{ctx.lang}").alias("label")
    text = [_progress_sentence(ctx, r) for r in meas.with_columns(label).iter_rows(named=True)]
    data = meas.select(
        label, pl.col("progress_pct").round(1), pl.col("elapsed_pct").round(1), "latest_period"
    )
    chart = charts.build_progress_bars(
        data,
        title=ctx.t("plan.progress_chart"),
        unit="%",
        source=ctx.t("plan.progress_source"),
        lang=ctx.lang,
        description=text[0],
    )
    return _own(ctx, Section(heading, chart, "progress", data, text + apart_text))


def next_steps(ctx: ScorecardContext) -> Section | None:
    """Whom to ask for each target without evidence, and what would replace a secondary figure.

    Parameters
    ----------
    ctx : ScorecardContext
        The report's parameters and store, with the plan and the evaluation date (``as_of``).
    """
    sc = _scored(ctx)
    found = _next.next_steps(sc.scored, ctx.lang) if sc is not None else None
    return _own(ctx, found) if found is not None else None


def _words_sentences(ctx: ScorecardContext, words: pl.DataFrame, plan: Plan) -> list[str]:
    """The evidence on file for each target in words, and why its figures cannot judge it."""
    evidence = {i.id: i.evidence for i in (*plan.indicators, *plan.national)}
    text = []
    for r in words.iter_rows(named=True):
        name = _cells.row_text(r, "name", ctx.lang)
        text += [
            ctx.t("plan.evidence", name=name, date=e.date, text=e.text)
            for e in evidence.get(r["id"], ())
        ]
        n = int(r["n_figures"])
        if n:
            key = "plan.words_one" if n == 1 else "plan.words_many"
            text.append(
                ctx.t(key, name=name, n=n, target=_cells.row_text(r, "target_text", ctx.lang))
            )
    return text


def missing(ctx: ScorecardContext) -> Section | None:
    """What is missing to judge the rest: targets with no figure, targets in words.

    Parameters
    ----------
    ctx : ScorecardContext
        The report's parameters and store, with the plan and the evaluation date (``as_of``).
    """
    sc = _scored(ctx)
    if sc is None:
        return None
    nodata = sc.scored.filter(pl.col("status") == "not_measurable")
    text = []
    if nodata.height:
        names = ctx.t("list.semi").join(nodata[f"name_{ctx.lang}"].to_list())
        text.append(ctx.t("plan.missing_nodata", n=nodata.height, names=names))
    text += _words_sentences(ctx, sc.scored.filter(pl.col("status") == "qualitative"), sc.plans[0])
    if not text:
        return None
    return _own(ctx, Section(ctx.t("plan.h.missing"), name="missing", sentences=text))


def _starting_point(ctx: ScorecardContext, plan: Plan) -> Section | None:
    """The figures the plan reports for the end of the 13th FYP (no 2025 target found)."""
    if not plan.context:
        return None
    rows: list[list[Cell]] = []
    for area in plan.areas:
        items = [c for c in plan.context if c.area == area.id]
        if items:
            rows.append([f"§ {area.name(ctx.lang)}"])
        for c in items:
            unit = pick(ctx.lang, zh=c.unit, en=c.unit_en)
            value = _next.value_text(c.value, unit, ctx.lang, qualifier=c.qualifier)
            rows.append([pick(ctx.lang, zh=c.name_zh, en=c.name_en), value, str(c.year), c.quote])
    head = [ctx.t(f"plan.ctx.{c}") for c in ("indicator", "end13", "year", "quote")]
    sec = Section(
        ctx.t("plan.h.context"),
        name="context",
        sentences=[ctx.t("plan.ctx.text")],
        table=Table(head, rows),
    )
    return _own(ctx, sec)


def starting_point(ctx: ScorecardContext) -> Sections | None:
    """Each plan's starting figures (the end of the 13th FYP), where the plan reports them.

    Parameters
    ----------
    ctx : ScorecardContext
        The report's parameters and store, with the plan and the evaluation date (``as_of``).
    """
    if _scored(ctx) is None:
        return None
    found = [_starting_point(ctx, q) for q in scorecard(ctx).plans]
    return Sections([s for s in found if s is not None])


def notes(ctx: ScorecardContext) -> Notes:
    """The plans' own sources, then the source of every baseline and latest figure.

    Parameters
    ----------
    ctx : ScorecardContext
        The report's parameters and store, with the plan and the evaluation date (``as_of``).
    """
    sc = _scored(ctx)
    if sc is None:
        return Notes([], ctx.lang, next_releases(ctx, "plan"))
    out = [n for q in sc.plans for n in _cells.plan_notes(ctx, q)]
    notes = out + _cells.figure_notes(ctx, sc.scored, sc.plans[0])
    return Notes(notes, ctx.lang, next_releases(ctx, "plan"))


def footer(ctx: ScorecardContext) -> Footer:
    """Parameters, input hashes (the store, the catalog with the plans), version and time.

    Parameters
    ----------
    ctx : ScorecardContext
        The report's parameters and store, with the plan and the evaluation date (``as_of``).
    """
    return Footer(
        provenance(ctx.parameters(), ctx.data_dir, "plan", sources=ctx.sources_read()), ctx.lang
    )
