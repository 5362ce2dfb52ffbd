"""``analytics accounts``: digital-economy accounts from firm registers.

``build`` classifies a firm register (Parquet or CSV, or a folder of Parquet partitions) with a
concordance and writes the aggregate table by class × region × year into the store, under
``<data_dir>/processed/accounts/``: ``de_firm_accounts[_synthetic].parquet`` and
``de_firm_codes[_synthetic].parquet`` (rows and values by code status, so that unknown and
invalid codes stay visible). A folder is read partition by partition, here or, with
``--executor dask --scheduler ADDRESS``, as one task a partition on a Dask cluster. ``synth``
writes a seeded synthetic register, as one file or (``--partitioned``) a folder of partitions.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
import polars as pl
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from analytics.cli._options import HELP
from analytics.config import data_dir as default_data_dir
from analytics.exceptions import AnalyticsError, DataValidationError, Problem

if TYPE_CHECKING:
    from analytics.accounts import Concordance, FirmAccounts

__all__ = ["accounts"]

_BIG = 2_000_000  # rows above which a Parquet register is read in batches with a progress bar


@click.group(context_settings=HELP)
def accounts() -> None:
    """Digital-economy accounts (NBS 2021 classification) from firm registers."""


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


@accounts.command(
    "build", context_settings=HELP, short_help="Classify a firm register into the store."
)
@click.option(
    "--firms",
    "firms_path",
    required=True,
    type=click.Path(path_type=Path, exists=True),
    help="Firm register: Parquet or CSV, or a folder of Parquet partitions.",
)
@click.option(
    "--concordance",
    "concordance_path",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    default=None,
    help="Concordance CSV (default: the shipped approximate one).",
)
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Data folder holding processed/ (default: the project's data/).",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Read partitions here, or as tasks on a Dask cluster (with --scheduler).",
)
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="Dask scheduler address.")
@click.option("--quiet", is_flag=True, help="No progress display or summary.")
def build(
    firms_path: Path,
    concordance_path: Path | None,
    data_dir: Path | None,
    executor: str,
    scheduler: str | None,
    quiet: bool,
) -> None:
    """Classify a firm register and write the aggregate table into the store."""
    from analytics.accounts import read_concordance
    from analytics.runs._requests import check_executor

    check_executor(executor, scheduler)
    console = Console(stderr=True, quiet=quiet)
    concordance = read_concordance(concordance_path)
    if firms_path.is_dir() or executor == "dask":
        result = _build_partitioned(firms_path, concordance, scheduler, console=console)
    else:
        result = _build_file(firms_path, concordance, console=console)
    _store(result, firms_path, data_dir, console=console)


def _build_partitioned(
    firms_path: Path, concordance: Concordance, scheduler: str | None, *, console: Console
) -> FirmAccounts:
    """Partition by partition, in this process or (``scheduler``) on a Dask cluster."""
    from analytics.accounts import aggregate_register
    from analytics.runs._requests import connect_dask

    client = connect_dask(scheduler) if scheduler else None
    try:
        with _progress(console) as bar:
            task = bar.add_task("classifying" + (" on Dask" if client else ""), total=None)
            return aggregate_register(
                firms_path,
                concordance,
                client=client,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    finally:
        if client is not None:
            client.close()


def _build_file(firms_path: Path, concordance: Concordance, *, console: Console) -> FirmAccounts:
    """One Parquet or CSV file: checked first, then read in batches when it is big."""
    from analytics.accounts import aggregate_firms
    from analytics.accounts._register_check import raise_on_register_values

    quiet = console.quiet
    raise_on_register_values(firms_path)  # before any reader: FIFO, corrupt file, NaN, region
    try:
        rows = 0
        if firms_path.suffix.lower() == ".parquet":
            rows = pl.scan_parquet(firms_path).select(pl.len()).collect().item()
        big = rows > _BIG
        if big and not quiet:
            with _progress(console) as bar:
                task = bar.add_task("classifying", total=None)

                def update(done: int, total: int) -> None:
                    bar.update(task, completed=done, total=total)

                # at most ~20 batches: each batch is a separate streaming query (about 2x the
                # time of one pass over 100M rows with 10M batches; bench_accounts_100m.py)
                batch = max(_BIG, -(-rows // 20))
                result = aggregate_firms(firms_path, concordance, progress=update, batch_rows=batch)
        else:
            with console.status("classifying…"):
                result = aggregate_firms(firms_path, concordance)
    except pl.exceptions.PolarsError as err:
        # the fast path reads with strict casts; find the offending cells for the message
        from analytics.accounts.aggregate import diagnose_register

        problems = diagnose_register(firms_path)
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise DataValidationError(
            problems or [Problem(firms_path, 1, 1, f"cannot read the firm register: {reason}", "")]
        ) from err
    return result


def _store(
    result: FirmAccounts, firms_path: Path, data_dir: Path | None, *, console: Console
) -> None:
    """Write the table and the account of codes into the store; print the summary."""
    quiet = console.quiet
    suffix = "_synthetic" if result.synthetic else ""
    out_dir = (data_dir or default_data_dir()) / "processed" / "accounts"
    out_dir.mkdir(parents=True, exist_ok=True)
    table_path = out_dir / f"de_firm_accounts{suffix}.parquet"
    codes_path = out_dir / f"de_firm_codes{suffix}.parquet"
    meta = {
        "source": str(firms_path),
        "concordance": result.concordance_source,
        "quality": result.quality,
        "synthetic": str(result.synthetic).lower(),
    }
    _write(result.table, table_path, meta)
    _write(result.codes, codes_path, meta)
    if not quiet:
        console.print(_summary_table(result.codes, synthetic=result.synthetic))
        if result.bad_codes.height:
            top = ", ".join(f"{c!r}×{n:,}" for c, _s, n in result.bad_codes.head(5).iter_rows())
            console.print(f"[yellow]bad industry codes (counted, not classified): {top}")
        if result.quality == "approximate":
            console.print("[yellow]concordance is APPROXIMATE: label every figure built from it")
    click.echo(str(table_path))


def _write(frame: pl.DataFrame, path: Path, meta: dict[str, str]) -> None:
    import pyarrow.parquet as pq

    arrow = frame.to_arrow()
    arrow = arrow.replace_schema_metadata(
        {f"analytics.{k}".encode(): v.encode() for k, v in meta.items()}
    )
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(arrow, tmp)
    tmp.replace(path)


def _summary_table(codes: pl.DataFrame, *, synthetic: bool) -> Table:
    total = max(int(codes["rows"].sum()), 1)
    table = Table(title="firm-year rows by industry code" + (" (SYNTHETIC)" if synthetic else ""))
    table.add_column("status")
    table.add_column("rows", justify="right")
    table.add_column("%", justify="right")
    for status, rows in codes.select("code_status", "rows").iter_rows():
        table.add_row(status, f"{rows:,}", f"{100 * rows / total:.2f}")
    return table


@accounts.command("synth", context_settings=HELP, short_help="Write a synthetic firm register.")
@click.option("--rows", type=click.IntRange(min=1), required=True, help="Firm-year rows.")
@click.option("--seed", type=int, required=True, help="Seed; the same seed gives the same file.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="Parquet file (or, --partitioned, folder) to write; its name must contain `synthetic`.",
)
@click.option("--chunk-rows", type=click.IntRange(min=1), default=2_000_000, show_default=True)
@click.option(
    "--partitioned",
    is_flag=True,
    help="Write a folder with one Parquet file per province × year (name must say `synthetic`).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes writing provinces at once (--partitioned).",
)
@click.option("--quiet", is_flag=True, help="No progress display.")
def synth(
    rows: int, seed: int, out: Path, chunk_rows: int, partitioned: bool, workers: int, quiet: bool
) -> None:
    """Write a seeded synthetic firm register (labelled synthetic) to Parquet."""
    from analytics.accounts import write_partitioned_register, write_synthetic_register

    if "synthetic" not in out.name:
        raise AnalyticsError(
            f"`{out.name}`: a synthetic register's file name must contain `synthetic` — "
            f"e.g. `{out.stem}_synthetic{out.suffix or '.parquet'}`"
        )
    console = Console(stderr=True, quiet=quiet)
    with _progress(console) as bar:
        task = bar.add_task("generating", total=rows)

        def update(done: int, _total: int) -> None:
            bar.update(task, completed=done)

        if partitioned:
            path = write_partitioned_register(
                out, rows=rows, seed=seed, chunk_rows=chunk_rows, workers=workers, progress=update
            )
        else:
            path = write_synthetic_register(
                out, rows=rows, seed=seed, chunk_rows=chunk_rows, progress=update
            )
    click.echo(str(path))
