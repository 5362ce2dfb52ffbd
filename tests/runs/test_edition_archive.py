"""Every publish is an edition, kept and reachable, that says what changed (issue 21, item 1).

End to end through the runner: the industry report for Tianjin's 2025 edition is published from
a copy of the store, one value of the copy is changed, and the report is published again. The
value: Tianjin's 2024 GDP, 17,931.3 亿元 (data/raw/nbs/分省年度数据2024.csv, row 天津市, first
column), made 18,000 in the copy.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import polars as pl
import pytest

from analytics.runs import publish, render
from analytics.runs.render import reader_text
from analytics.runs.runner import RunRequest, run_batch

ROOT = Path(__file__).resolve().parents[2]
EDITION = re.compile(r"^zh-\d{4}-\d{2}-\d{2}-(\d+)$")


def _gdp_2024(frame: pl.DataFrame) -> pl.Expr:
    return (
        (pl.col("indicator") == "gdp")
        & (pl.col("region") == "120000")
        & (pl.col("period") == "2024")
        & (pl.col("measure") == "level")
        & (pl.col("vintage") == "nbs_revised_5th_census")
    )


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A copy of the built store (and of the reference files its notes read)."""
    data = tmp_path / "data"
    for sub in ("processed", "reference"):
        shutil.copytree(ROOT / "data" / sub, data / sub)
    return data


def _publish(data: Path, out: Path, history: Path) -> Path:
    req = RunRequest("industry", "120000", "2025", "zh", extra=(("data_dir", str(data)),))
    summary = run_batch([req], out_root=out, history=history, workers=1)
    assert [r.status for r in summary.results] == ["ok"], summary.lines()
    return publish.target_dir(out, "industry", "120000", "2025", "zh")


def _changes_text(page: str) -> str:
    start = page.index('class="an-section an-changes"')
    return reader_text(page[start : page.index("</section>", start)])


def test_a_revised_value_is_listed_old_to_new_and_the_old_edition_stays(
    store: Path, tmp_path: Path
) -> None:
    out, history = tmp_path / "out", tmp_path / "runs.sqlite"
    target = _publish(store, out, history)
    first = (target / "report.html").read_text(encoding="utf-8")
    assert "这是本报告（天津，2025年）的第一版" in _changes_text(first)
    facts = json.loads((target / "data" / "facts.json").read_text(encoding="utf-8"))
    [row] = [
        f
        for f in facts["figures"]
        if (f["indicator"], f["period"], f["measure"]) == ("gdp", "2024", "level")
    ]
    assert (row["value"], row["vintage"]) == (17931.3, "nbs_revised_5th_census")
    assert facts["sections"][0] == "地区生产总值"  # the sections below the cell, recorded

    obs = store / "processed" / "observations.parquet"
    frame = pl.read_parquet(obs)
    assert frame.filter(_gdp_2024(frame))["value"].to_list() == [17931.3]
    frame.with_columns(
        pl.when(_gdp_2024(frame)).then(18000.0).otherwise(pl.col("value")).alias("value")
    ).write_parquet(obs)
    _publish(store, out, history)  # the store changed: the run is not skipped

    folders = sorted(
        (p for p in target.parent.iterdir() if EDITION.match(p.name)),
        key=lambda p: int(EDITION.match(p.name)[1]),  # type: ignore[index]
    )
    assert [int(EDITION.match(p.name)[1]) for p in folders] == [1, 2]  # type: ignore[index]
    old, new = folders
    assert os.readlink(target) == new.name
    # the previous edition is still there, unchanged
    assert (old / "report.html").read_text(encoding="utf-8") == first
    second = (target / "report.html").read_text(encoding="utf-8")
    text = _changes_text(second)
    assert "与上一版（第1版" in text
    assert "新增数据0项，修订1项，不再显示0项；判断变化0项。" in text
    # the revised figure, old → new, with its vintage named
    assert (
        "地区生产总值 2024年 17,931.3亿元 → 18,000亿元 第五次全国经济普查后修订（未变）"
        in " ".join(text.split())
    )
    assert f'href="../{old.name}/report.html"' in second
    # editions.html lists both, newest first, each linking an existing report.html
    listing = (target / "editions.html").read_text(encoding="utf-8")
    links = re.findall(r'href="\.\./([^"/]+)/report\.html"', listing)
    assert links == ["zh", new.name, old.name]  # "back to the current report", then editions
    assert all((target.parent / name / "report.html").is_file() for name in links)
    assert "第2版（本版）" in reader_text(listing).replace(" ", "") and "第1版" in reader_text(
        listing
    )
    # the old edition keeps its own list (it was the only one)
    assert re.findall(
        r'href="\.\./(zh-[^"/]+)/report\.html"', (old / "editions.html").read_text()
    ) == [old.name]
    # the runner passes `previous` relative to the run folder: no absolute path is published
    executed = (new / "report.ipynb").read_text(encoding="utf-8")
    assert f'previous = \\"../../{old.name}\\"' in executed and str(old) not in executed


def test_prune_never_removes_an_edition(tmp_path: Path) -> None:
    target = publish.target_dir(tmp_path / "out", "fiveg", "120000", "2023", "zh")
    for run in ("1-1", "2-1", "3-1"):
        work = publish.work_dir(target, run)
        (work / "report.html").write_text(run)
        publish.publish(work, target)
    failed = [publish.work_dir(target, f"{i}-1") for i in range(4, 9)]
    for i, p in enumerate(failed):
        os.utime(p, (1000 + i, 1000 + i))
    assert publish.prune(target, keep_failed=1) == 4
    assert [
        (e.number, (e.folder / "report.html").read_text()) for e in publish.editions(target)
    ] == [
        (1, "1-1"),
        (2, "2-1"),
        (3, "3-1"),
    ]
    assert sorted(p.name for p in (target.parent / ".runs").iterdir()) == ["zh-8-1"]


def test_a_report_published_before_editions_becomes_edition_1(tmp_path: Path) -> None:
    target = publish.target_dir(tmp_path / "out", "fiveg", "120000", "2023", "en")
    old = publish.work_dir(target, "1-1")
    (old / "report.html").write_text("before editions")
    os.symlink(".runs/en-1-1", target)  # the layout before editions were kept
    new = publish.work_dir(target, "2-1")
    (new / "report.html").write_text("now")
    publish.publish(new, target)
    got = [(e.number, (e.folder / "report.html").read_text()) for e in publish.editions(target)]
    assert got == [(1, "before editions"), (2, "now")]
    assert (target / "report.html").read_text() == "now"


def test_the_facts_key_is_the_same_on_both_sides() -> None:
    from analytics.reports import changes

    assert render.FACTS_KEY == changes.FACTS_KEY
    assert publish._EDITION_FILE == changes.EDITION_FILE


def test_previous_is_the_runners_to_set_never_a_users() -> None:
    from analytics.runs._parameters import per_report
    from analytics.runs.registry import get_report

    nbs = {"industry": get_report("industry").notebook}
    got = per_report({"previous": "../x"}, nbs, typed=False, matrix="--{name}")
    assert got == (
        {},
        {"previous": "`previous` is set by the runner (the published edition), not given"},
    )
