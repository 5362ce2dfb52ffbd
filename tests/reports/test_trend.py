from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from analytics.reports.content._trend import fit_trend


def test_trend_matches_statsmodels_ols_prediction_interval() -> None:
    t = np.array([2021.0, 2022.58, 2023.33, 2024.0, 2025.0])
    y = np.array([1_425_000.0, 1_960_000.0, 2_730_000.0, 3_377_000.0, 4_251_000.0])
    trend = fit_trend(t, y)
    assert trend is not None
    ols = sm.OLS(np.log(y), sm.add_constant(t)).fit()
    pred = ols.get_prediction(np.array([[1.0, 2026.0]])).summary_frame(alpha=0.2)
    mid, lo, hi = trend.predict(np.array([2026.0]), 0.8)
    assert np.log(mid[0]) == pytest.approx(pred["mean"].iloc[0], rel=1e-10)
    assert np.log(lo[0]) == pytest.approx(pred["obs_ci_lower"].iloc[0], rel=1e-10)
    assert np.log(hi[0]) == pytest.approx(pred["obs_ci_upper"].iloc[0], rel=1e-10)
    # P(y ≥ the 80% upper bound) is 10% by construction
    assert trend.probability_at_least(float(hi[0]), 2026.0) == pytest.approx(0.10, abs=1e-9)


def test_too_few_points_give_no_trend() -> None:
    assert fit_trend(np.array([2020.0, 2024.25]), np.array([33000.0, 73000.0])) is None
