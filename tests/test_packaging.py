"""The package installs like one: a built wheel, in a fresh venv, outside the project.

The wheel carries the code and templates but no data: the data are found through
``ANALYTICS_HOME`` (or the project the current folder belongs to), and without either the user
gets an AnalyticsError that says what to do, not a FileNotFoundError traceback.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import analytics\n"
    "from analytics.catalog import resolve_region\n"
    "from analytics.exceptions import AnalyticsError\n"
    "print(analytics.__file__)\n"
    "print(analytics.__version__)\n"
    "try:\n"
    "    print(resolve_region('天津'))\n"
    "except AnalyticsError as err:\n"
    "    print('AnalyticsError:', err)\n"
)


def test_distribution_name_is_not_analytics() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "digital-economy-workbench"  # `analytics` on PyPI is another library
    assert "version" in project["dynamic"]  # from git (setuptools-scm)
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (ROOT / "CITATION.cff").read_text(encoding="utf-8").count("license: MIT") == 1
    assert project["scripts"] == {"analytics": "analytics.cli:main"}
    deps = " ".join(project["dependencies"])
    assert "tzdata" in deps
    assert not any(p in deps for p in ("dask", "duckdb", "playwright"))
    # openpyxl is a runtime dependency since `analytics plan request` writes the departments'
    # request workbooks and `data add` reads their returns (issue 19)
    assert "openpyxl>=3.1" in project["dependencies"]
    assert project["optional-dependencies"]["dask"] == ["dask[distributed]>=2024.8"]


@pytest.mark.slow
def test_wheel_installs_and_finds_data_or_says_how(tmp_path: Path) -> None:
    # build from a copy (setuptools leaves build/ in the source tree, and stale files in it
    # would reach the wheel); the copy has no git metadata, so the fallback version applies
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "analytics", src / "analytics", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src / name)
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(src)],
        check=True,
        capture_output=True,
    )
    [wheel] = wheels.glob("digital_economy_workbench-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    [meta] = [n for n in names if n.endswith(".dist-info/METADATA")]
    metadata = zipfile.ZipFile(wheel).read(meta).decode()
    assert "License-Expression: MIT" in metadata  # the SPDX string, no licence table
    assert "analytics/runs/templates/analytics/index.html.j2" in names
    assert not any(n.startswith("data/") for n in names)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    # the dependencies come from this environment's site-packages (no downloads); a plain path
    # entry, so this environment's editable install of the package is not seen
    [own] = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    (Path(own) / "deps.pth").write_text(site.getsitepackages()[0] + "\n")
    subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    assert (venv / "bin" / "analytics").is_file()  # the console script

    away = tmp_path / "elsewhere"
    away.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("ANALYTICS_HOME", "PYTHONPATH")}
    run = [str(py), "-c", PROBE]
    out = subprocess.run(run, env=env, cwd=away, capture_output=True, text=True, check=True)
    where, version, answer = out.stdout.splitlines()
    assert where.startswith(str(venv)), where  # the installed wheel, not the source tree
    assert version == "0.2.0"  # [tool.setuptools_scm] fallback_version: no git metadata
    assert answer.startswith("AnalyticsError: no workbench project found")
    assert "ANALYTICS_HOME" in answer and "Traceback" not in out.stderr

    home = subprocess.run(
        run,
        env={**env, "ANALYTICS_HOME": str(ROOT)},
        cwd=away,
        capture_output=True,
        text=True,
        check=True,
    )
    assert home.stdout.splitlines()[2] == "120000"
    inside = subprocess.run(
        run, env=env, cwd=ROOT / "data" / "catalog", capture_output=True, text=True, check=True
    )
    assert inside.stdout.splitlines()[2] == "120000"  # found by walking up from the cwd

    cli = subprocess.run(
        [str(venv / "bin" / "analytics"), "report", "run", "fiveg", "--region", "天津"],
        env=env,
        cwd=away,
        capture_output=True,
        text=True,
    )
    assert cli.returncode == 2, cli.stdout + cli.stderr
    assert "no workbench project found" in cli.stderr and "Traceback" not in cli.stderr
