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

from analytics._typing import Direction, Lang
from analytics.catalog._indicators import DOMAINS, MEASURES
from analytics.catalog._plans import ATTRIBUTES, DIRECTIONS, STATUS_WORDS

__all__ = ["FREQUENCIES", "JOB_NAME", "LIMITS", "SCHEMAS", "schema_json", "write_schemas"]

FREQUENCIES = ("annual", "quarterly", "monthly")
"""An indicator's ``frequency``."""
JOB_NAME = r"^[a-z0-9][a-z0-9_-]{0,63}$"
"""A job name is a safe file name (it names the job's lock file)."""
LIMITS: dict[str, tuple[float, float]] = {
    "retries": (0, 10),
    "backoff": (0, 3600),
    "cell_timeout": (10, 86400),
    "job_timeout": (30, 86400),
}
"""Allowed range of each policy number (retries: count; the others: seconds)."""
_URL = "https://json-schema.org/draft/2020-12/schema"


def _obj(props: dict[str, Any], required: tuple[str, ...] = (), **more: Any) -> dict[str, Any]:
    """A mapping with exactly these keys (``required`` among them)."""
    out = {"type": "object", "properties": props, "additionalProperties": False, **more}
    if required:
        out["required"] = list(required)
    return out


def _text(description: str = "") -> dict[str, Any]:
    return {"type": "string", "description": description} if description else {"type": "string"}


def _enum(words: tuple[str, ...] | list[str], description: str) -> dict[str, Any]:
    return {"enum": list(words), "description": description}


_ID = {
    "type": "string",
    "pattern": r"^[a-z][a-z0-9_]*$",
    "x-message": "id `{value}` is not a plain id",
    "description": "lower-case letters, "
    "digits and _, starting with a letter (e.g. fiveg_base_stations)",
}
_YEAR = {"type": "integer", "minimum": 1949, "maximum": 2100, "description": "a year, e.g. 2025"}
_NUMBER = {"type": "number", "description": "a finite number"}
_REF = _text("where it is said: reference/<file>[:<line>], or a document")

# --- indicators*.yaml ------------------------------------------------------------------------
_TARGET = _obj(
    {
        "region": _text("GB/T 2260 code, quoted: '120000'"),
        "year": _YEAR,
        "value": {"type": ["number", "null"], "description": "null for a qualitative target"},
        "kind": _enum(ATTRIBUTES, "binding (约束性), expected (预期性) or not_given"),
        "qualitative": {
            "enum": [None, "steady_increase", "full_coverage"],
            "description": "the kind of a target without a value",
        },
        "text_zh": _text(),
        "text_en": _text(),
        "plan": _text("the plan that sets it"),
        "source": _REF,
        "caveat": {"type": ["string", "null"]},
    },
    ("region", "year", "value", "kind", "qualitative", "text_zh", "text_en", "plan", "source"),
)
_INDICATOR = _obj(
    {
        "id": _ID,
        "name_zh": _text("the Chinese name"),
        "name_en": _text("the English name"),
        "unit": _text("the unit of a level, e.g. 亿元"),
        "unit_en": _text("the unit in English"),
        "frequency": _enum(FREQUENCIES, "how often a value is published"),
        "direction": _enum(get_args(Direction), "whether a higher value is better"),
        "domain": _enum(DOMAINS, "the plan's area"),
        "measures": {
            "type": "array",
            "minItems": 1,
            "items": _enum(MEASURES, "a measure"),
            "description": "the measures the store holds",
        },
        "nonnegative": {"type": "boolean", "description": "whether a negative value is refused"},
        "description": _text(),
        "source": _text("where the series comes from"),
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
    "items": _obj(
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
            "variants": _text("other names, separated by |"),
        },
        ("code", "name_zh", "short_zh", "name_en", "variants"),
    ),
}

# --- nbs_files.yaml and portal_files.yaml ----------------------------------------------------
_NAME_RULE = {
    "anyOf": [
        {"type": "string", "description": "a catalog id"},
        _obj(
            {"indicator": _text("a catalog id"), "measure": _enum(MEASURES, "a measure")},
            ("indicator",),
        ),
    ],
    "description": "a catalog id, or {indicator: id, measure: m}",
}
_NBS_FILE = _obj(
    {
        "indicator": _text("the catalog id, for a file that names no indicator"),
        "measure": _enum(MEASURES, "the measure of that indicator"),
        "region": _text("the GB/T 2260 code, for a file of one province it does not name"),
        "period": _text("the period, for a file whose 时间 line is blank"),
        "skip": _text("why the file is not imported"),
        "note": _text(),
        "vintage": _text("the release label (set by `analytics data add`)"),
        "names": {"type": "object", "additionalProperties": _NAME_RULE},
        "added": _text("the date `analytics data add` took it in"),
        "sha256": {
            "type": "string",
            "pattern": "^[0-9a-f]{64}$",
            "x-message": "`sha256: {value}` is not 64 hex digits",
        },
        "source": _text(),
    }
)
NBS_FILES = _obj(
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
    "items": _obj(
        {
            "panel": _text(),
            "capture": _text(),
            "table": _text(),
            "cid": _text(),
            "added": _text(),
            "sha256": NBS_FILES["properties"]["files"]["additionalProperties"]["properties"][
                "sha256"
            ],
            "capture_sha256": _text(),
            "vintage": _text(),
            "columns": {"type": "object", "additionalProperties": {"type": "string"}},
        },
        ("panel", "capture", "table", "added", "sha256"),
    ),
}

# --- frameworks/*.yaml -----------------------------------------------------------------------
_NAMES = {"name_zh": _text(), "name_en": _text()}
FRAMEWORK = _obj(
    {
        "id": _ID,
        **_NAMES,
        "source": _text(),
        "nodes": {
            "type": "array",
            "minItems": 1,
            "x-unique": "id",
            "items": _obj(
                {"id": _ID, "parent": _text("the aggregate above"), "weight": _NUMBER, **_NAMES},
                ("id",),
            ),
        },
        "indicators": {
            "type": "array",
            "minItems": 1,
            "x-unique": "id",
            "items": _obj(
                {
                    "id": _text("a catalog id"),
                    "parent": _text("its aggregate"),
                    "weight": _NUMBER,
                    "direction": _enum(
                        ["higher_is_better", "lower_is_better", "+", "-"], "how the index reads it"
                    ),
                    **_NAMES,
                },
                ("id", "parent"),
            ),
        },
    },
    ("id", "nodes", "indicators"),
    title="index framework (data/catalog/frameworks/*.yaml)",
)

# --- plans/*.yaml ----------------------------------------------------------------------------
_QUALIFIER = _enum([">", "≥", "≈"], "a published bound: > (超过), ≥ (以上), ≈ (约)")
_VALUE = _obj(
    {
        "year": _YEAR,
        "value": _NUMBER,
        "qualifier": _QUALIFIER,
        "text_zh": _text("the goal in words, for a target without a number"),
        "text_en": _text(),
        "ref": _REF,
        "url": _text("an http(s) address"),
    },
    ("year",),
)
_DATE = {
    "type": "string",
    "pattern": r"^(\d{4}(-\d{2}(-\d{2})?)?)?$",
    "x-message": "`{name}: {value}` is not a date",
    "description": "YYYY, YYYY-MM or YYYY-MM-DD",
}
_REGION = {"type": ["string", "integer"], "description": "a GB/T 2260 code or a region's name"}
_PLAN_INDICATOR = _obj(
    {
        "id": _text("a plain id such as fiveg_base_stations"),
        "area": _text("the id of one of the plan's areas"),
        "name_zh": _text(),
        "name_en": _text(),
        "unit": _text("e.g. 个, %, or qualitative"),
        "unit_en": _text(),
        "direction": _enum(DIRECTIONS, "whether the plan wants it higher or lower"),
        "attribute": _enum(ATTRIBUTES, "约束性 binding, 预期性 expected, or not_given"),
        "status": _enum(STATUS_WORDS, "a status the plan file states (evidence only)"),
        "baseline": _VALUE,
        "target": _VALUE,
        "milestones": {"type": "array", "items": _VALUE, "description": "interim targets"},
        "evidence": {
            "type": "array",
            "items": _obj(
                {"date": _DATE, "text": {"type": "string", "minLength": 1}, "ref": _REF},
                ("date", "text", "ref"),
            ),
        },
        "series": _text("a store indicator id"),
        "region": _REGION,
        "plan_zh": _text(),
        "plan_en": _text(),
        "department": _obj({"name_zh": _text(), "ref": _REF}, ("name_zh", "ref")),
    },
    ("id", "area", "name_zh", "name_en", "unit", "direction", "target"),
)
_SOURCE = _obj(
    {
        "title": _text(),
        "url": _text("an http(s) address"),
        "ref": _REF,
        "label_zh": _text(),
        "label_en": _text(),
        "secondary": {"type": "boolean", "description": "known only from a secondary source"},
    }
)
PLAN = _obj(
    {
        "id": _text("the file name without .yaml"),
        "title_zh": _text(),
        "title_en": _text(),
        "number": _text("the document number, e.g. 津政办发〔2021〕52号"),
        "date": _DATE,
        "period": {
            "type": "array",
            "items": _YEAR,
            "minItems": 2,
            "maxItems": 2,
            "description": "[first year, last year], e.g. [2021, 2025]",
        },
        "region": {"anyOf": [_REGION, {"type": "array", "items": _REGION, "minItems": 1}]},
        "source": _SOURCE,
        "targets_source": _SOURCE,
        "areas": {
            "type": "array",
            "minItems": 1,
            "x-unique": "id",
            "items": _obj({"id": _text(), **_NAMES}, ("id",)),
        },
        "indicators": {"type": "array", "items": _PLAN_INDICATOR},
        "national": {"type": "array", "items": _PLAN_INDICATOR},
        "context": {
            "type": "array",
            "items": _obj(
                {
                    "area": _text("the id of one of the plan's areas"),
                    **_NAMES,
                    "value": _NUMBER,
                    "unit": _text(),
                    "unit_en": _text(),
                    "year": _YEAR,
                    "ref": _REF,
                    "quote": _text("the plan's sentence, verbatim"),
                    "qualifier": _QUALIFIER,
                },
                ("area", "value", "year"),
            ),
        },
    },
    ("id", "title_zh", "title_en", "number", "period", "region", "areas", "indicators"),
    title="plan (data/catalog/plans/*.yaml)",
)

# --- reports/schedule.yaml -------------------------------------------------------------------
_POLICY_HINTS = {
    "retries": "attempts after the first failure, e.g. 2",
    "backoff": "seconds before the first retry, e.g. 60",
    "cell_timeout": "seconds one notebook cell may run, e.g. 600",
    "job_timeout": "seconds one run may take in all, e.g. 1800",
}
_POLICY = {
    key: {
        "type": "integer" if key == "retries" else "number",
        "minimum": low,
        "maximum": high,
        "description": _POLICY_HINTS[key],
        **({} if key == "retries" else {"x-unit": "seconds"}),
    }
    for key, (low, high) in LIMITS.items()
}
_TZ = _text("an IANA time zone such as Asia/Shanghai")


def _listed(item: dict[str, Any], description: str) -> dict[str, Any]:
    """One value or a list of them."""
    return {"type": ["array", *item["type"]], "items": item, "description": description}


_JOB = _obj(
    {
        "description": _text(),
        "report": _text("a report of the registry"),
        "reports": {
            "type": "array",
            "items": {"type": "string"},
            "minItems": 1,
            "description": "reports of the registry, e.g. [plan, fiveg]",
        },
        "cron": _text("five fields: minute hour day-of-month month day-of-week, e.g. '0 9 20 * *'"),
        "timezone": _TZ,
        "matrix": _obj(
            {
                "regions": {
                    **_listed({"type": ["string", "integer"]}, "regions by code or name"),
                    "minItems": 1,
                },
                "periods": _listed(
                    {"type": ["string", "integer"]},
                    "latest, latest-quarter, latest-month, 2023, 2023Q4, 2023-12",
                ),
                "langs": {
                    **_listed({"type": ["string"], "enum": list(get_args(Lang))}, "zh or en")
                },
            }
        ),
        "catchup": {"type": "boolean", "description": "false: skip slots older than an hour"},
        "parameters": {"type": "object", "description": "notebook parameters given to each run"},
        **_POLICY,
    }
)
SCHEDULE = _obj(
    {
        "timezone": _TZ,
        "defaults": _obj(_POLICY),
        "jobs": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {
                "pattern": JOB_NAME,
                "x-message": "job name {value!r} is not a safe name",
                "description": "use lower-case letters, digits, `_` and `-`: the name becomes "
                "a lock file's",
            },
            "additionalProperties": _JOB,
        },
    },
    ("jobs",),
    title="report schedule (reports/schedule.yaml)",
)

SCHEMAS: dict[str, dict[str, Any]] = {
    "indicators": INDICATORS,
    "nbs_files": NBS_FILES,
    "portal_files": PORTAL_FILES,
    "framework": FRAMEWORK,
    "plan": PLAN,
    "schedule": SCHEDULE,
    "regions": REGIONS,
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
