from __future__ import annotations

import altair as alt
import polars as pl
import pytest

import analytics.charts as charts

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]


def test_all_names_exist() -> None:
    for name in charts.__all__:
        assert hasattr(charts, name), name


def test_theme_is_registered_and_active() -> None:
    assert alt.theme.active == "analytics"
    cfg = alt.theme.get()()["config"]  # type: ignore[misc]
    assert cfg["font"].startswith('"Noto Sans CJK SC"')
    assert "Microsoft YaHei" in cfg["font"]
    # Okabe & Ito (2008), the published colour-blind-safe palette, in its usual order
    assert cfg["range"]["category"] == OKABE_ITO


def _frames() -> dict[str, pl.DataFrame]:
    dates = ["2021-12-31", "2022-12-31", "2023-12-31"]
    return {
        "trend": pl.DataFrame({"date": dates, "value": [1.0, None, 3.0]}),
        "fan": pl.DataFrame(
            {
                "date": dates,
                "value": [1.0, None, None],
                "forecast": [None, 1.1, 1.2],
                "lower_80": [None, 1.0, 1.0],
                "upper_80": [None, 1.2, 1.4],
                "lower_95": [None, 0.9, 0.8],
                "upper_95": [None, 1.3, 1.6],
            }
        ),
        "bars": pl.DataFrame(
            {"label": ["天津", "北京"], "value": [1.0, 2.0], "highlight": [True, False]}
        ),
        "multiples": pl.DataFrame(
            {
                "date": dates * 2,
                "value": [1.0, 2, 3, 2, 3, 4],
                "series": ["天津"] * 3 + ["北京"] * 3,
                "highlight": [True] * 3 + [False] * 3,
            }
        ),
        "pillars": pl.DataFrame(
            {"pillar": ["基础设施", "基础设施"], "series": ["天津", "北京"], "value": [10.0, 20.0]}
        ),
    }


@pytest.mark.parametrize(
    ("builder", "frame"),
    [
        (charts.build_trend_with_target, "trend"),
        (charts.build_fan_chart, "fan"),
        (charts.build_ranking_bars, "bars"),
        (charts.build_peer_small_multiples, "multiples"),
        (charts.build_pillar_profile, "pillars"),
    ],
)
def test_every_builder_has_title_unit_source_description(builder, frame) -> None:  # type: ignore[no-untyped-def]
    chart = builder(
        _frames()[frame],
        title="天津 标题",
        unit="亿元",
        source="国家统计局",
        lang="zh",
        description="可访问的描述",
    )
    spec = chart.to_dict()
    assert spec["title"]["text"] == "天津 标题"
    assert spec["title"]["subtitle"] == ["单位：亿元", "来源：国家统计局"]
    assert spec["description"] == "可访问的描述"
    assert isinstance(chart, alt.TopLevelMixin)


def test_nulls_are_kept_so_gaps_draw_as_gaps() -> None:
    spec = charts.build_trend_with_target(
        _frames()["trend"], title="t", unit="u", source="s"
    ).to_dict()
    values = next(iter(spec["datasets"].values()))
    assert [v["value"] for v in values] == [1.0, None, 3.0]


def test_target_line_and_point() -> None:
    chart = charts.build_trend_with_target(
        _frames()["trend"],
        title="t",
        unit="u",
        source="s",
        target=70000,
        target_date="2025-12-31",
        target_label="7万个",
    )
    spec = chart.to_dict()
    marks = [
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        for layer in spec["layer"]
    ]
    assert marks == ["line", "point", "rule", "point", "text"]
    assert "70000" in str(spec["datasets"])


def test_english_subtitle() -> None:
    t = charts.chart_title("GDP", unit="100 million yuan", source="NBS", lang="en")
    assert t.subtitle == ["Unit: 100 million yuan", "Source: NBS"]


@pytest.mark.parametrize(("latest", "dy", "baseline"), [(73_000.0, 6, "top"), (6e4, -6, "bottom")])
def test_the_target_label_sits_where_the_data_is_not(latest: float, dy: int, baseline: str) -> None:
    # Tianjin: 73,000 stations (2024-03) over the 70,000 target — a label above the line hid the
    # point; below it when the target is reached, above it when the data is still under it
    df = pl.DataFrame({"date": ["2020-01-01", "2024-03-01"], "value": [33_000.0, latest]})
    chart = charts.build_trend_with_target(
        df, title="t", unit="u", source="s", target=70_000.0, target_date="2025-01-01"
    )
    [text] = [layer for layer in chart.to_dict()["layer"] if layer["mark"]["type"] == "text"]
    assert (text["mark"]["dy"], text["mark"]["baseline"]) == (dy, baseline)


def test_long_titles_and_labels_wrap_for_a_phone() -> None:
    # on a 390 px phone "Core digital-economy industries, share of GDP (NBS …)" was cut at the edge
    long = "Core digital-economy industries, share of GDP (NBS and local releases)"
    label = "Core digital-economy industries at 10% of GDP by 2025"
    df = pl.DataFrame({"date": ["2020-01-01", "2023-01-01"], "value": [7.8, 9.9]})
    spec = charts.build_trend_with_target(
        df,
        title=long,
        unit="%",
        source="s",
        target=10.0,
        target_date="2025-01-01",
        target_label=label,
    ).to_dict()
    assert spec["title"]["text"] == [
        "Core digital-economy industries, share",
        "of GDP (NBS and local releases)",
    ]
    [text] = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert text["mark"]["lineBreak"] == "\n"
    assert text["mark"]["dy"] == -6 - 14  # two lines above the line (China's 9.9 is under 10)
    [row] = spec["datasets"][text["data"]["name"]]
    assert row["label"].split("\n") == ["Core digital-economy industries at 10%", "of GDP by 2025"]


@pytest.mark.parametrize(
    ("builder", "frame", "other"),
    [
        (charts.build_ranking_bars, "bars", "#b8b8b8"),
        (charts.build_peer_small_multiples, "multiples", "#767676"),
    ],
)
def test_the_highlight_is_the_colour_altairs_condition_writes(builder, frame, other) -> None:  # type: ignore[no-untyped-def]
    spec = builder(_frames()[frame], title="t", unit="u", source="s").to_dict()
    layers = spec["layer"] if "layer" in spec else spec["spec"]["layer"]
    coloured = [layer["encoding"]["color"] for layer in layers if "color" in layer["encoding"]]
    # what altair's own helper gives for "the highlighted row blue, the others grey"
    expected = alt.condition("datum.highlight", alt.value(OKABE_ITO[0]), alt.value(other))
    assert coloured and all(c == expected for c in coloured)
