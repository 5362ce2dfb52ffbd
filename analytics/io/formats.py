"""The one table of input formats: what each looks like, its name, and where it lives.

``analytics data add`` recognises an offered file with :func:`sniff_format`, ``analytics data
check`` does the same for a file outside ``data/`` (under ``data/`` a file's place decides), and
:data:`FORMATS` names the folder under ``data/raw`` each format is kept in and the provenance
file of ``data/catalog`` that describes it. A format is recognised by its first line (a return
workbook by its ``填报`` sheet); the first format in the table that matches wins, so a more
specific format comes before a more general one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from analytics._terminal import excerpt
from analytics.exceptions import Problem
from analytics.io._text import Decoded, decode
from analytics.io.figures import COLUMNS as FIGURE_COLUMNS

__all__ = ["FORMATS", "Format", "InputFormat", "format_named", "sniff_format"]

Format = Literal[
    "nbs_export", "nbs_monthly", "portal_panel", "portal_capture", "figures", "plan_return"
]
"""The names of the input formats."""


@dataclass(frozen=True, slots=True)
class InputFormat:
    """One input format: its name, how it is shown, how it is recognised, where it is kept.

    Parameters
    ----------
    name
        The format's name (:data:`Format`).
    title
        How ``data add`` shows it.
    looks
        How its first line looks, for the message that names no format.
    matches
        Given the file and the cells of its first line (``[]`` for a workbook): whether it is
        this format.
    folder
        Where it is kept, under ``data/raw``.
    provenance
        The file of ``data/catalog`` that records each file added.
    """

    name: Format
    title: str
    looks: str
    matches: Callable[[Path, list[str]], bool]
    folder: str
    provenance: str


def _is_return(path: Path, cells: list[str]) -> bool:
    from analytics.io.returns import is_return

    return is_return(path)


def _is_monthly(path: Path, cells: list[str]) -> bool:
    from analytics.io.nbs_monthly import is_nbs_monthly

    if not (cells and cells[0].startswith("数据库：")):
        return False
    decoded = decode(path)
    return isinstance(decoded, Decoded) and is_nbs_monthly(decoded.text)


FORMATS: tuple[InputFormat, ...] = (
    InputFormat(
        "plan_return",
        "a department's return (filled request workbook)",
        "an .xlsx with a `填报` sheet",
        _is_return,
        "returns",
        "returns_files.yaml",
    ),
    InputFormat(  # before nbs_export: the same `数据库：` line
        "nbs_monthly",
        "NBS monthly export (分省月度数据 / 月度数据)",
        "`数据库：分省月度数据` or `数据库：月度数据`",
        _is_monthly,
        "nbs_monthly",
        "nbs_monthly.yaml",
    ),
    InputFormat(
        "nbs_export",
        "NBS portal export (old format)",
        "`数据库：…`",
        lambda _, cells: bool(cells) and cells[0].startswith("数据库："),
        "nbs",
        "nbs_files.yaml",
    ),
    InputFormat(
        "portal_panel",
        "NBS portal panel (new format)",
        "`省辖市代码,省份,年份,…`",
        lambda _, cells: cells[:3] == ["省辖市代码", "省份", "年份"],
        "nbs_portal/panels",
        "portal_files.yaml",
    ),
    InputFormat(
        "portal_capture",
        "NBS portal raw JSON capture",
        "`省份名称,省份代码,JSON数据`",
        lambda _, cells: cells[:3] == ["省份名称", "省份代码", "JSON数据"],
        "nbs_portal/raw_json_captures",
        "portal_files.yaml",
    ),
    InputFormat(
        "figures",
        "published-figures table",
        "`" + ",".join(FIGURE_COLUMNS) + "`",
        lambda _, cells: tuple(cells) == FIGURE_COLUMNS,
        "figures",
        "figures_files.yaml",
    ),
)
"""Every input format, the most specific first."""


def format_named(name: str) -> InputFormat:
    """The row of :data:`FORMATS` called ``name``.

    Parameters
    ----------
    name
        A format name (:data:`Format`).

    Returns
    -------
    InputFormat
        Its row; a :class:`KeyError` for an unknown name.

    Examples
    --------
    >>> format_named("nbs_export").provenance
    'nbs_files.yaml'
    """
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    raise KeyError(f"no input format `{name}`")


def _first_cells(path: Path) -> list[str] | Problem:
    if path.suffix.lower() in (".xlsx", ".xls"):
        return []
    decoded = decode(path)
    if isinstance(decoded, Problem):
        return decoded
    assert isinstance(decoded, Decoded)
    first = decoded.text.lstrip("\ufeff").split("\n", 1)[0].strip()
    return [c.strip() for c in next(csv.reader(io.StringIO(first)), [])]


def sniff_format(path: Path) -> Format | Problem:
    """The format of ``path`` by its first line; a located :class:`Problem` when none matches.

    Parameters
    ----------
    path
        The file offered (to ``data add``) or checked (``data check`` outside ``data/``).

    Returns
    -------
    Format | Problem
        The name of the first format in :data:`FORMATS` that matches, or the problem (an
        undecodable file, or a first line no format has).

    Examples
    --------
    >>> from analytics.config import raw_dir
    >>> sniff_format(raw_dir() / "nbs" / "第一产业.csv")
    'nbs_export'
    """
    cells = _first_cells(path)
    if isinstance(cells, Problem):
        return cells
    for fmt in FORMATS:
        if fmt.matches(path, cells):
            return fmt.name
    looks = ", ".join(f"{f.title} ({f.looks})" for f in FORMATS)
    first = excerpt(",".join(cells), limit=60)
    return Problem(path, 1, 1, f"unrecognised first line `{first}`", f"expected one of: {looks}")
