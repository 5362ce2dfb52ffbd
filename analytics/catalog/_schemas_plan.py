"""The schemas of a plan (``data/catalog/plans/*.yaml``) and of the report schedule.

Part of the one source of :mod:`analytics.catalog._schemas`; the schedule's limits and job-name
pattern are read by :mod:`analytics.runs._schedule_check` from here.
"""

from __future__ import annotations

from typing import Any, get_args

from analytics._typing import Lang
from analytics.catalog._schema_parts import NAMES, NUMBER, REF, YEAR, enum, obj, text
from analytics.catalog._vocab import ATTRIBUTES, DIRECTIONS, STATUS_WORDS

__all__ = ["JOB_NAME", "LIMITS", "PLAN", "SCHEDULE"]

JOB_NAME = r"^[a-z0-9][a-z0-9_-]{0,63}$"
"""A job name is a safe file name (it names the job's lock file)."""
LIMITS: dict[str, tuple[float, float]] = {
    "retries": (0, 10),
    "backoff": (0, 3600),
    "cell_timeout": (10, 86400),
    "job_timeout": (30, 86400),
}
"""Allowed range of each policy number (retries: count; the others: seconds)."""

# --- plans/*.yaml ----------------------------------------------------------------------------
_QUALIFIER = enum([">", "≥", "≈"], "a published bound: > (超过), ≥ (以上), ≈ (约)")
_VALUE = obj(
    {
        "year": YEAR,
        "value": NUMBER,
        "qualifier": _QUALIFIER,
        "text_zh": text("the goal in words, for a target without a number"),
        "text_en": text(),
        "ref": REF,
        "url": text("an http(s) address"),
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
_PLAN_INDICATOR = obj(
    {
        "id": text("a plain id such as fiveg_base_stations"),
        "area": text("the id of one of the plan's areas"),
        "name_zh": text(),
        "name_en": text(),
        "unit": text("e.g. 个, %, or qualitative"),
        "unit_en": text(),
        "direction": enum(DIRECTIONS, "whether the plan wants it higher or lower"),
        "attribute": enum(ATTRIBUTES, "约束性 binding, 预期性 expected, or not_given"),
        "status": enum(STATUS_WORDS, "a status the plan file states (evidence only)"),
        "baseline": _VALUE,
        "target": _VALUE,
        "milestones": {"type": "array", "items": _VALUE, "description": "interim targets"},
        "evidence": {
            "type": "array",
            "items": obj(
                {"date": _DATE, "text": {"type": "string", "minLength": 1}, "ref": REF},
                ("date", "text", "ref"),
            ),
        },
        "series": text("a store indicator id"),
        "region": _REGION,
        "plan_zh": text(),
        "plan_en": text(),
        "department": obj({"name_zh": text(), "ref": REF}, ("name_zh", "ref")),
    },
    ("id", "area", "name_zh", "name_en", "unit", "direction", "target"),
)
_SOURCE = obj(
    {
        "title": text(),
        "url": text("an http(s) address"),
        "ref": REF,
        "label_zh": text(),
        "label_en": text(),
        "secondary": {"type": "boolean", "description": "known only from a secondary source"},
    }
)
PLAN = obj(
    {
        "id": text("the file name without .yaml"),
        "title_zh": text(),
        "title_en": text(),
        "number": text("the document number, e.g. 津政办发〔2021〕52号"),
        "date": _DATE,
        "period": {
            "type": "array",
            "items": YEAR,
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
            "items": obj({"id": text(), **NAMES}, ("id",)),
        },
        "indicators": {"type": "array", "items": _PLAN_INDICATOR},
        "national": {"type": "array", "items": _PLAN_INDICATOR},
        "context": {
            "type": "array",
            "items": obj(
                {
                    "area": text("the id of one of the plan's areas"),
                    **NAMES,
                    "value": NUMBER,
                    "unit": text(),
                    "unit_en": text(),
                    "year": YEAR,
                    "ref": REF,
                    "quote": text("the plan's sentence, verbatim"),
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
_TZ = text("an IANA time zone such as Asia/Shanghai")


def _listed(item: dict[str, Any], description: str) -> dict[str, Any]:
    """One value or a list of them."""
    return {"type": ["array", *item["type"]], "items": item, "description": description}


_JOB = obj(
    {
        "description": text(),
        "report": text("a report of the registry"),
        "reports": {
            "type": "array",
            "items": {"type": "string"},
            "minItems": 1,
            "description": "reports of the registry, e.g. [plan, fiveg]",
        },
        "cron": text("five fields: minute hour day-of-month month day-of-week, e.g. '0 9 20 * *'"),
        "timezone": _TZ,
        "matrix": obj(
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
        "catchup": {
            "type": "boolean",
            "description": "write true or false, unquoted; false skips slots older than an hour",
        },
        "parameters": {"type": "object", "description": "notebook parameters given to each run"},
        "after": text(
            "a release of data/catalog/releases.yaml (instead of cron): due once its expected "
            "month has come and the store holds figures from it published since"
        ),
        **_POLICY,
    }
)
SCHEDULE = obj(
    {
        "timezone": _TZ,
        "defaults": obj(_POLICY),
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
