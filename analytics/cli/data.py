"""``analytics data``: build the store, check input files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from analytics.exceptions import Problem

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
    """Validate files (data, or plan files *.yaml) against the schema and the catalog.

    Exit status 0 when clean, 2 when any problem is found.
    """
    from analytics.io import check_paths

    plans = [p for p in paths if p.suffix in (".yaml", ".yml")]
    problems = check_paths([p for p in paths if p not in plans]) + _check_plans(plans)
    for p in problems:
        click.echo(str(p))
    if problems:
        click.echo(
            f"{len(problems)} problem(s) in {len({str(p.path) for p in problems})} file(s)",
            err=True,
        )
        sys.exit(2)
    click.echo(f"ok: {len(paths)} path(s) checked")


def _check_plans(paths: list[Path]) -> list[Problem]:
    """Problems in plan files (``data/catalog/plans/*.yaml``), as ``file:line:column``."""
    from analytics.catalog import load_plan
    from analytics.exceptions import AnalyticsError, DataValidationError

    problems: list[Problem] = []
    for path in paths:
        try:
            load_plan(path)
        except DataValidationError as err:
            problems += err.problems
        except AnalyticsError as err:
            problems.append(Problem(path, 0, 0, str(err), "check the path"))
    return problems
