"""Words every report shares: statuses, card and note labels, the footer, navigation."""

from __future__ import annotations

from collections.abc import Mapping

from analytics._typing import Lang

__all__ = ["MESSAGES"]

MESSAGES: Mapping[str, Mapping[Lang, str]] = {
    "status.achieved": {"zh": "✓ 已达成", "en": "✓ Achieved"},
    "status.on_track": {"zh": "✓ 进度正常", "en": "✓ On track"},
    "status.at_risk": {"zh": "! 存在风险", "en": "! At risk"},
    "status.off_track": {"zh": "✗ 偏离目标", "en": "✗ Off track"},
    "status.unknown": {"zh": "? 无法判断", "en": "? Cannot tell"},
    "status.not_achieved": {"zh": "✗ 未实现", "en": "✗ Not achieved"},
    "when.inferred": {"zh": "{when}（推断）", "en": "{when} (inferred)"},
    "when.inferred_stated": {
        "zh": "{when}（推断；{stated}表述）",
        "en": "{when} (inferred; stated {stated})",
    },
    "when.refers_to": {
        "zh": "{value}{unit}所指时期为{when}。",
        "en": "{value} {unit} refer to {when}.",
    },
    "when.month": {"zh": "个月", "en": "month"},
    "when.months": {"zh": "个月", "en": "months"},
    "when.age_generated": {"zh": "距生成日{n}{unit}", "en": "{n} {unit} old at generation"},
    "when.age_evaluated": {
        "zh": "距评估日{n}{unit}",
        "en": "{n} {unit} old at the evaluation date",
    },
    "status.no_target": {"zh": "— 无量化目标", "en": "— No numeric target"},
    "word.csv": {"zh": "下载图表数据 (CSV)", "en": "Download chart data (CSV)"},
    "word.target": {"zh": "目标", "en": "Target"},
    "word.change": {"zh": "变化", "en": "Change"},
    "word.notes": {"zh": "数据说明", "en": "Data notes"},
    "word.source": {"zh": "来源", "en": "Source"},
    "word.provenance": {"zh": "出处与可复现信息", "en": "Provenance"},
    "word.parameters": {"zh": "参数", "en": "Parameters"},
    "word.inputs": {"zh": "输入文件 (SHA-256)", "en": "Input files (SHA-256)"},
    "word.version": {"zh": "软件包版本", "en": "Package version"},
    "word.generated": {"zh": "生成时间", "en": "Generated"},
    "word.vintage": {"zh": "版本", "en": "Vintage"},
    "word.gaps": {"zh": "缺口", "en": "Gaps"},
    "word.synthetic": {"zh": "合成数据", "en": "Synthetic data"},
    "nav.other_lang": {"zh": "en", "en": "zh"},
    "nav.other_label": {"zh": "English", "en": "中文"},
    "nav.index": {"zh": "报告目录", "en": "All reports"},
    "source.published": {
        "zh": "公开发布数据（见数据说明）",
        "en": "Published figures (see data notes)",
    },
    "name.population": {"zh": "年末常住人口", "en": "Year-end resident population"},
    "chart.title": {"zh": "{name}{what}", "en": "{name}: {what}"},
    "list.sep": {"zh": "、", "en": ", "},
    "csv.report": {"zh": "报告", "en": "report"},
    "csv.region": {"zh": "地区", "en": "region"},
    "csv.period": {"zh": "期间", "en": "period"},
    "csv.unit": {"zh": "单位", "en": "unit"},
    "csv.source": {"zh": "来源", "en": "source"},
    "list.semi": {"zh": "、", "en": "; "},
    "source.nbs_portal": {"zh": "国家统计局 国家数据", "en": "NBS national data portal"},
    "source.research": {
        "zh": "Airui Meng, china-digital-economy-disparities（研究汇编，非官方）",
        "en": "Airui Meng, china-digital-economy-disparities (research compilation, not official)",
    },
    "source.rd_techme": {
        "zh": "中国科技统计年鉴（分省R&D经费与强度），经 huhuaping/techme 整理",
        "en": "China Statistical Yearbook on Science and Technology (R&D by province), via "
        "huhuaping/techme",
    },
    "vintage.published": {"zh": "公开发布", "en": "as published"},
    "vintage.nbs_revised_5th_census": {
        "zh": "第五次全国经济普查后修订",
        "en": "revised after the 5th economic census",
    },
    "vintage.nbs_5th_census": {
        "zh": "第五次全国经济普查口径",
        "en": "on the 5th economic census basis",
    },
    "vintage.nbs_portal": {"zh": "国家数据发布值", "en": "NBS data portal release"},
    "vintage.nbs_export": {
        "zh": "国家数据导出值（旧版）",
        "en": "NBS data portal export (old portal)",
    },
    "vintage.research_panel_2013_2022": {
        "zh": "研究面板 2013–2022（部分插补）",
        "en": "research panel 2013–2022 (some cells interpolated)",
    },
    "vintage.miit_gigabit_city_eval": {
        "zh": "工信部千兆城市评估",
        "en": "MIIT gigabit-city evaluation",
    },
    "vintage.cited_by_chongqing_ca": {
        "zh": "重庆市通信管理局引用",
        "en": "cited by the Chongqing telecom authority",
    },
    "vintage.preliminary": {"zh": "初步核算数", "en": "preliminary"},
    "vintage.st_yearbook": {
        "zh": "中国科技统计年鉴（强度按初次公布的GDP计算）",
        "en": "China S&T Statistical Yearbook (intensity on GDP as first published)",
    },
}
