"""`IndexResult`: scores and ranks at every level and year, with the weights that made them.

Examples
--------
>>> import polars as pl
>>> from analytics.index.framework import Framework
>>> fw = Framework.from_dict({"id": "t", "nodes": [{"id": "i"}],
...     "indicators": [{"id": "a", "parent": "i"}, {"id": "b", "parent": "i"}]})
>>> scores = pl.DataFrame({"node": ["i", "i"], "level": [2, 2], "region": ["r", "s"],
...                        "year": [2020, 2020], "value": [1.0, 2.0]})
>>> res = IndexResult.from_scores(scores, fw)
>>> res.index().select("region", "rank").rows()
[('s', 1), ('r', 2)]
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from analytics.index.framework import Framework

__all__ = ["IndexResult", "add_ranks"]


def add_ranks(scores: pl.DataFrame, *, by: tuple[str, ...] = ("node", "year")) -> pl.DataFrame:
    """Add ``rank`` (1 = highest value; ties share the best rank) within each ``by`` group.

    Parameters
    ----------
    scores
        Long scores with ``value`` and the ``by`` columns (``node``, ``year``, ``region``, …).
    by
        Columns whose groups are ranked separately; default ``("node", "year")``: every node
        in every year.

    Returns
    -------
    pl.DataFrame
        ``scores`` with an Int64 ``rank`` column (null where ``value`` is null); the rank
        after a tie skips the places the tie took (1, 1, 3).

    Examples
    --------
    >>> s = pl.DataFrame({"node": "i", "year": 2020, "region": ["r", "s", "t"],
    ...                   "value": [2.0, 5.0, 5.0]})
    >>> add_ranks(s)["rank"].to_list()
    [3, 1, 1]
    """
    return scores.with_columns(
        pl.col("value").rank("min", descending=True).over(list(by)).cast(pl.Int64).alias("rank")
    )


@dataclass(frozen=True)
class IndexResult:
    """What an index run produced; made by :func:`build_index` or :meth:`from_scores`.

    Parameters
    ----------
    scores
        node, level, region, year, value, rank — every node, indicators (level 1) included.
    framework
        The framework with the weights actually used.
    choices
        The modelling choices by name (imputation, normalisation, weights, aggregation, …) as
        :meth:`summary` prints them; empty by default.
    stages
        Intermediate frames a notebook can show (``imputed``, ``treated``, ``outliers``,
        ``normalised``; ``treated`` and ``outliers`` only when outliers were treated); empty
        by default.
    notes
        Caveats to print with the index (e.g. that scores do not compare across years);
        none by default.
    """

    scores: pl.DataFrame
    framework: Framework
    choices: Mapping[str, Any] = field(default_factory=dict)
    stages: Mapping[str, pl.DataFrame] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @classmethod
    def from_scores(cls, scores: pl.DataFrame, framework: Framework, **kwargs: Any) -> IndexResult:
        """Build a result from unranked scores (ranks are added)."""
        return cls(add_ranks(scores), framework, **kwargs)

    def to_frame(self, *, level: int | None = None) -> pl.DataFrame:
        """All scores (or one level's) as a long frame."""
        s = self.scores
        return s if level is None else s.filter(pl.col("level") == level)

    def index(self) -> pl.DataFrame:
        """The top node's scores: year, region, value, rank."""
        return (
            self.scores.filter(pl.col("node") == self.framework.root)
            .select("year", "region", "value", "rank")
            .sort("year", "rank")
        )

    def weights(self) -> pl.DataFrame:
        """Nodes with their weight within the parent and their effective weight in the index."""
        return self.framework.to_frame()

    def summary(self, *, year: int | None = None, top: int = 10) -> str:
        """A plain-text summary: choices, notes and the top of the ranking for one year."""
        idx = self.index()
        if idx.is_empty():
            return "IndexResult (no scores)"
        y = int(idx["year"].max()) if year is None else year  # type: ignore[arg-type]
        rows = idx.filter(pl.col("year") == y).head(top)
        lines = [
            f"IndexResult `{self.framework.id}`: {self.scores['region'].n_unique()} regions, "
            f"years {int(idx['year'].min())}–{y}"  # type: ignore[arg-type]
        ]
        lines += [f"  {k}: {v}" for k, v in self.choices.items()]
        lines += [f"  note: {n}" for n in self.notes]
        lines.append(f"  top {len(rows)} in {y}:")
        lines += [
            f"    {r['rank']:>3}  {r['region']}  {r['value']:.2f}"
            for r in rows.iter_rows(named=True)
        ]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary(top=5)

    def _repr_html_(self) -> str:
        idx = self.index()
        if idx.is_empty():
            return "<p>IndexResult (no scores)</p>"
        y = int(idx["year"].max())  # type: ignore[arg-type]
        rows = idx.filter(pl.col("year") == y).head(10)
        body = "".join(
            f"<tr><td>{r['rank']}</td><td>{html.escape(str(r['region']))}</td>"
            f"<td>{r['value']:.2f}</td></tr>"
            for r in rows.iter_rows(named=True)
        )
        choices = "".join(
            f"<li>{html.escape(str(k))}: {html.escape(str(v))}</li>"
            for k, v in self.choices.items()
        )
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        return (
            f"<div><strong>IndexResult {html.escape(self.framework.id)}</strong>"
            f"<ul>{choices}{notes}</ul><table><thead><tr><th>rank</th><th>region</th>"
            f"<th>score {y}</th></tr></thead><tbody>{body}</tbody></table></div>"
        )
