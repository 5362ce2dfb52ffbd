from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
import pytest

from analytics.catalog import get_indicator
from analytics.exceptions import DataValidationError
from analytics.io.research import RESEARCH_INDICATORS, read_research_panel

RAW = Path(__file__).resolve().parents[2] / "data" / "raw" / "research"


@pytest.fixture(scope="module")
def panel() -> pl.DataFrame:
    return read_research_panel(RAW / "panel_data.xlsx")


def test_panel_shape_and_model(panel: pl.DataFrame) -> None:
    assert panel.height == 31 * 10 * 22
    assert panel.columns == [
        "indicator",
        "region",
        "period",
        "period_basis",
        "published",
        "value",
        "unit",
        "measure",
        "price_basis",
        "status",
        "vintage",
        "source",
        "qualifier",
    ]
    assert panel["region"].str.contains(r"^\d{2}0000$").all()
    assert sorted(panel["period"].unique()) == [str(y) for y in range(2013, 2023)]
    assert panel["value"].null_count() == 0 and (panel["status"] == "ok").all()
    # a panel's periods are the years its workbook states; it gives no publication date
    assert (panel["period_basis"] == "stated").all() and panel[
        "published"
    ].null_count() == panel.height
    assert set(panel["vintage"]) == {"research_panel_2013_2022"}
    assert set(panel["source"]) == {"research_panel"}
    assert (
        panel.select(pl.struct("indicator", "region", "period").is_duplicated().any()).item()
        is False
    )


def test_float_noise_rounded(panel: pl.DataFrame) -> None:
    # the workbook holds 1665.37000000011 for Anhui 2013 x13; values are rounded to 9 decimals
    cell = panel.filter(
        (pl.col("indicator") == "rp_mobile_internet_users")
        & (pl.col("region") == "340000")
        & (pl.col("period") == "2013")
    )
    assert cell["value"].item() == 1665.37
    # interpolated thirds keep 9 decimals (558.114333333333 → 558.114333333)
    cell = panel.filter(
        (pl.col("indicator") == "rp_ipv4_addresses")
        & (pl.col("region") == "340000")
        & (pl.col("period") == "2015")
    )
    assert cell["value"].item() == 558.114333333


def test_original_blanks_are_unknown() -> None:
    orig = read_research_panel(RAW / "original_data.xlsx", kind="original")
    assert orig.height == 31 * 11 * 22
    missing = dict(orig.filter(pl.col("value").is_null()).group_by("indicator").len().iter_rows())
    # data/README.md: x5 63, x13 26, x15 31 (all of 2023), x21 1
    assert missing == {
        "rp_ipv4_addresses": 63,
        "rp_mobile_internet_users": 26,
        "rp_digital_tv_subscribers": 31,
        "rp_rd_institutions": 1,
    }
    unknown = orig.filter(pl.col("status") == "unknown")
    assert unknown.height == 121 and unknown["value"].null_count() == 121
    assert not orig["value"].is_nan().any()
    assert set(orig["vintage"]) == {"research_panel_original"}


def test_panel_equals_original_where_observed(panel: pl.DataFrame) -> None:
    orig = read_research_panel(RAW / "original_data.xlsx", kind="original")
    j = panel.join(orig.drop_nulls("value"), on=["indicator", "region", "period"])
    blanks = orig.filter(pl.col("value").is_null() & (pl.col("period") != "2023")).height
    assert j.height == 6820 - blanks
    assert (j["value"] - j["value_right"]).abs().max() < 1e-6
    interp = read_research_panel(RAW / "interpolation_processing.xlsx", kind="interpolated")
    assert interp.sort("indicator", "region", "period")["value"].equals(panel["value"])


def test_catalog_units_match() -> None:
    for k, unit, unit_en in RESEARCH_INDICATORS:
        ind = get_indicator(k)
        assert (ind.unit, ind.unit_en, ind.source) == (unit, unit_en, "research_panel")


def _bad_copy(tmp_path: Path, edits: dict[tuple[int, int], object]) -> Path:
    wb = openpyxl.load_workbook(RAW / "panel_data.xlsx")
    ws = wb.active
    assert ws is not None
    for (row, col), value in edits.items():
        ws.cell(row=row, column=col, value=value)
    out = tmp_path / "bad.xlsx"
    wb.save(out)
    return out


def test_bad_inputs_located(tmp_path: Path) -> None:
    p = _bad_copy(tmp_path, {(5, 2): "12000", (7, 4): "n/a"})
    with pytest.raises(DataValidationError) as err:
        read_research_panel(p)
    text = str(err.value)
    assert "bad.xlsx:5:2: id `12000` is not a province code" in text
    assert "bad.xlsx:7:4: `n/a` is not a number" in text
    # a duplicated province-year (row 3 turned into row 2's year) is reported with its row
    p2 = _bad_copy(tmp_path, {(3, 1): 2013})
    with pytest.raises(DataValidationError, match=r"bad.xlsx:3:0: 340000 2013 appears twice"):
        read_research_panel(p2)
