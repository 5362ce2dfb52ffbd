"""``analytics data add``: planning time, and the store build before and after an add (goal 2 s).

In one process, on a temporary copy of data/ without the internet portal panel (and its capture)
and without the 2024 NBS export: builds the store (best of three), plans adding the real files
back (best of three), applies the add once (copy + provenance + rebuild), then builds again (best
of three) and prints the build after/before ratio against the 2 s goal.

    .venv/bin/python benchmarks/bench_add.py
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PANEL = "分省互联网主要指标_多年期_面板数据.csv"
CAPTURE = "分省互联网主要指标_多年期_原始抓取.csv"
EXPORT = "分省年度数据2024.csv"
GOAL_S = 2.0


def _best(run: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return min(times)


def _home(tmp: Path) -> tuple[Path, list[Path]]:
    data = tmp / "data"
    for sub in ("raw", "reference", "catalog"):
        shutil.copytree(ROOT / "data" / sub, data / sub)
    offered = []
    for rel in (
        f"nbs_portal/panels/{PANEL}",
        f"nbs_portal/raw_json_captures/{CAPTURE}",
        f"nbs/{EXPORT}",
    ):
        moved = tmp / "incoming" / Path(rel).name
        moved.parent.mkdir(exist_ok=True)
        shutil.move(data / "raw" / rel, moved)
        offered.append(moved)
    rules = data / "catalog" / "nbs_files.yaml"
    text = rules.read_text("utf-8").replace(f"  {EXPORT}: {{}}\n", "")
    rules.write_text(text, "utf-8")
    return data, offered


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data, offered = _home(Path(tmp))
        os.environ["ANALYTICS_HOME"] = tmp
        from analytics.io import apply_add, build_store, plan_add

        before = _best(lambda: build_store(data_dir=data))
        plan = _best(lambda: plan_add(offered, data_dir=data))
        t0 = time.perf_counter()
        summary = apply_add(plan_add(offered, data_dir=data))
        applied = time.perf_counter() - t0
        after = _best(lambda: build_store(data_dir=data))
    assert summary is not None
    print(f"build_store() before the add:                 best {before:.3f} s")
    print(f"plan_add() of 1 panel + capture + 1 export:   best {plan:.3f} s")
    print(f"apply_add() (copy, provenance, rebuild):       {applied:.3f} s")
    print(f"build_store() after the add ({summary.observations} obs):  best {after:.3f} s")
    print(f"after/before {after / before:.2f}; goal {GOAL_S:.0f} s → {after / GOAL_S:.0%} used")


if __name__ == "__main__":
    main()
