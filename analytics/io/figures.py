"""Importer for the published-figures table (``data/reference/figures.csv``).

One number per row, each with its source title, URL or repository path, and the quoted sentence.
``figures_map.csv`` beside it says which indicator texts become which catalog series (measure,
price basis, vintage); rows it does not map stay in the sources table only and are counted, never
silently dropped. Mixed units (万, 亿, 万亿, million) are converted to the catalog unit on import.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from analytics.catalog import get_indicator, resolve_region
from analytics.config import reference_dir
from analytics.exceptions import CatalogError, DataValidationError, Problem
from analytics.io._period_note import parse_period_note, period_problem, title_date
from analytics.io._safe import require_input
from analytics.io._schema import OBS_SCHEMA, conform
from analytics.io._text import Decoded, decode
from analytics.io.validate import read_utf8, validate_values

__all__ = ["AGGREGATES", "UNIT_CONVERSIONS", "FiguresImport", "parse_figures", "read_figures"]

UNIT_CONVERSIONS: dict[str, tuple[str, float]] = {
    "100 million CNY (亿元)": ("亿元", 1.0),
    "亿元": ("亿元", 1.0),
    "trillion CNY": ("亿元", 1e4),
    "trillion CNY (万亿元)": ("亿元", 1e4),
    "billion CNY": ("亿元", 10.0),
    "stations": ("个", 1.0),
    "10k stations (万个)": ("个", 1e4),
    "stations per 10k people": ("个/万人", 1.0),
    "%": ("%", 1.0),
    "100 million users (亿户)": ("万户", 1e4),
    "10k users (万户)": ("万户", 1.0),
    "million users": ("万户", 100.0),
    "CNY per person": ("元/人", 1.0),
}
"""Figure unit → (catalog unit, factor). A unit not listed here is an error, never a guess."""

AGGREGATES = frozenset({"Beijing-Tianjin-Hebei"})
"""Multi-province aggregates quoted in the sources; not regions of the catalog."""

COLUMNS = (
    "region",
    "indicator",
    "period",
    "value",
    "unit",
    "source_title",
    "source_url_or_repo_path",
    "quote",
)
_VALUE = re.compile(r"^(?P<op>>=|>|~|≈)?\s*(?P<num>-?\d+(?:\.\d+)?)$")


@dataclass
class FiguresImport:
    """Parsed figures: observations, one source record per row, problems, unmapped counts.

    Parameters
    ----------
    observations
        The mapped rows in the observation model (units converted to the catalog's).
    sources
        One sources-table record per row of the file (``id`` = ``reference/<file>:<line>``),
        mapped or not.
    problems
        Every located problem (``file:line:column``); default none.
    unmapped
        Rows kept as sources only, counted by reason (``not in figures_map.csv``, ``region is a
        multi-province aggregate``, …); default none.
    """

    observations: pl.DataFrame
    sources: pl.DataFrame
    problems: list[Problem] = field(default_factory=list)
    unmapped: dict[str, int] = field(default_factory=dict)


def _read_map(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    out: dict[tuple[str, str], dict[str, str]] = {}
    require_input(path)
    for row in csv.DictReader(io.StringIO(read_utf8(path), newline="")):
        for region in (row.get("regions") or "").split("|"):
            out[(row["indicator_text"], region)] = row
    return out


MAX_FIGURES_BYTES = 5 * 1024 * 1024
"""A figures table larger than this is refused (the shipped one is about 150 KB)."""


def too_large(path: Path) -> Problem | None:
    """A figures table over :data:`MAX_FIGURES_BYTES`, refused before it is read."""
    size = path.stat().st_size
    if size <= MAX_FIGURES_BYTES:
        return None
    limit = f"{MAX_FIGURES_BYTES / 2**20:.0f} MB"
    message = f"the table is {size / 2**20:.0f} MB, more than the {limit} a figures table may be"
    return Problem(
        path, 0, 0, message, "one row per figure: split the file, or is it the wrong one?"
    )


@dataclass
class _Reading:
    """What one pass over the rows collects (the file, its mapping, the reader's date)."""

    path: Path
    rel: str
    table: dict[tuple[str, str], dict[str, str]]
    today: dt.date
    problems: list[Problem] = field(default_factory=list)
    unmapped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        """Count a row that is kept as a source only."""
        self.unmapped[reason] = self.unmapped.get(reason, 0) + 1

    def refuse(self, line: int, col: int, message: str, hint: str) -> None:
        """Record a located problem with the row."""
        self.problems.append(Problem(self.path, line, col, message, hint))


def _failed(problem: Problem) -> FiguresImport:
    return FiguresImport(pl.DataFrame(schema=OBS_SCHEMA), _empty_sources(), [problem])


def _rows(path: Path) -> tuple[Any, int] | Problem:
    """The csv reader past a checked header, and the first data line; or why not."""
    big = too_large(path)
    if big is not None:
        return big
    decoded = decode(path)
    if isinstance(decoded, Problem):
        return decoded
    assert isinstance(decoded, Decoded)
    if not decoded.text.strip():
        return Problem(path, 1, 1, "the file is empty", f"expected columns {COLUMNS}")
    reader = csv.reader(io.StringIO(decoded.text, newline=""))
    header = next(reader)
    if tuple(h.strip() for h in header) != COLUMNS:
        return Problem(path, 1, 1, f"header is {header}", f"expected {list(COLUMNS)}")
    return reader, reader.line_num + 1


def parse_figures(
    path: Path, *, mapping: Path | None = None, today: dt.date | None = None, rel: str | None = None
) -> FiguresImport:
    """Parse a published-figures CSV; collect every problem (``file:line:column``).

    Parameters
    ----------
    path
        The figures table (columns :data:`COLUMNS`).
    mapping
        ``figures_map.csv``; by default the one beside ``path``, else data/reference's.
    today
        The reader's date: a figure measured or stated after it is refused.
    rel
        The name sources are recorded under (``reference/<file name>`` by default).

    Returns
    -------
    FiguresImport
        Observations, one source per row, problems and the counts of rows kept as sources only.

    Examples
    --------
    >>> from analytics.config import reference_dir
    >>> parse_figures(reference_dir() / "figures.csv").problems
    []
    """
    path = Path(path)
    if mapping is None:
        beside = path.with_name("figures_map.csv")
        mapping = beside if beside.exists() else reference_dir() / "figures_map.csv"
    opened = _rows(path)
    if isinstance(opened, Problem):
        return _failed(opened)
    reader, line = opened
    run = _Reading(
        path, rel or f"reference/{path.name}", _read_map(mapping), today or dt.date.today()
    )
    obs: list[dict[str, Any]] = []
    sources: list[dict[str, str]] = []
    for row in reader:
        start, line = line, reader.line_num + 1
        if len(row) != len(COLUMNS):
            run.refuse(
                start,
                min(len(row), len(COLUMNS)) + 1,
                f"row has {len(row)} fields, expected {len(COLUMNS)}",
                "quote fields that contain commas",
            )
            continue
        rec = dict(zip(COLUMNS, (c.strip() for c in row), strict=True))
        sources.append(_source(rec, f"{run.rel}:{start}"))
        record = _figure(rec, start, run)
        if record is not None:
            obs.append(record)
    schema = {**OBS_SCHEMA, "line": pl.Int64, "col": pl.Int64}
    frame = pl.DataFrame(obs, schema=schema) if obs else pl.DataFrame(schema=schema)
    problems = run.problems + validate_values(frame, file=path)
    frame = _dedupe(frame.drop("col"), path, problems)
    return FiguresImport(
        conform(frame),
        pl.DataFrame(sources, schema=_empty_sources().schema),
        problems,
        run.unmapped,
    )


def _source(rec: dict[str, str], sid: str) -> dict[str, str]:
    """The sources-table record of one row."""
    return {
        "id": sid,
        "kind": "published_figure",
        "title": rec["source_title"],
        "where": rec["source_url_or_repo_path"],
        "quote": rec["quote"],
        "publisher": "",
        "sha256": "",
    }


def _where_and_when(rec: dict[str, str], start: int, run: _Reading) -> tuple[str, Any] | None:
    """The row's region code and parsed period note, or None (counted or refused)."""
    if rec["region"] in AGGREGATES:
        run.skip("region is a multi-province aggregate")
        return None
    try:
        region = resolve_region(rec["region"])
    except CatalogError as err:
        run.refuse(start, 1, str(err), "use a name from regions.csv")
        return None
    bad = period_problem(rec["period"])
    if bad is not None:
        run.refuse(
            start,
            3,
            f"period `{rec['period']}`: {bad}",
            "write the period measured as YYYY or YYYY-MM (a note may follow in parentheses)",
        )
        return None
    note = parse_period_note(rec["period"])
    if note is None:
        run.skip("period not a year or month")
        return None
    return region, note


def _figure(rec: dict[str, str], start: int, run: _Reading) -> dict[str, Any] | None:
    """One row as an observation record, or None (counted as unmapped or refused, located)."""
    spec = run.table.get((rec["indicator"], "")) or run.table.get((rec["indicator"], rec["region"]))
    if spec is None or not spec["indicator"]:
        run.skip("excluded in figures_map.csv" if spec else "not in figures_map.csv")
        return None
    placed = _where_and_when(rec, start, run)
    if placed is None:
        return None
    region, note = placed
    published = note.published or title_date(rec["source_title"])
    when = _future(note.period, published, run.today)
    if when:
        run.refuse(
            start,
            3,
            f"period `{rec['period']}` {when} is in the future",
            f"expected dates up to {run.today.isoformat()}",
        )
        return None
    value = _parse_value(rec["value"], run.path, start, run.problems)
    if value is None:
        return None
    num, status, qualifier = value
    ind = get_indicator(spec["indicator"])
    measure = spec["measure"]
    expected_unit = ind.unit_for(measure)
    conv = UNIT_CONVERSIONS.get(rec["unit"])
    if conv is None or conv[0] != expected_unit:
        run.refuse(
            start,
            5,
            f"unit `{rec['unit']}` cannot be converted to `{expected_unit}` for `{ind.id}`",
            "add the unit to UNIT_CONVERSIONS or fix the row",
        )
        return None
    vintage = spec["vintage"]
    return {
        "indicator": ind.id,
        "region": region,
        "period": note.period,
        "period_basis": note.basis,
        "published": published,
        "value": num * conv[1],
        "unit": expected_unit,
        "measure": measure,
        "price_basis": spec["price_basis"],
        "status": "preliminary" if vintage == "preliminary" and status == "ok" else status,
        "vintage": vintage,
        "source": f"{run.rel}:{start}",
        "qualifier": qualifier,
        "line": start,
        "col": 4,
    }


def _future(period: str, published: dt.date | None, today: dt.date) -> str:
    """Which of the figure's dates is after ``today`` (empty when none is)."""
    if int(period[:4]) > today.year:
        return f"(measured {period})"
    if published is not None and published > today:
        return f"(published {published.isoformat()})"
    return ""


def _parse_value(
    text: str, path: Path, line: int, problems: list[Problem]
) -> tuple[float, str, str | None] | None:
    m = _VALUE.match(text.replace(" ", ""))
    if m:
        op = m["op"]
        status = {">": "lower_bound", ">=": "lower_bound", "~": "approximate", "≈": "approximate"}
        qualifier = {">": ">", ">=": "≥", "~": "≈", "≈": "≈"}.get(op or "")
        return float(m["num"]), status.get(op or "", "ok"), qualifier
    if re.search(r"[０-９]", text):
        problems.append(
            Problem(path, line, 4, f"`{text}` has full-width digits", "use ASCII digits")
        )
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
        problems.append(
            Problem(
                path,
                line,
                4,
                f"`{text}` has thousands separators",
                "write the number without commas",
            )
        )
    else:
        problems.append(
            Problem(
                path,
                line,
                4,
                f"`{text}` is not a number",
                "expected a number, optionally prefixed by >, >= or ~",
            )
        )
    return None


def _dedupe(frame: pl.DataFrame, path: Path, problems: list[Problem]) -> pl.DataFrame:
    """The same figure quoted by two sources is kept once; two different values are an error."""
    key = ["indicator", "region", "period", "measure", "vintage"]
    clash = (
        frame.group_by(key)
        .agg(pl.col("value").n_unique().alias("n"), pl.col("line"), pl.col("value"))
        .filter(pl.col("n") > 1)
    )
    for row in clash.iter_rows(named=True):
        lines = ", ".join(str(x) for x in row["line"])
        problems.append(
            Problem(
                path,
                row["line"][-1],
                4,
                f"`{row['indicator']}` {row['region']} {row['period']} has different "
                f"values {row['value']} in one vintage (lines {lines})",
                "label each vintage in figures_map.csv",
            )
        )
    return frame.sort("line").unique(subset=key, keep="first", maintain_order=True).drop("line")


def _empty_sources() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            k: pl.Utf8 for k in ("id", "kind", "title", "where", "quote", "publisher", "sha256")
        }
    )


def read_figures(path: Path | str, *, mapping: Path | None = None) -> pl.DataFrame:
    """Read published figures into the observation model; raise on any problem.

    Parameters
    ----------
    path
        The figures table (columns :data:`COLUMNS`).
    mapping
        ``figures_map.csv``; by default the one beside ``path``, else data/reference's.

    Returns
    -------
    polars.DataFrame
        The observations of :func:`parse_figures`.

    Raises
    ------
    DataValidationError
        With every problem :func:`parse_figures` found.

    Examples
    --------
    >>> from analytics.config import reference_dir
    >>> obs = read_figures(reference_dir() / "figures.csv")
    >>> cn = obs.filter(pl.col("indicator") == "fiveg_base_stations", pl.col("region") == "000000")
    >>> cn.filter(pl.col("period") == "2022")["value"].item()
    2312000.0
    """
    parsed = parse_figures(Path(path), mapping=mapping)
    if parsed.problems:
        raise DataValidationError(parsed.problems)
    return parsed.observations
