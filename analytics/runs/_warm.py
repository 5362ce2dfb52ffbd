"""Imported by the runner's forkserver: pay the one-off costs once, not in every run.

Loads the Jupyter client and papermill engine code and builds the HTML exporter (its Jinja
templates), so every forked run starts with them ready.
"""

from __future__ import annotations

import contextlib
import functools
from typing import Any


@functools.cache
def exporter() -> Any:
    import nbconvert

    return nbconvert.HTMLExporter(template_name="lab", exclude_input=True)


def _warm() -> None:
    import jupyter_client.manager  # noqa: F401
    import nbclient  # noqa: F401
    import nbformat
    import papermill.engines
    import papermill.iorw  # noqa: F401

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("warm")])
    exporter().from_notebook_node(nb)
    # the report code run_report imports lazily (scipy, statsmodels, altair: seconds per run)
    with contextlib.suppress(Exception):
        import analytics.reports.content  # noqa: F401
        from analytics.runs import render

        render.vega_bundle()


_warm()
