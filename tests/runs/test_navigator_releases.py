"""The index lists the coming releases (issue 21, item 3), from data/catalog/releases.yaml:
each source's expected month and its basis, the soonest first; the unknown ones apart, saying
they are unknown. At 390 px the list reflows (no sideways scroll)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analytics.catalog import load_releases
from analytics.runs.index_page import IndexEntry, render_index
from tests.reports.test_browser import ARGS, CHROMIUM


def _page(tmp_path: Path) -> str:
    entry = IndexEntry("industry", "120000", "2025", "zh", "ok", html=tmp_path / "a.html")
    return render_index([entry], base=tmp_path, generated=0)


def test_the_index_lists_coming_releases_soonest_first(tmp_path: Path) -> None:
    page = _page(tmp_path)
    section = page[page.index('id="releases"') :]
    known = re.findall(r'<tr data-release="([a-z_]+)">', section)
    cal = load_releases()
    expected = [r.id for r in cal.releases if r.expected]
    assert sorted(known) == sorted(expected)
    months = [cal.get(i).expected for i in known]
    assert months == sorted(months)  # type: ignore[type-var]
    # the work report row: its month, what it brings, the reports it changes, its basis
    row = section[section.index('data-release="tianjin_work_report"') :].split("</tr>")[0]
    assert "2027-01" in row and "(2026)" in row and "天津市政府工作报告" in row
    assert "产业经济报告" in row and "2024-01-23、2026-01-26" in row
    # expected 2026-01, as of 2026-12-04 still not in the store: said so
    nbs = section[section.index('data-release="nbs_national_gdp"') :].split("</tr>")[0]
    assert "past its expected month" in nbs
    # a source with no basis is listed as unknown, not given a date
    unknown = section[section.index("<details>") :]
    assert 'data-release="nbs_provincial_annual"' in unknown and "unknown — " in unknown


@pytest.mark.browser
def test_the_release_list_reflows_at_390_px(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    path = tmp_path / "index.html"
    path.write_text(_page(tmp_path), encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        view = browser.new_page(viewport={"width": 390, "height": 800})
        view.goto(path.as_uri())
        width = view.evaluate("document.documentElement.scrollWidth")
        rows = view.evaluate("document.querySelectorAll('#releases tr[data-release]').length")
        visible = view.evaluate("document.getElementById('releases').offsetParent !== null")
        browser.close()
    assert width <= 390 and rows >= 5 and visible
