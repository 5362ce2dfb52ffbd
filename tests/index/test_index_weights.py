from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from analytics.exceptions import AnalyticsError
from analytics.index import (
    critic_weights,
    entropy_weights,
    entropy_weights_array,
    framework_with_weights,
    pca_weights,
    retained_components,
    topsis,
    weigh,
)
from tests.index.index_helpers import flat_framework, long_frame, two_pillar_framework


def test_entropy_by_hand_minmax() -> None:
    # x = [[1, 2], [2, 2], [3, 2.1]]; min–max → col1 [0, .5, 1], col2 [0, 0, 1]
    # col1: p = [0, 1/3, 2/3]; e1 = −(1/ln 3)(1/3 ln 1/3 + 2/3 ln 2/3)
    e1 = -(1 / 3 * math.log(1 / 3) + 2 / 3 * math.log(2 / 3)) / math.log(3)
    assert e1 == pytest.approx(0.579380, abs=1e-6)
    # col2: p = [0, 0, 1]; e2 = −(1/ln 3)(1 · ln 1) = 0 (0 · ln 0 = 0)
    d1, d2 = 1 - e1, 1.0
    w = entropy_weights_array(np.array([[1, 2], [2, 2], [3, 2.1]]))
    np.testing.assert_allclose(w, [d1 / (d1 + d2), d2 / (d1 + d2)], rtol=1e-12)
    np.testing.assert_allclose(w, [0.296082, 0.703918], atol=1e-6)


def test_entropy_by_hand_raw_and_shift() -> None:
    x = np.array([[1.0, 2.0], [2.0, 2.0], [3.0, 2.1]])
    p1 = np.array([1, 2, 3]) / 6
    p2 = np.array([2, 2, 2.1]) / 6.1
    e = [-(p * np.log(p)).sum() / math.log(3) for p in (p1, p2)]
    d = 1 - np.array(e)
    np.testing.assert_allclose(entropy_weights_array(x, prenormalise="none"), d / d.sum())
    # the shift changes the weights (it is a modelling choice)
    shifted = entropy_weights_array(x, shift=0.01)
    assert not np.allclose(shifted, entropy_weights_array(x))
    with pytest.raises(AnalyticsError, match="non-negative"):
        entropy_weights_array(-x, prenormalise="none")


def test_entropy_on_frame_matches_array() -> None:
    x = np.array([[1.0, 5.0], [2.0, 3.0], [4.0, 4.0], [3.0, 9.0]])
    w = entropy_weights(long_frame(x))
    np.testing.assert_allclose([w["i0"], w["i1"]], entropy_weights_array(x))


def test_topsis_pymcdm_reference() -> None:
    # pymcdm README: min–max normalisation, weights [0.5, 0.5], benefit and cost criteria
    pref = topsis(
        np.array([[4, 4], [1, 5], [3, 2], [4, 2]]), np.array([0.5, 0.5]), np.array([1, -1])
    )
    np.testing.assert_allclose(pref, [0.6126, 0, 0.7829, 1.0], atol=5e-5)


def test_critic_by_hand() -> None:
    # two perfectly anti-correlated columns with equal spread: C_j = σ_j · (0 + 2) each → equal
    x = np.array([[1.0, 3.0], [2.0, 2.0], [3.0, 1.0]])
    assert critic_weights(long_frame(x)) == pytest.approx({"i0": 0.5, "i1": 0.5})
    # a third column equal to the first: its conflict with col 1 is 0
    x3 = np.array([[0.0, 1.0, 0.0], [0.5, 0.0, 0.5], [1.0, 1.0, 1.0]])
    # (already min–max normalised). r01 = r12 = 0 by symmetry, r02 = 1; the self term is 0:
    # C0 = σ0 (0 + 1 + 0), C1 = σ1 (1 + 0 + 1), C2 = σ2 (0 + 1 + 0); σ = (0.5, 1/√3, 0.5)
    c = np.array([0.5, 2 / 3**0.5, 0.5])
    w = critic_weights(long_frame(x3))
    np.testing.assert_allclose([w["i0"], w["i1"], w["i2"]], c / c.sum())


def test_retention_rules() -> None:
    lam = np.array([2.0, 0.9, 0.6, 0.5])  # shares .5 .725 .875 1
    assert retained_components(lam, rule="kaiser") == 1
    assert retained_components(lam, rule="cumulative") == 3
    assert retained_components(lam, rule="kaiser_or_cumulative") == 3
    assert retained_components(lam, rule="cumulative", share=0.7) == 2


def test_pca_weights_two_indicators_by_hand() -> None:
    # r > 0.6 → one component, v = (1, 1)/√2 → squared loadings 0.5 each → equal weights
    x = np.array([[1, 2], [2, 1], [3, 4], [4, 3], [5, 6], [6, 5]], dtype=float)
    pw = pca_weights(long_frame(x))
    assert pw.n_components == 1
    assert pw.weights == pytest.approx({"i0": 0.5, "i1": 0.5})
    np.testing.assert_allclose(pw.eigenvalues, [1 + 14.5 / 17.5, 1 - 14.5 / 17.5])


def test_framework_with_weights_reproduces_global_weights() -> None:
    fw = two_pillar_framework()
    g = {"i0": 0.2, "i1": 0.3, "i2": 0.5}
    out = framework_with_weights(fw, g)
    assert out.effective_weights() == pytest.approx(g)
    assert out.node("p1").weight == pytest.approx(0.5)
    assert out.node("i0").weight == pytest.approx(0.4)


@settings(max_examples=40, deadline=None)
@given(
    x=arrays(
        np.float64,
        st.tuples(st.integers(4, 12), st.integers(2, 5)),
        elements=st.floats(0, 1e4, allow_nan=False, allow_subnormal=False),
    )
)
def test_weights_sum_to_one(x: np.ndarray) -> None:
    if (np.ptp(x, axis=0) <= 1e-6 * (1 + np.abs(x).max())).any():
        return  # constant columns: weights undefined for some schemes
    names = [f"i{k}" for k in range(x.shape[1])]
    frame = long_frame(x)
    fw = flat_framework(names)
    for scheme in ("equal", "entropy", "critic"):
        try:
            w = weigh(frame, fw, scheme).effective_weights()  # type: ignore[arg-type]
        except AnalyticsError as err:  # CRITIC: all |r| = 1 leaves no conflict to weigh
            assert scheme == "critic" and "perfectly correlated" in str(err)
            continue
        assert sum(w.values()) == pytest.approx(1.0)
        assert all(v >= 0 for v in w.values())
