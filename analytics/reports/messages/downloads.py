"""Words of a report's downloads: the citation, the data licences, the table twin of each chart."""

from __future__ import annotations

from collections.abc import Mapping

from analytics._typing import Lang

__all__ = ["MESSAGES"]

MESSAGES: Mapping[str, Mapping[Lang, str]] = {
    "dl.cite.heading": {"zh": "引用与许可", "en": "How to cite, and licences"},
    "dl.cite.zh": {"zh": "中文引用", "en": "In Chinese"},
    "dl.cite.en": {"zh": "英文引用", "en": "In English"},
    "dl.cite.text": {
        "zh": "《{region}{title}》，{period}，{edition}版。数字经济分析工作台。{url}",
        "en": "{title}: {region}, {period}. Edition of {edition}. Digital Economy Workbench. {url}",
    },
    "dl.cite.latest": {"zh": "最新可得数据", "en": "latest available data"},
    "dl.cite.placeholder": {
        "zh": "（网址为占位地址，正式发布时替换）",
        "en": "(the address is a placeholder, replaced on publication)",
    },
    "dl.licence": {"zh": "数据许可", "en": "Data licences"},
    "dl.licence.nbs": {
        "zh": "国家统计局国家数据门户导出（经 Liushenwuzhu-Alpaca/province-economy 取得）："
        "未记录许可（该仓库无许可文件），数据为国家统计局发布，适用其条款",
        "en": "NBS data-portal exports (via Liushenwuzhu-Alpaca/province-economy): no licence "
        "recorded (the repository has no licence file); NBS releases, under NBS's terms",
    },
    "dl.licence.nbs_portal": {
        "zh": "国家统计局分省面板（经 lanyuanzhe1/tongjimodule 取得）：未记录许可"
        "（该仓库无许可文件），数据为国家统计局发布，适用其条款",
        "en": "NBS provincial panels (via lanyuanzhe1/tongjimodule): no licence recorded (the "
        "repository has no licence file); NBS releases, under NBS's terms",
    },
    "dl.licence.nbs_monthly": {
        "zh": "国家统计局月度数据（经 data-science-in-action/topic-presentation-sunshine 取得）："
        "未记录许可（该仓库无许可文件），数据为国家统计局发布，适用其条款",
        "en": "NBS monthly data (via data-science-in-action/topic-presentation-sunshine): no "
        "licence recorded (the repository has no licence file); NBS releases, under NBS's terms",
    },
    "dl.licence.research": {
        "zh": "研究面板：MIT 许可（© 2026 Airui Meng，仅覆盖 airuimeng1/china-digital-economy-"
        "disparities 的代码）；指标数值仍适用其原发布者的条款",
        "en": "Research panel: MIT licence (© 2026 Airui Meng, for the code of airuimeng1/"
        "china-digital-economy-disparities); the indicators remain under their publishers' terms",
    },
    "dl.licence.rd_techme": {
        "zh": "中国科技统计年鉴数据（经 huhuaping/techme 整理）：MIT 许可（© 2021 Hu Huaping）",
        "en": "S&T Statistical Yearbook data (via huhuaping/techme): MIT licence "
        "(© 2021 Hu Huaping)",
    },
    "dl.licence.reference": {
        "zh": "公开发布数据：未记录许可，各数值适用其发布者的条款（见来源链接）",
        "en": "Published figures: no licence recorded; each is under its publisher's terms "
        "(see its source link)",
    },
    "dl.licence.unknown": {"zh": "未记录许可", "en": "no licence recorded"},
    "dl.package": {"zh": "数据包 (datapackage.json)", "en": "Data package (datapackage.json)"},
    "dl.table": {"zh": "以表格查看图表数据", "en": "Show the chart's data as a table"},
    "dl.table.caption": {"zh": "{title}（单位：{unit}）", "en": "{title} (unit: {unit})"},
    "dl.alt": {
        "zh": "{title}。{where}{when}，数值介于{low}至{high}{unit}。",
        "en": "{title}. {where}{when}; values from {low} to {high} {unit}.",
    },
    "dl.alt.where": {"zh": "涉及{names}；", "en": "For {names}; "},
    "dl.alt.when": {"zh": "时期{first}至{last}", "en": "{first} to {last}"},
    "dl.alt.once": {"zh": "时期{first}", "en": "in {first}"},
    "dl.alt.more": {"zh": "等{n}项", "en": " and {n} more"},
    "dl.sep.names": {"zh": "、", "en": ", "},
    "dl.sep.licences": {"zh": "；", "en": "; "},
    "dl.sep.label": {"zh": "：", "en": ": "},
    "dl.with_unit": {"zh": "{word}（{unit}）", "en": "{word} ({unit})"},
    "dl.col.series": {"zh": "名称", "en": "Name"},
    "dl.col.label": {"zh": "名称", "en": "Name"},
    "dl.col.region": {"zh": "地区代码", "en": "Region code"},
    "dl.col.period": {"zh": "时期", "en": "Period"},
    "dl.col.year": {"zh": "年份", "en": "Year"},
    "dl.col.value": {"zh": "数值", "en": "Value"},
    "dl.col.pillar": {"zh": "维度", "en": "Pillar"},
    "dl.col.indicator": {"zh": "指标代码", "en": "Indicator code"},
    "dl.col.rank": {"zh": "排名", "en": "Rank"},
    "dl.col.forecast": {"zh": "预测", "en": "Forecast"},
    "dl.col.lower_80": {"zh": "80%区间下限", "en": "80% interval, lower"},
    "dl.col.upper_80": {"zh": "80%区间上限", "en": "80% interval, upper"},
    "dl.col.lower_95": {"zh": "95%区间下限", "en": "95% interval, lower"},
    "dl.col.upper_95": {"zh": "95%区间上限", "en": "95% interval, upper"},
    "dl.col.progress_pct": {"zh": "完成进度（%）", "en": "Progress (%)"},
    "dl.col.elapsed_pct": {"zh": "时间进度（%）", "en": "Time elapsed (%)"},
    "dl.col.latest_period": {"zh": "最新数据时期", "en": "Latest period"},
    "dl.col.change": {"zh": "涨跌幅", "en": "Change"},
    "dl.col.shown": {"zh": "图中数值", "en": "Value drawn"},
    "dl.col.status": {"zh": "状态", "en": "Status"},
    "dl.col.vintage": {"zh": "版本", "en": "Vintage"},
}
"""Key → {"zh": text, "en": text}."""
