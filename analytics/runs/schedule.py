"""Report schedules: ``reports/schedule.yaml``, validated on load, and what is due when.

A job names its reports, a cron expression (none for a manual job), a time zone (default
Asia/Shanghai), a parameter matrix (regions × periods × languages; ``latest`` is resolved from the
store at run time: the latest period the report's headline has, see :mod:`._editions`), retries
with backoff and per-cell and per-job timeouts::

    timezone: Asia/Shanghai
    defaults: {retries: 2, backoff: 60, cell_timeout: 600, job_timeout: 1800}
    jobs:
      monthly:
        reports: [fiveg, industry]
        cron: "0 9 20 * *"
        matrix: {regions: [Tianjin], periods: [latest], langs: [zh, en]}
        parameters: {peers: [北京, 上海]}   # any other parameter of the reports' notebooks

Every problem in the file is reported at once, each with its file and line.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from croniter import CroniterBadDateError, croniter

from analytics._typing import Lang
from analytics.catalog.releases import Release, ReleaseCalendar
from analytics.config import reports_dir
from analytics.exceptions import (
    AnalyticsError,
    CatalogError,
    DataValidationError,
    Problem,
    did_you_mean,
)
from analytics.runs._editions import has_headline_data, resolve_latest
from analytics.runs._parameters import Extra, freeze, per_report
from analytics.runs._schedule_check import CRON_HORIZON_YEARS, Checked, _Where, check_schedule
from analytics.runs._schedule_check import LATEST as _LATEST
from analytics.runs._schedule_yaml import read_strict
from analytics.runs.runner import RunPolicy, RunRequest

__all__ = [
    "Job",
    "Lang",
    "LatestResolver",
    "Schedule",
    "default_schedule_path",
    "has_headline_data",
    "load_schedule",
    "release_slot",
    "resolve_latest",
    "schedule_problems",
]

LatestResolver = Callable[[str, str], str]
"""``(region_code, latest_keyword) -> period``; the keyword is ``latest``, ``latest-quarter``
or ``latest-month``."""

_CATCHUP_GRACE = timedelta(hours=1)


def default_schedule_path(root: Path | None = None) -> Path:
    """``reports/schedule.yaml`` under the project root.

    Parameters
    ----------
    root : Path or None
        The project root (default: :func:`~analytics.config.project_root`).

    Examples
    --------
    >>> default_schedule_path(Path("/srv/wb")).as_posix()
    '/srv/wb/reports/schedule.yaml'
    """
    return reports_dir(root) / "schedule.yaml"


@dataclass(frozen=True)
class Job:
    """One scheduled (or manual, ``cron is None``) job.

    Parameters
    ----------
    name : str
        The job's name under ``jobs:`` (it names the job's lock file).
    reports : tuple of str
        The reports it runs.
    cron : str or None
        Its cron line, read in ``timezone`` (None: a manual job, or one keyed to ``after``).
    timezone : str
        The IANA time zone of its slots (``Asia/Shanghai``).
    regions : tuple of str
        The matrix's regions, as GB/T 2260 codes.
    periods : tuple of str
        The matrix's periods: labels, or ``latest`` keywords resolved by :meth:`requests`.
    langs : tuple of Lang
        The matrix's languages.
    policy : RunPolicy
        Retries and timeouts of its runs (the file's ``defaults``, then the job's own).
    description : str
        The job's ``description:`` (free text).
    catchup : bool
        Whether a slot missed by more than an hour still runs (:meth:`Schedule.due`).
    parameters : tuple of (str, Extra) pairs
        Each report's further notebook parameters.
    after : str or None
        The release the job is keyed to instead of a cron line.

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
    parameters: tuple[tuple[str, Extra], ...] = ()
    """Each report's further notebook parameters (``parameters:``, checked against its
    notebook; see :mod:`._parameters`): ``(("digital_economy", (("synthetic", True),)),)``."""
    after: str | None = None
    """A release of ``data/catalog/releases.yaml`` the job is keyed to instead of a cron line
    (``after: tianjin_work_report``): see :func:`release_slot`."""

    @property
    def tz(self) -> ZoneInfo:
        """The job's time zone."""
        return ZoneInfo(self.timezone)

    def next_time(self, after: datetime) -> datetime | None:
        """The first slot strictly after ``after`` (None for a manual job)."""
        if self.cron is None:
            return None
        try:
            it = croniter(
                self.cron, after.astimezone(self.tz), max_years_between_matches=CRON_HORIZON_YEARS
            )
            nxt: datetime = it.get_next(datetime)
        except CroniterBadDateError:  # never fires (refused on load; bounded search here)
            return None
        return nxt

    def last_slot(self, now: datetime) -> datetime | None:
        """The latest slot at or before ``now`` (None for a manual job)."""
        if self.cron is None:
            return None
        base = now.astimezone(self.tz) + timedelta(seconds=1)
        try:
            it = croniter(self.cron, base, max_years_between_matches=CRON_HORIZON_YEARS)
            prev: datetime = it.get_prev(datetime)
        except CroniterBadDateError:
            return None
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
            extra = dict(self.parameters).get(report, ())
            dd = dict(extra).get("data_dir")  # `latest` in the store the runs will read
            resolver = resolve or _headline_resolver(report, Path(dd) if dd else None)
            for region in self.regions:
                for period in self.periods:
                    p = resolver(region, period) if period in _LATEST else period
                    out += [
                        RunRequest(report, region, p, lang, self.name, slot, self.policy, extra)
                        for lang in self.langs
                    ]
        return list(dict.fromkeys(out))


@dataclass(frozen=True)
class Schedule:
    """The loaded schedule file: its valid jobs, and the invalid ones with their problems.

    ``invalid`` is filled only by ``load_schedule(..., partial=True)``: one bad job is then
    listed and reported, and the others still run.

    Parameters
    ----------
    path : Path
        The schedule file.
    jobs : dict of str to Job
        Its valid jobs, by name.
    invalid : dict of str to tuple of Problem
        Its invalid jobs' problems, by job name.
    """

    path: Path
    jobs: dict[str, Job]
    invalid: dict[str, tuple[Problem, ...]] = field(default_factory=dict)

    def job(self, name: str) -> Job:
        """A job by name; :class:`CatalogError` with a close-match hint when unknown."""
        if name in self.jobs:
            return self.jobs[name]
        hint = did_you_mean(name, self.jobs, otherwise=f" (jobs: {', '.join(self.jobs)})")
        raise CatalogError(f"unknown job `{name}` in {self.path}{hint}")

    def due(
        self,
        now: datetime,
        *,
        done: Callable[[str, str], bool],
        published: Callable[[Release], date | None] | None = None,
    ) -> list[tuple[Job, str]]:
        """Jobs with a slot at or before ``now`` that has not run (``done(job, slot)`` False).

        Only the latest slot of each job counts: after downtime a missed slot runs once, not
        once per missed slot. A job with ``catchup: false`` skips a slot older than an hour. A
        job keyed to a release (``after:``) has the slot :func:`release_slot` gives, from
        ``published`` (a release → the latest publication date the store holds from it;
        default: the project's store).
        """
        out = []
        for job in self.jobs.values():
            if job.after is not None:
                release = _calendar().get(job.after)
                latest = (published or _published_in_store)(release)
                key = release_slot(release, now, latest)
                if key is not None and not done(job.name, key):
                    out.append((job, key))
                continue
            slot = job.last_slot(now)
            if slot is None or done(job.name, slot.isoformat()):
                continue
            if not job.catchup and now - slot > _CATCHUP_GRACE:
                continue
            out.append((job, slot.isoformat()))
        return out


def release_slot(release: Release, now: datetime, latest: date | None) -> str | None:
    """The slot of a job keyed to ``release``: ``after:<id>:<expected month>``, or None.

    Due once the release's expected month has come (``now`` in it or later) and the store holds
    figures from it published on or after the month's first day (``latest``); the slot names
    the expected month, so the job runs once per expected release. A release whose next date
    is unknown is never due by itself.

    Parameters
    ----------
    release
        The release the job is keyed to.
    now
        The time.
    latest
        The latest publication date the store holds from the release (None: none dated).

    Returns
    -------
    str or None
        The slot, or None when not due.

    Examples
    --------
    >>> from analytics.catalog import load_releases
    >>> r = load_releases().get("tianjin_work_report")  # expected 2027-01
    >>> t = datetime(2027, 2, 1, tzinfo=UTC)
    >>> release_slot(r, t, date(2026, 1, 26)), release_slot(r, t, date(2027, 1, 25))
    (None, 'after:tianjin_work_report:2027-01')
    """
    start = release.expected_from
    if start is None or now.date() < start or latest is None or latest < start:
        return None
    return f"after:{release.id}:{release.expected}"


def _calendar() -> ReleaseCalendar:
    from analytics.catalog.releases import load_releases

    return load_releases()


def _published_in_store(release: Release) -> date | None:
    """The latest publication date the project's store holds from ``release`` (no store: None)."""
    from analytics.catalog.releases import with_titles
    from analytics.io import StoreNotBuiltError, read_sources, scan_store

    try:
        return release.latest(with_titles(scan_store(), read_sources()))
    except StoreNotBuiltError:  # nothing is in the store: the release has not come in
        return None


def _headline_resolver(report: str, data_dir: Path | None = None) -> LatestResolver:
    """`latest` for ``report``: the latest edition of its headline in its frequency."""
    from analytics.runs.registry import REPORTS

    spec = REPORTS.get(report)
    headline = spec.headline if spec is not None else ()
    freq = spec.frequency if spec is not None else "A"
    return lambda region, keyword: resolve_latest(
        region, keyword, indicator=headline, data_dir=data_dir, frequency=freq
    )


def _check_parameters(path: Path, node: Any, raw: Any, checked: Checked) -> None:
    """Check each valid job's ``parameters:`` against its reports' notebooks (in place).

    A job whose parameters are wrong moves to ``checked.invalid`` with located problems.
    """
    from analytics.runs.registry import REPORTS

    where = _Where(path, node)
    for name in list(checked.jobs):
        given = raw["jobs"][name].get("parameters")
        if not isinstance(given, dict):  # none (a mapping is the schema's business)
            continue
        keys: tuple[str, ...] = ("jobs", name, "parameters")
        notebooks = {r: REPORTS[r].notebook for r in checked.jobs[name]["reports"] if r in REPORTS}
        values = {str(k): v for k, v in given.items()}
        by_report, why = per_report(values, notebooks, typed=True, matrix="`matrix.{name}s`")
        problems = [where.problem((*keys, n), msg) for n, msg in why.items()]
        checked.jobs[name]["parameters"] = tuple((r, freeze(v)) for r, v in by_report.items())
        if problems:
            del checked.jobs[name]
            checked.invalid[name] = problems


# --- loading ---------------------------------------------------------------------------------


def load_schedule(
    path: Path | None = None,
    *,
    reports: Collection[str] | None = None,
    region_resolver: Callable[[str], str] | None = None,
    partial: bool = False,
    now: datetime | None = None,
) -> Schedule:
    r"""Load and validate a schedule file (default ``reports/schedule.yaml``).

    Parameters
    ----------
    path
        The YAML file.
    reports
        Known report names; default: the report registry (``get_report``).
    region_resolver
        Name or code → GB/T 2260 code; default :func:`analytics.catalog.resolve_region`.
    partial
        Keep going past invalid jobs: they are returned in ``Schedule.invalid`` (for
        ``schedule list`` and ``run-due``) instead of raising. Problems of the whole file (not
        YAML, anchors, duplicate top-level keys, bad defaults) raise either way.
    now
        The time from which cron lines must fire (default: now).

    Raises
    ------
    DataValidationError
        Listing every problem with its file, line and column (bad or never-firing cron, unsafe
        job name, unbounded timeout, quoted boolean, duplicate key, bad period, unknown report
        or region, ...).

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "s.yaml"
    >>> _ = p.write_text("jobs:\n  ok: {reports: [fiveg]}\n  bad: {reports: [fiveg], catchup: 'no'}\n")
    >>> s = load_schedule(p, partial=True)
    >>> list(s.jobs), [x.message for x in s.invalid["bad"]]
    (['ok'], ["`catchup` must be true or false, not 'no'"])
    """  # noqa: E501
    path = Path(path or default_schedule_path())
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise AnalyticsError(f"schedule file {path} not found") from err
    except UnicodeDecodeError as err:
        problem = Problem(path, 0, 0, f"not UTF-8 text ({err.reason})", "save it as UTF-8")
        raise DataValidationError([problem]) from err
    node, raw, duplicates = read_strict(path, text)
    if region_resolver is None:
        from analytics.catalog import resolve_region

        region_resolver = resolve_region
    checked = check_schedule(
        path,
        node,
        raw,
        duplicates,
        reports=reports,
        region_resolver=region_resolver,
        now=now or datetime.now(UTC),
    )
    _check_parameters(path, node, raw, checked)
    problems = checked.problems + (
        [] if partial else [p for ps in checked.invalid.values() for p in ps]
    )
    if problems:
        raise DataValidationError(sorted(problems, key=lambda p: (int(p.line), str(p.column))))
    jobs = {name: Job(**fields) for name, fields in checked.jobs.items()}
    invalid = {name: tuple(ps) for name, ps in checked.invalid.items()}
    return Schedule(path, jobs, invalid)


def schedule_problems(path: Path) -> list[Problem]:
    """Every problem of a schedule file, as ``analytics data check`` lists them.

    Parameters
    ----------
    path
        The schedule file (``reports/schedule.yaml``).

    Returns
    -------
    list[Problem]
        Its problems, located; empty when every job is usable.

    Examples
    --------
    >>> schedule_problems(default_schedule_path())
    []
    """
    try:
        load_schedule(path)
    except DataValidationError as err:
        return err.problems
    return []
