"""The layout a request workbook and its return share: sheet names, columns, what is locked.

One place for both sides: :mod:`analytics.io.request_book` writes it,
:mod:`analytics.io.returns` reads a filled copy back and checks it cell by cell.
"""

from __future__ import annotations

from typing import Final

__all__ = ["COLUMNS", "FILL_SHEET", "GUIDE_SHEET", "LOCKED", "letter"]

FILL_SHEET: Final = "填报"
GUIDE_SHEET: Final = "说明"
COLUMNS: Final = (
    "target_id",
    "指标",
    "单位",
    "基数",
    "目标",
    "填报值",
    "数据所属期",
    "来源文件",
    "填报单位",
    "联系人",
    "备注",
)
"""The columns of the 填报 sheet, in this order."""
LOCKED: Final = COLUMNS[:5]
"""The identifying columns a department may not change (the sheet is protected)."""


def letter(column: str) -> str:
    """The spreadsheet letter of a column of the 填报 sheet.

    Examples
    --------
    >>> letter("target_id"), letter("填报值"), letter("备注")
    ('A', 'F', 'K')
    """
    return chr(ord("A") + COLUMNS.index(column))
