"""CLI numbers and names are range-checked before anything runs (issue 24, item 4).

Each case was a traceback or a silent accept: ``runs --limit 99999999999999999999`` overflowed
SQLite (OverflowError traceback), ``runs --job "x; rm"`` listed runs (exit 0), and ``schedule
run-due --now 9999-01-01`` planned slots in the year 9999.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from analytics.cli import cli

CASES = [
    (
        ["runs", "--limit", "99999999999999999999"],
        "Invalid value for '--limit': 99999999999999999999 is not in the range 1<=x<=1000000.",
    ),
    (
        ["runs", "--job", "x; rm"],
        "Invalid value for '--job': 'x; rm' is not a job name (lower-case letters, digits, `_` and "
        "`-`)",
    ),
    (
        ["schedule", "run-due", "--now", "9999-01-01", "--dry-run"],
        "Invalid value for '--now': '9999-01-01' is outside the years 1970–2100 the scheduler "
        "plans for",
    ),
]


@pytest.mark.parametrize(("args", "message"), CASES)
def test_out_of_range_arguments_are_usage_errors(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_plan_report_refuses_a_region_whose_plan_is_not_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # no plan file binds Guangdong; the old command published Tianjin's plan as
    # "广东：适用的全国目标" under reports/out/plan/440000
    from analytics.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["report", "run", "plan", "--region", "广东", "--out", str(tmp_path)])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "no plan on file for 广东 — add data/catalog/plans/" in err, err
    assert list(tmp_path.iterdir()) == []
