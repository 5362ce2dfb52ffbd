"""What adding one file does (:class:`FilePlan`), and where a new raw file goes.

Each format's planner (:mod:`analytics.io.add` and its ``_add_*`` helpers) returns a
:class:`FilePlan`; :func:`destination` never lets one overwrite a file already in ``data/raw``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from analytics.exceptions import AnalyticsError
from analytics.io._add_map import ColumnMap, Format

__all__ = ["FilePlan", "destination"]


@dataclass
class FilePlan:
    """What adding one file does: where it goes, its columns, and what changes in the store.

    Parameters
    ----------
    path
        The offered file, where it is now.
    format
        Its recognised format: ``nbs_export``, ``nbs_monthly``, ``portal_panel``, ``figures`` or
        ``plan_return`` (a portal capture travels in its panel's ``capture``).
    sha256
        The hex digest of its bytes, recorded in ``entry``.
    dest
        Where it is copied under ``data/raw``; a dated subfolder (``<date>/<name>``) when the
        name is taken, never over an existing file.
    columns
        Each column (or row label) and the catalog indicator it maps to, with how.
    observations
        Its values, parsed as the store build parses them.
    vintage
        The vintage(s) its values get, comma-separated; dated (``nbs_portal@2026-11-28``) when
        the file revises a stored value.
    base_vintage
        The vintage before any dating.
    entry
        Its provenance entry, appended to ``nbs_files.yaml``, ``nbs_monthly.yaml``,
        ``portal_files.yaml``, ``figures_files.yaml`` or ``returns_files.yaml``.
    capture
        For a portal panel: its raw JSON capture, (offered path, destination); else None.
    new_indicators
        Indicator ids of the file that the store holds no value of yet; default none.
    changes
        Per indicator: ``new``, ``new_periods``, ``revised`` and ``unchanged`` counts against
        the store; default empty.
    revised
        The values that differ from the stored ones: ``value`` beside ``stored`` and the stored
        vintage ``was``; default empty.
    catalog_entries
        New catalog indicators (``--new``); default none.
    """

    path: Path
    format: Format
    sha256: str
    dest: Path
    columns: list[ColumnMap]
    observations: pl.DataFrame
    vintage: str
    base_vintage: str
    entry: dict[str, Any]
    capture: tuple[Path, Path] | None = None
    new_indicators: list[str] = field(default_factory=list)
    changes: pl.DataFrame = field(default_factory=pl.DataFrame)
    revised: pl.DataFrame = field(default_factory=pl.DataFrame)
    catalog_entries: list[dict[str, Any]] = field(default_factory=list)
    """New catalog indicators (``--new``), written to ``indicators.yaml`` with the file."""


def destination(folder: Path, name: str, taken: set[str], today: dt.date) -> Path:
    """``folder/name``, or ``folder/<date>/name`` when the name is taken (never overwrite)."""
    dest = folder / name
    if dest.exists() or str(dest) in taken:
        dest = folder / today.isoformat() / name
    if dest.exists():
        raise AnalyticsError(f"{dest} exists already — add the file on another day or rename it")
    return dest
