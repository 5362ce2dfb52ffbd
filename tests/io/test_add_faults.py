"""``data add`` and ``data build`` under faults and lying inputs (issue 24, items 3 and 5).

- The dry run refuses what ``--yes`` refuses, with the same message: cases the old dry run passed
  and ``--yes`` then refused (the build's cross-source checks, and the portal panel's values,
  which only the build validated).
- A stop at named moments of ``data add --yes`` (``ANALYTICS_ADD_PAUSE``: the command sleeps
  there, the test sends its signal) leaves ``data/`` exactly as before the add or exactly as after
  it — byte for byte, store included — once the next command has run; and that command works.
- A stale lock, a stopped ``data build``, a full disk, a read-only folder and a truncated store.

The home is test_add.py's: data/ without the 互联网主要指标 panel and some NBS exports.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests._project_home import run, tree
from tests.io.test_add import CAPTURE, PANEL, _nbs, _source, _value, base_home, home

__all__ = ["base_home", "home"]  # fixtures shared with test_add.py

_PANEL, _CAPTURE = (
    _source(f"nbs_portal/panels/{PANEL}"),
    _source(f"nbs_portal/raw_json_captures/{CAPTURE}"),
)
TIANJIN_2024 = 13  # the panel's line of 天津市 2024 (line 1 is the header)
BROADBAND = "互联网宽带接入用户 (万户)"  # column 10 of the panel


def _panel_pair(folder: Path, cells: dict[str, str], *, code: str | None = None) -> list[Path]:
    """The real panel and capture with Tianjin's 2024 cells set to ``cells`` in both (so the
    panel still matches its capture); ``code``: Tianjin's province code replaced."""
    rows = list(csv.reader(io.StringIO(_PANEL.read_bytes().decode("utf-8-sig"))))
    assert rows[TIANJIN_2024 - 1][:3] == ["120000000000", "天津市", "2024"]
    for header, value in cells.items():
        rows[TIANJIN_2024 - 1][rows[0].index(header)] = value
    for row in rows[1:]:
        row[0] = code if code and row[0] == "120000000000" else row[0]
    captured = list(csv.reader(io.StringIO(_CAPTURE.read_bytes().decode("utf-8-sig"))))
    for row in captured[1:]:
        if row[1] != "120000000000":
            continue
        payload = json.loads(row[2])
        for period in payload["data"]:
            for cell in period["values"] if str(period["code"]).startswith("2024") else []:
                name = str(cell["i_showname"]).strip()
                cell["value"] = cells.get(name, cell["value"])
        row[1:3] = [code or row[1], json.dumps(payload, ensure_ascii=False)]
    out = []
    for name, table in ((PANEL, rows), (CAPTURE, captured)):
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(table)
        (folder / name).write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))
        out.append(folder / name)
    return out


def _export(
    folder: Path,
    name: str,
    edit: tuple[str, str] | None = None,
    extra_line: tuple[int, str] | None = None,
) -> Path:
    """The real 2024 NBS export (天津市 GDP 17931.3 on line 5), edited."""
    text = _nbs("分省年度数据2024.csv").read_bytes().decode("utf-8")
    if edit:
        assert edit[0] in text
        text = text.replace(*edit, 1)
    lines = text.split("\n")
    if extra_line:
        lines.insert(*extra_line)
    path = folder / name
    path.write_bytes("\n".join(lines).encode("utf-8"))
    return path


def _case(tmp: Path, case: str) -> tuple[list[Path], str]:
    """Inputs the old dry run accepted (exit 0) and ``--yes`` refused, and the located refusal."""
    panel = f"{tmp}/{PANEL}:{TIANJIN_2024}"
    tianjin = _nbs("分省年度数据2024.csv").read_bytes().decode("utf-8").split("\n")[4]
    assert tianjin.startswith("天津市\t,17931.3\t,")
    other = tianjin.replace("天津市", "天津", 1).replace("17931.3", "17000.0", 1)
    twice = "`gdp` 120000 2024 (nbs_revised_5th_census) differs between sources"
    made = {
        "negative count": lambda: (
            _panel_pair(tmp, {BROADBAND: "-704.0"}),
            f"{panel}:10: negative value -704 for the count or amount "
            "`nbs_broadband_users` (expected a value ≥ 0)",
        ),
        # 天津市's rows under code 990000 (2025 is line 12): the name is another province's
        "region code 990000": lambda: (
            _panel_pair(tmp, {}, code="990000000000"),
            f"{tmp}/{PANEL}:12:2: province `天津市` is not the "
            "province of code `990000000000` (it is 120000)",
        ),
        "over the bound": lambda: (
            _panel_pair(tmp, {BROADBAND: "7.04e9"}),
            f"{panel}:10: value 7.04e+09 for `nbs_broadband_users` exceeds the bound",
        ),
        # 天津 beside 天津市: both name 120000, with other GDP values
        "region twice": lambda: (
            [_export(tmp, "分省年度数据2024.csv", extra_line=(5, other))],
            twice,
        ),
        "two files that conflict": lambda: (
            [
                _export(tmp, "分省年度数据2024.csv"),
                _export(tmp, "分省年度数据2024_复制.csv", ("17931.3", "17931.4")),
            ],
            twice,
        ),
    }
    return made[case]()


@pytest.mark.slow
@pytest.mark.parametrize(
    "case",
    [
        "negative count",
        "region code 990000",
        "over the bound",
        "region twice",
        "two files that conflict",
    ],
)
def test_the_dry_run_refuses_what_yes_refuses(home: Path, tmp_path: Path, case: str) -> None:
    files, message = _case(tmp_path, case)
    before = tree(home)
    dry = run(home, "data", "add", *files)
    assert dry.returncode == 2, dry.stdout  # the old dry run: exit 0, "dry run: nothing written"
    assert message in dry.stderr
    assert ".add-stage-" not in dry.stderr  # named by the offered file, not the stage's copy
    yes = run(home, "data", "add", *files, "--yes")
    assert (yes.returncode, yes.stderr) == (2, dry.stderr)
    assert tree(home) == before


# --- stops at named moments of `data add --yes` -------------------------------------------------


@pytest.fixture(scope="module")
def after(base_home: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The tree of data/ once the panel and its capture were added without a fault."""
    copy = tmp_path_factory.mktemp("after") / "home"
    shutil.copytree(base_home, copy)
    out = run(copy, "data", "add", _PANEL, _CAPTURE, "--yes")
    assert out.returncode == 0, out.stderr
    assert _value(copy, "nbs_broadband_users", "2024") == [704.0]  # issue 13's Tianjin value
    return tree(copy)


def _stopped(
    home: Path, point: str, signum: int, *args: str | Path, seconds: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``analytics *args`` until it pauses at ``point``, then send it ``signum``."""
    env = {
        **os.environ,
        "ANALYTICS_HOME": str(home),
        "COLUMNS": "160",
        "ANALYTICS_ADD_PAUSE": point,
        "ANALYTICS_ADD_PAUSE_SECONDS": str(seconds),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "analytics", *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=home,
    )
    assert proc.stderr is not None
    lines = []
    for line in proc.stderr:
        lines.append(line)
        if line.strip() == f"paused at {point}":
            break
    else:
        proc.wait(timeout=60)
        raise AssertionError(f"never paused at {point}: {''.join(lines)}")
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, "".join(lines) + err)


# (pause point, signal, the state the add must land in)
# built: staged and built, nothing committed; store-written: a staged store half-way;
# committed: the journal written, no rename done; moved-1: the panel renamed, its capture not
KILLS = [
    ("store-written", signal.SIGKILL, "before"),  # the plan's check (in the system temp folder)
    ("store-written#2", signal.SIGKILL, "before"),  # the stage to commit (in data/)
    ("built", signal.SIGKILL, "before"),
    ("committed", signal.SIGKILL, "after"),
    ("moved-1", signal.SIGKILL, "after"),
    ("moved-2", signal.SIGKILL, "after"),
    ("moved-3", signal.SIGKILL, "after"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("point", "signum", "lands"), KILLS)
def test_a_sigkill_during_add_lands_before_or_after_and_the_next_add_works(
    home: Path, after: str, point: str, signum: int, lands: str
) -> None:
    before = tree(home)
    killed = _stopped(home, point, signum, "data", "add", _PANEL, _CAPTURE, "--yes")
    assert killed.returncode == -signum
    # the next command — a dry run — finishes or undoes it, and says so
    dry = run(home, "data", "add", _PANEL, _CAPTURE)
    assert dry.returncode == 0, dry.stderr
    if point != "store-written":  # the kill came after the lock was taken
        assert "cleared a stale lock" in dry.stdout
    assert tree(home) == {"before": before, "after": after}[lands]
    if lands == "after":
        assert "completed a `data add` that was stopped after its commit point" in dry.stdout
        assert dry.stdout.rstrip().endswith("nothing to add")
    again = run(home, "data", "add", _PANEL, _CAPTURE, "--yes")
    assert again.returncode == 0, again.stderr
    assert tree(home) == after
    assert run(home, "data", "build").returncode == 0


@pytest.mark.slow
def test_a_sigkill_between_the_panel_and_its_capture_does_not_break_data_build(
    home: Path, after: str
) -> None:
    # the old add copied the panel, then the capture: killed between, every build failed with
    # a FileNotFoundError traceback and `data add` could not repair it
    killed = _stopped(home, "moved-1", signal.SIGKILL, "data", "add", _PANEL, _CAPTURE, "--yes")
    assert killed.returncode == -signal.SIGKILL
    build = run(home, "data", "build")
    assert build.returncode == 0, build.stderr
    assert "completed a `data add` that was stopped after its commit point" in build.stderr
    assert "Traceback" not in build.stderr
    assert tree(home) == after


@pytest.mark.slow
@pytest.mark.parametrize(
    ("point", "signum", "lands"),
    [
        ("built", signal.SIGTERM, "before"),
        ("store-written#2", signal.SIGINT, "before"),
        ("committed", signal.SIGTERM, "after"),
        ("moved-2", signal.SIGINT, "after"),
    ],
)
def test_sigterm_or_sigint_during_add_leaves_nothing_behind(
    home: Path, after: str, point: str, signum: int, lands: str
) -> None:
    before = tree(home)
    # after the commit point the signal is held back until the renames are done (2 s pause)
    stopped = _stopped(home, point, signum, "data", "add", _PANEL, _CAPTURE, "--yes", seconds=2)
    assert stopped.returncode == 128 + signum, stopped.stderr
    name = signal.Signals(signum).name
    said = {
        "before": "nothing was added (data/ is as it was)",
        "after": "the add was committed whole first",
    }[lands]
    assert f"stopped by {name}: {said}" in stopped.stderr
    assert "Traceback" not in stopped.stderr
    # no lock, stage or journal left: the tree is exact without any repair
    assert tree(home) == {"before": before, "after": after}[lands]


@pytest.mark.slow
def test_a_stale_lock_of_a_dead_process_is_named_and_cleared(home: Path, after: str) -> None:
    dead = subprocess.run(["sh", "-c", "echo $$"], capture_output=True, text=True, check=True)
    pid = int(dead.stdout)  # a process that has exited
    (home / "data" / ".add.lock").write_text(f"{pid}\n")
    out = run(home, "data", "add", _PANEL, _CAPTURE, "--yes")
    assert out.returncode == 0, out.stderr
    lock = home / "data" / ".add.lock"
    assert f"cleared a stale lock {lock}: process {pid} is not running" in out.stderr
    assert tree(home) == after


@pytest.mark.slow
def test_sigterm_during_data_build_removes_its_staging_folder(home: Path) -> None:
    before = tree(home)
    stopped = _stopped(home, "store-written", signal.SIGTERM, "data", "build", seconds=30)
    assert stopped.returncode == 143, stopped.stderr
    assert "stopped by SIGTERM: the previous store is unchanged" in stopped.stderr
    assert list((home / "data").glob(".processed-*")) == []
    assert tree(home) == before


@pytest.mark.slow
def test_a_truncated_store_under_the_dry_run_is_a_clear_error(home: Path) -> None:
    store = home / "data" / "processed" / "observations.parquet"
    store.write_bytes(store.read_bytes()[: store.stat().st_size // 2])
    out = run(home, "data", "add", _PANEL, _CAPTURE)
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    assert out.stderr.startswith(f"error: {store}: the store cannot be read (")
    assert "rebuild it with `analytics data build`" in out.stderr


# --- a full disk and a read-only data/, inflicted for real (user + mount namespace) -------------


def _in_namespace(script: str, home: Path, tmp: Path) -> dict[str, str]:
    """Run ``script`` (sh) in a user + mount namespace; its ``$OUT`` files, read back."""
    env = {
        **os.environ,
        "HOME_DIR": str(home),
        "PY": sys.executable,
        "OUT": str(tmp),
        "ANALYTICS_HOME": str(home),
    }
    done = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=home,
    )
    assert done.returncode == 0, done.stderr
    return {p.name: p.read_text() for p in tmp.iterdir() if p.is_file()}


_FILL = """
set -e
mkdir -p "$OUT/data"; cp -a "$HOME_DIR/data/." "$OUT/data/"
mount -t tmpfs -o size=24m tmpfs "$HOME_DIR/data"
cp -a "$OUT/data/." "$HOME_DIR/data/"; rm -rf "$OUT/data"
dd if=/dev/zero of="$HOME_DIR/data/filler" bs=64k 2>/dev/null || true
truncate -s -{free} "$HOME_DIR/data/filler"
set +e
"""


@pytest.mark.slow
@pytest.mark.parametrize("free", ["40K", "120K"])
def test_a_full_disk_under_add_is_one_line_exit_1_and_data_untouched(
    home: Path, tmp_path: Path, free: str
) -> None:
    # 40K: the staged panel copy does not fit; 120K: the files fit, the staged store does not
    (tmp_path / "o").mkdir()
    result = _in_namespace(
        _FILL.format(free=free)
        + f"""
        "$PY" -m analytics data add {_PANEL} {_CAPTURE} --yes > "$OUT/out" 2> "$OUT/err"
        echo $? > "$OUT/code"
        rm "$HOME_DIR/data/filler"
        ls -a "$HOME_DIR/data" > "$OUT/ls"
        cd "$HOME_DIR" && find data -type f -exec sha256sum {{}} + | sort > "$OUT/sums"
        """,
        home,
        tmp_path / "o",
    )
    assert result["code"].strip() == "1", result
    [line] = result["err"].strip().splitlines()
    assert line.startswith("error: disk full: cannot write the added files and the store in")
    assert "data/ is as it was" in line
    assert [n for n in result["ls"].split() if n.startswith(".add")] == []
    sums = subprocess.run(
        "find data -type f -exec sha256sum {} + | sort",
        shell=True,
        cwd=home,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert result["sums"] == sums  # the tmpfs copy held exactly the files before the add


@pytest.mark.slow
def test_a_full_disk_or_read_only_data_under_build_is_one_line_exit_1(
    home: Path, tmp_path: Path
) -> None:
    (tmp_path / "o").mkdir()
    result = _in_namespace(
        _FILL.format(free="40K")
        + f"""
        "$PY" -m analytics data build > "$OUT/full.out" 2> "$OUT/full.err"
        echo $? > "$OUT/full.code"
        ls -a "$HOME_DIR/data" > "$OUT/full.ls"
        umount "$HOME_DIR/data"
        mount --bind "$HOME_DIR/data" "$HOME_DIR/data"
        mount -o remount,bind,ro "$HOME_DIR/data"
        "$PY" -m analytics data build > "$OUT/ro.out" 2> "$OUT/ro.err"
        echo $? > "$OUT/ro.code"
        "$PY" -m analytics data add {_PANEL} {_CAPTURE} --yes > "$OUT/add.out" 2> "$OUT/add.err"
        echo $? > "$OUT/add.code"
        export COLUMNS=200  # the plan table at a known width: a cell is not wrapped mid-name
        "$PY" -m analytics data add {_PANEL} {_CAPTURE} > "$OUT/dry.out" 2> "$OUT/dry.err"
        echo $? > "$OUT/dry.code"
        """,
        home,
        tmp_path / "o",
    )
    assert result["full.code"].strip() == "1", result
    [line] = result["full.err"].strip().splitlines()
    assert line.startswith(f"error: disk full: cannot write the store {home}/data/processed")
    assert [n for n in result["full.ls"].split() if n.startswith(".processed-")] == []
    for name in ("ro", "add"):
        assert result[f"{name}.code"].strip() == "1", result
        [line] = result[f"{name}.err"].strip().splitlines()
        assert line.startswith("error: read-only: cannot write"), line
        assert "writable" in line
    # a dry run writes nothing, so it works on a read-only data/
    assert result["dry.code"].strip() == "0", result["dry.err"]
    assert "nbs_broadband_users (new indicator)" in result["dry.out"]
