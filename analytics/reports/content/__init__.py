"""What each report shows, computed from the store: ``<name>_report(...) -> ReportContent``.

Report notebooks are a handful of calls to these functions and to ``ReportContent.show_*``.
The report modules are imported on first use, so a notebook pays only for what it needs
(``fiveg`` needs scipy, ``digital_economy`` the index and accounts packages).

Examples
--------
>>> from analytics.reports.content import industry_report
>>> industry_report("120000", period="2024", lang="en").cards[0].label
'Gross regional product (GDP)'
"""

from __future__ import annotations

import importlib
from typing import Any

from analytics.reports.content._base import ReportContent, Section

__all__ = [
    "ReportContent",
    "Section",
    "digital_economy_report",
    "fiveg_report",
    "industry_report",
    "location_quotients",
    "plan_report",
    "shift_share",
]

_LAZY = {
    "industry_report": "industry",
    "location_quotients": "industry",
    "shift_share": "industry",
    "fiveg_report": "fiveg",
    "digital_economy_report": "digital_economy",
    "plan_report": "plan",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(f"analytics.reports.content.{_LAZY[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
