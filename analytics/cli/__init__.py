"""The ``analytics`` command.

Each command group lives in its own module and is imported only when used, so ``analytics --help``
starts fast. Every command keeps to one table of exit codes (:data:`EXIT_CODES`, also in the
README): 0 when all went well; 1 when the request was fine but something failed — a report run
(:class:`~analytics.exceptions.ReportError`), the machine (a
:class:`~analytics.exceptions.StorageError`: disk full, read-only folder, damaged history), an
abort; 2 for bad input — a usage error or any other
:class:`~analytics.exceptions.AnalyticsError` (an unknown region, an invalid file or schedule).
A signal that cuts runs short gives 128 + its number. Other exceptions are bugs and keep their
traceback.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

import analytics.config  # noqa: F401  # first, at start-up: pins a relative ANALYTICS_HOME
from analytics import _DISTRIBUTION, __version__
from analytics._terminal import printable
from analytics.cli._options import HELP
from analytics.exceptions import AnalyticsError, ReportError, StorageError

__all__ = ["EXIT_CODES", "cli", "main"]

EXIT_CODES: dict[int, str] = {
    0: "ok: everything asked for was done",
    1: "failure: a run failed, or the machine (disk full, read-only, damaged history)",
    2: "bad input: a usage error, an unknown name, an invalid file, schedule or period",
}
"""The exit codes every command keeps to (128 + N when signal N cut runs short)."""

_COMMANDS: dict[str, tuple[str, str]] = {
    # name: (module, attribute)
    "data": ("analytics.cli.data", "data"),
    "accounts": ("analytics.cli.accounts", "accounts"),
    "index": ("analytics.cli.index", "index"),
    "plan": ("analytics.cli.plan", "plan"),
    "report": ("analytics.cli.report", "report"),
    "schedule": ("analytics.cli.schedule", "schedule"),
    "runs": ("analytics.cli.schedule", "runs"),
}


class _LazyGroup(click.Group):
    """A group whose subcommands are imported on first use (click's documented pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in _COMMANDS:
            return None
        module, attr = _COMMANDS[cmd_name]
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=_LazyGroup, context_settings=HELP)
@click.version_option(
    __version__,
    "-V",
    "--version",
    prog_name="analytics",
    message=f"%(prog)s (distribution {_DISTRIBUTION}) %(version)s",
)
def cli() -> None:
    """Digital Economy Workbench (数字经济分析工作台): data, statistics, indices and reports."""


def main(argv: list[str] | None = None) -> Any:
    """Run the CLI; turn an :class:`AnalyticsError` into a message and an exit code.

    Parameters
    ----------
    argv
        The arguments after the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    Any
        What the command returned; the exit code leaves through :class:`SystemExit`.
    """
    try:
        return cli.main(args=argv, standalone_mode=False)
    except (StorageError, ReportError) as err:  # the machine or the run, not the request: 1
        click.echo(printable(f"error: {err}"), err=True)
        sys.exit(1)
    except AnalyticsError as err:  # messages quote file contents: no escape reaches the terminal
        click.echo(printable(f"error: {err}"), err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except click.exceptions.Exit as err:
        sys.exit(err.exit_code)
