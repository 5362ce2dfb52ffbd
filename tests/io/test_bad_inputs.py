"""The bad-input corpus: every file's problem is named with its file, line and column."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analytics.exceptions import DataValidationError
from analytics.io import check_paths, read_nbs_export

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"

# file → (line, column, words the message must contain)
EXPECTED: dict[str, tuple[int, int, str]] = {
    "empty.csv": (1, 1, "empty"),
    "missing_header.csv": (1, 1, "unrecognised"),
    "wrong_encoding_utf16.csv": (1, 1, "UTF-16"),
    "invalid_bytes.csv": (5, 1, "ff fe fa"),
    "wrong_delimiter.csv": (3, 1, "tab-plus-comma"),
    "header_drift.csv": (5, 4, "4 cells, the header has 3"),
    "truncated.csv": (5, 1, "数据来源"),
    "duplicate_keys.csv": (6, 1, "duplicate row `天津市` (first on line 5)"),
    "unknown_region.csv": (5, 1, "did you mean `天津市`"),
    "unknown_indicator.csv": (3, 2, "did you mean `地区生产总值`"),
    "non_numeric.csv": (5, 3, "`n/a` is not a number"),
    "thousands_separator.csv": (5, 2, "thousands separators"),
    "fullwidth_digits.csv": (5, 2, "full-width"),
    "unknown_unit.csv": (3, 2, "unit `万美元`"),
    "negative_count.csv": (5, 2, "negative value -5"),
    "future_period.csv": (3, 3, "2031 is in the future"),
    "two_vintages.csv": (3, 3, "second column for 2023"),
    "share_over_100.csv": (2, 4, "135% is outside 0–100%"),
    "figures_unknown_unit.csv": (2, 5, "unit `dozen stations`"),
    "figures_thousands.csv": (2, 4, "thousands separators"),
}


def test_corpus_is_at_least_fifteen_files() -> None:
    assert len(EXPECTED) >= 15
    assert all((BAD / name).exists() for name in EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_problem_names_file_line_and_column(name: str) -> None:
    line, column, words = EXPECTED[name]
    problems = check_paths([BAD / name])
    matching = [p for p in problems if words in str(p)]
    assert matching, f"{name}: no problem mentions {words!r}: {[str(p) for p in problems]}"
    p = matching[0]
    assert Path(p.path).name == name
    assert (p.line, p.column) == (line, column)
    assert str(p).startswith(f"{p.path}:{line}:{column}: ")


def test_gbk_export_is_detected_not_assumed() -> None:
    obs = read_nbs_export(BAD / "gbk_ok.csv")
    tianjin = obs.filter((obs["region"] == "120000") & (obs["indicator"] == "gdp"))
    assert tianjin["value"].item() == 17211.8


def test_importer_raises_with_every_problem() -> None:
    with pytest.raises(DataValidationError) as err:
        read_nbs_export(BAD / "truncated.csv")
    assert len(err.value.problems) == 2  # missing source line and a short row
    assert "truncated.csv:5:" in str(err.value)


def test_cli_check_reports_all_and_exits_2() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "analytics", "data", "check", str(BAD)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    reported = {line.split(":", 1)[0] for line in proc.stdout.splitlines()}
    assert {str(BAD / name) for name in EXPECTED} <= reported
    assert str(BAD / "gbk_ok.csv") not in reported


def test_cli_check_clean_exits_0(project_root: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "analytics",
            "data",
            "check",
            str(project_root / "data" / "raw" / "nbs"),
            str(project_root / "data" / "reference" / "figures.csv"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
