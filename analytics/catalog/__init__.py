"""The catalog: indicators (typed metadata from YAML), regions, plans and their targets.

Examples
--------
>>> from analytics.catalog import get_indicator, resolve_region
>>> get_indicator("gdp").unit, resolve_region("Tianjin")
('亿元', '120000')
"""

from __future__ import annotations

from analytics.catalog._indicators import (
    DOMAINS,
    MEASURE_UNITS,
    MEASURES,
    Indicator,
    Target,
    get_indicator,
    indicators,
)
from analytics.catalog._plan_load import get_plan, load_plan, plans, plans_for_region
from analytics.catalog._plans import (
    QUALITATIVE_TARGETS,
    Baseline,
    Evidence,
    Plan,
    PlanArea,
    PlanIndicator,
    PlanSource,
)
from analytics.catalog._regions import CHINA, region_name, regions, resolve_region

__all__ = [
    "CHINA",
    "DOMAINS",
    "MEASURES",
    "MEASURE_UNITS",
    "QUALITATIVE_TARGETS",
    "Baseline",
    "Evidence",
    "Indicator",
    "Plan",
    "PlanArea",
    "PlanIndicator",
    "PlanSource",
    "Target",
    "get_indicator",
    "get_plan",
    "indicators",
    "load_plan",
    "plans",
    "plans_for_region",
    "region_name",
    "regions",
    "resolve_region",
]
