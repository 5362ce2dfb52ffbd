"""Words of a report page's navigation and its printed running head."""

from __future__ import annotations

from collections.abc import Mapping

from analytics._typing import Lang

__all__ = ["MESSAGES"]

MESSAGES: Mapping[str, Mapping[Lang, str]] = {
    "navigation.label": {"zh": "页面导航", "en": "Page navigation"},
    "navigation.related": {"zh": "相关报告", "en": "Related reports"},
    "navigation.editions": {"zh": "历次版本", "en": "Editions"},
    "navigation.region_reports": {"zh": "{name}的其他报告", "en": "Other reports for {name}"},
    "navigation.peers": {"zh": "同类地区的本报告：", "en": "This report for peers: "},
    "navigation.list_sep": {"zh": "、", "en": ", "},
    "navigation.other_lang_title": {
        "zh": "英文版（在报告目录中查找）",
        "en": "Chinese edition (found in the report list)",
    },
    "navigation.page_title": {
        "zh": "{report} · {region} · {period}",
        "en": "{report} · {region} · {period}",
    },
    "navigation.edition": {"zh": "{date} 版", "en": "edition of {date}"},
    "navigation.page": {"zh": "第 {n} 页", "en": "Page {n}"},
}
"""Key → {"zh": text, "en": text}."""
