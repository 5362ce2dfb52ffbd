"""Batch runner vs a plain serial loop of `papermill` + `jupyter nbconvert` CLI commands.

Same batch on both sides: every report × 8 regions × one language (24 runs). Then the same batch
again with nothing changed (every run skipped by the incremental check).

    .venv/bin/python benchmarks/bench_batch.py            # the real reports (registry)
    .venv/bin/python benchmarks/bench_batch.py --tiny     # tiny test notebooks instead
    .venv/bin/python benchmarks/bench_batch.py --regions 2  # a smaller batch while developing
    .venv/bin/python benchmarks/bench_batch.py --regions 31 --lang zh --lang en --skip-serial
                                                            # the full matrix (31 provinces)
    .venv/bin/python benchmarks/bench_batch.py --cold       # a Jupyter kernel per run

Goals (issue 7): runner ≤ 0.4 × the serial loop; second run < 5 % of the first.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from analytics.config import project_root
from analytics.runs.runner import RunRequest, run_batch

REGIONS = ["120000", "110000", "310000", "500000", "130000", "320000", "330000", "440000"]
BIN = Path(sys.executable).parent
OUT = project_root() / "benchmarks" / "out" / "bench_batch"


@dataclass(frozen=True)
class TinySpec:
    name: str
    notebook: Path
    inputs: tuple[str, ...] = ()


def _regions(n: int) -> list[str]:
    """The first ``n`` regions: the eight above, then the other provinces in catalog order."""
    from analytics.catalog import CHINA, regions

    rest = [c for c in regions()["code"].to_list() if c != CHINA and c not in REGIONS]
    return [*REGIONS, *rest][:n]


def _specs(tiny: bool) -> tuple[dict[str, object], bool]:
    if not tiny:
        try:
            from analytics.runs.registry import REPORTS

            return dict(REPORTS), True
        except ImportError:
            print("the report registry is missing: using the tiny test notebooks")
    nb = project_root() / "tests" / "data" / "notebooks" / "ok.ipynb"
    names = ("industry", "fiveg", "digital_economy")
    return {n: TinySpec(n, nb) for n in names}, False


Periods = dict[tuple[str, str], str]


def _periods(specs: dict[str, object], regions: list[str], real: bool) -> Periods:
    """Each (report, region)'s own latest edition (a report's frequency and headline); pairs
    without one (a province with no plan on file, a report without data there) are left out."""
    if not real:
        return {(name, region): "2023" for name in specs for region in regions}
    from analytics.runs._editions import resolve_latest

    out: Periods = {}
    for name, spec in specs.items():
        for region in regions:
            try:
                out[(name, region)] = resolve_latest(
                    region,
                    indicator=getattr(spec, "headline", None) or None,
                    frequency=getattr(spec, "frequency", "A"),
                )
            except Exception as err:  # no edition for this pair: not a run of the batch
                print(f"   left out {name} {region}: {str(err).splitlines()[0]}")
    return out


def serial_cli(specs: dict[str, object], periods: Periods, kernel: str) -> float:
    out = OUT / "serial"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    start = time.perf_counter()
    for (name, region), period in periods.items():
        spec = specs[name]
        executed = out / f"{name}-{region}.ipynb"
        params = ["-r", "region", region, "-r", "period", period, "-r", "lang", "zh"]
        subprocess.run(
            [
                str(BIN / "papermill"),
                str(spec.notebook),
                str(executed),
                *params,  # type: ignore[attr-defined]
                "-k",
                kernel,
                "--cwd",
                str(out),
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - start


def runner(
    specs: dict[str, object],
    periods: Periods,
    kernel: str,
    real: bool,
    cold: bool,
    langs: list[str],
) -> tuple[float, float, int, int]:
    out = OUT / "runner"
    shutil.rmtree(out, ignore_errors=True)
    reqs = [RunRequest(n, r, p, lg) for (n, r), p in periods.items() for lg in langs]
    kw = {
        "reports": None if real else specs,
        "out_root": out / "out",
        "history": out / "runs.sqlite",
        "kernel_name": kernel,
        "engine": "kernel" if cold else "auto",
    }
    first = run_batch(reqs, **kw)  # type: ignore[arg-type]
    second = run_batch(reqs, **kw)  # type: ignore[arg-type]
    for line in first.lines()[:6]:
        print("   ", line)
    return first.wall, second.wall, first.count("ok"), second.count("skipped")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tiny", action="store_true", help="use the tiny test notebooks")
    ap.add_argument("--regions", type=int, default=8)
    ap.add_argument("--kernel", default="analytics")
    ap.add_argument("--skip-serial", action="store_true")
    ap.add_argument("--cold", action="store_true", help="a Jupyter kernel per run")
    ap.add_argument("--lang", action="append", choices=["zh", "en"], help="repeatable (zh)")
    args = ap.parse_args()
    specs, real = _specs(args.tiny)
    regions = _regions(args.regions)
    langs = args.lang or ["zh"]
    periods = _periods(specs, regions, real)
    n = len(periods) * len(langs)
    what = "real reports" if real else "tiny notebooks"
    print(f"batch: {len(specs)} {what} × {len(regions)} regions × {'+'.join(langs)} = {n} runs,")
    print(
        f"       each report's own latest period ({len(periods)} report × region pairs), "
        f"{os.cpu_count()} cores, kernel {args.kernel}, "
        f"engine: {'kernel' if args.cold else 'auto'}"
    )
    first, second, n_ok, n_skip = runner(specs, periods, args.kernel, real, args.cold, langs)
    print(f"runner, first run      : {first:7.1f} s  ({n_ok}/{n} ok, {first / n:.2f} s per report)")
    print(f"runner, nothing changed: {second:7.2f} s  ({n_skip}/{n} skipped)")
    print(f"  second / first       : {second / first:7.3f}   (goal < 0.05)")
    if not args.skip_serial:
        serial = serial_cli(specs, periods, args.kernel)
        print(f"serial papermill + nbconvert CLI loop: {serial:7.1f} s")
        print(f"  runner / serial      : {first / serial:7.3f}   (goal <= 0.4)")


if __name__ == "__main__":
    main()
