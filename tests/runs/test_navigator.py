"""The index as a navigator, read back from headless Chromium at 390 px: typing "天津" or choosing
a filter finds Tianjin's 5G report among 31 provinces × 2 reports × 2 languages; without
JavaScript every report is listed and no control is shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.catalog import CHINA, regions
from analytics.runs.index_page import IndexEntry, render_index
from tests.reports.test_browser import ARGS, CHROMIUM

pytestmark = [pytest.mark.browser]

TITLES = {
    "industry": ("产业报告", "Industry report"),
    "fiveg": ("5G与数字基础设施", "5G and digital infrastructure"),
}
VISIBLE_JS = """() => [...document.querySelectorAll('tr[data-report]')]
  .filter(tr => tr.offsetParent !== null)
  .map(tr => tr.dataset.report + ' ' + tr.dataset.region)"""


def _page(tmp_path: Path) -> tuple[Path, int]:
    codes = [c for c in regions()["code"].to_list() if c != CHINA]
    entries = [
        IndexEntry(
            report, code, "2024", lang, "ok", html=tmp_path / report / code / lang / "a.html"
        )
        for report in TITLES
        for code in codes
        for lang in ("zh", "en")
    ]
    page = tmp_path / "index.html"
    page.write_text(render_index(entries, base=tmp_path, titles=TITLES, generated=0), "utf-8")
    return page, len(codes)


Step = tuple[str, str, str]


def _browse(
    page: Path, steps: tuple[Step, ...] = (), fragment: str = ""
) -> tuple[list[str], str, str, int]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        view = browser.new_page(viewport={"width": 390, "height": 800})
        view.goto(page.as_uri() + fragment)
        for how, where, what in steps:
            if how == "type":
                view.fill(where, what)
            else:
                view.select_option(where, what)
        found = view.evaluate(VISIBLE_JS)
        finder = view.evaluate("getComputedStyle(document.getElementById('finder')).display")
        shown = view.evaluate("document.getElementById('shown').textContent")
        scroll = view.evaluate("document.documentElement.scrollWidth")
        browser.close()
    return found, finder, shown, scroll


def test_typing_tianjin_finds_its_two_reports(tmp_path: Path) -> None:
    page, n = _page(tmp_path)
    found, finder, shown, scroll = _browse(page, steps=(("type", "#q", "天津"),))
    assert finder != "none" and scroll <= 390
    assert sorted(found) == ["fiveg 120000", "industry 120000"]
    assert shown == f"2 / {2 * n} 显示 shown"


def test_the_report_filter_and_a_search_in_english_find_one_row(tmp_path: Path) -> None:
    page, _ = _page(tmp_path)
    steps = (("select", "#f-report", "fiveg"), ("type", "#q", "tianjin"))
    found, _, shown, _ = _browse(page, steps=steps)
    assert found == ["fiveg 120000"] and shown.startswith("1 / ")
    by_filters = (("select", "#f-region", "120000"), ("select", "#f-report", "fiveg"))
    found, _, _, _ = _browse(page, steps=by_filters)
    assert found == ["fiveg 120000"]


def test_a_header_link_s_fragment_sets_the_filters(tmp_path: Path) -> None:
    """The reports' headers link ``index.html#report=…&region=…&lang=…`` (the other language, the
    region's other reports, the peers' same report): the navigator opens filtered to them."""
    page, n = _page(tmp_path)
    found, _, shown, _ = _browse(page, fragment="#report=fiveg&region=440000&lang=en")
    assert found == ["fiveg 440000"] and shown == f"1 / {2 * n} 显示 shown"
    found, _, _, _ = _browse(page, fragment="#region=120000")
    assert sorted(found) == ["fiveg 120000", "industry 120000"]
    # a value the filters do not list is not guessed at: everything stays shown
    found, _, _, _ = _browse(page, fragment="#region=999999")
    assert len(found) == 2 * n


def test_without_javascript_every_report_is_listed_and_no_finder_shown(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    page, n = _page(tmp_path)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        view = browser.new_page(viewport={"width": 390, "height": 800}, java_script_enabled=False)
        view.goto(page.as_uri())
        rows = view.evaluate("document.querySelectorAll('tr[data-report]').length")
        finder = view.locator("#finder").is_visible()
        browser.close()
    assert rows == 2 * n and not finder
