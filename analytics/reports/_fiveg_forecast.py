"""The 5G forecast section: the model chosen by backtest, named with its error.

The section says which model won the rolling-origin backtest and by what error, how far the
candidate models disagree, and P(meeting the target) only when the chosen model gives one.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from analytics import charts
from analytics.reports import narrative as nv
from analytics.reports._fiveg_data import Outlook, outlook, stations
from analytics.reports.context import ReportContext
from analytics.stats.periods import period_start
from analytics.stats.trend_select import TrendChoice

__all__ = ["DISAGREE", "forecast_chart", "forecast_frame", "forecast_heading", "forecast_sentences"]

#: Candidates whose forecasts differ by more than this ratio are said to disagree.
DISAGREE = 1.25


def forecast_frame(observed: pl.DataFrame, choice: TrendChoice) -> pl.DataFrame:
    """Observed yearly points, an anchor at the last one, and the forecast with its bands.

    Every row is dated at its period's start, so year-end stocks sit on their year's tick.
    """
    obs = observed.select("period", "value")
    last = obs.row(-1, named=True)
    v = float(last["value"])
    anchor = pl.DataFrame({
        "period": [last["period"]], "forecast": [v], "lower_80": [v], "upper_80": [v],
        "lower_95": [v], "upper_95": [v],
    })  # fmt: skip
    ahead = choice.forecast.drop("t")
    out = pl.concat([obs, anchor, ahead], how="diagonal_relaxed")
    out = out.group_by("period", maintain_order=True).agg(pl.all().drop_nulls().first())
    dated = out.with_columns(period_start().dt.to_string("%Y-%m-%d").alias("date"))
    return dated.sort("date").select("date", pl.exclude("date"))


def _round(x: float) -> str:
    """A forecast to three significant figures: 5,562,123 → 5,560,000 (no false precision)."""
    return nv.fmt(float(f"{x:.3g}"), digits=0)


def _chosen(ctx: ReportContext, choice: TrendChoice, who: str) -> list[str]:
    end, unit = choice.forecast.row(-1, named=True), ctx.t("fiveg.unit")
    out = [ctx.t(
        "forecast.chosen", n=sum(e is not None for e in choice.backtest.values()),
        model=ctx.t(f"forecast.model.{choice.model}"), error=f"{choice.error:.1f}", who=who,
        year=end["period"], value=_round(end["forecast"]), unit=unit,
        lo=_round(end["lower_80"]), hi=_round(end["upper_80"]),
    )]  # fmt: skip
    low, high = choice.spread()
    if low > 0 and high / low > DISAGREE:
        rng = f"{_round(low)}–{_round(high)}"
        out.append(ctx.t("forecast.disagree", year=end["period"], range=rng, unit=unit))
    return out


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
    sents += _chosen(ctx, out.choice, who)
    if out.region != ctx.region and not out.warnings:
        sents.insert(0, ctx.t("forecast.context", name=ctx.name, who=who))
    elif _with_probability(ctx, out):
        target = stations(ctx).target
        year = target.year if target is not None else ""
        pct = f"{(out.probability or 0) * 100:.0f}"
        sents.append(ctx.t("forecast.probability", year=year, pct=pct))
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
    model = ctx.t(f"forecast.model.{out.choice.model}")
    title = ctx.t("forecast.chart_title", who=ctx.region_name(out.region), model=model,
                  error=f"{out.choice.error:.1f}")  # fmt: skip
    tv = stations(ctx).target_value if out.region == ctx.region else None
    return charts.build_fan_chart(
        out.frame, title=title, unit=ctx.t("fiveg.unit"), source=ctx.t("source.published"),
        lang=ctx.lang, target=tv, description=description,
    )  # fmt: skip
