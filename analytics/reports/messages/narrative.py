"""The words of the generated sentences (:mod:`analytics.reports.narrative`).

And how each language writes an amount and a rank: 17,931.3亿元 but 1.79 trillion yuan; 第24位
but 24th.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from analytics._typing import Lang

__all__ = ["MESSAGES", "amount", "ordinal"]

_EN_SCALES = {
    "10,000 persons": "people",
    "10,000 users": "users",
    "10,000 households": "households",
    "10,000 people": "people",
}


def amount(value: float, unit: str, number: str, lang: Lang) -> str:
    """``number`` (``value`` formatted) with its unit as readers of ``lang`` write it.

    Parameters
    ----------
    value : float
        The amount, in ``unit``; read in English to rescale ``100 million yuan`` (billions,
        trillions of yuan) and the ``10,000 …`` units (millions) when it is finite.
    unit : str
        The unit in ``lang``'s words (``亿元``, ``100 million yuan``, ``10,000 users``).
    number : str
        ``value`` as formatted for the page; written out as it is unless English rescales it.
    lang : Lang
        ``zh`` writes number and unit together (``17,931.3亿元``); ``en`` apart, rescaled.

    Examples
    --------
    >>> amount(17931.3, "亿元", "17,931.3", "zh"), amount(17931.3, "100 million yuan", "", "en")
    ('17,931.3亿元', '1.79 trillion yuan')
    """
    if lang == "zh":
        return f"{number}{unit}"
    if unit == "100 million yuan" and math.isfinite(value):
        yuan = value * 1e8
        if abs(yuan) >= 1e12:
            return f"{yuan / 1e12:,.2f} trillion yuan"
        return f"{yuan / 1e9:,.1f} billion yuan"
    if unit in _EN_SCALES and math.isfinite(value):
        return f"{value / 100:,.2f} million {_EN_SCALES[unit]}"
    return f"{number} {unit}".rstrip()


def ordinal(n: int, lang: Lang) -> str:
    """A rank as ``lang`` writes it inside a sentence: ``24`` (第24位) or ``24th``.

    Parameters
    ----------
    n : int
        The rank (1 the first).
    lang : Lang
        ``zh``: the bare number (the sentence says 第…位); ``en``: with its suffix.

    Examples
    --------
    >>> ordinal(24, "zh"), ordinal(1, "en"), ordinal(12, "en"), ordinal(23, "en")
    ('24', '1st', '12th', '23rd')
    """
    if lang == "zh":
        return str(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


MESSAGES: Mapping[str, Mapping[Lang, str]] = {
    "nv.when_year": {"zh": "{when}", "en": "In {when}"},
    "nv.when_since": {"zh": "截至{when}，", "en": "By {when}"},
    "nv.level": {
        "zh": "{when}{region}{name}为{amount}。",
        "en": "{when}, {name} in {region} was {amount}.",
    },
    "nv.grew": {"zh": "增长", "en": "grew by"},
    "nv.fell": {"zh": "下降", "en": "fell by"},
    "nv.growth": {
        "zh": "{period}年{region}{name}按可比价格计算比上年{verb}{value}%",
        "en": "In {period}, {name} in {region} {verb} {value}% in real terms over the previous "
        "year",
    },
    "nv.above": {"zh": "高于", "en": "above"},
    "nv.below": {"zh": "低于", "en": "below"},
    "nv.level_with": {"zh": "持平于", "en": "level with"},
    "nv.versus": {
        "zh": "，{cmp}{versus_name}（{versus}%）",
        "en": ", {cmp} {versus_name} ({versus}%)",
    },
    "nv.end": {"zh": "。", "en": "."},
    "nv.rank": {
        "zh": "{period}年{region}{name}在{of}个省份中居第{rank}位。",
        "en": "In {period}, {region} ranked {rank} of {of} provinces by {name}.",
    },
    "nv.target": {
        "zh": "{region}{name}截至{when}为{value}{unit}，"
        "相当于{target_year}年目标（{target}{unit}）的{pct}%",
        "en": "{region} had {value}{counted} {name} by {when}, {pct}% of the {target_year} target "
        "({target}{unit_part})",
    },
    "nv.target_met": {
        "zh": "{region}{name}截至{when}为{value}{unit}，"
        "已达到{target_year}年目标（{target}{unit}）的{pct}%",
        "en": "{region} had {value}{counted} {name} by {when}, {pct}% of the {target_year} target "
        "({target}{unit_part}); the target is already reached",
    },
    "nv.target_chance": {
        "zh": "；按预测，到期达标的概率约为{p}%",
        "en": "; the forecast gives a {p}% chance of reaching it",
    },
    "nv.share_short": {"zh": "差{gap}个百分点", "en": "{gap} points short of"},
    "nv.share_above": {"zh": "已高出{gap}个百分点", "en": "{gap} points above"},
    "nv.share_stated": {
        "zh": "{region}数字经济核心产业增加值占GDP比重为{share}%"
        "（{year}年{month}月公布，未注明所属年份），"
        "距{goal_name}（{goal}%）{tail}。",
        "en": "Core digital-economy industries made up {share}% of GDP in {region} (a figure "
        "stated in {month_year}; its reference year is not given), {tail} {goal_name} ({goal}%).",
    },
    "nv.share_period": {
        "zh": "{region}数字经济核心产业增加值占GDP比重{period}年为{share}%，"
        "距{goal_name}（{goal}%）{tail}。",
        "en": "In {period}, core digital-economy industries made up {share}% of GDP in {region}, "
        "{tail} {goal_name} ({goal}%).",
    },
    "nv.missing": {
        "zh": "数据库中没有{region}的{what}数据，本节无法给出。",
        "en": "The store holds no {what} figures for {region}, so this section cannot be shown.",
    },
    "nv.detail": {"zh": "{detail}", "en": " {detail}"},
}
"""Key → {"zh": text, "en": text}."""
