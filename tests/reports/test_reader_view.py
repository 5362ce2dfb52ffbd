"""What a reader sees, read back from headless Chromium: the charts' geometry, a phone, A4 paper.

Every report is opened as published; the tests read the rendered SVG (marks against the axis ticks
Vega drew), the page at 390 px, and a Chromium-printed A4 PDF.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analytics.runs.execute import RunOutputs
from tests.reports.test_browser import ARGS, CHROMIUM, REPORT_NAMES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# every point whose aria-label names a year, with the nearest year tick of the axis below it
GEOMETRY_JS = r"""
() => [...document.querySelectorAll('.an-vega svg')].map(svg => {
  const c = el => { const r = el.getBoundingClientRect(); return [r.x + r.width / 2, r.y]; };
  const ticks = [...svg.querySelectorAll('g[class*="role-axis-label"] text')]
    .filter(t => /^\d{4}$/.test(t.textContent.trim()))
    .map(t => [t.textContent.trim(), ...c(t)]);
  // a facet's panels are the item groups directly inside its "role-scope" mark group
  const cell = p => {
    let e = p;
    while (e.parentElement && !e.parentElement.matches('g[class*="role-scope"]')) {
      e = e.parentElement;
    }
    return e.parentElement ? 'cell' + [...e.parentElement.children].indexOf(e) : '';
  };
  const points = [...svg.querySelectorAll('path[aria-roledescription="point"]')]
    .map(p => [p.getAttribute('aria-label') || '', ...c(p), cell(p)]);
  const legends = [...svg.querySelectorAll('g[class*="role-legend-label"] text')]
    .map(t => t.textContent);
  return {ticks, points, legends};
})
"""


def _open(pw: Any, html: Path, width: int) -> Any:
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(html.as_uri())
    page.wait_for_function(
        "[...document.querySelectorAll('.an-vega')].every(d => d.querySelector('svg'))",
        timeout=15_000,
    )
    return browser, page


@pytest.fixture(scope="module")
def views(tianjin_reports: dict[str, RunOutputs]) -> Iterator[dict[str, dict[str, Any]]]:
    from playwright.sync_api import sync_playwright

    out: dict[str, dict[str, Any]] = {}
    with sync_playwright() as pw:
        for name in REPORT_NAMES:
            html = tianjin_reports[name].html
            browser, page = _open(pw, html, 1280)
            view = {
                "charts": page.evaluate(GEOMETRY_JS),
                "lang": page.get_attribute("html", "lang"),
            }
            view["headings"] = [
                h.strip()
                for h in page.eval_on_selector_all("h2", "els => els.map(e => e.textContent)")
            ]
            page.emulate_media(media="print")
            view["pdf"] = page.pdf(format="A4", print_background=True)
            browser.close()
            browser, page = _open(pw, html, 390)
            view["phone_scroll"] = page.evaluate("document.documentElement.scrollWidth")
            view["phone_font"] = page.evaluate(
                "Math.min(...[...document.querySelectorAll('.an-vega svg text')]"
                ".map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a))"
            )
            browser.close()
            out[name] = view
    yield out


def _year(label: str) -> str | None:
    # the tooltip's period, titled in the page's language (时期 in these zh pages)
    m = re.search(r"(?:^|; )(?:period|时期|Period): (\d{4})(?:;|$)", label)
    return m.group(1) if m else None


TIME_CHARTS = [r for r in REPORT_NAMES if r != "plan"]  # the scorecard has no time axis


@pytest.mark.parametrize("report", TIME_CHARTS)
def test_every_year_point_sits_nearest_its_own_tick(report: str, views: dict) -> None:  # type: ignore[type-arg]
    checked = 0
    for chart in views[report]["charts"]:
        ticks = chart["ticks"]
        for label, x, y, _cell in chart["points"]:
            year = _year(label)
            below = [t for t in ticks if t[2] > y]
            if year is None or not below:
                continue
            nearest = min(below, key=lambda t: (t[1] - x) ** 2 + (t[2] - y) ** 2)
            assert nearest[0] == year, f"{report}: the {year} point is drawn at {nearest[0]}"
            checked += 1
    assert checked >= 5, f"{report}: only {checked} dated points found"


def test_small_multiples_hold_one_region_per_panel(views: dict) -> None:  # type: ignore[type-arg]
    panels: dict[str, set[str]] = {}
    for chart in views["industry"]["charts"]:
        for label, _x, _y, cell in chart["points"]:
            if cell:
                m = re.search(r"(?:^|; )series: ([^;]+)", label)
                panels.setdefault(cell, set()).add(m.group(1) if m else "")
    assert len(panels) >= 4, "the peer chart has a panel per region"
    assert all(len(s) == 1 for s in panels.values()), panels


@pytest.mark.parametrize("report", REPORT_NAMES)
def test_legends_whole_lang_tag_and_phone(report: str, views: dict) -> None:  # type: ignore[type-arg]
    v = views[report]
    assert v["lang"] == "zh"
    assert not any(t.endswith("…") for c in v["charts"] for t in c["legends"])
    assert v["phone_scroll"] <= 390, "no sideways scroll on a 390 px phone"
    assert v["phone_font"] >= 10, "chart text stays readable on a phone"


@pytest.mark.parametrize("report", REPORT_NAMES)
def test_a4_keeps_headings_with_what_follows(report: str, views: dict) -> None:  # type: ignore[type-arg]
    from pypdf import PdfReader

    pages = [p.extract_text() or "" for p in PdfReader(io.BytesIO(views[report]["pdf"])).pages]
    headings = set(views[report]["headings"])
    for n, text in enumerate(pages[:-1], start=1):
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        assert lines, f"page {n} is empty"
        assert lines[-1] not in headings, f"{report}: heading {lines[-1]!r} alone at page {n}'s end"


def test_the_broadband_chart_draws_tianjin_2016_to_2024_on_its_year_ticks(views: dict) -> None:  # type: ignore[type-arg]
    # the digital-infrastructure section's chart: Tianjin's fixed broadband users, 704.0万户 in 2024
    chart = next(
        c
        for c in views["fiveg"]["charts"]
        if any(
            re.search(r"value: 704(\.0)?; series: 天津;.*; 时期: 2024(;|$)", p[0])
            for p in c["points"]
        )
    )
    tianjin = {
        _year(label): (x, y) for label, x, y, _ in chart["points"] if "series: 天津" in label
    }
    assert sorted(tianjin) == [str(y) for y in range(2016, 2025)]
    ticks = {label: x for label, x, _y in chart["ticks"]}
    for year, (x, _y) in tianjin.items():
        assert min(ticks, key=lambda t: abs(ticks[t] - x)) == year, f"{year} drawn off its tick"
    # 704.0 in 2024 is drawn above 283.9 in 2016 (screen y grows downwards)
    assert tianjin["2024"][1] < tianjin["2016"][1]
