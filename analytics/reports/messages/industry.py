"""Words of the industry report."""

from __future__ import annotations

from collections.abc import Mapping

from analytics._typing import Lang

__all__ = ["MESSAGES"]

MESSAGES: Mapping[str, Mapping[Lang, str]] = {
    "industry.title": {"zh": "{name}产业经济报告", "en": "{name}: industry and growth"},
    "industry.source": {
        "zh": "国家统计局分省年度数据（第五次经济普查修订）",
        "en": "NBS provincial data (revised after the 5th census)",
    },
    "industry.whole": {"zh": "31省合计", "en": "the 31 provinces combined"},
    "industry.median": {"zh": "31省中位数", "en": "the median province"},
    "industry.subtitle": {"zh": "数据截至{year}年", "en": "Data up to {year}"},
    "industry.subtitle_partial": {
        "zh": "数据截至{year}年（部分数据：尚无{year}年地区生产总值总量）",
        "en": "Data up to {year} (partial edition: no {year} GDP level yet)",
    },
    "industry.growth_card": {"zh": "地区生产总值实际增速", "en": "Real GDP growth"},
    "industry.level_pending": {"zh": "尚无总量数据", "en": "no level yet"},
    "industry.not_yet": {
        "zh": "数据库中尚无{name}{year}年的{what}，最新为{latest}年。",
        "en": "The store has no {year} figures yet for {name}'s {what}; the latest are for "
        "{latest}.",
    },
    "industry.not_yet_none": {
        "zh": "数据库中没有{name}截至{year}年的{what}。",
        "en": "The store has no figures for {name}'s {what} up to {year}.",
    },
    "industry.what.level": {"zh": "地区生产总值总量（现价）", "en": "GDP level (current prices)"},
    "industry.what.index": {"zh": "地区生产总值指数", "en": "GDP index"},
    "industry.what.sectors": {"zh": "各产业增加值", "en": "sector value added"},
    "industry.growth_is_published": {
        "zh": "该增速为首次公开发布的数据，不是国家统计局分省地区生产总值指数。",
        "en": "This growth rate is the first-published figure, not the NBS provincial GDP index.",
    },
    "industry.no_edition": {"zh": "{when}{what}", "en": "{when} {what}"},
    "industry.unit": {"zh": "亿元", "en": "100 million yuan"},
    "industry.real_growth": {"zh": "实际增长 {value}%", "en": "real growth {value}%"},
    "industry.growth_target": {"zh": "增长{value}%", "en": "growth {value}%"},
    "industry.rank": {"zh": "第{rank}/{n}位", "en": "rank {rank} of {n}"},
    "industry.h.gdp": {"zh": "地区生产总值", "en": "Gross regional product"},
    "industry.gdp_chart": {"zh": "{name} {what}", "en": "{name} {what}"},
    "industry.h.peer_growth": {"zh": "与同类地区比较的实际增速", "en": "Real growth against peers"},
    "industry.no_index": {
        "zh": "NBS分省数据不含{missing}的地区生产总值指数，图中未列出。",
        "en": "The NBS provincial export has no GDP index for {missing}; not shown.",
    },
    "industry.peer_chart": {
        "zh": "地区生产总值实际增速（上年=100 指数减 100）",
        "en": "Real GDP growth (index, previous year = 100, minus 100)",
    },
    "industry.share_card": {"zh": "工业增加值占GDP比重", "en": "Industry, share of GDP"},
    "industry.share_sentence": {
        "zh": "{year}年{name}工业增加值占地区生产总值的{value}%（现价）。",
        "en": "In {year}, industry made up {value}% of {name}'s GDP (current prices).",
    },
    "industry.h.sectors": {"zh": "三次产业与工业占比", "en": "Three sectors and industry's share"},
    "industry.sector_chart": {
        "zh": "{name}各产业增加值占GDP比重",
        "en": "{name}: sector shares of GDP",
    },
    "industry.pc_unit": {"zh": "元/人", "en": "yuan per person"},
    "industry.h.per_capita": {"zh": "人均地区生产总值排名", "en": "GDP per capita: ranking"},
    "industry.specialised": {
        "zh": "{year}年{name}专业化程度最高的行业是{label}（区位熵 {lq}，以{whole}为基准）。",
        "en": "In {year}, {name} was most specialised in {label} (location quotient {lq} against "
        "{whole}).",
    },
    "industry.shift_share": {
        "zh": "{start}—{year}年（现价）{name}各行业增加值变化中，全国增长效应{ns}、结构效应{im}、"
        "竞争效应{ce}。",
        "en": "Of the change in sector value added in {name} from {start} to {year} (current "
        "prices), the national-growth effect was {ns}, the industry-mix effect {im} and the "
        "competitive effect {ce}.",
    },
    "industry.h.lq": {"zh": "区位熵与偏离—份额分析", "en": "Location quotients and shift-share"},
    "industry.lq_chart": {
        "zh": "{year}年{name}各行业区位熵（{whole}=1）",
        "en": "{name}: location quotients, {year} ({whole} = 1)",
    },
    "industry.h.published": {
        "zh": "高技术制造业、战略性新兴产业与信创（公开发布数据）",
        "en": "High-tech manufacturing, strategic emerging industries and Xinchuang (published "
        "figures)",
    },
    "industry.published_missing": {
        "zh": "高技术制造业、战略性新兴产业与信创",
        "en": "published high-tech, strategic emerging or Xinchuang",
    },
    "industry.measure.yoy_pct": {"zh": "同比增长", "en": "growth on a year earlier"},
    "industry.measure.share": {"zh": "占比", "en": "share"},
    "industry.published_line": {
        "zh": "{what}（{when}）：{measure}{value}%",
        "en": "{what} ({when}): {measure} {value}%",
    },
    "industry.published_line_older": {
        "zh": "{what}（{when}，早于本期{edition}）：{measure}{value}%",
        "en": "{what} ({when}, before this {edition} edition): {measure} {value}%",
    },
    "industry.nbs_gaps": {
        "zh": "全国合计以31省合计代替（NBS分省导出不含全国）；增速来自地区生产总值指数（可比价），"
        "水平为现价。",
        "en": "'National' is the sum of the 31 provinces (the provincial export has no China row); "
        "growth comes from the GDP index (comparable prices), levels are at current prices.",
    },
}
