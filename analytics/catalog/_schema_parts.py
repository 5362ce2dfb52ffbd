"""The pieces the schemas of :mod:`analytics.catalog._schemas` are built from."""

from __future__ import annotations

from typing import Any

__all__ = ["ID", "NAMES", "NUMBER", "REF", "YEAR", "enum", "obj", "text"]


def obj(props: dict[str, Any], required: tuple[str, ...] = (), **more: Any) -> dict[str, Any]:
    """A mapping with exactly these keys (``required`` among them)."""
    out = {"type": "object", "properties": props, "additionalProperties": False, **more}
    if required:
        out["required"] = list(required)
    return out


def text(description: str = "") -> dict[str, Any]:
    return {"type": "string", "description": description} if description else {"type": "string"}


def enum(words: tuple[str, ...] | list[str], description: str) -> dict[str, Any]:
    return {"enum": list(words), "description": description}


ID = {
    "type": "string",
    "pattern": r"^[a-z][a-z0-9_]*$",
    "x-message": "id `{value}` is not a plain id",
    "description": "lower-case letters, "
    "digits and _, starting with a letter (e.g. fiveg_base_stations)",
}
YEAR = {"type": "integer", "minimum": 1949, "maximum": 2100, "description": "a year, e.g. 2025"}
NUMBER = {"type": "number", "description": "a finite number"}
REF = text("where it is said: reference/<file>[:<line>], or a document")

NAMES = {"name_zh": text(), "name_en": text()}
