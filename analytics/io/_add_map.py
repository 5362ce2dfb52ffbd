"""What ``analytics data add`` makes of a file: a catalog id for each column, and how sure.

The format comes from the one table of input formats (:mod:`analytics.io.formats`). A column
maps to a catalog indicator by the names already known (``nbs_files.yaml`` names,
:data:`~analytics.io.portal.PORTAL_INDICATORS`), by ``--map LABEL=ID`` or ``--new LABEL=ID``, or
by the catalog's own ``name_zh`` with the same unit. A close name is only a *proposal*: it is
refused until ``--map`` takes it (the dry run refuses it as ``--yes`` does). A qualified name
(``城镇``, ``农村``, ``中位数``, … before, after or inside the base name) never matches the base
indicator; an NBS file never matches a research-panel indicator of the same name; two columns of
one file never map to one indicator. A column with no match is proposed as a new catalog entry.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analytics.catalog import get_indicator, indicators
from analytics.catalog._indicators import MEASURE_UNITS
from analytics.exceptions import CatalogError, Problem
from analytics.io._add_names import QUALIFIERS, qualifier
from analytics.io._text import Decoded, decode
from analytics.io.formats import Format, sniff_format
from analytics.io.nbs import _NAME_UNIT, _YEAR, _detect_delimiter, _split, nbs_file_rules
from analytics.io.portal import _HEADER, PORTAL_INDICATORS

__all__ = [
    "QUALIFIERS",
    "ColumnMap",
    "Format",
    "NameMatch",
    "detect_format",
    "map_nbs",
    "map_portal",
    "match_name",
    "qualifier",
]

NAME_CUTOFF = 0.85
"""Close match on a column name: difflib ratio at least this, and the same unit (a proposal)."""
FILE_NAME_CUTOFF = 0.6
"""Close match on a file name (abbreviated, e.g. ``第一产业.csv``), shown as a proposal."""
_FILE_NAME_NOISE = re.compile(r"分省年度数据|年度数据|\d{4}|[（(][^)）]*[)）]|[._\-\s]|csv")
_RESEARCH = "research_panel"
"""The catalog ``source`` of the research-panel indicators (never matched for an NBS file)."""


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
    new: bool = False
    """A new catalog indicator (``--new``)."""


def detect_format(path: Path) -> Format | Problem:
    """The format of an offered file (:func:`analytics.io.formats.sniff_format`).

    Examples
    --------
    >>> from analytics.config import raw_dir
    >>> detect_format(raw_dir() / "nbs" / "第一产业.csv")
    'nbs_export'
    """
    return sniff_format(path)


def _catalog_names() -> dict[str, list[str]]:
    """``name_zh`` → the official indicators of that name (research-panel ones left out)."""
    names: dict[str, list[str]] = {}
    for ind in indicators().values():
        if ind.source != _RESEARCH:
            names.setdefault(ind.name_zh, []).append(ind.id)
    return names


@dataclass(frozen=True, slots=True)
class NameMatch:
    """What a column name matched in the catalog, and how sure that is.

    ``indicator`` is the catalog id (``None``: no match); ``certain`` is true only for the
    catalog's own name with the same unit (a close match is a proposal); ``clash`` marks the
    catalog's own name with another unit; ``how`` says it in words.
    """

    indicator: str | None
    how: str
    clash: bool = False
    certain: bool = False


def match_name(name: str, unit: str | None) -> NameMatch:
    """The official catalog indicator a column name and unit match, and how sure that is.

    A qualified name (:func:`qualifier`) never matches the name without its qualifier; a name
    shared by an official and a research-panel indicator is the official one; a close name
    with another unit is no match (``长途光缆线路长度 (万公里)`` is not ``光缆线路长度 (公里)``).

    Examples
    --------
    >>> match_name("互联网宽带接入用户", "万户")
    NameMatch(indicator='nbs_broadband_users', how='catalog name, same unit', clash=False, certain=True)
    >>> match_name("城镇居民人均可支配收入", "元").indicator is None
    True
    """  # noqa: E501
    names = _catalog_names()
    close = [
        c
        for c in difflib.get_close_matches(name, list(names), n=8, cutoff=NAME_CUTOFF)
        if qualifier(name, c) is None
    ]
    if not close:
        closest = difflib.get_close_matches(name, list(names), n=1, cutoff=0.5)
        kept = f" (closest: `{closest[0]}`, {_why(name, closest[0])})" if closest else ""
        return NameMatch(None, "not in the catalog" + kept)
    ids = names[close[0]]
    if len(ids) > 1:
        return NameMatch(None, f"`{close[0]}` names {len(ids)} indicators: {', '.join(ids)}")
    found, expected = ids[0], get_indicator(ids[0]).unit
    score = difflib.SequenceMatcher(None, name, close[0]).ratio()
    how = "catalog name" if score == 1.0 else f"close to `{close[0]}` ({score:.2f})"
    if unit is not None and unit != expected:
        if score == 1.0:
            what = f"catalog name `{name}` is `{found}` in {expected}, not {unit}"
            return NameMatch(None, what, clash=True)
        return NameMatch(None, f"{how} is `{found}`, but in {expected}, not {unit}")
    how = f"{how}, same unit" if unit is not None else how
    return NameMatch(found, how, certain=score == 1.0)


def _why(name: str, other: str) -> str:
    word = qualifier(name, other)
    return "too far" if word is None else f"another statistic: `{word}`"


def _by_file_name(path: Path) -> tuple[str | None, str]:
    stem = _FILE_NAME_NOISE.sub("", path.stem)
    names = {n: ids[0] for n, ids in _catalog_names().items() if len(ids) == 1}
    close = [
        c
        for c in difflib.get_close_matches(stem, list(names), n=8, cutoff=FILE_NAME_CUTOFF)
        if qualifier(stem, c) is None or c.startswith(stem)
    ]
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


def _name_unit(label: str) -> tuple[str, str | None]:
    m = _NAME_UNIT.match(label)
    return (m["name"].strip(), m["unit"].strip()) if m else (label.strip(), None)


def _chosen(label: str, table: dict[str, str]) -> str | None:
    """What ``--map``/``--new`` says for a column, given by its label or by its name."""
    return table.get(label.strip(), table.get(_name_unit(label)[0]))


def _unnamed(
    path: Path, indicator: str | None, new: dict[str, str]
) -> tuple[list[ColumnMap], dict[str, Any], list[Problem]]:
    """A regions × years export: the indicator from --indicator, --new ID or the file name."""
    if "" in new:
        col = ColumnMap(path.stem, 3, 2, new[""], "level", None, "new catalog entry", new=True)
        return [col], {"indicator": new[""]}, []
    if indicator is not None:
        try:
            unit = get_indicator(indicator).unit
        except CatalogError as err:
            return [], {}, [Problem(path, 3, 2, str(err), "give a catalog id to --indicator")]
        col = ColumnMap(path.stem, 3, 2, indicator, "level", unit, "--indicator")
        return [col], {"indicator": indicator}, []
    found, how = _by_file_name(path)
    if found is None:
        what = f"the indicator is not named in the file: {how}"
        hint = "name it with --indicator ID (an id from data/catalog/indicators*.yaml), or "
    else:
        what = f"proposed {how} = `{found}`: not certain"
        hint = f"take it with --indicator {found}, or "
    hint += "bring it in as a new indicator with --new ID --name-zh NAME"
    return [], {}, [Problem(path, 3, 2, what, hint)]


def _proposal(path: Path, label: str, line: int, col: int, match: NameMatch) -> Problem:
    """A close match shown as a proposal: taken only with ``--map``."""
    return Problem(
        path,
        line,
        col,
        f"proposed `{label}` → `{match.indicator}` ({match.how}): not certain",
        f"take it with --map '{label}={match.indicator}', or bring it in as a new indicator "
        f"with --new '{label}=ID'",
    )


def _no_match(path: Path, label: str, line: int, col: int, match: NameMatch) -> Problem:
    """A column the catalog has no indicator for: proposed as a new catalog entry."""
    name, unit = _name_unit(label)
    what = "unit clash in" if match.clash else "cannot map"
    entry = f"name_zh {name}, unit {unit or '(none in the file)'}, frequency annual"
    return Problem(
        path,
        line,
        col,
        f"{what} `{label}`: {match.how}",
        f"add it to the catalog as a new indicator ({entry}) with --new '{label}=ID' "
        f"--name-en … --domain … --direction …, or map it with --map '{label}=ID'",
    )


def _mapped(
    path: Path, label: str, line: int, col: int, choice: str, *, new: bool
) -> ColumnMap | Problem:
    """A column taken by ``--map LABEL=ID`` or ``--new LABEL=ID``."""
    name, unit = _name_unit(label)
    if new:
        if unit == MEASURE_UNITS["index_prev_year_100"]:  # an index: the level's unit unknown
            return ColumnMap(
                label,
                line,
                col,
                choice,
                "index_prev_year_100",
                None,
                "new catalog entry (index, previous year = 100)",
                new=True,
            )
        return ColumnMap(label, line, col, choice, "level", unit, "new catalog entry", new=True)
    try:
        ind = get_indicator(choice)
    except CatalogError as err:
        return Problem(path, line, col, str(err), "give --map a catalog id, or use --new")
    word = qualifier(name, ind.name_zh)
    if word is not None and word in QUALIFIERS:
        what = f"`{label}` is not `{ind.name_zh}` (`{choice}`): it differs by `{word}`"
        return Problem(path, line, col, what, f"bring it in with --new '{label}=ID'")
    if unit is not None and unit != ind.unit:
        what = f"`{label}` is in {unit}; `{choice}` is in {ind.unit}"
        return Problem(path, line, col, what, "convert the column, or bring it in with --new")
    return ColumnMap(label, line, col, choice, "level", unit, "--map")


def _one_each(path: Path, columns: list[ColumnMap]) -> list[Problem]:
    """Two columns of one file never become one indicator."""
    first: dict[tuple[str, str], ColumnMap] = {}
    problems = []
    for c in columns:
        if c.indicator is None:
            continue
        was = first.setdefault((c.indicator, c.measure), c)
        if was is not c:
            what = (
                f"`{c.label}` and `{was.label}` (line {was.line}, column {was.column}) "
                f"both map to `{c.indicator}`"
            )
            hint = "two columns are two statistics: take one elsewhere with --map or --new"
            problems.append(Problem(path, c.line, c.column, what, hint))
    return problems


def _map_label(
    path: Path, place: tuple[str, int, int], known: dict[str, Any], chosen: tuple[dict, dict]
) -> ColumnMap | Problem:
    """One label of an export: ``--new``, ``--map``, a known name, or a certain catalog match."""
    label, line, col = place
    new, maps = chosen
    name, unit = _name_unit(label)
    for table, as_new in ((new, True), (maps, False)):
        choice = _chosen(label, table)
        if choice is not None:
            return _mapped(path, label, line, col, choice, new=as_new)
    entry = known.get(name)
    if entry is not None:
        ind, measure = (
            (entry, "level")
            if isinstance(entry, str)
            else (entry["indicator"], entry.get("measure", "level"))
        )
        return ColumnMap(label, line, col, ind, measure, unit, "known name")
    match = match_name(name, unit)
    if match.indicator is None:
        return _no_match(path, label, line, col, match)
    if not match.certain:
        return _proposal(path, label, line, col, match)
    return ColumnMap(label, line, col, match.indicator, "level", unit, match.how)


def map_nbs(
    path: Path,
    *,
    indicator: str | None = None,
    maps: dict[str, str] | None = None,
    new: dict[str, str] | None = None,
) -> tuple[list[ColumnMap], dict[str, Any], list[Problem]]:
    """Map an old-format export: its columns, the ``nbs_files.yaml`` rule to read it, problems.

    Parameters
    ----------
    path
        The export.
    indicator
        The catalog id of a file that names no indicator (``--indicator``).
    maps
        ``--map``: column label (or its name without the unit) → catalog id.
    new
        ``--new``: column label → a new catalog id (``""``: the file names no indicator).

    Returns
    -------
    tuple
        The columns, the rule for ``nbs_files.yaml`` and the problems (a close match is a
        proposal, refused until ``--map`` takes it).

    Examples
    --------
    >>> from analytics.config import raw_dir
    >>> cols, rule, problems = map_nbs(raw_dir() / "nbs" / "第一产业.csv", indicator="va_primary")
    >>> rule, problems, cols[0].how
    ({'indicator': 'va_primary'}, [], '--indicator')
    """
    decoded = decode(path)
    assert isinstance(decoded, Decoded)
    lines = [ln.rstrip("\r") for ln in decoded.text.split("\n")]
    labels = _nbs_labels(path, lines)
    if isinstance(labels, Problem):
        return [], {}, [labels]
    if not labels:
        return _unnamed(path, indicator, new or {})
    known: dict[str, Any] = nbs_file_rules()["names"]
    columns: list[ColumnMap] = []
    problems: list[Problem] = []
    for place in labels:
        got = _map_label(path, place, known, (new or {}, maps or {}))
        if isinstance(got, Problem):
            problems.append(got)
        else:
            columns.append(got)
    problems += _one_each(path, columns)
    names: dict[str, Any] = {
        _name_unit(c.label)[0]: c.indicator
        if c.measure == "level"
        else {"indicator": c.indicator, "measure": c.measure}
        for c in columns
        if c.how != "known name"
    }
    return columns, ({"names": names} if names else {}), problems


def map_portal(
    path: Path, *, maps: dict[str, str] | None = None
) -> tuple[list[ColumnMap], list[Problem]]:
    """Map a portal panel's indicator columns; uncatalogued ones are left out, as at build.

    A close match is a proposal, refused until ``--map`` takes it (``maps``: label → id).

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
            what = f"header `{label}` is not `名称 (单位)`"
            hint = "expected an indicator name and its unit in brackets"
            problems.append(Problem(path, 1, j, what, hint))
            continue
        name, unit = m["name"].strip(), m["unit"].strip()
        choice = _chosen(label, maps or {})
        if choice is not None:
            got = _mapped(path, label, 1, j, choice, new=False)
        elif label in PORTAL_INDICATORS:
            got = ColumnMap(
                label, 1, j, PORTAL_INDICATORS[label], "level", unit, "known portal column"
            )
        else:
            got = _portal_match(path, label, j, match_name(name, unit))
        if isinstance(got, Problem):
            problems.append(got)
        else:
            columns.append(got)
    problems += _one_each(path, columns)
    return columns, problems


def _portal_match(path: Path, label: str, j: int, match: NameMatch) -> ColumnMap | Problem:
    unit = _name_unit(label)[1]
    if match.clash:
        what = f"unit clash in `{label}`: {match.how}"
        return Problem(path, 1, j, what, "convert the column or add an indicator with this unit")
    if match.indicator is not None and not match.certain:
        return _proposal(path, label, 1, j, match)
    how = match.how if match.indicator else "left out: " + match.how.split(" (closest")[0]
    return ColumnMap(label, 1, j, match.indicator, "level", unit, how)
