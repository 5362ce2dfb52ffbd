"""Issue 19: plans per region, milestones, verdict counts, grades, the request → return loop."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import polars as pl
import pytest
import yaml

from analytics.catalog import load_plan
from analytics.io.request_book import write_request
from analytics.reports.plan.data import evaluate_plan, plan_trajectories
from tests._project_home import copy_data, run
from tests.reports.page_helpers import build

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("plans") / "home"
    copy_data(home)
    assert run(home, "data", "build", "--quiet").returncode == 0
    return home


def test_a_region_without_a_plan_is_refused_and_publishes_nothing(home: Path) -> None:
    out = run(home, "report", "run", "plan", "--region", "广东", "--out", home / "out")
    assert out.returncode == 2
    assert "no plan on file for 广东 — add data/catalog/plans/" in out.stderr
    assert not (home / "out").exists()  # no page, so nothing for the index to list


def test_the_national_plan_judges_5g_density_on_the_2025_figure() -> None:
    # figures.csv:222: 34.4 stations per 10k people at end-2025 (经济日报 2026-02-02), against
    # the ICT plan's 26 (figures.csv:243): 34.4 >= 26, and the plan period is over
    scored = evaluate_plan(load_plan("china_ict_14th"), as_of=AS_OF)
    r = scored.filter(pl.col("id") == "fiveg_density").row(0, named=True)
    assert (r["latest_value"], r["latest_period"], r["status"]) == (34.4, "2025", "achieved")
    assert r["latest_grade"] == "secondary"  # a summary on reportify.cn, not MIIT's own page


def test_tianjin_5g_trajectory_judges_the_2020_and_2022_milestones() -> None:
    _, ms = plan_trajectories(load_plan("tianjin_smart_city_14th"), as_of=AS_OF)
    five = ms.filter(pl.col("id") == "fiveg_base_stations")
    # 2020: 33,000 built (figures.csv:5) >= 20,000 (figures.csv:46): met. 2022: 40,000
    # (figures.csv:47) and 50,000 (figures.csv:282) with no figure for 2022 in the store
    # (33,000 for 2020, 73,000 for 2023): no verdict either way. 2023: 73,000 >= 50,000.
    assert five.select("year", "value", "verdict").rows() == [
        (2020, 20000.0, "met"),
        (2022, 40000.0, "no_data"),
        (2022, 50000.0, "no_data"),
        (2023, 50000.0, "met"),
    ]
    rc = build("plan", region="120000", lang="zh", as_of=AS_OF.isoformat())
    sec = next(s for s in rc.sections if s.name == "trajectory_fiveg_base_stations")
    # pace needed (70,000 − 33,000) / 5 = 7,400 a year; achieved (73,000 − 33,000) / 3
    assert sec.sentences[0].startswith("5G基站数：需要的进度为每年7,400个，实际为每年13,333")
    assert "2020年底阶段目标20,000个——✓ 已达成（2020年实际33,000个）" in sec.sentences[1]
    assert "2022年底阶段目标40,000个——? 当年无数据" in sec.sentences[2]


@pytest.mark.parametrize(
    ("lang", "count"),
    [("zh", "达成1项 · 未达成0项 · 无数据9项"), ("en", "1 met · 0 missed · 9 no data")],
)
def test_the_headline_counts_met_missed_and_no_data(lang: str, count: str) -> None:
    rc = build("plan", region="120000", lang=lang, as_of=AS_OF.isoformat())
    head = next(s for s in rc.sections if s.name == "headline").sentences
    assert count in head[0] and rc.cards[0].value == count
    assert "1/10" not in rc.cards[0].value


def test_the_request_workbook_has_the_fill_sheet_and_columns(tmp_path: Path) -> None:
    path = write_request(load_plan("tianjin_smart_city_14th"), tmp_path / "r.xlsx", today=AS_OF)
    wb = openpyxl.load_workbook(path)
    ws = wb["填报"]
    assert [c.value for c in ws[1]] == [
        "target_id",
        "指标",
        "单位",
        "基数",
        "目标",
        "填报值",
        "数据所属期",
        "来源文件",
        "填报单位",
        "联系人",
        "备注",
    ]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
    assert rows["internet_hospitals"][8] == "市卫生健康委"  # figures_2026-12.csv:3 names it
    assert rows["fiveg_scenarios"][8] is None and "未写明主管部门" in rows["fiveg_scenarios"][10]
    assert ws.protection.sheet and ws["A2"].protection.locked and not ws["F2"].protection.locked
    kinds = {str(dv.sqref): dv.type for dv in ws.data_validations.dataValidation}
    assert kinds == {"F2:F201": "decimal", "G2:G201": "custom"}
    assert (wb.properties.identifier, wb.properties.created.date()) == (
        "tianjin_smart_city_14th",
        AS_OF,
    )
    assert wb.sheetnames[0] == "说明"


def _fill(
    src: Path, dest: Path, cells: dict[str, object], target: str = "internet_hospitals"
) -> Path:
    wb = openpyxl.load_workbook(src)
    ws = wb["填报"]
    row = next(c.row for c in ws["A"] if c.value == target)
    for col, value in cells.items():
        ws[f"{col}{row}"] = value
    wb.save(dest)
    return dest


def test_a_return_goes_in_as_reported_and_the_scorecard_shows_it(
    home: Path, tmp_path: Path
) -> None:
    req = tmp_path / "req.xlsx"
    assert run(home, "plan", "request", "tianjin_smart_city_14th", "--out", req).returncode == 0
    filled = _fill(
        req,
        tmp_path / "天津_卫健委.xlsx",
        {"F": 36, "G": "2025", "H": "互联网医院名单", "I": "市卫生健康委", "J": "张三"},
    )
    dry = run(home, "data", "add", filled)
    assert dry.returncode == 0 and "dry run: nothing written" in dry.stdout
    assert not (home / "data" / "raw" / "returns").exists()
    done = run(home, "data", "add", filled, "--yes")
    assert done.returncode == 0, done.stderr
    # the return is known from the day it came in (`received` in returns_files.yaml, the day of
    # the add): scored as of the day before, the target has no evidence yet; as of that day, it has
    register = yaml.safe_load((home / "data" / "catalog" / "returns_files.yaml").read_text("utf-8"))
    as_of = dt.date.fromisoformat(str(register[0]["received"]))
    before = evaluate_plan(
        load_plan("tianjin_smart_city_14th"),
        as_of=as_of - dt.timedelta(days=1),
        data_dir=home / "data",
    )
    assert before.filter(pl.col("id") == "internet_hospitals")["status"].to_list() == [
        "not_measurable"
    ]
    scored = evaluate_plan(
        load_plan("tianjin_smart_city_14th"), as_of=as_of, data_dir=home / "data"
    )
    r = scored.filter(pl.col("id") == "internet_hospitals").row(0, named=True)
    # 36 for 2025 against ">= 30 by 2025" (plan_targets.csv:8): achieved, on the department's word
    assert (r["latest_value"], r["latest_period"], r["status"]) == (36.0, "2025", "achieved")
    assert (r["latest_grade"], r["latest_department"], r["latest_contact"]) == (
        "reported",
        "市卫生健康委",
        "张三",
    )
    rc = build("plan", region="120000", lang="en", as_of=as_of.isoformat(), data_dir=home / "data")
    html = next(s for s in rc.sections if s.name == "targets").table.html()  # type: ignore[union-attr]
    assert "36 hospitals (2025" in html and "✓ Achieved (evidence: reported)" in html
    assert rc.cards[0].value == "2 met · 0 missed · 8 no data"


BAD = [
    (
        {"F": "约7万", "G": "2025", "I": "市卫生健康委"},
        "internet_hospitals",
        '填报!F7: "约7万" is not a number',
    ),
    (
        {"F": "36家", "G": "2025", "I": "市卫生健康委"},
        "internet_hospitals",
        '填报!F7: "36家" is not a number',
    ),
    (
        {"F": True, "G": "2025", "I": "市卫生健康委"},
        "internet_hospitals",
        '填报!F7: "True" is not a number',
    ),
    (
        {"F": 36, "G": "2025年底", "I": "市卫生健康委"},
        "internet_hospitals",
        '填报!G7: "2025年底" is not a year',
    ),
    (
        {"F": 36, "G": "2025-13", "I": "市卫生健康委"},
        "internet_hospitals",
        '填报!G7: "2025-13" is not a year',
    ),
    (
        {"F": 36, "G": dt.datetime(2025, 12, 31), "I": "市卫生健康委"},
        "internet_hospitals",
        '填报!G7: "2025-12-31 00:00:00" is not a year',
    ),
    (
        {"F": 36, "G": "2027", "I": "市卫生健康委"},
        "internet_hospitals",
        '填报!G7: period "2027" ends after the evaluation date 2026-12-03',
    ),
    (
        {"F": 36, "G": "2026-12", "I": "市卫生健康委"},
        "internet_hospitals",
        '填报!G7: period "2026-12" ends after',
    ),
    (
        {"F": 36, "G": "2025", "I": "市卫生健康委", "C": "个"},
        "internet_hospitals",
        '填报!C7: unit "个" is not the target\'s "家"',
    ),
    (
        {"F": 36, "G": "2025", "I": "市卫生健康委", "A": "internet_hospital"},
        "internet_hospitals",
        "填报!A7: unknown target_id `internet_hospital` — did you mean `internet_hospitals`?",
    ),
    (
        {"F": 36, "G": "2025", "I": "市卫生健康委", "E": "≥20（2025年）"},
        "internet_hospitals",
        '填报!E7: changed locked cell: "≥20（2025年）"',
    ),
    (
        {"F": 36, "G": "2025", "I": "市卫生健康委", "B": "医院"},
        "internet_hospitals",
        '填报!B7: changed locked cell: "医院"',
    ),
    ({"F": 36, "I": "市卫生健康委"}, "internet_hospitals", "填报!G7: the value has no period"),
    (
        {"G": "2025", "I": "市卫生健康委"},
        "internet_hospitals",
        "填报!F7: a period is given but no value",
    ),
    (
        {"F": 36, "G": "2025", "I": None},
        "internet_hospitals",
        "填报!I7: a figure without the department",
    ),
    (
        {"F": 36, "G": "2025", "I": "市卫生健康委", "A": "fiveg_scenarios"},
        "internet_hospitals",
        "填报!A7: target `fiveg_scenarios` is listed twice (first in row 3)",
    ),
]


@pytest.mark.parametrize(("cells", "target", "message"), BAD)
def test_a_bad_return_is_refused_at_its_cell(
    tmp_path: Path, cells: dict[str, object], target: str, message: str
) -> None:
    from analytics.exceptions import DataValidationError
    from analytics.io.returns import read_return

    req = write_request(
        load_plan("tianjin_smart_city_14th"),
        tmp_path / "r.xlsx",
        today=AS_OF,
        ids=[i.id for i in load_plan("tianjin_smart_city_14th").indicators if i.series is None],
    )
    bad = _fill(req, tmp_path / "bad.xlsx", cells, target)
    with pytest.raises(DataValidationError) as err:
        read_return(bad, today=AS_OF)
    assert message in str(err.value)


def test_a_bad_return_exits_2_and_writes_nothing(home: Path, tmp_path: Path) -> None:
    req = write_request(load_plan("tianjin_smart_city_14th"), tmp_path / "r.xlsx", today=AS_OF)
    bad = _fill(req, tmp_path / "bad.xlsx", {"F": "约7万", "G": "2025", "I": "市卫生健康委"})
    before = sorted(p.as_posix() for p in (home / "data").rglob("*"))
    out = run(home, "data", "add", bad, "--yes")
    assert out.returncode == 2 and '"约7万" is not a number' in out.stderr
    assert sorted(p.as_posix() for p in (home / "data").rglob("*")) == before


def test_the_trajectory_spaces_years_as_time() -> None:
    """Milestone years sit on a number line: 2020 → 2022 is twice 2022 → 2023 (seen on the page:
    an ordinal axis spaced 2020, 2022, 2023, 2025 evenly and bent the planned pace)."""
    import vl_convert as vlc

    from tests.charts.svg import points, x_ticks

    rc = build("plan", region="120000", lang="en", as_of="2026-12-03")
    sec = next(s for s in rc.sections if s.name == "trajectory_fiveg_base_stations")
    assert sec.chart is not None
    svg = vlc.vegalite_to_svg(sec.chart.to_dict())
    ticks = x_ticks(svg)
    assert (ticks["2022"] - ticks["2020"]) == pytest.approx(2 * (ticks["2023"] - ticks["2022"]))
    # the actual figures (33,000 for 2020, 73,000 for the end-2023 stock) on their year ticks
    # (the tooltip in the page's language, with the unit: "Value (stations): 73,000")
    actual = {p.text: p.x for p in points(svg) if p.text.endswith(("s): 33,000", "s): 73,000"))}
    assert actual == {
        "year: 2020; value: 33000; Year: 2020; Value (stations): 33,000": pytest.approx(
            ticks["2020"], abs=1
        ),
        "year: 2023; value: 73000; Year: 2023; Value (stations): 73,000": pytest.approx(
            ticks["2023"], abs=1
        ),
    }
    # (70,000 − 33,000) / 5 = 7,400 a year needed; (73,000 − 33,000) / 3 = 13,333.3 → 13,333
    assert "7,400 stations" in sec.sentences[0] and "13,333 stations" in sec.sentences[0]
