"""A seeded generator of synthetic firm registers, at any size.

Firm-year rows with heavy-tailed sizes (Pareto employment, lognormal productivity), industry
frequencies over the real GB/T 4754-2017 小类 (weighted by section toward the shares of
enterprises in Chinese economic censuses, with seeded noise within a section), the 31 provinces,
entry and exit over the years, and a small share of bad industry codes (``9999``, ``''``,
``ABCD``, ``0000``, ``99``) so the accounting of bad codes gets exercised.

Everything it makes is labelled synthetic: a ``synthetic`` column that is always true, Parquet
metadata ``analytics.synthetic = true``, and file names that must contain ``synthetic``.
Values are in 万元 (revenue, value added) and persons (employees). They are not estimates of
anything.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import polars as pl

from analytics.accounts.classification import read_gbt4754
from analytics.exceptions import AnalyticsError

__all__ = [
    "BAD_CODES",
    "PROVINCES",
    "generate_register",
    "region_rows",
    "write_partitioned_register",
    "write_synthetic_register",
]

PROVINCES: dict[str, float] = {
    # GB/T 2260 code: rough relative number of enterprises (weights, not data)
    "110000": 20,
    "120000": 6,
    "130000": 14,
    "140000": 6,
    "150000": 4,
    "210000": 7,
    "220000": 3,
    "230000": 3,
    "310000": 20,
    "320000": 40,
    "330000": 33,
    "340000": 15,
    "350000": 15,
    "360000": 8,
    "370000": 35,
    "410000": 20,
    "420000": 15,
    "430000": 12,
    "440000": 70,
    "450000": 7,
    "460000": 4,
    "500000": 8,
    "510000": 18,
    "520000": 6,
    "530000": 7,
    "540000": 0.5,
    "610000": 9,
    "620000": 3,
    "630000": 0.8,
    "640000": 1,
    "650000": 3,
}
"""The 31 provinces (GB/T 2260) with the relative weights the generator draws them by."""

BAD_CODES: tuple[str, ...] = ("9999", "", "ABCD", "0000", "99")
"""Bad industry codes the generator plants: unknown 4-digit, empty, letters, zeros, a non-code."""

_SECTION_SHARES: dict[str, float] = {
    "F": 0.30,
    "L": 0.12,
    "C": 0.13,
    "M": 0.08,
    "I": 0.06,
    "E": 0.07,
    "K": 0.05,
    "A": 0.03,
    "G": 0.03,
    "H": 0.02,
    "O": 0.02,
    "R": 0.02,
    "N": 0.01,
    "J": 0.01,
    "D": 0.01,
    "B": 0.005,
    "P": 0.01,
    "Q": 0.005,
    "S": 0.005,
    "T": 0.0001,
}


@lru_cache(maxsize=1)
def _industry_table() -> tuple[pl.Series, np.ndarray]:
    gbt = read_gbt4754().filter(pl.col("level") == 4).select("code", "section")
    rng = np.random.default_rng(4754)  # fixed: the frequencies are part of the generator
    section = gbt["section"].to_numpy()
    per_section = gbt.group_by("section").len()
    size = dict(zip(per_section["section"], per_section["len"], strict=True))
    noise = rng.lognormal(0.0, 1.0, gbt.height)
    weights = (
        np.array([_SECTION_SHARES.get(s, 0.001) / size[s] for s in section], dtype=np.float64)
        * noise
    )
    return gbt["code"], weights / weights.sum()


def _chunk(
    rng: np.random.Generator,
    rows: int,
    *,
    first_firm: int,
    years: tuple[int, int],
    bad_code_share: float,
    region: str | None = None,
) -> pl.DataFrame:
    """``rows`` firm-year rows for firms numbered from ``first_firm``; vectorised.

    ``region`` puts every firm in one province, rows ordered by year (the partitioned writer);
    otherwise provinces are drawn by :data:`PROVINCES`.
    """
    first, last = years
    span = last - first + 1
    codes, weights = _industry_table()
    regions = pl.Series(list(PROVINCES))
    region_p = np.array(list(PROVINCES.values()))
    region_p = region_p / region_p.sum()
    # enough firms for `rows` rows: about half are incumbents, exit hazard 15 % a year
    n_firms = max(int(rows / max(span * 0.45, 1.0)) + 16, 16)
    while True:
        entry = np.where(rng.random(n_firms) < 0.5, first, rng.integers(first, last + 1, n_firms))
        life = rng.geometric(0.15, n_firms)
        exit_year = np.minimum(entry + life - 1, last)
        per_firm = exit_year - entry + 1
        if per_firm.sum() >= rows:
            break
        n_firms *= 2
    ends = np.cumsum(per_firm)
    n_used = int(np.searchsorted(ends, rows) + 1)
    per_firm = per_firm[:n_used].copy()
    per_firm[-1] -= int(ends[n_used - 1] - rows)
    firm = np.repeat(np.arange(n_used), per_firm)
    starts = np.repeat(np.cumsum(per_firm) - per_firm, per_firm)
    age = np.arange(rows) - starts
    year = entry[:n_used][firm] + age
    # heavy tails: Pareto employment (alpha 1.2, min 1), lognormal productivity in 万元/person
    base_emp = (rng.pareto(1.2, n_used) + 1.0) * 2.0
    productivity = rng.lognormal(np.log(60.0), 0.8, n_used)
    va_ratio = rng.beta(2.0, 6.0, n_used)
    growth = np.exp(0.04 * age + rng.normal(0.0, 0.15, rows))
    employees = np.maximum(np.rint(base_emp[firm] * growth), 1.0)
    revenue = employees * productivity[firm] * np.exp(rng.normal(0.0, 0.1, rows))
    value_added = revenue * va_ratio[firm]
    # per firm, then repeated over its years: strings are made once a firm, not once a row
    industry = codes.gather(rng.choice(codes.len(), n_used, p=weights))
    bad = rng.random(n_used) < bad_code_share
    where = rng.choice(31, n_used, p=region_p) if region is None else None
    if bad.any():
        bad_pick = pl.Series(list(BAD_CODES)).gather(rng.integers(0, len(BAD_CODES), n_used))
        industry = pl.select(pl.when(pl.Series(bad)).then(bad_pick).otherwise(industry)).to_series()
    ids = pl.Series(first_firm + np.arange(n_used, dtype=np.int64)).cast(pl.Utf8).str.zfill(10)
    if region is not None:  # rows by year, so that the writer cuts a file per year by slicing
        order = np.argsort(year, kind="stable")
        firm, year, employees = firm[order], year[order], employees[order]
        revenue, value_added = revenue[order], value_added[order]
    return pl.DataFrame(
        {
            "firm_id": ("S" + ids).gather(firm),
            "region": (
                pl.repeat(region, rows, eager=True, dtype=pl.Utf8)
                if where is None
                else regions.gather(where[firm])
            ),
            "industry_code": industry.gather(firm),
            "year": year.astype(np.int32),
            "revenue": np.round(revenue, 2),
            "value_added": np.round(value_added, 2),
            "employees": employees.astype(np.int64),
            "synthetic": np.ones(rows, dtype=bool),
        }
    )


def generate_register(
    rows: int,
    *,
    seed: int,
    years: tuple[int, int] = (2019, 2023),
    bad_code_share: float = 0.005,
) -> pl.DataFrame:
    """Generate a synthetic firm register in memory.

    For tests and examples; use :func:`write_synthetic_register` for millions of rows.

    Parameters
    ----------
    rows
        Firm-year rows.
    seed
        Seed of the numpy generator: the same seed gives the same register.
    years
        First and last year, inclusive.
    bad_code_share
        Share of firms whose industry code is replaced by one of :data:`BAD_CODES`.

    Examples
    --------
    >>> reg = generate_register(1000, seed=7)
    >>> reg.height, reg["synthetic"].all(), reg["region"].n_unique() <= 31
    (1000, True, True)
    >>> reg.equals(generate_register(1000, seed=7))
    True
    """
    if rows < 1:
        raise AnalyticsError(f"rows must be at least 1, got {rows}")
    return _chunk(
        np.random.default_rng(seed), rows, first_firm=0, years=years, bad_code_share=bad_code_share
    )


def write_synthetic_register(
    path: Path | str,
    *,
    rows: int,
    seed: int,
    years: tuple[int, int] = (2019, 2023),
    bad_code_share: float = 0.005,
    chunk_rows: int = 2_000_000,
    row_group_rows: int = 262_144,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Write a synthetic register to Parquet in chunks, memory flat.

    Each chunk of ``chunk_rows`` is drawn in memory and written as row groups of
    ``row_group_rows`` (polars's default size: small groups keep streaming readers' memory low).

    The file name must contain ``synthetic``. Chunk ``i`` is drawn from the seed sequence
    ``(seed, i)``, so the file depends on ``rows``, ``seed`` and ``chunk_rows``.

    Parameters
    ----------
    path
        The Parquet file to write (zstd); its name must contain ``synthetic``. Parent folders
        are created; an existing file is overwritten.
    rows, seed, years, bad_code_share
        As for :func:`generate_register`: firm-year rows (at least 1), the numpy seed, first and
        last year inclusive (default 2019–2023), share of firms given a bad code (default 0.005).
    chunk_rows
        Rows drawn in memory at once (at least 1); default 2,000,000.
    row_group_rows
        Rows per Parquet row group; default 262,144.
    progress
        Called with (rows written, rows in all) after each chunk.

    Returns
    -------
    Path
        ``path``; its Parquet metadata carries ``analytics.synthetic = true`` and
        ``analytics.seed``.

    Raises
    ------
    AnalyticsError
        When the name lacks ``synthetic`` or ``rows`` or ``chunk_rows`` is below 1.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = write_synthetic_register(
    ...     pathlib.Path(tempfile.mkdtemp()) / "firms_synthetic.parquet", rows=500, seed=1,
    ...     chunk_rows=200,
    ... )
    >>> pl.scan_parquet(out).select(pl.len()).collect().item()
    500
    """
    import pyarrow.parquet as pq

    out = Path(path)
    if "synthetic" not in out.name:
        raise AnalyticsError(
            f"`{out.name}`: a synthetic register's file name must contain `synthetic` — "
            f"e.g. `{out.stem}_synthetic{out.suffix or '.parquet'}`"
        )
    if rows < 1 or chunk_rows < 1:
        raise AnalyticsError(f"rows and chunk_rows must be at least 1, got {rows}, {chunk_rows}")
    out.parent.mkdir(parents=True, exist_ok=True)
    writer: pq.ParquetWriter | None = None
    done, first_firm, index = 0, 0, 0
    try:
        while done < rows:
            n = min(chunk_rows, rows - done)
            rng = np.random.default_rng([seed, index])
            table = _chunk(
                rng, n, first_firm=first_firm, years=years, bad_code_share=bad_code_share
            )
            arrow = table.to_arrow()
            if writer is None:
                meta = {b"analytics.synthetic": b"true", b"analytics.seed": str(seed).encode()}
                arrow = arrow.replace_schema_metadata(meta)
                writer = pq.ParquetWriter(out, arrow.schema, compression="zstd")
            writer.write_table(arrow, row_group_size=min(n, row_group_rows))
            first_firm += n  # a chunk of n rows holds at most n firms: ids never collide
            done += n
            index += 1
            if progress is not None:
                progress(done, rows)
    finally:
        if writer is not None:
            writer.close()
    return out


def _check_synthetic_name(path: Path) -> None:
    if "synthetic" not in path.name:
        raise AnalyticsError(
            f"`{path.name}`: a synthetic register's name must contain `synthetic` — "
            f"e.g. `{path.stem}_synthetic{path.suffix}`"
        )


def region_rows(rows: int) -> dict[str, int]:
    """Split ``rows`` over the provinces by :data:`PROVINCES` (largest remainder, exact total).

    Parameters
    ----------
    rows
        Firm-year rows in all.

    Returns
    -------
    dict
        GB/T 2260 code → rows, in the order of :data:`PROVINCES`; provinces with none are left out.

    Examples
    --------
    >>> split = region_rows(1_000)
    >>> sum(split.values()), split["440000"], split["540000"]
    (1000, 169, 1)
    """
    weights = np.array(list(PROVINCES.values()), dtype=np.float64)
    quota = rows * weights / weights.sum()
    counts = np.floor(quota).astype(np.int64)
    left = rows - int(counts.sum())
    counts[np.argsort(-(quota - counts), kind="stable")[:left]] += 1
    return {r: int(n) for r, n in zip(PROVINCES, counts, strict=True) if n > 0}


_PARQUET: dict[str, object] = {
    "compression": "zstd",
    # dictionaries only where values repeat: trying one for ids and amounts costs ~40 % of a write
    "use_dictionary": ["region", "industry_code", "year", "synthetic"],
}


@dataclass(frozen=True)
class _Spec:
    seed: int
    years: tuple[int, int]
    bad_code_share: float
    chunk_rows: int
    row_group_rows: int


def _write_region(root: Path, index: int, region: str, rows: int, first: int, spec: _Spec) -> int:
    """One province's firm-years, one file per year (a worker process's task); returns rows.

    Chunk ``k`` of the province at ``index`` is drawn from the seed sequence
    ``(seed, index, k)``; firm ids start at ``first`` (the rows of the provinces before it).
    """
    import pyarrow.parquet as pq

    writers: dict[int, tuple[Path, pq.ParquetWriter]] = {}
    try:
        for k, done in enumerate(range(0, rows, spec.chunk_rows)):
            frame = _chunk(
                np.random.default_rng([spec.seed, index, k]),
                min(spec.chunk_rows, rows - done),
                first_firm=first + done,
                years=spec.years,
                bad_code_share=spec.bad_code_share,
                region=region,
            )
            years, counts = np.unique(frame["year"].to_numpy(), return_counts=True)
            for year, offset, count in zip(years, np.cumsum(counts) - counts, counts, strict=True):
                y, arrow = int(year), frame.slice(int(offset), int(count)).to_arrow()
                if y not in writers:
                    out = root / f"firms_{region}_{y}_synthetic.parquet"
                    meta = {"synthetic": "true", "seed": str(spec.seed), "region": region}
                    meta |= {"year": str(y), "generator": __name__}
                    arrow = arrow.replace_schema_metadata(
                        {f"analytics.{key}".encode(): v.encode() for key, v in meta.items()}
                    )
                    tmp = out.with_name(out.name + ".tmp")
                    writers[y] = (out, pq.ParquetWriter(tmp, arrow.schema, **_PARQUET))
                writers[y][1].write_table(arrow, row_group_size=spec.row_group_rows)
    finally:
        for _out, writer in writers.values():
            writer.close()
    for out, _writer in writers.values():
        out.with_name(out.name + ".tmp").replace(out)  # a partition appears whole or not at all
    return rows


def write_partitioned_register(
    root: Path | str,
    *,
    rows: int,
    seed: int,
    years: tuple[int, int] = (2019, 2023),
    bad_code_share: float = 0.005,
    chunk_rows: int = 2_000_000,
    row_group_rows: int = 262_144,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Write a synthetic register as a folder of Parquet partitions, one per province × year.

    Each province's rows (:func:`region_rows`) are drawn in chunks of ``chunk_rows`` and written
    to ``firms_<region>_<year>_synthetic.parquet``, every file labelled synthetic in its metadata
    (``analytics.synthetic = true``, the seed, region and year). Provinces are independent draws,
    so ``workers`` processes write them side by side and give the same files as one.

    Parameters
    ----------
    root
        The folder to create; its name must contain ``synthetic``, and it must hold no Parquet yet.
    rows, seed, years, bad_code_share
        As for :func:`generate_register`; the register depends on these and ``chunk_rows``.
    chunk_rows, row_group_rows
        Rows drawn at once (memory) and rows per Parquet row group.
    workers
        Processes writing provinces at once.
    progress
        Called with (rows written, rows in all) after each province.

    Returns
    -------
    Path
        ``root``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp()) / "firms_synthetic"
    >>> out = write_partitioned_register(root, rows=3_000, seed=1, years=(2022, 2023))
    >>> len(list(out.glob("*_synthetic.parquet")))
    62
    >>> pl.scan_parquet(out).select(pl.len()).collect().item()
    3000
    """
    out = Path(root)
    _check_synthetic_name(out)
    if rows < 1 or chunk_rows < 1 or workers < 1:
        raise AnalyticsError(
            f"rows, chunk_rows and workers must be at least 1, got {rows}, {chunk_rows}, {workers}"
        )
    if out.exists() and any(out.glob("*.parquet")):
        raise AnalyticsError(f"{out} already holds Parquet files (hint: remove it or pick another)")
    out.mkdir(parents=True, exist_ok=True)
    spec = _Spec(seed, years, bad_code_share, chunk_rows, row_group_rows)
    split = region_rows(rows)
    starts = np.cumsum([0, *split.values()])
    index = {r: list(PROVINCES).index(r) for r in split}
    tasks = [(out, index[r], r, n, int(starts[i]), spec) for i, (r, n) in enumerate(split.items())]
    tasks.sort(key=lambda t: -t[3])  # largest first: the last worker is not left with Guangdong
    done = 0
    if workers == 1:
        for task in tasks:
            done += _write_region(*task)
            if progress is not None:
                progress(done, rows)
        return out
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        for future in as_completed([pool.submit(_write_region, *t) for t in tasks]):
            done += future.result()
            if progress is not None:
                progress(done, rows)
    return out
