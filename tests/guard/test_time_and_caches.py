"""Time, loops and caches: a clock moved back, a poll that would spin, a relative home, a cache
that is truncated or cannot be written."""

from __future__ import annotations

import importlib
import math
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest

from analytics.config import project_root
from analytics.runs import render
from analytics.runs.scheduler import run_due, serve

_RUNS = str(Path(__file__).resolve().parents[1] / "runs")
if _RUNS not in sys.path:
    sys.path.insert(0, _RUNS)
_help = importlib.import_module("_schedhelp")

SCHEDULE = """\
jobs:
  monthly:
    reports: [ra]
    cron: "0 9 20 * *"
    timezone: Asia/Shanghai
    backoff: 0
    matrix: {regions: ["120000"], periods: ["2023"], langs: [zh]}
"""


def _project(tmp_path: Path) -> dict[str, object]:
    specs = _help.make_project(tmp_path, {"ra": ("data/a.csv",)})
    (tmp_path / "schedule.yaml").write_text(SCHEDULE)
    return {
        "reports": specs,
        "root": tmp_path,
        "out_root": tmp_path / "out",
        "history": tmp_path / "runs.sqlite",
        "lock_dir": tmp_path / "locks",
        "execute": _help.fake_execute,
    }


def test_a_clock_moved_back_runs_no_slot_again(tmp_path: Path) -> None:
    kw = _project(tmp_path)
    sched = tmp_path / "schedule.yaml"
    # 23 Nov: the slot of 20 Nov 09:00 (Shanghai) is the latest, and runs
    first = run_due(sched, now=datetime(2026, 11, 23, tzinfo=UTC), **kw)  # type: ignore[arg-type]
    assert [(o.slot, o.status) for o in first] == [("2026-11-20T09:00:00+08:00", "ran")]
    # the clock is set back to 25 Oct: the 20 Oct slot is older than one already run
    back = run_due(sched, now=datetime(2026, 10, 25, tzinfo=UTC), **kw)  # type: ignore[arg-type]
    assert back == []
    # and forward again: the 20 Nov slot ran once
    again = run_due(sched, now=datetime(2026, 11, 23, tzinfo=UTC), **kw)  # type: ignore[arg-type]
    assert again == []


@pytest.mark.parametrize("poll", [0.0, -1.0, math.nan, math.inf, 0.5])
def test_serve_refuses_a_poll_that_would_spin(tmp_path: Path, poll: float) -> None:
    kw = _project(tmp_path)
    with pytest.raises(ValueError, match=r"is not a finite number of seconds ≥ 1"):
        serve(tmp_path / "schedule.yaml", poll=poll, echo=lambda _: None, max_loops=1, **kw)


def _home(tmp_path: Path) -> Path:
    """A project with the catalog and one manual job: ``serve`` loads it and loops."""
    home = tmp_path / "home"
    shutil.copytree(project_root() / "data" / "catalog", home / "data" / "catalog")
    (home / "reports").mkdir()
    (home / "reports" / "schedule.yaml").write_text("jobs:\n  manual:\n    reports: [fiveg]\n")
    return home


@pytest.mark.parametrize("poll", ["0", "-1", "nan"])
def test_cli_serve_refuses_a_poll_that_would_spin(tmp_path: Path, poll: str) -> None:
    home = _home(tmp_path)
    env = {**os.environ, "ANALYTICS_HOME": str(home)}
    # the old loop never ended: the timeout turns that hang into a failure
    out = subprocess.run(
        [sys.executable, "-m", "analytics", "schedule", "serve", "--poll", poll],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert out.returncode == 2
    assert "--poll" in out.stderr and "is not a finite number of seconds ≥ 1" in out.stderr


def test_a_relative_home_is_resolved_once_at_start_up(tmp_path: Path) -> None:
    home = _home(tmp_path)
    work = tmp_path / "run-folder"
    work.mkdir()
    # start in the home with ANALYTICS_HOME=., then look from a run's work folder (a kernel
    # started there inherits the environment)
    code = (
        "import subprocess, sys, analytics.config as c\n"
        f"print(subprocess.run([sys.executable, '-c', 'import analytics.config as c; "
        f"print(c.project_root())'], cwd={str(work)!r}, capture_output=True, text=True).stdout)"
    )
    env = {**os.environ, "ANALYTICS_HOME": "."}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert out.stdout.strip() == str(home)


def _fresh(monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    monkeypatch.setenv("ANALYTICS_CACHE_DIR", str(cache))
    render._read.cache_clear()
    render._bytecode_cache.cache_clear()


def test_a_truncated_vega_bundle_is_rebuilt_not_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fresh(monkeypatch, tmp_path)
    whole = render.vega_bundle()
    (cached,) = tmp_path.glob("vega-bundle-*.js")
    cached.write_bytes(cached.read_bytes()[: len(whole) // 2])  # a full disk cut it short
    render._read.cache_clear()
    assert render.vega_bundle() == whole
    assert "window.vegaEmbed=" in whole  # the charts' entry point, lost in the cut half
    assert cached.read_text(encoding="utf-8") == whole  # and the cache repaired


def test_a_cache_folder_that_cannot_be_written_does_not_stop_a_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")  # no folder can be made under a file, not even by root
    _fresh(monkeypatch, blocker / "cache")
    page = render.render_html(nbformat.v4.new_notebook(), title="t", lang="en")
    assert page.count("window.vegaEmbed=") == 1
    assert render.check_html(page) == []
    render._bytecode_cache.cache_clear()
