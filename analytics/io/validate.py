"""One validation layer for every importer: values, regions, and the files themselves.

Importers parse cells into the observation model, keeping where each value came from (a line and a
column); :func:`validate_values` then checks every value of every region at once and returns one
located :class:`~analytics.exceptions.Problem` per refused cell:

- finite numbers only (``nan``, ``inf``, ``1e400`` are refused);
- magnitudes within the bound of the unit (``data/catalog/bounds.yaml``);
- non-negative where the indicator is a count or a level (catalog ``nonnegative``);
- shares within 0–100 (``share_pct``, or a level in ``%``), per-mille rates within ±1000,
  indices (previous year = 100) above 0, growth rates not below −100 %;
- regions only from ``regions.csv``.

:func:`check_readable` refuses what must not be opened (a named pipe called ``.csv``, a device,
a folder) and :func:`check_excel_archive` an ``.xlsx`` whose declared uncompressed size passes a
bound, before any reader touches them.

Examples
--------
>>> frame = pl.DataFrame({"indicator": ["gdp", "gdp"], "region": ["120000", "990000"],
...                       "measure": ["level", "level"], "value": [float("nan"), 1.0],
...                       "line": [4, 5], "col": [2, 2]})
>>> for p in validate_values(frame, file="x.csv"):
...     print(p)
x.csv:4:2: value `nan` for `gdp` is not a finite number (write a number, or leave the cell blank if it is unknown)
x.csv:5:1: region `990000` is not in regions.csv (use a 6-digit code from data/catalog/regions.csv)
"""  # noqa: E501

from __future__ import annotations

import math
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from analytics._yaml import load_yaml
from analytics.catalog import indicators, regions
from analytics.config import catalog_dir
from analytics.exceptions import DataValidationError, Problem
from analytics.io._safe import check_input

__all__ = [
    "MAX_EXCEL_UNCOMPRESSED",
    "check_excel_archive",
    "check_readable",
    "format_value",
    "raise_if_problems",
    "read_utf8",
    "unit_bounds",
    "validate_values",
]

MAX_EXCEL_UNCOMPRESSED = 200 * 1024 * 1024
"""Largest total declared uncompressed size of an ``.xlsx`` archive we open (200 MB)."""

_SHARE = "share {v}% is outside 0–100%"
_RULES: tuple[tuple[str, str, str], ...] = (
    (
        "_nonfinite",
        "value `{v}` for `{ind}` is not a finite number",
        "write a number, or leave the cell blank if it is unknown",
    ),
    (
        "_bound",
        "value {v} for `{ind}` exceeds the bound {b:g} {unit} of data/catalog/bounds.yaml",
        "a unit slip (元 for 亿元)? convert on import, or widen the bound with a source",
    ),
    ("_negative", "negative value {v} for the count or amount `{ind}`", "expected a value ≥ 0"),
    ("_share", _SHARE, "a share of a total is between 0 and 100"),
    ("_permille", "rate {v}‰ for `{ind}` is outside −1000–1000‰", "a rate per mille"),
    ("_index", "index {v} for `{ind}` is not above 0", "previous year = 100: a positive index"),
    ("_growth", "growth {v}% for `{ind}` is below −100%", "a fall cannot exceed 100%"),
)


def format_value(value: float | None, *, missing: str = "missing") -> str:
    """A number as text; ``None``, NaN and ±inf say so in words, never ``nan`` or ``inf``.

    Parameters
    ----------
    value
        The number (``%g``: six significant digits).
    missing
        The word for ``None`` and NaN; default ``missing``.

    Returns
    -------
    str
        ``infinite`` and ``minus infinite`` for ±inf.

    Examples
    --------
    >>> format_value(2.5), format_value(float("nan")), format_value(float("inf"))
    ('2.5', 'missing', 'infinite')
    >>> format_value(None, missing="no data")
    'no data'
    """
    if value is None or math.isnan(value):
        return missing
    if math.isinf(value):
        return "infinite" if value > 0 else "minus infinite"
    return f"{value:g}"


@cache
def unit_bounds(path: Path | None = None) -> dict[str, Any]:
    """The plausibility bounds of ``data/catalog/bounds.yaml``: ``units`` and ``indicators``.

    Examples
    --------
    >>> unit_bounds()["units"]["亿元"]
    100000000.0
    """
    path = path or catalog_dir() / "bounds.yaml"
    hint = "units: {unit: bound}, indicators: {id: bound}; see the file's header"
    try:
        data = load_yaml(path)
    except (OSError, UnicodeDecodeError) as err:
        raise DataValidationError([Problem(path, 0, 0, f"cannot read: {err}", hint)]) from err
    ok = isinstance(data, dict) and isinstance(data.get("units"), dict)
    given = {**data["units"], **(data.get("indicators") or {})} if ok else {}
    bad = [
        k
        for k, v in given.items()
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v < math.inf
    ]
    if not ok or bad:
        what = f"bounds of {bad} are not positive finite numbers" if ok else "no `units:` mapping"
        raise DataValidationError([Problem(path, 1, 1, what, hint)])
    return {"units": data["units"], "indicators": data.get("indicators") or {}}


def _catalog_frame() -> pl.DataFrame:
    bounds = unit_bounds()
    rows = [
        {
            "indicator": k,
            "_unit": ind.unit,
            "_nonneg": ind.nonnegative,
            "_b": float(bounds["indicators"].get(k, bounds["units"].get(ind.unit, math.inf))),
        }
        for k, ind in indicators().items()
    ]
    return pl.DataFrame(
        rows,
        schema={"indicator": pl.Utf8, "_unit": pl.Utf8, "_nonneg": pl.Boolean, "_b": pl.Float64},
    )


def _bound(unit_bound: dict[str, float]) -> pl.Expr:
    by_unit = pl.col("_unit_of_value").replace_strict(
        unit_bound, default=None, return_dtype=pl.Float64
    )
    return (
        pl.when(pl.col("measure") == "level")
        .then(pl.col("_b"))
        .otherwise(by_unit)
        .fill_null(math.inf)
        .alias("_bv")
    )


def _flags() -> list[pl.Expr]:
    v, m = pl.col("value"), pl.col("measure")
    unit = pl.col("_unit_of_value")
    finite = v.is_finite()
    bound = pl.col("_bv")
    return [
        (~finite).alias("_nonfinite"),
        (finite & (v.abs() > bound)).alias("_bound"),
        (
            finite
            & pl.col("_nonneg").fill_null(False)
            & m.is_in(["level", "ytd", "per_10k"])
            & (unit != "‰")
            & (v < 0)
        ).alias("_negative"),
        (
            finite & ((m == "share_pct") | ((m == "level") & (unit == "%"))) & ((v < 0) | (v > 100))
        ).alias("_share"),
        (finite & (unit == "‰") & (v.abs() > 1000)).alias("_permille"),
        (finite & (m == "index_prev_year_100") & (v <= 0)).alias("_index"),
        (finite & m.is_in(["yoy_pct", "mom_pct"]) & (v < -100)).alias("_growth"),
    ]


def validate_values(
    frame: pl.DataFrame,
    *,
    file: Path | str,
    line: str = "line",
    column: str = "col",
    region_column: int | str = 1,
    raw: str | None = None,
) -> list[Problem]:
    """Check every value and region of ``frame``; one located problem per refused cell.

    Parameters
    ----------
    frame
        Observations with ``indicator``, ``region``, ``measure`` and ``value`` (``unit``
        optional: the catalog's unit of the measure is assumed), plus the location columns.
    file
        The file the values came from, named in every problem.
    line, column
        Columns holding each value's line (or sheet row) and column (number or name).
    region_column
        The column reported for an unknown region (a number or a name).
    raw
        Optional column with the cell as written, quoted instead of the parsed value.

    Examples
    --------
    >>> f = pl.DataFrame({"indicator": ["de_core_va_share"], "region": ["120000"],
    ...                   "measure": ["share_pct"], "value": [135.0], "line": [2], "col": [4]})
    >>> print(validate_values(f, file="f.csv")[0])
    f.csv:2:4: share 135% is outside 0–100% (a share of a total is between 0 and 100)
    """
    if frame.is_empty():
        return []
    from analytics.catalog._indicators import MEASURE_UNITS

    bounds: dict[str, float] = {k: float(v) for k, v in unit_bounds()["units"].items()}
    known = regions()["code"].to_list()
    checked = (
        frame.with_row_index("_i")
        .join(_catalog_frame(), on="indicator", how="left")
        .with_columns(
            pl.col("measure")
            .replace_strict(MEASURE_UNITS, default=None, return_dtype=pl.Utf8)
            .fill_null(pl.col("_unit"))
            .alias("_unit_of_value"),
            (~pl.col("region").is_in(known) & pl.col("region").is_not_null()).alias("_region"),
        )
        .with_columns(_bound(bounds))
        .with_columns(_flags())
    )
    names = [r[0] for r in _RULES]
    bad = checked.filter(pl.any_horizontal([*names, "_region"])).sort("_i")
    problems: list[Problem] = []
    seen: set[tuple[object, str]] = set()  # a wrong region once per line, not once per cell
    for row in bad.iter_rows(named=True):
        if row["_region"] and (row[line], row["region"]) not in seen:
            seen.add((row[line], row["region"]))
            problems.append(
                Problem(
                    file,
                    row[line],
                    region_column,
                    f"region `{row['region']}` is not in regions.csv",
                    "use a 6-digit code from data/catalog/regions.csv",
                )
            )
        text = row[raw] if raw else _show(row["value"])
        for name, message, hint in _RULES:
            if row[name]:
                b, unit = row["_bv"], row["_unit_of_value"]
                words = message.format(v=text, ind=row["indicator"], b=b, unit=unit)
                problems.append(Problem(file, row[line], row[column], words, hint))
    return problems


def _show(value: float) -> str:
    return str(value) if not math.isfinite(value) else f"{value:g}"


def raise_if_problems(problems: list[Problem]) -> None:
    """Raise :class:`DataValidationError` carrying ``problems`` when there are any.

    Parameters
    ----------
    problems
        Located problems; an empty list returns None.

    Raises
    ------
    DataValidationError
        Carrying every problem, in the order given.

    Examples
    --------
    >>> raise_if_problems([])
    """
    if problems:
        raise DataValidationError(problems)


def read_utf8(path: Path) -> str:
    r"""The text of a file the project keeps in UTF-8 (a BOM is dropped); else a located refusal.

    Portal panels and captures come from the portal in UTF-8 and ``figures_map.csv`` is written
    here: a GBK copy is a re-saved file, refused at its first non-UTF-8 byte.

    Parameters
    ----------
    path
        The text file to read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "m.csv"; _ = p.write_bytes("a,天津\n".encode("gbk"))
    >>> try:
    ...     read_utf8(p)
    ... except DataValidationError as err:
    ...     print(err.first.line, err.first.column, err.first.message)
    1 3 bytes `cc ec bd f2` are not UTF-8 (GBK text?)
    """
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        bad = raw[err.start : err.start + 4].hex(" ")
        try:
            raw.decode("gb18030")
            guess = " (GBK text?)"
        except UnicodeDecodeError:
            guess = ""
        raise DataValidationError(
            [
                Problem(
                    path,
                    line,
                    column,
                    f"bytes `{bad}` are not UTF-8{guess}",
                    "save the file as UTF-8, as it was received",
                )
            ]
        ) from None


def check_readable(path: Path | str) -> Problem | None:
    """Refuse, without opening it, a path that is not a regular file (a FIFO, a device, a folder).

    The one check every reader uses, :func:`analytics.io._safe.check_input` (a symlink is
    refused too, its target never read); kept here as part of the public API.

    Parameters
    ----------
    path
        The path to check; it is not opened.

    Returns
    -------
    Problem or None
        The refusal, located at line 0, or None for a regular file.

    Examples
    --------
    >>> import os, tempfile
    >>> fifo = os.path.join(tempfile.mkdtemp(), "x.csv"); os.mkfifo(fifo)
    >>> print(check_readable(fifo))  # doctest: +ELLIPSIS
    /...x.csv:0:0: a named pipe (FIFO), not a regular file (...)
    """
    return check_input(path)


def check_excel_archive(path: Path | str, *, limit: int = MAX_EXCEL_UNCOMPRESSED) -> Problem | None:
    """Refuse an ``.xlsx`` that is not a zip archive, is empty, or would expand past ``limit``.

    The declared uncompressed sizes in the zip's central directory are summed before any member
    is inflated, so a zip bomb is refused without being read.

    Parameters
    ----------
    path
        The workbook; checked with :func:`check_readable` first.
    limit
        Largest total declared uncompressed size, in bytes; default
        :data:`MAX_EXCEL_UNCOMPRESSED` (200 MB).

    Returns
    -------
    Problem or None
        The refusal (also for an archive without ``xl/workbook.xml``), or None for a workbook
        that may be opened.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "empty.xlsx"; _ = p.write_bytes(b"")
    >>> print(check_excel_archive(p))  # doctest: +ELLIPSIS
    /...empty.xlsx:0:0: the workbook is empty (0 bytes) (re-export the workbook from Excel)
    """
    path = Path(path)
    problem = check_readable(path)
    if problem is not None:
        return problem
    hint = "re-export the workbook from Excel"
    if path.stat().st_size == 0:
        return Problem(path, 0, 0, "the workbook is empty (0 bytes)", hint)
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        return Problem(path, 0, 0, f"not an .xlsx (zip) archive: {err}", hint)
    if total > limit:
        return Problem(
            path,
            0,
            0,
            f"the workbook would expand to {total / 2**20:.0f} MB, above the "
            f"{limit / 2**20:.0f} MB limit",
            "a zip bomb or a huge export: split it or export CSV",
        )
    if "xl/workbook.xml" not in names:
        return Problem(path, 0, 0, "the archive holds no xl/workbook.xml", hint)
    return None
