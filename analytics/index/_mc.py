"""Batched Monte Carlo kernel: the setup, the Saltelli design and the per-batch evaluation.

Private to :mod:`analytics.index.uncertainty`; see its docstring for the method.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from analytics.exceptions import AnalyticsError
from analytics.index.aggregate import AGGREGATIONS, Aggregation
from analytics.index.data import as_panel, to_cube
from analytics.index.framework import Framework
from analytics.index.impute import Imputation, impute
from analytics.index.normalise import Normalisation, Scope, normalise
from analytics.index.pipeline import check_indicators


@dataclass(frozen=True)
class MCSetup:
    cubes: np.ndarray  # (K_imp * K_norm, T, N, J)
    years: tuple[int, ...]
    regions: tuple[str, ...]
    node_ids: tuple[str, ...]  # indicators first, then aggregates by level
    parents: np.ndarray  # parent index per node (-1 for the root)
    nominal_w: np.ndarray  # (M,) weight within parent
    levels: list[tuple[np.ndarray, np.ndarray]]  # per level: parent idx, child idx
    k_imp: int
    k_norm: int
    aggregations: tuple[Aggregation, ...]
    factors: tuple[str, ...]
    noise: float
    threshold: float
    has_missing: bool
    frames: list[pl.DataFrame]  # the normalised frames (for the naive loop)


def mc_setup(
    panel: pl.DataFrame,
    framework: Framework,
    imputations: Sequence[Imputation],
    normalisations: Sequence[tuple[Normalisation, Mapping[str, Any]]],
    aggregations: Sequence[Aggregation],
    noise: float,
    scope: Scope,
    threshold: float,
) -> MCSetup:
    data = as_panel(panel)
    check_indicators(data, framework)
    data = data.filter(pl.col("indicator").is_in(list(framework.indicators)))
    missing = bool(data["value"].null_count())
    imps: tuple[Imputation, ...] = tuple(imputations) if missing else ("none",)
    for a in aggregations:
        if a not in AGGREGATIONS:
            raise AnalyticsError(f"unknown aggregation `{a}`; expected one of {AGGREGATIONS}")
    cubes, frames = [], []
    for imp in imps:
        filled = impute(data, method=imp)
        for method, opts in normalisations:
            norm = normalise(
                filled,
                method=method,
                scope=scope,
                directions=framework.directions(),
                **dict(opts),
            )
            frames.append(norm)
            cubes.append(to_cube(norm, indicators=framework.indicators).values)
    stack = np.stack(cubes)
    if set(aggregations) - {"arithmetic"} and (stack[~np.isnan(stack)] <= 0).any():
        raise AnalyticsError(
            "geometric/harmonic aggregation needs positive normalised values; "
            "choose positive-valued normalisations (see DEFAULT_NORMALISATIONS)"
        )
    cube = to_cube(frames[0], indicators=framework.indicators)
    by_level = framework.aggregates_by_level()
    ids = list(framework.indicators) + [n for lv in by_level for n in lv]
    pos = {k: i for i, k in enumerate(ids)}
    parents = np.array([pos.get(framework.node(k).parent or "", -1) for k in ids])
    nominal = np.array(
        [framework.node(k).weight if parents[i] >= 0 else 1.0 for i, k in enumerate(ids)]
    )
    levels = []
    for lv in by_level:
        p = np.array([pos[k] for k in lv])
        c = np.where(np.isin(parents, p))[0]
        levels.append((p, c))
    factors = tuple(
        f
        for f, k in (
            ("imputation", len(imps)),
            ("normalisation", len(normalisations)),
            ("aggregation", len(aggregations)),
            ("weights", 2 if noise > 0 else 1),
        )
        if k > 1
    )
    return MCSetup(
        stack,
        cube.years,
        cube.regions,
        tuple(ids),
        parents,
        nominal,
        levels,
        len(imps),
        len(normalisations),
        tuple(aggregations),
        factors,
        noise,
        threshold,
        bool(np.isnan(stack).any()),
        frames,
    )


def mc_columns(s: MCSetup) -> dict[str, slice]:
    m = len(s.node_ids)
    return {
        "imputation": slice(0, 1),
        "normalisation": slice(1, 2),
        "aggregation": slice(2, 3),
        "weights": slice(3, 3 + m),
    }


def mc_design(s: MCSetup, n: int, rng: np.random.Generator) -> tuple[np.ndarray, int]:
    k = len(s.factors)
    d = 3 + len(s.node_ids)
    n_base = max(1, n // (k + 2))
    a, b = rng.random((n_base, d)), rng.random((n_base, d))
    blocks = [a, b]
    cols = mc_columns(s)
    for f in s.factors:
        ab = a.copy()
        ab[:, cols[f]] = b[:, cols[f]]
        blocks.append(ab)
    return np.vstack(blocks), n_base


def mc_decode(s: MCSetup, u: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cube index, aggregation index and node weights (within parent) for design rows u."""
    imp = np.minimum((u[:, 0] * s.k_imp).astype(int), s.k_imp - 1)
    norm = np.minimum((u[:, 1] * s.k_norm).astype(int), s.k_norm - 1)
    agg = np.minimum((u[:, 2] * len(s.aggregations)).astype(int), len(s.aggregations) - 1)
    w = s.nominal_w * (1 + s.noise * (2 * u[:, 3:] - 1))
    sums = np.zeros_like(w)
    has_parent = s.parents >= 0
    np.add.at(sums.T, np.where(has_parent, s.parents, 0), (w * has_parent).T)
    par_sum = sums[:, np.where(s.parents >= 0, s.parents, 0)]
    w = np.divide(w, par_sum, out=np.ones_like(w), where=has_parent & (par_sum > 0))
    return imp * s.k_norm + norm, agg, w


def mc_evaluate(s: MCSetup, u: np.ndarray) -> np.ndarray:
    """Index scores (B, T, N) for the design rows ``u`` — the batched kernel."""
    cube_idx, agg, w = mc_decode(s, u)
    b = u.shape[0]
    t, n, j = s.cubes.shape[1:]
    scores = np.empty((b, t * n, len(s.node_ids)))
    scores[:, :, :j] = s.cubes[cube_idx].reshape(b, t * n, j)
    for p, c in s.levels:
        wm = np.zeros((b, len(c), len(p)))  # (B, C, P): child c's weight in parent p
        col = np.searchsorted(p, s.parents[c])  # p is increasing by construction
        wm[:, np.arange(len(c)), col] = w[:, c]
        x = scores[:, :, c]
        if s.has_missing:
            ok = ~np.isnan(x)
            den = ok.astype(float) @ wm
            share = ok.astype(float) @ (wm > 0).astype(float) / (wm[0] > 0).sum(axis=0)
        else:
            den = None
        out = np.empty((b, t * n, len(p)))
        for a_i, method in enumerate(s.aggregations):
            sel = np.where(agg == a_i)[0]
            if sel.size == 0:
                continue
            xs, ws = x[sel], wm[sel]
            if s.has_missing:
                d = den[sel]  # type: ignore[index]
                fill = 0.0 if method == "arithmetic" else 1.0
                xs = np.where(np.isnan(xs), fill, xs)
                if method == "harmonic":
                    xs = np.where(np.isnan(x[sel]), np.inf, xs)
            else:
                d = 1.0
            if method == "arithmetic":
                out[sel] = (xs @ ws) / d
            elif method == "geometric":
                out[sel] = np.exp((np.log(xs) @ ws) / d)
            else:
                out[sel] = d / ((1.0 / xs) @ ws)
        if s.has_missing:
            out = np.where(share >= max(s.threshold, 1e-12), out, np.nan)
        scores[:, :, p] = out
    return scores[:, :, -1].reshape(b, t, n)


def mc_ranks(scores: np.ndarray) -> np.ndarray:
    """Ranks within each year (1 = highest) along the last axis; NaN scores get NaN ranks."""
    key = np.where(np.isnan(scores), -np.inf, scores)
    r = np.argsort(np.argsort(-key, axis=-1, kind="stable"), axis=-1).astype(float) + 1
    return np.where(np.isnan(scores), np.nan, r)
