"""One partition of a firm register reduced to its two small sums, locally or on a Dask worker.

A partition whose Parquet statistics say it holds one region and one year (the generator writes
one file per province × year, as statistical registers are kept) is read by a single streaming
group-by on the industry code: the class × region × year sums follow from the sums by code,
since a code's coefficient is the same for every row. Any other partition takes the two queries
of :func:`analytics.accounts.aggregate._queries`. Data problems come back as located
:class:`~analytics.exceptions.Problem` values instead of exceptions, so that a Dask worker never
has to pickle one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from analytics.accounts._register_check import _NONNEGATIVE, check_register_values
from analytics.accounts.aggregate import _VALUES, _conform, _queries, diagnose_register
from analytics.exceptions import DataValidationError, Problem

__all__ = ["Partial", "constant_keys", "partial_sums"]


@dataclass(frozen=True)
class Partial:
    """The sums of one partition (``None`` when it had problems), and its problems."""

    path: str
    by_code: pl.DataFrame | None
    by_class: pl.DataFrame | None
    problems: tuple[Problem, ...] = ()


def constant_keys(path: Path) -> tuple[str, int] | None:
    """``(region, year)`` when every row group's statistics hold one value of each, no nulls.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from analytics.accounts.synthetic import generate_register
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "f.parquet"
    >>> reg = generate_register(100, seed=1)
    >>> reg.with_columns(region=pl.lit("120000"), year=pl.lit(2023, pl.Int32)).write_parquet(p)
    >>> constant_keys(p)
    ('120000', 2023)
    >>> reg.write_parquet(p)  # many regions and years
    >>> constant_keys(p) is None
    True
    """
    seen = _footer_values(path, ("region", "year"))
    if seen is None or len(seen["region"]) != 1 or len(seen["year"]) != 1:
        return None
    (region,), (year,) = seen["region"], seen["year"]
    return (str(region), year) if isinstance(year, int) else None


def _footer_values(path: Path, names: tuple[str, ...]) -> dict[str, set[Any]] | None:
    """Every row group's min and max of ``names`` (None when a statistic is missing or null)."""
    import pyarrow.parquet as pq

    meta = pq.read_metadata(path)
    columns = meta.schema.names
    if meta.num_row_groups == 0 or any(n not in columns for n in names):
        return None
    seen: dict[str, set[Any]] = {n: set() for n in names}
    for group in range(meta.num_row_groups):
        for name in names:
            stats = meta.row_group(group).column(columns.index(name)).statistics
            if stats is None or not stats.has_min_max or stats.null_count != 0:
                return None
            seen[name] |= {stats.min, stats.max}
    return seen


def _nonnegative_by_footer(path: Path) -> bool:
    """True when the footer's minima show revenue and employees ≥ 0 (NaN is not in them)."""
    seen = _footer_values(path, _NONNEGATIVE)
    return seen is not None and all(
        isinstance(v, (int, float)) and v >= 0 for values in seen.values() for v in values
    )


def _synthetic(lf: pl.LazyFrame) -> pl.Expr:
    if "synthetic" in lf.collect_schema().names():
        return pl.col("synthetic").fill_null(value=False)
    return pl.lit(value=False)


def _by_code_with_checks(lf: pl.LazyFrame, *, minima: bool) -> pl.DataFrame:
    """Sums by code, and what the value checks need: the sums (finite or not) and minima.

    ``minima``: the least revenue and employment, when the footer did not show them.
    """
    return (
        lf.group_by("industry_code")
        .agg(
            pl.len().cast(pl.Int64).alias("rows"),
            *[pl.col(v).sum() for v in _VALUES],
            _synthetic(lf).cast(pl.Int64).sum().alias("synthetic_rows"),
            *([pl.col(*_NONNEGATIVE).min().name.suffix("__min")] if minima else []),
        )
        .collect(engine="streaming")
    )


def _suspect(by_code: pl.DataFrame) -> bool:
    """A non-finite sum (some value is NaN or infinite) or a negative revenue or employment."""
    flags = by_code.select(
        pl.any_horizontal(*[~pl.col(v).is_finite() for v in _VALUES]).any().alias("nonfinite"),
        pl.any_horizontal(pl.lit(value=False), pl.col("^.*__min$") < 0).any().alias("negative"),
    )
    return bool(flags.row(0)[0]) or bool(flags.row(0)[1])


def _by_class_from_codes(
    by_code: pl.DataFrame, mapping: pl.DataFrame, *, region: str, year: int
) -> pl.DataFrame:
    return (
        by_code.join(mapping, on="industry_code", how="inner")
        .group_by("de_code")
        .agg(
            *[(pl.col(v) * pl.col("coefficient")).sum().alias(v) for v in _VALUES],
            pl.col("rows").sum().alias("firms"),
            pl.col("approximate").any(),
            (pl.col("synthetic_rows") > 0).any().alias("synthetic"),
        )
        .select(
            "de_code",
            pl.lit(region, dtype=pl.Utf8).alias("region"),
            pl.lit(year, dtype=pl.Int32).alias("year"),
            *_VALUES,
            "firms",
            "approximate",
            "synthetic",
        )
    )


def _sums(path: Path, mapping: pl.DataFrame, known: frozenset[str]) -> Partial:
    lf = _conform(pl.scan_parquet(path), where=path)
    keys = constant_keys(path)
    if keys is None:
        problems = check_register_values(path)
        if problems:
            return Partial(str(path), None, None, tuple(problems))
        code_query, class_query = _queries(lf, mapping)
        return Partial(
            str(path),
            code_query.collect(engine="streaming"),
            class_query.collect(engine="streaming"),
        )
    region, year = keys
    sums = _by_code_with_checks(lf, minima=not _nonnegative_by_footer(path))
    if region not in known or _suspect(sums):
        problems = check_register_values(path)  # a second pass, only to locate the rows
        if problems:
            return Partial(str(path), None, None, tuple(problems))
    by_class = _by_class_from_codes(sums, mapping, region=region, year=year)
    return Partial(str(path), sums.select(pl.exclude("^.*__min$")), by_class)


def partial_sums(path: Path | str, mapping: pl.DataFrame, known: frozenset[str]) -> Partial:
    """Reduce one partition to its sums by code and by class × region × year.

    Parameters
    ----------
    path
        A Parquet partition with :data:`~analytics.accounts.FIRM_COLUMNS`.
    mapping
        The code → class mapping (``industry_code, de_code, coefficient, approximate``).
    known
        Region codes a row may carry (``regions.csv``).

    Returns
    -------
    Partial
        The two sums, or the partition's located problems (never an exception for bad data).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from analytics.accounts.aggregate import _full_mapping
    >>> from analytics.accounts.concordance import read_concordance
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "f.parquet"
    >>> pl.DataFrame({"firm_id": ["a", "b"], "region": ["120000"] * 2,
    ...               "industry_code": ["6513", "6513"], "year": [2023, 2023],
    ...               "revenue": [1.0, 2.0], "value_added": [0.5, 1.0],
    ...               "employees": [1, 1]}).write_parquet(p)
    >>> part = partial_sums(p, _full_mapping(read_concordance(), level="major"),
    ...                     frozenset({"120000"}))
    >>> part.by_class.select("de_code", "region", "year", "revenue", "firms").rows()
    [('03', '120000', 2023, 3.0, 2)]
    """
    where = Path(path)
    try:
        return _sums(where, mapping, known)
    except DataValidationError as err:
        return Partial(str(where), None, None, tuple(err.problems))
    except (pl.exceptions.PolarsError, OSError, ValueError) as err:  # ValueError: ArrowInvalid
        found = diagnose_register(where) if isinstance(err, pl.exceptions.PolarsError) else []
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        unreadable = Problem(where, 1, 1, f"cannot read the partition: {reason}", "re-export it")
        return Partial(str(where), None, None, tuple(found or [unreadable]))
