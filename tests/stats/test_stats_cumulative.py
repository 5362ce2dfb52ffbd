from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.exceptions import AnalyticsError
from analytics.stats import check_cumulative_identity, single_to_ytd, ytd_to_single


def test_worked_example_cumulative_to_single(retail_ytd: pl.DataFrame) -> None:
    # Worked example (illustrative numbers, see the fixture), cumulative → single month (亿元):
    #   1—2月 81307                          → the combined period's own flow: 81307
    #   1—3月 120327 − 1—2月 81307 = 39020    → March (published 3月: 39020)
    #   1—4月 156026 − 1—3月 120327 = 35699   → April (published 4月: 35699)
    #   1—5月 195237 − 1—4月 156026 = 39211   → May (published 5月: 39211)
    # January alone is not derivable (missing, not zero); March is the first single month.
    out = ytd_to_single(retail_ytd)
    assert out["period"].to_list() == ["2024-01/02", "2024-03", "2024-04", "2024-05"]
    assert out["value"].to_list() == pytest.approx([81307.0, 39020.0, 35699.0, 39211.0])
    assert "2024-01" not in out["period"].to_list()
    assert set(out["measure"]) == {"level"}
    assert set(out["derivation"]) == {"computed"}
    assert set(out["unit"]) == {"亿元"}
    assert set(out["source"]) == {"worked_example"}
    assert out["flag"].null_count() == 4


def test_identity_failures_are_flagged_not_hidden(retail_ytd: pl.DataFrame) -> None:
    published = retail_ytd.with_columns(
        pl.Series("value", [81307.0, 39020.0, 35699.0, 39500.0]), measure=pl.lit("level")
    )
    out = check_cumulative_identity(retail_ytd, published)
    assert out["identity_ok"].to_list() == [True, True, True, False]
    assert out["difference"][3] == pytest.approx(39211.0 - 39500.0)
    assert published["value"][3] == 39500.0


def test_never_differences_across_years(make_series) -> None:
    df = make_series({"2023-11": 900.0, "2023-12": 1000.0, "2024-01/02": 150.0, "2024-03": 240.0})
    out = ytd_to_single(df)
    assert out["value"].to_list() == pytest.approx([None, 100.0, 150.0, 90.0], nan_ok=True)
    assert out["flag"].to_list() == ["no_previous_period", None, None, None]


def test_missing_previous_month_is_null_not_filled(make_series) -> None:
    out = ytd_to_single(make_series({"2024-01/02": 100.0, "2024-04": 220.0, "2024-05": 300.0}))
    assert out["value"].to_list() == [100.0, None, 80.0]
    assert out["flag"][1] == "no_previous_period"


def test_quarters_from_monthly_and_quarterly_ytd(make_series) -> None:
    monthly = make_series(
        {"2024-01/02": 60.0, "2024-03": 100.0, "2024-06": 230.0, "2024-09": 350.0}
    )
    q = ytd_to_single(monthly, to="quarter")
    assert q["period"].to_list() == ["2024Q1", "2024Q2", "2024Q3"]
    assert q["value"].to_list() == pytest.approx([100.0, 130.0, 120.0])
    quarterly = make_series({"2024Q1": 100.0, "2024Q2": 230.0, "2024Q4": 500.0})
    assert ytd_to_single(quarterly)["value"].to_list() == [100.0, 130.0, None]


def test_annual_ytd_is_rejected(make_series) -> None:
    with pytest.raises(AnalyticsError, match="to='year'"):
        ytd_to_single(make_series({"2024-03": 1.0}), to="year")  # type: ignore[arg-type]
    with pytest.raises(AnalyticsError, match="monthly or quarterly"):
        ytd_to_single(make_series({"2024": 1.0}))


def test_single_to_ytd_stops_at_a_gap(make_series) -> None:
    out = single_to_ytd(make_series({"2024-01/02": 10.0, "2024-03": 5.0, "2024-05": 5.0}))
    assert out["value"].to_list() == [10.0, 15.0, None]
    assert out["flag"].to_list() == [None, None, "gap_in_year"]
    assert set(out["measure"]) == {"ytd"}


def test_single_to_ytd_restarts_each_year(make_series) -> None:
    out = single_to_ytd(make_series({"2023-12": 7.0, "2024-01": 1.0, "2024-02": 2.0}))
    assert out["value"].to_list() == [None, 1.0, 3.0]  # 2023 starts in December: a gap


@settings(max_examples=40, deadline=None)
@given(
    flows=st.lists(
        st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=11, max_size=11),
        min_size=1,
        max_size=3,
    ),
    combined=st.booleans(),
)
def test_cumulative_single_cumulative_round_trip(flows: list[list[float]], combined: bool) -> None:
    periods, ytd_values, singles = [], [], []
    for i, year_flows in enumerate(flows):
        year = 2020 + i
        labels = [f"{year}-01/02"] if combined else [f"{year}-01", f"{year}-02"]
        labels += [f"{year}-{m:02d}" for m in range(3, 13)]
        months = year_flows if combined else [year_flows[0] / 2, year_flows[0] / 2, *year_flows[1:]]
        periods += labels
        singles += months
        ytd_values += list(np.cumsum(months))
    ytd = pl.DataFrame({"indicator": "x", "region": "1", "period": periods, "value": ytd_values})
    single = ytd_to_single(ytd)
    scale = 1 + max(abs(v) for v in ytd_values)
    assert single["value"].to_list() == pytest.approx(singles, abs=1e-6 * scale)
    back = single_to_ytd(single.drop("flag", "derivation"))
    assert back["value"].to_list() == pytest.approx(ytd_values, abs=1e-6 * scale)
    assert back["period"].to_list() == periods
