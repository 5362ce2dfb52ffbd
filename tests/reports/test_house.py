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
from analytics.reports import Card, Cards, ReportContext, Section, digital_economy, fiveg, industry
from analytics.reports.components import METADATA_KEY
from analytics.reports.messages import MESSAGES, MessageError, t
from tests.reports.page_helpers import Page, build

PACKAGE = Path(reports.__file__).resolve().parent

KERNEL_NAMES = [
    "Card", "Cards", "DataNote", "Footer", "Header", "Notes", "Page", "ReportContext",
    "Section", "t",
]  # fmt: skip
FIVEG_NAMES = [
    "SECTIONS", "base_stations", "broadband", "cards", "density", "footer", "forecast", "header",
    "headline", "mobile_internet", "notes", "optical_cable", "ranking", "report", "title", "users",
    "with_gaps", "year_end_series",
]  # fmt: skip

INDUSTRY_NAMES = [
    "SECTIONS", "cards", "footer", "gdp", "gdp_per_capita", "header", "headline", "notes",
    "peer_growth", "published", "report", "sector_shares_section", "specialisation", "title",
]  # fmt: skip

DE_NAMES = [
    "SECTIONS", "accounts", "caict", "cards", "core_share", "ecommerce", "footer", "header",
    "headline", "index_rank", "intensity", "intensity_per_person", "notes", "online_firms",
    "pillars", "rd_intensity", "report", "software", "title",
]  # fmt: skip

#: Functions not yet split into sections (the industry and digital-economy reports) and host-side
#: functions that move to analytics/runs; this list only shrinks.
LONG_FUNCTIONS: set[tuple[str, str]] = set()
#: Modules that still choose words with ``lang == "zh"`` or inline {"zh": …} dicts; only shrinks.
NOT_YET_IN_THE_CATALOG = {
    "content/_index_notes.py", "content/digital_economy.py",
    "narrative.py", "sources.py", "content/plan.py",
}  # fmt: skip


def test_reports_all_is_exactly_the_kernel_names() -> None:
    # host-side names (runner, schedule, history, …) live in analytics.runs
    assert sorted(reports.__all__) == sorted(KERNEL_NAMES)
    assert fiveg.__all__ == FIVEG_NAMES
    assert industry.__all__ == INDUSTRY_NAMES
    assert digital_economy.__all__ == DE_NAMES


def _functions() -> dict[tuple[str, str], int]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                rel = path.relative_to(PACKAGE).as_posix()
                out[(rel, node.name)] = (node.end_lineno or node.lineno) - node.lineno + 1
    return out


def test_no_function_in_reports_is_over_80_lines() -> None:
    long = {k for k, n in _functions().items() if n > 80}
    assert long <= LONG_FUNCTIONS, f"new functions over 80 lines: {long - LONG_FUNCTIONS}"
    assert long == LONG_FUNCTIONS, f"split, drop from the list: {LONG_FUNCTIONS - long}"


SECTION_FUNCTIONS = {
    "fiveg.py": ("cards", "base_stations", "density", "users", "forecast", "notes"),
    "infrastructure.py": ("broadband", "mobile_internet", "optical_cable", "ranking"),
    "digital_industry.py": ("software", "ecommerce", "online_firms", "rd_intensity"),
    "industry.py": ("cards", "gdp", "peer_growth", "sector_shares_section", "gdp_per_capita",
                    "specialisation", "published", "notes"),
    "digital_economy.py": ("cards", "core_share", "caict", "index_rank", "intensity",
                           "intensity_per_person", "pillars", "accounts", "notes"),
}  # fmt: skip


def test_section_functions_are_short() -> None:
    lengths = _functions()
    for module, names in SECTION_FUNCTIONS.items():
        for name in names:
            assert lengths[(module, name)] <= 40, (module, name)


_BRANCH = re.compile(r"\b(lang|lg)\s*[!=]=\s*[\"'](zh|en)[\"']|[{,]\s*\"zh\":")


def test_words_come_from_the_catalog_not_from_lang_branches() -> None:
    branching = set()
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith("messages/"):
            continue
        if _BRANCH.search(path.read_text(encoding="utf-8")):
            branching.add(rel)
    assert branching <= NOT_YET_IN_THE_CATALOG, branching - NOT_YET_IN_THE_CATALOG
    assert branching == NOT_YET_IN_THE_CATALOG, "converted: drop from the list"


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
        "120000", "110000"
    ]  # fmt: skip


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
    assert "2023-01-01,2023,73000.0" in csv


NOTEBOOK_CELLS = {
    "fiveg": ("header", "base_stations", "density", "users", "forecast", "broadband",
              "mobile_internet", "optical_cable", "ranking", "notes", "footer"),
    "industry": ("header", "gdp", "peer_growth", "sector_shares_section", "gdp_per_capita",
                 "specialisation", "published", "notes", "footer"),
    "digital_economy": ("header", "core_share", "caict", "software", "ecommerce", "online_firms",
                        "rd_intensity", "index_rank", "intensity", "intensity_per_person",
                        "pillars",
                        "digital_economy.accounts(ctx, show=synthetic)",
                        "digital_economy.notes(ctx, synthetic=synthetic)", "footer"),
}  # fmt: skip


@pytest.mark.parametrize("report", sorted(NOTEBOOK_CELLS))
def test_the_notebook_is_one_cell_per_section(report: str) -> None:
    import nbformat

    from analytics.config import project_root

    nb = nbformat.read(project_root() / f"notebooks/reports/{report}.ipynb", as_version=4)
    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    assert "ctx = ReportContext(" in sources[1]
    assert sources[2] == f"# NBVAL_CHECK_OUTPUT\nprint({report}.headline(ctx))"
    cells = [n if "(" in n else f"{report}.{n}(ctx)" for n in NOTEBOOK_CELLS[report]]
    assert sources[3:] == cells


def test_the_report_object_renders_whole() -> None:
    rc = fiveg.report(ReportContext(region="120000", lang="en"))
    html = rc.html()
    # no 5G-user series for Tianjin in the store: three 5G charts and a statement of what is
    # missing, then four digital-infrastructure charts (NBS portal tables)
    assert html.count('class="an-vega"') == len(rc.chart_names()) == 3 + 4
    assert "holds no 5G mobile phone users figures for Tianjin" in html
    assert "<h1>Tianjin: 5G and digital infrastructure</h1>" in html and 'class="an-footer"' in html


@pytest.mark.notebook
def test_charts_reach_jupyterlab_as_vegalite_and_the_report_as_html(
    tianjin_reports: dict[str, Any],
) -> None:
    import nbformat

    from analytics.charts.embed import VEGA_MIME

    out = tianjin_reports["fiveg"]
    nb = nbformat.read(out.notebook, as_version=4)
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    lab = [o for o in outputs if VEGA_MIME in o.get("data", {})]
    # one Vega output (compiled from the Vega-Lite 6 spec; no HTML, so JupyterLab draws it) per
    # chart: 3 + 4 for Tianjin's 5G and digital-infrastructure report
    assert len(lab) == len(out.chart_data) == 7
    assert all("text/html" not in o["data"] for o in lab)
    assert {o["data"][VEGA_MIME]["$schema"] for o in lab} == {
        "https://vega.github.io/schema/vega/v5.json"
    }
    assert not [o for o in outputs if "application/vnd.vegalite.v5+json" in o.get("data", {})]
    html = out.html.read_text(encoding="utf-8")
    assert "vnd.vega" not in html and html.count('class="an-vega"') == 7
