from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest

from analytics.exceptions import AnalyticsError
from analytics.index import pca_composite
from tests.index.index_helpers import long_frame


def test_two_indicators_closed_form() -> None:
    """Two symmetric indicators: every step has a closed form.

    x1 = 1..6, x2 = (2,1,4,3,6,5): same mean 3.5 and sd √3.5, skew 0 (no log).
    r = Σ d1 d2 / Σ d1² = 14.5 / 17.5 = 0.828571…; eigenvalues 1 ± r, eigenvectors (1, ±1)/√2.
    Share of the first = (1 + r)/2 = 0.914 ≥ 0.8 → k = 1, weight 1.
    Score = (z1 + z2)/√2 ∝ x1 + x2 − 7 = (−4, −4, 0, 0, 4, 4) → index (0, 0, 50, 50, 100, 100).
    """
    x = np.array([[1, 2], [2, 1], [3, 4], [4, 3], [5, 6], [6, 5]], dtype=float)
    res = pca_composite(long_frame(x))
    r = 14.5 / 17.5
    np.testing.assert_allclose(res.eigenvalues, [1 + r, 1 - r])
    assert res.n_components == 1 and res.weights.tolist() == [1.0]
    assert not res.log_transformed.any()
    np.testing.assert_allclose(np.abs(res.eigenvectors[:, 0]), [1 / math.sqrt(2)] * 2)
    assert (res.eigenvectors[:, 0] > 0).all()  # sign rule: positive correlation with indicators
    idx = res.scores.sort("region")["index"].to_list()
    np.testing.assert_allclose(idx, [0, 0, 50, 50, 100, 100], atol=1e-9)
    assert "adding a year changes every value" in res.note


def test_steps_against_a_hand_computation() -> None:
    """Three indicators, one skewed (|skew| > 1.5 → ln(1 + x − min + 1e-6)); two years pooled."""
    x = np.array(
        [
            [1.0, 10.0, 1.0],
            [2.0, 12.0, 1.2],
            [3.0, 11.0, 1.1],
            [4.0, 15.0, 1.3],
            [5.0, 14.0, 1.2],
            [6.0, 18.0, 60.0],
            [7.0, 17.0, 1.4],
            [8.0, 20.0, 1.5],
        ]
    )
    res = pca_composite(long_frame(x, years=2))
    # step 1 by hand (type-3 skew, sample sd)
    n = len(x)
    skew = [((c - c.mean()) ** 3).sum() / (n * c.std(ddof=1) ** 3) for c in x.T]
    np.testing.assert_allclose(res.skew, skew)
    assert res.log_transformed.tolist() == [False, False, True]
    t = x.copy()
    t[:, 2] = np.log(1 + (t[:, 2] - t[:, 2].min() + 1e-6))
    # steps 2–3
    z = (t - t.mean(axis=0)) / t.std(axis=0, ddof=1)
    corr = np.corrcoef(t, rowvar=False)
    lam, vec = np.linalg.eigh(corr)
    lam, vec = lam[::-1], vec[:, ::-1]
    np.testing.assert_allclose(res.eigenvalues, lam, atol=1e-12)
    # step 4: k = max(#λ ≥ 1, smallest m with cumulative share ≥ 0.8)
    share = np.cumsum(lam) / lam.sum()
    k = max(int((lam >= 1).sum()), int(np.argmax(share >= 0.8)) + 1)
    assert res.n_components == k
    # steps 5–7
    scores = z @ vec[:, :k]
    for j in range(k):
        if sum(np.corrcoef(scores[:, j], z[:, i])[0, 1] for i in range(3)) < 0:
            scores[:, j] *= -1
    raw = scores @ (lam[:k] / lam[:k].sum())
    expected = 100 * (raw - raw.min()) / (raw.max() - raw.min())
    got = res.scores.sort("year", "region")["index"].to_numpy()
    np.testing.assert_allclose(got, expected, atol=1e-9)
    np.testing.assert_allclose(np.var(z @ res.eigenvectors[:, :k], axis=0, ddof=1), lam[:k])


def test_research_panel_pca(research_obs: pl.DataFrame) -> None:
    res = pca_composite(research_obs)
    s = res.scores
    assert s.height == 310
    assert s["index"].min() == pytest.approx(0.0) and s["index"].max() == pytest.approx(100.0)
    assert s.group_by("year").agg(pl.col("rank").max())["rank"].to_list() == [31] * 10
    assert res.weights.sum() == pytest.approx(1.0)
    comps = res.components()
    assert (
        comps.filter(pl.col("kept"))["eigenvalue"].min() >= 1
        or comps.filter(pl.col("kept"))["cumulative_share"].max() >= 0.8
    )
    # sign rule holds for every kept component
    assert "adding a year" in res.summary() and "<pre>" in res._repr_html_()


def test_incomplete_panel_is_refused() -> None:
    f = long_frame(np.array([[1.0, 2.0], [2.0, np.nan], [3.0, 1.0]])).with_columns(
        pl.col("value").fill_nan(None)
    )
    with pytest.raises(AnalyticsError, match="impute first"):
        pca_composite(f)
