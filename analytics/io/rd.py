"""Importer for R&D spending and intensity by province (``data/raw/rd_techme/``).

The long CSV holds the China S&T Statistical Yearbook tables as compiled by the R package
``huhuaping/techme`` (MIT licence; see the folder's PROVENANCE.md). The store takes the
``RDIntense`` rows: R&D spending (``RD经费``, 亿元) → ``rd_spending`` and R&D intensity
(``RD强度``, % of GDP) → ``rd_intensity``, vintage ``st_yearbook``. The intensities are on the GDP
*as originally published* (before the 5th-census revision) and are stored as published, never
recomputed.

Examples
--------
>>> obs = read_rd_intensity(RD_DIR / RD_FILE)
>>> tj = obs.filter((pl.col("region") == "120000") & (pl.col("period") == "2023"))
>>> tj.sort("indicator").select("indicator", "value").rows()
[('rd_intensity', 3.58), ('rd_spending', 599.2)]
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analytics.exceptions import DataValidationError, Problem
from analytics.io._safe import require_input
from analytics.io.validate import validate_values

__all__ = ["RD_DIR", "RD_FILE", "RD_INDICATORS", "rd_observations", "read_rd_intensity"]

RD_DIR = Path(__file__).resolve().parents[2] / "data" / "raw" / "rd_techme"
"""Where the R&D files and their provenance are stored."""

RD_FILE = "rd_china_st_yearbook_long.csv"
"""The long CSV the store reads."""

RD_INDICATORS: dict[tuple[str, str], tuple[str, str]] = {
    ("RD经费", "亿元"): ("rd_spending", "level"),
    ("RD强度", "%"): ("rd_intensity", "share_pct"),
}
"""(``chn_block4``, ``units``) of an ``RDIntense`` row → (catalog id, measure)."""

_COLUMNS = ("dataset", "province_norm", "year", "chn_block4", "value", "units")
_SOURCE = "rd_techme/" + RD_FILE


def _regions(path: Path, frame: pl.DataFrame) -> pl.Series:
    from analytics.catalog import resolve_region
    from analytics.exceptions import CatalogError

    names = frame["province_norm"].unique().to_list()
    codes, problems = {}, []
    for name in names:
        try:
            codes[name] = resolve_region(name)
        except CatalogError as err:
            line = frame.filter(pl.col("province_norm") == name)["line"][0]
            problems.append(Problem(path, line, 3, str(err), "use a province name in regions.csv"))
    if problems:
        raise DataValidationError(problems)
    return frame["province_norm"].replace_strict(codes)


def read_rd_intensity(path: Path) -> pl.DataFrame:
    """Read the ``RDIntense`` rows of the techme long CSV as store observations.

    Parameters
    ----------
    path
        ``rd_china_st_yearbook_long.csv``.

    Returns
    -------
    polars.DataFrame
        ``indicator, region, period, value, unit, measure, status, vintage, source`` and the
        ``line`` of each value in the file.

    Raises
    ------
    DataValidationError
        A missing column, an unknown province, or a value that is not a finite number (or is out
        of its unit's bounds), located as ``file:line:column``.

    Examples
    --------
    >>> obs = read_rd_intensity(RD_DIR / RD_FILE)
    >>> obs.filter(pl.col("region") == "000000").height
    26
    """
    require_input(path)
    frame = pl.read_csv(path, infer_schema=False, encoding="utf8").with_row_index("line", offset=2)
    missing = [c for c in _COLUMNS if c not in frame.columns]
    if missing:
        raise DataValidationError(
            [Problem(path, 1, 1, f"missing columns {missing}", f"expected columns {_COLUMNS}")]
        )
    key = pl.concat_str("chn_block4", "units", separator="\x1f")
    mapping = {f"{b}\x1f{u}": v for (b, u), v in RD_INDICATORS.items()}
    rows = frame.filter((pl.col("dataset") == "RDIntense") & key.is_in(list(mapping)))
    rows = rows.with_columns(
        key.replace_strict({k: v[0] for k, v in mapping.items()}).alias("indicator"),
        key.replace_strict({k: v[1] for k, v in mapping.items()}).alias("measure"),
        pl.col("value").str.strip_chars().cast(pl.Float64, strict=False).alias("number"),
        pl.col("line").cast(pl.Int64),
        pl.lit(6).alias("column"),
    )
    bad = rows.filter(pl.col("number").is_null() | ~pl.col("number").is_finite())
    problems = [
        Problem(
            path,
            line,
            6,
            f"value {text!r} is not a finite number",
            "expected a decimal number such as 599.2",
        )
        for line, text in bad.select("line", "value").head(20).rows()
    ]
    if problems:
        raise DataValidationError(problems)
    obs = rows.with_columns(
        _regions(path, rows).alias("region"),
        pl.col("year").alias("period"),
        pl.col("number").alias("value"),
        pl.col("units").alias("unit"),
        pl.lit("ok").alias("status"),
        pl.lit("st_yearbook").alias("vintage"),
        pl.lit(_SOURCE).alias("source"),
    ).select(
        "indicator",
        "region",
        "period",
        "value",
        "unit",
        "measure",
        "status",
        "vintage",
        "source",
        "line",
        "column",
    )
    problems = validate_values(obs, file=path, line="line", column="column")
    if problems:
        raise DataValidationError(problems)
    return obs


def rd_observations(folder: Path) -> tuple[pl.DataFrame, list[dict[str, str]]]:
    """The R&D observations and their source entry, or an empty frame when the file is absent.

    Parameters
    ----------
    folder
        The folder holding :data:`RD_FILE` (``data/raw/rd_techme``).

    Returns
    -------
    tuple[polars.DataFrame, list[dict[str, str]]]
        The observations of :func:`read_rd_intensity` without ``line`` and ``column``, and the
        one source entry (``id, kind, title, where, quote, publisher, sha256``); ``(empty frame,
        [])`` when the file is absent.

    Raises
    ------
    DataValidationError
        When the file is present but a row is refused.

    Examples
    --------
    >>> obs, sources = rd_observations(RD_DIR)
    >>> sorted(obs["indicator"].unique()), sources[0]["id"]
    (['rd_intensity', 'rd_spending'], 'rd_techme/rd_china_st_yearbook_long.csv')
    """
    path = folder / RD_FILE
    if not path.exists():
        return pl.DataFrame(), []
    source = {
        "id": _SOURCE,
        "kind": "st_yearbook",
        "title": "中国科技统计年鉴 R&D经费与R&D强度（分省），经 huhuaping/techme 整理 (MIT)",
        "where": "data/raw/rd_techme/" + RD_FILE,
        "quote": "RDIntense: RD经费 (亿元), RD强度 (%); 强度按初次公布的GDP计算",
        "publisher": "国家统计局、科学技术部 (China S&T Statistical Yearbook)",
        "sha256": "",
    }
    return read_rd_intensity(path).drop("line", "column"), [source]
