"""Words of the 5G report."""

from __future__ import annotations

from collections.abc import Mapping

from analytics._typing import Lang

__all__ = ["FORECAST", "MESSAGES"]

MESSAGES: Mapping[str, Mapping[Lang, str]] = {
    "fiveg.title": {
        "zh": "{name}5G与数字基础设施报告",
        "en": "{name}: 5G and digital infrastructure",
    },
    "fiveg.subtitle": {
        "zh": "5G数据来自零散的公开发布，记录稀疏：图中空白即为缺失，不作插补。"
        "宽带、移动互联网和光缆来自国家统计局分省年度数据（31个省份，2016—2024年）。",
        "en": "5G figures come from scattered public releases; the record is sparse: blanks are "
        "gaps, never filled in. Broadband, mobile internet and optical cable come from the NBS "
        "provincial annual tables (31 provinces, 2016–2024).",
    },
    "fiveg.stations": {"zh": "{catalog_name}", "en": "5G base stations"},
    "fiveg.unit": {"zh": "个", "en": "stations"},
    "fiveg.published_points": {"zh": "共{n}个公开数据点", "en": "{n} published figures"},
    "fiveg.points_list": {
        "zh": "已公开的数据点：{points}；其间没有数据的年份在图中留空。",
        "en": "Published data points: {points}; years without data are left blank.",
    },
    "fiveg.h.base_stations": {
        "zh": "5G基站建设与规划目标",
        "en": "5G base stations against the plan",
    },
    "fiveg.h.base_stations_missing": {"zh": "5G基站建设", "en": "5G base stations"},
    "fiveg.density_name": {"zh": "{catalog_name}", "en": "5G base stations per 10,000 people"},
    "fiveg.density_unit": {"zh": "个/万人", "en": "per 10,000 people"},
    "fiveg.h.density": {
        "zh": "每万人5G基站数：与同类地区和全国比较",
        "en": "Density against peers and China",
    },
    "fiveg.users_name": {"zh": "5G移动电话用户数", "en": "5G mobile phone users"},
    "fiveg.users_unit": {"zh": "万户", "en": "10,000 users"},
    "fiveg.h.users": {"zh": "5G移动电话用户数", "en": "5G users"},
    "fiveg.too_few_points": {
        "zh": "{name}：可用的年度数据点只有{n}个；趋势模型至少需要{need}个（两个参数，另留两个残差"
        "自由度），不作预测。",
        "en": "{name}: only {n} usable yearly figures; a trend needs at least {need} (two "
        "parameters plus two residual degrees of freedom); no forecast.",
    },
    "fiveg.sparse_title": {"zh": "记录稀疏", "en": "A sparse record"},
    "fiveg.sparse_gaps": {
        "zh": "5G指标来自各地零散的公开发布，时点不一（年末或某月），"
        "口径（版本）可能不同；缺失年份不插补。",
        "en": "5G figures come from scattered releases at different dates (year-end or a month) "
        "and possibly different vintages; missing years are not filled in.",
    },
    "fiveg.density_rank": {
        "zh": "在有{when}数值的{n}个地区中，{name}居第{rank}位：{parts}。",
        "en": "Of the {n} regions with a figure for {when}, {name} ranks {rank}: {parts}.",
    },
    "fiveg.density_alone": {
        "zh": "只有{name}有{when}的数值，无法与其他地区排名。",
        "en": "Only {name} has a figure for {when}, so there is no ranking.",
    },
    "fiveg.density_order": {
        "zh": "有{when}数值的{n}个地区由高到低：{parts}。",
        "en": "The {n} regions with a figure for {when}, highest first: {parts}.",
    },
    "fiveg.density_listed": {
        "zh": "以下地区没有{when}的数值（或只有下限），列出其最新值，不参与排名：{parts}。",
        "en": "Listed with their latest figure, not ranked (no figure for {when}, or only a "
        "bound): {parts}.",
    },
    "fiveg.density_listed_all": {
        "zh": "各地最新值的时点互不相同，只列出，不排名：{parts}。",
        "en": "The regions' latest figures are all of different dates, so they are listed, not "
        "ranked: {parts}.",
    },
    "fiveg.density_reference": {
        "zh": "全国合计仅作参照，不与各地区排名：{parts}。",
        "en": "The national figure is a reference, not ranked among regions: {parts}.",
    },
    "fiveg.density_label.ranked": {"zh": "{name} {when}", "en": "{name} {when}"},
    "fiveg.density_label.alone": {"zh": "{name} {when}", "en": "{name} {when}"},
    "fiveg.density_label.bound": {
        "zh": "{name} {when}（不排名）",
        "en": "{name} {when} (not ranked)",
    },
    "fiveg.density_label.other_period": {
        "zh": "{name} {when}（不排名）",
        "en": "{name} {when} (not ranked)",
    },
    "fiveg.density_label.aggregate": {
        "zh": "{name} {when}（参照）",
        "en": "{name} {when} (reference)",
    },
    "fiveg.density_part": {"zh": "{name} {value}（{when}）", "en": "{name} {value} ({when})"},
    "fiveg.density_part_undated": {"zh": "{name} {value}", "en": "{name} {value}"},
    "fiveg.density_sep": {"zh": "；", "en": "; "},
    "fiveg.density_computed": {
        "zh": "{who}的每万人基站数为计算值：{when}的基站数{level}个除以{year}年末常住人口"
        "{people}万人，得{density}。",
        "en": "{who}'s density is computed: {level} stations ({when}) / {people} × 10,000 "
        "residents (end-{year}) = {density}.",
    },
    "fiveg.density_gap_later": {
        "zh": "没有与基站数同一时点的人口数据，取最近的{year}年末人口，晚于基站数{gap}。",
        "en": " No population of the stations' date is on file: the nearest, end-{year}, is "
        "{gap} later.",
    },
    "fiveg.density_gap_earlier": {
        "zh": "没有与基站数同一时点的人口数据，取最近的{year}年末人口，早于基站数{gap}。",
        "en": " No population of the stations' date is on file: the nearest, end-{year}, is "
        "{gap} earlier.",
    },
    "fiveg.density_gap.month": {"zh": "{n}个月", "en": "{n} month"},
    "fiveg.density_gap.months": {"zh": "{n}个月", "en": "{n} months"},
    "fiveg.density_gap.year": {"zh": "{n}年", "en": "{n} year"},
    "fiveg.density_gap.years": {"zh": "{n}年", "en": "{n} years"},
}

FORECAST: Mapping[str, Mapping[Lang, str]] = {
    "forecast.model.linear": {"zh": "线性趋势", "en": "a linear trend"},
    "forecast.model.damped": {
        "zh": "阻尼趋势（年增量逐年递减）",
        "en": "a damped trend (shrinking yearly additions)",
    },
    "forecast.model.log-linear": {
        "zh": "对数线性趋势（增速不变）",
        "en": "a log-linear trend (constant growth rate)",
    },
    "forecast.model.ets": {
        "zh": "指数平滑（ETS，阻尼趋势）",
        "en": "exponential smoothing (ETS, damped trend)",
    },
    "forecast.short.linear": {"zh": "线性", "en": "linear"},
    "forecast.short.damped": {"zh": "阻尼", "en": "damped"},
    "forecast.short.log-linear": {"zh": "对数线性", "en": "log-linear"},
    "forecast.short.ets": {"zh": "ETS", "en": "ETS"},
    "forecast.chosen": {
        "zh": "在{origins}个预测起点的滚动回测（逐年向前一步预测）中，{n}个候选模型里"
        "{model}误差最小（平均绝对百分比误差{error}%），据此外推：{who}{year}年末约为{value}{unit}"
        "（80%区间 {lo}–{hi}）。",
        "en": "In a rolling-origin backtest (one-step-ahead forecasts from {origins} origins), "
        "{model} erred least of {n} candidate models (mean absolute percentage error {error}%); "
        "it puts {who} at about {value} {unit} at the end of {year} (80% interval {lo}–{hi}).",
    },
    "forecast.untested": {
        "zh": "趋势外推，未经检验：{who}只有{points}个年度数据点，滚动回测至少需要{need}个预测起点"
        "（现有{origins}个），因此不报告回测误差。按{model}外推，{who}{year}年末约为{value}{unit}"
        "（80%区间 {lo}–{hi}）。",
        "en": "Trend only, not tested: {who} has {points} yearly figures, too few for a backtest "
        "on at least {need} origins ({origins} available), so no backtest error is claimed. "
        "Extrapolating {model} puts {who} at about {value} {unit} at the end of {year} "
        "(80% interval {lo}–{hi}).",
    },
    "forecast.bands": {
        "zh": "区间来自按所选模型模拟的{paths}条路径（固定随机种子）；已建成的基站不会减少，"
        "故每条路径都不低于截至{when}末已建成的{built}{unit}，也不低于其上一年。",
        "en": "The intervals come from {paths} paths simulated from the chosen model (fixed "
        "seed); built stations are not dismantled, so no path falls below the {built} {unit} "
        "built by the end of {when}, nor below its own previous year.",
    },
    "forecast.disagree": {
        "zh": "各候选模型（{models}）对{year}年末的预测相差{range}{unit}，超过所选模型80%区间的宽度"
        "（{width}{unit}）：选哪个模型比区间显示的不确定性更要紧，结果仅供参考。",
        "en": "The candidate models ({models}) disagree for the end of {year} ({range} {unit}) by "
        "more than the width of the chosen model's 80% interval ({width} {unit}): the choice of "
        "model matters more than the interval shows; read the forecast as indicative.",
    },
    "forecast.no_probability.beyond_horizon": {
        "zh": "目标年份{year}年超出数据所能支持的预测期（至{end}年），不给出达标概率。",
        "en": "The target year {year} lies beyond the horizon the data support (to {end}), so no "
        "chance of meeting the target is given.",
    },
    "forecast.no_probability.within_record": {
        "zh": "目标年份{year}年已在观测期内：是否达标以实际数据为准，不给出预测概率。",
        "en": "The target year {year} is within the observed record: the figures, not a "
        "forecast, say whether the target was met.",
    },
    "forecast.context": {
        "zh": "{name}的记录太短，无法单独预测；下图为{who}的趋势预测，仅供参考。",
        "en": "{name}'s record is too short for a forecast of its own; the chart shows {who} "
        "for context.",
    },
    "forecast.probability": {
        "zh": "按所选模型，{year}年末达到目标的概率约为{pct}%。",
        "en": "Under the chosen model, the chance of meeting the target by the end of {year} is "
        "about {pct}%.",
    },
    "forecast.h.with_probability": {
        "zh": "预测与达标概率",
        "en": "Forecast and the chance of meeting the target",
    },
    "forecast.h.plain": {"zh": "趋势预测", "en": "Forecast"},
    "forecast.chart_title": {
        "zh": "{who}5G基站数预测：{model}，回测误差{error}%",
        "en": "{who}: 5G base stations, {model}; backtest error {error}%",
    },
    "forecast.chart_title_untested": {
        "zh": "{who}5G基站数：{model}，趋势外推，未经检验",
        "en": "{who}: 5G base stations, {model}; trend only, not tested",
    },
}
