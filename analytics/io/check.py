"""``analytics data check``: validate files against the schema and the catalog.

Every problem is reported, not just the first, as ``file:line:column: message (hint)``. Under the
project's ``data/`` a file is checked by the reader its place names (:mod:`._check_place`), and a
file no reader takes is listed as skipped with the reason; elsewhere its first line decides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from analytics.config import data_dir, raw_dir
from analytics.exceptions import DataValidationError, Problem
from analytics.io._check_place import place, yaml_kind
from analytics.io._safe import check_input
from analytics.io._text import Decoded, decode
from analytics.io.figures import parse_figures
from analytics.io.formats import sniff_format
from analytics.io.inputs import check_inputs
from analytics.io.nbs import nbs_file_rules, parse_nbs_export

__all__ = ["CheckReport", "check_paths", "check_report"]

_DATA = {".csv", ".xlsx", ".xls", ".yaml", ".yml"}


_CHECKED_AS: dict[str, str] = {
    "nbs_export": "nbs",
    "portal_panel": "portal",
    "portal_capture": "capture",  # checked with its panel
    "figures": "figures",
    "nbs_monthly": "nbs_monthly",
}
"""The reader that checks each format of :data:`~analytics.io.formats.FORMATS`."""


def _kind(path: Path) -> str | Problem:
    if path.suffix.lower() in (".xlsx", ".xls"):
        return "excel"
    if path.suffix.lower() in (".yaml", ".yml"):
        return "yaml"
    decoded = decode(path)
    if isinstance(decoded, Problem):
        return "nbs"  # let the NBS parser report the encoding problem with its location
    assert isinstance(decoded, Decoded)
    if not decoded.text.strip():
        return "nbs"
    sniffed = sniff_format(path)
    if isinstance(sniffed, Problem):
        return sniffed
    return _CHECKED_AS.get(sniffed, sniffed)


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


Reader = Callable[[Path], list[Problem]]
"""A checker ``data check`` is given for a kind it cannot read itself (the schedule's, from
:mod:`analytics.runs`, which ``io`` does not import)."""


def _check_schema(path: Path, kind: str, readers: Mapping[str, Reader]) -> list[Problem]:
    """A catalog or schedule file against its schema, then by its reader where there is one."""
    from analytics._yaml import read_yaml
    from analytics.catalog._schema import schema_problems
    from analytics.catalog._schemas import SCHEMAS

    try:
        node, data = read_yaml(path)
    except DataValidationError as err:
        return err.problems
    kind = yaml_kind(data) if kind == "yaml" else kind
    if kind == "plan":
        return _check_plan(path)
    if kind == "releases":
        return _check_releases(path)
    if kind == "peers":
        return _check_peers(path)
    if kind in readers:
        return readers[kind](path)
    problems = schema_problems(path, node, data, SCHEMAS[kind])
    if kind == "framework" and not problems:
        return _check_catalog(path, kind)
    return problems


def _check_plan(path: Path) -> list[Problem]:
    from analytics.catalog import load_plan

    try:
        load_plan(path)
    except DataValidationError as err:
        return err.problems
    return []


def _check_peers(path: Path) -> list[Problem]:
    from analytics.catalog import peer_config

    return _raised(lambda: peer_config(path=path))


def _raised(read: Callable[[], object]) -> list[Problem]:
    try:
        read()
    except DataValidationError as err:
        return err.problems
    return []


def _check_nbs(path: Path) -> list[Problem]:
    nbs_root = raw_dir() / "nbs"
    try:
        rel = path.resolve().relative_to(nbs_root.resolve()).as_posix()
    except ValueError:
        rel = path.name
    rule = nbs_file_rules()["files"].get(rel, {})
    if "skip" in rule:
        return []
    return parse_nbs_export(path, rule=rule, relpath=rel).problems


def _check_research(path: Path, kind: str) -> list[Problem]:
    from analytics.io.research import read_research_panel

    which = kind.partition(":")[2] or "panel"
    return _raised(lambda: read_research_panel(path, kind=which))  # type: ignore[arg-type]


def _check_catalog(path: Path, kind: str) -> list[Problem]:
    """A catalog table read by the reader that uses it (indicators, frameworks, classifications)."""
    from analytics.catalog import indicators

    if kind == "catalog":
        return _raised(lambda: indicators(folder=path.parent))
    if kind == "framework":
        from analytics.index.framework import load_framework

        return _raised(lambda: load_framework(path, known_indicators=indicators()))
    from analytics.accounts.classification import read_de_taxonomy, read_gbt4754
    from analytics.accounts.concordance import read_concordance

    readers: dict[str, Callable[[], object]] = {
        "concordance": lambda: read_concordance(path),
        "gbt4754": lambda: read_gbt4754(path=path),
        "de_taxonomy": lambda: read_de_taxonomy(path=path),
    }
    return _raised(readers[kind])


def _check_releases(path: Path) -> list[Problem]:
    """The release calendar: its schema, then its own checks (dates, patterns)."""
    from analytics.catalog.releases import load_releases

    return _raised(lambda: load_releases(path))


def _check_rd(path: Path) -> list[Problem]:
    from analytics.io.rd import read_rd_intensity

    return _raised(lambda: read_rd_intensity(path))


def _check_one(path: Path, kind: str, readers: Mapping[str, Reader]) -> list[Problem]:
    if kind == "sniff":
        sniffed = _kind(path)
        if isinstance(sniffed, Problem):
            return [sniffed]
        kind = sniffed
    if kind in ("yaml", "schedule", "framework", "releases"):
        return _check_schema(path, kind, readers)
    if kind == "nbs":
        return _check_nbs(path)
    if kind == "nbs_monthly":
        from analytics.io.nbs_monthly import parse_nbs_monthly

        return parse_nbs_monthly(path).problems
    if kind == "figures":
        return parse_figures(path).problems
    if kind == "portal":
        return _check_portal(path)
    if kind == "plan":
        return _check_plan(path)
    if kind == "peers":
        return _check_peers(path)
    if kind == "rd":
        return _check_rd(path)
    if kind in ("catalog", "concordance", "gbt4754", "de_taxonomy"):
        return _check_catalog(path, kind)
    if kind.startswith("research") or kind == "excel":
        return _check_research(path, kind)
    return []  # "input" (checked by check_inputs first) and "capture" (checked with its panel)


@dataclass
class CheckReport:
    """What ``data check`` found: every problem, the files checked and those skipped (why).

    Parameters
    ----------
    problems
        Every problem found, located.
    checked
        The files read.
    skipped
        Files not read, with why.
    """

    problems: list[Problem] = field(default_factory=list)
    checked: list[Path] = field(default_factory=list)
    skipped: dict[Path, str] = field(default_factory=dict)


def _files(paths: Iterable[Path | str], report: CheckReport) -> list[tuple[Path, str]]:
    data = data_dir()
    out: list[tuple[Path, str]] = []
    for p in map(Path, paths):
        if p.is_dir() and not p.is_symlink():
            found = sorted(f for f in p.rglob("*") if f.is_symlink() or not f.is_dir())
        else:
            found = [p]
        for f in found:
            kind, reason = place(f, data)
            if kind == "sniff" and p.is_dir() and f.suffix.lower() not in _DATA:
                kind, reason = "skip", f"not a `{'`, `'.join(sorted(_DATA))}` file"
            if kind == "skip":
                report.skipped[f] = reason
            else:
                out.append((f, kind))
    return out


def check_report(
    paths: Iterable[Path | str], *, readers: Mapping[str, Reader] | None = None
) -> CheckReport:
    """Check each file (or every file under a folder); say what was checked and what skipped.

    A link, pipe, device or socket is refused before it is opened (one located problem).

    Parameters
    ----------
    paths
        Files or folders to check (a folder: every file its place names a reader for).
    readers
        Checkers for kinds read outside ``io`` (``{"schedule": …}``); without one, such a file
        is checked against its schema only.

    Examples
    --------
    >>> from analytics.config import data_dir
    >>> report = check_report([data_dir() / "raw" / "research"])
    >>> report.problems, len(report.checked), sorted(p.name for p in report.skipped)[:2]
    ([], 3, ['LICENSE', 'PROVENANCE.md'])
    """
    report = CheckReport(problems=check_inputs(data_dir()))
    if report.problems:
        return report  # the files that say how to read the others come first
    for path, kind in _files(paths, report):
        refused = check_input(path)  # a link or a FIFO is never opened
        if refused is not None:
            report.problems.append(refused)
            continue
        report.checked.append(path)
        report.problems += _check_one(path, kind, readers or {})
    return report


def check_paths(
    paths: Iterable[Path | str], *, readers: Mapping[str, Reader] | None = None
) -> list[Problem]:
    """Validate each file (or every file under a folder) and return all problems found.

    Parameters
    ----------
    paths
        Files or folders to check.
    readers
        Checkers for kinds read outside ``io``, as for :func:`check_report`.

    Returns
    -------
    list[Problem]
        Every problem found, located.

    Examples
    --------
    >>> from analytics.config import data_dir, raw_dir
    >>> check_paths([raw_dir() / "nbs" / "分省年度数据2023.csv"])
    []
    """
    return check_report(paths, readers=readers).problems
