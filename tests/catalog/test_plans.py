"""Plans as data: the Tianjin plan against its sources, a second plan, and a bad-plan corpus."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from analytics.catalog import load_plan, plan_ids
from analytics.config import reference_dir
from analytics.exceptions import AnalyticsError, DataValidationError

DATA = Path(__file__).parent.parent / "data"
BAD = DATA / "bad_plans"


@pytest.fixture(scope="module")
def tianjin():  # type: ignore[no-untyped-def]
    return load_plan("tianjin_smart_city_14th")


def test_the_plan_is_described_as_published(tianjin) -> None:  # type: ignore[no-untyped-def]
    assert (tianjin.number, tianjin.start, tianjin.end) == ("津政办发〔2021〕52号", 2021, 2025)
    assert [a.name_zh for a in tianjin.areas] == [
        "数字基础设施",
        "政务服务与数据资源",
        "城市治理",
        "智慧应用",
        "产业转型",
        "数字经济",
    ]
    assert tianjin.targets_source["secondary"] is True


def test_every_target_is_a_row_of_plan_targets_csv(tianjin) -> None:  # type: ignore[no-untyped-def]
    with (reference_dir() / "plan_targets.csv").open(encoding="utf-8", newline="") as f:
        rows = {n: r for n, r in enumerate(csv.DictReader(f), start=2)}
    assert len(tianjin.indicators) == len(rows) == 10
    for ind in tianjin.indicators:
        line = int(ind.target.ref.rsplit(":", 1)[1])
        published = rows[line]["target_2025"]
        if ind.target.value is None:
            assert not re.match(r"^[>=\d]", published), ind.id
        else:  # "70000 (7万个)", ">100 (超过100个)", ">=30 (30家以上)"
            number = float(re.match(r"^[>=]*(\d+)", published).group(1))  # type: ignore[union-attr]
            assert ind.target.value == number, ind.id
            assert (ind.target.qualifier is not None) == published.startswith(">"), ind.id


def test_context_figures_quote_the_plan_text_verbatim(tianjin) -> None:  # type: ignore[no-untyped-def]
    text = (reference_dir() / "plan_text_excerpt.txt").read_text(encoding="utf-8")
    assert len(tianjin.context) == 8
    for c in tianjin.context:
        assert c.quote in text, c.name_en
        digits = f"{c.value:g}"
        assert digits in c.quote.replace(",", ""), (c.name_en, digits)


def test_a_second_plan_loads_with_no_code() -> None:
    plan = load_plan(DATA / "plans" / "test_plan_2030.yaml")
    assert (plan.end, [i.id for i in plan.indicators]) == (
        2030,
        ["stations_2030", "governance_platform", "smart_hospitals"],
    )
    assert plan.indicators[1].evidence[0].ref == "reference/plan_text_excerpt.txt"


def test_unknown_plan_gets_a_hint() -> None:
    assert plan_ids() == [  # issue 19: one file per plan and source document
        "beijing_5g_2025",
        "china_digital_economy_14th",
        "china_ict_14th",
        "china_informatization_14th",
        "chongqing_5g_14th",
        "shanghai_5g_2023",
        "shanghai_digital_economy_14th",
        "tianjin_smart_city_14th",
    ]
    with pytest.raises(AnalyticsError, match="did you mean `tianjin_smart_city_14th`"):
        load_plan("tianjin_smart_city_14")


# file → the line:column and words its error must carry
CORPUS = {
    "unknown_series.yaml": ("17:13", "unknown series `fiveg_base_station` — did you mean"),
    "target_without_unit.yaml": ("10:5", "item 1 (`stations`) of `indicators` lacks `unit`"),
    "baseline_after_target.yaml": ("16:22", "baseline year 2031 is after the target year 2030"),
    "duplicated_indicator.yaml": ("17:9", "indicator `stations` is listed twice"),
    "unknown_status.yaml": ("16:13", "`status: nearly_done` is not a known word"),
    "nan_target.yaml": ("16:33", "`value` must be a finite number, not nan"),
    "unknown_area.yaml": ("11:11", "did you mean `digital_infrastructure`"),
    "bad_direction.yaml": ("15:16", "`direction: up` is not a known word"),
    "target_without_source.yaml": ("16:13", "names no source"),
    "period_reversed.yaml": ("5:9", "period [2030, 2026] is not [first year, last year]"),
    "broken_yaml.yaml": ("3:3", "not valid YAML"),
    # a typo in an optional key must not silently drop what it carries (the series, the bound)
    "misspelt_series_key.yaml": ("16:5", "unknown key `seires` — did you mean `series`?"),
    "misspelt_qualifier.yaml": ("16:38", "unknown key `qualifer` — did you mean `qualifier`?"),
    "evidence_bad_date.yaml": ("18:16", "`date: March 2024` is not a date"),
    "evidence_without_text.yaml": ("18:9", "item 1 of `evidence` lacks `text`"),
    "ref_past_the_file.yaml": ("16:43", "`reference/plan_targets.csv:99` points at no row"),
    "ref_unknown_file.yaml": ("16:43", "did you mean `plan_targets.csv`?"),
    "context_year_words.yaml": ("18:96", "`year` must be a whole number from 1949 to 2100"),
    # each of these was a TypeError traceback before (found by mutating the Tianjin plan file)
    "area_blank.yaml": ("11:10", "`area` must be text, not null"),
    "id_not_a_word.yaml": ("10:9", "`id` must be text, not [1, 2]"),
    "source_not_a_mapping.yaml": ("7:9", "`source` must be a mapping of keys to values"),
    # issue 24: each of these was accepted silently (the alias bomb hung until killed)
    "target_after_period.yaml": (
        "16:20",
        "target year 2035 of `stations` is outside the plan period 2026–2030",
    ),
    "target_before_period.yaml": (
        "16:20",
        "target year 2020 of `stations` is outside the plan period 2026–2030",
    ),
    "duplicated_key.yaml": ("17:5", "duplicate key `direction` in `indicators` (first at line 15)"),
    "evidence_in_future.yaml": ("18:16", "evidence date 2999-01-01 is in the future"),
    "id_differs_from_file_name.yaml": (
        "1:5",
        "plan id `bad` differs from the file name `id_differs_from_file_name.yaml`",
    ),
    "alias_bomb.yaml": ("17:12", "more than 16 YAML aliases (`*a8` is one too many)"),
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_bad_plan_is_refused_at_its_line_and_column(name: str) -> None:
    where, words = CORPUS[name]
    with pytest.raises(DataValidationError) as err:
        load_plan(BAD / name)
    first = str(err.value.first)
    assert first.startswith(f"{BAD / name}:{where}: "), first
    assert words in first


def test_the_corpus_is_whole() -> None:
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(CORPUS)


def test_data_check_exits_2_on_a_bad_plan() -> None:
    cmd = [sys.executable, "-m", "analytics", "data", "check", str(BAD / "unknown_series.yaml")]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert out.returncode == 2
    assert "unknown_series.yaml:17:13: unknown series" in out.stdout + out.stderr


@pytest.mark.slow
def test_a_mangled_plan_file_is_refused_never_a_traceback(tmp_path: Path) -> None:
    """300 seeded mutations of the Tianjin file (lines dropped, values swapped for null, lists,
    mappings, NaN, booleans, words): each loads or is refused with located problems."""
    import random

    src = (
        (Path(__file__).parents[2] / "data" / "catalog" / "plans" / "tianjin_smart_city_14th.yaml")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    values = [
        "",
        "null",
        "[]",
        "{}",
        "x",
        "-1",
        "1.5",
        ".nan",
        "true",
        "2031",
        "[1, 2]",
        "'2025'",
        "{a: 1}",
        "- 1",
    ]
    rnd = random.Random(12)
    path = tmp_path / "mangled.yaml"
    refused = 0
    for _ in range(300):
        lines = list(src)
        for _ in range(rnd.randint(1, 2)):
            i = rnd.randrange(len(lines))
            if rnd.random() < 0.3:
                del lines[i]
            elif ":" in lines[i]:
                lines[i] = f"{lines[i].partition(':')[0]}: {rnd.choice(values)}"
        path.write_text("\n".join(lines), encoding="utf-8")
        try:
            load_plan(path)
        except DataValidationError as err:
            assert all(p.path == path for p in err.problems)
            refused += 1
    assert refused > 150  # most mutations break the file; none may crash the loader
