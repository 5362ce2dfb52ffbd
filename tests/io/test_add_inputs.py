"""Bad values offered to ``data add`` are refused where they are (issue 24, item 4).

Each case was a silent accept (a portal panel with a future year, a year in words or a province
name that disagrees with its code; figures dated 2024-13, 2024-00, 0000 or in Chinese; a 50 MB
table) or a traceback (GBK panels and captures, a capture without ``values``, a header-only
panel, a GBK ``figures_map.csv``). Each must now be a :class:`Problem` at the file's line and
column naming the value and what was expected, with ``data/`` untouched.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from analytics.exceptions import DataValidationError
from tests._project_home import run, tree
from tests.io.test_add import CAPTURE, PANEL, _figures, _source, base_home, home

__all__ = ["base_home", "home"]  # fixtures shared with test_add.py

_PANEL, _CAPTURE = (
    _source(f"nbs_portal/panels/{PANEL}"),
    _source(f"nbs_portal/raw_json_captures/{CAPTURE}"),
)
TIANJIN_2024 = 13  # line of 天津市,2024 in the panel; 天津市 is line 3 of the capture


@pytest.fixture
def inproc(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    from analytics.io.nbs import nbs_file_rules

    monkeypatch.setenv("ANALYTICS_HOME", str(home))
    nbs_file_rules.cache_clear()
    yield home
    nbs_file_rules.cache_clear()


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def _write(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_bytes(
        ("\ufeff" if encoding == "utf-8" else "").encode() + buf.getvalue().encode(encoding)
    )
    return path


def _panel_edit(tmp: Path, column: int, value: str) -> list[Path]:
    """The real panel with Tianjin's 2024 row's ``column`` (1-based) set; the real capture."""
    rows = _rows(_PANEL)
    assert rows[TIANJIN_2024 - 1][:3] == ["120000000000", "天津市", "2024"]
    rows[TIANJIN_2024 - 1][column - 1] = value
    return [_write(tmp / PANEL, rows), _write(tmp / CAPTURE, _rows(_CAPTURE))]


def _gbk_panel(tmp: Path) -> list[Path]:
    return [_write(tmp / PANEL, _rows(_PANEL), "gbk"), _write(tmp / CAPTURE, _rows(_CAPTURE))]


def _gbk_capture(tmp: Path) -> list[Path]:
    return [_write(tmp / PANEL, _rows(_PANEL)), _write(tmp / CAPTURE, _rows(_CAPTURE), "gbk")]


def _no_values(tmp: Path) -> list[Path]:
    captured = _rows(_CAPTURE)
    assert captured[2][:2] == ["天津市", "120000000000"]
    payload = json.loads(captured[2][2])
    del payload["data"][0]["values"]
    captured[2][2] = json.dumps(payload, ensure_ascii=False)
    return [_write(tmp / PANEL, _rows(_PANEL)), _write(tmp / CAPTURE, captured)]


def _header_only(tmp: Path) -> list[Path]:
    return [_write(tmp / PANEL, _rows(_PANEL)[:1]), _write(tmp / CAPTURE, _rows(_CAPTURE))]


def _figure(period: str) -> Callable[[Path], list[Path]]:
    # 2026年北京市政府工作报告: GDP 5.2万亿元 (test_add.py's source row), dated as given
    return lambda tmp: [_figures(tmp, [("Beijing", "GDP", period, "5.2", "trillion CNY (万亿元)")])]


def _huge(tmp: Path) -> list[Path]:
    [path] = _figure("2025")(tmp)
    row = path.read_bytes().splitlines(keepends=True)[1]
    with path.open("ab") as fh:
        fh.write(row * (50 * 2**20 // len(row)))  # the same row again, to 50 MB
    return [path]


# case → (the offered files, the problem: line:column and words after the file's path)
CASES: dict[str, tuple[Callable[[Path], list[Path]], str, str]] = {
    "future year": (
        lambda t: _panel_edit(t, 3, "2030"),
        PANEL,
        f"{TIANJIN_2024}:3: year `2030` is not a year that has passed, in digits",
    ),
    "year in words": (
        lambda t: _panel_edit(t, 3, "二〇二四"),
        PANEL,
        f"{TIANJIN_2024}:3: year `二〇二四` is not a year that has passed",
    ),
    "province disagrees with its code": (
        lambda t: _panel_edit(t, 2, "北京市"),
        PANEL,
        f"{TIANJIN_2024}:2: province `北京市` is not the province of code `120000000000` (it is "
        "110000)",
    ),
    "GBK panel": (_gbk_panel, PANEL, "1:5: bytes `ca d0 b4 fa` are not UTF-8 (GBK text?)"),
    "GBK capture": (_gbk_capture, CAPTURE, "1:3: bytes `b7 dd c3 fb` are not UTF-8 (GBK text?)"),
    "capture without values": (
        _no_values,
        CAPTURE,
        "3:3: a period of JSON数据 lacks a `values` list",
    ),
    "header-only panel": (_header_only, PANEL, "2:1: the panel has a header but no rows"),
    "month 13": (
        _figure("2024-13"),
        "figures_2026_work_reports.csv",
        "2:3: period `2024-13`: month 13 is not a month (01–12)",
    ),
    "month 00": (
        _figure("2024-00"),
        "figures_2026_work_reports.csv",
        "2:3: period `2024-00`: month 00 is not a month (01–12)",
    ),
    "year 0000": (
        _figure("0000"),
        "figures_2026_work_reports.csv",
        "2:3: period `0000`: year 0000 is outside 1900–2100",
    ),
    "Chinese period": (
        _figure("2025年"),
        "figures_2026_work_reports.csv",
        "2:3: period `2025年`: a period in Chinese, not YYYY or YYYY-MM",
    ),
    "50 MB table": (
        _huge,
        "figures_2026_work_reports.csv",
        "0:0: the table is 50 MB, more than the 5 MB a figures table may be",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_value_is_refused_where_it_is(inproc: Path, tmp_path: Path, case: str) -> None:
    from analytics.io.add import plan_add

    make, name, where = CASES[case]
    files = make(tmp_path)
    before = tree(inproc)
    with pytest.raises(DataValidationError) as err:
        plan_add(files)
    assert str(err.value.first).startswith(f"{tmp_path / name}:{where}"), str(err.value)
    assert tree(inproc) == before


@pytest.mark.slow
def test_the_cli_refuses_them_with_exit_2_and_no_traceback(home: Path, tmp_path: Path) -> None:
    files = _gbk_panel(tmp_path)  # was a polars ComputeError traceback (exit 1)
    out = run(home, "data", "add", *files, "--yes")
    assert out.returncode == 2, out.stderr
    assert out.stderr.startswith(f"error: {tmp_path / PANEL}:1:5: bytes `ca d0 b4 fa` are not")


@pytest.mark.slow
def test_a_gbk_figures_map_fails_the_build_located(home: Path) -> None:
    mapping = home / "data" / "reference" / "figures_map.csv"
    text = mapping.read_text("utf-8")
    mapping.write_bytes(text.encode("gbk"))  # the same rows, re-saved as GBK
    first = next(i for i, ch in enumerate(text) if ord(ch) > 127)
    line = text.count("\n", 0, first) + 1
    column = len(text[text.rfind("\n", 0, first) + 1 : first].encode("gbk")) + 1
    out = run(home, "data", "build")
    assert out.returncode == 2, out.stderr
    assert f"{mapping}:{line}:{column}: bytes `" in out.stderr
    assert "are not UTF-8 (GBK text?)" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.slow
def test_removing_an_indicator_a_report_uses_names_the_catalog_files(
    home: Path, tmp_path: Path
) -> None:
    catalog = home / "data" / "catalog" / "indicators.yaml"
    text = catalog.read_text("utf-8")
    start = text.index("- id: fiveg_base_stations\n")
    end = text.index("\n- id:", start + 1) + 1
    catalog.write_text(text[:start] + text[end:], "utf-8")  # the fiveg report's headline series
    out = run(home, "report", "run", "fiveg", "--out", tmp_path)
    assert out.returncode == 2, out.stderr
    assert "unknown indicator `fiveg_base_stations`" in out.stderr
    assert f"(no such id in {home / 'data' / 'catalog'}/indicators*.yaml;" in out.stderr
    assert "Traceback" not in out.stderr
