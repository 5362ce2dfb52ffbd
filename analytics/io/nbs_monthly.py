r"""Importer for NBS monthly exports (国家统计局 国家数据 "分省月度数据" / "月度数据").

An export is GBK text with plain commas; the indicator is named on line 2 (provincial files) or in
the header (the national file, months as rows), months are written ``2020年3月`` newest first,
and the newest month is often empty (not yet published)::

    数据库：分省月度数据
    指标：居民消费价格指数(上年同月=100)
    时间：2020
    地区,2020年3月,2020年2月,2020年1月
    北京市,,103.6,104.5
    "注：…"
    数据来源：国家统计局

Periods are stored as year-month (``2020-02``); a January–February combined release
(``2020年1-2月``) is its own period ``2020-01/02``, never split. The measure is read from the
name: 当期值 ``level``, 累计值 ``ytd``, 同比增长 ``yoy_pct``, 累计增长 ``ytd_yoy_pct``, and the unit
上年同月=100 ``index_prev_year_100``. An empty cell is kept as a null value with status
``unknown``; …, — keep their statuses as in the annual exports. Names map to catalog ids in
``data/catalog/nbs_monthly.yaml``. Every problem is collected, located ``file:line:column``.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from analytics._yaml import load_yaml
from analytics.catalog import get_indicator, resolve_region
from analytics.config import catalog_dir
from analytics.exceptions import CatalogError, DataValidationError, Problem, did_you_mean
from analytics.io._schema import OBS_SCHEMA, conform
from analytics.io._text import Decoded, decode
from analytics.io.nbs import _parse_cells
from analytics.io.validate import validate_values

__all__ = [
    "MonthlyExport",
    "is_nbs_monthly",
    "month_period",
    "monthly_observations",
    "parse_nbs_monthly",
    "read_nbs_monthly",
]

DATABASES = ("分省月度数据", "月度数据")
"""The NBS portal databases whose exports this module reads."""
_MONTH = re.compile(r"^(\d{4})年(\d{1,2})(?:[-—–－](\d{1,2}))?月$")
_NAME_UNIT = re.compile(r"^(?P<name>.+?)\s*[(（](?P<unit>[^()（）]+)[)）]\s*$")
_SUFFIXES = {"当期值": "level", "累计值": "ytd", "同比增长": "yoy_pct", "累计增长": "ytd_yoy_pct"}
_INDEX_UNIT = "上年同月=100"
_FOOTER = ("注", '"注', "数据来源")


def is_nbs_monthly(text: str) -> bool:
    r"""Whether ``text`` is an NBS monthly export: line 1 ``数据库：分省月度数据`` or ``月度数据``.

    Parameters
    ----------
    text
        The file's decoded text.

    Returns
    -------
    bool
        True for a monthly export; an annual one (``数据库：分省年度数据``) is not.

    Examples
    --------
    >>> is_nbs_monthly("数据库：分省月度数据\n指标：…"), is_nbs_monthly("数据库：分省年度数据 \n")
    (True, False)
    """
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    return first.startswith("数据库：") and first.removeprefix("数据库：").strip() in DATABASES


def month_period(label: str) -> str | None:
    """The store's period for a month as NBS writes it (None when it is not one).

    Parameters
    ----------
    label
        ``2020年3月``, or a combined release ``2020年1-2月``.

    Returns
    -------
    str or None
        ``2020-03``; ``2020-01/02`` for January–February together.

    Examples
    --------
    >>> month_period("2020年3月"), month_period("2020年1-2月"), month_period("2020年13月")
    ('2020-03', '2020-01/02', None)
    """
    m = _MONTH.match(label.strip())
    if m is None:
        return None
    first, last = int(m[2]), int(m[3] or m[2])
    if not (1 <= first <= last <= 12):
        return None
    if first == last:
        return f"{m[1]}-{first:02d}"
    return f"{m[1]}-{first:02d}/{last:02d}"


@dataclass
class MonthlyExport:
    """A parsed monthly export: observations, its source record, and the problems found.

    Parameters
    ----------
    path
        The file read.
    observations
        Its cells in the observation model.
    source
        Its record in the sources table.
    problems
        What was refused, each ``file:line:column``.
    """

    path: Path
    observations: pl.DataFrame
    source: dict[str, str]
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Layout:
    """The header block: database, indicator line, the header row and where the data end."""

    database: str
    indicator: str | None
    header: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]]
    notes: str


def _rules(path: Path | None = None) -> dict[str, Any]:
    rules = load_yaml(path or catalog_dir() / "nbs_monthly.yaml")
    assert isinstance(rules, dict)
    return rules


def _cells(line: str) -> list[str]:
    return [c.strip() for c in next(csv.reader([line]), [])]


def _layout(path: Path, lines: list[str], problems: list[Problem]) -> _Layout | None:
    """Split the file into its header lines, the header row, the data rows and the notes."""
    if not lines or not is_nbs_monthly(lines[0]):
        found = lines[0][:30] if lines else ""
        problems.append(
            Problem(
                path,
                1,
                1,
                f"expected `数据库：分省月度数据` or `数据库：月度数据`, found `{found}`",
                "is this an NBS monthly export?",
            )
        )
        return None
    database = lines[0].strip().removeprefix("数据库：").strip()
    i, indicator = 1, None
    while i < len(lines) and lines[i].startswith(("指标：", "时间：")):
        if lines[i].startswith("指标："):
            indicator = lines[i].removeprefix("指标：").strip()
        i += 1
    if i >= len(lines):
        problems.append(Problem(path, i, 1, "no header row", "expected `地区,…` or `时间,…`"))
        return None
    header = _cells(lines[i])
    end = next(
        (
            j
            for j in range(i + 1, len(lines))
            if lines[j].startswith(_FOOTER) or not lines[j].strip()
        ),
        len(lines),
    )
    notes = " ".join(ln.strip().strip('"') for ln in lines[end:] if ln.strip())
    if not any(ln.startswith("数据来源：") for ln in lines[end:]):
        problems.append(
            Problem(
                path,
                len(lines),
                1,
                "the file ends without the `数据来源：` line",
                "truncated? re-export the table",
            )
        )
    rows = [(j + 1, _cells(lines[j])) for j in range(i + 1, end)]
    return _Layout(database, indicator, header, i + 1, rows, notes)


def _name(raw: str, names: dict[str, str]) -> tuple[str, str, str | None] | str:
    """(indicator, measure, unit as written) for a name as exported, or why not."""
    match = _NAME_UNIT.match(raw.strip())
    name, unit = (match["name"].strip(), match["unit"].strip()) if match else (raw.strip(), None)
    if unit is not None and unit.endswith("=100") and unit != _INDEX_UNIT:
        return f"unit `{unit}`: no measure for this index base (only {_INDEX_UNIT} is read)"
    measure = "index_prev_year_100" if unit == _INDEX_UNIT else "level"
    for suffix, meant in _SUFFIXES.items():
        if name.endswith(suffix):
            name, measure = name.removesuffix(suffix).rstrip("_ "), meant
    if name not in names:
        return f"unknown monthly indicator `{name}`{did_you_mean(name, names)}"
    return names[name], measure, unit


def _indicator(raw: str, names: dict[str, str]) -> dict[str, str] | str:
    """The catalog id, measure and unit of an exported name, checked against the catalog."""
    mapped = _name(raw, names)
    if isinstance(mapped, str):
        return mapped
    ind_id, measure, unit = mapped
    try:
        ind = get_indicator(ind_id)
    except CatalogError as err:
        return str(err)
    if measure not in ind.measures:
        return f"`{ind_id}` has no measure `{measure}` (it has {list(ind.measures)})"
    expected = ind.unit_for(measure)
    if unit is not None and unit != expected:
        return f"unit `{unit}` for `{ind_id}` ({measure}) is not the catalog's `{expected}`"
    return {"indicator": ind_id, "measure": measure, "unit": expected}


def _grid(path: Path, lay: _Layout, problems: list[Problem]) -> pl.DataFrame:
    """Every data cell as (line, col, label, heading, raw); rows of the wrong length refused."""
    width = len(lay.header)
    good: list[tuple[int, list[str]]] = []
    seen: dict[str, int] = {}
    for line, cells in lay.rows:
        if len(cells) != width:
            problems.append(
                Problem(
                    path,
                    line,
                    min(len(cells), width) + 1,
                    f"row has {len(cells)} cells, the header has {width}",
                    "header drift or a wrong delimiter in this row",
                )
            )
        elif cells[0] in seen:
            problems.append(
                Problem(
                    path,
                    line,
                    1,
                    f"duplicate row `{cells[0]}` (first on line {seen[cells[0]]})",
                    "each region or month once",
                )
            )
        else:
            seen[cells[0]] = line
            good.append((line, cells))
    headings = [str(k) for k in range(2, width + 1)]
    wide = pl.DataFrame(
        [[ln for ln, _ in good], *([c[k] for _, c in good] for k in range(width))],
        schema={"line": pl.Int64, "label": pl.Utf8, **dict.fromkeys(headings, pl.Utf8)},
        orient="col",
    )
    long = wide.unpivot(index=["line", "label"], variable_name="col", value_name="raw")
    heading = pl.DataFrame(
        {"col": [str(k) for k in range(2, width + 1)], "heading": lay.header[1:]}
    )
    return long.join(heading, on="col").with_columns(pl.col("col").cast(pl.Int64))


def _labels(
    path: Path, lay: _Layout, names: dict[str, str], rule: dict[str, Any], problems: list[Problem]
) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """What each row label and each column heading means: a region, a period or an indicator."""
    by_row = lay.header[0] == "地区"
    rows: dict[str, dict[str, str]] = {}
    for line, cells in lay.rows:
        got = _region(cells[0]) if by_row else _month(cells[0])
        if isinstance(got, str):
            problems.append(
                Problem(
                    path,
                    line,
                    1,
                    got,
                    "use a name from regions.csv"
                    if by_row
                    else "expected a month such as 2020年3月",
                )
            )
        else:
            rows[cells[0]] = got
    cols: dict[str, dict[str, str]] = {}
    seen: dict[str, int] = {}
    for j, heading in enumerate(lay.header[1:], start=2):
        got = _month(heading) if by_row else _indicator(heading, names)
        if isinstance(got, str):
            problems.append(
                Problem(
                    path,
                    lay.header_line,
                    j,
                    got,
                    "expected a month such as 2020年3月"
                    if by_row
                    else "add the name to data/catalog/nbs_monthly.yaml `names:`",
                )
            )
            continue
        key = "|".join(got.values())
        if key in seen:
            problems.append(
                Problem(
                    path,
                    lay.header_line,
                    j,
                    f"`{heading}` a second time (first in column {seen[key]})",
                    "each month or indicator once",
                )
            )
            continue
        seen[key] = j
        cols[heading] = got
    return rows, cols


def _region(label: str) -> dict[str, str] | str:
    try:
        return {"region": resolve_region(label)}
    except CatalogError as err:
        return str(err)


def _month(label: str) -> dict[str, str] | str:
    period = month_period(label)
    if period is None:
        return f"`{label}` is not a month"
    return {"period": period}


def _fixed(
    path: Path, lay: _Layout, names: dict[str, str], rule: dict[str, Any], problems: list[Problem]
) -> dict[str, str] | None:
    """What the whole file shares: the indicator (region × month) or the region (months as rows)."""
    if lay.header[0] == "地区":
        if lay.indicator is None:
            problems.append(
                Problem(
                    path,
                    2,
                    1,
                    "the indicator is not named (no `指标：` line)",
                    "re-export the table with its indicator line",
                )
            )
            return None
        got = _indicator(lay.indicator, names)
        if isinstance(got, str):
            problems.append(
                Problem(path, 2, 1, got, "add the name to data/catalog/nbs_monthly.yaml")
            )
            return None
        return got
    if lay.header[0] != "时间":
        problems.append(
            Problem(
                path,
                lay.header_line,
                1,
                f"first header cell is `{lay.header[0]}`",
                "expected `地区` (regions as rows) or `时间` (months as rows)",
            )
        )
        return None
    region = rule.get("region") or ("000000" if lay.database == "月度数据" else None)
    if region is None:
        problems.append(
            Problem(
                path,
                1,
                1,
                "the province is not named in the file",
                "name it in data/catalog/nbs_monthly.yaml (`region:`)",
            )
        )
        return None
    return {"region": str(region)}


def _meaning(table: dict[str, dict[str, str]], key: str) -> pl.DataFrame:
    """A label → meaning table as a frame to join on ``key`` (``label`` or ``heading``)."""
    return pl.DataFrame([{key: k, **v} for k, v in table.items()])


def _future(path: Path, frame: pl.DataFrame, header_line: int, today: dt.date) -> list[Problem]:
    """A month that has not ended yet (by the period's end, as a date), once per column."""
    from analytics.stats.periods import period_end

    late = frame.filter(period_end() > pl.lit(today)).unique("col", keep="first").sort("col")
    return [
        Problem(
            path,
            header_line if r["label"] else r["line"],
            r["col"],
            f"period {r['period']} is in the future",
            f"expected a month up to {today}",
        )
        for r in late.iter_rows(named=True)
    ]


def _source(
    path: Path, relpath: str, lay: _Layout | None, decoded: Decoded | None
) -> dict[str, str]:
    database = lay.database if lay else ""
    return {
        "id": f"nbs_monthly/{relpath}",
        "kind": "nbs_monthly_export",
        "title": f"国家统计局 国家数据「{database}」导出: {path.name}",
        "where": f"data/raw/nbs_monthly/{relpath}",
        "quote": lay.notes if lay else "",
        "publisher": "国家统计局 (National Bureau of Statistics of China)",
        "sha256": decoded.sha256 if decoded else "",
    }


def parse_nbs_monthly(
    path: Path,
    *,
    rule: dict[str, Any] | None = None,
    relpath: str | None = None,
    today: dt.date | None = None,
    rules: dict[str, Any] | None = None,
) -> MonthlyExport:
    """Parse one monthly export; collect every problem instead of stopping at the first.

    Parameters
    ----------
    path
        The CSV file as exported.
    rule
        Its entry under ``files:`` in ``nbs_monthly.yaml`` (``region:`` for a provincial file
        with months as rows); looked up by ``relpath`` when omitted.
    relpath
        The path relative to ``data/raw/nbs_monthly`` (default: the file name).
    today
        For the "period in the future" check (default: today).
    rules
        The whole ``nbs_monthly.yaml`` (default: the catalog's).

    Returns
    -------
    MonthlyExport
        The observations (empty cells as nulls with status ``unknown``), the source record and
        the problems, each ``file:line:column``.

    Examples
    --------
    >>> from analytics.config import raw_dir
    >>> got = parse_nbs_monthly(raw_dir() / "nbs_monthly" / "分省月度数据.csv")
    >>> tj = got.observations.filter(pl.col("region") == "120000").sort("period")
    >>> tj.select("period", "value", "status").rows()
    [('2020-01', 104.6, 'ok'), ('2020-02', 103.8, 'ok'), ('2020-03', None, 'unknown')]
    """
    path, relpath = Path(path), relpath or Path(path).name
    rules = rules or _rules()
    rule = dict(rules.get("files", {}).get(relpath) or {}) if rule is None else rule
    names: dict[str, str] = rules.get("names") or {}
    problems: list[Problem] = []
    decoded = decode(path)
    if isinstance(decoded, Problem):
        return MonthlyExport(
            path, pl.DataFrame(schema=OBS_SCHEMA), _source(path, relpath, None, None), [decoded]
        )
    lines = [ln.rstrip("\r") for ln in decoded.text.lstrip("\ufeff").split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    lay = _layout(path, lines, problems)
    source = _source(path, relpath, lay, decoded)
    fixed = _fixed(path, lay, names, rule, problems) if lay else None
    if lay is None or fixed is None:
        return MonthlyExport(path, pl.DataFrame(schema=OBS_SCHEMA), source, problems)
    rows, cols = _labels(path, lay, names, rule, problems)
    if not rows or not cols:
        return MonthlyExport(path, pl.DataFrame(schema=OBS_SCHEMA), source, problems)
    cells = (
        _grid(path, lay, problems)
        .join(_meaning(rows, "label"), on="label", how="inner")
        .join(_meaning(cols, "heading"), on="heading", how="inner")
        .with_columns(**{k: pl.lit(v) for k, v in fixed.items()})
    )
    frame = _parse_cells(cells, path, problems)
    problems += _future(path, frame, lay.header_line, today or dt.date.today())
    frame = frame.with_columns(
        pl.lit("none").alias("price_basis"),
        pl.lit(rule.get("vintage") or "nbs_portal").alias("vintage"),
        pl.lit(source["id"]).alias("source"),
    )
    problems += validate_values(frame, file=path, raw="core")
    return MonthlyExport(path, conform(frame), source, problems)


def read_nbs_monthly(path: Path | str, *, relpath: str | None = None) -> pl.DataFrame:
    """Read one monthly export into the observation model; raise on any problem.

    Parameters
    ----------
    path
        The CSV file as exported.
    relpath
        Its path relative to ``data/raw/nbs_monthly`` (default: the file name).

    Returns
    -------
    pl.DataFrame
        The observations, empty cells as nulls with status ``unknown``.

    Examples
    --------
    >>> from analytics.config import raw_dir
    >>> obs = read_nbs_monthly(raw_dir() / "nbs_monthly" / "月度数据.csv")
    >>> obs.filter(pl.col("indicator") == "cpi_monthly", pl.col("period") == "2020-02").select(
    ...     "region", "value", "unit", "measure").row(0)
    ('000000', 105.2, '上年同月=100', 'index_prev_year_100')
    """
    parsed = parse_nbs_monthly(Path(path), relpath=relpath)
    if parsed.problems:
        raise DataValidationError(parsed.problems)
    return parsed.observations


def monthly_observations(
    data: Path,
) -> tuple[pl.DataFrame, list[dict[str, str]], list[Problem], dict[str, str]]:
    """Every monthly export under ``data/raw/nbs_monthly`` for the store build.

    Parameters
    ----------
    data
        The data folder (``raw/nbs_monthly`` and ``catalog/nbs_monthly.yaml`` in it).

    Returns
    -------
    tuple
        The observations, their source records, the problems (a file not described in
        ``nbs_monthly.yaml``, bytes changed since ``data add`` recorded them, any cell refused)
        and the files skipped with their reasons.

    Examples
    --------
    >>> from analytics.config import data_dir
    >>> obs, sources, problems, skipped = monthly_observations(data_dir())
    >>> len(sources), problems, obs.filter(pl.col("value").is_not_null()).height
    (10, [], 1104)
    """
    folder = data / "raw" / "nbs_monthly"
    rules_path = data / "catalog" / "nbs_monthly.yaml"
    if not folder.is_dir():
        return pl.DataFrame(schema=OBS_SCHEMA), [], [], {}
    rules = _rules(rules_path)
    frames, sources, problems, skipped = [], [], [], {}
    for path in sorted(folder.rglob("*.csv")):
        rel = path.relative_to(folder).as_posix()
        rule = (rules.get("files") or {}).get(rel)
        if rule is None:
            problems.append(
                Problem(
                    path,
                    0,
                    0,
                    f"file not described in {rules_path}",
                    "add it with `analytics data add` (or `skip:` a reason)",
                )
            )
            continue
        if "skip" in rule:
            skipped[rel] = str(rule["skip"])
            continue
        parsed = parse_nbs_monthly(path, rule=dict(rule), relpath=rel, rules=rules)
        sha = parsed.source["sha256"]
        if rule.get("sha256") and sha and rule["sha256"] != sha:
            problems.append(
                Problem(
                    path,
                    0,
                    0,
                    f"sha256 {sha[:16]}… is not the "
                    f"{str(rule['sha256'])[:16]}… recorded when it was added",
                    "raw files are never edited: restore the file",
                )
            )
        problems += parsed.problems
        frames.append(parsed.observations)
        sources.append(parsed.source)
    obs = pl.concat(frames) if frames else pl.DataFrame(schema=OBS_SCHEMA)
    return obs, sources, problems, skipped
