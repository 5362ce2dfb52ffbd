"""Evidence grades: how far a figure is from the body that measured it.

- **published** — a statistical release or a government document as its publisher issued it
  (an NBS export, a ministry's bulletin, a government page);
- **reported** — a department's own return to a data request (``analytics data add`` of a
  filled request workbook);
- **secondary** — anything passed on by someone else: a press repost, a mirror, a machine
  summary, a translation, an interview.

A figure quoted from a web page is **published** only when the page is the government's own
(a ``gov.cn`` address) or the row is an NBS export committed as a file; a newspaper report, a
repost, a mirror or a summary of a release is **secondary**, however official its subject. The
rule reads only the source's address and title, so it can be checked against ``data/reference``
line by line.
"""

from __future__ import annotations

from typing import Literal

import polars as pl

__all__ = ["GRADES", "NBS_FILE", "OFFICIAL_HOST", "Grade", "grade_expr"]

Grade = Literal["published", "reported", "secondary"]
GRADES: tuple[Grade, ...] = ("published", "reported", "secondary")
OFFICIAL_HOST = r"^https?://([a-z0-9-]+\.)*gov\.cn(/|:|$)"
"""A government address (``www.teda.gov.cn``, ``www.tjftz.gov.cn``)."""
NBS_FILE = "NBS 分省年度数据 export"
"""A title naming an NBS export committed as a file (the release itself)."""
_PRIMARY_KINDS = ("nbs_export", "nbs_portal", "st_yearbook")


def grade_expr(kind: pl.Expr, where: pl.Expr, title: pl.Expr) -> pl.Expr:
    """The grade of each figure from its source kind, address and title.

    Parameters
    ----------
    kind
        The source kind column (``nbs_export``, ``published_figure``, …).
    where
        The source's URL or path column.
    title
        The source's title column.

    Examples
    --------
    >>> f = pl.DataFrame({
    ...     "kind": ["nbs_export", "return", "published_figure", "published_figure"],
    ...     "where": ["raw/nbs/x.csv", "", "https://www.teda.gov.cn/contents/1.html",
    ...               "http://47.119.178.38/?id=11680"],
    ...     "title": ["分省年度数据", "", "天津市人民政府关于…", "IT之家 repost: 工信部公报"]})
    >>> f.select(grade_expr(pl.col("kind"), pl.col("where"), pl.col("title")))["grade"].to_list()
    ['published', 'reported', 'published', 'secondary']
    """
    official = where.fill_null("").str.to_lowercase().str.contains(OFFICIAL_HOST)
    nbs_file = title.fill_null("").str.contains(NBS_FILE, literal=True)
    return (
        pl.when(kind == "return")
        .then(pl.lit("reported"))
        .when(kind.is_in(_PRIMARY_KINDS) | official | nbs_file)
        .then(pl.lit("published"))
        .otherwise(pl.lit("secondary"))
        .alias("grade")
    )
