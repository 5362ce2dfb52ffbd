from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from analytics.accounts import (
    aggregate_firms,
    classify_firms,
    concentration,
    growth,
    hhi,
    top_n_share,
)


def test_hhi_and_top_n_against_a_hand_calculation(firms_20: Path, partial_concordance) -> None:
    # 120000, 2023, class 03, revenue weighted by coefficient:
    #   F04 80 × (0.6 + 0.4) = 80; F05 20; F19 25 × 0.8 = 20 → total 120
    #   shares 2/3, 1/6, 1/6 → HHI = 4/9 + 1/36 + 1/36 = 0.5; CR1 = 80/120; CR2 = 100/120
    # class 01: F01 100, F02 50 → HHI = (2/3)² + (1/3)² = 5/9
    firms = classify_firms(firms_20, partial_concordance)
    one = concentration(firms, top_n=1).filter(pl.col("region") == "120000", pl.col("year") == 2023)
    two = concentration(firms, top_n=2).filter(pl.col("region") == "120000", pl.col("year") == 2023)
    by1 = {r["de_code"]: r for r in one.iter_rows(named=True)}
    by2 = {r["de_code"]: r for r in two.iter_rows(named=True)}
    assert by1["03"]["hhi"] == pytest.approx(0.5)
    assert by1["03"]["firms"] == 3
    assert by1["03"]["top1_share"] == pytest.approx(80 / 120)
    assert by2["03"]["top2_share"] == pytest.approx(100 / 120)
    assert by1["01"]["hhi"] == pytest.approx(5 / 9)
    assert by1["04"]["hhi"] == 1.0  # a single firm


def test_hhi_is_one_over_n_for_equal_firms() -> None:
    frame = pl.DataFrame({"g": [1] * 4 + [2] * 5, "v": [3.0] * 4 + [7.0] * 5})
    out = frame.group_by("g").agg(hhi("v"), top_n_share("v", 2)).sort("g")
    assert out["hhi"].to_list() == pytest.approx([1 / 4, 1 / 5])
    assert out["top2_share"].to_list() == pytest.approx([2 / 4, 2 / 5])


def test_growth_on_the_fixture(firms_20: Path, partial_concordance) -> None:
    acc = aggregate_firms(firms_20, partial_concordance)
    g = growth(acc.table).filter(pl.col("region") == "120000", pl.col("year") == 2023)
    by = dict(g.select("de_code", "yoy_pct").iter_rows())
    assert by["01"] == pytest.approx(100 * (30 / 18 - 1))  # 66.67 %
    assert by["03"] == pytest.approx(100 * (58 / 35 - 1))  # 65.71 %
    assert by["02"] is None  # no 2022 row: no growth, not zero
