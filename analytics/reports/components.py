"""HTML pieces of a report: charts (div + ``vegaEmbed``), headline cards, data notes, footer.

Everything returns HTML strings (``*_html``) or displays them (``show_*``) so report notebooks stay
a handful of calls. Charts are embedded as a ``<div>`` plus a ``vegaEmbed(...)`` call; the Vega
libraries themselves are inlined once per report by :mod:`analytics.runs.render`. Each chart
carries its data as a CSV download (a ``data:`` link) and in the output's metadata, from which
:func:`analytics.runs.execute.run_report` writes ``data/<name>.csv``.
"""

from __future__ import annotations

import base64
import html
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import altair as alt
import polars as pl

__all__ = [
    "METADATA_KEY",
    "STATUS_COLOURS",
    "Card",
    "DataNote",
    "Provenance",
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

Status = Literal["achieved", "on_track", "at_risk", "off_track", "unknown", "no_target"]
METADATA_KEY = "analytics_chart"
"""Output-metadata key under which a chart's name and CSV travel in the executed notebook."""

#: Okabe–Ito colours per status; the status is always written out in words too.
STATUS_COLOURS: dict[str, str] = {
    "achieved": "#009E73",
    "on_track": "#009E73",
    "at_risk": "#E69F00",
    "off_track": "#D55E00",
    "unknown": "#767676",
    "no_target": "#767676",
}
_STATUS_WORDS = {
    "zh": {"achieved": "✓ 已达成", "on_track": "✓ 进度正常", "at_risk": "! 存在风险",
           "off_track": "✗ 偏离目标", "unknown": "? 无法判断", "no_target": "— 无量化目标"},
    "en": {"achieved": "✓ Achieved", "on_track": "✓ On track", "at_risk": "! At risk",
           "off_track": "✗ Off track", "unknown": "? Cannot tell", "no_target": "— No numeric target"},  # noqa: E501
}  # fmt: skip
_WORDS = {
    "zh": {"csv": "下载图表数据 (CSV)", "target": "目标", "change": "变化", "notes": "数据说明",
           "source": "来源", "provenance": "出处与可复现信息", "parameters": "参数",
           "inputs": "输入文件 (SHA-256)", "version": "软件包版本", "generated": "生成时间",
           "vintage": "版本", "gaps": "缺口", "synthetic": "合成数据"},
    "en": {"csv": "Download chart data (CSV)", "target": "Target", "change": "Change",
           "notes": "Data notes", "source": "Source", "provenance": "Provenance",
           "parameters": "Parameters", "inputs": "Input files (SHA-256)",
           "version": "Package version", "generated": "Generated", "vintage": "Vintage",
           "gaps": "Gaps", "synthetic": "Synthetic data"},
}  # fmt: skip


def _lang(lang: str) -> Literal["zh", "en"]:
    return "en" if lang == "en" else "zh"


def _safe_json(obj: Any) -> str:
    """JSON safe inside ``<script>``: no ``</`` and no HTML comment openers."""
    text = json.dumps(obj, ensure_ascii=False, default=str)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def responsive(spec: Mapping[str, Any]) -> dict[str, Any]:
    """A single-view or layered chart as wide as the page, so its text never shrinks.

    A chart drawn at a fixed 520 px and scaled down to a 390 px phone would shrink 12 px labels to
    8 px; ``width: "container"`` redraws it at the page's width instead. Facets keep their size
    (their panels would become unreadably narrow) and scroll inside their own box.

    Examples
    --------
    >>> responsive({"mark": "point", "width": 520})["width"]
    'container'
    >>> responsive({"facet": {}, "spec": {}})
    {'facet': {}, 'spec': {}}
    """
    out = dict(spec)
    if any(k in out for k in ("facet", "hconcat", "vconcat", "concat", "repeat")):
        return out
    out["width"] = "container"
    out["autosize"] = {"type": "fit-x", "contains": "padding"}
    return out


def embed_spec_html(spec: Mapping[str, Any], *, description: str = "") -> str:
    """A ``<div>`` and the ``vegaEmbed`` call that draws ``spec`` into it (SVG renderer).

    Examples
    --------
    >>> out = embed_spec_html({"mark": "point"}, description="d")
    >>> 'vegaEmbed("#an-' in out and 'aria-label="d"' in out
    True
    """
    div = f"an-{uuid.uuid4().hex[:12]}"
    label = html.escape(description or str(spec.get("description", "")), quote=True)
    spec = responsive(spec)
    return (
        f'<div class="an-vega" id="{div}" role="img" aria-label="{label}"></div>\n'
        '<script type="text/javascript">(function () {\n'
        f"  var spec = {_safe_json(dict(spec))};\n"
        f'  vegaEmbed("#{div}", spec, {{"renderer": "svg", "actions": false}})'
        ".catch(function (err) { console.error(err); });\n"
        "})();</script>"
    )


_CSV_WORDS = {
    "zh": {"report": "报告", "region": "地区", "period": "期间", "unit": "单位", "source": "来源"},
    "en": {"report": "report", "region": "region", "period": "period", "unit": "unit",
           "source": "source"},
}  # fmt: skip


def _subtitle(spec: Mapping[str, Any], lang: str) -> dict[str, str]:
    """Unit and source as the chart's subtitle states them (``单位：亿元``, ``来源：…``)."""
    title = spec.get("title")
    lines = title.get("subtitle", []) if isinstance(title, Mapping) else []
    out = {}
    for line in lines if isinstance(lines, list) else [lines]:
        key, _, value = str(line).replace("：", ": ", 1).partition(": ")
        for k in ("unit", "source"):
            if key.strip().lower() == _CSV_WORDS[_lang(lang)][k].lower():
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
    (6.900000000000006 → 6.9).

    Examples
    --------
    >>> df = pl.DataFrame({"period": ["2024"], "value": [6.900000000000006]})
    >>> spec = {"title": {"text": "t", "subtitle": ["单位：%", "来源：NBS"]}}
    >>> text = chart_csv(df, spec=spec, header={"region": "天津"})
    >>> text.startswith("\ufeff# 地区: 天津"), text.splitlines()[1:]
    (True, ['period,value,unit,source', '2024,6.9,%,NBS'])
    """
    w = _CSV_WORDS[_lang(lang)]
    lines = [f"# {w.get(k, k)}: {v}" for k, v in (header or {}).items() if v]
    extra = {k: v for k, v in _subtitle(spec or {}, lang).items() if k not in data.columns}
    floats = [c for c, t in data.schema.items() if t in (pl.Float32, pl.Float64)]
    clean = data.with_columns(
        [pl.col(c).round(9) for c in floats] + [pl.lit(v).alias(k) for k, v in extra.items()]
    )
    body = clean.write_csv()
    return "\ufeff" + "".join(f"{line}\n" for line in lines) + body


def _csv_link(csv: str, name: str, lang: str) -> str:
    payload = base64.b64encode(csv.encode("utf-8")).decode("ascii")
    label = _WORDS[_lang(lang)]["csv"]
    return (
        f'<a class="an-csv" download="{html.escape(name)}.csv" '
        f'href="data:text/csv;charset=utf-8;base64,{payload}">{label}</a>'
    )


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
    parts = [f'<figure class="an-chart" data-chart="{html.escape(name)}">']
    parts.append(embed_spec_html(spec, description=str(spec.get("description", ""))))
    if data is not None:
        csv = chart_csv(data, spec=spec, header=header, lang=lang)
        parts.append(f"<figcaption>{_csv_link(csv, name, lang)}</figcaption>")
    parts.append("</figure>")
    return "\n".join(parts)


def show_html(text: str, *, metadata: Mapping[str, Any] | None = None) -> None:
    """Display HTML as a notebook output (with optional output metadata)."""
    from IPython.display import HTML, display

    display(HTML(text), metadata=dict(metadata or {}))


def _renderer(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    return {"text/html": embed_spec_html(spec)}


def enable_offline_renderer() -> None:
    """Register and enable the ``analytics_offline`` Altair renderer (div + ``vegaEmbed``).

    Use it in notebooks whose HTML export inlines the Vega bundle (reports do); in JupyterLab
    itself keep Altair's default renderer.

    Examples
    --------
    >>> enable_offline_renderer(); alt.renderers.active
    'analytics_offline'
    >>> _ = alt.renderers.enable("default")
    """
    alt.renderers.register("analytics_offline", _renderer)
    alt.renderers.enable("analytics_offline")


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
    status: Status = "no_target"
    note: str | None = None

    def text(self, lang: str = "zh") -> str:
        """One plain-text line (for logs and nbval-checked cells)."""
        words = _STATUS_WORDS[_lang(lang)]
        when = _period_words(self.period, lang)
        bits = [f"{self.label}: {self.value} {self.unit}".rstrip() + f" ({when})"]
        if self.change:
            bits.append(self.change)
        if self.target:
            bits.append(f"{_WORDS[_lang(lang)]['target']} {self.target}")
        bits.append(words[self.status])
        return " | ".join(bits)


def cards_html(cards: Sequence[Card], *, lang: str = "zh") -> str:
    """The row of headline cards.

    Examples
    --------
    >>> "已达成" in cards_html([Card("5G", "73,000", "个", "2024-03", status="achieved")])
    True
    """
    w, sw = _WORDS[_lang(lang)], _STATUS_WORDS[_lang(lang)]
    out = ['<div class="an-cards">']
    for c in cards:
        colour = STATUS_COLOURS[c.status]
        out.append(f'<div class="an-card" style="border-top-color:{colour}">')
        out.append(f'<div class="an-card-label">{html.escape(c.label)}</div>')
        out.append(
            f'<div class="an-card-value">{html.escape(c.value)}'
            f' <span class="an-card-unit">{html.escape(c.unit)}</span></div>'
        )
        out.append(
            f'<div class="an-card-period">{html.escape(_period_words(c.period, lang))}</div>'
        )
        if c.change:
            out.append(f'<div class="an-card-change">{html.escape(c.change)}</div>')
        if c.target:
            out.append(f'<div class="an-card-target">{w["target"]}: {html.escape(c.target)}</div>')
        out.append(
            f'<div class="an-status an-status-{c.status}" style="color:{colour}">'
            f"{sw[c.status]}</div>"
        )
        if c.note:
            out.append(f'<div class="an-card-note">{html.escape(c.note)}</div>')
        out.append("</div>")
    out.append("</div>")
    return "\n".join(out)


@dataclass(frozen=True)
class DataNote:
    """A data note: a source (with its quote or file), its vintage, gaps, a synthetic label."""

    title: str
    source: str = ""
    quote: str = ""
    vintage: str = ""
    gaps: str = ""
    synthetic: bool = False


def _source_html(text: str, public: tuple[str, str], word: str) -> str:
    """The source as a link a reader can follow; free text as text; never an internal path."""
    title, url = public
    if url:
        label = html.escape(title or url)
        return f'{word}: <a class="an-src" href="{html.escape(url, quote=True)}">{label}</a>'
    if re.search(r"\.(csv|xlsx|yaml|parquet)\b|^data/|generate_register", text):
        return ""
    return f'{word}: <span class="an-src">{html.escape(text)}</span>'


def notes_html(notes: Sequence[DataNote], *, lang: str = "zh") -> str:
    """The data-notes section."""
    w = _WORDS[_lang(lang)]
    out = [f'<section class="an-notes"><h2>{w["notes"]}</h2><ol>']
    from analytics.reports.sources import public_source, vintage_label

    seen: set[tuple[str, str, str]] = set()
    for n in notes:
        if (n.title, n.source, n.quote) in seen:
            continue  # one note per source, however many sections use it
        seen.add((n.title, n.source, n.quote))
        item = [f"<strong>{html.escape(n.title)}</strong>"]
        if n.synthetic:
            item.append(f'<span class="an-synthetic">{w["synthetic"]} (SYNTHETIC)</span>')
        if n.source:
            item.append(_source_html(n.source, public_source(n.source, lang), w["source"]))
        if n.vintage:
            item.append(f"{w['vintage']}: {html.escape(vintage_label(n.vintage, lang))}")
        if n.quote:
            item.append(f"<q>{html.escape(n.quote)}</q>")
        if n.gaps:
            item.append(f"{w['gaps']}: {html.escape(n.gaps)}")
        out.append("<li>" + "<br>".join(i for i in item if i) + "</li>")
    out.append("</ol></section>")
    return "\n".join(out)


@dataclass(frozen=True)
class Provenance:
    """What the footer records: parameters, input hashes, package version, time."""

    parameters: Mapping[str, Any]
    inputs: Mapping[str, str] = field(default_factory=dict)
    version: str = ""
    generated: str = ""


def footer_html(p: Provenance, *, lang: str = "zh") -> str:
    """The provenance footer."""
    w = _WORDS[_lang(lang)]
    params = ", ".join(f"{k}={v!r}" for k, v in p.parameters.items())
    inputs = "".join(
        f"<li><code>{html.escape(k)}</code> {html.escape(v[:16])}…</li>"
        for k, v in p.inputs.items()
    )
    return (
        f'<footer class="an-footer"><h2>{w["provenance"]}</h2>'
        f"<p>{w['parameters']}: <code>{html.escape(params)}</code></p>"
        f"<p>{w['inputs']}:</p><ul>{inputs}</ul>"
        f"<p>{w['version']}: analytics {html.escape(p.version)} · "
        f"{w['generated']}: {html.escape(p.generated)}</p></footer>"
    )
