"""``analytics report``: run one report now (``run``); ``batch`` comes from report_batch."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from analytics.cli._options import HELP, parameter_option, path_option
from analytics.config import DEFAULT_REGION
from analytics.exceptions import AnalyticsError, ReportError

if TYPE_CHECKING:  # pragma: no cover
    from analytics.runs.runner import RunRequest

__all__ = ["report"]


@click.group("report", context_settings=HELP)
def report() -> None:
    """Parameterised reports (报告): plan, industry, fiveg, digital_economy, monthly."""


@report.command("run", context_settings=HELP)
@click.argument("name", metavar="REPORT")
@click.option(
    "--region",
    default=DEFAULT_REGION,
    show_default=True,
    help="GB/T 2260 code or name (天津, Tianjin, 120000).",
)
@click.option(
    "--period",
    default="latest",
    show_default=True,
    help="A period (2023; 2020-02 for a monthly report), or latest (of the report's frequency).",
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option(
    "--peer",
    "peers",
    multiple=True,
    help="Peer region (repeatable); default: the region's in data/catalog/peers.yaml.",
)
@path_option(
    "--data-dir", help="The data folder holding processed/ (default: the project's data/)."
)
@path_option("--out", help="Output root (default reports/out).")
@click.option(
    "--engine",
    type=click.Choice(["auto", "inprocess", "kernel"]),
    default="auto",
    show_default=True,
    help="Run the cells in this process (auto: when the kernel is this Python) or a kernel.",
)
@parameter_option()
def run(
    name: str,
    region: str,
    period: str,
    lang: str,
    peers: tuple[str, ...],
    data_dir: Path | None,
    out: Path | None,
    engine: str,
    parameters: tuple[str, ...],
) -> None:
    """Run REPORT for one region, period and language and publish it.

    A batch of one (``report batch``'s runner): it takes the target's lock, is recorded in the
    run history (``analytics runs``) and in the index, and is killed at the job timeout.
    Exits 0 when published, 1 when the run failed (the last good report stays), 2 for bad input.
    """
    from analytics.catalog import get_indicator, resolve_region
    from analytics.runs._parameters import cli_parameters, freeze
    from analytics.runs._requests import check_store_period, request_problems
    from analytics.runs.registry import get_report
    from analytics.runs.runner import RunRequest
    from analytics.runs.schedule import resolve_latest

    spec = get_report(name)  # once per run: an unknown name fails before any work
    _start_early()  # the project is found and the name known: start the runner's half now
    for indicator in spec.headline:  # a headline removed from the catalog: named, before any work
        get_indicator(indicator)
    code = resolve_region(region)
    extra = _extra(cli_parameters(parameters, {name: spec.notebook}).get(name, {}), peers, data_dir)
    store = Path(extra["data_dir"]) if extra.get("data_dir") else None
    if name == "plan":  # a region no plan binds: refused before any work, no page published
        from analytics.reports.plan import plans_of

        plans_of(code)
    if period.startswith("latest"):
        period = resolve_latest(
            code, period, data_dir=store, indicator=spec.headline, frequency=spec.frequency
        )
    bad = request_problems(name, code, period, lang, frequency=spec.frequency)
    if bad:  # `..`, `abc`, `2023-13`, a month for an annual report: refused before any work
        raise AnalyticsError(f"--period: {bad[0]}")
    check_store_period(name, code, period, data_dir=store)  # no data then: name the latest
    _run_one(RunRequest(name, code, period, lang, "run", extra=freeze(extra)), out, engine)


def _start_early() -> None:
    """Start the runner's forkserver now, in the background.

    It imports papermill and nbconvert while this process checks the request: the two halves
    of a cold run on two cores.
    """
    import os
    import threading

    from analytics.runs.process import start_forkserver

    os.environ["PYTHONSAFEPATH"] = "1"  # as run_batch sets it: no `analytics/` from this folder
    threading.Thread(target=start_forkserver, daemon=True).start()


def _extra(given: dict[str, Any], peers: tuple[str, ...], data_dir: Path | None) -> dict[str, Any]:
    """``-p`` parameters with ``--peer`` and ``--data-dir`` (each given one way only)."""
    from analytics.catalog import resolve_region

    for option, name, value in (("--peer", "peers", peers), ("--data-dir", "data_dir", data_dir)):
        if value and name in given:
            raise AnalyticsError(f"{option} and -p {name}=… both given: keep one")
    # no --peer: the run takes the region's peers from peers.yaml (RunRequest.parameters)
    extra = {**({"peers": [resolve_region(p) for p in peers]} if peers else {}), **given}
    if data_dir is not None:
        extra["data_dir"] = str(data_dir.resolve())
    return extra


def _run_one(request: RunRequest, out: Path | None, engine: str) -> None:
    """Run one request through the batch runner; print where it went, or fail with its cause."""
    from analytics.config import reports_dir
    from analytics.runs.history import RunHistory, default_history_path
    from analytics.runs.index_page import write_index
    from analytics.runs.runner import run_batch

    out_root = out or reports_dir() / "out"
    history = RunHistory(default_history_path())
    summary = run_batch(
        [request],
        history=history,
        out_root=out_root,
        force=True,
        engine=engine,  # type: ignore[arg-type]
    )
    (result,) = summary.results
    if not (summary.stopped and not summary.signal):  # the disk: no index written
        write_index(out_root, dest=None if out is None else out / "index.html", history=history)
    label = request.label
    if result.status == "ok":
        click.echo(f"{label}: {result.html} ({result.duration:.1f} s)")
    elif result.status == "skipped":
        click.echo(f"{label}: skipped — {result.reason}")
    elif result.status == "failed":
        if result.notebook is not None:
            click.echo(f"executed notebook: {result.notebook}", err=True)
        raise ReportError(f"{label} (run {result.run_id}): {result.reason}")
    else:
        click.echo(f"error: {label}: {result.reason}", err=True)
    if summary.exit_code:
        raise click.exceptions.Exit(summary.exit_code)


try:  # the batch command (issue 7) lives in its own module
    from analytics.cli.report_batch import batch

    report.add_command(batch)
except ImportError:  # pragma: no cover
    pass
