"""The scorecard rule (docs/scorecard.md), pinned by hand calculations and for Tianjin's plan."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import polars as pl
import pytest

from analytics.catalog import get_plan, load_plan
from analytics.io import read_plan_observations
from analytics.stats import scorecard, scorecard_headline, target_table

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 28)


def _targets(**over: object) -> pl.DataFrame:
    row = {
        "indicator": "x",
        "direction": "higher",
        "baseline_value": 100.0,
        "baseline_year": 2020,
        "target_value": 200.0,
        "target_year": 2025,
        "target_kind": "level",
        "bound": "reach",
        "n_evidence": 0,
    }
    row.update(over)
    return pl.DataFrame([row])


def _obs(*pairs: tuple[str, float]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "indicator": "x",
            "period": [p for p, _ in pairs],
            "value": [v for _, v in pairs],
            "source": "s",
        },
        schema={
            "indicator": pl.String,
            "period": pl.String,
            "value": pl.Float64,
            "source": pl.String,
        },
    )


def _row(targets: pl.DataFrame, obs: pl.DataFrame, as_of: dt.date = AS_OF) -> dict[str, object]:
    return scorecard(
        targets,
        obs,
        as_of=as_of,
        probabilities=pl.DataFrame(schema={"indicator": pl.String, "probability": pl.Float64}),
    ).row(0, named=True)


def test_all_is_exact() -> None:
    sc = importlib.import_module("analytics.stats.scorecard")
    assert sorted(sc.__all__) == sorted(
        [
            "PLAN_STATUSES",
            "VERDICTS",
            "PlanStatus",
            "ScorecardHeadline",
            "Verdict",
            "period_month_expr",
            "scorecard",
            "scorecard_headline",
        ]
    )


# Baseline 100 (2020), target 200 (2025). A value dated 2023 (Dec) is 36 of 60 months in: e = 60 %.
@pytest.mark.parametrize(
    ("value", "progress", "status"),
    [
        (160.0, 60.0, "on_track"),  # p = 60/100 = e
        (151.0, 51.0, "at_risk"),  # 51 ≥ 60 − 10
        (150.0, 50.0, "at_risk"),  # the band's edge is inside
        (149.0, 49.0, "off_track"),
        (200.0, 100.0, "achieved"),
    ],
)
def test_progress_against_elapsed_time(value: float, progress: float, status: str) -> None:
    row = _row(_targets(), _obs(("2023", value)), as_of=dt.date(2024, 6, 1))
    assert row["progress_pct"] == pytest.approx(progress)
    assert row["elapsed_pct"] == pytest.approx(60.0)
    assert row["status"] == status
    assert row["verdict"] is None  # the period is not over
    assert row["age_months"] == 6  # Dec 2023 → Jun 2024


def test_lower_is_better_and_strict_bound() -> None:
    # baseline 50, target 20 (lower is better); 35 in 2023: p = (35−50)/(20−50) = 50 %, e = 60 %
    row = _row(
        _targets(direction="lower", baseline_value=50.0, target_value=20.0),
        _obs(("2023", 35.0)),
        as_of=dt.date(2024, 1, 1),
    )
    assert (row["progress_pct"], row["status"]) == (pytest.approx(50.0), "at_risk")
    # "more than 100": exactly 100 is not achieved
    row = _row(
        _targets(target_value=100.0, baseline_value=0.0, bound="more_than"), _obs(("2025", 100.0))
    )
    assert (row["status"], row["verdict"]) == ("on_track", "not_achieved")


def test_final_verdicts() -> None:
    # only a 2023 value that misses: the end-year value is unknown
    assert _row(_targets(), _obs(("2023", 150.0)))["verdict"] == "unknown"
    # the 2025 value misses: not achieved; a 2026 value reaching it is too late
    row = _row(_targets(), _obs(("2025", 190.0), ("2026", 210.0)))
    assert (row["status"], row["verdict"]) == ("achieved", "not_achieved")
    # a stock reached in 2024 counts for the 2025 verdict
    assert _row(_targets(), _obs(("2024", 205.0)))["verdict"] == "achieved"


def test_no_data_nan_and_qualitative() -> None:
    assert _row(_targets(), _obs())["status"] == "not_measurable"
    assert _row(_targets(), _obs(("2024", float("nan"))))["status"] == "not_measurable"
    assert _row(_targets(baseline_value=None), _obs(("2024", 150.0)))["status"] == "not_measurable"
    qual = _targets(target_kind="steady_increase", target_value=None, n_evidence=1)
    assert _row(qual, _obs())["status"] == "qualitative"
    assert _row(qual.with_columns(n_evidence=0), _obs())["status"] == "not_measurable"


@pytest.fixture(scope="module")
def tianjin() -> pl.DataFrame:
    plan = get_plan("tianjin_smart_city_14th")
    return scorecard(plan.targets_frame(), read_plan_observations(plan), as_of=AS_OF)


def test_tianjin_5g_base_stations_achieved(tianjin: pl.DataFrame) -> None:
    row = tianjin.filter(pl.col("indicator") == "fiveg_base_stations").row(0, named=True)
    # 7.3万个 stated 2024-03 (figures.csv:6) ≥ 70,000; 32 months before 2026-11
    assert (row["latest_value"], row["latest_period"], row["age_months"]) == (
        73000.0,
        "2024-03",
        32,
    )
    assert (row["status"], row["verdict"]) == ("achieved", "achieved")
    # (73,000 − 33,000) / (70,000 − 33,000) = 40,000 / 37,000
    assert row["progress_pct"] == pytest.approx(108.108108, abs=1e-6)


def test_tianjin_core_share_is_qualitative(tianjin: pl.DataFrame) -> None:
    row = tianjin.filter(pl.col("indicator") == "de_core_va_share").row(0, named=True)
    assert (row["status"], row["verdict"], row["n_values"]) == ("qualitative", "unknown", 1)
    assert (row["latest_value"], row["target_value"]) == (7.2, None)


def test_tianjin_others_are_not_measurable(tianjin: pl.DataFrame) -> None:
    none = tianjin.filter(pl.col("status") == "not_measurable")["indicator"].to_list()
    assert sorted(none) == sorted(
        [
            "fiveg_coverage",
            "digital_governance_scenarios",
            "fiveg_demo_scenarios",
            "smart_education_zones",
            "digital_village_pilots",
            "smart_community_pilots",
            "internet_hospitals",
            "smart_district_park_pilots",
        ]
    )


def test_tianjin_national_goal_and_headline(tianjin: pl.DataFrame) -> None:
    row = tianjin.filter(pl.col("indicator") == "de_core_va_share_national").row(0, named=True)
    # China 9.9 % (2023) from 7.8 % (2020) toward 10 %: 2.1 / 2.2; 36 of 60 months elapsed
    assert row["progress_pct"] == pytest.approx(2.1 / 2.2 * 100)
    assert row["elapsed_pct"] == pytest.approx(60.0)
    assert (row["status"], row["verdict"]) == ("on_track", "unknown")
    assert scorecard_headline(tianjin) == {
        "targets": 11,
        "achieved": 1,
        "unknown": 10,
        "final": True,
    }


def test_second_plan_evaluates_with_no_code() -> None:
    plan = load_plan(ROOT / "tests" / "data" / "plans" / "test_city_2030.yaml")
    obs = read_plan_observations(plan)
    card = scorecard(plan.targets_frame(), obs, as_of=dt.date(2026, 6, 1))
    assert card["status"].to_list() == ["on_track", "qualitative", "not_measurable"]
    assert card["verdict"].to_list() == [None, None, None]
    # P for GDP comes from target_table's drift model on the annual values
    p = target_table(
        obs.with_columns(pl.lit("-").alias("region")),
        pl.DataFrame(
            {"indicator": ["gdp_level"], "target_value": [25000.0], "target_year": [2030]}
        ),
        by=("indicator", "region"),
    )["probability"].item()
    assert card["probability"][0] == pytest.approx(p)
    # needs (25000/17931.3)^(1/6) − 1 = 5.7 %/yr against a 4.9 %/yr 2019–24 trend: below even odds
    assert 0.0 < p < 0.5
