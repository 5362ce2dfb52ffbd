from __future__ import annotations

import polars as pl

from analytics.accounts import CORE_CLASSES, DE_MAJOR_CLASSES, read_de_taxonomy, read_gbt4754


def test_gbt_counts_match_the_data_readme() -> None:
    # data/README.md: 20 门类, 97 大类, 473 中类 and 1381 小类, 1971 rows in all
    gbt = read_gbt4754()
    assert gbt.height == 1971
    counts = dict(gbt.group_by("level").len().iter_rows())
    assert counts == {1: 20, 2: 97, 3: 473, 4: 1381}


def test_codes_keep_leading_zeros() -> None:
    gbt = read_gbt4754()
    assert gbt.filter(pl.col("code") == "0111")["name"].item() == "稻谷种植"
    assert gbt.filter(pl.col("code") == "3741")["level"].item() == 4  # the corrected row


def test_taxonomy_major_and_core() -> None:
    tax = read_de_taxonomy()
    majors = tax.filter(pl.col("level") == "major")
    assert dict(majors.select("de_code", "de_name").iter_rows()) == DE_MAJOR_CLASSES
    assert majors.filter(pl.col("core"))["de_code"].to_list() == list(CORE_CLASSES)
    assert tax.filter(pl.col("level") == "middle").height == 32
    assert tax.filter(pl.col("level") == "middle")["code_inferred"].all()
