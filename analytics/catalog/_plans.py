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

from analytics.catalog._vocab import ATTRIBUTES, DIRECTIONS, STATUS_WORDS
from analytics.config import catalog_dir
from analytics.exceptions import AnalyticsError, did_you_mean

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
    "plan_ids",
    "plans_for",
]


@dataclass(frozen=True)
class PlanValue:
    """A baseline or target: a number (with a bound qualifier) or words, its year and source.

    Parameters
    ----------
    year
        The year the value is for (a baseline) or is to be met by (a target).
    value
        The number in the indicator's unit; ``None`` for a goal given only in words.
    qualifier
        The bound the source states: ``>`` (超过), ``≥`` (以上), ``≈`` (约); ``None`` for an
        exact figure.
    text_zh, text_en
        The goal in words, for a value without a number; default empty.
    ref
        Where it is said: ``reference/<file>[:<line>]``, or the entry's ``url`` when it has no
        ``ref``.

    Examples
    --------
    >>> PlanValue(2025, 70000.0, "≥", ref="reference/plan_targets.csv:3").numeric
    True
    >>> PlanValue(2025, text_zh="稳步提升").numeric
    False
    """

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
    """A dated, sourced sentence that speaks to an indicator without a series.

    Parameters
    ----------
    date
        When the sentence was published: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (not in the
        future).
    text
        The sentence, as published.
    ref
        Where it is said: ``reference/<file>[:<line>]`` or a document.
    """

    date: str
    text: str
    ref: str


@dataclass(frozen=True)
class PlanIndicator:
    """One target of a plan (or a national goal that binds the region).

    Parameters
    ----------
    id
        A plain id, unique within the plan (``fiveg_base_stations``).
    area
        The id of one of the plan's :class:`PlanArea`.
    name_zh, name_en
        The indicator's names.
    unit, unit_en
        Its unit (``个``, ``%`` or ``qualitative``) in Chinese and English (``unit`` when the file
        gives no English one).
    direction
        ``higher`` or ``lower``: which way the plan wants it to move.
    attribute
        ``binding`` (约束性), ``expected`` (预期性) or ``not_given``.
    target
        The target, in the plan period.
    baseline
        The starting value, before the target's year; ``None`` when the plan gives none.
    series
        The store indicator id that measures it; ``None`` when no series does (the indicator
        is then followed through ``evidence``, if any).
    region
        The GB/T 2260 code the target is for when it is not the plan's own region (``000000``
        for a national goal), as written in the file; ``None``: the plan's region.
    evidence
        Dated, sourced sentences about its progress; default none.
    status
        A status the plan file states for an evidence-only indicator, one of
        :data:`STATUS_WORDS`; ``None`` otherwise.
    plan_zh, plan_en
        The plan that sets a national goal, when it is not this plan; default empty.
    milestones
        Interim numeric targets before ``target``'s year, in year order; default none.
    department
        The department in charge (Chinese name), only where a source names it; default empty.
    department_ref
        The source that names ``department``; default empty.
    """

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
    """An area of a plan (数字基础设施, 城市治理, …) that its indicators are grouped by.

    Parameters
    ----------
    id
        The area's id, unique within the plan (``digital_infrastructure``).
    name_zh, name_en
        Its names.

    Examples
    --------
    >>> PlanArea("digital_infrastructure", "数字基础设施", "Digital infrastructure").name("en")
    'Digital infrastructure'
    """

    id: str
    name_zh: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class PlanContext:
    """A figure the plan reports for its starting point, with no target attached.

    Parameters
    ----------
    area
        The id of one of the plan's :class:`PlanArea`.
    name_zh, name_en
        What the figure counts.
    value
        The figure, in ``unit``.
    unit, unit_en
        Its unit in Chinese and English (``芯公里``, ``core-km``).
    year
        The year the figure is for.
    ref
        Where it is said: ``reference/<file>[:<line>]`` or a document.
    quote
        The plan's sentence, verbatim; default empty.
    qualifier
        The bound the plan states: ``>`` (超过), ``≥`` (以上), ``≈`` (约); default ``None``.
    """

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
    """A plan: title, number, period, its areas, indicators, national goals and context.

    Parameters
    ----------
    id
        The plan's id, which is its file name without ``.yaml``.
    title_zh, title_en
        Its titles.
    number
        The document number (``津政办发〔2021〕52号``).
    date
        The date it was issued: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; empty when not given.
    start, end
        The first and last year of the plan period (inclusive); every target falls within.
    region
        The GB/T 2260 code of the first region it binds.
    source
        The plan document, as the file gives it: ``title``, ``url`` or ``ref``, and optionally
        ``label_zh``, ``label_en`` and ``secondary``.
    targets_source
        Where the targets were taken from when that is not ``source`` (same keys); may be empty.
    areas
        Its areas, in file order.
    indicators
        Its own targets.
    national
        National goals that bind the region; default none.
    context
        Figures it reports for its starting point; default none.
    path
        The YAML file it was loaded from.
    regions
        Every region it binds, as GB/T 2260 codes (``region`` first).

    Examples
    --------
    >>> from analytics.catalog import load_plan
    >>> p = load_plan("tianjin_smart_city_14th")
    >>> p.region, p.regions, (p.start, p.end)
    ('120000', ('120000',), (2021, 2025))
    """

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

    Parameters
    ----------
    folder
        The plans folder; default ``data/catalog/plans``.

    Returns
    -------
    list[str]
        Sorted; files are not read or validated.

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


def finite(value: object) -> bool:
    """A real, finite number (bools, NaN and infinity are not)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
