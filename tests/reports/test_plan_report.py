"""The plan scorecard through papermill, for Tianjin's plan, a second plan file and a region
without a plan; read back in headless Chromium (lang tag, offline, no sideways scroll at 390 px)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analytics.reports.content import plan_report
from analytics.reports.execute import RunOutputs, run_report
from analytics.reports.render import check_html
from tests.reports.test_browser import ARGS, CHROMIUM

pytestmark = pytest.mark.notebook
ROOT = Path(__file__).resolve().parents[2]
SECOND = ROOT / "tests" / "data" / "plans" / "test_city_2030.yaml"


def test_headline_and_rows_for_tianjin() -> None:
    rc = plan_report(region="120000", lang="en", as_of="2026-11-28")
    lines = rc.headline_text().splitlines()
    assert lines[1].startswith("Plan targets achieved: 1 / 11 (2025)")
    assert (
        "5G base stations built: 73,000 stations (March 2024) | Target 70,000 stations" in lines[2]
    )
    table = rc.sections[0].html("en")
    # 11 targets and a header row for each of the 5 areas with targets (政务服务与数据资源 has
    # only baselines, listed in their own section)
    assert table.count("<tr>") == 11 + 5
    assert "73,000 stations, March 2024 (32 months old)" in table
    assert table.count("No data: not measurable") == 8
    assert "Qualitative (evidence listed)" in table and "Final: achieved" in table


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RunOutputs]:
    root = tmp_path_factory.mktemp("plan")
    cases = {
        "tianjin_zh": {"region": "120000", "lang": "zh"},
        "tianjin_en": {"region": "120000", "lang": "en"},
        "second_en": {"region": "120000", "lang": "en", "plan": str(SECOND)},
        "tibet_zh": {"region": "540000", "lang": "zh"},
    }
    return {
        k: run_report("plan", {"period": "latest", **p}, out_dir=root / k) for k, p in cases.items()
    }


def test_published_pages(runs: dict[str, RunOutputs]) -> None:
    for out in runs.values():
        html = out.html.read_text(encoding="utf-8")
        assert check_html(html) == []
        assert len(out.chart_data) == html.count('class="an-vega"') == 1
    zh = runs["tianjin_zh"].html.read_text(encoding="utf-8")
    assert "<h1>天津规划目标评估</h1>" in zh and "津政办发〔2021〕52号" in zh
    assert "目标取自二手资料" in zh  # the secondary source said on the page
    assert 'href="http://www.xm171.com/news/1565.html"' in zh
    second = runs["second_en"].html.read_text(encoding="utf-8")
    assert "Test plan (not a real plan)" in second
    assert re.search(r"Plan targets achieved</div>\s*<div class=\"an-card-value\">0 / 3", second)
    tibet = runs["tibet_zh"].html.read_text(encoding="utf-8")
    assert "未载入西藏的规划；下表为适用于全国的目标。" in tibet


@pytest.mark.browser
@pytest.mark.parametrize("case", ["tianjin_zh", "tianjin_en"])
def test_phone_and_lang_in_chromium(case: str, runs: dict[str, RunOutputs]) -> None:
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 900})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                       else (outside.append(r.request.url), r.abort()))  # fmt: skip
            page.goto(runs[case].html.as_uri())
            page.wait_for_function("document.querySelector('.an-vega svg') !== null",
                                   timeout=15_000)  # fmt: skip
            lang = page.get_attribute("html", "lang")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            bars = page.evaluate("document.querySelectorAll('.an-vega svg path').length")
        finally:
            browser.close()
    assert lang == case[-2:]
    assert scroll <= 390, "no sideways scroll on a 390 px phone"
    assert bars > 2 and outside == []
