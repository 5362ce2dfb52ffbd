"""Plans as data: the Tianjin plan loads as its sources state it; bad plans fail at line:col."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from analytics.catalog import get_plan, load_plan, plans, plans_for_region
from analytics.cli.data import data
from analytics.exceptions import CatalogError, DataValidationError

ROOT = Path(__file__).resolve().parents[2]
BAD = sorted((ROOT / "tests" / "data" / "bad_plans").glob("*.yaml"))
SECOND = ROOT / "tests" / "data" / "plans" / "test_city_2030.yaml"


def test_tianjin_plan_header_is_the_circular() -> None:
    plan = get_plan("tianjin_smart_city_14th")
    assert (plan.number, plan.date, plan.period) == (
        "津政办发〔2021〕52号",
        "2021-12-28",
        (2021, 2025),
    )
    assert [a.name_zh for a in plan.areas] == [
        "数字基础设施",
        "政务服务与数据资源",
        "城市治理",
        "智慧应用",
        "产业转型",
        "数字经济",
    ]
    assert plans_for_region("120000") == [plan]
    assert plans_for_region("540000") == []


def test_tianjin_targets_are_the_ten_rows_plus_the_national_goal() -> None:
    plan = get_plan("tianjin_smart_city_14th")
    rows = pl.read_csv(ROOT / "data" / "reference" / "plan_targets.csv")
    city = [i for i in plan.indicators if i.scope == "plan"]
    assert len(city) == rows.height == 10
    assert all(i.target_source == "interview" and i.target_year == 2025 for i in city)
    assert plan.sources["interview"].secondary
    numeric = {i.id: i.target_value for i in city if i.target_value is not None}
    # plan_targets.csv: 7万个, 超过100个, 3个, 60个, 300个, 30家以上, 50个
    assert numeric == {
        "fiveg_base_stations": 70000,
        "fiveg_demo_scenarios": 100,
        "smart_education_zones": 3,
        "digital_village_pilots": 60,
        "smart_community_pilots": 300,
        "internet_hospitals": 30,
        "digital_governance_scenarios": 50,
    }
    bounds = {i.id: i.bound for i in city if i.bound != "reach"}
    assert bounds == {"fiveg_demo_scenarios": "more_than", "internet_hospitals": "at_least"}
    national = [i for i in plan.indicators if i.scope == "national"]
    assert [(i.region, i.target_value, i.target_source) for i in national] == [
        ("000000", 10.0, "reference/figures.csv:281")
    ]
    assert {i.attribute for i in plan.indicators} == {"unknown"}  # no source states it


def test_plan_text_baselines_are_quoted_from_the_excerpt() -> None:
    plan = get_plan("tianjin_smart_city_14th")
    text = (ROOT / "data" / "reference" / "plan_text_excerpt.txt").read_text(encoding="utf-8")
    base = plan.baselines_frame()
    assert sorted(base["value"].to_list()) == sorted(
        [60000, 9600, 10.78, 27, 232, 98, 40593, 1550, 51, 7292, 76]
    )
    for quote, value in base.select("quote", "value").iter_rows():
        assert quote in text
        assert f"{value:g}" in quote


def test_evidence_quotes_are_in_the_cited_row() -> None:
    plan = get_plan("tianjin_smart_city_14th")
    figures = (ROOT / "data" / "reference" / "figures.csv").read_text(encoding="utf-8")
    lines = figures.splitlines()
    for row in plan.evidence_frame().iter_rows(named=True):
        n = int(row["source"].rsplit(":", 1)[1])
        assert row["quote"] in lines[n - 1]


def test_second_plan_loads_without_code() -> None:
    plan = load_plan(SECOND)
    assert [i.target_kind for i in plan.indicators] == ["level", "steady_increase", "level"]
    assert [i.series for i in plan.indicators] == ["gdp", None, None]
    assert get_plan(str(SECOND)).id == "test_city_2030"


def test_unknown_plan_hint() -> None:
    with pytest.raises(CatalogError, match="did you mean `tianjin_smart_city_14th`"):
        get_plan("tianjin_smart_city_14")
    assert sorted(plans()) == ["tianjin_smart_city_14th"]


def test_bad_corpus_is_large_enough() -> None:
    assert len(BAD) >= 8


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_plan_fails_at_its_line_and_column(path: Path) -> None:
    m = re.match(r"# expect: (\d+):(\d+): (.+)$", path.read_text(encoding="utf-8").splitlines()[0])
    assert m, f"{path.name} lacks its '# expect: LINE:COL: message' header"
    with pytest.raises(DataValidationError) as err:
        load_plan(path)
    first = err.value.first
    assert (first.path, first.line, first.column) == (path, int(m[1]), int(m[2]))
    assert first.message == m[3]


def test_cli_check_exits_2_naming_file_line_column() -> None:
    path = ROOT / "tests" / "data" / "bad_plans" / "unknown_series.yaml"
    result = CliRunner().invoke(data, ["check", str(path)])
    assert result.exit_code == 2
    assert f"{path}:24:13: unknown series `fiveg_base_station`" in result.output
    ok = CliRunner().invoke(data, ["check", str(SECOND)])
    assert ok.exit_code == 0, ok.output
