"""Concordances from GB/T 4754-2017 industry codes to NBS 2021 digital-economy classes.

A concordance is a CSV file, UTF-8 (a BOM is tolerated), one row per correspondence:

=================  ========  ==================================================================
column             required  meaning
=================  ========  ==================================================================
``gbt4754_code``   yes       a GB/T 4754-2017 code at any level: 门类 letter (``I``), 大类
                             (``65``), 中类 (``651``) or 小类 (``6513``); leading zeros kept
``de_code``        yes       a digital-economy class: major ``03``, middle ``0301`` or small
                             ``030101``; its first two digits must be a major class 01–05
``coefficient``    yes       the share of the industry's value that belongs to the class, in
                             (0, 1]; ``1`` for a full correspondence, less for a partial one
                             (the official table's ``*``)
``quality``        no        ``official`` or ``approximate``; default ``official``. Every
                             result built from an ``approximate`` row is labelled so
``note``           no        free text: the reasoning or the source
=================  ========  ==================================================================

Other columns are ignored. Loading validates the table and reports every problem with its line:
unknown codes, coefficients outside (0, 1], one code's coefficients adding up to more than 1,
the same pair listed twice, and a code listed together with one of its ancestors (``65`` and
``6513``), which would count the child twice. A code is matched to the most specific level
listed (longest prefix); a 4-digit firm code under ``65`` takes ``65``'s rows.

The default concordance (``concordance_default.csv``) covers divisions 39, 63, 64 (by group)
and 65 only and is ``approximate`` on every row; drop in the official small-class table with
:func:`read_concordance` and nothing else changes.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import polars as pl

from analytics.accounts.classification import DE_MAJOR_CLASSES, classification_dir, read_gbt4754
from analytics.exceptions import DataValidationError, Problem

__all__ = [
    "CONCORDANCE_COLUMNS",
    "Concordance",
    "Quality",
    "concordance_from_frame",
    "default_concordance_path",
    "read_concordance",
]

Quality = Literal["official", "approximate"]
"""How a concordance row was made; results built from ``approximate`` rows say so."""

CONCORDANCE_COLUMNS: tuple[str, ...] = ("gbt4754_code", "de_code", "coefficient", "quality", "note")
_REQUIRED = ("gbt4754_code", "de_code", "coefficient")
_QUALITIES = ("official", "approximate")
_DE_CODE = re.compile(r"^\d{2}(\d{2}(\d{2})?)?$")
_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Concordance:
    """A validated concordance.

    Parameters
    ----------
    table
        ``gbt4754_code, gbt_level (1–4), de_code, coefficient, quality, note, line``.
    source
        Where it came from (a path, or ``<frame>``).

    Examples
    --------
    >>> conc = read_concordance()
    >>> conc.approximate, conc.table.height
    (True, 9)
    """

    table: pl.DataFrame
    source: str

    @property
    def approximate(self) -> bool:
        """True when any row is ``approximate``."""
        return bool((self.table["quality"] == "approximate").any())

    @property
    def quality(self) -> Quality:
        """``approximate`` if any row is, else ``official``."""
        return "approximate" if self.approximate else "official"

    def to_frame(self) -> pl.DataFrame:
        """Return the table without the bookkeeping ``line`` column."""
        return self.table.drop("line")

    def __repr__(self) -> str:
        return f"Concordance({self.source!r}, rows={self.table.height}, quality={self.quality!r})"


def default_concordance_path() -> Path:
    """Return the path of the shipped, approximate, division-level concordance.

    Examples
    --------
    >>> default_concordance_path().name
    'concordance_default.csv'
    """
    return classification_dir() / "concordance_default.csv"


def read_concordance(path: Path | str | None = None) -> Concordance:
    """Read and validate a concordance CSV (format in this module's docstring).

    Parameters
    ----------
    path
        The CSV; default: :func:`default_concordance_path` (approximate).

    Raises
    ------
    DataValidationError
        With one :class:`~analytics.exceptions.Problem` per bad row, each naming its line.

    Examples
    --------
    >>> read_concordance().table.filter(pl.col("gbt4754_code") == "65").select(
    ...     "de_code", "coefficient", "quality"
    ... ).rows()
    [('03', 1.0, 'approximate')]
    """
    source = Path(path) if path is not None else default_concordance_path()
    try:
        with source.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            rows: list[tuple[int, list[str]]] = []
            start = reader.line_num + 1
            for record in reader:
                if any(cell.strip() for cell in record):
                    rows.append((start, record))
                start = reader.line_num + 1
    except FileNotFoundError as err:
        raise DataValidationError(
            [Problem(source, 0, 0, "concordance file not found", "check the path")]
        ) from err
    if header is None:
        raise DataValidationError([Problem(source, 1, 0, "the file is empty", _header_hint())])
    names = [h.strip() for h in header]
    missing = [c for c in _REQUIRED if c not in names]
    if missing:
        raise DataValidationError(
            [
                Problem(
                    source, 1, col, f"missing column `{col}` (header is {names})", _header_hint()
                )
                for col in missing
            ]
        )
    data: dict[str, list[str | None]] = {c: [] for c in CONCORDANCE_COLUMNS}
    lines: list[int] = []
    for line, record in rows:
        cells = dict(zip(names, record, strict=False))
        for col in CONCORDANCE_COLUMNS:
            data[col].append(cells.get(col))
        lines.append(line)
    frame = pl.DataFrame(data, schema=dict.fromkeys(CONCORDANCE_COLUMNS, pl.Utf8)).with_columns(
        line=pl.Series(lines, dtype=pl.Int64)
    )
    return _validate(frame, str(source))


def concordance_from_frame(frame: pl.DataFrame, *, source: str = "<frame>") -> Concordance:
    """Validate a concordance given as a frame (same columns as the CSV; line = row + 2).

    Parameters
    ----------
    frame
        ``gbt4754_code, de_code, coefficient`` and optionally ``quality, note`` (other columns
        are ignored); every column is cast to text and checked as the CSV reader checks it.
    source
        What problems and :attr:`Concordance.source` name as the origin; default ``<frame>``.

    Returns
    -------
    Concordance

    Raises
    ------
    DataValidationError
        With one :class:`~analytics.exceptions.Problem` per bad row (line = row index + 2, as
        in a CSV with a header).

    Examples
    --------
    >>> conc = concordance_from_frame(
    ...     pl.DataFrame({"gbt4754_code": ["6513"], "de_code": ["03"], "coefficient": [0.5]})
    ... )
    >>> conc.quality, conc.table["gbt_level"].to_list()
    ('official', [4])
    """
    missing = [c for c in _REQUIRED if c not in frame.columns]
    if missing:
        raise DataValidationError(
            [Problem(source, 1, c, f"missing column `{c}`", _header_hint()) for c in missing]
        )
    strings = frame.select(
        [
            pl.col(c).cast(pl.Utf8) if c in frame.columns else pl.lit(None, pl.Utf8).alias(c)
            for c in CONCORDANCE_COLUMNS
        ]
    ).with_columns(line=pl.int_range(2, frame.height + 2, dtype=pl.Int64))
    return _validate(strings, source)


def _header_hint() -> str:
    return "the header must name gbt4754_code, de_code, coefficient (quality and note optional)"


def _validate(frame: pl.DataFrame, source: str) -> Concordance:
    gbt = read_gbt4754()
    levels = dict(zip(gbt["code"], gbt["level"], strict=True))
    ancestors = {
        code: [a for a in (sec, div, grp) if a and a != code]
        for code, sec, div, grp in gbt.select("code", "section", "division", "group").iter_rows()
    }
    problems: list[Problem] = []
    clean: list[tuple[str, int, str, float, str, str, int]] = []
    if frame.height == 0:
        problems.append(Problem(source, 2, 0, "the concordance has no rows", _header_hint()))
    for code_raw, de_raw, coef_raw, quality_raw, note, line in frame.iter_rows():
        code = (code_raw or "").strip()
        de_code = (de_raw or "").strip()
        quality = (quality_raw or "").strip() or "official"
        ok = True
        if code not in levels:
            problems.append(
                Problem(
                    source,
                    line,
                    "gbt4754_code",
                    f"`{code}` is not a GB/T 4754-2017 code",
                    _code_hint(code, levels),
                )
            )
            ok = False
        if not _DE_CODE.match(de_code) or de_code[:2] not in DE_MAJOR_CLASSES:
            problems.append(
                Problem(
                    source,
                    line,
                    "de_code",
                    f"`{de_code}` is not a digital-economy class code",
                    "use a major class 01–05, a middle class like 0301 or a small class 030101",
                )
            )
            ok = False
        try:
            coefficient = float((coef_raw or "").strip())
        except ValueError:
            problems.append(
                Problem(
                    source,
                    line,
                    "coefficient",
                    f'"{coef_raw}" is not a number',
                    "write the share as a decimal in (0, 1], e.g. 0.35",
                )
            )
            continue
        if not 0.0 < coefficient <= 1.0:
            problems.append(
                Problem(
                    source,
                    line,
                    "coefficient",
                    f"coefficient {coefficient:g} is outside (0, 1]",
                    "a share of the industry: 1 for a full correspondence, less for a partial one",
                )
            )
            ok = False
        if quality not in _QUALITIES:
            problems.append(
                Problem(
                    source,
                    line,
                    "quality",
                    f"quality `{quality}` is not one of {', '.join(_QUALITIES)}",
                    "leave it empty for official",
                )
            )
            ok = False
        if ok:
            clean.append((code, levels[code], de_code, coefficient, quality, note or "", line))
    problems.extend(_cross_row_problems(clean, ancestors, source))
    if problems:
        raise DataValidationError(sorted(problems, key=lambda p: (p.line, str(p.column))))
    table = pl.DataFrame(
        clean,
        schema={
            "gbt4754_code": pl.Utf8,
            "gbt_level": pl.Int8,
            "de_code": pl.Utf8,
            "coefficient": pl.Float64,
            "quality": pl.Utf8,
            "note": pl.Utf8,
            "line": pl.Int64,
        },
        orient="row",
    )
    return Concordance(table=table, source=source)


def _cross_row_problems(
    rows: list[tuple[str, int, str, float, str, str, int]],
    ancestors: dict[str, list[str]],
    source: str,
) -> list[Problem]:
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    pairs: dict[tuple[str, str], int] = {}
    totals: dict[str, float] = {}
    lines_of: dict[str, list[int]] = {}
    for code, _level, de_code, coefficient, _q, _n, line in rows:
        first_line.setdefault(code, line)
        if (code, de_code) in pairs:
            problems.append(
                Problem(
                    source,
                    line,
                    "de_code",
                    f"`{code}` → `{de_code}` is listed twice "
                    f"(first on line {pairs[code, de_code]})",
                    "keep one row per pair and put the whole share in its coefficient",
                )
            )
            continue
        pairs[code, de_code] = line
        totals[code] = totals.get(code, 0.0) + coefficient
        lines_of.setdefault(code, []).append(line)
        if totals[code] > 1.0 + _TOLERANCE:
            problems.append(
                Problem(
                    source,
                    line,
                    "coefficient",
                    f"the coefficients of `{code}` add up to {totals[code]:.6g} > 1 "
                    f"(lines {', '.join(map(str, lines_of[code]))})",
                    "an industry's shares across classes can add up to at most 1",
                )
            )
    for code, line in first_line.items():
        for parent in ancestors.get(code, []):
            if parent in first_line:
                problems.append(
                    Problem(
                        source,
                        line,
                        "gbt4754_code",
                        f"`{code}` is listed together with its parent `{parent}` "
                        f"(line {first_line[parent]}), so it would be counted twice",
                        f"list either `{parent}` or its children, not both",
                    )
                )
    return problems


def _code_hint(code: str, levels: dict[str, int]) -> str:
    if code.isdigit() and len(code) in (1, 3) and ("0" + code) in levels:
        return f"did a spreadsheet drop a leading zero? `0{code}` exists"
    close = difflib.get_close_matches(code, list(levels), n=1)
    if close:
        return f"did you mean `{close[0]}`?"
    return "codes are a 门类 letter or 2–4 digits from GB/T 4754-2017"
