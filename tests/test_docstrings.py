"""Every public callable documents its parameters (numpy style), as the API reference shows them.

A public callable is a function or class listed in the ``__all__`` of a public module of
``analytics``. Its docstring needs a ``Parameters`` section naming each parameter of its
signature (``self``, ``cls`` and ``*args``/``**kwargs`` passed through aside). Every one does:
a new callable without its parameters documented fails.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from typing import Any

import analytics


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


def missing(obj: Any) -> list[str]:
    """The parameters of ``obj`` that its docstring's ``Parameters`` section does not name."""
    doc = inspect.getdoc(obj) or ""
    section = doc.split("Parameters\n----------\n", 1)
    documented: set[str] = set()
    if len(section) == 2:
        body = re.split(r"\n\S[^\n]*\n-{3,}\n", section[1], maxsplit=1)[0]
        for line in body.splitlines():
            m = re.match(r"^(\*{0,2}\w+(?:\s*,\s*\w+)*)\s*(?::|$)", line)
            if m:
                documented |= {n.strip().lstrip("*") for n in m[1].split(",")}
    return [p for p in _parameters(obj) if p not in documented]


def undocumented() -> dict[str, list[str]]:
    """Each public callable with the parameters its docstring does not document."""
    gaps = {name: missing(obj) for name, obj in _public_callables()}
    return {name: params for name, params in gaps.items() if params}


def _sample(region: str, period: str, *, lang: str = "zh", **extra: Any) -> None:
    """A sample.

    Parameters
    ----------
    region, period
        Named together on one line.
    lang : str
        Named with a type.

    Returns
    -------
    None
        ``lang`` here is in another section and does not count.
    """


def _half(region: str, lang: str) -> None:
    """Half documented.

    Parameters
    ----------
    region
        The only one.

    Notes
    -----
    lang
        Not in the Parameters section.
    """


def test_the_rule_reads_names_lists_and_types_and_stops_at_the_next_section() -> None:
    assert missing(_sample) == []
    assert missing(_half) == ["lang"]
    assert missing(lambda x, *args, **kw: None) == ["x"]


def test_public_callables_document_their_parameters() -> None:
    assert undocumented() == {}, "document these parameters (numpy style `Parameters` section)"
