"""The one YAML loader: bounded aliases, no duplicate keys, errors located.

Every YAML file the workbench reads (catalog, plans, schedule, ``nbs_files.yaml`` and the other
provenance files, frameworks) goes through :func:`read_yaml`. A few aliases are fine; an "alias
bomb" (a few lines that expand into gigabytes) is refused from the parser's events, before
anything is built or walked. A key given twice in one mapping is refused too (PyYAML would keep
the last one silently). Every refusal is a located :class:`~analytics.exceptions.Problem`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from analytics.exceptions import DataValidationError, Problem

__all__ = ["MAX_ALIASES", "MAX_YAML_BYTES", "at", "duplicate_keys", "load_yaml", "read_yaml"]

MAX_ALIASES = 16
"""Aliases (``*name``) allowed in one file; an alias bomb needs hundreds."""
MAX_YAML_BYTES = 4 * 1024 * 1024
"""A YAML file larger than this is refused (the largest shipped one is about 30 KB)."""

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def at(path: Path, mark: Any, message: str, hint: str = "") -> Problem:
    """A problem at a YAML mark (``line``, ``column`` 0-based), or at 0:0 without one."""
    line = mark.line + 1 if mark is not None else 0
    column = mark.column + 1 if mark is not None else 0
    return Problem(path, line, column, message, hint)


def _count_aliases(path: Path, text: str, limit: int) -> None:
    """Stream the parser's events; refuse at the alias past ``limit`` (nothing is expanded)."""
    seen = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent):
            seen += 1
            if seen > limit:
                msg = f"more than {limit} YAML aliases (`*{event.anchor}` is one too many)"
                hint = "an alias bomb? write the values out instead of repeating anchors"
                raise DataValidationError([at(path, event.start_mark, msg, hint)])


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
    done: set[int] = set()  # an aliased node is walked once
    while todo:
        current, where = todo.pop()
        if id(current) in done:
            continue
        done.add(id(current))
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in current.value:
                name = str(key.value)
                if name in seen:
                    inside = f" in `{where}`" if where else ""
                    msg = f"duplicate key `{name}`{inside} (first at line {seen[name]})"
                    out.append(at(path, key.start_mark, msg, "give each key once"))
                else:
                    seen[name] = key.start_mark.line + 1
                todo.append((value, f"{where}.{name}" if where else name))
        elif isinstance(current, yaml.SequenceNode):
            todo.extend((item, where) for item in current.value)
    return sorted(out, key=lambda p: (int(p.line), str(p.column)))


def read_yaml(
    path: Path, text: str | None = None, *, max_aliases: int = MAX_ALIASES
) -> tuple[yaml.Node | None, Any]:
    r"""The node tree (for line numbers) and the data of a YAML file, strictly read.

    Raises
    ------
    DataValidationError
        For a file over :data:`MAX_YAML_BYTES`, text that is not YAML, more than
        ``max_aliases`` aliases, or a key given twice in one mapping.

    Examples
    --------
    >>> read_yaml(Path("a.yaml"), "a: &x [1]\nb: *x\n")[1]
    {'a': [1], 'b': [1]}
    >>> try:
    ...     read_yaml(Path("a.yaml"), "a: 1\nb: 2\na: 3\n")
    ... except DataValidationError as err:
    ...     print(err)
    a.yaml:3:1: duplicate key `a` (first at line 1) (give each key once)
    """
    size = path.stat().st_size if text is None else len(text.encode("utf-8"))
    if size > MAX_YAML_BYTES:
        msg = f"the file is {size} bytes, more than the {MAX_YAML_BYTES} allowed"
        raise DataValidationError([Problem(path, 0, 0, msg, "is this the right file?")])
    text = path.read_text(encoding="utf-8") if text is None else text
    try:
        _count_aliases(path, text, max_aliases)
        node = yaml.compose(text, Loader=_LOADER)
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        hint = "check the indentation and quoting on that line"
        raise DataValidationError([at(path, mark, f"not valid YAML: {problem}", hint)]) from err
    dups = duplicate_keys(path, node)
    if dups:
        raise DataValidationError(dups)
    return node, data


def load_yaml(path: Path, text: str | None = None) -> Any:
    r"""The data of a YAML file, read by :func:`read_yaml`.

    Examples
    --------
    >>> load_yaml(Path("a.yaml"), "files: {x.csv: {indicator: gdp}}")
    {'files': {'x.csv': {'indicator': 'gdp'}}}
    """
    return read_yaml(path, text)[1]
