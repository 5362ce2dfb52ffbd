"""Digital Economy Workbench (数字经济分析工作台).

The package behind the workbench's notebooks and reports, split by domain:

- :mod:`analytics.catalog` — indicators, regions, plan targets, classifications;
- :mod:`analytics.io` — importers, validation and the indicator store;
- :mod:`analytics.stats` — growth, cumulative releases, ratios, targets, forecasts;
- :mod:`analytics.accounts` — digital-economy accounting by the NBS 2021 classification;
- :mod:`analytics.index` — composite indices with uncertainty and sensitivity;
- :mod:`analytics.charts` — the house theme and chart builders;
- :mod:`analytics.reports` — what a report shows (content, components, narrative);
- :mod:`analytics.runs` — how runs are made (execution, rendering, publishing, scheduling).

Subpackages are imported on demand, so ``import analytics`` stays cheap.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from analytics.exceptions import AnalyticsError, AnalyticsWarning

_DISTRIBUTION = "digital-economy-workbench"
"""The distribution's name (``pip install digital-economy-workbench``); the import name stays
``analytics``. `analytics` on PyPI is an unrelated library."""

try:  # the one place the version is read (setuptools-scm wrote it from git at install time)
    __version__ = version(_DISTRIBUTION)
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = ["AnalyticsError", "AnalyticsWarning", "__version__"]
