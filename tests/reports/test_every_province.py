"""Every report builds for every province in both languages and never prints nan or inf.

The industry report once printed 区位熵 nan and a card "inf %" for regions with gaps. Building
each report's page in-process for the 31 provinces (248 reports, about 40 s) finds any such
value in a heading, sentence, card or table, as a reader would see it — and validates every
chart it draws against the Vega-Lite schema (the runs themselves do not: issue 23).
"""

from __future__ import annotations

import pytest

from analytics.catalog import regions
from analytics.runs.render import check_html
from tests.reports.page_helpers import build
from tests.reports.test_chart_specs import invalid_charts

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
            built = build(report, region=code, lang=lang)
            problems = [p for p in check_html(built.html()) if "nan" in p]
            problems += [f"{k}: {v}" for k, v in invalid_charts(built.sections).items()]
            if problems:
                found[(code, lang)] = problems
    assert found == {}
