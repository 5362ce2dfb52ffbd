"""Words of editions: "what changed since the last edition" and the list of editions."""

from __future__ import annotations

from collections.abc import Mapping

from analytics._typing import Lang

__all__ = ["MESSAGES"]

MESSAGES: Mapping[str, Mapping[Lang, str]] = {
    "editions.h.changes": {"zh": "本版更新", "en": "What changed since the last edition"},
    "editions.first": {
        "zh": "这是本报告（{name}，{period}）的第一版，没有更早的版本可供比较。",
        "en": "This is the first edition of this report ({name}, {period}): there is no earlier"
        " one to compare it with.",
    },
    "editions.since": {
        "zh": "与上一版（第{number}版，{date}发布）相比：",
        "en": "Compared with the previous edition (edition {number}, published {date}):",
    },
    "editions.previous_link": {"zh": "查看上一版", "en": "read the previous edition"},
    "editions.no_facts": {
        "zh": "上一版未记录其数据，无法逐项比较。",
        "en": "The previous edition did not record its data, so the two cannot be compared"
        " figure by figure.",
    },
    "editions.nothing": {
        "zh": "数据、判断和章节均无变化。",
        "en": "No figure, verdict or section has changed.",
    },
    "editions.summary": {
        "zh": "新增数据{added}项，修订{revised}项，不再显示{removed}项；判断变化{verdicts}项。",
        "en": "{added} figures added, {revised} revised, {removed} no longer shown;"
        " {verdicts} verdicts changed.",
    },
    "editions.h.revised": {"zh": "修订的数据", "en": "Figures revised"},
    "editions.h.added": {"zh": "新增的数据", "en": "Figures added"},
    "editions.h.removed": {"zh": "不再显示的数据", "en": "Figures no longer shown"},
    "editions.h.verdicts": {"zh": "判断的变化", "en": "Verdicts changed"},
    "editions.h.sections": {"zh": "章节的变化", "en": "Sections changed"},
    "editions.more": {
        "zh": "另有{n}项未列出（全部见本版 data/facts.json）。",
        "en": "{n} more not listed (all are in this edition's data/facts.json).",
    },
    "editions.col.figure": {"zh": "指标", "en": "Figure"},
    "editions.col.period": {"zh": "时期", "en": "Period"},
    "editions.col.value": {"zh": "数值", "en": "Value"},
    "editions.col.old": {"zh": "上一版", "en": "Previous edition"},
    "editions.col.new": {"zh": "本版", "en": "This edition"},
    "editions.col.vintage": {"zh": "数据版本", "en": "Vintage"},
    "editions.col.target": {"zh": "目标", "en": "Target"},
    "editions.col.section": {"zh": "章节", "en": "Section"},
    "editions.col.change": {"zh": "变化", "en": "Change"},
    "editions.revised_value": {"zh": "{old} → {new}", "en": "{old} → {new}"},
    "editions.revised_vintage": {"zh": "{old} → {new}", "en": "{old} → {new}"},
    "editions.same_vintage": {"zh": "{vintage}（未变）", "en": "{vintage} (unchanged)"},
    "editions.section_added": {"zh": "新增", "en": "added"},
    "editions.section_removed": {"zh": "删除", "en": "removed"},
    "editions.none": {"zh": "—", "en": "—"},
    "editions.value": {"zh": "{value}{unit}", "en": "{value} {unit}"},
    "editions.measure.yoy_pct": {"zh": "（同比增速）", "en": " (growth on a year earlier)"},
    "editions.measure.index_prev_year_100": {
        "zh": "（指数，上年=100）",
        "en": " (index, previous year = 100)",
    },
    "editions.measure.share_pct": {"zh": "（占比）", "en": " (share)"},
    "editions.measure.per_10k": {"zh": "（每万人）", "en": " (per 10,000 people)"},
    "editions.measure.ytd": {"zh": "（累计）", "en": " (year to date)"},
    "editions.measure.latest": {"zh": "（最新值）", "en": " (latest figure)"},
}
