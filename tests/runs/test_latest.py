"""`latest` follows a report's headline indicator, not whatever the region published last."""

from __future__ import annotations

from pathlib import Path

from analytics.runs.registry import get_report
from analytics.runs.schedule import has_headline_data, resolve_latest


def test_headline_indicator_decides_latest(built_store: Path) -> None:
    # Tianjin has 2025 values (GDP per capita in 2025GDP.csv, published 2025 growth); the newest
    # GDP level in the NBS revised series is 2024 (分省年度数据2024.csv), but the industry
    # report's headline is GDP in any measure or per capita: its latest edition is 2025
    assert resolve_latest("120000", data_dir=built_store) == "2025"
    headline = get_report("industry").headline
    assert headline == ("gdp", "gdp_per_capita")
    assert resolve_latest("120000", data_dir=built_store, indicator=headline) == "2025"
    # GDP alone reaches 2025 too, through its published real growth (figures.csv), not its level
    assert resolve_latest("120000", data_dir=built_store, indicator="gdp") == "2025"
    # 5G: Tianjin's newest station count (73,000) was stated in March 2024 but measures the
    # end-2023 stock (figures.csv: "likely end-2023 stock"): the stations alone end in 2023; with
    # the NBS broadband panel (2024) the report's latest edition is 2024, the count dated 2023
    assert get_report("fiveg").headline == ("fiveg_base_stations", "nbs_broadband_users")
    assert resolve_latest("120000", data_dir=built_store, indicator="fiveg_base_stations") == "2023"
    headline = get_report("fiveg").headline
    assert resolve_latest("120000", data_dir=built_store, indicator=headline) == "2024"


def test_a_region_without_headline_data_is_not_up_to_date(built_store: Path) -> None:
    # Tibet has no 5G figures: with the stations alone the run falls back to Tibet's latest year
    # of any data; the report's headline also counts the NBS broadband panel (2016–2024), so
    # Tibet's 2024 edition is up to date on broadband and a 2015 one has no headline at all
    fallback = resolve_latest("540000", data_dir=built_store, indicator="fiveg_base_stations")
    assert fallback == resolve_latest("540000", data_dir=built_store)
    assert has_headline_data("fiveg", "540000", "2024", data_dir=built_store)
    assert not has_headline_data("fiveg", "540000", "2015", data_dir=built_store)
    assert has_headline_data("fiveg", "120000", "2024", data_dir=built_store)
    assert not has_headline_data("fiveg", "120000", "2015", data_dir=built_store)


def test_periods_compare_as_dates_not_text(built_store: Path) -> None:
    # as text "2025-11" > "2025"; as periods the year-end 2025 figure is the later one
    assert resolve_latest("000000", "latest-month", data_dir=built_store) == "2025-11"
    assert resolve_latest("000000", data_dir=built_store, indicator="fiveg_base_stations") == "2025"
