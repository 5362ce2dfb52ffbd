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
from functools import lru_cache
from pathlib import Path

import numpy as np
import polars as pl

from analytics.accounts.classification import read_gbt4754
from analytics.exceptions import AnalyticsError

__all__ = [
    "BAD_CODES",
    "PROVINCES",
    "generate_register",
    "write_synthetic_register",
]

PROVINCES: dict[str, float] = {
    # GB/T 2260 code: rough relative number of enterprises (weights, not data)
    "110000": 20, "120000": 6, "130000": 14, "140000": 6, "150000": 4, "210000": 7,
    "220000": 3, "230000": 3, "310000": 20, "320000": 40, "330000": 33, "340000": 15,
    "350000": 15, "360000": 8, "370000": 35, "410000": 20, "420000": 15, "430000": 12,
    "440000": 70, "450000": 7, "460000": 4, "500000": 8, "510000": 18, "520000": 6,
    "530000": 7, "540000": 0.5, "610000": 9, "620000": 3, "630000": 0.8, "640000": 1,
    "650000": 3,
}  # fmt: skip
"""The 31 provinces (GB/T 2260) with the relative weights the generator draws them by."""

BAD_CODES: tuple[str, ...] = ("9999", "", "ABCD", "0000", "99")
"""Bad industry codes the generator plants: unknown 4-digit, empty, letters, zeros, a non-code."""

_SECTION_SHARES: dict[str, float] = {
    "F": 0.30, "L": 0.12, "C": 0.13, "M": 0.08, "I": 0.06, "E": 0.07, "K": 0.05, "A": 0.03,
    "G": 0.03, "H": 0.02, "O": 0.02, "R": 0.02, "N": 0.01, "J": 0.01, "D": 0.01, "B": 0.005,
    "P": 0.01, "Q": 0.005, "S": 0.005, "T": 0.0001,
}  # fmt: skip


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
) -> pl.DataFrame:
    """``rows`` firm-year rows for firms numbered from ``first_firm``; vectorised."""
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
    industry = codes.gather(rng.choice(codes.len(), n_used, p=weights)[firm])
    bad = rng.random(n_used) < bad_code_share
    frame = pl.DataFrame(
        {
            "firm_id": (first_firm + firm).astype(np.int64),
            "region": regions.gather(rng.choice(31, n_used, p=region_p)[firm]),
            "industry_code": industry,
            "year": year.astype(np.int32),
            "revenue": np.round(revenue, 2),
            "value_added": np.round(value_added, 2),
            "employees": employees.astype(np.int64),
        }
    )
    if bad.any():
        bad_pick = pl.Series(list(BAD_CODES)).gather(rng.integers(0, len(BAD_CODES), n_used)[firm])
        frame = frame.with_columns(
            pl.when(pl.Series(bad[firm]))
            .then(bad_pick)
            .otherwise(pl.col("industry_code"))
            .alias("industry_code")
        )
    return frame.with_columns(
        pl.format("S{}", pl.col("firm_id").cast(pl.Utf8).str.zfill(10)).alias("firm_id"),
        pl.lit(True).alias("synthetic"),
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
