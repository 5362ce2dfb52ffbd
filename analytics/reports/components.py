"""HTML pieces of a report: charts (div + ``vegaEmbed``), headline cards, data notes, footer.

Everything returns HTML strings (``*_html``, from the Jinja templates in ``templates/html``, with
autoescape) or displays them (``show_*``). Charts are embedded by :mod:`analytics.charts.embed`;
the Vega libraries themselves are inlined once per report by the renderer. Each chart carries its
data as a CSV download (a ``data:`` link) and in the output's metadata, from which the run writes
``data/<name>.csv``. Words come from :mod:`analytics.reports.messages`.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import altair as alt
import polars as pl

from analytics._typing import CardStatus, Lang
from analytics.charts.embed import embed_spec_html, enable_offline_renderer, responsive
from analytics.reports._html import Markup, render
from analytics.reports.context import _LANGS
from analytics.reports.messages import MESSAGES, t

__all__ = [
    "METADATA_KEY",
    "STATUS_COLOURS",
    "Card",
    "DataNote",
    "NextRelease",
    "Provenance",
    "ReleaseNotes",
    "Status",
    "cards_html",
    "chart_csv",
    "chart_html",
    "embed_spec_html",
    "enable_offline_renderer",
    "footer_html",
    "notes_html",
    "responsive",
    "show_html",
    "slug",
]

Status = CardStatus
METADATA_KEY = "analytics_chart"
"""Output-metadata key under which a chart's name and CSV travel in the executed notebook."""

#: Status colours: the Okabe–Ito hues darkened until each reaches WCAG AA contrast for text
#: (≥ 4.5:1 on white; tests/charts/test_contrast.py); the status is always written out in words too.
STATUS_COLOURS: dict[str, str] = {
    "achieved": "#007A5A",
    "on_track": "#007A5A",
    "at_risk": "#946200",
    "off_track": "#B34700",
    "not_achieved": "#B34700",
    "unknown": "#767676",
    "no_target": "#767676",
}


def _lang(lang: str) -> Lang:
    """``lang`` as a Lang; anything but ``en`` reads as Chinese (the house default)."""
    return _LANGS.get(lang, "zh")


def _subtitle(spec: Mapping[str, Any], lang: str) -> dict[str, str]:
    """Unit and source as the chart's subtitle states them (``单位：亿元``, ``来源：…``)."""
    title = spec.get("title")
    lines = title.get("subtitle", []) if isinstance(title, Mapping) else []
    out = {}
    for line in lines if isinstance(lines, list) else [lines]:
        key, _, value = str(line).replace("：", ": ", 1).partition(": ")
        for k in ("unit", "source"):
            if key.strip().lower() == t(f"csv.{k}", _lang(lang)).lower():
                out[k] = value.strip()
    return out


def chart_csv(
    data: pl.DataFrame,
    *,
    spec: Mapping[str, Any] | None = None,
    header: Mapping[str, str] | None = None,
    lang: str = "zh",
) -> str:
    """A chart's data as CSV a reader can open in Excel: UTF-8 with BOM, no float noise.

    The first lines name the report, region and period (``# 报告: …``); ``unit`` and ``source``
    columns come from the chart's subtitle, and numbers carry no binary noise
    (6.900000000000006 → 6.9). A text cell Excel would run as a formula (starting with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'`` (the OWASP rule); number
    columns, and text cells that are plain numbers (``-3.5``), stay as they are.

    Examples
    --------
    >>> df = pl.DataFrame({"period": ["2024"], "value": [6.900000000000006]})
    >>> spec = {"title": {"text": "t", "subtitle": ["单位：%", "来源：NBS"]}}
    >>> text = chart_csv(df, spec=spec, header={"region": "天津"})
    >>> text.startswith("\ufeff# 地区: 天津"), text.splitlines()[1:]
    (True, ['period,value,unit,source', '2024,6.9,%,NBS'])
    >>> df = pl.DataFrame({"label": ["=1+2", "-3.5", "@SUM(A1)"], "value": [-1.0, 2, 3]})
    >>> chart_csv(df).splitlines()[1:]
    ["'=1+2,-1.0", '-3.5,2.0', "'@SUM(A1),3.0"]
    """
    lg = _lang(lang)
    lines = [f"# {_csv_word(k, lg)}: {v}" for k, v in (header or {}).items() if v]
    extra = {k: v for k, v in _subtitle(spec or {}, lang).items() if k not in data.columns}
    floats = [c for c, t in data.schema.items() if t in (pl.Float32, pl.Float64)]
    clean = data.with_columns(
        [pl.col(c).round(9) for c in floats] + [pl.lit(v).alias(k) for k, v in extra.items()]
    )
    texts = [c for c, t in clean.schema.items() if t == pl.Utf8]
    body = clean.with_columns(_no_formula(pl.col(c)) for c in texts).write_csv()
    return "\ufeff" + "".join(f"{line}\n" for line in lines) + body


_FORMULA = r"^[=+\-@\t\r]"
_PLAIN_NUMBER = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?%?$"


def _no_formula(cell: pl.Expr) -> pl.Expr:
    """``'`` before a text cell that a spreadsheet would run as a formula (not a plain number)."""
    risky = cell.str.contains(_FORMULA) & ~cell.str.contains(_PLAIN_NUMBER)
    return pl.when(risky).then(pl.lit("'") + cell).otherwise(cell).name.keep()


def _csv_word(key: str, lang: Lang) -> str:
    return t(f"csv.{key}", lang) if f"csv.{key}" in MESSAGES else key


def _csv_href(csv: str) -> str:
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(csv.encode("utf-8")).decode()


def slug(text: str) -> str:
    """A file-name-safe slug.

    Examples
    --------
    >>> slug("GDP growth, 2023 (%)")
    'gdp-growth-2023'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


def chart_html(
    chart: alt.TopLevelMixin,
    *,
    name: str,
    data: pl.DataFrame | None = None,
    lang: str = "zh",
    header: Mapping[str, str] | None = None,
) -> str:
    """A ``<figure>`` holding the chart and, when ``data`` is given, its CSV download link."""
    spec = chart.to_dict()
    embed = Markup(embed_spec_html(spec, description=str(spec.get("description", ""))))
    href = ""
    if data is not None:
        href = _csv_href(chart_csv(data, spec=spec, header=header, lang=lang))
    return render(
        "figure.html.j2",
        name=name,
        embed=embed,
        csv_href=href,
        csv_label=t("word.csv", _lang(lang)),
    )


def show_html(text: str, *, metadata: Mapping[str, Any] | None = None) -> None:
    """Display HTML as a notebook output (with optional output metadata)."""
    from IPython.display import HTML, display

    display(HTML(text), metadata=dict(metadata or {}))


def _period_words(period: str, lang: str) -> str:
    """``2024-03`` → ``2024年3月`` / ``March 2024``; anything else as it is."""
    from analytics.stats.periods import PeriodError, format_period

    try:
        return format_period(period, _lang(lang))
    except PeriodError:
        return period


@dataclass(frozen=True)
class Card:
    """One headline card: value, change, target, status in colour and words."""

    label: str
    value: str
    unit: str = ""
    period: str = ""
    change: str | None = None
    target: str | None = None
    status: CardStatus = "no_target"
    note: str | None = None

    def text(self, lang: str = "zh") -> str:
        """One plain-text line (for logs and nbval-checked cells)."""
        when = _period_words(self.period, lang)
        bits = [f"{self.label}: {self.value} {self.unit}".rstrip() + f" ({when})"]
        if self.change:
            bits.append(self.change)
        if self.target:
            bits.append(f"{t('word.target', _lang(lang))} {self.target}")
        bits.append(t(f"status.{self.status}", _lang(lang)))
        return " | ".join(bits)


def cards_html(cards: Sequence[Card], *, lang: str = "zh") -> str:
    """The row of headline cards.

    Examples
    --------
    >>> "已达成" in cards_html([Card("5G", "73,000", "个", "2024-03", status="achieved")])
    True
    """
    lg = _lang(lang)
    rows = [
        {
            **c.__dict__,
            "colour": STATUS_COLOURS[c.status],
            "when": _period_words(c.period, lg),
            "status_words": t(f"status.{c.status}", lg),
        }
        for c in cards
    ]
    return render("cards.html.j2", cards=rows, words=_words(lg))


def _words(lang: Lang) -> dict[str, str]:
    """The shared labels (``word.*`` messages) in ``lang``, by their short name."""
    return {k.removeprefix("word."): t(k, lang) for k in MESSAGES if k.startswith("word.")}


@dataclass(frozen=True)
class DataNote:
    """A data note: a source (with its quote or file), its vintage, gaps, a synthetic label."""

    title: str
    source: str = ""
    quote: str = ""
    vintage: str = ""
    gaps: str = ""
    synthetic: bool = False


def _source(text: str, public: tuple[str, str]) -> dict[str, str]:
    """The source as a link a reader can follow; free text as text; never an internal path."""
    title, url = public
    if url:
        return {"url": url, "label": title or url}
    if re.search(r"\.(csv|xlsx|yaml|parquet)\b|^data/|generate_register", text):
        return {}
    return {"text": text}


@dataclass(frozen=True)
class NextRelease:
    """One source's next release as the data notes say it.

    Parameters
    ----------
    name
        The release (``天津市政府工作报告``).
    when
        When it is expected, with the period it brings, or that it is unknown, in words.
    basis
        The basis of the expectation, in words.
    state
        Said after it: past its expected month and not yet in the store, or already in it.
    """

    name: str
    when: str
    basis: str
    state: str = ""


@dataclass(frozen=True)
class ReleaseNotes:
    """When a report will next change and why: a summary line, each source's next release.

    Parameters
    ----------
    summary
        ``This report will next change about …, when … is released.`` (or that no date is known).
    items
        The report's sources' next releases, the expected first.
    as_of
        The calendar's date and basis, in words.
    """

    summary: str
    items: Sequence[NextRelease] = ()
    as_of: str = ""


def notes_html(
    notes: Sequence[DataNote], *, lang: str = "zh", releases: ReleaseNotes | None = None
) -> str:
    """The data-notes section (one note per source, however many sections use it).

    With ``releases``, the section ends with when the report will next change and why.

    Examples
    --------
    >>> r = ReleaseNotes("下次变化：约2027年1月", [NextRelease("公报", "约2027年1月", "往年1月")])
    >>> html = notes_html([], releases=r)
    >>> "下次变化：约2027年1月" in html and "往年1月" in html
    True
    """
    from analytics.reports.sources import public_source, vintage_label

    lg = _lang(lang)
    seen: set[tuple[str, str, str]] = set()
    rows = []
    for n in notes:
        if (n.title, n.source, n.quote) in seen:
            continue
        seen.add((n.title, n.source, n.quote))
        src = _source(n.source, public_source(n.source, lg)) if n.source else {}
        vintage = vintage_label(n.vintage, lg) if n.vintage else ""
        rows.append({"url": "", "label": "", "text": "", **n.__dict__, **src, "vintage": vintage})
    return render(
        "notes.html.j2",
        notes=rows,
        words=_words(lg),
        releases=releases,
        next_heading=t("release.heading", lg),
    )


@dataclass(frozen=True)
class Provenance:
    """What the footer records: parameters, input hashes, package version, time."""

    parameters: Mapping[str, Any]
    inputs: Mapping[str, str] = field(default_factory=dict)
    version: str = ""
    generated: str = ""


def footer_html(p: Provenance, *, lang: str = "zh") -> str:
    """The provenance footer."""
    params = ", ".join(f"{k}={v!r}" for k, v in p.parameters.items())
    inputs = [(k, v[:16]) for k, v in p.inputs.items()]
    return render(
        "footer.html.j2",
        params=params,
        inputs=inputs,
        version=p.version,
        generated=p.generated,
        words=_words(_lang(lang)),
    )
