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
from pathlib import Path
from typing import Any, get_args

import altair as alt
import polars as pl

from analytics._typing import CardStatus, Lang
from analytics.charts.embed import embed_spec_html, enable_offline_renderer, responsive
from analytics.reports._html import Markup, render
from analytics.reports.messages import MESSAGES, pick, t

__all__ = [
    "METADATA_KEY",
    "STATUS_COLOURS",
    "Card",
    "ChartDownload",
    "DataNote",
    "NextRelease",
    "Provenance",
    "ReleaseNotes",
    "Status",
    "cards_html",
    "chart_csv",
    "chart_download",
    "chart_html",
    "chart_resource",
    "chart_table_html",
    "citation",
    "embed_spec_html",
    "enable_offline_renderer",
    "footer_html",
    "notes_html",
    "responsive",
    "show_html",
    "slug",
]

Status = CardStatus
_LANGS: dict[str, Lang] = {lang: lang for lang in get_args(Lang)}
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
    """Unit and source as the chart states them, whole (``usermeta``), else from its subtitle.

    The builders put them in the spec's ``usermeta``; a spec without it is read from its
    subtitle lines (``单位：亿元``, ``来源：…``).
    """
    meta = spec.get("usermeta")
    if isinstance(meta, Mapping) and "source" in meta:
        return {k: str(meta[k]) for k in ("unit", "source") if meta.get(k)}
    title = spec.get("title")
    lines = title.get("subtitle", []) if isinstance(title, Mapping) else []
    out = {}
    for line in lines if isinstance(lines, list) else [lines]:
        key, _, value = str(line).replace("：", ": ", 1).partition(": ")
        for k in ("unit", "source"):
            if key.strip().lower() == t(f"csv.{k}", _lang(lang)).lower():
                out[k] = value.strip()
    return out


def _title_text(spec: Mapping[str, Any]) -> str:
    """The chart's title, whole (``usermeta``), else its first line."""
    meta = spec.get("usermeta")
    if isinstance(meta, Mapping) and meta.get("title"):
        return str(meta["title"])
    title = spec.get("title")
    text = title.get("text", "") if isinstance(title, Mapping) else title or ""
    return str(text[0] if isinstance(text, list) and text else text)


@dataclass(frozen=True)
class ChartDownload:
    """A chart's data as its CSV writes it, and what the page says of it.

    Parameters
    ----------
    frame
        The columns written (numbers at the source's precision, as text), then ``vintage``,
        ``status``, ``unit``, ``source``, ``source_title``, ``source_url`` and ``licence``.
    numbers
        The columns holding numbers (printed at most ``places`` decimals).
    title, unit, source
        The chart's title, unit and source, as its title and subtitle state them.
    places
        The most decimals a number has (None: no store to tell it by; numbers as computed,
        binary noise rounded off).
    """

    frame: pl.DataFrame
    numbers: tuple[str, ...]
    title: str
    unit: str
    source: str
    places: int | None


_PROVENANCE = ("vintage", "status", "unit", "source", "source_title", "source_url", "licence")


def _subtitle_families(source: str, lang: Lang) -> tuple[str, ...]:
    from analytics.reports.downloads import SUBTITLE_SOURCES

    for key, families in SUBTITLE_SOURCES.items():
        if source and source == t(key, lang):
            return families
    return ()


def _number_text(places: int) -> Any:
    from decimal import Decimal

    def fmt(v: float) -> str:  # 15 significant digits: a double's, without its binary noise
        text = format(Decimal(f"{round(float(v), places):.15g}"), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text

    return fmt


def _rows_provenance(found: pl.DataFrame, source: str, families: Sequence[str], lang: Lang) -> Any:
    """The provenance columns of each row: the stored observation's, else the chart's own."""
    from analytics.reports.downloads import FAMILY_URLS, licence, source_family
    from analytics.reports.sources import public_source, vintage_label

    urls = {FAMILY_URLS[f] for f in families if f in FAMILY_URLS}
    chart_url = urls.pop() if len(urls) == 1 else ""
    cols: dict[str, list[str]] = {k: [] for k in ("vt", "st", "title", "url", "lic")}
    for vintage, status, where in found.select("_vintage", "_status", "_source").iter_rows():
        title, url = public_source(where, lang) if where else ("", "")
        cols["vt"].append(vintage_label(vintage, lang) if vintage else "")
        cols["st"].append(status or "")
        cols["title"].append(title or source)
        cols["url"].append(url if where else chart_url)
        cols["lic"].append(licence([source_family(where)] if where else families, lang))
    return cols


def chart_download(
    data: pl.DataFrame,
    *,
    spec: Mapping[str, Any] | None = None,
    lang: str = "zh",
    data_dir: Path | None = None,
    region: str | None = None,
) -> ChartDownload:
    """A chart's data as a reader downloads it: source precision, provenance columns, periods.

    ``date`` (where a chart draws a period) is left out when the frame names the period
    (``2024``, ``2024-03``); each row takes the vintage, status and source of the one stored
    observation it equals (:func:`analytics.reports.downloads.store_provenance`), else the
    chart's source, with no vintage or status; numbers have at most the decimals of the stored
    values the chart shows (or, for a chart of computed values, of its sources' stored values).

    Parameters
    ----------
    data
        The chart's frame.
    spec
        The chart's Vega-Lite spec (its title and subtitle name the unit and the source).
    lang
        The report's language.
    data_dir
        The data folder holding processed/ (None: the project's).
    region
        The report's region (the region of a frame without a ``region`` column).

    Returns
    -------
    ChartDownload
        The frame as written, and what the page says of it.

    Examples
    --------
    >>> df = pl.DataFrame({"region": ["120000"], "date": ["2022-01-01"], "period": ["2022"],
    ...                    "value": [16588.5]})
    >>> spec = {"title": {"text": "GDP", "subtitle": ["Unit: 亿元", "Source: NBS"]}}
    >>> d = chart_download(df, spec=spec, lang="en")  # the store holds 16588.5 (NBS, revised)
    >>> d.frame.columns[:4], d.frame["value"].item(), d.frame["source_url"].item()
    (['region', 'period', 'value', 'vintage'], '16588.5', 'https://data.stats.gov.cn/')
    """
    from analytics.reports.downloads import store_provenance

    lg = _lang(lang)
    sub = _subtitle(spec or {}, lg)
    unit, source = sub.get("unit", ""), sub.get("source", "")
    families = _subtitle_families(source, lg)
    shown = data.drop("date") if "date" in data.columns and "period" in data.columns else data
    found, places = store_provenance(shown, families, data_dir=data_dir, region=region)
    floats = [c for c, d in shown.schema.items() if d in (pl.Float32, pl.Float64)]
    if places is None:
        out = shown.with_columns(pl.col(c).round(9) for c in floats)
    else:
        fmt = _number_text(places)
        out = shown.with_columns(
            pl.col(c).map_elements(fmt, return_dtype=pl.Utf8, skip_nulls=True) for c in floats
        )
    prov = _rows_provenance(found, source, families, lg)
    added = {
        "vintage": prov["vt"],
        "status": prov["st"],
        "unit": [unit] * out.height,
        "source": [source] * out.height,
        "source_title": prov["title"],
        "source_url": prov["url"],
        "licence": prov["lic"],
    }
    out = out.with_columns(
        pl.Series(k, [x or None for x in v], dtype=pl.Utf8)  # empty: an empty cell, not ""
        for k, v in added.items()
        if k not in out.columns
    )
    ints = [c for c, d in shown.schema.items() if d.is_integer()]
    title = _title_text(spec or {})
    return ChartDownload(out, tuple(floats + ints), title, unit, source, places)


def chart_csv(
    data: pl.DataFrame,
    *,
    spec: Mapping[str, Any] | None = None,
    header: Mapping[str, str] | None = None,
    lang: str = "zh",
    data_dir: Path | None = None,
    region: str | None = None,
    download: ChartDownload | None = None,
) -> str:
    """A chart's data as CSV a reader can open in Excel: UTF-8 with BOM, the source's precision.

    The first lines name the report, region and period (``# 报告: …``); then the columns of
    :func:`chart_download` (each row's vintage, status, unit, source, source title and URL,
    licence). A text cell Excel would run as a formula (starting with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return) gets a leading ``'`` (the OWASP rule); number columns,
    and text cells that are plain numbers (``-3.5``), stay as they are.

    Parameters
    ----------
    data
        The chart's frame.
    spec
        The chart's Vega-Lite spec (title and subtitle: unit, source).
    header
        The comment lines' fields (``report``, ``region``, ``period``).
    lang
        The report's language.
    data_dir, region
        As :func:`chart_download` takes them.
    download
        The chart's :func:`chart_download`, when the caller has it already (then ``data``,
        ``spec``, ``data_dir`` and ``region`` are not read again).

    Returns
    -------
    str
        The CSV text, starting with a BOM.

    Examples
    --------
    >>> df = pl.DataFrame({"period": ["2024"], "value": [6.900000000000006]})
    >>> spec = {"title": {"text": "t", "subtitle": ["单位：%", "来源：NBS"]}}
    >>> text = chart_csv(df, spec=spec, header={"region": "天津"})
    >>> text.startswith("\ufeff# 地区: 天津"), text.splitlines()[1]
    (True, 'period,value,vintage,status,unit,source,source_title,source_url,licence')
    >>> text.splitlines()[2]
    '2024,6.9,,,%,NBS,NBS,,未记录许可'
    >>> df = pl.DataFrame({"label": ["=1+2", "-3.5", "@SUM(A1)"], "value": [-1.0, 2, 3]})
    >>> [r.split(",")[:2] for r in chart_csv(df).splitlines()[1:]]
    [["'=1+2", '-1.0'], ['-3.5', '2.0'], ["'@SUM(A1)", '3.0']]
    """
    d = download or chart_download(data, spec=spec, lang=lang, data_dir=data_dir, region=region)
    return _csv_text(d, header, _lang(lang))


def _csv_text(d: ChartDownload, header: Mapping[str, str] | None, lang: Lang) -> str:
    lines = [f"# {_csv_word(k, lang)}: {v}" for k, v in (header or {}).items() if v]
    texts = [c for c, t in d.frame.schema.items() if t == pl.Utf8 and c not in d.numbers]
    body = d.frame.with_columns(_no_formula(pl.col(c)) for c in texts).write_csv()
    return "\ufeff" + "".join(f"{line}\n" for line in lines) + body


def _field_type(dtype: pl.DataType, number: bool) -> str:
    if dtype.is_integer():
        return "integer"
    if number or dtype.is_float():
        return "number"
    return "boolean" if dtype == pl.Boolean else "string"


def chart_resource(
    name: str,
    d: ChartDownload,
    *,
    header: Mapping[str, str] | None = None,
    lang: str = "zh",
) -> dict[str, Any]:
    """The Frictionless Data Package resource describing a chart's CSV (``<name>.csv``).

    Parameters
    ----------
    name
        The chart's name (the CSV's file name without ``.csv``).
    d
        The chart's download (:func:`chart_download`).
    header
        The CSV's comment lines' fields, as :func:`chart_csv` takes them (the dialect names
        those lines, then the header row).
    lang
        The report's language (of the description).

    Returns
    -------
    dict
        ``name``, ``path``, ``format``, ``encoding`` (``utf-8-sig``: the BOM), the dialect
        (the comment rows, then the header row), the table schema and the sources.

    Examples
    --------
    >>> d = chart_download(pl.DataFrame({"period": ["2024"], "value": [6.9]}))
    >>> r = chart_resource("gdp", d, header={"report": "r", "region": "天津"})
    >>> r["path"], [f["type"] for f in r["schema"]["fields"]][:2], r["dialect"]
    ('gdp.csv', ['string', 'number'], {'headerRows': [3], 'commentRows': [1, 2]})
    """
    fields = [
        {"name": c, "type": _field_type(dt, c in d.numbers)} for c, dt in d.frame.schema.items()
    ]
    for f in fields:
        if f["name"] == "unit" or f["name"] in d.numbers:
            f["description"] = d.unit
    n = sum(1 for v in (header or {}).values() if v)  # the `# 报告: …` lines
    urls = d.frame["source_url"].drop_nulls().unique(maintain_order=True).to_list()
    sources = [{"title": d.source or name, **({"path": urls[0]} if len(urls) == 1 else {})}]
    return {
        "name": re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-") or "chart",
        "path": f"{name}.csv",
        "title": d.title or name,
        "description": _alt_text(d, _lang(lang)),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "dialect": {"headerRows": [n + 1], "commentRows": list(range(1, n + 1))},
        "schema": {"fields": fields},
        "sources": sources,
    }


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

    Parameters
    ----------
    text : str
        Any text; lower-cased, each run of characters other than ``a-z0-9`` becomes ``-``, and
        ``-`` at either end is dropped (nothing left: ``chart``).

    Examples
    --------
    >>> slug("GDP growth, 2023 (%)")
    'gdp-growth-2023'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


_NOT_IN_TABLE = {"date", "highlight", *_PROVENANCE}


def _value_column(d: ChartDownload) -> str | None:
    """The column a chart's values are in: ``value``, else its first number column."""
    if "value" in d.numbers:
        return "value"
    floats = [c for c in d.numbers if c in d.frame.columns and d.frame.schema[c] != pl.Int64]
    return floats[0] if floats else (d.numbers[0] if d.numbers else None)


def _alt_text(d: ChartDownload, lang: Lang, what: str = "") -> str:
    """What a chart shows, from its data: what (its title, else ``what``), where, when, range."""
    f = d.frame
    who = next((c for c in ("series", "label", "pillar") if c in f.columns), None)
    names = f[who].drop_nulls().unique(maintain_order=True).to_list() if who else []
    sep = t("dl.sep.names", lang)
    where = ""
    if names:
        listed = sep.join(str(n) for n in names[:4])
        more = t("dl.alt.more", lang, n=len(names) - 4) if len(names) > 4 else ""
        where = t("dl.alt.where", lang, names=listed + more)
    when = ""
    col = next((c for c in ("period", "year") if c in f.columns), None)
    if col is not None:
        periods = sorted({str(p) for p in f[col].drop_nulls().to_list()})
        if periods:
            first, last = _period_words(periods[0], lang), _period_words(periods[-1], lang)
            key = "dl.alt.once" if first == last else "dl.alt.when"
            when = t(key, lang, first=first, last=last)
    vcol = _value_column(d)
    values = f[vcol].drop_nulls().to_list() if vcol else []
    title = d.title or what
    if not values:
        return title
    nums = sorted(values, key=float)
    fields = {"title": title, "where": where, "when": when, "unit": d.unit}
    text = t("dl.alt", lang, **fields, low=nums[0], high=nums[-1])
    return text.replace("，，", "，").replace("。，", "。").strip()


def _column_word(col: str, d: ChartDownload, lang: Lang) -> str:
    word = t(f"dl.col.{col}", lang) if f"dl.col.{col}" in MESSAGES else col
    if col == _value_column(d) and d.unit:
        return t("dl.with_unit", lang, word=word, unit=d.unit)
    return word


def chart_table_html(d: ChartDownload, *, lang: str = "zh") -> str:
    """A chart's data as an accessible table inside ``<details>`` (no script, no network).

    The numbers are the CSV's (the same text); the caption names the chart and its unit, every
    header cell has ``scope``, and the first column's cells are row headers.

    Parameters
    ----------
    d
        The chart's download (:func:`chart_download`).
    lang
        The report's language.

    Returns
    -------
    str
        ``<details class="an-table-twin">`` with a summary and the table.

    Examples
    --------
    >>> d = chart_download(pl.DataFrame({"period": ["2024"], "value": [6.9]}))
    >>> html_ = chart_table_html(d, lang="en")
    >>> '<th scope="col">Period</th>' in html_ and 'class="an-num">6.9</td>' in html_
    True
    """
    lg = _lang(lang)
    f = d.frame
    cols = [c for c in f.columns if c not in _NOT_IN_TABLE]
    if "region" in cols and {"series", "label"} & set(cols):
        cols.remove("region")  # the name says it
    rows = [["" if v is None else str(v) for v in r] for r in f.select(cols).iter_rows()]
    caption = t("dl.table.caption", lg, title=d.title, unit=d.unit) if d.unit else d.title
    return render(
        "table_twin.html.j2",
        summary=t("dl.table", lg),
        caption=caption,
        header=[_column_word(c, d, lg) for c in cols],
        numeric=[c in d.numbers for c in cols],
        rows=rows,
    )


def chart_html(
    chart: alt.TopLevelMixin,
    *,
    name: str,
    data: pl.DataFrame | None = None,
    lang: str = "zh",
    header: Mapping[str, str] | None = None,
    data_dir: Path | None = None,
    region: str | None = None,
    spec: Mapping[str, Any] | None = None,
    download: ChartDownload | None = None,
) -> str:
    """A ``<figure>``: the chart, its table twin and its downloads (CSV, data package).

    The chart's ``aria-label`` summarises its data (what, where, when, range), then says what
    its description says; the CSV travels as a ``data:`` link (the page stays one file) and
    the data package as ``data/datapackage.json`` beside the published page.

    Parameters
    ----------
    chart
        The Altair chart.
    name
        The chart's name (its CSV's file name).
    data
        The chart's frame (None: no table twin, no downloads).
    lang
        The report's language.
    header
        The CSV's comment lines' fields (``report``, ``region``, ``period``).
    data_dir, region
        As :func:`chart_download` takes them.

    spec, download
        The chart's spec and :func:`chart_download` when the caller has them (a section converts
        its chart once, however often it is shown); by default computed here.

    Returns
    -------
    str
        The ``<figure>``.
    """
    spec = dict(spec) if spec is not None else chart.to_dict()
    described = str(spec.get("description", ""))
    href, twin, label = "", None, described
    if data is not None:
        d = download or chart_download(data, spec=spec, lang=lang, data_dir=data_dir, region=region)
        href = _csv_href(_csv_text(d, header, _lang(lang)))
        twin = Markup(chart_table_html(d, lang=lang))
        alt_text = _alt_text(d, _lang(lang), described)
        label = alt_text if described in alt_text else f"{alt_text} {described}"
    embed = Markup(embed_spec_html(spec, description=label))
    return render(
        "figure.html.j2",
        name=name,
        embed=embed,
        twin=twin,
        csv_href=href,
        csv_label=t("word.csv", _lang(lang)),
        package_label=t("dl.package", _lang(lang)),
    )


def show_html(text: str, *, metadata: Mapping[str, Any] | None = None) -> None:
    """Display HTML as a notebook output (with optional output metadata).

    Parameters
    ----------
    text : str
        The HTML shown.
    metadata : Mapping or None
        The output's metadata (e.g. a chart's data under :data:`METADATA_KEY`); None: none.
    """
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
    """One headline card: value, change, target, status in colour and words.

    Parameters
    ----------
    label : str
        What the card measures (its heading).
    value : str
        The figure, already formatted.
    unit : str
        Shown after the value; default none.
    period : str
        The period the value is of (``2024``, ``2024-03``), shown in words; default none.
    change : str or None
        A line on the change (e.g. the real growth), in words; None: no line.
    target : str or None
        The target, shown after the word for target; None: no line.
    status : CardStatus
        The target status, shown in words and in its :data:`STATUS_COLOURS` colour; default
        ``no_target``.
    note : str or None
        A last line (e.g. the rank); None: no line.
    """

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

    Parameters
    ----------
    cards : Sequence of Card
        The cards, in the order shown.
    lang : str
        The language of the periods, statuses and labels (anything but ``en``: Chinese).

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
    """A data note: a source (with its quote or file), its vintage, gaps, a synthetic label.

    Parameters
    ----------
    title : str
        What the note is about (shown in bold).
    source : str
        Where it came from, in the project's terms: shown as the public title and link of
        :func:`~analytics.reports.sources.public_source`, else as text (never a file path).
    quote : str
        The source's own words, quoted; default none.
    vintage : str
        Vintage codes (comma-separated), shown in words; default none.
    gaps : str
        What is missing or uncertain, in words; default none.
    synthetic : bool
        Marks the note's data as synthetic (SYNTHETIC); default False.
    """

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

    Parameters
    ----------
    notes : Sequence of DataNote
        The notes, in order; a note with the title, source and quote of an earlier one is left
        out.
    lang : str
        The language of the labels, sources and vintages (anything but ``en``: Chinese).
    releases : ReleaseNotes or None
        When the report will next change, shown last; None (the default): not shown.

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
    """What the footer records: parameters, input hashes, package version, time, sources read.

    Parameters
    ----------
    parameters : Mapping
        The report's parameters (the citation reads ``region``, ``period`` and ``lang``).
    inputs : Mapping of str to str
        Each input file's hash, by its path (the footer shows the first 16 characters).
    version : str
        The package version.
    generated : str
        When the run was made (``2026-12-04 21:00 CST``; its date is the citation's edition).
    report : str
        The report's registry name (the citation's title).
    sources : tuple of str
        The store ``source`` ids the report read (the data licences).
    """

    parameters: Mapping[str, Any]
    inputs: Mapping[str, str] = field(default_factory=dict)
    version: str = ""
    generated: str = ""
    report: str = ""
    """The report's registry name (the citation's title)."""
    sources: tuple[str, ...] = ()
    """The store ``source`` ids the report read (the data licences)."""


def citation(p: Provenance, lang: Lang) -> str:
    """How to cite the report, in ``lang``: title, region, period, edition date, address.

    The edition date is the run's (``generated``); the address is
    :func:`analytics.config.public_url` followed by the report's place in the published tree.

    Parameters
    ----------
    p
        The footer's record (its parameters name the region and the period).
    lang
        The citation's language (every page cites itself in both).

    Returns
    -------
    str
        One sentence.

    Examples
    --------
    >>> p = Provenance({"region": "120000", "period": "2024", "lang": "zh"},
    ...                generated="2026-12-04 21:00 CST", report="industry")
    >>> citation(p, "en").split(" Digital")[0]
    'Industry and growth: Tianjin, 2024. Edition of 2026-12-04.'
    >>> citation(p, "zh").split("。")[0]
    '《天津产业经济报告》，2024年，2026-12-04版'
    """
    from analytics.catalog import region_name
    from analytics.config import public_url
    from analytics.runs.registry import REPORTS

    spec = REPORTS.get(p.report)
    title = pick(lang, zh=spec.title_zh, en=spec.title_en) if spec else p.report
    code = str(p.parameters.get("region", ""))
    period = str(p.parameters.get("period", ""))
    when = t("dl.cite.latest", lang) if period in ("", "latest") else _period_words(period, lang)
    page = (p.report, code, period or "latest", p.parameters.get("lang", lang))
    where = "/".join(str(x) for x in page)
    return t(
        "dl.cite.text",
        lang,
        title=title,
        region=region_name(code, lang) if code else "",
        period=when,
        edition=p.generated[:10],
        url=f"{public_url()}{where}/",
    )


def footer_html(p: Provenance, *, lang: str = "zh") -> str:
    """The footer: the citation in Chinese and English, the data licences, the provenance.

    Parameters
    ----------
    p
        What the run records (:func:`analytics.reports._common.provenance`).
    lang
        The report's language (of the labels; the citation is given in both).

    Returns
    -------
    str
        The ``<footer>``.

    Examples
    --------
    >>> p = Provenance({"region": "120000", "period": "latest"}, report="fiveg",
    ...                sources=("rd_techme/x.csv",))
    >>> text = footer_html(p, lang="en")
    >>> "How to cite" in text and "MIT licence" in text and "《天津5G与数字基础设施报告》" in text
    True
    """
    from analytics.config import PUBLIC_URL_PLACEHOLDER, public_url
    from analytics.reports.downloads import licence, source_family

    lg = _lang(lang)
    params = ", ".join(f"{k}={v!r}" for k, v in p.parameters.items())
    inputs = [(k, v[:16]) for k, v in p.inputs.items()]
    families = [source_family(s) for s in p.sources]
    return render(
        "footer.html.j2",
        params=params,
        inputs=inputs,
        version=p.version,
        generated=p.generated,
        words=_words(lg),
        cite_heading=t("dl.cite.heading", lg),
        cites=[(t(f"dl.cite.{c}", lg), c, citation(p, c)) for c in ("zh", "en")],
        placeholder=t("dl.cite.placeholder", lg) if public_url() == PUBLIC_URL_PLACEHOLDER else "",
        licence_label=t("dl.licence", lg),
        licence=licence(families, lg),
        sep=t("dl.sep.label", lg),
    )
