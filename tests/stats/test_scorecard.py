"""Target statuses by rule, each case worked by hand."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from analytics.stats.scorecard import score_targets

AS_OF = date(2026, 11, 28)


def _one(as_of: date = AS_OF, **row: object) -> dict[str, object]:
    base = {
        "direction": "higher",
        "baseline_value": 100.0,
        "baseline_year": 2020,
        "target_value": 200.0,
        "target_year": 2030,
        "latest_value": None,
        "latest_end": None,
        "latest_year": None,
        "has_evidence": False,
        "probability": None,
    }
    base.update(row)
    return score_targets(pl.DataFrame([base]), as_of=as_of).row(0, named=True)


def test_tianjin_5g_stations_achieved_from_the_end_2023_stock() -> None:
    # 73,000 was stated on 2024-03-25 and most likely measures the end-2023 stock
    r = _one(
        baseline_value=33000.0,
        target_value=70000.0,
        target_year=2025,
        latest_value=73000.0,
        latest_end=date(2023, 12, 31),
        latest_year=2023,
    )
    assert (r["status"], r["final"]) == ("achieved", "achieved")
    # (73,000 − 33,000) / (70,000 − 33,000) = 40,000 / 37,000
    assert r["progress_pct"] == pytest.approx(40000 / 37000 * 100)
    assert r["age_months"] == 34  # 31 Dec 2023 → 28 Nov 2026: 34 whole months


def test_the_age_runs_from_the_end_of_the_period_measured_to_the_readers_date() -> None:
    row = {
        "baseline_value": 33000.0,
        "target_value": 70000.0,
        "target_year": 2025,
        "latest_value": 73000.0,
        "latest_end": date(2023, 12, 31),
        "latest_year": 2023,
    }
    frame = pl.DataFrame([{**_one(), **row}]).select(list(row))
    at_eval = score_targets(frame, as_of=date(2025, 12, 31)).row(0, named=True)
    read = score_targets(frame, as_of=date(2025, 12, 31), age_at=date(2026, 12, 3))
    assert at_eval["age_months"] == 24  # end-2023 → end-2025
    assert read["age_months"][0] == 35  # end-2023 → 3 Dec 2026 (36 on 31 Dec 2026)


def test_pace_decides_between_on_track_at_risk_and_off_track() -> None:
    # the pace is taken at the evaluation date: end-2020 → end-2030 is 3,652 days, and
    # 31 Dec 2025 is 1,826 days in: elapsed 50.0 %
    end = {"latest_end": date(2025, 12, 31), "latest_year": 2025, "as_of": date(2025, 12, 31)}
    elapsed = 1826 / 3652 * 100
    on = _one(latest_value=151.0, **end)  # progress 51 % ≥ 50 %
    risk = _one(latest_value=140.0, **end)  # 40 %: within 15 points below
    off = _one(latest_value=130.0, **end)  # 30 %: further below
    assert on["elapsed_pct"] == pytest.approx(elapsed)
    assert (on["status"], risk["status"], off["status"]) == ("on_track", "at_risk", "off_track")
    assert on["final"] is None  # the target year is not over


def test_a_forecast_probability_overrides_the_pace() -> None:
    end = {"latest_value": 151.0, "latest_end": date(2025, 12, 31), "latest_year": 2025}
    assert _one(probability=0.8, **end)["status"] == "on_track"
    assert _one(probability=0.5, **end)["status"] == "at_risk"
    assert _one(probability=0.1, **end)["status"] == "off_track"


def test_a_stale_figure_is_paced_at_the_evaluation_date_not_its_own() -> None:
    # 5G evaluated at 2023-12-31 knows only the 2020 baseline (73,000 was stated in March 2024):
    # progress 0 %, while 3 of the 5 years (1,095 of 1,826 days) have gone → off track
    r = _one(
        as_of=date(2023, 12, 31),
        baseline_value=33000.0,
        target_value=70000.0,
        target_year=2025,
        latest_value=33000.0,
        latest_end=date(2020, 12, 31),
        latest_year=2020,
    )
    assert r["elapsed_pct"] == pytest.approx(1095 / 1826 * 100)
    assert r["progress_pct"] == 0.0 and r["status"] == "off_track"


def test_final_verdicts_once_the_target_year_is_over() -> None:
    missed = _one(
        target_year=2025, latest_value=150.0, latest_end=date(2025, 12, 31), latest_year=2025
    )
    assert (missed["final"], missed["status"]) == ("not_achieved", "not_achieved")
    old = _one(
        target_year=2025,
        latest_value=150.0,
        latest_end=date(2023, 12, 31),
        latest_year=2023,
        probability=0.9,
    )
    # no figure for 2025 itself: no verdict, and never "on track" once the year is over
    assert (old["final"], old["status"]) == ("unknown", "no_data")
    late = _one(
        target_year=2025,
        latest_value=210.0,
        latest_end=date(2026, 12, 31),
        latest_year=2026,
        best_by_target=190.0,
    )
    assert late["final"] == "unknown"  # met in 2026, not by the end of 2025
    lower = _one(
        direction="lower",
        baseline_value=10.0,
        target_value=5.0,
        target_year=2025,
        latest_value=4.5,
        latest_end=date(2025, 6, 30),
        latest_year=2025,
    )
    assert (lower["status"], lower["final"]) == ("achieved", "achieved")


def test_words_and_missing_figures() -> None:
    words = _one(
        target_value=None,
        latest_value=7.2,
        latest_end=date(2024, 3, 31),
        latest_year=2024,
        has_evidence=True,
    )
    assert words["status"] == "qualitative"
    assert _one(target_value=None)["status"] == "not_measurable"
    nothing = _one(target_year=2025)
    assert (nothing["status"], nothing["final"]) == ("not_measurable", "unknown")


def test_evaluated_on_the_last_day_of_the_target_year_the_verdict_is_final() -> None:
    end = {
        "target_year": 2025,
        "latest_value": 150.0,
        "latest_end": date(2025, 12, 31),
        "latest_year": 2025,
    }
    assert _one(as_of=date(2025, 12, 31), **end)["final"] == "not_achieved"
    assert _one(as_of=date(2025, 12, 30), **end)["final"] is None


def test_a_progress_across_two_vintages_is_not_computed() -> None:
    # China's core digital-economy share: 7.8 % (2020, GDP before the 5th economic census) and
    # 9.9 % (2023, census basis); (9.9 − 7.8) / (10 − 7.8) = 95.45 % would mix the two bases
    r = _one(
        as_of=date(2024, 12, 31),
        baseline_value=7.8,
        target_value=10.0,
        target_year=2025,
        latest_value=9.9,
        latest_end=date(2023, 12, 31),
        latest_year=2023,
        baseline_vintage="published",
        latest_vintage="nbs_5th_census",
    )
    assert r["progress_pct"] is None and r["progress_note"] == "bases_differ"
    same = _one(
        as_of=date(2024, 12, 31),
        baseline_value=7.8,
        target_value=10.0,
        target_year=2025,
        latest_value=9.9,
        latest_end=date(2023, 12, 31),
        latest_year=2023,
        baseline_vintage="x",
        latest_vintage="x",
    )
    assert same["progress_pct"] == pytest.approx(2.1 / 2.2 * 100)
