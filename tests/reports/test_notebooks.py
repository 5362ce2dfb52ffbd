"""Every report through papermill for Tianjin and two other provinces, in both languages."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analytics.config import project_root
from analytics.exceptions import ReportError
from analytics.runs.execute import run_report
from analytics.runs.registry import REPORTS
from analytics.runs.render import check_html

pytestmark = pytest.mark.notebook

# Tianjin (home), Guangdong (no 5G or core-share figures in the store), Tibet (smallest economy)
REGIONS = ("120000", "440000", "540000")
TITLES = {
    "120000": ("天津", "Tianjin"),
    "440000": ("广东", "Guangdong"),
    "540000": ("西藏", "Tibet"),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("report", sorted(REPORTS))
def test_report_runs_and_renders(report: str, region: str, lang: str, tmp_path: Path) -> None:
    from analytics.catalog import plans_for

    params = {"region": region, "period": "latest", "lang": lang}
    if report == "plan" and not plans_for(region):  # no plan on file: refused, nothing written
        with pytest.raises(ReportError, match="no plan on file for"):
            run_report(report, params, out_dir=tmp_path)
        assert not (tmp_path / "report.html").exists()
        return
    out = run_report(report, params, out_dir=tmp_path)
    html = out.html.read_text(encoding="utf-8")
    assert check_html(html) == []
    assert out.html.stat().st_size < 2_000_000
    # the Vega bundle is inlined exactly once, every chart is a div + vegaEmbed call
    assert html.count("window.vegaEmbed=") == 1
    assert html.count('class="an-vega"') == len(out.chart_data) > 0
    assert "<script src" not in html and "cdn.jsdelivr" not in html
    assert "NBVAL_CHECK_OUTPUT" not in html and "headline_text" not in html
    assert "Kernel is running over TCP" not in html
    name = TITLES[region][0 if lang == "zh" else 1]
    assert f"<h1>{name}" in html
    assert 'class="an-cards"' in html and 'class="an-footer"' in html
    manifest = json.loads(out.manifest.read_text(encoding="utf-8"))
    assert manifest["parameters"]["region"] == region
    assert manifest["inputs"]["data/processed/observations.parquet"]
    nb = nbformat.read(out.notebook, as_version=4)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]


def test_a_failed_run_raises_report_error_and_keeps_the_notebook(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match=r"CatalogError: unknown region code `999999`"):
        run_report("industry", {"region": "999999"}, out_dir=tmp_path)
    assert (tmp_path / "report.ipynb").is_file()


def test_report_notebooks_are_thin_and_committed_without_outputs() -> None:
    for spec in REPORTS.values():
        nb = nbformat.read(spec.notebook, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert "parameters" in code[0].metadata.get("tags", [])
        assert "region = '120000'" in code[0].source and "data_dir = None" in code[0].source
        for cell in code:
            assert not re.search(r"^\s*(def|class) ", cell.source, re.M)
            if "NBVAL_CHECK_OUTPUT" not in cell.source:
                assert cell.outputs == []


def test_nbval_headline_cells_match_their_stored_outputs() -> None:
    """``pytest --nbval-lax notebooks/reports``: the headline cells are pinned."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "-p",
            "no:xdist",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            "-o",
            "filterwarnings=",
            "-q",
            "--color=no",  # CI forces colour; the count below is read as plain text
            "notebooks/reports",
        ],
        cwd=project_root(),
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    # every code cell of every report notebook (one cell per section) ran
    cells = sum(
        c.cell_type == "code"
        for nb in (project_root() / "notebooks" / "reports").glob("*.ipynb")
        for c in nbformat.read(nb, as_version=4).cells
    )
    assert re.search(rf"\b{cells} passed\b", proc.stdout), proc.stdout[-500:]


@pytest.mark.parametrize(
    "name",
    [
        "01_query_the_store",
        "02_growth_and_targets",
        "03_charts",
        "04_forecasts",
        "05_composite_index",
        "06_digital_economy_accounts",
        "07_writing_a_report_section",
    ],
)
def test_explore_notebooks_run_top_to_bottom(name: str, tmp_path: Path) -> None:
    import papermill

    src = project_root() / "notebooks" / "explore" / f"{name}.ipynb"
    out = tmp_path / f"{name}.ipynb"
    papermill.execute_notebook(
        str(src), str(out), kernel_name="analytics", progress_bar=False, cwd=str(tmp_path)
    )
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    assert outputs and not [o for o in outputs if o.output_type == "error"]
    src_nb = nbformat.read(src, as_version=4)
    assert all(c.get("outputs", []) == [] for c in src_nb.cells if c.cell_type == "code")
