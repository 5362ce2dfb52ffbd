"""The industry report: GDP and growth, sectors, per-capita GDP, ranks, peers, LQ, shift-share."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from analytics import charts
from analytics.catalog import get_indicator
from analytics.config import DEFAULT_PEERS, DEFAULT_REGION
from analytics.io import read_series, scan_store
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
    period_date,
    region_names,
    resolve_year,
    rname,
    source_notes,
    with_peers,
)
from analytics.stats.periods import format_period, within
from analytics.stats.regional import location_quotients, shift_share

__all__ = ["SECTORS", "industry_report", "location_quotients", "shift_share"]

# location_quotients and shift_share live in analytics.stats.regional; re-exported here

SECTORS: tuple[str, ...] = (
    "va_agriculture",
    "va_industry",
    "va_construction",
    "va_wholesale_retail",
    "va_transport",
    "va_hospitality",
    "va_finance",
    "va_real_estate",
    "va_other",
)
_NBS = {
    "zh": "国家统计局分省年度数据（第五次经济普查修订）",
    "en": "NBS provincial data (revised after the 5th census)",
}
_PUBLISHED = (
    "hightech_mfg_va",
    "hightech_mfg_share",
    "sei_industry_share",
    "sei_industry_va",
    "xinchuang_va",
)


def _digits(value: float) -> int:
    """Decimals as published: 30 → 0, 4.6 → 1 (the figures table holds at most one)."""
    return 0 if float(value).is_integer() else 1


def _name(ind: str, lang: Lang) -> str:
    i = get_indicator(ind)
    return i.name_zh if lang == "zh" else i.name_en


def industry_report(
    region: str = DEFAULT_REGION,
    period: str = "latest",
    lang: str = "zh",
    peers: Sequence[str] = DEFAULT_PEERS,
    data_dir: str | Path | None = None,
) -> ReportContent:
    """Compute everything the industry report shows for ``region`` up to ``period``."""
    lg = check_lang(lang)
    data_dir = as_path(data_dir)
    name = rname(region, lg)
    whole = "31省合计" if lg == "zh" else "the 31 provinces combined"
    title = f"{name}产业经济报告" if lg == "zh" else f"{name}: industry and growth"
    src = _NBS[lg]
    gdp_all = read_series("gdp", data_dir=data_dir)
    rc = new_report(
        "industry", title, region=region, period=period, lang=lang, peers=peers, data_dir=data_dir
    )
    mine = gdp_all.filter(pl.col("region") == region)
    year = resolve_year(period, mine["period"].to_list())
    if year is None:
        rc.sections.append(missing_section(title, _name("gdp", lg), name, lg))
        return rc
    rc.subtitle = f"数据截至{year}年" if lg == "zh" else f"Data up to {year}"
    gdp_all = gdp_all.filter(pl.col("period") <= year)
    mine = mine.filter(pl.col("period") <= year)
    idx = (
        read_series("gdp", measure="index_prev_year_100", data_dir=data_dir)
        .filter(pl.col("period") <= year)
        .with_columns((pl.col("value") - 100).alias("growth"))
    )
    g_mine = idx.filter((pl.col("region") == region) & (pl.col("period") == year))
    med = idx.filter(pl.col("period") == year)["growth"].median()
    g_med = None if med is None else float(med)  # type: ignore[arg-type]
    level = float(mine.filter(pl.col("period") == year)["value"].item())
    latest = gdp_all.filter(pl.col("period") == year).with_columns(
        pl.col("value").rank("ordinal", descending=True).alias("rank")
    )
    rank = int(latest.filter(pl.col("region") == region)["rank"].item())
    unit = "亿元" if lg == "zh" else "100 million yuan"
    growth = float(g_mine["growth"].item()) if g_mine.height else None
    # "1.79 trillion yuan" in English, never "17,931.3 100 million yuan"
    shown, _, shown_unit = nv.amount(level, unit, lang=lg).partition(" ")
    if lg == "zh":
        shown, shown_unit = nv.fmt(level), unit
    rc.cards.append(
        Card(
            _name("gdp", lg),
            shown,
            shown_unit,
            year,
            change=(
                f"{'实际增长' if lg == 'zh' else 'real growth'} {nv.fmt(growth)}%"
                if growth is not None
                else None
            ),
            note=(
                f"第{rank}/{latest.height}位" if lg == "zh" else f"rank {rank} of {latest.height}"
            ),
        )
    )

    # 1. GDP level and growth
    trend = mine.with_columns(period_date()).select("date", "period", "value")
    sentences = [nv.level_sentence(_name("gdp", lg), name, year, level, unit, lang=lg)]
    if growth is not None:
        median = "31省中位数" if lg == "zh" else "the median province"
        sentences.append(
            nv.growth_sentence(
                _name("gdp", lg), name, year, growth, lang=lg, versus=g_med, versus_name=median
            )
        )
    rc.sections.append(
        Section(
            "地区生产总值" if lg == "zh" else "Gross regional product",
            charts.build_trend_with_target(
                trend,
                title=f"{name} {_name('gdp', lg)}",
                unit=unit,
                source=src,
                lang=lg,
                description=sentences[0],
            ),
            "gdp_level",
            trend,
            sentences,
        )
    )

    # 2. growth of peers over time (small multiples)
    regions = with_peers(region, peers)
    pg = idx.filter(pl.col("region").is_in(regions)).with_columns(period_date())
    present = set(pg["region"].unique().to_list())
    missing = [p for p in regions if p not in present]
    pg = pg.with_columns(
        pl.col("region").replace_strict({r: rname(r, lg) for r in present}).alias("series"),
        (pl.col("region") == region).alias("highlight"),
    ).select("series", "region", "date", "period", pl.col("growth").alias("value"), "highlight")
    gsent = []
    if missing:
        miss = (
            "、".join(rname(m, lg) for m in missing)
            if lg == "zh"
            else ", ".join(rname(m, lg) for m in missing)
        )
        gsent.append(
            f"NBS分省数据不含{miss}的地区生产总值指数，图中未列出。"
            if lg == "zh"
            else f"The NBS provincial export has no GDP index for {miss}; not shown."
        )
    rc.sections.append(
        Section(
            "与同类地区比较的实际增速" if lg == "zh" else "Real growth against peers",
            charts.build_peer_small_multiples(
                pg,
                title="地区生产总值实际增速（上年=100 指数减 100）"
                if lg == "zh"
                else "Real GDP growth (index, previous year = 100, minus 100)",
                unit="%",
                source=src,
                lang=lg,
                description="; ".join(gsent) or None,
            ),
            "peer_growth",
            pg,
            gsent,
        )
    )

    # 3. three sectors and industry's share
    parts = ["va_primary", "va_secondary", "va_tertiary", "va_industry"]
    sec = pl.concat([read_series(p, regions=region, data_dir=data_dir) for p in parts])
    sec = (
        sec.filter(pl.col("period") <= year)
        .join(mine.select("period", pl.col("value").alias("gdp")), on="period")
        .with_columns(
            (pl.col("value") / pl.col("gdp") * 100).alias("share"),
            pl.col("indicator").replace_strict({p: _name(p, lg) for p in parts}).alias("series"),
            period_date(),
        )
        .select("series", "indicator", "date", "period", pl.col("share").alias("value"))
    )
    ind_share = sec.filter((pl.col("indicator") == "va_industry") & (pl.col("period") == year))
    ssent = []
    if ind_share.height:
        v = float(ind_share["value"].item())
        rc.cards.append(
            Card(
                ("工业增加值占GDP比重" if lg == "zh" else "Industry, share of GDP"),
                nv.fmt(v),
                "%",
                year,
            )
        )
        ssent.append(
            f"{year}年{name}工业增加值占地区生产总值的{nv.fmt(v)}%（现价）。"
            if lg == "zh"
            else f"In {year}, industry made up {nv.fmt(v)}% of {name}'s GDP (current prices)."
        )
    rc.sections.append(
        Section(
            "三次产业与工业占比" if lg == "zh" else "Three sectors and industry's share",
            charts.build_trend_with_target(
                sec,
                series="series",
                title=(
                    f"{name}各产业增加值占GDP比重"
                    if lg == "zh"
                    else f"{name}: sector shares of GDP"
                ),
                unit="%",
                source=src,
                lang=lg,
                description=" ".join(ssent) or None,
            ),
            "sector_shares",
            sec,
            ssent,
        )
    )

    # 4. GDP per capita ranking
    pc = read_series("gdp_per_capita", data_dir=data_dir).filter(pl.col("period") == year)
    if pc.height:
        bars = (
            pc.with_columns(
                region_names(lg, "label"), (pl.col("region") == region).alias("highlight")
            )
            .select("label", "region", "value", "highlight")
            .sort("value", descending=True)
        )
        prank = int(bars.with_row_index("r").filter(pl.col("region") == region)["r"].item()) + 1
        pval = float(bars.filter(pl.col("region") == region)["value"].item())
        punit = "元/人" if lg == "zh" else "yuan per person"
        rc.cards.append(
            Card(
                _name("gdp_per_capita", lg),
                nv.fmt(pval, digits=0),
                punit,
                year,
                note=(
                    f"第{prank}/{bars.height}位" if lg == "zh" else f"rank {prank} of {bars.height}"
                ),
            )
        )
        psent = [
            nv.rank_sentence(_name("gdp_per_capita", lg), name, year, prank, bars.height, lang=lg),
            nv.rank_sentence(_name("gdp", lg), name, year, rank, latest.height, lang=lg),
        ]
        rc.sections.append(
            Section(
                "人均地区生产总值排名" if lg == "zh" else "GDP per capita: ranking",
                charts.build_ranking_bars(
                    bars,
                    title=f"{year} {_name('gdp_per_capita', lg)}",
                    unit=punit,
                    source=src,
                    lang=lg,
                    value_format=",.0f",
                    description=psent[0],
                ),
                "gdp_per_capita_rank",
                bars,
                psent,
            )
        )

    # 5. location quotients and shift-share against the 31 provinces combined
    va = pl.concat([read_series(s, data_dir=data_dir) for s in SECTORS]).filter(
        pl.col("period") <= year
    )
    lq = location_quotients(
        va.filter(pl.col("period") == year), gdp_all.filter(pl.col("period") == year)
    )
    lq = (
        lq.filter(pl.col("region") == region)
        .with_columns(
            pl.col("indicator")
            .replace_strict(
                {
                    s: _name(s, lg).replace("增加值", "").replace("Value added, ", "")
                    for s in SECTORS
                }
            )
            .alias("label"),
            (pl.col("lq") > 1).alias("highlight"),
        )
        .select("label", "indicator", pl.col("lq").alias("value"), "highlight")
    )
    if lq.height:
        top = lq.sort("value", descending=True).row(0, named=True)
        lsent = [
            f"{year}年{name}专业化程度最高的行业是{top['label']}（区位熵 {top['value']:.2f}，以{whole}为基准）。"  # noqa: E501
            if lg == "zh"
            else f"In {year}, {name} was most specialised in {top['label']} (location quotient {top['value']:.2f} against {whole})."  # noqa: E501
        ]
        first = va.filter(pl.col("region") == region)["period"].min()
        start = None if first is None else str(first)
        if start is not None and start < year:
            ss = shift_share(va, region=region, start=str(start), end=year)
            tot = ss.select(pl.col("ns", "im", "ce").sum()).row(0)
            lsent.append(
                f"{start}—{year}年（现价）{name}各行业增加值变化中，全国增长效应{nv.fmt(tot[0])}亿元、结构效应{nv.fmt(tot[1])}亿元、竞争效应{nv.fmt(tot[2])}亿元。"
                if lg == "zh"
                else f"Of the change in sector value added in {name} from {start} to {year} (current prices), the national-growth effect was {nv.amount(tot[0], unit, lang=lg)}, the industry-mix effect {nv.amount(tot[1], unit, lang=lg)} and the competitive effect {nv.amount(tot[2], unit, lang=lg)}."  # noqa: E501
            )
        rc.sections.append(
            Section(
                "区位熵与偏离—份额分析" if lg == "zh" else "Location quotients and shift-share",
                charts.build_ranking_bars(
                    lq,
                    title=(
                        f"{name}各行业区位熵（{whole}=1）"
                        if lg == "zh"
                        else f"{name}: location quotients ({whole} = 1)"
                    ),
                    unit="LQ",
                    source=src,
                    lang=lg,
                    value_format=".2f",
                    description=lsent[0],
                ),
                "location_quotients",
                lq,
                lsent,
            )
        )

    # 6. published figures (high-tech, strategic emerging, 信创)
    pub = (
        scan_store(data_dir=data_dir)
        .filter(pl.col("indicator").is_in(_PUBLISHED) & (pl.col("region") == region))
        .collect()
        .filter(within(period))
        .sort("indicator", "period")
    )
    heading = (
        "高技术制造业、战略性新兴产业与信创（公开发布数据）"
        if lg == "zh"
        else "High-tech manufacturing, strategic emerging industries and Xinchuang (published figures)"  # noqa: E501
    )
    if pub.height:
        lines = []
        for r in pub.iter_rows(named=True):
            what = "同比增长" if r["measure"] == "yoy_pct" else "占比"
            if lg == "en":
                what = "growth on a year earlier" if r["measure"] == "yoy_pct" else "share"
            value = nv.fmt(r["value"], digits=_digits(r["value"]), qualifier=r["qualifier"])
            when = format_period(r["period"], lg)
            lines.append(f"{_name(r['indicator'], lg)}（{when}）：{what}{value}%" if lg == "zh"
                         else f"{_name(r['indicator'], lg)} ({when}): {what} {value}%")  # fmt: skip
        rc.sections.append(Section(heading, sentences=lines))
        rc.notes += source_notes(pub, heading, data_dir=data_dir)
    else:
        what = (
            "高技术制造业、战略性新兴产业与信创"
            if lg == "zh"
            else "published high-tech, strategic emerging or Xinchuang"
        )
        rc.sections.append(missing_section(heading, what, name, lg))

    rc.notes.insert(
        0,
        DataNote(
            title=src,
            source="data/raw/nbs/*.csv",
            vintage="nbs_revised_5th_census",
            quote="在第五次全国经济普查后，对1992年-2023年地区生产总值历史数据进行了系统修订",
            gaps=(
                "全国合计以31省合计代替（NBS分省导出不含全国）；增速来自地区生产总值指数（可比价），水平为现价。"
                if lg == "zh"
                else "'National' is the sum of the 31 provinces (the provincial export has no China row); growth comes from the GDP index (comparable prices), levels are at current prices."  # noqa: E501
            ),
        ),
    )
    return rc
