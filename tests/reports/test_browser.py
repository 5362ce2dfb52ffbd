"""Open each report in Debian's headless Chromium with the network cut off."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.runs.execute import RunOutputs

REPORT_NAMES = ("plan", "industry", "fiveg", "digital_economy")

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TITLES = {
    "plan": "天津：天津市智慧城市建设“十四五”规划 目标评估",
    "industry": "天津产业经济报告",
    "fiveg": "天津5G与数字基础设施报告",
    "digital_economy": "天津数字经济报告",
}


@pytest.mark.parametrize("report", REPORT_NAMES)
def test_report_renders_offline_in_chromium(
    report: str, tianjin_reports: dict[str, RunOutputs], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    html = tianjin_reports[report].html
    outside: list[str] = []
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 900, "height": 1200})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))

            def route(r):  # type: ignore[no-untyped-def]
                if r.request.url.startswith("file://"):
                    r.continue_()
                else:
                    outside.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.goto(html.as_uri())
            page.wait_for_function(
                "document.querySelectorAll('.an-vega').length > 0 && "
                "[...document.querySelectorAll('.an-vega')]"
                ".every(d => d.querySelector('svg, canvas'))",
                timeout=15_000,
            )
            sizes = page.eval_on_selector_all(
                ".an-vega",
                "els => els.map(e => {"
                " const g = e.querySelector('svg, canvas').getBoundingClientRect();"
                " return [g.width, g.height, e.querySelectorAll('svg path, svg text').length]; })",
            )
            title = page.inner_text("h1")
            body = page.inner_text("body")
            page.screenshot(path=str(tmp_path / f"{report}.png"), full_page=True)
        finally:
            browser.close()
    assert len(sizes) == len(tianjin_reports[report].chart_data)
    for w, h, marks in sizes:
        assert w > 100 and h > 100 and marks > 5
    assert errors == []
    assert outside == []
    assert title == TITLES[report]
    assert "Traceback" not in body and "report.show_" not in body
    assert (tmp_path / f"{report}.png").stat().st_size > 10_000
