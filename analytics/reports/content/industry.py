"""The industry report in one call (its sections live in :mod:`analytics.reports.industry`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analytics.config import DEFAULT_LANG, DEFAULT_PEERS, DEFAULT_REGION
from analytics.reports._industry_data import SECTORS
from analytics.reports.content._base import ReportContent
from analytics.reports.context import ReportContext, check_lang
from analytics.stats.regional import location_quotients, shift_share

__all__ = ["SECTORS", "industry_report", "location_quotients", "shift_share"]


def industry_report(
    region: str = DEFAULT_REGION,
    period: str = "latest",
    lang: str = DEFAULT_LANG,
    peers: Sequence[str] = DEFAULT_PEERS,
    data_dir: str | Path | None = None,
) -> ReportContent:
    """Compute everything the industry report shows for ``region`` up to ``period``.

    Examples
    --------
    >>> industry_report("120000", "2024", lang="en").cards[0].label
    'Gross regional product (GDP)'
    >>> industry_report("120000", lang="en").cards[0].label  # 2025: growth out, level not yet
    'Real GDP growth'
    """
    from analytics.reports import industry

    path = Path(data_dir) if data_dir else None
    return industry.report(ReportContext(region, period, check_lang(lang), peers, path))
