"""Words of the plan scorecard's verdict counts, evidence grades, trajectories and next steps."""

from __future__ import annotations

from collections.abc import Mapping

from analytics._typing import Lang

__all__ = ["MESSAGES"]

MESSAGES: Mapping[str, Mapping[Lang, str]] = {
    "plan.value_unit": {"zh": "{value}{unit}", "en": "{value} {unit}"},
    "plan.count": {
        "zh": "达成{met}项 · 未达成{missed}项 · 无数据{no_data}项",
        "en": "{met} met · {missed} missed · {no_data} no data",
    },
    "plan.count_running": {"zh": " · 进行中{running}项", "en": " · {running} in progress"},
    "plan.count_card": {"zh": "规划目标", "en": "Plan targets"},
    "plan.count_sentence": {
        "zh": "{name}适用的{plans}的{n}项目标：{count}。无数据不等于未达成：缺的是完成数。",
        "en": "The {n} targets of {plans} for {name}: {count}. No data is not a missed target: "
        "the completion figure is missing.",
    },
    "plan.grades": {
        "zh": "判断所依据的数据：已发布{published}项 · 部门报送{reported}项 · 二手来源{secondary}项。",  # noqa: E501
        "en": "The figures the verdicts rest on: {published} published · {reported} reported · "
        "{secondary} secondary.",
    },
    "plan.grade.published": {"zh": "已发布", "en": "published"},
    "plan.grade.reported": {"zh": "部门报送", "en": "reported"},
    "plan.grade.secondary": {"zh": "二手来源", "en": "secondary"},
    "plan.grade_cell": {"zh": "（依据：{grade}）", "en": " (evidence: {grade})"},
    "plan.secondary_targets": {
        "zh": "目标本身来自二手来源：{label}。",
        "en": "The targets themselves come from a secondary source: {label}.",
    },
    "plan.none": {
        "zh": "没有{name}的规划：请添加 data/catalog/plans/<规划id>.yaml",
        "en": "no plan on file for {name} — add data/catalog/plans/<plan-id>.yaml",
    },
    "plan.h.trajectory": {
        "zh": "轨迹：基数→阶段目标→终期目标",
        "en": "Trajectory: baseline → milestones → target",
    },
    "plan.pace": {
        "zh": "{label}：需要的进度为每年{needed}，实际为每年{achieved}（{baseline_year}—{latest_year}年）。",  # noqa: E501
        "en": "{label}: the pace needed was {needed} a year; the pace achieved {achieved} a year "
        "({baseline_year}–{latest_year}).",
    },
    "plan.milestone": {
        "zh": "{label}：{year}年底阶段目标{value}——{verdict}{figure}。",
        "en": "{label}: milestone {value} by end-{year} — {verdict}{figure}.",
    },
    "plan.milestone_figure": {"zh": "（{period}年实际{value}）", "en": " ({period}: {value})"},
    "plan.verdict.met": {"zh": "✓ 已达成", "en": "✓ met"},
    "plan.verdict.missed": {"zh": "✗ 未达成", "en": "✗ missed"},
    "plan.verdict.no_data": {"zh": "? 当年无数据", "en": "? no figure for that year"},
    "plan.verdict.not_due": {"zh": "尚未到期", "en": "not yet due"},
    "plan.chart_title": {"zh": "{label}：规划轨迹与实际", "en": "{label}: planned path and actual"},
    "plan.chart_planned": {"zh": "规划", "en": "planned"},
    "plan.chart_actual": {"zh": "实际", "en": "actual"},
    "plan.h.next": {"zh": "下一步：向谁要数据", "en": "What to do next"},
    "plan.next_ask": {
        "zh": "{label}：请{who}填报（{book}）。",
        "en": "{label}: ask {who} to fill in the request workbook ({book}).",
    },
    "plan.next_who_unknown": {
        "zh": "主管部门（来源未写明是哪个部门，需先确认）",
        "en": "the department in charge (no source names it: find out first)",
    },
    "plan.next_book": {
        "zh": "analytics plan request {plan} --out {file}",
        "en": "analytics plan request {plan} --out {file}",
    },
    "plan.next_replace": {
        "zh": "{label}：{value}来自二手来源（{title}），应以其原始官方发布替代。",
        "en": "{label}: {value} comes from a secondary source ({title}); replace it with the "
        "official release it passes on.",
    },
    "plan.h.plan": {"zh": "§§ {title}", "en": "§§ {title}"},
    "status.no_data": {
        "zh": "? 缺少目标年数据，无法终评",
        "en": "? No figure for the target year: no final verdict",
    },
    "status.not_measurable": {"zh": "? 无数据，无法衡量", "en": "? No data: not measurable"},
    "status.qualitative": {"zh": "◇ 定性目标（见依据）", "en": "◇ Qualitative (evidence listed)"},
    "plan.final.achieved": {"zh": "已实现", "en": "achieved"},
    "plan.final.not_achieved": {"zh": "未实现", "en": "not achieved"},
    "plan.final.unknown": {"zh": "无法判断", "en": "unknown"},
    "plan.final_cell": {"zh": "；终期：{final}", "en": "; final: {final}"},
    "plan.col.indicator": {"zh": "指标", "en": "Indicator"},
    "plan.col.baseline": {"zh": "2020年基数", "en": "2020 baseline"},
    "plan.col.target": {"zh": "目标", "en": "Target"},
    "plan.col.latest": {"zh": "最新值（时间）", "en": "Latest (date)"},
    "plan.col.status": {"zh": "状态", "en": "Status"},
    "plan.with_year": {"zh": "{value}（{year}年）", "en": "{value} ({year})"},
    "plan.not_found": {"zh": "未找到", "en": "not found"},
    "plan.no_data": {"zh": "无数据", "en": "no data"},
    "plan.latest_cell": {"zh": "{value}（{when}，{age}）", "en": "{value} ({when}, {age})"},
    "plan.quoted": {"zh": "《{title}》", "en": "{title}"},
    "plan.ended": {
        "zh": "规划期已于{year}年结束，表中给出每项目标的终期结论。",
        "en": "The plan period ended in {year}: each target has its final verdict.",
    },
    "plan.h.summary": {"zh": "结论", "en": "In one sentence"},
    "plan.h.targets": {"zh": "目标逐项评估", "en": "Target by target"},
    "plan.national_suffix": {"zh": "（全国目标）", "en": " (national goal)"},
    "plan.progress_sentence": {
        "zh": "{label}：按{when}的数据，从基数到目标已完成{done}%；至评估日，规划时间已过{gone}%。",
        "en": "{label}: {done}% of the way from baseline to target on the figure for {when}; "
        "by the evaluation date {gone}% of the time had gone.",
    },
    "plan.bases_sentence": {
        "zh": "{label}：基数（{year}年，{base}）与最新值（{when}，{latest}）口径不同，不计算进度。",
        "en": "{label}: the baseline ({year}, {base}) and the latest figure ({when}, {latest}) "
        "are on different bases; no progress is computed.",
    },
    "plan.h.progress": {"zh": "进度：基数→目标", "en": "Progress: baseline → target"},
    "plan.progress_chart": {"zh": "从基数到目标的进度", "en": "Progress from baseline to target"},
    "plan.progress_source": {"zh": "见目标表", "en": "see the table of targets"},
    "plan.missing_nodata": {
        "zh": "没有任何数据、无法衡量的目标（{n}项）：{names}。需要各主管部门公布的完成数。",
        "en": "Targets with no figure at all ({n}): {names}. Judging them needs the completion "
        "figures of the departments in charge.",
    },
    "plan.evidence": {"zh": "{name}：{date} {text}", "en": "{name}: {date} {text}"},
    "plan.words_one": {
        "zh": "{name}：目标为定性表述（{target}），现有{n}个数据点，不足以判断是否“稳步提升”。",
        "en": "{name}: the target is in words ({target}); one figure cannot show a trend.",
    },
    "plan.words_many": {
        "zh": "{name}：目标为定性表述（{target}），现有{n}个数据点，不足以判断是否“稳步提升”。",
        "en": "{name}: the target is in words ({target}); {n} figures cannot show a trend.",
    },
    "plan.h.missing": {"zh": "还缺什么", "en": "What is missing"},
    "plan.ctx.indicator": {"zh": "指标", "en": "Indicator"},
    "plan.ctx.end13": {"zh": "“十三五”末", "en": "End of 13th FYP"},
    "plan.ctx.year": {"zh": "年份", "en": "Year"},
    "plan.ctx.quote": {"zh": "规划原文", "en": "Plan text (Chinese)"},
    "plan.ctx.text": {
        "zh": "规划原文列出的“十三五”成效（2020年），没有找到对应的2025年目标，仅作起点参考。",
        "en": "Results the plan reports for 2020; no 2025 target was found for them: context only.",
    },
    "plan.h.context": {"zh": "规划起点（“十三五”成效）", "en": "The plan's starting point (2020)"},
    "plan.period": {"zh": "规划期{start}—{end}年", "en": "plan period {start}–{end}"},
    "plan.numbered": {"zh": "{number}，{period}", "en": "{number}; {period}"},
    "plan.sep_periods": {"zh": "；", "en": "; "},
    "plan.evaluated": {
        "zh": "{periods}；评估日期{stamp}（采用{known}前发布的数据）。",
        "en": "{periods}; evaluated as at {stamp}, on figures published by {known}.",
    },
    "plan.not_own": {
        "zh": "本规划属于{name}，下表只列适用的全国目标。",
        "en": " This plan is {name}'s: only the national goals that apply.",
    },
    "plan.targets_label": {"zh": "规划目标", "en": "plan targets"},
    "plan.title": {"zh": "{name}：{label} 目标评估", "en": "{name}: {label}: scorecard"},
    "plan.title_own": {"zh": "{name}：{label} 目标评估", "en": "{label}: scorecard"},
    "plan.note_excerpt": {
        "zh": "规划原文仅有开头部分（发展背景、总体要求），其中给出2020年基数。",
        "en": "Only the plan's opening (background, general requirements) is on file; it gives "
        "the 2020 baselines.",
    },
    "plan.note_secondary": {
        "zh": "二手来源：目标数字完整，但文字经同义词替换；规划原文的指标表尚未找到。",
        "en": "Secondary source: the numbers are intact, the wording was synonym-substituted; "
        "the plan's own indicator table was not found.",
    },
}
"""Key → {"zh": text, "en": text}."""
