"""Bad values, broken workbooks and broken reference files: located, exit 2, store untouched."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"

# file → (line, column, the value as written, words the message must contain)
EXPECTED: dict[str, tuple[int, int, str, str]] = {
    "value_population_nan.csv": (5, 2, "`nan`", "not a finite number"),
    "value_population_nan_upper.csv": (5, 2, "`NaN`", "not a finite number"),
    "value_population_inf.csv": (5, 2, "`inf`", "not a finite number"),
    "value_population_minus_inf.csv": (5, 2, "`-inf`", "not a finite number"),
    "value_population_infinity.csv": (5, 2, "`Infinity`", "not a finite number"),
    "value_population_overflow_1e400.csv": (5, 2, "`1e400`", "not a finite number"),
    "value_population_overflow_minus_1e400.csv": (5, 2, "`-1e400`", "not a finite number"),
    # 5e9 万人 is 5e13 persons; bounds.yaml allows 1e6 万人
    "value_population_over_bound.csv": (5, 2, "5e9", "exceeds the bound 1e+06 万人"),
    "value_gdp_nan.csv": (5, 2, "`nan`", "not a finite number"),
    "value_gdp_inf.csv": (5, 2, "`inf`", "not a finite number"),
    "value_gdp_overflow_1e400.csv": (5, 2, "`1e400`", "not a finite number"),
    "value_gdp_over_bound.csv": (5, 2, "2e8", "exceeds the bound 1e+08 亿元"),
    "value_gdp_negative.csv": (5, 2, "-1", "negative value"),
    "value_index_zero.csv": (5, 2, "index 0", "not above 0"),
    "value_index_negative.csv": (5, 2, "index -5", "not above 0"),
    "value_index_nan.csv": (5, 2, "`nan`", "not a finite number"),
    "figures_share_negative.csv": (2, 4, "share -3%", "outside 0–100%"),
    "figures_share_over_100_01.csv": (2, 4, "share 100.01%", "outside 0–100%"),
    "figures_nan.csv": (2, 4, "`nan`", "is not a number"),
    "figures_inf.csv": (2, 4, "`inf`", "is not a number"),
    "figures_1e400.csv": (2, 4, "`1e400`", "is not a number"),
    "panel_region_990000.xlsx": (2, 2, "`990000`", "is not in regions.csv"),
    "panel_nan_text.xlsx": (2, 4, "`nan`", "not a finite number"),
    "panel_inf_text.xlsx": (2, 4, "`inf`", "not a finite number"),
    "panel_negative_count.xlsx": (2, 4, "-7", "negative value"),
    "panel_share_over_100.xlsx": (2, 13, "share 130%", "outside 0–100%"),
    "xlsx_corrupt.xlsx": (0, 0, "not an .xlsx", "zip"),
    "xlsx_empty.xlsx": (0, 0, "0 bytes", "empty"),
    "xlsx_is_text.xlsx": (0, 0, "not an .xlsx", "zip"),
    "xlsx_no_workbook.xlsx": (0, 0, "xl/workbook.xml", "holds no"),
}


def _check(*paths: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analytics", "data", "check", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=env,
    )


def test_at_least_thirty_new_files() -> None:
    assert len(EXPECTED) >= 30
    assert all((BAD / name).is_file() for name in EXPECTED)


@pytest.fixture(scope="module")
def check_output() -> dict[str, list[str]]:
    proc = _check(*(BAD / name for name in sorted(EXPECTED)))
    assert proc.returncode == 2, proc.stderr
    by_file: dict[str, list[str]] = {}
    for line in proc.stdout.splitlines():
        by_file.setdefault(Path(line.split(":", 1)[0]).name, []).append(line)
    return by_file


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_value_is_located(name: str, check_output: dict[str, list[str]]) -> None:
    line, column, value, words = EXPECTED[name]
    reported = check_output.get(name, [])
    assert len(reported) == 1, reported  # one problem, said once (not once per cell)
    assert reported[0].startswith(f"{BAD / name}:{line}:{column}: ")
    assert value in reported[0] and words in reported[0]


def test_fifo_is_refused_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "export.csv"
    os.mkfifo(fifo)
    proc = _check(fifo)  # before the fix this blocked forever on open()
    assert proc.returncode == 2
    assert proc.stdout.startswith(f"{fifo}:0:0: a named pipe (FIFO), not a regular file")


def _home(tmp_path: Path, project_root: Path) -> Path:
    home = tmp_path / "home"
    for sub in ("raw", "reference", "catalog"):
        shutil.copytree(project_root / "data" / sub, home / "data" / sub)
    return home


def _store_digest(home: Path) -> str:
    h = hashlib.sha256()
    for f in sorted((home / "data" / "processed").rglob("*")):
        h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()


def _build(home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ANALYTICS_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "analytics", "data", "build"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env=env,
        cwd=home,
    )


DAMAGE: list[tuple[str, str, str]] = [
    ("raw/nbs/分省年度数据2023.csv", "", "(replaced by a NaN export below)"),
    ("reference/figures_map.csv", "a,b\n", ":1:3: header lacks ['indicator_text'"),
    ("reference/plan_targets.csv", "", ":0:0: no such file"),
    ("reference/figures.csv", "", ":0:0: no such file"),
    ("catalog/nbs_files.yaml", "files: [1\n", ":2:1: not valid YAML"),
    ("catalog/regions.csv", "code,name_zh\n", ":1:3: header lacks ['short_zh'"),
    ("catalog/indicators.yaml", "{a: 1}\n", ":1:1: the file must be a list or empty, not {'a': 1}"),
    ("catalog/bounds.yaml", "units: {亿元: .inf}\n", "bounds of ['亿元'] are not positive"),
    ("raw/research/panel_data.xlsx", "PK\x03\x04 broken", ":0:0: not an .xlsx (zip) archive"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("rel", "content", "words"), DAMAGE, ids=[d[0] for d in DAMAGE])
def test_refused_build_is_located_and_leaves_the_store(
    rel: str, content: str, words: str, tmp_path: Path, project_root: Path
) -> None:
    home = _home(tmp_path, project_root)
    assert _build(home).returncode == 0
    before = _store_digest(home)
    target = home / "data" / rel
    if content:
        target.write_text(content, encoding="utf-8")
    elif rel.startswith("raw/"):
        shutil.copy(BAD / "value_population_nan.csv", target)  # a NaN in a shipped export
        words = f"{target}:5:2: value `nan` for `population` is not a finite number"
    else:
        target.unlink()
    proc = _build(home)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert f"{target}" in proc.stderr and words in proc.stderr, proc.stderr[-2000:]
    assert _store_digest(home) == before


def test_zip_bomb_workbook_refused_before_inflating(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (210 * 2**20))  # 210 MB of zeros
    assert bomb.stat().st_size < 2**20  # about 200 kB on disk
    proc = _check(bomb)
    assert proc.returncode == 2
    assert proc.stdout.startswith(f"{bomb}:0:0: the workbook would expand to 210 MB, above")
