"""Periods: ``2023`` (year), ``2023Q4`` (quarter), ``2023-12`` (month), ``2023-01/02``.

One period model for the whole package. A period covers a span of calendar time: it *starts* on
the first day of its first month and *ends* on the last day of its last month. Periods are
compared as dates (by their end, then their start), never as strings: ``"2022-08" < "2022"`` is
true as text but false as periods.

A January–February combined release (NBS publishes no January figure for industrial production,
retail sales or investment) is one period labelled ``YYYY-01/02``: it starts in month 1 and ends
in month 2.

Charts place a period at its *start*: an annual value for 2019 sits on the 2019 tick of a
year axis, a March 2024 figure a quarter of the way past the 2024 tick.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeVar

import polars as pl

from analytics.stats._frames import FREQ, SUB_END, SUB_START, YEAR, PeriodError, with_periods

__all__ = [
    "Frequency",
    "Period",
    "edition_labels",
    "format_period",
    "latest_period",
    "parse_periods",
    "period_end",
    "period_order",
    "period_start",
    "period_year",
    "sort_by_period",
    "within",
]

Frequency = Literal["A", "Q", "M"]
FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)

_RE = re.compile(r"^(\d{4})(?:Q([1-4])|-(0[1-9]|1[0-2])(?:/(0[1-9]|1[0-2]))?)?$")
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Period:
    """A parsed period label, ordered by calendar time.

    Build one with :meth:`Period.parse`; the constructor does not check its fields. Periods
    compare by their end day, then their start day: ``2022-08`` < ``2022`` < ``2022-12`` (the
    year and December end the same day; the year starts earlier).

    Parameters
    ----------
    year
        The calendar year, e.g. 2023.
    freq
        ``"A"`` (a year), ``"Q"`` (a quarter) or ``"M"`` (a month or a combined release of
        consecutive months such as January–February).
    first_month
        The first calendar month covered, 1–12 (1 for a year, 10 for Q4).
    last_month
        The last calendar month covered, 1–12, not before ``first_month`` (12 for a year, 2 for
        ``2023-01/02``).

    Examples
    --------
    >>> Period.parse("2022-08") < Period.parse("2022")
    True
    >>> Period.parse("2024-03").start, Period.parse("2023Q4").end
    (datetime.date(2024, 3, 1), datetime.date(2023, 12, 31))
    >>> max(["2022", "2022-08", "2021-12"], key=Period.parse)
    '2022'
    """

    year: int
    freq: Frequency
    first_month: int
    last_month: int

    @classmethod
    def parse(cls, label: str) -> Period:
        """Parse ``label``; raise :class:`PeriodError` quoting it when it is not a period."""
        m = _RE.match(str(label))
        if m is None:
            raise PeriodError(
                f"period {label!r} is not a valid period label "
                "(expected '2023', '2023Q4', '2023-12' or a combined release '2023-01/02')"
            )
        year, quarter, month, month2 = m.groups()
        if quarter:
            q = int(quarter)
            return cls(int(year), "Q", 3 * q - 2, 3 * q)
        if month:
            last = int(month2 or month)
            if last < int(month):
                raise PeriodError(f"period {label!r} ends before it starts")
            return cls(int(year), "M", int(month), last)
        return cls(int(year), "A", 1, 12)

    @property
    def start(self) -> date:
        """The first day the period covers."""
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        """The last day the period covers."""
        return date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    @property
    def label(self) -> str:
        """The period's label, as stored."""
        if self.freq == "A":
            return str(self.year)
        if self.freq == "Q":
            return f"{self.year}Q{self.last_month // 3}"
        if self.first_month == self.last_month:
            return f"{self.year}-{self.last_month:02d}"
        return f"{self.year}-{self.first_month:02d}/{self.last_month:02d}"

    def _key(self) -> tuple[date, date]:
        return (self.end, self.start)

    def __lt__(self, other: Period) -> bool:
        return self._key() < other._key()

    def __le__(self, other: Period) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: Period) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: Period) -> bool:
        return self._key() >= other._key()


def format_period(label: str, lang: str = "zh") -> str:
    """A period as readers write it: ``2024年3月`` / ``March 2024``; ``2023年`` / ``2023``.

    Parameters
    ----------
    label
        A period label: ``2023``, ``2023Q4``, ``2023-12`` or ``2023-01/02``.
    lang
        ``"zh"`` (the default) for Chinese; any other value gives English.

    Returns
    -------
    str
        The period in words: a year, ``2023年第四季度`` / ``Q4 2023``, a month, or a combined
        release as a month range (``2023年1—2月`` / ``January–February 2023``).

    Raises
    ------
    PeriodError
        When ``label`` is not a period label, quoting it.

    Examples
    --------
    >>> format_period("2024-03"), format_period("2024-03", "en")
    ('2024年3月', 'March 2024')
    >>> format_period("2023Q4"), format_period("2023-01/02", "en"), format_period("2023")
    ('2023年第四季度', 'January–February 2023', '2023年')
    """
    p = Period.parse(label)
    zh = lang == "zh"
    if p.freq == "A":
        return f"{p.year}年" if zh else str(p.year)
    if p.freq == "Q":
        q = p.last_month // 3
        return f"{p.year}年第{'一二三四'[q - 1]}季度" if zh else f"Q{q} {p.year}"
    if p.first_month == p.last_month:
        return f"{p.year}年{p.last_month}月" if zh else f"{_MONTHS_EN[p.last_month - 1]} {p.year}"
    if zh:
        return f"{p.year}年{p.first_month}—{p.last_month}月"
    return f"{_MONTHS_EN[p.first_month - 1]}–{_MONTHS_EN[p.last_month - 1]} {p.year}"


def latest_period(labels: list[str] | pl.Series, *, freq: Frequency | None = None) -> str | None:
    """The latest of ``labels`` by calendar time (None when there are none): THE "latest" rule.

    With ``freq``, the latest period of that frequency in which one of ``labels`` ends, counting
    only labels no coarser than ``freq`` (:func:`edition_labels`): a March 2024 figure makes 2024
    a year with data, a 2024 annual figure makes no month one. Every "latest" of the package —
    a report's ``--period latest`` for its own frequency, the store's latest period of a
    series, a report's latest year — is this function.

    Parameters
    ----------
    labels
        Period labels (nulls ignored).
    freq
        ``A``, ``Q`` or ``M``; None: the labels as they are.

    Returns
    -------
    str or None
        A label of ``labels`` (``freq`` None) or of frequency ``freq``.

    Parameters
    ----------
    labels
        Period labels, in any order and of any mix of frequencies; nulls are skipped.

    Returns
    -------
    str or None
        The label that ends last (of two ending the same day, the one starting later, as
        :class:`Period` orders them); None when ``labels`` holds no label.

    Raises
    ------
    PeriodError
        When a label is not a period label, quoting it.

    Examples
    --------
    >>> latest_period(["2022-08", "2022", "2021-12"])
    '2022'
    >>> latest_period(["2019-12", "2020-01/02", "2020"], freq="M")
    '2020-02'
    >>> latest_period(["2020-02", "2019"], freq="A"), latest_period(["2020"], freq="M")
    ('2020', None)
    """
    items = [str(x) for x in labels if x is not None]
    if freq is not None:
        return _latest_of(tuple(sorted(set(items))), freq)
    return max(items, key=Period.parse) if items else None


@functools.lru_cache(maxsize=4096)
def _latest_of(labels: tuple[str, ...], freq: Frequency) -> str | None:
    """:func:`latest_period` with ``freq``, once per set of labels (a report asks it often)."""
    items = edition_labels(list(labels), freq)
    return max(items, key=Period.parse) if items else None


_FINENESS: dict[str, int] = {"A": 0, "Q": 1, "M": 2}


def edition_labels(labels: list[str] | pl.Series, freq: Frequency) -> list[str]:
    """The periods of frequency ``freq`` in which ``labels`` end, oldest first, once each.

    A label counts only if it is no coarser than ``freq`` (a year makes no quarter or month);
    a combined January–February release ``2020-01/02`` ends in February.

    Parameters
    ----------
    labels
        Period labels.
    freq
        ``A``, ``Q`` or ``M``.

    Returns
    -------
    list of str
        Labels of frequency ``freq``, sorted as dates.

    Examples
    --------
    >>> edition_labels(["2024-03", "2023", "2020-01/02"], "Q")
    ['2020Q1', '2024Q1']
    >>> edition_labels(["2024-03", "2023", "2020-01/02"], "M")
    ['2020-02', '2024-03']
    """
    frame = pl.DataFrame(
        {"period": [str(x) for x in labels if x is not None]}, schema={"period": pl.Utf8}
    )
    fine = pl.col("period").str.len_bytes() == 4
    level = pl.when(fine).then(0).when(pl.col("period").str.contains("Q")).then(1).otherwise(2)
    end = period_end("period")
    year, month = end.dt.year().cast(pl.Utf8), end.dt.month()
    label = {
        "A": year,
        "Q": year + "Q" + ((month + 2) // 3).cast(pl.Utf8),
        "M": year + "-" + month.cast(pl.Utf8).str.zfill(2),
    }[freq]
    out = frame.filter(level >= _FINENESS[freq]).select(label.alias("period")).unique()
    return sort_by_period(out)["period"].to_list()


def _month_bounds(col: str) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    p = pl.col(col)
    year = p.str.slice(0, 4).cast(pl.Int32, strict=False)
    q = p.str.extract(r"^\d{4}Q([1-4])$", 1).cast(pl.Int32, strict=False)
    m1 = p.str.extract(r"^\d{4}-(\d{2})", 1).cast(pl.Int32, strict=False)
    m2 = p.str.extract(r"^\d{4}-\d{2}/(\d{2})$", 1).cast(pl.Int32, strict=False)
    first = pl.when(q.is_not_null()).then(3 * q - 2).otherwise(m1.fill_null(1))
    last = pl.when(q.is_not_null()).then(3 * q).otherwise(m2.fill_null(m1).fill_null(12))
    return year, first, last


def period_start(col: str = "period") -> pl.Expr:
    """The first day of each period, as a Date (where charts place it).

    Parameters
    ----------
    col
        The column of period labels; the result keeps its name. Default ``"period"``.

    Returns
    -------
    pl.Expr
        A Date expression: 1 January for a year, the quarter's first month, the (first) month.
        A label that does not start with a four-digit year gives null; a month outside 1–12
        makes polars raise when the expression is evaluated.

    Examples
    --------
    >>> df = pl.DataFrame({"period": ["2019", "2024-03", "2023Q4", "2023-01/02"]})
    >>> df.select(period_start())["period"].dt.to_string("%Y-%m-%d").to_list()
    ['2019-01-01', '2024-03-01', '2023-10-01', '2023-01-01']
    """
    year, first, _ = _month_bounds(col)
    return pl.date(year, first, 1).alias(col)


def period_end(col: str = "period") -> pl.Expr:
    """The last day of each period, as a Date (how periods are compared).

    Parameters
    ----------
    col
        The column of period labels; the result keeps its name. Default ``"period"``.

    Returns
    -------
    pl.Expr
        A Date expression: the last day of the period's last month (31 December for a year,
        29 February 2024 for ``2024-02`` and for ``2024-01/02``). A label that does not start
        with a four-digit year gives null.

    Examples
    --------
    >>> df = pl.DataFrame({"period": ["2019", "2024-02", "2023Q3"]})
    >>> df.select(period_end())["period"].dt.to_string("%Y-%m-%d").to_list()
    ['2019-12-31', '2024-02-29', '2023-09-30']
    """
    year, _, last = _month_bounds(col)
    return pl.date(year, last, 1).dt.month_end().alias(col)


def period_year(col: str = "period") -> pl.Expr:
    """The calendar year of each period.

    Parameters
    ----------
    col
        The column of period labels; the result keeps its name. Default ``"period"``.

    Returns
    -------
    pl.Expr
        An Int32 expression: the first four characters of the label as a number. A label that
        does not start with four digits makes polars raise when the expression is evaluated.

    Examples
    --------
    >>> df = pl.DataFrame({"period": ["2019", "2024-03", "2023Q4", "2023-01/02"]})
    >>> df.select(period_year())["period"].to_list()
    [2019, 2024, 2023, 2023]
    """
    return pl.col(col).str.slice(0, 4).cast(pl.Int32).alias(col)


def period_order(col: str = "period") -> list[pl.Expr]:
    """Sort keys that order ``col`` as calendar time: by the period's end, then its start.

    The same order as :class:`Period` (``"2025-11"`` before ``"2025"``; ``"2022"`` before
    ``"2022-12"``, which ends the same day but starts later). Unparseable labels give nulls.

    Parameters
    ----------
    col
        The column of period labels. Default ``"period"``.

    Returns
    -------
    list of pl.Expr
        Two Date expressions, the period's end then its start, named ``__<col>_end`` and
        ``__<col>_start`` so they can sit beside ``col``; pass them to ``sort``.

    Examples
    --------
    >>> df = pl.DataFrame({"period": ["2025", "2025-11", "2024Q4"]})
    >>> df.sort(period_order())["period"].to_list()
    ['2024Q4', '2025-11', '2025']
    """
    return [period_end(col).alias(f"__{col}_end"), period_start(col).alias(f"__{col}_start")]


def sort_by_period(
    frame: FrameT, *by: str, col: str = "period", descending: bool = False
) -> FrameT:
    """``frame`` sorted by the ``by`` columns, then by ``col`` as dates (never as text).

    The one way report and statistics code orders periods: ``.sort("period")`` puts
    ``"2025-11"`` after ``"2025"`` and so takes November's figure for the year's "latest".
    ``descending`` applies to the period only; ties keep their order.

    Parameters
    ----------
    frame
        A DataFrame or LazyFrame; the result is of the same kind.
    *by
        Columns to sort by first, ascending (e.g. ``"region"``); none by default.
    col
        The column of period labels. Default ``"period"``.
    descending
        True for the latest period first; default False (earliest first).

    Returns
    -------
    pl.DataFrame or pl.LazyFrame
        ``frame``'s rows reordered, its columns unchanged. Labels that do not start with a
        four-digit year have null sort keys and come first.

    Examples
    --------
    >>> df = pl.DataFrame({"region": ["b", "a", "a"], "period": ["2021", "2025", "2025-11"],
    ...                    "value": [1.0, 4838.0, 4830.0]})
    >>> sort_by_period(df, "region").rows()
    [('a', '2025-11', 4830.0), ('a', '2025', 4838.0), ('b', '2021', 1.0)]
    >>> latest = sort_by_period(df, "region").group_by("region", maintain_order=True).last()
    >>> latest["value"].to_list()
    [4838.0, 1.0]
    """
    keys = [*(pl.col(b) for b in by), *period_order(col)]
    return frame.sort(keys, descending=[False] * len(by) + [descending] * 2, maintain_order=True)


def within(period: str, col: str = "period") -> pl.Expr:
    """True for rows whose period ends no later than ``period`` ends (``latest``: every row).

    A report for 2022 shows nothing after 2022: ``within("2022")`` keeps 2022-08 and 2022 and
    drops 2023-01.

    Parameters
    ----------
    period
        The last period to keep, a period label, or ``"latest"`` to keep every row.
    col
        The column of period labels. Default ``"period"``.

    Returns
    -------
    pl.Expr
        A Boolean expression for ``filter``; null (dropped by ``filter``) where a label does
        not start with a four-digit year.

    Raises
    ------
    PeriodError
        When ``period`` is neither ``"latest"`` nor a period label, quoting it.

    Examples
    --------
    >>> df = pl.DataFrame({"period": ["2022", "2022-08", "2023-01", "2021Q4"]})
    >>> df.filter(within("2022"))["period"].to_list()
    ['2022', '2022-08', '2021Q4']
    """
    if period == "latest":
        return pl.lit(value=True)
    return period_end(col) <= pl.lit(Period.parse(period).end)


def parse_periods(df: pl.DataFrame, *, column: str = "period") -> pl.DataFrame:
    """Add ``year``, ``frequency`` (``A``/``Q``/``M``), ``sub_start`` and ``sub_end`` columns.

    ``sub_start``/``sub_end`` are the first and last quarter or month the period covers (1 and 1
    for a year); a combined January–February release has ``sub_start=1, sub_end=2``.

    Parameters
    ----------
    df
        Any frame with a period column.
    column
        Name of the period column.

    Returns
    -------
    pl.DataFrame
        ``df`` with the four columns added.

    Raises
    ------
    PeriodError
        When a label is not one of the four forms, quoting it.

    Examples
    --------
    >>> df = pl.DataFrame({"period": ["2023", "2023Q4", "2023-12", "2023-01/02"]})
    >>> parse_periods(df).rows()
    [('2023', 2023, 'A', 1, 1), ('2023Q4', 2023, 'Q', 4, 4), ('2023-12', 2023, 'M', 12, 12), ('2023-01/02', 2023, 'M', 1, 2)]
    """  # noqa: E501
    out = with_periods(df, column)
    names = {YEAR: "year", FREQ: "frequency", SUB_START: "sub_start", SUB_END: "sub_end"}
    return out.select([*df.columns, *(pl.col(k).alias(v) for k, v in names.items())])
