"""The 5G report: base stations against the plan target, density against peers, users, forecast.

The record is sparse (a few published figures per region, at irregular dates): the report says
so, draws gaps as gaps and forecasts only where there are enough points.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from analytics import charts
from analytics.catalog import get_indicator
from analytics.config import DEFAULT_PEERS
from analytics.reports import narrative as nv
from analytics.reports.components import Card, DataNote, Status
from analytics.reports.content._base import (
    ReportContent,
    Section,
    as_path,
    check_lang,
    missing_section,
    new_report,
    observations,
    period_date,
    resolve_year,
    rname,
    source_notes,
    with_peers,
)
from analytics.reports.content._density import _pop_name, computed_sentences, density_sentence
from analytics.reports.content._forecast import forecast_frame, forecast_section
from analytics.stats.density import latest_density
from analytics.stats.periods import format_period, within
from analytics.stats.trend_select import one_per_year, select_trend

__all__ = ["fiveg_report", "with_gaps", "year_end_series"]

GAP_DAYS = 400


def with_gaps(frame: pl.DataFrame, *, max_days: int = GAP_DAYS) -> pl.DataFrame:
    """Insert a null row between observations more than ``max_days`` apart (drawn as a gap).

    Examples
    --------
    >>> f = pl.DataFrame({"date": ["2020-12-31", "2024-03-31"], "value": [1.0, 2.0]})
    >>> with_gaps(f)["value"].to_list()
    [1.0, None, 2.0]
    """
    d = frame.with_columns(pl.col("date").str.to_date().alias("_d")).sort("_d")
    nxt = pl.col("_d").shift(-1)
    mids = (
        d.select(
            ((pl.col("_d").cast(pl.Int32) + nxt.cast(pl.Int32)) // 2).cast(pl.Date).alias("_m"),
            ((nxt - pl.col("_d")).dt.total_days() > max_days).alias("_gap"),
        )
        .filter(pl.col("_gap"))
        .select(pl.col("_m").dt.to_string("%Y-%m-%d").alias("date"))
    )
    return pl.concat([d.drop("_d"), mids], how="diagonal_relaxed").sort("date")


def year_end_series(frame: pl.DataFrame) -> pl.DataFrame:
    """Annual series from a stock observed at irregular dates: the year-end figure only.

    Examples
    --------
    >>> f = pl.DataFrame({"period": ["2021", "2022-06", "2022"], "value": [1.0, 1.5, 2.0]})
    >>> year_end_series(f).rows()
    [('2021', 1.0), ('2022', 2.0)]
    """
    ends = frame.filter(
        (pl.col("period").str.len_chars() == 4) | pl.col("period").str.ends_with("-12")
    )
    return (
        ends.with_columns(pl.col("period").str.slice(0, 4))
        .group_by("period")
        .agg(pl.col("value").last())
        .sort("period")
    )


def fiveg_report(
    region: str = "120000",
    period: str = "latest",
    lang: str = "zh",
    peers: Sequence[str] = DEFAULT_PEERS,
    data_dir: str | Path | None = None,
) -> ReportContent:
    """Compute everything the 5G report shows for ``region`` up to ``period``."""
    from analytics.stats import classify_status  # imports statsmodels/scipy: only when needed

    lg = check_lang(lang)
    data_dir = as_path(data_dir)
    name = rname(region, lg)
    ind = get_indicator("fiveg_base_stations")
    iname = ind.name_zh if lg == "zh" else "5G base stations"
    unit = "个" if lg == "zh" else "stations"
    title = f"{name}5G网络建设报告" if lg == "zh" else f"{name}: 5G network"
    rc = new_report(
        "fiveg", title, region=region, period=period, lang=lang, peers=peers, data_dir=data_dir
    )
    src = "公开发布数据（见数据说明）" if lg == "zh" else "Published figures (see data notes)"
    regions = with_peers(region, peers)
    warn: list[str] = []

    st = observations("fiveg_base_stations", regions, data_dir).filter(within(period))
    mine = st.filter(pl.col("region") == region)
    target = next((t for t in ind.targets if t.region == region and t.value), None)
    rc.subtitle = (
        "5G数据来自零散的公开发布，记录稀疏：图中空白即为缺失，不作插补。"
        if lg == "zh"
        else "5G figures come from scattered public releases; the record is sparse: blanks are gaps, never filled in."  # noqa: E501
    )

    # forecast (region first; China for context when the region's record is too short)
    fc_frame, fc_region, prob, choice = None, None, None, None
    until = 2030  # the next plan's end; select_trend stops where the data stop supporting it
    for who in dict.fromkeys([region, "000000"]):
        raw = st.filter(pl.col("region") == who) if who in regions else None
        if raw is None:
            raw = observations("fiveg_base_stations", [who], data_dir).filter(within(period))
        pts = raw.filter(pl.col("status") != "lower_bound")
        tv = float(target.value) if (who == region and target and target.value) else None
        choice = select_trend(
            pts, until_year=until, target=tv, target_year=target.year if target else None
        )
        if choice is None:
            n = one_per_year(pts).height if pts.height else 0
            warn.append(
                f"{rname(who, lg)}：可用于检验和拟合的年度数据点只有{n}个（至少需要4个），不作预测。"  # noqa: E501
                if lg == "zh"
                else f"{rname(who, lg)}: only {n} usable yearly figures (4 needed to test a "
                "model); no forecast."
            )
            continue
        fc_frame = forecast_frame(one_per_year(pts), choice)
        fc_region = who
        prob = choice.probability
        break

    # 1. stations over time against the target
    if mine.height:
        last = mine.sort("period").row(-1, named=True)
        status: Status = "no_target"
        tgt_text = None
        if target is not None and target.value:
            status = classify_status(
                float(last["value"]),
                float(target.value),
                prob,
                deadline_passed=int(last["period"][:4]) >= target.year
                and float(last["value"]) < target.value,
            )
            tgt_text = f"{nv.fmt(target.value, digits=0)} ({target.year})"
        rc.cards.append(
            Card(
                iname,
                nv.fmt(last["value"], digits=0),
                unit,
                last["period"],
                target=tgt_text,
                status=status,
                note=(
                    f"共{mine.height}个公开数据点"
                    if lg == "zh"
                    else f"{mine.height} published figures"
                ),
            )
        )
        trend = with_gaps(
            mine.with_columns(period_date()).select("date", "period", "value", "status")
        )
        sents = []
        if target is not None and target.value:
            sents.append(
                nv.target_sentence(
                    iname,
                    name,
                    last["period"],
                    float(last["value"]),
                    float(target.value),
                    target.year,
                    unit,
                    lang=lg,
                    probability=prob,
                )
            )
        else:
            sents.append(
                nv.level_sentence(
                    iname, name, last["period"], float(last["value"]), unit, lang=lg, digits=0
                )
            )
        sents.append(
            "已公开的数据点："
            + "、".join(format_period(p, lg) for p in mine["period"])
            + "；其间没有数据的年份在图中留空。"
            if lg == "zh"
            else "Published data points: "
            + ", ".join(format_period(p, lg) for p in mine["period"])
            + "; years without data are left blank."
        )
        rc.sections.append(
            Section(
                "5G基站建设与规划目标" if lg == "zh" else "5G base stations against the plan",
                charts.build_trend_with_target(
                    trend,
                    title=f"{name}{iname}" if lg == "zh" else f"{name}: {iname}",
                    unit=unit,
                    source=src,
                    lang=lg,
                    target=float(target.value) if target and target.value else None,
                    target_date=f"{target.year}-01-01" if target else None,  # on the year's tick
                    target_label=(target.text_zh if lg == "zh" else target.text_en)
                    if target
                    else None,
                    description=sents[0],
                ),
                "base_stations",
                trend,
                sents,
            )
        )
        rc.notes += source_notes(mine, iname, data_dir=data_dir)
        if target is not None:
            rc.notes.append(
                DataNote(
                    title=target.plan,
                    source=target.source,
                    quote=target.text_zh,
                    gaps=target.caveat or "",
                )
            )
    else:
        rc.cards.append(Card(iname, "–", unit, "", status="unknown"))
        heading = "5G基站建设" if lg == "zh" else "5G base stations"
        rc.sections.append(missing_section(heading, iname, name, lg))

    # 2. density per 10,000 people: latest figure of each region, vintage named
    dens = observations("fiveg_base_stations_per_10k", regions, data_dir).filter(within(period))
    dname = (
        get_indicator("fiveg_base_stations_per_10k").name_zh
        if lg == "zh"
        else "5G base stations per 10,000 people"
    )
    if dens.height:
        levels = st.filter(pl.col("region").is_in(regions))
        pop = observations("population", regions, data_dir).filter(within(period))
        best = latest_density(dens, levels, pop)
        bars = best.with_columns(
            pl.struct("region", "period")
            .map_elements(
                lambda r: f"{rname(r['region'], lg)} {format_period(r['period'], lg)}",
                return_dtype=pl.Utf8,
            )
            .alias("label"),
            (pl.col("region") == region).alias("highlight"),
            # a computed density to one decimal; a published one as published (19.04)
            pl.when(pl.col("basis") == "computed")
            .then(pl.col("value").round(1))
            .otherwise(pl.col("value")),
        ).sort("value", descending=True)
        dsent = [density_sentence(bars, region, lg), *computed_sentences(best, levels, pop, lg)]
        if region not in bars["region"].to_list():
            dsent.insert(0, nv.missing_sentence(dname, name, lang=lg))
        dunit = "个/万人" if lg == "zh" else "per 10,000 people"
        rc.sections.append(
            Section(
                "每万人5G基站数：与同类地区和全国比较"
                if lg == "zh"
                else "Density against peers and China",
                charts.build_ranking_bars(
                    bars, title=dname, unit=dunit, source=src, lang=lg, description=dsent[0]
                ),
                "density",
                bars.select("label", "region", "period", "value", "qualifier", "basis"),
                dsent,
            )
        )
        used = dens.join(best.filter(pl.col("basis") == "published"), on=["region", "period"])
        rc.notes += source_notes(used, dname, data_dir=data_dir)
        comp = best.filter(pl.col("basis") == "computed").select("region", "period")
        rc.notes += source_notes(
            levels.join(comp, on=["region", "period"]).filter(pl.col("region") != region),
            iname,
            data_dir=data_dir,
        )
        rc.notes += source_notes(
            pop.join(comp.select("region"), on="region"), _pop_name(lg), data_dir=data_dir
        )

    # 3. users
    users = observations("fiveg_users", [region], data_dir).filter(within(period))
    uname = "5G移动电话用户数" if lg == "zh" else "5G mobile phone users"
    if users.height:
        ut = with_gaps(users.with_columns(period_date()).select("date", "period", "value"))
        last = users.row(-1, named=True)
        uunit = "万户" if lg == "zh" else "10,000 users"
        us = [nv.level_sentence(uname, name, last["period"], float(last["value"]), uunit, lang=lg)]
        rc.sections.append(
            Section(
                uname if lg == "zh" else "5G users",
                charts.build_trend_with_target(
                    ut, title=uname, unit=uunit, source=src, lang=lg, description=us[0]
                ),
                "users",
                ut,
                us,
            )
        )
        rc.notes += source_notes(users, uname, data_dir=data_dir)
    else:
        rc.sections.append(missing_section(uname if lg == "zh" else "5G users", uname, name, lg))

    # 4. forecast
    rc.sections.append(forecast_section(fc_frame, choice, fc_region, region, target, lg, warn))
    rc.notes.append(
        DataNote(
            title="记录稀疏" if lg == "zh" else "A sparse record",
            gaps=(
                "5G指标来自各地零散的公开发布，时点不一（年末或某月），口径（版本）可能不同；缺失年份不插补。"
                if lg == "zh"
                else "5G figures come from scattered releases at different dates (year-end or a month) and possibly different vintages; missing years are not filled in."  # noqa: E501
            ),
        )
    )
    _ = resolve_year
    return rc
