r"""Importer for NBS data-portal exports (国家统计局 国家数据 "分省年度数据" / "年度数据").

An export looks like this (tab-plus-comma delimited, a trailing empty field on every row)::

    数据库：分省年度数据
    时间：2016年-2025年
    地区\t,2025年\t,2024年\t,…
    北京市\t,\t,105.1\t,…
    注：1. …
    数据来源：国家统计局

Regions are rows (``地区``), or the file holds one region with indicators as rows (``指标``);
the other axis is years (``2024年``) or indicator names with units (``地区生产总值 (亿元)``).
What a file does not say about itself (an unnamed indicator, an unnamed province, a blank
时间 line) comes from ``data/catalog/nbs_files.yaml``. Every problem is collected and reported
as ``file:line:column``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from analytics._yaml import load_yaml
from analytics.catalog import get_indicator, resolve_region
from analytics.config import catalog_dir
from analytics.exceptions import CatalogError, DataValidationError, Problem, did_you_mean
from analytics.io._add_names import qualifier
from analytics.io._schema import OBS_SCHEMA, conform
from analytics.io._text import Decoded, decode
from analytics.io.validate import validate_values

__all__ = ["EXPORT_VINTAGE", "NbsExport", "nbs_file_rules", "parse_nbs_export", "read_nbs_export"]

_YEAR = re.compile(r"^(\d{4})年$")
_NAME_UNIT = re.compile(r"^(?P<name>.+?)\s*[(（](?P<unit>[^()（）]+)[)）]\s*$")
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_FULLWIDTH = re.compile(r"[０-９．－，]")
_BELOW_UNIT = {"…", "...", "……", "…."}
_NOT_APPLICABLE = {"—", "-", "--", "——", "－"}
_REVISION_NOTE = "第五次全国经济普查"
_COMPARABLE = {"gdp", "va_primary", "va_secondary", "va_tertiary"}
EXPORT_VINTAGE = "nbs_export"
"""The vintage of an old-portal export (the newer portal's panels are ``nbs_portal``)."""


@cache
def nbs_file_rules(path: Path | None = None) -> dict[str, Any]:
    """The reading rules of ``data/catalog/nbs_files.yaml`` (``files`` and ``names``)."""
    rules = load_yaml(path or catalog_dir() / "nbs_files.yaml")
    assert isinstance(rules, dict)
    return rules


def _unknown_indicator(path: Path, line: int, col: int, ind_id: str, err: Exception) -> Problem:
    """Locate an unknown indicator both in the export and where nbs_files.yaml names it."""
    yaml_path = catalog_dir() / "nbs_files.yaml"
    lines = yaml_path.read_text(encoding="utf-8").splitlines()
    where = next(
        (
            f"{yaml_path}:{n}"
            for n, text in enumerate(lines, 1)
            if re.search(rf"\b{re.escape(ind_id)}\b", text)
        ),
        str(yaml_path),
    )
    return Problem(
        path,
        line,
        col,
        f"{err} (referenced by {where})",
        f"add `{ind_id}` to data/catalog/indicators.yaml or correct the mapping at {where}",
    )


@dataclass
class NbsExport:
    """A parsed export: observations, its source record, and the problems found.

    Parameters
    ----------
    path
        The export read.
    observations
        Its values in the observation model; empty when the file could not be read.
    source
        Its sources-table record: ``id`` (``nbs/<relpath>``), ``kind`` (``nbs_export``),
        ``title``, ``where``, ``quote``, ``publisher``, ``sha256`` (of the file's bytes).
    problems
        Every located problem (``file:line:column``); default none.
    """

    path: Path
    observations: pl.DataFrame
    source: dict[str, str]
    problems: list[Problem] = field(default_factory=list)


def _split(line: str, delim: str) -> list[str]:
    cells = [c.strip() for c in line.split(delim)]
    if cells and cells[-1] == "":
        cells.pop()  # every cell is followed by the delimiter, the last one too
    return cells


def _detect_delimiter(header: str) -> str | None:
    for delim in ("\t,", ",", "\t"):
        if delim in header:
            return delim
    return None


def _map_name(raw: str, names: dict[str, Any]) -> tuple[str, str, str | None] | str:
    """(indicator, measure, unit in header) or an error message."""
    match = _NAME_UNIT.match(raw)
    name, unit = (match["name"].strip(), match["unit"].strip()) if match else (raw.strip(), None)
    entry = names.get(name)
    if entry is None:  # never suggest the broader name for a qualified one (城市… for …)
        near = [n for n in names if qualifier(name, n) is None]
        return f"unknown indicator `{name}`{did_you_mean(name, near)}"
    if isinstance(entry, str):
        return entry, "level", unit
    return entry["indicator"], entry.get("measure", "level"), unit


def parse_nbs_export(
    path: Path,
    *,
    rule: dict[str, Any] | None = None,
    relpath: str | None = None,
    today: dt.date | None = None,
) -> NbsExport:
    """Parse one export; collect every problem instead of stopping at the first.

    Parameters
    ----------
    path
        The CSV file as exported.
    rule
        Its entry in ``nbs_files.yaml`` (indicator, measure, region, period, and the ``names``
        and ``vintage`` that ``analytics data add`` records); looked up by ``relpath`` when
        omitted.
    relpath
        The path relative to ``data/raw/nbs`` (the key in ``nbs_files.yaml``; default: file name).
    today
        For the "period in the future" check (default: today).
    """
    reader = _Reader(Path(path), rule, relpath, today)
    frame = reader.read()
    if frame is None:
        frame = pl.DataFrame(schema=OBS_SCHEMA)
    return NbsExport(reader.path, frame, reader.source, reader.problems)


@dataclass
class _Header:
    """What the three header lines and the footer say."""

    database: str
    time_line: str
    delim: str
    header: list[str]
    axis: str
    end: int
    """Index of the first footer line (notes, the source line, blanks)."""


class _Reader:
    """One export's parse: each stage appends its problems and returns None when it cannot go on."""

    def __init__(
        self, path: Path, rule: dict[str, Any] | None, relpath: str | None, today: dt.date | None
    ) -> None:
        rules = nbs_file_rules()
        self.path = path
        self.relpath = relpath or path.name
        self.rule = dict(rules["files"].get(self.relpath, {}) if rule is None else rule)
        self.names: dict[str, Any] = {**rules["names"], **self.rule.get("names", {})}
        self.today = today or dt.date.today()  # per-file names (above) win over the shared ones
        self.problems: list[Problem] = []
        self.source = {
            "id": f"nbs/{self.relpath}",
            "kind": "nbs_export",
            "title": "",
            "where": f"data/raw/nbs/{self.relpath}",
            "quote": "",
            "publisher": "国家统计局 (National Bureau of Statistics of China)",
            "sha256": "",
        }
        self.labels: dict[tuple[str, int | None], dict[str, Any] | None] = {}

    def problem(self, line: int, col: int, message: str, hint: str) -> None:
        """Record a problem at ``line``, ``col`` of the file."""
        self.problems.append(Problem(self.path, line, col, message, hint))

    def read(self) -> pl.DataFrame | None:
        """The observations, or None when nothing could be read (the problems say why)."""
        lines = self.lines()
        head = self.head(lines) if lines else None
        if lines is None or head is None:
            return None
        columns = self.columns(head)
        rows = self.rows(lines, head)
        if not rows:
            if not self.problems:
                self.problem(4, 1, "no data rows", "expected regions or indicators")
            return None
        records = self.records(rows, columns, head)
        return self.frame(records) if records else None

    def lines(self) -> list[str] | None:
        """The file's lines without trailing blank ones; None (with the problem) if unreadable."""
        decoded = decode(self.path)
        if isinstance(decoded, Problem):
            self.problems.append(decoded)
            return None
        assert isinstance(decoded, Decoded)
        self.source["sha256"] = decoded.sha256
        lines = [ln.rstrip("\r") for ln in decoded.text.split("\n")]
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines:
            self.problem(1, 1, "the file is empty", "expected an NBS export")
            return None
        return lines

    def head(self, lines: list[str]) -> _Header | None:
        """The header lines (database, time, column header) and where the footer starts."""
        if not lines[0].startswith("数据库："):
            found = f"expected the `数据库：` header line, found `{lines[0][:30]}`"
            self.problem(1, 1, found, "is this an NBS data-portal export?")
            return None
        database = lines[0].removeprefix("数据库：").strip()
        if len(lines) < 3 or not lines[1].startswith("时间："):
            self.problem(2, 1, "expected the `时间：` line", "the export has 3 header lines")
            return None
        time_line = lines[1].removeprefix("时间：").strip()
        self.source["title"] = f"国家统计局 国家数据「{database}」导出: {self.path.name}"
        delim = _detect_delimiter(lines[2])
        if delim is None:
            found = f"no delimiter in the header `{lines[2][:40]}`"
            self.problem(3, 1, found, "expected tab-plus-comma (`\\t,`) as NBS exports use")
            return None
        header = _split(lines[2], delim)
        axis = header[0] if header else ""
        if axis not in ("地区", "指标"):
            self.problem(3, 1, f"first header cell is `{axis}`", "expected `地区` or `指标`")
            return None
        return _Header(database, time_line, delim, header, axis, self.footer(lines))

    def footer(self, lines: list[str]) -> int:
        """Read the notes and the source line (the quote); return where the footer starts."""
        end = len(lines)
        notes: list[str] = []
        has_source_line = False
        for i, ln in enumerate(lines[3:], start=3):
            if ln.startswith(("注：", "数据来源：")) or not ln.strip():
                end = min(end, i)
            if i >= end:
                notes.append(ln.strip())
                has_source_line |= ln.startswith("数据来源：")
        self.source["quote"] = " ".join(n for n in notes if n)
        if not has_source_line:
            msg = "the file ends without the `数据来源：` line"
            self.problem(len(lines), 1, msg, "truncated? re-export the table")
        return end

    def columns(self, head: _Header) -> list[dict[str, Any]]:
        """Each data column's period and, when it is not a year, its label (an indicator)."""
        columns: list[dict[str, Any]] = []
        seen_years: dict[str, int] = {}
        year_match = re.fullmatch(r"(\d{4})年", head.time_line)
        for j, cell in enumerate(head.header[1:], start=2):
            ym = _YEAR.match(cell)
            if ym:
                year = ym[1]
                if year in seen_years:
                    msg = f"a second column for {year} (first in column {seen_years[year]})"
                    hint = "two vintages in one file need labels: split the file by vintage"
                    self.problem(3, j, msg, hint)
                seen_years[year] = j
                if int(year) > self.today.year:
                    msg, hint = (
                        f"period {year} is in the future",
                        f"expected a year up to {self.today.year}",
                    )
                    self.problem(3, j, msg, hint)
                columns.append({"period": year, "label": None})
                continue
            period = self.rule.get("period") or (year_match[1] if year_match else None)
            if head.axis == "地区" and period is None:
                msg = f"no single year in `时间：{head.time_line}`"
                self.problem(2, 1, msg, "name the period in nbs_files.yaml")
            columns.append({"period": period, "label": cell})
        return columns

    def rows(self, lines: list[str], head: _Header) -> list[tuple[int, int, str, str]]:
        """(line, column, row label, raw cell) of every data cell; bad rows are problems."""
        rows: list[tuple[int, int, str, str]] = []
        seen_rows: dict[str, int] = {}
        width = len(head.header)
        for i in range(3, head.end):
            cells = _split(lines[i], head.delim)
            if len(cells) != width:
                msg = f"row has {len(cells)} cells, the header has {width}"
                hint = "header drift or a wrong delimiter in this row"
                self.problem(i + 1, min(len(cells), width) + 1, msg, hint)
                continue
            label = cells[0]
            if label in seen_rows:
                msg = f"duplicate row `{label}` (first on line {seen_rows[label]})"
                self.problem(i + 1, 1, msg, "each region or indicator once")
                continue
            seen_rows[label] = i + 1
            rows.extend((i + 1, j, label, raw) for j, raw in enumerate(cells[1:], start=2))
        return rows

    def indicator(self, raw: str, line: int, col: int) -> dict[str, Any] | None:
        """A row or column label mapped to (indicator, measure, unit), once per place."""
        mapped = _map_name(raw, self.names)
        if isinstance(mapped, str):
            hint = "map the name in nbs_files.yaml, or add it with `analytics data add`"
            self.problem(line, col, mapped, hint + " --new 'COLUMN=ID'")
            return None
        ind_id, measure, unit = mapped
        return self.checked(ind_id, measure, unit, line, col)

    def checked(
        self, ind_id: str, measure: str, unit: str | None, line: int, col: int
    ) -> dict[str, Any] | None:
        """The indicator with the catalog's unit, or None if unknown or in another unit."""
        try:
            ind = get_indicator(ind_id)
        except CatalogError as err:
            self.problems.append(_unknown_indicator(self.path, line, col, ind_id, err))
            return None
        expected = ind.unit_for(measure)
        if unit is not None and unit != expected:
            msg = f"unit `{unit}` for `{ind_id}` is not the catalog's `{expected}`"
            self.problem(line, col, msg, "convert on import or fix the catalog")
            return None
        return {"indicator": ind_id, "measure": measure, "unit": expected}

    def once(self, key: tuple[str, int | None], make: Callable[[], Any]) -> Any:
        """``make()`` the first time ``key`` is asked for (a problem is said once), then cached."""
        if key not in self.labels:
            self.labels[key] = make()
        return self.labels[key]

    def records(
        self, rows: list[tuple[int, int, str, str]], columns: list[dict[str, Any]], head: _Header
    ) -> list[dict[str, Any]]:
        """Every cell with its indicator, measure, unit, region and period resolved."""
        fixed = None
        if "indicator" in self.rule:
            fixed = self.checked(
                self.rule["indicator"], self.rule.get("measure", "level"), None, 3, 1
            )
        place = self.by_region if head.axis == "地区" else self.by_indicator
        records = []
        for line, col, label, raw in rows:
            meta = columns[col - 2]
            got = place(line, col, label, meta, fixed, head)
            if got is not None:
                ind, region = got
                where = {"region": region, "period": meta["period"]}
                records.append({**ind, **where, "raw": raw, "line": line, "col": col})
        return records

    def by_region(
        self,
        line: int,
        col: int,
        label: str,
        meta: dict[str, Any],
        fixed: dict[str, Any] | None,
        head: _Header,
    ) -> tuple[dict[str, Any], str] | None:
        """A cell of a file whose rows are regions: the row's region, the column's indicator."""
        reg = self.once((label, None), lambda: self.region(label, line))
        if reg is None:
            return None
        if meta["label"] is not None:
            ind = self.once((meta["label"], -col), lambda: self.indicator(meta["label"], 3, col))
        elif fixed is None:
            self.once(("__unnamed__", 0), self.unnamed_indicator)
            return None
        else:
            ind = fixed
        return (ind, reg["region"]) if ind is not None else None

    def region(self, label: str, line: int) -> dict[str, Any] | None:
        """A row label resolved to a region code."""
        try:
            return {"region": resolve_region(label)}
        except CatalogError as err:
            self.problem(line, 1, str(err), "use a name from regions.csv")
            return None

    def unnamed_indicator(self) -> None:
        """Say (once) that neither the file nor its rule names the indicator."""
        msg = "the indicator is not named in the file"
        self.problem(3, 2, msg, "name it in nbs_files.yaml (`indicator:`)")

    def by_indicator(
        self,
        line: int,
        col: int,
        label: str,
        meta: dict[str, Any],
        fixed: dict[str, Any] | None,
        head: _Header,
    ) -> tuple[dict[str, Any], str] | None:
        """A cell of a one-region file whose rows are indicators (its region from the rule)."""
        region = self.rule.get("region") or self.once(
            ("__region__", 0), lambda: self.one_region(head)
        )
        if region is None:
            return None
        ind = self.once((label, line), lambda: self.indicator(label, line, 1))
        if ind is None or meta["period"] is None:
            return None
        return ind, region

    def one_region(self, head: _Header) -> Any:
        """A one-region file's region when its rule names none: national unless provincial."""
        if "分省" not in head.database:
            return "000000"
        self.problem(
            1, 1, "the province is not named in the file", "name it in nbs_files.yaml (`region:`)"
        )
        return None

    def frame(self, records: list[dict[str, Any]]) -> pl.DataFrame:
        """The parsed cells in the observation model, with price basis, vintage and source."""
        vintage = self.rule.get("vintage") or (
            "nbs_revised_5th_census" if _REVISION_NOTE in self.source["quote"] else EXPORT_VINTAGE
        )  # `vintage:` is set by `analytics data add` when a file revises stored values
        frame = _parse_cells(pl.DataFrame(records), self.path, self.problems)
        frame = frame.with_columns(
            pl.when(pl.col("measure") == "index_prev_year_100")
            .then(
                pl.when(pl.col("indicator").is_in(list(_COMPARABLE)))
                .then(pl.lit("comparable"))
                .otherwise(pl.lit("none"))
            )
            .when(pl.col("unit").str.contains("元"))
            .then(pl.lit("current"))
            .otherwise(pl.lit("none"))
            .alias("price_basis"),
            pl.lit(vintage).alias("vintage"),
            pl.lit(self.source["id"]).alias("source"),
        )
        self.problems += validate_values(frame, file=self.path, raw="core")
        return conform(frame)


def _parse_cells(frame: pl.DataFrame, path: Path, problems: list[Problem]) -> pl.DataFrame:
    """Vectorised cell parsing: symbols become statuses, numbers become floats."""
    raw = pl.col("raw").str.strip_chars()
    of_which = raw.str.starts_with("#")
    footnote = raw.str.ends_with("*")
    core = raw.str.strip_chars_start("#").str.strip_chars_end("*").str.strip_chars()
    frame = frame.with_columns(core.alias("core"), of_which.alias("_ow"), footnote.alias("_fn"))
    status = (
        pl.when(pl.col("core") == "")
        .then(pl.lit("unknown"))
        .when(pl.col("core").is_in(list(_BELOW_UNIT)))
        .then(pl.lit("below_unit"))
        .when(pl.col("core").is_in(list(_NOT_APPLICABLE)))
        .then(pl.lit("not_applicable"))
        .when(pl.col("_ow"))
        .then(pl.lit("of_which"))
        .when(pl.col("_fn"))
        .then(pl.lit("footnote"))
        .otherwise(pl.lit("ok"))
    )
    frame = frame.with_columns(
        status.alias("status"), pl.col("core").cast(pl.Float64, strict=False).alias("value")
    )
    numeric_status = ~pl.col("status").is_in(["unknown", "below_unit", "not_applicable"])
    bad = frame.filter(numeric_status & pl.col("value").is_null())
    for row in bad.iter_rows(named=True):  # only the offending cells, to word their message
        cell = row["core"]
        if _FULLWIDTH.search(cell):
            msg, hint = f"`{cell}` has full-width digits or signs", "use ASCII digits (NFKC)"
        elif _THOUSANDS.match(cell):
            msg, hint = f"`{cell}` has thousands separators", "write the number without commas"
        else:
            msg, hint = f"`{cell}` is not a number", "expected a number or …, —, blank"
        problems.append(Problem(path, row["line"], row["col"], msg, hint))
    return frame.filter(~(numeric_status & pl.col("value").is_null()))


def read_nbs_export(
    path: Path | str, *, relpath: str | None = None, rule: dict[str, Any] | None = None
) -> pl.DataFrame:
    """Read one NBS export into the observation model; raise on any problem.

    Parameters
    ----------
    path
        The CSV file as exported.
    relpath
        The path relative to ``data/raw/nbs`` (the key in ``nbs_files.yaml``; default: file name).
    rule
        Its entry in ``nbs_files.yaml``; looked up by ``relpath`` when omitted.

    Returns
    -------
    polars.DataFrame
        The observations of :func:`parse_nbs_export`.

    Raises
    ------
    DataValidationError
        With every problem :func:`parse_nbs_export` found.

    Examples
    --------
    >>> from analytics.config import raw_dir
    >>> obs = read_nbs_export(raw_dir() / "nbs" / "分省年度数据2023.csv")
    >>> tj = obs.filter((pl.col("region") == "120000") & (pl.col("indicator") == "gdp"))
    >>> tj.select("period", "value", "unit", "vintage").row(0)
    ('2023', 17211.8, '亿元', 'nbs_revised_5th_census')
    """
    parsed = parse_nbs_export(Path(path), relpath=relpath, rule=rule)
    if parsed.problems:
        raise DataValidationError(parsed.problems)
    return parsed.observations
