"""The store is read once per version of its files, never served from an older one (issue 23).

``scan_store``, ``read_series`` and ``read_sources`` keep the store's files in memory, keyed by
each file's inode, modification time and size; a report's chart downloads keep their lookup
table the same way. A store rebuilt (a new folder swapped in) or a file rewritten in place, even
at the same size, must be read again.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polars as pl

from analytics.io import read_series, read_sources, scan_store
from analytics.reports.downloads import store_provenance


def _copy(built_store: Path, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(built_store / "processed", data / "processed")
    return data


def _rewrite(path: Path, frame: pl.DataFrame) -> None:
    """Write ``frame`` over ``path`` in place (same inode), keeping the old modification time."""
    before = path.stat()
    frame.write_parquet(path)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1))


def test_a_rewritten_store_file_is_read_again(built_store: Path, tmp_path: Path) -> None:
    data = _copy(built_store, tmp_path)
    obs = data / "processed" / "observations.parquet"
    first = read_series("gdp", regions="120000", data_dir=data)
    v2022 = first.filter(pl.col("period") == "2022")["value"].item()
    assert v2022 == 16588.5  # NBS, revised after the 5th economic census
    stored = pl.read_parquet(obs)
    changed = stored.with_columns(
        pl.when((pl.col("indicator") == "gdp") & (pl.col("region") == "120000"))
        .then(pl.col("value") + 1.0)
        .otherwise(pl.col("value"))
        .alias("value")
    )
    _rewrite(obs, changed)
    again = read_series("gdp", regions="120000", data_dir=data)
    assert again.filter(pl.col("period") == "2022")["value"].item() == v2022 + 1.0
    assert scan_store(data_dir=data).collect().height == stored.height


def test_a_rebuilt_store_swapped_in_is_read_again(built_store: Path, tmp_path: Path) -> None:
    data = _copy(built_store, tmp_path)
    frame = pl.DataFrame({"region": ["120000"], "period": ["2022"], "value": [16588.5]})
    out, _ = store_provenance(frame, ["nbs"], data_dir=data)
    assert out["_vintage"].item() == "nbs_revised_5th_census"
    assert "nbs" in read_sources(data_dir=data)["id"].str.slice(0, 3).to_list()
    # a build writes a new folder and renames it over the old one: new inodes
    new = data / "processed.new"
    shutil.copytree(data / "processed", new)
    obs = pl.read_parquet(new / "observations.parquet")
    obs.with_columns(
        pl.when(pl.col("value") == 16588.5)
        .then(pl.lit("published"))
        .otherwise("vintage")
        .alias("vintage")
    ).write_parquet(new / "observations.parquet")
    pl.read_parquet(new / "sources.parquet").head(1).write_parquet(new / "sources.parquet")
    shutil.rmtree(data / "processed")
    new.rename(data / "processed")
    out, _ = store_provenance(frame, ["nbs"], data_dir=data)
    assert out["_vintage"].item() == "published"
    assert read_sources(data_dir=data).height == 1


def test_what_is_returned_cannot_change_the_cache(built_store: Path) -> None:
    sources = read_sources(data_dir=built_store)
    height = sources.height
    sources.insert_column(0, pl.Series("x", [1] * height))
    sources.drop_in_place("id")
    assert read_sources(data_dir=built_store).columns[0] == "id"
    assert read_sources(data_dir=built_store).height == height
