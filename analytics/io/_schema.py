from __future__ import annotations

import polars as pl

OBS_SCHEMA: dict[str, type[pl.DataType] | pl.DataType] = {
    "indicator": pl.Utf8,
    "region": pl.Utf8,
    "period": pl.Utf8,
    "period_basis": pl.Utf8,
    "published": pl.Date,
    "value": pl.Float64,
    "unit": pl.Utf8,
    "measure": pl.Utf8,
    "price_basis": pl.Utf8,
    "status": pl.Utf8,
    "vintage": pl.Utf8,
    "source": pl.Utf8,
    "qualifier": pl.Utf8,
}
"""``period`` is the period the value *measures*; ``period_basis`` says how sure that is
(``stated`` by the source, or ``inferred``, e.g. "likely end-2023 stock", shown as such) and
``published`` the date it was published or stated (null where the source gives none, e.g. an NBS
export). ``qualifier`` keeps a published bound beside its value: ``>`` (超过), ``≥`` (以上), ``≈``
(约); null for an exact figure. "30%以上" is value 30 with qualifier ``≥``, never plain 30."""
QUALIFIERS = (">", "≥", "≈")
KEY = ("indicator", "region", "period", "measure", "vintage")
STATUSES = (
    "ok",
    "preliminary",
    "revised",
    "below_unit",
    "not_applicable",
    "unknown",
    "lower_bound",
    "approximate",
    "of_which",
    "footnote",
)
SOURCE_SCHEMA: dict[str, type[pl.DataType] | pl.DataType] = {
    "id": pl.Utf8,
    "kind": pl.Utf8,
    "title": pl.Utf8,
    "where": pl.Utf8,
    "quote": pl.Utf8,
    "publisher": pl.Utf8,
    "sha256": pl.Utf8,
}
VINTAGE_RANK: tuple[str, ...] = (
    "nbs_revised_5th_census",
    "nbs_5th_census",
    "nbs_portal",
    "nbs_export",
    "research_panel_2013_2022",
    "st_yearbook",
    "published",
    "miit_gigabit_city_eval",
    "cited_by_chongqing_ca",
    "preliminary",
)
"""Vintages from the most to the least authoritative revision; a query picks the first present."""


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """Columns of the observation model, in order, with their dtypes (absent ones null).

    A period whose basis is not given is the one its source states.
    """
    basis = pl.col("period_basis") if "period_basis" in frame.columns else pl.lit(None)
    present = {**{c: pl.col(c) for c in frame.columns}, "period_basis": basis.fill_null("stated")}
    return frame.select(
        [present.get(c, pl.lit(None)).cast(t).alias(c) for c, t in OBS_SCHEMA.items()]
    )
