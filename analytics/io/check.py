"""``analytics data check``: validate files against the schema and the catalog.

Every problem is reported, not just the first, as ``file:line:column: message (hint)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from analytics.config import raw_dir
from analytics.exceptions import DataValidationError, Problem
from analytics.io._text import Decoded, decode
from analytics.io.figures import COLUMNS, parse_figures
from analytics.io.nbs import nbs_file_rules, parse_nbs_export

__all__ = ["check_paths"]

_DATA = {".csv", ".xlsx", ".xls", ".yaml", ".yml"}


def _kind(path: Path) -> str | Problem:
    if path.suffix.lower() in (".xlsx", ".xls"):
        return "excel"
    if path.suffix.lower() in (".yaml", ".yml"):
        return "plan"
    decoded = decode(path)
    if isinstance(decoded, Problem):
        return "nbs"  # let the NBS parser report the encoding problem with its location
    assert isinstance(decoded, Decoded)
    first = decoded.text.lstrip("\ufeff").split("\n", 1)[0]
    if first.startswith("数据库："):
        return "nbs"
    if first.strip().split(",")[: len(COLUMNS)] == list(COLUMNS):
        return "figures"
    if not decoded.text.strip():
        return "nbs"
    return Problem(
        path,
        1,
        1,
        f"unrecognised file `{first[:40]}`",
        "expected an NBS export (数据库：…) or a published-figures table",
    )


def _check_plan(path: Path) -> list[Problem]:
    from analytics.catalog import load_plan

    try:
        load_plan(path)
    except DataValidationError as err:
        return err.problems
    return []


def check_paths(paths: Iterable[Path | str]) -> list[Problem]:
    """Validate each file (or every file under a folder) and return all problems found.

    Examples
    --------
    >>> from analytics.config import raw_dir
    >>> check_paths([raw_dir() / "nbs" / "分省年度数据2023.csv"])
    []
    """
    problems: list[Problem] = []
    nbs_root = raw_dir() / "nbs"
    files: list[Path] = []
    for p in map(Path, paths):
        files += sorted(f for f in p.rglob("*") if f.suffix.lower() in _DATA) if p.is_dir() else [p]
    rules = nbs_file_rules()["files"]
    for path in files:
        if not path.exists():
            problems.append(Problem(path, 0, 0, "no such file", "check the path"))
            continue
        kind = _kind(path)
        if isinstance(kind, Problem):
            problems.append(kind)
        elif kind == "nbs":
            try:
                rel = path.resolve().relative_to(nbs_root.resolve()).as_posix()
            except ValueError:
                rel = path.name
            rule = rules.get(rel, {})
            if "skip" in rule:
                continue
            problems += parse_nbs_export(path, rule=rule, relpath=rel).problems
        elif kind == "figures":
            problems += parse_figures(path).problems
        elif kind == "plan":
            problems += _check_plan(path)
        else:
            try:
                from analytics.io.research import read_research_panel

                read_research_panel(path)
            except DataValidationError as err:
                problems += err.problems
    return problems
