"""Sentences generated from numbers, in Chinese and English from the same call.

Each function takes numbers (already computed) and ``lang`` and returns one sentence. Numbers are
formatted the way each language writes them; nothing here reads data.
"""

from __future__ import annotations

import math

from analytics._typing import Lang
from analytics.reports.messages import t
from analytics.reports.messages.narrative import amount as _amount
from analytics.reports.messages.narrative import ordinal

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

    Parameters
    ----------
    value : float or None
        The number; None, NaN and infinity give ``–``.
    digits : int
        Decimals shown (rounded); default 1.
    qualifier : str or None
        Written before the number (``>``, ``≥``); None: nothing.

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


def amount(value: float, unit: str, *, lang: Lang, digits: int = 1) -> str:
    """A value with its unit as readers of ``lang`` write it.

    Chinese keeps 亿元 and 万人; English turns "100 million yuan" into billions or trillions and
    "10,000 persons" into millions.

    Parameters
    ----------
    value : float
        The amount, in ``unit``.
    unit : str
        The unit in ``lang``'s words (``亿元``, ``100 million yuan``, ``10,000 persons``).
    lang : Lang
        The sentence's language (``zh`` or ``en``).
    digits : int
        Decimals of the number as :func:`fmt` writes it (an English rescaled amount has its
        own); default 1.

    Examples
    --------
    >>> amount(17931.3, "亿元", lang="zh")
    '17,931.3亿元'
    >>> amount(17931.3, "100 million yuan", lang="en"), amount(842.6, "100 million yuan", lang="en")
    ('1.79 trillion yuan', '84.3 billion yuan')
    >>> amount(1364.0, "10,000 persons", lang="en", digits=0)
    '13.64 million people'
    """
    return _amount(value, unit, fmt(value, digits=digits), lang)


def _when(period: str, lang: Lang) -> str:
    """``2024年`` / ``截至2024年3月，`` and ``In 2024`` / ``By March 2024``."""
    from analytics.stats.periods import format_period

    key = "nv.when_year" if len(period) == 4 else "nv.when_since"
    return t(key, lang, when=format_period(period, lang))


def level_sentence(
    name: str, region: str, period: str, value: float, unit: str, *, lang: Lang, digits: int = 1
) -> str:
    """``region``'s ``name`` in ``period`` was ``value`` ``unit``.

    Parameters
    ----------
    name : str
        What is measured (the indicator's name in ``lang``).
    region : str
        The region's name in ``lang``.
    period : str
        A year (``2024``: "in 2024") or a month (``2024-03``: "by March 2024").
    value : float
        The level, in ``unit``.
    unit : str
        Its unit in ``lang``'s words, written as :func:`amount` does.
    lang : Lang
        The sentence's language (``zh`` or ``en``).
    digits : int
        Decimals of the value (:func:`amount`); default 1.

    Examples
    --------
    >>> level_sentence("地区生产总值", "天津", "2024", 18024.3, "亿元", lang="zh")
    '2024年天津地区生产总值为18,024.3亿元。'
    >>> level_sentence("GDP", "Tianjin", "2024", 17931.3, "100 million yuan", lang="en")
    'In 2024, GDP in Tianjin was 1.79 trillion yuan.'
    >>> level_sentence("5G基站数", "天津", "2024-03", 73000, "个", lang="zh", digits=0)
    '截至2024年3月，天津5G基站数为73,000个。'
    """
    how_much = amount(value, unit, lang=lang, digits=digits)
    return t("nv.level", lang, when=_when(period, lang), region=region, name=name, amount=how_much)


def growth_sentence(
    name: str,
    region: str,
    period: str,
    growth: float,
    *,
    lang: Lang,
    versus: float | None = None,
    versus_name: str = "",
) -> str:
    """Real growth over the previous year, optionally against a comparison region.

    Parameters
    ----------
    name : str
        What grew (the indicator's name in ``lang``).
    region : str
        The region's name in ``lang``.
    period : str
        The year (``2024``).
    growth : float
        Real growth in percent; negative says it fell.
    lang : Lang
        The sentence's language (``zh`` or ``en``).
    versus : float or None
        The comparison's growth in percent, said as above, below or level with; None: no
        comparison.
    versus_name : str
        The comparison's name (``31省合计``), with ``versus``.

    Examples
    --------
    >>> growth_sentence("地区生产总值", "天津", "2024", 5.1, lang="zh", versus=5.0,
    ...                 versus_name="31省合计")
    '2024年天津地区生产总值按可比价格计算比上年增长5.1%，高于31省合计（5.0%）。'
    >>> growth_sentence("GDP", "Tianjin", "2024", -0.5, lang="en")
    'In 2024, GDP in Tianjin fell by 0.5% in real terms over the previous year.'
    """
    verb = t("nv.grew" if growth >= 0 else "nv.fell", lang)
    text = t(
        "nv.growth",
        lang,
        period=period,
        region=region,
        name=name,
        verb=verb,
        value=fmt(abs(growth)),
    )
    if versus is not None:
        cmp = (
            "nv.above" if growth > versus else ("nv.below" if growth < versus else "nv.level_with")
        )
        text += t("nv.versus", lang, cmp=t(cmp, lang), versus_name=versus_name, versus=fmt(versus))
    return text + t("nv.end", lang)


def rank_sentence(name: str, region: str, period: str, rank: int, of: int, *, lang: Lang) -> str:
    """Rank among ``of`` regions (1 = highest).

    Parameters
    ----------
    name : str
        What the regions are ranked by (the indicator's name in ``lang``).
    region : str
        The region's name in ``lang``.
    period : str
        The year (``2024``).
    rank : int
        The region's rank, 1 the highest.
    of : int
        How many provinces are ranked.
    lang : Lang
        The sentence's language (``zh`` or ``en``).

    Examples
    --------
    >>> rank_sentence("地区生产总值", "天津", "2024", 24, 31, lang="zh")
    '2024年天津地区生产总值在31个省份中居第24位。'
    >>> rank_sentence("GDP", "Tianjin", "2024", 24, 31, lang="en")
    'In 2024, Tianjin ranked 24th of 31 provinces by GDP.'
    """
    return t(
        "nv.rank", lang, period=period, region=region, name=name, rank=ordinal(rank, lang), of=of
    )


def target_sentence(
    name: str,
    region: str,
    period: str,
    value: float,
    target: float,
    target_year: int,
    unit: str,
    *,
    lang: Lang,
    probability: float | None = None,
    digits: int = 0,
) -> str:
    """Where the latest value stands against a numeric target (and the chance of reaching it).

    Parameters
    ----------
    name : str
        What is counted (the indicator's name in ``lang``).
    region : str
        The region's name in ``lang``.
    period : str
        The latest value's period (``2022``, ``2024-03``).
    value : float
        The latest value.
    target : float
        The target, in the same unit; the sentence gives ``value`` as a percentage of it.
    target_year : int
        The year the target is for.
    unit : str
        The unit in ``lang``'s words, or ``""``; in English it is not repeated after the value
        when ``name`` contains it.
    lang : Lang
        The sentence's language (``zh`` or ``en``).
    probability : float or None
        The forecast's chance (0 to 1) of reaching the target, said only while it is not yet
        reached; None: not said.
    digits : int
        Decimals of the value and the target; default 0.

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

    done = value >= target
    unit_part = f" {unit}" if unit else ""
    # "73,000 5G base stations", not "73,000 stations 5G base stations"
    counted = "" if unit and unit.lower() in name.lower() else unit_part
    text = t(
        "nv.target_met" if done else "nv.target",
        lang,
        region=region,
        name=name,
        when=format_period(period, lang),
        value=fmt(value, digits=digits),
        unit=unit,
        unit_part=unit_part,
        counted=counted,
        target_year=target_year,
        target=fmt(target, digits=digits),
        pct=f"{value / target * 100:.0f}",
    )
    if probability is not None and not done:
        text += t("nv.target_chance", lang, p=f"{probability * 100:.0f}")
    return text + t("nv.end", lang)


def share_vs_goal_sentence(
    region: str, period: str, share: float, goal: float, goal_name: str, *, lang: Lang
) -> str:
    """A share of GDP against a goal expressed in percent.

    Parameters
    ----------
    region : str
        The region's name in ``lang``.
    period : str
        The year the share is of (``2023``), or the month a figure was stated in when its
        reference year is not given (``2024-03``; the sentence says so).
    share : float
        Core digital-economy industries' value added as a percentage of GDP.
    goal : float
        The goal, in percent; the sentence says how many points short of or above it.
    goal_name : str
        The goal's name (``2025年全国目标``).
    lang : Lang
        The sentence's language (``zh`` or ``en``).

    Examples
    --------
    >>> share_vs_goal_sentence("全国", "2023", 9.9, 10.0, "2025年全国目标", lang="zh")
    '全国数字经济核心产业增加值占GDP比重2023年为9.9%，距2025年全国目标（10.0%）差0.1个百分点。'
    >>> share_vs_goal_sentence("天津", "2024-03", 7.2, 10.0, "2025年全国目标", lang="zh")
    '天津数字经济核心产业增加值占GDP比重为7.2%（2024年3月公布，未注明所属年份），距2025年全国目标（10.0%）差2.8个百分点。'
    """
    gap = goal - share
    tail = t("nv.share_short" if gap > 0 else "nv.share_above", lang, gap=fmt(abs(gap)))
    year, _, month = period.partition("-")
    fields = {
        "region": region,
        "share": fmt(share),
        "goal_name": goal_name,
        "goal": fmt(goal),
        "tail": tail,
        "period": period,
    }
    if "-" in period:  # a figure dated by its release month, its reference year not given
        from analytics.stats.periods import format_period

        return t(
            "nv.share_stated",
            lang,
            year=year,
            month=int(month),
            month_year=format_period(period, "en"),
            **fields,
        )
    return t("nv.share_period", lang, **fields)


def missing_sentence(what: str, region: str, *, lang: Lang, detail: str = "") -> str:
    """Say plainly that something is missing.

    Parameters
    ----------
    what : str
        What the store holds no figures of (``5G基站数``).
    region : str
        The region's name in ``lang``.
    lang : Lang
        The sentence's language (``zh`` or ``en``).
    detail : str
        Appended to the sentence (in English after a space); default nothing.

    Examples
    --------
    >>> missing_sentence("5G基站数", "西藏", lang="zh")
    '数据库中没有西藏的5G基站数数据，本节无法给出。'
    >>> missing_sentence("5G base stations", "Tibet", lang="en")
    'The store holds no 5G base stations figures for Tibet, so this section cannot be shown.'
    """
    text = t("nv.missing", lang, region=region, what=what)
    return text + (t("nv.detail", lang, detail=detail) if detail else "")
