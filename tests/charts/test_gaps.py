"""Lines break at missing periods: no drawn segment spans a year with no observation.

The three published charts that drew straight across missing years (CAICT's digital-economy share
of GDP 2012→2020, China's core digital-economy share 2020→2023, China's 5G base stations
2022→2024) are built as the reports build them, rendered to SVG by vl-convert, and read back: each
line's subpaths (``M … L … Z``) are mapped to years through the axis ticks.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable

import polars as pl
import pytest
import vl_convert as vlc
from polars.testing import assert_frame_equal

from analytics.charts import build_peer_small_multiples, build_trend_with_target
from analytics.charts._gaps import line_segments
from analytics.reports import digital_economy, fiveg
from analytics.reports.context import ReportContext
from analytics.reports.section import Section
from analytics.stats.periods import period_start
from tests.charts.svg import Item, field, lines, points, x_ticks


def _svg(chart: object) -> str:
    return vlc.vegalite_to_svg(chart.to_dict())  # type: ignore[attr-defined]


def _year(x: float, ticks: dict[str, float]) -> float:
    """The (fractional) year at ``x``, read between the two year ticks around it."""
    years = sorted((px, int(t)) for t, px in ticks.items() if t.isdigit())
    i = min(max(bisect.bisect(years, (x,)), 1), len(years) - 1)
    (x0, y0), (x1, y1) = years[i - 1], years[i]
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0)


def _segment_years(svg: str) -> list[list[float]]:
    ticks = x_ticks(svg)
    return [[_year(x, ticks) for x, _ in sub] for sub in lines(svg)]


def _assert_no_span_over_a_gap(svg: str, observed: set[int], dots: list[Item]) -> None:
    """Each subpath steps one year at a time; every observed year is a point and a vertex."""
    subpaths = _segment_years(svg)
    for sub in subpaths:
        steps = [b - a for a, b in itertools.pairwise(sub)]
        assert all(s == pytest.approx(1.0, abs=0.02) for s in steps), (
            f"a line joins {[round(y, 2) for y in sub]}: it spans a missing year"
        )
    ticks = x_ticks(svg)
    assert {int(field(p, "period")) for p in dots} == observed
    for p in dots:
        assert p.x == pytest.approx(ticks[field(p, "period")], abs=1.0)
    vertices = {round(y, 1) for sub in subpaths for y in sub}  # the axis sits 0.5 px off
    assert {float(y) for y in observed} <= vertices, "every observation is on a line or alone"


@pytest.fixture(scope="module")
def ctx() -> ReportContext:
    return ReportContext(region="120000", lang="zh")


def _section(make: Callable[[ReportContext], Section | None], ctx: ReportContext) -> Section:
    sec = make(ctx)
    assert sec is not None and sec.chart is not None
    return sec


def test_caict_share_breaks_between_2012_and_2020(ctx: ReportContext) -> None:
    # data/reference/figures.csv, China "digital economy share of GDP" (CAICT): 2012 (21.6),
    # 2020 (38.6), 2021 (39.8), 2022 (41.5), 2023 (42.8) — nothing for 2013-2019
    sec = _section(digital_economy.caict, ctx)
    svg = _svg(sec.chart)
    _assert_no_span_over_a_gap(svg, {2012, 2020, 2021, 2022, 2023}, points(svg))
    assert [len(s) for s in lines(svg)] == [1, 4]  # 2012 alone, then 2020-2023


def test_core_share_china_breaks_between_2020_and_2023(ctx: ReportContext) -> None:
    # figures.csv, China: core industries' share of GDP 7.8 (2020, 14th FYP informatisation plan)
    # and 9.9 (2023, NBS) — no 2021 or 2022 figure
    sec = _section(digital_economy.core_share, ctx)
    svg = _svg(sec.chart)
    china = [p for p in points(svg) if field(p, "series") == "全国"]
    _assert_no_span_over_a_gap(svg, {2020, 2023}, china)


def test_china_5g_stations_break_between_2022_and_2024(ctx: ReportContext) -> None:
    # figures.csv, China "5G base stations (cumulative, year-end)": 142.5 (2021), 231.2 (2022),
    # 425.1 (2024), 483.8 (2025) 万个; 2020 is only ">718000" (a lower bound); no 2023 figure.
    # Tianjin's record is too short for a forecast, so the fiveg report draws China's.
    sec = _section(fiveg.forecast, ctx)
    svg = _svg(sec.chart)
    observed = [p for p in points(svg) if field(p, "value")]
    _assert_no_span_over_a_gap(svg, {2021, 2022, 2024, 2025}, observed)


def test_tianjin_5g_stations_break_without_a_blank_row_in_the_csv(ctx: ReportContext) -> None:
    # figures.csv, Tianjin 5G base stations: 33,000 (2020) and 73,000 (2024-03), nothing between.
    # The report once inserted a row with no period and no value to break the line; the chart's
    # CSV carried it.
    sec = _section(fiveg.base_stations, ctx)
    assert sec.data is not None and sec.data["value"].null_count() == 0
    svg = _svg(sec.chart)
    assert [len(s) for s in lines(svg)] == [1, 1]
    drawn = [field(p, "period") for p in points(svg) if field(p, "period")]
    assert sorted(drawn) == sorted(sec.data["period"].to_list())  # both points stay drawn


def _dated(df: pl.DataFrame) -> pl.DataFrame:
    return df.with_columns(period_start().dt.to_string("%Y-%m-%d").alias("date"))


def test_line_segments_number_runs_of_consecutive_periods() -> None:
    df = _dated(
        pl.DataFrame(
            {
                "series": ["a"] * 7 + ["b"] * 4,
                "period": [
                    "2023",
                    "2012",
                    "2020",
                    "2021",
                    "2024-03",
                    "2024-05",
                    "2024-06",
                    "2024Q1",
                    "2024Q2",
                    "2024Q4",
                    "2025Q1",
                ],
                "value": [4.0, 1, 2, 3, 5, 6, 7, 1, 2, None, 3],
            }
        )
    )
    got = line_segments(df, x="date", y="value", by=["series"])
    # a: 2012 | 2020 2021 | 2023 2024-03 (a year, then a month of the next) | 2024-05 2024-06
    #    (2024-04 missing); b: 2024Q1 2024Q2 | null (2024Q4) | 2025Q1 (after a null)
    expected = df.with_columns(
        pl.Series("_segment", [2, 0, 1, 1, 2, 3, 3, 0, 0, 1, 2], dtype=pl.Int32)
    )
    assert_frame_equal(got, expected)


def test_line_segments_without_period_labels_read_the_dates() -> None:
    # year-end dates: annual, so 2023 → 2025 is a gap; mid-month dates: monthly, April missing
    annual = pl.DataFrame(
        {"date": ["2021-12-31", "2022-12-31", "2023-12-31", "2025-12-31"], "value": [1.0, 2, 3, 4]}
    )
    monthly = pl.DataFrame(
        {"date": ["2021-01-15", "2021-02-15", "2021-04-15"], "value": [1.0, 2, 3]}
    )
    segs = [line_segments(f, x="date", y="value")["_segment"].to_list() for f in (annual, monthly)]
    assert segs == [[0, 0, 0, 1], [0, 0, 1]]


def test_a_lone_year_between_gaps_is_a_point_and_no_line_reaches_it() -> None:
    # Chongqing's core share, figures.csv: 7.3 (2020), 7.7 (2022); Tianjin GDP 2019-2021 for a
    # second series with no gap
    df = _dated(
        pl.DataFrame(
            {
                "series": ["重庆", "重庆", "天津", "天津", "天津"],
                "period": ["2020", "2022", "2019", "2020", "2021"],
                "value": [7.3, 7.7, 14097.2, 14230.8, 16093.2],
            }
        )
    )
    svg = _svg(build_trend_with_target(df, title="t", unit="u", source="s", series="series"))
    subpaths = sorted(len(s) for s in lines(svg))
    assert subpaths == [1, 1, 3]
    assert len(points(svg)) == 5
    _assert_no_span_over_a_gap(svg, {2019, 2020, 2021, 2022}, points(svg))


def test_small_multiples_break_at_a_missing_year() -> None:
    df = _dated(
        pl.DataFrame(
            {
                "series": ["天津"] * 3 + ["北京"] * 3,
                "highlight": [True] * 3 + [False] * 3,
                "period": ["2020", "2021", "2023", "2020", "2021", "2022"],
                "value": [1.0, 2, 3, 2, 3, 4],
            }
        )
    )
    svg = _svg(build_peer_small_multiples(df, title="t", unit="%", source="s"))
    assert sorted(len(s) for s in lines(svg)) == [1, 2, 3]
