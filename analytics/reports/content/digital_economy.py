"""The digital-economy report: core share vs goals, CAICT scale (separate), the index, accounts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from analytics import charts
from analytics.catalog import get_indicator
from analytics.config import DEFAULT_PEERS, DEFAULT_REGION, catalog_dir, raw_dir
from analytics.reports import narrative as nv
from analytics.reports.components import Card, DataNote
from analytics.reports.content._base import (
    Lang,
    ReportContent,
    Section,
    as_path,
    check_lang,
    missing_section,
    new_report,
    observations,
    period_date,
    region_names,
    rname,
    source_notes,
    with_peers,
)
from analytics.reports.content._index_notes import intensity_section, size_sentences
from analytics.stats.periods import within

__all__ = ["SYNTHETIC_ROWS", "digital_economy_report"]

SYNTHETIC_ROWS = 100_000
"""Rows of the synthetic firm register the accounting section aggregates (seed 2026)."""


def digital_economy_report(
    region: str = DEFAULT_REGION,
    period: str = "latest",
    lang: str = "zh",
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
    from analytics.index import build_index, load_framework, pca_composite, run_uncertainty
    from analytics.io.research import read_research_panel

    lg = check_lang(lang)
    data_dir = as_path(data_dir)
    name = rname(region, lg)
    zh = lg == "zh"
    title = f"{name}数字经济报告" if zh else f"{name}: digital economy"
    panel_path = raw_dir() / "research" / "panel_data.xlsx"
    fw_path = catalog_dir() / "frameworks" / "dedi_handbook.yaml"
    rc = new_report(
        "digital_economy",
        title,
        region=region,
        period=period,
        lang=lang,
        peers=peers,
        data_dir=data_dir,
        extra=[panel_path, fw_path],
    )

    # 1. core-industry share (NBS measure) against the national 10% goal and the plan
    ind = get_indicator("de_core_va_share")
    share = observations("de_core_va_share", [region, "000000"], data_dir).filter(within(period))
    sname = (
        "数字经济核心产业增加值占GDP比重（统计局口径）"
        if zh
        else "Core digital-economy industries, share of GDP (NBS measure)"
    )
    goal = next((t for t in ind.targets if t.region == "000000"), None)
    plan = next((t for t in ind.targets if t.region == region), None)
    mine = share.filter(pl.col("region") == region)
    sents: list[str] = []
    if mine.height:
        last = mine.row(-1, named=True)
        rc.cards.append(
            Card(
                ("核心产业占GDP比重" if zh else "Core share of GDP"),
                nv.fmt(last["value"]),
                "%",
                last["period"],
                target=(
                    ("稳步提升；全国10%" if zh else "steady increase; China 10%")
                    if plan
                    else "10% (China)"
                ),
                status="unknown",
                note=(
                    "仅有一个数据点，无法判断是否“稳步提升”"
                    if zh
                    else "one figure only: cannot judge a steady increase"
                )
                if mine.height < 4
                else None,
            )
        )
        sents.append(
            nv.share_vs_goal_sentence(
                name,
                last["period"],
                float(last["value"]),
                float(goal.value or 10) if goal else 10.0,
                "2025年全国目标" if zh else "the national 2025 goal",
                lang=lg,
            )
        )
        if plan:
            sents.append(
                f"规划要求“{plan.text_zh}”（定性目标）；现有{mine.height}个数据点，不足以判断。"
                if zh
                else "The plan asks for a steady increase (qualitative); "
                + ("one figure is" if mine.height == 1 else f"{mine.height} figures are")
                + " not enough to judge."
            )
    else:
        rc.cards.append(
            Card(
                ("核心产业占GDP比重" if zh else "Core share of GDP"), "–", "%", "", status="unknown"
            )
        )
        sents.append(nv.missing_sentence(sname, name, lang=lg))
    if share.height:
        sd = share.with_columns(
            period_date(),
            pl.col("region")
            .replace_strict({r: rname(r, lg) for r in share["region"].unique().to_list()})
            .alias("series"),
        ).select("series", "region", "date", "period", "value")
        rc.sections.append(
            Section(
                "数字经济核心产业占比" if zh else "Core digital-economy industries",
                charts.build_trend_with_target(
                    sd,
                    series="series",
                    title=sname,
                    unit="%",
                    source="国家统计局及各地公开发布" if zh else "NBS and local releases",
                    lang=lg,
                    target=float(goal.value or 10) if goal else None,
                    target_date=f"{goal.year}-12-31" if goal else None,
                    target_label=(goal.text_zh if zh else goal.text_en) if goal else None,
                    description=sents[0],
                ),
                "core_share",
                sd,
                sents,
            )
        )
        rc.notes += source_notes(share, sname, data_dir=data_dir)
    else:
        rc.sections.append(
            Section(
                "数字经济核心产业占比" if zh else "Core digital-economy industries", sentences=sents
            )
        )

    # 2. CAICT scale, China only, kept separate
    caict = observations("de_scale_share_caict", ["000000"], data_dir).filter(within(period))
    if caict.height:
        cd = caict.with_columns(period_date()).select("date", "period", "value")
        last = caict.row(-1, named=True)
        cs = [
            (
                f"按中国信通院口径（数字产业化+产业数字化），{last['period']}年全国数字经济规模占GDP的{nv.fmt(last['value'])}%；"
                "该口径与上一节统计局核心产业口径含义不同，不可直接比较。"
            )
            if zh
            else (
                f"On CAICT's measure (digital industrialisation plus industrial digitalisation), China's digital economy was {nv.fmt(last['value'])}% of GDP in {last['period']}; "  # noqa: E501
                "this answers a different question from the NBS core measure above and is not comparable."  # noqa: E501
            )
        ]
        rc.sections.append(
            Section(
                "全国数字经济规模（信通院口径，单独列示）"
                if zh
                else "China's digital-economy scale (CAICT measure, shown separately)",
                charts.build_trend_with_target(
                    cd,
                    title=(
                        "全国数字经济规模占GDP比重（信通院口径）"
                        if zh
                        else "China: digital economy, share of GDP (CAICT measure)"
                    ),
                    unit="%",
                    source="中国信通院《中国数字经济发展研究报告》"
                    if zh
                    else "CAICT digital economy reports",
                    lang=lg,
                    description=cs[0],
                ),
                "caict_share",
                cd,
                cs,
            )
        )
        rc.notes += source_notes(caict, "信通院口径" if zh else "CAICT measure", data_dir=data_dir)

    # 3. the index: score, rank, Monte Carlo band
    obs = read_research_panel(panel_path)
    pca = pca_composite(obs)
    years = pca.scores["year"].unique().sort().to_list()
    year = (
        max((y for y in years if str(y) <= period[:4]), default=None)
        if period != "latest"
        else max(years)
    )
    iname = "数字经济发展指数" if zh else "Digital Economy Development Index"
    isrc = (
        "研究面板（31省×22指标，2013—2022，非官方汇编），指标体系等权合成"
        if zh
        else "Research panel (31 provinces × 22 indicators, 2013–2022, unofficial), "
        "handbook framework"
    )
    if year is not None:
        # card, ranking and pillars all come from one index: the handbook framework's
        fw = load_framework(fw_path, known_indicators=obs["indicator"].unique().to_list())
        res = build_index(obs, fw)
        sc = (
            res.to_frame()
            .filter((pl.col("node") == "dedi") & (pl.col("year") == year))
            .rename({"value": "index"})
        )
        unc = run_uncertainty(obs.filter(pl.col("period") == str(year)), fw, n=200, seed=0)
        band = unc.ranks.filter(pl.col("region") == region)
        me = sc.filter(pl.col("region") == region)
        pca_rank = pca.scores.filter((pl.col("year") == year) & (pl.col("region") == region))
        if me.height:
            r = me.row(0, named=True)
            b = band.row(0, named=True) if band.height else None
            rc.cards.append(
                Card(
                    iname,
                    nv.fmt(r["index"]),
                    "/100",
                    str(year),
                    change=(
                        f"第{r['rank']}/{sc.height}位" if zh else f"rank {r['rank']} of {sc.height}"
                    ),
                    note=(
                        f"排名区间 {b['p05']:.0f}–{b['p95']:.0f}（90%）"
                        if zh
                        else f"rank band {b['p05']:.0f}–{b['p95']:.0f} (90%)"
                    )
                    if b
                    else None,
                )
            )
            isent = [nv.rank_sentence(iname, name, str(year), int(r["rank"]), sc.height, lang=lg)]
            if b:
                isent.append(
                    f"在建模选择（标准化、权重、加总）的蒙特卡洛模拟（200次）中，排名的90%区间为第{b['p05']:.0f}至{b['p95']:.0f}位。"
                    if zh
                    else f"Across 200 Monte Carlo runs over the modelling choices (normalisation, weights, aggregation), the 90% rank band is {b['p05']:.0f} to {b['p95']:.0f}."  # noqa: E501
                )
            if pca_rank.height:
                pr = int(pca_rank["rank"][0])
                isent.append(
                    f"按主成分法（另一种赋权）计算，{name}居第{pr}位。"
                    if zh
                    else f"Weighted by principal components instead, {name} ranks {pr}."
                )
            isent += size_sentences(
                sc.select("region", pl.col("index").alias("value")),
                obs["indicator"].unique().sort().to_list(),
                int(year),
                lg,
                data_dir,
            )
            isent.append(
                "指数对全部省份和年份统一标准化：增加一年数据会改变所有数值。研究面板为非官方汇编，部分缺失值经插补。"
                if zh
                else "The index pools every province and year: adding a year changes every value. "
                "The research panel is an unofficial compilation; some missing cells were interpolated."  # noqa: E501
            )
        else:
            isent = [nv.missing_sentence(iname, name, lang=lg)]
        bars = sc.with_columns(
            region_names(lg, "label"),
            (pl.col("region") == region).alias("highlight"),
        ).select("label", "region", pl.col("index").alias("value"), "rank", "highlight")
        rc.sections.append(
            Section(
                "数字经济发展指数：得分与排名"
                if zh
                else "Digital Economy Development Index: score and rank",
                charts.build_ranking_bars(
                    bars,
                    title=f"{year} {iname}",
                    unit="0–100",
                    source=isrc,
                    lang=lg,
                    description=isent[0],
                ),
                "index_rank",
                bars,
                isent,
            )
        )

        inten = intensity_section(obs, fw, int(year), region, lg, data_dir)
        if inten is not None:
            rc.sections.append(inten)

        # 4. pillar profile against peers (the same handbook index, pillars = third level)
        pillars = {n.id: (n.name_zh if zh else n.name_en) for n in fw.nodes if n.parent == "dedi"}
        who = with_peers(region, peers)
        prof = (
            res.to_frame()
            .filter(
                pl.col("node").is_in(list(pillars))
                & (pl.col("year") == year)
                & pl.col("region").is_in(who)
            )
            .with_columns(
                pl.col("node").replace_strict(pillars).alias("pillar"),
                region_names(lg, "series"),
            )
            .select("pillar", "series", "region", "value")
            .sort("pillar", "region")
        )
        absent = [rname(p, lg) for p in who if p not in prof["region"].to_list()]
        psent = []
        if prof.filter(pl.col("region") == region).height:
            best = (
                prof.filter(pl.col("region") == region)
                .sort("value", descending=True)
                .row(0, named=True)
            )
            psent.append(
                f"{year}年{name}得分最高的分项是{best['pillar']}（{nv.fmt(best['value'])}）。"
                if zh
                else f"In {year}, {name} scored highest on {best['pillar']} ({nv.fmt(best['value'])})."  # noqa: E501
            )
        if absent:
            psent.append(
                ("研究面板不含：" + "、".join(absent) + "。")
                if zh
                else ("Not in the research panel: " + ", ".join(absent) + ".")
            )
        rc.sections.append(
            Section(
                "分项得分：与同类地区比较" if zh else "Pillar profile against peers",
                charts.build_pillar_profile(
                    prof,
                    title=(f"{year} 指数分项得分" if zh else f"{year} index pillars"),
                    unit="0–100",
                    source=isrc,
                    lang=lg,
                    description=psent[0] if psent else None,
                    colors=charts.region_colors({c: rname(c, lg) for c in who}),
                ),
                "pillars",
                prof,
                psent,
            )
        )
        rc.notes.append(
            DataNote(
                title=iname,
                source="data/raw/research/panel_data.xlsx; data/catalog/frameworks/dedi_handbook.yaml",  # noqa: E501
                vintage="research_panel_2013_2022",
                gaps=pca.note,
            )
        )

    if synthetic:
        _synthetic_section(rc, region, name, lg)
    return rc


def _synthetic_section(rc: ReportContent, region: str, name: str, lg: Lang) -> None:
    """The accounting breakdown from the SYNTHETIC register (only when a job asks for it)."""
    from analytics.accounts import aggregate_firms, generate_register

    zh = lg == "zh"
    acc = aggregate_firms(generate_register(SYNTHETIC_ROWS, seed=2026))
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
        rc.sections.append(
            Section(
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
        )
    else:
        what = "合成名录" if zh else "synthetic register"
        rc.sections.append(missing_section(heading, what, name, lg))
    rc.notes.append(
        DataNote(
            title=("合成企业名录" if zh else "Synthetic firm register"),
            source=f"generate_register({SYNTHETIC_ROWS}, seed=2026); {acc.concordance_source}",
            gaps=(
                "对照表为近似（大类 39、63、64、65）"
                if zh
                else "approximate concordance (divisions 39, 63, 64, 65)"
            ),
            synthetic=True,
        )
    )
