"""Words of the monthly bulletin (analytics.reports.monthly)."""

from __future__ import annotations

from collections.abc import Mapping

from analytics._typing import Lang

__all__ = ["MESSAGES"]

MESSAGES: Mapping[str, Mapping[Lang, str]] = {
    "monthly.title": {"zh": "{name}月度数据简报", "en": "{name}: monthly bulletin"},
    "monthly.subtitle": {
        "zh": "数据截至{month}（国家统计局月度数据）",
        "en": "Data up to {month} (NBS monthly data)",
    },
    "monthly.subtitle_none": {
        "zh": "数据库中没有{name}{when}的月度数据",
        "en": "The store holds no monthly figures for {name}{when}",
    },
    "monthly.card_unit_index": {"zh": "上年同月=100", "en": "(a year earlier = 100)"},
    "monthly.when": {"zh": "（{when}）", "en": " ({when})"},
    "monthly.source": {
        "zh": "国家统计局月度数据",
        "en": "NBS monthly data",
    },
    "monthly.change_card": {"zh": "同比{word}{value}%", "en": "{word} {value}% year on year"},
    "monthly.up": {"zh": "上涨", "en": "up"},
    "monthly.down": {"zh": "下降", "en": "down"},
    "monthly.flat": {"zh": "持平", "en": "unchanged"},
    "monthly.rank_card": {
        "zh": "涨幅居{n}个省份第{rank}位",
        "en": "rank {rank} of {n} provinces by the rise",
    },
    "monthly.index_sentence": {
        "zh": "{when}，{name}{what}为{value}（上年同月=100），{change}。",
        "en": "{name}, {when}: {what} {value} (same month of the previous year = 100), {change}.",
    },
    "monthly.change_words": {
        "zh": "同比{word}{value}%",
        "en": "prices {word} {value}% on a year earlier",
    },
    "monthly.change_flat": {"zh": "与上年同月持平", "en": "prices unchanged on a year earlier"},
    "monthly.level_sentence": {
        "zh": "{when}，{name}{what}为{value}{unit}{change}。",
        "en": "{name}, {when}: {what} {value} {unit}{change}.",
    },
    "monthly.level_change": {
        "zh": "，比上年同月{word}{value}%（由月度值计算）",
        "en": ", {word} {value}% on the same month a year earlier "
        "(computed from the monthly values)",
    },
    "monthly.older": {
        "zh": "{what}最新月份为{when}，{month}尚未发布。",
        "en": "The latest month of the {what} is {when}; {month} is not published yet.",
    },
    "monthly.ytd": {
        "zh": "{since}至{when}累计{value}{unit}（由各月当期值累加）。",
        "en": "{since} to {when}: {value} {unit} in all (the sum of the monthly values).",
    },
    "monthly.ytd_stored": {
        "zh": "{when}累计{value}{unit}（国家统计局累计值）。",
        "en": "Year to date in {when}: {value} {unit} (the NBS cumulative value).",
    },
    "monthly.ytd_gap": {
        "zh": "本年有月份缺数，累计值无法由月度值得出。",
        "en": "A month of the year is missing, so no year-to-date value can be summed.",
    },
    "monthly.ytd_index": {
        "zh": "价格指数按月与上年同月比较，累计平均涨幅不能由月度指数相加得出，本简报不计算。",
        "en": "A price index compares each month with the same month a year earlier; the "
        "year-to-date average cannot be summed from the monthly indices, so none is computed.",
    },
    "monthly.trend_chart": {"zh": "{what}：近24个月", "en": "{what}: the last 24 months"},
    "monthly.trend_unit_index": {"zh": "同比涨跌幅（%）", "en": "Year-on-year change (%)"},
    "monthly.rank_chart": {
        "zh": "{when}各省份{what}同比涨跌幅",
        "en": "{what}, year-on-year change by province, {when}",
    },
    "monthly.h.provinces": {"zh": "{what}：各省份比较", "en": "{what}: the provinces"},
    "monthly.rank_sentence": {
        "zh": "{when}，{name}{what}同比涨幅在{n}个省份中居第{rank}位（由高到低）。",
        "en": "In {when}, {name} ranked {rank} of {n} provinces by the year-on-year rise in "
        "the {what} (highest first).",
    },
    "monthly.rank_national": {
        "zh": "{when}，{n}个省份中{top}涨幅最高（{top_value}%），{bottom}最低（{bottom_value}%）。",
        "en": "In {when}, of {n} provinces {top} rose most ({top_value}%) and {bottom} least "
        "({bottom_value}%).",
    },
    "monthly.rank_none": {
        "zh": "{what}没有分省月度数据，无法排名。",
        "en": "There are no provincial monthly figures of the {what}, so no ranking.",
    },
    "monthly.vs_national": {
        "zh": "全国同期为{value}（同比{change}%）。",
        "en": "China as a whole: {value} ({change}% year on year).",
    },
    "monthly.gaps": {
        "zh": "空白单元格（如最新一月尚未发布）作为缺失值保存，不作为零；"
        "1—2月合并发布的数据为一个时期。",
        "en": "Empty cells (such as a month not yet published) are kept as missing, never as "
        "zero; a January–February combined release is one period.",
    },
}
