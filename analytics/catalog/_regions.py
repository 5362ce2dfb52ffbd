from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl

from analytics.config import catalog_dir
from analytics.exceptions import CatalogError, did_you_mean

CHINA = "000000"


@cache
def _load(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, schema_overrides={"code": pl.Utf8}).with_columns(
        pl.col("variants").fill_null("")
    )


@cache
def _lookup(path: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    for row in _load(path).iter_rows(named=True):
        names = [row["code"], row["name_zh"], row["short_zh"], row["name_en"]]
        names += [v for v in row["variants"].split("|") if v]
        for name in names:
            table[name.strip().casefold()] = row["code"]
    return table


@cache
def _names(path: Path) -> dict[str, tuple[str, str, str]]:
    """Code → (short Chinese, full Chinese, English) name, read once per file."""
    cols = _load(path).select("code", "short_zh", "name_zh", "name_en")
    return {code: (short, full, en) for code, short, full, en in cols.iter_rows()}


def regions(*, path: Path | None = None) -> pl.DataFrame:
    """The region catalog: 31 provinces and China with GB/T 2260 codes and names.

    Columns ``code``, ``name_zh``, ``short_zh``, ``name_en``, ``variants``.

    Parameters
    ----------
    path : Path or None
        Another CSV of the same columns; None (the default) reads ``regions.csv`` of
        :func:`~analytics.config.catalog_dir`. Each file is read once and cached.

    Examples
    --------
    >>> r = regions()
    >>> r.height, r.filter(pl.col("code") == "120000")["name_en"].item()
    (32, 'Tianjin')
    """
    return _load(path or catalog_dir() / "regions.csv")


def resolve_region(name: str, *, path: Path | None = None) -> str:
    """The GB/T 2260 code of a region given by code or any known name.

    Parameters
    ----------
    name : str
        A code, Chinese full or short name, English name or listed variant; matched after
        trimming spaces, ignoring case.
    path : Path or None
        The region catalog to look in; None (the default) uses the catalog's ``regions.csv``.

    Raises
    ------
    CatalogError
        When no region has that name; the message suggests the closest one.

    Examples
    --------
    >>> resolve_region("天津"), resolve_region("天津市"), resolve_region("Tianjin")
    ('120000', '120000', '120000')
    >>> resolve_region("天京市")
    Traceback (most recent call last):
    ...
    analytics.exceptions.CatalogError: unknown region `天京市` — did you mean `天津市`?
    """
    table = _lookup(path or catalog_dir() / "regions.csv")
    key = str(name).strip().casefold()
    if key in table:
        return table[key]
    hint = did_you_mean(key, table, otherwise=" (expected a GB/T 2260 code or a name)", cutoff=0.5)
    raise CatalogError(f"unknown region `{name}`{hint}")


def region_name(code: str, lang: str = "zh", *, short: bool = True) -> str:
    """The display name of a region code.

    Parameters
    ----------
    code : str
        A GB/T 2260 code of the region catalog, e.g. ``"120000"``.
    lang : str
        ``"en"`` for the English name; any other value gives the Chinese name.
    short : bool
        For a Chinese name, the short form (``天津``, the default) or the full one (``天津市``).

    Raises
    ------
    CatalogError
        When the code is not in the region catalog.

    Examples
    --------
    >>> region_name("120000"), region_name("120000", "en"), region_name("000000")
    ('天津', 'Tianjin', '全国')
    """
    names = _names(catalog_dir() / "regions.csv").get(code)
    if names is None:
        raise CatalogError(f"unknown region code `{code}`")
    if lang == "en":
        return names[2]
    return names[0] if short else names[1]
