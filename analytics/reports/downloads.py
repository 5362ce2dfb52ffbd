"""What a chart's download carries besides its numbers: vintage, status, source, licence, precision.

A chart's frame holds what the chart draws (a region's name, a period, a value), not where each
value came from. Each row is looked up in the store: a row whose value equals exactly one stored
observation (same indicator, region and period where the frame has those columns) takes that
observation's vintage, status and source; a value the report computed (a share, a ratio, a
forecast, an index) or a plan's target matches none and gets no vintage or status — never a
guessed one. Its source is the one the chart's subtitle names.

**The source's precision** is known from the store: the most decimals among the stored values
the chart shows (values copied from the store keep theirs), and for a chart that shows none (every
value computed), the most decimals among the stored values of the sources its subtitle names
(:data:`SUBTITLE_SOURCES`). A stored value's decimals are counted at 15 significant digits (a
double's) and nine at most, so a unit conversion's binary noise (1.36万亿 →
13600.000000000002 亿) counts as none; a computed value is rounded to the chart's decimals.

Licences are the ones data/README.md and the raw folders' PROVENANCE.md record for each source
(:func:`licence`); a source with none recorded says so.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path

import polars as pl

from analytics._typing import Lang
from analytics.reports.messages import t

__all__ = [
    "FAMILY_URLS",
    "SUBTITLE_SOURCES",
    "decimals",
    "licence",
    "source_family",
    "store_provenance",
]

_NBS = "https://data.stats.gov.cn/"
FAMILY_URLS: Mapping[str, str] = {
    "nbs": _NBS,
    "nbs_portal": _NBS,
    "nbs_monthly": _NBS,
    "research": "https://github.com/airuimeng1/china-digital-economy-disparities",
    "rd_techme": "https://github.com/huhuaping/techme",
}
"""A source family's public address (the publisher's portal or the compilation's repository)."""

SUBTITLE_SOURCES: Mapping[str, tuple[str, ...]] = {
    "industry.source": ("nbs",),
    "infra.source": ("nbs_portal",),
    "infra.source_rd": ("rd_techme",),
    "monthly.source": ("nbs_monthly",),
    "de.index_source": ("research",),
    "de.int.source": ("research", "nbs"),
    "de.pp_source": ("research", "nbs"),
    "de.share_source": ("reference",),
    "de.caict_source": ("reference",),
    "source.published": ("reference",),
}
"""The message key of a chart's subtitle source → the source families it stands for."""

VALUE_DECIMALS = 9
"""At most this many decimals are counted in a stored value (beyond them: conversion noise)."""


def source_family(source: str) -> str:
    """The family of a store ``source`` id (its raw folder, or ``reference`` for figures.csv).

    Parameters
    ----------
    source
        The ``source`` column of an observation.

    Returns
    -------
    str
        ``nbs``, ``nbs_portal``, ``nbs_monthly``, ``research``, ``rd_techme``, ``reference``, or
        ``""`` for anything else.

    Examples
    --------
    >>> source_family("nbs_portal/x.csv"), source_family("reference/figures.csv:8")
    ('nbs_portal', 'reference')
    """
    for prefix, family in (
        ("nbs_portal/", "nbs_portal"),
        ("nbs_monthly/", "nbs_monthly"),
        ("nbs/", "nbs"),
        ("research", "research"),
        ("rd_techme", "rd_techme"),
        ("reference/", "reference"),
    ):
        if source.removeprefix("data/").startswith(prefix):
            return family
    return ""


def licence(families: Sequence[str], lang: Lang) -> str:
    """The licences recorded for ``families``, in words (``未记录许可`` for none recorded).

    Parameters
    ----------
    families
        Source families (:func:`source_family`); repeats and ``""`` are dropped.
    lang
        The reader's language.

    Returns
    -------
    str
        One phrase per family, joined by ``；`` / ``; ``.

    Examples
    --------
    >>> licence(["rd_techme"], "en")
    'S&T Statistical Yearbook data (via huhuaping/techme): MIT licence (© 2021 Hu Huaping)'
    >>> licence([""], "zh")
    '未记录许可'
    """
    known = [f for f in dict.fromkeys(families) if f]
    if not known:
        return t("dl.licence.unknown", lang)
    return t("dl.sep.licences", lang).join(t(f"dl.licence.{f}", lang) for f in known)


def decimals(value: float) -> int:
    """Decimals of ``value`` at 15 significant digits (a double's), at most :data:`VALUE_DECIMALS`.

    Parameters
    ----------
    value
        A number.

    Returns
    -------
    int
        ``0`` for a whole number.

    Examples
    --------
    >>> decimals(19.04), decimals(13600.000000000002), decimals(64160228.400000006)
    (2, 0, 1)
    >>> decimals(53.853390431234)
    9
    """
    from decimal import Decimal

    text = format(Decimal(f"{float(value):.15g}"), "f")  # a double's 15 significant digits
    places = len(text.split(".")[1].rstrip("0")) if "." in text else 0
    return min(places, VALUE_DECIMALS)


def decimals_of(values: pl.Series) -> pl.Series:
    """:func:`decimals` of each value, vectorised where a value's shortest text has ≤ 15 digits.

    A double's shortest round-trip text with at most 15 significant digits is the text of its 15
    significant digits (a double keeps 15 decimal digits exactly), so its decimals are counted on
    the text in polars; only the values with conversion noise (more digits, or an exponent) go
    through :func:`decimals` itself.

    Parameters
    ----------
    values
        A Float64 series without nulls.

    Returns
    -------
    pl.Series
        Int64, named like ``values``.

    Examples
    --------
    >>> values = [19.04, 13600.000000000002, 64160228.400000006, 53.853390431234, 1e-7, 3.0]
    >>> decimals_of(pl.Series("v", values)).to_list()
    [2, 0, 1, 9, 7, 0]
    >>> [decimals(v) for v in values]
    [2, 0, 1, 9, 7, 0]
    """
    text = pl.col("v").cast(pl.Utf8).str.strip_chars_start("-")
    parts = text.str.split_exact(".", 1)
    frac = parts.struct[1].fill_null("").str.strip_chars_end("0")
    digits = (parts.struct[0] + frac).str.strip_chars_start("0").str.len_chars()
    counted = pl.DataFrame({"v": values}).select(
        fast=~text.str.contains("e", literal=True) & (digits <= 15),
        n=pl.min_horizontal(frac.str.len_chars().cast(pl.Int64), pl.lit(VALUE_DECIMALS)),
    )
    slow = counted["fast"].not_().arg_true()
    out = counted["n"].scatter(slow, values.gather(slow).map_elements(decimals, pl.Int64))
    return out.alias(values.name)


@functools.lru_cache(maxsize=4)
def _store(path: str, version: tuple[int, int, int]) -> pl.DataFrame:
    """The store's observations with a rounded value and its decimals (once per file version)."""
    from analytics.io.store import _read_version

    cols = ["indicator", "region", "period", "value", "vintage", "status", "source"]
    frame = _read_version(path, version).select(cols).filter(pl.col("value").is_not_null())
    return frame.with_columns(
        pl.col("value").round(VALUE_DECIMALS).alias("_v"),
        decimals_of(frame["value"]).alias("_decimals"),
        pl.col("source").map_elements(source_family, return_dtype=pl.Utf8).alias("_family"),
    )


_Version = tuple[str, tuple[int, int, int]]


def _version(data_dir: Path | None) -> _Version | None:
    """The store file and its version (inode, mtime, size): the key of what is cached of it."""
    from analytics.io._paths import store_path
    from analytics.io.store import file_version

    path = store_path(data_dir) / "observations.parquet"
    try:
        return str(path), file_version(path)
    except OSError:
        return None


@functools.lru_cache(maxsize=8)
def _parts(path: str, version: tuple[int, int, int], by: str) -> dict[str, pl.DataFrame]:
    """:func:`_store` split by ``by`` (region or indicator).

    A chart's rows are looked up among the observations of their own regions (or indicators).
    """
    parts = _store(path, version).partition_by(by, as_dict=True)
    return {str(k[0]): v for k, v in parts.items()}


def _candidates(version: _Version, data: pl.DataFrame, by: str, region: str | None) -> pl.DataFrame:
    """The stored observations a chart's rows can match: those of its regions (or indicators)."""
    parts = _parts(*version, by)
    wanted = data[by].cast(pl.Utf8).unique().to_list() if by in data.columns else [region]
    found = [parts[w] for w in wanted if w in parts]
    return pl.concat(found) if found else _store(*version).clear()


def _family_decimals(store: pl.DataFrame, families: Sequence[str]) -> int | None:
    found = store.filter(pl.col("_family").is_in(list(families)))["_decimals"].max()
    return None if found is None else int(found)  # type: ignore[arg-type]


def store_provenance(
    data: pl.DataFrame,
    families: Sequence[str],
    *,
    data_dir: Path | None = None,
    region: str | None = None,
) -> tuple[pl.DataFrame, int | None]:
    """Each row's stored vintage, status and source, and the chart's decimals.

    Parameters
    ----------
    data
        A chart's frame; its ``value`` column is looked up (with ``indicator``, ``region`` and
        ``period`` where it has them).
    families
        The families the chart's subtitle names (the precision of a chart of computed values).
    data_dir
        The data folder holding processed/ (None: the project's).
    region
        The region a frame without a ``region`` column is of (the report's); without either,
        nothing is looked up (a bare value could equal any region's).

    Returns
    -------
    tuple
        ``data`` with ``_vintage``, ``_status`` and ``_source`` (null where no single stored
        observation matches), and the most decimals a number may have (None: no store, or
        nothing to tell it by).

    Examples
    --------
    >>> df = pl.DataFrame({"region": ["120000"], "period": ["2022"], "value": [16588.5]})
    >>> out, places = store_provenance(df, ["nbs"])
    >>> out["_vintage"].item(), places
    ('nbs_revised_5th_census', 1)
    """
    version = _version(data_dir)
    if version is None or "value" not in data.columns or data.height == 0:
        return _unmatched(data), None
    store = _store(*version)
    rows, keys = _lookup_rows(data, region)
    if not {"indicator", "region"} & set(keys):  # a value could equal any region's: no guess
        return _unmatched(data), _family_decimals(store, [f for f in families if f])
    looked_up = ["_v", *keys, "vintage", "status", "source", "_decimals"]
    cand = _candidates(version, data, "region" if "region" in keys else "indicator", region)
    one = (
        rows.select("_row", "_v", *keys)
        .join(cand.lazy().select(looked_up), on=["_v", *keys], how="inner")
        .group_by("_row")
        .agg(
            pl.struct("vintage", "status", "source").n_unique().alias("_n"),
            pl.col("vintage").first().alias("_vintage"),
            pl.col("status").first().alias("_status"),
            pl.col("source").first().alias("_source"),
            pl.col("_decimals").max(),
        )
        .filter(pl.col("_n") == 1)
        .drop("_n")
    )
    # a few dozen rows: polars's in-memory engine (the default picks streaming, 4× slower here)
    out = rows.join(one, on="_row", how="left").sort("_row").collect(engine="in-memory")
    places = out["_decimals"].max()  # the most decimals of a row matched once
    if places is None:
        fam = _family_decimals(store, [f for f in families if f])
        return out.select(*data.columns, *_ADDED), fam
    return out.select(*data.columns, *_ADDED), int(places)  # type: ignore[arg-type]


def _unmatched(data: pl.DataFrame) -> pl.DataFrame:
    return data.with_columns(pl.lit(None, pl.Utf8).alias(c) for c in _ADDED)


def _lookup_rows(data: pl.DataFrame, region: str | None) -> tuple[pl.LazyFrame, list[str]]:
    """The chart's rows as the store is looked up by: a row index, the rounded value, the keys."""
    rows = data.lazy().with_row_index("_row")
    names = set(data.columns)
    if "period" not in names and "year" in names:  # a plan's years
        rows = rows.with_columns(pl.col("year").cast(pl.Utf8).alias("period"))
        names.add("period")
    if "region" not in names and region:  # a chart of the report's own region
        rows = rows.with_columns(pl.lit(region).alias("region"))
        names.add("region")
    keys: list[str] = [c for c in ("indicator", "region", "period") if c in names]
    rows = rows.with_columns(
        pl.col("value").cast(pl.Float64).round(VALUE_DECIMALS).alias("_v"),
        *(pl.col(k).cast(pl.Utf8) for k in keys),
    )
    return rows, keys


_ADDED = ("_vintage", "_status", "_source")
