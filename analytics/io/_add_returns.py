"""``analytics data add`` for a department's return: where it goes and what it adds.

The workbook is checked by :func:`analytics.io.returns.read_return` (refused at its cell), then
planned like every other format: copied byte for byte into ``data/raw/returns``, recorded with its
plan, date received, sha256 and departments in ``data/catalog/returns_files.yaml``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from analytics.catalog import load_plan
from analytics.exceptions import AnalyticsError
from analytics.io._add_map import ColumnMap
from analytics.io._add_plan import FilePlan
from analytics.io._schema import OBS_SCHEMA
from analytics.io.returns import read_return

__all__ = ["plan_return"]


def plan_return(path: Path, data: Path, taken: set[str], today: dt.date) -> FilePlan:
    """The plan for adding one return (nothing written)."""
    got = read_return(path, today=today)
    plan = load_plan(got.plan)
    dest = data / "raw" / "returns" / path.name
    if dest.exists() or str(dest) in taken:
        dest = data / "raw" / "returns" / today.isoformat() / path.name
    if dest.exists():
        raise AnalyticsError(f"{dest} exists already — rename the return")
    rows = got.rows
    units = {i.id: i.unit for i in plan.indicators}
    columns = [
        ColumnMap(
            r["target_id"],
            r["row"],
            6,
            r["target_id"],
            "level",
            units.get(r["target_id"]),
            f"reported by {r['department']}",
        )
        for r in rows.iter_rows(named=True)
    ]
    obs = rows.select(
        pl.col("target_id").alias("indicator"),
        pl.lit(plan.region).alias("region"),
        "period",
        pl.lit("stated").alias("period_basis"),
        pl.col("received").alias("published"),
        "value",
        pl.col("target_id").replace_strict(units, default="").alias("unit"),
        pl.lit("level").alias("measure"),
        pl.lit("none").alias("price_basis"),
        pl.lit("ok").alias("status"),
        pl.lit("reported").alias("vintage"),
        pl.format("raw/returns/{}:{}", pl.lit(path.name), pl.col("row")).alias("source"),
        pl.lit(None, pl.Utf8).alias("qualifier"),
    ).cast(OBS_SCHEMA)  # type: ignore[arg-type]
    entry = {
        "file": dest.relative_to(data / "raw" / "returns").as_posix(),
        "plan": got.plan,
        "received": today.isoformat(),
        "sha256": got.sha256,
        "departments": sorted(set(rows["department"])),
    }
    return FilePlan(
        path, "plan_return", got.sha256, dest, columns, obs, "reported", "reported", entry
    )
