"""Imported by the runner's forkserver only: load what every attempt needs, once.

The forkserver imports this module and then forks every local attempt from itself, so each attempt
starts with the report code (``analytics.{catalog,io,stats,index,charts,reports}``, every module:
the reports reach most of them lazily), ipykernel's in-process kernel, papermill and nbconvert
already imported, with an empty page rendered (nbconvert compiles its templates and CSS selectors
on first use, ≈ 0.6 s, and the Vega bundle is read and verified) and the indicator catalog parsed
(≈ 0.2 s; an attempt forked after its files changed forgets it, see :func:`fresh_catalog`). It
runs no polars query: polars' thread pool, once started, does not survive a fork. Nothing here may
raise — the forkserver tolerates only ImportError from a preload — so each step is best effort:
what is not loaded here is loaded by the attempt that needs it.
"""

from __future__ import annotations

import contextlib
import importlib
import os
from pathlib import Path

__all__ = ["MODULES", "fresh_catalog", "preload"]

MODULES = (
    "analytics.runs.process",
    "analytics.runs.execute",
    "analytics.runs.inprocess",
    "analytics.runs.render",
    "analytics.runs.schedule",
    "ipykernel.inprocess.ipkernel",
    "ipykernel.inprocess.manager",
    "ipykernel.inprocess.blocking",
    "ipykernel.debugger",  # a kernel's start imports debugpy (≈ 0.1 s)
    "IPython.core.completerlib",
    "jupyter_client.manager",
    "narwhals._polars.namespace",  # altair reads polars frames through narwhals
    "nbclient",
    "nbconvert",
    "papermill",
)
_PACKAGES = ("catalog", "io", "stats", "index", "charts", "reports")
_CATALOG: tuple[tuple[str, int, int], ...] = ()


def _modules(package: str) -> list[str]:
    """Every module of ``analytics.<package>``, found on disk (nothing imported to find them)."""
    base = Path(__file__).resolve().parents[1]
    files = sorted((base / package).rglob("*.py"))
    dotted = (p.relative_to(base.parent).with_suffix("").parts for p in files)
    return [".".join(parts).removesuffix(".__init__") for parts in dotted]


def _catalog_stamp() -> tuple[tuple[str, int, int], ...]:
    """Name, mtime and size of the indicator catalog's files (what ``indicators()`` reads)."""
    from analytics.config import catalog_dir

    files = sorted(catalog_dir().glob("indicators*.yaml"))
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


def fresh_catalog() -> None:
    """In an attempt: forget the catalog parsed here if its files changed since (or moved).

    Examples
    --------
    >>> fresh_catalog()  # unchanged: the parsed catalog stays
    """
    if _CATALOG and _catalog_stamp() != _CATALOG:
        from analytics.catalog import _indicators

        _indicators._load.cache_clear()


def preload() -> None:
    """Import :data:`MODULES` and the report code, render an empty page, parse the catalog.

    Examples
    --------
    >>> preload()
    """
    # ipykernel.debugger imports debugpy, which warns about frozen modules on stderr
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    for name in (*MODULES, *(m for p in _PACKAGES for m in _modules(p))):
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    with contextlib.suppress(Exception):
        from analytics.runs.render import warm_up

        warm_up()
    global _CATALOG
    with contextlib.suppress(Exception):  # a broken catalog fails in the run, with its message
        from analytics.catalog import indicators

        _CATALOG = _catalog_stamp()
        indicators()


preload()  # on import: the forkserver's preload imports modules, it calls nothing
