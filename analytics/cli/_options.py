"""Click options shared by the command modules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

__all__ = ["HELP", "executor_options", "parameter_option", "path_option", "schedule_option"]

HELP: dict[str, list[str]] = {"help_option_names": ["-h", "--help"]}
"""Every command's context settings: ``-h`` as well as ``--help``, declared on each command, since
click caches a command's help option from its first context (a test invoking a subcommand
alone would otherwise leave it without ``-h``)."""


def path_option(
    *decls: str, help: str, required: bool = False
) -> Callable[[click.decorators.FC], click.decorators.FC]:
    """An option taking a path (as a :class:`~pathlib.Path`): required, or None when not given."""
    if required:
        return click.option(*decls, type=click.Path(path_type=Path), required=True, help=help)
    return click.option(*decls, type=click.Path(path_type=Path), default=None, help=help)


def schedule_option() -> Callable[[click.decorators.FC], click.decorators.FC]:
    """``--schedule PATH`` (the ``schedule_path`` parameter): the schedule file."""
    return click.option(
        "--schedule",
        "schedule_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="The schedule file [default: reports/schedule.yaml].",
    )


def parameter_option() -> Callable[[click.decorators.FC], click.decorators.FC]:
    """``-p NAME=VALUE`` (repeatable; the ``parameters`` parameter): any notebook parameter."""
    return click.option(
        "-p",
        "--parameter",
        "parameters",
        multiple=True,
        metavar="NAME=VALUE",
        help="A notebook parameter (repeatable), checked against the notebook's parameters "
        "cell: -p synthetic=true, -p as_of=2026-11-28, -p peers=110000,310000, -p data_dir=DIR.",
    )


def executor_options(fn: click.decorators.FC) -> click.decorators.FC:
    """The options shared by ``report batch`` and ``schedule run-due``/``serve``.

    Parameters
    ----------
    fn
        The command function to decorate. It receives ``executor`` (``local`` or ``dask``,
        default ``local``), ``scheduler`` (a Dask address, or None), ``workers`` (an int of at
        least 1, or None for one per core), ``schedule_path`` (a Path, or None) and ``progress``
        (bool, default True).

    Returns
    -------
    click.decorators.FC
        ``fn`` with the options attached, in the order ``--help`` lists them.

    Examples
    --------
    >>> @click.command()
    ... @executor_options
    ... def run(executor, scheduler, workers, schedule_path, progress):
    ...     pass
    >>> [p.name for p in run.params]
    ['executor', 'scheduler', 'workers', 'schedule_path', 'progress']
    """
    options = [
        click.option(
            "--executor",
            type=click.Choice(["local", "dask"]),
            default="local",
            show_default=True,
            help="local processes, or a Dask cluster (with --scheduler).",
        ),
        click.option("--scheduler", metavar="tcp://HOST:PORT", help="Dask scheduler address."),
        click.option(
            "--workers", type=click.IntRange(1), help="Local runs at once [default: one per core]."
        ),
        schedule_option(),
        click.option(
            "--progress/--no-progress", default=True, help="Live per-run status on stderr."
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn
