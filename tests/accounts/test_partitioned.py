"""A register in partitions: written by the generator, read partition by partition.

The hand-computed table of tests/accounts/test_aggregate.py (the 20 firms of
tests/data/accounts/firms_20.csv) must come out whatever way the register is cut: one file per
region × year (the one-pass path) or files holding several years (the two-query path).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest
from polars.testing import assert_frame_equal

from analytics.accounts import (
    aggregate_register,
    region_rows,
    register_partitions,
    scan_firms,
    write_partitioned_register,
)
from analytics.accounts._partial import constant_keys
from analytics.exceptions import AnalyticsError, DataValidationError
from tests.accounts.test_aggregate import EXPECTED


def _split(firms_20: Path, root: Path, by: list[str]) -> Path:
    root.mkdir()
    frame = scan_firms(firms_20).collect()
    for i, part in enumerate(frame.partition_by(by, maintain_order=True)):
        part.write_parquet(root / f"part-{i:02d}.parquet")
    return root


@pytest.mark.parametrize(
    ("by", "one_pass"),
    [(["region", "year"], 4), (["region"], 0), (["year"], 0)],
    ids=["region-year", "region", "year"],
)
def test_partitions_give_the_hand_computed_table(
    firms_20: Path, partial_concordance, tmp_path: Path, by: list[str], one_pass: int
) -> None:
    root = _split(firms_20, tmp_path / "reg", by)
    parts = register_partitions(root)
    assert sum(constant_keys(p) is not None for p in parts) == one_pass
    calls: list[tuple[int, int]] = []
    acc = aggregate_register(root, partial_concordance, progress=lambda d, t: calls.append((d, t)))
    assert_frame_equal(
        acc.table.select(EXPECTED.columns), EXPECTED, check_exact=False, rel_tol=1e-12
    )
    # the account of codes, as in test_every_row_is_accounted_for: 14 + 3 + 0 + 1 + 2 rows
    codes = dict(acc.codes.select("code_status", "rows").iter_rows())
    assert codes == {
        "classified": 14,
        "not_digital": 3,
        "too_coarse": 0,
        "unknown": 1,
        "invalid": 2,
    }
    assert dict(acc.codes.select("code_status", "revenue").iter_rows())["classified"] == 1255.0
    assert calls[0] == (0, 20) and calls[-1] == (20, 20) and len(calls) == len(parts) + 1


def test_region_rows_is_the_largest_remainder_split() -> None:
    # weights add up to 413.3; 1000 × 70 / 413.3 = 169.37 → 169 (Guangdong); Jiangsu 96.78 → 97;
    # Beijing 48.39 → 48; Tibet 1.21 → 1. The floors add up to 984; the 16 rows left go to the
    # 16 largest fractions (down to Ningxia, 2.42 → 3; Beijing's .391 misses out).
    split = region_rows(1000)
    assert sum(split.values()) == 1000 and len(split) == 31
    assert (split["440000"], split["320000"], split["110000"], split["540000"]) == (169, 97, 48, 1)
    assert split["640000"] == 3


def test_generator_writes_one_labelled_file_per_region_and_year(tmp_path: Path) -> None:
    root = write_partitioned_register(
        tmp_path / "reg_synthetic", rows=20_000, seed=3, years=(2022, 2023), chunk_rows=1_500
    )
    files = sorted(root.glob("*.parquet"))
    assert len(files) == 62 and all("synthetic" in f.name for f in files)
    frame = pl.read_parquet(files, include_file_paths="path")
    assert frame.height == 20_000 and frame["synthetic"].all()
    assert frame.select("firm_id", "year").is_unique().all()  # ids never collide across chunks
    named = frame.select(
        pl.col("path").str.extract(r"firms_(\d{6})_(\d{4})_synthetic", 1).alias("r"),
        pl.col("path").str.extract(r"firms_(\d{6})_(\d{4})_synthetic", 2).cast(pl.Int32).alias("y"),
        "region",
        "year",
    )
    assert (named["r"] == named["region"]).all() and (named["y"] == named["year"]).all()
    by_region = dict(frame.group_by("region").len().iter_rows())
    assert by_region == region_rows(20_000)
    meta = pq.read_schema(files[0]).metadata
    assert meta[b"analytics.synthetic"] == b"true" and meta[b"analytics.seed"] == b"3"
    assert constant_keys(files[0]) == ("110000", 2022)


def test_workers_write_the_same_register(tmp_path: Path) -> None:
    one = write_partitioned_register(tmp_path / "a_synthetic", rows=4_000, seed=9, chunk_rows=500)
    two = write_partitioned_register(
        tmp_path / "b_synthetic", rows=4_000, seed=9, chunk_rows=500, workers=2
    )
    names = [p.name for p in register_partitions(one)]
    assert names == [p.name for p in register_partitions(two)]
    for name in names:
        assert pl.read_parquet(one / name).equals(pl.read_parquet(two / name)), name


def test_generator_refuses_a_plain_name_or_an_existing_register(tmp_path: Path) -> None:
    with pytest.raises(AnalyticsError, match="must contain `synthetic`"):
        write_partitioned_register(tmp_path / "register", rows=10, seed=1)
    root = write_partitioned_register(tmp_path / "r_synthetic", rows=100, seed=1)
    with pytest.raises(AnalyticsError, match="already holds Parquet files"):
        write_partitioned_register(root, rows=100, seed=2)


def test_bad_values_in_a_partition_are_located(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    root.mkdir()
    good = {
        "firm_id": ["a", "b", "c"],
        "region": ["120000"] * 3,
        "year": [2023] * 3,
        "industry_code": ["6513", "3911", "0111"],
        "value_added": [1.0, 2.0, 3.0],
    }
    pl.DataFrame(good | {"revenue": [1.0, 2.0, 3.0], "employees": [1, 2, 3]}).write_parquet(
        root / "a.parquet"
    )
    bad = root / "b.parquet"
    pl.DataFrame(
        good | {"revenue": [1.0, float("nan"), 3.0], "employees": [1, 2, -4]}
    ).write_parquet(bad)
    other = root / "c.parquet"
    pl.DataFrame(
        good | {"region": ["990000"] * 3, "revenue": [1.0] * 3, "employees": [1] * 3}
    ).write_parquet(other)
    with pytest.raises(DataValidationError) as info:
        aggregate_register(root)
    where = [(str(p.path), p.line, p.column) for p in info.value.problems]
    assert where == [
        (str(bad), 2, "revenue"),
        (str(bad), 3, "employees"),
        (str(other), 1, "region"),
        (str(other), 2, "region"),
        (str(other), 3, "region"),
    ]
    assert "negative value -4" in str(info.value)


def test_a_folder_without_partitions_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataValidationError, match="no Parquet partitions here"):
        register_partitions(tmp_path)
