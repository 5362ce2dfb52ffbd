"""What the reports share: chart dates, observations, region names, source notes, provenance.

Examples
--------
>>> import polars as pl
>>> pl.DataFrame({"period": ["2023", "2024-03"]}).select(period_date())["date"].to_list()
['2023-01-01', '2024-03-01']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

import analytics.charts  # noqa: F401  (registers the house theme)
from analytics._typing import Lang
from analytics.catalog import region_name
from analytics.config import TIMEZONE, project_root
from analytics.io import read_sources, scan_store
from analytics.reports.components import DataNote, Provenance

__all__ = ["observations", "period_date", "provenance", "region_names", "source_notes"]


def period_date(col: str = "period") -> pl.Expr:
    """Where a chart draws a period: its first day as ISO text.

    ``2023`` → 2023-01-01, on the 2023 tick; ``2024-03`` → 2024-03-01
    (:func:`analytics.stats.periods.period_start`).

    Parameters
    ----------
    col
        The column holding the periods.

    Returns
    -------
    pl.Expr
        The ``date`` column.

    Examples
    --------
    >>> pl.DataFrame({"period": ["2019"]}).select(period_date())["date"].item()
    '2019-01-01'
    """
    from analytics.stats.periods import period_start

    return period_start(col).dt.to_string("%Y-%m-%d").alias("date")


def observations(indicator: str, regions: Sequence[str], data_dir: Path | None) -> pl.DataFrame:
    """Non-null observations of ``indicator`` in ``regions``, by region, then period as dates.

    Parameters
    ----------
    indicator, regions
        What to read, and for whom.
    data_dir
        The data folder holding processed/ (None: the project's).

    Returns
    -------
    pl.DataFrame
        The store's rows, sorted by region and period.

    Examples
    --------
    >>> observations("gdp", ["120000"], None)["region"].unique().to_list()
    ['120000']
    """
    from analytics.stats.periods import sort_by_period

    found = (
        scan_store(data_dir=data_dir)
        .filter((pl.col("indicator") == indicator) & pl.col("region").is_in(list(regions)))
        .filter(pl.col("value").is_not_null())
        .collect()
    )
    return sort_by_period(found, "region")


def region_names(lang: Lang, alias: str) -> pl.Expr:
    """The ``region`` column as region names in ``lang``, named ``alias``.

    Parameters
    ----------
    lang
        The reader's language.
    alias
        The name of the new column.

    Returns
    -------
    pl.Expr
        The names.

    Examples
    --------
    >>> pl.DataFrame({"region": ["120000"]}).select(region_names("en", "n"))["n"].item()
    'Tianjin'
    """
    return (
        pl.col("region")
        .map_elements(lambda c: region_name(c, lang), return_dtype=pl.Utf8)
        .alias(alias)
    )


def provenance(
    params: dict[str, Any],
    data_dir: Path | None,
    report: str,
    *,
    sources: Sequence[str] = (),
) -> Provenance:
    """What the footer records: the parameters, the input hashes, the package version, the time.

    The inputs are the ones the run's fingerprint lists (:func:`analytics.io.inputs.report_inputs`),
    hashed by the same helper, so the footer and the manifest name the same files.

    Parameters
    ----------
    params
        The report's parameters.
    data_dir
        The data folder holding processed/ (None: the project's).
    report
        The report's registry name (its inputs besides the store and the catalog).
    sources
        The store ``source`` ids the report read (the footer's data licences).

    Returns
    -------
    Provenance
        For :class:`~analytics.reports.section.Footer`.

    Examples
    --------
    >>> inputs = provenance({"region": "120000"}, None, "fiveg").inputs
    >>> "data/processed/observations.parquet" in inputs and "data/catalog/regions.csv" in inputs
    True
    """
    import analytics
    from analytics.io.inputs import input_hashes, report_inputs

    now = datetime.now(ZoneInfo(TIMEZONE)).strftime("%Y-%m-%d %H:%M %Z")
    hashes = input_hashes(report_inputs(report), root=project_root(), data_dir=data_dir)
    return Provenance(params, hashes, analytics.__version__, now, report, tuple(sources))


def source_notes(
    frame: pl.DataFrame, title: str, *, data_dir: Path | None, gaps: str = ""
) -> list[DataNote]:
    """One note per source id in ``frame`` (its title, where, quote) with the vintages used.

    Parameters
    ----------
    frame
        Observations with ``source`` and ``vintage``.
    title
        What the figures are (the note's title starts with it).
    data_dir
        The data folder holding processed/ (None: the project's).
    gaps
        What is missing, said in every note.

    Returns
    -------
    list[DataNote]
        Sorted by source id.

    Examples
    --------
    >>> source_notes(pl.DataFrame(), "GDP", data_dir=None)
    []
    """
    if frame.is_empty():
        return []
    sources = read_sources(data_dir=data_dir)
    used = frame.group_by("source").agg(pl.col("vintage").unique().sort().str.join(", "))
    rows = used.join(sources, left_on="source", right_on="id", how="left").sort("source")
    notes = []
    for r in rows.iter_rows(named=True):
        where = r.get("where") or r["source"]
        # an NBS export's title ends with its file name: the reader needs the table, not the file
        src_title = re.sub(r"[:：]\s*[^:：]*\.(csv|xlsx?)$", "", r.get("title") or "")
        notes.append(
            DataNote(
                title=f"{title} — {src_title}".strip(" —")[:200],
                source=str(where),
                quote=str(r.get("quote") or "")[:300],
                vintage=str(r["vintage"]),
                gaps=gaps,
            )
        )
    return notes
