"""What a report shows, as objects that render themselves in JupyterLab and in exported HTML.

A section function returns a :class:`Section` (heading, chart, sentences) or :class:`Cards`,
:class:`Notes`, :class:`Footer` or :class:`Header`; a notebook cell that ends with one shows it.
A section with a chart carries the chart's data as CSV in its output metadata (under
:data:`~analytics.reports.components.METADATA_KEY`), from which a run writes ``data/<name>.csv``.

Examples
--------
>>> s = Section("<Heading>", sentences=["1 < 2 & 3"])
>>> "<h2>&lt;Heading&gt;</h2>" in s.html() and "<p>1 &lt; 2 &amp; 3</p>" in s.html()
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import altair as alt
import polars as pl

from analytics._typing import Lang
from analytics.reports._html import Markup, render
from analytics.reports.components import (
    METADATA_KEY,
    Card,
    ChartDownload,
    DataNote,
    Provenance,
    ReleaseNotes,
    cards_html,
    chart_csv,
    chart_download,
    chart_html,
    chart_resource,
    footer_html,
    notes_html,
)
from analytics.reports.navigation import Navigation

__all__ = ["Cards", "Cell", "Footer", "Header", "Notes", "Section", "Sections", "Table"]

Bundle = tuple[dict[str, Any], dict[str, Any]]

Cell = str | tuple[str, str]
"""A table cell: text, or (text, link)."""


@dataclass
class Table:
    """A table of text (every cell escaped); a row whose first cell starts ``§`` is a group row.

    Parameters
    ----------
    header : Sequence of str
        The column headings (also each cell's ``data-label``).
    rows : Sequence of Sequence of Cell
        The rows: each cell text or (text, link); a row whose first cell starts ``§`` is shown
        as a heading across the table (the rest of the text).
    classes : Sequence of Sequence of str
        CSS classes by row and cell, in the rows' order (group rows included); default none.

    Examples
    --------
    >>> Table(["a", "b"], [["§ group"], ["<x>", ("src", "https://e.org")]]).html().count("<tr")
    3
    """

    header: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    classes: Sequence[Sequence[str]] = ()

    def _row(self, i: int, row: Sequence[Cell]) -> dict[str, Any]:
        first = row[0] if row else ""
        if isinstance(first, str) and first.startswith("§"):
            return {"group": first[1:].strip(), "cells": []}
        cls = list(self.classes[i]) if i < len(self.classes) else []
        cells = [
            (*(c if isinstance(c, tuple) else (c, "")), cls[j] if j < len(cls) else "")
            for j, c in enumerate(row)
        ]
        return {"group": None, "cells": cells}

    def html(self) -> str:
        """The table as HTML."""
        rows = [self._row(i, r) for i, r in enumerate(self.rows)]
        return render("table.html.j2", header=list(self.header), rows=rows)


@dataclass
class Section:
    """One section: a heading, a chart (or a plain statement of what is missing), sentences.

    Parameters
    ----------
    heading : str
        The section's heading (its plain-text form too).
    chart : alt.TopLevelMixin or None
        The chart; None: no chart.
    name : str
        The chart's name (its CSV's file name and the metadata's ``name``).
    data : pl.DataFrame or None
        The chart's frame (its table twin, CSV and output metadata); None: none of them.
    sentences : list of str
        Paragraphs said under the chart.
    lang : Lang
        The report's language (of the chart's downloads; :meth:`html` may take another).
    csv_header : Mapping of str to str or None
        The CSV's comment lines' fields (``report``, ``region``, ``period``), unless
        :meth:`html` or :meth:`metadata` is given others.
    table : Table or None
        A table shown above the chart; None: none.
    flags : list of str
        Data-check notes said under the chart (anomaly flags on a series it draws).
    data_dir : Path or None
        The data folder whose store the chart's download looks its rows up in (None: the
        project's).
    region : str or None
        The report's region (of a chart frame without a ``region`` column).
    """

    heading: str
    chart: alt.TopLevelMixin | None = None
    name: str = ""
    data: pl.DataFrame | None = None
    sentences: list[str] = field(default_factory=list)
    lang: Lang = "zh"
    csv_header: Mapping[str, str] | None = None
    table: Table | None = None
    flags: list[str] = field(default_factory=list)
    """Data-check notes said under the chart (anomaly flags on a series it draws)."""
    data_dir: Path | None = None
    """The data folder whose store the chart's download looks its rows up in (None: the
    project's)."""
    region: str | None = None
    """The report's region (of a chart frame without a ``region`` column)."""
    _made: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    """The chart's spec and downloads, made once (a chart is shown three ways: page, metadata,
    JupyterLab)."""

    def spec(self) -> dict[str, Any]:
        """The chart's Vega-Lite spec, converted once.

        Not validated against the Vega-Lite schema here: a report's charts come from
        :mod:`analytics.charts.builders`, and every chart of every report is validated by the test
        suite (``tests/reports/test_chart_specs.py``); validating in each run was a quarter of a
        chart's time (≈ 7 ms) and gives the same dict.
        """
        assert self.chart is not None
        if "spec" not in self._made:
            self._made["spec"] = self.chart.to_dict(validate=False)
        spec: dict[str, Any] = self._made["spec"]
        return spec

    def download(self, lang: str) -> ChartDownload:
        """The chart's data as downloaded in ``lang`` (:func:`chart_download`), made once."""
        assert self.data is not None
        key = f"download:{lang}"
        if key not in self._made:
            self._made[key] = chart_download(
                self.data, spec=self.spec(), lang=lang, data_dir=self.data_dir, region=self.region
            )
        d: ChartDownload = self._made[key]
        return d

    def html(self, lang: str | None = None, header: Mapping[str, str] | None = None) -> str:
        """The section as HTML (the chart a ``vegaEmbed`` call; text escaped)."""
        lg = lang or self.lang
        hd = header if header is not None else self.csv_header
        chart = None
        if self.chart is not None:
            chart = Markup(
                chart_html(
                    self.chart,
                    name=self.name,
                    data=self.data,
                    lang=lg,
                    header=hd,
                    spec=self.spec(),
                    download=self.download(lg) if self.data is not None else None,
                )
            )
        table = Markup(self.table.html()) if self.table is not None else None
        return render(
            "section.html.j2",
            heading=self.heading,
            chart=chart,
            table=table,
            sentences=self.sentences,
            flags=self.flags,
        )

    def metadata(self, header: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The output metadata: the chart's name and CSV, when the section has a chart."""
        if self.chart is None or self.data is None:
            return {}
        hd = header if header is not None else self.csv_header
        d = self.download(self.lang)
        csv = chart_csv(self.data, header=hd, lang=self.lang, download=d)
        resource = chart_resource(self.name, d, header=hd, lang=self.lang)
        return {METADATA_KEY: {"name": self.name, "csv": csv, "resource": resource}}

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Bundle:
        return {"text/html": self.html(), "text/plain": self.heading}, self.metadata()

    def _ipython_display_(self) -> None:
        """Show the section as HTML and, for a chart, the Vega-Lite MIME bundle alone.

        The HTML is what the exported report shows (the chart drawn by ``vegaEmbed`` from the
        inlined bundle); the Vega-Lite output is what JupyterLab draws itself, and the report
        template leaves it out of the HTML.
        """
        from IPython.display import display

        from analytics.charts.embed import LAB_METADATA, lab_bundle

        data, meta = self._repr_mimebundle_()
        display(data, raw=True, metadata=meta)
        if self.chart is not None:  # a fixed width: "container" sizing makes Lab's output resize
            display(lab_bundle(self.spec(), self.heading), raw=True, metadata=LAB_METADATA)

    def _repr_html_(self) -> str:
        return self.html()


@dataclass
class Sections:
    """Several sections one cell shows in turn (a trajectory per target, a plan's context each).

    Parameters
    ----------
    sections : Sequence of Section
        The sections, in the order shown.

    Examples
    --------
    >>> Sections([Section("A"), Section("B")]).html().count("<h2>")
    2
    """

    sections: Sequence[Section]

    def html(self) -> str:
        """The sections' HTML, one after the other."""
        return "\n".join(s.html() for s in self.sections)

    def _ipython_display_(self) -> None:
        for s in self.sections:
            s._ipython_display_()

    def _repr_html_(self) -> str:
        return self.html()


@dataclass
class Cards:
    """The row of headline cards.

    Parameters
    ----------
    cards : Sequence of Card
        The cards, in the order shown.
    lang : Lang
        The language of their periods, statuses and labels.
    """

    cards: Sequence[Card]
    lang: Lang = "zh"

    def html(self) -> str:
        """The cards as HTML."""
        return cards_html(self.cards, lang=self.lang)

    def text(self) -> str:
        """One line per card (the text nbval pins)."""
        return "\n".join(c.text(self.lang) for c in self.cards)

    def _repr_html_(self) -> str:
        return self.html()


@dataclass
class Header:
    """The title, the links (index, other language, editions, related), the subtitle, the cards.

    Parameters
    ----------
    title, cards, subtitle, lang
        What the header shows.
    nav
        Where the page links (:func:`analytics.reports.navigation.navigation`); without it only
        the index is linked, and the other language through it.
    """

    title: str
    cards: Cards
    subtitle: str = ""
    lang: Lang = "zh"
    nav: Navigation | None = None

    def html(self) -> str:
        """The header as HTML."""
        from analytics.reports.messages import t
        from analytics.reports.navigation import INDEX, running_head_css

        links = self.nav.fields() if self.nav is not None else None
        head = ""
        if self.nav is not None:
            words = t("navigation.page", self.lang, n="{n}")
            head = running_head_css(self.nav.running_head(self.title), words)
        return render(
            "header.html.j2",
            title=self.title,
            subtitle=self.subtitle,
            other=t("nav.other_lang", self.lang),
            other_label=t("nav.other_label", self.lang),
            index_label=t("nav.index", self.lang),
            index=INDEX,
            links=links,
            head_css=Markup(head),
            cards=Markup(self.cards.html()),
        )

    def text(self) -> str:
        """The title and the cards as plain text (the headline cell nbval checks)."""
        return "\n".join([self.title, self.cards.text()])

    def _repr_html_(self) -> str:
        return self.html()


@dataclass
class Notes:
    """The data notes: sources, vintages, gaps (one note per source), and the next release.

    ``releases`` says when the report will next change and why (which release of which of its
    sources; :func:`analytics.reports.calendar.next_releases`).

    Parameters
    ----------
    notes : list of DataNote
        The notes, in order (a repeat of an earlier note's title, source and quote is left out).
    lang : Lang
        The language of the labels, sources and vintages.
    releases : ReleaseNotes or None
        When the report will next change, shown last; None (the default): not shown.
    """

    notes: list[DataNote]
    lang: Lang = "zh"
    releases: ReleaseNotes | None = None

    def html(self) -> str:
        """The notes as HTML."""
        return notes_html(self.notes, lang=self.lang, releases=self.releases)

    def _repr_html_(self) -> str:
        return self.html()


@dataclass
class Footer:
    """The provenance footer: parameters, input hashes, package version, time.

    Parameters
    ----------
    provenance : Provenance
        What the run records (:func:`analytics.reports._common.provenance`).
    lang : Lang
        The language of the labels (the citation is given in Chinese and English).
    """

    provenance: Provenance
    lang: Lang = "zh"

    def html(self) -> str:
        """The footer as HTML."""
        return footer_html(self.provenance, lang=self.lang)

    def _repr_html_(self) -> str:
        return self.html()
