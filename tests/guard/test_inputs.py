"""Read only what is asked: links, pipes and escapes in the input never reach a reader or a tty.

Each case is the attack as a hostile user tried it (issue 24): the exit code, the located message,
and what must never be printed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from analytics.config import project_root
from analytics.io import check_paths
from analytics.io.nbs import parse_nbs_export

ROOT = project_root()
SECRET = "TOPSECRET-7f3a:x:0:0:root:/root:/bin/bash"


def _cli(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    # a hang is the fault being tested: the timeout turns it into a failure, it measures nothing
    return subprocess.run(
        [sys.executable, "-m", "analytics", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=cwd,
    )


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the project whose contents must never be printed."""
    secret = tmp_path / "secret" / "passwd"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET}\ndaemon:x:1:1\n", encoding="utf-8")
    return secret


@pytest.mark.parametrize("command", ["check", "add"])
def test_symlink_to_a_file_outside_is_refused_and_never_read(
    tmp_path: Path, outside: Path, command: str
) -> None:
    link = tmp_path / "分省年度数据2024.csv"
    link.symlink_to(outside)
    out = _cli("data", command, link)
    assert out.returncode == 2
    assert f"{link}:0:0: is a symlink (to {outside}), not a regular file" in out.stdout + out.stderr
    assert "TOPSECRET" not in out.stdout + out.stderr


@pytest.mark.parametrize("command", ["check", "add"])
def test_symlink_to_a_fifo_is_refused_at_once(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "x.csv"
    link.symlink_to(fifo)
    out = _cli("data", command, link)  # opening the pipe would block until the timeout
    assert out.returncode == 2
    assert f"{link}:0:0: is a symlink (to {fifo}), not a regular file" in out.stdout + out.stderr


def test_fifo_offered_to_data_add_is_named_as_a_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "x.csv"
    os.mkfifo(fifo)
    out = _cli("data", "add", fifo)
    assert out.returncode == 2
    assert f"error: {fifo}:0:0: a named pipe (FIFO), not a regular file" in out.stderr


def test_a_link_inside_the_raw_folder_is_not_followed(tmp_path: Path) -> None:
    """The importer itself refuses the link (data build reads data/raw through it)."""
    real = ROOT / "data" / "raw" / "nbs" / "分省年度数据2023.csv"
    link = tmp_path / "分省年度数据2023.csv"
    link.symlink_to(real)
    parsed = parse_nbs_export(link, relpath="分省年度数据2023.csv")
    assert [str(p) for p in parsed.problems] == [
        f"{link}:0:0: is a symlink (to {real}), not a regular file (copy the file itself into "
        "place: links, pipes and devices are not read)"
    ]
    assert parsed.observations.height == 0


@pytest.mark.parametrize("command", ["check", "add"])
def test_terminal_escapes_in_a_file_never_reach_the_terminal(tmp_path: Path, command: str) -> None:
    # clear the screen, set the window title, then a bell: all in the first line of a "CSV"
    bad = tmp_path / "x.csv"
    bad.write_bytes("\x1b[2J\x1b]0;owned\x07名称,值\n1,2\n".encode())
    out = _cli("data", command, bad)
    assert out.returncode == 2
    text = out.stdout + out.stderr
    assert f"{bad}:1:1: unrecognised" in text
    assert "\x1b" not in text and "\x07" not in text


def test_data_check_of_the_shipped_data_exits_0_and_names_what_it_skipped() -> None:
    out = _cli("data", "check", "data/", cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.startswith("ok: ")
    skipped = [ln for ln in out.stderr.splitlines() if ln.startswith("skipped ")]
    assert (
        "skipped data/raw/research/indicator_system.xlsx: the indicator definitions of the "
        "research panel (documentation, not data; see raw/research/PROVENANCE.md)" in skipped
    )
    # every NBS export, panel and workbook of the data is checked, none skipped
    for folder in ("raw/nbs", "raw/nbs_portal/panels"):
        assert not [s for s in skipped if f"data/{folder}/" in s]


def test_research_workbooks_are_read_as_what_their_place_says() -> None:
    research = ROOT / "data" / "raw" / "research"
    files = [research / n for n in ("original_data.xlsx", "interpolation_processing.xlsx")]
    assert check_paths(files) == []  # both were read as the panel: "header … is not [year, id…]"


def test_a_folder_holding_only_a_readme_says_it_checked_nothing(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# notes\n", encoding="utf-8")
    out = _cli("data", "check", tmp_path)
    assert out.returncode == 2
    assert f"skipped {tmp_path / 'README.md'}: not a " in out.stderr
    assert f"nothing checked: no data file in {tmp_path} (1 skipped)" in out.stderr
