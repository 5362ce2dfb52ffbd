"""The release calendar (issue 21, item 3): data/catalog/releases.yaml, checked on load.

Every expectation rests on dates the project records: each `recorded` date is a publication
date the store holds for the release's own rows, and the last of them is the latest the store
holds (an expectation is never based on an older release). A bad edit is one located problem.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.catalog.releases import load_releases, releases_path, with_titles
from analytics.cli import main
from analytics.exceptions import DataValidationError
from analytics.io import read_sources, scan_store
from analytics.runs.registry import REPORTS

SHIPPED = releases_path()


@pytest.fixture(scope="module")
def store():  # type: ignore[no-untyped-def]
    return with_titles(scan_store(), read_sources())


def test_the_shipped_calendar_loads_with_every_report_known() -> None:
    cal = load_releases(reports=REPORTS)
    assert len(cal.releases) >= 10
    # every report of the registry has at least one source in the calendar
    assert {r for rel in cal.releases for r in rel.reports} == set(REPORTS)


def test_each_recorded_date_is_in_the_store_and_the_last_is_its_latest(store) -> None:  # type: ignore[no-untyped-def]
    for rel in load_releases().releases:
        rows = rel.rows(store)
        assert rows.height, f"{rel.id}: no store row comes from it"
        dates = set(rows["published"].drop_nulls().to_list())
        assert set(rel.recorded) <= dates, (rel.id, set(rel.recorded) - dates)
        if rel.expected is not None:
            assert rel.recorded and rel.recorded[-1] == max(dates), rel.id


def test_an_unknown_expectation_says_so_in_both_languages() -> None:
    for rel in load_releases().releases:
        if rel.expected is None:
            assert rel.basis_en.startswith(("unknown", "no update expected")), rel.id
            assert rel.basis_zh.startswith(("未知", "不预期更新")), rel.id
        else:  # the basis names the dates it rests on
            assert all(d.isoformat() in rel.basis_en for d in rel.recorded[-2:]), rel.id


def test_tianjin_work_report_expectation_rests_on_its_recorded_dates() -> None:
    # figures.csv: 2020-01-14 (2020 report), 2021-01-25, 2024-01-23, 2026-01-26 (人民网 2026 report)
    rel = load_releases().get("tianjin_work_report")
    assert [d.isoformat() for d in rel.recorded] == [
        "2020-01-14",
        "2021-01-25",
        "2024-01-23",
        "2026-01-26",
    ]
    assert (rel.expected, rel.covers) == ("2027-01", "2026")


# (old text, new text, line:column of the one problem, words it must carry); lines counted in the
# shipped file: 98 is `expected: 2027-01` of tianjin_stats_annual, 101 its `recorded`
BAD = [
    (
        "    expected: 2027-01\n",
        "    expected: 2027-13\n",
        "96:15",
        "`expected: 2027-13` is not a month",
    ),
    (
        "    frequency: annual\n",
        "    frequncy: annual\n",
        "25:5",
        "unknown key `frequncy` — did you mean `frequency`?",
    ),
    (
        "recorded: [2021-01-21, 2025-01-21, 2026-01-22]",
        "recorded: [2025-01-21, 2021-01-21, 2026-01-22]",
        "98:15",
        "release `tianjin_stats_annual`: `recorded` dates are not in order",
    ),
    (
        "    expected: 2027-01\n",
        "    expected: 2025-12\n",
        "96:15",
        "release `tianjin_stats_annual`: `expected: 2025-12` is not after the last recorded "
        "release (2026-01-22)",
    ),
    (
        "recorded: [2021-01-21, 2025-01-21, 2026-01-22]",
        "recorded: [2021-01-21, 2025-02-30, 2026-01-22]",
        "98:28",
        "`2025-02-30` is not a day of the calendar",
    ),
    (
        "reports: [industry]\n",
        "reports: [industri]\n",
        "103:15",
        "report `industri` is not a report — did you mean `industry`?",
    ),
    ("titles: '计划执行情况'", "titles: '计划(执行情况'", "144:66", "is not a regular expression"),
]


@pytest.mark.parametrize(("old", "new", "where", "words"), BAD)
def test_a_bad_entry_is_one_located_problem(
    tmp_path: Path, old: str, new: str, where: str, words: str
) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "releases.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        load_releases(path, reports=REPORTS)
    (problem,) = err.value.problems
    assert f"{problem.line}:{problem.column}" == where, str(problem)
    assert words in str(problem), str(problem)


def test_data_check_refuses_a_bad_calendar_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "releases.yaml"
    text = SHIPPED.read_text(encoding="utf-8").replace("expected: 2027-01", "expected: 2027-1", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        main(["data", "check", str(path)])
    assert stop.value.code == 2
    (line,) = capsys.readouterr().out.splitlines()[:1]
    assert line.startswith(f"{path}:96:15: `expected: 2027-1` is not a month")


def test_data_check_passes_the_shipped_calendar(capsys: pytest.CaptureFixture[str]) -> None:
    main(["data", "check", str(SHIPPED)])
    assert capsys.readouterr().out.strip() == "ok: 1 file(s) checked, 0 skipped"
