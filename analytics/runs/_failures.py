"""How failures read, and what kind they are (:data:`analytics.runs.model.FailureKind`).

A failure is classified once, where the exception is: in the attempt's process, from the exception
object itself — its type, its ``errno``, the cause chain — never from its message. A cell timeout
reads ``cell timeout after 600 s in cell 7 (section fiveg.forecast)``: the cell's number is its
execution count in the kept (failed) notebook, the section the report function the cell calls. A
failure the same inputs will always repeat — the HTML check refusing a report, parameters the
report cannot take — is *permanent* and not retried.
"""

from __future__ import annotations

import errno
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from analytics.exceptions import AnalyticsError, ReportError
from analytics.runs.model import Failure, FailureKind

__all__ = [
    "PERMANENT_ERRORS",
    "PermanentReportError",
    "describe_error",
    "describe_timeout",
    "failure_of",
    "find_timeout",
    "is_permanent",
    "kind_of",
]

PERMANENT_ERRORS = frozenset({"CatalogError", "DataValidationError", "PeriodError"})
"""Errors raised inside a report's kernel that say its parameters cannot work (an unknown
region or indicator, a bad period): running again with the same parameters fails again."""
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
_AFTER = re.compile(r"after (\d+(?:\.\d+)?) seconds")
_SECTION = re.compile(r"^\s*(\w+)\.(\w+)\(ctx\b")


class PermanentReportError(ReportError):
    """A report failure that retrying cannot cure (the HTML check, bad parameters)."""


class Interrupted(BaseException):
    """SIGTERM, SIGINT or SIGHUP reached the attempt's process (raised by its handler)."""


def _chain(err: BaseException | None) -> Iterator[BaseException]:
    """``err``, then its causes and contexts (at most 10)."""
    for _ in range(10):
        if err is None:
            return
        yield err
        err = err.__cause__ or err.__context__


def describe_error(err: BaseException) -> str:
    """A one-line cause for the summary, the history and the index page.

    Parameters
    ----------
    err
        The exception; a papermill cell error is named by the cell's own error and number.

    Returns
    -------
    str
        ``Type: message`` on one line (``(cell N)`` for a notebook cell).

    Examples
    --------
    >>> describe_error(ValueError("no data"))
    'ValueError: no data'
    >>> class PapermillExecutionError(Exception):
    ...     ename, evalue, exec_count = "KeyError", "'gdp'", 4
    >>> describe_error(PapermillExecutionError())
    "KeyError: 'gdp' (cell 4)"
    """
    name = type(err).__name__
    ename = getattr(err, "ename", None)
    if ename:
        evalue = str(getattr(err, "evalue", "")).splitlines()
        cell = getattr(err, "exec_count", None)
        text = f"{ename}: {evalue[0] if evalue else ''}"
        return f"{text} (cell {cell})" if cell is not None else text
    if name == "DeadKernelError":
        return "kernel died (DeadKernelError)"
    if name == "CellTimeoutError":
        msg = str(err).strip().splitlines()
        return f"cell timeout: {msg[0] if msg else 'a cell ran too long'}"
    lines = [ln for ln in str(err).strip().splitlines() if ln.strip()]
    first = lines[0] if lines else ""
    if isinstance(err, AnalyticsError) and first:  # our own errors already say what and where
        return first
    return f"{name}: {first}".strip()


def find_timeout(err: BaseException | None) -> BaseException | None:
    """The ``CellTimeoutError`` behind ``err`` (itself, or its cause or context), if any."""
    return next((e for e in _chain(err) if type(e).__name__ == "CellTimeoutError"), None)


def _timed_out_cell(notebook: Path) -> tuple[int | None, str]:
    """The execution count and a section label of the last cell papermill started."""
    try:
        nb: dict[str, Any] = json.loads(notebook.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, ""
    started = [
        (i, c)
        for i, c in enumerate(nb.get("cells", []))
        if c.get("metadata", {}).get("papermill", {}).get("start_time")
    ]
    if not started:
        return None, ""
    index, cell = started[-1]
    source = cell.get("source", "")
    lines = [
        ln
        for ln in ("".join(source) if isinstance(source, list) else source).splitlines()
        if ln.strip() and not ln.lstrip().startswith("#")
    ]
    found = (_SECTION.match(line) for line in lines)
    m = next((m for m in found if m), None)
    section = f"section {m.group(1)}.{m.group(2)}" if m else ""
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
    return any(
        isinstance(e, PermanentReportError) or getattr(e, "ename", None) in PERMANENT_ERRORS
        for e in _chain(err)
    )


def _stop_signal(err: BaseException) -> str | None:
    """The stop signal's name when ``err`` is, or carries, the attempt's :class:`Interrupted`.

    In-process, the signal interrupts a cell: IPython keeps the exception as the cell's error and
    papermill raises it by its type's name (``ename``), with the signal's name as ``evalue``.
    """
    for e in _chain(err):
        if isinstance(e, Interrupted):
            return str(e)
        if getattr(e, "ename", None) == Interrupted.__name__:
            return str(getattr(e, "evalue", "")) or "a stop signal"
    return None


def kind_of(err: BaseException) -> FailureKind:
    """The kind of a failure, from the exception and its cause chain (never its message).

    Examples
    --------
    >>> import errno
    >>> kind_of(OSError(errno.ENOSPC, "No space left on device"))
    'disk_full'
    >>> kind_of(ReportError("fiveg: no data"))  # a message that mentions space is still an error
    'error'
    """
    if _stop_signal(err) is not None:
        return "stopped"
    if any(isinstance(e, OSError) and e.errno in _FULL for e in _chain(err)):
        return "disk_full"
    if is_permanent(err):
        return "permanent"
    return "timeout" if find_timeout(err) is not None else "error"


def failure_of(err: BaseException, notebook: Path, cell_timeout: float | None) -> Failure:
    """The :class:`~analytics.runs.model.Failure` an exception of an attempt makes.

    Parameters
    ----------
    err
        What the attempt raised.
    notebook
        The executed notebook (read to locate a cell timeout).
    cell_timeout
        The cell timeout the attempt ran with.

    Returns
    -------
    Failure
        Its kind (:func:`kind_of`) and one-line message.

    Examples
    --------
    >>> failure_of(Interrupted("SIGTERM"), Path("nb.ipynb"), None)
    Failure(kind='stopped', message='interrupted by SIGTERM', duration=0.0)
    """
    kind = kind_of(err)
    if kind == "stopped":
        return Failure(kind, f"interrupted by {_stop_signal(err)}")
    if find_timeout(err) is not None:
        return Failure(kind, describe_timeout(err, notebook, cell_timeout))
    return Failure(kind, describe_error(err))
