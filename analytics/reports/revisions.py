"""Revisions on the page: for the values a report shows, the other vintages the store holds.

The store keeps every vintage of a value (Tianjin's 2024 real growth as first published, 5.1 %,
as a preliminary estimate in the work report, about 4.7 %, and as the NBS index after the 5th
economic census, 104.9 → 4.9 %). A report shows one (:func:`analytics.io.read_series` picks the
most authoritative); :func:`other_vintages` finds the others for the rows it shows, and
:func:`revision_sentences` says them beside it: which is shown and what the others were.

Values are compared on one basis: an index (previous year = 100) as growth (index − 100, in %),
anything else in its own measure and unit. A value equal to the shown one is no revision.

Examples
--------
>>> from analytics.io import read_series
>>> idx = read_series("gdp", regions="120000", measure="index_prev_year_100")
>>> other = other_vintages(idx.filter(pl.col("period") == "2024"))
>>> other.select("shown_value", "value", "vintage").rows()
[(4.9, 5.1, 'published'), (4.9, 4.7, 'preliminary')]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import polars as pl

from analytics._typing import Lang
from analytics.reports import narrative as nv
from analytics.reports.downloads import decimals
from analytics.reports.messages import t
from analytics.stats.periods import sort_by_period

__all__ = ["digits_of", "other_vintages", "revision_sentences", "significant"]

_KEY = ["indicator", "region", "period", "_measure", "_unit"]


def _comparable(frame: pl.DataFrame) -> pl.DataFrame:
    """``_measure``, ``_unit`` and ``_value`` on one basis (an index as growth in %)."""
    index = pl.col("measure") == "index_prev_year_100"
    return frame.with_columns(
        pl.when(index).then(pl.lit("yoy_pct")).otherwise(pl.col("measure")).alias("_measure"),
        pl.when(index).then(pl.lit("%")).otherwise(pl.col("unit")).alias("_unit"),
        pl.when(index)
        .then(pl.col("value") - 100)
        .otherwise(pl.col("value"))
        .round(9)
        .alias("_value"),
    )


def other_vintages(shown: pl.DataFrame, *, data_dir: Path | None = None) -> pl.DataFrame:
    """For each row shown, the store's other vintages of the same value (when they differ).

    Parameters
    ----------
    shown
        Store rows a report shows (``indicator``, ``region``, ``period``, ``measure``, ``unit``,
        ``value``, ``vintage``, ``source``).
    data_dir
        The data folder holding ``processed/`` (None: the project's).

    Returns
    -------
    pl.DataFrame
        One row per other vintage: ``indicator``, ``region``, ``period``, ``shown_value`` and
        ``shown_vintage`` (on the comparable basis: an index as growth), then the other's
        ``value`` (same basis), ``vintage``, ``published``, ``qualifier`` and ``source``;
        sorted by region, period, publication date.
    """
    from analytics.io import scan_store

    cols = ["indicator", "region", "period", "measure", "unit", "value", "vintage", "source"]
    empty = {
        "indicator": pl.Utf8,
        "region": pl.Utf8,
        "period": pl.Utf8,
        "shown_value": pl.Float64,
        "shown_vintage": pl.Utf8,
        "value": pl.Float64,
        "vintage": pl.Utf8,
        "published": pl.Date,
        "qualifier": pl.Utf8,
        "source": pl.Utf8,
    }
    if shown.is_empty():
        return pl.DataFrame(schema=empty)
    mine = _comparable(shown.select(cols).filter(pl.col("value").is_not_null()))
    store = (
        scan_store(data_dir=data_dir)
        .filter(
            pl.col("indicator").is_in(mine["indicator"].unique().to_list())
            & pl.col("region").is_in(mine["region"].unique().to_list())
            & pl.col("value").is_not_null()
        )
        .collect()
    )
    others = _comparable(store).join(
        mine.select(
            *_KEY,
            pl.col("_value").alias("shown_value"),
            pl.col("vintage").alias("shown_vintage"),
            pl.col("source").alias("shown_source"),
        ),
        on=_KEY,
    )
    different = (pl.col("source") != pl.col("shown_source")) & (
        (pl.col("_value") - pl.col("shown_value")).abs() > 1e-9
    )
    others = others.filter(different)
    # "1.8万亿元" (stored 18,000) is 17,931.3 rounded, not another figure: a value stated at
    # fewer significant figures that the shown one rounds to is no revision
    rounded = pl.struct("shown_value", "_value").map_elements(
        lambda r: _rounds_to(r["shown_value"], r["_value"]), return_dtype=pl.Boolean
    )  # the few rows whose sources differ, not the store
    out = (
        others.filter(~rounded)
        .select(
            "indicator",
            "region",
            "period",
            "shown_value",
            "shown_vintage",
            pl.col("_value").alias("value"),
            "vintage",
            "published",
            "qualifier",
            "source",
        )
        .sort("published", nulls_last=True)
    )
    return sort_by_period(out, "region")  # ties keep their order: the earliest published first


def significant(value: float) -> int:
    """Significant figures a stated value carries (trailing zeros of a whole number not counted).

    Parameters
    ----------
    value
        A stored value.

    Returns
    -------
    int
        At least 1.

    Examples
    --------
    >>> significant(18000.0), significant(16311.34), significant(5.1), significant(0.0)
    (2, 7, 2, 1)
    """
    digits = f"{abs(value):.15g}".replace(".", "").lstrip("0").rstrip("0")
    return max(1, len(digits.split("e")[0]))


def _rounds_to(shown: float, other: float) -> bool:
    """Whether ``other`` is ``shown`` rounded to ``other``'s significant figures.

    Only for a whole number ending in zeros (``1.8万亿`` stored as 18,000): a decimal such as
    1.0 % was stated to its tenth (the float lost the zero), so it is compared as it is.

    Examples
    --------
    >>> _rounds_to(17931.3, 18000.0), _rounds_to(1.2, 1.0), _rounds_to(16093.2, 15700.0)
    (True, False, False)
    """
    whole_tens = other == int(other) and int(other) % 10 == 0 and other != 0
    n = significant(other)
    return whole_tens and n < significant(shown) and float(f"{shown:.{n}g}") == other


def digits_of(value: float) -> int:
    """Decimals a value carries as published, at most two (float noise dropped).

    Parameters
    ----------
    value
        The number.

    Returns
    -------
    int
        0, 1 or 2.

    Examples
    --------
    >>> digits_of(16311.34), digits_of(16588.5), digits_of(18000.0), digits_of(4.899999999999999)
    (2, 1, 0, 1)
    """
    return min(2, decimals(value))  # the decimals the downloads count, capped for prose


def _plain(value: float, unit: str, lang: Lang, qualifier: str | None = None) -> str:
    """``4.9%``, ``16,588.5亿元`` / ``1.66 trillion yuan``: the value as published, its unit."""
    if unit == "%":  # growth with at least one decimal, as published: 1.0%
        return f"{nv.fmt(value, digits=max(1, digits_of(value)), qualifier=qualifier)}%"
    shown = nv.amount(value, unit, lang=lang, digits=digits_of(value))
    return f"{qualifier or ''}{shown}"


def _vintage(code: str, lang: Lang) -> str:
    """``published`` is the first published figure; others by their vintage label."""
    from analytics.reports.sources import vintage_label

    return t("revision.first", lang) if code == "published" else vintage_label(code, lang)


def revision_sentences(
    shown: pl.DataFrame,
    lang: Lang,
    *,
    what: str,
    unit: str,
    names: Mapping[str, str] | None = None,
    when: Callable[[str], str] | None = None,
    data_dir: Path | None = None,
) -> list[str]:
    """One sentence per shown value that has another vintage: the shown one and the others.

    Parameters
    ----------
    shown
        Store rows the report shows (as for :func:`other_vintages`).
    lang
        The page's language.
    what
        What the values are (``地区生产总值实际增速``).
    unit
        The unit as the page writes it (``%`` for growth, also for an index shown as growth).
    names
        Region code → name said before ``what`` (none: no name).
    when
        Period → words (none: the period as it is).
    data_dir
        The data folder holding ``processed/`` (None: the project's).

    Returns
    -------
    list[str]
        By region and period; empty when nothing shown has another vintage.

    Examples
    --------
    >>> from analytics.io import read_series
    >>> idx = read_series("gdp", regions="120000", measure="index_prev_year_100")
    >>> revision_sentences(idx.filter(pl.col("period") == "2024"), "en", what="real growth",
    ...     unit="%", names={"120000": "Tianjin"})  # doctest: +NORMALIZE_WHITESPACE
    ['Tianjin real growth, 2024: this report shows 4.9% (revised after the 5th economic census);
      first published (2025-02-11): 5.1%; preliminary: ≈4.7%.']
    """
    other = other_vintages(shown, data_dir=data_dir)
    out = []
    for (region, period), group in other.group_by(["region", "period"], maintain_order=True):
        first = group.row(0, named=True)
        others = t("revision.sep", lang).join(
            t(
                "revision.other",
                lang,
                vintage=_vintage(r["vintage"], lang),
                date=t("revision.other_date", lang, date=r["published"].isoformat())
                if r["published"] is not None
                else "",
                value=_plain(r["value"], unit, lang, r["qualifier"]),
            )
            for r in group.iter_rows(named=True)
        )
        out.append(
            t(
                "revision.shown",
                lang,
                name=(names or {}).get(str(region), ""),
                what=what,
                when=when(str(period)) if when else str(period),
                value=_plain(first["shown_value"], unit, lang),
                vintage=_vintage(first["shown_vintage"], lang),
                others=others,
            ).strip()
        )
    return out
