"""Running what is due: ``analytics schedule run-due`` (cron, systemd timer) and ``serve``.

For each job, under the job's file lock: find the latest slot at or before now; if no scheduler
has claimed it (nor a later slot: a clock moved back does not make an older slot due), claim it in
the history, run the job's matrix, and close the slot. Two
``run-due`` processes started together therefore run each job once; a slot left ``running`` by a
scheduler that died is taken over by the next one; after downtime only the latest missed slot
runs. A stop (SIGTERM, SIGINT) leaves the slot of the runs it cut short ``interrupted``, and the
next ``run-due`` runs it again (its finished runs are then skipped as unchanged).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from analytics.config import project_root, reports_dir
from analytics.exceptions import AnalyticsError, StorageError
from analytics.runs import _stop
from analytics.runs._requests import check_executor, connect_dask
from analytics.runs.history import RunHistory, default_history_path, job_lock
from analytics.runs.index_page import write_index
from analytics.runs.runner import BatchSummary, Executor, ReportLike, run_batch
from analytics.runs.schedule import Job, LatestResolver, Schedule, load_schedule

__all__ = ["MIN_POLL", "DueOutcome", "check_poll", "run_due", "serve"]

MIN_POLL = 1.0
"""Shortest wait between two checks of ``serve`` (seconds); below it the loop would spin."""


@dataclass
class DueOutcome:
    """What ``run_due`` did with one job.

    It ran it, found it locked by another scheduler or already done, could not start it, found
    it invalid in the schedule (``error`` says where and why), or — with ``dry_run`` — would
    run it (``planned`` lists the runs).

    Parameters
    ----------
    job : str
        The job's name.
    slot : str
        The slot: an ISO time, or ``after:<release>:<month>`` (empty for an invalid job).
    status : str
        ``ran``, ``locked``, ``done``, ``error``, ``invalid`` or ``due`` (a dry run's).
    summary : BatchSummary or None
        The batch's summary, when it ran.
    error : str or None
        Why it could not start, or the invalid job's problems.
    planned : tuple of str
        With ``dry_run``, the labels of the runs it would make.
    """

    job: str
    slot: str
    status: Literal["ran", "locked", "done", "error", "invalid", "due"]
    summary: BatchSummary | None = None
    error: str | None = None
    planned: tuple[str, ...] = ()


def run_due(
    schedule: Schedule | Path | None = None,
    *,
    now: datetime | None = None,
    root: Path | None = None,
    out_root: Path | None = None,
    history: RunHistory | Path | None = None,
    lock_dir: Path | None = None,
    reports: Mapping[str, ReportLike] | None = None,
    resolve: LatestResolver | None = None,
    executor: Executor = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    execute: Callable[..., Any] | str | None = None,
    kernel_name: str = "analytics",
    progress: bool = False,
    index: bool = True,
    dry_run: bool = False,
) -> list[DueOutcome]:
    """Run every job whose latest slot has not run yet; return what happened per job.

    Jobs the schedule file gets wrong are reported as ``invalid`` outcomes, first; the others
    still run.

    Parameters
    ----------
    schedule : Schedule, Path or None
        The schedule, or its file (default ``reports/schedule.yaml``), loaded with
        ``partial=True``.
    now : datetime or None
        The time at which slots are due (default: the current time).
    root : Path or None
        The project root (default: :func:`~analytics.config.project_root`).
    out_root : Path or None
        Where reports are published (default ``reports/out``).
    history : RunHistory, Path or None
        The run history, or its file (default ``reports/runs.sqlite``).
    lock_dir : Path or None
        The folder of the jobs' lock files (default ``reports/.locks``).
    reports : Mapping or None
        Report name → spec (default: the report registry); the schedule's reports are checked
        against its names.
    resolve : LatestResolver or None
        Resolves ``latest`` periods (default: each report's headline in the store).
    executor : Executor
        ``local`` or ``dask``, as for :func:`~analytics.runs.runner.run_batch`.
    scheduler : str or None
        The Dask scheduler address for ``executor="dask"``.
    workers : int or None
        Local attempts at once (default one per core).
    execute : callable, str or None
        The function that makes a run, as for :func:`~analytics.runs.runner.run_batch`.
    kernel_name : str
        The Jupyter kernel.
    progress : bool
        Show live per-run status.
    index : bool
        Rewrite the index page, ``index.html`` beside ``out_root``, after jobs ran (not when the
        disk stopped a batch).
    dry_run : bool
        Say what is due and which runs it would make; claim nothing, run nothing, write nothing.

    Returns
    -------
    list of DueOutcome
        One per invalid job, then one per due job reached (a stop leaves the rest for later).
    """
    check_executor(executor, scheduler)
    root = root or project_root()
    if not isinstance(schedule, Schedule):
        names: Collection[str] | None = None if reports is None else list(reports)
        schedule = load_schedule(schedule, reports=names, partial=True)
    out_root = out_root or reports_dir(root) / "out"
    if not isinstance(history, RunHistory):  # a dry run writes nothing, the history included
        path = history or default_history_path(root)
        history = RunHistory(path, out_root=out_root, readonly=dry_run)
    lock_dir = lock_dir or reports_dir(root) / ".locks"
    now = now or datetime.now(UTC)
    outcomes = [
        DueOutcome(name, "", "invalid", error="; ".join(str(p) for p in problems))
        for name, problems in schedule.invalid.items()
    ]

    def done(job: str, slot: str) -> bool:
        if history.slot_status(job, slot) in ("done", "failed"):
            return True
        last = history.last_slot(job)  # a later slot claimed: the clock went back since
        return last is not None and _later(last[0], slot)

    def run(job: Job, slot: str) -> BatchSummary:
        return run_batch(
            job.requests(slot=slot, resolve=resolve),
            reports=reports,
            root=root,
            out_root=out_root,
            history=history,
            executor=executor,
            scheduler=scheduler,
            workers=workers,
            execute=execute,
            kernel_name=kernel_name,
            progress=progress,
        )

    due = schedule.due(now, done=done)
    if dry_run:
        outcomes.extend(_planned(job, slot, resolve) for job, slot in due)
        return outcomes
    if due and executor == "dask":  # before any slot is claimed (and lost)
        connect_dask(str(scheduler)).close()
    with _stop.handling() as stop:
        _due(due, history, lock_dir, stop, outcomes, run)
    ran = [o.summary for o in outcomes if o.status == "ran" and o.summary is not None]
    if index and ran and not any(s.stopped and not s.signal for s in ran):  # not on a full disk
        write_index(out_root, history=history, reports=reports)
    return outcomes


def _later(a: str, b: str) -> bool:
    """Whether slot ``a`` is after slot ``b`` (ISO times, compared as instants).

    Examples
    --------
    >>> _later("2026-11-20T03:00:00+00:00", "2026-11-20T09:00:00+08:00")  # 03:00 Z after 01:00 Z
    True
    """
    try:
        return datetime.fromisoformat(a) > datetime.fromisoformat(b)
    except (TypeError, ValueError):
        return False


def _due(
    due: list[tuple[Job, str]],
    history: RunHistory,
    lock_dir: Path,
    stop: _stop.Stop,
    outcomes: list[DueOutcome],
    run: Callable[[Job, str], BatchSummary],
) -> None:
    for job, slot in due:
        if stop.requested.is_set():  # unclaimed slots run at the next run-due
            break
        with job_lock(job.name, lock_dir=lock_dir, history=history) as held:
            if not held:
                outcomes.append(DueOutcome(job.name, slot, "locked"))
                continue
            state = history.slot_status(job.name, slot)
            if state in ("done", "failed"):  # another scheduler finished it meanwhile
                outcomes.append(DueOutcome(job.name, slot, "done"))
                continue
            # unclaimed, or left 'running' by a scheduler that died (we hold its lock now)
            if state is None:
                history.claim_slot(job.name, slot)
            else:
                history.reclaim_slot(job.name, slot)
            try:
                summary = run(job, slot)
            except AnalyticsError as err:  # e.g. `latest` not resolvable: this job only
                history.finish_slot(job.name, slot, "failed")
                outcomes.append(DueOutcome(job.name, slot, "error", error=str(err)))
                continue
            except (KeyboardInterrupt, SystemExit):
                history.finish_slot(job.name, slot, "interrupted")
                raise
            except BaseException:
                history.finish_slot(job.name, slot, "failed")
                raise
            state = "failed" if summary.failed else "done"
            state = "interrupted" if summary.count("interrupted") else state
            try:
                history.finish_slot(job.name, slot, state)
            except StorageError as err:  # the slot stays open: interrupted at the next open
                summary.stopped = summary.stopped or str(err)
            outcomes.append(DueOutcome(job.name, slot, "ran", summary))
            if summary.stopped:
                break


def _planned(job: Job, slot: str, resolve: LatestResolver | None) -> DueOutcome:
    try:
        labels = tuple(r.label for r in job.requests(slot=slot, resolve=resolve))
    except AnalyticsError as err:
        return DueOutcome(job.name, slot, "error", error=str(err))
    return DueOutcome(job.name, slot, "due", planned=labels)


def check_poll(poll: float) -> float:
    """``poll`` when it is a finite number of seconds ≥ :data:`MIN_POLL`, else ``ValueError``.

    Parameters
    ----------
    poll
        Seconds between two looks at the schedule (at least 1, finite).

    Examples
    --------
    >>> check_poll(60)
    60.0
    >>> check_poll(float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: poll nan s is not a finite number of seconds ≥ 1 (e.g. 60)
    """
    value = float(poll)
    if not math.isfinite(value) or value < MIN_POLL:
        raise ValueError(
            f"poll {value:g} s is not a finite number of seconds ≥ {MIN_POLL:g} (e.g. 60)"
        )
    return value


def serve(
    schedule_path: Path | None = None,
    *,
    poll: float = 60.0,
    echo: Callable[[str], None] = print,
    max_loops: int | None = None,
    **options: Any,
) -> int:
    """Run :func:`run_due` in a loop, sleeping until the next slot (at most ``poll`` seconds).

    The schedule file is re-read every loop, so edits take effect without a restart; a file that
    no longer validates is reported and the previous schedule kept. ``SIGTERM`` and ``SIGINT``
    stop the loop: runs in flight get a grace to finish (see ``_stop``). Returns the exit code:
    0, 128 + the signal when the stop cut runs short (their slot runs again next time), or 1
    when the disk or the history stopped a batch.

    Parameters
    ----------
    schedule_path : Path or None
        The schedule file, re-read every loop (default ``reports/schedule.yaml``).
    poll : float
        The longest wait between two loops, in seconds (finite, at least :data:`MIN_POLL`).
    echo : callable
        Called with each line saying what a loop did (default :func:`print`).
    max_loops : int or None
        Stop after this many loops, with no wait between them (None: until stopped).
    **options
        Passed to :func:`run_due` every loop.
    """
    poll = check_poll(poll)
    reports = options.get("reports")
    names = None if reports is None else list(reports)
    schedule: Schedule | None = None
    loops, code = 0, 0
    with _stop.handling() as stop:
        while not stop.requested.is_set() and (max_loops is None or loops < max_loops):
            loops += 1
            try:
                schedule = load_schedule(schedule_path, reports=names, partial=True)
            except Exception as err:
                if schedule is None:
                    raise
                echo(f"schedule not reloaded, keeping the previous one: {err}")
            for outcome in run_due(schedule, **options):
                head = f"job {outcome.job} slot {outcome.slot}:"
                if outcome.summary is None:
                    echo(f"{head} {outcome.error or outcome.status}")
                    continue
                echo(head)
                for line in outcome.summary.lines():
                    echo(f"  {line}")
                if outcome.summary.exit_code > 1 or outcome.summary.stopped:
                    code = max(code, outcome.summary.exit_code)
            if code == 1:  # a full disk or an unusable history: let the service manager decide
                break
            now = datetime.now(UTC)
            nexts = [t for j in schedule.jobs.values() if (t := j.next_time(now)) is not None]
            wait = min([poll, *((t - now).total_seconds() + 1 for t in nexts)])
            deadline = time.monotonic() + max(wait, 0.0)
            while not stop.requested.is_set() and time.monotonic() < deadline and max_loops is None:
                stop.requested.wait(min(1.0, deadline - time.monotonic()))
    return code
