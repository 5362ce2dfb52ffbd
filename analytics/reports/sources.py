"""Sources a reader can follow: internal references resolved to public titles and links.

The store names where each value came from in the project's own terms (``reference/figures.csv:8``,
``data/raw/nbs/…csv``, vintage codes such as ``miit_gigabit_city_eval``). A reader needs the
publisher's title and a link; this module turns the first into the second, and never shows a
file path or a code.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from analytics._urls import is_web_url
from analytics.config import reference_dir

__all__ = ["public_source", "vintage_label"]

NBS_PORTAL = ("国家统计局 国家数据", "NBS national data portal", "https://data.stats.gov.cn/")
RESEARCH = (
    "Airui Meng, china-digital-economy-disparities（研究汇编，非官方）",
    "Airui Meng, china-digital-economy-disparities (research compilation, not official)",
    "https://github.com/airuimeng1/china-digital-economy-disparities",
)
RD_TECHME = (
    "中国科技统计年鉴（分省R&D经费与强度），经 huhuaping/techme 整理",
    "China Statistical Yearbook on Science and Technology (R&D by province), via huhuaping/techme",
    "https://github.com/huhuaping/techme",
)
_VINTAGES = {
    "published": ("公开发布", "as published"),
    "nbs_revised_5th_census": ("第五次全国经济普查后修订", "revised after the 5th economic census"),
    "nbs_5th_census": ("第五次全国经济普查口径", "on the 5th economic census basis"),
    "nbs_portal": ("国家数据发布值", "NBS data portal release"),
    "nbs_export": ("国家数据导出值（旧版）", "NBS data portal export (old portal)"),
    "research_panel_2013_2022": ("研究面板 2013–2022（部分插补）",
                                 "research panel 2013–2022 (some cells interpolated)"),
    "miit_gigabit_city_eval": ("工信部千兆城市评估", "MIIT gigabit-city evaluation"),
    "cited_by_chongqing_ca": ("重庆市通信管理局引用", "cited by the Chongqing telecom authority"),
    "preliminary": ("初步核算数", "preliminary"),
    "st_yearbook": ("中国科技统计年鉴（强度按初次公布的GDP计算）",
                    "China S&T Statistical Yearbook (intensity on GDP as first published)"),
}  # fmt: skip
_URL = re.compile(r"https?://[^\s,;)'\"]+")
_LINE = re.compile(r"^(?:data/)?reference/(figures(?:_\d{4}-\d{2})?|plan_targets)\.csv:(\d+)$")


def vintage_label(codes: str, lang: str) -> str:
    """Vintage codes (comma-separated) in words.

    Examples
    --------
    >>> vintage_label("published, miit_gigabit_city_eval", "zh")
    '公开发布、工信部千兆城市评估'
    >>> vintage_label("nbs_revised_5th_census", "en")
    'revised after the 5th economic census'
    """
    i = 0 if lang == "zh" else 1
    words = [_VINTAGES.get(c.strip(), (c.strip(), c.strip()))[i] for c in codes.split(",")]
    return ("、" if lang == "zh" else "; ").join(w for w in words if w)


@lru_cache(maxsize=8)
def _rows(path: Path) -> dict[int, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return {n: row for n, row in enumerate(csv.DictReader(f), start=2)}


def _from_reference(kind: str, line: int, data_dir: Path | None) -> tuple[str, str]:
    base = data_dir / "reference" if data_dir else reference_dir()
    row = _rows(base / f"{kind}.csv").get(line, {})
    text = " ".join(row.get(k, "") for k in ("source_url_or_repo_path", "source"))
    m = _URL.search(text)
    title = row.get("source_title") or row.get("source") or ""
    return (title[:160], m.group(0) if m and is_web_url(m.group(0)) else "")


def public_source(where: str, lang: str, *, data_dir: Path | None = None) -> tuple[str, str]:
    """A (title, link) a reader can follow for an internal source reference.

    Examples
    --------
    >>> public_source("data/raw/nbs/分省年度数据人口.csv", "zh")
    ('国家统计局 国家数据', 'https://data.stats.gov.cn/')
    >>> public_source("https://www.stats.gov.cn/sj/", "en")
    ('www.stats.gov.cn', 'https://www.stats.gov.cn/sj/')
    >>> public_source("reference/plan_targets.csv:3", "zh")[1]
    'http://www.xm171.com/news/1565.html'
    >>> public_source("reference/figures_2026-12.csv:6", "en")[1]
    'http://sn.people.com.cn/n2/2021/1117/c186331-35008844.html'
    """
    where = where.strip()
    m = _URL.search(where)
    if m and is_web_url(m.group(0)):  # http(s) with a host, nothing else becomes a link
        url = m.group(0)
        return (url.split("/")[2], url)
    line = _LINE.match(where)
    if line:
        return _from_reference(line.group(1), int(line.group(2)), data_dir)
    if "rd_techme" in where:
        return (RD_TECHME[0 if lang == "zh" else 1], RD_TECHME[2])
    if "nbs" in where:
        return (NBS_PORTAL[0 if lang == "zh" else 1], NBS_PORTAL[2])
    if "research" in where:
        return (RESEARCH[0 if lang == "zh" else 1], RESEARCH[2])
    return ("", "")
