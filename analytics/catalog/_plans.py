"""Plans as data: typed plan, areas, indicators; frames for the scorecard.

A plan is one YAML file under ``data/catalog/plans/`` (see ``docs/scorecard.md``), validated on
load by :mod:`analytics.catalog._plan_load`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import polars as pl

PlanDirection = Literal["higher", "lower"]
#: Words a target may use instead of a number, and what the rule does with them.
QUALITATIVE_TARGETS: tuple[str, ...] = ("steady_increase", "full_coverage", "a_batch")
#: How a numeric target binds: ``reach`` (≥ for higher is better), ``at_least`` (以上, ≥),
#: ``more_than`` (超过, >).
BOUNDS: tuple[str, ...] = ("reach", "at_least", "more_than")
ATTRIBUTES: tuple[str, ...] = ("预期性", "约束性", "unknown")


@dataclass(frozen=True, slots=True)
class PlanSource:
    """A source a plan file cites: title plus a link and/or a file in ``data/``."""

    id: str
    title: str
    url: str | None = None
    file: str | None = None
    secondary: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class Evidence:
    """A dated, sourced sentence quoted from a data file."""

    date: str
    quote: str
    source: str


@dataclass(frozen=True, slots=True)
class Baseline:
    """A value the plan states for its starting year (the 13th-plan achievements)."""

    name_zh: str
    name_en: str
    value: float | None
    unit: str
    unit_en: str
    year: int
    source: str
    quote: str = ""


@dataclass(frozen=True, slots=True)
class PlanIndicator:
    """One target of a plan: baseline, target, attribute, and how it is measured."""

    id: str
    area: str
    name_zh: str
    name_en: str
    unit: str
    unit_en: str
    direction: PlanDirection
    target_year: int
    target_value: float | None
    target_kind: str
    bound: str
    target_text_zh: str
    target_text_en: str
    target_source: str
    attribute: str
    region: str
    scope: Literal["plan", "national"] = "plan"
    baseline_value: float | None = None
    baseline_year: int | None = None
    baseline_text_zh: str = ""
    baseline_text_en: str = ""
    baseline_source: str | None = None
    series: str | None = None
    measure: str = "level"
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanArea:
    """An area as the plan names it, with its targets and stated baselines."""

    id: str
    name_zh: str
    name_en: str
    indicators: tuple[PlanIndicator, ...] = ()
    baselines: tuple[Baseline, ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    """A development plan loaded from ``data/catalog/plans/<id>.yaml``.

    Examples
    --------
    >>> from analytics.catalog import get_plan
    >>> plan = get_plan("tianjin_smart_city_14th")
    >>> plan.number, plan.period, len(plan.indicators)
    ('津政办发〔2021〕52号', (2021, 2025), 11)
    """

    id: str
    title_zh: str
    title_en: str
    number: str
    date: str
    period: tuple[int, int]
    region: str
    source: str
    sources: dict[str, PlanSource]
    areas: tuple[PlanArea, ...]
    path: Path
    issued_by: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def indicators(self) -> tuple[PlanIndicator, ...]:
        """Every target, area by area, in the plan's order."""
        return tuple(i for a in self.areas for i in a.indicators)

    def title(self, lang: str = "zh") -> str:
        """The title in ``lang``."""
        return self.title_zh if lang == "zh" else self.title_en

    def targets_frame(self) -> pl.DataFrame:
        """One row per target, the input of :func:`analytics.stats.scorecard`.

        Examples
        --------
        >>> from analytics.catalog import get_plan
        >>> f = get_plan("tianjin_smart_city_14th").targets_frame()
        >>> f.filter(pl.col("indicator") == "fiveg_base_stations").select(
        ...     "baseline_value", "target_value", "target_year").row(0)
        (33000.0, 70000.0, 2025)
        """
        names = {a.id: (a.name_zh, a.name_en) for a in self.areas}
        rows = [
            {
                "plan": self.id,
                "area": i.area,
                "area_zh": names[i.area][0],
                "area_en": names[i.area][1],
                "indicator": i.id,
                "name_zh": i.name_zh,
                "name_en": i.name_en,
                "unit": i.unit,
                "unit_en": i.unit_en,
                "direction": i.direction,
                "scope": i.scope,
                "region": i.region,
                "attribute": i.attribute,
                "series": i.series,
                "measure": i.measure,
                "baseline_value": i.baseline_value,
                "baseline_year": i.baseline_year,
                "baseline_text_zh": i.baseline_text_zh,
                "baseline_text_en": i.baseline_text_en,
                "baseline_source": i.baseline_source,
                "target_value": i.target_value,
                "target_year": i.target_year,
                "target_kind": i.target_kind,
                "bound": i.bound,
                "target_text_zh": i.target_text_zh,
                "target_text_en": i.target_text_en,
                "target_source": i.target_source,
                "n_evidence": len(i.evidence),
                "start_year": self.period[0],
            }
            for i in self.indicators
        ]
        return pl.DataFrame(rows, schema=_TARGET_SCHEMA)

    def evidence_frame(self) -> pl.DataFrame:
        """One row per evidence entry: ``indicator``, ``date``, ``quote``, ``source``."""
        rows = [
            {"indicator": i.id, "date": e.date, "quote": e.quote, "source": e.source}
            for i in self.indicators
            for e in i.evidence
        ]
        return pl.DataFrame(
            rows, schema=dict.fromkeys(("indicator", "date", "quote", "source"), pl.String)
        )

    def baselines_frame(self) -> pl.DataFrame:
        """The baselines the plan states without a target we could find, by area."""
        rows = [
            {
                "area": a.id,
                "name_zh": b.name_zh,
                "name_en": b.name_en,
                "value": b.value,
                "unit": b.unit,
                "unit_en": b.unit_en,
                "year": b.year,
                "source": b.source,
                "quote": b.quote,
            }
            for a in self.areas
            for b in a.baselines
        ]
        schema = {
            "area": pl.String,
            "name_zh": pl.String,
            "name_en": pl.String,
            "value": pl.Float64,
            "unit": pl.String,
            "unit_en": pl.String,
            "year": pl.Int32,
            "source": pl.String,
            "quote": pl.String,
        }
        return pl.DataFrame(rows, schema=schema)


_S, _F, _I = pl.String, pl.Float64, pl.Int32
_TARGET_SCHEMA: dict[str, type[pl.DataType]] = {
    **dict.fromkeys(
        (
            "plan",
            "area",
            "area_zh",
            "area_en",
            "indicator",
            "name_zh",
            "name_en",
            "unit",
            "unit_en",
            "direction",
            "scope",
            "region",
            "attribute",
            "series",
            "measure",
        ),
        _S,
    ),
    "baseline_value": _F,
    "baseline_year": _I,
    "baseline_text_zh": _S,
    "baseline_text_en": _S,
    "baseline_source": _S,
    "target_value": _F,
    "target_year": _I,
    "target_kind": _S,
    "bound": _S,
    "target_text_zh": _S,
    "target_text_en": _S,
    "target_source": _S,
    "n_evidence": _I,
    "start_year": _I,
}
