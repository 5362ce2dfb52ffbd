"""Honest "unchanged" (issue 10, item 3), end to end in a temporary ANALYTICS_HOME.

A scheduled batch skips a run only when nothing it depends on changed. Editing a plan target in
the indicator catalog (the 5G target 70,000 → 75,000) or the package's own code must re-run the
report, and the published report must then show the new target. The CLI runs in subprocesses
with ``ANALYTICS_HOME`` pointing at a copy of the project and ``PYTHONPATH`` at a copy of the
package, so the test edits copies, never the real files.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ANALYTICS = [sys.executable, "-m", "analytics"]
BATCH = ["report", "batch", "--report", "fiveg", "--region", "120000", "--period", "latest"]
BATCH += ["--lang", "en", "--workers", "1"]


@pytest.fixture
def home(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the project (data, notebooks, schedule) and of the package, with its own store."""
    home = tmp_path / "home"
    for sub in ("raw", "reference", "catalog"):
        shutil.copytree(ROOT / "data" / sub, home / "data" / sub)
    shutil.copytree(ROOT / "notebooks" / "reports", home / "notebooks" / "reports")
    (home / "reports").mkdir()
    shutil.copy(ROOT / "reports" / "schedule.yaml", home / "reports" / "schedule.yaml")
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "analytics", src / "analytics", ignore=shutil.ignore_patterns("__pycache__")
    )
    env = {**os.environ, "ANALYTICS_HOME": str(home), "PYTHONPATH": str(src)}
    subprocess.run([*ANALYTICS, "data", "build", "--quiet"], env=env, check=True, cwd=home)
    return home, env


def batch(env: dict[str, str], cwd: Path) -> str:
    out = subprocess.run([*ANALYTICS, *BATCH], env=env, capture_output=True, text=True, cwd=cwd)
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout + out.stderr


def published(home: Path) -> str:
    [html] = (home / "reports" / "out" / "fiveg" / "120000").glob("*/en/report.html")
    return html.read_text(encoding="utf-8")


def counts(output: str) -> tuple[int, int]:
    """(ok, skipped) from the summary line 'N runs in T s — A ok, B skipped (unchanged), …'."""
    m = re.search(r"(\d+) ok, (\d+) skipped", output)
    assert m, output
    return int(m[1]), int(m[2])


@pytest.mark.slow
@pytest.mark.notebook
def test_target_edit_and_code_edit_rerun(home: tuple[Path, dict[str, str]]) -> None:
    root, env = home
    assert counts(batch(env, root)) == (1, 0)
    assert "70,000" in published(root) and "75,000" not in published(root)
    assert counts(batch(env, root)) == (0, 1)  # nothing changed: skipped

    catalog = root / "data" / "catalog" / "indicators.yaml"
    text = catalog.read_text(encoding="utf-8")
    assert text.count("    value: 70000\n") == 1
    catalog.write_text(text.replace("    value: 70000\n", "    value: 75000\n"), encoding="utf-8")
    assert counts(batch(env, root)) == (1, 0)  # the target changed: re-run, not "unchanged"
    assert "75,000" in published(root)

    module = Path(env["PYTHONPATH"]) / "analytics" / "config.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# a fixed sentence\n", "utf-8")
    assert counts(batch(env, root)) == (1, 0)  # the package's code changed: re-run
    assert counts(batch(env, root)) == (0, 1)
