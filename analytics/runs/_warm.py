"""Imported by the runner's forkserver: pay the one-off costs once, not in every run.

Loads the Jupyter client and papermill engine code and builds the HTML exporter (its Jinja
templates), so every forked run starts with them ready.
"""

from __future__ import annotations

import contextlib
import importlib


def _warm() -> None:
    import jupyter_client.manager  # noqa: F401
    import nbclient  # noqa: F401
    import nbformat
    import papermill.engines
    import papermill.iorw  # noqa: F401

    from analytics.runs import render
    from analytics.runs._zygote import DEFAULT_MODULES

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("warm")])
    render.plain_exporter().from_notebook_node(nb)
    # the report code the kernels import (scipy, statsmodels, altair: seconds per run), by name:
    # the host side never imports it in its own code
    with contextlib.suppress(Exception):
        for name in DEFAULT_MODULES:
            importlib.import_module(name)
        render.vega_bundle()


_warm()
