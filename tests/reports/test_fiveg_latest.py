"""The 5G report's "latest" is the latest date, and its density ranks only figures of one date.

Expected station counts are read from data/reference/figures.csv with the csv module (the
published sentence's figure, converted from 万个 by hand), not through the package's importer.
"""

from __future__ import annotations

import csv

import polars as pl
import pytest

from analytics.config import project_root
from analytics.reports import ReportContext, fiveg
from analytics.stats.periods import Period, format_period


def _published(region: str, what: str, period: str) -> float:
    """The figure of ``region`` whose indicator text is ``what``, for ``period``."""
    path = project_root() / "data" / "reference" / "figures.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [
            r
            for r in csv.DictReader(fh)
            if r["region"] == region and r["indicator"] == what and r["period"] == period
        ]
    (value,) = {float(r["value"]) * (10_000 if "万个" in r["unit"] else 1) for r in rows}
    return value


@pytest.mark.parametrize("period", ["2025", "latest"])
def test_china_2025_card_is_the_year_end_not_november(period: str) -> None:
    # figures.csv: "5G base stations (cumulative, year-end)", 2025, 483.8 万个 = 4,838,000;
    # the November figure (483 万个, period "2025-11") sorts after "2025" as text
    year_end = _published("China", "5G base stations (cumulative, year-end)", "2025")
    assert year_end == 4_838_000
    card = fiveg.cards(ReportContext(region="000000", period=period, lang="en")).cards[0]
    assert (card.value, card.period) == ("4,838,000", "2025")


def test_beijing_2021_card_and_sentence_are_the_year_end() -> None:
    # figures.csv: "5G base stations (cumulative, year-end)", 2021, 56,400 (RCR Wireless);
    # "2021-09" (47,000, 4.7 万个) and "2021-08" (45,700) end earlier in 2021
    year_end = _published("Beijing", "5G base stations (cumulative, year-end)", "2021")
    assert year_end == 56_400
    ctx = ReportContext(region="110000", period="2021", lang="en")
    card = fiveg.cards(ctx).cards[0]
    assert (card.value, card.period) == ("56,400", "2021")
    assert "56,400" in fiveg.base_stations(ctx).sentences[0]
    assert "47,000" not in fiveg.base_stations(ctx).sentences[0]


@pytest.fixture(scope="module")
def density() -> tuple[ReportContext, pl.DataFrame, list[str]]:
    ctx = ReportContext(region="120000", lang="en")
    sec = fiveg.density(ctx)
    assert sec is not None and sec.data is not None
    return ctx, sec.data, sec.sentences


def test_the_density_ranking_ranks_one_date_and_lists_the_others(
    density: tuple[ReportContext, pl.DataFrame, list[str]],
) -> None:
    _, data, sents = density
    text = " ".join(sents)
    assert "ranks 2 of 5" not in text
    ranked = data.filter(pl.col("role").is_in(["ranked", "alone"]))  # figures of Tianjin's date
    home = ranked.filter(pl.col("region") == "120000").row(0, named=True)
    assert {Period.parse(p).end for p in ranked["period"]} == {Period.parse(home["period"]).end}
    # Beijing's 55.0 is of June 2024: listed with its date and marked, never given a rank
    bj = data.filter(pl.col("region") == "110000").row(0, named=True)
    assert (bj["period"], bj["value"], bj["role"], bj["rank"]) == (
        "2024-06",
        55.0,
        "other_period",
        None,
    )
    assert bj["label"] == "Beijing June 2024 (not ranked)"
    assert "Listed with their latest figure, not ranked" in text
    assert "Beijing 55.0 (June 2024)" in text
    when = format_period(home["period"], "en")
    if ranked.height > 1:
        assert f"Of the {ranked.height} regions with a figure for {when}, Tianjin ranks" in text
    else:
        assert f"Only Tianjin has a figure for {when}, so there is no ranking." in text


def test_china_is_a_reference_never_ranked_among_provinces(
    density: tuple[ReportContext, pl.DataFrame, list[str]],
) -> None:
    _, data, sents = density
    china = data.filter(pl.col("region") == "000000").row(0, named=True)
    assert (china["role"], china["rank"], china["label"]) == (
        "aggregate",
        None,
        "China 2025 (reference)",
    )
    assert "000000" not in data.filter(pl.col("role") == "ranked")["region"].to_list()
    reference = "The national figure is a reference, not ranked among regions: China 34.4 (2025)."
    assert reference in sents


def test_tianjins_computed_density_says_its_population_date_and_the_gap(
    density: tuple[ReportContext, pl.DataFrame, list[str]],
) -> None:
    _, data, sents = density
    tj = data.filter(pl.col("region") == "120000").row(0, named=True)
    end = Period.parse(tj["period"]).end
    gap = 2024 * 12 + 12 - (end.year * 12 + end.month)  # to the end-2024 population, the only one
    assert (tj["population_period"], tj["gap_months"], tj["value"]) == ("2024", gap, 53.5)
    said = f"{gap // 12} year" if gap == 12 else f"{gap} months"
    line = next(s for s in sents if s.startswith("Tianjin's density is computed"))
    assert "73,000 stations" in line and "/ 1,364 × 10,000 residents (end-2024) = 53.5." in line
    assert f"the nearest, end-2024, is {said} later." in line


def test_the_2024_edition_refers_to_chinas_2022_density_from_the_bulletin() -> None:
    # China's latest density up to 2024 is for end-2022, stated twice: 16.4 in MIIT's 2022
    # 通信业统计公报 (vintage "published") and 16.39 as the Chongqing CA cites it (ranked lower in
    # analytics.io.VINTAGE_RANK); the page gives the bulletin's, as a reference, never ranked
    bulletin = _published("China", "5G base stations per 10,000 people", "2022")
    assert bulletin == 16.4
    sec = fiveg.density(ReportContext(region="120000", period="2024", lang="en"))
    assert sec is not None and sec.data is not None
    china = sec.data.filter(pl.col("region") == "000000").row(0, named=True)
    assert (china["period"], china["value"], china["role"]) == ("2022", bulletin, "aggregate")
    reference = "The national figure is a reference, not ranked among regions: China 16.4 (2022)."
    assert reference in sec.sentences
