"""The kernel side of a report: ReportContext, sections that render themselves, the message
catalog, autoescaped templates, and the house rules (short functions, no inline translations)."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path
from typing import Any

import pytest

import analytics.reports as reports
from analytics._typing import Lang
from analytics.config import DEFAULT_LANG, DEFAULT_PEERS, DEFAULT_REGION
from analytics.reports import (
    Card,
    Cards,
    ReportContext,
    Section,
    digital_economy,
    fiveg,
    industry,
    plan,
)
from analytics.reports.components import METADATA_KEY
from analytics.reports.messages import MESSAGES, MessageError, t
from tests.reports.page_helpers import build

PACKAGE = Path(reports.__file__).resolve().parent

KERNEL_NAMES = [
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
FIVEG_NAMES = [
    "base_stations",
    "broadband",
    "cards",
    "density",
    "footer",
    "forecast",
    "header",
    "headline",
    "mobile_internet",
    "notes",
    "optical_cable",
    "ranking",
    "title",
    "users",
    "with_gaps",
    "year_end_series",
]

INDUSTRY_NAMES = [
    "cards",
    "footer",
    "gdp",
    "gdp_per_capita",
    "header",
    "headline",
    "notes",
    "peer_growth",
    "published",
    "sector_shares_section",
    "specialisation",
    "title",
]

DE_NAMES = [
    "accounts",
    "caict",
    "cards",
    "core_share",
    "ecommerce",
    "footer",
    "header",
    "headline",
    "index_rank",
    "intensity",
    "intensity_per_person",
    "notes",
    "online_firms",
    "pillars",
    "rd_intensity",
    "software",
    "title",
]

PLAN_NAMES = [
    "NoPlanError",
    "ScorecardContext",
    "cards",
    "footer",
    "header",
    "headline",
    "missing",
    "next_steps",
    "notes",
    "plans_of",
    "progress",
    "starting_point",
    "summary",
    "targets",
    "title",
    "trajectory",
]

#: Functions not yet split into sections (the industry and digital-economy reports) and host-side
#: functions that move to analytics/runs; this list only shrinks.
LONG_FUNCTIONS: set[tuple[str, str]] = set()


def test_reports_all_is_exactly_the_kernel_names() -> None:
    # host-side names (runner, schedule, history, …) live in analytics.runs
    assert sorted(reports.__all__) == sorted(KERNEL_NAMES)
    assert fiveg.__all__ == FIVEG_NAMES
    assert industry.__all__ == INDUSTRY_NAMES
    assert digital_economy.__all__ == DE_NAMES
    assert plan.__all__ == PLAN_NAMES


def _functions() -> dict[tuple[str, str], int]:
    """(module, function) → lines of code, the docstring apart (as tests/test_house_rules.py)."""
    from tests.test_house_rules import _body_lines

    out = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                rel = path.relative_to(PACKAGE).as_posix()
                out[(rel, node.name)] = _body_lines(node)
    return out


def test_no_function_in_reports_is_over_80_lines() -> None:
    long = {k for k, n in _functions().items() if n > 80}
    assert long <= LONG_FUNCTIONS, f"new functions over 80 lines: {long - LONG_FUNCTIONS}"
    assert long == LONG_FUNCTIONS, f"split, drop from the list: {LONG_FUNCTIONS - long}"


SECTION_FUNCTIONS = {
    "fiveg/__init__.py": ("cards", "base_stations", "density", "users", "forecast", "notes"),
    "fiveg/_infrastructure.py": ("broadband", "mobile_internet", "optical_cable", "ranking"),
    "digital_economy/_industry.py": ("software", "ecommerce", "online_firms", "rd_intensity"),
    "industry/__init__.py": (
        "cards",
        "gdp",
        "peer_growth",
        "sector_shares_section",
        "gdp_per_capita",
        "specialisation",
        "published",
        "notes",
    ),
    "digital_economy/__init__.py": (
        "cards",
        "core_share",
        "caict",
        "index_rank",
        "intensity",
        "intensity_per_person",
        "pillars",
        "accounts",
        "notes",
    ),
    "plan/__init__.py": (
        "cards",
        "summary",
        "targets",
        "trajectory",
        "progress",
        "next_steps",
        "missing",
        "starting_point",
        "notes",
    ),
}


def test_section_functions_are_short() -> None:
    lengths = _functions()
    for module, names in SECTION_FUNCTIONS.items():
        for name in names:
            assert lengths[(module, name)] <= 40, (module, name)


_BRANCH = re.compile(r"\b(lang|lg)\s*[!=]=\s*[\"'](zh|en)[\"']|[{,]\s*\"zh\":")


def test_words_come_from_the_catalog_not_from_lang_branches() -> None:
    # every word in reports/messages/: no `lang == "zh"` nor inline {"zh": …} anywhere else
    branching = {
        f"{path.relative_to(PACKAGE).as_posix()}:{n}: {line.strip()}"
        for path in PACKAGE.rglob("*.py")
        if not path.relative_to(PACKAGE).as_posix().startswith("messages/")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if _BRANCH.search(line)
    }
    assert branching == set()


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_message_has_zh_and_en_and_one_call_fills_both() -> None:
    for key, entry in MESSAGES.items():
        assert set(entry) == {"zh", "en"}, key
        assert entry["zh"].strip() and entry["en"].strip(), key
        fields = {f: "X" for f in _fields(entry["zh"]) | _fields(entry["en"])}
        assert "{" not in t(key, "zh", **fields) + t(key, "en", **fields), key


def test_an_unknown_key_or_a_missing_field_is_a_clear_error() -> None:
    with pytest.raises(MessageError, match=r"did you mean `fiveg\.title`"):
        t("fiveg.titel", "zh")
    with pytest.raises(MessageError, match=r"needs the field 'name'"):
        t("fiveg.title", "en")


def test_defaults_come_from_config() -> None:
    ctx = ReportContext()
    assert (ctx.region, ctx.lang, ctx.peers) == (DEFAULT_REGION, DEFAULT_LANG, DEFAULT_PEERS)
    assert ReportContext(region="天津").region == "120000"
    assert ReportContext(region="120000", peers=["120000", "110000"]).regions == [
        "120000",
        "110000",
    ]


def test_a_hostile_string_comes_out_escaped() -> None:
    evil = '<script>alert("x")</script> & <img src=x onerror=1>'
    html = Section(evil, sentences=[evil]).html()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;img" in html
    cards = Cards([Card(evil, evil, evil, "2024", note=evil)]).html()
    assert "<script>" not in cards and "<img" not in cards


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_section_renders_itself_with_its_chart_csv(lang: Lang) -> None:
    ctx = ReportContext(region="120000", lang=lang)
    sec = fiveg.base_stations(ctx)
    data, meta = sec._repr_mimebundle_()
    assert 'class="an-vega"' in data["text/html"] and data["text/plain"] == sec.heading
    csv = meta[METADATA_KEY]["csv"]
    # the report, region and period head the CSV; 73,000 stations, stated in March 2024, measure
    # the end-2023 stock (figures.csv line 6: "likely end-2023 stock"), drawn at 2023
    title = (
        "报告: 天津5G与数字基础设施报告"
        if lang == "zh"
        else "report: Tianjin: 5G and digital infrastructure"
    )
    assert csv.splitlines()[0] == "\ufeff# " + title
    assert "\n2023,73000,ok," in csv  # the period as its label, the number as published


NOTEBOOK_CELLS = {
    "fiveg": (
        "header",
        'changes.since(ctx, previous, report="fiveg")',
        "base_stations",
        "density",
        "users",
        "forecast",
        "broadband",
        "mobile_internet",
        "optical_cable",
        "ranking",
        "notes",
        "footer",
    ),
    "industry": (
        "header",
        'changes.since(ctx, previous, report="industry")',
        "gdp",
        "peer_growth",
        "sector_shares_section",
        "gdp_per_capita",
        "specialisation",
        "published",
        "notes",
        "footer",
    ),
    "digital_economy": (
        "header",
        'changes.since(ctx, previous, report="digital_economy")',
        "core_share",
        "caict",
        "software",
        "ecommerce",
        "online_firms",
        "rd_intensity",
        "index_rank",
        "intensity",
        "intensity_per_person",
        "pillars",
        "digital_economy.accounts(ctx, show=synthetic)",
        "digital_economy.notes(ctx, synthetic=synthetic)",
        "footer",
    ),
    "plan": (
        "header",
        'changes.since(ctx, previous, report="plan")',
        "summary",
        "targets",
        "trajectory",
        "progress",
        "next_steps",
        "missing",
        "starting_point",
        "notes",
        "footer",
    ),
}
#: The name a notebook imports its report module as (the plan notebook's `plan` is a parameter).
MODULE_NAME = {"plan": "scorecard"}


@pytest.mark.parametrize("report", sorted(NOTEBOOK_CELLS))
def test_the_notebook_is_one_cell_per_section(report: str) -> None:
    import nbformat

    from analytics.config import project_root

    nb = nbformat.read(project_root() / f"notebooks/reports/{report}.ipynb", as_version=4)
    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    module = MODULE_NAME.get(report, report)
    assert "ctx = " in sources[1] and "Context(" in sources[1]
    assert sources[2] == f"# NBVAL_CHECK_OUTPUT\nprint({module}.headline(ctx))"
    cells = [n if "(" in n else f"{module}.{n}(ctx)" for n in NOTEBOOK_CELLS[report]]
    assert sources[3:] == cells


def test_the_section_order_is_declared_once_in_the_notebook() -> None:
    # no SECTIONS tuple, no whole-report builder beside the notebook's cells
    declared = {
        (
            path.relative_to(PACKAGE).as_posix(),
            node.name if isinstance(node, ast.FunctionDef) else ast.unparse(node.targets[0]),
        )
        for path in PACKAGE.rglob("*.py")
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if (isinstance(node, ast.FunctionDef) and node.name == "report")
        or (isinstance(node, ast.Assign) and "SECTIONS" in ast.unparse(node.targets[0]))
    }
    assert declared == set()
    assert not (PACKAGE / "content").exists()


def test_the_report_object_renders_whole() -> None:
    rc = build("fiveg", region="120000", lang="en")
    html = rc.html()
    # no 5G-user series for Tianjin in the store: three 5G charts and a statement of what is
    # missing, then four digital-infrastructure charts (NBS portal tables)
    charts = [s.name for s in rc.sections if s.chart is not None]
    assert html.count('class="an-vega"') == len(charts) == 3 + 4
    assert "holds no 5G mobile phone users figures for Tianjin" in html
    assert "<h1>Tianjin: 5G and digital infrastructure</h1>" in html and 'class="an-footer"' in html


@pytest.mark.notebook
def test_a_run_leaves_the_lab_charts_to_the_runner_and_its_page_draws_every_chart(
    tianjin_reports: dict[str, Any], tmp_path: Path
) -> None:
    import json
    import shutil

    import nbformat

    from analytics.charts.embed import PENDING_MIME, VEGA_MIME, compile_pending

    out = tianjin_reports["fiveg"]
    nb = nbformat.read(out.notebook, as_version=4)  # multi-line texts joined
    outputs = [o.get("data", {}) for c in nb.cells for o in c.get("outputs", [])]
    # a report run sets ANALYTICS_LAB_CHARTS=0: nothing compiled in the attempt (vl-convert
    # starts a JavaScript runtime in each, ≈ 0.4 s); each chart's Vega-Lite spec waits, beside
    # its section's HTML output (a vegaEmbed call) — 3 + 4 for Tianjin's 5G and infrastructure
    assert not [d for d in outputs if VEGA_MIME in d]
    drawn = [d for d in outputs if 'class="an-vega"' in d.get("text/html", "")]
    pending = [d for d in outputs if PENDING_MIME in d]
    assert len(drawn) == len(pending) == len(out.chart_data) == 7
    # the spec waiting is the one the page draws, chart for chart
    spec_js = re.compile(r"var spec = (\{.*?\});\n")
    embedded = [json.loads(m[1]) for d in drawn if (m := spec_js.search(d["text/html"]))]
    assert len(embedded) == 7

    def rows(spec: dict[str, Any]) -> Any:
        return spec.get("data"), spec.get("datasets"), spec.get("encoding")

    assert [rows(d[PENDING_MIME]) for d in pending] == [rows(e) for e in embedded]
    html = out.html.read_text(encoding="utf-8")
    assert "vnd.vega" not in html and "vnd.analytics" not in html
    assert html.count('class="an-vega"') == 7
    # what the runner does before publishing: the 7 compiled to Vega, in place of the pending
    copy = Path(shutil.copy(out.notebook, tmp_path / "report.ipynb"))
    assert compile_pending(copy) == 7
    done = json.loads(copy.read_text(encoding="utf-8"))
    compiled = [
        o["data"]
        for c in done["cells"]
        for o in c.get("outputs", [])
        if VEGA_MIME in o.get("data", {})
    ]
    assert len(compiled) == 7 and PENDING_MIME not in copy.read_text(encoding="utf-8")
    assert all(d[VEGA_MIME]["marks"] for d in compiled)  # Vega marks, not a Vega-Lite `mark`


def test_charts_shown_in_jupyterlab_are_compiled_to_vega(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    import json

    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from analytics.charts.embed import LAB_ENV, PENDING_MIME, VEGA_MIME

    InteractiveShell.instance()
    # a shell left behind makes a later in-process run in this worker fail (MultipleInstanceError)
    request.addfinalizer(InteractiveShell.clear_instance)
    monkeypatch.delenv(LAB_ENV, raising=False)
    section = next(s for s in build("fiveg", region="120000", lang="en").sections if s.chart)
    with capture_output() as shown:
        section._ipython_display_()
    page, lab = (o.data for o in shown.outputs)
    # the page's HTML (drawn by vegaEmbed in the export) and, alone, the Vega Lab draws itself
    assert 'class="an-vega"' in page["text/html"] and VEGA_MIME not in page
    assert "text/html" not in lab and lab["text/plain"] == section.heading
    assert lab[VEGA_MIME]["$schema"] == "https://vega.github.io/schema/vega/v5.json"
    assert lab[VEGA_MIME]["marks"]  # compiled: Vega marks, not a Vega-Lite `mark`
    monkeypatch.setenv(LAB_ENV, "0")
    with capture_output() as in_a_run:
        section._ipython_display_()
    # the page (its div id is fresh each time) and the Vega-Lite spec, waiting for the runner
    assert [sorted(o.data) for o in in_a_run.outputs] == [
        ["text/html", "text/plain"],
        [PENDING_MIME, "text/plain"],
    ]
    assert in_a_run.outputs[1].data[PENDING_MIME] == json.loads(
        json.dumps(section.spec(), default=str)
    )
