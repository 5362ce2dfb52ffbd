"""Validating a schedule's jobs: every problem located, one bad job kept apart from the good ones.

The structure (keys, types, ranges, the job names, the languages) is the schedule's JSON Schema
(:data:`analytics.catalog._schemas.SCHEDULE`, checked by :mod:`analytics.catalog._schema`, the
mechanism every catalog file uses). What a schema cannot say is checked here, on the jobs the
schema passed: a cron line that croniter parses and that fires, a time zone that exists, reports
in the registry, regions in the region catalog, period labels. A problem in one job marks that
job invalid and leaves the others usable; a problem outside every job concerns the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from croniter import CroniterBadDateError, croniter

from analytics.catalog._schema import schema_problems
from analytics.catalog._schemas import JOB_NAME as _JOB_NAME
from analytics.catalog._schemas import LIMITS, SCHEDULE
from analytics.config import TIMEZONE
from analytics.exceptions import CatalogError, DataValidationError, Problem, did_you_mean
from analytics.runs.runner import RunPolicy

__all__ = [
    "CRON_HORIZON_YEARS",
    "JOB_NAME",
    "LATEST",
    "LIMITS",
    "Checked",
    "check_period",
    "check_schedule",
    "fires_within",
]

LATEST = {
    "latest": r"^\d{4}$",
    "latest-quarter": r"^\d{4}Q[1-4]$",
    "latest-month": r"^\d{4}-\d{2}$",
}
JOB_NAME = re.compile(_JOB_NAME)
"""A job name is a safe file name: lower-case letters, digits, ``_`` and ``-`` (no ``..``, no
``/``), because it names the job's lock file."""
CRON_HORIZON_YEARS = 8
"""A cron line must fire within this many years (``0 0 29 2 *`` fires every 4; ``0 0 30 2 *``
never): croniter accepts both, and searching for the second without a bound never ends."""
_POLICY_KEYS = tuple(LIMITS)
_PERIOD_HINT = (
    "latest, latest-quarter, latest-month, or 2023, 2023Q4, 2023-12 (months 01–12), 2023-01/02"
)


@dataclass
class Checked:
    """The outcome: usable jobs' fields, invalid jobs with their problems, file problems."""

    jobs: dict[str, dict[str, Any]] = field(default_factory=dict)
    invalid: dict[str, list[Problem]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class _Where:
    """Line/column lookup in the YAML node tree, for error messages."""

    def __init__(self, path: Path, root: yaml.Node | None) -> None:
        self.path, self.root = path, root

    def node(self, *keys: str | int) -> yaml.Node | None:
        node = self.root
        for key in keys:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == key), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                node = node.value[key] if key < len(node.value) else None
            else:
                return node
            if node is None:
                return None
        return node

    def problem(self, keys: tuple[str | int, ...], message: str, hint: str = "") -> Problem:
        node = self.node(*keys)
        line = node.start_mark.line + 1 if node is not None else 0
        column = node.start_mark.column + 1 if node is not None else 0
        return Problem(self.path, line, column, message, hint)


def fires_within(cron: str, tz: str, after: datetime, years: int = CRON_HORIZON_YEARS) -> bool:
    """Whether ``cron`` fires within ``years`` after ``after`` (a bounded search).

    Examples
    --------
    >>> t = datetime(2026, 11, 28)
    >>> fires_within("0 0 29 2 *", "UTC", t), fires_within("0 0 30 2 *", "UTC", t)
    (True, False)
    """
    try:
        start = after.astimezone(ZoneInfo(tz)) if after.tzinfo else after
        croniter(cron, start, max_years_between_matches=years).get_next(datetime)
    except CroniterBadDateError:
        return False
    return True


def check_period(period: str) -> str | None:
    """Why ``period`` is not a period or ``latest`` keyword (None when it is).

    Examples
    --------
    >>> check_period("2023-12") is None, check_period("latest") is None
    (True, True)
    >>> check_period("2023-13")
    "period '2023-13' is not a valid period label (expected '2023', '2023Q4', '2023-12' or a combined release '2023-01/02')"
    """  # noqa: E501
    from analytics.stats.periods import Period, PeriodError

    if period in LATEST:
        return None
    try:
        Period.parse(period)
    except PeriodError as err:
        return str(err)
    return None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _policy(raw: dict[str, Any], base: RunPolicy) -> RunPolicy:
    """The policy of a job (or of ``defaults``) the schema passed: its numbers, else ``base``'s."""
    values = {key: raw.get(key, getattr(base, key)) for key in _POLICY_KEYS}
    return RunPolicy(
        int(values["retries"]),
        float(values["backoff"]),
        float(values["cell_timeout"]),
        float(values["job_timeout"]),
    )


def _check_report(name: str, known: Collection[str] | None) -> str | None:
    if known is not None:
        if name in known:
            return None
        hint = did_you_mean(name, known, otherwise=f" (known: {', '.join(known)})")
        return f"unknown report `{name}`{hint}"
    from analytics.runs.registry import get_report

    try:
        get_report(name)
    except CatalogError as err:
        return str(err)
    return None


def _time_zone(value: Any, where: _Where, keys: tuple[str, ...]) -> tuple[str, list[Problem]]:
    tz = str(value)
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        hint = "an IANA name such as Asia/Shanghai"
        return TIMEZONE, [where.problem((*keys, "timezone"), f"unknown time zone `{tz}`", hint)]
    return tz, []


def _cron(
    raw: dict[str, Any], tz: str, now: datetime, where: _Where, keys: tuple[str, ...]
) -> tuple[str | None, list[Problem]]:
    cron = raw.get("cron")
    if cron is None:
        return None, []
    at = (*keys, "cron")
    hint = "five fields: minute hour day-of-month month day-of-week, e.g. '0 9 20 * *'"
    if not isinstance(cron, str) or len(cron.split()) != 5 or not croniter.is_valid(cron):
        return None, [where.problem(at, f"bad cron expression {cron!r} in job `{keys[-1]}`", hint)]
    if not fires_within(cron, tz, now):
        msg = (
            f"cron expression {cron!r} never fires (no time in the next {CRON_HORIZON_YEARS} years)"
        )
        return None, [
            where.problem(at, msg, "check the day and month: e.g. there is no 30 February")
        ]
    return cron, []


_Found = tuple[dict[str, Any], list[Problem]]


def _matrix(
    raw: dict[str, Any], where: _Where, keys: tuple[str, ...], region_resolver: Callable[[str], str]
) -> _Found:
    """Regions that resolve and period labels that parse (the schema checked the rest)."""
    matrix = raw.get("matrix") or {}
    at = (*keys, "matrix")
    problems: list[Problem] = []
    regions: list[str] = []
    for i, region in enumerate(_as_list(matrix.get("regions", ["120000"]))):
        try:
            regions.append(region_resolver(str(region)))
        except CatalogError as err:
            problems.append(where.problem((*at, "regions", i), str(err)))
    periods = [str(p) for p in _as_list(matrix.get("periods", ["latest"]))]
    for i, period in enumerate(periods):
        if check_period(period):
            msg = f"bad period `{period}`: not a period label or latest keyword"
            problems.append(where.problem((*at, "periods", i), msg, _PERIOD_HINT))
    fields = {
        "regions": tuple(dict.fromkeys(regions)),
        "periods": tuple(dict.fromkeys(periods)),
        "langs": tuple(dict.fromkeys(str(x) for x in _as_list(matrix.get("langs", ["zh", "en"])))),
    }
    return fields, problems


def _reports(
    name: str, raw: dict[str, Any], where: _Where, known: Collection[str] | None
) -> tuple[list[str], list[Problem]]:
    """One of `report` and `reports`, naming reports of the registry."""
    keys = ("jobs", name)
    if "report" in raw and "reports" in raw:
        hint = "keep one: `reports: [a, b]` lists several"
        msg = f"job `{name}` gives both `report` and `reports`"
        return [], [where.problem((*keys, "report"), msg, hint)]
    key = "reports" if "reports" in raw else "report"
    reports = [str(r) for r in _as_list(raw.get(key))]
    if not reports:
        return [], [where.problem(keys, f"job `{name}` names no report", "add `reports: [...]`")]
    problems = []
    for i, report in enumerate(reports):
        why = _check_report(report, known)
        if why:
            problems.append(
                where.problem((*keys, key, i) if key == "reports" else (*keys, key), why)
            )
    return reports, problems


def _job(
    name: str,
    raw: dict[str, Any],
    *,
    tz_default: str,
    base: RunPolicy,
    where: _Where,
    now: datetime,
    known_reports: Collection[str] | None,
    region_resolver: Callable[[str], str],
) -> _Found:
    """A job the schema passed, checked for what the schema cannot say."""
    keys: tuple[str, ...] = ("jobs", name)
    reports, problems = _reports(name, raw, where, known_reports)
    tz, more = _time_zone(raw.get("timezone", tz_default), where, keys)
    cron, more2 = _cron(raw, tz, now, where, keys)
    matrix, more3 = _matrix(raw, where, keys, region_resolver)
    after, more4 = _after(raw, where, keys)
    problems += more + more2 + more3 + more4
    fields = {
        "name": name,
        "reports": tuple(reports),
        "cron": cron,
        "timezone": tz,
        **matrix,
        "policy": _policy(raw, base),
        "description": str(raw.get("description", "")),
        "catchup": raw.get("catchup", True) is True,
        "after": after,
    }
    return fields, problems


def _after(
    raw: dict[str, Any], where: _Where, keys: tuple[str, ...]
) -> tuple[str | None, list[Problem]]:
    """``after: <release id>``: a release of the calendar, and no ``cron`` beside it."""
    after = raw.get("after")
    if after is None:
        return None, []
    at = (*keys, "after")
    if raw.get("cron") is not None:
        msg = f"job `{keys[-1]}` gives both `cron` and `after`"
        return None, [where.problem(at, msg, "keep one: a job keyed to a release has no cron")]
    from analytics.catalog.releases import load_releases

    try:
        ids = [r.id for r in load_releases().releases]
    except DataValidationError as err:
        return None, [where.problem(at, f"the release calendar has problems: {err.problems[0]}")]
    if str(after) not in ids:
        hint = did_you_mean(str(after), ids, otherwise=" (see data/catalog/releases.yaml)")
        return None, [where.problem(at, f"unknown release `{after}`{hint}")]
    return str(after), []


def _owner(where: _Where, problem: Problem, names: Collection[str]) -> str | None:
    """The job whose lines hold ``problem`` (None: outside every job)."""
    jobs = where.node("jobs")
    if not isinstance(jobs, yaml.MappingNode):
        return None
    line, owner = int(problem.line), None
    for key, value in jobs.value:  # the last job that starts at or before the line
        first, last = key.start_mark.line + 1, value.end_mark.line + 1
        if str(key.value) in names and first <= line <= last:
            owner = str(key.value)
    return owner


def check_schedule(
    path: Path,
    node: yaml.Node | None,
    raw: Any,
    duplicates: list[Problem],
    *,
    reports: Collection[str] | None,
    region_resolver: Callable[[str], str],
    now: datetime,
) -> Checked:
    """Check a schedule read by :func:`~analytics.runs._schedule_yaml.read_strict`.

    Parameters
    ----------
    path
        The schedule file.
    node
        Its YAML node tree (for locations).
    raw
        Its data.
    duplicates
        The keys given twice, found while reading.
    reports
        Known report names (default: the registry).
    region_resolver
        Name or code → GB/T 2260 code.
    now
        The time from which cron lines must fire.

    Returns
    -------
    Checked
        The usable jobs' fields, the invalid jobs with their problems, the file's problems.
    """
    where = _Where(path, node)
    out = Checked()
    jobs = raw.get("jobs") if isinstance(raw, dict) else None
    names = {str(n) for n in jobs} if isinstance(jobs, dict) else set()
    for problem in [*schema_problems(path, node, raw, SCHEDULE), *duplicates]:
        owner = _owner(where, problem, names)
        if owner is None:
            out.problems.append(problem)
        else:
            out.invalid.setdefault(owner, []).append(problem)
    if not isinstance(raw, dict) or out.problems:
        return out
    tz_default, more = _time_zone(raw.get("timezone", TIMEZONE), where, ())
    out.problems += more
    base = _policy(raw.get("defaults") or {}, RunPolicy())
    for name, job_raw in raw["jobs"].items():
        if str(name) in out.invalid:
            continue
        fields, problems = _job(
            str(name),
            job_raw,
            tz_default=tz_default,
            base=base,
            where=where,
            now=now,
            known_reports=reports,
            region_resolver=region_resolver,
        )
        if problems:
            out.invalid[str(name)] = problems
        else:
            out.jobs[str(name)] = fields
    return out
