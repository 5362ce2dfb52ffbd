"""The forecast section of a stock: the model chosen by backtest, named with its error.

The section says which model won the rolling-origin backtest and by what error, how far the
candidate models disagree, and P(meeting the target) only when the chosen model gives one.
"""

from __future__ import annotations

import polars as pl

from analytics import charts
from analytics.reports import narrative as nv
from analytics.reports.content._base import Lang, Section, rname
from analytics.stats.periods import period_start
from analytics.stats.trend_select import TrendChoice

__all__ = ["forecast_frame", "forecast_section"]

MODEL_NAMES = {
    "zh": {"linear": "线性趋势", "damped": "阻尼趋势（年增量逐年递减）",
           "log-linear": "对数线性趋势（增速不变）", "ets": "指数平滑（ETS，阻尼趋势）"},
    "en": {"linear": "a linear trend", "damped": "a damped trend (shrinking yearly additions)",
           "log-linear": "a log-linear trend (constant growth rate)",
           "ets": "exponential smoothing (ETS, damped trend)"},
}  # fmt: skip
_SOURCE = {"zh": "公开发布数据（见数据说明）", "en": "Published figures (see data notes)"}
#: Candidates whose forecasts differ by more than this ratio are said to disagree.
DISAGREE = 1.25


def forecast_frame(observed: pl.DataFrame, choice: TrendChoice) -> pl.DataFrame:
    """Observed yearly points, an anchor at the last one, and the forecast with its bands.

    Every row is dated at its period's start, so year-end stocks sit on their year's tick.
    """
    obs = observed.select("period", "value")
    last = obs.row(-1, named=True)
    v = float(last["value"])
    anchor = pl.DataFrame({
        "period": [last["period"]], "forecast": [v], "lower_80": [v], "upper_80": [v],
        "lower_95": [v], "upper_95": [v],
    })  # fmt: skip
    ahead = choice.forecast.drop("t")
    out = pl.concat([obs, anchor, ahead], how="diagonal_relaxed")
    out = out.group_by("period", maintain_order=True).agg(pl.all().drop_nulls().first())
    dated = out.with_columns(period_start().dt.to_string("%Y-%m-%d").alias("date"))
    return dated.sort("date").select("date", pl.exclude("date"))


def _round(x: float) -> str:
    """A forecast to three significant figures: 5,562,123 → 5,560,000 (no false precision)."""
    return nv.fmt(float(f"{x:.3g}"), digits=0)


def _sentences(choice: TrendChoice, who: str, unit: str, lang: Lang) -> list[str]:
    end = choice.forecast.row(-1, named=True)
    model = MODEL_NAMES[lang][choice.model]
    n = sum(e is not None for e in choice.backtest.values())
    val, lo, hi = _round(end["forecast"]), _round(end["lower_80"]), _round(end["upper_80"])
    if lang == "zh":
        out = [
            f"在{n}个候选模型的滚动回测（逐年向前一步预测）中，{model}误差最小"
            f"（平均绝对误差{choice.error:.1f}%），据此外推：{who}{end['period']}年末约为"
            f"{val}{unit}（80%区间 {lo}–{hi}）。"
        ]
    else:
        out = [
            f"Of {n} candidate models tested by rolling one-step-ahead forecasts, {model} erred "
            f"least (mean absolute error {choice.error:.1f}%); it puts {who} at about {val} "
            f"{unit} at the end of {end['period']} (80% interval {lo}–{hi})."
        ]
    low, high = choice.spread()
    if low > 0 and high / low > DISAGREE:
        rng = f"{_round(low)}–{_round(high)}"
        out.append(
            f"各候选模型对{end['period']}年末的预测相差较大（{rng}{unit}），结果仅供参考。"
            if lang == "zh"
            else f"The candidate models disagree for the end of {end['period']} ({rng} {unit}): "
            "read the forecast as indicative."
        )
    return out


def forecast_section(
    frame: pl.DataFrame | None,
    choice: TrendChoice | None,
    who_code: str | None,
    region: str,
    target: object | None,
    lang: Lang,
    warnings: list[str],
) -> Section:
    """The forecast section: a fan chart of the chosen model, or why there is none."""
    unit = "个" if lang == "zh" else "stations"
    sents = list(dict.fromkeys(warnings))
    if frame is None or choice is None or who_code is None:
        heading = "趋势预测" if lang == "zh" else "Forecast"
        return Section(heading, sentences=sents)
    who = rname(who_code, lang)
    sents += _sentences(choice, who, unit, lang)
    tv = getattr(target, "value", None) if who_code == region else None
    year = getattr(target, "year", "")
    if who_code != region and not warnings:
        sents.insert(
            0,
            f"{rname(region, lang)}的记录太短，无法单独预测；下图为{who}的趋势预测，仅供参考。"
            if lang == "zh"
            else f"{rname(region, lang)}'s record is too short for a forecast of its own; "
            f"the chart shows {who} for context.",
        )
    elif choice.probability is not None and tv:
        sents.append(
            f"按所选模型，{year}年末达到目标的概率约为{choice.probability * 100:.0f}%。"
            if lang == "zh"
            else f"Under the chosen model, the chance of meeting the target by the end of {year} "
            f"is about {choice.probability * 100:.0f}%."
        )
    with_prob = choice.probability is not None and bool(tv)
    heading = {
        ("zh", True): "预测与达标概率", ("zh", False): "趋势预测",
        ("en", True): "Forecast and the chance of meeting the target", ("en", False): "Forecast",
    }[(lang, with_prob)]  # fmt: skip
    model = MODEL_NAMES[lang][choice.model]
    title = (
        f"{who}5G基站数预测：{model}，回测误差{choice.error:.1f}%"
        if lang == "zh"
        else f"{who}: 5G base stations, {model}; backtest error {choice.error:.1f}%"
    )
    chart = charts.build_fan_chart(
        frame,
        title=title,
        unit=unit,
        source="公开发布数据（见数据说明）"
        if lang == "zh"
        else "Published figures (see data notes)",
        lang=lang,
        target=float(tv) if tv else None,
        description=sents[0],
    )
    return Section(heading, chart, "forecast", frame, sents)
