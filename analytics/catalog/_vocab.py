"""The words the catalog files may use: measures, domains, directions, attributes, statuses.

Plain data, imported by the catalog's readers and by its JSON Schemas alike (so neither needs the
other).

Examples
--------
>>> "yoy_pct" in MEASURES, "industry" in DOMAINS, DIRECTIONS
(True, True, ('higher', 'lower'))
"""

from __future__ import annotations

__all__ = ["ATTRIBUTES", "DIRECTIONS", "DOMAINS", "MEASURES", "STATUS_WORDS"]

MEASURES: tuple[str, ...] = (
    "level",
    "ytd",
    "yoy_pct",
    "ytd_yoy_pct",
    "mom_pct",
    "share_pct",
    "index_prev_year_100",
    "per_10k",
)
DOMAINS: tuple[str, ...] = (
    "digital_infrastructure",
    "government_services",
    "city_governance",
    "smart_applications",
    "industry",
    "digital_economy",
    "population",
)
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
