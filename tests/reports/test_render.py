from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import analytics.reports.components as components
import analytics.reports.narrative as narrative
import analytics.reports.pages as pages
import analytics.runs.registry as registry
import analytics.runs.render as render
from analytics.exceptions import CatalogError
from analytics.reports.fiveg import with_gaps, year_end_series
from analytics.stats.regional import location_quotients, shift_share
from tests.reports.page_helpers import build


@pytest.mark.parametrize("module", [components, narrative, pages, registry, render])
def test_all_names_exist(module) -> None:  # type: ignore[no-untyped-def]
    for name in module.__all__:
        assert hasattr(module, name), name


def test_registry_contract() -> None:
    assert list(registry.REPORTS) == ["plan", "industry", "fiveg", "digital_economy", "monthly"]
    for spec in registry.REPORTS.values():
        assert spec.notebook.is_file() and spec.notebook.is_absolute()
        assert "data/processed/observations.parquet" in spec.inputs
        assert "data/catalog/**/*" in spec.inputs  # targets and plans: an edit re-runs
    with pytest.raises(CatalogError, match="did you mean `industry`"):
        registry.get_report("industri")


def test_check_html_catches_what_must_not_reach_a_reader() -> None:
    assert render.check_html("<p>ok</p>") == []
    assert render.check_html('<script src="https://cdn.jsdelivr.net/x.js"></script>') == [
        "a script loaded from a URL (https://cdn.jsdelivr.net/x.js)",
    ]
    assert render.check_html("Traceback (most recent call last):") == ["a traceback"]
    assert render.check_html("x" * 2_000_001)[0].startswith("2,000,001 bytes")


@pytest.mark.parametrize(
    ("page", "problem"),
    [
        ("TRACEBACK (MOST RECENT CALL LAST):", "a traceback"),
        ('<span class="ANSI-RED-FG">KeyError</span>', "a traceback"),
        (
            '<div class="jp-RenderedText" data-mime-type="application/vnd.jupyter.stderr">',
            "a traceback",
        ),
        ('<div class="jp-InputArea-editor">', "a code cell"),
        ('<div class="HIGHLIGHT hl-ipython3"><pre>x = 1</pre></div>', "a code cell"),
    ],
)
def test_check_html_finds_code_and_tracebacks_in_any_case(page: str, problem: str) -> None:
    # the page is searched lower-cased: every case of the marks is still found
    assert render.check_html(page) == [problem]


def test_vega_bundle_is_cached(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ANALYTICS_CACHE_DIR", str(tmp_path))
    first = render.vega_bundle()
    files = list(tmp_path.glob("vega-bundle-*.js"))
    assert len(files) == 1
    assert "window.vegaEmbed" in first and "</script" not in first.lower()
    assert render.vega_bundle() == first


def test_chart_html_is_div_plus_vega_embed_with_csv() -> None:
    import altair as alt

    df = pl.DataFrame({"a": [1, 2]})
    chart = alt.Chart(df).mark_point().encode(x="a:Q").properties(description="描述")
    out = components.chart_html(chart, name="x", data=df, lang="zh")
    assert out.count("vegaEmbed(") == 1
    assert 'aria-label="描述。数值介于1至2。"' in out  # what it is, then its values' range
    assert 'download="x.csv" href="data:text/csv;charset=utf-8;base64,' in out
    assert "<script src" not in out


def test_spec_json_cannot_close_the_script() -> None:
    out = components.embed_spec_html({"title": "</script><script>alert(1)</script>"})
    assert "</script><script>" not in out


def test_cards_status_in_colour_and_words() -> None:
    html = components.cards_html([components.Card("x", "1", status="off_track")], lang="en")
    assert "#B34700" in html and "Off track" in html


def test_location_quotients_by_hand() -> None:
    # region r: sector a 20 of GDP 100 (20%); all: a 30 of 300 (10%) → LQ 2.0
    va = pl.DataFrame(
        {
            "indicator": ["a", "a"],
            "region": ["r", "s"],
            "period": ["2023"] * 2,
            "value": [20.0, 10.0],
        }
    )
    gdp = pl.DataFrame({"region": ["r", "s"], "period": ["2023"] * 2, "value": [100.0, 200.0]})
    lq = location_quotients(va, gdp)
    assert lq["lq"].to_list() == pytest.approx([2.0, 0.5])


def test_shift_share_by_hand_and_adds_up() -> None:
    # all regions: total 100 → 120 (g = 0.2); sector a: 40 → 60 (g_a = 0.5); b: 60 → 60 (0)
    # region r: a 10 → 20 (g_ra = 1.0); b 30 → 27 (g_rb = −0.1)
    va = pl.DataFrame(
        {
            "indicator": ["a", "a", "b", "b"] * 2,
            "region": ["r"] * 4 + ["s"] * 4,
            "period": ["1", "2"] * 4,
            "value": [10.0, 20.0, 30.0, 27.0, 30.0, 40.0, 30.0, 33.0],
        }
    )
    ss = shift_share(va, region="r", start="1", end="2")
    expected = pl.DataFrame(
        {
            "indicator": ["a", "b"],
            "v0": [10.0, 30.0],
            "v1": [20.0, 27.0],
            "ns": [2.0, 6.0],  # v0 × 0.2
            "im": [3.0, -6.0],  # v0 × (g_s − 0.2)
            "ce": [5.0, -3.0],  # v0 × (g_rs − g_s)
        }
    )
    assert_frame_equal(ss, expected, abs_tol=1e-9)
    assert ss.select(pl.sum_horizontal("ns", "im", "ce")).to_series().to_list() == pytest.approx(
        (ss["v1"] - ss["v0"]).to_list()
    )


def test_gaps_and_year_end_series() -> None:
    f = pl.DataFrame({"period": ["2020", "2024-03"], "value": [33000.0, 73000.0]})
    assert year_end_series(f).rows() == [("2020", 33000.0)]
    g = with_gaps(f.with_columns(pl.Series("date", ["2020-12-31", "2024-03-31"])))
    assert g["value"].to_list() == [33000.0, None, 73000.0]


def test_sentences_zh_and_en_from_same_numbers() -> None:
    zh = narrative.target_sentence(
        "5G基站数", "天津", "2024-03", 73000, 70000, 2025, "个", lang="zh"
    )
    en = narrative.target_sentence(
        "5G base stations", "Tianjin", "2024-03", 73000, 70000, 2025, "stations", lang="en"
    )
    # 73,000 / 70,000 = 104.3 %
    assert "104%" in zh and "104%" in en and "已达到" in zh and "already reached" in en


def test_tianjin_content_pins_published_numbers() -> None:
    rc = build("industry", "120000", "2024", lang="zh")  # the latest edition with levels
    first = rc.cards[0]
    # NBS revised series: Tianjin GDP 2024 = 17,931.3 亿元; GDP index 2024 = 104.9 → growth 4.9 %
    assert (first.value, first.period) == ("17,931.3", "2024")
    assert "4.9%" in (first.change or "")
    five = build("fiveg", "120000", lang="zh")
    # published: 73,000 stations by March 2024 against the plan's 70,000 by 2025
    assert (five.cards[0].value, five.cards[0].status) == ("73,000", "achieved")


def test_a_province_without_5g_figures_says_so() -> None:
    rc = build("fiveg", "540000", lang="en")
    text = " ".join(s for sec in rc.sections for s in sec.sentences)
    assert "holds no 5G base stations figures for Tibet" in text
    assert rc.cards[0].status == "unknown"


def test_synthetic_data_stay_out_of_a_policymakers_report() -> None:
    for lang in ("zh", "en"):
        rc = build("digital_economy", "120000", lang=lang)
        assert all("synthetic" not in s.name for s in rc.sections)
        assert not any(n.synthetic for n in rc.notes)
        assert "SYNTHETIC" not in str([s.chart.to_dict() for s in rc.sections if s.chart])


def test_synthetic_accounts_are_labelled_when_asked_for() -> None:
    rc = build("digital_economy", "120000", lang="zh", synthetic=True)
    sec = next(s for s in rc.sections if s.name == "accounts_synthetic")
    assert "合成数据" in sec.heading and sec.chart is not None
    assert "SYNTHETIC" in str(sec.chart.to_dict()["title"])
    assert any(n.synthetic for n in rc.notes)
