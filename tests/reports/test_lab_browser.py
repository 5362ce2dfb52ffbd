"""JupyterLab draws a notebook's charts itself, with no network: SVG in the Vega output."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from analytics.config import project_root
from tests.reports.test_browser import ARGS, CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.notebook]

SHOTS = Path(os.environ.get("ANALYTICS_SHOTS", "/work/shots"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        assert proc.poll() is None, "jupyter lab exited"
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(url)


def _lab_cmd(port: int, token: str, nb_dir: Path) -> list[str]:
    """JupyterLab on 127.0.0.1, with every cell in the DOM (no windowing: charts far down too)."""
    settings = nb_dir.parent / f"{nb_dir.name}-lab-settings"
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True, exist_ok=True)
    tracker.write_text('{"windowingMode": "none"}')
    return [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--notebook-dir={nb_dir}",
        "--allow-root",
        f"--LabApp.user_settings_dir={settings}",
    ]


def test_jupyterlab_renders_the_forecast_chart(tmp_path: Path) -> None:
    import papermill
    from playwright.sync_api import sync_playwright

    nb = tmp_path / "04_forecasts.ipynb"
    src = project_root() / "notebooks" / "explore" / "04_forecasts.ipynb"
    papermill.execute_notebook(
        str(src), str(nb), kernel_name="analytics", progress_bar=False, parameters={"lang": "en"}
    )
    port, token = _free_port(), secrets.token_hex(16)
    cmd = _lab_cmd(port, token, tmp_path)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    outside: list[str] = []
    try:
        _wait_for(f"http://127.0.0.1:{port}/api/status?token={token}", proc)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1200, "height": 1400})

            def route(r):  # type: ignore[no-untyped-def]
                if r.request.url.startswith(f"http://127.0.0.1:{port}/"):
                    r.continue_()
                else:
                    outside.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.goto(f"http://127.0.0.1:{port}/lab/tree/04_forecasts.ipynb?token={token}")
            try:
                page.wait_for_selector(
                    ".jp-RenderedVega5 svg .mark-line path", timeout=90_000, state="attached"
                )
            except Exception:
                page.screenshot(path=str(tmp_path / "lab-failed.png"), full_page=True)
                raise
            n_svg = page.locator(".jp-RenderedVega5 svg").count()
            title = page.locator(".jp-RenderedVega5 svg .role-title-text").all_text_contents()
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.locator(".jp-RenderedVega5").last.screenshot(path=str(SHOTS / "house-lab.png"))
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    # two charts drawn by JupyterLab: the published counts and the forecast fan
    assert n_svg == 2
    assert any("Tianjin: 5G base stations" in t for t in title), title
    assert not [u for u in outside if not u.startswith(("data:", "blob:"))], outside


_AXES_JS = """(sel) => Array.from(document.querySelectorAll(sel)).map((svg) =>
  Array.from(svg.querySelectorAll('.role-axis')).map((axis) =>
    Array.from(axis.querySelectorAll('.role-axis-label text')).map((t) => t.textContent)))"""
"""Each chart's axes, each axis's labels in drawing order (Vega draws them in scale order)."""

LAB_CHART = ".jp-RenderedVega5 svg"


def _svg_axes(svg: str) -> list[list[str]]:
    """The same reading of an SVG drawn by vl-convert (what the exported page draws)."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)
    axes = []
    for g in root.iter("{http://www.w3.org/2000/svg}g"):
        if "role-axis" in g.get("class", "").split():
            labels = [
                "".join(t.itertext())
                for lab in g.iter("{http://www.w3.org/2000/svg}g")
                if "role-axis-label" in lab.get("class", "").split()
                for t in lab.iter("{http://www.w3.org/2000/svg}text")
            ]
            axes.append(labels)
    return axes


def _categories(charts: list[list[list[str]]]) -> list[list[list[str]]]:
    """Each chart's axes that are not numbers (nor years): the ones a sort orders."""
    number = re.compile(r"^[−\-]?[\d,.]+[%kKMB]?$")
    return [[a for a in axes if not all(number.match(x) for x in a)] for axes in charts]


def _lab_axes(nb_dir: Path, names: list[str], tmp_path: Path) -> dict[str, list[list[list[str]]]]:
    from playwright.sync_api import sync_playwright

    port, token = _free_port(), secrets.token_hex(16)
    cmd = _lab_cmd(port, token, nb_dir)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    found: dict[str, list[list[list[str]]]] = {}
    try:
        _wait_for(f"http://127.0.0.1:{port}/api/status?token={token}", proc)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name in names:
                page = browser.new_page(viewport={"width": 1200, "height": 1400})
                # ?reset: a fresh workspace, not the notebooks opened before
                page.goto(f"http://127.0.0.1:{port}/lab/tree/{name}?reset&token={token}")
                page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000, state="attached")
                page.wait_for_timeout(6000)  # the Vega renderer draws after the cells appear
                shown = ".jp-NotebookPanel:not(.lm-mod-hidden) "  # the notebook in front only
                found[name] = page.evaluate(_AXES_JS, shown + LAB_CHART)
                if not found[name]:
                    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
                page.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return found


def test_lab_draws_every_explore_chart_as_the_html_does(tmp_path: Path) -> None:
    """Every explore notebook, run and opened in Lab: each chart's axes as vl-convert draws them.

    And explore/03 draws (it printed `<Chart>` before: the offline HTML renderer).
    """
    import nbformat
    import papermill
    import vl_convert as vlc

    src = project_root() / "notebooks" / "explore"
    names = sorted(p.name for p in src.glob("*.ipynb"))
    expected: dict[str, list[list[list[str]]]] = {}
    for name in names:
        papermill.execute_notebook(
            str(src / name), str(tmp_path / name), kernel_name="analytics", progress_bar=False
        )
        nb = nbformat.read(tmp_path / name, as_version=4)
        mime = "application/vnd.vega.v5+json"
        specs = [
            o["data"][mime]
            for c in nb.cells
            for o in c.get("outputs", [])
            if mime in o.get("data", {})
        ]
        expected[name] = [_svg_axes(vlc.vega_to_svg(s)) for s in specs]
    drawn = _lab_axes(tmp_path, names, tmp_path)
    assert len(expected["03_charts.ipynb"]) == 3  # trend, ranking bars, small multiples
    for name in names:
        assert drawn[name] == expected[name], name
    # explore/03's ranking: the 31 provinces top to bottom in the order of their 2024 values in
    # the store (Altair 6's sort, which the relabelled Vega-Lite 5 output lost)
    import polars as pl

    from analytics.catalog import region_name
    from analytics.io import read_series

    pc = (
        read_series("gdp_per_capita")
        .filter(pl.col("period") == "2024")
        .sort("value", descending=True)
    )
    by_value = [region_name(c) for c in pc["region"]]
    [labels] = [axis for axis in drawn["03_charts.ipynb"][1] if len(axis) == 31]
    assert labels == by_value


def test_lab_draws_the_report_charts_as_the_published_page(tmp_path: Path) -> None:
    """The published fiveg notebook's charts in Lab: every axis labelled as on the published page.

    Through the runner, as every report is published: the attempt leaves the Lab charts pending
    and the runner compiles them before it publishes the notebook.
    """
    import shutil

    from playwright.sync_api import sync_playwright

    from analytics.runs.runner import RunRequest, run_batch

    summary = run_batch(
        [RunRequest("fiveg", "120000", "2023", "en")],
        out_root=tmp_path / "out",
        history=tmp_path / "runs.sqlite",
        force=True,
    )
    [result] = summary.results
    assert result.status == "ok", summary.lines()
    assert result.html is not None and result.notebook is not None
    (tmp_path / "lab").mkdir()
    shutil.copy(result.notebook, tmp_path / "lab" / "fiveg.ipynb")
    drawn = _lab_axes(tmp_path / "lab", ["fiveg.ipynb"], tmp_path)["fiveg.ipynb"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 1400})
        page.goto(result.html.resolve().as_uri())
        page.wait_for_selector(".an-vega svg", timeout=30_000)
        page.wait_for_timeout(2000)
        published = page.evaluate(_AXES_JS, ".an-vega svg")
        browser.close()
    # every chart, every category axis, label for label (the page draws charts as wide as the
    # page, Lab at their own width, so quantitative axes differ in their number of ticks)
    assert _categories(drawn) == _categories(published)
    assert any(len(a) >= 5 for axes in _categories(drawn) for a in axes)
    charts = list((result.html.parent / "data").glob("*.csv"))
    assert len(drawn) == len(charts) >= 5
