"""What the monthly bulletin's sections share: its indicators, its month, windows and rankings.

The indicators and their order come from ``data/catalog/monthly.yaml``. The bulletin's month is
the latest month (or the month asked for) in which the first of them has a value for the region
(:func:`analytics.runs._editions.edition_periods`, the package's one "latest" rule). Every frame
is computed for all regions at once with polars expressions.

Examples
--------
>>> from analytics.reports import ReportContext
>>> [i.id for i in items()][:2]
['cpi_monthly', 'cpi_food_tobacco_liquor_monthly']
>>> bulletin_month(ReportContext(region="120000")), bulletin_month(ReportContext(period="2019"))
('2020-02', None)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import polars as pl

from analytics._yaml import load_yaml
from analytics.catalog import get_indicator
from analytics.config import catalog_dir
from analytics.exceptions import CatalogError, DataValidationError, Problem, did_you_mean
from analytics.reports.context import ReportContext
from analytics.stats.periods import Period, PeriodError, period_end, period_start

__all__ = [
    "Item",
    "MonthFigures",
    "bulletin_month",
    "figures",
    "get_item",
    "items",
    "ranking",
    "series",
    "window",
]

NATIONAL = "000000"
_PROVINCES = pl.col("region").str.ends_with("0000") & (pl.col("region") != NATIONAL)
_SHOWN = ("index_prev_year_100", "level", "ytd")


@dataclass(frozen=True)
class Item:
    """One indicator of the bulletin: its catalog id, the measure read, whether it has a card.

    Parameters
    ----------
    id
        The catalog id.
    measure
        The stored measure read (``index_prev_year_100``, ``level`` or ``ytd``).
    card
        Whether its latest month is a headline card.
    """

    id: str
    measure: str
    card: bool = False


@cache
def _load(path: Path) -> tuple[Item, ...]:
    entries = (load_yaml(path) or {}).get("indicators") or []
    out: list[Item] = []
    for n, entry in enumerate(entries, 1):
        where = f"indicators[{n}]"
        try:
            ind = get_indicator(str(entry.get("id")))
        except CatalogError as err:
            raise DataValidationError([Problem(path, 0, where, str(err), "a catalog id")]) from None
        measure = str(entry.get("measure", ""))
        if measure not in _SHOWN or measure not in ind.measures or ind.frequency != "monthly":
            raise DataValidationError(
                [
                    Problem(
                        path,
                        0,
                        where,
                        f"`{ind.id}` ({ind.frequency}) with measure `{measure}`",
                        f"a monthly indicator and one of its measures among {list(_SHOWN)}",
                    )
                ]
            )
        out.append(Item(ind.id, measure, bool(entry.get("card", False))))
    return tuple(out)


def items(path: Path | None = None) -> tuple[Item, ...]:
    """The bulletin's indicators in order (``data/catalog/monthly.yaml``), checked on load.

    Parameters
    ----------
    path
        The YAML file (default: the catalog's ``monthly.yaml``).

    Returns
    -------
    tuple of Item
        Each a monthly catalog indicator with a measure the bulletin can show.
    """
    return _load(path or catalog_dir() / "monthly.yaml")


def get_item(indicator: str) -> Item:
    """The bulletin's entry for ``indicator``; an id it does not list fails with a hint.

    Parameters
    ----------
    indicator
        A catalog id.

    Returns
    -------
    Item
        Its entry in ``data/catalog/monthly.yaml``.

    Examples
    --------
    >>> get_item("cpi_monthly").measure
    'index_prev_year_100'
    """
    known = {i.id: i for i in items()}
    if indicator not in known:
        raise CatalogError(
            f"the monthly bulletin lists no `{indicator}`{did_you_mean(indicator, known)}"
            " (data/catalog/monthly.yaml)"
        )
    return known[indicator]


def bulletin_month(ctx: ReportContext) -> str | None:
    """The month the bulletin is for: the latest (or the asked) month of its first indicator.

    ``change`` is the year-on-year change in percent: index − 100 for a price index; for a level
    or a cumulative value it is computed from the same month a year earlier (never over a
    published rate; none is stored here).

    Parameters
    ----------
    ctx
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).

    Returns
    -------
    str or None
        ``2020-02``; None when the region has no such month.
    """

    def compute() -> str | None:
        from analytics.runs._editions import edition_periods

        months = edition_periods(ctx.region, items()[0].id, freq="M", data_dir=ctx.data_dir)
        if ctx.period == "latest":
            return months[-1] if months else None
        try:
            asked = Period.parse(ctx.period)
        except PeriodError:
            return None
        return asked.label if asked.freq == "M" and asked.label in months else None

    return ctx.cached("monthly:month", compute)


def series(ctx: ReportContext, item: Item) -> pl.DataFrame:
    """Every region's values of ``item`` up to the bulletin's month, with ``change`` beside.

    ``change`` is the year-on-year change in percent: index − 100 for a price index; for a level
    or a cumulative value it is computed from the same month a year earlier (never over a
    published rate; none is stored here).

    Parameters
    ----------
    ctx
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    item
        An entry of :func:`items`.

    Returns
    -------
    pl.DataFrame
        ``region, period, value, unit, source, vintage, change``.
    """

    def compute() -> pl.DataFrame:
        from analytics.io import read_series
        from analytics.stats.growth import yoy
        from analytics.stats.periods import within

        month = bulletin_month(ctx)
        found = read_series(item.id, measure=item.measure, data_dir=ctx.data_dir)
        found = found.filter(within(month or "latest")).select(
            "region", "period", "value", "unit", "source", "vintage"
        )
        if item.measure == "index_prev_year_100":
            # published to one decimal: the change is too (no float noise such as 3.7999…)
            return found.with_columns((pl.col("value") - 100).round(1).alias("change"))
        rates = yoy(found.select("region", "period", "value"), by=("region",))
        return found.join(
            rates.select("region", "period", pl.col("value").alias("change")),
            on=["region", "period"],
            how="left",
        )

    return ctx.cached(f"monthly:series:{item.id}", compute)


def window(
    ctx: ReportContext, item: Item, months: int = 24, *, end: str | None = None
) -> pl.DataFrame:
    """The region's and the nation's last ``months`` months up to ``end`` (the bulletin's month).

    Columns ``region``, ``series`` (the region's name), ``period``, ``date`` (the month's first
    day, where a chart draws it), ``value``, ``change`` and ``highlight`` (the report's region).

    Parameters
    ----------
    ctx
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    item
        An entry of :func:`items`.
    months
        How many months.
    end
        The last month (default: the bulletin's).

    Returns
    -------
    pl.DataFrame
        One row per region and month, oldest first.
    """
    month = end or bulletin_month(ctx)
    frame = series(ctx, item)
    if month is None or not frame.height:
        return frame.clear()
    first = Period.parse(month).start
    back = first.year * 12 + first.month - 1 - months  # the month before the window, 0-based
    start = date(back // 12, back % 12 + 1, 1)
    shown = [ctx.region] if ctx.region == NATIONAL else [ctx.region, NATIONAL]
    names = {r: ctx.region_name(r) for r in shown}
    return (
        frame.filter(
            pl.col("region").is_in(shown),
            period_start() > pl.lit(start),
            period_start() <= pl.lit(first),
        )
        .with_columns(
            pl.col("region").replace_strict(names).alias("series"),
            period_start().dt.to_string("%Y-%m-%d").alias("date"),
            (pl.col("region") == ctx.region).alias("highlight"),
        )
        .select("region", "series", "period", "date", "value", "change", "highlight")
    )


def ranking(ctx: ReportContext, item: Item, month: str | None = None) -> pl.DataFrame:
    """The provinces in ``month`` (default: the bulletin's) by year-on-year change, highest first.

    Columns ``region``, ``label`` (its name), ``value`` (the change, %), ``rank`` (1 = highest;
    ties share the better rank) and ``highlight`` (the report's region).

    Parameters
    ----------
    ctx
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    item
        An entry of :func:`items`.
    month
        The month ranked (default: the bulletin's).

    Returns
    -------
    pl.DataFrame
        One row per province with a value, highest change first.
    """
    month = month or bulletin_month(ctx)
    frame = series(ctx, item)
    rows = frame.filter(
        _PROVINCES, pl.col("period") == (month or ""), pl.col("change").is_not_null()
    )
    names = {r: ctx.region_name(r) for r in rows["region"].to_list()}
    return rows.sort("change", "region", descending=[True, False]).select(
        "region",
        pl.col("region").replace_strict(names, default="").alias("label"),
        pl.col("change").alias("value"),
        pl.col("change").rank("min", descending=True).cast(pl.Int64).alias("rank"),
        (pl.col("region") == ctx.region).alias("highlight"),
    )


@dataclass(frozen=True)
class MonthFigures:
    """The region's latest figures of one indicator, up to the bulletin's month.

    Parameters
    ----------
    month
        The indicator's own latest month (it may be older than the bulletin's).
    value
        Its value then.
    change
        The year-on-year change (%).
    ytd
        The year to date, where the measure allows (None for a price index or after a gap).
    ytd_from
        The first period the year to date covers (``2020-01`` or ``2020-01/02``).
    rows
        The store row of the month.
    """

    month: str
    value: float | None
    change: float | None
    ytd: float | None
    ytd_from: str | None
    rows: pl.DataFrame


def _ytd(frame: pl.DataFrame, item: Item, month: str) -> tuple[float | None, str | None]:
    """The year to date in ``month``: a stored cumulative value, or the sum of the months."""
    from analytics.stats.cumulative import single_to_ytd

    year = frame.filter(pl.col("period").str.starts_with(month[:4]))
    if item.measure == "index_prev_year_100" or not year.height:
        return None, None  # an index of prices is not summed over months
    first = str(year.sort(period_start())["period"][0])
    if item.measure != "ytd":  # monthly values (a 1-2月 release is one of them): summed
        one = year.select(pl.lit(item.id).alias("indicator"), "period", "value")
        year = single_to_ytd(one, by=("indicator",))
    got = year.filter(pl.col("period") == month)["value"]
    return (float(got[0]) if got.len() and got[0] is not None else None), first


def figures(ctx: ReportContext, item: Item) -> MonthFigures | None:
    """The region's latest value, change and year to date (None: no value up to the month).

    Parameters
    ----------
    ctx
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    item
        An entry of :func:`items`.

    Returns
    -------
    MonthFigures or None
        The latest month's figures.
    """
    from analytics.stats.periods import latest_period

    mine = series(ctx, item).filter(pl.col("region") == ctx.region)
    month = latest_period(mine["period"], freq="M") if bulletin_month(ctx) else None
    if month is None:
        return None
    # the row ending in that month: `2020-02`, or a combined release `2020-01/02`
    now = mine.filter(period_end() == pl.lit(Period.parse(month).end))
    month = str(now["period"][0])
    value = float(now["value"][0]) if now.height else None
    change = now["change"][0] if now.height else None
    ytd, since = _ytd(mine, item, month)
    return MonthFigures(month, value, None if change is None else float(change), ytd, since, now)
