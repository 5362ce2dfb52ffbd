"""The 5G report in one call (its sections live in :mod:`analytics.reports.fiveg`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analytics.config import DEFAULT_LANG, DEFAULT_PEERS, DEFAULT_REGION
from analytics.reports._fiveg_data import with_gaps, year_end_series
from analytics.reports.content._base import ReportContent
from analytics.reports.context import ReportContext, check_lang

__all__ = ["fiveg_report", "with_gaps", "year_end_series"]


def fiveg_report(
    region: str = DEFAULT_REGION,
    period: str = "latest",
    lang: str = DEFAULT_LANG,
    peers: Sequence[str] = DEFAULT_PEERS,
    data_dir: str | Path | None = None,
) -> ReportContent:
    """Compute everything the 5G report shows for ``region`` up to ``period``.

    Examples
    --------
    >>> fiveg_report("120000", lang="en").sections[0].name
    'base_stations'
    """
    from analytics.reports import fiveg

    ctx = ReportContext(
        region, period, check_lang(lang), peers, Path(data_dir) if data_dir else None
    )
    return fiveg.report(ctx)
