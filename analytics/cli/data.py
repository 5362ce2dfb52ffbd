"""``analytics data``: build the store, check input files, add new raw files."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from analytics.cli._json import emit, json_option
from analytics.cli._options import HELP
from analytics.exceptions import Problem

if TYPE_CHECKING:
    from analytics.io.add import Choices

__all__ = ["data"]


@click.group(context_settings=HELP)
def data() -> None:
    """Build the indicator store and validate input files."""


@data.command(context_settings=HELP)
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder holding raw/, reference/ (default: the project's data/).",
)
@click.option("--quiet", is_flag=True, help="Print only problems.")
def build(data_dir: Path | None, quiet: bool) -> None:
    """Import data/raw and data/reference into Parquet under data/processed."""
    from analytics.config import data_dir as default_data_dir
    from analytics.io import build_store
    from analytics.io._add_journal import locked, recover

    data = data_dir or default_data_dir()
    said: list[str] = []
    with (
        _stopping(
            "data build", "the previous store is unchanged", "the new store was in place first"
        ),
        _storage(data / "processed", "the store"),
        locked(data, say=said),
    ):
        said += recover(data)
        _say(said)
        summary = build_store(data_dir=data_dir)
    if not quiet:
        click.echo(str(summary))


def _say(lines: list[str]) -> None:
    for line in lines:
        click.echo(f"note: {line}", err=True)
    lines.clear()


@contextlib.contextmanager
def _stopping(command: str, before: str, after: str) -> Iterator[None]:
    """SIGTERM/SIGINT unwind the command (its clean-up runs) and exit 128 + the signal."""
    from analytics.io._signals import Stopped, stops

    try:
        with stops():
            yield
    except Stopped as stop:
        name = signal.Signals(stop.signum).name
        done = after if stop.held == command else before
        click.echo(f"stopped by {name}: {done}", err=True)
        sys.exit(stop.exit_code)


@contextlib.contextmanager
def _storage(path: Path, what: str) -> Iterator[None]:
    """A full disk or a read-only folder: the one-line exit-1 message reports give.

    Only errors of the machine are turned into that line (no space, a read-only file system,
    no right to write, an I/O error); anything else keeps its own message or traceback.
    """
    from analytics.runs._history_db import storage_error

    try:
        yield
    except Exception as err:  # an OSError, or polars' own error type for a failed write
        if not _machine(err, within=path.parent):
            raise
        raise storage_error(err, path, what, keep="data/ is as it was") from None


def _machine(err: BaseException, *, within: Path) -> bool:
    """Whether ``err`` is the machine's: disk or quota full, read-only, I/O error.

    No right to write counts only under ``within``: an unreadable input file is the request's.
    """
    if isinstance(err, OSError):
        if err.errno in (errno.EACCES, errno.EPERM):
            return err.filename is not None and Path(err.filename).is_relative_to(within)
        return err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO)
    text = str(err).lower()
    return any(m in text for m in ("no space left", "read-only file system", "quota exceeded"))


@data.command(context_settings=HELP)
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

    Under data/ each file is checked by the reader its place names; files no reader takes are
    listed as skipped. Exit status 0 when clean, 2 when any problem is found or nothing was
    checked (a folder holding no data file).
    """
    from analytics._terminal import printable
    from analytics.io.check import check_report

    if not paths and not anomalies:
        raise click.UsageError("give one or more PATHS, or --anomalies")
    if as_json:
        _check_json(paths, data_dir if anomalies else None, anomalies=anomalies)
        return
    if anomalies:
        _list_anomalies(data_dir)
        if not paths:
            return

    report = check_report(paths, readers=_readers())
    for path, reason in report.skipped.items():
        click.echo(printable(f"skipped {path}: {reason}"), err=True)
    problems = report.problems
    for p in problems:
        click.echo(printable(str(p)))
    if problems:
        click.echo(
            f"{len(problems)} problem(s) in {len({str(p.path) for p in problems})} file(s)",
            err=True,
        )
        sys.exit(2)
    if not report.checked:
        click.echo(
            printable(
                f"nothing checked: no data file in {', '.join(map(str, paths))} "
                f"({len(report.skipped)} skipped)"
            ),
            err=True,
        )
        sys.exit(2)
    click.echo(f"ok: {len(report.checked)} file(s) checked, {len(report.skipped)} skipped")


def _readers() -> dict[str, Callable[[Path], list[Problem]]]:
    """What ``data check`` reads with ``runs`` (which ``io`` does not import): the schedule."""
    from analytics.runs.schedule import schedule_problems

    return {"schedule": schedule_problems}


def _check_json(paths: tuple[Path, ...], data_dir: Path | None, *, anomalies: bool) -> None:
    """``data check --json``: one document; exit 2 when any problem is found."""
    from analytics.io import check_paths

    problems = check_paths(paths, readers=_readers()) if paths else []
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


@data.command(context_settings=HELP)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--indicator",
    default=None,
    help="Catalog id for files that name no indicator (a file name is only a proposal).",
)
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="COLUMN=ID",
    help="Take a column as a catalog indicator (a close name is only proposed without it).",
)
@click.option(
    "--new",
    "new",
    multiple=True,
    metavar="COLUMN=ID|ID",
    help="Add a column (or, as a bare ID, a file that names no indicator) as a new indicator.",
)
@click.option("--name-zh", default=None, help="With --new ID: the Chinese name.")
@click.option("--name-en", default=None, help="With --new: the English name (else left empty).")
@click.option("--domain", default=None, help="With --new: the plan area (e.g. industry).")
@click.option("--direction", default=None, help="With --new: higher, lower or neutral.")
@click.option("--unit", default=None, help="With --new, when the file states none: the unit.")
@click.option("--yes", is_flag=True, help="Apply without asking (for scripts and cron).")
def add(files: tuple[Path, ...], indicator: str | None, yes: bool, **answers: Any) -> None:
    """Add NBS exports or portal panels (with their captures) to data/raw, then rebuild.

    Shows what would change first. Without --yes it asks on a terminal, and otherwise only
    prints the plan and writes nothing; the plan is checked by building the store with the files
    added (in a temporary folder), so the dry run refuses what --yes would refuse. A file that
    cannot be mapped or would not build is refused (exit 2); a close match is only a proposal,
    taken with --map COLUMN=ID; a column the catalog lacks comes in with --new COLUMN=ID and
    --domain, --direction (--name-en optional). The files, their provenance, new catalog entries
    and the rebuilt store land together or not at all (SIGTERM, SIGKILL or a full disk).
    """
    from analytics.config import data_dir

    with (
        _stopping(
            "data add",
            "nothing was added (data/ is as it was)",
            "the add was committed whole first",
        ),
        _storage(data_dir() / "processed", "the added files and the store in"),
    ):
        _add(list(files), _choices(indicator, answers, ask=not yes and sys.stdin.isatty()), yes=yes)


def _choices(indicator: str | None, given: dict[str, Any], *, ask: bool) -> Choices:
    """The command line's ``--indicator``/``--map``/``--new`` and answers (asked on a terminal)."""
    from analytics.io._add_new import NewAnswers, pairs
    from analytics.io.add import Choices

    try:
        maps = pairs(given.pop("maps"), "--map", bare=False)
        new = pairs(given.pop("new"), "--new", bare=True)
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    if new and ask:  # on a terminal: ask what the flags did not say
        for key, prompt in (("domain", "domain"), ("direction", "direction (higher/lower)")):
            if given[key] is None:
                given[key] = click.prompt(f"new indicator: {prompt}")
        if "" in new and given["name_zh"] is None:
            given["name_zh"] = click.prompt("new indicator: Chinese name")
        if given["name_en"] is None:
            given["name_en"] = click.prompt("new indicator: English name", default="") or None
    return Choices(indicator=indicator, maps=maps, new=new, answers=NewAnswers(**given))


def _add(files: list[Path], choices: Choices, *, yes: bool) -> None:
    from rich.console import Console

    from analytics._terminal import printable
    from analytics.cli._add_view import show_plan
    from analytics.io._safe import check_input
    from analytics.io.add import apply_add, plan_add

    refused = [p for p in map(check_input, files) if p is not None]  # before any file is opened
    for problem in refused:
        click.echo(printable(f"error: {problem}"), err=True)
    if refused:
        sys.exit(2)
    plan = plan_add(list(files), choices=choices)
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
    said: list[str] = []
    summary = apply_add(plan, say=said)
    _say(said)
    click.echo(f"added {len(plan.files)} file(s); {summary}")
