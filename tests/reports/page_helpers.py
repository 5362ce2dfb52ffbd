"""A report's page built the way its notebook builds it (:func:`analytics.reports.pages.page`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analytics.reports.components import Card, DataNote
from analytics.reports.pages import page, sections
from analytics.reports.section import Footer, Header, Notes, Section


@dataclass
class Page:
    """The cells' values of one run of a report notebook, and what a test reads off them."""

    parts: list[Any]

    def _first(self, kind: type) -> Any:
        return next(p for p in self.parts if isinstance(p, kind))

    @property
    def header(self) -> Header:
        return self._first(Header)  # type: ignore[no-any-return]

    @property
    def title(self) -> str:
        return self.header.title

    @property
    def subtitle(self) -> str:
        return self.header.subtitle

    @property
    def cards(self) -> list[Card]:
        return list(self.header.cards.cards)

    @property
    def sections(self) -> list[Section]:
        return sections(self.parts)

    @property
    def notes(self) -> list[DataNote]:
        return list(self._first(Notes).notes)

    @property
    def footer(self) -> Footer:
        return self._first(Footer)  # type: ignore[no-any-return]

    def section(self, name: str) -> Section:
        return next(s for s in self.sections if s.name == name)

    def html(self) -> str:
        return "\n".join(p.html() for p in self.parts if p is not None)


def build(
    report: str, region: str = "120000", period: str = "latest", lang: str = "zh", **params: Any
) -> Page:
    """``report``'s page for ``region``, ``period`` and ``lang`` (and the notebook's own params)."""
    return Page(page(report, region=region, period=period, lang=lang, **params))
