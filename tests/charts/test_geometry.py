"""Charts say what the data say: marks against ticks, panels against regions, legends whole.

Each chart is rendered to SVG by vl-convert (the same Vega the reports embed) and read back with
:mod:`tests.charts.svg`.
"""

from __future__ import annotations

import polars as pl
import pytest
import vl_convert as vlc

from analytics.charts import (
    build_fan_chart,
    build_peer_small_multiples,
    build_trend_with_target,
    region_colors,
)
from analytics.stats.periods import period_start
from tests.charts.svg import field, points, x_ticks

YEARS = ["2019", "2020", "2021", "2022", "2023", "2024"]


def _dated(df: pl.DataFrame) -> pl.DataFrame:
    return df.with_columns(period_start().dt.to_string("%Y-%m-%d").alias("date"))


def _svg(chart: object) -> str:
    return vlc.vegalite_to_svg(chart.to_dict())  # type: ignore[attr-defined]


def test_annual_points_sit_on_their_own_year_tick() -> None:
    # Tianjin GDP 2019-2024 (亿元, NBS revision after the 5th economic census, data/raw/nbs):
    # the 2019 value must read as 2019, not 2020
    gdp = [14097.2, 14230.8, 16093.2, 16588.5, 17211.8, 17931.3]
    df = _dated(pl.DataFrame({"period": YEARS, "value": gdp}))
    svg = _svg(build_trend_with_target(df, title="GDP", unit="亿元", source="NBS"))
    ticks = x_ticks(svg)
    assert set(YEARS) <= set(ticks)
    pts = points(svg)
    assert len(pts) == len(YEARS)
    for p in pts:
        year = field(p, "period")
        nearest = min(ticks, key=lambda t: abs(ticks[t] - p.x))
        assert nearest == year, f"point for {year} drawn nearest the {nearest} tick"
        assert abs(ticks[year] - p.x) < 1.0


def test_month_is_drawn_inside_its_year() -> None:
    df = _dated(pl.DataFrame({"period": ["2020", "2024-03"], "value": [33000.0, 73000.0]}))
    svg = _svg(build_trend_with_target(df, title="5G", unit="个", source="s"))
    ticks = x_ticks(svg)
    march = next(p for p in points(svg) if field(p, "period") == "2024-03")
    # 1 March is 60 days into 2024 (a leap year): 60/366 of the way from the 2024 tick to 2025
    span = ticks["2025"] - ticks["2024"] if "2025" in ticks else (ticks["2024"] - ticks["2023"])
    assert march.x == pytest.approx(ticks["2024"] + span * 60 / 366, abs=1.0)


def test_fan_chart_observed_points_on_year_ticks() -> None:
    df = _dated(
        pl.DataFrame(
            {
                "period": ["2021", "2022", "2023", "2024"],
                "value": [1.0, 2.0, 3.0, None],
                "forecast": [None, None, 3.0, 3.5],
                "lower_80": [None, None, 3.0, 3.2],
                "upper_80": [None, None, 3.0, 3.8],
                "lower_95": [None, None, 3.0, 3.0],
                "upper_95": [None, None, 3.0, 4.0],
            }
        )
    )
    svg = _svg(build_fan_chart(df, title="t", unit="u", source="s"))
    ticks = x_ticks(svg)
    observed = [p for p in points(svg) if field(p, "value")]
    assert {field(p, "period") for p in observed} == {"2021", "2022", "2023"}
    for p in observed:
        assert abs(ticks[field(p, "period")] - p.x) < 1.0


def test_small_multiples_one_region_per_panel_and_no_empty_panel() -> None:
    regions = {
        "天津": [1.0, 2.0, 3.0],
        "北京": [5.0, 4.0, 6.0],
        "上海": [2.0, 2.5, 2.0],
        "重庆": [7.0, 6.0, 8.0],
        "全国": [3.0, 3.0, 3.5],
    }
    rows = [
        {"series": s, "highlight": s == "天津", "period": y, "value": v}
        for s, vals in regions.items()
        for y, v in zip(["2022", "2023", "2024"], vals, strict=True)
    ]
    svg = _svg(
        build_peer_small_multiples(_dated(pl.DataFrame(rows)), title="t", unit="%", source="s")
    )
    cells: dict[str, set[str]] = {}
    for p in points(svg):
        cells.setdefault(p.cell, set()).add(field(p, "series"))
    assert len(cells) == len(regions), "one panel per region, none empty"
    assert all(len(names) == 1 for names in cells.values()), cells
    per_panel = {next(iter(n)): sum(p.cell == c for p in points(svg)) for c, n in cells.items()}
    assert per_panel == dict.fromkeys(regions, 3)


def test_legend_label_is_never_truncated() -> None:
    long = "Chongqing Municipality (published figures, latest vintage)"
    series = [long, long, "Tianjin", "Tianjin"]
    values = [1.0, 2.0, 3.0, 4.0]
    df = _dated(pl.DataFrame({"period": ["2023", "2024"] * 2, "value": values, "series": series}))
    svg = _svg(build_trend_with_target(df, title="t", unit="u", source="s", series="series"))
    assert long in svg and "…" not in svg


def test_a_region_keeps_its_colour_across_languages() -> None:
    zh = region_colors({"120000": "天津", "110000": "北京", "540000": "西藏"})
    en = region_colors({"540000": "Tibet", "110000": "Beijing", "120000": "Tianjin"})
    assert [zh["天津"], zh["北京"], zh["西藏"]] == [en["Tianjin"], en["Beijing"], en["Tibet"]]
    assert len(set(zh.values())) == 3
