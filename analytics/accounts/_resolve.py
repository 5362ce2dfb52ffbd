"""Resolve distinct industry codes against a concordance (small frames, eager).

Used by both the firm-microdata path and the industry-table path: the big data is reduced to
its distinct codes first, so the prefix matching below runs on at most a few thousand rows.
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from analytics.accounts.classification import read_gbt4754
from analytics.accounts.concordance import Concordance

CodeStatus = Literal["classified", "not_digital", "too_coarse", "unknown", "invalid"]
"""What became of an industry code: matched to a digital-economy class; a valid code outside
the concordance; a valid code coarser than the concordance (its children are listed, so its value
cannot be split); well-formed but not in GB/T 4754-2017 (``9999``); malformed (``ABCD``, empty)."""

DeLevel = Literal["major", "as_given"]
"""Aggregate to the five major classes, or keep the concordance's own ``de_code``."""

CODE_STATUSES: tuple[str, ...] = ("classified", "not_digital", "too_coarse", "unknown", "invalid")

_WELL_FORMED = r"^([A-T]|\d{2}|\d{3}|\d{4})$"


def resolve_codes(codes: pl.Series, concordance: Concordance) -> pl.DataFrame:
    """Map each distinct code to its concordance rows (longest prefix) and a status.

    Returns ``industry_code, code_status, de_code, coefficient, quality``: one row per
    (code, class) match, and one row with null ``de_code`` for a code that matches nothing.
    """
    gbt = read_gbt4754().select("code", "level", "section", "division", "group")
    distinct = pl.DataFrame({"industry_code": codes.cast(pl.Utf8)}).unique()
    known = distinct.join(gbt, left_on="industry_code", right_on="code", how="inner")
    # every (code, ancestor-or-self) pair, with the ancestor's level: 1 section … 4 class
    candidates = pl.concat(
        [
            known.select("industry_code", pl.col(col).alias("candidate"), pl.lit(lvl).alias("lvl"))
            for col, lvl in (("section", 1), ("division", 2), ("group", 3), ("industry_code", 4))
        ]
    ).filter(pl.col("candidate").is_not_null() & (pl.col("candidate") != ""))
    conc = concordance.table.select("gbt4754_code", "de_code", "coefficient", "quality")
    matched = (
        candidates.join(conc, left_on="candidate", right_on="gbt4754_code", how="inner")
        .filter(pl.col("lvl") == pl.col("lvl").max().over("industry_code"))
        .select("industry_code", "de_code", "coefficient", "quality")
    )
    # codes with a listed descendant cannot be split: too coarse for this concordance
    listed = gbt.join(conc.select("gbt4754_code").unique(), left_on="code", right_on="gbt4754_code")
    listed_ancestors = pl.concat(
        [listed.select(pl.col(c).alias("industry_code")) for c in ("section", "division", "group")]
    ).unique()
    status = distinct.select(
        "industry_code",
        pl.when(pl.col("industry_code").is_in(matched["industry_code"].implode()))
        .then(pl.lit("classified"))
        .when(pl.col("industry_code").is_in(listed_ancestors["industry_code"].implode()))
        .then(pl.lit("too_coarse"))
        .when(pl.col("industry_code").is_in(gbt["code"].implode()))
        .then(pl.lit("not_digital"))
        .when(pl.col("industry_code").str.contains(_WELL_FORMED).fill_null(value=False))
        .then(pl.lit("unknown"))
        .otherwise(pl.lit("invalid"))
        .alias("code_status"),
    )
    return status.join(matched, on="industry_code", how="left", nulls_equal=True).select(
        "industry_code", "code_status", "de_code", "coefficient", "quality"
    )


def mapping_at_level(resolved: pl.DataFrame, *, level: DeLevel) -> pl.DataFrame:
    """One row per (code, class) at ``level``; shares within one major class add up."""
    mapping = resolved.filter(pl.col("de_code").is_not_null())
    if level == "major":
        mapping = mapping.group_by("industry_code", pl.col("de_code").str.slice(0, 2)).agg(
            pl.col("coefficient").sum(),
            pl.col("quality").min(),  # 'approximate' < 'official'
        )
    return mapping.select("industry_code", "de_code", "coefficient", "quality")
