"""``analytics data``: build the store, check input files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

__all__ = ["data"]


@click.group()
def data() -> None:
    """Build the indicator store and validate input files."""


@data.command()
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder holding raw/, reference/ (default: the project's data/).",
)
@click.option("--quiet", is_flag=True, help="Print only problems.")
def build(data_dir: Path | None, quiet: bool) -> None:
    """Import data/raw and data/reference into Parquet under data/processed."""
    from analytics.io import build_store

    summary = build_store(data_dir=data_dir)
    if not quiet:
        click.echo(str(summary))


@data.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def check(paths: tuple[Path, ...]) -> None:
    """Validate files against the schema and the catalog; print every problem.

    Exit status 0 when clean, 2 when any problem is found.
    """
    from analytics.io import check_paths

    problems = check_paths(paths)
    for p in problems:
        click.echo(str(p))
    if problems:
        click.echo(
            f"{len(problems)} problem(s) in {len({str(p.path) for p in problems})} file(s)",
            err=True,
        )
        sys.exit(2)
    click.echo(f"ok: {len(paths)} path(s) checked")
