"""Monte Carlo uncertainty on the research panel: batched numpy vs a per-replication loop.

Both sides evaluate the same Saltelli design (10,000 runs over 31 provinces × 22 indicators ×
10 years; factors: normalisation ×4, aggregation ×2, weights ±25 %). The naive side loops in
Python over runs, calling the frame pipeline (``analytics.index.aggregate``) once per run; it is
run on the first ``--naive-rows`` runs only and extrapolated linearly to all runs (said so in the
output). The two sides' ranks are compared on the rows both computed.

Usage: .venv/bin/python benchmarks/bench_index_uncertainty.py [--n 10000] [--naive-rows 200]
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from analytics.config import catalog_dir
from analytics.index import load_framework, run_uncertainty, run_uncertainty_naive
from analytics.io.research import read_research_panel


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--naive-rows", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    obs = read_research_panel()
    fw = load_framework(catalog_dir() / "frameworks" / "dedi_handbook.yaml")
    print(
        f"cpu count {os.cpu_count()}; panel {obs['region'].n_unique()} regions × "
        f"{obs['indicator'].n_unique()} indicators × {obs['period'].n_unique()} years"
    )

    t0 = time.perf_counter()
    res = run_uncertainty(obs, fw, n=args.n, seed=args.seed)
    t_vec = time.perf_counter() - t0
    print(
        f"batched numpy : {res.n_runs} runs in {t_vec:.2f} s "
        f"({t_vec / res.n_runs * 1e3:.3f} ms/run)"
    )

    t0 = time.perf_counter()
    naive = run_uncertainty_naive(obs, fw, n=args.n, seed=args.seed, rows=args.naive_rows)
    t_naive = time.perf_counter() - t0
    per_run = t_naive / naive.shape[0]
    t_naive_all = per_run * res.n_runs
    print(
        f"naive loop    : {naive.shape[0]} runs in {t_naive:.2f} s ({per_run * 1e3:.1f} ms/run)"
        f" → extrapolated to {res.n_runs} runs: {t_naive_all:.0f} s (linear extrapolation, "
        "not measured)"
    )
    print(f"speed-up      : {t_naive_all / t_vec:.0f}×")
    same = np.array_equal(naive, res.samples[: naive.shape[0]])
    print(f"identical ranks on the {naive.shape[0]} shared runs: {same}")
    print(res.summary())


if __name__ == "__main__":
    main()
