"""Sentences generated from numbers, in Chinese and English from the same call.

Each function takes numbers (already computed) and ``lang`` and returns one sentence. Numbers are
formatted the way each language writes them; nothing here reads data.
"""

from __future__ import annotations

import math

from analytics._typing import Lang

__all__ = [
    "Lang",
    "amount",
    "fmt",
    "growth_sentence",
    "level_sentence",
    "missing_sentence",
    "rank_sentence",
    "share_vs_goal_sentence",
    "target_sentence",
]


def fmt(value: float | None, *, digits: int = 1, qualifier: str | None = None) -> str:
    """A number with thousands separators and ``digits`` decimals; ``–`` for missing.

    A published bound keeps its qualifier (``>16``, ``≥30``); NaN and infinity are never printed.

    Examples
    --------
    >>> fmt(17211.8), fmt(70000, digits=0), fmt(None), fmt(float("nan"))
    ('17,211.8', '70,000', '–', '–')
    >>> fmt(16.0, digits=0, qualifier=">"), fmt(30.0, digits=0, qualifier="≥")
    ('>16', '≥30')
    """
    if value is None or not math.isfinite(value):
        return "–"
    return f"{qualifier or ''}{value:,.{digits}f}"


_EN_SCALES = {"10,000 persons": "people", "10,000 users": "users",
              "10,000 households": "households", "10,000 people": "people"}  # fmt: skip


def amount(value: float, unit: str, *, lang: Lang, digits: int = 1) -> str:
    """A value with its unit as readers of ``lang`` write it.

    Chinese keeps 亿元 and 万人; English turns "100 million yuan" into billions or trillions and
    "10,000 persons" into millions.

    Examples
    --------
    >>> amount(17931.3, "亿元", lang="zh")
    '17,931.3亿元'
    >>> amount(17931.3, "100 million yuan", lang="en"), amount(842.6, "100 million yuan", lang="en")
    ('1.79 trillion yuan', '84.3 billion yuan')
    >>> amount(1364.0, "10,000 persons", lang="en", digits=0)
    '13.64 million people'
    """
    if lang == "zh":
        return f"{fmt(value, digits=digits)}{unit}"
    if unit == "100 million yuan" and math.isfinite(value):
        yuan = value * 1e8
        if abs(yuan) >= 1e12:
            return f"{yuan / 1e12:,.2f} trillion yuan"
        return f"{yuan / 1e9:,.1f} billion yuan"
    if unit in _EN_SCALES and math.isfinite(value):
        return f"{value / 100:,.2f} million {_EN_SCALES[unit]}"
    return f"{fmt(value, digits=digits)} {unit}".rstrip()


def _when(period: str, lang: Lang) -> str:
    """``2024年`` / ``截至2024年3月，`` and ``In 2024`` / ``By March 2024``."""
    from analytics.stats.periods import format_period

    text = format_period(period, lang)
    if lang == "zh":
        return text if len(period) == 4 else f"截至{text}，"
    return f"In {text}" if len(period) == 4 else f"By {text}"


def level_sentence(
    name: str, region: str, period: str, value: float, unit: str, *, lang: Lang, digits: int = 1
) -> str:
    """``region``'s ``name`` in ``period`` was ``value`` ``unit``.

    Examples
    --------
    >>> level_sentence("地区生产总值", "天津", "2024", 18024.3, "亿元", lang="zh")
    '2024年天津地区生产总值为18,024.3亿元。'
    >>> level_sentence("GDP", "Tianjin", "2024", 17931.3, "100 million yuan", lang="en")
    'In 2024, GDP in Tianjin was 1.79 trillion yuan.'
    >>> level_sentence("5G基站数", "天津", "2024-03", 73000, "个", lang="zh", digits=0)
    '截至2024年3月，天津5G基站数为73,000个。'
    """
    when, how_much = _when(period, lang), amount(value, unit, lang=lang, digits=digits)
    if lang == "zh":
        return f"{when}{region}{name}为{how_much}。"
    return f"{when}, {name} in {region} was {how_much}."


def growth_sentence(
    name: str, region: str, period: str, growth: float, *, lang: Lang, versus: float | None = None,
    versus_name: str = "",
) -> str:  # fmt: skip
    """Real growth over the previous year, optionally against a comparison region.

    Examples
    --------
    >>> growth_sentence("地区生产总值", "天津", "2024", 5.1, lang="zh", versus=5.0,
    ...                 versus_name="31省合计")
    '2024年天津地区生产总值按可比价格计算比上年增长5.1%，高于31省合计（5.0%）。'
    >>> growth_sentence("GDP", "Tianjin", "2024", -0.5, lang="en")
    'In 2024, GDP in Tianjin fell by 0.5% in real terms over the previous year.'
    """
    if lang == "zh":
        verb = "增长" if growth >= 0 else "下降"
        text = f"{period}年{region}{name}按可比价格计算比上年{verb}{fmt(abs(growth))}%"
        if versus is not None:
            cmp = "高于" if growth > versus else ("低于" if growth < versus else "持平于")
            text += f"，{cmp}{versus_name}（{fmt(versus)}%）"
        return text + "。"
    verb = "grew by" if growth >= 0 else "fell by"
    text = f"In {period}, {name} in {region} {verb} {fmt(abs(growth))}% in real terms over the previous year"  # noqa: E501
    if versus is not None:
        cmp = "above" if growth > versus else ("below" if growth < versus else "level with")
        text += f", {cmp} {versus_name} ({fmt(versus)}%)"
    return text + "."


def rank_sentence(name: str, region: str, period: str, rank: int, of: int, *, lang: Lang) -> str:
    """Rank among ``of`` regions (1 = highest).

    Examples
    --------
    >>> rank_sentence("地区生产总值", "天津", "2024", 24, 31, lang="zh")
    '2024年天津地区生产总值在31个省份中居第24位。'
    >>> rank_sentence("GDP", "Tianjin", "2024", 24, 31, lang="en")
    'In 2024, Tianjin ranked 24th of 31 provinces by GDP.'
    """
    if lang == "zh":
        return f"{period}年{region}{name}在{of}个省份中居第{rank}位。"
    return f"In {period}, {region} ranked {_ordinal(rank)} of {of} provinces by {name}."


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def target_sentence(
    name: str, region: str, period: str, value: float, target: float, target_year: int,
    unit: str, *, lang: Lang, probability: float | None = None, digits: int = 0,
) -> str:  # fmt: skip
    """Where the latest value stands against a numeric target (and the chance of reaching it).

    Examples
    --------
    >>> target_sentence("5G基站", "天津", "2024-03", 73000, 70000, 2025, "个", lang="zh")
    '天津5G基站截至2024年3月为73,000个，已达到2025年目标（70,000个）的104%。'
    >>> print(target_sentence("5G base stations", "Tianjin", "2022", 50000, 70000, 2025, "",
    ...                       lang="en", probability=0.62))  # doctest: +NORMALIZE_WHITESPACE
    Tianjin had 50,000 5G base stations by 2022, 71% of the 2025 target (70,000); the forecast
    gives a 62% chance of reaching it.
    """
    from analytics.stats.periods import format_period

    pct = value / target * 100
    done = value >= target
    when = format_period(period, lang)
    if lang == "zh":
        state = "已达到" if done else "相当于"
        text = (
            f"{region}{name}截至{when}为{fmt(value, digits=digits)}{unit}，"
            f"{state}{target_year}年目标（{fmt(target, digits=digits)}{unit}）的{pct:.0f}%"
        )
        if probability is not None and not done:
            text += f"；按预测，到期达标的概率约为{probability * 100:.0f}%"
        return text + "。"
    unit_part = f" {unit}" if unit else ""
    # "73,000 5G base stations", not "73,000 stations 5G base stations"
    counted = "" if unit and unit.lower() in name.lower() else unit_part
    text = (
        f"{region} had {fmt(value, digits=digits)}{counted} {name} by {when}, "
        f"{pct:.0f}% of the {target_year} target ({fmt(target, digits=digits)}{unit_part})"
    )
    if done:
        text += "; the target is already reached"
    elif probability is not None:
        text += f"; the forecast gives a {probability * 100:.0f}% chance of reaching it"
    return text + "."


def share_vs_goal_sentence(
    region: str, period: str, share: float, goal: float, goal_name: str, *, lang: Lang
) -> str:
    """A share of GDP against a goal expressed in percent.

    Examples
    --------
    >>> share_vs_goal_sentence("全国", "2023", 9.9, 10.0, "2025年全国目标", lang="zh")
    '全国数字经济核心产业增加值占GDP比重2023年为9.9%，距2025年全国目标（10.0%）差0.1个百分点。'
    >>> share_vs_goal_sentence("天津", "2024-03", 7.2, 10.0, "2025年全国目标", lang="zh")
    '天津数字经济核心产业增加值占GDP比重为7.2%（2024年3月公布，未注明所属年份），距2025年全国目标（10.0%）差2.8个百分点。'
    """
    gap = goal - share
    stated = "-" in period  # a figure dated by its release month, its reference year not given
    year, _, month = period.partition("-")
    if lang == "zh":
        tail = f"差{fmt(gap)}个百分点" if gap > 0 else f"已高出{fmt(-gap)}个百分点"
        when = (
            f"为{fmt(share)}%（{year}年{int(month)}月公布，未注明所属年份）"
            if stated
            else f"{period}年为{fmt(share)}%"
        )
        return (
            f"{region}数字经济核心产业增加值占GDP比重{when}，距{goal_name}（{fmt(goal)}%）{tail}。"
        )
    tail = f"{fmt(gap)} points short of" if gap > 0 else f"{fmt(-gap)} points above"
    if stated:
        return (
            f"Core digital-economy industries made up {fmt(share)}% of GDP in {region} (a figure "
            f"stated in {_month_year(period)}; its reference year is not given), {tail} "
            f"{goal_name} ({fmt(goal)}%)."
        )
    return (
        f"In {period}, core digital-economy industries made up {fmt(share)}% of GDP in {region}, "
        f"{tail} {goal_name} ({fmt(goal)}%)."
    )


def _month_year(period: str) -> str:
    from analytics.stats.periods import format_period

    return format_period(period, "en")


def missing_sentence(what: str, region: str, *, lang: Lang, detail: str = "") -> str:
    """Say plainly that something is missing.

    Examples
    --------
    >>> missing_sentence("5G基站数", "西藏", lang="zh")
    '数据库中没有西藏的5G基站数数据，本节无法给出。'
    >>> missing_sentence("5G base stations", "Tibet", lang="en")
    'The store holds no 5G base stations figures for Tibet, so this section cannot be shown.'
    """
    if lang == "zh":
        return f"数据库中没有{region}的{what}数据，本节无法给出。" + detail
    text = f"The store holds no {what} figures for {region}, so this section cannot be shown."
    return text + (f" {detail}" if detail else "")
