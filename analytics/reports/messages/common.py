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
}
