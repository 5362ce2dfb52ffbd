"""A copy of the project's data in a temporary home, and the real ``analytics`` CLI run against it.

The `data add` and scorecard tests change catalog and raw files; they do it in such a copy
(``ANALYTICS_HOME``), never in the project.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]


def copy_data(home: Path) -> Path:
    """``data/raw``, ``data/reference`` and ``data/catalog`` copied under ``home``, writable."""
    for sub in ("raw", "reference", "catalog"):
        shutil.copytree(ROOT / "data" / sub, home / "data" / sub)
    for path in (home / "data").rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return home


def run(home: Path, *args: str | Path, columns: int = 160) -> subprocess.CompletedProcess[str]:
    """``python -m analytics ARGS`` in ``home`` (no terminal: no prompt, no colour)."""
    env = {**os.environ, "ANALYTICS_HOME": str(home), "COLUMNS": str(columns)}
    return subprocess.run(
        [sys.executable, "-m", "analytics", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env=env,
        cwd=home,
        stdin=subprocess.DEVNULL,
    )


def tree(home: Path) -> str:
    """One digest of every path and byte under ``home/data`` (what "nothing written" means)."""
    digest = hashlib.sha256()
    for path in sorted((home / "data").rglob("*")):
        digest.update(path.relative_to(home).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def observations(home: Path) -> pl.DataFrame:
    """The home's built store."""
    return pl.read_parquet(home / "data" / "processed" / "observations.parquet")
