"""The digital-economy report in one call (sections in :mod:`analytics.reports.digital_economy`).

The SYNTHETIC accounts section lives here until its words move to the message catalog.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from analytics import charts
from analytics.config import DEFAULT_LANG, DEFAULT_PEERS, DEFAULT_REGION
from analytics.reports import narrative as nv
from analytics.reports.components import DataNote
from analytics.reports.content._base import ReportContent
from analytics.reports.context import ReportContext, check_lang
from analytics.reports.section import Section

__all__ = ["SYNTHETIC_ROWS", "digital_economy_report", "synthetic_note", "synthetic_section"]

SYNTHETIC_ROWS = 100_000
"""Rows of the synthetic firm register the accounting section aggregates (seed 2026)."""


def digital_economy_report(
    region: str = DEFAULT_REGION,
    period: str = "latest",
    lang: str = DEFAULT_LANG,
    peers: Sequence[str] = DEFAULT_PEERS,
    data_dir: str | Path | None = None,
    *,
    synthetic: bool = False,
) -> ReportContent:
    """Compute everything the digital-economy report shows for ``region`` up to ``period``.

    The accounting section built from a SYNTHETIC firm register (a demonstration of the method,
    not statistics) is shown only when ``synthetic`` is true: never in a policymaker's report
    unless the job asks for it.
    """
    from analytics.reports import digital_economy

    path = Path(data_dir) if data_dir else None
    ctx = ReportContext(region, period, check_lang(lang), peers, path)
    return digital_economy.report(ctx, synthetic=synthetic)


def _accounts(ctx: ReportContext) -> Any:
    from analytics.accounts import aggregate_firms, generate_register

    return ctx.cached(
        "de:accounts", lambda: aggregate_firms(generate_register(SYNTHETIC_ROWS, seed=2026))
    )


def synthetic_section(ctx: ReportContext) -> Section:
    """The accounting breakdown from the SYNTHETIC register (only when a job asks for it)."""
    lg, region, name = ctx.lang, ctx.region, ctx.name
    zh = lg == "zh"
    acc = _accounts(ctx)
    tab = acc.table.filter(pl.col("region") == region)
    heading = (
        "数字经济核算：按大类（合成数据）"
        if zh
        else "Digital-economy accounts by major class (SYNTHETIC data)"
    )
    if tab.height:
        ay = int(str(tab["year"].max()))
        cls = tab.filter(pl.col("year") == ay).select(
            pl.concat_str([pl.col("de_code"), pl.lit(" "), pl.col("de_name")]).alias("label"),
            "de_code",
            pl.col("value_added").alias("value"),
            pl.lit(True).alias("highlight"),
            "synthetic",
        )
        asent = [
            (
                "【合成数据】以下数字来自随机生成的企业名录，仅演示核算方法，不是真实统计。"
                if zh
                else "[SYNTHETIC] These figures come from a randomly generated firm register; they show the method, not real statistics."  # noqa: E501
            )
        ]
        from analytics.reports import digital_economy

        return ctx.section(
            digital_economy.title(ctx),
            heading,
            charts.build_ranking_bars(
                cls,
                title=(
                    f"【合成数据】{name} {ay} 数字经济增加值（按大类）"
                    if zh
                    else f"[SYNTHETIC] {name} {ay}: digital-economy value added by class"
                ),
                unit="合成单位" if zh else "synthetic units",
                source="SYNTHETIC register (analytics.accounts.generate_register)",
                lang=lg,
                description=asent[0],
            ),
            "accounts_synthetic",
            cls,
            asent,
        )
    what = "合成名录" if zh else "synthetic register"
    from analytics.reports import digital_economy

    return ctx.section(digital_economy.title(ctx), heading,
                       sentences=[nv.missing_sentence(what, name, lang=lg)])  # fmt: skip


def synthetic_note(ctx: ReportContext) -> DataNote:
    """The data note that names the synthetic register and its approximate concordance."""
    zh, acc = ctx.lang == "zh", _accounts(ctx)
    return DataNote(
        title=("合成企业名录" if zh else "Synthetic firm register"),
        source=f"generate_register({SYNTHETIC_ROWS}, seed=2026); {acc.concordance_source}",
        gaps=(
            "对照表为近似（大类 39、63、64、65）"
            if zh
            else "approximate concordance (divisions 39, 63, 64, 65)"
        ),
        synthetic=True,
    )
