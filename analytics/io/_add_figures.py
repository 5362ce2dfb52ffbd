"""Published-figures tables added with ``analytics data add`` (``data/raw/figures``).

A figures table has the columns of ``data/reference/figures.csv`` (one number per row with its
source title, URL and quote). Its indicator texts map through ``figures_map.csv`` only: English
texts that merely look alike are often other series ("… growth (H1)" is not the annual growth),
so an unknown text is refused with the closest mapped text as a hint, never guessed.
``data/catalog/figures_files.yaml`` records each added table (file, date added, sha256, and a
vintage suffix when the table revised stored figures); the store build reads them all.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
from pathlib import Path
from typing import Any

import polars as pl

from analytics._yaml import load_yaml
from analytics.config import catalog_dir, reference_dir
from analytics.exceptions import Problem
from analytics.io._add_map import ColumnMap
from analytics.io._safe import check_input
from analytics.io._schema import OBS_SCHEMA
from analytics.io._text import Decoded, decode
from analytics.io.figures import COLUMNS, FiguresImport, _empty_sources, _read_map, parse_figures

__all__ = ["added_figures", "figures_files", "map_figures"]


def map_figures(path: Path) -> tuple[list[ColumnMap], list[Problem]]:
    """Each distinct indicator text of a figures table and its ``figures_map.csv`` mapping.

    Examples
    --------
    >>> cols, problems = map_figures(reference_dir() / "figures.csv")
    >>> [(c.label, c.indicator) for c in cols if c.label == "GDP"], len(problems) > 0
    ([('GDP', 'gdp')], True)
    """
    table = _read_map(reference_dir() / "figures_map.csv")
    mapped = sorted({text for (text, _), spec in table.items() if spec["indicator"]})
    decoded = decode(path)
    assert isinstance(decoded, Decoded)
    columns: list[ColumnMap] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    reader = csv.reader(io.StringIO(decoded.text, newline=""))
    next(reader)
    line = reader.line_num + 1
    for cells in reader:
        start, line = line, reader.line_num + 1
        row = dict(zip(COLUMNS, cells, strict=False))
        text = (row.get("indicator") or "").strip()
        if text in seen:
            continue
        seen.add(text)
        spec = table.get((text, "")) or table.get((text, (row.get("region") or "").strip()))
        if spec is None:
            close = difflib.get_close_matches(text, mapped, n=1, cutoff=0.6)
            hint = f"closest mapped text: `{close[0]}`; " if close else ""
            problems.append(
                Problem(
                    path,
                    start,
                    2,
                    f"cannot map indicator `{text}`: not in figures_map.csv",
                    hint + "add a row for it to data/reference/figures_map.csv (or one with an "
                    "empty indicator to keep it in the sources table only)",
                )
            )
        elif not spec["indicator"]:
            columns.append(ColumnMap(text, start, 2, None, "", None, "left out: excluded in map"))
        else:
            how = "figures_map.csv"
            columns.append(ColumnMap(text, start, 2, spec["indicator"], spec["measure"], None, how))
    return columns, problems


def figures_files(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """Figures tables added with ``analytics data add``, by path under ``data/raw/figures``.

    Examples
    --------
    >>> isinstance(figures_files(), dict)
    True
    """
    path = path or catalog_dir() / "figures_files.yaml"
    if not path.exists():
        return {}
    return {str(e["file"]): e for e in load_yaml(path) or []}


def added_figures(data: Path) -> FiguresImport:
    """Every table in ``data/raw/figures`` parsed as the store build needs it.

    A file whose sha256 differs from the one recorded when it was added is a problem; a table
    that revised stored figures gets its vintage suffix (``published@2026-11-28``).

    Examples
    --------
    >>> from analytics.config import data_dir
    >>> added_figures(data_dir()).observations.height >= 0
    True
    """
    folder = data / "raw" / "figures"
    entries = figures_files()
    frames, sources, problems = [], [], []
    unmapped: dict[str, int] = {}
    for path in sorted(folder.rglob("*.csv")) if folder.exists() else []:
        rel = path.relative_to(folder).as_posix()
        entry = entries.get(rel, {})
        refused = check_input(path)  # a link or a pipe under data/raw is never opened
        if refused is not None:
            problems.append(refused)
            continue
        found = hashlib.sha256(path.read_bytes()).hexdigest()
        if entry.get("sha256") and entry["sha256"] != found:
            problems.append(
                Problem(
                    path,
                    0,
                    0,
                    f"sha256 {found[:16]}… is not the {entry['sha256'][:16]}… "
                    f"recorded when the file was added on {entry.get('added', '?')}",
                    "raw files are never edited: restore the file, or add the new one with "
                    "`analytics data add`",
                )
            )
        parsed = parse_figures(
            path, mapping=reference_dir() / "figures_map.csv", rel=f"raw/figures/{rel}"
        )
        suffix = str(entry.get("vintage_suffix", ""))
        frames.append(
            parsed.observations.with_columns(pl.col("vintage") + pl.lit(suffix))
            if suffix
            else parsed.observations
        )
        sources.append(parsed.sources)
        problems += parsed.problems
        for reason, n in parsed.unmapped.items():
            unmapped[reason] = unmapped.get(reason, 0) + n
    if not frames:
        return FiguresImport(pl.DataFrame(schema=OBS_SCHEMA), _empty_sources(), [], {})
    return FiguresImport(pl.concat(frames), pl.concat(sources), problems, unmapped)
