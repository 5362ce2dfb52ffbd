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

from analytics.exceptions import DataValidationError, Problem

__all__ = ["MAX_BYTES", "duplicate_keys", "read_strict"]

MAX_BYTES = 256 * 1024
"""A schedule larger than this is refused (the committed one is about 2 KB)."""


def _at(path: Path, mark: Any, message: str, hint: str = "") -> Problem:
    line = mark.line + 1 if mark is not None else 0
    column = mark.column + 1 if mark is not None else 0
    return Problem(path, line, column, message, hint)


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


def duplicate_keys(path: Path, node: yaml.Node | None) -> list[Problem]:
    r"""Every key given twice in one mapping, located at its second occurrence.

    Examples
    --------
    >>> node = yaml.compose("jobs:\n  a: 1\n  a: 2\n")
    >>> [str(p) for p in duplicate_keys(Path("s.yaml"), node)]
    ['s.yaml:3:3: duplicate key `a` in `jobs` (first at line 2) (give each key once)']
    """
    out: list[Problem] = []
    todo: list[tuple[yaml.Node, str]] = [(node, "")] if node is not None else []
    while todo:
        current, where = todo.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in current.value:
                name = str(key.value)
                if name in seen:
                    inside = f" in `{where}`" if where else ""
                    msg = f"duplicate key `{name}`{inside} (first at line {seen[name]})"
                    out.append(_at(path, key.start_mark, msg, "give each key once"))
                else:
                    seen[name] = key.start_mark.line + 1
                todo.append((value, f"{where}.{name}" if where else name))
        elif isinstance(current, yaml.SequenceNode):
            todo.extend((item, where) for item in current.value)
    return sorted(out, key=lambda p: (int(p.line), str(p.column)))


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
