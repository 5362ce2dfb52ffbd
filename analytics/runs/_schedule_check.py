"""Validating a schedule's jobs: every problem located, one bad job kept apart from the good ones.

A problem in one job (a cron line that never fires, an unsafe name, an unbounded timeout, a
quoted boolean, a month 13 …) marks that job invalid and leaves the others usable; a problem
that concerns every job (the defaults, the file's time zone, no ``jobs`` at all) concerns the
file.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from croniter import CroniterBadDateError, croniter

from analytics._typing import Lang
from analytics.config import TIMEZONE
from analytics.exceptions import CatalogError, Problem, did_you_mean
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
JOB_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
"""A job name is a safe file name: lower-case letters, digits, ``_`` and ``-`` (no ``..``, no
``/``), because it names the job's lock file."""
CRON_HORIZON_YEARS = 8
"""A cron line must fire within this many years (``0 0 29 2 *`` fires every 4; ``0 0 30 2 *``
never): croniter accepts both, and searching for the second without a bound never ends."""
LIMITS: dict[str, tuple[float, float]] = {
    "retries": (0, 10),
    "backoff": (0, 3600),
    "cell_timeout": (10, 86400),
    "job_timeout": (30, 86400),
}
"""Allowed range of each policy number (retries: count; the others: seconds)."""
_HINTS = {
    "retries": "attempts after the first failure, e.g. 2",
    "backoff": "seconds before the first retry, e.g. 60",
    "cell_timeout": "seconds one notebook cell may run, e.g. 600",
    "job_timeout": "seconds one run may take in all, e.g. 1800",
}
_TOP_KEYS = ("timezone", "defaults", "jobs")
_JOB_KEYS = (
    "description", "report", "reports", "cron", "timezone", "matrix", "catchup", "retries",
    "backoff", "cell_timeout", "job_timeout", "parameters",
)  # fmt: skip
_POLICY_KEYS = ("retries", "backoff", "cell_timeout", "job_timeout")
_MATRIX_KEYS = ("regions", "periods", "langs")
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

    def key_line(self, *keys: str) -> int:
        """The line of the key ``keys[-1]`` (not of its value)."""
        parent = self.node(*keys[:-1])
        if isinstance(parent, yaml.MappingNode):
            for k, _ in parent.value:
                if k.value == keys[-1]:
                    return int(k.start_mark.line) + 1
        return 0

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


def _number(raw: dict[str, Any], key: str, default: float | None, where: _Where,
            keys: tuple[str, ...]) -> tuple[float, list[Problem]]:  # fmt: skip
    value: Any = raw.get(key, default)
    lo, hi = LIMITS[key]
    kinds = (int,) if key == "retries" else (int, float)
    number = isinstance(value, kinds) and not isinstance(value, bool)
    if number and math.isfinite(value) and lo <= value <= hi:
        return float(value), []
    unit = "" if key == "retries" else " seconds"
    whole = "a whole number " if key == "retries" else "a finite number "
    shown = "null" if value is None else repr(value)
    msg = f"`{key}` must be {whole}from {lo:g} to {hi:g}{unit}, not {shown}"
    return float(default or 0), [where.problem((*keys, key), msg, _HINTS[key])]


def _policy(raw: dict[str, Any], base: RunPolicy, where: _Where,
            keys: tuple[str, ...]) -> tuple[RunPolicy, list[Problem]]:  # fmt: skip
    problems: list[Problem] = []
    values: dict[str, float] = {}
    for key in _POLICY_KEYS:
        values[key], more = _number(raw, key, getattr(base, key), where, keys)
        problems += more
    policy = RunPolicy(int(values["retries"]), values["backoff"], values["cell_timeout"],
                       values["job_timeout"])  # fmt: skip
    return policy, problems


def _unknown_keys(raw: dict[str, Any], allowed: tuple[str, ...], where: _Where,
                  keys: tuple[str, ...]) -> list[Problem]:  # fmt: skip
    out = []
    for key in raw:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"did you mean `{close[0]}`?" if close else f"allowed: {', '.join(allowed)}"
            out.append(where.problem((*keys, key), f"unknown key `{key}`", hint))
    return out


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


def _cron(raw: dict[str, Any], tz: str, now: datetime, where: _Where,
          keys: tuple[str, ...]) -> tuple[str | None, list[Problem]]:  # fmt: skip
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


def _matrix(raw: dict[str, Any], where: _Where, keys: tuple[str, ...],
            region_resolver: Callable[[str], str]) -> _Found:  # fmt: skip
    matrix = raw.get("matrix") or {}
    if not isinstance(matrix, dict):
        return {}, [where.problem((*keys, "matrix"), "`matrix` must be a mapping")]
    at = (*keys, "matrix")
    problems = _unknown_keys(matrix, _MATRIX_KEYS, where, at)
    regions: list[str] = []
    if "regions" in matrix and not _as_list(matrix["regions"]):
        problems.append(where.problem((*at, "regions"), "`matrix.regions` names no region",
                                      "list one or more, e.g. [120000], or leave `regions` out "
                                      "for Tianjin"))  # fmt: skip
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
    langs = [str(x) for x in _as_list(matrix.get("langs", ["zh", "en"]))]
    for i, lang in enumerate(langs):
        if lang not in get_args(Lang):
            problems.append(
                where.problem((*at, "langs", i), f"unknown language `{lang}`", "zh or en")
            )
    fields = {
        "regions": tuple(dict.fromkeys(regions)),
        "periods": tuple(dict.fromkeys(periods)),
        "langs": tuple(x for x in dict.fromkeys(langs) if x in get_args(Lang)),
    }
    return fields, problems


def _job(name: str, raw: Any, *, tz_default: str, base: RunPolicy, where: _Where, now: datetime,
         known_reports: Collection[str] | None,
         region_resolver: Callable[[str], str]) -> _Found:  # fmt: skip
    keys: tuple[str, ...] = ("jobs", name)
    problems: list[Problem] = []
    if not JOB_NAME.match(name):
        msg = f"job name {name!r} is not a safe name"
        hint = "use lower-case letters, digits, `_` and `-`: the name becomes a lock file's"
        problems.append(Problem(where.path, where.key_line("jobs", name), 3, msg, hint))
    if not isinstance(raw, dict):
        return {}, [*problems, where.problem(keys, f"job `{name}` must be a mapping")]
    problems += _unknown_keys(raw, _JOB_KEYS, where, keys)
    report_key = "reports" if "reports" in raw else "report"
    if "report" in raw and "reports" in raw:
        problems.append(
            where.problem(
                (*keys, "report"),
                f"job `{name}` gives both `report` and `reports`",
                "keep one: `reports: [a, b]` lists several",
            )
        )
    reports = [str(r) for r in _as_list(raw.get(report_key))]
    if not reports:
        problems.append(
            where.problem(keys, f"job `{name}` names no report", "add `reports: [...]`")
        )
    for i, report in enumerate(reports):
        why = _check_report(report, known_reports)
        if why:
            at: tuple[str | int, ...] = (
                (*keys, report_key, i) if report_key == "reports" else (*keys, report_key)
            )
            problems.append(where.problem(at, why))
    tz, more = _time_zone(raw.get("timezone", tz_default), where, keys)
    cron, more2 = _cron(raw, tz, now, where, keys)
    matrix, more3 = _matrix(raw, where, keys, region_resolver)
    policy, more4 = _policy(raw, base, where, keys)
    catchup = raw.get("catchup", True)
    if not isinstance(catchup, bool):
        msg = f"`catchup` must be true or false, not {catchup!r}"
        problems.append(where.problem((*keys, "catchup"), msg, "write true or false, unquoted"))
    problems += more + more2 + more3 + more4
    fields = {
        "name": name, "reports": tuple(reports), "cron": cron, "timezone": tz, **matrix,
        "policy": policy, "description": str(raw.get("description", "")),
        "catchup": catchup is True,
    }  # fmt: skip
    return fields, problems


def _owner(where: _Where, problem: Problem, names: Collection[str]) -> str | None:
    """The job whose lines hold ``problem`` (None: outside every job)."""
    jobs = where.node("jobs")
    if not isinstance(jobs, yaml.MappingNode):
        return None
    for key, value in jobs.value:
        first, last = key.start_mark.line + 1, value.end_mark.line + 1
        if str(key.value) in names and first <= int(problem.line) <= last:
            return str(key.value)
    return None


def check_schedule(
    path: Path, node: yaml.Node | None, raw: Any, duplicates: list[Problem], *,
    reports: Collection[str] | None, region_resolver: Callable[[str], str], now: datetime,
) -> Checked:  # fmt: skip
    """Check a schedule read by :func:`~analytics.runs._schedule_yaml.read_strict`."""
    where = _Where(path, node)
    out = Checked()
    if not isinstance(raw, dict):
        out.problems.append(
            Problem(path, 1, 1, "the schedule must be a mapping", "see reports/schedule.yaml")
        )
        return out
    out.problems += _unknown_keys(raw, _TOP_KEYS, where, ())
    tz_default, more = _time_zone(raw.get("timezone", TIMEZONE), where, ())
    defaults = raw.get("defaults") or {}
    if not isinstance(defaults, dict):
        more.append(where.problem(("defaults",), "`defaults` must be a mapping"))
        defaults = {}
    base, more2 = _policy(defaults, RunPolicy(), where, ("defaults",))
    out.problems += more + more2 + _unknown_keys(defaults, _POLICY_KEYS, where, ("defaults",))
    jobs_raw = raw.get("jobs")
    if not isinstance(jobs_raw, dict) or not jobs_raw:
        out.problems.append(where.problem(("jobs",), "the schedule has no `jobs` mapping"))
        jobs_raw = {}
    for name, job_raw in jobs_raw.items():
        fields, problems = _job(
            str(name), job_raw, tz_default=tz_default, base=base, where=where, now=now,
            known_reports=reports, region_resolver=region_resolver,
        )  # fmt: skip
        if problems:
            out.invalid[str(name)] = problems
        else:
            out.jobs[str(name)] = fields
    for problem in duplicates:
        owner = _owner(where, problem, set(out.jobs) | set(out.invalid))
        if owner is None:
            out.problems.append(problem)
        else:
            out.jobs.pop(owner, None)
            out.invalid.setdefault(owner, []).append(problem)
    return out
