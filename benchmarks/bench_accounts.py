"""Firm microdata: classify and aggregate 10M firm-year rows — polars vs pandas vs DuckDB.

All sides read the same Parquet file (a synthetic register written by
``analytics.accounts.write_synthetic_register``) and produce what ``aggregate_firms`` produces:
(1) each row's GB/T 4754-2017 code classified through the same concordance mapping (the shipped
approximate one), value added, revenue and employees (× coefficient) and firm-year rows summed by
digital-economy class × region × year; (2) the account of codes — rows and sums by industry code
— from which the rows with codes outside GB/T 4754-2017 are counted. Each side runs in a fresh
subprocess, so its peak RSS (``VmHWM``) is its own. Results are compared across sides before any
figure is printed.

Sides:

- ``polars``: ``analytics.accounts.aggregate_firms`` (lazy scan; two streaming queries: sums by
  code, and a join with the code → class mapping summed by class × region × year).
- ``pandas``: the straightforward version — read the columns, ``groupby`` by code, merge with the
  mapping, multiply, ``groupby().sum()``.
- ``pandas_preagg``: pandas with polars's plan (group by code × region × year first), to show how
  much of the gap is the plan and how much the engine.
- ``duckdb``: the same plan as polars, in SQL (join, group by class; count by code).
- ``duckdb_preagg``: pre-aggregate by code × region × year into a temp table, then join.

Run: ``.venv/bin/python benchmarks/bench_accounts.py [--rows 10000000] [--repeat 3] [--keep]``
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"
SIDES = ("pandas", "pandas_preagg", "duckdb", "duckdb_preagg", "polars")


def _peak_mb() -> float:
    """Peak RSS of this process in MB.

    ``VmHWM`` (Linux) restarts at exec; ``ru_maxrss`` does not: a child started from a parent
    that had 900 MB reports at least 900 MB, so it is only the fallback.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _side_polars(firms: Path, mapping: Path, result: Path) -> int:
    from analytics.accounts import aggregate_firms, read_concordance

    conc = read_concordance()
    acc = aggregate_firms(firms, conc)
    acc.table.select(
        "de_code", "region", "year", "value_added", "revenue", "employees", "firms"
    ).write_parquet(result)
    return acc.bad_rows


def _side_pandas(firms: Path, mapping: Path, result: Path) -> int:
    import pandas as pd

    cols = ["industry_code", "region", "year", "revenue", "value_added", "employees"]
    df = pd.read_parquet(firms, columns=cols)
    m = pd.read_parquet(mapping)
    by_code = df.groupby("industry_code", dropna=False).agg(
        rows=("value_added", "size"),
        value_added=("value_added", "sum"),
        revenue=("revenue", "sum"),
        employees=("employees", "sum"),
    )
    bad = int(by_code.loc[~by_code.index.isin(set(m["industry_code"])), "rows"].sum())
    digital = m.dropna(subset=["de_code"])
    j = df.merge(digital, on="industry_code", how="inner")
    for v in ("value_added", "revenue", "employees"):
        j[v] = j[v] * j["coefficient"]
    out = (
        j.groupby(["de_code", "region", "year"], as_index=False)
        .agg(
            value_added=("value_added", "sum"),
            revenue=("revenue", "sum"),
            employees=("employees", "sum"),
            firms=("industry_code", "size"),
        )
        .sort_values(["de_code", "region", "year"])
    )
    out.to_parquet(result, index=False)
    return bad


def _side_pandas_preagg(firms: Path, mapping: Path, result: Path) -> int:
    import pandas as pd

    cols = ["industry_code", "region", "year", "revenue", "value_added", "employees"]
    df = pd.read_parquet(firms, columns=cols)
    pre = df.groupby(["industry_code", "region", "year"], as_index=False, dropna=False).agg(
        value_added=("value_added", "sum"),
        revenue=("revenue", "sum"),
        employees=("employees", "sum"),
        rows=("value_added", "size"),
    )
    del df
    m = pd.read_parquet(mapping)
    bad = int(pre.loc[~pre["industry_code"].isin(set(m["industry_code"])), "rows"].sum())
    j = pre.merge(m.dropna(subset=["de_code"]), on="industry_code", how="inner")
    for v in ("value_added", "revenue", "employees"):
        j[v] = j[v] * j["coefficient"]
    out = (
        j.groupby(["de_code", "region", "year"], as_index=False)
        .agg(
            value_added=("value_added", "sum"),
            revenue=("revenue", "sum"),
            employees=("employees", "sum"),
            firms=("rows", "sum"),
        )
        .sort_values(["de_code", "region", "year"])
    )
    out.to_parquet(result, index=False)
    return bad


_DUCKDB_SAME_PLAN = """
CREATE TEMP TABLE pre AS
SELECT industry_code, region, year, count(*) AS n,
       sum(value_added) AS value_added, sum(revenue) AS revenue, sum(employees) AS employees
FROM read_parquet($firms) GROUP BY ALL;
"""
_DUCKDB_CLASSES = """
SELECT m.de_code, p.region, p.year,
       sum(p.value_added * m.coefficient) AS value_added,
       sum(p.revenue * m.coefficient) AS revenue,
       sum(p.employees * m.coefficient) AS employees,
       sum(p.n) AS firms
FROM pre p JOIN read_parquet($mapping) m USING (industry_code)
WHERE m.de_code IS NOT NULL
GROUP BY ALL ORDER BY ALL
"""
_DUCKDB_BAD = """
SELECT coalesce(sum(p.n), 0) FROM pre p
WHERE p.industry_code IS NULL
   OR p.industry_code NOT IN (SELECT industry_code FROM read_parquet($mapping))
"""
_DUCKDB_JOIN_FIRST = """
SELECT m.de_code, f.region, f.year,
       sum(f.value_added * m.coefficient) AS value_added,
       sum(f.revenue * m.coefficient) AS revenue,
       sum(f.employees * m.coefficient) AS employees,
       count(*) AS firms
FROM read_parquet($firms) f JOIN read_parquet($mapping) m USING (industry_code)
WHERE m.de_code IS NOT NULL
GROUP BY ALL ORDER BY ALL
"""
_DUCKDB_BY_CODE = """
CREATE TEMP TABLE by_code AS
SELECT industry_code, count(*) AS n,
       sum(value_added) AS value_added, sum(revenue) AS revenue, sum(employees) AS employees
FROM read_parquet($firms) GROUP BY industry_code;
"""
_DUCKDB_BY_CODE_BAD = """
SELECT coalesce(sum(n), 0) FROM by_code c
WHERE c.industry_code IS NULL
   OR c.industry_code NOT IN (SELECT industry_code FROM read_parquet($mapping))
"""


def _side_duckdb_preagg(firms: Path, mapping: Path, result: Path) -> int:
    import duckdb

    con = duckdb.connect()
    con.execute(_DUCKDB_SAME_PLAN, {"firms": str(firms)})
    table = con.execute(_DUCKDB_CLASSES, {"mapping": str(mapping)}).to_arrow_table()
    bad = con.execute(_DUCKDB_BAD, {"mapping": str(mapping)}).fetchone()
    _write_arrow(table, result)
    return int(bad[0]) if bad else 0


def _side_duckdb(firms: Path, mapping: Path, result: Path) -> int:
    import duckdb

    con = duckdb.connect()
    params = {"firms": str(firms), "mapping": str(mapping)}
    table = con.execute(_DUCKDB_JOIN_FIRST, params).to_arrow_table()
    con.execute(_DUCKDB_BY_CODE, {"firms": str(firms)})
    bad = con.execute(_DUCKDB_BY_CODE_BAD, {"mapping": str(mapping)}).fetchone()
    _write_arrow(table, result)
    return int(bad[0]) if bad else 0


def _write_arrow(table: object, result: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if isinstance(table, pa.RecordBatchReader):
        table = table.read_all()
    assert isinstance(table, pa.Table)
    pq.write_table(table, result)


def run_side(side: str, firms: Path, mapping: Path, result: Path) -> None:
    """Child process: run one side, print one JSON line."""
    import polars  # noqa: F401  (import cost outside the timing for every side alike)

    fn = {
        "polars": _side_polars,
        "pandas": _side_pandas,
        "pandas_preagg": _side_pandas_preagg,
        "duckdb": _side_duckdb,
        "duckdb_preagg": _side_duckdb_preagg,
    }[side]
    if side.startswith("pandas"):
        import pandas  # noqa: F401
    if side.startswith("duckdb"):
        import duckdb  # noqa: F401
    if side == "polars":
        import analytics.accounts  # noqa: F401
    base = _peak_mb()
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    bad = fn(firms, mapping, result)
    seconds = time.perf_counter() - start
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    fig = {"side": side, "seconds": seconds, "cpu": cpu, "peak_mb": _peak_mb(), "base_mb": base}
    print(json.dumps(fig | {"bad": bad}))


def _write_mapping(path: Path) -> None:
    """Code → class mapping (pandas, SQL): every GB/T 小类; de_code null if not digital."""
    import polars as pl

    from analytics.accounts import read_concordance, read_gbt4754
    from analytics.accounts._resolve import mapping_at_level, resolve_codes

    classes = read_gbt4754().filter(pl.col("level") == 4)["code"]
    mapped = mapping_at_level(resolve_codes(classes, read_concordance()), level="major")
    pl.DataFrame({"industry_code": classes}).join(mapped, on="industry_code", how="left").select(
        "industry_code", "de_code", "coefficient"
    ).write_parquet(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=20231)
    parser.add_argument("--keep", action="store_true", help="keep the register in benchmarks/out/")
    parser.add_argument("--sides", default=",".join(SIDES))
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per side")
    parser.add_argument("--side", help=argparse.SUPPRESS)
    parser.add_argument("--firms", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--mapping", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        run_side(args.side, args.firms, args.mapping, args.result)
        return

    import polars as pl
    from polars.testing import assert_frame_equal

    from analytics.accounts import write_synthetic_register

    OUT.mkdir(exist_ok=True)
    firms = OUT / f"firms_{args.rows}_seed{args.seed}_synthetic.parquet"
    mapping = OUT / "mapping_default.parquet"
    if not firms.exists():
        t0 = time.perf_counter()
        write_synthetic_register(firms, rows=args.rows, seed=args.seed)
        size = firms.stat().st_size / 2**20
        print(f"wrote {firms.name} ({size:.0f} MiB) in {time.perf_counter() - t0:.1f} s")
    _write_mapping(mapping)
    runs: dict[str, list[dict[str, float]]] = {side: [] for side in args.sides.split(",")}
    results: dict[str, pl.DataFrame] = {}
    try:
        # round-robin, so that load from other processes on the machine spreads over all sides
        for _ in range(args.repeat):
            for side in runs:
                result = OUT / f"result_{side}.parquet"
                cmd = [sys.executable, __file__, "--side", side, "--firms", str(firms),
                       "--mapping", str(mapping), "--result", str(result)]  # fmt: skip
                proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
                if proc.returncode:
                    raise SystemExit(f"side {side} failed:\n{proc.stderr}")
                runs[side].append(json.loads(proc.stdout.strip().splitlines()[-1]))
                results[side] = _normalise(pl.read_parquet(result))
                result.unlink()
        # every side must give the same answer before any timing means anything
        ref_side = next(iter(results))
        for side, frame in results.items():
            assert_frame_equal(frame, results[ref_side], check_exact=False, rel_tol=1e-9)
            assert runs[side][-1]["bad"] == runs[ref_side][-1]["bad"], side
    finally:
        if not args.keep:
            firms.unlink(missing_ok=True)
        mapping.unlink(missing_ok=True)

    figures = {
        side: {
            "best": min(r["seconds"] for r in rs),
            "median": statistics.median(r["seconds"] for r in rs),
            "cpu": min(r["cpu"] for r in rs),
            "peak_mb": max(r["peak_mb"] for r in rs),
            "base_mb": max(r["base_mb"] for r in rs),
        }
        for side, rs in runs.items()
    }
    print(f"\n{args.rows:,} firm-year rows; {results[ref_side].height} class×region×year cells; "
          f"{runs[ref_side][-1]['bad']:,} rows with bad codes; all sides agree; "
          f"{args.repeat} fresh processes per side")  # fmt: skip
    print(f"{'side':<20}{'best s':>8}{'median s':>10}{'CPU s':>8}{'peak RSS MB':>13}"
          f"{'after imports':>15}")  # fmt: skip
    for side, fig in figures.items():
        print(f"{side:<20}{fig['best']:>8.2f}{fig['median']:>10.2f}{fig['cpu']:>8.2f}"
              f"{fig['peak_mb']:>13.0f}{fig['base_mb']:>15.0f}")  # fmt: skip
    print("(wall time: best and median of the runs; CPU s: least user+system time of the runs)")
    if "polars" in figures:
        pol = figures["polars"]
        print()
        for other, f in figures.items():
            if other == "polars":
                continue
            print(
                f"polars vs {other:<14} speed-up (best) {f['best'] / pol['best']:5.2f}×, "
                f"(median) {f['median'] / pol['median']:5.2f}×; "
                f"time polars/{other} {pol['best'] / f['best']:.2f}; "
                f"peak RSS polars/{other} {pol['peak_mb'] / f['peak_mb']:.2f}"
            )
        print("goals: ≥5× faster than pandas; time ≤ 1.5× DuckDB's; peak RSS ≤ 0.5× pandas'")


def _normalise(frame: Any) -> Any:
    import polars as pl

    return frame.select(
        pl.col("de_code").cast(pl.Utf8),
        pl.col("region").cast(pl.Utf8),
        pl.col("year").cast(pl.Int32),
        pl.col("value_added", "revenue", "employees").cast(pl.Float64),
        pl.col("firms").cast(pl.Int64),
    ).sort("de_code", "region", "year")


if __name__ == "__main__":
    main()
