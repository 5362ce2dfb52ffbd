"""The schema of ``data/catalog/peers.yaml``: peer groups and a province's own peers.

Part of the one source of :mod:`analytics.catalog._schemas`. What a schema cannot say (a code
in the region catalog, every province in exactly one group) is checked by
:func:`analytics.catalog.peer_config` after it.
"""

from __future__ import annotations

from analytics.catalog._schema_parts import ID, NAMES, obj, text

__all__ = ["CODE", "PEERS"]

CODE = {
    "type": "string",
    "pattern": r"^\d{6}$",
    "x-message": "`{value}` is not a GB/T 2260 code",
    "description": "six digits, quoted: '120000'",
}
"""A region's GB/T 2260 code, written as quoted text."""

_CODES = {"type": "array", "minItems": 1, "items": CODE, "description": "region codes, quoted"}

PEERS = obj(
    {
        "source": obj(
            {
                "title": text("the grouping's document"),
                "publisher": text(),
                "url": text("an http(s) address"),
                "date": text("its date, quoted: '2011-06-13'"),
            },
            ("title", "publisher", "url"),
        ),
        "max_peers": {
            "type": "integer",
            "minimum": 1,
            "maximum": 10,
            "description": "most peers taken from a province's group (China comes on top)",
        },
        "national": {**CODE, "description": "the code added after the group's peers: '000000'"},
        "groups": {
            "type": "array",
            "minItems": 1,
            "x-unique": "id",
            "items": obj({"id": ID, **NAMES, "members": _CODES}, ("id", "members")),
            "description": "each province in exactly one group",
        },
        "peers": {
            "type": "object",
            "propertyNames": CODE,
            "additionalProperties": {**_CODES, "minItems": 0},
            "description": "a province's own list, instead of its group's: '120000': [...]",
        },
    },
    ("source", "max_peers", "national", "groups"),
    title="peer groups (data/catalog/peers.yaml)",
)
