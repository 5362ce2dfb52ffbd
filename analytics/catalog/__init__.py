"""The catalog: indicators (typed metadata from YAML), regions, plan targets.

Examples
--------
>>> from analytics.catalog import get_indicator, resolve_region
>>> get_indicator("gdp").unit, resolve_region("Tianjin")
('亿元', '120000')
"""

from __future__ import annotations

from analytics.catalog._indicators import (
    MEASURE_UNITS,
    Indicator,
    Target,
    get_indicator,
    indicators,
)
from analytics.catalog._peers import PeerConfig, PeerGroup, peer_config, peers_of
from analytics.catalog._plan_check import load_plan
from analytics.catalog._plans import (
    Plan,
    PlanArea,
    PlanContext,
    PlanEvidence,
    PlanIndicator,
    PlanValue,
    plan_ids,
    plans_for,
)
from analytics.catalog._regions import CHINA, region_name, regions, resolve_region
from analytics.catalog._vocab import DOMAINS, MEASURES
from analytics.catalog.releases import Release, ReleaseCalendar, load_releases

__all__ = [
    "CHINA",
    "DOMAINS",
    "MEASURES",
    "MEASURE_UNITS",
    "Indicator",
    "PeerConfig",
    "PeerGroup",
    "Plan",
    "PlanArea",
    "PlanContext",
    "PlanEvidence",
    "PlanIndicator",
    "PlanValue",
    "Release",
    "ReleaseCalendar",
    "Target",
    "get_indicator",
    "indicators",
    "load_plan",
    "load_releases",
    "peer_config",
    "peers_of",
    "plan_ids",
    "plans_for",
    "region_name",
    "regions",
    "resolve_region",
]
