"""A report for period P shows nothing after P (targets and forecasts excepted), zh and en."""

from __future__ import annotations

import re

import pytest

from analytics.stats.periods import Period
from tests.reports.page_helpers import build

REPORTS = ("fiveg", "industry", "digital_economy")
END_2022 = Period.parse("2022").end


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("report", list(REPORTS))
def test_a_2022_report_shows_nothing_after_2022(report: str, lang: str) -> None:
    rc = build(report, region="120000", period="2022", lang=lang)
    for card in rc.cards:
        if card.period:
            assert Period.parse(card.period).end <= END_2022, (card.label, card.period)
    shown = 0
    for sec in rc.sections:
        if sec.data is not None and "period" in sec.data.columns and sec.name != "forecast":
            for p in sec.data["period"].drop_nulls().unique().to_list():
                assert Period.parse(str(p)).end <= END_2022, (sec.name, p)
                shown += 1
        for text in sec.sentences:
            # a year after 2022 may only appear as a target year or in a forecast
            later = [y for y in re.findall(r"20\d\d", text) if int(y) > 2022]
            if later and sec.name != "forecast":
                assert re.search(r"目标|target", text), (sec.name, text)
    assert shown > 0, "the report shows data up to 2022"


def test_the_industry_report_for_2022_keeps_the_2022_published_share() -> None:
    rc = build("industry", region="120000", period="2022", lang="zh")
    published = rc.sections[-1].sentences
    assert any("2021年" in s for s in published)
    assert not any(re.search(r"202[3-9]年", s) for s in published)
