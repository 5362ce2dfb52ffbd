"""Densities at matching dates and ranks at one date, pinned on the 5G figures and raw NBS data.

The population is the NBS year-end resident population (data/raw/nbs/分省年度数据人口.csv, read
here with plain text parsing, not through the package). The station counts come from the store,
so the tests hold whatever period the importer gives the 73,000 (stated March 2024; the source
says "likely end-2023 stock").
"""

from __future__ import annotations

import polars as pl
import pytest

from analytics.config import project_root
from analytics.io import read_series, scan_store
from analytics.stats.density import compare_densities, density_panel
from analytics.stats.periods import Period

FIVE = ["120000", "110000", "310000", "500000", "000000"]


def _store(indicator: str) -> pl.DataFrame:
    return (
        scan_store()
        .filter((pl.col("indicator") == indicator) & pl.col("region").is_in(FIVE))
        .collect()
    )


def _raw_population(province: str) -> dict[int, float]:
    """Year → 年末常住人口 (万人) of ``province`` from the NBS export, by plain text parsing."""
    path = project_root() / "data" / "raw" / "nbs" / "分省年度数据人口.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    year = int(lines[1].split("：")[1].strip().rstrip("年"))  # 时间：2024年
    header = [c.strip() for c in lines[2].split(",")]
    col = next(i for i, c in enumerate(header) if c.startswith("年末常住人口"))
    row = next(ln for ln in lines if ln.startswith(province))
    return {year: float(row.split(",")[col])}


def _months(d: object) -> int:
    return d.year * 12 + d.month  # type: ignore[attr-defined]


def _panel() -> pl.DataFrame:
    return density_panel(
        _store("fiveg_base_stations_per_10k"),
        _store("fiveg_base_stations"),
        read_series("population"),
    )


def test_tianjin_density_divides_the_73000_by_the_population_nearest_its_own_date() -> None:
    stock = _store("fiveg_base_stations").filter(
        (pl.col("region") == "120000") & (pl.col("value") == 73_000)
    )
    period = stock["period"].item()  # "2024-03" as stated; "2023" once inferred
    end = Period.parse(period).end
    raw = _raw_population("天津市")
    assert raw == {2024: 1364.0}  # the only year-end population on file
    # the year whose end is the stock's date, else the nearest year-end (the earlier on a tie)
    year = min(raw, key=lambda y: (abs(y * 12 + 12 - _months(end)), y))
    gap = year * 12 + 12 - _months(end)  # 9 months for March 2024; 12 for an end-2023 stock
    tj = (
        _panel()
        .filter(
            (pl.col("region") == "120000")
            & (pl.col("period") == period)
            & (pl.col("basis") == "computed")
        )
        .row(0, named=True)
    )
    assert (tj["level"], tj["population"], tj["population_period"]) == (73_000, 1364.0, "2024")
    assert tj["gap_months"] == gap
    # 73,000 stations / 1,364 万人 (10,000 residents) = 53.519... stations per 10,000 people
    assert tj["value"] == pytest.approx(73_000 / 1_364, rel=1e-12)
    assert round(tj["value"], 1) == 53.5


def _frame(rows: list[tuple[str, str, float]], qualifier: str | None = None) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "region": [r[0] for r in rows],
            "period": [r[1] for r in rows],
            "value": [r[2] for r in rows],
            "qualifier": [qualifier] * len(rows),
            "source": ["s"] * len(rows),
        },
        schema_overrides={"qualifier": pl.Utf8},
    )


# illustrative round numbers (not statistics): 100,000 stations over 1,000 / 2,000 / 4,000 万人
POP = _frame([("120000", "2022", 1000.0), ("120000", "2023", 2000.0), ("120000", "2024", 4000.0)])


@pytest.mark.parametrize(
    ("period", "year", "gap", "density"),
    [
        ("2023", "2023", 0, 50.0),  # an end-2023 stock over the end-2023 population
        ("2023Q4", "2023", 0, 50.0),  # the same date, another label
        ("2024-03", "2023", -3, 50.0),  # end-2023 is 3 months away, end-2024 nine
        ("2024-06", "2023", -6, 50.0),  # a tie: the earlier year-end
        ("2024-09", "2024", 3, 25.0),
        ("2021", "2022", 12, 100.0),  # none earlier: the nearest, a year later
    ],
)
def test_the_population_is_of_the_stock_date_or_the_nearest_with_the_gap(
    period: str, year: str, gap: int, density: float
) -> None:
    levels = _frame([("120000", period, 100_000.0)])
    row = density_panel(levels.clear(), levels, POP).row(0, named=True)
    assert (row["basis"], row["population_period"], row["gap_months"]) == ("computed", year, gap)
    assert row["value"] == density


def test_bounds_are_not_divided_and_published_ratios_carry_no_gap() -> None:
    bound = _frame([("120000", "2023", 100_000.0)], qualifier=">")
    published = _frame([("120000", "2021", 25.3)])
    out = density_panel(published, bound, POP)
    assert out.select("basis", "value", "gap_months").rows() == [("published", 25.3, None)]


def test_the_ranking_ranks_one_date_lists_the_others_and_never_ranks_china() -> None:
    panel = pl.concat(
        [
            _frame(
                [
                    ("120000", "2023", 53.5),
                    ("310000", "2023Q4", 37.1),
                    ("110000", "2024-06", 55.0),
                    ("110000", "2022-07", 28.9),
                    ("000000", "2023", 60.0),
                    ("000000", "2025", 34.4),
                ]
            ),
            _frame([("500000", "2023", 16.0)], qualifier=">"),
        ]
    ).with_columns(pl.lit("published").alias("basis"))
    out = compare_densities(panel, "120000")
    assert out.select("region", "period", "role", "rank").rows() == [
        ("120000", "2023", "ranked", 1),
        ("310000", "2023Q4", "ranked", 2),  # ends the same day as Tianjin's 2023
        ("500000", "2023", "bound", None),  # ">16": its rank is unknown
        ("110000", "2024-06", "other_period", None),  # higher, but of another date: listed
        ("000000", "2025", "aggregate", None),  # China's latest, a reference, never ranked
    ]
    assert out["comparison_period"].unique().to_list() == ["2023"]
    # without Shanghai's, Tianjin's is the only exact figure of its date: nothing to rank
    alone = compare_densities(panel.filter(pl.col("region") != "310000"), "120000")
    assert alone.select("region", "role", "rank").row(0) == ("120000", "alone", None)


def test_without_a_home_figure_the_date_most_regions_share_is_compared() -> None:
    panel = _frame(
        [("310000", "2023", 37.1), ("500000", "2023", 19.0), ("110000", "2024-06", 55.0)]
    ).with_columns(pl.lit("published").alias("basis"))
    out = compare_densities(panel, "120000")
    assert out.filter(pl.col("role") == "ranked")["region"].to_list() == ["310000", "500000"]
    assert out["comparison_period"][0] == "2023"
    # no two regions share a date: nothing is ranked, every figure is listed with its own
    alone = compare_densities(panel.filter(pl.col("region") != "500000"), "120000")
    assert alone.select("role", "rank").unique().rows() == [("other_period", None)]
    assert alone["comparison_period"].to_list() == [None, None]


def test_in_the_store_only_figures_of_tianjins_date_are_ranked_and_china_is_a_reference() -> None:
    panel = _panel()
    out = compare_densities(panel, "120000")
    ranked = out.filter(pl.col("role").is_in(["ranked", "alone"]))
    assert ranked.height == 1 or set(ranked["role"]) == {"ranked"}  # one alone, or 2+ ranked
    # every ranked figure is of the date of Tianjin's latest one (the 73,000 over population)
    home = ranked.filter(pl.col("region") == "120000").row(0, named=True)
    ends = {Period.parse(p).end for p in ranked["period"]}
    assert ends == {Period.parse(home["period"]).end}
    at_home_date = {
        r
        for r, p in panel.select("region", "period").rows()
        if r != "000000" and Period.parse(p).end == Period.parse(home["period"]).end
    }
    assert set(ranked["region"]) == at_home_date
    if ranked.height > 1:
        assert sorted(ranked["rank"]) == list(range(1, ranked.height + 1))
    else:  # the only figure of its date: no rank 1 of 1
        assert ranked.row(0, named=True)["rank"] is None
    # Beijing's 55.0 (stated for June 2024) and Chongqing's 19.04 (2022): listed, not ranked
    others = out.filter(pl.col("role") == "other_period")
    listed = {
        r["region"]: (r["period"], r["value"], r["rank"]) for r in others.iter_rows(named=True)
    }
    assert listed["110000"] == ("2024-06", 55.0, None)
    assert listed["500000"] == ("2022", 19.04, None)
    china = out.filter(pl.col("region") == "000000").row(0, named=True)
    assert (china["role"], china["rank"], china["period"], china["value"]) == (
        "aggregate",
        None,
        "2025",
        34.4,
    )


def test_two_figures_of_one_date_take_the_preferred_vintage() -> None:
    panel = _frame([("000000", "2022", 16.39), ("000000", "2022", 16.4)]).with_columns(
        pl.lit("published").alias("basis"),
        pl.Series("vintage", ["cited_by_chongqing_ca", "published"]),
    )
    out = compare_densities(panel, "120000", vintages=["published", "cited_by_chongqing_ca"])
    assert out.select("value", "vintage", "role").rows() == [(16.4, "published", "aggregate")]
