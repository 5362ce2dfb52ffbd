"""One schema mechanism for every catalog and schedule file (issue 20, item 5).

Each bad edit below is a real catalog or schedule file with one line changed as a user might
change it. Before the schemas, `knd:` in a target was a TypeError traceback from `data check`
and `data build`, `frequency: anual`, `direction: upwards`, `nonnegative: 'yes'` or a typo in
an NBS file rule were accepted silently, a duplicate id was "located" at line 0, and
`data check reports/schedule.yaml` read the schedule as a plan (13 bogus problems). Now each is
exactly one problem at the line and column of the edit (the numbers are counted in the shipped
file: the line the edit is on, the column where its key or value starts), exit status 2, no
traceback.
"""

from __future__ import annotations

import glob
import json
import shutil
from pathlib import Path

import pytest

from analytics._yaml import read_yaml
from analytics.catalog._schema import schema_problems
from analytics.catalog._schemas import SCHEMAS, schema_json
from analytics.cli import main

ROOT = Path(__file__).resolve().parents[2]
IND = "data/catalog/indicators.yaml"
NBS = "data/catalog/nbs_files.yaml"
FW = "data/catalog/frameworks/dedi_handbook.yaml"
PLAN = "data/catalog/plans/tianjin_smart_city_14th.yaml"
SCHED = "reports/schedule.yaml"
REG = "data/catalog/regions.csv"

# (file, shipped text, edited text, line:column of the one problem, words it must carry)
BAD_EDITS = [
    # indicators.yaml line 29 is `    kind: expected` of GDP's first target (column 5: the key)
    (
        IND,
        "    kind: expected",
        "    knd: expected",
        "29:5",
        "unknown key `knd` — did you mean `kind`?",
    ),
    (
        IND,
        "  frequency: annual",
        "  frequency: anual",
        "13:14",
        "`frequency: anual` is not a known word — did you mean `annual`?",
    ),
    # line 214 is the first `direction: neutral` (column 14: after `  direction: `)
    (
        IND,
        "  direction: neutral",
        "  direction: upwards",
        "214:14",
        "`direction: upwards` is not a known word",
    ),
    (
        IND,
        "  - index_prev_year_100",
        "  - index_prev_year",
        "18:5",
        "`measures: index_prev_year` is not a known word — did you mean `index_prev_year_100`?",
    ),
    (
        IND,
        "  nonnegative: true",
        "  nonnegative: 'yes'",
        "20:16",
        "`nonnegative` must be true or false, not 'yes'",
    ),
    # line 46 is `- id: va_primary`, the second entry; GDP is the first
    (IND, "- id: va_primary\n", "- id: gdp\n", "46:7", "id `gdp` is given twice (first as item 1)"),
    (IND, "    year: 2024", "    year: '2024'", "27:11", "`year` must be a whole number"),
    # nbs_files.yaml line 18 is `  第一产业.csv: {indicator: va_primary}` (column 14: the key)
    (
        NBS,
        "{indicator: va_primary}",
        "{indicatr: va_primary}",
        "18:14",
        "unknown key `indicatr` — did you mean `indicator`?",
    ),
    (
        NBS,
        "地区生产总值指数（近十年）.csv: {indicator: gdp, measure: index_prev_year_100}",
        "地区生产总值指数（近十年）.csv: {indicator: gdp, measure: index}",
        "20:48",
        "`measure: index` is not a known word",
    ),
    (
        NBS,
        "  第一产业增加值: va_primary",
        "  第一产业增加值: [va_primary]",
        "37:12",
        "`第一产业增加值` must be text or a mapping of keys to values, not ['va_primary']",
    ),
    # dedi_handbook.yaml line 14 is the `infrastructure` node; `parent:` starts at column 26
    (
        FW,
        "parent: dedi, name_zh: 数字基础设施",
        "parnt: dedi, name_zh: 数字基础设施",
        "14:26",
        "unknown key `parnt` — did you mean `parent`?",
    ),
    (
        FW,
        "rp_websites, parent: software_facilities, direction: higher_is_better",
        "rp_websites, parent: software_facilities, direction: higher",
        "30:63",
        "`direction: higher` is not a known word",
    ),
    # the Tianjin plan: line 9 `number:`, line 21 `  secondary: true`, line 24 the second area id
    (PLAN, "number:", "numbr:", "9:1", "unknown key `numbr` — did you mean `number`?"),
    (
        PLAN,
        "  secondary: true",
        "  secondary: 'true'",
        "21:14",
        "`secondary` must be true or false, not 'true'",
    ),
    (
        PLAN,
        "  - id: government_services\n",
        "  - id: digital_infrastructure\n",
        "26:9",
        "id `digital_infrastructure` is given twice (first as item 1)",
    ),
    (
        PLAN,
        "year: 2020, ref: reference/plan_text_excerpt.txt, quote: '全网",
        "year: 2020, ref: reference/plan_text_excerpt.txt, qoute: '全网",
        "169:184",
        "unknown key `qoute` — did you mean `quote`?",
    ),
    # reports/schedule.yaml: line 44 `    retries: 3` of `annual`, line 27 the `monthly` job
    (SCHED, "    retries: 3", "    retries: 3.5", "57:14", "`retries` must be a whole number"),
    (SCHED, "  monthly:", "  Monthly Job:", "29:3", "job name 'Monthly Job' is not a safe name"),
    (
        SCHED,
        '    cron: "0 9 15 3 *"',
        '    corn: "0 9 15 3 *"',
        "56:5",
        "unknown key `corn` — did you mean `cron`?",
    ),
    (
        SCHED,
        "      langs: [zh, en]\n\n  monthly",
        "      langs: [zh, fr]\n\n  monthly",
        "27:19",
        "`langs: fr` is not a known word",
    ),
    # regions.csv line 4 is Tianjin's row; line 3 Beijing's
    (REG, "120000,天津市", "12000,天津市", "4:code", "`code: 12000` is not a GB/T 2260 code"),
    (
        REG,
        "120000,天津市",
        "110000,天津市",
        "4:code",
        "code `110000` is given twice (first as item 2)",
    ),
]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with the shipped catalog, reference files and schedule (no store needed)."""
    from analytics.catalog import _regions
    from analytics.io.nbs import nbs_file_rules

    for sub in ("data/catalog", "data/reference"):
        shutil.copytree(ROOT / sub, tmp_path / sub)
    (tmp_path / "reports").mkdir()
    shutil.copy(ROOT / SCHED, tmp_path / SCHED)
    monkeypatch.setenv("ANALYTICS_HOME", str(tmp_path))
    nbs_file_rules.cache_clear()
    yield tmp_path
    nbs_file_rules.cache_clear()
    _regions._lookup.cache_clear()


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    """Exit status, stdout lines and stderr of ``analytics ARGS`` (a traceback propagates)."""
    try:
        main(list(args))
        code = 0
    except SystemExit as stop:
        code = int(stop.code or 0)
    out = capsys.readouterr()
    return code, out.out.splitlines(), out.err


def test_twenty_bad_edits_across_the_file_kinds() -> None:
    assert len(BAD_EDITS) == 22
    assert {case[0] for case in BAD_EDITS} == {IND, NBS, FW, PLAN, SCHED, REG}


@pytest.mark.parametrize(("rel", "old", "new", "where", "words"), BAD_EDITS)
def test_a_bad_edit_is_one_located_problem_and_exit_2(
    home: Path,
    capsys: pytest.CaptureFixture[str],
    rel: str,
    old: str,
    new: str,
    where: str,
    words: str,
) -> None:
    path = home / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, lines, err = _cli(capsys, "data", "check", str(path))
    assert code == 2 and "Traceback" not in err
    assert len(lines) == 1, lines  # exactly one problem, on stdout
    assert lines[0].startswith(f"{path}:{where}: "), lines[0]
    assert words in lines[0], lines[0]


@pytest.mark.parametrize("rel_old_new", [BAD_EDITS[0], BAD_EDITS[1], BAD_EDITS[7]])
def test_data_build_refuses_a_bad_catalog_edit_before_reading_data(
    home: Path, capsys: pytest.CaptureFixture[str], rel_old_new: tuple[str, ...]
) -> None:
    rel, old, new, where, words = rel_old_new
    path = home / rel
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    code, _, err = _cli(capsys, "data", "build", "--quiet")
    assert code == 2 and "Traceback" not in err
    (line,) = err.splitlines()  # one line: the problem, located
    assert line.startswith(f"error: {path}:{where}: ") and words in line, err


def test_data_check_reads_the_schedule_as_a_schedule(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines, _ = _cli(capsys, "data", "check", str(home / SCHED))
    assert (code, lines) == (0, ["ok: 1 file(s) checked, 0 skipped"])


def test_a_schedule_elsewhere_is_told_by_its_shape(
    home: Path, capsys: pytest.CaptureFixture[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("elsewhere") / "jobs.yaml"
    path.write_text("jobs:\n  m:\n    reports: [fiveg]\n    cron: '0 9 30 2 *'\n", "utf-8")
    code, lines, _ = _cli(capsys, "data", "check", str(path))
    assert code == 2 and len(lines) == 1
    assert lines[0].startswith(f"{path}:4:11: cron expression '0 9 30 2 *' never fires")


SHIPPED = [
    *((p, "indicators") for p in sorted(glob.glob(str(ROOT / "data/catalog/indicators*.yaml")))),
    (str(ROOT / NBS), "nbs_files"),
    *((p, "framework") for p in sorted(glob.glob(str(ROOT / "data/catalog/frameworks/*.yaml")))),
    *((p, "plan") for p in sorted(glob.glob(str(ROOT / "data/catalog/plans/*.yaml")))),
    (str(ROOT / SCHED), "schedule"),
    (str(ROOT / "data/catalog/releases.yaml"), "releases"),
    (str(ROOT / "data/catalog/peers.yaml"), "peers"),
]


@pytest.mark.parametrize(("path", "kind"), SHIPPED, ids=[Path(p).name for p, _ in SHIPPED])
def test_every_shipped_file_meets_its_schema(path: str, kind: str) -> None:
    node, data = read_yaml(Path(path))
    assert schema_problems(Path(path), node, data, SCHEMAS[kind]) == []


def test_the_shipped_catalog_and_schedule_check_clean(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines, _ = _cli(capsys, "data", "check", str(home / "data/catalog"), str(home / SCHED))
    assert code == 0, lines
    assert lines[-1].startswith("ok: ")


def test_docs_schemas_are_written_from_the_one_source() -> None:
    folder = ROOT / "docs" / "schemas"
    assert sorted(p.stem for p in folder.glob("*.json")) == sorted(SCHEMAS)
    for name in SCHEMAS:
        on_disk = (folder / f"{name}.json").read_text(encoding="utf-8")
        assert on_disk == schema_json(name), f"run: python -m analytics.catalog._schemas {folder}"
        assert json.loads(on_disk)["$schema"].endswith("/2020-12/schema")


@pytest.mark.parametrize(
    ("rel", "kind", "old", "new", "where", "words"),
    [
        # nbs_files.yaml line 49: `  地区生产总值指数: {indicator: gdp, …}`; the key at column 14
        (
            NBS,
            "nbs_files",
            "  地区生产总值指数: {indicator: gdp",
            "  地区生产总值指数: {indicatr: gdp",
            "50:14",
            "unknown key `indicatr` — did you mean `indicator`?",
        ),
        # the plan's line 12 `region: '120000'`; in `region: ['120000', [1]]` the `[1]` is column 20
        (
            PLAN,
            "plan",
            "region: '120000'",
            "region: ['120000', [1]]",
            "12:20",
            "`region` must be text or a whole number, not [1]",
        ),
    ],
)
def test_an_error_inside_one_of_two_forms_is_located_at_its_own_node(
    rel: str, kind: str, old: str, new: str, where: str, words: str
) -> None:
    path = ROOT / rel
    node, data = read_yaml(path, path.read_text(encoding="utf-8").replace(old, new, 1))
    (problem,) = schema_problems(path, node, data, SCHEMAS[kind])
    assert f"{problem.line}:{problem.column}" == where and words in problem.message
