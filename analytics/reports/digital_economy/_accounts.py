"""The digital-economy accounts section, built from a SYNTHETIC firm register (only on request)."""

from __future__ import annotations

from typing import Any

import polars as pl

from analytics import charts
from analytics.reports import narrative as nv
from analytics.reports.components import DataNote
from analytics.reports.context import ReportContext
from analytics.reports.section import Section

__all__ = ["SYNTHETIC_ROWS", "synthetic_note", "synthetic_section"]

SYNTHETIC_ROWS = 100_000
"""Rows of the synthetic firm register the accounting section aggregates (seed 2026)."""


def _accounts(ctx: ReportContext) -> Any:
    from analytics.accounts import aggregate_firms, generate_register

    return ctx.cached(
        "de:accounts", lambda: aggregate_firms(generate_register(SYNTHETIC_ROWS, seed=2026))
    )


def synthetic_section(ctx: ReportContext, title: str) -> Section:
    """The accounting breakdown from the SYNTHETIC register in the report ``title``.

    Parameters
    ----------
    ctx
        The report's context.
    title
        The report's title (its chart CSV names it).

    Returns
    -------
    Section
        Value added by major class in the register's latest year.

    Examples
    --------
    >>> ctx = ReportContext(region="120000", lang="en")
    >>> synthetic_section(ctx, "T").heading
    'Digital-economy accounts by major class (SYNTHETIC data)'
    """
    tab = _accounts(ctx).table.filter(pl.col("region") == ctx.region)
    heading = ctx.t("de.synthetic.heading")
    if not tab.height:
        missing = nv.missing_sentence(ctx.t("de.synthetic.what"), ctx.name, lang=ctx.lang)
        return ctx.section(title, heading, sentences=[missing])
    year = int(str(tab["year"].max()))
    cls = tab.filter(pl.col("year") == year).select(
        pl.concat_str([pl.col("de_code"), pl.lit(" "), pl.col("de_name")]).alias("label"),
        "de_code",
        pl.col("value_added").alias("value"),
        pl.lit(True).alias("highlight"),
        "synthetic",
    )
    sents = [ctx.t("de.synthetic.warning")]
    chart = charts.build_ranking_bars(
        cls,
        title=ctx.t("de.synthetic.chart", name=ctx.name, year=year),
        unit=ctx.t("de.synthetic.unit"),
        source="SYNTHETIC register (analytics.accounts.generate_register)",
        lang=ctx.lang,
        description=sents[0],
    )
    return ctx.section(title, heading, chart, "accounts_synthetic", cls, sents)


def synthetic_note(ctx: ReportContext) -> DataNote:
    """The data note that names the synthetic register and its approximate concordance.

    Parameters
    ----------
    ctx
        The report's context.

    Returns
    -------
    DataNote
        Marked synthetic.

    Examples
    --------
    >>> synthetic_note(ReportContext(lang="en")).title
    'Synthetic firm register'
    """
    return DataNote(
        title=ctx.t("de.synthetic.note"),
        source=f"generate_register({SYNTHETIC_ROWS}, seed=2026); "
        f"{_accounts(ctx).concordance_source}",
        gaps=ctx.t("de.synthetic.gaps"),
        synthetic=True,
    )
