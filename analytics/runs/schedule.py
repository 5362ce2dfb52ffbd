"""Report schedules: ``reports/schedule.yaml``, validated on load, and what is due when.

A job names its reports, a cron expression (none for a manual job), a time zone (default
Asia/Shanghai), a parameter matrix (regions × periods × languages; ``latest`` is resolved from the
store at run time), retries with backoff and per-cell and per-job timeouts::

    timezone: Asia/Shanghai
    defaults: {retries: 2, backoff: 60, cell_timeout: 600, job_timeout: 1800}
    jobs:
      monthly:
        reports: [fiveg, industry]
        cron: "0 9 20 * *"
        matrix: {regions: [Tianjin], periods: [latest], langs: [zh, en]}

Every problem in the file is reported at once, each with its file and line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from croniter import croniter

from analytics._typing import Lang
from analytics.config import TIMEZONE, reports_dir
from analytics.exceptions import (
    AnalyticsError,
    CatalogError,
    DataValidationError,
    Problem,
    did_you_mean,
)
from analytics.runs.runner import RunPolicy, RunRequest

__all__ = [
    "Job",
    "Lang",
    "LatestResolver",
    "Schedule",
    "default_schedule_path",
    "has_headline_data",
    "load_schedule",
    "resolve_latest",
]

LatestResolver = Callable[[str, str], str]
"""``(region_code, latest_keyword) -> period``; the keyword is ``latest``, ``latest-quarter``
or ``latest-month``."""

_LATEST = {
    "latest": r"^\d{4}$",
    "latest-quarter": r"^\d{4}Q[1-4]$",
    "latest-month": r"^\d{4}-\d{2}$",
}
_PERIOD = re.compile(r"^\d{4}(Q[1-4]|-\d{2}(/\d{2})?)?$")
_TOP_KEYS = ("timezone", "defaults", "jobs")
_JOB_KEYS = (
    "description",
    "report",
    "reports",
    "cron",
    "timezone",
    "matrix",
    "catchup",
    "retries",
    "backoff",
    "cell_timeout",
    "job_timeout",
)
_POLICY_KEYS = ("retries", "backoff", "cell_timeout", "job_timeout")
_MATRIX_KEYS = ("regions", "periods", "langs")
_CATCHUP_GRACE = timedelta(hours=1)


def default_schedule_path(root: Path | None = None) -> Path:
    """``reports/schedule.yaml`` under the project root.

    Examples
    --------
    >>> default_schedule_path(Path("/srv/wb")).as_posix()
    '/srv/wb/reports/schedule.yaml'
    """
    return reports_dir(root) / "schedule.yaml"


@dataclass(frozen=True)
class Job:
    """One scheduled (or manual, ``cron is None``) job.

    Examples
    --------
    >>> job = Job("m", ("fiveg",), "0 9 20 * *", "Asia/Shanghai", ("120000",), ("2023",),
    ...           ("zh", "en"), RunPolicy())
    >>> str(job.next_time(datetime(2026, 11, 23, tzinfo=ZoneInfo("Asia/Shanghai"))))
    '2026-12-20 09:00:00+08:00'
    >>> [r.label for r in job.requests()]
    ['fiveg 120000 2023 zh', 'fiveg 120000 2023 en']
    """

    name: str
    reports: tuple[str, ...]
    cron: str | None
    timezone: str
    regions: tuple[str, ...]
    periods: tuple[str, ...]
    langs: tuple[Lang, ...]
    policy: RunPolicy
    description: str = ""
    catchup: bool = True

    @property
    def tz(self) -> ZoneInfo:
        """The job's time zone."""
        return ZoneInfo(self.timezone)

    def next_time(self, after: datetime) -> datetime | None:
        """The first slot strictly after ``after`` (None for a manual job)."""
        if self.cron is None:
            return None
        nxt: datetime = croniter(self.cron, after.astimezone(self.tz)).get_next(datetime)
        return nxt

    def last_slot(self, now: datetime) -> datetime | None:
        """The latest slot at or before ``now`` (None for a manual job)."""
        if self.cron is None:
            return None
        base = now.astimezone(self.tz) + timedelta(seconds=1)
        prev: datetime = croniter(self.cron, base).get_prev(datetime)
        return prev

    def requests(
        self, *, slot: str | None = None, resolve: LatestResolver | None = None
    ) -> list[RunRequest]:
        """The runs of the job's matrix, reports × regions × periods × languages.

        ``latest`` periods are resolved per region with ``resolve`` (default
        :func:`resolve_latest`, from the store).
        """
        out: list[RunRequest] = []
        for report in self.reports:
            resolver = resolve or _headline_resolver(report)
            for region in self.regions:
                for period in self.periods:
                    p = resolver(region, period) if period in _LATEST else period
                    for lang in self.langs:
                        out.append(
                            RunRequest(report, region, p, lang, self.name, slot, self.policy)
                        )
        return list(dict.fromkeys(out))


@dataclass(frozen=True)
class Schedule:
    """The loaded schedule file."""

    path: Path
    jobs: dict[str, Job]

    def job(self, name: str) -> Job:
        """A job by name; :class:`CatalogError` with a close-match hint when unknown."""
        if name in self.jobs:
            return self.jobs[name]
        hint = did_you_mean(name, self.jobs, otherwise=f" (jobs: {', '.join(self.jobs)})")
        raise CatalogError(f"unknown job `{name}` in {self.path}{hint}")

    def due(self, now: datetime, *, done: Callable[[str, str], bool]) -> list[tuple[Job, str]]:
        """Jobs with a slot at or before ``now`` that has not run (``done(job, slot)`` False).

        Only the latest slot of each job counts: after downtime a missed slot runs once, not
        once per missed slot. A job with ``catchup: false`` skips a slot older than an hour.
        """
        out = []
        for job in self.jobs.values():
            slot = job.last_slot(now)
            if slot is None or done(job.name, slot.isoformat()):
                continue
            if not job.catchup and now - slot > _CATCHUP_GRACE:
                continue
            out.append((job, slot.isoformat()))
        return out


def _periods(region: str, indicator: str | None, data_dir: Path | None) -> list[str]:
    import polars as pl

    from analytics.io import read_series, scan_store

    if indicator is not None:  # its first measure (level, share…) in the default vintage
        from analytics.catalog import get_indicator

        measure = get_indicator(indicator).measures[0]
        frame = read_series(indicator, regions=region, measure=measure, data_dir=data_dir)
        return [str(p) for p in frame.filter(pl.col("value").is_not_null())["period"].unique()]
    lf = scan_store(data_dir=data_dir).filter(
        pl.col("region") == region, pl.col("value").is_not_null()
    )
    return [str(p) for p in lf.select(pl.col("period").unique()).collect()["period"].to_list()]


def resolve_latest(
    region: str,
    keyword: str = "latest",
    *,
    data_dir: Path | None = None,
    indicator: str | None = None,
) -> str:
    """The latest period with observations for a region in the store.

    ``latest`` is the latest year (for a headline indicator, the year of its latest figure: a
    count stated for March 2024 makes 2024 current), ``latest-quarter`` the latest quarter,
    ``latest-month`` the latest month; periods are compared as dates, never as text. With
    ``indicator`` (a report's headline, e.g. ``gdp`` for the industry report) only that
    indicator's values count; a region without any falls back to its latest year of any
    indicator (its report then says what is missing, and :func:`has_headline_data` keeps it
    from being called up to date).
    """
    import polars as pl

    from analytics.stats.periods import Period

    try:
        periods = _periods(region, indicator, data_dir)
        headline = bool(periods) and indicator is not None
        if not periods and indicator is not None:
            periods = _periods(region, None, data_dir)
    except (ImportError, OSError, pl.exceptions.PolarsError) as err:
        raise AnalyticsError(
            f"cannot resolve `{keyword}` for region {region}: the store is not readable ({err})"
            " — build it with `analytics data build`"
        ) from err
    if keyword == "latest" and headline:  # a headline stated for March 2024 makes 2024 current
        matching = sorted({str(Period.parse(p).year) for p in periods if _PERIOD.match(p)})
    else:
        pattern = re.compile(_LATEST[keyword])
        matching = sorted((p for p in periods if pattern.match(p)), key=Period.parse)
    if not matching:
        raise AnalyticsError(
            f"no {keyword.replace('latest', 'period')} for region {region} in the store"
        )
    return str(matching[-1])


def has_headline_data(
    report: str, region: str, period: str, *, data_dir: Path | None = None
) -> bool:
    """Whether ``region`` has any value of ``report``'s headline indicator up to ``period``.

    A report without one still runs and says what is missing, but is not "up to date".
    """
    from analytics.runs.registry import REPORTS
    from analytics.stats.periods import Period

    spec = REPORTS.get(report)
    if spec is None or spec.headline is None:
        return True
    end = Period.parse(period).end if _PERIOD.match(period) else None
    return any(
        end is None or Period.parse(p).end <= end
        for p in _periods(region, spec.headline, data_dir)
        if _PERIOD.match(p)
    )


def _headline_resolver(report: str) -> LatestResolver:
    """`latest` for ``report``: the latest year of its headline indicator, if it has one."""
    from analytics.runs.registry import REPORTS

    spec = REPORTS.get(report)
    headline = spec.headline if spec is not None else None
    return lambda region, keyword: resolve_latest(region, keyword, indicator=headline)


# --- loading and validation ------------------------------------------------------------------


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


def _check_report(name: str, known: Collection[str] | None) -> str | None:
    if known is not None:
        if name in known:
            return None
        hint = did_you_mean(name, known, otherwise=f" (known: {', '.join(known)})")
        return f"unknown report `{name}`{hint}"
    try:
        from analytics.runs.registry import get_report
    except ImportError:  # pragma: no cover
        return None
    try:
        get_report(name)
    except CatalogError as err:
        return str(err)
    return None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _number(
    raw: dict[str, Any], key: str, default: float | None, where: _Where, keys: tuple[str, ...]
) -> tuple[float | None, list[Problem]]:
    value = raw.get(key, default)
    if value is None:
        return None, []
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        msg = f"`{key}` must be a non-negative number of seconds, not {value!r}"
        return default, [where.problem((*keys, key), msg, "e.g. 600, or null for none")]
    return float(value), []


def _policy(
    raw: dict[str, Any], base: RunPolicy, where: _Where, keys: tuple[str, ...]
) -> tuple[RunPolicy, list[Problem]]:
    problems: list[Problem] = []
    retries = raw.get("retries", base.retries)
    if isinstance(retries, bool) or not isinstance(retries, int) or not 0 <= retries <= 10:
        problems.append(
            where.problem((*keys, "retries"), f"`retries` must be 0–10, not {retries!r}")
        )
        retries = base.retries
    backoff, p1 = _number(raw, "backoff", base.backoff, where, keys)
    cell, p2 = _number(raw, "cell_timeout", base.cell_timeout, where, keys)
    job, p3 = _number(raw, "job_timeout", base.job_timeout, where, keys)
    policy = RunPolicy(retries, backoff or 0.0, cell, job)
    return policy, problems + p1 + p2 + p3


def _unknown_keys(
    raw: dict[str, Any], allowed: tuple[str, ...], where: _Where, keys: tuple[str, ...]
) -> list[Problem]:
    out = []
    for key in raw:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"did you mean `{close[0]}`?" if close else f"allowed: {', '.join(allowed)}"
            out.append(where.problem((*keys, key), f"unknown key `{key}`", hint))
    return out


def _job(
    name: str,
    raw: Any,
    *,
    tz_default: str,
    base: RunPolicy,
    where: _Where,
    known_reports: Collection[str] | None,
    region_resolver: Callable[[str], str],
) -> tuple[Job | None, list[Problem]]:
    keys: tuple[str, ...] = ("jobs", name)
    if not isinstance(raw, dict):
        return None, [where.problem(keys, f"job `{name}` must be a mapping")]
    problems = _unknown_keys(raw, _JOB_KEYS, where, keys)
    report_key = "reports" if "reports" in raw else "report"
    reports = [str(r) for r in _as_list(raw.get(report_key))]
    if not reports:
        problems.append(
            where.problem(keys, f"job `{name}` names no report", "add `reports: [...]`")
        )
    for i, report in enumerate(reports):
        msg = _check_report(report, known_reports)
        if msg:
            at: tuple[str | int, ...] = (*keys, report_key)
            if report_key == "reports":
                at = (*at, i)
            problems.append(where.problem(at, msg))
    cron = raw.get("cron")
    if cron is not None and (not isinstance(cron, str) or not croniter.is_valid(cron)):
        problems.append(
            where.problem(
                (*keys, "cron"),
                f"bad cron expression {cron!r} in job `{name}`",
                "five fields: minute hour day-of-month month day-of-week, e.g. '0 9 20 * *'",
            )
        )
        cron = None
    tz = str(raw.get("timezone", tz_default))
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(where.problem((*keys, "timezone"), f"unknown time zone `{tz}`",
                                      "an IANA name such as Asia/Shanghai"))  # fmt: skip
        tz = TIMEZONE
    matrix = raw.get("matrix") or {}
    if not isinstance(matrix, dict):
        problems.append(where.problem((*keys, "matrix"), "`matrix` must be a mapping"))
        matrix = {}
    problems += _unknown_keys(matrix, _MATRIX_KEYS, where, (*keys, "matrix"))
    regions: list[str] = []
    for i, region in enumerate(_as_list(matrix.get("regions", ["120000"]))):
        try:
            regions.append(region_resolver(str(region)))
        except CatalogError as err:
            problems.append(where.problem((*keys, "matrix", "regions", i), str(err)))
    periods = [str(p) for p in _as_list(matrix.get("periods", ["latest"]))]
    for i, period in enumerate(periods):
        if period not in _LATEST and not _PERIOD.match(period):
            problems.append(where.problem(
                (*keys, "matrix", "periods", i), f"bad period `{period}`",
                "latest, latest-quarter, latest-month, or 2023, 2023Q4, 2023-12, 2023-01/02",
            ))  # fmt: skip
    langs = [str(x) for x in _as_list(matrix.get("langs", ["zh", "en"]))]
    for i, lang in enumerate(langs):
        if lang not in get_args(Lang):
            problems.append(where.problem((*keys, "matrix", "langs", i),
                                          f"unknown language `{lang}`", "zh or en"))  # fmt: skip
    policy, more = _policy(raw, base, where, keys)
    problems += more
    catchup = raw.get("catchup", True)
    job = Job(
        name=name,
        reports=tuple(reports),
        cron=cron,
        timezone=tz,
        regions=tuple(dict.fromkeys(regions)),
        periods=tuple(dict.fromkeys(periods)),
        langs=tuple(lang for lang in dict.fromkeys(langs) if lang in ("zh", "en")),  # type: ignore[misc]
        policy=policy,
        description=str(raw.get("description", "")),
        catchup=bool(catchup),
    )
    return job, problems


def load_schedule(
    path: Path | None = None,
    *,
    reports: Collection[str] | None = None,
    region_resolver: Callable[[str], str] | None = None,
) -> Schedule:
    """Load and validate a schedule file (default ``reports/schedule.yaml``).

    Parameters
    ----------
    path
        The YAML file.
    reports
        Known report names; default: the report registry (``get_report``).
    region_resolver
        Name or code → GB/T 2260 code; default :func:`analytics.catalog.resolve_region`.

    Raises
    ------
    DataValidationError
        Listing every problem with its file and line (bad cron, unknown report or region, ...).
    """
    path = Path(path or default_schedule_path())
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise AnalyticsError(f"schedule file {path} not found") from err
    try:
        node = yaml.compose(text)
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise DataValidationError([Problem(path, line, 0, f"not valid YAML: {err}")]) from err
    where = _Where(path, node)
    if not isinstance(raw, dict):
        raise DataValidationError([Problem(path, 1, 0, "the schedule must be a mapping")])
    if region_resolver is None:
        from analytics.catalog import resolve_region

        region_resolver = resolve_region
    problems = _unknown_keys(raw, _TOP_KEYS, where, ())
    tz_default = str(raw.get("timezone", TIMEZONE))
    try:
        ZoneInfo(tz_default)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(where.problem(("timezone",), f"unknown time zone `{tz_default}`",
                                      "an IANA name such as Asia/Shanghai"))  # fmt: skip
        tz_default = TIMEZONE
    defaults = raw.get("defaults") or {}
    base, more = _policy(defaults if isinstance(defaults, dict) else {}, RunPolicy(), where,
                         ("defaults",))  # fmt: skip
    problems += more
    jobs_raw = raw.get("jobs")
    if not isinstance(jobs_raw, dict) or not jobs_raw:
        problems.append(where.problem(("jobs",), "the schedule has no `jobs` mapping"))
        jobs_raw = {}
    jobs: dict[str, Job] = {}
    for name, job_raw in jobs_raw.items():
        job, more = _job(
            str(name), job_raw, tz_default=tz_default, base=base, where=where,
            known_reports=reports, region_resolver=region_resolver,
        )  # fmt: skip
        problems += more
        if job is not None:
            jobs[str(name)] = job
    if problems:
        raise DataValidationError(problems)
    return Schedule(path, jobs)
