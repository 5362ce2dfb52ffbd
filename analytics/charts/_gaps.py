"""Lines break at missing periods: each series is split into runs of consecutive periods.

A line drawn from 2012 straight to 2020 says the years between were measured and lay on the line.
Every line builder therefore draws one path per *segment*, a run of observations each one period
after the last, and a point for every observation (a lone year between two gaps is a point).

Two observations are consecutive when no whole period lies between them at the coarser of their
two frequencies: 2022 and 2023 are, 2022 and 2024 are not; 2024-02 and 2024-03 are, 2024-02 and
2024-04 are not; 2023 and 2024-03 are (a year, then a month of the next year). A null value ends
a segment too. Periods are read from the period labels (``2023``, ``2023Q4``, ``2023-12``,
``2023-01/02``); a series without labels is annual when all its dates fall on one day of the year
(``2021-12-31``, ``2022-12-31``), else monthly.

The rows are not changed: no row is added or dropped, so tooltips and chart downloads show only
what was observed. Only a segment column is added, which the line marks use as ``detail``.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from analytics.stats.periods import period_end, period_start

__all__ = ["SEGMENT", "line_segments"]

SEGMENT = "_segment"
"""The column numbering each series' segments (0, 1, …); lines use it as ``detail``."""

_ROW, _ONE = "_row", "_one"
#: Frequencies by rank: two observations are compared at the coarser (higher) of theirs.
_RANK = {"M": 0, "Q": 1, "A": 2}


def _dates(data: pl.DataFrame, x: str) -> pl.Expr:
    col = pl.col(x)
    return col.str.to_date(strict=False) if data.schema[x] == pl.String else col.cast(pl.Date)


def _spans(data: pl.DataFrame, x: str, period: str, keys: list[str]) -> pl.DataFrame:
    """The frequency rank and the first and last month of each row (label, else date)."""
    d = _dates(data, x)
    one_day = d.dt.strftime("%m-%d").drop_nulls().n_unique().over(keys) <= 1
    by_date = pl.when(one_day).then(_RANK["A"]).otherwise(_RANK["M"])
    if period in data.columns and data.schema[period] == pl.String:
        p = pl.col(period)
        start, end = period_start(period), period_end(period)
        by_label = (
            pl.when(start.is_null())
            .then(None)
            .when(p.str.contains(r"^\d{4}$"))
            .then(_RANK["A"])
            .when(p.str.contains("Q"))
            .then(_RANK["Q"])
            .otherwise(_RANK["M"])
        )
        labelled = by_label.is_not_null().any().over(keys)
        rank = pl.when(labelled).then(by_label).otherwise(by_date)
        first = pl.coalesce(start, d).dt.month()
        last, year = pl.coalesce(end, d).dt.month(), pl.coalesce(start, d).dt.year()
    else:
        rank, first, last, year = by_date, d.dt.month(), d.dt.month(), d.dt.year()
    return data.with_columns(
        rank.cast(pl.Int8).alias("_rank"),
        year.cast(pl.Int32).alias("_year"),
        first.cast(pl.Int32).alias("_m1"),
        last.cast(pl.Int32).alias("_m2"),
        d.alias("_date"),
    )


def _index(rank: pl.Expr, year: pl.Expr, month: pl.Expr) -> pl.Expr:
    """The running number of the period containing ``month`` of ``year`` at frequency ``rank``."""
    return (
        pl.when(rank == _RANK["A"])
        .then(year)
        .when(rank == _RANK["Q"])
        .then(year * 4 + (month - 1) // 3)
        .otherwise(year * 12 + month - 1)
    )


def line_segments(
    data: pl.DataFrame,
    *,
    x: str,
    y: str,
    by: Sequence[str] = (),
    period: str = "period",
    name: str = SEGMENT,
) -> pl.DataFrame:
    """``data`` with a column ``name`` numbering each series' runs of consecutive periods.

    Parameters
    ----------
    data
        A chart frame: dates in ``x`` (ISO text or Date), values in ``y`` (null: not observed).
    by
        Columns naming a series (a region in a multi-line chart); none for one series.
    period
        Column of period labels (``2023``, ``2023-03``…); the dates' frequency when absent.
    name
        The segment column (two lines on one frame need two).

    Returns
    -------
    pl.DataFrame
        The same rows in the same order, with ``name`` added: 0 for the first run of a series,
        then one more after each missing period or null value.

    Examples
    --------
    >>> df = pl.DataFrame({"period": ["2012", "2020", "2021", "2022"], "value": [1.0, 2, 3, 4]})
    >>> line_segments(df.with_columns(date=pl.col("period") + "-01-01"), x="date", y="value")[
    ...     "_segment"].to_list()
    [0, 1, 1, 1]
    """
    keys = list(by) or [_ONE]
    frame = data.with_columns(pl.lit(0).alias(_ONE)) if not by else data
    spans = _spans(frame.with_row_index(_ROW), x, period, keys).sort([*keys, "_date", _ROW])
    prev = {c: pl.col(c).shift(1).over(keys) for c in ("_rank", "_year", "_m2")}
    pair = pl.max_horizontal("_rank", prev["_rank"])  # the coarser of the two frequencies
    after = _index(pair, pl.col("_year"), pl.col("_m1")) - _index(pair, prev["_year"], prev["_m2"])
    new = (after > 1) | pl.col(y).shift(1).over(keys).is_null() | pl.col(y).is_null()
    segment = (new.fill_null(value=True).cast(pl.Int32).cum_sum().over(keys) - 1).alias(name)
    out = spans.with_columns(segment).sort(_ROW)
    return out.select(*data.columns, name)
