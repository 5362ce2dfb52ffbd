"""What ``analytics data add`` makes of a file: its format, and a catalog id for each column.

Three formats are recognised by their first line: an old NBS portal export (``数据库：…``), a
newer portal panel (``省辖市代码,省份,年份,…``, with its raw JSON capture ``省份名称,省份代码,
JSON数据`` beside it) and the published-figures table (``region,indicator,period,…``).

A column maps to a catalog indicator by the names already known (``nbs_files.yaml`` names,
:data:`~analytics.io.portal.PORTAL_INDICATORS`), else by close match of its name on the catalog's
``name_zh`` with the same unit. A name that matches exactly but carries another unit is a unit
clash; a file that names no indicator is mapped by its file name or ``--indicator``.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from analytics._terminal import excerpt
from analytics.catalog import get_indicator, indicators
from analytics.exceptions import CatalogError, Problem
from analytics.io._text import Decoded, decode
from analytics.io.figures import COLUMNS as FIGURE_COLUMNS
from analytics.io.nbs import _NAME_UNIT, _YEAR, _detect_delimiter, _split, nbs_file_rules
from analytics.io.portal import _FIXED, _HEADER, PORTAL_INDICATORS

__all__ = ["FORMAT_NAMES", "ColumnMap", "Format", "detect_format", "map_nbs", "map_portal"]

Format = Literal[
    "nbs_export", "nbs_monthly", "portal_panel", "portal_capture", "figures", "plan_return"
]
FORMAT_NAMES: dict[str, str] = {
    "nbs_export": "NBS portal export (old format)",
    "nbs_monthly": "NBS monthly export (分省月度数据 / 月度数据)",
    "portal_panel": "NBS portal panel (new format)",
    "portal_capture": "NBS portal raw JSON capture",
    "figures": "published-figures table",
    "plan_return": "a department's return (filled request workbook)",
}
NAME_CUTOFF = 0.85
"""Close match on a column name: difflib ratio at least this, and the same unit."""
FILE_NAME_CUTOFF = 0.6
"""Close match on a file name (abbreviated, e.g. ``第一产业.csv``), shown as a proposal."""
_FILE_NAME_NOISE = re.compile(r"分省年度数据|年度数据|\d{4}|[（(][^)）]*[)）]|[._\-\s]|csv")


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """One column (or row label) of a file and what it becomes.

    ``indicator`` is ``None`` for a portal column the catalog has no indicator for (left out,
    as the store build leaves it out); ``how`` says why, in words shown to the user.
    """

    label: str
    line: int
    column: int
    indicator: str | None
    measure: str
    unit: str | None
    how: str


def detect_format(path: Path) -> Format | Problem:
    """Recognise a file by its first line; a :class:`Problem` when it is none of the formats.

    Examples
    --------
    >>> from analytics.config import raw_dir
    >>> detect_format(raw_dir() / "nbs" / "第一产业.csv")
    'nbs_export'
    """
    from analytics.io.nbs_monthly import is_nbs_monthly
    from analytics.io.returns import is_return

    if is_return(path):  # an .xlsx with a 填报 sheet (analytics.io.returns)
        return "plan_return"
    decoded = decode(path)
    if isinstance(decoded, Problem):
        return decoded
    assert isinstance(decoded, Decoded)
    first = decoded.text.split("\n", 1)[0].strip()
    if is_nbs_monthly(decoded.text):  # before the annual exports: the same `数据库：` line
        return "nbs_monthly"
    if first.startswith("数据库："):
        return "nbs_export"
    cells = next(csv.reader(io.StringIO(first)), [])
    if tuple(cells[:3]) == _FIXED:
        return "portal_panel"
    if cells[:3] == ["省份名称", "省份代码", "JSON数据"]:
        return "portal_capture"
    if tuple(cells) == FIGURE_COLUMNS:
        return "figures"
    return Problem(
        path, 1, 1, f"unrecognised first line `{excerpt(first, limit=60)}`",
        "expected an NBS export (`数据库：…`), a portal panel (`省辖市代码,省份,年份,…`) "
        "with its capture (`省份名称,省份代码,JSON数据`), or a figures table (`"
        + ",".join(FIGURE_COLUMNS) + "`)",
    )  # fmt: skip


def _catalog_names() -> dict[str, str]:
    return {ind.name_zh: ind.id for ind in indicators().values()}


def match_name(name: str, unit: str | None) -> tuple[str | None, str, bool]:
    """Catalog id for a column name and unit, how it was found (or why not), and a unit clash.

    A clash is the catalog's own name with another unit; a close name with another unit is
    simply no match (``长途光缆线路长度 (万公里)`` is not ``光缆线路长度 (公里)``).

    Examples
    --------
    >>> match_name("互联网宽带接入用户", "万户")
    ('nbs_broadband_users', 'catalog name, same unit', False)
    >>> match_name("地区生产总值", "万元")
    (None, 'catalog name `地区生产总值` is `gdp` in 亿元, not 万元', True)
    """
    names = _catalog_names()
    close = difflib.get_close_matches(name, list(names), n=1, cutoff=NAME_CUTOFF)
    if not close:
        closest = difflib.get_close_matches(name, list(names), n=1, cutoff=0.5)
        return (
            None,
            "not in the catalog" + (f" (closest: `{closest[0]}`)" if closest else ""),
            False,
        )
    found = names[close[0]]
    expected = get_indicator(found).unit
    score = difflib.SequenceMatcher(None, name, close[0]).ratio()
    how = "catalog name" if score == 1.0 else f"close to `{close[0]}` ({score:.2f})"
    if unit is not None and unit != expected:
        if score == 1.0:
            return None, f"catalog name `{name}` is `{found}` in {expected}, not {unit}", True
        return None, f"{how} is `{found}`, but in {expected}, not {unit}", False
    return found, f"{how}, same unit" if unit is not None else how, False


def _by_file_name(path: Path) -> tuple[str | None, str]:
    stem = _FILE_NAME_NOISE.sub("", path.stem)
    names = _catalog_names()
    close = difflib.get_close_matches(stem, list(names), n=1, cutoff=FILE_NAME_CUTOFF)
    if not stem or not close:
        return None, f"the file name `{path.name}` names no catalog indicator"
    return names[close[0]], f"file name `{path.name}` ≈ `{close[0]}`"


def _nbs_labels(path: Path, lines: list[str]) -> list[tuple[str, int, int]] | Problem:
    """Indicator labels of an export as ``(label, line, column)``: header cells or row labels."""
    if len(lines) < 3 or not lines[1].startswith("时间："):
        return Problem(path, 2, 1, "expected the `时间：` line", "the export has 3 header lines")
    delim = _detect_delimiter(lines[2])
    if delim is None:
        return Problem(path, 3, 1, f"no delimiter in `{lines[2][:40]}`", "expected `\\t,`")
    header = _split(lines[2], delim)
    axis = header[0] if header else ""
    if axis not in ("地区", "指标"):
        return Problem(path, 3, 1, f"first header cell is `{axis}`", "expected `地区` or `指标`")
    if axis == "地区":
        return [(c, 3, j) for j, c in enumerate(header[1:], 2) if not _YEAR.match(c)]
    labels = []
    for i, line in enumerate(lines[3:], start=4):
        if not line.strip() or line.startswith(("注：", "数据来源：")):
            break
        labels.append((_split(line, delim)[0], i, 1))
    return labels


def map_nbs(
    path: Path, *, indicator: str | None = None
) -> tuple[list[ColumnMap], dict[str, Any], list[Problem]]:
    """Map an old-format export: its columns, the ``nbs_files.yaml`` rule to read it, problems.

    Examples
    --------
    >>> from analytics.config import raw_dir
    >>> cols, rule, problems = map_nbs(raw_dir() / "nbs" / "第一产业.csv")
    >>> rule, problems, cols[0].how
    ({'indicator': 'va_primary'}, [], 'file name `第一产业.csv` ≈ `第一产业增加值`')
    """
    decoded = decode(path)
    assert isinstance(decoded, Decoded)
    lines = [ln.rstrip("\r") for ln in decoded.text.split("\n")]
    labels = _nbs_labels(path, lines)
    if isinstance(labels, Problem):
        return [], {}, [labels]
    known: dict[str, Any] = nbs_file_rules()["names"]
    columns: list[ColumnMap] = []
    rule: dict[str, Any] = {}
    problems: list[Problem] = []
    if not labels:  # regions × years: the indicator is named by the file name or --indicator
        ind_id: str | None
        if indicator is not None:
            ind_id, how = indicator, "--indicator"
            try:
                get_indicator(ind_id)
            except CatalogError as err:
                return [], {}, [Problem(path, 3, 2, str(err), "give a catalog id to --indicator")]
        else:
            ind_id, how = _by_file_name(path)
        if ind_id is None:
            hint = "name it with --indicator ID (an id from data/catalog/indicators*.yaml)"
            return [], {}, [Problem(path, 3, 2, f"the indicator is not named in the file: {how}",
                                    hint)]  # fmt: skip
        rule["indicator"] = ind_id
        catalog_unit = get_indicator(ind_id).unit
        return [ColumnMap(path.stem, 3, 2, ind_id, "level", catalog_unit, how)], rule, problems
    names: dict[str, str] = {}
    for label, line, col in labels:
        m = _NAME_UNIT.match(label)
        unit: str | None
        name, unit = (m["name"].strip(), m["unit"].strip()) if m else (label.strip(), None)
        entry = known.get(name)
        if entry is not None:
            ind, measure = (entry, "level") if isinstance(entry, str) else (
                entry["indicator"], entry.get("measure", "level"))  # fmt: skip
            columns.append(ColumnMap(label, line, col, ind, measure, unit, "known name"))
            continue
        found, how, clash = match_name(name, unit)
        if found is None:
            what = "unit clash in" if clash else "cannot map"
            hint = "add the indicator to data/catalog/indicators.yaml, or map the name in " \
                "data/catalog/nbs_files.yaml (`names:`)"  # fmt: skip
            problems.append(Problem(path, line, col, f"{what} `{label}`: {how}", hint))
            continue
        names[name] = found
        columns.append(ColumnMap(label, line, col, found, "level", unit, how))
    if names:
        rule["names"] = names
    return columns, rule, problems


def map_portal(path: Path) -> tuple[list[ColumnMap], list[Problem]]:
    """Map a portal panel's indicator columns; uncatalogued ones are left out, as at build.

    Examples
    --------
    >>> from analytics.io.portal import PORTAL_DIR
    >>> panel = PORTAL_DIR / "panels" / "分省电信主要通行能力_多年期_面板数据.csv"
    >>> cols, problems = map_portal(panel)
    >>> [(c.label, c.indicator) for c in cols if c.indicator]
    [('光缆线路长度 (公里)', 'nbs_optical_cable')]
    """
    decoded = decode(path)
    assert isinstance(decoded, Decoded)
    header = next(csv.reader(io.StringIO(decoded.text.split("\n", 1)[0])))
    columns: list[ColumnMap] = []
    problems: list[Problem] = []
    for j, label in enumerate(header[3:], start=4):
        m = _HEADER.match(label)
        if m is None:
            problems.append(
                Problem(
                    path,
                    1,
                    j,
                    f"header `{label}` is not `名称 (单位)`",
                    "expected an indicator name and its unit in brackets",
                )
            )
            continue  # fmt: skip
        name, unit = m["name"].strip(), m["unit"].strip()
        if label in PORTAL_INDICATORS:
            ind = PORTAL_INDICATORS[label]
            columns.append(ColumnMap(label, 1, j, ind, "level", unit, "known portal column"))
            continue
        ind_id, how, clash = match_name(name, unit)
        if clash:
            problems.append(
                Problem(
                    path,
                    1,
                    j,
                    f"unit clash in `{label}`: {how}",
                    "convert the column or add an indicator with this unit",
                )
            )
            continue  # fmt: skip
        how = how if ind_id else "left out: " + how.split(" (closest")[0]
        columns.append(ColumnMap(label, 1, j, ind_id, "level", unit, how))
    return columns, problems
