"""The plan scorecard: Tianjin's statuses pinned, a second plan through the same notebook."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from analytics.catalog import load_plan
from analytics.reports.plan.data import evaluate_plan
from tests.reports.page_helpers import build

AS_OF = "2026-11-28"
DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def statuses() -> dict[str, str]:
    from datetime import date

    scored = evaluate_plan(load_plan("tianjin_smart_city_14th"), as_of=date(2026, 11, 28))
    return dict(zip(scored["id"], scored["status"], strict=True))


def test_tianjin_statuses(statuses: dict[str, str]) -> None:
    assert statuses["fiveg_base_stations"] == "achieved"  # 73,000 (end-2023) ≥ 70,000
    assert statuses["de_core_va_share"] == "qualitative"  # "steady increase", one figure
    no_data = [
        "fiveg_coverage",
        "fiveg_scenarios",
        "smart_education_zones",
        "digital_village_pilots",
        "smart_community_pilots",
        "internet_hospitals",
        "digital_governance_scenarios",
        "smart_district_pilots",
    ]
    assert {k: statuses[k] for k in no_data} == dict.fromkeys(no_data, "not_measurable")
    # China's 10 % by 2025: the plan period is over and no 2025 share is published (the latest,
    # 9.9 % for 2023, misses it): no final verdict, and never "on track" after 2025
    assert statuses["de_core_va_share_national"] == "no_data"


def test_the_national_goal_mixes_no_bases() -> None:
    from datetime import date

    # mid-2025: the 2023 share (published 2025-01-02) is known, the plan period not yet over
    scored = evaluate_plan(load_plan("tianjin_smart_city_14th"), as_of=date(2025, 6, 30))
    goal = scored.filter(pl.col("id") == "de_core_va_share_national").row(0, named=True)
    # 7.8 % (2020) is on GDP before the 5th economic census, 9.9 % (2023) on the census basis
    # (figures_map.csv labels the 2023 share nbs_5th_census): no (9.9 − 7.8)/(10 − 7.8) = 95 %
    assert (goal["baseline_vintage"], goal["latest_vintage"]) == ("published", "nbs_5th_census")
    assert goal["progress_pct"] is None and goal["progress_note"] == "bases_differ"
    rc = build("plan", region="120000", lang="en", as_of="2025-06-30")
    text = " ".join(next(s for s in rc.sections if s.name == "progress").sentences)
    assert "are on different bases; no progress is computed" in text and "95%" not in text


def test_a_scorecard_at_the_end_of_2023_knows_only_what_was_published_by_then() -> None:
    from datetime import date

    scored = evaluate_plan(load_plan("tianjin_smart_city_14th"), as_of=date(2023, 12, 31))
    five = scored.filter(pl.col("id") == "fiveg_base_stations").row(0, named=True)
    # 73,000 (end-2023 stock) was stated on 2024-03-25: unknown on 2023-12-31. The 2020 figure
    # (33,000, the baseline) shows no progress while 3 of the plan's 5 years have gone.
    assert (five["latest_value"], five["latest_period"]) == (33000.0, "2020")
    assert five["status"] == "off_track"


def test_headline_table_and_sources() -> None:
    rc = build("plan", region="120000", lang="zh", as_of=AS_OF)
    head = next(s for s in rc.sections if s.name == "headline").sentences
    assert head[0].endswith(
        "的10项目标：达成1项 · 未达成0项 · 无数据9项。无数据不等于未达成：缺的是完成数。"
    )
    assert any("二手来源" in s for s in head)
    table = next(s for s in rc.sections if s.name == "targets").table
    assert table is not None
    html = table.html()
    # the period measured (end-2023, inferred from the March 2024 statement) and its age in
    # whole months at the evaluation date the scorecard was asked for: 2023-12-31 → 2026-11-28
    assert "73,000个（2023年（推断；2024年3月表述），距评估日34个月）" in html
    # the plan period is over: the final verdict alone, with the grade of its figure (a mirror)
    assert "✓ 已达成（依据：二手来源）</td>" in html
    assert 'href="http://www.xm171.com/news/1565.html"' in html
    progress = next(s for s in rc.sections if s.name == "progress")
    assert progress.data is not None
    five = progress.data.filter(pl.col("label") == "5G基站数").row(0, named=True)
    assert five["progress_pct"] == pytest.approx(round(40000 / 37000 * 100, 1))


def test_english_scorecard() -> None:
    rc = build("plan", region="120000", lang="en", as_of=AS_OF)
    head = next(s for s in rc.sections if s.name == "headline").sentences[0]
    assert "10 targets" in head and "1 met · 0 missed · 9 no data" in head
    assert rc.cards[0].value == "1 met · 0 missed · 9 no data"


def test_a_region_without_a_plan_is_refused() -> None:
    from analytics.reports.plan import NoPlanError

    # issue 19: Tianjin's plan is never shown under another region's name
    with pytest.raises(NoPlanError, match="no plan on file for 广东 — add data/catalog/plans/"):
        build("plan", region="440000", lang="zh", as_of=AS_OF)


def test_another_regions_plan_shows_only_its_national_goals() -> None:
    rc = build("plan", region="440000", lang="zh", as_of=AS_OF, plan="tianjin_smart_city_14th")
    assert "下表只列适用的全国目标" in rc.subtitle
    table = next(s for s in rc.sections if s.name == "targets").table
    assert table is not None and "全国目标" in table.html() and "5G基站数" not in table.html()


@pytest.mark.notebook
def test_the_same_notebook_renders_a_second_plan(tmp_path: Path) -> None:
    from analytics.runs.execute import run_report

    plan = str(DATA / "plans" / "test_plan_2030.yaml")
    params = {"region": "120000", "period": "2026", "lang": "en", "plan": plan, "as_of": AS_OF}
    out = run_report("plan", params, out_dir=tmp_path)
    html = out.html.read_text(encoding="utf-8")
    assert "A test plan (2026-2030): scorecard" in html
    assert "Integrated social-governance platform: 2021-12-28" in html  # its evidence listed
    # 73,000 is 34.2 % of the way from 33,000 to 150,000, while (2026-11-28 − 2020-12-31) /
    # (2030-12-31 − 2020-12-31) = 2,158 / 3,652 = 59.1 % of the time has gone: off track
    assert "Off track" in html and "No data: not measurable" in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_2022_scorecard_shows_nothing_published_after_2022(lang: str) -> None:
    from analytics.stats.periods import Period

    rc = build("plan", region="120000", period="2022", lang=lang)
    assert "2022-12-31" in rc.subtitle  # evaluated at the end of its period, not today
    # the figure cards (after the headline count, dated by the plan's end year) are all by 2022:
    # the 5G card falls back to 33,000 (2020), as 73,000 was stated in 2024
    for card in rc.cards[1:]:
        assert Period.parse(card.period).end <= date(2022, 12, 31), card
    five = next(c for c in rc.cards if c.value.startswith(("33,000", "73,000")))
    assert (five.value, five.period) == ("33,000", "2020")
    head = next(s for s in rc.sections if s.name == "headline").sentences
    assert not any("2025" in s and ("终期" in s or "final" in s) for s in head)


def test_an_edition_uses_the_figures_published_in_the_following_year() -> None:
    from datetime import date

    from analytics.reports.plan.data import _known_by

    # the 2025 edition is as at 2025-12-31, on figures published up to 2026-12-31 (not after today)
    assert _known_by(date(2025, 12, 31)) == min(date.today(), date(2026, 12, 31))
    rc = build("plan", region="000000", period="2025", lang="en")
    density = next(c for c in rc.cards if c.label.startswith("5G base stations per"))
    # 34.4 per 10,000 people for 2025 (figures_2026-12.csv), published in 2026: it counts, rounded
    # once to its published decimal (not 34)
    assert (density.value, density.period, density.status) == ("34.4", "2025", "achieved")
    assert "evaluated as at 2025-12-31, on figures published by" in rc.subtitle
    assert rc.subtitle.count("plan period 2021–2025") == 1  # three national plans, said once
