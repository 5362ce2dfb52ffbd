from __future__ import annotations

import os
import re
from pathlib import Path

from analytics.runs import index_page, publish
from analytics.runs.history import RunHistory
from analytics.runs.index_page import IndexEntry, collect_entries, render_index, write_index


def test_all_names_exist() -> None:
    for module in (publish, index_page):
        assert all(hasattr(module, n) for n in module.__all__)


def _version(target: Path, run: str, body: str) -> Path:
    work = publish.work_dir(target, run)
    (work / "report.html").write_text(body)
    return work


def test_publish_swaps_atomically_and_keeps_the_old_version_as_an_edition(tmp_path: Path) -> None:
    target = publish.target_dir(tmp_path / "out", "fiveg", "120000", "2023", "zh")
    v1 = _version(target, "1-1", "v1")
    publish.publish(v1, target)
    assert (target / "report.html").read_text() == "v1"
    first = os.readlink(target)
    assert target.is_symlink() and re.fullmatch(r"zh-\d{4}-\d{2}-\d{2}-1", first)
    v2 = _version(target, "2-1", "v2")
    assert (target / "report.html").read_text() == "v1"  # writing aside changes nothing
    publish.publish(v2, target)
    assert (target / "report.html").read_text() == "v2"
    second = os.readlink(target)
    assert second.endswith("-2") and (target.parent / first / "report.html").read_text() == "v1"
    assert not v1.exists() and not v2.exists()  # both moved out of .runs, beside the target
    # no temporary link left behind; the run folders are editions at the depth of the link
    assert sorted(p.name for p in target.parent.iterdir()) == sorted([".runs", "zh", first, second])


def test_publish_replaces_a_plain_folder(tmp_path: Path) -> None:
    target = tmp_path / "out" / "r" / "120000" / "2023" / "en"
    target.mkdir(parents=True)
    (target / "report.html").write_text("old layout")
    publish.publish(_version(target, "1-1", "new"), target)
    assert (target / "report.html").read_text() == "new"


def test_stale_marker_lifecycle(tmp_path: Path) -> None:
    target = publish.target_dir(tmp_path, "industry", "120000", "2023-01/02", "en")
    assert target.parent.name == "2023-01_02"
    publish.publish(_version(target, "1-1", "good"), target)
    publish.mark_stale(target, "ValueError: no data", run_id=2)
    assert publish.read_stale(target) == {
        "reason": "ValueError: no data",
        "run_id": 2,
        "since": publish.read_stale(target)["since"],
    }
    publish.publish(_version(target, "3-1", "better"), target)
    assert publish.read_stale(target) is None


def test_prune_keeps_published_and_newest_failed(tmp_path: Path) -> None:
    target = tmp_path / "zh"
    failed = [_version(target, f"{i}-1", "x") for i in range(5)]
    for i, p in enumerate(failed):
        os.utime(p, (1000 + i, 1000 + i))
    good = _version(target, "9-1", "good")
    publish.publish(good, target)
    assert publish.prune(target, keep_failed=2) == 3
    left = sorted(p.name for p in (target.parent / ".runs").iterdir())
    assert left == ["zh-3-1", "zh-4-1"]  # the published one is an edition beside the target
    assert (target / "report.html").read_text() == "good"


def test_index_lists_ok_stale_and_failed(tmp_path: Path) -> None:
    out = tmp_path / "reports" / "out"
    ok = publish.target_dir(out, "fiveg", "120000", "2023", "zh")
    publish.publish(_version(ok, "1-1", "<html>ok</html>"), ok)
    stale = publish.target_dir(out, "fiveg", "120000", "2023", "en")
    publish.publish(_version(stale, "2-1", "<html>old</html>"), stale)
    publish.mark_stale(stale, "ValueError: boom (cell 3)", run_id=5)
    history = RunHistory(tmp_path / "runs.sqlite")
    rid = history.start_run(
        job="annual",
        slot=None,
        report="industry",
        parameters={"region": "110000", "period": "2022", "lang": "zh"},
        run_key="k",
        fingerprint="f",
        inputs={},
    )
    history.finish_run(
        rid, status="failed", error="kernel died (DeadKernelError)", notebook=tmp_path / "nb.ipynb"
    )
    entries = collect_entries(out, history=history)
    got = [(e.report, e.region, e.lang, e.status, e.reason) for e in entries]
    assert got == [  # in the registry's order: plan, industry, fiveg, digital_economy
        ("industry", "110000", "zh", "failed", "kernel died (DeadKernelError)"),
        ("fiveg", "120000", "en", "stale", "ValueError: boom (cell 3)"),
        ("fiveg", "120000", "zh", "ok", ""),
    ]
    dest = write_index(out, history=history, reports={})
    page = dest.read_text(encoding="utf-8")
    assert dest == tmp_path / "reports" / "index.html"
    assert 'href="out/fiveg/120000/2023/zh/report.html"' in page
    assert (dest.parent / "out/fiveg/120000/2023/zh/report.html").read_text() == "<html>ok</html>"
    assert "ValueError: boom (cell 3)" in page and "kernel died" in page
    assert 'name="viewport"' in page and "@media (max-width" in page
    # offline: one inline script (the finder), nothing loaded from anywhere
    assert re.findall(r"<script[^>]*>", page) == ["<script>"]
    assert not re.search(r"(src|href)=\"https?:", page)
    # Chinese first, then English
    assert page.index("数字经济报告") < page.index("Digital economy reports")
    assert "过期 · stale" in page and "失败 · failed" in page


def test_render_escapes_text() -> None:
    entry = IndexEntry(
        "r", "120000", "2023", "zh", "stale", reason="<b>bad</b>", html=Path("/x/report.html")
    )
    page = render_index([entry], base=Path("/x"), generated=0)
    assert "&lt;b&gt;bad&lt;/b&gt;" in page and "<b>bad</b>" not in page
