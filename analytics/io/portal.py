"""Importer for the newer NBS data portal's panel CSVs (``data/raw/nbs_portal/``).

A panel has ``省辖市代码`` (12-digit NBS code), ``省份``, ``年份``, then one column per indicator
headed ``名称 (单位)``; it is UTF-8 with a BOM. Each panel ships with the raw JSON responses it was
built from (``raw_json_captures/``); :func:`read_portal_panel` checks every non-empty cell against
them, and a mismatch is a located error.

Examples
--------
>>> obs = read_portal_panel(PORTAL_DIR / "panels" / "分省互联网主要指标_多年期_面板数据.csv")
>>> tj = obs.filter((pl.col("region") == "120000") & (pl.col("period") == "2024"))
>>> tj.filter(pl.col("name") == "互联网宽带接入用户")["value"].item()
704.0
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from analytics._yaml import load_yaml
from analytics.config import catalog_dir
from analytics.exceptions import DataValidationError, Problem
from analytics.io._safe import require_input
from analytics.io.validate import read_utf8, validate_values

__all__ = [
    "PORTAL_DIR",
    "PORTAL_INDICATORS",
    "PORTAL_TABLES",
    "PortalTable",
    "portal_files",
    "portal_observations",
    "read_capture",
    "read_portal_panel",
]

PORTAL_DIR = Path(__file__).resolve().parents[2] / "data" / "raw" / "nbs_portal"
"""Where the portal panels and their raw JSON captures are stored."""

_REPO = "lanyuanzhe1/tongjimodule"
_HEAD = "d36519a27a58f36a455ef911421ee0280f669aa9"
_HEADER = re.compile(r"^(?P<name>.+?)\s*\((?P<unit>[^()]+)\)\s*$")
_FIXED = ("省辖市代码", "省份", "年份")


@dataclass(frozen=True, slots=True)
class PortalTable:
    """One NBS portal table: its file stem, portal name, catalog id and copied-from commit.

    Parameters
    ----------
    stem
        The start of its panel's file name (``分省互联网主要指标``): a panel is matched to the
        table whose stem its name starts with.
    title
        The table's name on the portal (``互联网主要指标发展情况``).
    cid
        The portal's catalog id of the table (32 hex digits).
    commit
        The commit of ``lanyuanzhe1/tongjimodule`` the shipped panel was copied from.

    Examples
    --------
    >>> PORTAL_TABLES[0].title, PORTAL_TABLES[0].cid
    ('互联网主要指标发展情况', '53f522fb4b1a40ce90977a0b1cd94da1')
    """

    stem: str
    title: str
    cid: str
    commit: str

    @property
    def source(self) -> str:
        """Source text stored with each value: portal table, cid, repository and commit."""
        return f"NBS 分省年度数据 {self.title} (cid {self.cid}); copied from {_REPO}@{self.commit}"


PORTAL_TABLES: tuple[PortalTable, ...] = (
    PortalTable(
        "分省互联网主要指标",
        "互联网主要指标发展情况",
        "53f522fb4b1a40ce90977a0b1cd94da1",
        "ab9de784f548b5eeb1c11bc81931d69bb4c8394b",
    ),
    PortalTable(
        "分省电信主要通行能力", "电信主要通信能力", "9c6547e43eac440cbca087f403e804ca", _HEAD
    ),
    PortalTable(
        "分省软件和信息技术服务业主要经济指标",
        "软件和信息技术服务业主要经济指标",
        "f78cb6a5c77747a6abc401b615245ef1",
        _HEAD,
    ),
    PortalTable(
        "分省企业信息化及电子商务情况",
        "企业信息化及电子商务情况",
        "c65e7e59f4434a8cb35fbf9f7c857e60",
        _HEAD,
    ),
)
"""The four portal tables shipped in ``data/raw/nbs_portal`` (see its PROVENANCE.md)."""


def _table_for(path: Path) -> PortalTable:
    for table in PORTAL_TABLES:
        if path.name.startswith(table.stem):
            return table
    stems = ", ".join(t.stem for t in PORTAL_TABLES)
    raise DataValidationError(
        [
            Problem(
                path,
                0,
                0,
                f"file name {path.name!r} names no known portal table",
                f"expected a name starting with one of: {stems}",
            )
        ]
    )


def read_capture(path: Path) -> dict[tuple[str, str, str], str]:
    """Read a raw JSON capture into ``(12-digit code, year, column header) -> value text``.

    Parameters
    ----------
    path
        A capture CSV (UTF-8) whose third column, ``JSON数据``, holds the portal's response for
        the region in the second column: ``{"data": [{"code": period, "values": [...]}]}``.

    Returns
    -------
    dict[tuple[str, str, str], str]
        Every non-empty value, its text as the portal gave it; the year is the first four
        characters of the period code.

    Raises
    ------
    DataValidationError
        When a row's JSON does not parse or a period lacks ``code`` or ``values``, with its line.

    Examples
    --------
    >>> folder = PORTAL_DIR / "raw_json_captures"
    >>> cap = read_capture(folder / "分省互联网主要指标_多年期_原始抓取.csv")
    >>> cap[("120000000000", "2024", "互联网宽带接入用户 (万户)")]
    '704.0'
    """
    require_input(path)
    csv.field_size_limit(sys.maxsize)
    out: dict[tuple[str, str, str], str] = {}
    reader = csv.reader(io.StringIO(read_utf8(path), newline=""))
    hint = "expected the portal's response as captured: data: [{code, values: [...]}]"
    for line, row in enumerate(reader, start=1):
        if line == 1:
            continue
        try:
            payload = json.loads(row[2])
        except (IndexError, json.JSONDecodeError) as err:
            raise DataValidationError(
                [Problem(path, line, 3, f"JSON数据 is not valid JSON ({err})", hint)]
            ) from err
        periods = payload.get("data") if isinstance(payload, dict) else None
        for period in periods if isinstance(periods, list) else []:
            cells = period.get("values") if isinstance(period, dict) else None
            if "code" not in period or not isinstance(cells, list):
                lacks = "`code`" if "code" not in period else "a `values` list"
                raise DataValidationError(
                    [Problem(path, line, 3, f"a period of JSON数据 lacks {lacks}", hint)]
                )
            year = str(period["code"])[:4]
            for cell in cells:
                if isinstance(cell, dict) and cell.get("value") not in (None, ""):
                    name = str(cell.get("i_showname", "")).strip()
                    out[(row[1], year, name)] = str(cell["value"])
    return out


def _long(path: Path, frame: pl.DataFrame, table: PortalTable) -> pl.DataFrame:
    parts = []
    for number, header in enumerate(frame.columns[1:], start=1):  # column 0 is the line number
        if header in _FIXED:
            continue
        match = _HEADER.match(header)
        if match is None:
            raise DataValidationError(
                [
                    Problem(
                        path,
                        1,
                        number,
                        f"header {header!r} is not '名称 (单位)'",
                        "expected an indicator name followed by its unit in brackets",
                    )
                ]
            )
        parts.append(
            frame.select(
                pl.col("省辖市代码").alias("code"),
                pl.col("年份").alias("period"),
                pl.col(header).alias("text"),
                pl.lit(header).alias("header"),
                pl.lit(match["name"]).alias("name"),
                pl.lit(match["unit"]).alias("unit"),
                pl.lit(number).alias("column"),
                pl.col("line"),
            )
        )
    return pl.concat(parts).filter(pl.col("text").is_not_null() & (pl.col("text") != ""))


def _problems(path: Path, rows: pl.DataFrame, message: str, hint: str) -> list[Problem]:
    return [
        Problem(path, line, column, message.format(text=text, seen=seen), hint)
        for line, column, text, seen in rows.head(20)
        .select("line", "column", "text", "seen")
        .rows()
    ]


def _check(path: Path, obs: pl.DataFrame, capture: dict[tuple[str, str, str], str]) -> None:
    seen = pl.DataFrame(
        [(*key, text) for key, text in capture.items()],
        schema=["code", "period", "header", "seen"],
        orient="row",
    )
    joined = obs.join(seen, on=["code", "period", "header"], how="left")
    not_number = joined.filter(pl.col("value").is_null() | ~pl.col("value").is_finite())
    differs = joined.filter(
        pl.col("value").is_finite()
        & (
            pl.col("seen").is_null()
            | ((pl.col("seen").cast(pl.Float64, strict=False) - pl.col("value")).abs() > 1e-9)
        )
    )
    problems = _problems(
        path, not_number, "{text!r} is not a finite number", "expected a decimal number like 704.0"
    ) + _problems(
        path,
        differs,
        "{text!r} differs from the raw JSON capture ({seen!r})",
        "the panel must match raw_json_captures; re-copy both files from their source",
    )
    if problems:
        raise DataValidationError(problems)


def _check_rows(path: Path, frame: pl.DataFrame) -> None:
    """Each row a year that has passed, written in digits, and a province named by its code."""
    from analytics.catalog import resolve_region
    from analytics.exceptions import CatalogError

    if frame.height == 0:
        raise DataValidationError(
            [
                Problem(
                    path,
                    2,
                    1,
                    "the panel has a header but no rows",
                    "expected one row per province and year",
                )
            ]
        )
    if not set(_FIXED) <= set(frame.columns):
        missing = [c for c in _FIXED if c not in frame.columns]
        raise DataValidationError(
            [Problem(path, 1, 1, f"the header lacks {missing}", f"expected {','.join(_FIXED)},…")]
        )
    this_year = dt.date.today().year
    year = pl.col("年份").str.strip_chars()
    bad_year = frame.filter(
        ~year.str.contains(r"^\d{4}$").fill_null(False)
        | (year.cast(pl.Int64, strict=False) > this_year)
    )
    problems = [
        Problem(
            path,
            line,
            3,
            f"year `{text}` is not a year that has passed, in digits",
            f"expected a year up to {this_year}, e.g. 2024",
        )
        for line, text in bad_year.select("line", "年份").head(20).rows()
    ]
    names: dict[str, str | None] = {}
    for name in frame["省份"].drop_nulls().unique().to_list():
        try:
            names[name] = resolve_region(name)
        except CatalogError:
            names[name] = None
    named = frame.with_columns(
        pl.col("省份").replace_strict(names, default=None, return_dtype=pl.Utf8).alias("_named")
    )
    wrong = named.filter(
        pl.col("_named").is_null() | (pl.col("_named") != pl.col("省辖市代码").str.slice(0, 6))
    )
    problems += [
        Problem(
            path,
            line,
            2,
            f"province `{name}` is not the province of code `{code}`"
            + (f" (it is {named_code})" if named_code else " (not in regions.csv)"),
            "the name and the code must name the same province; re-copy the panel",
        )
        for line, name, code, named_code in wrong.select("line", "省份", "省辖市代码", "_named")
        .head(20)
        .rows()
    ]
    if problems:
        raise DataValidationError(sorted(problems, key=lambda p: (p.line, str(p.column))))


def read_portal_panel(path: Path, capture: Path | None = None) -> pl.DataFrame:
    """Read a portal panel CSV into long form, checked cell by cell against its JSON capture.

    Parameters
    ----------
    path
        A ``*_面板数据.csv`` panel.
    capture
        Its ``*_原始抓取.csv``; by default the file of the same table in the sibling
        ``raw_json_captures`` folder.

    Returns
    -------
    polars.DataFrame
        ``name, unit, region`` (6-digit code), ``period, value, vintage`` (``nbs_portal``),
        ``source`` (portal table, cid, repository and commit), and ``line, column`` in the file.

    Raises
    ------
    DataValidationError
        A header not ``名称 (单位)``, a value that is not a finite number, or a value that differs
        from the capture, located as ``file:line:column``.

    Examples
    --------
    >>> p = PORTAL_DIR / "panels" / "分省电信主要通行能力_多年期_面板数据.csv"
    >>> obs = read_portal_panel(p)
    >>> obs.filter((pl.col("region") == "120000") & (pl.col("period") == "2020")
    ...            & (pl.col("name") == "光缆线路长度"))["value"].item()
    376891.73
    """
    table = _table_for(path)
    if capture is None:
        capture = (
            path.parent.parent / "raw_json_captures" / path.name.replace("面板数据", "原始抓取")
        )
    require_input(path)
    text = read_utf8(path)
    frame = pl.read_csv(io.BytesIO(text.encode("utf-8")), infer_schema=False).with_row_index(
        "line", offset=2
    )
    _check_rows(path, frame)
    obs = _long(path, frame, table).with_columns(
        pl.col("text").str.strip_chars().cast(pl.Float64, strict=False).alias("value"),
        pl.col("code").str.slice(0, 6).alias("region"),
        pl.lit("nbs_portal").alias("vintage"),
        pl.lit(table.source).alias("source"),
        pl.col("line").cast(pl.Int64),
    )
    _check(path, obs, read_capture(capture))
    return obs.select(
        "name", "unit", "region", "period", "value", "vintage", "source", "line", "column"
    )


PORTAL_INDICATORS: dict[str, str] = {
    "互联网宽带接入用户 (万户)": "nbs_broadband_users",
    "互联网宽带接入端口 (万个)": "nbs_broadband_ports",
    "移动互联网用户 (万户)": "nbs_mobile_internet_users",
    "移动互联网接入流量 (万GB)": "nbs_mobile_internet_traffic",
    "光缆线路长度 (公里)": "nbs_optical_cable",
    "软件业务收入 (万元)": "nbs_software_revenue",
    "电子商务销售额 (亿元)": "nbs_ecommerce_sales",
    "有电子商务交易活动的企业数比重 (%)": "nbs_ecommerce_firm_share",
}
"""Portal column header → catalog id (``data/catalog/indicators_portal.yaml``; same units)."""


def portal_files(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """Panels added with ``analytics data add``, by path under ``data/raw/nbs_portal``.

    Each entry of ``data/catalog/portal_files.yaml`` names the panel, its raw JSON capture, the
    portal table, the date added, both files' sha256, the vintage, and the columns mapped by
    close match (beyond :data:`PORTAL_INDICATORS`). The shipped panels have no entry.

    Parameters
    ----------
    path
        The YAML file; default ``data/catalog/portal_files.yaml``. Absent: no entries.

    Returns
    -------
    dict[str, dict]
        Each entry by its ``panel`` (the path under ``data/raw/nbs_portal``).

    Examples
    --------
    >>> isinstance(portal_files(), dict)
    True
    """
    path = path or catalog_dir() / "portal_files.yaml"
    if not path.exists():
        return {}
    entries = load_yaml(path) or []
    return {str(entry["panel"]): entry for entry in entries}


def _check_sha(path: Path, recorded: str, added: str) -> None:
    require_input(path)
    found = hashlib.sha256(path.read_bytes()).hexdigest()
    if found != recorded:
        raise DataValidationError(
            [
                Problem(
                    path,
                    0,
                    0,
                    f"sha256 {found[:16]}… is not the {recorded[:16]}… recorded "
                    f"when the file was added on {added}",
                    "raw files are never edited: restore the file, or add the new one with "
                    "`analytics data add`",
                )
            ]
        )


def _source(path: Path, table: PortalTable, entry: dict[str, Any] | None) -> str:
    if entry is None:
        return table.source
    return (
        f"NBS 分省年度数据 {table.title} (cid {table.cid}); file {path.name} added "
        f"{entry['added']} with `analytics data add` (sha256 {entry['sha256']})"
    )


def portal_observations(folder: Path) -> tuple[pl.DataFrame, list[dict[str, str]]]:
    """The catalogued portal columns of every panel in ``folder`` as store observations.

    Panels added with ``analytics data add`` (:func:`portal_files`) bring their own capture,
    vintage and column mapping.

    Parameters
    ----------
    folder
        The portal folder (``data/raw/nbs_portal``): panels are the ``*_面板数据.csv`` files
        under its ``panels/``.

    Returns
    -------
    tuple[polars.DataFrame, list[dict[str, str]]]
        Observations (measure ``level``, vintage ``nbs_portal`` unless the entry names one) and
        one source entry per panel; an empty frame when there are no panels.

    Raises
    ------
    DataValidationError
        When a panel names no known table, a file's sha256 differs from the one recorded, a cell
        disagrees with its capture, or a value is refused.

    Examples
    --------
    >>> obs, sources = portal_observations(PORTAL_DIR)
    >>> obs.filter((pl.col("indicator") == "nbs_software_revenue") & (pl.col("region") == "120000")
    ...            & (pl.col("period") == "2024"))["value"].item()
    34541410.9
    >>> len(sources)
    4
    """
    frames, sources = [], []
    added = portal_files()
    for path in sorted((folder / "panels").rglob("*_面板数据.csv")):
        rel = path.relative_to(folder).as_posix()
        entry = added.get(rel)
        table = _table_for(path)
        capture = folder / entry["capture"] if entry else None
        if entry is not None:
            _check_sha(path, entry["sha256"], entry["added"])
            _check_sha(folder / entry["capture"], entry["capture_sha256"], entry["added"])
        obs = read_portal_panel(path, capture)
        columns = {**PORTAL_INDICATORS, **(dict(entry.get("columns") or {}) if entry else {})}
        header = pl.concat_str(pl.col("name"), pl.lit(" ("), pl.col("unit"), pl.lit(")"))
        source_id = f"nbs_portal/{rel.removeprefix('panels/')}"
        mapped = (
            obs.with_columns(header.replace_strict(columns, default=None).alias("indicator"))
            .filter(pl.col("indicator").is_not_null())
            .with_columns(
                pl.lit("level").alias("measure"),
                pl.lit("ok").alias("status"),
                pl.lit(entry.get("vintage", "nbs_portal") if entry else "nbs_portal").alias(
                    "vintage"
                ),
                pl.lit(source_id).alias("source"),
            )
        )
        problems = validate_values(mapped, file=path, line="line", column="column")
        if problems:
            raise DataValidationError(problems)
        frames.append(mapped)
        sources.append(
            {
                "id": source_id,
                "kind": "nbs_portal",
                "title": _source(path, table, entry),
                "where": f"data/raw/nbs_portal/{rel}",
                "quote": "",
                "publisher": "国家统计局 (National Bureau of Statistics of China)",
                "sha256": entry["sha256"] if entry else "",
            }
        )
    return (pl.concat(frames) if frames else pl.DataFrame()), sources
