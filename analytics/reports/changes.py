"""What changed since the last edition, computed from the two editions' data (issue 21, item 1).

Every publish of a report for (report, region, period, lang) is an edition
(:mod:`analytics.runs.publish`). An edition's *facts* are what it stands on, as data:

- ``figures``: the store's observations of the region, up to the edition's period, of the
  indicators the report draws (the industry report's GDP, sectors, GDP per capita and published
  figures; the monthly bulletin's items; the plan's latest figure per target; the 5G and
  digital-economy reports: their catalog domain), one per (indicator, region, period, measure)
  — the vintage the store ranks first (:data:`analytics.io.VINTAGE_RANK`, the one
  :func:`analytics.io.read_series` shows) — with its value, unit, vintage and source;
- ``verdicts``: the plan scorecard's status of every target;
- ``sections``: the headings of the sections the page shows, in order.

The "what changed" cell sits right after the header; the sections are only known once the cells
below it have run, so :class:`Changes` shows itself with a display id and updates itself after
every later cell (IPython's ``post_run_cell`` event; nbclient rewrites the shown output and its
metadata). The final facts travel in the output's metadata under :data:`FACTS_KEY`, from which
the run writes ``data/facts.json`` (:func:`analytics.runs.render.facts_data`); the runner tells
the next run where they are (the notebook parameter ``previous``: the published edition's
folder, relative to the run's).

Two editions are compared key by key (:func:`compare`): a key only in the new one is *added*,
only in the old one *no longer shown*; a key in both with another value or vintage is *revised*,
shown ``old → new (vintage A → vintage B)``.

Examples
--------
>>> old = {"figures": [{"indicator": "gdp", "region": "120000", "period": "2024",
...         "measure": "yoy_pct", "value": 5.1, "unit": "%", "vintage": "published"}]}
>>> new = {"figures": [{**old["figures"][0], "value": 4.9, "vintage": "nbs_revised_5th_census"}]}
>>> d = compare(old, new)
>>> [(a["value"], b["value"], b["vintage"]) for a, b in d.revised], d.added
([(5.1, 4.9, 'nbs_revised_5th_census')], [])
"""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from analytics.reports._html import Markup, render
from analytics.reports.components import _period_words
from analytics.reports.context import ReportContext

__all__ = [
    "EDITION_FILE",
    "FACTS_FILE",
    "FACTS_KEY",
    "Changes",
    "Diff",
    "compare",
    "figures",
    "read_edition",
    "since",
]

FACTS_KEY = "analytics_facts"
"""Output-metadata key of the "what changed" cell: this edition's facts (see the module doc)."""
FACTS_FILE = "data/facts.json"
"""Where a run folder keeps its facts."""
EDITION_FILE = "edition.json"
"""Written by :func:`analytics.runs.publish.publish` into each edition: number, publish time."""

_DOMAINS: dict[str, tuple[str, ...]] = {
    "industry": ("industry",),
    "fiveg": ("digital_infrastructure",),
    "digital_economy": ("digital_economy",),
}
"""The catalog domains whose indicators each report draws (monthly and plan: their own lists)."""
_LISTED = 15
"""Rows shown of a long list (added or removed figures); all of them are in facts.json."""
_KEY = ("indicator", "region", "period", "measure")
Key = tuple[str, str, str, str]


def _indicator_ids(report: str) -> list[str]:
    if report == "monthly":
        from analytics.reports.monthly.data import items

        return [i.id for i in items()]
    if report == "industry":  # its own lists: GDP, sectors, per capita, the published figures
        from analytics.reports.industry.data import PUBLISHED, SECTORS

        parts = ("gdp", "gdp_per_capita", "va_primary", "va_secondary", "va_tertiary")
        return sorted({*parts, *SECTORS, *PUBLISHED})
    from analytics.catalog import indicators

    domains = _DOMAINS.get(report, ())
    return sorted(i.id for i in indicators().values() if i.domain in domains)


def figures(ctx: ReportContext, report: str) -> list[dict[str, Any]]:
    """The figures an edition of ``report`` stands on, one per key, sorted (see the module doc).

    Parameters
    ----------
    ctx
        The report's context (region, period, store).
    report
        The report's name in the registry.

    Returns
    -------
    list of dict
        ``indicator, region, period, measure, value, unit, vintage, source`` each.

    Examples
    --------
    >>> rows = figures(ReportContext(region="120000", period="2024"), "industry")
    >>> [(r["value"], r["vintage"]) for r in rows
    ...  if (r["indicator"], r["period"], r["measure"]) == ("gdp", "2022", "level")]
    [(16588.5, 'nbs_revised_5th_census')]
    """
    if report == "plan":
        return _plan_figures(ctx)
    from analytics.io import VINTAGE_RANK, scan_store
    from analytics.stats.periods import within

    ids = _indicator_ids(report)
    rank = {v: i for i, v in enumerate(VINTAGE_RANK)}
    rows = (
        scan_store(data_dir=ctx.data_dir)
        .filter(
            pl.col("region") == ctx.region,
            pl.col("indicator").is_in(ids),
            pl.col("value").is_not_null(),
        )
        .collect()
        .filter(within(ctx.period))
        .with_columns(pl.col("vintage").replace_strict(rank, default=len(rank)).alias("_rank"))
        .sort([*_KEY, "_rank", "vintage"])
        .unique(subset=list(_KEY), keep="first", maintain_order=True)
        .select(*_KEY, "value", "unit", "vintage", "source")
    )
    return rows.to_dicts()


def _scored(ctx: ReportContext) -> pl.DataFrame:
    from analytics.reports.plan.data import ScorecardContext, scorecard

    if not isinstance(ctx, ScorecardContext):
        return pl.DataFrame()
    return scorecard(ctx).scored


def _plan_figures(ctx: ReportContext) -> list[dict[str, Any]]:
    """The scorecard's latest figure of each target (measure ``latest``)."""
    sc = _scored(ctx)
    if sc.is_empty():
        return []
    rows = sc.filter(pl.col("latest_value").is_not_null()).select(
        pl.col("id").alias("indicator"),
        "region",
        pl.col("latest_period").cast(pl.String).alias("period"),
        pl.lit("latest").alias("measure"),
        pl.col("latest_value").cast(pl.Float64).alias("value"),
        "unit",
        pl.col("latest_vintage").cast(pl.String).alias("vintage"),
        pl.col("latest_source").cast(pl.String).alias("source"),
        "name_zh",
        "name_en",
    )
    return rows.sort(list(_KEY)).to_dicts()


def _verdicts(ctx: ReportContext) -> list[dict[str, Any]]:
    """The scorecard's status of every target (plan reports; other reports: none)."""
    sc = _scored(ctx)
    if sc.is_empty():
        return []
    cols = ["plan", "id", "name_zh", "name_en", "status"]
    return sc.select(pl.col(c).cast(pl.String) for c in cols).sort("plan", "id").to_dicts()


def read_edition(folder: Path | str | None) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """An edition folder's ``edition.json`` (``{}`` when absent) and facts (None when absent).

    Parameters
    ----------
    folder
        A published edition's folder (None: there is none).

    Returns
    -------
    tuple
        (edition info, facts).

    Examples
    --------
    >>> read_edition(None)
    ({}, None)
    """
    if not folder:
        return {}, None
    base = Path(folder)
    out: list[Any] = []
    for name in (EDITION_FILE, FACTS_FILE):
        try:
            data = json.loads((base / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        out.append(data if isinstance(data, dict) else None)
    return out[0] or {}, out[1]


def _key(row: Mapping[str, Any]) -> Key:
    return (str(row["indicator"]), str(row["region"]), str(row["period"]), str(row["measure"]))


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=0.0)
    return bool(a == b)


@dataclass(frozen=True)
class Diff:
    """Two editions' facts compared: what was added, revised, dropped; verdicts and sections.

    Parameters
    ----------
    added
        Figures only in the new edition.
    revised
        (old, new) figures of one key whose value or vintage differ.
    removed
        Figures only in the old edition (no longer shown).
    verdicts
        (old, new) verdicts whose status differs; None for a verdict new or gone.
    sections_added, sections_removed
        Section headings only in the new edition, only in the old one.
    """

    added: list[dict[str, Any]] = field(default_factory=list)
    revised: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    verdicts: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = field(
        default_factory=list
    )
    sections_added: list[str] = field(default_factory=list)
    sections_removed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Whether nothing changed."""
        lists = (self.added, self.revised, self.removed, self.verdicts)
        return not any((*lists, self.sections_added, self.sections_removed))


def _by_key(rows: Iterable[Mapping[str, Any]]) -> dict[Key, dict[str, Any]]:
    return {_key(r): dict(r) for r in rows}


def _verdict_changes(
    old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]
) -> list[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    was = {(str(v["plan"]), str(v["id"])): dict(v) for v in old}
    now = {(str(v["plan"]), str(v["id"])): dict(v) for v in new}
    out: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = []
    for k in sorted(was.keys() | now.keys()):
        a, b = was.get(k), now.get(k)
        if a is None or b is None or a.get("status") != b.get("status"):
            out.append((a, b))
    return out


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> Diff:
    """What changed from the facts ``old`` (the previous edition's) to ``new`` (this one's).

    Parameters
    ----------
    old, new
        Facts (``figures``, ``verdicts``, ``sections``; a missing list counts as empty).

    Returns
    -------
    Diff
        Figures added, revised (value or vintage differ), no longer shown; verdicts changed;
        sections added and removed — each in key order.

    Examples
    --------
    >>> compare({"sections": ["A", "B"]}, {"sections": ["B", "C"]}).sections_added
    ['C']
    """
    was, now = _by_key(old.get("figures", [])), _by_key(new.get("figures", []))
    revised = [
        (was[k], now[k])
        for k in sorted(was.keys() & now.keys())
        if not _same(was[k].get("value"), now[k].get("value"))
        or was[k].get("vintage") != now[k].get("vintage")
    ]
    s_old, s_new = list(old.get("sections", [])), list(new.get("sections", []))
    return Diff(
        added=[now[k] for k in sorted(now.keys() - was.keys())],
        revised=revised,
        removed=[was[k] for k in sorted(was.keys() - now.keys())],
        verdicts=_verdict_changes(old.get("verdicts", []), new.get("verdicts", [])),
        sections_added=[s for s in s_new if s not in s_old],
        sections_removed=[s for s in s_old if s not in s_new],
    )


# --- the section ------------------------------------------------------------------------------


def _number(value: Any) -> str:
    """A stored value as it was stored: 16588.5, 5.1, 70,000 (no invented decimals)."""
    if not isinstance(value, int | float) or not math.isfinite(float(value)):
        return "–"
    text = f"{float(value):,.6f}".rstrip("0").rstrip(".")
    return text


def _name(ctx: ReportContext, row: Mapping[str, Any]) -> str:
    if row.get(f"name_{ctx.lang}"):
        return str(row[f"name_{ctx.lang}"])
    try:
        return ctx.indicator_name(str(row["indicator"]))
    except Exception:  # an indicator since taken out of the catalog: its id
        return str(row["indicator"])


def _unit(ctx: ReportContext, row: Mapping[str, Any]) -> str:
    """The stored unit; in English the catalog's English unit when it is the indicator's own."""
    from analytics.catalog import get_indicator
    from analytics.reports.messages import pick

    unit = str(row.get("unit") or "")
    try:
        ind = get_indicator(str(row["indicator"]))
    except Exception:  # not a catalog indicator (a plan target's id): as stored
        return unit
    return pick(ctx.lang, zh=unit, en=ind.unit_en if unit == ind.unit and ind.unit_en else unit)


def _figure(ctx: ReportContext, row: Mapping[str, Any]) -> str:
    from analytics.reports.messages import MESSAGES

    key = f"editions.measure.{row['measure']}"
    if row["measure"] == "level":
        return _name(ctx, row)
    measure = ctx.t(key) if key in MESSAGES else f" ({row['measure']})"
    return f"{_name(ctx, row)}{measure}"


def _value(ctx: ReportContext, row: Mapping[str, Any]) -> str:
    unit, number = _unit(ctx, row), _number(row.get("value"))
    if not unit or unit == "%":
        return f"{number}{unit}"
    return ctx.t("editions.value", value=number, unit=unit)


def _vintage(ctx: ReportContext, row: Mapping[str, Any]) -> str:
    from analytics.reports.sources import vintage_label

    code = row.get("vintage")
    return vintage_label(str(code), ctx.lang) if code else ctx.t("editions.none")


def _vintages(ctx: ReportContext, a: Mapping[str, Any], b: Mapping[str, Any]) -> str:
    """``vintage A → vintage B``; one vintage, said to be unchanged, when both are the same."""
    old, new = _vintage(ctx, a), _vintage(ctx, b)
    if a.get("vintage") == b.get("vintage"):
        return ctx.t("editions.same_vintage", vintage=new)
    return ctx.t("editions.revised_vintage", old=old, new=new)


def _when(ctx: ReportContext, period: object) -> str:
    """A period in the page's words (:func:`~analytics.reports.components._period_words`)."""
    return _period_words(str(period), ctx.lang)


def _table(header: list[str], rows: list[list[str]]) -> Markup:
    from analytics.reports.section import Table

    return Markup(Table(header, rows).html())


def _figure_rows(ctx: ReportContext, rows: list[dict[str, Any]]) -> list[list[str]]:
    return [
        [_figure(ctx, r), _when(ctx, r["period"]), _value(ctx, r), _vintage(ctx, r)]
        for r in rows[:_LISTED]
    ]


def _blocks(ctx: ReportContext, d: Diff) -> list[dict[str, Any]]:
    """The tables of a non-empty diff: revised first (what a returning reader looks for)."""
    t = ctx.t
    cols = [t("editions.col.figure"), t("editions.col.period")]
    out = []
    if d.revised:
        rows = [
            [
                _figure(ctx, b),
                _when(ctx, b["period"]),
                t("editions.revised_value", old=_value(ctx, a), new=_value(ctx, b)),
                _vintages(ctx, a, b),
            ]
            for a, b in d.revised
        ]
        head = [*cols, t("editions.col.value"), t("editions.col.vintage")]
        out.append({"title": t("editions.h.revised"), "table": _table(head, rows), "more": ""})
    for title, rows_ in (("editions.h.added", d.added), ("editions.h.removed", d.removed)):
        if rows_:
            head = [*cols, t("editions.col.value"), t("editions.col.vintage")]
            more = t("editions.more", n=len(rows_) - _LISTED) if len(rows_) > _LISTED else ""
            out.append(
                {"title": t(title), "table": _table(head, _figure_rows(ctx, rows_)), "more": more}
            )
    if d.verdicts:
        rows = [[_name(ctx, b or a or {}), _status(ctx, a), _status(ctx, b)] for a, b in d.verdicts]
        head = [t("editions.col.target"), t("editions.col.old"), t("editions.col.new")]
        out.append({"title": t("editions.h.verdicts"), "table": _table(head, rows), "more": ""})
    sections = [[s, t("editions.section_added")] for s in d.sections_added] + [
        [s, t("editions.section_removed")] for s in d.sections_removed
    ]
    if sections:
        head = [t("editions.col.section"), t("editions.col.change")]
        out.append({"title": t("editions.h.sections"), "table": _table(head, sections), "more": ""})
    return out


def _status(ctx: ReportContext, verdict: Mapping[str, Any] | None) -> str:
    from analytics.reports.messages import MESSAGES

    if verdict is None or not verdict.get("status"):
        return ctx.t("editions.none")
    key = f"status.{verdict['status']}"
    return ctx.t(key) if key in MESSAGES else str(verdict["status"])


@dataclass(eq=False)
class Changes:
    """The "what changed" section of one run; it completes itself as the later cells run.

    Parameters
    ----------
    ctx
        The report's context.
    report
        The report's name in the registry.
    facts
        This edition's figures and verdicts (sections are added as the cells run).
    previous
        The previous edition's folder name, info (``edition.json``) and facts; None: this is
        the first edition.
    """

    ctx: ReportContext
    report: str
    facts: dict[str, Any]
    previous: tuple[str, dict[str, Any], dict[str, Any] | None] | None = None
    _id: str = field(default="", init=False, repr=False)

    def _intro(self) -> tuple[str, str, str]:
        """The opening sentence, the link to the previous edition and its text."""
        ctx = self.ctx
        if self.previous is None:
            return ctx.t("editions.first", name=ctx.name, period=_when(ctx, ctx.period)), "", ""
        folder, info, _ = self.previous
        date = str(info.get("published", "")).split("T")[0] or ctx.t("editions.none")
        intro = ctx.t("editions.since", number=info.get("number", "?"), date=date)
        return intro, f"../{folder}/report.html", ctx.t("editions.previous_link")

    def diff(self) -> Diff | None:
        """The diff with the previous edition (None: first edition, or no previous facts)."""
        if self.previous is None or self.previous[2] is None:
            return None
        return compare(self.previous[2], self.facts)

    def html(self) -> str:
        """The section as HTML (text escaped)."""
        ctx = self.ctx
        intro, link, link_text = self._intro()
        d = self.diff()
        notes: list[str] = []
        if self.previous is not None and d is None:
            notes.append(ctx.t("editions.no_facts"))
        elif d is not None and d.empty:
            notes.append(ctx.t("editions.nothing"))
        elif d is not None:
            notes.append(
                ctx.t(
                    "editions.summary",
                    added=len(d.added),
                    revised=len(d.revised),
                    removed=len(d.removed),
                    verdicts=len(d.verdicts),
                )
            )
        blocks = _blocks(ctx, d) if d is not None and not d.empty else []
        return render(
            "changes.html.j2",
            heading=ctx.t("editions.h.changes"),
            intro=intro,
            link=link,
            link_text=link_text,
            notes=notes,
            blocks=blocks,
        )

    def _bundle(self) -> tuple[dict[str, Any], dict[str, Any]]:
        text = self.ctx.t("editions.h.changes")
        return {"text/html": self.html(), "text/plain": text}, {FACTS_KEY: self.facts}

    def _repr_html_(self) -> str:
        return self.html()

    def seen(self, value: Any) -> bool:
        """Record the headings a later cell showed (a section, or several); whether it had any."""
        found = _headings(value)
        self.facts["sections"] = [*self.facts.get("sections", []), *found]
        return bool(found)

    def _after(self, result: Any) -> None:
        """``post_run_cell``: the cell's sections join the facts, and the output is redrawn."""
        from IPython.display import update_display

        value = getattr(result, "result", None)
        if value is self or not self.seen(value):
            return
        data, meta = self._bundle()
        update_display(data, raw=True, metadata=meta, display_id=self._id)

    def _ipython_display_(self) -> None:
        from IPython import get_ipython
        from IPython.display import display

        shell = get_ipython()
        if not self._id:
            self._id = f"analytics-changes-{id(self)}"
            self.facts["sections"] = []
        data, meta = self._bundle()
        display(data, raw=True, metadata=meta, display_id=self._id)
        if shell is not None:
            _listen(shell, self)


_LISTENING: dict[int, Changes] = {}
"""The shell's one listening :class:`Changes` (a re-run cell replaces the earlier one)."""


def _listen(shell: Any, changes: Changes) -> None:
    old = _LISTENING.pop(id(shell), None)
    if old is not None:
        with contextlib.suppress(ValueError):  # already gone (a fresh shell with a recycled id)
            shell.events.unregister("post_run_cell", old._after)
    shell.events.register("post_run_cell", changes._after)
    _LISTENING[id(shell)] = changes


def _headings(value: Any) -> list[str]:
    """The section headings of a cell's value: a section's, or each of several sections'."""
    from analytics.reports.section import Section, Sections

    if isinstance(value, Section):
        return [value.heading]
    if isinstance(value, Sections):
        return [s.heading for s in value.sections]
    return []


def since(ctx: ReportContext, previous: str | Path | None, *, report: str) -> Changes:
    """The "what changed since the last edition" section of ``report`` (the notebook's cell).

    Parameters
    ----------
    ctx
        The report's context.
    previous
        The previous edition's folder (the runner's ``previous`` parameter); None: this is the
        first edition.
    report
        The report's name in the registry.

    Returns
    -------
    Changes
        Shows itself as a section and records this edition's facts in its output metadata.

    Examples
    --------
    >>> c = since(ReportContext(region="120000", period="2024", lang="en"), None, report="industry")
    >>> "This is the first edition" in c.html(), len(c.facts["figures"]) > 100
    (True, True)
    """
    facts = {
        "report": report,
        "region": ctx.region,
        "period": ctx.period,
        "lang": ctx.lang,
        "figures": figures(ctx, report),
        "verdicts": _verdicts(ctx),
        "sections": [],
    }
    if not previous:
        return Changes(ctx, report, facts)
    info, old = read_edition(previous)
    return Changes(ctx, report, facts, (Path(previous).name, info, old))
