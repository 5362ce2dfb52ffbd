"""The files builds and reports read: a preflight, and the one input-hash helper.

A report's inputs (:func:`report_inputs`) and their hashes (:func:`input_hashes`) are what both
the run's fingerprint (``analytics.runs.incremental``) and the page's provenance footer
(``analytics.reports``) list, so the two always name the same files with the same hashes.

Preflight of the files every build reads: present, regular, decodable and well-formed.

``analytics data build`` and ``data check`` call :func:`check_inputs` first, so a missing or broken
catalog or reference file ends in located problems (``file:line:column``, exit 2) instead of a
traceback from deep inside a reader, and nothing already stored is touched.

Examples
--------
>>> from analytics.config import data_dir
>>> check_inputs(data_dir())
[]
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import threading
from collections.abc import Iterable
from pathlib import Path

from analytics._yaml import read_yaml
from analytics.exceptions import DataValidationError, Problem
from analytics.io._safe import check_input
from analytics.io._text import Decoded, decode
from analytics.io.validate import unit_bounds

__all__ = [
    "COMMON_INPUTS",
    "CSV_COLUMNS",
    "REPORT_INPUTS",
    "check_csv",
    "check_inputs",
    "check_yaml",
    "hash_file",
    "input_hashes",
    "report_inputs",
]

COMMON_INPUTS: tuple[str, ...] = (
    "data/processed/observations.parquet",
    "data/processed/sources.parquet",
    "data/catalog/**/*",  # indicators and their targets, regions, classifications, plans/
)
"""Inputs of every report (globs from the project root): the store, the catalog and plans."""

REPORT_INPUTS: dict[str, tuple[str, ...]] = {
    "plan": ("data/catalog/plans/*.yaml", "data/reference/*.csv", "data/reference/*.txt"),
    "digital_economy": ("data/raw/research/panel_data.xlsx",),
}
"""What a report reads besides :data:`COMMON_INPUTS` (a report not named here: nothing)."""

_STORE = "data/processed/"
_CACHE: dict[tuple[str, int, int], str] = {}
_CACHE_LOCK = threading.Lock()

CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "catalog/regions.csv": ("code", "name_zh", "short_zh", "name_en", "variants"),
    "reference/figures_map.csv": (
        "indicator_text",
        "indicator",
        "measure",
        "price_basis",
        "vintage",
        "regions",
    ),
    "reference/plan_targets.csv": (
        "indicator_zh",
        "unit",
        "baseline_2020",
        "target_2025",
        "attribute",
        "quote",
        "source",
    ),
}
"""Required columns of each reference CSV (relative to ``data/``)."""


def _text(path: Path) -> str | Problem:
    problem = check_input(path)
    if problem is not None:
        return problem
    decoded = decode(path)
    if isinstance(decoded, Problem):
        return decoded
    assert isinstance(decoded, Decoded)
    if not decoded.text.strip():
        return Problem(path, 1, 1, "the file is empty", "restore it from git")
    return decoded.text


def check_yaml(path: Path, *, kind: type = dict, schema: str | None = None) -> list[Problem]:
    r"""Problems of a YAML file: missing, unreadable, not YAML (located), wrong top-level type.

    With ``schema`` (a name in :data:`analytics.catalog._schemas.SCHEMAS`) every way the file
    breaks that schema, located, instead of the top-level type.

    Parameters
    ----------
    path
        The YAML file (UTF-8, GBK or GB18030; a link, pipe or device is refused unopened).
    kind
        The type the top level must be (``dict`` by default, ``list`` for a list of entries);
        not checked when ``schema`` is given.
    schema
        The name of the schema to check the file against (``indicators``, ``plan``, …); default
        None.

    Returns
    -------
    list[Problem]
        Located problems; empty when the file is fine.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"; _ = p.write_text("a: [1\n")
    >>> print(check_yaml(p)[0])  # doctest: +ELLIPSIS
    /...x.yaml:2:1: not valid YAML: ...expected ',' or ']'... (...)
    """
    text = _text(path)
    if isinstance(text, Problem):
        return [text]
    hint = "fix the YAML syntax (or restore the file from git)"
    try:
        node, data = read_yaml(path, text)
    except DataValidationError as err:
        return [dataclasses.replace(p, hint=p.hint or hint) for p in err.problems]
    if schema is not None:
        from analytics.catalog._schema import schema_problems
        from analytics.catalog._schemas import SCHEMAS

        return schema_problems(path, node, data, SCHEMAS[schema])
    if not isinstance(data, kind):
        found = type(data).__name__
        return [Problem(path, 1, 1, f"top level is a {found}, expected a {kind.__name__}", hint)]
    return []


def check_csv(path: Path, *, columns: tuple[str, ...]) -> list[Problem]:
    r"""Problems of a CSV file: missing, undecodable, required columns absent, ragged rows.

    Parameters
    ----------
    path
        The CSV file (UTF-8, GBK or GB18030).
    columns
        Names the header must hold (any order, others allowed), as :data:`CSV_COLUMNS` lists
        them.

    Returns
    -------
    list[Problem]
        Located problems: one for a header that lacks columns (then rows are not checked), or
        one per row whose field count differs from the header's; empty when the file is fine.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.csv"; _ = p.write_text("code,name\n1,a,b\n")
    >>> [str(x).split(": ", 1)[1] for x in check_csv(p, columns=("code", "name"))]
    ['row has 3 fields, the header has 2 (quote fields that contain commas)']
    """
    text = _text(path)
    if isinstance(text, Problem):
        return [text]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
        missing = [c for c in columns if c not in header]
        if missing:
            return [
                Problem(
                    path,
                    1,
                    len(header) + 1,
                    f"header lacks {missing}",
                    f"expected columns {list(columns)}",
                )
            ]
        problems: list[Problem] = []
        start = reader.line_num + 1
        for row in reader:
            if row and len(row) != len(header):
                problems.append(
                    Problem(
                        path,
                        start,
                        min(len(row), len(header)) + 1,
                        f"row has {len(row)} fields, the header has {len(header)}",
                        "quote fields that contain commas",
                    )
                )
            start = reader.line_num + 1
    except csv.Error as err:
        return [Problem(path, reader.line_num, 1, f"broken CSV: {err}", "check the quotes")]
    return problems


def _region_rows(path: Path) -> list[Problem]:
    """The region catalog's rows against their schema (codes of six digits, given once)."""
    from analytics.catalog._schema import row_problems
    from analytics.catalog._schemas import SCHEMAS

    text = _text(path)
    if isinstance(text, Problem):
        return [text]
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    rows, lines = [], []
    for row in reader:
        rows.append({k: v for k, v in row.items() if k is not None})
        lines.append(reader.line_num)
    return row_problems(path, rows, lines, SCHEMAS["regions"])


def check_inputs(data: Path) -> list[Problem]:
    """Every problem of the catalog and reference files a build reads under ``data``.

    Raw data files are checked by their importers; this covers the files that say how to read
    them (indicators, regions, bounds, NBS file rules, figure mapping, plan targets).

    Parameters
    ----------
    data
        The project's data folder (``catalog`` and ``reference`` under it).

    Returns
    -------
    list[Problem]
        Every problem found, located; empty when a build may go ahead.
    """
    problems: list[Problem] = []
    catalog = data / "catalog"
    for path in sorted(catalog.glob("indicators*.yaml")) or [catalog / "indicators.yaml"]:
        problems += check_yaml(path, schema="indicators")
    problems += check_yaml(catalog / "nbs_files.yaml", schema="nbs_files")
    for name, schema in (("portal_files.yaml", "portal_files"), ("figures_files.yaml", None)):
        added = catalog / name  # written by `analytics data add`
        if added.exists():
            problems += check_yaml(added, kind=list, schema=schema)
    for rel, columns in CSV_COLUMNS.items():
        problems += check_csv(data / rel, columns=columns)
    if not problems:
        problems += _region_rows(data / "catalog" / "regions.csv")
    figures = data / "reference" / "figures.csv"
    problem = check_input(figures)
    if problem is not None:
        problems.append(problem)
    bounds = data / "catalog" / "bounds.yaml"
    try:
        unit_bounds(bounds)
    except DataValidationError as err:
        problems += err.problems
    return problems


def report_inputs(report: str) -> tuple[str, ...]:
    """The glob patterns (from the project root) of the files ``report`` reads.

    Parameters
    ----------
    report
        A report name (``fiveg``, ``plan``, …).

    Returns
    -------
    tuple of str
        :data:`COMMON_INPUTS`, then the report's own (:data:`REPORT_INPUTS`).

    Examples
    --------
    >>> report_inputs("digital_economy")[-1]
    'data/raw/research/panel_data.xlsx'
    >>> report_inputs("fiveg") == COMMON_INPUTS
    True
    """
    return (*COMMON_INPUTS, *REPORT_INPUTS.get(report, ()))


def hash_file(path: Path) -> str:
    """SHA-256 of a file's bytes, cached by (path, size, modification time) within the process.

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    str
        The hex digest.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = p.write_bytes(b"abc")
    >>> hash_file(p)[:12]
    'ba7816bf8f01'
    """
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    with _CACHE_LOCK:
        if key in _CACHE:
            return _CACHE[key]
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    digest = h.hexdigest()
    with _CACHE_LOCK:
        _CACHE[key] = digest
    return digest


def _pattern_root(pattern: str, root: Path, data_dir: Path | None) -> tuple[Path, str]:
    """Where ``pattern`` is globbed: the store's patterns under ``data_dir`` when one is given."""
    if data_dir is not None and pattern.startswith(_STORE):
        return Path(data_dir) / "processed", pattern[len(_STORE) :]
    return root, pattern


def _key(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:  # a store outside the project (``data_dir``): its full path
        return path.resolve().as_posix()


def input_hashes(
    patterns: Iterable[str], *, root: Path, data_dir: Path | None = None
) -> dict[str, str]:
    """Hash every file matched by the glob patterns: the one input-hash helper.

    Parameters
    ----------
    patterns
        Globs relative to ``root`` (:func:`report_inputs` for a report).
    root
        The project root.
    data_dir
        A data folder whose ``processed/`` store replaces the project's (a report's
        ``data_dir`` parameter); None: the project's.

    Returns
    -------
    dict of str to str
        POSIX path relative to ``root`` (absolute outside it) → SHA-256; a pattern that matches
        nothing is kept as ``{pattern: "missing"}`` so that a file appearing later changes the
        fingerprint.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> _ = (root / "a.csv").write_text("1")
    >>> sorted(input_hashes(["*.csv", "none/*.xlsx"], root=root).items())[1]
    ('none/*.xlsx', 'missing')
    """
    out: dict[str, str] = {}
    for pattern in patterns:
        base, glob = _pattern_root(pattern, root, data_dir)
        matches = sorted(p for p in base.glob(glob) if p.is_file())
        if not matches:
            out[pattern] = "missing"
        for p in matches:
            out[_key(p, root)] = hash_file(p)
    return out
