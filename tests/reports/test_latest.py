"""`latest` follows a report's headline indicator, not whatever the region published last."""

from __future__ import annotations

from pathlib import Path

from analytics.reports.registry import get_report
from analytics.reports.schedule import resolve_latest


def test_headline_indicator_decides_latest(built_store: Path) -> None:
    # Tianjin has 2025 values (GDP per capita in 2025GDP.csv, published 2025 growth), but the
    # newest GDP level in the NBS revised series is 2024 (分省年度数据2024.csv).
    assert resolve_latest("120000", data_dir=built_store) == "2025"
    headline = get_report("industry").headline
    assert headline == "gdp"
    assert resolve_latest("120000", data_dir=built_store, indicator=headline) == "2024"
    assert get_report("fiveg").headline is None
