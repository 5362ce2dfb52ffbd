from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from analytics.accounts import concordance_from_frame, read_concordance
from analytics.exceptions import DataValidationError


def _problems(path: Path) -> list[tuple[int, str, str]]:
    with pytest.raises(DataValidationError) as info:
        read_concordance(path)
    return [(p.line, str(p.column), p.message) for p in info.value.problems]


def test_default_concordance_is_approximate_and_covers_the_core_divisions() -> None:
    conc = read_concordance()
    assert conc.approximate
    assert (conc.table["quality"] == "approximate").all()
    codes = dict(conc.table.select("gbt4754_code", "de_code").iter_rows())
    assert codes["39"] == "01" and codes["63"] == "03" and codes["65"] == "03"
    assert codes["643"] == "04"  # 互联网平台
    assert {c for c in codes if c.startswith("64")} == {"641", "642", "643", "644", "645", "649"}
    assert "APPROXIMATE" in conc.table["note"][0]


def test_partial_coefficients_load(partial_concordance) -> None:
    t = partial_concordance.table
    assert partial_concordance.quality == "official"
    assert t.filter(pl.col("gbt4754_code") == "6513")["coefficient"].sum() == pytest.approx(1.0)
    assert t.filter(pl.col("gbt4754_code") == "5176")["coefficient"].item() == 0.5
    assert t["line"].to_list() == [2, 3, 4, 5, 6, 7]
    assert t["gbt_level"].to_list() == [2, 4, 4, 4, 3, 2]


def test_unknown_codes_name_their_rows(data_dir: Path) -> None:
    with pytest.raises(DataValidationError) as info:
        read_concordance(data_dir / "bad" / "unknown_codes.csv")
    found = [(p.line, p.column) for p in info.value.problems]
    assert found == [(3, "gbt4754_code"), (4, "de_code"), (5, "gbt4754_code")]
    msgs = [str(p) for p in info.value.problems]
    assert "`3999` is not a GB/T 4754-2017 code" in msgs[0]
    assert "unknown_codes.csv:3:gbt4754_code" in msgs[0]
    assert "`07` is not a digital-economy class code" in msgs[1]
    assert "`0190` exists" in info.value.problems[2].hint  # a spreadsheet ate the zero


def test_coefficients_outside_the_unit_interval(data_dir: Path) -> None:
    found = _problems(data_dir / "bad" / "coefficient_range.csv")
    assert [(line, col) for line, col, _ in found] == [
        (2, "coefficient"),
        (3, "coefficient"),
        (4, "coefficient"),
        (5, "coefficient"),
    ]
    assert "coefficient 0 is outside (0, 1]" in found[0][2]
    assert "coefficient 1.5 is outside (0, 1]" in found[1][2]
    assert '"abc" is not a number' in found[3][2]


def test_coefficients_of_one_code_adding_up_to_more_than_one(data_dir: Path) -> None:
    found = _problems(data_dir / "bad" / "coefficient_sum.csv")
    assert len(found) == 1
    line, col, msg = found[0]
    assert (line, col) == (3, "coefficient")
    assert "`6513` add up to 1.2 > 1 (lines 2, 3)" in msg


def test_code_listed_with_its_parent_would_double_count(data_dir: Path) -> None:
    found = _problems(data_dir / "bad" / "nested.csv")
    assert found == [
        (
            4,
            "gbt4754_code",
            "`6513` is listed together with its parent `65` (line 2), so it would be counted twice",
        )
    ]


def test_duplicate_pair(data_dir: Path) -> None:
    found = _problems(data_dir / "bad" / "duplicate.csv")
    assert [(line, col) for line, col, _ in found] == [(3, "de_code")]
    assert "listed twice (first on line 2)" in found[0][2]


def test_missing_column(data_dir: Path) -> None:
    found = _problems(data_dir / "bad" / "missing_column.csv")
    assert [(line, col) for line, col, _ in found] == [(1, "de_code")]


def test_from_frame_validates_too() -> None:
    with pytest.raises(DataValidationError) as info:
        concordance_from_frame(
            pl.DataFrame(
                {"gbt4754_code": ["65", "651"], "de_code": ["03", "03"], "coefficient": [1, 1]}
            )
        )
    assert info.value.first.line == 3
