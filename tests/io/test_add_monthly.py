"""``analytics data add`` of an NBS monthly export, in a temporary ANALYTICS_HOME.

The home is a copy of data/ without one real monthly export (分省月度数据 (8).csv, the CPI of
其他用品和服务, 31 provinces × 2020年1–3月) and its line in nbs_monthly.yaml; the test adds the
real file back and checks the store, the provenance line and the bytes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import yaml

ROOT = Path(__file__).resolve().parents[2]
NAME = "分省月度数据 (8).csv"
SHARED = ROOT.parent / "shared" / "data" / "nbs_monthly" / NAME


def _run(home: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ANALYTICS_HOME": str(home), "COLUMNS": "160"}
    return subprocess.run(
        [sys.executable, "-m", "analytics", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env=env,
        cwd=home,
        stdin=subprocess.DEVNULL,
    )


def test_a_monthly_export_comes_in_with_one_command(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for sub in ("raw", "reference", "catalog"):
        shutil.copytree(ROOT / "data" / sub, home / "data" / sub)
    for path in (home / "data").rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    (home / "data" / "raw" / "nbs_monthly" / NAME).unlink()
    rules = home / "data" / "catalog" / "nbs_monthly.yaml"
    kept = [
        ln
        for ln in rules.read_text("utf-8").splitlines(keepends=True)
        if not ln.startswith(f"  {NAME}:")
    ]
    rules.write_text("".join(kept), "utf-8")
    assert _run(home, "data", "build").returncode == 0
    offered = SHARED if SHARED.exists() else ROOT / "data" / "raw" / "nbs_monthly" / NAME

    dry = _run(home, "data", "add", offered)
    assert dry.returncode == 0, dry.stderr
    assert "cpi_other_monthly" in dry.stdout
    assert not (home / "data" / "raw" / "nbs_monthly" / NAME).exists()  # a dry run writes nothing

    done = _run(home, "data", "add", offered, "--yes")
    assert done.returncode == 0, done.stdout + done.stderr
    landed = home / "data" / "raw" / "nbs_monthly" / NAME
    assert landed.read_bytes() == offered.read_bytes()
    entry = yaml.safe_load(rules.read_text("utf-8"))["files"][NAME]
    assert entry["sha256"] == hashlib.sha256(offered.read_bytes()).hexdigest()
    store = pl.read_parquet(home / "data" / "processed" / "observations.parquet").filter(
        pl.col("source") == f"nbs_monthly/{NAME}"
    )
    assert store.height == 31 * 3
    # the file's row 天津市: ,105.0,104.9 (2020年3月 empty, 2月, 1月) — read here by hand
    row = next(
        ln for ln in offered.read_bytes().decode("gbk").splitlines() if ln.startswith("天津市,")
    )
    _, march, feb, jan = row.split(",")
    tj = store.filter(pl.col("region") == "120000").sort("period")
    assert tj.select("period", "value").rows() == [
        ("2020-01", float(jan)),
        ("2020-02", float(feb)),
        ("2020-03", None),
    ]
    assert march == ""
    assert set(store["indicator"]) == {"cpi_other_monthly"}
    # the same file again is already there: nothing changes
    again = _run(home, "data", "add", offered, "--yes")
    assert again.returncode == 0 and "nothing to add" in again.stdout
    assert len(yaml.safe_load(rules.read_text("utf-8"))["files"]) == 10
