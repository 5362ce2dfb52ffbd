"""A report's page as its notebook shows it: the value of every cell, in the notebook's order.

The notebook is the one place a report's sections are listed: a cell per section. The gallery and
the tests that look at a whole report build the page here the way the notebook does — the
parameters cell (with the given values put in its place), then each cell's code, keeping what
its last line shows (a cell tagged ``report-hide`` is left out, as the published page leaves it).

Examples
--------
>>> parts = page("industry", lang="en", period="2024")
>>> [s.name for s in sections(parts)][:2]
['gdp_level', 'peer_growth']
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from analytics.config import project_root
from analytics.reports.section import Section, Sections

__all__ = ["notebook_path", "page", "sections"]


def notebook_path(report: str) -> Path:
    """``notebooks/reports/<report>.ipynb`` under the project root.

    Parameters
    ----------
    report
        The report's name (``industry``, ``fiveg``, ``digital_economy``, ``plan``).

    Returns
    -------
    Path
        The notebook.

    Examples
    --------
    >>> notebook_path("plan").name
    'plan.ipynb'
    """
    return project_root() / "notebooks" / "reports" / f"{report}.ipynb"


def _run(source: str, scope: dict[str, Any]) -> list[Any]:
    """Run one cell's code in ``scope``: ``[value]`` of its last line if that is an expression."""
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), scope)
    if not isinstance(last, ast.Expr):
        return []
    return [eval(compile(ast.Expression(last.value), "<cell>", "eval"), scope)]


def page(report: str, **params: Any) -> list[Any]:
    """What each cell of ``report``'s notebook shows, with ``params`` in place of the defaults.

    Parameters
    ----------
    report
        The report's name.
    **params
        Notebook parameters (``region``, ``period``, ``lang``, ``peers``, ``data_dir`` and the
        report's own, such as ``plan`` and ``as_of``).

    Returns
    -------
    list
        The cells' values in page order (None where a section is absent).

    Examples
    --------
    >>> type(page("plan", lang="en")[0]).__name__
    'Header'
    """
    nb = json.loads(notebook_path(report).read_text(encoding="utf-8"))
    scope: dict[str, Any] = {}
    out = []
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] != "code" or "report-hide" in tags:
            continue
        shown = _run("".join(cell["source"]), scope)
        if "parameters" in tags:
            scope.update(params)
        else:
            out += shown
    return out


def sections(parts: list[Any]) -> list[Section]:
    """The sections among a page's parts, a cell of several sections taken apart.

    Parameters
    ----------
    parts
        What :func:`page` returns.

    Returns
    -------
    list[Section]
        In page order.

    Examples
    --------
    >>> sections([None, Section("A"), Sections([Section("B")])])[1].heading
    'B'
    """
    out: list[Section] = []
    for p in parts:
        if isinstance(p, Section):
            out.append(p)
        elif isinstance(p, Sections):
            out.extend(p.sections)
    return out
