"""A run's charts waiting for JupyterLab: off the page, compiled by the runner, or refused."""

from __future__ import annotations

import json
from pathlib import Path

import altair as alt
import nbformat
import pytest

from analytics.charts.embed import LAB_ONLY_MIMES, PENDING_MIME, VEGA_MIME
from analytics.runs.model import Done, Failure
from analytics.runs.render import render_html
from analytics.runs.runner import _lab_charts

BARS = {
    "$schema": alt.SCHEMA_URL,  # the installed Altair's (vl-convert at its floor knows no later)
    "mark": "bar",
    "data": {"values": [{"a": "x", "b": 1}, {"a": "y", "b": 2}]},
    "encoding": {
        "x": {"field": "a", "type": "nominal"},
        "y": {"field": "b", "type": "quantitative"},
    },
}


def _notebook(path: Path, *bundles: dict[str, object]) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "x", outputs=[nbformat.v4.new_output("display_data", data=b) for b in bundles]
        )
    ]
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("mime", LAB_ONLY_MIMES)
def test_an_output_for_jupyterlab_alone_is_left_out_of_the_page(tmp_path: Path, mime: str) -> None:
    shown = _notebook(tmp_path / "a.ipynb", {"text/plain": "MARK-FOR-THE-READER"})
    lab = _notebook(tmp_path / "b.ipynb", {mime: BARS, "text/plain": "MARK-FOR-THE-READER"})
    # the same output without the Lab entry is shown (its plain text): the check can fail
    assert "MARK-FOR-THE-READER" in render_html(shown)
    assert "MARK-FOR-THE-READER" not in render_html(lab)


def test_the_runner_compiles_the_pending_charts_in_place(tmp_path: Path) -> None:
    nb = _notebook(tmp_path / "report.ipynb", {PENDING_MIME: BARS, "text/plain": "Bars"})
    done = Done(html=str(tmp_path / "report.html"), notebook=str(nb))
    assert _lab_charts(done, tmp_path) is done
    [out] = nbformat.read(nb, as_version=4).cells[0].outputs  # still a valid notebook
    assert sorted(out.data) == [VEGA_MIME, "text/plain"]
    marks = out.data[VEGA_MIME]["marks"]
    assert [m["type"] for m in marks] == ["rect"]  # Vega-Lite's bar, compiled
    assert [v["a"] for v in out.data[VEGA_MIME]["data"][0]["values"]] == ["x", "y"]


def test_a_pending_chart_that_does_not_compile_fails_the_run_saying_why(tmp_path: Path) -> None:
    broken = {**BARS, "mark": "no-such-mark"}
    nb = _notebook(tmp_path / "report.ipynb", {PENDING_MIME: broken, "text/plain": "Bars"})
    before = nb.read_bytes()
    result = _lab_charts(Done(html="report.html", notebook=str(nb)), tmp_path)
    assert isinstance(result, Failure) and result.kind == "error"
    assert result.message.startswith("compiling the charts for JupyterLab: ")
    assert "Vega-Lite to Vega conversion failed" in result.message
    assert nb.read_bytes() == before  # nothing half-written
    assert not list(tmp_path.glob(".*.lab"))


def test_a_notebook_that_is_not_json_fails_the_run_saying_why(tmp_path: Path) -> None:
    nb = tmp_path / "report.ipynb"
    nb.write_text('{"cells": [' + json.dumps(PENDING_MIME), encoding="utf-8")
    result = _lab_charts(Done(html="report.html", notebook=str(nb)), tmp_path)
    assert isinstance(result, Failure)
    assert "compiling the charts for JupyterLab" in result.message and "line 1" in result.message
