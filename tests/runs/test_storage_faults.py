"""A full disk and a read-only reports/ folder, inflicted for real.

Each test runs the ``analytics`` CLI inside ``unshare --user --map-root-user --mount`` (no root
needed): reports/ becomes a small tmpfs that fills up mid-batch, or a read-only bind mount. The
CLI must end with one clear error line (no SQLite traceback), exit 1, print its summary, leave every
published report whole, and leave nothing ``running`` for the next run to trip on.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from analytics.runs.history import RunHistory
from analytics.runs.scheduler import run_due

_HERE = Path(__file__).resolve().parent
if str(_HERE) not in sys.path:
    sys.path.insert(0, str(_HERE))
_help = importlib.import_module("_schedhelp")
_homes = importlib.import_module("_homehelp")

NEXT = "2026-12-20T01:00:00+00:00"  # the next monthly slot after the seeded one (cron: each minute)


def _in_namespace(script: str, home: Path) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (sh) in a user + mount namespace, with $HOME_DIR, $PY and $FAKECLI set."""
    env = {
        **os.environ,
        "HOME_DIR": str(home),
        "PY": sys.executable,
        "FAKECLI": str(_HERE / "_fakecli.py"),
        "ANALYTICS_HOME": str(home),
    }
    cmd = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)


def _published(home: Path) -> dict[str, str]:
    out_root = home / "reports" / "out"
    return {t: (out_root / t / "report.html").read_text() for t in _homes.TARGETS}


@pytest.mark.slow
def test_full_disk_mid_batch_one_error_exit_1_summary_and_nothing_lost(tmp_path: Path) -> None:
    home = _homes.home(tmp_path)
    v1 = _homes.seed(home)
    seeded = tmp_path / "seeded"
    shutil.copytree(home / "reports", seeded, symlinks=True)
    after = tmp_path / "after"
    # reports/ on a 4 MiB tmpfs: the first run publishes, the second fills the disk and fails
    # to write its report (ENOSPC); the history cannot record anything after that either
    result = _in_namespace(
        f"""
        set -e
        mount -t tmpfs -o size=4m tmpfs "$HOME_DIR/reports"
        cp -a {seeded}/. "$HOME_DIR/reports/"
        set +e
        "$PY" "$FAKECLI" _schedhelp:filling_execute schedule run-due --no-progress --workers 1 \\
            --now {NEXT} > {tmp_path}/out.txt 2> {tmp_path}/err.txt
        echo $? > {tmp_path}/code.txt
        rm "$HOME_DIR/reports/filler"
        cp -a "$HOME_DIR/reports/." {after}/
        """,
        home,
    )
    assert result.returncode == 0, result.stderr
    out, err = (tmp_path / "out.txt").read_text(), (tmp_path / "err.txt").read_text()
    assert (tmp_path / "code.txt").read_text().strip() == "1", (out, err)
    [line] = err.strip().splitlines()  # one clear line; no traceback, no SQLite message
    assert line.startswith("error: disk full: cannot write"), err
    assert "free space on the file system of" in line and "published reports are unchanged" in line
    assert "batch: 4 runs" in out and "STOPPED: disk full" in out, out  # the summary
    # back on a roomy disk (the copy made after the run): nothing lost, nothing left running
    shutil.rmtree(home / "reports")
    shutil.copytree(after, home / "reports", symlinks=True)
    now = _published(home)
    for t in _homes.TARGETS:  # each report is version 1 or a whole new one, never half
        assert now[t] == v1[t] or (now[t].startswith("<html>") and now[t].endswith("</html>"))
    history = RunHistory(home / "reports" / "runs.sqlite")  # closes rows of the dead runner
    assert [r.status for r in history.runs(status="running")] == []
    assert [r.status for r in history.runs(status="failed")] == []  # none failed for good
    slot = datetime.fromisoformat(NEXT)
    [again] = run_due(
        home / "reports" / "schedule.yaml",
        now=slot,
        root=home,
        reports=_homes.specs(home),
        execute=_help.fake_execute,
    )
    assert again.status == "ran" and again.summary is not None  # the slot runs again
    assert {r.status for r in again.summary.results} <= {"ok", "skipped"}
    assert again.summary.count("ok") >= 1
    assert all(html.endswith("</html>") and html != v1[t] for t, html in _published(home).items())


@pytest.mark.slow
def test_read_only_reports_folder_one_error_exit_1_and_reads_still_work(tmp_path: Path) -> None:
    home = _homes.home(tmp_path)
    v1 = _homes.seed(home)
    result = _in_namespace(
        f"""
        mount --bind "$HOME_DIR/reports" "$HOME_DIR/reports"
        mount -o remount,bind,ro "$HOME_DIR/reports"
        touch "$HOME_DIR/reports/probe" 2>/dev/null && exit 9
        "$PY" "$FAKECLI" _schedhelp:fake_execute schedule run-due --no-progress \\
            --now {NEXT} > {tmp_path}/due.out 2> {tmp_path}/due.err
        echo $? > {tmp_path}/due.code
        "$PY" "$FAKECLI" _schedhelp:fake_execute runs --json > {tmp_path}/runs.out \\
            2> {tmp_path}/runs.err
        echo $? > {tmp_path}/runs.code
        """,
        home,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "due.code").read_text().strip() == "1"
    [line] = (tmp_path / "due.err").read_text().strip().splitlines()
    assert line.startswith(f"error: read-only: cannot write the run history {home}/reports"), line
    assert "make" in line and "writable" in line and "Traceback" not in line
    assert (tmp_path / "runs.code").read_text().strip() == "0"  # looking needs no write
    assert (tmp_path / "runs.out").read_text().count('"status": "ok"') == 4
    assert _published(home) == v1
    with sqlite3.connect(home / "reports" / "runs.sqlite") as con:  # the slot was not claimed
        assert con.execute("SELECT COUNT(*) FROM slots").fetchone() == (1,)
