"""``analytics data check``: validate files against the schema and the catalog.

Every problem is reported, not just the first, as ``file:line:column: message (hint)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from analytics.config import data_dir, raw_dir
from analytics.exceptions import DataValidationError, Problem
from analytics.io._text import Decoded, decode
from analytics.io.figures import COLUMNS, parse_figures
from analytics.io.inputs import check_inputs
from analytics.io.nbs import nbs_file_rules, parse_nbs_export
from analytics.io.validate import check_readable

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
    if first.startswith("省辖市代码,"):
        return "portal"
    if first.startswith("省份名称,省份代码,JSON数据"):
        return "capture"  # checked with its panel
    if first.strip().split(",")[: len(COLUMNS)] == list(COLUMNS):
        return "figures"
    if not decoded.text.strip():
        return "nbs"
    return Problem(
        path,
        1,
        1,
        f"unrecognised file `{first[:40]}`",
        "expected an NBS export (数据库：…), a portal panel (省辖市代码,…) or a published-figures "
        "table",
    )


def _check_portal(path: Path) -> list[Problem]:
    """A portal panel against its JSON capture (from ``portal_files.yaml``, else beside it)."""
    from analytics.io.portal import portal_files, read_portal_panel

    folder = raw_dir() / "nbs_portal"
    try:
        entry = portal_files().get(path.resolve().relative_to(folder.resolve()).as_posix())
    except ValueError:
        entry = None
    capture = (
        folder / entry["capture"]
        if entry
        else path.parent.parent / "raw_json_captures" / path.name.replace("面板数据", "原始抓取")
    )
    if not capture.is_file():
        hint = "keep the panel's capture in raw_json_captures/ beside panels/"
        return [Problem(path, 0, 0, f"no raw JSON capture at {capture}", hint)]
    try:
        read_portal_panel(path, capture)
    except DataValidationError as err:
        return err.problems
    return []


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
    >>> from analytics.config import data_dir, raw_dir
    >>> check_paths([raw_dir() / "nbs" / "分省年度数据2023.csv"])
    []
    """
    problems: list[Problem] = check_inputs(data_dir())
    if problems:
        return problems  # the files that say how to read the others come first
    nbs_root = raw_dir() / "nbs"
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.suffix.lower() in _DATA)
        else:
            files.append(p)
    rules = nbs_file_rules()["files"]
    for path in files:
        unreadable = check_readable(path)  # a FIFO would block the open: refuse before
        if unreadable is not None:
            problems.append(unreadable)
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
        elif kind == "portal":
            problems += _check_portal(path)
        elif kind == "capture":
            continue
        elif kind == "plan":
            problems += _check_plan(path)
        else:
            try:
                from analytics.io.research import read_research_panel

                read_research_panel(path)
            except DataValidationError as err:
                problems += err.problems
    return problems
