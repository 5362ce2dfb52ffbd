"""Hand-computed aggregates on the 20-firm fixture (tests/data/accounts/firms_20.csv).

Concordance (tests/data/accounts/concordance_partial.csv): 39 → 01 (1); 6513 → 0301 (0.6) and
0304 (0.4); 5176 → 02 (0.5); 643 → 04 (1); 63 → 03 (0.8).

Worked out by hand, major classes (revenue, value added, employees, firm-year rows):

120000, 2023
  01  F01 + F02                        150    30     15     2
  02  0.5 × (F07 + F08) = 0.5 × (100, 10, 10)
                                        50     5      5     2
  03  F04 + F05 (0.6 + 0.4 = 1) + 0.8 × F19 (25, 10, 2)
                                  100 + 20   50 + 8   10 + 1.6   3
  04  F10                               10     5      1     1
110000, 2023:  01 F03 (200, 40, 20, 1); 03 F06 (60, 30, 6, 1); 04 F09 (300, 120, 30, 1)
120000, 2022:  01 F16 (90, 18, 9, 1);   03 F17 (70, 35, 7, 1)
110000, 2022:  01 F18 (150, 30, 15, 1)

Codes: classified F01–F10, F16–F19 (14 rows); not digital F11 (0111), F12 (4411), F20 (7010);
unknown F13 (9999); invalid F14 (ABCD) and F15 (empty).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics.accounts import (
    aggregate_firms,
    classify_firms,
    concordance_from_frame,
    generate_register,
    scan_firms,
)
from analytics.exceptions import DataValidationError

EXPECTED = pl.DataFrame(
    [
        ("01", "110000", 2022, 30.0, 150.0, 15.0, 1),
        ("01", "110000", 2023, 40.0, 200.0, 20.0, 1),
        ("01", "120000", 2022, 18.0, 90.0, 9.0, 1),
        ("01", "120000", 2023, 30.0, 150.0, 15.0, 2),
        ("02", "120000", 2023, 5.0, 50.0, 5.0, 2),
        ("03", "110000", 2023, 30.0, 60.0, 6.0, 1),
        ("03", "120000", 2022, 35.0, 70.0, 7.0, 1),
        ("03", "120000", 2023, 58.0, 120.0, 11.6, 3),
        ("04", "110000", 2023, 120.0, 300.0, 30.0, 1),
        ("04", "120000", 2023, 5.0, 10.0, 1.0, 1),
    ],
    schema={
        "de_code": pl.Utf8,
        "region": pl.Utf8,
        "year": pl.Int32,
        "value_added": pl.Float64,
        "revenue": pl.Float64,
        "employees": pl.Float64,
        "firms": pl.Int64,
    },
    orient="row",
)


def test_hand_computed_aggregates(firms_20: Path, partial_concordance) -> None:
    acc = aggregate_firms(firms_20, partial_concordance)
    got = acc.table.select(EXPECTED.columns)
    assert_frame_equal(got, EXPECTED, check_exact=False, rel_tol=1e-12)
    assert acc.quality == "official"
    assert not acc.synthetic
    assert acc.table.filter(pl.col("de_code") == "03")["de_name"].unique().to_list() == [
        "数字技术应用业"
    ]


def test_every_row_is_accounted_for(firms_20: Path, partial_concordance) -> None:
    acc = aggregate_firms(firms_20, partial_concordance)
    codes = dict(acc.codes.select("code_status", "rows").iter_rows())
    assert codes == {
        "classified": 14,
        "not_digital": 3,
        "too_coarse": 0,
        "unknown": 1,
        "invalid": 2,
    }
    # revenue by status, unweighted: classified 100+50+200+80+20+60+40+60+300+10+90+70+150+25
    revenue = dict(acc.codes.select("code_status", "revenue").iter_rows())
    assert revenue["classified"] == 1255.0
    assert revenue["not_digital"] == 30 + 500 + 40
    assert acc.bad_rows == 3
    assert sorted(acc.bad_codes.rows(), key=str) == sorted(
        [("9999", "unknown", 1), ("ABCD", "invalid", 1), (None, "invalid", 1)], key=str
    )
    assert "unknown" in acc.summary() and "'9999'" in acc.summary()


def test_middle_class_level_keeps_the_partial_split(firms_20: Path, partial_concordance) -> None:
    acc = aggregate_firms(firms_20, partial_concordance, level="as_given")
    t = acc.table.filter((pl.col("region") == "120000") & (pl.col("year") == 2023))
    by = {r["de_code"]: r for r in t.iter_rows(named=True)}
    assert by["0301"]["revenue"] == pytest.approx(0.6 * 100)  # F04 + F05
    assert by["0304"]["revenue"] == pytest.approx(0.4 * 100)
    assert by["03"]["revenue"] == pytest.approx(0.8 * 25)  # F19 via division 63
    assert by["0301"]["firms"] == 2 and by["0304"]["firms"] == 2


def test_parquet_input_and_batches_give_the_same_table(
    firms_20: Path, partial_concordance, tmp_path: Path
) -> None:
    parquet = tmp_path / "firms.parquet"
    scan_firms(firms_20).collect().write_parquet(parquet)
    calls: list[tuple[int, int]] = []
    batched = aggregate_firms(
        parquet, partial_concordance, progress=lambda d, t: calls.append((d, t)), batch_rows=6
    )
    single = aggregate_firms(firms_20, partial_concordance)
    assert_frame_equal(batched.table, single.table, check_exact=False, rel_tol=1e-12)
    assert_frame_equal(batched.codes, single.codes)
    assert calls == [(0, 20), (6, 20), (12, 20), (18, 20), (20, 20)]


def test_default_concordance_labels_results_approximate(firms_20: Path) -> None:
    acc = aggregate_firms(firms_20)
    assert acc.quality == "approximate"
    assert (acc.table["quality"] == "approximate").all()
    # default: 5176 (wholesale) is not in it, 63 counts in full
    t = acc.table.filter((pl.col("region") == "120000") & (pl.col("year") == 2023))
    assert "02" not in t["de_code"].to_list()
    assert t.filter(pl.col("de_code") == "03")["revenue"].item() == 100 + 25


def test_classify_firms_collapses_partials_within_a_major_class(
    firms_20: Path, partial_concordance
) -> None:
    rows = classify_firms(firms_20, partial_concordance).collect()
    f04 = rows.filter(pl.col("firm_id") == "F04")
    assert f04.select("de_code", "coefficient", "revenue").rows() == [("03", 1.0, 80.0)]
    f07 = rows.filter(pl.col("firm_id") == "F07")
    assert f07.select("de_code", "revenue").rows() == [("02", 20.0)]
    assert rows.height == 14


def test_missing_columns_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("firm_id,region,year\nA,120000,2023\n")
    with pytest.raises(DataValidationError) as info:
        scan_firms(path)
    assert [p.column for p in info.value.problems] == [
        "industry_code",
        "revenue",
        "value_added",
        "employees",
    ]


def test_csv_codes_keep_their_leading_zeros(firms_20: Path) -> None:
    # read as numbers, 0111 (稻谷种植) would become 111 — a valid 中类 in division 11, wrongly
    codes = scan_firms(firms_20).collect()
    assert codes.filter(pl.col("firm_id") == "F11")["industry_code"].item() == "0111"


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), coef=st.floats(0.05, 1.0))
def test_aggregate_and_firm_level_paths_agree(seed: int, coef: float) -> None:
    # two code paths (code × class mapping join vs firm-level classification) give the same sums
    conc = concordance_from_frame(
        pl.DataFrame(
            {
                "gbt4754_code": ["39", "65", "643", "F"],
                "de_code": ["01", "03", "04", "02"],
                "coefficient": [1.0, coef, 1.0, coef / 2],
            }
        )
    )
    reg = generate_register(3_000, seed=seed, bad_code_share=0.05)
    acc = aggregate_firms(reg, conc)
    firms = classify_firms(reg, conc).collect()
    by_firm = firms.group_by("de_code").agg(pl.col("value_added").sum(), pl.len().alias("firms"))
    by_table = acc.table.group_by("de_code").agg(pl.col("value_added").sum(), pl.col("firms").sum())
    assert_frame_equal(
        by_table.sort("de_code"),
        by_firm.sort("de_code").cast({"firms": pl.Int64}),
        check_exact=False,
        rel_tol=1e-9,
    )
    assert int(acc.codes["rows"].sum()) == 3_000


def test_no_digital_rows_still_says_approximate_and_synthetic() -> None:
    reg = generate_register(200, seed=1).with_columns(industry_code=pl.lit("0111"))
    acc = aggregate_firms(reg)
    assert acc.table.height == 0
    assert acc.quality == "approximate" and acc.synthetic
    assert dict(acc.codes.select("code_status", "rows").iter_rows())["not_digital"] == 200
