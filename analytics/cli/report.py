"""``analytics report``: run one report now (``run``); ``batch`` comes from report_batch."""

from __future__ import annotations

import time
from pathlib import Path

import click

from analytics.cli._options import path_option
from analytics.config import DEFAULT_REGION
from analytics.exceptions import AnalyticsError

__all__ = ["report"]


@click.group("report")
def report() -> None:
    """Parameterised reports (报告): plan, industry, fiveg, digital_economy, monthly."""


@report.command("run")
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
    help="Peer region (repeatable); default Beijing, Shanghai, Chongqing, China.",
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
def run(name: str, region: str, period: str, lang: str, peers: tuple[str, ...],
        data_dir: Path | None, out: Path | None, engine: str) -> None:  # fmt: skip
    """Run REPORT for one region, period and language and publish it."""
    from analytics.catalog import get_indicator, resolve_region
    from analytics.config import DEFAULT_PEERS, project_root, reports_dir
    from analytics.runs import publish
    from analytics.runs._requests import check_store_period, request_problems
    from analytics.runs.execute import run_report
    from analytics.runs.registry import get_report
    from analytics.runs.schedule import resolve_latest

    spec = get_report(name)  # once per run: an unknown name fails before any work
    for indicator in spec.headline:  # a headline removed from the catalog: named, before any work
        get_indicator(indicator)
    code = resolve_region(region)
    if name == "plan":  # a region no plan binds: refused before any work, no page published
        from analytics.reports.plan import plans_of

        plans_of(code)
    if period.startswith("latest"):
        period = resolve_latest(
            code, period, data_dir=data_dir, indicator=spec.headline, frequency=spec.frequency
        )
    bad = request_problems(name, code, period, lang, frequency=spec.frequency)
    if bad:  # `..`, `abc`, `2023-13`, a month for an annual report: refused before any work
        raise AnalyticsError(f"--period: {bad[0]}")
    check_store_period(name, code, period, data_dir=data_dir)  # no data then: name the latest
    params: dict[str, object] = {
        "region": code,
        "period": period,
        "lang": lang,
        "peers": [resolve_region(p) for p in peers] or list(DEFAULT_PEERS),
    }
    if data_dir is not None:
        params["data_dir"] = str(data_dir.resolve())
    target = publish.target_dir(out or reports_dir() / "out", name, code, period, lang)
    work = publish.work_dir(target, f"cli-{time.time_ns()}")
    started = time.monotonic()
    outputs = run_report(name, params, out_dir=work, engine=engine)  # type: ignore[arg-type]
    publish.scrub(work, project_root())
    publish.publish(work, target)
    click.echo(
        f"{name} {code} {period} {lang}: {target / outputs.html.name} "
        f"({time.monotonic() - started:.1f} s)"
    )


try:  # the batch command (issue 7) lives in its own module
    from analytics.cli.report_batch import batch

    report.add_command(batch)
except ImportError:  # pragma: no cover
    pass
