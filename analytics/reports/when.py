"""When a figure is from, as a reader must see it: the period it measures, how sure, its age.

A figure stated in a speech is dated by the period it *measures*; where that period is only
inferred the page says so, with the date it was stated: ``2023年（推断；2024年3月表述）`` /
``2023 (inferred; stated March 2024)``. Ages run from the end of the period measured to the
reader's date, and say which date that is (the page's generation date or the evaluation date).
"""

from __future__ import annotations

from datetime import date

from analytics._typing import Lang
from analytics.reports.messages import t
from analytics.stats.periods import format_period

__all__ = ["age_text", "measured"]


def measured(period: str, basis: str | None, published: date | None, lang: Lang) -> str:
    """The period a figure measures, marked when only inferred.

    Parameters
    ----------
    period : str
        The period measured (``2023``, ``2024-03``).
    basis : str or None
        How the period is known; only ``inferred`` marks it.
    published : date or None
        When an inferred figure was stated (its month is said); None: not said.
    lang : Lang
        The language of the text.

    Examples
    --------
    >>> measured("2023", "inferred", date(2024, 3, 25), "zh")
    '2023年（推断；2024年3月表述）'
    >>> measured("2023", "inferred", date(2024, 3, 25), "en")
    '2023 (inferred; stated March 2024)'
    >>> measured("2024-03", "stated", date(2024, 3, 26), "en")
    'March 2024'
    """
    when = format_period(period, lang)
    if basis != "inferred":
        return when
    if published is None:
        return t("when.inferred", lang, when=when)
    stated = format_period(f"{published.year}-{published.month:02d}", lang)
    return t("when.inferred_stated", lang, when=when, stated=stated)


def age_text(months: int, at: str, lang: Lang) -> str:
    """An age in words; ``at`` is ``generated`` or ``evaluated`` (the date it runs to).

    Parameters
    ----------
    months : int
        The age in months.
    at : str
        The date the age runs to: ``generated`` (the page's) or ``evaluated`` (the evaluation's).
    lang : Lang
        The language of the text.

    Examples
    --------
    >>> age_text(35, "generated", "zh"), age_text(1, "evaluated", "en")
    ('距生成日35个月', '1 month old at the evaluation date')
    """
    unit = t("when.month" if months == 1 else "when.months", lang)
    return t(f"when.age_{at}", lang, n=months, unit=unit)
