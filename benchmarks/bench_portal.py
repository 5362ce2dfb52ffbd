"""The NBS portal importer (with its JSON cross-check) and the anomaly pass: budget 2 s in all.

Times, in one process and best of three: reading all four portal panels (each cell checked
against its raw JSON capture), flagging breaks on the whole store, and the full store build
(which imports the portal panels and writes the anomalies table); prints each and the build
against the 2 s goal.

    .venv/bin/python benchmarks/bench_portal.py
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

from analytics.io import build_store
from analytics.io.anomalies import flag_store
from analytics.io.portal import PORTAL_DIR, read_portal_panel

ROOT = Path(__file__).resolve().parent.parent
GOAL_S = 2.0


def _best(run: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    panels = sorted((PORTAL_DIR / "panels").glob("*.csv"))
    portal = _best(lambda: [read_portal_panel(p) for p in panels])
    cells = sum(read_portal_panel(p).height for p in panels)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        for sub in ("raw", "reference", "catalog"):
            shutil.copytree(ROOT / "data" / sub, data / sub)
        build = _best(lambda: build_store(data_dir=data))
        obs = pl.read_parquet(data / "processed" / "observations.parquet")
    flags = _best(lambda: flag_store(obs))
    print(f"portal panels read + JSON cross-check ({cells} cells): best {portal:.3f} s")
    print(f"flag_store on {obs.height} observations:             best {flags:.3f} s")
    print(f"build_store() (includes both):                      best {build:.3f} s")
    print(f"goal {GOAL_S:.0f} s → the build uses {build / GOAL_S:.0%} of the budget")


if __name__ == "__main__":
    main()
