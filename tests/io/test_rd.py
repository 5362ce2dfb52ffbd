"""The R&D importer (China S&T Statistical Yearbook via huhuaping/techme), pinned to its values."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from analytics.exceptions import DataValidationError
from analytics.io.rd import RD_DIR, RD_FILE, read_rd_intensity


def _value(obs: pl.DataFrame, indicator: str, region: str, year: str) -> float:
    row = obs.filter(
        (pl.col("indicator") == indicator)
        & (pl.col("region") == region)
        & (pl.col("period") == year)
    )
    assert row.height == 1
    return float(row["value"].item())


def test_tianjin_values_and_intensity_on_published_gdp() -> None:
    obs = read_rd_intensity(RD_DIR / RD_FILE)
    assert _value(obs, "rd_spending", "120000", "2023") == 599.2
    assert _value(obs, "rd_intensity", "120000", "2023") == 3.58
    # the intensity is on the GDP as first published (16737.30 亿元 in 2023, 16311.34 in 2022),
    # not the 5th-census revision (17211.8, 16588.5): the hand calculation matches the former only
    stored = _value(obs, "rd_intensity", "120000", "2023")
    assert stored == round(599.2 / 16737.30 * 100, 2) != round(599.2 / 17211.8 * 100, 2)
    assert round(568.7 / 16311.34 * 100, 2) == _value(obs, "rd_intensity", "120000", "2022")
    assert set(obs["vintage"]) == {"st_yearbook"}
    # 31 provinces and China, 2011–2023, two indicators: 32 × 13 × 2
    assert obs.height == 832
    assert obs["region"].n_unique() == 32


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / RD_FILE
    shutil.copyfile(RD_DIR / RD_FILE, path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_nan_is_refused_with_file_line_column(tmp_path: Path) -> None:
    path = _broken(tmp_path, "天津,天津,2023,RD经费,599.2,", "天津,天津,2023,RD经费,nan,")
    with pytest.raises(DataValidationError) as err:
        read_rd_intensity(path)
    text = str(err.value)
    assert f"{path}:4:6" in text and "'nan' is not a finite number" in text


def test_unknown_province_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = _broken(tmp_path, "RDIntense,天津,天津,2023", "RDIntense,天津,天京,2023")
    with pytest.raises(DataValidationError) as err:
        read_rd_intensity(path)
    assert f"{path}:4:3" in str(err.value) and "did you mean `天津" in str(err.value)


def test_store_keeps_rd_apart_from_gdp_vintages(built_store: Path) -> None:
    from analytics.io import read_series

    rd = read_series("rd_intensity", regions="120000", measure="share_pct", data_dir=built_store)
    assert rd.filter(pl.col("period") == "2023")["value"].item() == 3.58
    assert set(rd["vintage"]) == {"st_yearbook"}
