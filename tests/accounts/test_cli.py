from __future__ import annotations

from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from analytics.cli.accounts import accounts
from analytics.exceptions import AnalyticsError


def test_build_writes_the_table_into_the_store(
    firms_20: Path, data_dir: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        accounts,
        [
            "build",
            "--firms",
            str(firms_20),
            "--concordance",
            str(data_dir / "concordance_partial.csv"),
            "--data-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "processed" / "accounts" / "de_firm_accounts.parquet"
    assert result.stdout.strip().endswith(str(out))
    table = pl.read_parquet(out)
    assert table.height == 10
    assert (
        table.filter(
            pl.col("de_code") == "03", pl.col("region") == "120000", pl.col("year") == 2023
        )["value_added"].item()
        == 58.0
    )
    codes = pl.read_parquet(tmp_path / "processed" / "accounts" / "de_firm_codes.parquet")
    assert dict(codes.select("code_status", "rows").iter_rows())["invalid"] == 2
    assert pq.read_schema(out).metadata[b"analytics.quality"] == b"official"


def test_synth_then_build_labels_synthetic(tmp_path: Path) -> None:
    runner = CliRunner()
    reg = tmp_path / "reg_synthetic.parquet"
    result = runner.invoke(
        accounts, ["synth", "--rows", "3000", "--seed", "4", "--out", str(reg), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        accounts, ["build", "--firms", str(reg), "--data-dir", str(tmp_path), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "processed" / "accounts" / "de_firm_accounts_synthetic.parquet"
    assert pl.read_parquet(out)["synthetic"].all()
    assert pq.read_schema(out).metadata[b"analytics.quality"] == b"approximate"


def test_synth_refuses_a_name_without_synthetic(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        accounts, ["synth", "--rows", "5", "--seed", "1", "--out", str(tmp_path / "x.parquet")]
    )
    assert isinstance(result.exception, AnalyticsError)
    assert not (tmp_path / "x.parquet").exists()


def test_bad_concordance_exits_2_with_the_row(
    firms_20: Path, data_dir: Path, tmp_path: Path, capsys
) -> None:
    from analytics.cli import main

    bad = data_dir / "bad" / "nested.csv"
    with pytest.raises(SystemExit) as info:
        main(
            [
                "accounts",
                "build",
                "--firms",
                str(firms_20),
                "--concordance",
                str(bad),
                "--data-dir",
                str(tmp_path),
                "--quiet",
            ]
        )
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "nested.csv:4:gbt4754_code" in err and "counted twice" in err
    assert not (tmp_path / "processed").exists()


def test_build_reads_a_folder_of_partitions(firms_20: Path, data_dir: Path, tmp_path: Path) -> None:
    from analytics.accounts import scan_firms

    reg = tmp_path / "reg"
    reg.mkdir()
    frame = scan_firms(firms_20).collect()
    for i, part in enumerate(frame.partition_by("region", "year", maintain_order=True)):
        part.write_parquet(reg / f"part-{i}.parquet")
    result = CliRunner().invoke(
        accounts,
        [
            "build",
            "--firms",
            str(reg),
            "--concordance",
            str(data_dir / "concordance_partial.csv"),
            "--data-dir",
            str(tmp_path / "data"),
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    table = pl.read_parquet(
        tmp_path / "data" / "processed" / "accounts" / "de_firm_accounts.parquet"
    )
    # the hand-computed cell of test_aggregate.py: 03 Tianjin 2023 = 50 + 0.8 × 10 value added
    cell = table.filter(
        pl.col("de_code") == "03", pl.col("region") == "120000", pl.col("year") == 2023
    )
    assert cell["value_added"].item() == 58.0 and cell["firms"].item() == 3
    assert table.height == 10


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--scheduler", "tcp://127.0.0.1:1"], "only used by the Dask executor"),
        (["--executor", "dask"], "--executor dask needs --scheduler"),
        (["--executor", "dask", "--scheduler", "127.0.0.1"], "is not a Dask scheduler address"),
        (["--executor", "dask", "--scheduler", "tcp://127.0.0.1:9"], "cannot reach the Dask"),
    ],
)
def test_executor_options_are_refused_with_exit_2(
    firms_20: Path, tmp_path: Path, capsys, extra: list[str], words: str
) -> None:
    from analytics.cli import main

    with pytest.raises(SystemExit) as info:
        main(
            [
                "accounts",
                "build",
                "--firms",
                str(firms_20),
                "--data-dir",
                str(tmp_path),
                "--quiet",
                *extra,
            ]
        )
    assert info.value.code == 2
    assert words in capsys.readouterr().err
    assert not (tmp_path / "processed").exists()


def test_synth_partitioned_writes_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "reg_synthetic"
    result = CliRunner().invoke(
        accounts,
        ["synth", "--rows", "2000", "--seed", "4", "--out", str(out), "--partitioned", "--quiet"],
    )
    assert result.exit_code == 0, result.output
    assert pl.scan_parquet(out / "*.parquet").select(pl.len()).collect().item() == 2000
    from analytics.accounts import region_rows

    by_region = (
        pl.read_parquet(list(out.glob("firms_*_synthetic.parquet"))).group_by("region").len()
    )
    assert dict(by_region.iter_rows()) == region_rows(2000)  # every file named as synthetic
