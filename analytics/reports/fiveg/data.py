"""What the 5G report's sections share: the station series, the target and the chosen forecast.

Each is computed once per :class:`~analytics.reports.context.ReportContext` (``ctx.cached``), so
a notebook can run its section cells in any order, or only some of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from analytics.catalog import Indicator, Target, get_indicator
from analytics.reports.context import ReportContext
from analytics.stats.periods import period_start, sort_by_period
from analytics.stats.trend_select import MIN_POINTS, TrendChoice, one_per_year, select_trend

__all__ = [
    "GAP_DAYS",
    "FiveG",
    "Outlook",
    "forecast_frame",
    "outlook",
    "stations",
    "with_gaps",
    "year_end_series",
]

GAP_DAYS = 400
#: The next plan's end; select_trend stops where the data stop supporting it.
UNTIL = 2030


def with_gaps(frame: pl.DataFrame, *, max_days: int = GAP_DAYS) -> pl.DataFrame:
    """Insert a null row between observations more than ``max_days`` apart (drawn as a gap).

    Parameters
    ----------
    frame : pl.DataFrame
        Observations with a ``date`` column as ISO text; the inserted rows have only ``date`` (the
        gap's midpoint).
    max_days : int
        The longest interval, in days, drawn without a gap; default :data:`GAP_DAYS`.

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

    Parameters
    ----------
    frame : pl.DataFrame
        Observations with ``period`` (``YYYY`` or ``YYYY-MM``) and ``value``; annual and December
        figures are kept, the last per year.

    Examples
    --------
    >>> f = pl.DataFrame({"period": ["2021", "2022-06", "2022"], "value": [1.0, 1.5, 2.0]})
    >>> year_end_series(f).rows()
    [('2021', 1.0), ('2022', 2.0)]
    """
    ends = sort_by_period(frame).filter(
        (pl.col("period").str.len_chars() == 4) | pl.col("period").str.ends_with("-12")
    )
    out = ends.with_columns(pl.col("period").str.slice(0, 4))
    return sort_by_period(out.group_by("period", maintain_order=True).agg(pl.col("value").last()))


@dataclass(frozen=True)
class FiveG:
    """The station counts of the region and its peers, the region's own, and its plan target.

    Parameters
    ----------
    indicator : Indicator
        The catalog entry ``fiveg_base_stations``.
    all : pl.DataFrame
        The station counts of the region and its peers up to the report's period.
    mine : pl.DataFrame
        The region's own rows of ``all``.
    target : Target or None
        The indicator's first target for the region with a value; None when there is none.
    """

    indicator: Indicator
    all: pl.DataFrame
    mine: pl.DataFrame
    target: Target | None

    @property
    def target_value(self) -> float | None:
        """The numeric target, or None (no target, or a qualitative one)."""
        return float(self.target.value) if self.target and self.target.value else None


def stations(ctx: ReportContext) -> FiveG:
    """The 5G station series of the report (cached per context).

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """

    def compute() -> FiveG:
        ind = get_indicator("fiveg_base_stations")
        st = ctx.observations("fiveg_base_stations")
        target = next((t for t in ind.targets if t.region == ctx.region and t.value), None)
        return FiveG(ind, st, st.filter(pl.col("region") == ctx.region), target)

    return ctx.cached("fiveg:stations", compute)


@dataclass(frozen=True)
class Outlook:
    """The forecast: which region it is for, its frame and model, and why others have none.

    Parameters
    ----------
    frame : pl.DataFrame or None
        The chart frame (:func:`forecast_frame`): the yearly points and the forecast with its bands;
        None without a forecast.
    region : str or None
        Whose record was forecast: the report's region, or China (``000000``) when the region's is
        too short; None for neither.
    choice : TrendChoice or None
        The trend :func:`~analytics.stats.trend_select.select_trend` chose; None without a forecast.
    warnings : list[str]
        One message per region left without a forecast for too few points.
    """

    frame: pl.DataFrame | None = None
    region: str | None = None
    choice: TrendChoice | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def probability(self) -> float | None:
        """P(meeting the target by its year) under the chosen model, when it gives one."""
        return self.choice.probability if self.choice is not None else None


def outlook(ctx: ReportContext) -> Outlook:
    """The region's forecast, or China's for context when the region's record is too short.

    Parameters
    ----------
    ctx : ReportContext
        The report's parameters and store (:class:`~analytics.reports.context.ReportContext`).
    """
    return ctx.cached("fiveg:outlook", lambda: _outlook(ctx))


def forecast_frame(observed: pl.DataFrame, choice: TrendChoice) -> pl.DataFrame:
    """Observed yearly points, an anchor at the last one, and the forecast with its bands.

    Every row is dated at its period's start, so year-end stocks sit on their year's tick.

    Parameters
    ----------
    observed
        One point a year (``period``, ``value``), the last of them the forecast's origin.
    choice
        The trend chosen for the series (:func:`analytics.stats.trend_select.select_trend`),
        whose ``forecast`` holds ``forecast`` and the 80 % and 95 % bounds by period.

    Returns
    -------
    pl.DataFrame
        ``date`` first, then ``period``, ``value`` (observed), ``forecast`` and the four bounds;
        the last observed year carries both its value and the forecast's anchor (equal bounds).
    """
    obs = observed.select("period", "value")
    last = obs.row(-1, named=True)
    v = float(last["value"])
    anchor = pl.DataFrame(
        {
            "period": [last["period"]],
            "forecast": [v],
            "lower_80": [v],
            "upper_80": [v],
            "lower_95": [v],
            "upper_95": [v],
        }
    )
    ahead = choice.forecast.drop("t")
    out = pl.concat([obs, anchor, ahead], how="diagonal_relaxed")
    out = out.group_by("period", maintain_order=True).agg(pl.all().drop_nulls().first())
    dated = out.with_columns(period_start().dt.to_string("%Y-%m-%d").alias("date"))
    return dated.sort("date").select("date", pl.exclude("date"))


def _outlook(ctx: ReportContext) -> Outlook:
    data = stations(ctx)
    warn: list[str] = []
    for who in dict.fromkeys([ctx.region, "000000"]):
        if who in ctx.regions:
            raw = data.all.filter(pl.col("region") == who)
        else:
            raw = ctx.observations("fiveg_base_stations", [who])
        pts = raw.filter(pl.col("status") != "lower_bound")
        mine = who == ctx.region and data.target is not None
        choice = select_trend(
            pts,
            until_year=UNTIL,
            target=data.target_value if mine else None,
            target_year=data.target.year if data.target else None,
            constraint="stock",  # built stations are not dismantled
        )
        if choice is None:
            n = one_per_year(pts).height if pts.height else 0
            warn.append(
                ctx.t("fiveg.too_few_points", name=ctx.region_name(who), n=n, need=MIN_POINTS)
            )
            continue
        return Outlook(forecast_frame(one_per_year(pts), choice), who, choice, warn)
    return Outlook(warnings=warn)
