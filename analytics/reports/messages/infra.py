"""Words of the digital-infrastructure and digital-industry sections (NBS portal and R&D data)."""

from __future__ import annotations

from collections.abc import Mapping

from analytics._typing import Lang

__all__ = ["MESSAGES"]

MESSAGES: Mapping[str, Mapping[Lang, str]] = {
    "infra.source": {
        "zh": "国家统计局 分省年度数据（国家数据门户）",
        "en": "NBS provincial annual data (national data portal)",
    },
    "infra.source_rd": {
        "zh": "中国科技统计年鉴（经 huhuaping/techme 整理）",
        "en": "China S&T Statistical Yearbook (via huhuaping/techme)",
    },
    "infra.h.broadband": {"zh": "固定宽带接入用户", "en": "Fixed broadband users"},
    "infra.h.mobile": {
        "zh": "移动互联网用户与户均流量",
        "en": "Mobile internet: users and traffic",
    },
    "infra.h.cable": {"zh": "光缆线路长度", "en": "Optical cable"},
    "infra.h.ranking": {
        "zh": "31个省份比较：每百人固定宽带用户",
        "en": "All 31 provinces: broadband users per 100 residents",
    },
    "infra.h.software": {"zh": "软件业务收入", "en": "Software business revenue"},
    "infra.h.ecommerce": {"zh": "电子商务销售额", "en": "E-commerce sales"},
    "infra.h.online_firms": {
        "zh": "有电子商务交易活动的企业比重",
        "en": "Enterprises trading online",
    },
    "infra.h.rd": {"zh": "R&D经费投入强度", "en": "R&D intensity"},
    "infra.standing": {
        "zh": "{year}年{name}{what}为{amount}，比上年{change}；{base}—{year}年年均增长"
        "{cagr}%。在有数据的{n}个省份中，规模居第{rank}位（{base}年第{rank_base}位），"
        "年均增速居第{cagr_rank}位。",
        "en": "In {year}, {what} in {name} stood at {amount}, {change} on the year before; "
        "{cagr}% a year on average over {base}–{year}. Of the {n} provinces with data it ranks "
        "{rank} by size ({rank_base} in {base}) and {cagr_rank} by average growth.",
    },
    "infra.up": {"zh": "增长{pct}%", "en": "up {pct}%"},
    "infra.down": {"zh": "下降{pct}%", "en": "down {pct}%"},
    "infra.flat": {"zh": "持平", "en": "unchanged"},
    "infra.per_people": {
        "zh": "按{year}年末常住人口计，{name}每百人拥有{what}{value}户，"
        "在{n}个省份中居第{rank}位。",
        "en": "Per 100 residents (year-end {year} population), {name} has {value} {what}, "
        "{rank} of {n} provinces.",
    },
    "infra.per_10k": {
        "zh": "按{year}年末常住人口计，{name}{what}为每万人{value}公里，"
        "在{n}个省份中居第{rank}位。",
        "en": "Per 10,000 residents (year-end {year} population), {name} has {value} km of "
        "{what}, {rank} of {n} provinces.",
    },
    "infra.no_households": {
        "zh": "数据中没有各省家庭户数，因此不按每百户计算，改按每百人（常住人口）计算；"
        "常住人口只有{year}年一年，故人均值只算{year}年。",
        "en": "The data hold no household counts by province, so users are taken per 100 "
        "residents, not per 100 households; population is available for {year} only, so the "
        "per-person figures are for {year} alone.",
    },
    "infra.no_area": {
        "zh": "数据中没有各省土地面积，因此不按每平方公里计算，"
        "改按每万人（{year}年末常住人口）计算。",
        "en": "The data hold no land area by province, so the cable is taken per 10,000 residents "
        "(year-end {year} population), not per km².",
    },
    "infra.no_national": {
        "zh": "国家统计局分省表不含全国合计（各省之和不等于全国数），图中不画全国。",
        "en": "The NBS provincial table has no national total (the provinces do not sum to it), "
        "so China is not drawn.",
    },
    "infra.per_user": {
        "zh": "{year}年{name}移动互联网用户{users}，接入流量{traffic}万GB，"
        "户均{value}GB/年（按年末用户数计），在{n}个省份中居第{rank}位；{base}年为{base_value}GB。",
        "en": "In {year}, {name} had {users} on mobile internet and {traffic} (10,000 GB) "
        "of traffic: {value} GB per user a year (on year-end users), {rank} of {n} provinces; "
        "{base_value} GB in {base}.",
    },
    "infra.per_user_name": {
        "zh": "户均移动互联网接入流量",
        "en": "Mobile internet traffic per user",
    },
    "infra.per_user_unit": {"zh": "GB/户·年", "en": "GB per user a year"},
    "infra.per_100_unit": {"zh": "户/百人", "en": "per 100 residents"},
    "infra.ranking_name": {
        "zh": "{year}年每百人固定宽带接入用户",
        "en": "{year} fixed broadband users per 100 residents",
    },
    "infra.flag": {
        "zh": "⚠ 数据检查：{name}{what}{changes}（比上年），超出该序列的正常波动，"
        "可能是统计口径变化或断点，请核实后再作解读。",
        "en": "⚠ Data check: {what} in {name}: {changes} (on the year before), outside "
        "the series' usual variation; possibly a change of definition or a break: check before "
        "reading it as a real change.",
    },
    "infra.flag_year": {"zh": "{year}年{change}", "en": "{change} in {year}"},
    "infra.n.broadband": {"zh": "{catalog_name}", "en": "fixed broadband users"},
    "infra.n.mobile_users": {"zh": "{catalog_name}", "en": "mobile internet users"},
    "infra.n.cable": {"zh": "{catalog_name}", "en": "optical cable length"},
    "infra.n.software": {"zh": "{catalog_name}", "en": "software business revenue"},
    "infra.n.ecommerce": {"zh": "{catalog_name}", "en": "e-commerce sales"},
    "infra.share_latest": {
        "zh": "{year}年{name}有电子商务交易活动的企业占{value}%，在{n}个省份中居第{rank}位"
        "（{base}年为{base_value}%）。{missing}",
        "en": "In {year}, {value}% of enterprises in {name} traded online, {rank} of {n} "
        "provinces ({base_value}% in {base}). {missing}",
    },
    "infra.share_missing": {
        "zh": "{year}年的比重尚未发布（截取时为空）。",
        "en": "The {year} share was not yet published (empty when captured).",
    },
    "infra.rd_sentence": {
        "zh": "{year}年{name}R&D经费{spend}，投入强度{value}%，在{n}个省份中居第{rank}位"
        "（全国{china}%）。",
        "en": "In {year}, {name} spent {spend} on R&D, an intensity of "
        "{value}%, {rank} of {n} provinces (China {china}%).",
    },
    "infra.rd_gdp": {
        "zh": "R&D经费投入强度 = R&D经费 ÷ 当年初次公布的地区生产总值"
        "（非第五次全国经济普查后的修订值），按《中国科技统计年鉴》原值引用，不重新计算。",
        "en": "R&D intensity = R&D expenditure ÷ GDP as first published that year (not the "
        "revision after the 5th economic census), quoted from the S&T yearbook, never "
        "recomputed.",
    },
    "infra.rd_check": {
        "zh": "核对：{name}{year}年 {spend} ÷ 初次公布的地区生产总值{gdp} = {calc}%"
        "（年鉴为{value}%）。",
        "en": "Check: {name} {year}, {spend} ÷ GDP as first published ({gdp}) = {calc}% "
        "(yearbook: {value}%).",
    },
    "infra.u.users": {"zh": "万户", "en": "10,000 users"},
    "infra.u.km": {"zh": "公里", "en": "km"},
    "infra.u.yi": {"zh": "亿元", "en": "100 million yuan"},
    "infra.unit_shown_yi": {
        "zh": "软件业务收入按国家统计局原单位万元入库，图中换算为亿元（÷10,000）显示。",
        "en": "Software revenue is stored in the NBS unit (10,000 yuan) and drawn in 亿元, "
        "hundreds of millions of yuan (÷10,000).",
    },
    "infra.not_in_data": {
        "zh": "数据中没有{name}的{what}。",
        "en": "The data hold no {what} for {name}.",
    },
    "de.h.per_person": {
        "zh": "强度视角：按人口计的指数",
        "en": "Intensity: the index per person",
    },
    "de.pp_chart": {
        "zh": "{year} 数字经济强度指数（按常住人口计）",
        "en": "{year} digital-economy intensity (per person)",
    },
    "de.pp_rank": {
        "zh": "把{n_total}个总量指标换算为每万常住人口的强度后，{name}居第{rank}位（共{n}个），"
        "按规模的指数中居第{size_rank}位。",
        "en": "With the {n_total} totals taken per 10,000 residents, {name} ranks {rank} of {n}; "
        "{size_rank} on the size-driven index.",
    },
    "de.pp_method": {
        "zh": "常住人口为年平均人口，由国家统计局地区生产总值 ÷ 人均地区生产总值得出"
        "（第五次经济普查后修订数）；强度指数用{span}年的数据统一标准化。",
        "en": "Residents are the average population, from NBS GDP ÷ GDP per capita (revision after "
        "the 5th economic census); the intensity index pools {span}.",
    },
    "de.pp_source": {
        "zh": "研究面板 + 国家统计局地区生产总值与人均地区生产总值",
        "en": "Research panel + NBS GDP and GDP per capita",
    },
    "de.flags_above": {
        "zh": "⚠ 数据检查：本指数所用研究面板中，{name}有{n}个指标序列被标记为"
        "可能的口径变化或断点，详见上文“数字经济发展指数：得分与排名”。",
        "en": "⚠ Data check: {n} of the panel series this index uses are flagged for {name} as "
        "possible breaks or changes of definition; see “score and rank” above.",
    },
}
