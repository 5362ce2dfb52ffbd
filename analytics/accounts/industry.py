"""Digital-economy accounts from industry tables (value added by GB/T 4754-2017 industry).

An industry table has one row per industry code and grouping (usually region × period) and one or
more value columns. Codes can be at any level; each is matched to the most specific concordance row
at or above it. A code whose *children* are listed in the concordance cannot be split and is
reported as ``too_coarse``; a table that lists a code together with one of its ancestors in the
same group would count the child twice and is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from analytics.accounts._resolve import CODE_STATUSES, DeLevel, mapping_at_level, resolve_codes
from analytics.accounts.classification import DE_MAJOR_CLASSES, read_de_taxonomy, read_gbt4754
from analytics.accounts.concordance import Concordance, read_concordance
from analytics.exceptions import DataValidationError, Problem

__all__ = ["IndustryAccounts", "classify_industry_table"]


@dataclass(frozen=True)
class IndustryAccounts:
    """Digital-economy values from an industry table.

    Parameters
    ----------
    table
        ``de_code, de_name, <by…>, <values…>, quality``, sorted by ``de_code`` and ``by``.
    codes
        ``code_status, rows, <values…>``: one row per status (classified, not_digital,
        too_coarse, unknown, invalid), unweighted sums; nothing is dropped silently.
    concordance_quality
        ``approximate`` or ``official``, from the concordance; default ``official``.
    """

    table: pl.DataFrame
    codes: pl.DataFrame
    concordance_quality: str = "official"

    def to_frame(self) -> pl.DataFrame:
        """Return the class table."""
        return self.table

    @property
    def quality(self) -> str:
        """``approximate`` when the concordance (or any row used) was approximate."""
        if self.concordance_quality == "approximate":
            return "approximate"
        return "approximate" if (self.table["quality"] == "approximate").any() else "official"


def classify_industry_table(
    table: pl.DataFrame,
    concordance: Concordance | None = None,
    *,
    values: Sequence[str] = ("value_added",),
    by: Sequence[str] = ("region", "period"),
    level: DeLevel = "major",
    name: str = "<industry table>",
) -> IndustryAccounts:
    """Map an industry table onto digital-economy classes and sum by class and ``by``.

    Parameters
    ----------
    table
        Columns ``industry_code``, ``by`` and ``values``.
    concordance
        Default: the shipped approximate concordance.
    values
        Value columns, multiplied by the coefficients and summed.
    by
        Grouping columns kept in the output.
    level
        ``major`` or ``as_given``.
    name
        How problems name the table.

    Examples
    --------
    >>> t = pl.DataFrame({"industry_code": ["39", "63", "65", "01"], "region": "000000",
    ...                   "period": "2023", "value_added": [10.0, 5.0, 7.0, 100.0]})
    >>> classify_industry_table(t).table.select("de_code", "value_added").rows()
    [('01', 10.0), ('03', 12.0)]
    """
    conc = concordance if concordance is not None else read_concordance()
    need = ["industry_code", *by, *values]
    missing = [c for c in need if c not in table.columns]
    if missing:
        raise DataValidationError(
            [
                Problem(name, 1, c, f"missing column `{c}`", f"the table needs {need}")
                for c in missing
            ]
        )
    frame = table.select(need).with_columns(pl.col("industry_code").cast(pl.Utf8).str.strip_chars())
    _check_nesting(frame, by=list(by), name=name)
    resolved = resolve_codes(frame["industry_code"], conc)
    statuses = frame.join(
        resolved.unique("industry_code"), on="industry_code", how="left", nulls_equal=True
    )
    codes = (
        statuses.group_by("code_status")
        .agg(pl.len().cast(pl.Int64).alias("rows"), *[pl.col(v).sum() for v in values])
        .join(pl.DataFrame({"code_status": CODE_STATUSES}), on="code_status", how="right")
        .with_columns(pl.col("rows").fill_null(0))
        .select("code_status", "rows", *values)
    )
    names = (
        dict(zip(*read_de_taxonomy().select("de_code", "de_name"), strict=True)) | DE_MAJOR_CLASSES
    )
    out = (
        frame.join(mapping_at_level(resolved, level=level), on="industry_code", how="inner")
        .group_by("de_code", *by)
        .agg(
            *[(pl.col(v) * pl.col("coefficient")).sum().alias(v) for v in values],
            pl.col("quality").min(),  # 'approximate' < 'official'
        )
        .with_columns(
            pl.col("de_code")
            .replace_strict(names, default=None, return_dtype=pl.Utf8)
            .alias("de_name")
        )
        .select("de_code", "de_name", *by, *values, "quality")
        .sort("de_code", *by)
    )
    return IndustryAccounts(table=out, codes=codes, concordance_quality=conc.quality)


def _check_nesting(frame: pl.DataFrame, *, by: list[str], name: str) -> None:
    gbt = read_gbt4754().select("code", "section", "division", "group")
    rows = frame.with_row_index("row").join(
        gbt, left_on="industry_code", right_on="code", how="inner"
    )
    ancestors = pl.concat(
        [
            rows.select("row", "industry_code", *by, pl.col(c).alias("ancestor"))
            for c in ("section", "division", "group")
        ]
    ).filter(pl.col("ancestor").is_not_null() & (pl.col("ancestor") != pl.col("industry_code")))
    present = frame.select(*by, pl.col("industry_code").alias("ancestor")).unique()
    clash = ancestors.join(present, on=[*by, "ancestor"], how="inner", nulls_equal=True).sort("row")
    if clash.height:
        raise DataValidationError(
            [
                Problem(
                    name,
                    int(row) + 2,
                    "industry_code",
                    f"`{code}` appears together with its parent `{parent}` in the same group, "
                    "so its value would be counted twice",
                    "keep one level per branch (drop the parent or the children)",
                )
                for row, code, parent in clash.select(
                    "row", "industry_code", "ancestor"
                ).iter_rows()
            ]
        )
