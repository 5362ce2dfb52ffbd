"""How failures read and whether retrying them can help.

A cell timeout is summarised as ``cell timeout after 600 s in cell 7 (section fiveg.forecast)``
— the cell's number is its execution count in the kept (failed) notebook, the section the
report function the cell calls. A failure the same inputs will always repeat — the HTML check
refusing a report, parameters the report cannot take — is *permanent* and not retried.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from analytics.exceptions import ReportError

__all__ = [
    "PERMANENT_ERRORS",
    "PermanentReportError",
    "describe_timeout",
    "find_timeout",
    "is_permanent",
]

PERMANENT_ERRORS = frozenset({"CatalogError", "DataValidationError", "PeriodError"})
"""Errors raised inside a report's kernel that say its parameters cannot work (an unknown
region or indicator, a bad period): running again with the same parameters fails again."""
_AFTER = re.compile(r"after (\d+(?:\.\d+)?) seconds")
_SECTION = re.compile(r"^\s*(\w+)\.(\w+)\(ctx\b")


class PermanentReportError(ReportError):
    """A report failure that retrying cannot cure (the HTML check, bad parameters)."""


def find_timeout(err: BaseException | None) -> BaseException | None:
    """The ``CellTimeoutError`` behind ``err`` (itself, or its cause or context), if any."""
    seen = 0
    while err is not None and seen < 10:
        if type(err).__name__ == "CellTimeoutError":
            return err
        err, seen = err.__cause__ or err.__context__, seen + 1
    return None


def _timed_out_cell(notebook: Path) -> tuple[int | None, str]:
    """The execution count and a section label of the last cell papermill started."""
    try:
        nb: dict[str, Any] = json.loads(notebook.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, ""
    started = [
        (i, c) for i, c in enumerate(nb.get("cells", []))
        if c.get("metadata", {}).get("papermill", {}).get("start_time")
    ]  # fmt: skip
    if not started:
        return None, ""
    index, cell = started[-1]
    source = cell.get("source", "")
    lines = [ln for ln in ("".join(source) if isinstance(source, list) else source).splitlines()
             if ln.strip() and not ln.lstrip().startswith("#")]  # fmt: skip
    section = ""
    for line in lines:
        m = _SECTION.match(line)
        if m:
            section = f"section {m.group(1)}.{m.group(2)}"
            break
    if not section and lines:
        last = lines[-1].strip()
        section = f"`{last[:60]}{'…' if len(last) > 60 else ''}`"
    count = cell.get("execution_count")
    return (int(count) if isinstance(count, int) else index + 1), section


def describe_timeout(err: BaseException, notebook: Path, cell_timeout: float | None) -> str:
    r"""``cell timeout after N s in cell K (section …)`` for a cell timeout behind ``err``.

    Examples
    --------
    >>> import tempfile
    >>> nb = Path(tempfile.mkdtemp()) / "report.ipynb"
    >>> cells = [
    ...     {"execution_count": 6, "source": "fiveg.users(ctx)",
    ...      "metadata": {"papermill": {"start_time": "t"}}},
    ...     {"execution_count": 7, "source": ["# slow\n", "fiveg.forecast(ctx)"],
    ...      "metadata": {"papermill": {"start_time": "t"}}},
    ...     {"execution_count": None, "source": "fiveg.notes(ctx)", "metadata": {"papermill": {}}},
    ... ]
    >>> _ = nb.write_text(json.dumps({"cells": cells}))
    >>> class CellTimeoutError(TimeoutError):
    ...     pass
    >>> err = CellTimeoutError("A cell timed out while it was being executed, after 600 seconds.")
    >>> describe_timeout(err, nb, 600)
    'cell timeout after 600 s in cell 7 (section fiveg.forecast)'
    """
    timeout = find_timeout(err) or err
    m = _AFTER.search(str(timeout))
    seconds = float(m.group(1)) if m else cell_timeout
    after = f" after {seconds:g} s" if seconds is not None else ""
    count, section = _timed_out_cell(notebook)
    where = f" in cell {count}" if count is not None else ""
    return f"cell timeout{after}{where}" + (f" ({section})" if section else "")


def is_permanent(err: BaseException) -> bool:
    """Whether retrying cannot help: a refused report, or parameters the report cannot take.

    Examples
    --------
    >>> is_permanent(PermanentReportError("fiveg: the HTML has a script"))
    True
    >>> class PapermillExecutionError(Exception):
    ...     ename = "CatalogError"
    >>> is_permanent(PapermillExecutionError()), is_permanent(RuntimeError("kernel died"))
    (True, False)
    """
    if isinstance(err, PermanentReportError):
        return True
    inner: BaseException | None = err
    for _ in range(5):
        if inner is None:
            break
        if getattr(inner, "ename", None) in PERMANENT_ERRORS:
            return True
        inner = inner.__cause__
    return False
