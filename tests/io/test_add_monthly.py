"""``analytics data add`` of an NBS monthly export, in a temporary ANALYTICS_HOME.

The home is a copy of data/ without one real monthly export (分省月度数据 (8).csv, the CPI of
其他用品和服务, 31 provinces × 2020年1–3月) and its line in nbs_monthly.yaml; the test adds the
real file back and checks the store, the provenance line and the bytes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
import yaml

from tests._project_home import copy_data, run

ROOT = Path(__file__).resolve().parents[2]
NAME = "分省月度数据 (8).csv"


def test_a_monthly_export_comes_in_with_one_command(tmp_path: Path) -> None:
    home = tmp_path / "home"
    copy_data(home)
    (home / "data" / "raw" / "nbs_monthly" / NAME).unlink()
    rules = home / "data" / "catalog" / "nbs_monthly.yaml"
    kept = [
        ln
        for ln in rules.read_text("utf-8").splitlines(keepends=True)
        if not ln.startswith(f"  {NAME}:")
    ]
    rules.write_text("".join(kept), "utf-8")
    assert run(home, "data", "build").returncode == 0
    offered = ROOT / "data" / "raw" / "nbs_monthly" / NAME  # the project keeps the byte copy

    dry = run(home, "data", "add", offered)
    assert dry.returncode == 0, dry.stderr
    assert "cpi_other_monthly" in dry.stdout
    assert not (home / "data" / "raw" / "nbs_monthly" / NAME).exists()  # a dry run writes nothing

    done = run(home, "data", "add", offered, "--yes")
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
    again = run(home, "data", "add", offered, "--yes")
    assert again.returncode == 0 and "nothing to add" in again.stdout
    assert len(yaml.safe_load(rules.read_text("utf-8"))["files"]) == 10
