"""Validation of a plan file: every problem located at its YAML node, then the typed plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from analytics._yaml import read_yaml
from analytics.catalog._plans import (
    Plan,
    PlanArea,
    PlanContext,
    PlanEvidence,
    PlanIndicator,
    PlanValue,
    _resolve,
)
from analytics.exceptions import AnalyticsError, DataValidationError, Problem, did_you_mean

__all__ = ["load_plan", "parse_plan"]

Key = str | int


class _Where:
    """Locate keys in the YAML node tree and collect problems there."""

    def __init__(self, path: Path, root: yaml.Node | None) -> None:
        self.path, self.root, self.problems = path, root, list[Problem]()

    def node(self, keys: Sequence[Key]) -> yaml.Node | None:
        node, last = self.root, self.root
        for key in keys:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == key), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                node = node.value[key] if key < len(node.value) else None
            else:
                node = None
            if node is None:
                return last
            last = node
        return node

    def add(self, keys: Sequence[Key], message: str, hint: str = "") -> None:
        node = self.node(keys)
        line = node.start_mark.line + 1 if node is not None else 0
        col = node.start_mark.column + 1 if node is not None else 0
        self.problems.append(Problem(self.path, line, col, message, hint))


def _mapping(raw: object, w: _Where, keys: tuple[Key, ...], what: str) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    w.add(keys, f"{what} must be a mapping of keys to values, not {type(raw).__name__}")
    return {}


def _items(raw: dict[str, Any], key: str, w: _Where) -> list[Any]:
    value = raw.get(key) or []
    if not isinstance(value, list):
        w.add((key,), f"`{key}` must be a list, not {type(value).__name__}", "start items with -")
        return []
    return value


@cache
def _line_count(path: Path) -> int | None:
    try:
        return len(path.read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return None


def _ref(ref: object, w: _Where, keys: tuple[Key, ...]) -> None:
    """A ``reference/<file>[:<line>]`` must name a file in data/reference and a line in it."""
    from analytics.config import reference_dir

    if not isinstance(ref, str) or not ref.startswith("reference/"):
        return
    name, _, line = ref.removeprefix("reference/").partition(":")
    lines = _line_count(reference_dir() / name)
    if lines is None:
        known = sorted(p.name for p in reference_dir().glob("*") if p.is_file())
        w.add(keys, f"ref `{ref}` names no file in data/reference{did_you_mean(name, known)}")
    elif line and (not line.isdigit() or not 2 <= int(line) <= lines):
        w.add(
            keys,
            f"ref `{ref}` points at no row of {name} (rows 2–{lines})",
            "the line number of the row in the file",
        )


def _url(d: dict[str, Any], w: _Where, keys: tuple[Key, ...]) -> None:
    """A ``url:`` becomes a link in the report: http(s) only."""
    from analytics._urls import is_web_url

    if "url" in d and not is_web_url(d["url"]):
        w.add(
            (*keys, "url"),
            f"url {str(d['url'])[:80]!r} is not an http(s) address",
            "a link such as https://www.tj.gov.cn/…",
        )


def _year_ok(year: object) -> bool:
    return isinstance(year, int) and not isinstance(year, bool) and 1949 <= year <= 2100


def _value(raw: object, w: _Where, keys: tuple[Key, ...]) -> PlanValue | None:
    d = _mapping(raw, w, keys, "a baseline or target")
    if not d:
        return None
    _ref(d.get("ref"), w, (*keys, "ref"))
    _url(d, w, keys)
    year, value, qual = d.get("year"), d.get("value"), d.get("qualifier")
    ok = True
    if value is None and not d.get("text_zh"):
        w.add(keys, "gives neither `value` nor `text_zh`", "a number, or words for a goal")
        ok = False
    if not d.get("ref") and not d.get("url"):
        w.add(keys, "names no source", "add `ref: reference/<file>.csv:<line>`")
        ok = False
    if not ok:
        return None
    assert isinstance(year, int)  # checked above
    return PlanValue(
        year,
        None if value is None else float(value),
        qual,
        str(d.get("text_zh", "")),
        str(d.get("text_en", "")),
        str(d.get("ref") or d.get("url")),
    )


def _indicator(
    raw: object, w: _Where, keys: tuple[Key, ...], areas: set[str], series: Sequence[str]
) -> PlanIndicator | None:
    d = _mapping(raw, w, keys, "an indicator")
    if not d.get("unit"):
        w.add(
            (*keys, "unit"),
            f"indicator `{d['id']}` has a target but no unit",
            "add `unit:` (e.g. 个, %, or qualitative)",
        )
    if d["area"] not in areas:
        w.add((*keys, "area"), f"unknown area `{d['area']}`{did_you_mean(str(d['area']), areas)}")
    if d.get("series") is not None and d["series"] not in series:
        w.add(
            (*keys, "series"),
            f"unknown series `{d['series']}`{did_you_mean(str(d['series']), series)}",
            "a store indicator id",
        )
    direction, attribute = d["direction"], d.get("attribute", "not_given")
    target = _value(d["target"], w, (*keys, "target"))
    baseline = _value(d["baseline"], w, (*keys, "baseline")) if "baseline" in d else None
    if target and baseline and baseline.year > target.year:
        w.add(
            (*keys, "baseline", "year"),
            f"baseline year {baseline.year} is after the target year {target.year}",
            "a baseline comes before its target",
        )
    evidence = _evidence(d.get("evidence"), w, (*keys, "evidence"))
    milestones = _milestones(d.get("milestones"), w, (*keys, "milestones"), target)
    department, department_ref = _department(d.get("department"), w, (*keys, "department"))
    if target is None or not d.get("unit"):
        return None
    return PlanIndicator(
        str(d["id"]),
        d["area"],
        str(d["name_zh"]),
        str(d["name_en"]),
        str(d["unit"]),
        str(d.get("unit_en") or d["unit"]),
        direction,
        attribute,
        target,
        baseline,
        d.get("series"),
        d.get("region"),
        evidence,
        d.get("status"),
        str(d.get("plan_zh", "")),
        str(d.get("plan_en", "")),
        milestones,
        department,
        department_ref,
    )


def _milestones(
    raw: object, w: _Where, keys: tuple[Key, ...], target: PlanValue | None
) -> tuple[PlanValue, ...]:
    """Interim numeric targets, each with its year and source, before the final target's year."""
    out = []
    for j, item in enumerate(raw if isinstance(raw, list) else []):
        m = _value(item, w, (*keys, j))
        if m is None:
            continue
        if m.value is None:
            w.add((*keys, j), "a milestone needs a `value`", "a number, e.g. 40000")
        elif target is not None and m.year > target.year:
            w.add(
                (*keys, j, "year"),
                f"milestone year {m.year} is after the target year {target.year}",
                "a milestone comes before its target",
            )
        else:
            out.append(m)
    return tuple(sorted(out, key=lambda m: m.year))


def _department(raw: object, w: _Where, keys: tuple[Key, ...]) -> tuple[str, str]:
    """``{name_zh, ref}``: a department only with the source that names it."""
    if raw is None:
        return "", ""
    d = _mapping(raw, w, keys, "`department`")
    name, ref = str(d.get("name_zh") or "").strip(), str(d.get("ref") or "").strip()
    if not name or not ref:
        w.add(
            keys,
            "a department needs `name_zh` and the `ref` of the source that names it",
            "never guess a department: leave `department` out",
        )
        return "", ""
    _ref(ref, w, (*keys, "ref"))
    return name, ref


def _evidence(raw: object, w: _Where, keys: tuple[Key, ...]) -> tuple[PlanEvidence, ...]:
    """Each entry a dated sentence with its source: ``{date, text, ref}``."""
    out = []
    for j, e in enumerate(raw if isinstance(raw, list) else []):
        d = _mapping(e, w, (*keys, j), "an evidence entry")
        date = str(d.get("date", ""))
        today = dt.date.today().isoformat()
        if date > today[: len(date)]:
            w.add(
                (*keys, j, "date"),
                f"evidence date {date} is in the future (today is {today})",
                "the date the sentence was published",
            )
        for key in ("text", "ref"):
            if not str(d.get(key) or "").strip():
                w.add(
                    (*keys, j),
                    f"an evidence entry lacks `{key}`",
                    "quote the sentence and name its file",
                )
        _ref(d.get("ref"), w, (*keys, j, "ref"))
        out.append(PlanEvidence(date, str(d.get("text", "")), str(d.get("ref", ""))))
    return tuple(out)


def _indicators(
    raw: dict[str, Any], key: str, w: _Where, areas: set[str], seen: dict[str, int]
) -> list[PlanIndicator]:
    from analytics.catalog._indicators import indicators

    series = sorted(indicators())
    out = []
    for i, item in enumerate(_items(raw, key, w)):
        ident = item.get("id") if isinstance(item, dict) else None
        ident = ident if isinstance(ident, str | int) and not isinstance(ident, bool) else None
        if ident in seen:
            w.add(
                (key, i, "id"),
                f"indicator `{ident}` is listed twice (first as item {seen[ident] + 1})",
                "give each indicator its own id",
            )
            continue
        if ident is not None:
            seen[str(ident)] = i
        ind = _indicator(item, w, (key, i), areas, series)
        if ind is not None:
            out.append(ind)
    return out


def _context(raw: dict[str, Any], w: _Where, areas: set[str]) -> list[PlanContext]:
    out = []
    for i, c in enumerate(_items(raw, "context", w)):
        d = _mapping(c, w, ("context", i), "a context figure")
        if d.get("area") not in areas:
            w.add(
                ("context", i, "area"),
                f"unknown area `{d.get('area')}`{did_you_mean(str(d.get('area')), areas)}",
            )
            continue
        _ref(d.get("ref"), w, ("context", i, "ref"))
        out.append(
            PlanContext(
                d["area"],
                str(d.get("name_zh", "")),
                str(d.get("name_en", "")),
                float(d["value"]),
                str(d.get("unit", "")),
                str(d.get("unit_en") or d.get("unit", "")),
                int(d.get("year", 0)),
                str(d.get("ref", "")),
                str(d.get("quote", "")),
                d.get("qualifier"),
            )
        )
    return out


def _period(raw: dict[str, Any], w: _Where) -> tuple[int, int] | None:
    period = raw["period"]  # two years (the schema)
    if period[0] <= period[1]:
        return int(period[0]), int(period[1])
    w.add(("period",), f"period {period!r} is not [first year, last year]", "e.g. [2021, 2025]")
    return None


def _region(raw: dict[str, Any], w: _Where) -> tuple[str, ...] | None:
    """The region(s) the plan binds: one code or name, or a list of them."""
    from analytics.catalog._regions import resolve_region
    from analytics.exceptions import CatalogError

    given = raw.get("region")
    out = []
    for i, r in enumerate(given if isinstance(given, list) else [given]):
        try:
            out.append(resolve_region(str(r)))
        except CatalogError as err:
            w.add(("region", i) if isinstance(given, list) else ("region",), str(err))
            return None
    return tuple(out) or None


def _within_period(d: dict[str, Any], period: tuple[int, int], w: _Where) -> None:
    """Every target year falls in the plan period (a 2030 goal is not this plan's)."""
    first, last = period
    for key in ("indicators", "national"):
        items = d.get(key)
        for i, item in enumerate(items if isinstance(items, list) else []):
            target = item.get("target") if isinstance(item, dict) else None
            year = target.get("year") if isinstance(target, dict) else None
            if isinstance(year, int) and _year_ok(year) and not first <= year <= last:
                w.add(
                    (key, i, "target", "year"),
                    f"target year {year} of `{item.get('id')}` is "
                    f"outside the plan period {first}–{last}",
                    "a plan's targets fall within its period; check the year",
                )


def parse_plan(raw: object, node: yaml.Node | None, path: Path) -> Plan:
    """The typed plan, or :class:`DataValidationError` listing every located problem."""
    from analytics.catalog._schema import schema_problems
    from analytics.catalog._schemas import PLAN

    structure = schema_problems(path, node, raw, PLAN)  # keys, types, words, years
    if structure:
        raise DataValidationError(structure)
    w = _Where(path, node)
    d = _mapping(raw, w, (), "a plan file")
    areas = [
        PlanArea(str(a.get("id")), str(a.get("name_zh", "")), str(a.get("name_en", "")))
        for a in _items(d, "areas", w)
        if isinstance(a, dict)
    ]
    ids = {a.id for a in areas}
    seen: dict[str, int] = {}
    inds = _indicators(d, "indicators", w, ids, seen)
    national = _indicators(d, "national", w, ids, seen)
    context = _context(d, w, ids)
    period, region = _period(d, w), _region(d, w)
    if period is not None:
        _within_period(d, period, w)
    source = _mapping(d.get("source") or {}, w, ("source",), "`source`")
    targets_source = _mapping(
        d.get("targets_source") or {}, w, ("targets_source",), "`targets_source`"
    )
    _url(source, w, ("source",))
    _url(targets_source, w, ("targets_source",))
    if d.get("id") is not None and str(d["id"]) != path.stem:
        w.add(
            ("id",),
            f"plan id `{d['id']}` differs from the file name `{path.name}`",
            f"name the file `{d['id']}.yaml`, or set `id: {path.stem}`",
        )
    if w.problems or period is None or region is None:
        raise DataValidationError(w.problems or [Problem(path, 0, 0, "not a plan file")])
    return Plan(
        str(d["id"]),
        str(d["title_zh"]),
        str(d["title_en"]),
        str(d["number"]),
        str(d.get("date", "")),
        period[0],
        period[1],
        region[0],
        source,
        targets_source,
        tuple(areas),
        tuple(inds),
        tuple(national),
        tuple(context),
        path,
        region,
    )


def load_plan(plan: str | Path) -> Plan:
    """Load and validate a plan by id (``tianjin_smart_city_14th``) or file path.

    Parameters
    ----------
    plan
        A path ending in ``.yaml`` or ``.yml`` (read as given), or the id of a plan in
        ``data/catalog/plans`` (:func:`plan_ids`).

    Returns
    -------
    Plan

    Raises
    ------
    AnalyticsError
        When the id is not on file (with a close match and the plans on file) or the file is
        missing.
    DataValidationError
        Every problem located as ``file:line:column`` (unknown series, a target without a unit,
        a baseline after its target, a duplicated indicator, an unknown status word, …).

    Examples
    --------
    >>> p = load_plan("tianjin_smart_city_14th")
    >>> p.number, p.end, len(p.indicators)
    ('津政办发〔2021〕52号', 2025, 10)
    """
    path = _resolve(plan)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise AnalyticsError(f"plan file {path} not found") from err
    except (OSError, UnicodeDecodeError) as err:
        raise DataValidationError(
            [Problem(path, 0, 0, f"cannot be read as UTF-8 text ({err})", "save it as UTF-8")]
        ) from err
    node, raw = read_yaml(path, text)  # bounded aliases, no duplicate keys
    return parse_plan(raw, node, path)
