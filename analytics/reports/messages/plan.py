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
}
"""Key → {"zh": text, "en": text}."""
