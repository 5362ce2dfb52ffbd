"""Loading and validating plan files: every problem as ``file:line:column: message (hint)``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from analytics.catalog._indicators import indicators
from analytics.catalog._plan_checks import (
    DATE,
    Keys,
    Where,
    check_number,
    check_source,
    check_year,
    unknown_keys,
)
from analytics.catalog._plans import (
    ATTRIBUTES,
    BOUNDS,
    QUALITATIVE_TARGETS,
    Baseline,
    Evidence,
    Plan,
    PlanArea,
    PlanIndicator,
    PlanSource,
)
from analytics.config import catalog_dir
from analytics.exceptions import (
    AnalyticsError,
    CatalogError,
    DataValidationError,
    Problem,
    did_you_mean,
)

_TOP = (
    "id",
    "title_zh",
    "title_en",
    "number",
    "issued_by",
    "date",
    "period",
    "region",
    "source",
    "sources",
    "areas",
    "tags",
)
_IND = (
    "id",
    "name_zh",
    "name_en",
    "unit",
    "unit_en",
    "direction",
    "baseline",
    "target",
    "attribute",
    "series",
    "measure",
    "evidence",
    "scope",
    "region",
)


def _target(raw: Any, ctx: _Ctx, keys: Keys) -> dict[str, Any]:
    w = ctx.w
    if not isinstance(raw, dict):
        w.add(keys, "the indicator has no `target` mapping", "target: {value: 70000, year: 2025}")
        return {}
    year = check_year(raw.get("year"), w, (*keys, "year"), "target year")
    value = check_number(raw.get("value"), w, (*keys, "value"), "target value")
    kind = raw.get("qualitative")
    if kind is not None and kind not in QUALITATIVE_TARGETS:
        hint = did_you_mean(str(kind), QUALITATIVE_TARGETS, otherwise="")
        w.add(
            (*keys, "qualitative"),
            f"unknown target word `{kind}`{hint}",
            f"the status rule knows {', '.join(QUALITATIVE_TARGETS)}",
        )
    if kind is None and value is None and "value" not in raw:
        w.add(
            keys,
            "the target has neither `value` nor `qualitative`",
            f"a number, or one of {', '.join(QUALITATIVE_TARGETS)}",
        )
    bound = raw.get("bound", "reach")
    if bound not in BOUNDS:
        w.add(
            (*keys, "bound"),
            f"unknown bound `{bound}`{did_you_mean(str(bound), BOUNDS)}",
            f"one of {', '.join(BOUNDS)}",
        )
    return {
        "target_year": year or 0,
        "target_value": None if kind else value,
        "target_kind": str(kind) if kind else "level",
        "bound": str(bound),
        "target_text_zh": str(raw.get("text_zh", "")),
        "target_text_en": str(raw.get("text_en", "")),
        "target_source": check_source(raw.get("source"), ctx.sources, w, (*keys, "source")),
    }


def _baseline(raw: Any, target_year: int, ctx: _Ctx, keys: Keys) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        ctx.w.add(keys, "`baseline` must be a mapping", "baseline: {value: 33000, year: 2020}")
        return {}
    year = check_year(raw.get("year"), ctx.w, (*keys, "year"), "baseline year")
    if year is not None and target_year and year > target_year:
        ctx.w.add(
            (*keys, "year"),
            f"baseline year {year} is after the target year {target_year}",
            "the baseline is the plan's starting point, e.g. 2020",
        )
    return {
        "baseline_value": check_number(raw.get("value"), ctx.w, (*keys, "value"), "baseline value"),
        "baseline_year": year,
        "baseline_text_zh": str(raw.get("text_zh", "")),
        "baseline_text_en": str(raw.get("text_en", "")),
        "baseline_source": check_source(raw.get("source"), ctx.sources, ctx.w, (*keys, "source")),
    }


def _evidence(raw: Any, ctx: _Ctx, keys: Keys) -> tuple[Evidence, ...]:
    out = []
    for j, e in enumerate(raw or []):
        k = (*keys, j)
        if not isinstance(e, dict) or not str(e.get("quote", "")).strip():
            ctx.w.add(k, "an evidence entry needs a `quote`", "quote the sentence from the source")
            continue
        date = str(e.get("date", ""))
        if not DATE.match(date):
            ctx.w.add(
                (*k, "date"), f"evidence date {date!r} is not a date", "YYYY, YYYY-MM or YYYY-MM-DD"
            )
        out.append(
            Evidence(
                date,
                str(e["quote"]),
                check_source(e.get("source"), ctx.sources, ctx.w, (*k, "source")),
            )
        )
    return tuple(out)


class _Ctx:
    def __init__(
        self, w: Where, sources: Collection[str], known_series: Collection[str], region: str
    ) -> None:
        self.w, self.sources, self.known_series, self.region = w, sources, known_series, region
        self.seen: set[str] = set()


def _indicator(raw: Any, area: str, ctx: _Ctx, keys: Keys) -> PlanIndicator | None:
    w = ctx.w
    if not isinstance(raw, dict) or "id" not in raw:
        w.add(keys, "an indicator needs an `id`", "id: fiveg_base_stations")
        return None
    unknown_keys(raw, _IND, w, keys)
    iid = str(raw["id"])
    if iid in ctx.seen:
        w.add((*keys, "id"), f"indicator `{iid}` is listed twice", "give each target its own id")
    ctx.seen.add(iid)
    unit = raw.get("unit")
    if unit is None or not str(unit).strip():
        w.add(
            (*keys, "target"),
            f"the target of `{iid}` has no unit",
            "add `unit:` to the indicator (e.g. 个, %, or `qualitative`)",
        )
    direction = raw.get("direction", "higher")
    if direction not in ("higher", "lower"):
        w.add((*keys, "direction"), f"direction {direction!r} is not `higher` or `lower`")
    attribute = str(raw.get("attribute", "unknown"))
    if attribute not in ATTRIBUTES:
        w.add(
            (*keys, "attribute"),
            f"unknown attribute `{attribute}`",
            "预期性, 约束性 or unknown (when the source does not say)",
        )
    series, measure = raw.get("series"), str(raw.get("measure", "level"))
    if series is not None and series not in ctx.known_series:
        hint = did_you_mean(str(series), ctx.known_series)
        w.add(
            (*keys, "series"),
            f"unknown series `{series}`{hint}",
            "a store indicator id from data/catalog/indicators*.yaml",
        )
    target = _target(raw.get("target"), ctx, (*keys, "target"))
    baseline = _baseline(
        raw.get("baseline"), target.get("target_year", 0), ctx, (*keys, "baseline")
    )
    if not target:
        return None
    return PlanIndicator(
        id=iid,
        area=area,
        name_zh=str(raw.get("name_zh", iid)),
        name_en=str(raw.get("name_en", iid)),
        unit=str(unit or ""),
        unit_en=str(raw.get("unit_en", unit or "")),
        direction=direction,
        attribute=attribute,
        region=str(raw.get("region", ctx.region)),
        scope="national" if raw.get("scope") == "national" else "plan",
        series=None if series is None else str(series),
        measure=measure,
        evidence=_evidence(raw.get("evidence"), ctx, (*keys, "evidence")),
        **target,
        **baseline,
    )


def _baselines(raw: Any, ctx: _Ctx, keys: Keys) -> tuple[Baseline, ...]:
    out = []
    for j, b in enumerate(raw or []):
        k = (*keys, j)
        year = check_year(b.get("year"), ctx.w, (*k, "year"), "baseline year")
        out.append(
            Baseline(
                str(b.get("name_zh", "")),
                str(b.get("name_en", "")),
                check_number(b.get("value"), ctx.w, (*k, "value"), "baseline value"),
                str(b.get("unit", "")),
                str(b.get("unit_en", b.get("unit", ""))),
                year or 0,
                check_source(b.get("source"), ctx.sources, ctx.w, (*k, "source")),
                str(b.get("quote", "")),
            )
        )
    return tuple(out)


def _sources(raw: Any, w: Where) -> dict[str, PlanSource]:
    out = {}
    for sid, s in (raw or {}).items():
        if not isinstance(s, dict) or not s.get("title"):
            w.add(("sources", sid), f"source `{sid}` has no title", "title: and url: or file:")
            continue
        out[str(sid)] = PlanSource(
            str(sid),
            str(s["title"]),
            s.get("url"),
            s.get("file"),
            bool(s.get("secondary", False)),
            str(s.get("note", "")),
        )
    return out


def _plan(raw: dict[str, Any], path: Path, w: Where, known_series: Collection[str]) -> Plan:
    unknown_keys(raw, _TOP, w, ())
    for key in ("id", "title_zh", "title_en", "number", "date", "period", "source", "areas"):
        if key not in raw:
            w.add((), f"the plan has no `{key}`", "see data/catalog/plans/ for a complete file")
    period = raw.get("period") or [0, 0]
    start = check_year(period[0] if len(period) == 2 else None, w, ("period",), "period start")
    end = check_year(period[-1] if len(period) == 2 else None, w, ("period",), "period end")
    sources = _sources(raw.get("sources"), w)
    ctx = _Ctx(w, sources, known_series, str(raw.get("region", "000000")))
    check_source(raw.get("source"), sources, w, ("source",))
    areas = []
    for a, area in enumerate(raw.get("areas") or []):
        inds = [
            _indicator(i, str(area.get("id")), ctx, ("areas", a, "indicators", j))
            for j, i in enumerate(area.get("indicators") or [])
        ]
        areas.append(
            PlanArea(
                str(area.get("id")),
                str(area.get("name_zh", "")),
                str(area.get("name_en", "")),
                tuple(i for i in inds if i is not None),
                _baselines(area.get("baselines"), ctx, ("areas", a, "baselines")),
            )
        )
    date = raw.get("date")
    return Plan(
        id=str(raw.get("id")),
        title_zh=str(raw.get("title_zh", "")),
        title_en=str(raw.get("title_en", "")),
        number=str(raw.get("number", "")),
        date=date.isoformat() if isinstance(date, dt.date) else str(date),
        period=(start or 0, end or 0),
        region=ctx.region,
        source=str(raw.get("source")),
        sources=sources,
        areas=tuple(areas),
        path=path,
        issued_by=str(raw.get("issued_by", "")),
        tags=tuple(raw.get("tags") or ()),
    )


def load_plan(path: Path | str, *, known_series: Collection[str] | None = None) -> Plan:
    """Load and validate one plan file.

    Parameters
    ----------
    path
        The YAML file.
    known_series
        Store indicator ids a ``series:`` may name; default: the indicator catalog.

    Raises
    ------
    DataValidationError
        Listing every problem as ``file:line:column: message (hint)``.

    Examples
    --------
    >>> from analytics.config import catalog_dir
    >>> plan = load_plan(catalog_dir() / "plans" / "tianjin_smart_city_14th.yaml")
    >>> [a.name_zh for a in plan.areas][:2]
    ['数字基础设施', '政务服务与数据资源']
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise AnalyticsError(f"plan file {path} not found") from err
    try:
        root = yaml.compose(text)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        raise DataValidationError([Problem(path, line, col, f"not valid YAML: {err}")]) from err
    w = Where(path, root)
    if not isinstance(raw, dict):
        raise DataValidationError([Problem(path, 1, 1, "a plan file must be a mapping")])
    plan = _plan(raw, path, w, indicators() if known_series is None else known_series)
    if w.problems:
        raise DataValidationError(w.problems)
    return plan


@cache
def _all(folder: Path) -> dict[str, Plan]:
    return {p.id: p for p in map(load_plan, sorted(folder.glob("*.yaml")))}


def plans(*, folder: Path | None = None) -> dict[str, Plan]:
    """Every plan in ``data/catalog/plans/`` by id.

    Examples
    --------
    >>> sorted(plans())
    ['tianjin_smart_city_14th']
    """
    return dict(_all(folder or catalog_dir() / "plans"))


def get_plan(plan_id: str, *, folder: Path | None = None) -> Plan:
    """One plan by id, or by path to a plan file; an unknown id fails with a close-match hint.

    Examples
    --------
    >>> get_plan("tianjin_smart_city").number
    Traceback (most recent call last):
    ...
    analytics.exceptions.CatalogError: unknown plan `tianjin_smart_city` — did you mean `tianjin_smart_city_14th`?
    """  # noqa: E501
    if plan_id.endswith((".yaml", ".yml")):
        return load_plan(plan_id)
    known = plans(folder=folder)
    if plan_id not in known:
        raise CatalogError(f"unknown plan `{plan_id}`{did_you_mean(plan_id, known)}")
    return known[plan_id]


def plans_for_region(region: str, *, folder: Path | None = None) -> list[Plan]:
    """The loaded plans whose region is ``region`` (a GB/T 2260 code)."""
    return [p for p in plans(folder=folder).values() if p.region == region]
