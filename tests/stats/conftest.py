"""Small typed fixtures for the statistics tests."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import pytest


def frame(
    values: dict[str, float | None],
    *,
    indicator: str = "x",
    region: str = "120000",
    **extra: str,
) -> pl.DataFrame:
    """A one-series frame in the observation model from ``{period: value}``."""
    df = pl.DataFrame(
        {
            "indicator": indicator,
            "region": region,
            "period": list(values),
            "value": list(values.values()),
        },
        schema_overrides={"value": pl.Float64},
    )
    return df.with_columns(pl.lit(v).alias(k) for k, v in extra.items())


MakeSeries = Callable[..., pl.DataFrame]


@pytest.fixture
def make_series() -> MakeSeries:
    """``make_series({period: value}, indicator=..., region=..., **extra_columns)``."""
    return frame


@pytest.fixture
def retail_ytd() -> pl.DataFrame:
    """A worked example shaped like a cumulative retail-sales release (亿元; 1—2月 … 1—5月).

    ILLUSTRATIVE NUMBERS, NOT A CITATION: they are of the size of a national retail-sales series
    but are not taken from any release in data/, and no report uses them. They are chosen so that
    上月止累计 + 本月 = 本月止累计 holds exactly (1—2月 81307; 3月 39020; 4月 35699; 5月 39211).
    """
    return frame(
        {"2024-01/02": 81307.0, "2024-03": 120327.0, "2024-04": 156026.0, "2024-05": 195237.0},
        indicator="retail_sales_example",
        region="000000",
        measure="ytd",
        unit="亿元",
        status="ok",
        vintage="published",
        source="worked_example",
    )
