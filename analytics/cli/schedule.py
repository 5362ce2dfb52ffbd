"""``analytics schedule run-due | serve | list`` and ``analytics runs`` (the run history).

A crontab line runs what is due every few minutes::

    */10 * * * * cd /srv/workbench && .venv/bin/analytics schedule run-due --no-progress
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from analytics.cli._json import emit, iso, json_option
from analytics.cli._options import HELP, executor_options, schedule_option

__all__ = ["runs", "schedule"]


def _local(ts: float | None, tz: str = "Asia/Shanghai") -> str:
    from zoneinfo import ZoneInfo

    if ts is None:
        return "—"
    return datetime.fromtimestamp(ts, ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M:%S")


@click.group("schedule", context_settings=HELP)
def schedule() -> None:
    """Scheduled report production: run what is due, serve, list jobs."""


def _parse_now(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    """``--now``: an ISO 8601 time (UTC when it names no offset), or a located usage error."""
    if value is None:
        return None
    try:
        now = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO 8601 time "
            "(expected e.g. 2026-11-20T09:00+08:00, or 2026-11-20T01:00 for UTC)",
            ctx=ctx,
            param=param,
        ) from None
    if not _FIRST_YEAR <= now.year <= _LAST_YEAR:
        raise click.BadParameter(
            f"{value!r} is outside the years {_FIRST_YEAR}–{_LAST_YEAR} the scheduler plans for",
            ctx=ctx,
            param=param,
        )
    return now if now.tzinfo is not None else now.replace(tzinfo=UTC)


_FIRST_YEAR, _LAST_YEAR = 1970, 2100
MAX_LIMIT = 1_000_000
"""``runs --limit`` at most (a history holds tens of thousands of runs)."""


def _job_name(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--job``: a job name as the schedule allows it (letters, digits, ``_`` and ``-``)."""
    from analytics.runs._schedule_check import JOB_NAME

    if value is not None and not JOB_NAME.match(value):
        raise click.BadParameter(
            f"{value!r} is not a job name (lower-case letters, digits, `_` and `-`)",
            ctx=ctx,
            param=param,
        )
    return value


@schedule.command("run-due", context_settings=HELP)
@click.option(
    "--now",
    metavar="ISO-TIME",
    callback=_parse_now,
    help="Pretend it is this time (testing); UTC unless it names an offset.",
)
@click.option(
    "--dry-run", is_flag=True, help="Say which jobs are due and the runs they would make; run none."
)
@executor_options
def run_due_cmd(
    now: datetime | None,
    dry_run: bool,
    executor: str,
    scheduler: str | None,
    workers: int | None,
    schedule_path: Path | None,
    progress: bool,
) -> None:
    """Run every job whose latest slot has not run yet (for cron or a systemd timer).

    A missed slot runs once after downtime; a job another scheduler is running is left alone; a
    job the schedule file gets wrong is reported and the others run. Exits with status 1 when
    any run failed or the disk stopped the batch, 2 when a job is invalid or could not start,
    and 128 + N when signal N (SIGTERM, SIGINT) cut runs short (their slot runs again next time).
    """
    from analytics.runs.scheduler import run_due

    outcomes = run_due(
        schedule_path,
        now=now or datetime.now(UTC),
        executor=executor,  # type: ignore[arg-type]
        scheduler=scheduler,
        workers=workers,
        progress=progress,
        dry_run=dry_run,
    )
    failed, invalid = 0, 0
    if not any(o.status != "invalid" for o in outcomes):
        click.echo("nothing due")
    code = max((o.summary.exit_code for o in outcomes if o.summary is not None), default=0)
    for o in outcomes:
        if o.status in ("error", "invalid"):
            what = "INVALID in the schedule" if o.status == "invalid" else "FAILED to start"
            click.echo(f"job {o.job}{f' (slot {o.slot})' if o.slot else ''}: {what}: {o.error}")
            invalid += 1
        elif o.status == "due":
            n = len(o.planned)
            click.echo(f"job {o.job} (slot {o.slot}): due — {n} runs (unchanged ones skip):")
            for label in o.planned:
                click.echo(f"  {label}")
        elif o.summary is None:
            why = "another scheduler holds its lock" if o.status == "locked" else "already ran"
            click.echo(f"job {o.job} (slot {o.slot}): {why}")
        else:
            click.echo(f"job {o.job} (slot {o.slot}):")
            for line in o.summary.lines():
                click.echo(f"  {line}")
            failed += len(o.summary.failed)
            if o.summary.stopped and not o.summary.signal:
                click.echo(f"error: {o.summary.stopped}", err=True)
    if code:
        raise click.exceptions.Exit(code)
    if invalid or failed:
        raise click.exceptions.Exit(2 if invalid else 1)


@schedule.command("serve", context_settings=HELP)
@click.option(
    "--poll",
    default=60.0,
    show_default=True,
    help="Seconds between checks at most (a finite number, at least 1).",
)
@executor_options
def serve_cmd(
    poll: float,
    executor: str,
    scheduler: str | None,
    workers: int | None,
    schedule_path: Path | None,
    progress: bool,
) -> None:
    """Run due jobs in a loop until SIGTERM/Ctrl-C (for a systemd service).

    Exits 0 after a clean stop, 128 + N when signal N cut runs short, 1 on a full disk.
    """
    from analytics.runs.scheduler import check_poll

    try:
        check_poll(poll)
    except ValueError as err:  # a loop that never sleeps would spin a core
        raise click.BadParameter(str(err), param_hint="--poll") from err
    from analytics.runs.scheduler import serve

    click.echo(f"serving {schedule_path or 'reports/schedule.yaml'} (Ctrl-C to stop)")
    code = serve(
        schedule_path,
        poll=poll,
        echo=click.echo,
        executor=executor,
        scheduler=scheduler,
        workers=workers,
        progress=progress,
    )
    if code:
        raise click.exceptions.Exit(code)


@schedule.command("list", context_settings=HELP)
@schedule_option()
@json_option("One JSON document: the jobs (times in ISO 8601) and the invalid ones.")
def list_cmd(schedule_path: Path | None, as_json: bool) -> None:
    """Jobs with their reports, matrix, cron line, next time, last slot and lock holder."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from analytics.exceptions import StorageError
    from analytics.runs.history import RunHistory, default_history_path
    from analytics.runs.schedule import load_schedule

    sched = load_schedule(schedule_path, partial=True)  # a bad job is listed, not fatal
    try:  # read-only: list jobs even when the history is damaged, and create nothing
        history: RunHistory | None = RunHistory(default_history_path(), readonly=True)
        problem = None
    except StorageError as err:
        history, problem = None, err
    locks = history.lock_holders() if history else {}
    now = datetime.now(UTC)
    if as_json:
        emit(_jobs_json(sched, history, locks, now, problem))
        code = 1 if problem is not None else 2 if sched.invalid else 0
        if code:
            raise click.exceptions.Exit(code)
        return
    table = Table(title=f"jobs in {sched.path}")
    for col in ("job", "reports", "matrix", "cron (tz)", "next", "last slot", "lock"):
        table.add_column(col, overflow="fold")
    for job in sched.jobs.values():
        nxt = job.next_time(now)
        last = history.last_slot(job.name) if history else ("?", "history unreadable")
        lock = locks.get(job.name)
        table.add_row(
            job.name,
            ", ".join(job.reports),
            f"{'/'.join(job.regions)} × {'/'.join(job.periods)} × {'/'.join(job.langs)}",
            f"{job.cron} ({job.timezone})" if job.cron else _manual(job),
            nxt.strftime("%Y-%m-%d %H:%M %Z") if nxt else "—",
            f"{last[0]} {last[1]}" if last else "—",
            f"pid {lock[1]} on {lock[0]}" if lock else "",
        )
    for name, problems in sched.invalid.items():
        why = escape(f"line {problems[0].line}: {problems[0].message}")
        table.add_row(f"[red]{escape(name)}[/]", "[red]INVALID[/]", why, "", "", "", "")
    Console().print(table)
    if sched.invalid:
        for problems in sched.invalid.values():
            for bad in problems:
                click.echo(f"error: {bad}", err=True)
        n = len(sched.invalid)
        click.echo(
            f"{n} invalid job{'s' * (n != 1)}: fix {sched.path} (the others are listed)", err=True
        )
    if problem is not None:
        click.echo(f"error: {problem}", err=True)
        raise click.exceptions.Exit(1)
    if sched.invalid:
        raise click.exceptions.Exit(2)


def _manual(job: Any) -> str:
    """What starts a job without a cron line: a release it is keyed to, or a hand."""
    after = getattr(job, "after", None)
    return f"after release {after}" if after else "manual"


def _jobs_json(
    sched: Any, history: Any, locks: dict[str, Any], now: datetime, problem: Exception | None
) -> dict[str, Any]:
    """``schedule list --json``: the listing as one JSON-ready dict."""
    jobs = []
    for job in sched.jobs.values():
        last = history.last_slot(job.name) if history else None
        lock = locks.get(job.name)
        jobs.append(
            {
                "job": job.name,
                "reports": job.reports,
                "regions": job.regions,
                "periods": job.periods,
                "langs": job.langs,
                "cron": job.cron,
                "timezone": job.timezone,
                "next": iso(job.next_time(now)),
                "last_slot": None if last is None else {"slot": last[0], "status": last[1]},
                "lock": None if lock is None else {"host": lock[0], "pid": lock[1]},
            }
        )
    invalid = [
        {"job": name, "problems": [str(p) for p in problems]}
        for name, problems in sched.invalid.items()
    ]
    return {
        "schedule": str(sched.path),
        "jobs": jobs,
        "invalid": invalid,
        "history_error": None if problem is None else str(problem),
    }


@click.command("runs", context_settings=HELP)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, MAX_LIMIT))
@click.option("--status", type=click.Choice(["running", "ok", "failed", "skipped", "interrupted"]))
@click.option("--job", callback=_job_name, help="Only this job.")
@click.option("--report", help="Only this report.")
@json_option("JSON Lines: one object per run, times in ISO 8601.")
def runs(
    limit: int, status: str | None, job: str | None, report: str | None, as_json: bool
) -> None:
    """The run history, newest first: parameters, status, timings, errors and outputs."""
    from rich.console import Console
    from rich.table import Table

    from analytics.config import project_root
    from analytics.runs.history import RunHistory, default_history_path

    root = project_root()
    history = RunHistory(default_history_path(), readonly=True)  # creates and writes nothing
    records = history.runs(limit=limit, status=status, job=job, report=report)  # type: ignore[arg-type]
    if as_json:
        for r in records:
            emit(
                {
                    **r.__dict__,
                    "started": iso(r.started),
                    "finished": iso(r.finished),
                    "duration": r.duration,
                }
            )
        return
    table = Table(title=f"runs in {history.path}")
    table.add_column("id", no_wrap=True)
    # columns that fold (wrap at any character) rather than crop: a path is never cut short
    table.add_column("run · job", overflow="fold", ratio=1)
    table.add_column("status", no_wrap=True)
    table.add_column("started", no_wrap=True)
    table.add_column("secs", no_wrap=True, justify="right")
    table.add_column("cause / output", overflow="fold", ratio=2)
    colors = {
        "ok": "green",
        "failed": "red",
        "skipped": "blue",
        "running": "cyan",
        "interrupted": "yellow",
    }
    for r in records:
        detail = r.error or r.note or ""
        where = r.html if r.status == "ok" else r.notebook
        if where:
            with contextlib.suppress(ValueError):
                where = str(Path(where).relative_to(root))
            detail = f"{detail}\n{where}" if detail else where
        tries = f" ×{r.attempts}" if r.attempts > 1 else ""
        table.add_row(
            str(r.id),
            f"{r.report} {r.region} {r.period} {r.lang} [dim]· {r.job}[/]",
            f"[{colors.get(r.status, '')}]{r.status}[/]{tries}",
            _local(r.started)[5:16],
            f"{r.duration:.1f}" if r.duration is not None else "…",
            detail,
        )
    Console().print(table)
