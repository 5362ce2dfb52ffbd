"""Words and HTML of the plan scorecard: the table by area, status in colour and words."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from analytics.catalog import Plan
from analytics.reports import narrative as nv
from analytics.reports.content._base import Lang, Section
from analytics.reports.sources import public_source
from analytics.stats.periods import format_period

COLOURS = {"achieved": "#009E73", "on_track": "#009E73", "at_risk": "#E69F00",
           "off_track": "#D55E00", "not_measurable": "#767676", "qualitative": "#0072B2",
           "not_achieved": "#D55E00", "unknown": "#767676"}  # fmt: skip
WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "achieved": "✓ 已达成", "on_track": "✓ 进度正常", "at_risk": "! 存在风险",
        "off_track": "✗ 偏离目标", "not_measurable": "? 无数据，无法衡量",
        "qualitative": "◇ 定性目标（见证据）", "v_achieved": "终期：已实现",
        "v_not_achieved": "终期：未实现", "v_unknown": "终期：无法判定",
        "indicator": "指标", "baseline": "基期值", "target": "目标", "latest": "最新值",
        "status": "状态", "source": "来源", "national": "国家目标", "months": "个月前",
        "none": "—", "table": "目标逐项评估", "progress": "从基期到目标的进度",
        "missing": "尚缺什么才能判断其余目标",
        "baselines": "规划所述“十三五”末基数（未找到对应目标）",
    },
    "en": {
        "achieved": "✓ Achieved", "on_track": "✓ On track", "at_risk": "! At risk",
        "off_track": "✗ Off track", "not_measurable": "? No data: not measurable",
        "qualitative": "◇ Qualitative (evidence listed)", "v_achieved": "Final: achieved",
        "v_not_achieved": "Final: not achieved", "v_unknown": "Final: unknown",
        "indicator": "Indicator", "baseline": "Baseline", "target": "Target",
        "latest": "Latest", "status": "Status", "source": "Source", "national": "national goal",
        "months": "months old", "none": "—", "table": "Target by target",
        "progress": "Progress from baseline to target",
        "missing": "What is missing to judge the other targets",
        "baselines": "Baselines the plan states for 2020 (no target found for them)",
    },
}  # fmt: skip
_CSS = (
    "<style>.an-plan{width:100%;border-collapse:collapse;font-size:.9em;table-layout:fixed}"
    ".an-plan th:nth-child(1){width:17%}.an-plan th:nth-child(5){width:15%}"
    ".an-plan th,.an-plan td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;"
    "vertical-align:top;overflow-wrap:anywhere}.an-plan h3{margin:.8em 0 .2em}"
    "@media (max-width:600px){.an-plan thead{display:none}.an-plan,.an-plan tbody,.an-plan tr,"
    ".an-plan td{display:block;width:100%;box-sizing:border-box}"
    ".an-plan tr{border:1px solid #ddd;border-radius:6px;"
    "margin:6px 0}.an-plan td{border:0}.an-plan td::before{content:attr(data-label) '：';"
    "color:#767676}}@media print{.an-plan tr{break-inside:avoid}}</style>"
)


def value_text(value: float | None, unit: str, lang: Lang) -> str:
    """``73,000个`` / ``73,000 stations``; integers without decimals.

    Examples
    --------
    >>> value_text(73000.0, "个", "zh"), value_text(9.9, "%", "en"), value_text(10.78, "", "zh")
    ('73,000个', '9.9%', '10.78')
    """
    if value is None:
        return ""
    digits = 0 if float(value).is_integer() else (1 if round(value, 1) == round(value, 2) else 2)
    sep = "" if lang == "zh" or unit in ("%", "") else " "
    return f"{nv.fmt(value, digits=digits)}{sep}{unit}"


def source_link(where: str | None, plan: Plan, lang: Lang, data_dir: Path | None) -> str:
    """A link a reader can follow for a plan or store source (title as text when no link)."""
    if not where:
        return ""
    if where in plan.sources:
        s = plan.sources[where]
        title, url = s.title, s.url or ""
    else:
        title, url = public_source(where, lang, data_dir=data_dir)
    label = html.escape((title or url)[:32] + ("…" if len(title or url) > 32 else ""))
    if url:
        return f'<a class="an-src" href="{html.escape(url, quote=True)}">{label}</a>'
    return f'<span class="an-src">{label}</span>'


def _cell(label: str, body: str) -> str:
    return f'<td data-label="{html.escape(label)}">{body}</td>'


def _row(r: dict[str, Any], plan: Plan, lang: Lang, data_dir: Path | None) -> str:
    w = WORDS[lang]
    zh = lang == "zh"
    unit = r["unit"] if zh else r["unit_en"]
    unit = "" if unit == "qualitative" else unit
    name = html.escape(r["name_zh"] if zh else r["name_en"])
    if r["scope"] == "national":
        name += (
            f" <small>（{w['national']}）</small>" if zh else f" <small>({w['national']})</small>"
        )
    base = value_text(r["baseline_value"], unit, lang) or (
        r["baseline_text_zh"] if zh else r["baseline_text_en"]
    )
    if base and r["baseline_year"]:
        base += f"（{r['baseline_year']}年）" if zh else f" ({r['baseline_year']})"
    target = r["target_text_zh"] if zh else r["target_text_en"]
    target = target or value_text(r["target_value"], unit, lang)
    target += f"（{r['target_year']}年）" if zh else f" ({r['target_year']})"
    latest = w["none"]
    if r["latest_value"] is not None:
        when = format_period(r["latest_period"], lang)
        age = f"{r['age_months']}{w['months']}" if zh else f"{r['age_months']} {w['months']}"
        latest = f"{value_text(r['latest_value'], unit, lang)}，{when}（{age}）" if zh else (
            f"{value_text(r['latest_value'], unit, lang)}, {when} ({age})"
        )  # fmt: skip
    status = r["status"]
    words = f'<strong style="color:{COLOURS[status]}">{w[status]}</strong>'
    if r["verdict"] is not None:
        words += f'<br><span style="color:{COLOURS[r["verdict"]]}">{w["v_" + r["verdict"]]}</span>'
    links = [source_link(r[k], plan, lang, data_dir) for k in ("target_source", "latest_source")]
    links_html = "<br>".join(dict.fromkeys(x for x in links if x))
    cells = [
        _cell(w["indicator"], name), _cell(w["baseline"], html.escape(base or w["none"])),
        _cell(w["target"], html.escape(target)), _cell(w["latest"], html.escape(latest)),
        _cell(w["status"], words), _cell(w["source"], links_html),
    ]  # fmt: skip
    return "<tr>" + "".join(cells) + "</tr>"


@dataclass
class TableSection(Section):
    """A section holding the scorecard table, area by area (stacked cards on a phone)."""

    card: pl.DataFrame = field(default_factory=pl.DataFrame)
    plan: Plan | None = None
    lang_: Lang = "zh"
    data_dir: Path | None = None

    def html(self, lang: str, header: Any = None) -> str:
        assert self.plan is not None
        w = WORDS[self.lang_]
        head = "".join(
            f"<th>{w[k]}</th>"
            for k in ("indicator", "baseline", "target", "latest", "status", "source")
        )
        parts = [f'<section class="an-section">{_CSS}<h2>{html.escape(self.heading)}</h2>']
        area_col = "area_zh" if self.lang_ == "zh" else "area_en"
        for (area,), rows in self.card.group_by(area_col, maintain_order=True):
            body = "".join(_row(r, self.plan, self.lang_, self.data_dir)
                           for r in rows.iter_rows(named=True))  # fmt: skip
            parts.append(f"<h3>{html.escape(str(area))}</h3>")
            parts.append(f'<table class="an-plan"><thead><tr>{head}</tr></thead>'
                         f"<tbody>{body}</tbody></table>")  # fmt: skip
        parts.append("".join(f"<p>{html.escape(s)}</p>" for s in self.sentences))
        parts.append("</section>")
        return "\n".join(parts)
