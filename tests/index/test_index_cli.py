from __future__ import annotations

from pathlib import Path

import polars as pl
from click.testing import CliRunner

from analytics.cli.index import index


def test_build_pca_and_handbook(tmp_path: Path) -> None:
    runner = CliRunner()
    for method in ("pca", "handbook"):
        out = tmp_path / f"{method}.csv"
        res = runner.invoke(index, ["build", "--method", method, "--out", str(out)])
        assert res.exit_code == 0, res.output
        assert "adding a year changes every value" in res.output
        df = pl.read_csv(out, schema_overrides={"region": pl.Utf8})
        assert df.columns == ["year", "region", "index", "rank"]
        assert df.height == 310 and df["region"].str.len_chars().eq(6).all()
        assert df["index"].min() >= 0 and df["index"].max() <= 100
        assert df.group_by("year").agg(pl.col("rank").n_unique())["rank"].to_list() == [31] * 10


def test_missing_panel_is_an_error(tmp_path: Path) -> None:
    res = CliRunner().invoke(
        index, ["build", "--panel", str(tmp_path / "no.xlsx"), "--out", str(tmp_path / "o.csv")]
    )
    assert res.exit_code != 0 and "not found" in str(res.exception)
