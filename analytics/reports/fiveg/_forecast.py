"""The 5G forecast section: the chosen model, named with its backtest error or as untested.

The section says which model won the rolling-origin backtest and by what error — or, with fewer
than three backtest origins, that the line is a trend only, not tested; that the bands are
simulated and never fall below the stations already built; when the candidate models disagree
by more than the chosen model's 80 % interval; and P(meeting the target) only for a target
year within the forecast (else why not).
"""

from __future__ import annotations

import altair as alt
import polars as pl

from analytics import charts
from analytics.reports import narrative as nv
from analytics.reports.context import ReportContext
from analytics.reports.fiveg.data import Outlook, outlook, stations
from analytics.stats.periods import format_period
from analytics.stats.trend_select import MIN_ORIGINS, PATHS, TrendChoice

__all__ = ["forecast_chart", "forecast_heading", "forecast_sentences"]


def _round(x: float) -> str:
    """A forecast to three significant figures: 5,562,123 → 5,560,000 (no false precision)."""
    return nv.fmt(float(f"{x:.3g}"), digits=0)


def _chosen(ctx: ReportContext, out: Outlook, choice: TrendChoice, who: str) -> list[str]:
    end, unit = choice.forecast.row(-1, named=True), ctx.t("fiveg.unit")
    common = {
        "model": ctx.t(f"forecast.model.{choice.model}"),
        "who": who,
        "year": end["period"],
        "value": _round(end["forecast"]),
        "unit": unit,
        "lo": _round(end["lower_80"]),
        "hi": _round(end["upper_80"]),
    }
    if choice.tested:
        first = ctx.t(
            "forecast.chosen",
            origins=choice.origins,
            error=f"{choice.error:.1f}",
            n=sum(e is not None for e in choice.backtest.values()),
            **common,
        )
    else:
        points = 0 if out.frame is None else out.frame["value"].drop_nulls().len()
        first = ctx.t(
            "forecast.untested", points=points, need=MIN_ORIGINS, origins=choice.origins, **common
        )
    sents = [first]
    if out.frame is not None:
        built = out.frame.filter(pl.col("value").is_not_null()).row(-1, named=True)
        sents.append(
            ctx.t(
                "forecast.bands",
                paths=nv.fmt(PATHS, digits=0),
                unit=unit,
                built=nv.fmt(built["value"], digits=0),
                when=format_period(built["period"], ctx.lang),
            )
        )
    if choice.disagree:
        low, high = choice.spread()
        models = ctx.t("list.sep").join(ctx.t(f"forecast.short.{m}") for m in choice.contenders)
        width = _round(end["upper_80"] - end["lower_80"])
        sents.append(
            ctx.t(
                "forecast.disagree",
                year=end["period"],
                unit=unit,
                models=models,
                range=f"{_round(low)}–{_round(high)}",
                width=width,
            )
        )
    return sents


def _with_probability(ctx: ReportContext, out: Outlook) -> bool:
    return (
        out.probability is not None
        and out.region == ctx.region
        and bool(stations(ctx).target_value)
    )


def forecast_sentences(ctx: ReportContext) -> list[str]:
    """Why there is no forecast, or the chosen model, its result and the chance of the target."""
    out = outlook(ctx)
    sents = list(dict.fromkeys(out.warnings))
    if out.choice is None or out.region is None:
        return sents
    who = ctx.region_name(out.region)
    sents += _chosen(ctx, out, out.choice, who)
    target = stations(ctx).target
    if out.region != ctx.region and not out.warnings:
        sents.insert(0, ctx.t("forecast.context", name=ctx.name, who=who))
    elif _with_probability(ctx, out) and target is not None:
        pct = f"{(out.probability or 0) * 100:.0f}"
        sents.append(ctx.t("forecast.probability", year=target.year, pct=pct))
    elif out.region == ctx.region and target is not None and out.choice.no_probability:
        end = out.choice.forecast["period"][-1]
        why = f"forecast.no_probability.{out.choice.no_probability}"
        sents.append(ctx.t(why, year=target.year, end=end))
    return sents


def forecast_heading(ctx: ReportContext) -> str:
    """``Forecast and the chance of meeting the target`` when there is a chance to state."""
    key = "with_probability" if _with_probability(ctx, outlook(ctx)) else "plain"
    return ctx.t(f"forecast.h.{key}")


def forecast_chart(ctx: ReportContext, description: str) -> alt.TopLevelMixin | None:
    """The fan chart of the chosen model (target line only for the region's own forecast)."""
    out = outlook(ctx)
    if out.frame is None or out.choice is None or out.region is None:
        return None
    model, who = ctx.t(f"forecast.model.{out.choice.model}"), ctx.region_name(out.region)
    if out.choice.tested:
        title = ctx.t("forecast.chart_title", who=who, model=model, error=f"{out.choice.error:.1f}")
    else:
        title = ctx.t("forecast.chart_title_untested", who=who, model=model)
    tv = stations(ctx).target_value if out.region == ctx.region else None
    return charts.build_fan_chart(
        out.frame,
        title=title,
        unit=ctx.t("fiveg.unit"),
        source=ctx.t("source.published"),
        lang=ctx.lang,
        target=tv,
        description=description,
    )
