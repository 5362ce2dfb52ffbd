"""``reports/index.html``: the latest reports with their status, stale ones marked with why.

One self-contained page (inline CSS, no scripts, no network), Chinese first then English,
readable on a phone: a section per report, a row per region and period, a link per language.
"""

from __future__ import annotations

import html
import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

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
a{color:#0969da}
@media (max-width:640px){
 thead{display:none} table,tbody,tr,td{display:block;width:100%}
 tr{border:1px solid var(--line);border-radius:6px;margin:8px 0;padding:4px}
 td{border:0;padding:3px 6px} td[data-label]::before{content:attr(data-label) ": ";
 color:var(--muted)}
}
@media print{body{max-width:none}.badge{border:1px solid #000;color:#000;background:none}}
"""


@dataclass(frozen=True)
class IndexEntry:
    """One (report, region, period, language) on the index page."""

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


def _cell(entry: IndexEntry | None, base: Path) -> str:
    if entry is None:
        return "—"
    zh, en = _STATUS_TEXT[entry.status]
    badge = f'<span class="badge {entry.status}">{zh} · {en}</span>'
    if entry.html is not None:
        link = (
            f'<a href="{html.escape(_rel(entry.html, base))}">'
            f"{'打开报告' if entry.lang == 'zh' else 'Open report'}</a>"
        )
    elif entry.notebook is not None:
        nb = html.escape(_rel(entry.notebook, base))
        link = f'<a href="{nb}">失败的笔记本 · failed notebook</a>'
    else:
        link = ""
    when = ""
    if entry.updated is not None:
        stamp = datetime.fromtimestamp(entry.updated, ZoneInfo(TIMEZONE))
        when = f' <span class="meta">{stamp:%Y-%m-%d %H:%M}</span>'
    why = ""
    if entry.reason and entry.status != "ok":
        prefix = "上次运行失败，显示上一份成功的报告 · last run failed, showing the last good one: "
        if entry.status == "failed":
            prefix = "尚无成功的报告 · no good report yet: "
        why = f'<span class="why {entry.status}-why">{html.escape(prefix + entry.reason)}</span>'
    return f"{badge} {link}{when}{why}"


def render_index(
    entries: list[IndexEntry],
    *,
    base: Path,
    titles: Mapping[str, tuple[str, str]] | None = None,
    generated: float | None = None,
) -> str:
    """The index page's HTML; links are relative to ``base`` (the page's folder).

    Examples
    --------
    >>> page = render_index([], base=Path("."), generated=0)
    >>> "数字经济报告" in page and "No reports yet" in page and "<script" not in page
    True
    """
    titles = titles or {}
    stamp = datetime.fromtimestamp(time.time() if generated is None else generated,
                                   ZoneInfo(TIMEZONE))  # fmt: skip
    n_stale = sum(e.status in ("stale", "failed") for e in entries)
    parts = [
        "<!doctype html>",
        '<html lang="zh"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>数字经济报告 · Digital economy reports</title>",
        f"<style>{_CSS}</style></head><body>",
        '<h1>数字经济报告 <span class="en">Digital economy reports</span></h1>',
        f'<p class="meta">生成于 Generated {stamp:%Y-%m-%d %H:%M} 北京时间 (UTC+8) · '
        f"{len(entries)} 份 reports · {n_stale} 份过期或失败 stale or failed</p>",
    ]
    if not entries:
        parts.append(
            "<p>尚无报告。No reports yet: run <code>analytics report batch --default</code>.</p>"
        )
    by_report: dict[str, dict[tuple[str, str], dict[str, IndexEntry]]] = {}
    for e in entries:
        by_report.setdefault(e.report, {}).setdefault((e.region, e.period), {})[e.lang] = e
    order = {name: i for i, name in enumerate(titles)}  # registry order first
    for report, rows in sorted(by_report.items(), key=lambda kv: (order.get(kv[0], 99), kv[0])):
        zh, en = titles.get(report, (report, report))
        parts.append(f'<h2>{html.escape(zh)} <span class="en">{html.escape(en)}</span></h2>')
        parts.append(
            "<table><thead><tr><th>地区 Region</th><th>时期 Period</th>"
            "<th>中文</th><th>English</th></tr></thead><tbody>"
        )
        for (region, period), langs in rows.items():
            rzh, ren = _region_names(region)
            parts.append(
                f'<tr><td data-label="地区 Region">{html.escape(rzh)} '
                f'<span class="en">{html.escape(ren)}</span></td>'
                f'<td data-label="时期 Period">{html.escape(period)}</td>'
                f'<td data-label="中文">{_cell(langs.get("zh"), base)}</td>'
                f'<td data-label="English">{_cell(langs.get("en"), base)}</td></tr>'
            )
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts)


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
    """Write ``reports/index.html`` (atomically) and return its path."""
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
