"""Every report after a batch publish, read back from headless Chromium: phone, links, print.

Before (issue 21, item 7): at 390 px the peer small multiples were 539 px wide in a 374 px box
(Shanghai scrolled out of sight), the digital-economy pillar legend and the industry sector
legend were cut at the box's edge, a monthly chart title ran off it; at 720 px (a phone on its
side) the plan table broke "70,000" and "2020" across lines. The header linked
``../en/report.html`` when no English page existed; ``<title>`` named only the report; printed
pages had no page number or running head, and sources showed bare domains (www.xm171.com).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from analytics.runs.registry import get_report
from analytics.runs.runner import RunRequest, run_batch
from analytics.runs.schedule import resolve_latest
from analytics.stats.periods import format_period
from tests.reports.test_browser import ARGS, CHROMIUM
from tests.reports.test_phone_tables import NUMBERS_JS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPORTS = ("plan", "industry", "fiveg", "digital_economy", "monthly")
ONLY_ZH = "monthly"
"""Published in Chinese only: its English link must not point at a page that is not there."""

DRAWN_JS = """[...document.querySelectorAll('.an-vega')]
  .every(d => d.querySelector('svg') && d.dataset.fit !== 'drawing')"""
"""Every chart drawn, and made to fit its box (``data-fit`` is ``drawing`` until then)."""
CHARTS_JS = r"""() => [...document.querySelectorAll('.an-vega')].map(d => {
  const box = d.getBoundingClientRect(), svg = d.querySelector('svg');
  const past = [...d.querySelectorAll('svg text')].filter(t => {
    const r = t.getBoundingClientRect();
    return r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1);
  }).map(t => t.textContent);
  return {box: box.width, svg: svg.getBoundingClientRect().width, past: past.slice(0, 4),
          label: (d.getAttribute('aria-label') || '').slice(0, 40)};
})"""


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Tianjin's five reports published by one batch (Chinese and English; monthly in Chinese)."""
    from analytics.runs.index_page import write_index

    root = tmp_path_factory.mktemp("batch")
    out = root / "out"
    requests = []
    for name in REPORTS:
        spec = get_report(name)
        period = resolve_latest("120000", indicator=spec.headline, frequency=spec.frequency)
        for lang in ("zh",) if name == ONLY_ZH else ("zh", "en"):
            requests.append(RunRequest(name, "120000", period, lang))
    summary = run_batch(requests, out_root=out, history=root / "runs.sqlite", force=True)
    assert summary.exit_code == 0, [r.reason for r in summary.results]
    write_index(out, history=None)
    return {
        (r.request.report, r.request.lang): out
        / r.request.report
        / "120000"
        / r.request.period.replace("/", "_")
        / r.request.lang
        / "report.html"
        for r in summary.results
    }


def _header(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    found = re.search(r"<header class=\"an-header\">.*?</header>", text, re.S)
    assert found, page
    return found.group()


def test_the_title_names_the_report_the_region_and_the_period(
    published: dict[tuple[str, str], Path],
) -> None:
    for (name, lang), page in published.items():
        title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
        assert title, page
        period = page.parent.parent.name.replace("_", "/")
        report = get_report(name).title_zh if lang == "zh" else get_report(name).title_en
        region = "天津" if lang == "zh" else "Tianjin"
        assert title.group(1) == f"{report} · {region} · {format_period(period, lang)}"
    # by hand, one of them: the industry report of 2025 (its latest year in the store)
    assert "<title>产业经济报告 · 天津 · 2025年</title>" in published[("industry", "zh")].read_text(
        encoding="utf-8"
    )


def test_every_header_link_resolves_after_the_batch_and_names_what_it_finds(
    published: dict[tuple[str, str], Path],
) -> None:
    index = published[("plan", "zh")].parents[5] / "index.html"
    listed = index.read_text(encoding="utf-8")
    for (name, lang), page in published.items():
        hrefs = re.findall(r'href="([^"]+)"', _header(page))
        assert len(hrefs) == 3 + 1 + 3, hrefs  # index, other language, editions; region; peers
        for href in hrefs:
            href = href.replace("&amp;", "&")
            target, _, fragment = href.partition("#")
            if target == "editions.html":  # written beside every published page
                assert (page.parent / target).is_file(), (page, href)
                continue
            # as a browser resolves it: against the page's address, through the <lang> link
            resolved = Path(os.path.normpath(page.parent / target))
            assert resolved == index, (page, href)
            if not fragment:  # the navigator itself
                continue
            finder = {k: v[0] for k, v in parse_qs(fragment).items()}
            assert finder["region"] in ("120000", "110000", "310000", "500000"), href
            if "report" in finder:  # the same report: its row is what the finder shows
                assert finder["report"] == name
                row = f'data-report="{name}" data-region="{finder["region"]}"'
                assert finder["region"] != "120000" or row in listed, (href, row)
        other = "en" if lang == "zh" else "zh"
        assert f"lang={other}" in _header(page).split("hreflang")[0]
        assert "../en/report.html" not in _header(page)


def _browse(page: Path, width: int, js: str) -> Any:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        view = browser.new_page(viewport={"width": width, "height": 900})
        view.goto(page.as_uri())
        view.wait_for_function(DRAWN_JS, timeout=30_000)
        found = view.evaluate(js)
        browser.close()
    return found


PHONE_JS = f"""() => ({{
  numbers: ({NUMBERS_JS})(),
  charts: ({CHARTS_JS})(),
  scroll: document.documentElement.scrollWidth,
}})"""


@pytest.mark.parametrize("width", [390, 720])
def test_on_a_phone_no_number_breaks_and_no_chart_is_wider_than_its_box(
    published: dict[tuple[str, str], Path], width: int
) -> None:
    problems = []
    for (name, lang), page in sorted(published.items()):
        seen = _browse(page, width, PHONE_JS)
        broken = [n for n, lines in seen["numbers"] if lines > 1]
        wide = [c for c in seen["charts"] if c["svg"] > c["box"] + 1 or c["past"]]
        if broken or wide or seen["scroll"] > width:
            problems.append((name, lang, broken[:5], wide, seen["scroll"]))
        if name == "plan":  # the 5G row is read: 70,000 个 by 2025, 73,000 in 2023
            assert {"70,000", "73,000", "2025"} <= {n for n, _ in seen["numbers"]}
        if name == "industry":  # the peers' growth: four panels, all in sight
            assert len(seen["charts"]) >= 3
    assert problems == []


def _printed(page: Path) -> list[str]:
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    pdf = page.parent.parent / f"{page.parent.name}-print.pdf"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        view = browser.new_page(viewport={"width": 1280, "height": 900})
        view.goto(page.as_uri())
        view.wait_for_function(DRAWN_JS, timeout=30_000)
        view.pdf(path=str(pdf), prefer_css_page_size=True)
        browser.close()
    return [p.extract_text() for p in PdfReader(str(pdf)).pages]


def test_printed_pages_carry_a_running_head_page_numbers_and_full_source_addresses(
    published: dict[tuple[str, str], Path],
) -> None:
    page = published[("digital_economy", "en")]
    pages = _printed(page)
    n = len(pages)
    assert n >= 3
    period = page.parent.parent.name
    head = re.compile(rf"Tianjin: digital economy · {period} · edition of \d{{4}}-\d{{2}}-\d{{2}}")
    for i, text in enumerate(pages, start=1):
        assert head.search(text), (i, text[:200])
        assert f"Page {i} / {n}" in text, (i, text[:200])
    # every source link of the notes printed as its full address (not a bare domain)
    html = page.read_text(encoding="utf-8")
    urls = re.findall(r'<a class="an-src" href="(https?://[^"]+)"', html)
    assert urls
    printed = re.sub(r"\s+", "", "".join(pages))
    missing = [u for u in urls if u.replace("&amp;", "&") not in printed]
    assert missing == []
    # the download links are hidden on paper, their separator with them (no lone "·" line)
    lone = [ln for text in pages for ln in text.splitlines() if ln.strip() == "·"]
    assert lone == [] and "datapackage.json" not in printed


def test_a_printed_chinese_page_numbers_its_pages_in_chinese(
    published: dict[tuple[str, str], Path],
) -> None:
    pages = _printed(published[("plan", "zh")])
    for i, text in enumerate(pages, start=1):
        # pypdf reads 页 from the CJK font as its radical form ⻚: either is the word
        assert re.search(rf"第 {i} [页⻚] / {len(pages)}", text), (i, text[:200])
        assert re.search(r"· 2025年 · \d{4}-\d{2}-\d{2} 版", text), (i, text[:200])
    assert "http://www.xm171.com/news/1565.html" in re.sub(r"\s+", "", "".join(pages))
