"""100 million firm-year rows through ``aggregate_firms``, streaming, without running out of memory.

Writes a synthetic register of ``--rows`` rows in chunks (memory flat) under benchmarks/out/
(gitignored), then classifies and aggregates it in a fresh subprocess and prints the wall time
and that process's peak RSS (``VmHWM``), beside the generator's. The register is deleted
afterwards unless ``--keep``. It needs about 1 GB of disk per 100 million rows; the script checks
free space first. The comparison side is the arithmetic: an in-memory frame of the six columns
used would take about 100M × (8 × 4 + two short strings) ≈ 5–6 GB before any group-by.

Run once, at the end, on a quiet machine: ``.venv/bin/python benchmarks/bench_accounts_100m.py``
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(path: Path, *, batch_rows: int) -> None:
    from analytics.accounts import aggregate_firms

    base = _peak_mb()
    start = time.perf_counter()
    if batch_rows:
        acc = aggregate_firms(path, progress=lambda _d, _t: None, batch_rows=batch_rows)
    else:
        acc = aggregate_firms(path)
    seconds = time.perf_counter() - start
    rows = int(acc.codes["rows"].sum())
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": _peak_mb(),
                "base_mb": base,
                "rows": rows,
                "cells": acc.table.height,
                "bad_rows": acc.bad_rows,
                "synthetic": acc.synthetic,
                "summary": acc.summary(),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000_000)
    parser.add_argument("--seed", type=int, default=100)
    parser.add_argument("--chunk-rows", type=int, default=2_000_000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--batch-rows", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, batch_rows=args.batch_rows)
        return

    from analytics.accounts import write_synthetic_register

    OUT.mkdir(exist_ok=True)
    free_gb = shutil.disk_usage(OUT).free / 2**30
    need_gb = args.rows / 100_000_000 * 1.2
    print(f"free disk under {OUT}: {free_gb:.1f} GiB (need about {need_gb:.1f} GiB)")
    if free_gb < need_gb + 2:
        raise SystemExit("not enough free disk; nothing written")
    path = OUT / f"firms_{args.rows}_seed{args.seed}_synthetic.parquet"
    try:
        start = time.perf_counter()
        write_synthetic_register(path, rows=args.rows, seed=args.seed, chunk_rows=args.chunk_rows)
        gen_s = time.perf_counter() - start
        size = path.stat().st_size / 2**30
        print(
            f"generated {args.rows:,} rows in {gen_s:.1f} s ({size:.2f} GiB on disk), "
            f"generator peak RSS {_peak_mb():.0f} MB (chunks of {args.chunk_rows:,})"
        )
        for label, batch in (("one streaming pass", 0), ("batches of 10M (CLI progress)", 10**7)):
            cmd = [sys.executable, __file__, "--child", str(path), "--batch-rows", str(batch)]
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if proc.returncode:
                raise SystemExit(f"aggregation failed ({label}):\n{proc.stderr}")
            fig = json.loads(proc.stdout.strip().splitlines()[-1])
            assert fig["rows"] == args.rows, fig["rows"]
            print(
                f"aggregate_firms, {label}: {fig['seconds']:.1f} s, "
                f"peak RSS {fig['peak_mb']:.0f} MB "
                f"({fig['base_mb']:.0f} MB after imports); {fig['rows']:,} rows accounted for, "
                f"{fig['cells']} class×region×year cells, {fig['bad_rows']:,} bad-code rows"
            )
        print(fig["summary"])
    finally:
        if not args.keep:
            path.unlink(missing_ok=True)
            print(f"deleted {path.name}")


if __name__ == "__main__":
    main()
