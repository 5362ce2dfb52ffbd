"""What the digital-economy report's index sections share: the panel, the index, its bands."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from analytics.config import catalog_dir, raw_dir
from analytics.reports.context import ReportContext

__all__ = ["DeIndex", "de_index", "framework_path", "panel_path"]


def panel_path() -> Path:
    """The research panel workbook (hashed into the provenance footer)."""
    return raw_dir() / "research" / "panel_data.xlsx"


def framework_path() -> Path:
    """The handbook framework the index is built on."""
    return catalog_dir() / "frameworks" / "dedi_handbook.yaml"


@dataclass(frozen=True)
class DeIndex:
    """The index for the report's year: scores, the region's row, rank band, PCA rank.

    Parameters
    ----------
    obs : pl.DataFrame
        The research panel's observations (:func:`analytics.io.research.read_research_panel`).
    pca : PCAComposite
        The PCA composite pooled over the panel (:func:`analytics.index.pca_composite`); its
        ``note`` goes into the notes.
    year : int or None
        The index year: the panel's latest up to the report's period; None when the panel has none.
    fw : Framework or None
        The handbook framework (``dedi_handbook.yaml``); None when ``year`` is None.
    result : IndexResult or None
        The index over every node, region and year (:func:`analytics.index.build_index`).
    scores : pl.DataFrame or None
        The top node (``dedi``) in ``year``, one row per region, its ``value`` renamed ``index``
        (with ``rank``).
    band : dict[str, Any] or None
        The region's row of the Monte Carlo rank distribution in ``year`` (``p05``, ``p95``, …).
    mine : dict[str, Any] or None
        The region's row of ``scores``; None when the region is not in the panel.
    pca_rank : int or None
        The region's rank on the PCA composite in ``year``; None when not ranked.
    """

    obs: pl.DataFrame
    pca: Any
    year: int | None
    fw: Any = None
    result: Any = None
    scores: pl.DataFrame | None = None
    band: dict[str, Any] | None = None
    mine: dict[str, Any] | None = None
    pca_rank: int | None = None


def de_index(ctx: ReportContext) -> DeIndex:
    """The handbook index (card, ranking and pillars all come from it) and the PCA rank beside.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    return ctx.cached("de:index", lambda: _de_index(ctx))


def _de_index(ctx: ReportContext) -> DeIndex:
    from analytics.index import build_index, load_framework, pca_composite, run_uncertainty
    from analytics.io.research import read_research_panel

    obs = read_research_panel(panel_path())
    pca = pca_composite(obs)
    years = pca.scores["year"].unique().sort().to_list()
    if ctx.period == "latest":
        year = max(years)
    else:
        year = max((y for y in years if str(y) <= ctx.period[:4]), default=None)
    if year is None:
        return DeIndex(obs, pca, None)
    fw = load_framework(framework_path(), known_indicators=obs["indicator"].unique().to_list())
    res = build_index(obs, fw)
    sc = (
        res.to_frame()
        .filter((pl.col("node") == "dedi") & (pl.col("year") == year))
        .rename({"value": "index"})
    )
    unc = run_uncertainty(obs.filter(pl.col("period") == str(year)), fw, n=200, seed=0)
    band = unc.ranks.filter(pl.col("region") == ctx.region)
    me = sc.filter(pl.col("region") == ctx.region)
    pr = pca.scores.filter((pl.col("year") == year) & (pl.col("region") == ctx.region))
    return DeIndex(
        obs,
        pca,
        year,
        fw,
        res,
        sc,
        band=band.row(0, named=True) if band.height else None,
        mine=me.row(0, named=True) if me.height else None,
        pca_rank=int(pr["rank"][0]) if pr.height else None,
    )
