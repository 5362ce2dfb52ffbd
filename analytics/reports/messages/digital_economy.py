"""Words of the digital-economy report."""

from __future__ import annotations

from collections.abc import Mapping

from analytics._typing import Lang

__all__ = ["MESSAGES"]

MESSAGES: Mapping[str, Mapping[Lang, str]] = {
    "de.title": {"zh": "{name}数字经济报告", "en": "{name}: digital economy"},
    "de.share_name": {
        "zh": "数字经济核心产业增加值占GDP比重（统计局口径）",
        "en": "Core digital-economy industries, share of GDP (NBS measure)",
    },
    "de.share_card": {"zh": "核心产业占GDP比重", "en": "Core share of GDP"},
    "de.share_target_plan": {"zh": "稳步提升；全国10%", "en": "steady increase; China 10%"},
    "de.share_one_figure": {
        "zh": "仅有一个数据点，无法判断是否“稳步提升”",
        "en": "one figure only: cannot judge a steady increase",
    },
    "de.goal_name": {"zh": "2025年全国目标", "en": "the national 2025 goal"},
    "de.plan_qualitative": {
        "zh": "规划要求“{text_zh}”（定性目标）；现有{n}个数据点，不足以判断。",
        "en": "The plan asks for a steady increase (qualitative); {figures} not enough to judge.",
    },
    "de.figures_one": {"zh": "1个数据点", "en": "one figure is"},
    "de.figures_n": {"zh": "{n}个数据点", "en": "{n} figures are"},
    "de.h.core_share": {"zh": "数字经济核心产业占比", "en": "Core digital-economy industries"},
    "de.share_source": {"zh": "国家统计局及各地公开发布", "en": "NBS and local releases"},
    "de.caict_sentence": {
        "zh": "按中国信通院口径（数字产业化+产业数字化），{year}年全国数字经济规模占GDP的{value}%；"
        "该口径与上一节统计局核心产业口径含义不同，不可直接比较。",
        "en": "On CAICT's measure (digital industrialisation plus industrial digitalisation), "
        "China's digital economy was {value}% of GDP in {year}; this answers a different "
        "question from the NBS core measure above and is not comparable.",
    },
    "de.h.caict": {
        "zh": "全国数字经济规模（信通院口径，单独列示）",
        "en": "China's digital-economy scale (CAICT measure, shown separately)",
    },
    "de.caict_chart": {
        "zh": "全国数字经济规模占GDP比重（信通院口径）",
        "en": "China: digital economy, share of GDP (CAICT measure)",
    },
    "de.caict_source": {
        "zh": "中国信通院《中国数字经济发展研究报告》",
        "en": "CAICT digital economy reports",
    },
    "de.caict_note": {"zh": "信通院口径", "en": "CAICT measure"},
    "de.index_name": {"zh": "数字经济发展指数", "en": "Digital Economy Development Index"},
    "de.index_source": {
        "zh": "研究面板（31省×22指标，2013—2022，非官方汇编），指标体系等权合成",
        "en": "Research panel (31 provinces × 22 indicators, 2013–2022, unofficial), handbook "
        "framework",
    },
    "de.rank": {"zh": "第{rank}/{n}位", "en": "rank {rank} of {n}"},
    "de.rank_band": {"zh": "排名区间 {lo}–{hi}（90%）", "en": "rank band {lo}–{hi} (90%)"},
    "de.monte_carlo": {
        "zh": "在建模选择（标准化、权重、加总）的蒙特卡洛模拟（200次）中，"
        "排名的90%区间为第{lo}至{hi}位。",
        "en": "Across 200 Monte Carlo runs over the modelling choices (normalisation, weights, "
        "aggregation), the 90% rank band is {lo} to {hi}.",
    },
    "de.pca_rank": {
        "zh": "按主成分法（另一种赋权）计算，{name}居第{rank}位。",
        "en": "Weighted by principal components instead, {name} ranks {rank}.",
    },
    "de.pooled": {
        "zh": "指数对全部省份和年份统一标准化：增加一年数据会改变所有数值。"
        "研究面板为非官方汇编，部分缺失值经插补。",
        "en": "The index pools every province and year: adding a year changes every value. The "
        "research panel is an unofficial compilation; some missing cells were interpolated.",
    },
    "de.h.index": {
        "zh": "数字经济发展指数：得分与排名",
        "en": "Digital Economy Development Index: score and rank",
    },
    "de.best_pillar": {
        "zh": "{year}年{name}得分最高的分项是{pillar}（{value}）。",
        "en": "In {year}, {name} scored highest on {pillar} ({value}).",
    },
    "de.not_in_panel": {
        "zh": "研究面板不含：{names}。",
        "en": "Not in the research panel: {names}.",
    },
    "de.h.pillars": {"zh": "分项得分：与同类地区比较", "en": "Pillar profile against peers"},
    "de.pillar_chart": {"zh": "{year} 指数分项得分", "en": "{year} index pillars"},
    "de.synthetic.heading": {
        "zh": "数字经济核算：按大类（合成数据）",
        "en": "Digital-economy accounts by major class (SYNTHETIC data)",
    },
    "de.synthetic.warning": {
        "zh": "【合成数据】以下数字来自随机生成的企业名录，仅演示核算方法，不是真实统计。",
        "en": "[SYNTHETIC] These figures come from a randomly generated firm register; they show "
        "the method, not real statistics.",
    },
    "de.synthetic.chart": {
        "zh": "【合成数据】{name} {year} 数字经济增加值（按大类）",
        "en": "[SYNTHETIC] {name} {year}: digital-economy value added by class",
    },
    "de.synthetic.unit": {"zh": "合成单位", "en": "synthetic units"},
    "de.synthetic.what": {"zh": "合成名录", "en": "synthetic register"},
    "de.synthetic.note": {"zh": "合成企业名录", "en": "Synthetic firm register"},
    "de.synthetic.gaps": {
        "zh": "对照表为近似（大类 39、63、64、65）",
        "en": "approximate concordance (divisions 39, 63, 64, 65)",
    },
    "de.size.totals": {
        "zh": "指数的{n}个指标中有{n_total}个是总量指标（如光缆长度、软件业务收入、专利授权数），"
        "因此排名主要反映经济规模",
        "en": "{n_total} of the index's {n} indicators are absolute totals (cable length, software "
        "revenue, patent grants), so the ranking mostly reflects economic size",
    },
    "de.size.rho": {
        "zh": "：{year}年指数与地区生产总值的秩相关系数为{rho}",
        "en": ": in {year} its rank correlation with GDP is {rho}",
    },
    "de.size.end": {
        "zh": "。人均或按GDP计的强度需另看。",
        "en": ". Intensity (per person or per unit of GDP) is a different question.",
    },
    "de.int.ranked": {
        "zh": "把{n}个总量指标换算为每亿元地区生产总值的强度后，{who}居第{rank}位（共{of}个）",
        "en": "With the {n} totals taken per unit of GDP, {who} ranks {rank} of {of}",
    },
    "de.int.unranked": {
        "zh": "把总量指标换算为每亿元地区生产总值的强度后",
        "en": "With the totals taken per unit of GDP",
    },
    "de.int.rho": {
        "zh": "；强度指数与地区生产总值的秩相关系数为{rho}。",
        "en": "; this intensity index has a rank correlation of {rho} with GDP. ",
    },
    "de.int.no_rho": {"zh": "。", "en": ". "},
    "de.int.pools": {
        "zh": "强度指数用{span}年的数据统一标准化，"
        "地区生产总值为国家统计局第五次经济普查后修订数。",
        "en": "It pools {span}; GDP is the NBS revision after the 5th economic census.",
    },
    "de.int.chart": {
        "zh": "{year} 数字经济强度指数（按GDP计）",
        "en": "{year} digital-economy intensity (per unit of GDP)",
    },
    "de.int.source": {"zh": "研究面板 + 国家统计局地区生产总值", "en": "Research panel + NBS GDP"},
    "de.int.heading": {
        "zh": "强度视角：按GDP计的指数",
        "en": "Intensity: the index per unit of GDP",
    },
}
