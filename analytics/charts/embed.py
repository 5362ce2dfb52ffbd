"""Charts in HTML with no network: a ``<div>`` plus a ``vegaEmbed(...)`` call per chart.

The Vega, Vega-Lite and vega-embed libraries themselves are inlined once per exported report (the
report renderer does that); this module writes the per-chart part and the Altair renderer that
emits it. In JupyterLab, charts are shown through the Vega MIME type instead (:func:`mimebundle`):
the Vega-Lite spec is compiled to Vega here, by the same Vega-Lite version the exported page uses
(vl-convert's), so JupyterLab draws exactly what the report shows — sort, facets and layers.

Examples
--------
>>> out = embed_spec_html({"mark": "point"}, description="d")
>>> 'getElementById("an-' in out and 'aria-label="d"' in out
True
"""

from __future__ import annotations

import html
import json
import os
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import altair as alt

__all__ = [
    "LAB_ENV",
    "LAB_METADATA",
    "LAB_ONLY_MIMES",
    "PENDING_MIME",
    "STATIC_ENV",
    "VEGALITE_MIME",
    "VEGA_MIME",
    "compile_pending",
    "embed_spec_html",
    "enable_lab_renderer",
    "enable_offline_renderer",
    "lab_bundle",
    "mimebundle",
    "responsive",
]

VEGALITE_MIME = "application/vnd.vegalite.v5+json"
"""The Vega-Lite MIME type JupyterLab 4 renders with its own Vega-Lite 5 (no longer written)."""

VEGA_MIME = "application/vnd.vega.v5+json"
"""The Vega MIME type JupyterLab 4 renders itself (its vega5-extension); what charts go out as."""


def _safe_json(obj: Any) -> str:
    r"""JSON safe inside ``<script>``: no data string can close the script or open a tag.

    ``<``, ``>`` and ``&`` become ``\u`` escapes, as in Django's ``json_script``.

    Examples
    --------
    >>> print(_safe_json({"t": "</script><!-- & >"}))
    {"t": "\u003c/script\u003e\u003c!-- \u0026 \u003e"}
    """
    text = json.dumps(obj, ensure_ascii=False, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def responsive(spec: Mapping[str, Any]) -> dict[str, Any]:
    """A single-view or layered chart as wide as the page, so its text never shrinks.

    A chart drawn at a fixed 520 px and scaled down to a 390 px phone would shrink 12 px labels to
    8 px; ``width: "container"`` redraws it at the page's width instead. Facets keep their size
    (their panels would become unreadably narrow) and scroll inside their own box.

    Parameters
    ----------
    spec
        A Vega-Lite spec (``chart.to_dict()``); not modified.

    Returns
    -------
    dict
        A shallow copy: with ``width: "container"`` and ``autosize`` fit-x for a single or
        layered view; unchanged for a facet or a concatenation.

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


FIT_JS = """\
  // drawn to fit its box: fewer columns of small multiples, then a legend in fewer columns,
  // until nothing is wider than the box (a phone); drawn again when the box's width changes
  var opts = {"renderer": "svg", "actions": false}, columns = spec.columns, result = null;
  var config = spec.config = spec.config || {}, legend = config.legend = config.legend || {};
  var legendColumns = legend.columns, tries = 0, width = el.getBoundingClientRect().width;
  function narrower() {
    var box = el.getBoundingClientRect(), svg = el.querySelector("svg");
    if (!svg || !box.width || tries > 12) { return false; }
    if (spec.columns > 1 && svg.getBoundingClientRect().width > box.width + 1) {
      spec.columns -= 1; return true;
    }
    var labels = el.querySelectorAll(".role-legend-label text");
    var past = Array.prototype.some.call(labels, function (t) {
      var r = t.getBoundingClientRect(); return r.width > 0 && r.right > box.right + 1;
    });
    var now = legend.columns || labels.length;
    if (!past || now <= 1) { return false; }
    legend.columns = now - 1; return true;
  }
  function draw() {
    if (result) { result.finalize(); }
    el.setAttribute("data-fit", "drawing");
    return vegaEmbed(el, spec, opts).then(function (res) {
      result = res; tries += 1;
      if (narrower()) { return draw(); }
      el.setAttribute("data-fit", "done");
    }).catch(function (err) { el.setAttribute("data-fit", "failed"); console.error(err); });
  }
  var wait = null;
  window.addEventListener("resize", function () {
    clearTimeout(wait);
    wait = setTimeout(function () {
      var now = el.getBoundingClientRect().width;
      if (Math.abs(now - width) < 24) { return; }
      width = now; tries = 0; spec.columns = columns; legend.columns = legendColumns; draw();
    }, 200);
  });
  draw();
"""
"""The script that draws a chart into ``el`` from ``spec`` and makes it fit the box.

A facet's columns (peer small multiples) and a legend's columns are cut one at a time while
the drawing is wider than its box, so a 390 px phone gets two panels a row and a legend that
wraps instead of a chart that scrolls or is cut; ``data-fit="done"`` marks the end.
"""


def embed_spec_html(spec: Mapping[str, Any], *, description: str = "") -> str:
    """A ``<div>`` and the ``vegaEmbed`` call that draws ``spec`` into it (SVG renderer).

    The page must already hold the Vega, Vega-Lite and vega-embed libraries (the report
    renderer inlines them once). The spec is made :func:`responsive` and written as JSON that
    no data string can break out of (``<``, ``>``, ``&`` escaped).

    Parameters
    ----------
    spec
        A Vega-Lite spec (``chart.to_dict()``).
    description
        Text for the div's ``aria-label`` (what a screen reader says); the default ``""``
        takes the spec's own ``description``, else leaves the label empty.

    Returns
    -------
    str
        HTML: a ``<div class="an-vega">`` with a fresh random id and the ``<script>`` that draws
        into it; errors go to the browser console.

    Examples
    --------
    >>> "</script><script>" in embed_spec_html({"title": "</script><script>"})
    False
    """
    div = f"an-{uuid.uuid4().hex[:12]}"
    label = html.escape(description or str(spec.get("description", "")), quote=True)
    spec = responsive(spec)
    return (
        f'<div class="an-vega" id="{div}" role="img" aria-label="{label}"></div>\n'
        '<script type="text/javascript">(function () {\n'
        f"  var spec = {_safe_json(dict(spec))};\n"
        f'  var el = document.getElementById("{div}");\n'
        f"{FIT_JS}"
        "})();</script>"
    )


def _plain(spec: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON-only copy of ``spec`` (dates and other objects as their text), as a notebook stores.

    Examples
    --------
    >>> import datetime
    >>> _plain({"d": datetime.date(2024, 1, 1), "n": [1, 2.5]})
    {'d': '2024-01-01', 'n': [1, 2.5]}
    """
    plain: dict[str, Any] = json.loads(json.dumps(dict(spec), default=str))
    return plain


def _vegalite_version(spec: Mapping[str, Any]) -> str:
    """The Vega-Lite version a spec's ``$schema`` names, as vl-convert spells it (``6.4``).

    Examples
    --------
    >>> _vegalite_version({"$schema": "https://vega.github.io/schema/vega-lite/v6.4.1.json"})
    '6.4'
    >>> _vegalite_version({}) == ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    True
    """
    import re

    found = re.search(r"vega-lite/v(\d+)\.(\d+)", str(spec.get("$schema", "")))
    if found:
        return f"{found[1]}.{found[2]}"
    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return f"{major}.{minor}"


STATIC_ENV = "ANALYTICS_STATIC_CHARTS"
"""Set to ``1`` (``make docs`` does) to add each chart as SVG beside its Vega output, for pages
made from notebooks by nbconvert (the documentation site), which draw no Vega themselves."""


def mimebundle(spec: Mapping[str, Any], *, svg: bool | None = None) -> dict[str, Any]:
    """The Vega MIME entry JupyterLab draws itself, with no network.

    JupyterLab 4 ships Vega 5 and Vega-Lite 5 (``@jupyterlab/vega5-extension``), not the
    Vega-Lite 6 that Altair 6 writes for; relabelling a Vega-Lite 6 spec as v5 made Lab compile it
    with the older rules and lose, among others, the sort of ranking bars. So the spec is compiled
    to Vega here by vl-convert (the Vega-Lite the exported page also runs), and only the resulting
    Vega spec goes to Lab. A bundle without ``text/html`` is what makes JupyterLab pick this
    renderer (HTML ranks first).

    Parameters
    ----------
    spec
        A Vega-Lite spec (``chart.to_dict()``).
    svg
        Add the chart drawn as SVG under ``image/svg+xml`` (JupyterLab still prefers the Vega
        output; nbconvert takes the SVG). Default: when the environment variable
        :data:`STATIC_ENV` is ``1``.

    Returns
    -------
    dict
        ``{VEGA_MIME: vega_spec}``, the spec labelled with the Vega 5 schema Lab knows (and the
        SVG when asked).

    Examples
    --------
    >>> bundle = mimebundle({"mark": "bar", "data": {"values": [{"a": "x", "b": 1}]},
    ...                      "encoding": {"x": {"field": "a", "sort": "-y"}, "y": {"field": "b"}}})
    >>> list(bundle), bundle[VEGA_MIME]["$schema"]
    (['application/vnd.vega.v5+json'], 'https://vega.github.io/schema/vega/v5.json')
    """
    import vl_convert as vlc

    clean = _plain(spec)
    version = _vegalite_version(clean)
    vega = vlc.vegalite_to_vega(clean, vl_version=version)
    vega["$schema"] = "https://vega.github.io/schema/vega/v5.json"
    bundle: dict[str, Any] = {VEGA_MIME: vega}
    if svg if svg is not None else os.environ.get(STATIC_ENV) == "1":
        bundle["image/svg+xml"] = vlc.vegalite_to_svg(clean, vl_version=version)
    return bundle


LAB_ENV = "ANALYTICS_LAB_CHARTS"
"""Set to ``0`` while a report run executes its notebook (:func:`analytics.runs.execute.run_report`
does): vl-convert's compile costs ≈ 0.4 s to start in each new process (every attempt is a fresh
fork) and 3–4 ms a chart once started. The notebook then stores each chart's Vega-Lite spec under
:data:`PENDING_MIME`, and the runner compiles them all in its own long-lived process before it
publishes the notebook (:func:`compile_pending`): one start a batch instead of one a report."""

PENDING_MIME = "application/vnd.analytics.vegalite-pending+json"
"""A chart's Vega-Lite spec waiting to be compiled for JupyterLab (:func:`compile_pending`).

No frontend renders it, and the report template leaves it out of the page; a published notebook
never keeps it (the runner replaces it by :data:`VEGA_MIME` before publishing)."""


def lab_bundle(spec: Mapping[str, Any], text: str) -> dict[str, Any]:
    """The chart's output for JupyterLab: :func:`mimebundle` and ``text`` (pending in a run).

    Parameters
    ----------
    spec
        A Vega-Lite spec (``chart.to_dict()``).
    text
        The ``text/plain`` entry.

    Returns
    -------
    dict
        The bundle to display: the compiled Vega, or, when :data:`LAB_ENV` is ``0``, the
        Vega-Lite spec under :data:`PENDING_MIME` for :func:`compile_pending` to compile later.

    Examples
    --------
    >>> import os
    >>> spec = {"mark": "bar", "data": {"values": [{"a": "x", "b": 1}]}}
    >>> sorted(lab_bundle(spec, "Bars"))
    ['application/vnd.vega.v5+json', 'text/plain']
    >>> os.environ[LAB_ENV] = "0"
    >>> sorted(lab_bundle(spec, "Bars"))
    ['application/vnd.analytics.vegalite-pending+json', 'text/plain']
    >>> del os.environ[LAB_ENV]
    """
    if os.environ.get(LAB_ENV) == "0":
        return {PENDING_MIME: _plain(spec), "text/plain": text}
    return {**mimebundle(spec), "text/plain": text}


def compile_pending(notebook: Path) -> int:
    """Compile the notebook's :data:`PENDING_MIME` outputs to :data:`VEGA_MIME`, in place.

    What :func:`lab_bundle` would have shown in JupyterLab, compiled here in the caller's process
    (where vl-convert's runtime, once started, stays); the file is replaced atomically and left
    untouched when nothing is pending.

    Parameters
    ----------
    notebook
        An executed notebook (``report.ipynb``).

    Returns
    -------
    int
        How many charts were compiled.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> out = {"output_type": "display_data", "metadata": {},
    ...        "data": {PENDING_MIME: {"mark": "point"}, "text/plain": "A chart"}}
    >>> nb = Path(tempfile.mkdtemp()) / "report.ipynb"
    >>> _ = nb.write_text(json.dumps({"cells": [{"cell_type": "code", "outputs": [out]}]}))
    >>> compile_pending(nb), compile_pending(nb)
    (1, 0)
    >>> data = json.loads(nb.read_text())["cells"][0]["outputs"][0]["data"]
    >>> sorted(data), data[VEGA_MIME]["$schema"]
    (['application/vnd.vega.v5+json', 'text/plain'], 'https://vega.github.io/schema/vega/v5.json')
    """
    text = notebook.read_text(encoding="utf-8")
    if PENDING_MIME not in text:
        return 0
    nb = json.loads(text)
    pending = [
        o["data"]
        for cell in nb.get("cells", [])
        for o in cell.get("outputs", [])
        if PENDING_MIME in o.get("data", {})
    ]
    for data in pending:
        data.update(mimebundle(data.pop(PENDING_MIME)))
    part = notebook.with_name(f".{notebook.name}.lab")
    text = json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False)  # as nbformat writes
    part.write_text(text + "\n", encoding="utf-8")
    os.replace(part, notebook)
    return len(pending)


def _renderer(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    return {"text/html": embed_spec_html(spec)}


LAB_ONLY_MIMES = (VEGA_MIME, VEGALITE_MIME, PENDING_MIME)
"""Outputs of these types without ``text/html`` are for JupyterLab only; the report page leaves
them out (the section's HTML output beside each already draws the chart with ``vegaEmbed``)."""

LAB_METADATA: dict[str, Any] = {VEGA_MIME: {"embed_options": {"renderer": "svg", "actions": False}}}
"""Output metadata asking JupyterLab's Vega renderer for SVG (text a reader can select)."""


def _lab_renderer(spec: dict[str, Any], **_: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {**mimebundle(spec), "text/plain": "<Chart>"}, LAB_METADATA


def enable_lab_renderer() -> None:
    """Register and enable the ``analytics_lab`` Altair renderer: charts drawn by JupyterLab.

    For exploring in ``make lab`` with no network (JupyterLab renders the Vega MIME type
    itself; a notebook run by papermill stores it as a valid output).

    Examples
    --------
    >>> enable_lab_renderer(); alt.renderers.active
    'analytics_lab'
    >>> _ = alt.renderers.enable("default")
    """
    alt.renderers.register("analytics_lab", _lab_renderer)
    alt.renderers.enable("analytics_lab")


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
