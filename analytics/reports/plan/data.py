"""A plan's targets with their latest figures from the store, scored by rule.

One row per target (the plan's own and the national goals that bind it): the baseline, the
target, the latest figure measuring it (the region's series in the store, compared as periods),
P(meeting it) where a forecast is possible, then :func:`analytics.stats.score_targets`.

Only what was known on the evaluation date counts: a figure published (or stated) after
``as_of`` is left out by its publication date, and a figure without one (an NBS export) by the
end of the period it measures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from analytics.catalog import Plan, PlanIndicator, get_indicator, load_plan, plans_for
from analytics.exceptions import AnalyticsError
from analytics.io import read_sources, scan_store
from analytics.io.returns import read_returns
from analytics.reports.context import ReportContext
from analytics.stats.grades import grade_expr
from analytics.stats.periods import Period, latest_period
from analytics.stats.scorecard import score_targets
from analytics.stats.trajectory import judge_milestones, pace_exprs
from analytics.stats.trend_select import select_trend

__all__ = [
    "NoPlanError",
    "Scorecard",
    "ScorecardContext",
    "evaluate_plan",
    "plan_trajectories",
    "plans_of",
    "scorecard",
]


_FIG = {
    "period": pl.Utf8,
    "value": pl.Float64,
    "qualifier": pl.Utf8,
    "source": pl.Utf8,
    "published": pl.Date,
    "period_basis": pl.Utf8,
    "vintage": pl.Utf8,
    "grade": pl.Utf8,
    "department": pl.Utf8,
    "contact": pl.Utf8,
    "title": pl.Utf8,
}
_GRADE_RANK = {"published": 0, "reported": 1, "secondary": 2}


def _graded(frame: pl.DataFrame, data_dir: Path | None) -> pl.DataFrame:
    src = read_sources(data_dir=data_dir).select("id", "kind", "where", "title")
    return frame.join(src, left_on="source", right_on="id", how="left").with_columns(
        grade_expr(pl.col("kind"), pl.col("where"), pl.col("title"))
    )


def _returned(plan_id: str, ind: PlanIndicator, data_dir: Path | None) -> pl.DataFrame:
    """The department's returns for this target, as reported figures."""
    rows = read_returns(data_dir=data_dir).filter(
        (pl.col("plan") == plan_id) & (pl.col("target_id") == ind.id)
    )
    return rows.select(
        "period",
        "value",
        pl.lit(None, pl.Utf8).alias("qualifier"),
        pl.format("raw/returns/{}:{}", "file", "row").alias("source"),
        pl.col("received").alias("published"),
        pl.lit("stated").alias("period_basis"),
        pl.lit("reported").alias("vintage"),
        pl.lit("reported").alias("grade"),
        "department",
        "contact",
        pl.format("{} ({})", "department", "file").alias("title"),
    )


def _series(
    ind: PlanIndicator,
    region: str,
    as_of: date,
    data_dir: Path | None,
    plan_id: str = "",
    known_by: date | None = None,
) -> pl.DataFrame:
    """Every figure measuring the target up to ``as_of`` and published by ``known_by``.

    ``known_by`` defaults to ``as_of``; the store's figures and the departments' returns.
    """
    known_by = known_by or as_of
    frames = [_returned(plan_id, ind, data_dir).cast(_FIG)]  # type: ignore[arg-type]
    if ind.series is not None:
        measure = get_indicator(ind.series).measures[0]
        store = (
            scan_store(data_dir=data_dir)
            .filter(
                (pl.col("indicator") == ind.series)
                & (pl.col("region") == region)
                & (pl.col("measure") == measure)
                & pl.col("value").is_not_null()
            )
            .collect()
        )
        graded = _graded(store, data_dir).with_columns(
            pl.lit(None, pl.Utf8).alias("department"), pl.lit(None, pl.Utf8).alias("contact")
        )
        frames.insert(0, graded.select(list(_FIG)).cast(_FIG))  # type: ignore[arg-type]
    frame = pl.concat(frames)
    if not frame.height:
        return frame
    ends = pl.Series([Period.parse(p).end for p in frame["period"]], dtype=pl.Date)
    known = (ends <= as_of) & (frame["published"].is_null() | (frame["published"] <= known_by))
    rank = pl.col("grade").replace_strict(_GRADE_RANK, default=3)
    return frame.filter(known).sort(rank, maintain_order=True)  # the best grade first


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


def _row(
    ind: PlanIndicator,
    kind: str,
    region: str,
    as_of: date,
    data_dir: Path | None,
    plan_id: str = "",
    known_by: date | None = None,
) -> dict[str, object]:
    where = ind.region or region
    obs = _series(ind, where, as_of, data_dir, plan_id, known_by)
    last = latest_period(obs["period"]) if obs.height else None
    latest = obs.filter(pl.col("period") == last).row(0, named=True) if last else {}
    period = Period.parse(last) if last else None
    b, t = ind.baseline, ind.target
    return {
        "id": ind.id,
        "kind": kind,
        "area": ind.area,
        "region": where,
        "name_zh": ind.name_zh,
        "name_en": ind.name_en,
        "unit": ind.unit,
        "unit_en": ind.unit_en,
        "direction": ind.direction,
        "attribute": ind.attribute,
        "series": ind.series,
        "target_ref": t.ref,
        "baseline_value": b.value if b else None,
        "baseline_year": b.year if b else None,
        "baseline_text_zh": b.text_zh if b else "",
        "baseline_text_en": b.text_en if b else "",
        "baseline_ref": b.ref if b else "",
        "target_value": t.value,
        "target_year": t.year,
        "target_qualifier": t.qualifier,
        "target_text_zh": t.text_zh,
        "target_text_en": t.text_en,
        "latest_value": latest.get("value"),
        "latest_period": last,
        "latest_end": period.end if period else None,
        "latest_year": period.year if period else None,
        "latest_qualifier": latest.get("qualifier"),
        "latest_source": latest.get("source"),
        "latest_basis": latest.get("period_basis"),
        "latest_published": latest.get("published"),
        "latest_vintage": latest.get("vintage"),
        "latest_grade": latest.get("grade"),
        "latest_title": latest.get("title"),
        "latest_department": latest.get("department"),
        "latest_contact": latest.get("contact"),
        "department": ind.department,
        "department_ref": ind.department_ref,
        "n_milestones": len(ind.milestones),
        "baseline_vintage": _vintage_of(b.ref, data_dir) if b else None,
        "best_by_target": _best_by(obs, t.year, ind.direction != "lower"),
        "n_figures": obs.height,
        "has_evidence": bool(ind.evidence) or obs.height > 0,
        "probability": _probability(ind, obs),
    }


def evaluate_plan(
    plan: Plan,
    *,
    region: str | None = None,
    as_of: date,
    age_at: date | None = None,
    known_by: date | None = None,
    data_dir: Path | None = None,
) -> pl.DataFrame:
    """Every target of ``plan`` scored at ``as_of`` (see :func:`analytics.stats.score_targets`).

    Ages run to ``age_at`` (the reader's date; default ``as_of``). Figures count when they measure
    a period ending by ``as_of`` and were published by ``known_by`` (default ``as_of``): a final
    evaluation of a plan ending in 2025 is made in 2026, with the 2025 figures published then.

    For a region other than the plan's own, only the national goals are evaluated.

    Parameters
    ----------
    plan : Plan
        The plan whose targets (its own, then the national goals binding it) are scored.
    region : str or None
        The region evaluated; default the plan's own. For a region not in ``plan.regions`` only the
        national goals are.
    as_of : date
        The evaluation date: only figures measuring a period that ends by it count.
    age_at : date or None
        The date the figures' ages run to; default ``as_of``.
    known_by : date or None
        The publication cut-off: a figure published after it is left out; default ``as_of``.
    data_dir : Path or None
        Where the store, the sources and the departments' returns are read; None for the default.

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
    rows = (
        []
        if region not in plan.regions
        else [_row(i, "plan", region, as_of, data_dir, plan.id, known_by) for i in plan.indicators]
    )
    rows += [_row(i, "national", region, as_of, data_dir, known_by=known_by) for i in plan.national]
    frame = pl.DataFrame(rows, infer_schema_length=None)
    if frame.is_empty():
        return frame
    scored = score_targets(frame, as_of=as_of, age_at=age_at)
    return scored.with_columns(*pace_exprs(), pl.lit(plan.id).alias("plan"))


def plan_trajectories(
    plan: Plan, *, as_of: date, data_dir: Path | None = None, known_by: date | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The figures of every target with milestones, and each milestone judged at ``as_of``.

    Parameters
    ----------
    plan : Plan
        The plan; only its own targets with milestones are read.
    as_of : date
        The date milestones are judged at; only figures measuring a period that ends by it count.
    data_dir : Path or None
        Where the store, the sources and the departments' returns are read; None for the default.
    known_by : date or None
        The publication cut-off: a figure published after it is left out; default ``as_of``.

    Examples
    --------
    >>> from analytics.catalog import load_plan
    >>> figs, ms = plan_trajectories(load_plan("tianjin_smart_city_14th"), as_of=date(2026, 12, 3))
    >>> five = ms.filter(pl.col("id") == "fiveg_base_stations").select("year", "value", "verdict")
    >>> five.rows()  # doctest: +NORMALIZE_WHITESPACE
    [(2020, 20000.0, 'met'), (2022, 40000.0, 'no_data'), (2022, 50000.0, 'no_data'),
     (2023, 50000.0, 'met')]
    """
    with_ms = [i for i in plan.indicators if i.milestones]
    ms = pl.DataFrame(
        [
            {
                "id": i.id,
                "year": m.year,
                "value": m.value,
                "qualifier": m.qualifier,
                "ref": m.ref,
                "direction": i.direction,
            }
            for i in with_ms
            for m in i.milestones
        ],
        schema={
            "id": pl.Utf8,
            "year": pl.Int64,
            "value": pl.Float64,
            "qualifier": pl.Utf8,
            "ref": pl.Utf8,
            "direction": pl.Utf8,
        },
    )
    parts = [
        _series(i, i.region or plan.region, as_of, data_dir, plan.id, known_by).with_columns(
            pl.lit(i.id).alias("id")
        )
        for i in with_ms
    ]
    figs = pl.concat(parts) if parts else pl.DataFrame(schema={**_FIG, "id": pl.Utf8})
    if figs.height:
        periods = [Period.parse(p) for p in figs["period"]]
        figs = figs.with_columns(
            pl.Series("end", [p.end for p in periods], dtype=pl.Date),
            pl.Series("year", [p.year for p in periods], dtype=pl.Int64),
        )
    else:
        figs = figs.with_columns(
            pl.lit(None, pl.Date).alias("end"), pl.lit(None, pl.Int64).alias("year")
        )
    judged = judge_milestones(
        ms.select("id", "year", "value", "direction"),
        figs.select("id", "end", "year", "value"),
        as_of=as_of,
    )
    return figs, judged.with_columns(ms["qualifier"], ms["ref"])


class NoPlanError(AnalyticsError):
    """A scorecard asked for a region no plan file binds."""


def plans_of(region: str, plan: str | None = None) -> list[Plan]:
    """The plans to evaluate for ``region``: ``plan`` if given, else every plan binding it.

    Parameters
    ----------
    region
        A GB/T 2260 code.
    plan
        A plan id or YAML path; ``None`` for every plan that binds ``region``.

    Returns
    -------
    list[Plan]
        The plans, in catalog order.

    Raises
    ------
    NoPlanError
        ``no plan on file for 广东 — add data/catalog/plans/<plan-id>.yaml``.

    Examples
    --------
    >>> [p.id for p in plans_of("120000")]
    ['tianjin_smart_city_14th']
    >>> plans_of("440000")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    analytics.reports.plan.data.NoPlanError: no plan on file for 广东 — add ...
    """
    from analytics.catalog import region_name
    from analytics.reports.messages import t

    if plan not in (None, "", "auto"):
        return [load_plan(str(plan))]
    ids = plans_for(region)
    if not ids:
        raise NoPlanError(t("plan.none", "en", name=region_name(region, "zh")))
    return [load_plan(i) for i in ids]


def _known_by(as_at: date) -> date:
    """What an edition as at ``as_at`` may use: releases up to a year later, and none after today.

    A period's annual figures come out in the following year (communiqués, MIIT bulletins), and
    a plan's final evaluation (终期评估) is made then: the 2025 edition uses the 2025 figures
    published in 2026.

    Examples
    --------
    >>> _known_by(date(2022, 12, 31))
    datetime.date(2023, 12, 31)
    """
    return min(date.today(), date(as_at.year + 1, 12, 31))


def _as_of(as_of: str | date | None, period: str = "latest") -> date:
    """``as_of`` if given; else today, or the end of ``period`` when that is earlier.

    A report for 2022 is the scorecard at the end of 2022: nothing published later counts.

    Examples
    --------
    >>> _as_of(None, "2022"), _as_of("2026-11-28", "2022")
    (datetime.date(2022, 12, 31), datetime.date(2026, 11, 28))
    """
    if isinstance(as_of, date):
        return as_of
    if as_of not in (None, "", "today"):
        return date.fromisoformat(str(as_of))
    today = date.today()
    return today if period.startswith("latest") else min(today, Period.parse(period).end)


@dataclass(frozen=True, eq=False)
class ScorecardContext(ReportContext):
    """A report context with the scorecard's two parameters: which plan, and as at when.

    Parameters
    ----------
    region : str
        The region scored (a GB/T 2260 code, or a name resolved to one).
    period : str
        The report's period; without ``as_of``, the evaluation date is its end when earlier
        than today (``latest``: today).
    lang : {"zh", "en"}
        The report's language.
    peers : Sequence[str] or None
        The peer regions; None takes the region's group from ``data/catalog/peers.yaml``.
    data_dir : Path or None
        The data directory (text is made a Path); None for the default.
    _memo : dict[str, Any]
        The per-context cache of computed pieces (the scorecard among them); leave it out.
    plan : str or None
        A plan id or YAML path; None (or ``auto``) for every plan that binds the region.
    as_of : str, date or None
        The evaluation date (ISO text or a date); None or ``today`` for today, or the end of
        ``period`` when that is earlier.
    """

    plan: str | None = None
    as_of: str | date | None = None


@dataclass(frozen=True)
class Scorecard:
    """The evaluated targets of a region's plans, and the dates they were evaluated at.

    Parameters
    ----------
    plans : list[Plan]
        The plans evaluated (:func:`plans_of`).
    when : date
        The evaluation date: ``as_of``, else today or the period's end when earlier.
    known_by : date
        The publication cut-off: figures published after it were left out.
    scored : pl.DataFrame
        Every plan's targets scored (:func:`evaluate_plan`), with ``age_at``; empty when no target
        applies.
    figures : pl.DataFrame
        The figures of every target with milestones (:func:`plan_trajectories`).
    milestones : pl.DataFrame
        Every milestone judged at ``when`` (:func:`plan_trajectories`).
    """

    plans: list[Plan]
    when: date
    known_by: date
    scored: pl.DataFrame
    figures: pl.DataFrame
    milestones: pl.DataFrame


def scorecard(ctx: ScorecardContext) -> Scorecard:
    """The region's plans evaluated once per context (every section reads this).

    Parameters
    ----------
    ctx
        The report's context.

    Returns
    -------
    Scorecard
        ``scored`` is empty when no target applies.

    Examples
    --------
    >>> sc = scorecard(ScorecardContext(region="120000", as_of="2025-12-31"))
    >>> sc.when, sc.scored.filter(pl.col("id") == "fiveg_base_stations")["status"].item()
    (datetime.date(2025, 12, 31), 'achieved')
    """
    return ctx.cached("plan:scorecard", lambda: _scorecard(ctx))


def _scorecard(ctx: ScorecardContext) -> Scorecard:
    plans, when = plans_of(ctx.region, ctx.plan), _as_of(ctx.as_of, ctx.period)
    # ages run to the evaluation date where the scorecard asks for one, else to the reader's date
    asked = ctx.as_of not in (None, "", "today")
    age_at, known_by = (when, when) if asked else (date.today(), _known_by(when))
    dd = ctx.data_dir
    found = (
        evaluate_plan(
            q, region=ctx.region, as_of=when, age_at=age_at, known_by=known_by, data_dir=dd
        )
        for q in plans
    )
    parts = [f for f in found if not f.is_empty()]
    scored = pl.concat(parts, how="diagonal_relaxed") if parts else pl.DataFrame()
    if not scored.is_empty():
        scored = scored.with_columns(pl.lit("evaluated" if asked else "generated").alias("age_at"))
    paths = [plan_trajectories(q, as_of=when, data_dir=dd, known_by=known_by) for q in plans]
    figures = pl.concat([f for f, _ in paths], how="diagonal_relaxed")
    milestones = pl.concat([m for _, m in paths], how="diagonal_relaxed")
    return Scorecard(plans, when, known_by, scored, figures, milestones)
