"""Values of a firm register (``accounts build --firms``): finite, non-negative, known regions."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analytics.catalog import regions
from analytics.exceptions import DataValidationError, Problem
from analytics.io._safe import check_input

__all__ = ["check_register_values", "raise_on_register_values"]

_FINITE = ("revenue", "value_added", "employees")
_NONNEGATIVE = ("revenue", "employees")  # value added may be negative (a loss-making firm)


def check_register_values(path: Path, *, limit: int = 20) -> list[Problem]:
    r"""Locate non-finite numbers, negative revenue or employees and unknown regions.

    Refuses a FIFO or device before opening it; an unreadable file is one located problem.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "firms.csv"
    >>> _ = p.write_text("firm_id,region,industry_code,year,revenue,value_added,employees\n"
    ...                  "a,120000,6513,2023,nan,1,2\n")
    >>> print(check_register_values(p)[0])  # doctest: +ELLIPSIS
    /...firms.csv:2:revenue: `nan` is not a finite number (line 2: write a number)
    """
    unreadable = check_input(path)
    if unreadable is not None:
        return [unreadable]
    csv = path.suffix.lower() in (".csv", ".txt")
    try:
        lf = pl.scan_csv(path, infer_schema=False) if csv else pl.scan_parquet(path)
        names = lf.collect_schema().names()
        if not all(c in names for c in (*_FINITE, "region")):
            return []  # missing columns are reported by scan_firms
        value = {c: pl.col(c).cast(pl.Utf8).str.strip_chars() for c in _FINITE}
        number = {c: v.cast(pl.Float64, strict=False) for c, v in value.items()}
        known = regions()["code"].to_list()
        flags = [
            *[(number[c].is_not_null() & ~number[c].is_finite()).alias(f"{c}:nf") for c in _FINITE],
            *[(number[c] < 0).fill_null(False).alias(f"{c}:neg") for c in _NONNEGATIVE],
            (~pl.col("region").cast(pl.Utf8).is_in(known)).fill_null(False).alias("region:reg"),
        ]
        bad = (
            lf.with_row_index("__row", offset=2 if csv else 1)
            .select("__row", *[v.alias(c) for c, v in value.items()], pl.col("region"), *flags)
            .filter(pl.any_horizontal(pl.col("^.*:(nf|neg|reg)$")))
            .head(limit)
            .collect()
        )
    except (pl.exceptions.PolarsError, OSError) as err:
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return [Problem(path, 1, 1, f"cannot read the firm register: {reason}", "re-export it")]
    where = "line" if csv else "row"
    messages = {
        "nf": ("`{v}` is not a finite number", "write a number"),
        "neg": ("negative value {v}", "expected a value ≥ 0"),
        "reg": ("region `{v}` is not in regions.csv", "use a code from regions.csv"),
    }
    out: list[Problem] = []
    for r in bad.iter_rows(named=True):
        for flag, hit in r.items():
            if ":" in flag and hit:
                column, kind = flag.split(":")
                words, hint = messages[kind]
                row = r["__row"]
                out.append(
                    Problem(path, row, column, words.format(v=r[column]), f"{where} {row}: {hint}")
                )
    return out


def raise_on_register_values(path: Path) -> None:
    """Raise :class:`DataValidationError` with every located problem of the register."""
    problems = check_register_values(path)
    if problems:
        raise DataValidationError(problems)
