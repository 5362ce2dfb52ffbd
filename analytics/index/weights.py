"""Weights: equal, manual, entropy (熵值法), PCA and CRITIC.

Data-driven schemes (:func:`entropy_weights`, :func:`pca_weights`, :func:`critic_weights`) return
one weight per indicator over the whole panel pooled (all region-years), summing to 1.
:func:`framework_with_weights` writes such global weights into a framework: an indicator's weight
within its parent is its share of the parent's total, and a node's weight is its children's total
within its own parent, so the framework's effective weights equal the global ones.

Examples
--------
>>> import numpy as np
>>> w = entropy_weights_array(np.array([[1.0, 2.0], [2.0, 2.0], [3.0, 2.1]]), prenormalise="none")
>>> [round(float(v), 4) for v in w]
[0.9969, 0.0031]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import polars as pl

from analytics.exceptions import AnalyticsError
from analytics.index.data import to_cube
from analytics.index.framework import Framework

__all__ = [
    "PCAWeights",
    "Retention",
    "critic_weights",
    "entropy_weights",
    "entropy_weights_array",
    "equal_weights",
    "framework_with_weights",
    "pca_weights",
    "retained_components",
]

Retention = Literal["kaiser", "cumulative", "kaiser_or_cumulative"]


def _matrix(
    panel: pl.DataFrame,
    indicators: tuple[str, ...] | None = None,
    directions: Mapping[str, int] | None = None,
) -> tuple[np.ndarray, tuple[str, ...]]:
    cube = to_cube(panel, indicators=indicators)
    x = cube.values.reshape(-1, len(cube.indicators))
    x = x[~np.isnan(x).any(axis=1)]
    if directions:
        x = x * np.array([directions.get(k, 1) for k in cube.indicators], dtype=float)
    if x.shape[0] < 3:
        raise AnalyticsError("fewer than 3 complete region-years: impute first")
    return x, cube.indicators


def equal_weights(indicators: tuple[str, ...] | list[str]) -> dict[str, float]:
    """Equal weights ``1/J``.

    Parameters
    ----------
    indicators
        The J indicator ids (at least one).

    Returns
    -------
    dict of str to float
        Each id → ``1/J``, in the order given.

    Examples
    --------
    >>> equal_weights(["a", "b"])
    {'a': 0.5, 'b': 0.5}
    """
    return {k: 1.0 / len(indicators) for k in indicators}


def entropy_weights_array(
    x: np.ndarray, *, prenormalise: Literal["minmax", "none"] = "minmax", shift: float = 0.0
) -> np.ndarray:
    """Entropy weights of the columns of ``x`` (rows = units).

    ``p_ij = x_ij / Σ_i x_ij``; ``e_j = −(1/ln m) Σ_i p_ij ln p_ij`` (0·ln 0 = 0);
    ``w_j = (1 − e_j) / Σ (1 − e_k)``. Before that, ``x`` becomes non-negative: ``minmax``
    rescales each column to [0, 1] (the default); ``none`` uses it as it is (it must then be
    non-negative). ``shift`` is added afterwards (studies use 0.0001 or 0.01 to avoid zeros; with
    0·ln 0 = 0 none is needed, so the default is 0). Both change the weights: report them.

    Parameters
    ----------
    x
        Array of shape (m units, n indicators), directions already applied, no NaN.
    prenormalise
        ``"minmax"`` (the default): each column rescaled to [0, 1] first (a constant column
        becomes 0); ``"none"``: used as given.
    shift
        Added to every value after the rescaling; default 0.0.

    Returns
    -------
    np.ndarray
        One weight per column, summing to 1.

    Raises
    ------
    AnalyticsError
        For an unknown ``prenormalise``, a negative value after it, or when every column has
        maximal entropy (all weights 0/0).

    Examples
    --------
    >>> x = np.array([[1.0, 2.0], [2.0, 2.0], [3.0, 2.1]])
    >>> entropy_weights_array(x).round(4)  # rescaled: (0, 0.5, 1) and (0, 0, 1)
    array([0.2961, 0.7039])
    >>> entropy_weights_array(x - 3.0, prenormalise="none")
    Traceback (most recent call last):
    analytics.exceptions.AnalyticsError: entropy weights need non-negative values: use prenormalise='minmax'
    """  # noqa: E501
    v = np.asarray(x, dtype=float)
    if prenormalise == "minmax":
        lo, hi = v.min(axis=0), v.max(axis=0)
        span = np.where(hi > lo, hi - lo, 1.0)
        v = (v - lo) / span
    elif prenormalise != "none":
        raise AnalyticsError(f"unknown prenormalise `{prenormalise}`; expected minmax or none")
    v = v + shift
    if (v < 0).any():
        raise AnalyticsError("entropy weights need non-negative values: use prenormalise='minmax'")
    m = v.shape[0]
    total = v.sum(axis=0)
    p = np.divide(v, total, out=np.zeros_like(v), where=total > 0)
    plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    e = -plogp.sum(axis=0) / np.log(m)
    d = 1.0 - e
    if d.sum() <= 0:
        raise AnalyticsError("all indicators have maximal entropy: entropy weights undefined")
    return np.asarray(d / d.sum())


def entropy_weights(
    panel: pl.DataFrame,
    *,
    directions: Mapping[str, int] | None = None,
    prenormalise: Literal["minmax", "none"] = "minmax",
    shift: float = 0.0,
) -> dict[str, float]:
    """Entropy weights per indicator over the pooled panel (see :func:`entropy_weights_array`).

    Lower-is-better indicators are multiplied by −1 first, so ``minmax`` is required for them.

    Parameters
    ----------
    panel
        The engine's long frame (``region``, ``year``, ``indicator``, ``value``); every
        indicator in it is weighted, over the region-years where all are present.
    directions
        Indicator id → +1 or −1 (:meth:`Framework.directions`); None (the default): all +1.
    prenormalise
        ``"minmax"`` (the default) or ``"none"``, as in :func:`entropy_weights_array`.
    shift
        Added after the rescaling, as in :func:`entropy_weights_array`; default 0.0.

    Returns
    -------
    dict of str to float
        Indicator id → weight (sorted ids), summing to 1.

    Raises
    ------
    AnalyticsError
        With fewer than three complete region-years (impute first), or as
        :func:`entropy_weights_array` raises.

    Examples
    --------
    >>> f = pl.DataFrame({"region": ["a", "b", "c"] * 2, "year": 2020,
    ...                   "indicator": ["x"] * 3 + ["y"] * 3,
    ...                   "value": [1.0, 2.0, 3.0, 2.0, 2.0, 2.1]})
    >>> {k: round(v, 4) for k, v in entropy_weights(f).items()}
    {'x': 0.2961, 'y': 0.7039}
    """
    x, inds = _matrix(panel, directions=directions)
    w = entropy_weights_array(x, prenormalise=prenormalise, shift=shift)
    return dict(zip(inds, (float(v) for v in w), strict=True))


def retained_components(
    eigenvalues: np.ndarray, *, rule: Retention = "kaiser_or_cumulative", share: float = 0.8
) -> int:
    """Number of principal components to keep (eigenvalues sorted descending).

    ``kaiser``: eigenvalues ≥ 1; ``cumulative``: the smallest m whose cumulative variance share is
    ≥ ``share``; ``kaiser_or_cumulative``: the larger of the two (the docs/METHODS.md rule).

    Parameters
    ----------
    eigenvalues
        Eigenvalues of the correlation matrix, largest first.
    rule
        ``"kaiser"`` (at least one component is kept), ``"cumulative"`` or
        ``"kaiser_or_cumulative"`` (the default).
    share
        Cumulative share of variance, 0 to 1, the ``cumulative`` rule asks for; default 0.8.

    Returns
    -------
    int
        The number of components to keep, from 1 to ``len(eigenvalues)``.

    Raises
    ------
    AnalyticsError
        For an unknown ``rule``.

    Examples
    --------
    >>> retained_components(np.array([2.5, 1.2, 0.2, 0.1]), rule="kaiser_or_cumulative")
    2
    >>> retained_components(np.array([2.0, 0.9, 0.6, 0.5]), rule="kaiser_or_cumulative")
    3
    >>> retained_components(np.array([2.0, 0.9, 0.6, 0.5]), rule="kaiser")
    1
    """
    lam = np.asarray(eigenvalues, dtype=float)
    kaiser = int((lam >= 1.0).sum())
    cum = np.cumsum(lam) / lam.sum()
    cumulative = int(np.argmax(cum >= share - 1e-12) + 1)
    if rule == "kaiser":
        return max(kaiser, 1)
    if rule == "cumulative":
        return cumulative
    if rule == "kaiser_or_cumulative":
        return max(kaiser, cumulative)
    raise AnalyticsError(f"unknown retention rule `{rule}`")


@dataclass(frozen=True)
class PCAWeights:
    """PCA weights with what produced them (eigenvalues, loadings, components kept).

    Made by :func:`pca_weights`.

    Parameters
    ----------
    weights
        Indicator id → weight (sorted ids), summing to 1.
    eigenvalues
        Every eigenvalue of the indicators' correlation matrix, largest first.
    loadings
        Array of shape (indicators, components): eigenvectors scaled by the square root of
        their eigenvalues, columns in the order of ``eigenvalues``.
    n_components
        How many components were kept by the retention rule.
    """

    weights: dict[str, float]
    eigenvalues: np.ndarray
    loadings: np.ndarray
    n_components: int


def pca_weights(
    panel: pl.DataFrame,
    *,
    directions: Mapping[str, int] | None = None,
    rule: Retention = "kaiser_or_cumulative",
    share: float = 0.8,
) -> PCAWeights:
    """Handbook PCA weights (OECD/JRC 2008, step 6), without rotation.

    PCA of the correlation matrix (pooled panel); keep components by ``rule``; each indicator's
    squared loading on a kept component, scaled to unit sum within the component, is its share
    there; an indicator is assigned to the component where that share is highest, weighted by
    the component's share of the kept variance; the weights are then rescaled to sum to 1.
    (The handbook rotates with varimax first; here components are unrotated, as in the PCA
    composite.)

    Parameters
    ----------
    panel
        The engine's long frame (``region``, ``year``, ``indicator``, ``value``); every
        indicator in it is weighted, over the region-years where all are present.
    directions
        Indicator id → +1 or −1 (:meth:`Framework.directions`); None (the default): all +1.
    rule
        Retention rule of :func:`retained_components`; default ``"kaiser_or_cumulative"``.
    share
        Cumulative variance share for the rule; default 0.8.

    Returns
    -------
    PCAWeights

    Raises
    ------
    AnalyticsError
        With fewer than three complete region-years (impute first), or an unknown ``rule``.

    Examples
    --------
    >>> f = pl.DataFrame({"region": ["a", "b", "c", "d"] * 3, "year": 2020,
    ...                   "indicator": ["x"] * 4 + ["y"] * 4 + ["z"] * 4,
    ...                   "value": [1.0, 2.0, 3.0, 4.0, 2.0, 4.0, 5.0, 9.0, 4.0, 1.0, 3.0, 2.0]})
    >>> pw = pca_weights(f)
    >>> pw.eigenvalues.round(4), pw.n_components  # 2.2468 / 3 < 0.8: a second component
    (array([2.2468, 0.7189, 0.0343]), 2)
    >>> {k: round(v, 4) for k, v in pw.weights.items()}
    {'x': 0.3745, 'y': 0.3834, 'z': 0.2421}
    """
    x, inds = _matrix(panel, directions=directions)
    r = np.corrcoef(x, rowvar=False)
    lam, vec = np.linalg.eigh(r)
    order = np.argsort(lam)[::-1]
    lam, vec = lam[order], vec[:, order]
    k = retained_components(lam, rule=rule, share=share)
    sq = vec[:, :k] ** 2  # unit eigenvectors: columns already sum to 1
    best = sq.argmax(axis=1)
    w = sq[np.arange(len(inds)), best] * (lam[:k] / lam[:k].sum())[best]
    w = w / w.sum()
    return PCAWeights(
        dict(zip(inds, (float(v) for v in w), strict=True)),
        lam,
        vec * np.sqrt(np.clip(lam, 0, None)),
        k,
    )


def critic_weights(
    panel: pl.DataFrame, *, directions: Mapping[str, int] | None = None
) -> dict[str, float]:
    """CRITIC weights (Diakoulaki et al. 1995) on min–max normalised pooled data.

    ``C_j = σ_j · Σ_k (1 − r_jk)``, ``w_j = C_j / Σ C``, σ the sample sd of the normalised column.

    Parameters
    ----------
    panel
        The engine's long frame (``region``, ``year``, ``indicator``, ``value``); every
        indicator in it is weighted, over the region-years where all are present.
    directions
        Indicator id → +1 or −1 (:meth:`Framework.directions`); None (the default): all +1.

    Returns
    -------
    dict of str to float
        Indicator id → weight (sorted ids), summing to 1.

    Raises
    ------
    AnalyticsError
        With fewer than three complete region-years (impute first), or when every ``C_j`` is
        0 (the indicators are perfectly correlated).

    Examples
    --------
    >>> import polars as pl
    >>> f = pl.DataFrame({"region": ["a", "b", "c"] * 2, "year": [2020] * 6,
    ...                   "indicator": ["x"] * 3 + ["y"] * 3,
    ...                   "value": [1.0, 2.0, 3.0, 3.0, 1.0, 2.0]})
    >>> {k: round(v, 4) for k, v in critic_weights(f).items()}
    {'x': 0.5, 'y': 0.5}
    """
    x, inds = _matrix(panel, directions=directions)
    lo, hi = x.min(axis=0), x.max(axis=0)
    z = (x - lo) / np.where(hi > lo, hi - lo, 1.0)
    sd = z.std(axis=0, ddof=1)
    with np.errstate(invalid="ignore", divide="ignore"):  # constant column: r undefined → 0
        r = np.nan_to_num(np.corrcoef(z, rowvar=False), nan=0.0)
    c = sd * (1 - r).sum(axis=0)
    if not c.sum() > 1e-12:
        raise AnalyticsError("CRITIC weights undefined: the indicators are perfectly correlated")
    return dict(zip(inds, (float(v) for v in c / c.sum()), strict=True))


def framework_with_weights(framework: Framework, weights: Mapping[str, float]) -> Framework:
    """The framework with global indicator weights written into its tree (see module docs).

    Parameters
    ----------
    framework
        The tree to weight.
    weights
        Indicator id → global weight, for every indicator of ``framework`` (extra ids are
        ignored); they need not sum to 1.

    Returns
    -------
    Framework
        A copy whose :meth:`~Framework.effective_weights` are ``weights`` scaled to sum to 1.

    Raises
    ------
    AnalyticsError
        When an indicator of ``framework`` has no weight.

    Examples
    --------
    >>> fw = Framework.from_dict({"id": "t", "nodes": [{"id": "i"}, {"id": "p", "parent": "i"},
    ...     {"id": "q", "parent": "i"}], "indicators": [{"id": "x", "parent": "p"},
    ...     {"id": "y", "parent": "p"}, {"id": "z", "parent": "q"}]})
    >>> g = framework_with_weights(fw, {"x": 0.2, "y": 0.3, "z": 0.5})
    >>> g.weights()  # p = 0.2 + 0.3; x = 0.2 / 0.5
    {'p': 0.5, 'q': 0.5, 'x': 0.4, 'y': 0.6, 'z': 1.0}
    """
    missing = [k for k in framework.indicators if k not in weights]
    if missing:
        raise AnalyticsError(f"no weight for indicators {missing}")
    total: dict[str, float] = {k: float(weights[k]) for k in framework.indicators}
    for level in framework.aggregates_by_level():
        for node in level:
            total[node] = sum(total[c] for c in framework.children(node))
    return framework.with_weights({k: v for k, v in total.items() if k != framework.root})
