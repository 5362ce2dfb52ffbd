"""Accounts from a partitioned register, partition by partition: in this process or on Dask.

A register at national scale — hundreds of millions of firm-years — is kept as a folder of
Parquet partitions (the generator writes one per province × year). Each partition is reduced to
two small frames of sums (:mod:`analytics.accounts._partial`): by industry code, and by class ×
region × year. The sums are then added up in partition order and finished into
:class:`~analytics.accounts.FirmAccounts` exactly as :func:`~analytics.accounts.aggregate_firms`
finishes one file's. Memory is that of one partition's streaming query; the same partials,
computed on Dask workers (``client``), give the same tables.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from analytics.accounts._partial import Partial, partial_sums
from analytics.accounts._resolve import DeLevel
from analytics.accounts.aggregate import (
    FirmAccounts,
    _accounts_from_sums,
    _full_mapping,
    _sum_parts,
)
from analytics.accounts.concordance import Concordance, read_concordance
from analytics.exceptions import AnalyticsError, DataValidationError, Problem

__all__ = ["aggregate_register", "partition_rows", "register_partitions"]

_MAX_PROBLEMS = 50


def register_partitions(source: Path | str) -> list[Path]:
    """The Parquet partitions of a register: a folder's ``*.parquet`` files (sorted), or a file.

    Parameters
    ----------
    source
        A folder (searched recursively; files being written, ``*.tmp``, are not partitions) or
        one Parquet file.

    Returns
    -------
    list of Path
        The partitions, in the order their sums are added.

    Raises
    ------
    DataValidationError
        When ``source`` does not exist or is a folder without Parquet files.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from analytics.accounts import write_partitioned_register
    >>> root = write_partitioned_register(
    ...     pathlib.Path(tempfile.mkdtemp()) / "r_synthetic", rows=500, seed=1, years=(2023, 2023))
    >>> [p.name for p in register_partitions(root)][:2]
    ['firms_110000_2023_synthetic.parquet', 'firms_120000_2023_synthetic.parquet']
    """
    path = Path(source)
    if path.is_dir():
        parts = sorted(p for p in path.rglob("*.parquet") if p.is_file())
        if not parts:
            hint = "write one with `analytics accounts synth --partitioned`, or give a file"
            raise DataValidationError([Problem(path, 0, 0, "no Parquet partitions here", hint)])
        return parts
    if not path.exists():
        raise DataValidationError(
            [Problem(path, 0, 0, "firm register not found", "check the path")]
        )
    return [path]


def partition_rows(parts: list[Path]) -> list[int]:
    """Rows of each partition, from the Parquet footers (no data read).

    Parameters
    ----------
    parts
        Parquet files (:func:`register_partitions`).

    Returns
    -------
    list of int
        Rows of each, in the same order.

    Raises
    ------
    DataValidationError
        Naming every file whose footer cannot be read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "f.parquet"
    >>> pl.DataFrame({"a": [1, 2, 3]}).write_parquet(p)
    >>> partition_rows([p])
    [3]
    """
    import pyarrow.parquet as pq

    rows, problems = [], []
    for part in parts:
        try:
            rows.append(pq.read_metadata(part).num_rows)
        except (OSError, ValueError) as err:  # ArrowInvalid is a ValueError
            reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            problems.append(Problem(part, 1, 1, f"cannot read the partition: {reason}", ""))
    if problems:
        raise DataValidationError(problems)
    return rows


def _local(
    parts: list[Path], sizes: list[int], args: tuple[pl.DataFrame, frozenset[str]], report: Any
) -> list[Partial]:
    out = []
    for part, size in zip(parts, sizes, strict=True):
        out.append(partial_sums(part, *args))
        report(size)
    return out


def _on_dask(
    client: Any,
    parts: list[Path],
    sizes: list[int],
    args: tuple[pl.DataFrame, frozenset[str]],
    report: Any,
) -> list[Partial]:
    """One task a partition; results gathered in partition order, progress as they finish."""
    from distributed import as_completed

    mapping = client.scatter(args[0], broadcast=True)
    futures = [
        client.submit(partial_sums, str(p.resolve()), mapping, args[1], pure=False) for p in parts
    ]
    size = {f.key: n for f, n in zip(futures, sizes, strict=True)}
    try:
        for future in as_completed(futures, loop=client.loop):
            report(size[future.key])
        return list(client.gather(futures))
    except Exception as err:  # a worker that cannot import the package, a lost worker, …
        raise AnalyticsError(
            f"the accounts job failed on the Dask cluster: {type(err).__name__}: {err} "
            "(hint: workers need the same environment and must see the register's path)"
        ) from err
    finally:
        client.cancel(futures)


def aggregate_register(
    source: Path | str,
    concordance: Concordance | None = None,
    *,
    level: DeLevel = "major",
    client: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> FirmAccounts:
    """Classify and aggregate a partitioned register, one partition at a time.

    Parameters
    ----------
    source
        A folder of Parquet partitions, or one Parquet file (see :func:`register_partitions`).
    concordance
        Default: the shipped approximate concordance.
    level
        ``major`` (01–05) or ``as_given``.
    client
        A ``distributed.Client``: each partition becomes a task on the cluster (the workers must
        see ``source`` at the same path). None: partitions are read here, one after another.
    progress
        Called with (rows done, rows in all) at the start and after each partition.

    Returns
    -------
    FirmAccounts
        The same tables whichever way the partitions were read.

    Raises
    ------
    DataValidationError
        With the located problems of every partition that had any (nothing is aggregated then).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from analytics.accounts import write_partitioned_register
    >>> root = write_partitioned_register(
    ...     pathlib.Path(tempfile.mkdtemp()) / "r_synthetic", rows=5_000, seed=2)
    >>> acc = aggregate_register(root)
    >>> int(acc.codes["rows"].sum()), acc.synthetic
    (5000, True)
    """
    from analytics.catalog import regions

    conc = concordance if concordance is not None else read_concordance()
    parts = register_partitions(source)
    sizes = partition_rows(parts)
    total, done = sum(sizes), [0]

    def report(rows: int) -> None:
        done[0] += rows
        if progress is not None:
            progress(done[0], total)

    if progress is not None:
        progress(0, total)
    args = (_full_mapping(conc, level=level), frozenset(regions()["code"].to_list()))
    partials = (
        _local(parts, sizes, args, report)
        if client is None
        else _on_dask(client, parts, sizes, args, report)
    )
    problems = [p for part in partials for p in part.problems]
    if problems:
        raise DataValidationError(problems[:_MAX_PROBLEMS])
    by_code = _sum_parts([p.by_code for p in partials if p.by_code is not None], ["industry_code"])
    by_class = _sum_parts(
        [p.by_class for p in partials if p.by_class is not None], ["de_code", "region", "year"]
    )
    return _accounts_from_sums(by_code, by_class, conc)
