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

from analytics._typing import Lang
from analytics._urls import is_web_url
from analytics.config import reference_dir
from analytics.reports.messages import MESSAGES, t

__all__ = ["public_source", "vintage_label"]

NBS_PORTAL = "https://data.stats.gov.cn/"
RESEARCH = "https://github.com/airuimeng1/china-digital-economy-disparities"
RD_TECHME = "https://github.com/huhuaping/techme"
_URL = re.compile(r"https?://[^\s,;)'\"]+")
_LINE = re.compile(r"^(?:data/)?reference/(figures(?:_\d{4}-\d{2})?|plan_targets)\.csv:(\d+)$")


def vintage_label(codes: str, lang: Lang) -> str:
    """Vintage codes (comma-separated) in words.

    Parameters
    ----------
    codes : str
        Vintage codes separated by commas (``published, miit_gigabit_city_eval``); a code with
        no ``vintage.*`` message is shown as it is.
    lang : Lang
        The language of the words and of the separator.

    Examples
    --------
    >>> vintage_label("published, miit_gigabit_city_eval", "zh")
    '公开发布、工信部千兆城市评估'
    >>> vintage_label("nbs_revised_5th_census", "en")
    'revised after the 5th economic census'
    """
    codes_ = [c.strip() for c in codes.split(",")]
    words = [t(f"vintage.{c}", lang) if f"vintage.{c}" in MESSAGES else c for c in codes_]
    return t("list.semi", lang).join(w for w in words if w)


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


def public_source(where: str, lang: Lang, *, data_dir: Path | None = None) -> tuple[str, str]:
    """A (title, link) a reader can follow for an internal source reference.

    Parameters
    ----------
    where : str
        The store's reference: a web address, a ``reference/<figures|plan_targets>.csv:<line>``
        row, or a raw file path (rd_techme, NBS, research).
    lang : Lang
        The language of the titles the project names itself.
    data_dir : Path or None
        The data folder whose ``reference/`` rows are read; None (the default): the project's.

    Returns
    -------
    tuple of str
        The title and the link; ``("", "")`` when nothing public is known.

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
        return (t("source.rd_techme", lang), RD_TECHME)
    if "nbs" in where:
        return (t("source.nbs_portal", lang), NBS_PORTAL)
    if "research" in where:
        return (t("source.research", lang), RESEARCH)
    return ("", "")
