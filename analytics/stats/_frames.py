"""Shared plumbing for the statistics modules: period parsing, series keys, checks."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from analytics.exceptions import AnalyticsError

#: Columns that split one indicator × region into separate series when present: a growth rate is
#: never computed across measures, price bases or vintages.
SERIES_COLUMNS: tuple[str, ...] = ("measure", "price_basis", "vintage")

#: Default key columns of a series.
DEFAULT_BY: tuple[str, ...] = ("indicator", "region")

# Hidden helper columns (dropped before returning).
YEAR = "__year"
FREQ = "__freq"
SUB_START = "__sub_start"
SUB_END = "__sub_end"
HELPERS = (YEAR, FREQ, SUB_START, SUB_END)

_VALID = r"^\d{4}(Q[1-4]|-(0[1-9]|1[0-2])(/(0[1-9]|1[0-2]))?)?$"


class DuplicatePeriodError(AnalyticsError, ValueError):
    """A series has two rows for the same period (e.g. two vintages not told apart)."""


class PeriodError(AnalyticsError, ValueError):
    """A period label is not one of ``2023``, ``2023Q4``, ``2023-12``, ``2023-01/02``."""


def check_choice(name: str, value: object, allowed: Sequence[object]) -> None:
    """Check a closed-vocabulary option at the boundary, naming the allowed values."""
    if value not in allowed:
        raise AnalyticsError(f"{name}={value!r} is not one of {', '.join(map(repr, allowed))}")


def series_keys(df: pl.DataFrame | pl.LazyFrame, by: Sequence[str]) -> list[str]:
    """Return ``by`` plus the :data:`SERIES_COLUMNS` present in ``df``."""
    names = df.collect_schema().names()
    missing = [c for c in (*by, "period", "value") if c not in names]
    if missing:
        raise AnalyticsError(
            f"frame lacks column(s) {missing}; columns are {names} "
            "(hint: pass `by=` naming the key columns of your series)"
        )
    return [*by, *(c for c in SERIES_COLUMNS if c in names and c not in by)]


def period_exprs(col: str = "period") -> tuple[pl.Expr, dict[str, pl.Expr]]:
    """Expressions parsing a period label: the frequency first, then year and sub-periods.

    The second group refers to the frequency column, so apply them in two ``with_columns``.
    """
    p = pl.col(col)
    n = p.str.len_bytes()
    freq = (
        pl.when(~p.str.contains(_VALID))
        .then(None)
        .when(n == 4)
        .then(pl.lit("A"))
        .when(n == 6)
        .then(pl.lit("Q"))
        .otherwise(pl.lit("M"))
    )
    f = pl.col(FREQ)
    sub_end = (
        pl.when(f == "A")
        .then(pl.lit(1))
        .when(f == "Q")
        .then(p.str.slice(5, 1).cast(pl.Int32, strict=False))
        .when(f == "M")
        .then(p.str.slice(-2, 2).cast(pl.Int32, strict=False))
        .cast(pl.Int32)
    )
    sub_start = pl.when(f == "M").then(p.str.slice(5, 2).cast(pl.Int32, strict=False))
    rest = {
        YEAR: pl.when(f.is_not_null()).then(p.str.slice(0, 4).cast(pl.Int32, strict=False)),
        SUB_END: sub_end,
        SUB_START: sub_start.otherwise(sub_end).cast(pl.Int32),
    }
    return freq.alias(FREQ), rest


def with_periods(df: pl.DataFrame, col: str = "period") -> pl.DataFrame:
    """Add the hidden period columns; raise :class:`PeriodError` on unparseable labels."""
    freq, rest = period_exprs(col)
    out = df.with_columns(freq).with_columns(**rest)
    bad = out.filter(pl.col(FREQ).is_null() & pl.col(col).is_not_null())
    bad = pl.concat([bad, out.filter(pl.col(SUB_START) > pl.col(SUB_END))])
    if bad.height:
        raise PeriodError(
            f"period {bad[col][0]!r} is not a valid period label "
            "(expected '2023', '2023Q4', '2023-12' or a combined release '2023-01/02')"
        )
    return out


def check_unique(df: pl.DataFrame, keys: Sequence[str], col: str = "period") -> None:
    """Raise :class:`DuplicatePeriodError` naming the first series with a repeated period."""
    dup = df.group_by([*keys, col]).len().filter(pl.col("len") > 1).sort([*keys, col])
    if dup.height:
        row = dup.row(0, named=True)
        where = ", ".join(f"{k}={row[k]!r}" for k in keys)
        raise DuplicatePeriodError(
            f"{row['len']} rows for period {row[col]!r} in series {where} "
            "(hint: filter one vintage/measure, or add the distinguishing column to `by=`)"
        )


def check_frequency(df: pl.DataFrame, keys: Sequence[str]) -> None:
    """Raise when one series mixes annual, quarterly and monthly periods."""
    counted = pl.col(FREQ).n_unique().alias("n")
    # no keys: one series (polars before 1.37 refuses a group_by without keys)
    grouped = df.group_by(keys).agg(counted) if keys else df.select(counted)
    mixed = grouped.filter(pl.col("n") > 1)
    if mixed.height:
        row = mixed.row(0, named=True)
        where = ", ".join(f"{k}={row[k]!r}" for k in keys)
        raise AnalyticsError(
            f"series {where} mixes annual, quarterly and monthly periods "
            "(hint: filter one frequency before computing growth)"
        )


def prepare(df: pl.DataFrame, by: Sequence[str]) -> tuple[pl.DataFrame, list[str]]:
    """Parse periods, check keys, uniqueness and frequency; return the frame and series keys."""
    keys = series_keys(df, by)
    out = with_periods(df.with_columns(pl.col("value").cast(pl.Float64)))
    check_unique(out, keys)
    check_frequency(out, keys)
    return out, keys


def period_label(year: pl.Expr, freq: pl.Expr, start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Build a period label back from its parts (the inverse of :func:`period_exprs`)."""
    y = year.cast(pl.Utf8)
    mm_end = end.cast(pl.Utf8).str.zfill(2)
    mm_start = start.cast(pl.Utf8).str.zfill(2)
    return (
        pl.when(freq == "A")
        .then(y)
        .when(freq == "Q")
        .then(pl.concat_str([y, pl.lit("Q"), end.cast(pl.Utf8)]))
        .when(start == end)
        .then(pl.concat_str([y, pl.lit("-"), mm_end]))
        .otherwise(pl.concat_str([y, pl.lit("-"), mm_start, pl.lit("/"), mm_end]))
    )
