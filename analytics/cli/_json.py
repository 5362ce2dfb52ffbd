"""Machine-readable output for ``--json``: ISO 8601 times, one JSON document or JSON Lines.

Streams (``runs``, ``report batch``) write one JSON object per line (JSON Lines), so a script
can read them as they come; a listing or a verdict (``schedule list``, ``data check``) is one JSON
document. Times are ISO 8601 with their UTC offset, never epoch floats.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click


def iso(ts: float | datetime | None) -> str | None:
    """An epoch time or an aware datetime as ISO 8601 with offset (UTC for epoch times).

    Examples
    --------
    >>> iso(0.0)
    '1970-01-01T00:00:00+00:00'
    >>> iso(None) is None
    True
    """
    if ts is None:
        return None
    when = ts if isinstance(ts, datetime) else datetime.fromtimestamp(ts, UTC)
    return when.isoformat(timespec="seconds")


def _default(obj: Any) -> Any:
    if isinstance(obj, datetime):
        return iso(obj)
    if isinstance(obj, Path):
        return str(obj)
    if isinstance(obj, tuple | set | frozenset):
        return list(obj)
    return str(obj)


def dumps(obj: Any) -> str:
    """``obj`` as one line of JSON (UTF-8 text kept, paths and datetimes as strings).

    Examples
    --------
    >>> dumps({"path": Path("a/b"), "when": datetime(2026, 1, 2, tzinfo=UTC), "zh": "天津"})
    '{"path": "a/b", "when": "2026-01-02T00:00:00+00:00", "zh": "天津"}'
    """
    return json.dumps(obj, ensure_ascii=False, default=_default)


def emit(obj: Any) -> None:
    """Write ``obj`` to stdout as one JSON line."""
    click.echo(dumps(obj))


def json_option(help: str) -> Any:
    """The ``--json`` flag (parameter ``as_json``)."""
    return click.option("--json", "as_json", is_flag=True, help=help)
