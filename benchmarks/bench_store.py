"""`analytics data build` on all shipped data: goal under 5 seconds.

Runs the build as a user does (the CLI in a fresh process, imports included) and in-process
(the import work alone), on a private copy of data/, three times each; prints the best.

    .venv/bin/python benchmarks/bench_store.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_S = 5.0


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        for sub in ("raw", "reference", "catalog"):
            shutil.copytree(ROOT / "data" / sub, data / sub)
        cli = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "analytics",
                    "data",
                    "build",
                    "--quiet",
                    "--data-dir",
                    str(data),
                ],
                check=True,
            )
            cli.append(time.perf_counter() - t0)
        from analytics.io import build_store

        inproc = []
        for _ in range(3):
            t0 = time.perf_counter()
            summary = build_store(data_dir=data)
            inproc.append(time.perf_counter() - t0)
    print(f"observations: {summary.observations}, sources: {summary.sources}")
    print(f"CLI `analytics data build` (fresh process): best {min(cli):.2f} s of {len(cli)}")
    print(f"build_store() in-process:                    best {min(inproc):.2f} s of {len(inproc)}")
    print(f"goal {GOAL_S:.0f} s → CLI uses {min(cli) / GOAL_S:.0%} of the budget")


if __name__ == "__main__":
    main()
