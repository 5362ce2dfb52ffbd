"""Uncertainty and sensitivity analysis: Monte Carlo over the modelling choices.

Factors (each one Monte Carlo input, COINr's ``get_sensitivity`` in spirit):

- ``imputation``: one of ``imputations`` (only when the data has missing values and more than
  one method is given);
- ``normalisation``: one of ``normalisations`` (method, options) pairs;
- ``aggregation``: one of ``aggregations``;
- ``weights``: every node's weight multiplied by ``U(1 − weight_noise, 1 + weight_noise)``,
  then renormalised among siblings (one group factor).

The design is Saltelli's: two independent uniform matrices A and B (``n_base`` rows) and, per
factor i, A with factor i's columns taken from B; ``n_base = n // (k + 2)`` for k factors, so
``n_base·(k + 2) ≤ n`` runs. The output for the sensitivity indices is COINr's: the mean absolute
rank shift from the nominal ranks over all regions and years. First-order indices use Saltelli
(2010), ``S_i = mean(f(B)·(f(AB_i) − f(A))) / V``, totals Jansen (1999),
``ST_i = mean((f(A) − f(AB_i))²) / (2V)``; discrete choices are sampled by ``floor(u·K)``.
Rank distributions (median, 5th and 95th percentile) use all runs.

Every run is evaluated in numpy batches: the few normalised cubes are computed once, and each
level is aggregated for a whole batch of runs with batched matrix products.
:func:`run_uncertainty_naive` evaluates the same runs one at a time through the frame pipeline
(:func:`analytics.index.aggregate`); it exists to check and to benchmark the batched version.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from analytics.index._mc import MCSetup, mc_decode, mc_design, mc_evaluate, mc_ranks, mc_setup
from analytics.index.aggregate import Aggregation, aggregate
from analytics.index.framework import Framework
from analytics.index.impute import Imputation
from analytics.index.normalise import Normalisation, Scope

__all__ = [
    "DEFAULT_NORMALISATIONS",
    "UncertaintyResult",
    "run_uncertainty",
    "run_uncertainty_naive",
    "sensitivity_indices",
]

DEFAULT_NORMALISATIONS: tuple[tuple[Normalisation, Mapping[str, Any]], ...] = (
    ("minmax", {"range": (1.0, 100.0)}),
    ("zscore", {"mean_sd": (100.0, 10.0)}),
    ("rank", {}),
    ("percentile_rank", {}),
)
"""Positive-valued alternatives, so geometric and harmonic means are defined for all of them."""


@dataclass(frozen=True)
class UncertaintyResult:
    """Rank distributions and sensitivity indices; made by :func:`run_uncertainty`.

    Parameters
    ----------
    ranks
        year, region, nominal, median, p05, p95 (ranks; 1 = highest).
    sensitivity
        factor, first_order, total (of the mean absolute rank shift), each with a 5–95 %
        bootstrap interval over the base rows (``*_p05``, ``*_p95``). With discrete factors and
        few levels the estimators are noisy: read the intervals.
    n_runs
        The number of runs, ``n_base · (k + 2)`` for k factors.
    n_base
        Rows of each of the design's A and B matrices.
    seed
        The seed of the design.
    samples
        Ranks of every run (float32; NaN where a score is missing), shape (runs, years,
        regions), for further analysis.
    choices
        The alternatives sampled (imputations, normalisations, aggregations, weight noise,
        scope), as :meth:`summary` prints them; empty by default.
    """

    ranks: pl.DataFrame
    sensitivity: pl.DataFrame
    n_runs: int
    n_base: int
    seed: int
    samples: np.ndarray = field(repr=False)
    choices: Mapping[str, Any] = field(default_factory=dict)

    def to_frame(self) -> pl.DataFrame:
        """The rank table."""
        return self.ranks

    def summary(self) -> str:
        """Plain-text summary of the design and the sensitivity indices."""
        lines = [
            f"Monte Carlo: {self.n_runs} runs (Saltelli design, n_base = {self.n_base}, "
            f"seed {self.seed})"
        ]
        lines += [f"  {k}: {v}" for k, v in self.choices.items()]
        lines += [
            f"  {r['factor']:<14} S = {r['first_order']:.3f} "
            f"[{r['first_order_p05']:.3f}, {r['first_order_p95']:.3f}]  "
            f"ST = {r['total']:.3f} [{r['total_p05']:.3f}, {r['total_p95']:.3f}]"
            for r in self.sensitivity.iter_rows(named=True)
        ]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(self.summary()) + "</pre>"


def run_uncertainty(
    panel: pl.DataFrame,
    framework: Framework,
    *,
    n: int = 1000,
    seed: int = 0,
    imputations: Sequence[Imputation] = ("mean", "interpolate"),
    normalisations: Sequence[tuple[Normalisation, Mapping[str, Any]]] = DEFAULT_NORMALISATIONS,
    aggregations: Sequence[Aggregation] = ("arithmetic", "geometric"),
    weight_noise: float = 0.25,
    scope: Scope = "global",
    threshold: float = 0.0,
    batch: int = 250,
) -> UncertaintyResult:
    """Monte Carlo uncertainty and variance-based sensitivity analysis (see the module docs).

    The nominal run uses the first imputation, normalisation and aggregation and the
    framework's weights.

    Parameters
    ----------
    panel
        Long frame (region, year or period, indicator, value) of raw indicator values.
    framework
        The tree, its directions and its nominal weights.
    n
        Budget of runs: ``n_base = n // (k + 2)`` base rows for the k factors that vary, so
        ``n_base·(k + 2) ≤ n`` runs (at least one base row); default 1000.
    seed
        Seed of the design (and of the bootstrap intervals); default 0.
    imputations
        The imputation methods sampled (the first is nominal); used only when the data has
        missing values (otherwise nothing is imputed). Default mean and interpolation.
    normalisations
        ``(method, options)`` pairs for :func:`normalise` (the first is nominal); default
        :data:`DEFAULT_NORMALISATIONS`, all positive-valued.
    aggregations
        The aggregation methods sampled (the first is nominal); default arithmetic and
        geometric. Geometric and harmonic need every normalised value positive.
    weight_noise
        Half-width of the uniform factor each node's weight is multiplied by,
        ``U(1 − weight_noise, 1 + weight_noise)``, before siblings are renormalised; default
        0.25; 0 keeps the weights fixed (no weights factor).
    scope
        Normalisation scope, ``global`` (the default) or ``year``.
    threshold
        Least share (0–1) of a node's children present for it to get a score, as in
        :func:`aggregate`; default 0.
    batch
        Runs evaluated per numpy batch (memory against speed); default 250. The results do
        not depend on it.

    Returns
    -------
    UncertaintyResult

    Raises
    ------
    DataValidationError
        When the panel is not annual or lacks an indicator of ``framework``.
    AnalyticsError
        For an unknown imputation (when values are missing), normalisation or aggregation, or a
        geometric/harmonic aggregation over a normalisation that gives values ≤ 0.

    Examples
    --------
    >>> import polars as pl
    >>> from analytics.index.framework import Framework
    >>> fw = Framework.from_dict({"id": "t", "nodes": [{"id": "i"}],
    ...     "indicators": [{"id": "a", "parent": "i"}, {"id": "b", "parent": "i"}]})
    >>> f = pl.DataFrame({"region": ["r", "s", "t"] * 2, "year": [2020] * 6,
    ...                   "indicator": ["a"] * 3 + ["b"] * 3,
    ...                   "value": [1.0, 2.0, 3.0, 1.5, 2.5, 3.5]})
    >>> res = run_uncertainty(f, fw, n=40, seed=1)
    >>> res.ranks.select("region", "p95").rows()  # t dominates: first in every run
    [('t', 1.0), ('s', 2.0), ('r', 3.0)]
    """
    s = mc_setup(
        panel, framework, imputations, normalisations, aggregations, weight_noise, scope, threshold
    )
    rng = np.random.default_rng(seed)
    u, n_base = mc_design(s, n, rng)
    nominal_u = np.concatenate([[0.0, 0.0, 0.0], np.full(len(s.node_ids), 0.5)])[None, :]
    nominal = mc_ranks(mc_evaluate(s, nominal_u))[0]
    samples = np.empty((u.shape[0], len(s.years), len(s.regions)), dtype=np.float32)
    for start in range(0, u.shape[0], batch):
        samples[start : start + batch] = mc_ranks(mc_evaluate(s, u[start : start + batch]))
    return _summarise(
        s,
        samples,
        nominal,
        n_base,
        seed,
        {
            "imputations": s.k_imp,
            "normalisations": [m for m, _ in normalisations],
            "aggregations": list(aggregations),
            "weight_noise": weight_noise,
            "scope": scope,
        },
    )


def sensitivity_indices(
    y_a: np.ndarray, y_b: np.ndarray, y_ab: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """First-order (Saltelli 2010) and total (Jansen 1999) indices of one factor.

    ``y_a``, ``y_b``: outputs on the A and B matrices; ``y_ab``: on A with the factor's columns
    from B. Works along the last axis, so leading axes (bootstrap resamples) are batched.

    Parameters
    ----------
    y_a
        The output on the rows of matrix A, shape (..., n_base).
    y_b
        The output on the rows of matrix B, same shape.
    y_ab
        The output on A with the factor's columns taken from B, same shape.

    Returns
    -------
    (first, total)
        Arrays of the leading shape (0-d for one estimate): the first-order index
        ``mean(y_b·(y_ab − y_a)) / V`` and the total index ``mean((y_a − y_ab)²) / (2V)``,
        ``V`` the variance of ``y_a`` and ``y_b`` pooled; both 0 when ``V`` is 0.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.random((2, 20000, 2))
    >>> ab = a.copy(); ab[:, 0] = b[:, 0]
    >>> f = lambda x: x[:, 0] + 2 * x[:, 1]  # S1 = 1/5, S2 = 4/5 (additive: S = ST)
    >>> s, st = sensitivity_indices(f(a), f(b), f(ab))
    >>> round(float(s), 1), round(float(st), 1)
    (0.2, 0.2)
    """
    var = np.var(np.concatenate([y_a, y_b], axis=-1), axis=-1)
    safe = np.where(var > 0, var, 1.0)
    first = np.where(var > 0, np.mean(y_b * (y_ab - y_a), axis=-1) / safe, 0.0)
    total = np.where(var > 0, np.mean((y_a - y_ab) ** 2, axis=-1) / (2 * safe), 0.0)
    return first, total


def _summarise(
    s: MCSetup,
    samples: np.ndarray,
    nominal: np.ndarray,
    n_base: int,
    seed: int,
    choices: Mapping[str, Any],
    n_boot: int = 200,
) -> UncertaintyResult:
    q = np.nanpercentile(samples, [50, 5, 95], axis=0)
    t, n = nominal.shape
    ranks = pl.DataFrame(
        {
            "year": np.repeat(np.array(s.years, dtype=np.int64), n),
            "region": list(s.regions) * t,
            "nominal": nominal.reshape(-1),
            "median": q[0].reshape(-1).astype(float),
            "p05": q[1].reshape(-1).astype(float),
            "p95": q[2].reshape(-1).astype(float),
        }
    ).sort("year", "nominal")
    y = np.nanmean(np.abs(samples - nominal[None]), axis=(1, 2)).astype(float)
    fa, fb = y[:n_base], y[n_base : 2 * n_base]
    # bootstrap over the base rows (seeded from the run's seed) for 5–95 % intervals
    boot = np.random.default_rng(seed + 1).integers(0, n_base, size=(n_boot, n_base))
    rows = []
    for i, f in enumerate(s.factors):
        fab = y[(2 + i) * n_base : (3 + i) * n_base]
        idx = np.vstack([np.arange(n_base)[None, :], boot])  # row 0: the estimate itself
        first, total = sensitivity_indices(fa[idx], fb[idx], fab[idx])
        rows.append(
            {
                "factor": f,
                "first_order": float(first[0]),
                "first_order_p05": float(np.percentile(first[1:], 5)) if n_boot else float("nan"),
                "first_order_p95": float(np.percentile(first[1:], 95)) if n_boot else float("nan"),
                "total": float(total[0]),
                "total_p05": float(np.percentile(total[1:], 5)) if n_boot else float("nan"),
                "total_p95": float(np.percentile(total[1:], 95)) if n_boot else float("nan"),
            }
        )
    cols = ("first_order", "first_order_p05", "first_order_p95", "total", "total_p05", "total_p95")
    sens = pl.DataFrame(rows, schema={"factor": pl.Utf8, **dict.fromkeys(cols, pl.Float64)})
    return UncertaintyResult(ranks, sens, samples.shape[0], n_base, seed, samples, choices)


def run_uncertainty_naive(
    panel: pl.DataFrame,
    framework: Framework,
    *,
    n: int = 1000,
    seed: int = 0,
    rows: int | None = None,
    imputations: Sequence[Imputation] = ("mean", "interpolate"),
    normalisations: Sequence[tuple[Normalisation, Mapping[str, Any]]] = DEFAULT_NORMALISATIONS,
    aggregations: Sequence[Aggregation] = ("arithmetic", "geometric"),
    weight_noise: float = 0.25,
    scope: Scope = "global",
    threshold: float = 0.0,
) -> np.ndarray:
    """The same runs as :func:`run_uncertainty`, one at a time through the frame pipeline.

    Returns the ranks (runs, years, regions) of the first ``rows`` design rows (all when None).
    For checking and benchmarking only: it loops in Python over the runs.

    Parameters
    ----------
    panel
        Long frame (region, year or period, indicator, value) of raw indicator values.
    framework
        The tree, its directions and its nominal weights.
    n
        Budget of runs: ``n_base = n // (k + 2)`` base rows for the k factors that vary, so
        ``n_base·(k + 2) ≤ n`` runs (at least one base row); default 1000.
    seed
        Seed of the design (and of the bootstrap intervals); default 0.
    rows
        Evaluate only the first ``rows`` rows of the design (A's rows come first); None (the
        default) evaluates every row.
    imputations
        The imputation methods sampled (the first is nominal); used only when the data has
        missing values (otherwise nothing is imputed). Default mean and interpolation.
    normalisations
        ``(method, options)`` pairs for :func:`normalise` (the first is nominal); default
        :data:`DEFAULT_NORMALISATIONS`, all positive-valued.
    aggregations
        The aggregation methods sampled (the first is nominal); default arithmetic and
        geometric. Geometric and harmonic need every normalised value positive.
    weight_noise
        Half-width of the uniform factor each node's weight is multiplied by,
        ``U(1 − weight_noise, 1 + weight_noise)``, before siblings are renormalised; default
        0.25; 0 keeps the weights fixed (no weights factor).
    scope
        Normalisation scope, ``global`` (the default) or ``year``.
    threshold
        Least share (0–1) of a node's children present for it to get a score, as in
        :func:`aggregate`; default 0.

    Returns
    -------
    np.ndarray
        Ranks (1 = highest in its year), shape (rows, years, regions), equal to the first
        rows of :attr:`UncertaintyResult.samples` for the same arguments.

    Raises
    ------
    DataValidationError
        As :func:`run_uncertainty`.
    AnalyticsError
        As :func:`run_uncertainty`.

    Examples
    --------
    >>> from analytics.index.framework import Framework
    >>> fw = Framework.from_dict({"id": "t", "nodes": [{"id": "i"}],
    ...     "indicators": [{"id": "a", "parent": "i"}, {"id": "b", "parent": "i"}]})
    >>> f = pl.DataFrame({"region": ["r", "s", "t"] * 2, "year": 2020,
    ...                   "indicator": ["a"] * 3 + ["b"] * 3,
    ...                   "value": [1.0, 3.0, 2.0, 1.5, 2.5, 3.5]})
    >>> naive = run_uncertainty_naive(f, fw, n=40, seed=1, rows=8)
    >>> bool((naive == run_uncertainty(f, fw, n=40, seed=1).samples[:8]).all())
    True
    """
    s = mc_setup(
        panel, framework, imputations, normalisations, aggregations, weight_noise, scope, threshold
    )
    u, _ = mc_design(s, n, np.random.default_rng(seed))
    u = u[: rows or u.shape[0]]
    cube_idx, agg, w = mc_decode(s, u)
    out = np.empty((u.shape[0], len(s.years), len(s.regions)))
    region_pos = {r: i for i, r in enumerate(s.regions)}
    year_pos = {y: i for i, y in enumerate(s.years)}
    for r in range(u.shape[0]):
        fw = framework.with_weights(
            {k: float(w[r, i]) for i, k in enumerate(s.node_ids) if s.parents[i] >= 0}
        )
        sc = aggregate(
            s.frames[cube_idx[r]],
            fw,
            method=s.aggregations[agg[r]],
            threshold=threshold,
        )
        top = sc.filter(pl.col("node") == framework.root).with_columns(
            pl.col("value").rank("ordinal", descending=True).over("year").alias("rank")
        )
        yi = np.array([year_pos[y] for y in top["year"]])
        ri = np.array([region_pos[x] for x in top["region"]])
        out[r, yi, ri] = top["rank"].to_numpy()
    return out
