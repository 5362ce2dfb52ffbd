"""The period a published figure measures, as figures.csv states it, and the date it was stated."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from analytics.config import reference_dir
from analytics.io._period_note import parse_period_note, title_date
from analytics.io.figures import parse_figures


@pytest.fixture(scope="module")
def figures() -> pl.DataFrame:
    parsed = parse_figures(reference_dir() / "figures.csv", today=date(2026, 12, 3))
    assert not parsed.problems
    return parsed.observations


def _row(figures: pl.DataFrame, indicator: str, region: str, value: float) -> dict[str, object]:
    hit = figures.filter(
        pl.col("indicator") == indicator, pl.col("region") == region, pl.col("value") == value
    )
    assert hit.height == 1, hit
    return hit.row(0, named=True)


def test_the_73000_stations_measure_the_end_2023_stock(figures: pl.DataFrame) -> None:
    # figures.csv line 6: "2024-03 (stated 2024-03-25; likely end-2023 stock)", 7.3 万个
    r = _row(figures, "fiveg_base_stations", "120000", 73000.0)
    assert (r["period"], r["period_basis"], r["published"]) == (
        "2023",
        "inferred",
        date(2024, 3, 25),
    )


def test_a_gdp_share_stated_in_march_measures_a_year(figures: pl.DataFrame) -> None:
    # line 58: Tianjin's 7.2 % core digital-economy share, "(stated 2024-03-25; likely 2023)"
    r = _row(figures, "de_core_va_share", "120000", 7.2)
    assert (r["period"], r["period_basis"]) == ("2023", "inferred")


def test_shanghai_92000_is_dated_end_february_by_another_source(figures: pl.DataFrame) -> None:
    # line 332: "2024-03 (stated 2024-03-29; RCR Wireless dates it end-Feb 2024)"
    r = _row(figures, "fiveg_base_stations", "310000", 92000.0)
    assert (r["period"], r["period_basis"], r["published"]) == (
        "2024-02",
        "inferred",
        date(2024, 3, 29),
    )


def test_a_stated_period_keeps_its_label_and_takes_the_titles_date(figures: pl.DataFrame) -> None:
    # line 5: 33,000 at end-2020, from a report dated 2021-01-25 in its source title
    r = _row(figures, "fiveg_base_stations", "120000", 33000.0)
    assert (r["period"], r["period_basis"], r["published"]) == ("2020", "stated", date(2021, 1, 25))


@pytest.mark.parametrize(
    ("cell", "period", "basis", "published"),
    [
        ("2021 (stated 2022-08-17)", "2021", "stated", date(2022, 8, 17)),
        ("2022-12 (reported 2022-12-09)", "2022-12", "stated", date(2022, 12, 9)),
        ("2020 (十三五末; article 2022-02)", "2020", "stated", date(2022, 2, 28)),
        ("2021 (千兆城市2021年度评估)", "2021", "stated", None),
        ("2023", "2023", "stated", None),
    ],
)
def test_period_notes(cell: str, period: str, basis: str, published: date | None) -> None:
    note = parse_period_note(cell)
    assert note is not None
    assert (note.period, note.basis, note.published) == (period, basis, published)


@pytest.mark.parametrize("cell", ["2022-H1", "2024-01..08", "2020→2025 (as reported)", "2023-13"])
def test_what_is_not_a_year_or_month_is_refused(cell: str) -> None:
    assert parse_period_note(cell) is None


def test_the_earliest_date_of_a_title_is_when_it_was_published() -> None:
    assert title_date("湖北经济网 2025-01-20 (国家统计局 2025-01-17 数据)") == date(2025, 1, 17)
    assert title_date("工信部 (2022-13-45) copy") is None


def test_a_statement_date_in_the_future_is_refused(tmp_path: Path) -> None:
    src = (reference_dir() / "figures.csv").read_text(encoding="utf-8").splitlines()
    bad = [src[0], src[5].replace("stated 2024-03-25", "stated 2027-03-25")]
    path = tmp_path / "figures.csv"
    path.write_text("\n".join(bad) + "\n", encoding="utf-8")
    parsed = parse_figures(
        path, mapping=reference_dir() / "figures_map.csv", today=date(2026, 12, 3)
    )
    assert [(p.line, p.column) for p in parsed.problems] == [(2, 3)]
    assert "published 2027-03-25" in parsed.problems[0].message
