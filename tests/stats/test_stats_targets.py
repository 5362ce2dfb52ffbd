from __future__ import annotations

import itertools
import math

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from analytics.exceptions import AnalyticsError
from analytics.stats import STATUSES, classify_status, target_table

RANK = {s: i for i, s in enumerate(STATUSES)}


def levels(values: list[float], start: int = 2017, indicator: str = "x") -> pl.DataFrame:
    return pl.DataFrame(
        {
            "indicator": indicator,
            "region": "120000",
            "period": [str(start + i) for i in range(len(values))],
            "value": values,
        }
    )


def one_target(value: float | None, year: int, kind: str = "level", **extra: str) -> pl.DataFrame:
    return pl.DataFrame(
        {"indicator": ["x"], "target_value": [value], "target_year": [year], "kind": [kind]},
        schema_overrides={"target_value": pl.Float64},
    ).with_columns(pl.lit(v).alias(k) for k, v in extra.items())


@pytest.mark.parametrize(
    ("last", "p", "expected"),
    [
        (100.0, None, "achieved"),
        (120.0, 0.0, "achieved"),
        # the one rule of every card and the scorecard: on track at P ≥ 0.7, off track below 0.3
        (90.0, 0.7, "on_track"),
        (90.0, 0.69, "at_risk"),
        (90.0, 0.3, "at_risk"),
        (90.0, 0.29, "off_track"),
        (90.0, None, "unknown"),
    ],
)
def test_documented_rule(last: float, p: float | None, expected: str) -> None:
    assert classify_status(last, 100.0, p) == expected


def test_rule_lower_is_better_and_deadline() -> None:
    assert classify_status(0.9, 1.0, None, direction="lower") == "achieved"
    assert classify_status(1.1, 1.0, 0.9, direction="lower") == "on_track"
    # a missed deadline is a final verdict, never a pace
    assert classify_status(90.0, 100.0, 0.99, deadline_passed=True) == "not_achieved"
    assert classify_status(90.0, 100.0, 0.5, on_track=0.5) == "on_track"


def test_gap_and_required_growth_by_hand() -> None:
    out = target_table(levels([50.0, 55.0, 60.0, 64.0]), one_target(100.0, 2025)).row(0, named=True)
    assert out["last_period"] == "2020"
    assert out["gap"] == 36.0
    assert out["completion_pct"] == pytest.approx(64.0)
    assert out["years_left"] == 5
    # (100 / 64) ** (1 / 5) - 1 = 1.5625 ** 0.2 - 1 = 0.093362...
    assert out["required_growth_pct"] == pytest.approx(9.3362, abs=1e-4)
    assert out["probability_method"] == "drift_in_logs"
    assert "P ≥ 0.7 on_track" in out["rule"]


def test_drift_probability_by_hand() -> None:
    vals = [100.0, 110.0, 115.0, 130.0, 140.0]
    out = target_table(levels(vals), one_target(160.0, 2023)).row(0, named=True)
    # log growth rates before the last observation: 2018, 2019, 2020 (not 2021's)
    g = [math.log(b / a) for a, b in itertools.pairwise(vals[:-1])]
    d, s, m, h = np.mean(g), np.std(g, ddof=1), len(g), 2
    z = (np.log(140.0) + h * d - np.log(160.0)) / (s * np.sqrt(h + h**2 / m))
    assert out["probability"] == pytest.approx(stats.t.cdf(z, df=m - 1))
    assert out["trend_growth_pct"] == pytest.approx((np.exp(d) - 1) * 100)


def test_lower_is_better_flips_the_probability() -> None:
    falling = levels([10.0, 9.0, 8.5, 8.0, 7.2, 7.0])  # e.g. energy use per unit of GDP
    up = target_table(falling, one_target(6.0, 2025, direction="higher")).row(0, named=True)
    down = target_table(falling, one_target(6.0, 2025, direction="lower")).row(0, named=True)
    assert down["probability"] == pytest.approx(1 - up["probability"])
    assert up["status"] == "achieved"  # 7.0 >= 6.0 when higher is better
    assert down["probability"] > 0.8
    assert down["status"] == "on_track"


def test_given_probabilities_are_used() -> None:
    probs = pl.DataFrame(
        {
            "indicator": ["x"],
            "region": ["120000"],
            "probability": [0.5],
            "probability_method": ["ETS"],
        }
    )
    row = target_table(levels([1.0, 2.0, 3.0]), one_target(10.0, 2025), probabilities=probs)
    assert row["status"][0] == "at_risk"
    assert "(P: ETS)" in row["rule"][0]


def test_too_short_for_a_probability_is_unknown_unless_achieved() -> None:
    assert target_table(levels([1.0, 2.0]), one_target(10.0, 2025))["status"][0] == "unknown"
    assert target_table(levels([1.0]), one_target(1.0, 2025))["status"][0] == "achieved"
    missing = target_table(levels([None, None]), one_target(1.0, 2025))
    assert missing["status"].to_list() == ["unknown"]
    assert missing["last_value"].to_list() == [None]
    steady = one_target(None, 2025, kind="steady_increase")
    assert target_table(levels([None, None]), steady)["status"].to_list() == ["unknown"]


def test_missed_deadline_is_not_achieved() -> None:
    missed = target_table(levels([1.0, 2.0, 3.0]), one_target(10.0, 2019))
    assert missed["status"][0] == "not_achieved"


def test_the_card_rule_and_the_scorecard_agree() -> None:
    # one rule: the same P gives the same status on a card (classify_status) and in the
    # scorecard (score_targets), where the two rules once disagreed (0.8 against 0.7)
    from datetime import date

    from analytics.stats import score_targets

    row = {
        "direction": "higher",
        "baseline_value": 50.0,
        "baseline_year": 2020,
        "target_value": 100.0,
        "target_year": 2030,
        "latest_value": 90.0,
        "latest_end": date(2024, 12, 31),
        "latest_year": 2024,
        "has_evidence": True,
    }
    for p in (0.75, 0.5, 0.1):
        scored = score_targets(pl.DataFrame([{**row, "probability": p}]), as_of=date(2025, 6, 30))
        assert scored["status"][0] == classify_status(90.0, 100.0, p)


def test_steady_increase_rule() -> None:
    tgt = one_target(None, 2025, kind="steady_increase")
    assert target_table(levels([1.0, 2.0, 3.0, 4.0]), tgt)["status"][0] == "on_track"
    assert target_table(levels([1.0, 2.0, 1.5, 4.0]), tgt)["status"][0] == "at_risk"
    assert target_table(levels([4.0, 3.0, 2.0, 1.0]), tgt)["status"][0] == "off_track"
    gap = pl.concat([levels([1.0, 2.0], 2017), levels([3.0, 4.0], 2020)])
    assert target_table(gap, tgt)["status"][0] == "unknown"
    assert "rose in all last 3 years" in target_table(levels([1.0, 2.0]), tgt)["rule"][0]


def test_full_coverage_rule() -> None:
    tgt = one_target(None, 2025, kind="full_coverage")
    assert target_table(levels([80.0, 90.0, 95.0, 100.0]), tgt)["status"][0] == "achieved"
    assert target_table(levels([80.0, 90.0, 95.0, 99.0]), tgt)["status"][0] == "on_track"


def test_bad_kind_and_missing_columns() -> None:
    with pytest.raises(AnalyticsError, match="not one of"):
        target_table(levels([1.0]), one_target(1.0, 2025, kind="more"))
    with pytest.raises(AnalyticsError, match="direction 'up'"):
        target_table(levels([1.0]), one_target(1.0, 2025, direction="up"))
    with pytest.raises(AnalyticsError, match="target_year"):
        target_table(levels([1.0]), pl.DataFrame({"indicator": ["x"]}))


def test_targets_per_region_and_for_all_regions() -> None:
    panel = pl.concat(
        [
            levels([1.0, 2.0, 3.0, 4.0]),
            levels([1.0, 2.0, 3.0, 4.0]).with_columns(region=pl.lit("1")),
        ]
    )
    per_region = one_target(4.0, 2025).with_columns(region=pl.lit("1"))
    assert target_table(panel, per_region)["region"].to_list() == ["1"]
    assert target_table(panel, one_target(4.0, 2025)).height == 2


series_strategy = st.lists(st.floats(1.0, 1000.0), min_size=4, max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    values=series_strategy,
    bump=st.floats(0.0, 500.0),
    target=st.floats(1.0, 2000.0),
    years_ahead=st.integers(-2, 8),
    kind=st.sampled_from(["level", "steady_increase", "full_coverage"]),
    direction=st.sampled_from(["higher", "lower"]),
)
def test_status_is_monotone_in_the_last_value(
    values: list[float],
    bump: float,
    target: float,
    years_ahead: int,
    kind: str,
    direction: str,
) -> None:
    lo = levels(values)
    hi = levels([*values[:-1], values[-1] + bump])
    last_year = 2017 + len(values) - 1
    tgt = one_target(target, last_year + years_ahead, kind=kind, direction=direction)
    s_lo = target_table(lo, tgt)["status"][0]
    s_hi = target_table(hi, tgt)["status"][0]
    assert "unknown" not in (s_lo, s_hi)
    if direction == "higher":
        assert RANK[s_hi] <= RANK[s_lo]
    else:
        assert RANK[s_hi] >= RANK[s_lo]
