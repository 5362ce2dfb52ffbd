"""What each report shows, computed from the store: ``<name>_report(...) -> ReportContent``.

Report notebooks are a handful of calls to these functions and to ``ReportContent.show_*``.

Examples
--------
>>> from analytics.reports.content import industry_report
>>> industry_report("120000", lang="en").cards[0].label
'Gross regional product (GDP)'
"""

from __future__ import annotations

from analytics.reports.content._base import ReportContent, Section
from analytics.reports.content.industry import industry_report, location_quotients, shift_share

__all__ = [
    "ReportContent",
    "Section",
    "industry_report",
    "location_quotients",
    "shift_share",
]

try:
    from analytics.reports.content.fiveg import fiveg_report

    __all__ += ["fiveg_report"]
except ImportError:  # pragma: no cover - while being written
    pass
try:
    from analytics.reports.content.digital_economy import digital_economy_report

    __all__ += ["digital_economy_report"]
except ImportError:  # pragma: no cover
    pass
