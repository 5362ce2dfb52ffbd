"""What every report holds (cards, sections, notes, provenance) and the helpers they share."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

import analytics.charts  # noqa: F401  (registers the house theme)
from analytics._typing import Lang
from analytics.catalog import region_name
from analytics.config import TIMEZONE, project_root
from analytics.io import read_sources, scan_store
from analytics.reports import narrative as nv
from analytics.reports.components import Card, DataNote, Provenance, show_html
from analytics.reports.context import check_lang
from analytics.reports.section import Cards, Footer, Header, Notes, Section
from analytics.reports.section import Cell as Cell
from analytics.reports.section import Table as Table


@dataclass
class ReportContent:
    """Everything a report shows, computed from the store; notebooks only call ``show_*``."""

    report: str
    title: str
    region: str
    period: str
    lang: Lang
    cards: list[Card] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    notes: list[DataNote] = field(default_factory=list)
    provenance: Provenance | None = None
    subtitle: str = ""

    def header(self) -> Header:
        """The title, navigation, subtitle and cards as one displayable object."""
        return Header(self.title, Cards(self.cards, self.lang), self.subtitle, self.lang)

    def headline_text(self) -> str:
        """The headline figures as plain text (the cell nbval checks)."""
        return self.header().text()

    def header_html(self) -> str:
        return self.header().html()

    def show_header(self) -> None:
        """Display the title and the headline cards."""
        show_html(self.header_html())

    def show_sections(self) -> None:
        """Display every section (one output per section, each chart's CSV in its metadata)."""
        for s in self.sections:
            self._show(s)

    def show_section(self, name: str) -> None:
        """Display one section by name (a notebook cell per section); nothing if it is absent.

        A name also shows the sections it heads: ``trajectory`` shows ``trajectory_<target>``
        for every target that has one.
        """
        for s in self.sections:
            if s.name == name or s.name.startswith(f"{name}_"):
                self._show(s)

    def _show(self, s: Section) -> None:
        header = self.csv_header()
        show_html(s.html(self.lang, header), metadata=s.metadata(header))

    def csv_header(self) -> dict[str, str]:
        """What every chart CSV names first: the report, the region and the period."""
        return {"report": self.title, "region": rname(self.region, self.lang),
                "period": self.period}  # fmt: skip

    def show_notes(self) -> None:
        """Display the data notes."""
        show_html(Notes(self.notes, self.lang).html())

    def show_footer(self) -> None:
        """Display the provenance footer."""
        if self.provenance is not None:
            show_html(Footer(self.provenance, self.lang).html())

    def _repr_html_(self) -> str:
        """The whole report: header, sections, notes and footer."""
        header = self.csv_header()
        parts = [self.header_html(), *(s.html(self.lang, header) for s in self.sections),
                 Notes(self.notes, self.lang).html()]  # fmt: skip
        if self.provenance is not None:
            parts.append(Footer(self.provenance, self.lang).html())
        return "\n".join(parts)

    def chart_names(self) -> list[str]:
        """Names of the sections that carry a chart."""
        return [s.name for s in self.sections if s.chart is not None]


def nav_html(lang: Lang) -> str:
    """Links to the same report in the other language and to the index of reports.

    A published report lives at ``reports/out/<report>/<region>/<period>/<lang>/report.html``:
    the other language is ``../<other>/report.html`` and the index ``reports/index.html``.

    Examples
    --------
    >>> 'href="../en/report.html"' in nav_html("zh")
    True
    """
    html = Header("", Cards([], lang), "", lang).html()
    return html[html.index("<nav") : html.index("</nav>") + len("</nav>")]


def as_path(data_dir: str | Path | None) -> Path | None:
    """Papermill passes ``data_dir`` as text; the store wants a Path or None."""
    return Path(data_dir) if data_dir else None


def rname(code: str, lang: Lang) -> str:
    return region_name(code, lang)


def resolve_year(period: str, available: Sequence[str]) -> str | None:
    """``latest`` → the newest year in ``available``; a year → itself if present, else newest ≤.

    Examples
    --------
    >>> resolve_year("latest", ["2022", "2023"]), resolve_year("2030", ["2022"])
    ('2023', '2022')
    >>> resolve_year("2020", ["2022"]) is None
    True
    """
    from analytics.stats.periods import Period

    years = sorted((p for p in available if len(p) == 4), key=Period.parse)
    if not years:
        return None
    if period == "latest":
        return years[-1]
    eligible = [y for y in years if y <= period[:4]]
    return eligible[-1] if eligible else None


def period_date(col: str = "period") -> pl.Expr:
    """Where a chart draws a period: its first day as ISO text.

    ``2023`` → 2023-01-01, on the 2023 tick; ``2024-03`` → 2024-03-01
    (:func:`analytics.stats.periods.period_start`).
    """
    from analytics.stats.periods import period_start

    return period_start(col).dt.to_string("%Y-%m-%d").alias("date")


def with_peers(region: str, peers: Sequence[str]) -> list[str]:
    """``region`` first, then the peers other than ``region``."""
    return [region, *[p for p in peers if p != region]]


def observations(indicator: str, regions: Sequence[str], data_dir: Path | None) -> pl.DataFrame:
    """Non-null observations of ``indicator`` in ``regions``, by region, then period as dates."""
    from analytics.stats.periods import sort_by_period

    found = (
        scan_store(data_dir=data_dir)
        .filter((pl.col("indicator") == indicator) & pl.col("region").is_in(list(regions)))
        .filter(pl.col("value").is_not_null())
        .collect()
    )
    return sort_by_period(found, "region")


def region_names(lang: Lang, alias: str) -> pl.Expr:
    """The ``region`` column as region names in ``lang``, named ``alias``."""
    return (
        pl.col("region").map_elements(lambda c: rname(c, lang), return_dtype=pl.Utf8).alias(alias)
    )


def missing_section(heading: str, what: str, region_name: str, lang: Lang) -> Section:
    """A section without a chart that says ``what`` is missing for the region."""
    return Section(heading, sentences=[nv.missing_sentence(what, region_name, lang=lang)])


def input_hashes(report: str, data_dir: Path | None) -> dict[str, str]:
    """The report's inputs and their SHA-256, as the run's fingerprint lists them."""
    from analytics.io.inputs import input_hashes as hashes
    from analytics.io.inputs import report_inputs

    return hashes(report_inputs(report), root=project_root(), data_dir=data_dir)


def package_version() -> str:
    import analytics

    return analytics.__version__


def provenance(params: dict[str, Any], data_dir: Path | None, report: str) -> Provenance:
    now = datetime.now(ZoneInfo(TIMEZONE)).strftime("%Y-%m-%d %H:%M %Z")
    return Provenance(params, input_hashes(report, data_dir), package_version(), now)


def new_report(
    report: str,
    title: str,
    *,
    region: str,
    period: str,
    lang: str,
    peers: Sequence[str],
    data_dir: Path | None,
) -> ReportContent:
    """An empty report whose provenance records the parameters and the input hashes."""
    rc = ReportContent(report, title, region, period, check_lang(lang))
    params = {"region": region, "period": period, "lang": lang, "peers": list(peers)}
    rc.provenance = provenance(params, data_dir, report)
    return rc


def source_notes(
    frame: pl.DataFrame, title: str, *, data_dir: Path | None, gaps: str = ""
) -> list[DataNote]:
    """One note per source id in ``frame`` (its title, where, quote) with the vintages used."""
    if frame.is_empty():
        return []
    sources = read_sources(data_dir=data_dir)
    used = frame.group_by("source").agg(pl.col("vintage").unique().sort().str.join(", "))
    rows = used.join(sources, left_on="source", right_on="id", how="left").sort("source")
    notes = []
    for r in rows.iter_rows(named=True):
        where = r.get("where") or r["source"]
        # an NBS export's title ends with its file name: the reader needs the table, not the file
        src_title = re.sub(r"[:：]\s*[^:：]*\.(csv|xlsx?)$", "", r.get("title") or "")
        notes.append(
            DataNote(
                title=f"{title} — {src_title}".strip(" —")[:200],
                source=str(where),
                quote=str(r.get("quote") or "")[:300],
                vintage=str(r["vintage"]),
                gaps=gaps,
            )
        )
    return notes


@contextmanager
def captured_warnings(into: list[str]) -> Iterator[None]:
    """Turn warnings into notes (no stderr in reports)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    into.extend(str(w.message) for w in caught)
