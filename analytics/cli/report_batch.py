"""``analytics report batch``: run a matrix of report runs now (registered in the ``report`` group).

Examples::

    analytics report batch --default
    analytics report batch --report fiveg --region 天津 --region 北京 --period 2023 --lang zh
    analytics report batch --default --executor dask --scheduler tcp://10.0.0.5:8786
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from analytics.cli._json import emit, json_option
from analytics.cli._options import HELP, executor_options, parameter_option
from analytics.exceptions import AnalyticsError, DataValidationError

__all__ = ["batch", "executor_options"]


@click.command("batch", context_settings=HELP)
@click.option("--default", "use_default", is_flag=True, help="The `default` job of the schedule.")
@click.option("--report", "reports", multiple=True, help="Report name (repeatable).")
@click.option("--region", "regions", multiple=True, help="Region name or code (repeatable).")
@click.option("--period", "periods", multiple=True, help="Period or `latest` (repeatable).")
@click.option(
    "--lang", "langs", multiple=True, type=click.Choice(["zh", "en"]), help="Language (repeatable)."
)
@click.option("--force", is_flag=True, help="Run even when nothing changed.")
@click.option(
    "--engine",
    type=click.Choice(["auto", "inprocess", "kernel"]),
    default="auto",
    show_default=True,
    help="Reports' cells in the run's own process (auto: when the kernel is this Python) "
    "or in a kernel.",
)
@parameter_option()
@executor_options
@json_option("JSON Lines: one object per run, then one for the batch (on stdout).")
def batch(
    use_default: bool,
    reports: tuple[str, ...],
    regions: tuple[str, ...],
    periods: tuple[str, ...],
    langs: tuple[str, ...],
    force: bool,
    engine: str,
    parameters: tuple[str, ...],
    executor: str,
    scheduler: str | None,
    workers: int | None,
    schedule_path: Path | None,
    progress: bool,
    as_json: bool,
) -> None:
    """Run report runs now: the schedule's default batch or a matrix given by options.

    Prints a summary (counts, failures with their causes, where to look), rewrites
    reports/index.html, and exits with status 1 when any run failed.
    """
    from analytics.catalog import resolve_region
    from analytics.config import reports_dir
    from analytics.runs.history import RunHistory, default_history_path, job_lock
    from analytics.runs.index_page import write_index
    from analytics.runs.runner import RunPolicy, run_batch
    from analytics.runs.schedule import Job, default_schedule_path, load_schedule

    path = schedule_path or default_schedule_path()
    # another job's mistake does not stop this batch (`schedule list` reports it)
    schedule = load_schedule(path, partial=True) if (use_default or path.exists()) else None
    if use_default:
        assert schedule is not None
        if "default" in schedule.invalid:
            raise DataValidationError(list(schedule.invalid["default"]))
        job = schedule.job("default")
        if reports or regions or periods or langs:
            raise AnalyticsError("--default takes no --report/--region/--period/--lang")
    else:
        if not reports:
            raise AnalyticsError("name what to run: --default, or --report NAME [--region ...]")
        base = schedule.jobs.get("default") if schedule is not None else None
        job = Job(
            name="batch",
            reports=tuple(reports),
            cron=None,
            timezone=base.timezone if base else "Asia/Shanghai",
            regions=tuple(resolve_region(r) for r in regions) or ("120000",),
            periods=periods or ("latest",),
            langs=langs or ("zh", "en"),  # type: ignore[arg-type]
            policy=base.policy if base else RunPolicy(),
        )
    job = _with_parameters(job, parameters)
    history = RunHistory(default_history_path())
    with job_lock(job.name, lock_dir=reports_dir() / ".locks", history=history) as held:
        if not held and use_default:  # two `make reports` at once: let the first finish
            holder = history.lock_holders().get(job.name)
            who = f" (pid {holder[1]} on {holder[0]})" if holder else ""
            raise AnalyticsError(f"the `{job.name}` batch is already running{who}; try later")
        summary = run_batch(
            job.requests(),
            history=history,
            executor=executor,  # type: ignore[arg-type]
            scheduler=scheduler,
            workers=workers,
            force=force,
            progress=progress,
            engine=engine,  # type: ignore[arg-type]
        )
    index = None
    if summary.stopped and not summary.signal:  # the disk: no index written, one clear error
        click.echo(f"error: {summary.stopped}", err=True)
    else:
        index = write_index(summary.out_root, history=history)
    if as_json:
        for r in summary.results:
            emit(
                {
                    "type": "run",
                    "id": r.run_id,
                    **r.request.parameters,
                    "report": r.request.report,
                    "job": r.request.job,
                    "slot": r.request.slot,
                    "status": r.status,
                    "reason": r.reason or None,
                    "attempts": r.attempts,
                    "duration": round(r.duration, 3),
                    "html": r.html,
                    "notebook": r.notebook,
                }
            )
        counts = {s: summary.count(s) for s in ("ok", "skipped", "failed", "interrupted")}
        emit(
            {
                "type": "batch",
                "runs": len(summary.results),
                **counts,
                "wall": round(summary.wall, 3),
                "stopped": summary.stopped,
                "index": index,
                "exit_code": summary.exit_code,
            }
        )
    else:
        for line in summary.lines():
            click.echo(line)
        if index is not None:
            click.echo(f"index: {index}")
    if summary.exit_code:
        raise click.exceptions.Exit(summary.exit_code)


def _with_parameters(job: Any, pairs: tuple[str, ...]) -> Any:
    """The job with ``-p NAME=VALUE`` over its own ``parameters:``.

    Each name goes to the reports whose notebooks take it (checked there; bad ones exit 2).
    """
    if not pairs:
        return job
    import dataclasses

    from analytics.runs._parameters import cli_parameters, freeze
    from analytics.runs.registry import get_report

    given = cli_parameters(pairs, {r: get_report(r).notebook for r in job.reports})
    mine = {r: dict(extra) for r, extra in job.parameters}
    for report, values in given.items():
        mine[report] = {**mine.get(report, {}), **values}
    merged = tuple((r, freeze(v)) for r, v in mine.items())
    return dataclasses.replace(job, parameters=merged)
