"""Words for readers: dates as they write them, English units, no code, no nan."""

from __future__ import annotations

import re

import pytest

from analytics.reports.components import cards_html, notes_html
from tests.reports.page_helpers import Page, build

REPORTS = ("industry", "fiveg", "digital_economy")


def _prose(rc: Page) -> list[str]:
    return [
        rc.title,
        rc.subtitle,
        *(s.heading for s in rc.sections),
        *(t for s in rc.sections for t in s.sentences),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("report", REPORTS)
def test_prose_reads_as_written_by_hand(report: str, lang: str) -> None:
    rc = build(report, region="120000", lang=lang)
    page = " ".join(_prose(rc)) + cards_html(rc.cards, lang=lang) + notes_html(rc.notes, lang=lang)
    prose = " ".join(_prose(rc))
    assert not re.search(r"\bnan\b|\binf\b|NaN", page)
    assert "(s)" not in prose
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", prose), "no internal codes in the prose"
    assert not re.search(r"\.csv|data/raw|reference/", page), "no file paths"
    if lang == "zh":
        assert not re.search(r"(?<![\d/])\d{4}-\d{2}(?![\d-])", prose), "Chinese dates: 2024年3月"
    else:
        assert "100 million yuan" not in prose


def test_english_amounts_in_billions_and_trillions() -> None:
    rc = build("industry", region="120000", period="2024", lang="en")
    gdp = rc.cards[0]
    # 17,931.3 亿元 (NBS revised, 2024) = 1.79313 trillion yuan
    assert (gdp.value, gdp.unit) == ("1.79", "trillion yuan")
    assert any("In 2024, " in s and "trillion yuan" in s for s in _prose(rc))


def test_chinese_dates_in_words() -> None:
    rc = build("fiveg", region="120000", lang="zh")
    prose = " ".join(_prose(rc))
    # 73,000 was stated in March 2024 and measures the end-2023 stock: dated by what it measures
    assert "截至2023年为73,000个" in prose and "截至2024年3月" not in prose
    assert "73,000个所指时期为2023年（推断；2024年3月表述）。" in prose
    assert "已公开的数据点：2020年、2023年" in prose


def test_the_gdp_card_states_the_work_report_growth_target() -> None:
    # 2024 target: growth of 4.5 % (government work report, figures.csv:50); real growth 4.9 %
    rc = build("industry", region="120000", period="2024", lang="zh")
    gdp = rc.cards[0]
    assert (gdp.target, gdp.status, gdp.change) == ("增长4.5%", "achieved", "实际增长 4.9%")
    assert any("en.people.cn" in n for n in [notes_html(rc.notes, lang="zh")])
    # no target is on file for 2023: the card says so rather than inventing one
    assert build("industry", region="120000", period="2023", lang="zh").cards[0].target is None


def test_an_english_count_names_its_unit_once() -> None:
    # seen on the page: "Tianjin had 73,000 stations 5G base stations by 2023"
    from analytics.reports.context import ReportContext
    from analytics.reports.fiveg import base_stations

    sec = base_stations(ReportContext(region="120000", period="2024", lang="en"))
    assert sec.sentences[0].startswith("Tianjin had 73,000 5G base stations by 2023, 104% of")
