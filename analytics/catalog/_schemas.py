"""The JSON Schemas of every catalog and schedule file: the one source.

Checked by :mod:`analytics.catalog._schema` when a file is read, and written to
``docs/schemas/<name>.json`` (:func:`write_schemas`) so that an editor validates the file as it is
typed. What a schema cannot say (a cron line that fires, a report in the registry, a series in the
store, a baseline before its target) is checked by the file's reader after the schema.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

from analytics._typing import Direction
from analytics.catalog._schema_parts import ID, NAMES, NUMBER, REF, YEAR, enum, obj, text
from analytics.catalog._schemas_peers import PEERS
from analytics.catalog._schemas_plan import JOB_NAME, LIMITS, PLAN, SCHEDULE
from analytics.catalog._vocab import ATTRIBUTES, DOMAINS, MEASURES

__all__ = [
    "FREQUENCIES",
    "JOB_NAME",
    "LIMITS",
    "RELEASE_FREQUENCIES",
    "SCHEMAS",
    "schema_json",
    "write_schemas",
]

FREQUENCIES = ("annual", "quarterly", "monthly")
"""An indicator's ``frequency``."""
RELEASE_FREQUENCIES = ("annual", "monthly", "irregular", "none")
"""A release's ``frequency`` (``none``: not expected to be released again)."""
_URL = "https://json-schema.org/draft/2020-12/schema"


# --- indicators*.yaml ------------------------------------------------------------------------
_TARGET = obj(
    {
        "region": text("GB/T 2260 code, quoted: '120000'"),
        "year": YEAR,
        "value": {"type": ["number", "null"], "description": "null for a qualitative target"},
        "kind": enum(ATTRIBUTES, "binding (约束性), expected (预期性) or not_given"),
        "qualitative": {
            "enum": [None, "steady_increase", "full_coverage"],
            "description": "the kind of a target without a value",
        },
        "text_zh": text(),
        "text_en": text(),
        "plan": text("the plan that sets it"),
        "source": REF,
        "caveat": {"type": ["string", "null"]},
    },
    ("region", "year", "value", "kind", "qualitative", "text_zh", "text_en", "plan", "source"),
)
_INDICATOR = obj(
    {
        "id": ID,
        "name_zh": text("the Chinese name"),
        "name_en": text("the English name"),
        "unit": text("the unit of a level, e.g. 亿元"),
        "unit_en": text("the unit in English"),
        "frequency": enum(FREQUENCIES, "how often a value is published"),
        "direction": enum(get_args(Direction), "whether a higher value is better"),
        "domain": enum(DOMAINS, "the plan's area"),
        "measures": {
            "type": "array",
            "minItems": 1,
            "items": enum(MEASURES, "a measure"),
            "description": "the measures the store holds",
        },
        "nonnegative": {"type": "boolean", "description": "whether a negative value is refused"},
        "description": text(),
        "source": text("where the series comes from"),
        "targets": {"type": "array", "items": _TARGET},
    },
    ("id", "name_zh", "name_en", "unit", "frequency", "direction", "domain", "measures"),
)
INDICATORS = {
    "type": ["array", "null"],
    "items": _INDICATOR,
    "x-unique": "id",
    "title": "indicator catalog (data/catalog/indicators*.yaml)",
}

# --- regions.csv (its rows) ------------------------------------------------------------------
REGIONS = {
    "type": "array",
    "x-unique": "code",
    "title": "region catalog (data/catalog/regions.csv), one row per region",
    "items": obj(
        {
            "code": {
                "type": "string",
                "pattern": r"^\d{6}$",
                "x-message": "`code: {value}` is not a GB/T 2260 code",
                "description": "six digits, e.g. 120000",
            },
            "name_zh": {"type": "string", "minLength": 1, "description": "e.g. 天津市"},
            "short_zh": {"type": "string", "minLength": 1, "description": "e.g. 天津"},
            "name_en": {"type": "string", "minLength": 1, "description": "e.g. Tianjin"},
            "variants": text("other names, separated by |"),
        },
        ("code", "name_zh", "short_zh", "name_en", "variants"),
    ),
}

# --- nbs_files.yaml and portal_files.yaml ----------------------------------------------------
_NAME_RULE = {
    "anyOf": [
        {"type": "string", "description": "a catalog id"},
        obj(
            {"indicator": text("a catalog id"), "measure": enum(MEASURES, "a measure")},
            ("indicator",),
        ),
    ],
    "description": "a catalog id, or {indicator: id, measure: m}",
}
_NBS_FILE = obj(
    {
        "indicator": text("the catalog id, for a file that names no indicator"),
        "measure": enum(MEASURES, "the measure of that indicator"),
        "region": text("the GB/T 2260 code, for a file of one province it does not name"),
        "period": text("the period, for a file whose 时间 line is blank"),
        "skip": text("why the file is not imported"),
        "note": text(),
        "vintage": text("the release label (set by `analytics data add`)"),
        "names": {"type": "object", "additionalProperties": _NAME_RULE},
        "added": text("the date `analytics data add` took it in"),
        "sha256": {
            "type": "string",
            "pattern": "^[0-9a-f]{64}$",
            "x-message": "`sha256: {value}` is not 64 hex digits",
        },
        "source": text(),
    }
)
NBS_FILES = obj(
    {
        "files": {
            "type": "object",
            "additionalProperties": _NBS_FILE,
            "description": "each export under data/raw/nbs, by its path there",
        },
        "names": {
            "type": "object",
            "additionalProperties": _NAME_RULE,
            "description": "names used inside exports (units stripped) → catalog ids",
        },
    },
    ("files", "names"),
    title="NBS export rules (data/catalog/nbs_files.yaml)",
)
PORTAL_FILES = {
    "type": "array",
    "x-unique": "panel",
    "title": "portal panels (data/catalog/portal_files.yaml)",
    "items": obj(
        {
            "panel": text(),
            "capture": text(),
            "table": text(),
            "cid": text(),
            "added": text(),
            "sha256": NBS_FILES["properties"]["files"]["additionalProperties"]["properties"][
                "sha256"
            ],
            "capture_sha256": text(),
            "vintage": text(),
            "columns": {"type": "object", "additionalProperties": {"type": "string"}},
        },
        ("panel", "capture", "table", "added", "sha256"),
    ),
}

# --- frameworks/*.yaml -----------------------------------------------------------------------
FRAMEWORK = obj(
    {
        "id": ID,
        **NAMES,
        "source": text(),
        "nodes": {
            "type": "array",
            "minItems": 1,
            "x-unique": "id",
            "items": obj(
                {"id": ID, "parent": text("the aggregate above"), "weight": NUMBER, **NAMES},
                ("id",),
            ),
        },
        "indicators": {
            "type": "array",
            "minItems": 1,
            "x-unique": "id",
            "items": obj(
                {
                    "id": text("a catalog id"),
                    "parent": text("its aggregate"),
                    "weight": NUMBER,
                    "direction": enum(
                        ["higher_is_better", "lower_is_better", "+", "-"], "how the index reads it"
                    ),
                    **NAMES,
                },
                ("id", "parent"),
            ),
        },
    },
    ("id", "nodes", "indicators"),
    title="index framework (data/catalog/frameworks/*.yaml)",
)

# --- releases.yaml ---------------------------------------------------------------------------
_MONTH = {
    "type": ["string", "null"],
    "pattern": r"^\d{4}-(0[1-9]|1[0-2])$",
    "x-message": "`{name}: {value}` is not a month (YYYY-MM)",
    "description": "YYYY-MM, or null when unknown",
}
_DAY = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}$",
    "x-message": "`{value}` is not a date (YYYY-MM-DD)",
    "description": "YYYY-MM-DD",
}
_RELEASE = obj(
    {
        "id": ID,
        **NAMES,
        "publisher": text("who publishes it"),
        "frequency": enum(RELEASE_FREQUENCIES, "how often it is released"),
        "expected": _MONTH,
        "covers": {
            "type": ["string", "null"],
            "description": "the period the expected release brings (2026, 2026-11), or null",
        },
        "recorded": {
            "type": "array",
            "items": _DAY,
            "description": "earlier releases' dates as the store records them",
        },
        "basis": obj(
            {"zh": text("the basis, in Chinese"), "en": text("the basis, in English")},
            ("zh", "en"),
        ),
        "match": obj(
            {
                "vintages": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                "sources": text("a regular expression on the store's source id"),
                "titles": text("a regular expression on the source's title"),
                "regions": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                "indicators": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            },
            minProperties=1,
        ),
        "reports": {"type": "array", "items": ID, "description": "the reports it changes"},
    },
    ("id", "name_zh", "name_en", "frequency", "expected", "covers", "basis", "match", "reports"),
)
RELEASES = obj(
    {
        "as_of": {**_DAY, "description": "the day the expectations were written"},
        "releases": {"type": "array", "minItems": 1, "items": _RELEASE, "x-unique": "id"},
    },
    ("as_of", "releases"),
    title="release calendar (data/catalog/releases.yaml)",
)

SCHEMAS: dict[str, dict[str, Any]] = {
    "indicators": INDICATORS,
    "nbs_files": NBS_FILES,
    "portal_files": PORTAL_FILES,
    "framework": FRAMEWORK,
    "plan": PLAN,
    "schedule": SCHEDULE,
    "regions": REGIONS,
    "releases": RELEASES,
    "peers": PEERS,
}
"""Each file kind's schema, by the name of its ``docs/schemas/<name>.json``."""


def schema_json(name: str) -> str:
    """The JSON text of schema ``name`` as ``docs/schemas/<name>.json`` holds it.

    Parameters
    ----------
    name
        A key of :data:`SCHEMAS`.

    Returns
    -------
    str
        Indented JSON with ``$schema``, ending in a newline.

    Examples
    --------
    >>> import json
    >>> json.loads(schema_json("plan"))["title"]
    'plan (data/catalog/plans/*.yaml)'
    """
    document = {"$schema": _URL, **SCHEMAS[name]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema to ``folder/<name>.json`` (``docs/schemas``); return the paths.

    Parameters
    ----------
    folder
        Where to write them.

    Returns
    -------
    list[Path]
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> [p.name for p in write_schemas(Path(tempfile.mkdtemp()))][:2]
    ['indicators.json', 'nbs_files.json']
    """
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name in SCHEMAS:
        path = folder / f"{name}.json"
        path.write_text(schema_json(name), encoding="utf-8")
        out.append(path)
    return out


if __name__ == "__main__":  # python -m analytics.catalog._schemas docs/schemas
    import sys

    for written in write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/schemas")):
        print(written)
