"""Importers, validation and the indicator store.

``read_*`` functions return eager frames in the observation model, ``scan_*`` lazy ones.

Examples
--------
>>> from analytics.io import read_series
>>> read_series("gdp", regions="120000").filter(pl.col("period") == "2023")["value"].item()
17211.8
"""

from __future__ import annotations

import polars as pl

from analytics.io._schema import KEY, OBS_SCHEMA, STATUSES, VINTAGE_RANK
from analytics.io.add import AddPlan, apply_add, plan_add
from analytics.io.check import check_paths
from analytics.io.figures import read_figures
from analytics.io.nbs import read_nbs_export
from analytics.io.store import (
    BuildSummary,
    StoreNotBuiltError,
    build_store,
    latest_period,
    read_series,
    read_sources,
    scan_store,
    store_path,
)
from analytics.io.validate import (
    check_excel_archive,
    check_readable,
    format_value,
    unit_bounds,
    validate_values,
)

__all__ = [
    "KEY",
    "OBS_SCHEMA",
    "STATUSES",
    "VINTAGE_RANK",
    "AddPlan",
    "BuildSummary",
    "StoreNotBuiltError",
    "apply_add",
    "build_store",
    "check_excel_archive",
    "check_paths",
    "check_readable",
    "format_value",
    "latest_period",
    "plan_add",
    "read_figures",
    "read_nbs_export",
    "read_series",
    "read_sources",
    "scan_store",
    "store_path",
    "unit_bounds",
    "validate_values",
]

try:  # the research-panel reader (analytics.io.research)
    from analytics.io.research import read_research_panel

    __all__ += ["read_research_panel"]
except ImportError:  # pragma: no cover
    pass

_ = pl  # used by the module doctest
