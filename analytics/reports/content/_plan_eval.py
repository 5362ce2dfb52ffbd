"""A plan's targets with their latest figures from the store, scored by rule.

One row per target (the plan's own and the national goals that bind it): the baseline, the
target, the latest figure measuring it (the region's series in the store, compared as periods,
nothing after ``as_of``), P(meeting it) where a forecast is possible, then
:func:`analytics.stats.score_targets`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from analytics.catalog import Plan, PlanIndicator, get_indicator
from analytics.io import scan_store
from analytics.stats.periods import Period, latest_period
from analytics.stats.scorecard import score_targets
from analytics.stats.trend_select import select_trend

__all__ = ["evaluate_plan"]


def _series(ind: PlanIndicator, region: str, as_of: date, data_dir: Path | None) -> pl.DataFrame:
    if ind.series is None:
        return pl.DataFrame(schema={"period": pl.Utf8, "value": pl.Float64})
    measure = get_indicator(ind.series).measures[0]
    frame = (
        scan_store(data_dir=data_dir)
        .filter(
            (pl.col("indicator") == ind.series)
            & (pl.col("region") == region)
            & (pl.col("measure") == measure)
            & pl.col("value").is_not_null()
        )
        .collect()
    )
    keep = [Period.parse(p).end <= as_of for p in frame["period"]]
    return frame.filter(pl.Series(keep, dtype=pl.Boolean)) if frame.height else frame


def _probability(ind: PlanIndicator, obs: pl.DataFrame) -> float | None:
    if ind.target.value is None or obs.height < 4 or ind.direction != "higher":
        return None
    exact = obs.filter(pl.col("qualifier").is_null()) if "qualifier" in obs.columns else obs
    choice = select_trend(
        exact.select("period", "value"),
        until_year=ind.target.year,
        target=ind.target.value,
        target_year=ind.target.year,
    )
    return None if choice is None else choice.probability


def _row(ind: PlanIndicator, kind: str, region: str, as_of: date,
         data_dir: Path | None) -> dict[str, object]:  # fmt: skip
    where = ind.region or region
    obs = _series(ind, where, as_of, data_dir)
    last = latest_period(obs["period"]) if obs.height else None
    latest = obs.filter(pl.col("period") == last).row(0, named=True) if last else {}
    period = Period.parse(last) if last else None
    b, t = ind.baseline, ind.target
    return {
        "id": ind.id, "kind": kind, "area": ind.area, "region": where,
        "name_zh": ind.name_zh, "name_en": ind.name_en, "unit": ind.unit,
        "unit_en": ind.unit_en, "direction": ind.direction, "attribute": ind.attribute,
        "series": ind.series, "target_ref": t.ref,
        "baseline_value": b.value if b else None, "baseline_year": b.year if b else None,
        "baseline_text_zh": b.text_zh if b else "", "baseline_text_en": b.text_en if b else "",
        "baseline_ref": b.ref if b else "",
        "target_value": t.value, "target_year": t.year, "target_qualifier": t.qualifier,
        "target_text_zh": t.text_zh, "target_text_en": t.text_en,
        "latest_value": latest.get("value"), "latest_period": last,
        "latest_end": period.end if period else None,
        "latest_year": period.year if period else None,
        "latest_qualifier": latest.get("qualifier"), "latest_source": latest.get("source"),
        "n_figures": obs.height, "has_evidence": bool(ind.evidence) or obs.height > 0,
        "probability": _probability(ind, obs),
    }  # fmt: skip


def evaluate_plan(
    plan: Plan, *, region: str | None = None, as_of: date, data_dir: Path | None = None
) -> pl.DataFrame:
    """Every target of ``plan`` scored at ``as_of`` (see :func:`analytics.stats.score_targets`).

    For a region other than the plan's own, only the national goals are evaluated.

    Examples
    --------
    >>> from analytics.catalog import load_plan
    >>> t = evaluate_plan(load_plan("tianjin_smart_city_14th"), as_of=date(2026, 11, 28))
    >>> t.filter(pl.col("id") == "fiveg_base_stations").select("status", "age_months").row(0)
    ('achieved', 32)
    """
    region = region or plan.region
    rows = [] if region != plan.region else [
        _row(i, "plan", region, as_of, data_dir) for i in plan.indicators
    ]  # fmt: skip
    rows += [_row(i, "national", region, as_of, data_dir) for i in plan.national]
    frame = pl.DataFrame(rows, infer_schema_length=None)
    if frame.is_empty():
        return frame
    return score_targets(frame, as_of=as_of)
