"""Digital-economy accounting by the NBS 2021 classification (数字经济及其核心产业统计分类).

GB/T 4754-2017 industry data — industry value-added tables or firm registers with millions of
rows — are mapped onto the digital-economy classes through a concordance (codes at any level,
with share coefficients for partial correspondences), then summed by class, region and year —
from one file (:func:`aggregate_firms`) or, at national scale, from a folder of partitions, here
or on a Dask cluster (:func:`aggregate_register`).
The shipped concordance is approximate (divisions 39, 63, 64, 65); drop in the official one with
:func:`read_concordance`.

Examples
--------
>>> import polars as pl
>>> from analytics.accounts import aggregate_firms, generate_register
>>> acc = aggregate_firms(generate_register(2_000, seed=1))
>>> acc.synthetic, acc.quality
(True, 'approximate')
"""

from __future__ import annotations

from analytics.accounts._resolve import CODE_STATUSES, CodeStatus, DeLevel
from analytics.accounts.aggregate import (
    FIRM_COLUMNS,
    FirmAccounts,
    aggregate_firms,
    classify_firms,
    scan_firms,
)
from analytics.accounts.classification import (
    CORE_CLASSES,
    DE_MAJOR_CLASSES,
    GbtLevel,
    classification_dir,
    read_de_taxonomy,
    read_gbt4754,
)
from analytics.accounts.concordance import (
    CONCORDANCE_COLUMNS,
    Concordance,
    Quality,
    concordance_from_frame,
    default_concordance_path,
    read_concordance,
)
from analytics.accounts.industry import IndustryAccounts, classify_industry_table
from analytics.accounts.measures import (
    concentration,
    core_share_of_gdp,
    growth,
    hhi,
    structure,
    top_n_share,
)
from analytics.accounts.partitioned import (
    aggregate_register,
    partition_rows,
    register_partitions,
)
from analytics.accounts.synthetic import (
    BAD_CODES,
    PROVINCES,
    generate_register,
    region_rows,
    write_partitioned_register,
    write_synthetic_register,
)

__all__ = [
    "BAD_CODES",
    "CODE_STATUSES",
    "CONCORDANCE_COLUMNS",
    "CORE_CLASSES",
    "DE_MAJOR_CLASSES",
    "FIRM_COLUMNS",
    "PROVINCES",
    "CodeStatus",
    "Concordance",
    "DeLevel",
    "FirmAccounts",
    "GbtLevel",
    "IndustryAccounts",
    "Quality",
    "aggregate_firms",
    "aggregate_register",
    "classification_dir",
    "classify_firms",
    "classify_industry_table",
    "concentration",
    "concordance_from_frame",
    "core_share_of_gdp",
    "default_concordance_path",
    "generate_register",
    "growth",
    "hhi",
    "partition_rows",
    "read_concordance",
    "read_de_taxonomy",
    "read_gbt4754",
    "region_rows",
    "register_partitions",
    "scan_firms",
    "structure",
    "top_n_share",
    "write_partitioned_register",
    "write_synthetic_register",
]
