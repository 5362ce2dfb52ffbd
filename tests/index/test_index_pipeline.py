from __future__ import annotations

import warnings

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from analytics.exceptions import AnalyticsError, AnalyticsWarning, DataValidationError
from analytics.index import (
    IndexResult,
    aggregate,
    build_index,
    coherence,
    cronbach_alpha,
    data_availability,
    impute,
    kurtosis,
    screen,
    skewness,
    treat_outliers,
)
from tests.index.index_helpers import flat_framework, long_frame, two_pillar_framework


def panel(
    values: list[float | None], regions: list[str], years: list[int], indicator: str = "x"
) -> pl.DataFrame:
    return pl.DataFrame(
        {"region": regions, "year": years, "indicator": [indicator] * len(values), "value": values},
        schema_overrides={"value": pl.Float64},
    )


def test_impute_methods_and_flags() -> None:
    f = panel([1.0, None, 3.0, 5.0], ["a", "b", "c", "d"], [2020] * 4)
    out = impute(f, method="mean")
    assert out["value"].to_list() == [1.0, 3.0, 3.0, 5.0]
    assert out["imputed"].to_list() == [False, True, False, False]
    g = impute(f, method="group_mean", groups={"a": "east", "b": "east", "c": "west", "d": "west"})
    assert g["value"].to_list() == [1.0, 1.0, 3.0, 5.0]
    t = panel([1.0, None, 5.0, None], ["a"] * 4, [2020, 2021, 2022, 2023])
    it = impute(t, method="interpolate")
    assert it["value"].to_list() == [1.0, 3.0, 5.0, None]  # no extrapolation
    assert it["imputed"].to_list() == [False, True, False, False]
    assert impute(t, method="none")["imputed"].to_list() == [False] * 4


def test_screening() -> None:
    f = pl.concat(
        [
            panel([1.0, 2.0], ["a", "b"], [2020] * 2, "x"),
            panel([None, 2.0], ["a", "b"], [2020] * 2, "y"),
            panel([None, 2.0], ["a", "b"], [2020] * 2, "z"),
        ]
    )
    av = data_availability(f)
    assert av["availability"].to_list() == pytest.approx([1 / 3, 1.0])
    assert screen(f, min_availability=0.5)["region"].unique().to_list() == ["b"]


def test_coinr_outlier_rules() -> None:
    # skew/kurt formulas (COINr): Σ(x−m)³/(n sd³), Σ(x−m)⁴/(n sd⁴) − 3, sample sd
    x = np.array([1.0, 2.0, 3.0, 10.0])
    m, sd, n = 4.0, np.sqrt(((x - 4) ** 2).sum() / 3), 4
    assert skewness(x) == pytest.approx(((x - m) ** 3).sum() / (n * sd**3))
    assert kurtosis(x) == pytest.approx(((x - m) ** 4).sum() / (n * sd**4) - 3)
    # one extreme point: Winsorised to the next value
    vals = [1.0] * 6 + [2.0] * 5 + [40.0]
    f = panel(vals, [f"r{i}" for i in range(12)], [2020] * 12)
    out, rep = treat_outliers(f)
    assert rep["treatment"].to_list() == ["winsorised"] and rep["n_winsorised"].item() == 1
    assert sorted(out["value"].to_list())[-1] == 2.0
    # heavy tail that 1 point of Winsorisation cannot fix → log transform
    heavy = [1.0] * 26 + [50.0, 200.0, 1000.0, 5000.0]
    f2 = panel(heavy, [f"r{i}" for i in range(30)], [2020] * 30)
    _, rep2 = treat_outliers(f2, winmax=1)
    assert rep2["treatment"].item() == "log"
    assert abs(rep2["skew_after"].item()) < abs(rep2["skew_before"].item())
    out3, rep3w = treat_outliers(f2)  # 3 points of Winsorisation suffice (winmax 5)
    assert rep3w["n_winsorised"].item() == 3 and out3["value"].max() == 50.0
    # a well-behaved indicator is left alone
    _, rep3 = treat_outliers(panel([1.0, 2.0, 3.0, 4.0], ["a", "b", "c", "d"], [2020] * 4))
    assert rep3["treatment"].item() == "none"


def test_aggregation_by_hand_and_threshold() -> None:
    fw = two_pillar_framework()  # idx = 0.6 p1(i0, i1) + 0.4 p2(i2)
    f = long_frame(np.array([[1.0, 4.0, 2.0], [2.0, 2.0, 2.0]]))
    s = aggregate(f, fw, method="arithmetic")
    idx = s.filter(pl.col("node") == "idx").sort("region")["value"].to_list()
    assert idx == pytest.approx([0.6 * 2.5 + 0.4 * 2, 2.0])
    g = aggregate(f, fw, method="geometric").filter(pl.col("node") == "p1").sort("region")
    assert g["value"].to_list() == pytest.approx([2.0, 2.0])
    h = aggregate(f, fw, method="harmonic").filter(pl.col("node") == "p1").sort("region")
    assert h["value"].to_list() == pytest.approx([2 / (1 / 1 + 1 / 4), 2.0])
    # i1 missing for r00: with threshold 1 the pillar is missing, with 0.5 it uses i0 only
    miss = f.with_columns(
        pl.when((pl.col("region") == "r00") & (pl.col("indicator") == "i1"))
        .then(None)
        .otherwise(pl.col("value"))
        .alias("value")
    )
    strict = aggregate(miss, fw, threshold=1.0).filter(pl.col("node") == "p1").sort("region")
    assert strict["value"].to_list() == [None, 2.0]
    lax = aggregate(miss, fw, threshold=0.5).filter(pl.col("node") == "p1").sort("region")
    assert lax["value"].to_list() == [1.0, 2.0]
    with pytest.raises(AnalyticsError, match="positive"):
        aggregate(f.with_columns(pl.lit(0.0).alias("value")), fw, method="geometric")


@settings(max_examples=40, deadline=None)
@given(
    x=arrays(
        np.float64,
        st.tuples(st.integers(2, 6), st.integers(2, 5)),
        elements=st.floats(0.01, 1e3, allow_nan=False, allow_subnormal=False),
    )
)
def test_harmonic_le_geometric_le_arithmetic(x: np.ndarray) -> None:
    names = [f"i{k}" for k in range(x.shape[1])]
    fw = flat_framework(names)
    f = long_frame(x)
    top = {
        m: aggregate(f, fw, method=m)
        .filter(pl.col("node") == "idx")
        .sort("region")["value"]
        .to_numpy()
        for m in ("arithmetic", "geometric", "harmonic")
    }
    assert (top["geometric"] <= top["arithmetic"] * (1 + 1e-9)).all()
    assert (top["harmonic"] <= top["geometric"] * (1 + 1e-9)).all()


@settings(max_examples=30, deadline=None)
@given(
    x=arrays(
        np.float64,
        st.tuples(st.integers(3, 8), st.integers(2, 4)),
        elements=st.floats(0, 100, allow_nan=False, allow_subnormal=False),
    ),
    norm=st.sampled_from(["minmax", "zscore", "rank", "percentile_rank"]),
    agg=st.sampled_from(["arithmetic", "geometric", "harmonic"]),
    lower=st.booleans(),
)
def test_dominating_unit_ranks_first(x: np.ndarray, norm: str, agg: str, lower: bool) -> None:
    names = [f"i{k}" for k in range(x.shape[1])]
    dirs = [-1 if (lower and k == 0) else 1 for k in range(x.shape[1])]
    x = x.copy()
    best = x.max(axis=0) + 1.0
    best[0] = x[:, 0].min() - 1.0 if lower else best[0]  # lower is better for i0
    x = np.vstack([x, best])
    opts: dict[str, object] = {
        "minmax": {"range": (1, 100)},
        "zscore": {"mean_sd": (100, 10)},
        "rank": {},
        "percentile_rank": {},
    }[norm]
    res = build_index(
        long_frame(x),
        flat_framework(names, dirs),
        normalisation=norm,  # type: ignore[arg-type]
        normalisation_options=opts,
        aggregation=agg,
    )  # type: ignore[arg-type]
    first = res.index().filter(pl.col("rank") == 1)["region"].to_list()
    assert first == [f"r{x.shape[0] - 1:02d}"]


def test_index_result_views(research_obs: pl.DataFrame, handbook: object) -> None:
    res = build_index(research_obs, handbook)  # type: ignore[arg-type]
    assert isinstance(res, IndexResult)
    idx = res.index()
    assert idx.height == 310 and idx["rank"].max() == 31
    assert set(res.to_frame()["level"].unique()) == {1, 2, 3, 4}
    assert res.to_frame(level=3)["node"].n_unique() == 3
    w = res.weights()
    assert w.filter(pl.col("is_indicator"))["effective_weight"].sum() == pytest.approx(1.0)
    assert "adding a year changes every value" in res.summary()
    assert "<table>" in res._repr_html_()
    assert {"imputed", "normalised"} <= set(res.stages)


def test_unknown_indicator_in_data() -> None:
    fw = flat_framework(["i0", "i0x"])
    with pytest.raises(DataValidationError, match="unknown indicator `i0x` — did you mean `i0`"):
        build_index(long_frame(np.array([[1.0], [2.0]])), fw)


def test_coherence_and_negative_warning() -> None:
    rng = np.random.default_rng(3)
    a = rng.normal(size=40)
    x = np.column_stack([a, a + rng.normal(scale=0.3, size=40), -a + 0.0])
    fw = flat_framework(["i0", "i1", "i2"])
    res = build_index(long_frame(x), fw)
    with pytest.warns(AnalyticsWarning, match="`i2` correlates negatively"):
        coh = coherence(res)
    assert coh.with_parent.filter(pl.col("negative"))["node"].to_list() == ["i2"]
    assert coh.pillars["n_indicators"].to_list() == [3]
    # alpha by hand: k/(k−1)(1 − Σ var_i / var(Σ x_i))
    v = np.array([[1.0, 2.0], [2.0, 3.0], [3.0, 5.0]])
    assert cronbach_alpha(v) == pytest.approx(2 * (1 - (1 + 7 / 3) / (19 / 3)))
    res_ok = build_index(long_frame(x[:, :2]), flat_framework(["i0", "i1"]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        coherence(res_ok)


def test_research_coherence_and_weight_options(
    research_obs: pl.DataFrame, handbook: object
) -> None:
    res = build_index(research_obs, handbook)  # type: ignore[arg-type]
    coh = coherence(res)  # no indicator is negatively correlated with its sub-pillar
    assert coh.across.group_by("level").len().sort("level")["len"].to_list() == [49, 9]
    assert coh.pillars.height == 11 and (coh.pillars["cronbach_alpha"] > 0).all()
    a = build_index(research_obs, handbook, weights="entropy")  # type: ignore[arg-type]
    b = build_index(
        research_obs,
        handbook,
        weights="entropy",  # type: ignore[arg-type]
        weight_options={"shift": 0.01},
    )
    wa = a.weights().filter(pl.col("is_indicator"))["effective_weight"]
    wb = b.weights().filter(pl.col("is_indicator"))["effective_weight"]
    assert wa.sum() == pytest.approx(1.0) and wb.sum() == pytest.approx(1.0)
    assert (wa - wb).abs().max() > 1e-4
    assert "shift" in str(b.choices["weights"])
