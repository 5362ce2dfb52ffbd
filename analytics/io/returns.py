"""A department's return: a filled request workbook read back as ``reported`` figures.

:func:`read_return` checks the workbook cell by cell against the plan it names (its properties)
and refuses it, with every problem located as ``填报!F7``, when a value is not a number, a period
is not a year or year-month or lies after the day it is read, a unit or another locked cell was
changed, a target is unknown or listed twice, or a filled row lacks its period or department.
:func:`read_returns` gives every return added with ``analytics data add`` (``data/raw/returns``,
recorded in ``data/catalog/returns_files.yaml``) as one frame with its provenance.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from analytics.catalog import Plan, load_plan, plan_ids
from analytics.config import catalog_dir
from analytics.config import data_dir as default_data_dir
from analytics.exceptions import AnalyticsError, DataValidationError, Problem, did_you_mean
from analytics.io._returns_layout import COLUMNS, FILL_SHEET, LOCKED, letter
from analytics.io.request_book import request_rows

__all__ = ["RETURN_SCHEMA", "ReturnRead", "is_return", "read_return", "read_returns"]

RETURN_SCHEMA = {
    "plan": pl.Utf8, "target_id": pl.Utf8, "value": pl.Float64, "period": pl.Utf8,
    "source_document": pl.Utf8, "department": pl.Utf8, "contact": pl.Utf8, "note": pl.Utf8,
    "file": pl.Utf8, "row": pl.Int64, "sha256": pl.Utf8, "received": pl.Date,
}  # fmt: skip
"""One reported figure per row, with its provenance."""
_PERIOD = re.compile(r"^(?P<y>\d{4})(-(?P<m>\d{2}))?$")


@dataclass
class ReturnRead:
    """A return as read: its plan, the filled rows (``RETURN_SCHEMA``) and the file's sha256.

    Parameters
    ----------
    plan
        The plan id the workbook was made for.
    rows
        The filled rows, one per target.
    sha256
        The workbook's sha256, recorded with the return's provenance.
    """

    plan: str
    rows: pl.DataFrame
    sha256: str


def is_return(path: Path) -> bool:
    """Whether ``path`` is an Excel workbook with a ``填报`` sheet (a request or its return).

    Parameters
    ----------
    path
        The file offered to ``data add``.

    Examples
    --------
    >>> is_return(Path("data/reference/figures.csv"))
    False
    """
    if path.suffix.lower() != ".xlsx":
        return False
    try:
        from openpyxl import load_workbook

        return FILL_SHEET in load_workbook(path, read_only=True).sheetnames
    except Exception:  # not a workbook at all: the format detection says so
        return False


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = _text(value).replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def _period(value: object) -> tuple[str, dt.date] | None:
    """``("2025", 2025-12-31)`` or ``("2025-06", 2025-06-30)``; None when it is neither."""
    if isinstance(value, dt.datetime | dt.date):
        return None  # Excel turned it into a date: ambiguous (a day is not a period)
    m = _PERIOD.match(_text(value))
    if not m:
        return None
    year, month = int(m["y"]), int(m["m"] or 12)
    if not 1 <= month <= 12:
        return None
    end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return _text(value), end


def _plan_of(wb: Any, path: Path) -> Plan:
    ident = str(wb.properties.identifier or "")
    known = plan_ids()
    if ident not in known:
        raise DataValidationError([Problem(
            path, 0, 0, f"the workbook names plan `{ident}`, which is not on file"
            f"{did_you_mean(ident, known)}", "send the department a workbook made by "
            "`analytics plan request` and take back that file")])  # fmt: skip
    return load_plan(ident)


def read_return(path: Path, *, today: dt.date | None = None) -> ReturnRead:
    """Read and check a filled request workbook; raise with every problem at its cell.

    Parameters
    ----------
    path
        A filled request workbook.
    today
        The day it is taken in; a period after it is refused.

    Raises
    ------
    DataValidationError
        ``填报!F7: "约7万" is not a number``, a period after ``today``, a changed unit or other
        locked cell, an unknown or repeated ``target_id``, a filled row without its period or
        department, a return with nothing filled.
    """
    from openpyxl import load_workbook

    today = today or dt.date.today()
    data = path.read_bytes()
    wb = load_workbook(path, data_only=True)
    if FILL_SHEET not in wb.sheetnames:
        raise DataValidationError(
            [
                Problem(
                    path,
                    0,
                    0,
                    f"no sheet `{FILL_SHEET}`",
                    "a return is the request workbook, filled in",
                )
            ]
        )
    plan = _plan_of(wb, path)
    ws = wb[FILL_SHEET]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = tuple(_text(c) for c in (rows[0] if rows else ()))[: len(COLUMNS)]
    if header != COLUMNS:
        raise DataValidationError(
            [
                Problem(
                    path,
                    1,
                    "A",
                    f"{FILL_SHEET}!A1: the header is {list(header)}",
                    f"expected {list(COLUMNS)}",
                )
            ]
        )
    expected = {r["target_id"]: r for r in request_rows(plan)}
    problems: list[Problem] = []
    out: list[dict[str, object]] = []
    seen: dict[str, int] = {}

    def bad(r: int, col: str, message: str, hint: str = "") -> None:
        problems.append(Problem(path, r, letter(col), f"{FILL_SHEET}!{letter(col)}{r}: "
                                f"{message}", hint))  # fmt: skip

    for r, cells in enumerate(rows[1:], start=2):
        cell = {c: (cells[i] if i < len(cells) else None) for i, c in enumerate(COLUMNS)}
        if not any(_text(v) for v in cell.values()):
            continue
        tid = _text(cell["target_id"])
        if tid not in expected:
            bad(
                r,
                "target_id",
                f"unknown target_id `{tid}`{did_you_mean(tid, expected)}",
                f"targets of {plan.id}: {', '.join(expected)}",
            )
            continue
        if tid in seen:
            bad(
                r,
                "target_id",
                f"target `{tid}` is listed twice (first in row {seen[tid]})",
                "one row per target",
            )
            continue
        seen[tid] = r
        want = expected[tid]
        for col in LOCKED[1:]:
            if _text(cell[col]) != want[col]:
                what = "unit" if col == "单位" else "locked cell"
                bad(
                    r,
                    col,
                    f'{what} "{_text(cell[col])}" is not the target\'s "{want[col]}"'
                    if col == "单位"
                    else f'changed {what}: "{_text(cell[col])}", the request said "{want[col]}"',
                    "the identifying columns may not be changed",
                )
        raw_value, raw_period = cell["填报值"], cell["数据所属期"]
        if not _text(raw_value) and not _text(raw_period):
            continue  # a row left empty: no figure for this target
        value = _number(raw_value)
        if not _text(raw_value):
            bad(r, "填报值", "a period is given but no value", "fill 填报值 or clear the row")
        elif value is None:
            bad(
                r,
                "填报值",
                f'"{_text(raw_value)}" is not a number',
                "write one number without units or words, e.g. 70000",
            )
        period = _period(raw_period)
        if not _text(raw_period):
            bad(r, "数据所属期", "the value has no period", "a year (2025) or year-month")
        elif period is None:
            bad(
                r,
                "数据所属期",
                f'"{_text(raw_period)}" is not a year or year-month',
                "e.g. 2025 or 2025-06",
            )
        elif period[1] > today:
            bad(
                r,
                "数据所属期",
                f'period "{period[0]}" ends after the evaluation date {today.isoformat()}',
                "report a period that is over",
            )
        department = _text(cell["填报单位"])
        if not department:
            bad(
                r,
                "填报单位",
                "a figure without the department that reports it",
                "write the department's name",
            )
        if value is not None and period is not None:
            out.append({
                "plan": plan.id, "target_id": tid, "value": value, "period": period[0],
                "source_document": _text(cell["来源文件"]), "department": department,
                "contact": _text(cell["联系人"]), "note": _text(cell["备注"]),
                "file": path.name, "row": r, "sha256": hashlib.sha256(data).hexdigest(),
                "received": today,
            })  # fmt: skip
    if not problems and not out:
        problems.append(
            Problem(
                path,
                0,
                0,
                f"{FILL_SHEET}: no row is filled in",
                "fill 填报值 and 数据所属期 for at least one target",
            )
        )
    if problems:
        raise DataValidationError(problems)
    frame = pl.DataFrame(out, schema=RETURN_SCHEMA)
    return ReturnRead(plan.id, frame, hashlib.sha256(data).hexdigest())


def returns_register(data: Path | None = None) -> Path:
    """``data/catalog/returns_files.yaml``: one entry per return added."""
    return (data / "catalog" if data else catalog_dir()) / "returns_files.yaml"


def read_returns(*, data_dir: Path | None = None) -> pl.DataFrame:
    """Every return added with ``analytics data add``, read as it was on the day it came in.

    Parameters
    ----------
    data_dir
        The data folder (default: the project's ``data/``).

    Examples
    --------
    >>> read_returns(data_dir=Path("/nonexistent")).height
    0
    """
    data = data_dir or default_data_dir()
    register = returns_register(data)
    if not register.exists():
        return pl.DataFrame(schema=RETURN_SCHEMA)
    entries = yaml.safe_load(register.read_text(encoding="utf-8")) or []
    frames = []
    for e in entries:
        path = data / "raw" / "returns" / str(e["file"])
        if not path.exists():
            raise AnalyticsError(f"{register}: return {e['file']} is not in data/raw/returns")
        received = dt.date.fromisoformat(str(e["received"]))
        got = read_return(path, today=received)
        frames.append(got.rows.with_columns(pl.lit(str(e["file"])).alias("file")))
    return pl.concat(frames) if frames else pl.DataFrame(schema=RETURN_SCHEMA)
