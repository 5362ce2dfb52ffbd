"""What the run history's safety on open costs: a checked open against a bare one.

Every writable open of ``reports/runs.sqlite`` takes the open lock, runs ``PRAGMA quick_check``,
checks the schema version and closes the rows of dead runners (``RunHistory(path)``); a read-only
open (``analytics runs``, ``schedule list``) runs the check too. The bare side is what opening cost
before: ``sqlite3.connect`` with the WAL pragmas and the ``CREATE TABLE IF NOT EXISTS`` script.
Both sides open the same file, in one process, alternately; the history holds ``--runs`` rows
(default 20,000: about 30 years of the monthly and annual jobs with their retries).

Run: ``.venv/bin/python benchmarks/bench_history_open.py [--runs 20000] [--repeat 15]``
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from analytics.runs._history_db import _V1
from analytics.runs.history import RunHistory


def _fill(path: Path, runs: int) -> None:
    RunHistory(path).close()
    params = json.dumps({"region": "120000", "period": "2024", "lang": "zh"})
    inputs = json.dumps({f"data/processed/part-{j}.parquet": "a" * 64 for j in range(10)})
    row = (
        "monthly",
        None,
        "fiveg",
        "120000",
        "2024",
        "zh",
        params,
        "f" * 64,
        inputs,
        "ok",
        1,
        1.0,
        2.0,
        "/srv/wb/reports/out/fiveg/120000/2024/.runs/zh-1-1",
        "/srv/wb/reports/out/fiveg/120000/2024/zh/report.html",
        "h",
        1,
        1.0,
    )
    with sqlite3.connect(path) as con:
        con.executemany(
            "INSERT INTO runs (job, slot, report, region, period, lang, parameters, fingerprint,"
            " inputs, status, attempts, started, finished, output_dir, html, host, pid,"
            " proc_start, run_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(*row, f"k{i}") for i in range(runs)],
        )


def _bare(path: Path) -> None:
    conn = sqlite3.connect(path, timeout=60, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 60000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.executescript(";\n".join(_V1))
    conn.close()


def _timed(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    """Time both sides and print the medians and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp()) / "runs.sqlite"
    _fill(path, args.runs)
    print(f"history: {args.runs} runs, {path.stat().st_size / 1e6:.1f} MB")
    bare = _timed(lambda: _bare(path), args.repeat)
    checked = _timed(lambda: RunHistory(path).close(), args.repeat)
    reading = _timed(lambda: RunHistory(path, readonly=True).close(), args.repeat)
    print(f"bare open (before):            {bare * 1000:7.1f} ms")
    print(f"checked writable open (now):   {checked * 1000:7.1f} ms  ({checked / bare:.1f}x)")
    print(f"checked read-only open (now):  {reading * 1000:7.1f} ms  ({reading / bare:.1f}x)")
    shutil.rmtree(path.parent)


if __name__ == "__main__":
    main()
