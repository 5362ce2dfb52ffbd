"""Every report says when it will next change and why (issue 21, item 3).

The notes end with the report's sources' next releases from data/catalog/releases.yaml: the
first expected one in a sentence, then each with its basis (the publication dates the store
records), or that the expectation is unknown.
"""

from __future__ import annotations

import pytest

from analytics.catalog.releases import load_releases
from analytics.runs.registry import REPORTS
from tests.reports.page_helpers import build


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("report", list(REPORTS))
def test_every_report_says_its_next_release_and_its_basis(report: str, lang: str) -> None:
    page = build(report, lang=lang)
    html = page.html()
    assert ('id="next-release"' in html) and ("下次更新" if lang == "zh" else "Next update") in html
    for rel in load_releases().for_report(report):
        name = rel.name_zh if lang == "zh" else rel.name_en
        basis = rel.basis_zh if lang == "zh" else rel.basis_en
        assert name.replace("'", "&#39;") in html, name
        assert basis.replace("'", "&#39;") in html, basis


def test_the_industry_report_will_next_change_in_january_2027() -> None:
    # tianjin_stats_annual: 2021-01-21, 2025-01-21, 2026-01-22 → about 2027-01, the 2026 figures
    html = build("industry").html()
    assert (
        "本报告预计下次变化：约2027年1月，天津市统计局全年经济运行情况发布（2026年数据）发布时。"
        in html
    )
    assert "2020、2024、2025年数据分别于2021-01-21、2025-01-21、2026-01-22发布" in html


def test_a_report_without_a_known_date_says_so() -> None:
    html = build("monthly", lang="en").html()
    assert "None of this report&#39;s sources has a next release date" in html
    assert "unknown — the monthly exports in the store end in 2020-02" in html
