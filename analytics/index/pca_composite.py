"""The PCA composite index as Chinese digital-economy studies build it (docs/METHODS.md).

1. Skewness of each indicator over all region-years pooled, ``Σ(x − mean)³/(n·sd³)`` with the
   sample sd; an indicator with ``|skew| > 1.5`` becomes ``ln(1 + (x − min(x) + 1e-6))``.
2. z-scores over all region-years pooled (sample sd).
3. PCA of the z-scores (their correlation matrix), unrotated; scores ``Z·V`` with unit-length
   eigenvectors, so a score's variance is its eigenvalue.
4. Keep ``k = max(#{λ ≥ 1}, smallest m with cumulative share ≥ 80 %)`` components.
5. Weight kept component j by ``λ_j / Σ_kept λ``.
6. Flip a component's sign when the sum of the correlations between its scores and the
   standardised indicators is negative.
7. Raw index ``Σ w_j · score_j``, rescaled to 0–100 by min–max over all region-years pooled.

Every step pools the whole panel, **so adding a year changes every value**; :attr:`NOTE` says so
and travels with the result.

Examples
--------
>>> import polars as pl
>>> f = pl.DataFrame({"region": ["a", "b", "c", "d"] * 2, "year": [2020] * 8,
...                   "indicator": ["x"] * 4 + ["y"] * 4,
...                   "value": [1.0, 2.0, 3.0, 4.0, 1.5, 1.0, 3.5, 4.0]})
>>> res = pca_composite(f)
>>> res.n_components, res.scores.sort("region")["rank"].to_list()
(1, [4, 3, 2, 1])
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl

from analytics.exceptions import AnalyticsError
from analytics.index.data import as_panel, to_cube
from analytics.index.outliers import skewness
from analytics.index.weights import Retention, retained_components

__all__ = ["NOTE", "PCAComposite", "pca_composite"]

NOTE = (
    "PCA composite pooled over all region-years (skewness, z-scores, PCA and the 0–100 "
    "rescaling): adding a year changes every value."
)


@dataclass(frozen=True)
class PCAComposite:
    """The PCA composite and every intermediate quantity; made by :func:`pca_composite`.

    Parameters
    ----------
    scores
        year, region, raw, index (0–100 pooled), rank (1 = highest within the year).
    indicators
        Indicator ids in column order.
    skew
        Skewness of each indicator before transformation (directions applied), in the order
        of ``indicators``.
    log_transformed
        Boolean array, in the order of ``indicators``: which were log-transformed
        (|skew| > threshold).
    eigenvalues
        All eigenvalues of the correlation matrix, descending.
    eigenvectors
        Unit eigenvectors (columns), signs flipped per step 6.
    n_components
        k, the components kept.
    weights
        λ_j / Σ_kept λ for the kept components.
    flipped
        Boolean array over the kept components: which had their sign flipped.
    note
        The caveat that travels with the result; default :data:`NOTE` (pooled over every
        region-year, so adding a year changes every value).
    """

    scores: pl.DataFrame
    indicators: tuple[str, ...]
    skew: np.ndarray
    log_transformed: np.ndarray
    eigenvalues: np.ndarray
    eigenvectors: np.ndarray
    n_components: int
    weights: np.ndarray
    flipped: np.ndarray
    note: str = NOTE

    def to_frame(self) -> pl.DataFrame:
        """The scores: year, region, raw, index, rank."""
        return self.scores

    def components(self) -> pl.DataFrame:
        """Eigenvalues, variance shares and weights, one row per component."""
        lam = self.eigenvalues
        k = self.n_components
        return pl.DataFrame(
            {
                "component": np.arange(1, len(lam) + 1),
                "eigenvalue": lam,
                "share": lam / lam.sum(),
                "cumulative_share": np.cumsum(lam) / lam.sum(),
                "kept": np.arange(len(lam)) < k,
                "weight": np.r_[self.weights, np.full(len(lam) - k, np.nan)],
            }
        ).with_columns(pl.col("weight").fill_nan(None))

    def summary(self) -> str:
        """Plain-text summary: transformations, components kept, the latest year's top five."""
        logged = [k for k, t in zip(self.indicators, self.log_transformed, strict=True) if t]
        y = int(self.scores["year"].max())  # type: ignore[arg-type]
        top = self.scores.filter(pl.col("year") == y).sort("rank").head(5)
        cum = float(np.cumsum(self.eigenvalues)[self.n_components - 1] / self.eigenvalues.sum())
        lines = [
            f"PCA composite: {len(self.indicators)} indicators, {self.scores.height} region-years",
            f"  log-transformed (|skew| > 1.5): {', '.join(logged) or 'none'}",
            f"  components kept: {self.n_components} (cumulative share {cum:.1%})",
            f"  weights: {', '.join(f'{w:.3f}' for w in self.weights)}",
            f"  note: {self.note}",
            f"  top 5 in {y}: "
            + ", ".join(f"{r} {v:.1f}" for r, v in zip(top["region"], top["index"], strict=True)),
        ]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(self.summary()) + "</pre>"


def pca_composite(
    panel: pl.DataFrame,
    *,
    indicators: tuple[str, ...] | None = None,
    directions: Mapping[str, int] | None = None,
    skew_threshold: float = 1.5,
    rule: Retention = "kaiser_or_cumulative",
    share: float = 0.8,
) -> PCAComposite:
    """Build the PCA composite index (see the module docstring for the exact steps).

    Parameters
    ----------
    panel
        Long frame (region, year or period, indicator, value); must be complete.
    indicators
        Which indicators (default: all in the frame, sorted).
    directions
        −1 for lower-is-better indicators (multiplied by −1 first); the research panel has none.
    skew_threshold, rule, share
        Step 1's threshold and step 4's retention rule.
    """
    cube = to_cube(as_panel(panel), indicators=indicators)
    t, n, j = cube.values.shape
    x = cube.values.reshape(t * n, j).copy()
    if np.isnan(x).any():
        bad = [cube.indicators[i] for i in np.where(np.isnan(x).any(axis=0))[0]]
        raise AnalyticsError(
            f"the PCA composite needs a complete panel; missing values in {bad}"
            " — impute first (analytics.index.impute)"
        )
    if directions:
        x *= np.array([directions.get(k, 1) for k in cube.indicators], dtype=float)
    skew = np.array([skewness(x[:, i]) for i in range(j)])
    logged = np.abs(skew) > skew_threshold
    x[:, logged] = np.log(1 + (x[:, logged] - x[:, logged].min(axis=0) + 1e-6))
    sd = x.std(axis=0, ddof=1)
    if (sd == 0).any():
        raise AnalyticsError("an indicator is constant over the panel; drop it")
    z = (x - x.mean(axis=0)) / sd
    r = (z.T @ z) / (t * n - 1)
    lam, vec = np.linalg.eigh(r)
    order = np.argsort(lam)[::-1]
    lam, vec = lam[order], vec[:, order]
    k = retained_components(lam, rule=rule, share=share)
    f = z @ vec[:, :k]
    # corr(score_c, z_i) = (z_i · f_c) / ((n−1) sd(f_c)); its sign-sum decides the flip
    corr = (z.T @ f) / ((t * n - 1) * f.std(axis=0, ddof=1))
    flip = corr.sum(axis=0) < 0
    vec[:, :k][:, flip] *= -1
    f[:, flip] *= -1
    w = lam[:k] / lam[:k].sum()
    raw = f @ w
    idx = 100 * (raw - raw.min()) / (raw.max() - raw.min())
    scores = (
        pl.DataFrame(
            {
                "year": np.repeat(np.array(cube.years, dtype=np.int64), n),
                "region": list(cube.regions) * t,
                "raw": raw,
                "index": idx,
            }
        )
        .with_columns(
            pl.col("index").rank("min", descending=True).over("year").cast(pl.Int64).alias("rank")
        )
        .sort("year", "rank")
    )
    return PCAComposite(scores, cube.indicators, skew, logged, lam, vec, k, w, flip)
