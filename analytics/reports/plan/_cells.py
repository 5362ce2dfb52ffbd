"""The words of the scorecard's cells, cards and notes: one target row as a reader sees it."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from analytics._typing import Lang
from analytics.catalog import Plan
from analytics.reports import narrative as nv
from analytics.reports.components import Card, DataNote
from analytics.reports.messages import pick
from analytics.reports.plan import _next
from analytics.reports.plan.data import ScorecardContext
from analytics.reports.sources import public_source
from analytics.reports.when import age_text, measured

__all__ = [
    "baseline_text",
    "figure_card",
    "figure_notes",
    "latest_text",
    "measured_text",
    "plan_notes",
    "ref_link",
    "row_text",
    "status_text",
    "target_text",
    "unit_of",
]


def row_text(r: dict[str, Any], field: str, lang: Lang) -> str:
    return str(r[f"{field}_{lang}"])


def unit_of(r: dict[str, Any], lang: Lang) -> str:
    return str(pick(lang, zh=r["unit"], en=r["unit_en"]))


def target_text(ctx: ScorecardContext, r: dict[str, Any]) -> str:
    if r["target_value"] is None:
        value = row_text(r, "target_text", ctx.lang)
    else:
        value = _next.value_text(
            r["target_value"],
            unit_of(r, ctx.lang),
            ctx.lang,
            qualifier=r["target_qualifier"],
        )
    return ctx.t("plan.with_year", value=value, year=r["target_year"])


def baseline_text(ctx: ScorecardContext, r: dict[str, Any]) -> str:
    if r["baseline_value"] is not None:
        return _next.value_text(r["baseline_value"], unit_of(r, ctx.lang), ctx.lang)
    return row_text(r, "baseline_text", ctx.lang) or ctx.t("plan.not_found")


def measured_text(ctx: ScorecardContext, r: dict[str, Any]) -> str:
    published = r.get("latest_published")
    return measured(
        str(r["latest_period"]),
        str(r.get("latest_basis") or "stated"),
        published if isinstance(published, date) else None,
        ctx.lang,
    )


def latest_text(ctx: ScorecardContext, r: dict[str, Any]) -> str:
    if r["latest_value"] is None:
        return ctx.t("plan.no_data")
    value = _next.value_text(
        r["latest_value"],
        unit_of(r, ctx.lang),
        ctx.lang,
        qualifier=r["latest_qualifier"],
    )
    age = age_text(int(r["age_months"]), str(r["age_at"]), ctx.lang)
    return ctx.t("plan.latest_cell", value=value, when=measured_text(ctx, r), age=age)


def status_text(ctx: ScorecardContext, r: dict[str, Any]) -> str:
    text = ctx.t(f"status.{r['status']}")
    if r["final"] is not None and r["status"] not in ("achieved", "not_achieved", "no_data"):
        text += ctx.t("plan.final_cell", final=ctx.t(f"plan.final.{r['final']}"))
    if r.get("latest_grade"):  # the grade of the figure the verdict rests on, beside it
        text += ctx.t("plan.grade_cell", grade=ctx.t(f"plan.grade.{r['latest_grade']}"))
    return text


def ref_link(ref: str, plan: Plan, lang: Lang) -> tuple[str, str]:
    if "plan_targets" in ref:  # the targets' own (secondary) source
        ts = plan.targets_source
        return (str(ts.get(f"label_{lang}") or ts.get("title", "")), str(ts.get("url", "")))
    if "plan_text" in ref:
        return (plan.source.get("title", plan.title(lang)), str(plan.source.get("url", "")))
    found, url = public_source(ref, lang)
    return (found or ref, url)


def figure_card(ctx: ScorecardContext, r: dict[str, Any]) -> Card:
    status = {"qualitative": "unknown", "not_measurable": "unknown", "no_data": "unknown"}.get(
        str(r["status"]), r["status"]
    )
    value = float(r["latest_value"])
    return Card(
        row_text(r, "name", ctx.lang),
        nv.fmt(
            value,
            digits=0 if value.is_integer() else 1,  # 34.4, not 34
            qualifier=r["latest_qualifier"],
        ),
        unit_of(r, ctx.lang),
        str(r["latest_period"]),
        target=target_text(ctx, r),
        status=status,
        note=measured_text(ctx, r) if r.get("latest_basis") == "inferred" else None,
    )


def figure_notes(ctx: ScorecardContext, scored: pl.DataFrame, plan: Plan) -> list[DataNote]:
    """One note per figure used: the baselines' and the latest figures' sources."""
    name = pl.col(f"name_{ctx.lang}").alias("name")
    refs = (
        pl.concat(
            [
                scored.select(name, pl.col("baseline_ref").alias("ref")),
                scored.select(name, pl.col("latest_source").alias("ref")),
            ]
        )
        .filter(pl.col("ref").is_not_null() & (pl.col("ref") != ""))
        .unique(maintain_order=True)
    )
    notes = []
    for r in refs.iter_rows(named=True):
        if "plan_text" in r["ref"] or "plan_targets" in r["ref"]:
            continue
        found, url = ref_link(r["ref"], plan, ctx.lang)
        notes.append(DataNote(title=f"{r['name']} — {found}", source=url))
    return notes


def plan_notes(ctx: ScorecardContext, plan: Plan) -> list[DataNote]:
    ts = plan.targets_source
    excerpt = "plan_text" in str(plan.source.get("ref", ""))  # only the plan's opening on file
    out = [
        DataNote(
            title=str(plan.source.get("title", plan.title(ctx.lang))),
            source=str(plan.source.get("url", "")),
            gaps=ctx.t("plan.note_excerpt") if excerpt else "",
        )
    ]
    if ts and ts.get("title") != plan.source.get("title"):
        out.append(
            DataNote(
                title=str(ts.get("title", "")),
                source=str(ts.get("url", "")),
                gaps=ctx.t("plan.note_secondary") if excerpt else "",
            )
        )
    return out
