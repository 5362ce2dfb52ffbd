"""``analytics index``: build the Digital Economy Development Index from the research panel."""

from __future__ import annotations

from pathlib import Path

import click
import polars as pl

from analytics.cli._options import HELP, path_option
from analytics.config import catalog_dir, raw_dir
from analytics.exceptions import AnalyticsError

__all__ = ["index"]


def _default_panel() -> Path:
    return raw_dir() / "research" / "panel_data.xlsx"


def _default_framework() -> Path:
    return catalog_dir() / "frameworks" / "dedi_handbook.yaml"


_panel_option = path_option(
    "--panel", help="Research panel workbook (default data/raw/research/panel_data.xlsx)."
)


def _read(panel: Path) -> pl.DataFrame:
    from analytics.io.research import read_research_panel

    if not panel.exists():
        raise AnalyticsError(f"panel file {panel} not found — pass --panel PATH")
    return read_research_panel(panel)


@click.group("index", context_settings=HELP)
def index() -> None:
    """Composite indices (数字经济发展指数) on the research panel."""


@index.command("build", context_settings=HELP)
@_panel_option
@click.option(
    "--method",
    type=click.Choice(["pca", "handbook"]),
    default="pca",
    show_default=True,
    help="PCA composite (docs/METHODS.md) or the handbook pipeline.",
)
@path_option(
    "--framework", help="Framework YAML for --method handbook (default dedi_handbook.yaml)."
)
@path_option(
    "--out", required=True, help="CSV to write: year, region (province code), index (0–100), rank."
)
def build(panel: Path | None, method: str, framework: Path | None, out: Path) -> None:
    """Compute the index for every province and year and write it as CSV."""
    from analytics.index import build_index, load_framework, pca_composite

    obs = _read(panel or _default_panel())
    if method == "pca":
        res = pca_composite(obs)
        table = res.scores.select("year", "region", "index", "rank")
        note = res.note
    else:
        fw = load_framework(
            framework or _default_framework(), known_indicators=obs["indicator"].unique().to_list()
        )
        result = build_index(obs, fw)
        table = result.index().rename({"value": "index"}).select("year", "region", "index", "rank")
        note = "; ".join(result.notes)
    out.parent.mkdir(parents=True, exist_ok=True)
    table.sort("year", "rank").write_csv(out, float_precision=4)
    click.echo(f"wrote {table.height} rows ({method}) to {out}")
    click.echo(f"note: {note}")


@index.command("uncertainty", context_settings=HELP)
@_panel_option
@path_option("--framework", help="Framework YAML (default dedi_handbook.yaml).")
@click.option(
    "--n", "n_runs", type=int, default=10_000, show_default=True, help="Monte Carlo runs."
)
@click.option("--seed", type=int, default=0, show_default=True)
@path_option(
    "--out",
    required=True,
    help="CSV of rank distributions: year, region, nominal, median, p05, p95.",
)
def uncertainty(
    panel: Path | None, framework: Path | None, n_runs: int, seed: int, out: Path
) -> None:
    """Monte Carlo over normalisation, weights and aggregation; print sensitivity indices."""
    from analytics.index import load_framework, run_uncertainty

    obs = _read(panel or _default_panel())
    fw = load_framework(framework or _default_framework())
    res = run_uncertainty(obs, fw, n=n_runs, seed=seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    res.ranks.write_csv(out)
    click.echo(res.summary())
    click.echo(f"wrote {res.ranks.height} rows to {out}")
