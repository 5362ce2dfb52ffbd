"""Digital-economy accounts at 10 M, 100 M and 500 M firm-years: polars vs DuckDB vs pandas.

Each size is a partitioned synthetic register (``analytics accounts synth --partitioned``: one
Parquet file per province × year, labelled synthetic), written once under ``--root`` (default
``/tmp/accounts500``) and kept for the next run unless ``--clean``. Every side produces what
``analytics accounts build`` produces: (1) each row's GB/T 4754-2017 code classified through the
same concordance mapping (the shipped approximate one), value added, revenue and employees
(× coefficient) and firm-year rows summed by digital-economy class × region × year; (2) the rows
with codes outside GB/T 4754-2017. Each side runs in a fresh subprocess, so its peak RSS
(``VmHWM``) is its own; the load average (``/proc/loadavg``) is read before and after each run and
printed beside it, since the machine is shared. Results are compared across sides before any
figure is printed.

Sides:

- ``polars``: ``analytics.accounts.aggregate_register`` — what ``accounts build --firms DIR``
  runs: partition by partition, one streaming group-by by code for a one-region one-year
  partition, the sums added up at the end.
- ``duckdb``: the same job in SQL over all partitions at once (``read_parquet('DIR/*.parquet')``:
  join with the mapping, group by class × region × year; count by code).
- ``pandas``: on a sample of about 10 M rows at every size (the first partitions, in order, until
  10 M rows; all of the 10 M register) — a 100 M or 500 M frame does not fit in memory. Its
  figure is rows per second on the sample, and the ratio printed is one of throughputs; polars
  is run on the same sample to check the answers agree.
- ``pandas_preagg``, ``duckdb_preagg``: other plans (``--sides``), as in earlier measurements.

Run (once, late, on the shared machine):
``.venv/bin/python benchmarks/bench_accounts.py --sizes 10000000,100000000,500000000``
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
SIDES = ("polars", "duckdb", "pandas")
SAMPLE_ROWS = 10_000_000


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
    from analytics.accounts import aggregate_register, read_concordance

    conc = read_concordance()
    acc = aggregate_register(firms, conc)
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
    con.execute(_DUCKDB_SAME_PLAN, {"firms": str(firms / "*.parquet")})
    table = con.execute(_DUCKDB_CLASSES, {"mapping": str(mapping)}).to_arrow_table()
    bad = con.execute(_DUCKDB_BAD, {"mapping": str(mapping)}).fetchone()
    _write_arrow(table, result)
    return int(bad[0]) if bad else 0


def _side_duckdb(firms: Path, mapping: Path, result: Path) -> int:
    import duckdb

    con = duckdb.connect()
    params = {"firms": str(firms / "*.parquet"), "mapping": str(mapping)}
    table = con.execute(_DUCKDB_JOIN_FIRST, params).to_arrow_table()
    con.execute(_DUCKDB_BY_CODE, {"firms": params["firms"]})
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


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _register(root: Path, rows: int, seed: int) -> Path:
    from analytics.accounts import write_partitioned_register

    path = root / f"firms_{rows // 1_000_000}m_seed{seed}_synthetic"
    if not (path.exists() and any(path.glob("*.parquet"))):
        t0 = time.perf_counter()
        write_partitioned_register(path, rows=rows, seed=seed, workers=2)
        print(f"wrote {path} in {time.perf_counter() - t0:.0f} s (load {_load()})", flush=True)
    return path


def _sample(register: Path, out: Path) -> tuple[Path, int]:
    """A folder of links to the register's first partitions, about SAMPLE_ROWS rows in all."""
    from analytics.accounts import partition_rows, register_partitions

    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.parquet"):
        old.unlink()
    parts = register_partitions(register)
    rows = 0
    for part, n in zip(parts, partition_rows(parts), strict=True):
        (out / part.name).symlink_to(part)
        rows += n
        if rows >= SAMPLE_ROWS:
            break
    return out, rows


def _run(side: str, firms: Path, mapping: Path) -> tuple[dict[str, Any], Any]:
    import polars as pl

    result = OUT / f"result_{side}.parquet"
    before = _load()
    cmd = [
        sys.executable,
        __file__,
        "--side",
        side,
        "--firms",
        str(firms),
        "--mapping",
        str(mapping),
        "--result",
        str(result),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit(f"side {side} failed on {firms}:\n{proc.stderr}")
    fig = json.loads(proc.stdout.strip().splitlines()[-1]) | {"load": f"{before} → {_load()}"}
    frame = _normalise(pl.read_parquet(result))
    result.unlink()
    return fig, frame


def _size(rows: int, register: Path, mapping: Path, sides: list[str], repeat: int) -> None:
    from polars.testing import assert_frame_equal

    from analytics.accounts import partition_rows, register_partitions

    total = sum(partition_rows(register_partitions(register)))
    sample, sample_rows = _sample(register, OUT / "sample")
    runs: dict[str, list[dict[str, Any]]] = {side: [] for side in sides}
    frames: dict[str, Any] = {}
    for _ in range(repeat):  # round-robin: load from other processes spreads over all sides
        for side in sides:
            on = sample if side.startswith("pandas") else register
            fig, frames[side] = _run(side, on, mapping)
            runs[side].append(fig | {"rows": sample_rows if on == sample else total})
    full = [s for s in sides if not s.startswith("pandas")]
    for side in full[1:]:
        assert_frame_equal(frames[side], frames[full[0]], check_exact=False, rel_tol=1e-9)
        assert runs[side][-1]["bad"] == runs[full[0]][-1]["bad"], side
    if any(s.startswith("pandas") for s in sides):
        _, on_sample = _run("polars", sample, mapping)
        for side in (s for s in sides if s.startswith("pandas")):
            assert_frame_equal(frames[side], on_sample, check_exact=False, rel_tol=1e-9)
    _print(rows, total, runs)


def _print(rows: int, total: int, runs: dict[str, list[dict[str, Any]]]) -> None:
    print(f"\n{total:,} firm-year rows ({rows // 1_000_000} M register); all sides agree")
    print(
        f"{'side':<15}{'rows':>13}{'best s':>8}{'median s':>10}{'M rows/s':>10}{'CPU s':>8}"
        f"{'peak MB':>9}  load (1, 5, 15 min) before → after"
    )
    best = {}
    for side, rs in runs.items():
        fast = min(rs, key=lambda r: r["seconds"])
        best[side] = fast["rows"] / fast["seconds"]
        median = statistics.median(r["seconds"] for r in rs)
        print(
            f"{side:<15}{fast['rows']:>13,}{fast['seconds']:>8.2f}{median:>10.2f}"
            f"{best[side] / 1e6:>10.1f}{fast['cpu']:>8.2f}{max(r['peak_mb'] for r in rs):>9.0f}"
            f"  {fast['load']}"
        )
    if "polars" in best:
        for other, rate in best.items():
            if other != "polars":
                kind = "throughput, on a 10 M sample" if other.startswith("pandas") else "time"
                print(f"time polars/{other}: {rate / best['polars']:.2f} ({kind})")
        print("goal: polars ≤ 0.6× DuckDB's time at every size")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000000,100000000,500000000")
    parser.add_argument("--seed", type=int, default=500)
    parser.add_argument("--root", type=Path, default=Path("/tmp/accounts500"))
    parser.add_argument("--clean", action="store_true", help="delete the registers afterwards")
    parser.add_argument("--sides", default=",".join(SIDES))
    parser.add_argument("--repeat", type=int, default=1, help="fresh processes per side")
    parser.add_argument("--side", help=argparse.SUPPRESS)
    parser.add_argument("--firms", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--mapping", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        run_side(args.side, args.firms, args.mapping, args.result)
        return
    import shutil

    OUT.mkdir(exist_ok=True)
    mapping = OUT / "mapping_default.parquet"
    _write_mapping(mapping)
    try:
        for rows in (int(n) for n in args.sizes.split(",")):
            register = _register(args.root, rows, args.seed)
            try:
                _size(rows, register, mapping, args.sides.split(","), args.repeat)
            finally:
                if args.clean:
                    shutil.rmtree(register)
    finally:
        mapping.unlink(missing_ok=True)
        shutil.rmtree(OUT / "sample", ignore_errors=True)


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
