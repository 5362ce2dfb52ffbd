"""What a report shows (``ReportContext``, sections, cards, notes, words): the kernel side.

A report is a package of section functions over one :class:`ReportContext`
(:mod:`analytics.reports.fiveg`: ``fiveg.cards(ctx)``, ``fiveg.density(ctx)`` …; what its sections
share in ``<report>/data.py``); each returns an object that renders itself in JupyterLab and in
the exported HTML. The report's notebook holds one cell per section: the page's order. How runs
are made (execution, rendering, publishing, schedules) lives in :mod:`analytics.runs`.

The public names are imported on first use, so ``import analytics.reports`` stays cheap in a
notebook kernel.

Examples
--------
>>> from analytics.reports import t
>>> t("status.achieved", "en")
'✓ Achieved'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from analytics.reports.components import Card, DataNote
    from analytics.reports.context import ReportContext
    from analytics.reports.messages import t
    from analytics.reports.section import Cards, Footer, Header, Notes, Section, Sections

_WHERE: dict[str, str] = {
    "ReportContext": "context",
    "Section": "section",
    "Sections": "section",
    "Cards": "section",
    "Header": "section",
    "Notes": "section",
    "Footer": "section",
    "Card": "components",
    "DataNote": "components",
    "t": "messages",
}

__all__ = [  # what a report shows (kernel side)
    "Card",
    "Cards",
    "DataNote",
    "Footer",
    "Header",
    "Notes",
    "ReportContext",
    "Section",
    "Sections",
    "t",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'analytics.reports' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"analytics.reports.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
