"""Every report builds for every province in both languages and never prints nan or inf.

The industry report once printed 区位熵 nan and a card "inf %" for regions with gaps. Building
each report's page in-process for the 31 provinces (248 reports, about 40 s) finds any such
value in a heading, sentence, card or table, as a reader would see it.
"""

from __future__ import annotations

import pytest

from analytics.catalog import regions
from analytics.runs.render import check_html
from tests.reports.page_helpers import build

REPORTS = ("industry", "fiveg", "digital_economy", "plan")


@pytest.mark.slow
@pytest.mark.parametrize("report", sorted(REPORTS))
def test_no_province_gets_nan_or_inf(report: str) -> None:
    from analytics.catalog import plans_for

    provinces = [c for c in regions()["code"].to_list() if c != "000000"]
    assert len(provinces) == 31
    if report == "plan":  # a scorecard exists for a province with a plan on file (issue 19)
        provinces = [c for c in provinces if plans_for(c)]
        assert set(provinces) >= {"110000", "120000", "310000", "500000"}
    found = {}
    for code in provinces:
        for lang in ("zh", "en"):
            page = build(report, region=code, lang=lang).html()
            problems = [p for p in check_html(page) if "nan" in p]
            if problems:
                found[(code, lang)] = problems
    assert found == {}
