"""The ``analytics`` command as operators script it: version, help, exit codes, JSON output."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

import click
import pytest

from analytics.cli import EXIT_CODES, cli, main
from analytics.config import project_root
from analytics.runs.history import RunHistory

ROOT = Path(__file__).resolve().parent.parent


def _exit_code(argv: list[str]) -> int:
    try:
        result = main(argv)
    except SystemExit as err:
        return int(err.code or 0)
    return int(result or 0)


def _leaves(group: click.Group, ctx: click.Context, prefix: tuple[str, ...] = ()) -> list[tuple]:
    out: list[tuple] = []
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        assert cmd is not None
        if isinstance(cmd, click.Group):
            out += _leaves(cmd, ctx, (*prefix, name))
        else:
            out.append((*prefix, name))
    return out


COMMANDS = _leaves(cli, click.Context(cli))


def test_every_command_is_listed() -> None:
    assert [" ".join(c) for c in COMMANDS] == [
        "accounts build",
        "accounts synth",
        "data add",
        "data build",
        "data check",
        "index build",
        "index uncertainty",
        "plan request",
        "report batch",
        "report run",
        "runs",
        "schedule list",
        "schedule run-due",
        "schedule serve",
    ]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_takes_h_and_exits_0_or_2(
    command: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    """0 for help (``-h`` too), 2 for bad input: the README's exit-code table."""
    assert _exit_code([*command, "-h"]) == 0
    assert "Usage: " in capsys.readouterr().out
    assert _exit_code([*command, "--no-such-option"]) == 2
    assert "No such option" in capsys.readouterr().err


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_h_survives_the_command_being_invoked_alone_first(command: tuple[str, ...]) -> None:
    """click caches a command's help option from its first context: a test's ``CliRunner`` that
    invokes ``batch`` alone (no parent with ``-h``) once left ``report batch -h`` refused (exit 2,
    "No such option '-h'") for the rest of the process. Every command declares ``-h`` itself."""
    from click.testing import CliRunner

    ctx = click.Context(cli)
    leaf: click.Command = cli
    for name in command:
        assert isinstance(leaf, click.Group)
        found = leaf.get_command(ctx, name)
        assert found is not None
        leaf = found
    alone = CliRunner().invoke(leaf, ["-h"])
    assert alone.exit_code == 0, alone.output
    assert _exit_code([*command, "-h"]) == 0


def test_exit_code_table_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\d)` \| ([^|]+) \|", readme, flags=re.MULTILINE))
    assert sorted(int(c) for c in rows) == sorted(EXIT_CODES) == [0, 1, 2]


def test_report_group_help_names_every_report(capsys: pytest.CaptureFixture[str]) -> None:
    from analytics.runs.registry import REPORTS

    assert _exit_code(["report", "-h"]) == 0
    helptext = capsys.readouterr().out
    assert [name for name in REPORTS if name not in helptext] == []


def test_a_failed_report_run_exits_1_as_in_a_batch(
    built_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``report run`` and ``report batch`` agree: a failed run is 1 (a failure), not 2.

    The failure comes from the runner's attempt (what a batch's failed run returns), and the
    run is recorded in the history as a batch's is.
    """
    import analytics.runs.runner
    from analytics.runs.model import Failure

    (tmp_path / "data").symlink_to(built_store)
    (tmp_path / "notebooks").symlink_to(ROOT / "notebooks")  # the registry finds them in the home
    monkeypatch.setenv("ANALYTICS_HOME", str(tmp_path))
    cause = "NameError: name 'x' is not defined (cell 4)"
    monkeypatch.setattr(
        analytics.runs.runner, "run_attempt", lambda *a, **k: Failure("error", cause)
    )
    argv = ["report", "run", "fiveg", "--region", "天津", "--period", "2023"]
    assert _exit_code(argv) == 1
    (run,) = RunHistory(tmp_path / "reports" / "runs.sqlite").runs()
    assert (run.report, run.job, run.status, run.error) == ("fiveg", "run", "failed", cause)
    # bad input on the same command stays 2
    assert _exit_code(["report", "run", "fiveg", "--region", "天津", "--period", "20x3"]) == 2


def test_version_is_the_distributions_beside_an_unrelated_analytics(tmp_path: Path) -> None:
    """An unrelated distribution named `analytics` (0.6.5 on PyPI) does not lend its version."""
    fake = tmp_path / "analytics-0.6.5.dist-info"
    fake.mkdir()
    (fake / "METADATA").write_text("Metadata-Version: 2.1\nName: analytics\nVersion: 0.6.5\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    for cmd in (
        [sys.executable, "-m", "analytics", "--version"],
        [sys.executable, "-m", "analytics", "-V"],
    ):
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
        assert out.strip() == (
            f"analytics (distribution digital-economy-workbench) "
            f"{version('digital-economy-workbench')}"
        )
        assert "0.6.5" not in out


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "data" / "catalog").mkdir(parents=True)
    shutil.copy(project_root() / "data/catalog/regions.csv", tmp_path / "data/catalog")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "schedule.yaml").write_text(
        "jobs:\n"
        "  default:\n    reports: [fiveg]\n"
        "  monthly:\n    reports: [fiveg, industry]\n    cron: '0 9 20 * *'\n"
        "    matrix:\n      regions: [天津]\n      periods: [latest]\n      langs: [zh]\n"
    )
    monkeypatch.setenv("ANALYTICS_HOME", str(tmp_path))
    return tmp_path


def test_schedule_list_json_is_one_document_for_json_tool(home: Path) -> None:
    env = {**os.environ, "ANALYTICS_HOME": str(home), "PYTHONPATH": str(ROOT)}
    listing = subprocess.run(
        [sys.executable, "-m", "analytics", "schedule", "list", "--json"],
        env=env,
        capture_output=True,
        check=True,
    ).stdout
    tool = subprocess.run(
        [sys.executable, "-m", "json.tool"], input=listing, capture_output=True, check=True
    )
    doc = json.loads(tool.stdout)
    jobs = {j["job"]: j for j in doc["jobs"]}
    assert list(jobs) == ["default", "monthly"]
    assert jobs["monthly"]["reports"] == ["fiveg", "industry"]
    assert jobs["monthly"]["regions"] == ["120000"] and jobs["default"]["cron"] is None
    # the next 20th of a month at 09:00 in Shanghai, as ISO 8601 with its offset
    nxt = datetime.fromisoformat(jobs["monthly"]["next"])
    assert (nxt.day, nxt.hour, nxt.minute, nxt.utcoffset().total_seconds()) == (20, 9, 0, 8 * 3600)
    assert doc["invalid"] == []


def test_runs_json_lines_have_iso_times(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    history = RunHistory(home / "reports" / "runs.sqlite")
    rid = history.start_run(
        job="monthly",
        slot=None,
        report="fiveg",
        parameters={"region": "120000", "period": "2023", "lang": "en"},
        run_key="k",
        fingerprint="f",
        inputs={},
    )
    history.finish_run(rid, status="ok", html=str(home / "reports/out/fiveg/report.html"))
    [row] = history.runs(limit=1)
    assert _exit_code(["runs", "--json"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    got = json.loads(line)
    assert datetime.fromisoformat(got["started"]).timestamp() == pytest.approx(row.started, abs=1)
    assert got["started"].endswith("+00:00")
    assert datetime.fromisoformat(got["finished"]).timestamp() == pytest.approx(row.finished, abs=1)
    assert (got["report"], got["status"]) == ("fiveg", "ok")


def test_runs_table_wraps_long_paths_at_80_columns(home: Path) -> None:
    history = RunHistory(home / "reports" / "runs.sqlite")
    long = "reports/out/digital_economy/120000/2023/en/digital_economy-120000-2023-en.html"
    rid = history.start_run(
        job="a-rather-long-job-name",
        slot=None,
        report="digital_economy",
        parameters={"region": "120000", "period": "2023", "lang": "en"},
        run_key="k",
        fingerprint="f",
        inputs={},
    )
    history.finish_run(rid, status="ok", html=str(home / long))
    env = {**os.environ, "ANALYTICS_HOME": str(home), "PYTHONPATH": str(ROOT), "COLUMNS": "80"}
    out = subprocess.run(
        [sys.executable, "-m", "analytics", "runs"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # rich may colour the table (e.g. when CI forces colour): measure the text a reader sees
    out = re.sub(r"\x1b\[[0-9;]*m", "", out)
    table = [line for line in out.splitlines() if line[:1] in "┏┃┡│└╭╰┌├"]  # the table's lines
    assert table and max(len(line) for line in table) <= 80, out
    cells = "".join(
        part.strip() for line in out.splitlines() for part in line.split("│")[-2:-1]
    )  # the last column's text, line by line, joined: the path whole, no character dropped
    assert long in cells
    label = "".join(part.strip() for line in out.splitlines() for part in line.split("│")[2:3])
    # folded at any character: compare without the spaces a line break may eat
    assert "digital_economy1200002023en·a-rather-long-job-name" in label.replace(" ", "")


def test_data_check_json_locates_each_problem(capsys: pytest.CaptureFixture[str]) -> None:
    bad = ROOT / "tests" / "data" / "bad" / "figures_thousands.csv"
    assert _exit_code(["data", "check", "--json", str(bad)]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is False and doc["checked"] == [str(bad)]
    # the file's line 2, column 4 holds "2,312,000"
    assert [(p["path"], p["line"], p["column"]) for p in doc["problems"]] == [(str(bad), 2, 4)]
    assert "`2,312,000` has thousands separators" in doc["problems"][0]["message"]
    good = ROOT / "data" / "reference" / "figures.csv"
    assert _exit_code(["data", "check", "--json", str(good)]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "checked": [str(good)],
        "ok": True,
        "problems": [],
    }
