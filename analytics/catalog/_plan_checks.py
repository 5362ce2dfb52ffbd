"""Validation helpers for plan files: locate a key path, check numbers, years and sources."""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

import yaml

from analytics.exceptions import Problem, did_you_mean

STORE_SOURCE = re.compile(r"^(reference/figures\.csv:\d+|nbs/\S+\.csv)$")
DATE = re.compile(r"^\d{4}(-\d{2}){0,2}$")
Keys = tuple[str | int, ...]


class Where:
    """Line and column of a key path in the composed YAML tree."""

    def __init__(self, path: Path, root: yaml.Node | None) -> None:
        self.path, self.root = path, root
        self.problems: list[Problem] = []

    def _node(self, keys: Keys) -> yaml.Node | None:
        node, found = self.root, self.root
        for key in keys:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == key), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                node = node.value[key] if key < len(node.value) else None
            else:
                node = None
            if node is None:
                break
            found = node
        return found

    def add(self, keys: Keys, message: str, hint: str = "") -> None:
        node = self._node(keys)
        line = node.start_mark.line + 1 if node is not None else 0
        column = node.start_mark.column + 1 if node is not None else 0
        self.problems.append(Problem(self.path, line, column, message, hint))


def unknown_keys(raw: dict[str, Any], allowed: tuple[str, ...], w: Where, keys: Keys) -> None:
    for key in raw:
        if key not in allowed:
            hint = did_you_mean(str(key), allowed, otherwise=f"known: {', '.join(allowed)}")
            w.add((*keys, key), f"unknown key `{key}`", hint.removeprefix(" — "))


def check_number(value: Any, w: Where, keys: Keys, what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        w.add(keys, f"{what} {value!r} is not a finite number", "write a plain number, e.g. 70000")
        return None
    return float(value)


def check_year(value: Any, w: Where, keys: Keys, what: str) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return value
    w.add(keys, f"{what} {value!r} is not a year", "a four-digit year such as 2025")
    return None


def check_source(value: Any, sources: Collection[str], w: Where, keys: Keys) -> str:
    text = str(value) if value is not None else ""
    if text in sources or STORE_SOURCE.match(text):
        return text
    hint = did_you_mean(text, sources, otherwise="")
    w.add(
        keys,
        f"unknown source `{text}`{hint}",
        "an id under `sources:`, a row `reference/figures.csv:N` or a file `nbs/NAME.csv`",
    )
    return text
