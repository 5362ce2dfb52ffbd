"""What a file under ``data/`` is, told by where it lives (not by what its first line looks like).

``data check data/`` used to sniff every file's first line, so the research workbooks were read as
the panel and the catalog's own YAML as plans. Under the project's ``data/`` a file's place says
which reader checks it; a file no reader knows is *skipped* with the reason, never silently.

Examples
--------
>>> from analytics.config import data_dir
>>> place(data_dir() / "raw" / "research" / "original_data.xlsx", data_dir())
('research:original', '')
>>> place(data_dir() / "README.md", data_dir())
('skip', 'not a data file (documentation)')
>>> place(Path("/elsewhere/x.csv"), data_dir())
('sniff', '')
>>> place(data_dir().parent / "reports" / "schedule.yaml", data_dir())
('schedule', '')
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["place", "yaml_kind"]

_EXACT: dict[str, str] = {
    "raw/rd_techme/rd_china_st_yearbook_long.csv": "rd",
    "raw/research/panel_data.xlsx": "research:panel",
    "raw/research/original_data.xlsx": "research:original",
    "raw/research/interpolation_processing.xlsx": "research:interpolated",
    "reference/figures.csv": "figures",
    "catalog/releases.yaml": "releases",
    "catalog/classification/gbt4754_2017.csv": "gbt4754",
    "catalog/classification/nbs_digital_economy_2021_partial.csv": "de_taxonomy",
    "catalog/peers.yaml": "peers",
    # the files that say how to read the others: checked first, by check_inputs
    "catalog/regions.csv": "input",
    "catalog/bounds.yaml": "input",
    "catalog/nbs_files.yaml": "input",
    "catalog/portal_files.yaml": "input",
    "catalog/figures_files.yaml": "input",
    "reference/figures_map.csv": "input",
    "reference/plan_targets.csv": "input",
}
_FOLDERS: tuple[tuple[str, str, str], ...] = (
    # (folder, suffixes, kind)
    ("raw/nbs/", ".csv", "nbs"),
    ("raw/nbs_monthly/", ".csv", "nbs_monthly"),
    ("raw/nbs_portal/panels/", ".csv", "portal"),
    ("raw/nbs_portal/raw_json_captures/", ".csv", "capture"),
    ("raw/figures/", ".csv", "figures"),
    ("catalog/plans/", ".yaml .yml", "plan"),
    ("catalog/frameworks/", ".yaml .yml", "framework"),
    ("catalog/classification/concordance", ".csv", "concordance"),
)
_PROJECT: dict[str, str] = {"reports/schedule.yaml": "schedule"}
"""Files of the project outside ``data/``, by their path under the project root."""
_SKIPPED: dict[str, str] = {
    "raw/research/indicator_system.xlsx": "the indicator definitions of the research panel "
    "(documentation, not data; see raw/research/PROVENANCE.md)",
}
_DOCS = {".md", ".txt", ""}


def place(path: Path, data: Path) -> tuple[str, str]:
    """``(kind, reason)`` of ``path`` by its place under ``data``; ``("sniff", "")`` elsewhere.

    ``kind`` is a reader's name, ``"skip"`` (with the reason) for a file no reader takes, or
    ``"sniff"`` for a file outside ``data`` (its first line decides). ``indicators*.yaml`` of the
    catalog are ``"catalog"``.
    """
    try:
        rel = path.resolve().relative_to(data.resolve()).as_posix()
    except (ValueError, OSError):
        return _outside(path, data), ""
    if rel.startswith("processed/"):
        return "skip", "the built store (rebuilt by `analytics data build`)"
    if rel in _EXACT:
        return _EXACT[rel], ""
    if rel in _SKIPPED:
        return "skip", _SKIPPED[rel]
    suffix = path.suffix.lower()
    for folder, suffixes, kind in _FOLDERS:
        if rel.startswith(folder) and suffix in suffixes.split():
            return kind, ""
    if rel.startswith("catalog/indicators") and suffix == ".yaml" and "/" not in rel[8:]:
        return "catalog", ""
    if suffix in _DOCS or path.name.upper().startswith("LICENSE"):
        return "skip", "not a data file (documentation)"
    return "skip", f"no reader takes a `{suffix}` file at data/{rel}"


def _outside(path: Path, data: Path) -> str:
    """The project's own file outside ``data`` (``reports/schedule.yaml``), else ``sniff``."""
    try:
        rel = path.resolve().relative_to(data.resolve().parent).as_posix()
    except (ValueError, OSError):
        return "sniff"
    return _PROJECT.get(rel, "sniff")


def yaml_kind(data: object) -> str:
    """The kind of a YAML file found elsewhere, told by its shape (its place says nothing).

    A mapping with ``jobs`` is a schedule, one with ``files`` and ``names`` NBS export rules, one
    with ``nodes`` a framework, one with ``releases`` and ``as_of`` a release calendar, one with
    ``groups`` and ``max_peers`` peer groups, any other
    mapping a plan; a list of ``panel`` entries portal
    panels, any other list indicators.

    Examples
    --------
    >>> yaml_kind({"jobs": {}}), yaml_kind([{"id": "gdp"}]), yaml_kind({"id": "x", "areas": []})
    ('schedule', 'indicators', 'plan')
    """
    if isinstance(data, list):
        panels = data and all(isinstance(e, dict) and "panel" in e for e in data)
        return "portal_files" if panels else "indicators"
    if isinstance(data, dict):
        if "jobs" in data:
            return "schedule"
        if "files" in data and "names" in data:
            return "nbs_files"
        if "nodes" in data:
            return "framework"
        if "releases" in data and "as_of" in data:
            return "releases"
        if "groups" in data and "max_peers" in data:
            return "peers"
    return "plan"
