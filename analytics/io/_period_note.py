"""The period a published figure measures, read from its ``period`` cell and source title.

A figure quoted in a speech or a news item is often dated by the day it was *stated*, not the
period it *measures*. ``figures.csv`` keeps both in its ``period`` cell, the period first and a
note in parentheses after it: ``2024-03 (stated 2024-03-25; likely end-2023 stock)`` is a stock
stated on 25 March 2024 that most likely measures the end of 2023. The note is parsed, never
dropped:

- ``likely 2023`` / ``likely end-2023 stock`` → the period measured is ``2023``, *inferred*;
- ``<who> dates it end-Feb 2024`` → ``2024-02``, *inferred* (another source dates it);
- ``stated 2024-03-25``, ``reported 2022-12-09``, ``article 2022-02`` → the date it was
  published (a month alone is taken at its last day: the latest it can be);
- anything else (``千兆城市2021年度评估``, ``十三五末``, ``end of 14th FYP``) leaves the period
  as written, *stated*.

Without a publication date in the note, the earliest full date in the source title (``中新网
2024-03-26: …``, ``… (2022-12-18), repost``) is the date the figure was published.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

__all__ = ["PeriodNote", "parse_period_note", "period_problem", "title_date"]

_CELL = re.compile(r"^(?P<label>\d{4}(?:-\d{2})?)\s*(?:\((?P<note>.*)\))?$")
_LIKELY = re.compile(r"\blikely\s+(?:end-)?(?P<year>\d{4})\b")
_DATES_IT = re.compile(r"\bdates it\s+(?:end-)?(?P<mon>[A-Z][a-z]{2})[a-z]*\.?\s+(?P<year>\d{4})\b")
_PUBLISHED = re.compile(
    r"\b(?:stated|reported|article|published)\s+(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?\b"
)
_TITLE_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}


@dataclass(frozen=True)
class PeriodNote:
    """What a ``period`` cell says: the period measured, how sure, and when it was published."""

    period: str
    basis: str
    """``stated`` (the source says which period) or ``inferred`` (e.g. "likely end-2023")."""
    published: date | None
    note: str


def _date(y: str, m: str, d: str | None) -> date | None:
    year, month = int(y), int(m)
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    day = int(d) if d else last
    return date(year, month, day) if 1 <= day <= last else None


def parse_period_note(cell: str) -> PeriodNote | None:
    """Parse a ``period`` cell; None when it is not a year or a month (``2022-H1``, ranges).

    Examples
    --------
    >>> n = parse_period_note("2024-03 (stated 2024-03-25; likely end-2023 stock)")
    >>> n.period, n.basis, n.published
    ('2023', 'inferred', datetime.date(2024, 3, 25))
    >>> parse_period_note("2024-03 (stated 2024-03-29; RCR Wireless dates it end-Feb 2024)").period
    '2024-02'
    >>> n = parse_period_note("2020 (十三五末; article 2022-02)")
    >>> n.period, n.basis, n.published
    ('2020', 'stated', datetime.date(2022, 2, 28))
    >>> parse_period_note("2022-H1") is None
    True
    """
    m = _CELL.match(cell.strip())
    if m is None:
        return None
    label, note = m["label"], (m["note"] or "").strip()
    if len(label) == 7 and not 1 <= int(label[5:]) <= 12:
        return None
    pub = _PUBLISHED.search(note)
    published = _date(pub["y"], pub["m"], pub["d"]) if pub else None
    period, basis = label, "stated"
    if (likely := _LIKELY.search(note)) is not None:
        period, basis = likely["year"], "inferred"
    elif (dated := _DATES_IT.search(note)) is not None and dated["mon"].lower() in _MONTHS:
        period, basis = f"{dated['year']}-{_MONTHS[dated['mon'].lower()]:02d}", "inferred"
    return PeriodNote(period, basis, published, note)


_LOOKS_DATED = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2}))?(?!\d)")
_CHINESE = re.compile(r"^\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年")
FIRST_YEAR, LAST_YEAR = 1900, 2100
"""Years a figure may measure."""


def period_problem(cell: str) -> str | None:
    """Why a cell that looks like a year or a month is not one; None for any other cell.

    ``2024-13``, ``2024-00`` and ``0000`` look like periods and are wrong (a located problem);
    ``2022-H1`` or ``2024-01..08`` are other periods, left to :func:`parse_period_note`.

    Examples
    --------
    >>> period_problem("2024-13"), period_problem("0000 (stated 2024-01-02)")
    ('month 13 is not a month (01–12)', 'year 0000 is outside 1900–2100')
    >>> period_problem("2024年3月"), period_problem("2022-H1"), period_problem("2024-03")
    ('a period in Chinese, not YYYY or YYYY-MM', None, None)
    """
    if _CHINESE.match(cell):
        return "a period in Chinese, not YYYY or YYYY-MM"
    m = _LOOKS_DATED.match(cell.strip())
    if m is None:
        return None
    if m["m"] is not None and not 1 <= int(m["m"]) <= 12:
        return f"month {m['m']} is not a month (01–12)"
    if not FIRST_YEAR <= int(m["y"]) <= LAST_YEAR:
        return f"year {m['y']} is outside {FIRST_YEAR}–{LAST_YEAR}"
    return None


def title_date(title: str) -> date | None:
    """The earliest full ``YYYY-MM-DD`` date in a source title (when it was published), or None.

    Examples
    --------
    >>> title_date("湖北经济网 2025-01-20 (国家统计局 2025-01-17 数据)")
    datetime.date(2025, 1, 17)
    >>> title_date("NBS 分省年度数据 export") is None
    True
    """
    found = [_date(y, m, d) for y, m, d in _TITLE_DATE.findall(title)]
    dates = [d for d in found if d is not None]
    return min(dates) if dates else None
