"""Every public callable documents its parameters (numpy style), as the API reference shows them.

A public callable is a function or class listed in the ``__all__`` of a public module of
``analytics``. Its docstring needs a ``Parameters`` section naming each parameter of its
signature (``self``, ``cls`` and ``*args``/``**kwargs`` passed through aside).
``tests/data/undocumented_parameters.txt`` lists the callables that do not yet: the list may only
shrink — a new callable without its parameters documented fails, and so does a listed one that
has been documented (take it off the list).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import analytics

BASELINE = Path(__file__).parent / "data" / "undocumented_parameters.txt"


def _public_callables() -> Iterator[tuple[str, Any]]:
    seen: set[str] = set()
    for info in pkgutil.walk_packages(analytics.__path__, "analytics."):
        if any(p.startswith("_") for p in info.name.split(".")[1:]):
            continue
        module = importlib.import_module(info.name)
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            name = f"{obj.__module__}.{obj.__qualname__}"
            if name not in seen:
                seen.add(name)
                yield name, obj


def _parameters(obj: Any) -> list[str]:
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return []
    return [
        p.name
        for p in sig.parameters.values()
        if p.name not in ("self", "cls") and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]


def undocumented() -> dict[str, list[str]]:
    """Each public callable with the parameters its docstring does not document."""
    out: dict[str, list[str]] = {}
    for name, obj in _public_callables():
        params = _parameters(obj)
        if not params:
            continue
        doc = inspect.getdoc(obj) or ""
        section = doc.split("Parameters\n----------\n", 1)
        documented: set[str] = set()
        if len(section) == 2:
            body = re.split(r"\n\S[^\n]*\n-{3,}\n", section[1], maxsplit=1)[0]
            for line in body.splitlines():
                m = re.match(r"^(\*{0,2}\w+(?:\s*,\s*\w+)*)\s*(?::|$)", line)
                if m:
                    documented |= {n.strip().lstrip("*") for n in m[1].split(",")}
        missing = [p for p in params if p not in documented]
        if missing:
            out[name] = missing
    return out


def test_public_callables_document_their_parameters() -> None:
    known = {line for line in BASELINE.read_text(encoding="utf-8").splitlines() if line.strip()}
    gaps = undocumented()
    new = {name: missing for name, missing in gaps.items() if name not in known}
    assert new == {}, "document these parameters (numpy style `Parameters` section)"
    done = sorted(known - set(gaps))
    assert done == [], f"now documented: remove from {BASELINE.name}"
