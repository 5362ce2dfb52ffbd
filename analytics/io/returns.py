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
from dataclasses import dataclass, field
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
    "plan": pl.Utf8,
    "target_id": pl.Utf8,
    "value": pl.Float64,
    "period": pl.Utf8,
    "source_document": pl.Utf8,
    "department": pl.Utf8,
    "contact": pl.Utf8,
    "note": pl.Utf8,
    "file": pl.Utf8,
    "row": pl.Int64,
    "sha256": pl.Utf8,
    "received": pl.Date,
}
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
        raise DataValidationError(
            [
                Problem(
                    path,
                    0,
                    0,
                    f"the workbook names plan `{ident}`, which is not on file"
                    f"{did_you_mean(ident, known)}",
                    "send the department a workbook made by "
                    "`analytics plan request` and take back that file",
                )
            ]
        )
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
    today = today or dt.date.today()
    data = path.read_bytes()
    plan, rows = _open_return(path)
    sheet = _Sheet(path, plan, {r["target_id"]: r for r in request_rows(plan)}, today)
    sha = hashlib.sha256(data).hexdigest()
    out: list[dict[str, object]] = []
    for r, cells in enumerate(rows[1:], start=2):
        cell = {c: (cells[i] if i < len(cells) else None) for i, c in enumerate(COLUMNS)}
        if any(_text(v) for v in cell.values()):
            record = sheet.row(r, cell)
            if record is not None:
                out.append({**record, "file": path.name, "row": r, "sha256": sha})
    if not sheet.problems and not out:
        hint = "fill 填报值 and 数据所属期 for at least one target"
        sheet.problems.append(Problem(path, 0, 0, f"{FILL_SHEET}: no row is filled in", hint))
    if sheet.problems:
        raise DataValidationError(sheet.problems)
    return ReturnRead(plan.id, pl.DataFrame(out, schema=RETURN_SCHEMA), sha)


def _open_return(path: Path) -> tuple[Plan, list[list[Any]]]:
    """The plan a return answers and the rows of its fill sheet, after checking its header."""
    from openpyxl import load_workbook

    wb = load_workbook(path, data_only=True)
    if FILL_SHEET not in wb.sheetnames:
        hint = "a return is the request workbook, filled in"
        raise DataValidationError([Problem(path, 0, 0, f"no sheet `{FILL_SHEET}`", hint)])
    plan = _plan_of(wb, path)
    rows = [list(r) for r in wb[FILL_SHEET].iter_rows(values_only=True)]
    header = tuple(_text(c) for c in (rows[0] if rows else ()))[: len(COLUMNS)]
    if header != COLUMNS:
        message = f"{FILL_SHEET}!A1: the header is {list(header)}"
        raise DataValidationError([Problem(path, 1, "A", message, f"expected {list(COLUMNS)}")])
    return plan, rows


@dataclass
class _Sheet:
    """One pass over a return's fill sheet: the rows the request expects, problems by cell."""

    path: Path
    plan: Plan
    expected: dict[str, dict[str, str]]
    today: dt.date
    problems: list[Problem] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)

    def bad(self, r: int, col: str, message: str, hint: str = "") -> None:
        """A problem at the cell of column ``col`` in row ``r``."""
        where = f"{FILL_SHEET}!{letter(col)}{r}"
        self.problems.append(Problem(self.path, r, letter(col), f"{where}: {message}", hint))

    def row(self, r: int, cell: dict[str, Any]) -> dict[str, object] | None:
        """The figure of a filled row, or None (a problem recorded, or the row left empty)."""
        tid = _text(cell["target_id"])
        if not self._known_once(r, tid):
            return None
        self._locked(r, cell, self.expected[tid])
        if not _text(cell["填报值"]) and not _text(cell["数据所属期"]):
            return None  # a row left empty: no figure for this target
        value, period = self._value(r, cell["填报值"]), self._period(r, cell["数据所属期"])
        department = _text(cell["填报单位"])
        if not department:
            hint = "write the department's name"
            self.bad(r, "填报单位", "a figure without the department that reports it", hint)
        if value is None or period is None:
            return None
        return {
            "plan": self.plan.id,
            "target_id": tid,
            "value": value,
            "period": period,
            "source_document": _text(cell["来源文件"]),
            "department": department,
            "contact": _text(cell["联系人"]),
            "note": _text(cell["备注"]),
            "received": self.today,
        }

    def _known_once(self, r: int, tid: str) -> bool:
        """Whether ``tid`` is a target of the request, listed for the first time."""
        if tid not in self.expected:
            found = f"unknown target_id `{tid}`{did_you_mean(tid, self.expected)}"
            self.bad(
                r, "target_id", found, f"targets of {self.plan.id}: {', '.join(self.expected)}"
            )
            return False
        if tid in self.seen:
            found = f"target `{tid}` is listed twice (first in row {self.seen[tid]})"
            self.bad(r, "target_id", found, "one row per target")
            return False
        self.seen[tid] = r
        return True

    def _locked(self, r: int, cell: dict[str, Any], want: dict[str, str]) -> None:
        """Refuse a changed identifying cell (the unit, the target's name …)."""
        for col in LOCKED[1:]:
            got = _text(cell[col])
            if got == want[col]:
                continue
            if col == "单位":
                message = f'unit "{got}" is not the target\'s "{want[col]}"'
            else:
                message = f'changed locked cell: "{got}", the request said "{want[col]}"'
            self.bad(r, col, message, "the identifying columns may not be changed")

    def _value(self, r: int, raw: object) -> float | None:
        """The number in 填报值, or None with the problem recorded."""
        value = _number(raw)
        if not _text(raw):
            self.bad(r, "填报值", "a period is given but no value", "fill 填报值 or clear the row")
        elif value is None:
            hint = "write one number without units or words, e.g. 70000"
            self.bad(r, "填报值", f'"{_text(raw)}" is not a number', hint)
        return value

    def _period(self, r: int, raw: object) -> str | None:
        """The period in 数据所属期 (over by ``today``), or None with the problem recorded."""
        period = _period(raw)
        if not _text(raw):
            self.bad(r, "数据所属期", "the value has no period", "a year (2025) or year-month")
        elif period is None:
            message = f'"{_text(raw)}" is not a year or year-month'
            self.bad(r, "数据所属期", message, "e.g. 2025 or 2025-06")
        elif period[1] > self.today:
            message = (
                f'period "{period[0]}" ends after the evaluation date {self.today.isoformat()}'
            )
            self.bad(r, "数据所属期", message, "report a period that is over")
        else:
            return period[0]
        return None


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
