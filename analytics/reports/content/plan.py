"""The plan scorecard: every target of a plan, its status by the rule in ``docs/scorecard.md``.

The evaluation is :func:`plan_scorecard` (a frame and a headline, usable in a notebook or a
terminal); :func:`plan_report` lays it out as a report: headline, table by area, a progress chart
for every measurable target, and what is missing to judge the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import altair as alt
import polars as pl

from analytics.catalog import Plan, get_plan, plans, plans_for_region
from analytics.config import DEFAULT_PEERS, TIMEZONE
from analytics.io import read_plan_observations, read_sources
from analytics.reports.components import Card, DataNote, Status
from analytics.reports.content._base import (
    Lang,
    ReportContent,
    Section,
    as_path,
    check_lang,
    new_report,
    rname,
)
from analytics.reports.content._plan_html import WORDS, TableSection, value_text
from analytics.stats.periods import format_period, within
from analytics.stats.scorecard import ScorecardHeadline, scorecard, scorecard_headline

__all__ = ["plan_report", "plan_scorecard", "resolve_plan"]


def resolve_plan(plan: str | None, region: str) -> tuple[Plan, bool]:
    """The plan to evaluate and whether it is only the national goals that apply to ``region``.

    Examples
    --------
    >>> p, national = resolve_plan(None, "540000")
    >>> national, [i.id for i in p.indicators]
    (True, ['de_core_va_share_national'])
    """
    if plan:
        return get_plan(plan), False
    own = plans_for_region(region)
    if own:
        return own[0], False
    everything = list(plans().values())
    areas = tuple(
        replace(a, indicators=tuple(i for i in a.indicators if i.scope == "national"), baselines=())
        for p in everything
        for a in p.areas
    )
    base = everything[0]
    return replace(base, areas=tuple(a for a in areas if a.indicators), region=region), True


def as_of_date(as_of: str | None, period: str) -> dt.date:
    """The evaluation date: ``as_of``, else today — or the end of ``period`` if that is earlier.

    Examples
    --------
    >>> as_of_date("2026-11-28", "latest"), as_of_date(None, "2022")
    (datetime.date(2026, 11, 28), datetime.date(2022, 12, 31))
    """
    if as_of:
        return dt.date.fromisoformat(as_of)
    today = dt.datetime.now(ZoneInfo(TIMEZONE)).date()
    if period[:4].isdigit():
        return min(today, dt.date(int(period[:4]), 12, 31))
    return today


def plan_scorecard(
    plan: Plan, *, region: str, as_of: dt.date, period: str = "latest",
    data_dir: Path | None = None,
) -> tuple[pl.DataFrame, ScorecardHeadline]:  # fmt: skip
    """Every target's status (the frame) and the headline counts.

    Examples
    --------
    >>> card, head = plan_scorecard(get_plan("tianjin_smart_city_14th"), region="120000",
    ...                             as_of=dt.date(2026, 11, 28))
    >>> head
    {'targets': 11, 'achieved': 1, 'unknown': 10, 'final': True}
    """
    obs = read_plan_observations(plan, region=region, data_dir=data_dir).filter(within(period))
    card = scorecard(plan.targets_frame(), obs, as_of=as_of)
    return card, scorecard_headline(card)


def _headline_card(plan: Plan, head: ScorecardHeadline, lang: Lang) -> Card:
    n, a, u = head["targets"], head["achieved"], head["unknown"]
    status: Status = "unknown" if u else ("achieved" if a == n else "off_track")
    zh = lang == "zh"
    label = "规划目标已达成" if zh else "Plan targets achieved"
    note = f"{u}项无法判断（无数据或定性目标）" if zh else f"{u} unknown (no data or qualitative)"
    return Card(label, f"{a} / {n}", "", str(plan.period[1]), status=status, note=note)


def _target_cards(card: pl.DataFrame, lang: Lang) -> list[Card]:
    zh = lang == "zh"
    out = []
    rows = card.filter((pl.col("target_kind") == "level") & pl.col("latest_value").is_not_null())
    for r in rows.iter_rows(named=True):
        unit = r["unit"] if zh else r["unit_en"]
        st = r["status"] if r["status"] in ("achieved", "on_track", "at_risk", "off_track") else ""
        out.append(Card(
            r["name_zh"] if zh else r["name_en"], value_text(r["latest_value"], "", lang), unit,
            r["latest_period"], target=value_text(r["target_value"], unit, lang) + (
                f"（{r['target_year']}年）" if zh else f" ({r['target_year']})"),
            status=st or "unknown",  # type: ignore[arg-type]
        ))  # fmt: skip
    return out


def _progress_section(card: pl.DataFrame, lang: Lang, heading: str) -> Section:
    zh = lang == "zh"
    data = card.filter(
        (pl.col("target_kind") == "level") & pl.col("progress_pct").is_not_null()
    ).select(
        pl.col("name_zh" if zh else "name_en").alias("indicator"),
        pl.col("progress_pct").round(1), pl.col("elapsed_pct").round(1), "latest_period",
        pl.col("latest_source").alias("source"),
    )  # fmt: skip
    if data.is_empty():
        none = "没有可衡量进度的目标。" if zh else "No target has the data to measure progress."
        return Section(heading, sentences=[none], name="progress")
    x_title = "进度（基期=0，目标=100）" if zh else "Progress (baseline = 0, target = 100)"
    sub = ["单位：%", "来源：见数据说明"] if zh else ["unit: %", "source: see data notes"]
    base = alt.Chart(alt.Data(values=data.to_dicts()))
    bars = base.mark_bar(color="#0072B2").encode(
        x=alt.X("progress_pct:Q", title=x_title, scale=alt.Scale(domain=[0, max(120.0,
                float(data["progress_pct"].max() or 0) + 5)])),  # type: ignore[arg-type]
        y=alt.Y("indicator:N", title=None, axis=alt.Axis(labelLimit=160)),
        tooltip=["indicator:N", "progress_pct:Q", "elapsed_pct:Q", "latest_period:N"],
    )  # fmt: skip
    elapsed = base.mark_tick(color="#E69F00", thickness=3, size=24).encode(
        x="elapsed_pct:Q", y="indicator:N"
    )
    target = alt.Chart(alt.Data(values=[{"t": 100}])).mark_rule(color="#009E73").encode(x="t:Q")
    title = heading + ("（橙色刻度：时间进度）" if zh else " (orange tick: time elapsed)")
    chart = (bars + elapsed + target).properties(
        title=alt.TitleParams(title, subtitle=sub), height=36 * data.height + 20,
        description=title,
    )  # fmt: skip
    return Section(heading, chart=chart, name="progress", data=data)


def _missing_sentences(plan: Plan, card: pl.DataFrame, lang: Lang) -> list[str]:
    zh = lang == "zh"
    name = "name_zh" if zh else "name_en"
    out = []
    none = card.filter(pl.col("status") == "not_measurable")[name].to_list()
    if none:
        out.append(
            f"以下{len(none)}项目标在数据库中没有任何数值，无法衡量：{'、'.join(none)}。"
            "判断它们需要公布的截至目标年份的数值。"
            if zh
            else f"{len(none)} targets have no value in the store and cannot be measured: "
            f"{'; '.join(none)}. Judging them needs published values up to the target year."
        )
    ev = plan.evidence_frame()
    for r in card.filter(pl.col("status") == "qualitative").iter_rows(named=True):
        quotes = ev.filter(pl.col("indicator") == r["indicator"])
        said = ("；" if zh else "; ").join(
            f"{format_period(q['date'], lang)}：「{q['quote']}」" if zh
            else f"{format_period(q['date'], lang)}: “{q['quote']}”"
            for q in quotes.iter_rows(named=True)
        )  # fmt: skip
        text = r["target_text_zh"] if zh else r["target_text_en"]
        n = r["n_values"]
        values = "one value" if n == 1 else f"{n} values"
        out.append(
            f"{r[name]}（{text}）为定性目标，现有{n}个数值，不足以判断；证据：{said}。" if zh
            else f"{r[name]} ({text}) is a qualitative target; {values} cannot judge it. "
            f"Evidence: {said}."
        )  # fmt: skip
    for r in card.filter(pl.col("verdict") == "unknown", pl.col("latest_value").is_not_null(),
                         pl.col("target_kind") == "level").iter_rows(named=True):  # fmt: skip
        when = format_period(r["latest_period"], lang)
        out.append(
            f"{r[name]}：最新数值为{when}，尚无{r['target_year']}年数值，终期无法判定。" if zh
            else f"{r[name]}: the latest value is for {when}; with no {r['target_year']} value "
            "the final verdict is unknown."
        )  # fmt: skip
    return out


def _notes(plan: Plan, card: pl.DataFrame, data_dir: Path | None) -> list[DataNote]:
    used = set(card["target_source"].drop_nulls()) | set(card["latest_source"].drop_nulls())
    used |= set(card["baseline_source"].drop_nulls()) | set(plan.evidence_frame()["source"])
    used |= set(plan.baselines_frame()["source"])
    srcs = read_sources(data_dir=data_dir)
    notes = [DataNote(s.title, s.url or "", s.note) for k, s in plan.sources.items() if k in used]
    for where in sorted(used - set(plan.sources)):
        row = srcs.filter(pl.col("id") == where)
        title = row["title"][0] if row.height else where
        quote = row["quote"][0] if row.height else ""
        notes.append(DataNote(str(title)[:200], where, str(quote or "")[:300]))
    return notes


def plan_report(
    region: str = "120000", period: str = "latest", lang: str = "zh",
    peers: Sequence[str] = DEFAULT_PEERS, data_dir: str | Path | None = None,
    plan: str | None = None, as_of: str | None = None,
) -> ReportContent:  # fmt: skip
    """The scorecard report of ``plan`` (default: the plan loaded for ``region``)."""
    lg, ddir = check_lang(lang), as_path(data_dir)
    w, zh = WORDS[lg], lg == "zh"
    the_plan, national = resolve_plan(plan, region)
    name = rname(region, lg)
    title = f"{name}规划目标评估" if zh else f"{name}: plan scorecard"
    rc = new_report("plan", title, region=region, period=period, lang=lang, peers=peers,
                    data_dir=ddir, extra=[the_plan.path])  # fmt: skip
    date = as_of_date(as_of, period)
    card, head = plan_scorecard(the_plan, region=region, as_of=date, period=period, data_dir=ddir)
    if national:
        rc.subtitle = (
            f"未载入{name}的规划；下表为适用于全国的目标。"
            if zh
            else f"No plan is loaded for {name}; below are the national goals that apply."
        )
    else:
        secondary = any(s.secondary for s in the_plan.sources.values())
        rc.subtitle = (f"{the_plan.title(lg)}（{the_plan.number}）" if zh else
                       f"{the_plan.title(lg)} ({the_plan.number})") + (
            "。目标取自二手资料（规划解读文章的转载），规划原文的指标表未找到。" if zh and secondary
            else ". Targets from a secondary source (a repost of an interview on the plan); the "
            "plan's own indicator table was not found." if secondary else ""
        )  # fmt: skip
    when = format_period(f"{date:%Y-%m}", lg)
    rc.cards = [_headline_card(the_plan, head, lg), *_target_cards(card, lg)]
    rc.sections = [
        TableSection(w["table"], card=card, plan=the_plan, lang_=lg, data_dir=ddir, sentences=[
            f"评估时点：{when}。" if zh else f"Evaluated as of {when}."]),
        _progress_section(card, lg, w["progress"]),
        Section(w["missing"], sentences=_missing_sentences(the_plan, card, lg), name="missing"),
    ]  # fmt: skip
    base = the_plan.baselines_frame()
    if base.height:
        rc.sections.append(Section(w["baselines"], name="baselines", sentences=[
            ("{}：{}" if zh else "{}: {}").format(
                r["name_zh" if zh else "name_en"],
                value_text(r["value"], r["unit" if zh else "unit_en"], lg))
            for r in base.iter_rows(named=True)]))  # fmt: skip
    rc.notes = _notes(the_plan, card, ddir)
    return rc
