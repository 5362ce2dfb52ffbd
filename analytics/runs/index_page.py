"""``reports/index.html``: the navigator over the latest reports, stale ones marked with why.

One self-contained page (inline CSS, no network), Chinese first then English, readable on a
phone: a section per report, a row per region and period, a link per language. A small inline
script adds a finder — search, and filters by report, region, period and language — over the
same rows; without JavaScript every report is listed and no dead control is shown.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import jinja2

from analytics.catalog import CHINA, ReleaseCalendar, load_releases
from analytics.catalog.releases import releases_path
from analytics.config import DEFAULT_REGION as HOME_REGION
from analytics.config import TIMEZONE, reports_dir
from analytics.runs import publish
from analytics.runs.history import RunHistory

__all__ = ["EntryStatus", "IndexEntry", "collect_entries", "render_index", "write_index"]

EntryStatus = Literal["ok", "no_data", "stale", "failed"]
_LANGS = ("zh", "en")
_STATUS_TEXT = {
    "ok": ("最新", "up to date"),
    "no_data": ("无本地区数据", "no data for this region"),
    "stale": ("过期", "stale"),
    "failed": ("失败", "failed"),
}

_CSS = """
:root{--ok:#1a7f37;--stale:#b35900;--failed:#c62828;--line:#d8dee4;--muted:#57606a}
*{box-sizing:border-box}
body{margin:0;padding:16px;font:15px/1.5 "Noto Sans CJK SC","PingFang SC","Microsoft YaHei",
system-ui,sans-serif;color:#1f2328;background:#fff;max-width:1100px;margin-inline:auto}
h1{font-size:1.5rem;margin:.2em 0}h2{font-size:1.2rem;margin:1.4em 0 .4em}
.en{color:var(--muted);font-weight:normal}
.meta{color:var(--muted);font-size:.9rem}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
.badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:.8rem;color:#fff}
.ok{background:var(--ok)}.no_data{background:var(--muted)}.stale{background:var(--stale)}.failed{background:var(--failed)}
.why{display:block;color:var(--stale);font-size:.85rem;overflow-wrap:anywhere}
.failed-why{color:var(--failed)}
.releases td{overflow-wrap:anywhere}
.past{display:block;color:var(--stale);font-size:.85rem}
a{color:#0969da}
.finder{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:end;margin:12px 0;padding:10px;
border:1px solid var(--line);border-radius:6px;background:#f6f8fa}
.finder label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted);min-width:0}
.finder input,.finder select{font:inherit;font-size:1rem;padding:4px 6px;max-width:100%}
.finder label:first-child{flex:1 1 220px}.finder input{width:100%}
[hidden]{display:none !important}
@media (max-width:640px){
 thead{display:none} table,tbody,tr,td{display:block;width:100%}
 tr{border:1px solid var(--line);border-radius:6px;margin:8px 0;padding:4px}
 td{border:0;padding:3px 6px} td[data-label]::before{content:attr(data-label) ": ";
 color:var(--muted)}
}
@media print{body{max-width:none}.finder{display:none}
.badge{border:1px solid #000;color:#000;background:none}}
"""


@dataclass(frozen=True)
class IndexEntry:
    """One (report, region, period, language) on the index page.

    Parameters
    ----------
    report : str
        The report's name.
    region : str
        The region's code.
    period : str
        The period label (``2023-01/02``, not the folder's ``2023-01_02``).
    lang : str
        ``zh`` or ``en``.
    status : EntryStatus
        ``ok``; ``no_data`` (published, but the region has no headline data); ``stale`` (the
        last run failed, the last good report shown); ``failed`` (no report published yet).
    reason : str
        Why it is stale or failed: the stale marker's reason, or the failed run's error.
    html : Path or None
        The published ``report.html`` (None when nothing is published).
    updated : float or None
        When the report was written, or when the failed run ended (epoch seconds).
    notebook : Path or None
        The failed run's executed notebook (for ``failed`` entries).
    """

    report: str
    region: str
    period: str
    lang: str
    status: EntryStatus
    reason: str = ""
    html: Path | None = None
    updated: float | None = None
    notebook: Path | None = None


def _has_headline_data(target: Path) -> bool:
    """What the run's manifest says (older manifests without the flag count as having data)."""
    try:
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    return bool(manifest.get("headline_data", True))


def collect_entries(out_root: Path, *, history: RunHistory | None = None) -> list[IndexEntry]:
    """Every published report under ``out_root``, plus runs that failed before any publish.

    Parameters
    ----------
    out_root : Path
        The published reports (``reports/out``).
    history : RunHistory or None
        The run history, for the runs that failed before any publish (None: not listed).

    Examples
    --------
    >>> import tempfile
    >>> collect_entries(Path(tempfile.mkdtemp()))
    []
    """
    entries: dict[tuple[str, str, str, str], IndexEntry] = {}
    if out_root.is_dir():
        for target in sorted(out_root.glob("*/*/*/*")):
            if target.name not in _LANGS or not target.is_symlink():
                continue
            report, region, period = target.parts[-4:-1]
            html_path = target / "report.html"
            if not html_path.is_file():
                continue
            stale = publish.read_stale(target)
            status: EntryStatus = "stale" if stale else "ok"
            if status == "ok" and not _has_headline_data(target):
                status = "no_data"
            entries[(report, region, period.replace("_", "/"), target.name)] = IndexEntry(
                report=report,
                region=region,
                period=period.replace("_", "/"),
                lang=target.name,
                status=status,
                reason=str(stale["reason"]) if stale else "",
                html=html_path,
                updated=html_path.stat().st_mtime,
            )
    if history is not None:
        for rec in history.latest_attempted().values():
            key = (rec.report, rec.region, rec.period, rec.lang)
            if rec.status == "failed" and key not in entries:
                entries[key] = IndexEntry(
                    *key,
                    status="failed",
                    reason=rec.error or "",
                    updated=rec.finished,
                    notebook=Path(rec.notebook) if rec.notebook else None,
                )
    return sorted(
        entries.values(), key=lambda e: (_order(e.report), e.region, _neg(e.period), e.lang)
    )


def _order(report: str) -> tuple[int, str]:
    """Reports in the registry's order (the plan scorecard first), unknown ones after."""
    from analytics.runs.registry import REPORTS

    names = list(REPORTS)
    return (names.index(report) if report in names else len(names), report)


def _neg(period: str) -> tuple[int, int, int, str]:
    """Newest period first, compared as dates (by end, then start), never as text.

    Examples
    --------
    >>> sorted(["2023Q4", "2024", "2024-03", "2023"], key=_neg)
    ['2024', '2024-03', '2023Q4', '2023']
    """
    from analytics.stats.periods import Period, PeriodError

    try:
        p = Period.parse(period)
    except PeriodError:  # not a period label: after every period, by text
        return (1, 0, 0, period)
    return (0, -p.end.toordinal(), -p.start.toordinal(), period)


def _rel(path: Path, base: Path) -> str:
    return Path(os.path.relpath(path, base)).as_posix()


def _region_names(code: str) -> tuple[str, str]:
    try:
        from analytics.catalog import region_name

        return region_name(code, "zh"), region_name(code, "en")
    except Exception:  # a missing catalog must not break the index
        return code, code


def _cell(entry: IndexEntry | None, base: Path) -> dict[str, str] | None:
    """What the page shows for one language of a row: status, link, time, why it is stale."""
    if entry is None:
        return None
    zh, en = _STATUS_TEXT[entry.status]
    href, link = "", ""
    if entry.html is not None:
        href, link = _rel(entry.html, base), "打开报告" if entry.lang == "zh" else "Open report"
    elif entry.notebook is not None:
        href, link = _rel(entry.notebook, base), "失败的笔记本 · failed notebook"
    updated = ""
    if entry.updated is not None:
        updated = f"{datetime.fromtimestamp(entry.updated, ZoneInfo(TIMEZONE)):%Y-%m-%d %H:%M}"
    why = ""
    if entry.reason and entry.status != "ok":
        prefix = "上次运行失败，显示上一份成功的报告 · last run failed, showing the last good one: "
        if entry.status == "failed":
            prefix = "尚无成功的报告 · no good report yet: "
        why = prefix + entry.reason
    return {
        "status": entry.status,
        "status_zh": zh,
        "status_en": en,
        "href": href,
        "link": link,
        "updated": updated,
        "why": why,
    }


def _sections(
    entries: list[IndexEntry], base: Path, titles: Mapping[str, tuple[str, str]]
) -> list[dict[str, Any]]:
    """One section per report (registry order), one row per region and period."""
    by_report: dict[str, dict[tuple[str, str], dict[str, IndexEntry]]] = {}
    for e in entries:
        by_report.setdefault(e.report, {}).setdefault((e.region, e.period), {})[e.lang] = e
    order = {name: i for i, name in enumerate(titles)}  # registry order first
    sections = []
    for report, rows in sorted(by_report.items(), key=lambda kv: (order.get(kv[0], 99), kv[0])):
        zh, en = titles.get(report, (report, report))
        found = [_row(report, (zh, en), key, langs, base) for key, langs in rows.items()]
        sections.append({"report": report, "title_zh": zh, "title_en": en, "rows": found})
    return sections


def _row(
    report: str,
    title: tuple[str, str],
    key: tuple[str, str],
    langs: Mapping[str, IndexEntry],
    base: Path,
) -> dict[str, Any]:
    """A row and the text the finder searches (names in both languages, code, report, period)."""
    region, period = key
    rzh, ren = _region_names(region)
    return {
        "region": region,
        "period": period,
        "region_zh": rzh,
        "region_en": ren,
        "langs": " ".join(sorted(langs)),
        "text": " ".join((rzh, ren, region, report, *title, period)).lower(),
        "zh": _cell(langs.get("zh"), base),
        "en": _cell(langs.get("en"), base),
    }


def _environment() -> jinja2.Environment:
    """Autoescaped Jinja2 over analytics/runs/templates/analytics (text is never markup)."""
    folder = Path(__file__).parent / "templates" / "analytics"
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder), autoescape=True, undefined=jinja2.StrictUndefined
    )


def _coming(
    calendar: ReleaseCalendar | None, titles: Mapping[str, tuple[str, str]]
) -> dict[str, Any]:
    """The calendar's releases for the page: those with an expected month first, by month."""
    if calendar is None:
        return {"as_of": "", "known": [], "unknown": []}
    rows = []
    for r in sorted(calendar.releases, key=lambda r: (r.expected is None, r.expected or "")):
        named = [titles.get(x, (x, x)) for x in r.reports]
        start = r.expected_from
        rows.append(
            {
                "id": r.id,
                "expected": r.expected or "",
                "covers": r.covers or "",
                "name_zh": r.name_zh,
                "name_en": r.name_en,
                "reports": " · ".join(f"{zh} {en}" for zh, en in named),
                "basis_zh": r.basis_zh,
                "basis_en": r.basis_en,
                "past": start is not None and calendar.as_of.isoformat()[:7] > (r.expected or ""),
            }
        )
    return {
        "as_of": calendar.as_of.isoformat(),
        "known": [x for x in rows if x["expected"]],
        "unknown": [x for x in rows if not x["expected"]],
    }


def _calendar() -> ReleaseCalendar | None:
    """The project's release calendar (None when the project has none)."""
    if not releases_path().is_file():
        return None
    from analytics.runs.registry import REPORTS

    return load_releases(reports=REPORTS)


def render_index(
    entries: list[IndexEntry],
    *,
    base: Path,
    titles: Mapping[str, tuple[str, str]] | None = None,
    generated: float | None = None,
    releases: ReleaseCalendar | None = None,
) -> str:
    """The index page's HTML: an offline navigator over every report, region, period, language.

    Every report is listed (readable without JavaScript); a small inline script shows a finder
    (search, and filters by report, region, period and language) over the same rows.

    Parameters
    ----------
    entries
        What :func:`collect_entries` found.
    base
        The page's folder: links are relative to it.
    titles
        Report name → (Chinese, English) title, in the order the sections come; by default the
        report's name.
    generated
        The time stamped on the page (epoch seconds; default now).
    releases
        The release calendar whose coming releases the page lists (default: the project's,
        ``data/catalog/releases.yaml``).

    Returns
    -------
    str
        The page (Jinja2, autoescaped).

    Examples
    --------
    >>> page = render_index([], base=Path("."), generated=0)
    >>> "数字经济报告" in page and "No reports yet" in page and "<script" not in page
    True
    """
    titles = titles or {}
    now = time.time() if generated is None else generated
    sections = _sections(entries, base, titles)
    rows = [r for s in sections for r in s["rows"]]
    regions = sorted(
        {(r["region"], r["region_zh"], r["region_en"]) for r in rows},
        key=lambda r: (r[0] != HOME_REGION, r[0] != CHINA, r[0]),
    )
    return (
        _environment()
        .get_template("navigator.html.j2")
        .render(
            css=_CSS,
            stamp=f"{datetime.fromtimestamp(now, ZoneInfo(TIMEZONE)):%Y-%m-%d %H:%M}",
            n_entries=len(entries),
            n_stale=sum(e.status in ("stale", "failed") for e in entries),
            sections=sections,
            regions=regions,
            periods=sorted({r["period"] for r in rows}, key=_neg),
            coming=_coming(releases or _calendar(), titles or _titles(None)),
        )
    )


def _titles(reports: Mapping[str, Any] | None) -> dict[str, tuple[str, str]]:
    if reports is None:
        try:
            from analytics.runs.registry import REPORTS

            reports = REPORTS
        except ImportError:  # pragma: no cover - until the registry exists
            return {}
    return {
        name: (getattr(spec, "title_zh", name), getattr(spec, "title_en", name))
        for name, spec in reports.items()
    }


def write_index(
    out_root: Path | None = None,
    *,
    dest: Path | None = None,
    history: RunHistory | None = None,
    reports: Mapping[str, Any] | None = None,
) -> Path:
    """Write ``reports/index.html`` (atomically) and return its path.

    Parameters
    ----------
    out_root : Path or None
        The published reports (default ``reports/out``).
    dest : Path or None
        The page's file (default ``index.html`` beside ``out_root``).
    history : RunHistory or None
        The run history, to list runs that failed before any publish.
    reports : Mapping or None
        Report name → spec with ``title_zh`` and ``title_en``, in the sections' order
        (default: the report registry).
    """
    out_root = out_root or reports_dir() / "out"
    dest = dest or out_root.parent / "index.html"
    page = render_index(
        collect_entries(out_root, history=history), base=dest.parent, titles=_titles(reports)
    )
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, dest)
    return dest
