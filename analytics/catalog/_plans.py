"""Plans as data: ``data/catalog/plans/<plan>.yaml`` loaded into typed objects, validated on load.

A plan names its areas, its indicators (unit, direction, 2020 baseline, target with its year and
attribute, the store series that measures it or dated evidence) and the context figures it
reports. Every problem is located as ``file:line:column`` with the value, what was expected and a
hint; a new plan is one YAML file and no code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analytics._yaml import read_yaml
from analytics.config import catalog_dir
from analytics.exceptions import AnalyticsError, DataValidationError, Problem, did_you_mean

__all__ = [
    "ATTRIBUTES",
    "DIRECTIONS",
    "STATUS_WORDS",
    "Plan",
    "PlanArea",
    "PlanContext",
    "PlanEvidence",
    "PlanIndicator",
    "PlanValue",
    "load_plan",
    "plan_ids",
    "plans_for",
]

DIRECTIONS = ("higher", "lower")
ATTRIBUTES = ("binding", "expected", "not_given")
"""约束性 (binding), 预期性 (expected), or not stated by the source."""
STATUS_WORDS = (
    "achieved",
    "on_track",
    "at_risk",
    "off_track",
    "not_measurable",
    "qualitative",
)
"""Statuses a plan file may state for an evidence-only indicator (the rules are in docs)."""


@dataclass(frozen=True)
class PlanValue:
    """A baseline or target: a number (with a bound qualifier) or words, its year and source."""

    year: int
    value: float | None = None
    qualifier: str | None = None
    text_zh: str = ""
    text_en: str = ""
    ref: str = ""

    @property
    def numeric(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class PlanEvidence:
    """A dated, sourced sentence that speaks to an indicator without a series."""

    date: str
    text: str
    ref: str


@dataclass(frozen=True)
class PlanIndicator:
    """One target of a plan (or a national goal that binds the region)."""

    id: str
    area: str
    name_zh: str
    name_en: str
    unit: str
    unit_en: str
    direction: str
    attribute: str
    target: PlanValue
    baseline: PlanValue | None = None
    series: str | None = None
    region: str | None = None
    evidence: tuple[PlanEvidence, ...] = ()
    status: str | None = None
    plan_zh: str = ""
    plan_en: str = ""
    milestones: tuple[PlanValue, ...] = ()
    """Interim targets (year, value, source) on the way to ``target``, in year order."""
    department: str = ""
    """The department in charge, only where a source names it (never guessed)."""
    department_ref: str = ""
    """The source that names ``department``."""

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class PlanArea:
    id: str
    name_zh: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class PlanContext:
    """A figure the plan reports for its starting point, with no target attached."""

    area: str
    name_zh: str
    name_en: str
    value: float
    unit: str
    unit_en: str
    year: int
    ref: str
    quote: str = ""
    qualifier: str | None = None


@dataclass(frozen=True)
class Plan:
    """A plan: title, number, period, its areas, indicators, national goals and context."""

    id: str
    title_zh: str
    title_en: str
    number: str
    date: str
    start: int
    end: int
    region: str
    source: dict[str, Any]
    targets_source: dict[str, Any]
    areas: tuple[PlanArea, ...]
    indicators: tuple[PlanIndicator, ...]
    national: tuple[PlanIndicator, ...] = ()
    context: tuple[PlanContext, ...] = ()
    path: Path = field(default=Path())
    regions: tuple[str, ...] = ()
    """Every region the plan binds (``region`` is the first)."""

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def area(self, area_id: str) -> PlanArea:
        return next(a for a in self.areas if a.id == area_id)


def plans_dir(root: Path | None = None) -> Path:
    """``data/catalog/plans``."""
    return (root or catalog_dir()) / "plans"


def plan_ids(folder: Path | None = None) -> list[str]:
    """The plans on file (their file names without ``.yaml``).

    Examples
    --------
    >>> "tianjin_smart_city_14th" in plan_ids()
    True
    """
    return sorted(p.stem for p in (folder or plans_dir()).glob("*.yaml"))


def plans_for(region: str, folder: Path | None = None) -> list[str]:
    """The plans on file that bind ``region`` (a GB/T 2260 code), by id.

    Parameters
    ----------
    region
        A GB/T 2260 code (``120000``).
    folder
        The plans folder (default ``data/catalog/plans``).

    Examples
    --------
    >>> plans_for("120000"), plans_for("440000")
    (['tianjin_smart_city_14th'], [])
    """
    import yaml as _yaml

    out = []
    for path in sorted((folder or plans_dir()).glob("*.yaml")):
        raw = _yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        bound = raw.get("region") if isinstance(raw, dict) else None
        codes = [str(r) for r in (bound if isinstance(bound, list) else [bound])]
        if region in codes:
            out.append(path.stem)
    return out


def _resolve(plan: str | Path) -> Path:
    path = Path(plan)
    if path.suffix in (".yaml", ".yml"):
        return path
    known = plan_ids()
    if str(plan) not in known:
        raise AnalyticsError(
            f"unknown plan `{plan}`{did_you_mean(str(plan), known)} "
            f"(plans on file: {', '.join(known) or 'none'}; "
            "add one as data/catalog/plans/<id>.yaml)"
        )
    return plans_dir() / f"{plan}.yaml"


def load_plan(plan: str | Path) -> Plan:
    """Load and validate a plan by id (``tianjin_smart_city_14th``) or file path.

    Raises
    ------
    DataValidationError
        Every problem located as ``file:line:column`` (unknown series, a target without a unit,
        a baseline after its target, a duplicated indicator, an unknown status word, …).

    Examples
    --------
    >>> p = load_plan("tianjin_smart_city_14th")
    >>> p.number, p.end, len(p.indicators)
    ('津政办发〔2021〕52号', 2025, 10)
    """
    from analytics.catalog._plan_check import parse_plan

    path = _resolve(plan)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise AnalyticsError(f"plan file {path} not found") from err
    except (OSError, UnicodeDecodeError) as err:
        raise DataValidationError(
            [Problem(path, 0, 0, f"cannot be read as UTF-8 text ({err})", "save it as UTF-8")]
        ) from err
    node, raw = read_yaml(path, text)  # bounded aliases, no duplicate keys
    return parse_plan(raw, node, path)


def finite(value: object) -> bool:
    """A real, finite number (bools, NaN and infinity are not)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
