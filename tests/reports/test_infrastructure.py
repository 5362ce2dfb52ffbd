"""The digital-infrastructure sections, pinned to NBS portal values and hand calculations."""

from __future__ import annotations

import csv
import re
from typing import Any

import polars as pl
import pytest

from analytics.io.portal import PORTAL_DIR
from analytics.reports import ReportContext, fiveg
from analytics.reports._panels import standing
from analytics.reports.fiveg._infrastructure import (
    broadband,
    mobile_internet,
    optical_cable,
    ranking,
)

# NBS 分省年度数据, Tianjin (data/raw/nbs_portal/panels): the figures and their neighbours
BROADBAND_2024, BROADBAND_2023, BROADBAND_2016 = 704.0, 673.4, 283.9  # 万户
MOBILE_USERS_2024, MOBILE_USERS_2016 = 1710.9, 1125.42  # 万户
TRAFFIC_2024, TRAFFIC_2016 = 386_654.08, 10_100.27  # 万GB
CABLE_2024, CABLE_2021, CABLE_2020 = 403_962.62, 325_075.68, 376_891.73  # km
POPULATION_2024 = 1364.0  # 万人, year-end resident population (data/raw/nbs/分省年度数据人口.csv)


@pytest.fixture(scope="module")
def zh() -> ReportContext:
    return ReportContext(region="120000", lang="zh")


def test_broadband_level_growth_and_per_100_residents(zh: ReportContext) -> None:
    text = "".join(broadband(zh).sentences)
    # 704.0 / 673.4 - 1 = 4.54 %; (704.0 / 283.9) ** (1 / 8) - 1 = 12.02 % a year
    assert round((BROADBAND_2024 / BROADBAND_2023 - 1) * 100, 1) == 4.5
    assert round(((BROADBAND_2024 / BROADBAND_2016) ** (1 / 8) - 1) * 100, 1) == 12.0
    assert (
        "2024年天津互联网宽带接入用户为704.0万户，比上年增长4.5%；2016—2024年年均增长12.0%" in text
    )
    # per 100 residents: 704.0 万户 / 1364 万人 × 100 = 51.61
    assert round(BROADBAND_2024 / POPULATION_2024 * 100, 1) == 51.6
    assert "每百人拥有互联网宽带接入用户51.6户" in text
    assert "不按每百户计算" in text  # no household counts in the data: said, not invented


def _csv_rank(table: str, column: str, year: str, code: str = "120000000000") -> tuple[int, int]:
    """Rank (1 = highest) from the panel CSV with the csv module: an outside path to the rank."""
    path = PORTAL_DIR / "panels" / f"{table}_多年期_面板数据.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["年份"] == year and r[column]]
    values = sorted((float(r[column]) for r in rows), reverse=True)
    mine = next(float(r[column]) for r in rows if r["省辖市代码"] == code)
    return values.index(mine) + 1, len(values)


def test_ranks_agree_with_a_plain_sort_of_the_panel(zh: ReportContext) -> None:
    rank, n = _csv_rank("分省互联网主要指标", "互联网宽带接入用户 (万户)", "2024")
    rank16, _ = _csv_rank("分省互联网主要指标", "互联网宽带接入用户 (万户)", "2016")
    assert f"在有数据的{n}个省份中，规模居第{rank}位（2016年第{rank16}位）" in "".join(
        broadband(zh).sentences
    )
    rank, n = _csv_rank("分省电信主要通行能力", "光缆线路长度 (公里)", "2024")
    assert f"规模居第{rank}位" in "".join(optical_cable(zh).sentences)


def test_mobile_traffic_per_user(zh: ReportContext) -> None:
    sec = mobile_internet(zh)
    # 386,654.08 万GB / 1,710.9 万户 = 225.99 GB a user in 2024; 10,100.27 / 1,125.42 = 8.97 in 2016
    assert round(TRAFFIC_2024 / MOBILE_USERS_2024, 1) == 226.0
    assert round(TRAFFIC_2016 / MOBILE_USERS_2016, 1) == 9.0
    assert "户均226.0GB/年" in sec.sentences[0] and "2016年为9.0GB" in sec.sentences[0]
    assert sec.data is not None
    tj = sec.data.filter((pl.col("region") == "120000") & (pl.col("period") == "2024"))
    assert tj["value"].item() == pytest.approx(TRAFFIC_2024 / MOBILE_USERS_2024, rel=1e-12)
    assert tj["date"].item() == "2024-01-01"  # a 2024 value sits on the 2024 tick


def test_cable_per_10k_residents_and_the_2021_break_said_at_the_chart(zh: ReportContext) -> None:
    sec = optical_cable(zh)
    assert sec.data is not None
    v2020 = sec.data.filter((pl.col("region") == "120000") & (pl.col("period") == "2020"))
    assert v2020["value"].item() == CABLE_2020
    # 403,962.62 km / 1364 万人 = 296.16 km per 10,000 residents; no land area: said
    assert round(CABLE_2024 / POPULATION_2024, 1) == 296.2
    assert "每万人296.2公里" in "".join(sec.sentences) and "不按每平方公里计算" in "".join(
        sec.sentences
    )
    # 325,075.68 / 376,891.73 - 1 = -13.75 %: flagged at build, said under the chart
    assert round((CABLE_2021 / CABLE_2020 - 1) * 100, 1) == -13.7
    assert any("天津光缆线路长度" in f and "2021年下降13.7%" in f for f in sec.flags)
    assert '<p class="an-flag">' in sec.html()


def test_ranking_of_all_31_provinces_per_100_residents(zh: ReportContext) -> None:
    sec = ranking(zh)
    assert sec is not None and sec.data is not None
    assert sec.data.height == 31 and set(sec.data["period"]) == {"2024"}
    top = sec.data.row(0, named=True)
    assert top["rank"] == 1 and top["value"] == sec.data["value"].max()
    tj = sec.data.filter(pl.col("region") == "120000").row(0, named=True)
    assert tj["value"] == pytest.approx(BROADBAND_2024 / POPULATION_2024 * 100, rel=1e-12)
    assert tj["highlight"]


def test_standing_by_hand() -> None:
    frame = pl.DataFrame(
        {
            "region": ["a", "b", "c"] * 3,
            "period": ["2016"] * 3 + ["2023"] * 3 + ["2024"] * 3,
            "value": [100.0, 50.0, 10.0, 190.0, 140.0, 30.0, 200.0, 150.0, 40.0],
        }
    )
    s = standing(frame, "b", "2024", "2016")
    # b: 150 / 140 - 1 = 7.14 %; (150 / 50) ** (1 / 8) - 1 = 14.72 %; c grows fastest (4x)
    assert round(s["yoy"], 2) == 7.14 and round(s["cagr"], 2) == 14.72
    assert (s["rank"], s["rank_base"], s["cagr_rank"], s["n"]) == (2, 2, 2, 3)


def test_english_words_and_the_new_title() -> None:
    ctx = ReportContext(region="120000", lang="en")
    assert fiveg.title(ctx) == "Tianjin: 5G and digital infrastructure"
    text = " ".join(broadband(ctx).sentences)
    assert "fixed broadband users in Tianjin stood at 7.04 million users, up 4.5%" in text
    assert "not per 100 households" in text


def test_flags_said_only_for_year_on_year_breaks_in_levels(zh: ReportContext) -> None:
    from analytics.io.anomalies import read_anomalies
    from analytics.reports._panels import flag_sentences

    flags = read_anomalies()
    # the build flags CAICT's 38.6 % (2020) against 21.6 % — but that is 2012, eight years
    # earlier: a gap in a sparse series, not a break, so no chart says it
    caict = flags.filter(
        (pl.col("indicator") == "de_scale_share_caict") & (pl.col("period") == "2020")
    )
    assert caict["previous"].to_list() == [21.6]
    assert flag_sentences(zh, ["de_scale_share_caict"], ["000000"]) == []
    # a jump in a growth rate (Tianjin GDP growth 1.5 % → 6.6 %) is not a break in a series
    growth = flags.filter((pl.col("indicator") == "gdp") & (pl.col("region") == "120000"))
    assert set(growth["measure"]) == {"yoy_pct"}
    assert flag_sentences(zh, ["gdp"], ["120000"]) == []
    # the cable's scope change is year on year in a level: said
    assert len(flag_sentences(zh, ["nbs_optical_cable"], ["120000"])) == 1


@pytest.mark.notebook
def test_published_reports_show_the_new_sections_their_flags_and_data(
    tianjin_reports: dict[str, Any],
) -> None:
    """Through papermill and nbconvert: the sections, the flag under the cable chart, the CSVs."""
    fiveg_run, de_run = tianjin_reports["fiveg"], tianjin_reports["digital_economy"]
    html = fiveg_run.html.read_text(encoding="utf-8")
    assert "<h1>天津5G与数字基础设施报告</h1>" in html
    for heading in ("固定宽带接入用户", "移动互联网用户与户均流量", "光缆线路长度"):
        assert f"<h2>{heading}</h2>" in html
    assert re.search(r'<p class="an-flag">⚠ 数据检查：天津光缆线路长度[^<]*2021年下降13.7%', html)
    names = {p.stem for p in fiveg_run.chart_data}
    assert {"broadband", "mobile_traffic_per_user", "optical_cable", "broadband_ranking"} <= names
    cable = next(p for p in fiveg_run.chart_data if p.stem == "optical_cable").read_text("utf-8")
    assert "天津,120000,2020,376891.73," in cable  # the 2020 figure, as drawn
    de_html = de_run.html.read_text(encoding="utf-8")
    assert "2023年天津R&amp;D经费599.2亿元，投入强度3.58%" in de_html
    assert {"software", "ecommerce", "online_firms", "rd", "index_per_person"} <= {
        p.stem for p in de_run.chart_data
    }
