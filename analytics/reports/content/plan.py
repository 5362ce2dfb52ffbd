"""The plan scorecard: did the region reach what its plan promised? One page, target by target.

Sections (each a short function over the evaluated targets): the headline, a table by area
(baseline, target, latest figure with its date and age, status, source), progress from baseline to
target for every measurable target, what is missing to judge the rest, and the plan's own
starting figures. Rules: :mod:`analytics.stats.scorecard` and ``docs/scorecard.md``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from analytics import charts
from analytics.catalog import Plan, load_plan, plans_for
from analytics.config import DEFAULT_PEERS
from analytics.exceptions import AnalyticsError
from analytics.reports import narrative as nv
from analytics.reports.components import Card, DataNote
from analytics.reports.content._base import (
    Lang,
    ReportContent,
    Section,
    Table,
    as_path,
    check_lang,
    new_report,
    rname,
)
from analytics.reports.content._plan_eval import evaluate_plan, plan_trajectories
from analytics.reports.content._plan_next import (
    grade_counts,
    next_steps,
    trajectory,
    verdict_counts,
    verdict_text,
)
from analytics.reports.messages import t
from analytics.reports.sources import public_source, vintage_label
from analytics.reports.when import age_text, measured
from analytics.stats.periods import Period

__all__ = ["STATUS_TEXT", "NoPlanError", "plan_report", "plans_of"]

DEFAULT_PLAN = "tianjin_smart_city_14th"
STATUS_TEXT = {
    "zh": {
        "achieved": "✓ 已达成",
        "on_track": "✓ 进度正常",
        "at_risk": "! 存在风险",
        "off_track": "✗ 偏离目标",
        "not_achieved": "✗ 未实现",
        "no_data": "? 缺少目标年数据，无法终评",
        "not_measurable": "? 无数据，无法衡量",
        "qualitative": "◇ 定性目标（见依据）",
    },
    "en": {
        "achieved": "✓ Achieved",
        "on_track": "✓ On track",
        "at_risk": "! At risk",
        "off_track": "✗ Off track",
        "not_achieved": "✗ Not achieved",
        "no_data": "? No figure for the target year: no final verdict",
        "not_measurable": "? No data: not measurable",
        "qualitative": "◇ Qualitative (evidence listed)",
    },
}
FINAL_TEXT = {
    "zh": {"achieved": "已实现", "not_achieved": "未实现", "unknown": "无法判断"},
    "en": {"achieved": "achieved", "not_achieved": "not achieved", "unknown": "unknown"},
}
_HEAD = {
    "zh": ["指标", "2020年基数", "目标", "最新值（时间）", "状态", "来源"],
    "en": ["Indicator", "2020 baseline", "Target", "Latest (date)", "Status", "Source"],
}


def _known_by(as_at: date) -> date:
    """What an edition as at ``as_at`` may use: releases up to a year later, and none after today.

    A period's annual figures come out in the following year (communiqués, MIIT bulletins), and
    a plan's final evaluation (终期评估) is made then: the 2025 edition uses the 2025 figures
    published in 2026.

    Examples
    --------
    >>> _known_by(date(2022, 12, 31))
    datetime.date(2023, 12, 31)
    """
    return min(date.today(), date(as_at.year + 1, 12, 31))


def _as_of(as_of: str | date | None, period: str = "latest") -> date:
    """``as_of`` if given; else today, or the end of ``period`` when that is earlier.

    A report for 2022 is the scorecard at the end of 2022: nothing published later counts.

    Examples
    --------
    >>> _as_of(None, "2022"), _as_of("2026-11-28", "2022")
    (datetime.date(2022, 12, 31), datetime.date(2026, 11, 28))
    """
    if isinstance(as_of, date):
        return as_of
    if as_of not in (None, "", "today"):
        return date.fromisoformat(str(as_of))
    today = date.today()
    return today if period.startswith("latest") else min(today, Period.parse(period).end)


def _num(value: float | None, qualifier: str | None, unit: str, lang: Lang) -> str:
    if value is None:
        return "–"
    digits = 0 if float(value).is_integer() else 1
    sep = "" if lang == "zh" or unit == "%" else " "
    return f"{nv.fmt(value, digits=digits, qualifier=qualifier)}{sep}{unit}"


def _target(r: dict[str, object], lang: Lang) -> str:
    unit = str(r["unit"] if lang == "zh" else r["unit_en"])
    year = r["target_year"]
    if r["target_value"] is None:
        words = r["target_text_zh"] if lang == "zh" else r["target_text_en"]
        return f"{words}（{year}年）" if lang == "zh" else f"{words} ({year})"
    val = _num(r["target_value"], r["target_qualifier"], unit, lang)  # type: ignore[arg-type]
    return f"{val}（{year}年）" if lang == "zh" else f"{val} ({year})"


def _baseline(r: dict[str, object], lang: Lang) -> str:
    unit = str(r["unit"] if lang == "zh" else r["unit_en"])
    if r["baseline_value"] is not None:
        return _num(r["baseline_value"], None, unit, lang)  # type: ignore[arg-type]
    words = r["baseline_text_zh"] if lang == "zh" else r["baseline_text_en"]
    return str(words) or ("未找到" if lang == "zh" else "not found")


def _latest(r: dict[str, object], lang: Lang) -> str:
    if r["latest_value"] is None:
        return "无数据" if lang == "zh" else "no data"
    unit = str(r["unit"] if lang == "zh" else r["unit_en"])
    val = _num(r["latest_value"], r["latest_qualifier"], unit, lang)  # type: ignore[arg-type]
    when = _measured(r, lang)
    age = age_text(int(r["age_months"]), str(r["age_at"]), lang)  # type: ignore[call-overload]
    return f"{val}（{when}，{age}）" if lang == "zh" else f"{val} ({when}, {age})"


def _measured(r: dict[str, object], lang: Lang) -> str:
    published = r.get("latest_published")
    return measured(
        str(r["latest_period"]), str(r.get("latest_basis") or "stated"),
        published if isinstance(published, date) else None, lang,
    )  # fmt: skip


def _source(r: dict[str, object], lang: Lang) -> tuple[str, str]:
    title, url = public_source(str(r["target_ref"]), lang)
    return (title or ("规划原文" if lang == "zh" else "plan text"), url)


def _status_cell(r: dict[str, object], lang: Lang) -> str:
    text = STATUS_TEXT[lang][str(r["status"])]
    if r["final"] is not None and r["status"] not in ("achieved", "not_achieved", "no_data"):
        final = FINAL_TEXT[lang][str(r["final"])]
        text += f"；终期：{final}" if lang == "zh" else f"; final: {final}"
    if r.get("latest_grade"):  # the grade of the figure the verdict rests on, beside it
        text += t("plan.grade_cell", lang, grade=t(f"plan.grade.{r['latest_grade']}", lang))
    return text


def _ref_link(ref: str, plan: Plan, lang: Lang) -> tuple[str, str]:
    if "plan_targets" in ref:  # the targets' own (secondary) source
        ts = plan.targets_source
        label = ts.get(f"label_{lang}") or ts.get("title", "")
        return (str(label), str(ts.get("url", "")))
    if "plan_text" in ref:
        return (plan.source.get("title", plan.title(lang)), str(plan.source.get("url", "")))
    title, url = public_source(ref, lang)
    return (title or ref, url)


def headline(scored: pl.DataFrame, plans: list[Plan], region: str, lang: Lang) -> Section:
    """The verdict counts (met · missed · no data), the grades they rest on, the final verdicts."""
    name = rname(region, lang)
    titles = "、".join(f"《{p.title(lang)}》" for p in plans) if lang == "zh" else "; ".join(
        p.title(lang) for p in plans)  # fmt: skip
    n = scored.filter(pl.col("kind") == "plan").height
    text = [t("plan.count_sentence", lang, name=name, plans=titles, n=n,
              count=verdict_text(scored, lang)),
            t("plan.grades", lang, **grade_counts(scored))]  # fmt: skip
    if scored["final"].is_not_null().any():
        ends = sorted({p.end for p in plans})
        text.append(
            f"规划期已于{ends[-1]}年结束，表中给出每项目标的终期结论。" if lang == "zh"
            else f"The plan period ended in {ends[-1]}: each target has its final verdict."
        )  # fmt: skip
    for p in plans:
        if p.targets_source.get("secondary"):
            label = p.targets_source.get(f"label_{lang}") or p.targets_source.get("title", "")
            text.append(t("plan.secondary_targets", lang, label=label))
    heading = "结论" if lang == "zh" else "In one sentence"
    return Section(heading, name="headline", sentences=text)


def targets_table(scored: pl.DataFrame, plans: list[Plan], lang: Lang) -> Section:
    """Every target by plan and area: baseline, target, latest figure, status, source."""
    rows: list[list[object]] = []
    classes: list[list[str]] = []
    for plan in plans:
        if len(plans) > 1:
            rows.append([t("plan.h.plan", lang, title=plan.title(lang))])
            classes.append([])
        _plan_rows(scored.filter(pl.col("plan") == plan.id), plan, lang, rows, classes)
    heading = "目标逐项评估" if lang == "zh" else "Target by target"
    table = Table(_HEAD[lang], rows, classes)  # type: ignore[arg-type]
    return Section(heading, name="targets", table=table)


def _plan_rows(scored: pl.DataFrame, plan: Plan, lang: Lang, rows: list[list[object]],
               classes: list[list[str]]) -> None:  # fmt: skip
    for area in plan.areas:
        part = scored.filter(pl.col("area") == area.id)
        if part.is_empty():
            continue
        rows.append([f"§ {area.name(lang)}"])
        classes.append([])
        for r in part.iter_rows(named=True):
            name = r["name_zh"] if lang == "zh" else r["name_en"]
            if r["kind"] == "national":
                name += "（全国目标）" if lang == "zh" else " (national goal)"
            rows.append(
                [
                    name,
                    _baseline(r, lang),
                    _target(r, lang),
                    _latest(r, lang),
                    _status_cell(r, lang),
                    _ref_link(str(r["target_ref"]), plan, lang),
                ]
            )
            classes.append(["", "", "", "", f"an-status-{r['status']}", ""])


def _progress_sentence(r: dict[str, object], lang: Lang) -> str:
    # rounded once, from the unrounded shares (95.45 % is 95, never 95.5 → 96)
    done, gone = float(r["progress_pct"]), float(r["elapsed_pct"])  # type: ignore[arg-type]
    when = _measured(r, lang)
    if lang == "zh":
        return (
            f"{r['label']}：按{when}的数据，从基数到目标已完成{done:.0f}%；"
            f"至评估日，规划时间已过{gone:.0f}%。"
        )
    return (
        f"{r['label']}: {done:.0f}% of the way from baseline to target on the figure for {when}; "
        f"by the evaluation date {gone:.0f}% of the time had gone."
    )


def _bases_sentence(r: dict[str, object], lang: Lang) -> str:
    """Why no progress is shown: the baseline and the latest figure are on different bases."""
    label = r["name_zh"] if lang == "zh" else r["name_en"]
    base = vintage_label(str(r["baseline_vintage"]), lang)
    latest = vintage_label(str(r["latest_vintage"]), lang)
    if lang == "zh":
        return (
            f"{label}：基数（{r['baseline_year']}年，{base}）与最新值（{_measured(r, lang)}，"
            f"{latest}）口径不同，不计算进度。"
        )
    return (
        f"{label}: the baseline ({r['baseline_year']}, {base}) and the latest figure "
        f"({_measured(r, lang)}, {latest}) are on different bases; no progress is computed."
    )


def progress(scored: pl.DataFrame, lang: Lang) -> Section | None:
    """Progress from the 2020 baseline to the target for every measurable numeric target."""
    meas = scored.filter(pl.col("progress_pct").is_not_null())
    apart = [
        _bases_sentence(r, lang)
        for r in scored.filter(pl.col("progress_note") == "bases_differ").iter_rows(named=True)
    ]
    heading = "进度：基数→目标" if lang == "zh" else "Progress: baseline → target"
    if meas.is_empty():
        return Section(heading, name="progress", sentences=apart) if apart else None
    label = pl.col("name_zh" if lang == "zh" else "name_en").alias("label")
    text = [_progress_sentence(r, lang) for r in meas.with_columns(label).iter_rows(named=True)]
    data = meas.select(
        label, pl.col("progress_pct").round(1), pl.col("elapsed_pct").round(1), "latest_period"
    )
    chart = charts.build_progress_bars(
        data,
        title="从基数到目标的进度" if lang == "zh" else "Progress from baseline to target",
        unit="%",
        source="见目标表" if lang == "zh" else "see the table of targets",
        lang=lang,
        description=text[0],
    )
    return Section(heading, chart, "progress", data, text + apart)


def missing(scored: pl.DataFrame, lang: Lang, plan: Plan | None = None) -> Section | None:
    """What is missing to judge the rest: targets with no figure, targets in words."""
    nodata = scored.filter(pl.col("status") == "not_measurable")
    words = scored.filter(pl.col("status") == "qualitative")
    col = "name_zh" if lang == "zh" else "name_en"
    text = []
    if nodata.height:
        names = ("、" if lang == "zh" else "; ").join(nodata[col].to_list())
        text.append(
            f"没有任何数据、无法衡量的目标（{nodata.height}项）：{names}。需要各主管部门公布的完成数。"
            if lang == "zh"
            else f"Targets with no figure at all ({nodata.height}): {names}. Judging them needs "
            "the completion figures of the departments in charge."
        )
    evidence = {i.id: i.evidence for i in (*plan.indicators, *plan.national)} if plan else {}
    for r in words.iter_rows(named=True):
        for e in evidence.get(r["id"], ()):
            text.append(
                f"{r[col]}：{e.date} {e.text}" if lang == "zh" else f"{r[col]}: {e.date} {e.text}"
            )
        n = int(r["n_figures"])
        if n == 0:
            continue
        text.append(
            f"{r[col]}：目标为定性表述（{r['target_text_zh']}），现有{n}个数据点，不足以判断是否“稳步提升”。"
            if lang == "zh"
            else f"{r[col]}: the target is in words ({r['target_text_en']}); "
            + ("one figure" if n == 1 else f"{n} figures")
            + " cannot show a trend."
        )
    if not text:
        return None
    return Section(
        "还缺什么" if lang == "zh" else "What is missing", name="missing", sentences=text
    )


def starting_point(plan: Plan, lang: Lang) -> Section | None:
    """The figures the plan reports for the end of the 13th FYP (no 2025 target found)."""
    if not plan.context:
        return None
    rows: list[list[object]] = []
    for area in plan.areas:
        items = [c for c in plan.context if c.area == area.id]
        if items:
            rows.append([f"§ {area.name(lang)}"])
        for c in items:
            unit = c.unit if lang == "zh" else c.unit_en
            rows.append(
                [
                    c.name_zh if lang == "zh" else c.name_en,
                    _num(c.value, c.qualifier, unit, lang),
                    str(c.year),
                    c.quote,
                ]
            )
    head = (
        ["指标", "“十三五”末", "年份", "规划原文"]
        if lang == "zh"
        else ["Indicator", "End of 13th FYP", "Year", "Plan text (Chinese)"]
    )
    text = [
        "规划原文列出的“十三五”成效（2020年），没有找到对应的2025年目标，仅作起点参考。"
        if lang == "zh"
        else "Results the plan reports for 2020; no 2025 target was found for them: context only."
    ]
    heading = "规划起点（“十三五”成效）" if lang == "zh" else "The plan's starting point (2020)"
    return Section(heading, name="context", sentences=text, table=Table(head, rows))  # type: ignore[arg-type]


def _cards(scored: pl.DataFrame, plans: list[Plan], lang: Lang) -> list[Card]:
    c = verdict_counts(scored)
    own = scored.filter(pl.col("kind") == "plan")
    cards = [] if own.is_empty() else [
        Card(
            t("plan.count_card", lang),
            verdict_text(scored, lang),
            "",
            str(max(p.end for p in plans)),
            status="achieved" if c["met"] == own.height else "unknown",
            note=t("plan.grades", lang, **grade_counts(scored)),
        )
    ]  # fmt: skip
    for r in scored.filter(pl.col("latest_value").is_not_null()).iter_rows(named=True):
        unit = str(r["unit"] if lang == "zh" else r["unit_en"])
        status = {"qualitative": "unknown", "not_measurable": "unknown", "no_data": "unknown"}.get(
            r["status"], r["status"]
        )
        cards.append(
            Card(
                r["name_zh"] if lang == "zh" else r["name_en"],
                nv.fmt(
                    r["latest_value"],
                    digits=0 if float(r["latest_value"]).is_integer() else 1,  # 34.4, not 34
                    qualifier=r["latest_qualifier"],
                ),
                unit,
                str(r["latest_period"]),
                target=_target(r, lang),
                status=status,
                note=_measured(r, lang) if r.get("latest_basis") == "inferred" else None,
            )
        )
    return cards


class NoPlanError(AnalyticsError):
    """A scorecard asked for a region no plan file binds."""


def plans_of(region: str, plan: str | None = None) -> list[Plan]:
    """The plans to evaluate for ``region``: ``plan`` if given, else every plan binding it.

    Raises
    ------
    NoPlanError
        ``no plan on file for 广东 — add data/catalog/plans/<plan-id>.yaml``.

    Parameters
    ----------
    region
        A GB/T 2260 code.
    plan
        A plan id or YAML path; ``None`` for every plan that binds ``region``.

    Examples
    --------
    >>> [p.id for p in plans_of("120000")]
    ['tianjin_smart_city_14th']
    >>> plans_of("440000")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    analytics.reports.content.plan.NoPlanError: no plan on file for 广东 — add ...
    """
    if plan not in (None, "", "auto"):
        return [load_plan(str(plan))]
    ids = plans_for(region)
    if not ids:
        raise NoPlanError(t("plan.none", "en", name=rname(region, "zh")))
    return [load_plan(i) for i in ids]


def _subtitle(plans: list[Plan], region: str, when: date, known_by: date, lg: Lang) -> str:
    """Each plan period once, the evaluation date and the publication cut-off."""
    p = plans[0]
    stamp = when.isoformat()
    periods = (  # each plan period once (three national plans of 2021–2025 say it once)
        "；".join(dict.fromkeys(
            f"{q.number + '，' if q.number else ''}规划期{q.start}—{q.end}年" for q in plans))
        if lg == "zh"
        else "; ".join(dict.fromkeys(
            f"{q.number + '; ' if q.number else ''}plan period {q.start}–{q.end}" for q in plans))
    )  # fmt: skip
    known = known_by.isoformat()
    text = (
        f"{periods}；评估日期{stamp}（采用{known}前发布的数据）。"
        if lg == "zh"
        else f"{periods}; evaluated as at {stamp}, on figures published by {known}."
    )
    if region not in p.regions:
        text += (
            f"本规划属于{rname(p.region, lg)}，下表只列适用的全国目标。"
            if lg == "zh"
            else f" This plan is {rname(p.region, lg)}'s: only the national goals that apply."
        )
    return text


def _sections(scored: pl.DataFrame, plans: list[Plan], region: str, when: date,
              known_by: date, lg: Lang, dd: Path | None) -> list[Section]:  # fmt: skip
    """The scorecard's sections in page order (trajectories for targets with milestones)."""
    p = plans[0]
    figures, milestones = [], []
    for q in plans:
        f, m = plan_trajectories(q, as_of=when, data_dir=dd, known_by=known_by)
        figures.append(f)
        milestones.append(m)
    return [
        s
        for s in (
            headline(scored, plans, region, lg),
            targets_table(scored, plans, lg),
            *trajectory(scored, pl.concat(figures, how="diagonal_relaxed"),
                        pl.concat(milestones, how="diagonal_relaxed"), lg),
            progress(scored, lg),
            next_steps(scored, lg),
            missing(scored, lg, p),
            *(starting_point(q, lg) for q in plans),
        )
        if s is not None
    ]  # fmt: skip


def plan_report(
    region: str = "120000",
    period: str = "latest",
    lang: str = "zh",
    peers: tuple[str, ...] | list[str] = DEFAULT_PEERS,
    data_dir: str | Path | None = None,
    *,
    plan: str | None = None,
    as_of: str | date | None = None,
) -> ReportContent:
    """The scorecard of ``region``'s plans (or of ``plan``) at ``as_of``.

    ``as_of`` defaults to today or the end of ``period``; a region no plan binds is refused
    (:class:`NoPlanError`).
    """
    lg = check_lang(lang)
    dd = as_path(data_dir)
    plans = plans_of(region, plan)
    when = _as_of(as_of, period)
    # ages run to the evaluation date where the scorecard asks for one, else to the reader's date
    asked = as_of not in (None, "", "today")
    age_at = when if asked else date.today()
    known_by = when if asked else _known_by(when)
    name = rname(region, lg)
    p = plans[0]
    label = p.title(lg) if len(plans) == 1 else ("规划目标" if lg == "zh" else "plan targets")
    title = f"{name}：{label} 目标评估" if lg == "zh" else f"{name}: {label}: scorecard"
    if lg == "en" and len(plans) == 1 and region in p.regions:
        title = f"{p.title(lg)}: scorecard"
    rc = new_report("plan", title, region=region, period=period, lang=lg, peers=list(peers),
                    data_dir=dd)  # fmt: skip
    parts = [evaluate_plan(q, region=region, as_of=when, age_at=age_at, known_by=known_by,
                           data_dir=dd) for q in plans]  # fmt: skip
    parts = [f for f in parts if not f.is_empty()]
    scored = pl.concat(parts, how="diagonal_relaxed") if parts else pl.DataFrame()
    if not scored.is_empty():
        scored = scored.with_columns(pl.lit("evaluated" if asked else "generated").alias("age_at"))
    rc.subtitle = _subtitle(plans, region, when, known_by, lg)
    if scored.is_empty():
        return rc
    rc.cards = _cards(scored, plans, lg)
    rc.sections = _sections(scored, plans, region, when, known_by, lg, dd)
    rc.notes = [n for q in plans for n in _notes(q, lg)] + _figure_notes(scored, p, lg)
    return rc


def _figure_notes(scored: pl.DataFrame, plan: Plan, lang: Lang) -> list[DataNote]:
    """One note per figure used: the baselines' and the latest figures' sources."""
    col = "name_zh" if lang == "zh" else "name_en"
    refs = (
        pl.concat(
            [
                scored.select(pl.col(col).alias("name"), pl.col("baseline_ref").alias("ref")),
                scored.select(pl.col(col).alias("name"), pl.col("latest_source").alias("ref")),
            ]
        )
        .filter(pl.col("ref").is_not_null() & (pl.col("ref") != ""))
        .unique(maintain_order=True)
    )
    notes = []
    for r in refs.iter_rows(named=True):
        if "plan_text" in r["ref"] or "plan_targets" in r["ref"]:
            continue
        title, url = _ref_link(r["ref"], plan, lang)
        notes.append(DataNote(title=f"{r['name']} — {title}", source=url))
    return notes


def _notes(plan: Plan, lang: Lang) -> list[DataNote]:
    ts = plan.targets_source
    excerpt = "plan_text" in str(plan.source.get("ref", ""))  # only the plan's opening on file
    notes = [
        DataNote(
            title=str(plan.source.get("title", plan.title(lang))),
            source=str(plan.source.get("url", "")),
            gaps=(
                "规划原文仅有开头部分（发展背景、总体要求），其中给出2020年基数。"
                if lang == "zh"
                else "Only the plan's opening (background, general requirements) is on file; "
                "it gives the 2020 baselines."
            ) if excerpt else "",
        )
    ]  # fmt: skip
    if ts and ts.get("title") != plan.source.get("title"):
        notes.append(DataNote(
            title=str(ts.get("title", "")),
            source=str(ts.get("url", "")),
            gaps=(
                "二手来源：目标数字完整，但文字经同义词替换；规划原文的指标表尚未找到。"
                if lang == "zh"
                else "Secondary source: the numbers are intact, the wording "
                "was synonym-substituted; the plan's own indicator table was not found."
            ) if excerpt else "",
        ))  # fmt: skip
    return notes
