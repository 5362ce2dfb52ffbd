"""The shared value validation layer (analytics.io.validate)."""

from __future__ import annotations

import math
import os
import zipfile
from pathlib import Path

import polars as pl
import pytest

from analytics.exceptions import DataValidationError
from analytics.io import validate
from analytics.io.validate import (
    check_excel_archive,
    check_readable,
    format_value,
    unit_bounds,
    validate_values,
)


def test_all() -> None:
    assert validate.__all__ == [
        "MAX_EXCEL_UNCOMPRESSED",
        "check_excel_archive",
        "check_readable",
        "format_value",
        "raise_if_problems",
        "read_utf8",
        "unit_bounds",
        "validate_values",
    ]


def _frame(rows: list[tuple[str, str, str, float | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "indicator": [r[0] for r in rows],
            "region": [r[1] for r in rows],
            "measure": [r[2] for r in rows],
            "value": [r[3] for r in rows],
            "line": list(range(2, 2 + len(rows))),
            "col": [4] * len(rows),
        },
        schema_overrides={"value": pl.Float64},
    )


CASES: list[tuple[tuple[str, str, str, float | None], str]] = [
    (("gdp", "120000", "level", math.nan), "value `nan` for `gdp` is not a finite number"),
    (("gdp", "120000", "level", math.inf), "value `inf` for `gdp` is not a finite number"),
    (("gdp", "120000", "level", -math.inf), "value `-inf` for `gdp` is not a finite number"),
    # 1.2e9 亿元 is 1.2e17 yuan, far above the 1e8 亿元 bound of bounds.yaml
    (("gdp", "120000", "level", 1.2e9), "value 1.2e+09 for `gdp` exceeds the bound 1e+08 亿元"),
    (("gdp", "120000", "level", -3.0), "negative value -3 for the count or amount `gdp`"),
    (("de_core_va_share", "120000", "share_pct", 100.5), "share 100.5% is outside 0–100%"),
    (("de_core_va_share", "120000", "share_pct", -0.1), "share -0.1% is outside 0–100%"),
    (("rp_it_employment_share", "120000", "level", 101.0), "share 101% is outside 0–100%"),
    (("natural_growth_rate", "120000", "level", -1001.0), "rate -1001‰"),
    (("gdp", "120000", "index_prev_year_100", 0.0), "index 0 for `gdp` is not above 0"),
    (("gdp", "120000", "yoy_pct", -100.5), "growth -100.5% for `gdp` is below −100%"),
]


@pytest.mark.parametrize(("row", "words"), CASES, ids=[c[1][:30] for c in CASES])
def test_each_rule_refuses_its_value_located(
    row: tuple[str, str, str, float | None], words: str
) -> None:
    problems = validate_values(_frame([("gdp", "120000", "level", 1.0), row]), file="f.csv")
    assert [str(p) for p in problems] == [str(problems[0])]
    assert str(problems[0]).startswith(f"f.csv:3:4: {words}")


def test_values_on_the_edges_are_accepted() -> None:
    rows = [
        ("de_core_va_share", "120000", "share_pct", 0.0),
        ("de_core_va_share", "120000", "share_pct", 100.0),
        ("natural_growth_rate", "120000", "level", -6.34),  # a real negative rate, allowed
        ("gdp", "120000", "yoy_pct", -100.0),
        ("gdp", "120000", "level", None),  # unknown: null with its status, not refused here
        ("gdp", "000000", "level", 1.0e8),  # exactly the bound
    ]
    assert validate_values(_frame(rows), file="f.csv") == []


def test_unknown_region_is_located_in_the_region_column() -> None:
    problems = validate_values(
        _frame([("gdp", "990000", "level", 1.0)]), file="p.xlsx", region_column=2
    )
    assert str(problems[0]).startswith("p.xlsx:2:2: region `990000` is not in regions.csv")


def test_raw_text_is_quoted_when_given() -> None:
    frame = _frame([("gdp", "120000", "level", math.inf)]).with_columns(pl.lit("1e400").alias("r"))
    assert "value `1e400`" in str(validate_values(frame, file="x", raw="r")[0])


def test_bounds_sit_ten_times_above_every_stored_value(built_store: Path) -> None:
    """Bounds only stop slips: every real value of the store is at most a tenth of its bound."""
    bounds = unit_bounds()["units"]
    obs = pl.read_parquet(built_store / "processed" / "observations.parquet")
    top = obs.group_by("unit").agg(pl.col("value").abs().max()).drop_nulls()
    assert set(top["unit"]) <= set(bounds)
    for unit, largest in top.iter_rows():
        assert largest * 10 <= bounds[unit], unit


def test_broken_bounds_file_is_located(tmp_path: Path) -> None:
    bad = tmp_path / "bounds.yaml"
    bad.write_text("units:\n  亿元: [1\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"bounds.yaml:3:1: not valid YAML"):
        unit_bounds(bad)
    bad.write_text("units:\n  亿元: .inf\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"bounds of \['亿元'\] are not positive"):
        unit_bounds(bad)


def test_format_value_says_missing_in_words() -> None:
    assert [format_value(v) for v in (1.5, None, math.nan, math.inf, -math.inf)] == [
        "1.5",
        "missing",
        "missing",
        "infinite",
        "minus infinite",
    ]


def test_fifo_and_folder_are_refused_without_opening(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert "named pipe (FIFO)" in str(check_readable(fifo))  # returns: it never opened the pipe
    assert "a folder" in str(check_readable(tmp_path))
    assert "a device" in str(check_readable("/dev/null"))


def test_zip_bomb_refused_from_declared_sizes(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (3 * 2**20))  # 3 MB of zeros
    assert bomb.stat().st_size < 2**20 // 10
    problem = check_excel_archive(bomb, limit=2 * 2**20)
    assert "would expand to 3 MB, above the 2 MB limit" in str(problem)
    assert check_excel_archive(bomb) is None  # under the default 200 MB
