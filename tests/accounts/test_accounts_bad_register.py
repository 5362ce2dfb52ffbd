"""A bad firm register ends `analytics accounts build` with file:line:column and exit code 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from analytics.accounts.aggregate import diagnose_register

HEADER = "firm_id,region,industry_code,year,revenue,value_added,employees\n"


def _run(firms: Path, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "analytics",
            "accounts",
            "build",
            "--firms",
            str(firms),
            "--data-dir",
            str(data_dir),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_non_numeric_cells_are_located(tmp_path: Path) -> None:
    firms = tmp_path / "firms.csv"
    firms.write_text(
        HEADER + "a,120000,6513,2023,10,4,3\nb,120000,6513,2023,12x,1,2\nc,120000,3911,20x3,1,1,1\n"
    )
    proc = _run(firms, tmp_path / "data")
    assert proc.returncode == 2
    assert f"{firms}:3:revenue: `12x` is not a number" in proc.stderr
    assert f"{firms}:4:year: `20x3` is not a number" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "data" / "processed" / "accounts").exists()  # nothing written


def test_empty_register(tmp_path: Path) -> None:
    firms = tmp_path / "firms.csv"
    firms.write_text("")
    proc = _run(firms, tmp_path / "data")
    assert proc.returncode == 2
    assert f"{firms}:1:1: cannot read the firm register" in proc.stderr


def test_diagnose_parquet_rows(tmp_path: Path) -> None:
    import polars as pl

    path = tmp_path / "firms.parquet"
    pl.DataFrame(
        {
            "firm_id": ["a", "b"],
            "region": ["120000"] * 2,
            "industry_code": ["6513"] * 2,
            "year": ["2023", "2023"],
            "revenue": ["1.5", "n/a"],
            "value_added": ["1", "1"],
            "employees": ["1", "1"],
        }
    ).write_parquet(path)
    problems = diagnose_register(path)
    assert [(p.line, p.column) for p in problems] == [(2, "revenue")]
    assert "`n/a` is not a number" in str(problems[0])
