"""Statistics for official series: growth, cumulative releases, ratios, targets, forecasts.

Pure functions on polars frames in the observation model (``indicator``, ``region``,
``period``, ``value`` and carried-along columns); one call covers every region and indicator.
Nothing here reads files. Methods and conventions: ``docs/METHODS.md``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from analytics.stats._frames import DuplicatePeriodError, PeriodError
from analytics.stats.cumulative import check_cumulative_identity, single_to_ytd, ytd_to_single
from analytics.stats.growth import (
    cagr,
    compare_growth,
    mom,
    period_on_period,
    qoq,
    two_year_average,
    two_year_average_rate,
    yoy,
)
from analytics.stats.indices import chain_index, contribution, growth_from_index
from analytics.stats.periods import (
    Period,
    format_period,
    latest_period,
    parse_periods,
    period_end,
    period_start,
    within,
)
from analytics.stats.ratios import per_10k, per_capita, share_of_total
from analytics.stats.scorecard import FINAL_VERDICTS, PLAN_STATUSES, score_targets

if TYPE_CHECKING:  # imported on first use: they load scipy and statsmodels (seconds)
    from analytics.stats.forecast import (
        ForecastModel,
        ForecastResults,
        InsufficientDataError,
        Method,
    )
    from analytics.stats.forecast_panel import RegionForecasts, forecast_regions
    from analytics.stats.targets import (
        STATUSES,
        Status,
        TargetKind,
        classify_status,
        status_expr,
        target_table,
    )
    from analytics.stats.trend_select import TrendChoice, select_trend

_LAZY: dict[str, str] = {
    **dict.fromkeys(
        ("ForecastModel", "ForecastResults", "InsufficientDataError", "Method"), "forecast"
    ),
    **dict.fromkeys(("RegionForecasts", "forecast_regions"), "forecast_panel"),
    **dict.fromkeys(
        ("STATUSES", "Status", "TargetKind", "classify_status", "status_expr", "target_table"),
        "targets",
    ),
    **dict.fromkeys(("TrendChoice", "select_trend"), "trend_select"),
}

__all__ = [
    "FINAL_VERDICTS",
    "PLAN_STATUSES",
    "STATUSES",
    "DuplicatePeriodError",
    "ForecastModel",
    "ForecastResults",
    "InsufficientDataError",
    "Method",
    "Period",
    "PeriodError",
    "RegionForecasts",
    "Status",
    "TargetKind",
    "TrendChoice",
    "cagr",
    "chain_index",
    "check_cumulative_identity",
    "classify_status",
    "compare_growth",
    "contribution",
    "forecast_regions",
    "format_period",
    "growth_from_index",
    "latest_period",
    "mom",
    "parse_periods",
    "per_10k",
    "per_capita",
    "period_end",
    "period_on_period",
    "period_start",
    "qoq",
    "score_targets",
    "select_trend",
    "share_of_total",
    "single_to_ytd",
    "status_expr",
    "target_table",
    "two_year_average",
    "two_year_average_rate",
    "within",
    "yoy",
    "ytd_to_single",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'analytics.stats' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"analytics.stats.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
