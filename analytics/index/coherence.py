"""Statistical coherence of a framework: correlations, Cronbach's alpha, PCA per pillar.

Examples
--------
>>> import numpy as np
>>> round(cronbach_alpha(np.array([[1.0, 2.0], [2.0, 3.0], [3.0, 5.0]])), 4)
0.9474
"""

from __future__ import annotations

import html
import warnings
from dataclasses import dataclass

import numpy as np
import polars as pl

from analytics.exceptions import AnalyticsWarning
from analytics.index.result import IndexResult

__all__ = ["Coherence", "coherence", "cronbach_alpha"]


def cronbach_alpha(x: np.ndarray) -> float:
    """Cronbach's alpha of the columns of ``x``: ``k/(k−1) · (1 − Σ var_i / var(Σ_i x_i))``.

    Parameters
    ----------
    x
        Array of shape (observations, k indicators), e.g. region-years × a pillar's
        normalised indicators; rows holding any NaN are dropped. Variances are sample ones.

    Returns
    -------
    float
        Alpha (1 when the columns move together; it can be negative); NaN for fewer than two
        columns.

    Examples
    --------
    >>> # var 1 and 7/3, var of the row sums 19/3: 2 · (1 − (10/3) / (19/3)) = 18/19
    >>> round(cronbach_alpha(np.array([[1.0, 2.0], [2.0, 3.0], [3.0, 5.0]])), 4)
    0.9474
    >>> cronbach_alpha(np.array([[1.0], [2.0]]))
    nan
    """
    v = np.asarray(x, dtype=float)
    v = v[~np.isnan(v).any(axis=1)]
    k = v.shape[1]
    if k < 2:
        return float("nan")
    total = v.sum(axis=1).var(ddof=1)
    return float(k / (k - 1) * (1 - v.var(axis=0, ddof=1).sum() / total))


@dataclass(frozen=True)
class Coherence:
    """Coherence tables, made by :func:`coherence`.

    Parameters
    ----------
    correlations
        Pearson correlations between indicators (pooled region-years), long: a, b, r.
    across
        Correlations between the aggregates of each level (sub-pillars with sub-pillars,
        pillars with pillars): level, a, b, r.
    with_parent
        Each node's correlation with its parent and with the index (node, parent, r_parent,
        r_index, negative).
    pillars
        Per aggregate node (``node``, lowest level first): n_indicators (the indicators under
        it, at any depth), cronbach_alpha, first_eigenvalue and first_share (of the
        indicators' correlation matrix).
    """

    correlations: pl.DataFrame
    across: pl.DataFrame
    with_parent: pl.DataFrame
    pillars: pl.DataFrame

    def to_frame(self) -> pl.DataFrame:
        """The per-node table (correlation with parent and index)."""
        return self.with_parent

    def summary(self) -> str:
        """Plain text: the pillar table and negatively correlated nodes."""
        neg = self.with_parent.filter(pl.col("negative"))["node"].to_list()
        return f"{self.pillars}\nnegatively correlated with their parent: {neg or 'none'}"

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(self.summary()) + "</pre>"


def coherence(result: IndexResult, *, warn: bool = True) -> Coherence:
    """Coherence of an :class:`IndexResult` (uses its normalised indicators and its scores).

    Warns (:class:`AnalyticsWarning`) for every node negatively correlated with its own parent.

    Parameters
    ----------
    result
        The index run (:func:`build_index`); its level-1 scores are the normalised indicators.
    warn
        Issue the warnings for negative correlations with the parent; default True. The
        ``negative`` column of :attr:`Coherence.with_parent` says the same either way.

    Returns
    -------
    Coherence
        Indicator correlations over the region-years with every indicator present; each
        pillar's alpha and PCA over those with all its own indicators present; node-with-parent
        correlations over those where both are present (NaN with fewer than three).

    Examples
    --------
    >>> from analytics.index import Framework, build_index
    >>> fw = Framework.from_dict({"id": "t", "nodes": [{"id": "i"}],
    ...     "indicators": [{"id": "a", "parent": "i"}, {"id": "b", "parent": "i"}]})
    >>> f = pl.DataFrame({"region": ["r", "s", "t", "u"] * 2, "year": 2020,
    ...                   "indicator": ["a"] * 4 + ["b"] * 4,
    ...                   "value": [1.0, 2.0, 3.0, 4.0, 10.0, 30.0, 20.0, 40.0]})
    >>> c = coherence(build_index(f, fw))
    >>> c.correlations.filter(pl.col("a") == "a", pl.col("b") == "b")["r"].round(6).item()
    0.8
    >>> c.pillars.select("node", "n_indicators", pl.col("first_share").round(6)).row(0)
    ('i', 2, 0.9)
    """
    fw = result.framework
    wide = result.scores.pivot(on="node", index=["region", "year"], values="value").sort(
        "year", "region"
    )
    inds = list(fw.indicators)
    x = wide.select(inds).to_numpy().astype(float)
    ok = ~np.isnan(x).any(axis=1)
    r = np.corrcoef(x[ok], rowvar=False)
    corr = pl.DataFrame(
        {"a": np.repeat(inds, len(inds)), "b": inds * len(inds), "r": r.reshape(-1)}
    )

    def col_corr(a: str, b: str) -> float:
        v = wide.select(a, b).drop_nulls().to_numpy().astype(float)
        return float(np.corrcoef(v[:, 0], v[:, 1])[0, 1]) if len(v) > 2 else float("nan")

    rows = []
    for node in fw.nodes:
        if node.parent is None:
            continue
        rp = col_corr(node.id, node.parent)
        rows.append(
            {
                "node": node.id,
                "parent": node.parent,
                "r_parent": rp,
                "r_index": col_corr(node.id, fw.root),
                "negative": rp < 0,
            }
        )
    with_parent = pl.DataFrame(rows)
    pillars = []
    for level in fw.aggregates_by_level():
        for agg_id in level:
            leaves = _leaves(result, agg_id)
            v = wide.select(leaves).to_numpy().astype(float)
            v = v[~np.isnan(v).any(axis=1)]
            if len(leaves) > 1:
                lam = np.sort(np.linalg.eigvalsh(np.corrcoef(v, rowvar=False)))[::-1]
            else:
                lam = np.array([1.0])
            pillars.append(
                {
                    "node": agg_id,
                    "n_indicators": len(leaves),
                    "cronbach_alpha": cronbach_alpha(v),
                    "first_eigenvalue": float(lam[0]),
                    "first_share": float(lam[0] / lam.sum()),
                }
            )
    if warn:
        for row in with_parent.filter(pl.col("negative")).iter_rows(named=True):
            warnings.warn(
                f"`{row['node']}` correlates negatively with its parent "
                f"`{row['parent']}` (r = {row['r_parent']:.2f}); check its direction",
                AnalyticsWarning,
                stacklevel=2,
            )
    across = []
    lv = fw.levels()
    for level in fw.aggregates_by_level():
        if len(level) < 2:
            continue
        v = wide.select(level).drop_nulls().to_numpy().astype(float)
        rr = np.corrcoef(v, rowvar=False)
        across.append(
            pl.DataFrame(
                {
                    "level": [lv[level[0]]] * len(level) ** 2,
                    "a": np.repeat(level, len(level)).tolist(),
                    "b": level * len(level),
                    "r": rr.reshape(-1),
                }
            )
        )
    across_df = (
        pl.concat(across)
        if across
        else pl.DataFrame(schema={"level": pl.Int64, "a": pl.Utf8, "b": pl.Utf8, "r": pl.Float64})
    )
    return Coherence(corr, across_df, with_parent, pl.DataFrame(pillars))


def _leaves(result: IndexResult, node: str) -> list[str]:
    fw = result.framework
    kids = fw.children(node)
    if not kids:
        return [node]
    out: list[str] = []
    for k in kids:
        out += _leaves(result, k)
    return out
