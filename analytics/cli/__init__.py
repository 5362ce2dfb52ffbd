"""The ``analytics`` command.

Each command group lives in its own module and is imported only when used, so ``analytics --help``
starts fast. Any :class:`~analytics.exceptions.AnalyticsError` ends the command with its message on
stderr and exit code 2 (bad input or request) — 1 for a :class:`~analytics.exceptions.StorageError`
(disk full, read-only folder, damaged history); other exceptions are bugs and keep their traceback.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

import analytics.config  # noqa: F401  # first, at start-up: pins a relative ANALYTICS_HOME
from analytics._terminal import printable
from analytics.exceptions import AnalyticsError, StorageError

__all__ = ["cli", "main"]

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


@click.group(cls=_LazyGroup)
@click.version_option(package_name="analytics")
def cli() -> None:
    """Digital Economy Workbench (数字经济分析工作台): data, statistics, indices and reports."""


def main(argv: list[str] | None = None) -> Any:
    """Run the CLI; turn an :class:`AnalyticsError` into a message and exit code 2."""
    try:
        return cli.main(args=argv, standalone_mode=False)
    except StorageError as err:  # the machine (disk full, read-only), not the request: exit 1
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
