"""Report run speed: in-process runs (the default) against Jupyter kernels, interleaved.

Both sides run in this one process, alternating round by round, so that a machine loaded by other
work loads both alike; each line prints the absolute times and the ratio.

1. ``single``: a cold ``analytics report run REPORT`` in a fresh shell process, ``--engine
   kernel`` against ``--engine auto`` (in-process), for every report. Goal: ≤ 3 s.
2. ``batch``: ``run_batch`` over reports × regions × zh + en, ``engine="kernel"`` (a cold kernel
   per run) and ``engine="auto"`` (the one local run path: each attempt a fork of the forkserver
   that preloaded the report code, cells in-process). Goal: ≤ 0.4 s of wall time per report.

    .venv/bin/python benchmarks/bench_engines.py                      # both, small
    .venv/bin/python benchmarks/bench_engines.py single --rounds 3
    .venv/bin/python benchmarks/bench_engines.py batch --regions 4 --rounds 2
    .venv/bin/python benchmarks/bench_engines.py batch --regions 31 --rounds 1 --sides auto
                                                   # the full matrix (31 × 4 × 2), fast side only
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analytics.config import project_root
from analytics.runs.registry import REPORTS
from analytics.runs.render import vega_bundle

BIN = Path(sys.executable).parent
SIDES = {"kernel": {"engine": "kernel"}, "auto": {"engine": "auto"}}


def _cpu() -> float:
    """CPU seconds (user + system) of this process and its finished children (kernels too)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _load() -> str:
    return f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"


def single(rounds: int) -> None:
    print(f"single cold `analytics report run` (zh, Tianjin), {rounds} round(s); {_load()}")
    times: dict[tuple[str, str], list[float]] = {}
    cpus: dict[str, list[float]] = {"kernel": [], "auto": []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(rounds):
            for report in REPORTS:
                for engine in ("kernel", "auto"):
                    cmd = [
                        str(BIN / "analytics"),
                        "report",
                        "run",
                        report,
                        "--engine",
                        engine,
                        "--out",
                        tmp,
                    ]
                    start, cpu = time.perf_counter(), _cpu()
                    subprocess.run(cmd, check=True, capture_output=True, cwd=project_root())
                    times.setdefault((report, engine), []).append(time.perf_counter() - start)
                    cpus[engine].append(_cpu() - cpu)
    for report in REPORTS:
        k = statistics.median(times[(report, "kernel")])
        a = statistics.median(times[(report, "auto")])
        print(f"  {report:16s} kernel {k:5.2f} s   in-process {a:5.2f} s   ratio {a / k:.2f}")
    k = statistics.median(t for (_, e), ts in times.items() if e == "kernel" for t in ts)
    a = statistics.median(t for (_, e), ts in times.items() if e == "auto" for t in ts)
    print(f"  median, all reports: kernel {k:5.2f} s, in-process {a:5.2f} s, ratio {a / k:.2f}")
    k, a = statistics.median(cpus["kernel"]), statistics.median(cpus["auto"])
    print(
        f"  median CPU (user+sys, kernel included): kernel {k:5.2f} s, in-process {a:5.2f} s, "
        f"ratio {a / k:.2f}"
    )
    print(f"  (goal: ≤ 3 s from a cold shell); {_load()}")


def _requests(n_regions: int) -> list[object]:
    from analytics.catalog import CHINA, plans_for, regions
    from analytics.runs.runner import RunRequest
    from analytics.runs.schedule import resolve_latest

    codes = [c for c in regions()["code"].to_list() if c != CHINA][:n_regions]
    reqs = []
    for report, spec in REPORTS.items():
        for code in codes:
            if report == "plan" and not plans_for(code):  # no plan on file: no scorecard
                continue
            period = resolve_latest(code, indicator=spec.headline, frequency=spec.frequency)
            reqs += [RunRequest(report, code, period, lang) for lang in ("zh", "en")]
    return reqs


def batch(n_regions: int, rounds: int, sides: list[str]) -> None:
    from analytics.runs.runner import run_batch

    reqs = _requests(n_regions)
    n = len(reqs)
    print(
        f"batch: {len(REPORTS)} reports × {n_regions} regions × zh+en = {n} runs (plan only "
        "where a plan is on file), "
        f"{os.cpu_count()} cores, {rounds} round(s), sides {', '.join(sides)}"
    )
    print(f"  {_load()}")
    walls: dict[str, list[float]] = {s: [] for s in sides}
    out = project_root() / "benchmarks" / "out" / "bench_engines"
    for r in range(rounds):
        for side in sides:
            shutil.rmtree(out / side, ignore_errors=True)
            start = time.perf_counter()
            summary = run_batch(
                reqs,
                out_root=out / side / "out",
                history=out / side / "runs.sqlite",
                **SIDES[side],  # type: ignore[arg-type]
            )
            wall = time.perf_counter() - start
            walls[side].append(wall)
            ok = summary.count("ok")
            print(
                f"  round {r + 1} {side:6s}: {wall:7.1f} s, {wall / n:5.2f} s per report, "
                f"{ok}/{n} ok; {_load()}"
            )
    base = statistics.median(walls[sides[0]])
    for side in sides:
        w = statistics.median(walls[side])
        print(
            f"  {side:6s} median {w:7.1f} s = {w / n:5.2f} s per report; "
            f"ratio to {sides[0]} {w / base:.2f}"
        )
    print("  (goal: ≤ 0.4 s of wall time per report; attempts are not our children, so their CPU")
    print("   time is not counted here: compare the load averages)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", nargs="?", choices=["single", "batch", "both"], default="both")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--regions", type=int, default=2)
    ap.add_argument("--sides", default="kernel,auto", help="comma-separated: " + ",".join(SIDES))
    args = ap.parse_args()
    vega_bundle()  # generated once per machine: never time it
    if args.what in ("single", "both"):
        single(args.rounds)
    if args.what in ("batch", "both"):
        batch(args.regions, args.rounds, [s for s in args.sides.split(",") if s])


if __name__ == "__main__":
    main()
