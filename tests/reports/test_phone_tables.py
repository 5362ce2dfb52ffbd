"""A table on a 390 px phone, read back from headless Chromium: no number broken mid-digit.

Seen on the plan scorecard before: a six-column table squeezed into 390 px wrapped "70,000个" as
"70,0 / 00个" and "2025年" as "20 / 25年". On a phone each row is now a block with each cell
under its column's name.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from analytics.runs.execute import RunOutputs
from tests.reports.test_browser import ARGS, CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# every run of digits (with thousands separators) in a table cell: on how many lines it is drawn
NUMBERS_JS = r"""
() => [...document.querySelectorAll('.an-table td')].flatMap(td => {
  const out = [];
  const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (const m of n.textContent.matchAll(/\d[\d,.]*\d/g)) {
      const r = document.createRange();
      r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
      out.push([m[0], tops.size]);
    }
  }
  return out;
})
"""


def _numbers(html: str, width: int) -> tuple[list[Any], int]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(html)
        found, scroll = (
            page.evaluate(NUMBERS_JS),
            page.evaluate("document.documentElement.scrollWidth"),
        )
        browser.close()
    return found, scroll


def test_the_plan_table_keeps_every_number_on_one_line(
    tianjin_reports: dict[str, RunOutputs],
) -> None:
    html = tianjin_reports["plan"].html.as_uri()
    found, scroll = _numbers(html, 390)
    assert scroll <= 390
    numbers = {n for n, _ in found}
    assert {"70,000", "73,000", "2025", "33,000"} <= numbers  # the 5G row is read
    broken = [n for n, lines in found if lines > 1]
    assert broken == [], f"numbers split across lines on a phone: {broken}"
    assert all(re.fullmatch(r"\d[\d,.]*\d", n) for n in numbers)
