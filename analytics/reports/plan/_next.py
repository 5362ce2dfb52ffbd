"""The plan scorecard's counts, trajectories and next steps (sections over the evaluated targets).

- :func:`verdict_counts` — "1 met · 0 missed · 9 no data": missing data is never a missed target;
- :func:`grade_counts` — the evidence grade of every figure a verdict rests on;
- :func:`trajectory` — baseline → milestones → target with the actual figures, the pace needed
  and achieved, and each milestone that has fallen due judged;
- :func:`next_steps` — for each target without evidence, whom to ask and the workbook to send;
  for each secondary figure, that its official release should replace it.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from analytics import charts
from analytics._typing import Lang
from analytics.reports import narrative as nv
from analytics.reports.messages import pick, t
from analytics.reports.section import Section

__all__ = [
    "grade_counts",
    "next_steps",
    "trajectory",
    "value_text",
    "verdict_counts",
    "verdict_text",
]

_NO_DATA = ("not_measurable", "qualitative", "no_data")
_RUNNING = ("on_track", "at_risk", "off_track")


def verdict_counts(scored: pl.DataFrame) -> dict[str, int]:
    """Met, missed, no data and (while a target year runs) in progress, over the own targets.

    Examples
    --------
    >>> f = pl.DataFrame({"kind": "plan", "status": ["achieved", "not_measurable", "no_data"]})
    >>> verdict_counts(f)
    {'met': 1, 'missed': 0, 'no_data': 2, 'running': 0}
    """
    own = scored.filter(pl.col("kind") == "plan")["status"]
    return {
        "met": int((own == "achieved").sum()),
        "missed": int((own == "not_achieved").sum()),
        "no_data": int(own.is_in(_NO_DATA).sum()),
        "running": int(own.is_in(_RUNNING).sum()),
    }


def verdict_text(scored: pl.DataFrame, lang: Lang) -> str:
    """``1 met · 0 missed · 9 no data`` (and ``· n in progress`` while targets run)."""
    c = verdict_counts(scored)
    text = t("plan.count", lang, **c)
    return text + (t("plan.count_running", lang, running=c["running"]) if c["running"] else "")


def grade_counts(scored: pl.DataFrame) -> dict[str, int]:
    """How many own targets' verdicts rest on a published, a reported or a secondary figure."""
    own = scored.filter((pl.col("kind") == "plan") & pl.col("latest_value").is_not_null())
    grades = own["latest_grade"] if "latest_grade" in own.columns else pl.Series([], dtype=pl.Utf8)
    return {g: int((grades == g).sum()) for g in ("published", "reported", "secondary")}


def value_text(value: float | None, unit: str, lang: Lang, *, qualifier: str | None = None) -> str:
    """A plan figure with its unit, in the precision it was set in (``70,000个``, ``34.4 %``).

    Examples
    --------
    >>> value_text(70000.0, "个", "zh"), value_text(34.4, "%", "en"), value_text(None, "%", "en")
    ('70,000个', '34.4%', '–')
    """
    if value is None:
        return "–"
    number = nv.fmt(value, digits=0 if float(value).is_integer() else 1, qualifier=qualifier)
    return f"{number}%" if unit == "%" else t("plan.value_unit", lang, value=number, unit=unit)


def _pace(value: float, r: dict[str, object]) -> float:
    """A pace in the precision of its target: a count of stations a year is whole (13,333)."""
    ends = (r["baseline_value"], r["target_value"])
    counts = all(isinstance(v, float) and v.is_integer() and abs(v) >= 100 for v in ends)
    return float(round(value)) if counts else value


def trajectory(
    scored: pl.DataFrame, figures: pl.DataFrame, milestones: pl.DataFrame, lang: Lang
) -> list[Section]:
    """One section per target with milestones: its chart, pace and milestone verdicts."""
    return [
        _trajectory_of(
            r,
            figures.filter(pl.col("id") == r["id"]),
            milestones.filter(pl.col("id") == r["id"]),
            lang,
        )
        for r in scored.filter(pl.col("n_milestones") > 0).iter_rows(named=True)
    ]


def _milestone_texts(
    r: dict[str, Any], ms: pl.DataFrame, figs: pl.DataFrame, lang: Lang
) -> tuple[list[str], list[dict[str, Any]]]:
    """The pace sentence and one sentence per milestone, and the milestones as chart points."""
    label, unit = str(r[f"name_{lang}"]), str(r[pick(lang, zh="unit", en="unit_en")])
    text = []
    if r["pace_needed"] is not None and r["pace_achieved"] is not None:
        needed = value_text(_pace(r["pace_needed"], r), unit, lang)
        achieved = value_text(_pace(r["pace_achieved"], r), unit, lang)
        years = {"baseline_year": r["baseline_year"], "latest_year": r["latest_year"]}
        text.append(t("plan.pace", lang, label=label, needed=needed, achieved=achieved, **years))
    shown = []
    for m in ms.iter_rows(named=True):
        fig = figs.filter(pl.col("year") == m["year"])
        figure = ""
        if not fig.is_empty():
            found = value_text(fig["value"][-1], unit, lang)
            figure = t("plan.milestone_figure", lang, period=fig["period"][-1], value=found)
        verdict = t(f"plan.verdict.{m['verdict']}", lang)
        value = f"{m['qualifier'] or ''}{value_text(m['value'], unit, lang)}"
        words = {"label": label, "year": m["year"], "value": value, "verdict": verdict}
        text.append(t("plan.milestone", lang, figure=figure, **words))
        shown.append(
            {"year": m["year"], "value": m["value"], "kind": "milestone", "verdict": verdict}
        )
    return text, shown


def _trajectory_of(r: dict[str, Any], figs: pl.DataFrame, ms: pl.DataFrame, lang: Lang) -> Section:
    """The trajectory section of one target: planned path (baseline, milestones, target), actual."""
    label, unit = str(r[f"name_{lang}"]), str(r[pick(lang, zh="unit", en="unit_en")])
    text, shown = _milestone_texts(r, ms, figs, lang)
    point = {"kind": "baseline", "verdict": ""}
    ends = []
    if r["baseline_value"] is not None:
        ends.append({"year": r["baseline_year"], "value": r["baseline_value"], **point})
    ends.append({"year": r["target_year"], "value": r["target_value"], **point, "kind": "target"})
    planned = pl.DataFrame(ends[:1] + shown + ends[1:])
    actual = figs.select("year", "value", "period")
    chart = charts.build_trajectory(
        planned.with_columns(pl.col("year").cast(pl.Int64)),
        actual,
        title=t("plan.chart_title", lang, label=label),
        unit=unit,
        source=t("plan.chart_planned", lang) + " / " + t("plan.chart_actual", lang),
        lang=lang,
        description=text[0] if text else label,
    )
    data = pl.concat(
        [
            planned.select("year", "value", pl.col("kind").alias("series")),
            actual.select("year", "value", pl.lit("actual").alias("series")),
        ],
        how="vertical_relaxed",
    )
    heading = t("plan.h.trajectory", lang) + f" · {label}"
    return Section(heading, chart, f"trajectory_{r['id']}", data, text)


def next_steps(scored: pl.DataFrame, lang: Lang) -> Section | None:
    """Whom to ask for each target without evidence, and what would replace a secondary figure."""
    label_col, unit_col = f"name_{lang}", pick(lang, zh="unit", en="unit_en")
    own = scored.filter(pl.col("kind") == "plan")
    text = []
    numeric = pl.col("target_value").is_not_null()
    lacking = own.filter(pl.col("latest_value").is_null() & (numeric | ~pl.col("has_evidence")))
    for r in lacking.iter_rows(named=True):
        who = r["department"] or t("plan.next_who_unknown", lang)
        book = t("plan.next_book", lang, plan=r["plan"], file=f"requests/{r['plan']}.xlsx")
        text.append(t("plan.next_ask", lang, label=r[label_col], who=who, book=book))
    second = own.filter(pl.col("latest_grade") == "secondary")
    for r in second.iter_rows(named=True):
        value = value_text(r["latest_value"], str(r[unit_col]), lang)
        text.append(
            t(
                "plan.next_replace",
                lang,
                label=r[label_col],
                value=value,
                title=r["latest_title"] or r["latest_source"],
            )
        )
    if not text:
        return None
    return Section(t("plan.h.next", lang), name="next", sentences=text)
