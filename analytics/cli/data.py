"""``analytics data``: build the store, check input files, add new raw files."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from analytics.cli._json import emit, json_option

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
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--anomalies", is_flag=True, help="List the series breaks flagged at the last store build."
)
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="With --anomalies: the data folder whose store to read (default: the project's data/).",
)
@json_option("One JSON document: the paths checked, each problem located, and the anomalies.")
def check(paths: tuple[Path, ...], anomalies: bool, data_dir: Path | None, as_json: bool) -> None:
    """Validate files against the schema and the catalog; print every problem.

    Exit status 0 when clean, 2 when any problem is found.
    """
    from analytics.io import check_paths

    if not paths and not anomalies:
        raise click.UsageError("give one or more PATHS, or --anomalies")
    if as_json:
        _check_json(paths, data_dir if anomalies else None, anomalies=anomalies)
        return
    if anomalies:
        _list_anomalies(data_dir)
        if not paths:
            return

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


def _check_json(paths: tuple[Path, ...], data_dir: Path | None, *, anomalies: bool) -> None:
    """``data check --json``: one document; exit 2 when any problem is found."""
    from analytics.io import check_paths

    problems = check_paths(paths) if paths else []
    doc: dict[str, object] = {
        "checked": [str(p) for p in paths],
        "ok": not problems,
        "problems": [
            {
                "path": str(p.path),
                "line": p.line,
                "column": p.column,
                "message": p.message,
                "hint": p.hint or None,
            }
            for p in problems
        ],
    }
    if anomalies:
        from analytics.io.anomalies import read_anomalies

        doc["anomalies"] = read_anomalies(data_dir=data_dir).to_dicts()
    emit(doc)
    if problems:
        sys.exit(2)


def _list_anomalies(data_dir: Path | None) -> None:
    from analytics.io.anomalies import read_anomalies

    flags = read_anomalies(data_dir=data_dir)
    for row in flags.iter_rows(named=True):
        click.echo(
            f"{row['indicator']} {row['region']} {row['period']} ({row['vintage']}): "
            f"{row['previous']:g} -> {row['value']:g}, log-change {row['log_change']:+.3f}, "
            f"rule {row['rule']}"
        )
    click.echo(f"{flags.height} flagged year(s)")


@data.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--indicator",
    default=None,
    help="Catalog id for files that name no indicator (default: matched on the file name).",
)
@click.option("--yes", is_flag=True, help="Apply without asking (for scripts and cron).")
def add(files: tuple[Path, ...], indicator: str | None, yes: bool) -> None:
    """Add NBS exports or portal panels (with their captures) to data/raw, then rebuild.

    Shows what would change first. Without --yes it asks on a terminal, and otherwise only
    prints the plan and writes nothing. A file that cannot be mapped is refused (exit 2).
    """
    from rich.console import Console

    from analytics.cli._add_view import show_plan
    from analytics.io.add import apply_add, plan_add

    for path in files:
        if not path.is_file():
            raise click.BadParameter(f"{path}: no such file", param_hint="FILES")
    plan = plan_add(list(files), indicator=indicator)
    wide = sys.stdout.isatty() or "COLUMNS" in os.environ  # rich reads COLUMNS itself
    show_plan(plan, Console(width=None if wide else 120))
    if not plan.files:
        click.echo("nothing to add")
        return
    if not yes:
        if not sys.stdin.isatty():
            click.echo("dry run: nothing written (add --yes to apply)")
            return
        if not click.confirm("copy the files, write their provenance and rebuild the store?"):
            click.echo("nothing written")
            return
    summary = apply_add(plan)
    click.echo(f"added {len(plan.files)} file(s); {summary}")
