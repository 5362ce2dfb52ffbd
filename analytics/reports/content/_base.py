"""What every report holds (cards, sections, notes, provenance) and the helpers they share."""

from __future__ import annotations

import hashlib
import html
import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import altair as alt
import polars as pl

import analytics.charts  # noqa: F401  (registers the house theme)
from analytics.catalog import region_name
from analytics.config import TIMEZONE, processed_dir, project_root
from analytics.exceptions import AnalyticsError
from analytics.io import read_sources, scan_store
from analytics.reports import narrative as nv
from analytics.reports.components import (
    METADATA_KEY,
    Card,
    DataNote,
    Provenance,
    cards_html,
    chart_csv,
    chart_html,
    footer_html,
    notes_html,
    show_html,
)

Lang = Literal["zh", "en"]


def check_lang(lang: str) -> Lang:
    if lang not in ("zh", "en"):
        raise AnalyticsError(f"unknown lang `{lang}` — use `zh` or `en`")
    return "zh" if lang == "zh" else "en"


Cell = str | tuple[str, str]
"""A table cell: text, or (text, link)."""


@dataclass
class Table:
    """A table of text (every cell escaped); a row whose first cell starts ``§`` is a group row.

    Examples
    --------
    >>> Table(["a", "b"], [["§ group"], ["<x>", ("src", "https://e.org")]]).html().count("<tr")
    3
    """

    header: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    classes: Sequence[Sequence[str]] = ()

    def _cell(self, cell: Cell, cls: str = "") -> str:
        attr = f' class="{html.escape(cls, quote=True)}"' if cls else ""
        if isinstance(cell, tuple):
            text, url = cell
            link = f'<a href="{html.escape(url, quote=True)}">{html.escape(text)}</a>'
            return f"<td{attr}>{link if url else html.escape(text)}</td>"
        return f"<td{attr}>{html.escape(cell)}</td>"

    def html(self) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.header)
        body = []
        for i, row in enumerate(self.rows):
            first = row[0] if row else ""
            if isinstance(first, str) and first.startswith("§"):
                text = html.escape(first[1:].strip())
                body.append(
                    f'<tr class="an-group"><th colspan="{len(self.header)}">{text}</th></tr>'
                )
                continue
            cls = list(self.classes[i]) if i < len(self.classes) else []
            cells = "".join(
                self._cell(c, cls[j] if j < len(cls) else "") for j, c in enumerate(row)
            )
            body.append(f"<tr>{cells}</tr>")
        return (
            '<div class="an-table-wrap"><table class="an-table">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )


@dataclass
class Section:
    """One section: a heading, a chart (or a plain statement of what is missing), sentences."""

    heading: str
    chart: alt.TopLevelMixin | None = None
    name: str = ""
    data: pl.DataFrame | None = None
    sentences: list[str] = field(default_factory=list)
    table: Table | None = None

    def html(self, lang: str, header: Mapping[str, str] | None = None) -> str:
        parts = [f'<section class="an-section"><h2>{html.escape(self.heading)}</h2>']
        if self.table is not None:
            parts.append(self.table.html())
        if self.chart is not None:
            parts.append(
                chart_html(self.chart, name=self.name, data=self.data, lang=lang, header=header)
            )
        parts.append("".join(f"<p>{html.escape(s)}</p>" for s in self.sentences))
        parts.append("</section>")
        return "\n".join(parts)


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

    def headline_text(self) -> str:
        """The headline figures as plain text (the cell nbval checks)."""
        return "\n".join([self.title, *(c.text(self.lang) for c in self.cards)])

    def header_html(self) -> str:
        sub = f'<p class="an-subtitle">{html.escape(self.subtitle)}</p>' if self.subtitle else ""
        return (
            f'<header class="an-header">{nav_html(self.lang)}'
            f"<h1>{html.escape(self.title)}</h1>{sub}</header>"
            + cards_html(self.cards, lang=self.lang)
        )

    def show_header(self) -> None:
        """Display the title and the headline cards."""
        show_html(self.header_html())

    def show_sections(self) -> None:
        """Display every section (one output per section, each chart's CSV in its metadata)."""
        for s in self.sections:
            self._show(s)

    def show_section(self, name: str) -> None:
        """Display one section by name (a notebook cell per section); nothing if it is absent."""
        for s in self.sections:
            if s.name == name:
                self._show(s)

    def _show(self, s: Section) -> None:
        header = self.csv_header()
        meta: dict[str, Any] = {}
        if s.chart is not None and s.data is not None:
            csv = chart_csv(s.data, spec=s.chart.to_dict(), header=header, lang=self.lang)
            meta = {METADATA_KEY: {"name": s.name, "csv": csv}}
        show_html(s.html(self.lang, header), metadata=meta)

    def csv_header(self) -> dict[str, str]:
        """What every chart CSV names first: the report, the region and the period."""
        return {"report": self.title, "region": rname(self.region, self.lang),
                "period": self.period}  # fmt: skip

    def show_notes(self) -> None:
        """Display the data notes."""
        show_html(notes_html(self.notes, lang=self.lang))

    def show_footer(self) -> None:
        """Display the provenance footer."""
        if self.provenance is not None:
            show_html(footer_html(self.provenance, lang=self.lang))

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
    other, label, index = (
        ("en", "English", "报告目录") if lang == "zh" else ("zh", "中文", "All reports")
    )
    return (
        f'<nav class="an-nav"><a href="../../../../../index.html">{index}</a> · '
        f'<a href="../{other}/report.html" hreflang="{other}" lang="{other}">{label}</a></nav>'
    )


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
    years = sorted(p for p in available if len(p) == 4)
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
    """Non-null observations of ``indicator`` in ``regions``, sorted by region and period."""
    return (
        scan_store(data_dir=data_dir)
        .filter((pl.col("indicator") == indicator) & pl.col("region").is_in(list(regions)))
        .filter(pl.col("value").is_not_null())
        .collect()
        .sort("region", "period")
    )


def region_names(lang: Lang, alias: str) -> pl.Expr:
    """The ``region`` column as region names in ``lang``, named ``alias``."""
    return (
        pl.col("region").map_elements(lambda c: rname(c, lang), return_dtype=pl.Utf8).alias(alias)
    )


def missing_section(heading: str, what: str, region_name: str, lang: Lang) -> Section:
    """A section without a chart that says ``what`` is missing for the region."""
    return Section(heading, sentences=[nv.missing_sentence(what, region_name, lang=lang)])


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def input_hashes(data_dir: Path | None, extra: Sequence[Path] = ()) -> dict[str, str]:
    """SHA-256 of the store files (and ``extra``), keyed by path relative to the project."""
    root = project_root()
    store = processed_dir(data_dir)
    paths = [store / "observations.parquet", store / "sources.parquet", *extra]
    out: dict[str, str] = {}
    for p in paths:
        if p.exists():
            try:
                key = str(p.resolve().relative_to(root))
            except ValueError:
                key = str(p)
            out[key] = sha256(p)
    return out


def package_version() -> str:
    import analytics

    return analytics.__version__


def provenance(
    params: dict[str, Any], data_dir: Path | None, extra: Sequence[Path] = ()
) -> Provenance:
    now = datetime.now(ZoneInfo(TIMEZONE)).strftime("%Y-%m-%d %H:%M %Z")
    return Provenance(params, input_hashes(data_dir, extra), package_version(), now)


def new_report(
    report: str,
    title: str,
    *,
    region: str,
    period: str,
    lang: str,
    peers: Sequence[str],
    data_dir: Path | None,
    extra: Sequence[Path] = (),
) -> ReportContent:
    """An empty report whose provenance records the parameters and the input hashes."""
    rc = ReportContent(report, title, region, period, check_lang(lang))
    params = {"region": region, "period": period, "lang": lang, "peers": list(peers)}
    rc.provenance = provenance(params, data_dir, extra)
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
