"""A strict YAML reader for the schedule: no anchors or aliases, no duplicate keys, bounded size.

YAML anchors and aliases let a few lines expand into gigabytes ("billion laughs"); a schedule
needs neither, so they are refused before anything is built. A key given twice in one mapping is
refused too (PyYAML would silently keep the last one). Every refusal is a located
:class:`~analytics.exceptions.Problem`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from analytics._yaml import at as _at
from analytics._yaml import duplicate_keys
from analytics.exceptions import DataValidationError, Problem

__all__ = ["MAX_BYTES", "duplicate_keys", "read_strict"]

MAX_BYTES = 256 * 1024
"""A schedule larger than this is refused (the committed one is about 2 KB)."""


def _refuse_anchors(path: Path, text: str) -> None:
    """Stream the events and stop at the first anchor or alias (nothing is expanded)."""
    hint = "write the values out in each job; `defaults:` holds what jobs share"
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            msg = f"YAML alias `*{event.anchor}` is not allowed in a schedule"
            raise DataValidationError([_at(path, event.start_mark, msg, hint)])
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            msg = f"YAML anchor `&{anchor}` is not allowed in a schedule"
            raise DataValidationError([_at(path, event.start_mark, msg, hint)])


def read_strict(path: Path, text: str) -> tuple[yaml.Node | None, Any, list[Problem]]:
    r"""The node tree (for line numbers), the data, and the duplicate keys found.

    Raises
    ------
    DataValidationError
        For a file over :data:`MAX_BYTES`, text that is not YAML, or an anchor or alias.

    Examples
    --------
    >>> read_strict(Path("s.yaml"), "jobs: {a: {reports: [x]}}")[1]
    {'jobs': {'a': {'reports': ['x']}}}
    >>> try:
    ...     read_strict(Path("s.yaml"), "a: &x 1\nb: *x\n")
    ... except DataValidationError as err:
    ...     print(err)
    s.yaml:1:4: YAML anchor `&x` is not allowed in a schedule (write the values out in each job; `defaults:` holds what jobs share)
    """  # noqa: E501
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        msg = f"the schedule is {size} bytes, more than the {MAX_BYTES} allowed"
        raise DataValidationError([Problem(path, 0, 0, msg, "is this the right file?")])
    try:
        _refuse_anchors(path, text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        msg = f"not valid YAML: {problem}"
        hint = "check the indentation and quoting on that line"
        raise DataValidationError([_at(path, mark, msg, hint)]) from err
    return node, data, duplicate_keys(path, node)
