"""``analytics data add`` end to end, in a temporary ANALYTICS_HOME (issue 13, item 2).

The home is a copy of the project's data/ with some real files taken out (an NBS export, a portal
panel and its capture); the test adds the project's own byte copies of those real files back
and checks the store, the provenance entry and the bytes. Refusals must leave data/ untouched:
the whole tree is hashed before and after.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
import yaml

from tests._project_home import copy_data, observations, run, tree

ROOT = Path(__file__).resolve().parents[2]
PANEL = "分省互联网主要指标_多年期_面板数据.csv"
CAPTURE = "分省互联网主要指标_多年期_原始抓取.csv"
TAKEN_OUT = ("分省年度数据2024.csv", "第一产业.csv", "按照年份的GDP.csv", "archive/年度数据.csv")


def _source(rel: str) -> Path:
    """A real file: the project's byte copy (the tests never read ../shared)."""
    return ROOT / "data" / "raw" / rel


def _nbs(name: str) -> Path:
    return ROOT / "data" / "raw" / "nbs" / name


@pytest.fixture(scope="module")
def base_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/ without four NBS exports and one portal panel, its store built."""
    home = tmp_path_factory.mktemp("base") / "home"
    copy_data(home)
    for rel in TAKEN_OUT:
        (home / "data" / "raw" / "nbs" / rel).unlink()
    rules = home / "data" / "catalog" / "nbs_files.yaml"
    kept = [
        ln
        for ln in rules.read_text("utf-8").splitlines(keepends=True)
        if not any(ln.startswith(f"  {rel}:") for rel in TAKEN_OUT)
    ]
    rules.write_text("".join(kept), "utf-8")
    (home / "data" / "raw" / "nbs_portal" / "panels" / PANEL).unlink()
    (home / "data" / "raw" / "nbs_portal" / "raw_json_captures" / CAPTURE).unlink()
    assert run(home, "data", "build").returncode == 0
    return home


@pytest.fixture
def home(base_home: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(base_home, copy)
    return copy


def _value(home: Path, indicator: str, period: str, vintage: str | None = None) -> list[float]:
    rows = observations(home).filter(
        (pl.col("indicator") == indicator)
        & (pl.col("region") == "120000")
        & (pl.col("period") == period)
        & (pl.col("measure") == "level")
    )
    if vintage is not None:
        rows = rows.filter(pl.col("vintage") == vintage)
    return sorted(rows["value"].to_list())


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_new_format_panel_with_yes(home: Path) -> None:
    panel = _source(f"nbs_portal/panels/{PANEL}")
    capture = _source(f"nbs_portal/raw_json_captures/{CAPTURE}")
    assert _value(home, "nbs_broadband_users", "2024") == []
    out = run(home, "data", "add", panel, capture, "--yes")
    assert out.returncode == 0, out.stderr
    assert "nbs_broadband_users (new indicator)" in out.stdout
    # issue 13: Tianjin broadband users 2024 = 704.0万户, mobile traffic 386,654.08万GB
    assert _value(home, "nbs_broadband_users", "2024") == [704.0]
    assert _value(home, "nbs_mobile_internet_traffic", "2024") == [386654.08]
    dest = home / "data" / "raw" / "nbs_portal"
    assert (dest / "panels" / PANEL).read_bytes() == panel.read_bytes()
    assert (dest / "raw_json_captures" / CAPTURE).read_bytes() == capture.read_bytes()
    entries = yaml.safe_load((home / "data" / "catalog" / "portal_files.yaml").read_text("utf-8"))
    assert entries == [
        {
            "panel": f"panels/{PANEL}",
            "capture": f"raw_json_captures/{CAPTURE}",
            "table": "互联网主要指标发展情况",
            "cid": "53f522fb4b1a40ce90977a0b1cd94da1",
            "added": dt.date.today().isoformat(),
            "sha256": _sha(panel),
            "capture_sha256": _sha(capture),
        }
    ]
    sources = pl.read_parquet(home / "data" / "processed" / "sources.parquet")
    title = sources.filter(pl.col("id") == f"nbs_portal/{PANEL}")["title"].item()
    assert "互联网主要指标发展情况" in title and _sha(panel) in title


@pytest.mark.slow
def test_old_format_export_with_yes(home: Path) -> None:
    export = _source("nbs/分省年度数据2024.csv")
    assert _value(home, "gdp", "2024", "nbs_revised_5th_census") == []
    out = run(home, "data", "add", export, "--yes")
    assert out.returncode == 0, out.stderr
    # NBS 分省年度数据 2024: 天津 地区生产总值 17931.3 亿元 (≈ 1.8万亿, figures.csv row 15)
    assert _value(home, "gdp", "2024", "nbs_revised_5th_census") == [17931.3]
    assert (home / "data" / "raw" / "nbs" / export.name).read_bytes() == export.read_bytes()
    rules = yaml.safe_load((home / "data" / "catalog" / "nbs_files.yaml").read_text("utf-8"))
    entry = rules["files"][export.name]
    said = "国家统计局 国家数据「分省年度数据」; 数据来源：国家统计局"  # its header and last line
    assert entry == {"added": dt.date.today().isoformat(), "sha256": _sha(export), "source": said}
    assert rules["names"]["地区生产总值"] == "gdp"  # the names section is intact


@pytest.mark.slow
def test_file_named_only_by_its_file_name(home: Path) -> None:
    """A file name is a proposal (issue 20): refused, dry run or --yes, until --indicator."""
    export = _source("nbs/第一产业.csv")
    before = tree(home)
    for dry in ((), ("--yes",)):
        refused = run(home, "data", "add", export, *dry)
        assert refused.returncode == 2, refused.stdout
        said = "proposed file name `第一产业.csv` ≈ `第一产业增加值` = `va_primary`: not certain"
        assert f"{export}:3:2: {said} (take it with --indicator va_primary" in refused.stderr
    assert tree(home) == before
    out = run(home, "data", "add", export, "--indicator", "va_primary", "--yes")
    assert out.returncode == 0, out.stderr
    rules = yaml.safe_load((home / "data" / "catalog" / "nbs_files.yaml").read_text("utf-8"))
    assert rules["files"]["第一产业.csv"]["indicator"] == "va_primary"
    # the same cell in another export: 分省年度数据2023.csv, 天津 第一产业增加值 2023
    assert _value(home, "va_primary", "2023") == [270.5]
    assert (
        "分省年度数据2023.csv"
        in observations(home)
        .filter(
            (pl.col("indicator") == "va_primary")
            & (pl.col("region") == "120000")
            & (pl.col("period") == "2023")
        )["source"]
        .item()
    )


@pytest.mark.slow
def test_file_without_a_name_needs_indicator(home: Path) -> None:
    export = _source("nbs/按照年份的GDP.csv")
    before = tree(home)
    refused = run(home, "data", "add", export, "--yes")
    assert refused.returncode == 2
    assert f"{export}:3:2: the indicator is not named in the file" in refused.stderr
    assert "--indicator ID" in refused.stderr
    assert tree(home) == before
    out = run(home, "data", "add", export, "--indicator", "gdp", "--yes")
    assert out.returncode == 0, out.stderr
    rules = yaml.safe_load((home / "data" / "catalog" / "nbs_files.yaml").read_text("utf-8"))
    assert rules["files"][export.name]["indicator"] == "gdp"


@pytest.mark.slow
def test_unmappable_column_is_refused_and_nothing_written(home: Path) -> None:
    export = _source("nbs/archive/年度数据.csv")  # national counts of administrative divisions
    before = tree(home)
    out = run(home, "data", "add", export, "--yes")
    assert out.returncode == 2
    assert f"{export}:4:1: cannot map `地级区划数 (个)`: not in the catalog" in out.stderr
    hint = "as a new indicator (name_zh 地级区划数, unit 个, frequency annual)"
    assert f"{hint} with --new '地级区划数 (个)=ID'" in out.stderr
    assert tree(home) == before


@pytest.mark.slow
def test_unit_clash_is_refused_and_nothing_written(home: Path, tmp_path: Path) -> None:
    # the real 2024 export with its GDP column mislabelled 万元 (the catalog says 亿元)
    text = _nbs("分省年度数据2024.csv").read_bytes().decode("utf-8")
    bad = tmp_path / "分省年度数据2024.csv"
    bad.write_bytes(text.replace("地区生产总值 (亿元)", "地区生产总值 (万元)", 1).encode("utf-8"))
    before = tree(home)
    out = run(home, "data", "add", bad, "--yes")
    assert out.returncode == 2
    assert f"{bad}:3:2: unit `万元` for `gdp` is not the catalog's `亿元`" in out.stderr
    assert tree(home) == before


@pytest.mark.slow
def test_panel_without_its_capture_is_refused(home: Path) -> None:
    before = tree(home)
    out = run(home, "data", "add", _source(f"nbs_portal/panels/{PANEL}"), "--yes")
    assert out.returncode == 2
    assert f"no raw JSON capture offered with the panel (add its capture `{CAPTURE}`" in out.stderr
    assert tree(home) == before


@pytest.mark.slow
def test_revised_values_become_a_new_vintage(home: Path, tmp_path: Path) -> None:
    """Tianjin GDP as first published (figures.csv rows 13–14: 2022 16311.34, 2023 16737.30)
    differs from the census-revised values stored (16588.5, 17211.8): a new vintage."""
    figures = pl.read_csv(ROOT / "data" / "reference" / "figures.csv", infer_schema=False)
    first = figures.filter(
        (pl.col("region") == "Tianjin")
        & (pl.col("indicator") == "GDP")
        & pl.col("period").is_in(["2022", "2023"])
    )
    cells = dict(zip(first["period"], first["value"], strict=True))
    export = tmp_path / "天津地区生产总值_初步核算.csv"
    export.write_bytes(
        "\ufeff数据库：分省年度数据\n时间：2022年-2023年\n地区\t,2023年\t,2022年\t,\n"
        f"天津市\t,{cells['2023']}\t,{cells['2022']}\t,\n"
        "数据来源：天津市统计公报 (初步核算, as quoted in figures.csv)\n".encode()
    )
    before = observations(home)
    out = run(home, "data", "add", export, "--indicator", "gdp", "--yes")
    assert out.returncode == 0, out.stderr
    vintage = f"nbs_export@{dt.date.today().isoformat()}"  # an old-portal export
    assert "2 values differ from the store" in out.stdout and vintage in out.stdout
    assert "16588.5" in out.stdout and "16311.34" in out.stdout  # stored and new, unrounded
    assert _value(home, "gdp", "2022", "nbs_revised_5th_census") == [16588.5]  # kept
    assert _value(home, "gdp", "2022", vintage) == [16311.34]
    assert _value(home, "gdp", "2023", vintage) == [16737.30]
    after = observations(home).filter(pl.col("vintage") != vintage)
    assert after.sort(after.columns).equals(before.sort(before.columns))  # nothing overwritten
    rules = yaml.safe_load((home / "data" / "catalog" / "nbs_files.yaml").read_text("utf-8"))
    assert rules["files"][export.name]["vintage"] == vintage


@pytest.mark.slow
def test_failed_rebuild_rolls_back(home: Path) -> None:
    (home / "data" / "reference" / "figures_map.csv").write_text("a,b\n", "utf-8")
    before = tree(home)
    out = run(
        home, "data", "add", _source("nbs/第一产业.csv"), "--indicator", "va_primary", "--yes"
    )
    assert out.returncode == 2
    assert "figures_map.csv:1:3: header lacks" in out.stderr
    assert tree(home) == before


@pytest.mark.slow
def test_without_yes_and_no_terminal_only_prints(home: Path) -> None:
    before = tree(home)
    out = run(home, "data", "add", _source("nbs/第一产业.csv"), "--indicator", "va_primary")
    assert out.returncode == 0, out.stderr
    assert "va_primary" in out.stdout
    assert out.stdout.rstrip().endswith("dry run: nothing written (add --yes to apply)")
    assert tree(home) == before


@pytest.mark.slow
def test_a_file_already_in_data_is_not_added_twice(home: Path) -> None:
    before = tree(home)
    telecom = (
        ROOT / "data" / "raw" / "nbs_portal" / "panels" / "分省电信主要通行能力_多年期_面板数据.csv"
    )
    out = run(home, "data", "add", _nbs("分省年度数据2023.csv"), telecom, "--yes")
    assert out.returncode == 0, out.stderr
    assert "already in data/ as raw/nbs/分省年度数据2023.csv" in out.stdout
    assert f"already in data/ as raw/nbs_portal/panels/{telecom.name}" in out.stdout  # no capture
    assert out.stdout.rstrip().endswith("nothing to add")
    assert tree(home) == before


# 2026年北京市政府工作报告 (2026-02-02), as in ../shared/data/reference/gov_work_reports_2026
_BJ = (
    "2026年北京市政府工作报告 (2026-02-02)",
    "https://s.fjlib.net:6443/interlibSSO/goto/385/+c-s-9odnokd9bnl9bm/pd/gzbg/detail.html"
    "?id=9619811804ca4972b0eb7f99450209fa",
    "全市地区生产总值5.2万亿元、增长5.4%、高于全国0.4个百分点，一般公共预算收入增长4.8%",
)


def _figures(tmp_path: Path, rows: list[tuple[str, ...]]) -> Path:
    import csv

    path = tmp_path / "figures_2026_work_reports.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            [
                "region",
                "indicator",
                "period",
                "value",
                "unit",
                "source_title",
                "source_url_or_repo_path",
                "quote",
            ]
        )
        writer.writerows([(*row, *_BJ) for row in rows])
    return path


@pytest.mark.slow
def test_published_figures_table_with_yes(home: Path, tmp_path: Path) -> None:
    table = _figures(
        tmp_path,
        [
            ("Beijing", "GDP", "2025", "5.2", "trillion CNY (万亿元)"),
            ("Beijing", "GDP real growth", "2025", "5.4", "%"),
        ],
    )
    out = run(home, "data", "add", table, "--yes")
    assert out.returncode == 0, out.stderr
    obs = observations(home).filter((pl.col("region") == "110000") & (pl.col("period") == "2025"))
    got = {(r["indicator"], r["measure"], r["vintage"]): r["value"] for r in obs.to_dicts()}
    assert got[("gdp", "level", "published")] == pytest.approx(52000.0)  # 5.2万亿 = 52,000亿
    assert got[("gdp", "yoy_pct", "published")] == 5.4
    assert (home / "data" / "raw" / "figures" / table.name).read_bytes() == table.read_bytes()
    entries = yaml.safe_load((home / "data" / "catalog" / "figures_files.yaml").read_text("utf-8"))
    assert entries == [
        {"file": table.name, "added": dt.date.today().isoformat(), "sha256": _sha(table)}
    ]
    sources = pl.read_parquet(home / "data" / "processed" / "sources.parquet")
    quote = sources.filter(pl.col("id") == f"raw/figures/{table.name}:3")["quote"].item()
    assert quote == _BJ[2]
    added = home / "data" / "raw" / "figures" / table.name
    added.write_bytes(table.read_bytes() + b"\n")  # same rows, other bytes
    out = run(home, "data", "build")
    assert out.returncode == 2 and f"{added}:0:0: sha256 " in out.stderr


@pytest.mark.slow
def test_figures_refusals_leave_data_untouched(home: Path, tmp_path: Path) -> None:
    before = tree(home)
    text = "general public budget revenue growth"  # 一般公共预算收入增长4.8%: not in the map
    table = _figures(tmp_path, [("Beijing", text, "2025", "4.8", "%")])
    out = run(home, "data", "add", table, "--yes")
    assert out.returncode == 2
    assert f"{table}:2:2: cannot map indicator `{text}`: not in figures_map.csv" in out.stderr
    assert "add a row for it to data/reference/figures_map.csv" in out.stderr
    clash = _figures(tmp_path, [("Beijing", "GDP", "2025", "5.2", "%")])  # a level in %
    out = run(home, "data", "add", clash, "--yes")
    assert out.returncode == 2
    assert f"{clash}:2:5: unit `%` cannot be converted to `亿元` for `gdp`" in out.stderr
    assert tree(home) == before


def test_all() -> None:
    from analytics.io import _add_figures, _add_map, add

    assert set(add.__all__) == {"AddPlan", "Choices", "FilePlan", "apply_add", "plan_add"}
    assert set(_add_figures.__all__) == {"added_figures", "figures_files", "map_figures"}
    assert set(_add_map.__all__) == {
        "QUALIFIERS",
        "ColumnMap",
        "Format",
        "NameMatch",
        "detect_format",
        "map_nbs",
        "map_portal",
        "match_name",
        "qualifier",
    }


@pytest.mark.slow
def test_an_added_file_edited_afterwards_fails_the_build(home: Path) -> None:
    export = _source("nbs/第一产业.csv")
    panel = _source(f"nbs_portal/panels/{PANEL}")
    capture = _source(f"nbs_portal/raw_json_captures/{CAPTURE}")
    out = run(home, "data", "add", export, panel, capture, "--indicator", "va_primary", "--yes")
    assert out.returncode == 0, out.stderr
    for raw in (
        home / "data" / "raw" / "nbs" / export.name,
        home / "data" / "raw" / "nbs_portal" / "panels" / PANEL,
    ):
        original = raw.read_bytes()
        raw.write_bytes(original + b"\n")  # same values, other bytes
        out = run(home, "data", "build")
        assert out.returncode == 2
        assert (
            f"{raw}:0:0: sha256 " in out.stderr and "recorded when the file was added" in out.stderr
        )
        raw.write_bytes(original)
    assert run(home, "data", "build").returncode == 0


@pytest.fixture
def inproc(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``home`` as the project of this process (the NBS rules are cached per process)."""
    from analytics.io.nbs import nbs_file_rules

    monkeypatch.setenv("ANALYTICS_HOME", str(home))
    nbs_file_rules.cache_clear()
    yield home
    nbs_file_rules.cache_clear()


@pytest.mark.slow
def test_a_stale_plan_or_a_running_add_is_refused(inproc: Path) -> None:
    import fcntl

    from analytics.exceptions import AnalyticsError
    from analytics.io.add import apply_add, plan_add

    data = inproc / "data"
    plan = plan_add([_source("nbs/第一产业.csv")], indicator="va_primary")
    before = tree(inproc)
    with (data / ".add.lock").open("a") as fh:  # another `data add` holds the lock
        fcntl.flock(fh, fcntl.LOCK_EX)
        with pytest.raises(AnalyticsError, match="another `analytics data add` is running"):
            apply_add(plan)
    (data / ".add.lock").unlink()
    assert tree(inproc) == before
    rules = data / "catalog" / "nbs_files.yaml"
    rules.write_text(rules.read_text("utf-8") + "# edited meanwhile\n", "utf-8")
    with pytest.raises(AnalyticsError, match="data/ changed since the plan was made"):
        apply_add(plan)
    assert not (data / "raw" / "nbs" / "第一产业.csv").exists()


def _on_terminal(home: Path, answer: bytes, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run with stdin on a pseudo-terminal (so the command asks) and type ``answer``."""
    import pty

    master, slave = pty.openpty()
    env = {**os.environ, "ANALYTICS_HOME": str(home), "COLUMNS": "160"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "analytics", *map(str, args)],
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=home,
    )
    os.close(slave)
    os.write(master, answer)
    out, err = proc.communicate(timeout=300)
    os.close(master)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.slow
def test_on_a_terminal_it_asks(home: Path) -> None:
    export = _source("nbs/第一产业.csv")
    before = tree(home)
    no = _on_terminal(home, b"n\n", "data", "add", export, "--indicator", "va_primary")
    assert no.returncode == 0, no.stderr
    assert "rebuild the store? [y/N]" in no.stdout and "nothing written" in no.stdout
    assert tree(home) == before
    yes = _on_terminal(home, b"y\n", "data", "add", export, "--indicator", "va_primary")
    assert yes.returncode == 0, yes.stderr
    assert "added 1 file(s); store built" in yes.stdout
    assert (home / "data" / "raw" / "nbs" / export.name).read_bytes() == export.read_bytes()


@pytest.mark.slow
def test_a_nan_cell_is_refused_where_it_is(home: Path, tmp_path: Path) -> None:
    # the real 2024 export with Tianjin's GDP cell (line 5, column 2) replaced by nan
    lines = _nbs("分省年度数据2024.csv").read_bytes().decode("utf-8").split("\n")
    assert lines[4].startswith("天津市\t,17931.3\t,")
    lines[4] = lines[4].replace("17931.3", "nan", 1)
    bad = tmp_path / "分省年度数据2024.csv"
    bad.write_bytes("\n".join(lines).encode("utf-8"))
    before = tree(home)
    out = run(home, "data", "add", bad, "--yes")
    assert out.returncode == 2
    assert f"{bad}:5:2: value `nan` for `gdp` is not a finite number" in out.stderr
    assert tree(home) == before


def test_data_check_reads_portal_panels_with_their_captures(tmp_path: Path) -> None:
    from analytics.io import check_paths

    portal = ROOT / "data" / "raw" / "nbs_portal"
    assert check_paths([portal]) == []  # four panels, each against its capture; captures skipped
    lonely = tmp_path / "panels" / PANEL
    lonely.parent.mkdir()
    shutil.copyfile(portal / "panels" / PANEL, lonely)
    [problem] = check_paths([lonely])
    assert str(problem) == (
        f"{lonely}:0:0: no raw JSON capture at {tmp_path / 'raw_json_captures' / CAPTURE} "
        "(keep the panel's capture in raw_json_captures/ beside panels/)"
    )


@pytest.mark.slow
def test_close_matched_names_are_recorded_and_built(home: Path, tmp_path: Path) -> None:
    """Headers renamed as a later release might rename them (values untouched)."""
    old, new = "互联网宽带接入用户 (万户)", "互联网宽带接入用户数 (万户)"
    panel, capture = tmp_path / PANEL, tmp_path / CAPTURE
    for src, dest in (
        (_source(f"nbs_portal/panels/{PANEL}"), panel),
        (_source(f"nbs_portal/raw_json_captures/{CAPTURE}"), capture),
    ):
        text = src.read_bytes().decode("utf-8")
        assert old in text
        dest.write_bytes(text.replace(old, new).encode("utf-8"))
    export = tmp_path / "分省年度数据2024.csv"
    text = _nbs("分省年度数据2024.csv").read_bytes().decode("utf-8")
    export.write_bytes(text.replace("第一产业增加值 (亿元)", "第一产业增加值额 (亿元)").encode())
    before = tree(home)
    refused = run(home, "data", "add", panel, capture, export, "--yes")
    assert refused.returncode == 2  # a close match is a proposal (issue 20)
    said = "(close to `互联网宽带接入用户` (0.95), same unit): not certain"
    assert f"{panel}:1:10: proposed `{new}` → `nbs_broadband_users` {said}" in refused.stderr
    assert f"take it with --map '{new}=nbs_broadband_users'" in refused.stderr
    assert "(close to `第一产业增加值` (0.93), same unit): not certain" in refused.stderr
    assert tree(home) == before
    maps = ("--map", f"{new}=nbs_broadband_users", "--map", "第一产业增加值额=va_primary")
    out = run(home, "data", "add", panel, capture, export, "--yes", *maps)
    assert out.returncode == 0, out.stderr
    entries = yaml.safe_load((home / "data" / "catalog" / "portal_files.yaml").read_text("utf-8"))
    assert entries[0]["columns"] == {new: "nbs_broadband_users"}
    rules = yaml.safe_load((home / "data" / "catalog" / "nbs_files.yaml").read_text("utf-8"))
    assert rules["files"][export.name]["names"] == {"第一产业增加值额": "va_primary"}
    assert _value(home, "nbs_broadband_users", "2024") == [704.0]  # issue 13's Tianjin value
    # 天津 第一产业增加值 2024 in 第一产业.csv (another export): 284.5
    assert _value(home, "va_primary", "2024", "nbs_revised_5th_census") == [284.5]


@pytest.mark.slow
def test_a_copy_put_in_data_by_hand_is_named(home: Path) -> None:
    export = _source("nbs/第一产业.csv")
    by_hand = home / "data" / "raw" / "nbs" / export.name
    shutil.copyfile(export, by_hand)
    before = tree(home)
    out = run(home, "data", "add", export, "--yes")
    assert out.returncode == 2
    assert (
        f"{export}:0:0: the same file is data/raw/nbs/第一产业.csv, which nbs_files.yaml "
        "does not describe (remove that copy"
    ) in out.stderr
    assert tree(home) == before
