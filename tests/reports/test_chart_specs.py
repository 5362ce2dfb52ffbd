"""Every chart a report draws is valid Vega-Lite.

A report's section converts its chart with ``to_dict(validate=False)`` (issue 23: validating in
each run was a quarter of a chart's time), so the validation lives here: each chart of each report,
for Tianjin and a second province in both languages, is converted again with Altair's schema
validation, which must pass and give the very spec the page embeds. The slow test
``test_every_province`` does the same for all 31 provinces.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest
from altair.utils.schemapi import SchemaValidationError

from analytics.reports.section import Section
from tests.reports.page_helpers import build

CASES = [
    (report, region, lang)
    for report, others in [
        ("monthly", "440000"),
        ("fiveg", "440000"),
        ("industry", "310000"),
        ("digital_economy", "440000"),
        ("plan", "500000"),  # a scorecard only where a plan is on file (Beijing's draws none)
    ]
    for region in ("120000", others)
    for lang in ("zh", "en")
]


def invalid_charts(sections: list[Section]) -> dict[str, str]:
    """Each section whose embedded spec fails the schema or differs from a validated one."""
    found = {}
    for s in sections:
        if s.chart is None:
            continue
        try:
            if s.chart.to_dict(validate=True) != s.spec():
                found[s.name] = "the validated spec differs from the one embedded"
        except SchemaValidationError as err:
            found[s.name] = str(err).splitlines()[0]
    return found


@pytest.mark.parametrize(("report", "region", "lang"), CASES)
def test_every_chart_of_a_report_is_valid_vega_lite(report: str, region: str, lang: str) -> None:
    page = build(report, region=region, lang=lang)
    charts = [s for s in page.sections if s.chart is not None]
    assert charts  # every case draws a chart; an empty list would check nothing
    assert invalid_charts(page.sections) == {}


def test_an_invalid_chart_is_found() -> None:
    """The check can fail: a section embeds an invalid spec without error, the check names it."""
    data = pd.DataFrame({"period": ["2023", "2024"], "value": [1.0, 2.0]})
    bad = alt.Chart(data).mark_line().encode(x="period:O", y=alt.Y("value:Q", stack="sideways"))
    section = Section("GDP", bad, "gdp_bad", None, lang="en")
    assert section.spec()["encoding"]["y"]["stack"] == "sideways"  # embedded as written
    good = Section("GDP", bad.encode(y="value:Q"), "gdp_good", None, lang="en")
    found = invalid_charts([section, good])
    assert list(found) == ["gdp_bad"] and "sideways" in found["gdp_bad"]
