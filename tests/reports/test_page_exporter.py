"""The page is nbconvert's HTML exporter's page, without its BeautifulSoup pass.

``analytics.runs.render`` renders with a subclass of ``nbconvert.HTMLExporter`` whose
``from_notebook_node`` leaves out the parse and re-serialisation of the whole page (≈ 0.1 s a
report). These tests hold it to nbconvert's own output, and fail when nbconvert's method grows a
step the copy lacks.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from importlib.metadata import version
from typing import Any

import nbformat
import pytest
from bs4 import BeautifulSoup

# what HTMLExporter.from_notebook_node calls (nbconvert 7.16, 7.17): runs/render.py's copy does
# all of it but the soup, and adds tabindex itself
KNOWN_CALLS = {
    "get",
    "Highlight2HTML",
    "_init_resources",
    "WidgetsDataTypeFilter",
    "register_filter",
    "from_notebook_node",
    "super",
    "BeautifulSoup",
    "select",
    "warning",
    "str",
}


def _calls(func: Any) -> set[str]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            names.add(f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "?"))
    return names


def test_nbconverts_method_has_no_step_the_copy_lacks() -> None:
    from nbconvert import HTMLExporter

    new = _calls(HTMLExporter.from_notebook_node) - KNOWN_CALLS
    assert not new, (
        f"nbconvert {version('nbconvert')} HTMLExporter.from_notebook_node now also calls {new}: "
        "bring analytics/runs/render.py's _page_exporter in step (docs/DESIGN.md)"
    )


@pytest.mark.notebook
def test_the_page_equals_nbconverts_once_both_pass_through_the_soup(
    tianjin_reports: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from nbconvert import HTMLExporter

    import analytics.runs.render as render

    nb = nbformat.read(tianjin_reports["fiveg"].notebook, as_version=4)
    ours = render.render_html(nb, title="5G", lang="zh")
    monkeypatch.setattr(render, "_page_exporter", lambda: HTMLExporter)
    theirs = render.render_html(nb, title="5G", lang="zh")
    assert ours != theirs  # the soup re-serialises (attribute order, blank lines)
    assert str(BeautifulSoup(ours, features="html.parser")) == theirs
    assert ours.count('tabindex="0"') == theirs.count('tabindex="0"') > 7
