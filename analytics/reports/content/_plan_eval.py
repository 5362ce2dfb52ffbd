"""A plan's targets with their latest figures from the store, scored by rule.

One row per target (the plan's own and the national goals that bind it): the baseline, the
target, the latest figure measuring it (the region's series in the store, compared as periods),
P(meeting it) where a forecast is possible, then :func:`analytics.stats.score_targets`.

Only what was known on the evaluation date counts: a figure published (or stated) after
``as_of`` is left out by its publication date, and a figure without one (an NBS export) by the
end of the period it measures.
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
    if not frame.height:
        return frame
    ends = pl.Series([Period.parse(p).end for p in frame["period"]], dtype=pl.Date)
    known = (ends <= as_of) & (frame["published"].is_null() | (frame["published"] <= as_of))
    return frame.filter(known)


def _best_by(obs: pl.DataFrame, year: int | None, higher: bool) -> float | None:
    """The best figure measuring a period that ends by the end of ``year`` (None: none)."""
    if year is None or not obs.height:
        return None
    ends = pl.Series([Period.parse(p).end for p in obs["period"]], dtype=pl.Date)
    values = obs.filter(ends <= date(year, 12, 31))["value"]
    best = values.max() if higher else values.min()
    return None if best is None else float(best)  # type: ignore[arg-type]


def _vintage_of(ref: str, data_dir: Path | None) -> str | None:
    """The vintage of the store figure a baseline cites (None when it cites none)."""
    if not ref:
        return None
    hit = scan_store(data_dir=data_dir).filter(pl.col("source") == ref).collect()
    return str(hit["vintage"][0]) if hit.height else None


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
        "latest_basis": latest.get("period_basis"), "latest_published": latest.get("published"),
        "latest_vintage": latest.get("vintage"),
        "baseline_vintage": _vintage_of(b.ref, data_dir) if b else None,
        "best_by_target": _best_by(obs, t.year, ind.direction != "lower"),
        "n_figures": obs.height, "has_evidence": bool(ind.evidence) or obs.height > 0,
        "probability": _probability(ind, obs),
    }  # fmt: skip


def evaluate_plan(
    plan: Plan,
    *,
    region: str | None = None,
    as_of: date,
    age_at: date | None = None,
    data_dir: Path | None = None,
) -> pl.DataFrame:
    """Every target of ``plan`` scored at ``as_of`` (see :func:`analytics.stats.score_targets`).

    Ages run to ``age_at`` (the reader's date; default ``as_of``).

    For a region other than the plan's own, only the national goals are evaluated.

    Examples
    --------
    >>> from analytics.catalog import load_plan
    >>> t = evaluate_plan(load_plan("tianjin_smart_city_14th"), as_of=date(2025, 12, 31),
    ...                   age_at=date(2026, 12, 3))
    >>> t.filter(pl.col("id") == "fiveg_base_stations").select(
    ...     "latest_period", "latest_basis", "status", "age_months").row(0)
    ('2023', 'inferred', 'achieved', 35)
    """
    region = region or plan.region
    rows = [] if region != plan.region else [
        _row(i, "plan", region, as_of, data_dir) for i in plan.indicators
    ]  # fmt: skip
    rows += [_row(i, "national", region, as_of, data_dir) for i in plan.national]
    frame = pl.DataFrame(rows, infer_schema_length=None)
    if frame.is_empty():
        return frame
    return score_targets(frame, as_of=as_of, age_at=age_at)
