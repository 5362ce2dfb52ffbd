"""A firm register with bad values or a broken file: located problems, exit 2, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from analytics.accounts import _register_check

HEADER = "firm_id,region,industry_code,year,revenue,value_added,employees\n"


def test_all() -> None:
    assert _register_check.__all__ == ["check_register_values", "raise_on_register_values"]


def _build(firms: Path, data: Path) -> subprocess.CompletedProcess[str]:
    cmd = ["accounts", "build", "--firms", str(firms), "--data-dir", str(data), "--quiet"]
    return subprocess.run(
        [sys.executable, "-m", "analytics", *cmd],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_bad_values_are_located_and_nothing_is_written(tmp_path: Path) -> None:
    firms = tmp_path / "firms.csv"
    firms.write_text(
        HEADER + "a,120000,6513,2023,nan,1,2\n" + "b,990000,6513,2023,5,inf,-3\n",
        encoding="utf-8",
    )
    proc = _build(firms, tmp_path / "data")
    assert proc.returncode == 2
    lines = proc.stderr.removeprefix("error: ").splitlines()
    assert lines == [
        f"{firms}:2:revenue: `nan` is not a finite number (line 2: write a number)",
        f"{firms}:3:value_added: `inf` is not a finite number (line 3: write a number)",
        f"{firms}:3:employees: negative value -3 (line 3: expected a value ≥ 0)",
        f"{firms}:3:region: region `990000` is not in regions.csv (line 3: use a code from "
        "regions.csv)",
    ]
    assert not (tmp_path / "data").exists()


def test_corrupt_parquet_empty_csv_and_fifo(tmp_path: Path) -> None:
    corrupt = tmp_path / "firms.parquet"
    corrupt.write_bytes(b"garbage\x00\x01")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    expected = {
        corrupt: ":1:1: cannot read the firm register: parquet: File out of specification",
        empty: ":1:1: cannot read the firm register: empty CSV",
        fifo: ":0:0: a named pipe (FIFO), not a regular file",
    }
    for path, words in expected.items():
        proc = _build(path, tmp_path / "data")
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.startswith(f"error: {path}{words}"), proc.stderr
        assert "Traceback" not in proc.stderr
