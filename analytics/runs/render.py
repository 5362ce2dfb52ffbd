"""Render an executed report notebook to one offline HTML file (house nbconvert template).

No code, no prompts, no stderr or error outputs, no cell tagged ``report-hide``; the Vega,
Vega-Lite and vega-embed libraries (vl-convert's bundle, cached in a file) are inlined once in
the head, and each chart is a ``<div>`` plus a ``vegaEmbed`` call written by the report code in
the kernel, which also puts each chart's data under :data:`METADATA_KEY` in the output's
metadata (the host never imports the report code).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import os
import re
from pathlib import Path
from typing import Any

import nbformat

from analytics.exceptions import ReportError
from analytics.runs._page_check import page_leaks, printed_non_number

__all__ = [
    "FACTS_KEY",
    "HIDE_TAG",
    "MAX_BYTES",
    "METADATA_KEY",
    "cache_dir",
    "chart_data",
    "check_html",
    "data_package",
    "facts_data",
    "plain_exporter",
    "reader_text",
    "render_html",
    "templates_dir",
    "vega_bundle",
    "warm_up",
]

HIDE_TAG = "report-hide"
"""Cells with this tag run (and nbval may check them) but never reach the HTML."""
MAX_BYTES = 2_000_000
METADATA_KEY = "analytics_chart"
"""Output-metadata key under which the kernel-side report code stores a chart's name and CSV
(``analytics.reports.components.METADATA_KEY`` is the same string; a test keeps them equal)."""
FACTS_KEY = "analytics_facts"
"""Output-metadata key under which the "what changed" cell stores the edition's facts
(``analytics.reports.changes.FACTS_KEY``; a test keeps them equal)."""


def templates_dir() -> Path:
    """The folder holding the ``analytics`` nbconvert template."""
    return Path(__file__).resolve().parent / "templates"


def cache_dir() -> Path:
    """``$ANALYTICS_CACHE_DIR`` or ``~/.cache/analytics`` (created on demand)."""
    env = os.environ.get("ANALYTICS_CACHE_DIR")
    base = Path(env) if env else Path.home() / ".cache" / "analytics"
    return base


def _verified(path: Path) -> str | None:
    """The cached bundle when its bytes match the checksum written beside it, else ``None``."""
    try:
        data = path.read_bytes()
        recorded = path.with_suffix(".sha256").read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if hashlib.sha256(data).hexdigest() != recorded:
        return None  # truncated, or edited: rebuilt, never inlined
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _store(path: Path, text: str) -> None:
    """Write the bundle and its checksum; a full or read-only cache folder is only a slower run."""
    data = text.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for target, body in (
            (path, data),
            (path.with_suffix(".sha256"), hashlib.sha256(data).hexdigest().encode("ascii")),
        ):
            tmp = target.with_name(f"{target.name}.tmp{os.getpid()}")
            try:
                tmp.write_bytes(body)
                tmp.replace(target)
            finally:
                tmp.unlink(missing_ok=True)
    except OSError:
        return


def vega_bundle(*, cache: Path | None = None) -> str:
    """vl-convert's JavaScript bundle (vega, vega-lite, vega-embed), cached in a file.

    Generating it takes 2–4 s; the cached file is read in milliseconds, once per process. The
    file name carries the vl-convert version, so an upgrade regenerates it. The cache is optional:
    a file whose sha256 differs from the one written beside it (truncated by a full disk, edited)
    is rebuilt, and a cache folder that cannot be written is bypassed.

    Parameters
    ----------
    cache : Path or None
        The folder of the cached bundle (default :func:`cache_dir`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> full = vega_bundle(cache=folder)
    >>> cached = next(folder.glob("vega-bundle-*.js")); _ = cached.write_text(full[:1000])
    >>> vega_bundle(cache=folder) == full  # the truncated copy is detected and rebuilt
    True
    """
    import vl_convert

    folder = cache or cache_dir()
    path = folder / f"vega-bundle-vlc{getattr(vl_convert, '__version__', 'x')}.js"
    text = _read(path, _stamp(path))
    if text is not None:
        return text
    text = vl_convert.javascript_bundle()  # type: ignore[call-arg]
    if "</script" in text.lower():  # pragma: no cover - would break inlining
        raise ReportError("the Vega bundle contains `</script`; it cannot be inlined")
    _store(path, text)
    return text


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=4)
def _read(path: Path, stamp: tuple[int, int] | None) -> str | None:
    """The verified bundle, once per process and file version (its mtime and size)."""
    return None if stamp is None else _verified(path)


@functools.cache
def _bytecode_cache() -> Any:
    """Jinja's file bytecode cache, made optional: a failed read or write only costs a compile."""
    from jinja2 import FileSystemBytecodeCache

    class OptionalCache(FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: Any) -> None:
            with contextlib.suppress(OSError):  # a full or read-only cache folder
                super().dump_bytecode(bucket)

        def load_bytecode(self, bucket: Any) -> None:
            try:
                super().load_bytecode(bucket)
            except (OSError, EOFError, ValueError, TypeError):  # a truncated file
                bucket.reset()

    folder = cache_dir() / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # no cache: templates are compiled in memory
    return OptionalCache(str(folder))


@functools.cache
def plain_exporter() -> Any:
    """Nbconvert's ``lab`` HTML exporter without code, for notebooks outside the registry."""
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab", exclude_input=True)


def _clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop hidden cells, stderr streams and error outputs (a copy)."""
    nb = nbformat.from_dict(nb)
    cells = []
    for cell in nb.cells:
        if HIDE_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.outputs = [
                o
                for o in cell.outputs
                if o.output_type != "error"
                and not (o.output_type == "stream" and o.get("name") == "stderr")
            ]
        cells.append(cell)
    nb.cells = cells
    return nb


def chart_data(nb: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """``(name, csv text)`` of every chart in an executed notebook (from output metadata).

    Parameters
    ----------
    nb : NotebookNode
        The executed notebook; outputs carrying :data:`METADATA_KEY` are its charts.
    """
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            meta = o.get("metadata", {}).get(METADATA_KEY)
            if meta:
                out.append((str(meta["name"]), str(meta["csv"])))
    return out


def facts_data(nb: nbformat.NotebookNode) -> str | None:
    """The edition's facts (``data/facts.json``) as JSON text, from the output metadata; or None.

    Parameters
    ----------
    nb
        The executed notebook (its "what changed" output carries :data:`FACTS_KEY`).

    Returns
    -------
    str or None
        The facts as indented JSON, or None when no output carries them.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output(
    ...     "display_data", data={"text/plain": "x"}, metadata={FACTS_KEY: {"sections": ["A"]}})])]
    >>> import json; json.loads(facts_data(nb))
    {'sections': ['A']}
    """
    import json

    for cell in nb.cells:
        for o in cell.get("outputs", []):
            facts = o.get("metadata", {}).get(FACTS_KEY)
            if isinstance(facts, dict):
                return json.dumps(facts, ensure_ascii=False, indent=2) + "\n"
    return None


def data_package(nb: nbformat.NotebookNode, *, name: str, title: str = "") -> dict[str, Any]:
    """The Frictionless Data Package descriptor of a run's chart CSVs (``data/datapackage.json``).

    Each chart's resource (its CSV's path, encoding, dialect, schema and sources) is written by
    the report code in the kernel beside the CSV, under :data:`METADATA_KEY`.

    Parameters
    ----------
    nb
        The executed notebook.
    name
        The package's name (lower case, ``-``, ``_``, ``.``; e.g. ``industry-120000-latest-zh``).
    title
        The package's title (the report's).

    Returns
    -------
    dict
        ``{"name", "title", "profile": "tabular-data-package", "resources": [...]}``.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> data_package(nb, name="x")["resources"]
    []
    """
    resources = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            meta = o.get("metadata", {}).get(METADATA_KEY)
            if meta and meta.get("resource"):
                resources.append(dict(meta["resource"]))
    package: dict[str, Any] = {
        "name": re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-") or "report",
        "profile": "tabular-data-package",
        "resources": resources,
    }
    if title:
        package["title"] = title
    return package


def _page_title(report: str, parameters: dict[str, Any], lang: str) -> str:
    """The ``<title>``: the report, the region and the period, as the run's parameters name them.

    Examples
    --------
    >>> _page_title("Industry and growth", {"region": "120000", "period": "2025"}, "en")
    'Industry and growth · Tianjin · 2025'
    >>> _page_title("月度数据简报", {"region": 120000, "period": "2020-02"}, "zh")
    '月度数据简报 · 天津 · 2020年2月'
    >>> _page_title("warm-up", {}, "zh")
    'warm-up'
    """
    from analytics.catalog import region_name, resolve_region
    from analytics.stats.periods import format_period

    region = parameters.get("region")
    if region is None or region == "":
        return report
    code = f"{region:06d}" if isinstance(region, int) else resolve_region(str(region))
    period = str(parameters.get("period", ""))
    parts = [report, region_name(code, "en" if lang == "en" else "zh")]
    if period and not period.startswith("latest"):
        parts.append(format_period(period, lang))
    return " · ".join(parts)


_OUTPUT_DIV = re.compile(
    r'(<div class="[^"]*\bjp-OutputArea-output\b[^"]*"[^>]*?)(?<! tabindex="0")>'
)


def _focusable(page: str) -> str:
    """Each output ``<div>`` focusable (``tabindex="0"``), as nbconvert's HTML exporter makes it.

    Examples
    --------
    >>> _focusable('<div class="jp-OutputArea-output x" data-mime-type="text/html"><p>a</p></div>')
    '<div class="jp-OutputArea-output x" data-mime-type="text/html" tabindex="0"><p>a</p></div>'
    >>> _focusable('<div class="jp-OutputArea-child"><div class="jp-OutputPrompt">')
    '<div class="jp-OutputArea-child"><div class="jp-OutputPrompt">'
    """
    return _OUTPUT_DIV.sub(r'\1 tabindex="0">', page)


@functools.cache
def _page_exporter() -> type:
    """The HTML exporter of nbconvert without its BeautifulSoup pass.

    ``HTMLExporter.from_notebook_node`` renders the template, then parses and re-serialises the
    whole page with BeautifulSoup (1–1.5 MB with the inlined Vega bundle: ≈ 0.1 s, a sixth of a
    report run) only to add alt text to ``<img>`` tags (a report has none: its charts are Vega)
    and ``tabindex`` to the outputs (:func:`_focusable` does that). This is its method with the
    soup left out; the parts it uses are checked by ``tests/runs/test_upstream_api.py``.
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        def from_notebook_node(  # type: ignore[override]
            self, nb: nbformat.NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
        ) -> tuple[str, dict[str, Any]]:
            info = nb.metadata.get("language_info", {})
            lexer = info.get("pygments_lexer", info.get("name", None))
            highlight = Highlight2HTML(pygments_lexer=lexer, parent=self)
            self.register_filter("highlight_code", self.filters.get("highlight_code", highlight))
            resources = self._init_resources(resources)
            data_type = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            )
            self.register_filter("filter_data_type", data_type)
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return _focusable(page), resources

    return PageExporter


def render_html(nb: nbformat.NotebookNode | Path, *, title: str = "", lang: str = "zh") -> str:
    """The report's HTML, self-contained and offline.

    Parameters
    ----------
    nb : NotebookNode or Path
        The executed notebook, or its ``.ipynb`` file.
    title : str
        The report's title; the page's ``<title>`` adds the region and period the notebook ran
        with (empty: no title set).
    lang : str
        ``zh`` or ``en``: the page's language, and that of the region's name in its title.
    """
    node = nbformat.read(nb, as_version=4) if isinstance(nb, Path) else nb
    clean = _clean(node)
    if title:  # the report, the region and the period: "产业经济报告 · 天津 · 2025年"
        ran = node.get("metadata", {}).get("papermill", {}).get("parameters", {})
        clean.metadata["title"] = _page_title(title, ran, lang)
    exporter = _page_exporter()(
        template_name="analytics",
        extra_template_basedirs=[str(templates_dir())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        language_code="zh" if lang == "zh" else "en",  # nbconvert rejects "zh-CN"
    )
    # compiled templates cached on disk (keyed by their source): every run is a fresh process,
    # and compiling nbconvert's lab templates took about 0.45 s of each
    exporter.environment.bytecode_cache = _bytecode_cache()
    from analytics.charts.embed import LAB_ONLY_MIMES

    css = (templates_dir() / "analytics" / "report.css").read_text(encoding="utf-8")
    resources: dict[str, Any] = {
        "analytics_css": css,
        "analytics_vega_bundle": vega_bundle(),
        "analytics_lab_only": LAB_ONLY_MIMES,
    }
    body, _ = exporter.from_notebook_node(clean, resources=resources)
    return str(body)


def warm_up() -> None:
    """Render an empty report once, so that this process's later renders are fast.

    The first render in a process imports nbconvert, loads and compiles the house templates and
    the CSS selectors nbconvert runs over every page (≈ 0.6 s), and :func:`vega_bundle` reads
    and verifies the Vega bundle; later ones take ≈ 0.05 s. The runner's forkserver calls this
    once, before it forks the attempts (:mod:`analytics.runs._preload`).

    Examples
    --------
    >>> warm_up()
    """
    empty = nbformat.v4.new_notebook()
    for lang in ("zh", "en"):
        check_html(render_html(empty, title="warm-up", lang=lang), known=vega_bundle())


_BAD = {  # searched in the lower-cased page (re.I made each search of a 0.5 MB page 3× slower)
    "a code cell": re.compile(r"jp-inputarea-editor|class=\"highlight hl-ipython"),
    "a traceback": re.compile(
        r"traceback \(most recent call last\)|ansi-red-fg|jp-renderedtext\"[^>]*data-mime-type=\"application/vnd.jupyter.stderr",  # noqa: E501
    ),
}


_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")


def reader_text(text: str) -> str:
    """What a reader sees of an HTML page: no scripts, styles or tags; entities decoded.

    Parameters
    ----------
    text : str
        The page's HTML.

    Examples
    --------
    >>> reader_text("<style>p{}</style><p>a &amp; b<script>var nan;</script></p>")
    'a & b'
    """
    return html.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", text))).strip()


def _scan(text: str) -> list[str]:
    lowered = text.lower()
    return [what for what, rx in _BAD.items() if rx.search(lowered)] + page_leaks(text)


def check_html(text: str, *, known: str | None = None) -> list[str]:
    """Problems that must never reach a reader: code, tracebacks, leaks, non-numbers, > 2 MB.

    A leak is a link other than http(s)/mailto/the house CSV download, anything loaded from
    outside the page, or a script outside the known bundle that requests a URL
    (:func:`~analytics.runs._page_check.page_leaks`); host names in text are not leaks. A number
    printed as ``nan`` or ``inf`` is refused too (a missing value is said in words), but not the
    word ``Nan`` nor ``inf.`` nor a quotation. ``known`` is a part of every page inside a
    ``<script>`` (by default :func:`vega_bundle`, 0.9 MB, whose loader does request URLs): it is
    taken out unread, being the bundle verified by its checksum.

    Parameters
    ----------
    text : str
        The page's HTML.
    known : str or None
        The trusted script text taken out before the checks (default :func:`vega_bundle`;
        empty: nothing taken out).

    Examples
    --------
    >>> check_html("<html><script src='https://x/y.js'></script></html>")
    ['a script loaded from a URL (https://x/y.js)']
    >>> check_html("<p>区位熵 nan；增速 inf %</p><script>x = NaN</script>")
    ["a number printed as 'nan' or 'inf' (…区位熵 nan；增速 inf %…)"]
    >>> check_html('<script>lib</script><p><a href="https://cdnjs.com/">cdnjs</a></p>', known="lib")
    []
    >>> check_html("<script>lib</script><script>fetch(u)</script>", known="lib")
    ['a script that requests a URL (fetch)']
    """
    known = vega_bundle() if known is None else known
    part = known if known and known in text else ""
    body = text.replace(part, "", 1) if part else text  # the bundle: trusted by its checksum
    problems = _scan(body)
    around = printed_non_number(body)  # the known part sits in a script: no reader sees it
    if around is not None:
        problems.append(f"a number printed as 'nan' or 'inf' (…{around}…)")
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        problems.append(f"{size:,} bytes (over {MAX_BYTES:,})")
    return problems
