"""Errors and warnings shared by the whole package.

Every error the package raises on purpose derives from :class:`AnalyticsError`, so a caller (the
CLI, the scheduler) can tell a problem in the data or the request from a bug. Messages say what
was wrong, where, and what would be right, then a hint.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "AnalyticsError",
    "AnalyticsWarning",
    "CatalogError",
    "DataValidationError",
    "Problem",
    "ReportError",
    "StorageError",
    "did_you_mean",
]


def did_you_mean(
    name: str, choices: Iterable[str], *, otherwise: str = "", cutoff: float = 0.6
) -> str:
    """The close-match hint every "unknown …" message ends with.

    Parameters
    ----------
    name
        The unknown name as the caller gave it.
    choices
        The known names to match against (read once).
    otherwise
        Returned when no known name is close enough; the default ``""`` adds nothing to the
        message.
    cutoff
        Least similarity, from 0 to 1, of :func:`difflib.get_close_matches`; default 0.6.

    Returns
    -------
    str
        ``" — did you mean `<closest>`?"`` naming the single closest choice, else ``otherwise``.

    Examples
    --------
    >>> did_you_mean("fiveg_base_station", ["gdp", "fiveg_base_stations"])
    ' — did you mean `fiveg_base_stations`?'
    >>> did_you_mean("zzz", ["gdp"], otherwise=" (known: gdp)")
    ' (known: gdp)'
    """
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=cutoff)
    return f" — did you mean `{close[0]}`?" if close else otherwise


class AnalyticsError(Exception):
    """Root of every error the package raises on purpose."""


class AnalyticsWarning(UserWarning):
    """Root of the package's warnings, so a scheduler can escalate them with one filter."""


class CatalogError(AnalyticsError, KeyError):
    """An unknown indicator, region, report or classification code.

    Derives from :class:`KeyError` too, because that is what a failed lookup already says.
    """

    def __str__(self) -> str:  # KeyError would wrap the message in quotes
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in an input file, located as ``file:line:column``.

    Parameters
    ----------
    path
        The file.
    line
        1-based line number (for Excel: the sheet row); 0 when the whole file is concerned.
    column
        1-based column number or a column name; 0 when the whole line is concerned.
    message
        What was wrong, quoting the value, and what was expected.
    hint
        How to fix it.

    Examples
    --------
    >>> print(Problem(Path("x.csv"), 14, "value", '"12,3" is not a number', "use a dot"))
    x.csv:14:value: "12,3" is not a number (use a dot)
    """

    path: Path | str
    line: int
    column: int | str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class DataValidationError(AnalyticsError, ValueError):
    """An input file breaks the schema or the catalog; carries every :class:`Problem` found.

    Parameters
    ----------
    problems
        Every problem found, in the order found (kept as :attr:`problems`; the message is their
        ``file:line:column: …`` lines, one a line). At least one: :attr:`first` reads the first.

    Examples
    --------
    >>> err = DataValidationError([Problem("a.csv", 3, 2, "bad", "fix it")])
    >>> str(err)
    'a.csv:3:2: bad (fix it)'
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def first(self) -> Problem:
        """The first problem, for callers that show only one."""
        return self.problems[0]


class ReportError(AnalyticsError):
    """A report run failed: execution, rendering or publishing."""


class StorageError(AnalyticsError):
    """The machine, not the request: a full disk, a read-only folder, a damaged run history.

    The CLI ends with exit code 1 (not 2: the request was fine) and one line saying what to do.

    Examples
    --------
    >>> str(StorageError("disk full: cannot write reports/runs.sqlite"))
    'disk full: cannot write reports/runs.sqlite'
    """
