from __future__ import annotations

from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

from analytics.accounts import (
    BAD_CODES,
    PROVINCES,
    aggregate_firms,
    generate_register,
    read_gbt4754,
    write_synthetic_register,
)
from analytics.exceptions import AnalyticsError


def test_register_is_seeded_and_labelled() -> None:
    a = generate_register(5_000, seed=11)
    assert a.equals(generate_register(5_000, seed=11))
    assert not a.equals(generate_register(5_000, seed=12))
    assert a.height == 5_000
    assert a["synthetic"].all()
    assert set(a["region"].unique()) <= set(PROVINCES)


def test_codes_are_real_gbt_classes_or_planted_bad_ones() -> None:
    reg = generate_register(20_000, seed=3, bad_code_share=0.02)
    classes = set(read_gbt4754().filter(pl.col("level") == 4)["code"])
    codes = set(reg["industry_code"].unique())
    assert codes - classes <= set(BAD_CODES)
    assert codes & set(BAD_CODES)  # some bad codes were planted
    assert len(codes & classes) > 500


def test_heavy_tails_entry_and_exit() -> None:
    reg = generate_register(50_000, seed=5, years=(2019, 2023))
    emp = reg["employees"]
    assert emp.min() >= 1
    assert emp.max() > 50 * emp.median()  # Pareto tail
    years = reg.group_by("firm_id").agg(
        pl.col("year").min().alias("first"), pl.col("year").max().alias("last")
    )
    assert (years["first"] > 2019).any()  # entry after the first year
    assert (years["last"] < 2023).any()  # exit before the last
    # firm-years are consecutive: no firm reappears after exit
    spans = reg.group_by("firm_id").agg(
        (pl.col("year").max() - pl.col("year").min() + 1 == pl.len()).alias("ok")
    )
    assert spans["ok"].all()


def test_written_in_row_groups_with_metadata(tmp_path: Path) -> None:
    out = write_synthetic_register(
        tmp_path / "f_synthetic.parquet", rows=2_500, seed=1, chunk_rows=1_000, row_group_rows=400
    )
    meta = pq.ParquetFile(out)
    assert meta.metadata.num_row_groups == 8  # 1000 → 400+400+200 (×2), 500 → 400+100
    assert meta.metadata.num_rows == 2_500
    assert meta.schema_arrow.metadata[b"analytics.synthetic"] == b"true"
    ids = pl.read_parquet(out)["firm_id"]
    firm_year = pl.read_parquet(out).select("firm_id", "year")
    assert firm_year.is_unique().all()  # ids do not collide across chunks
    assert ids.str.starts_with("S").all()


def test_name_must_say_synthetic(tmp_path: Path) -> None:
    with pytest.raises(AnalyticsError, match="must contain `synthetic`"):
        write_synthetic_register(tmp_path / "firms.parquet", rows=10, seed=1)


def test_aggregates_from_a_synthetic_register_are_labelled(tmp_path: Path) -> None:
    out = write_synthetic_register(tmp_path / "r_synthetic.parquet", rows=20_000, seed=2)
    acc = aggregate_firms(out)
    assert acc.synthetic
    assert acc.table["synthetic"].all()
    assert int(acc.codes["rows"].sum()) == 20_000
    assert acc.bad_rows > 0
