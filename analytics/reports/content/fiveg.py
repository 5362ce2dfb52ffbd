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
    period_cutoff,
    period_date,
    resolve_year,
    rname,
    source_notes,
    with_peers,
)
from analytics.reports.content._trend import fan_frame, fit_trend, fractional_year

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
    cutoff = period_cutoff(period)

    st = observations("fiveg_base_stations", regions, data_dir).filter(pl.col("period") <= cutoff)
    mine = st.filter(pl.col("region") == region)
    target = next((t for t in ind.targets if t.region == region and t.value), None)
    rc.subtitle = (
        "5G数据来自零散的公开发布，记录稀疏：图中空白即为缺失，不作插补。"
        if lg == "zh"
        else "5G figures come from scattered public releases; the record is sparse: blanks are gaps, never filled in."  # noqa: E501
    )

    # forecast (region first; China for context when the region's record is too short)
    fc_frame, fc_region, prob = None, None, None
    until = max(target.year if target else 2025, 2026)
    for who in dict.fromkeys([region, "000000"]):
        raw = st.filter(pl.col("region") == who) if who in regions else None
        if raw is None:
            raw = observations("fiveg_base_stations", [who], data_dir)
        pts = raw.filter(pl.col("status") != "lower_bound").with_columns(period_date())
        pts = pts.with_columns(fractional_year(pl.col("date").str.to_date()).alias("t"))
        fit = fit_trend(pts["t"].to_numpy(), pts["value"].to_numpy())
        if fit is None:
            warn.append(
                f"{rname(who, lg)}：可用于拟合的公开数据点只有{pts.height}个（至少需要3个），无法预测。"  # noqa: E501
                if lg == "zh"
                else f"{rname(who, lg)}: only {pts.height} usable published figure(s) "
                "(3 needed); no forecast."
            )
            continue
        fc_frame = fan_frame(fit, pts, until_year=until)
        fc_region = who
        if who == region and target is not None and target.value:
            prob = fit.probability_at_least(float(target.value), target.year + 1.0)
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
            f"已公开的数据点：{'、'.join(mine['period'].to_list())}；其间没有数据的年份在图中留空。"
            if lg == "zh"
            else f"Published data points: {', '.join(mine['period'].to_list())}; years without data are left blank."  # noqa: E501
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
                    target_date=f"{target.year}-12-31" if target else None,
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
    dens = observations("fiveg_base_stations_per_10k", regions, data_dir).filter(
        pl.col("period") <= cutoff
    )
    dname = (
        get_indicator("fiveg_base_stations_per_10k").name_zh
        if lg == "zh"
        else "5G base stations per 10,000 people"
    )
    if dens.height:
        latest = dens.sort("period").group_by("region").agg(pl.all().last())
        bars = (
            latest.with_columns(
                pl.struct("region", "period")
                .map_elements(
                    lambda r: f"{rname(r['region'], lg)} {r['period']}", return_dtype=pl.Utf8
                )
                .alias("label"),
                (pl.col("region") == region).alias("highlight"),
            )
            .select("label", "region", "period", "value", "vintage", "source", "highlight")
            .sort("value", descending=True)
        )
        dsent = [
            "各地最新公开值的时点和口径（版本）不同，仅作参考比较："
            + "；".join(
                f"{rname(r['region'], lg)} {r['period']} {nv.fmt(r['value'])}（{r['vintage']}）"
                for r in bars.iter_rows(named=True)
            )
            if lg == "zh"
            else "The latest published figures differ in date and vintage, so compare with care: "
            + "; ".join(
                f"{rname(r['region'], lg)} {r['period']} {nv.fmt(r['value'])} ({r['vintage']})"
                for r in bars.iter_rows(named=True)
            )
        ]
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
                bars,
                dsent,
            )
        )
        rc.notes += source_notes(dens, dname, data_dir=data_dir)

    # 3. users
    users = observations("fiveg_users", [region], data_dir).filter(pl.col("period") <= cutoff)
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
    heading = "预测与达标概率" if lg == "zh" else "Forecast and the chance of meeting the target"
    fsent = list(dict.fromkeys(warn))
    if fc_frame is not None and fc_region is not None:
        who = rname(fc_region, lg)
        end = fc_frame.row(-1, named=True)
        fsent.append(
            f"按趋势外推，{who}{end['period']}年末约为{nv.fmt(end['forecast'], digits=0)}{unit}"
            f"（80%区间 {nv.fmt(end['lower_80'], digits=0)}–{nv.fmt(end['upper_80'], digits=0)}）。"
            if lg == "zh"
            else f"Extrapolating the trend, {who} would have about "
            f"{nv.fmt(end['forecast'], digits=0)} {unit} at the end of {end['period']} "
            f"(80% interval {nv.fmt(end['lower_80'], digits=0)}–{nv.fmt(end['upper_80'], digits=0)})."  # noqa: E501
        )
        if fc_region != region:
            fsent.insert(
                0,
                f"{name}的记录太短，无法单独预测；下图为{who}的趋势预测，仅供参考。"
                if lg == "zh"
                else f"{name}'s record is too short for a forecast of its own; the chart shows {who} for context.",  # noqa: E501
            )
        elif prob is not None:
            fsent.insert(
                0,
                f"按对数线性趋势（不规则时点最小二乘，t分布预测区间），{target.year if target else ''}年达到目标的概率约为{prob * 100:.0f}%。"  # noqa: E501
                if lg == "zh"
                else f"From a log-linear trend (least squares over the published dates, Student-t prediction intervals), the chance of meeting the target in {target.year if target else ''} is about {prob * 100:.0f}%.",  # noqa: E501
            )
        tv = float(target.value) if (target and target.value and fc_region == region) else None
        rc.sections.append(
            Section(
                heading,
                charts.build_fan_chart(
                    fc_frame,
                    title=(
                        f"{who}{iname}趋势预测（80%/95%区间）"
                        if lg == "zh"
                        else f"{who}: {iname}, forecast with 80%/95% intervals"
                    ),
                    unit=unit,
                    source=src,
                    lang=lg,
                    target=tv,
                    description=fsent[0] if fsent else None,
                ),
                "forecast",
                fc_frame,
                fsent,
            )
        )
    else:
        rc.sections.append(
            Section(heading, sentences=fsent or [nv.missing_sentence(iname, name, lang=lg)])
        )
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
