"""The two classifications behind digital-economy accounting, as data.

- GB/T 4754-2017 《国民经济行业分类》: all four levels (20 门类, 97 大类, 473 中类, 1381 小类).
- NBS 《数字经济及其核心产业统计分类(2021)》: the 5 major classes (大类) and the 32 middle
  classes (中类) known to us. The middle-class codes are *inferred* from listing order (see
  ``data/catalog/classification/PROVENANCE.md``); ``code_inferred`` says so per row.

Both ship in ``data/catalog/classification/`` and are read with every code as a string, so
leading zeros survive (``01``, ``011``, ``0111``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import polars as pl

from analytics.config import catalog_dir

__all__ = [
    "CORE_CLASSES",
    "DE_MAJOR_CLASSES",
    "GbtLevel",
    "classification_dir",
    "read_de_taxonomy",
    "read_gbt4754",
]

GbtLevel = Literal["section", "division", "group", "class"]
"""GB/T 4754-2017 levels: 门类 (letter), 大类 (2 digits), 中类 (3 digits), 小类 (4 digits)."""

DE_MAJOR_CLASSES: dict[str, str] = {
    "01": "数字产品制造业",
    "02": "数字产品服务业",
    "03": "数字技术应用业",
    "04": "数字要素驱动业",
    "05": "数字化效率提升业",
}
"""The five major classes of the NBS 2021 classification."""

CORE_CLASSES: tuple[str, ...] = ("01", "02", "03", "04")
"""Major classes 01–04 make up the digital-economy core industries (数字产业化)."""

_LEVEL_NAMES: dict[int, GbtLevel] = {1: "section", 2: "division", 3: "group", 4: "class"}


def classification_dir() -> Path:
    """``data/catalog/classification``, where the code lists and concordances ship.

    Examples
    --------
    >>> (classification_dir() / "gbt4754_2017.csv").exists()
    True
    """
    return catalog_dir() / "classification"


@lru_cache(maxsize=4)
def _read_gbt(path: Path) -> pl.DataFrame:
    frame = pl.read_csv(path, infer_schema=False)
    return frame.with_columns(
        pl.col("level").cast(pl.Int8),
        pl.col("level")
        .cast(pl.Int8)
        .replace_strict(_LEVEL_NAMES, return_dtype=pl.Utf8)
        .alias("level_name"),
    )


def read_gbt4754(*, path: Path | None = None) -> pl.DataFrame:
    """Read the GB/T 4754-2017 code list, one row per code, all four levels.

    Parameters
    ----------
    path
        Another copy of the list (same columns); default: the one in the catalog.

    Returns
    -------
    polars.DataFrame
        ``code, level (1–4), name, section, division, group, note, level_name``; codes are
        strings.

    Examples
    --------
    >>> gbt = read_gbt4754()
    >>> gbt.group_by("level_name").len().sort("level_name").rows()
    [('class', 1381), ('division', 97), ('group', 473), ('section', 20)]
    >>> gbt.filter(pl.col("code") == "6513")["name"].item()
    '应用软件开发'
    """
    return _read_gbt((path or classification_dir() / "gbt4754_2017.csv").resolve())


def read_de_taxonomy(*, path: Path | None = None) -> pl.DataFrame:
    """Read the NBS 2021 digital-economy taxonomy: major and (inferred) middle classes.

    Parameters
    ----------
    path
        Another copy of the taxonomy; default: ``nbs_digital_economy_2021_partial.csv``.

    Returns
    -------
    polars.DataFrame
        ``de_code, de_name, level ('major' | 'middle'), major, core, code_inferred``.

    Examples
    --------
    >>> tax = read_de_taxonomy()
    >>> tax.filter(pl.col("level") == "major").select("de_code", "core").rows()[:2]
    [('01', True), ('02', True)]
    >>> tax.height
    37
    """
    source = path or classification_dir() / "nbs_digital_economy_2021_partial.csv"
    raw = pl.read_csv(source, infer_schema=False)
    return raw.select(
        "de_code",
        "de_name",
        pl.when(pl.col("de_code").str.len_chars() == 2)
        .then(pl.lit("major"))
        .otherwise(pl.lit("middle"))
        .alias("level"),
        pl.col("de_code").str.slice(0, 2).alias("major"),
        pl.col("de_code").str.slice(0, 2).is_in(list(CORE_CLASSES)).alias("core"),
        pl.col("level").str.contains("inferred").alias("code_inferred"),
    )
