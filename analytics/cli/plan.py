"""``analytics plan``: the evidence loop of a plan evaluation (``request``: the workbook to send)."""  # noqa: E501

from __future__ import annotations

from pathlib import Path

import click

from analytics.cli._options import HELP, path_option

__all__ = ["plan"]


@click.group("plan", context_settings=HELP)
def plan() -> None:
    """Plan evaluation (规划评估): request workbooks for the departments in charge."""


@plan.command("request", context_settings=HELP)
@click.argument("plan_id", metavar="PLAN_ID")
@path_option("--out", help="The workbook to write (FILE.xlsx).", required=True)
@click.option("--all", "every", is_flag=True, help="Every target, not only those lacking evidence.")
@click.option("--as-of", default=None, help="Evaluation date (ISO; default today).")
def request(plan_id: str, out: Path, every: bool, as_of: str | None) -> None:
    """Write the request workbook for PLAN_ID: one row per target still lacking evidence."""
    import datetime as dt

    import polars as pl

    from analytics.catalog import load_plan
    from analytics.io.request_book import write_request
    from analytics.reports.plan.data import evaluate_plan

    p = load_plan(plan_id)
    today = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    ids = None
    if not every:
        scored = evaluate_plan(p, as_of=today).filter(pl.col("kind") == "plan")
        numeric = pl.col("target_value").is_not_null()
        lacking = pl.col("latest_value").is_null() & (numeric | ~pl.col("has_evidence"))
        ids = scored.filter(lacking)["id"].to_list()
    path = write_request(p, out, ids=ids, today=today)
    n = len(ids) if ids is not None else len(p.indicators)
    click.echo(f"{plan_id}: {n} target(s) → {path}")
