"""A region code reaches a report as papermill parses it: ``-p region 120000`` is an int."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from analytics.config import project_root
from analytics.reports import ReportContext

pytestmark = [pytest.mark.notebook, pytest.mark.slow]


def _tianjin_core_share() -> str:
    """Tianjin's digital-economy core share as data/reference/figures.csv states it (7.2)."""
    path = project_root() / "data" / "reference" / "figures.csv"
    with path.open(encoding="utf-8") as f:
        rows = [
            r
            for r in csv.DictReader(f)
            if r["region"] == "Tianjin"
            and r["indicator"] == "digital economy core industries value added share of GDP"
        ]
    assert len(rows) == 1
    return rows[0]["value"]


def test_papermill_cli_int_region_runs_the_digital_economy_notebook(
    built_store: Path, tmp_path: Path
) -> None:
    src = project_root() / "notebooks" / "reports" / "digital_economy.ipynb"
    out = tmp_path / "out.ipynb"
    cmd = [
        sys.executable,
        "-m",
        "papermill",
        str(src),
        str(out),
        "-p",
        "region",
        "120000",
        "-p",
        "lang",
        "en",
        "-p",
        "data_dir",
        str(built_store),
        "--log-level",
        "ERROR",
    ]
    done = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    cells = json.loads(out.read_text(encoding="utf-8"))["cells"]
    injected = next(c for c in cells if "injected-parameters" in c["metadata"].get("tags", []))
    assert "region = 120000\n" in "".join(injected["source"])  # papermill made it an int
    headline = next(c for c in cells if "NBVAL_CHECK_OUTPUT" in "".join(c["source"]))
    text = "".join(headline["outputs"][0]["text"])
    assert text.startswith("Tianjin: digital economy\n")
    assert f"Core share of GDP: {_tianjin_core_share()} % (2023)" in text


def test_int_codes_are_six_digit_text() -> None:
    ctx = ReportContext(region=120000, peers=[110000, 0], lang="en")  # type: ignore[arg-type]
    assert (ctx.region, ctx.peers, ctx.name) == ("120000", ("110000", "000000"), "Tianjin")
