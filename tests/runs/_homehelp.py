"""A tiny project home for fault tests that run the real ``analytics`` CLI in a process tree.

The home's reports ``fiveg`` and ``industry`` are tiny notebooks served by the fake executors of
``_schedhelp`` through ``_fakecli.py``; its data is ``data/a.csv``; its catalog holds the real
``regions.csv`` and ``peers.yaml`` (a run without ``peers`` takes its region's from there).
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from analytics.config import project_root

_HERE = Path(__file__).resolve().parent
_help = importlib.import_module("_schedhelp")

SCHEDULE = """\
jobs:
  monthly:
    reports: [fiveg, industry]
    cron: "* * * * *"
    backoff: 0
    retries: 2
    matrix: {regions: ["120000"], periods: ["2024"], langs: [zh, en]}
"""
TARGETS = [f"{r}/120000/2024/{lang}" for r in ("fiveg", "industry") for lang in ("zh", "en")]


def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    _help.make_project(home, {"fiveg": ("data/a.csv",), "industry": ("data/a.csv",)})
    (home / "data" / "catalog").mkdir(parents=True)
    for name in ("regions.csv", "peers.yaml"):
        shutil.copy(project_root() / "data/catalog" / name, home / "data/catalog")
    (home / "reports").mkdir()
    (home / "reports" / "schedule.yaml").write_text(SCHEDULE)
    return home


def cli(home: Path, execute: str, *args: str, **popen: object) -> subprocess.Popen[str]:
    env = {**os.environ, "ANALYTICS_HOME": str(home), "ANALYTICS_STOP_GRACE": "60"}
    env.update(popen.pop("env", {}))  # type: ignore[arg-type]
    cmd = [sys.executable, str(_HERE / "_fakecli.py"), f"_schedhelp:{execute}", *args]
    return subprocess.Popen(cmd, env=env, text=True, **popen)  # type: ignore[call-overload,no-any-return]


def seed(home: Path) -> dict[str, str]:
    """Publish version 1 of the four reports (an earlier slot), then change their data."""
    run = cli(
        home,
        "fake_execute",
        "schedule",
        "run-due",
        "--no-progress",
        "--now",
        "2026-11-20T01:00:00+00:00",
        stdout=subprocess.PIPE,
    )
    out, _ = run.communicate(timeout=120)
    assert run.returncode == 0, out
    (home / "data" / "a.csv").write_text("x\n1\n2\n")  # new data: every report must run again
    out_root = home / "reports" / "out"
    return {t: (out_root / t / "report.html").read_text() for t in TARGETS}


def specs(home: Path) -> dict[str, object]:
    return {
        n: _help.Spec(n, home / "notebooks" / f"{n}.ipynb", ("data/a.csv",))
        for n in ("fiveg", "industry")
    }
