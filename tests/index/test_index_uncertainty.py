from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from analytics.exceptions import AnalyticsError
from analytics.index import (
    build_index,
    run_uncertainty,
    run_uncertainty_naive,
    sensitivity_indices,
)
from tests.index.index_helpers import flat_framework, long_frame, two_pillar_framework


@pytest.fixture(scope="module")
def small() -> pl.DataFrame:
    rng = np.random.default_rng(7)
    return long_frame(rng.uniform(1, 50, size=(3 * 8, 3)), years=3)


def test_reproducible_under_a_seed(small: pl.DataFrame) -> None:
    fw = two_pillar_framework()
    a = run_uncertainty(small, fw, n=300, seed=11)
    b = run_uncertainty(small, fw, n=300, seed=11)
    c = run_uncertainty(small, fw, n=300, seed=12)
    np.testing.assert_array_equal(a.samples, b.samples)
    assert a.sensitivity.equals(b.sensitivity) and a.ranks.equals(b.ranks)
    assert not np.array_equal(a.samples, c.samples)


def test_batched_equals_per_run_loop(small: pl.DataFrame) -> None:
    fw = two_pillar_framework()
    aggs = ("arithmetic", "geometric", "harmonic")
    res = run_uncertainty(small, fw, n=120, seed=3, aggregations=aggs)
    naive = run_uncertainty_naive(small, fw, n=120, seed=3, rows=25, aggregations=aggs)
    np.testing.assert_array_equal(naive, res.samples[:25])


def test_nominal_matches_build_index(small: pl.DataFrame) -> None:
    fw = two_pillar_framework()
    res = run_uncertainty(small, fw, n=60, seed=0)
    nominal = build_index(
        small, fw, normalisation="minmax", normalisation_options={"range": (1, 100)}
    ).index()
    joined = nominal.join(res.ranks, on=["year", "region"])
    assert (joined["rank"].cast(pl.Float64) == joined["nominal"]).all()


def test_design_and_sensitivity_shape(small: pl.DataFrame) -> None:
    fw = two_pillar_framework()
    res = run_uncertainty(small, fw, n=500, seed=1)
    # complete data: no imputation factor; 3 factors → n_base = 500 // 5
    assert res.sensitivity["factor"].to_list() == ["normalisation", "aggregation", "weights"]
    assert res.n_base == 100 and res.n_runs == 500
    assert (res.sensitivity["total"] >= 0).all()
    r = res.ranks
    assert ((r["p05"] <= r["median"]) & (r["median"] <= r["p95"])).all()
    no_noise = run_uncertainty(small, fw, n=100, seed=1, weight_noise=0.0)
    assert "weights" not in no_noise.sensitivity["factor"].to_list()
    assert "Saltelli" in res.summary()


def test_imputation_factor_when_data_missing() -> None:
    rng = np.random.default_rng(2)
    x = rng.uniform(1, 10, size=(3 * 6, 2))
    x[7, 1] = np.nan
    f = long_frame(x, years=3).with_columns(pl.col("value").fill_nan(None))
    res = run_uncertainty(f, flat_framework(["i0", "i1"]), n=200, seed=0)
    assert res.sensitivity["factor"].to_list()[0] == "imputation"


def test_dominating_unit_always_first() -> None:
    x = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 3.0], [1.5, 2.5]])
    res = run_uncertainty(long_frame(x), flat_framework(["i0", "i1"]), n=100, seed=0)
    top = res.ranks.filter(pl.col("region") == "r02")
    assert top["p95"].item() == 1.0 and top["nominal"].item() == 1.0


def test_non_positive_normalisation_refused_for_geometric(small: pl.DataFrame) -> None:
    with pytest.raises(AnalyticsError, match="positive"):
        run_uncertainty(
            small,
            two_pillar_framework(),
            n=10,
            normalisations=(("zscore", {}),),
            aggregations=("geometric",),
        )


@pytest.mark.slow
def test_research_panel_10000_runs(research_obs: pl.DataFrame, handbook: object) -> None:
    res = run_uncertainty(research_obs, handbook, n=10_000, seed=0)  # type: ignore[arg-type]
    assert res.n_runs == 10_000
    assert res.ranks.height == 310


def test_estimators_on_a_model_with_known_indices() -> None:
    """Y = X1 + 2·X2·X3 with X ~ U(0, 1) independent.

    V = 1/12 + 4·Var(X2 X3) with Var(X2 X3) = 1/9 − 1/16 = 7/144 → V = 12/144 + 28/144 = 40/144.
    V1 = 1/12 = 12/144 → S1 = 0.3; S2 = S3 = 4·Var(E[X2 X3 | X2]) / V = 4·(1/48)/V = 0.3;
    ST2 = ST3 = (4·Var(X2 X3) − 4·(1/48)) / V + S2 = 0.4; ST1 = S1 (additive term).
    """
    rng = np.random.default_rng(5)
    a, b = rng.random((2, 200_000, 3))

    def f(x: np.ndarray) -> np.ndarray:
        return x[:, 0] + 2 * x[:, 1] * x[:, 2]

    expected = [(0.3, 0.3), (0.3, 0.4), (0.3, 0.4)]
    for i, (s_exp, st_exp) in enumerate(expected):
        ab = a.copy()
        ab[:, i] = b[:, i]
        s, st = sensitivity_indices(f(a), f(b), f(ab))
        assert float(s) == pytest.approx(s_exp, abs=0.02)
        assert float(st) == pytest.approx(st_exp, abs=0.02)


def test_batched_equals_loop_with_gaps_and_threshold() -> None:
    rng = np.random.default_rng(4)
    x = rng.uniform(1, 10, size=(3 * 6, 3))
    x[0, 1] = np.nan  # first year: interpolation cannot fill it, the mean can
    x[1, 0] = np.nan
    f = long_frame(x, years=3).with_columns(pl.col("value").fill_nan(None))
    fw = two_pillar_framework()
    kw = {
        "n": 150,
        "seed": 9,
        "threshold": 0.6,
        "aggregations": ("arithmetic", "geometric", "harmonic"),
    }
    res = run_uncertainty(f, fw, **kw)  # type: ignore[arg-type]
    naive = run_uncertainty_naive(f, fw, rows=40, **kw)  # type: ignore[arg-type]
    np.testing.assert_array_equal(naive, res.samples[:40])
    assert np.isnan(res.samples).any()  # below the threshold a score is missing, not computed
