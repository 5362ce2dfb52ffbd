"""Reader for the research panel of 22 digital-economy indicators (31 provinces, 2013–2022).

The panel (``data/raw/research/``, see its PROVENANCE.md) comes as three workbooks:

- ``panel_data.xlsx`` (``kind="panel"``, the default): one header row ``year, id, province,
  x1…x22``, 310 complete rows after interpolation; values carry float noise
  (1665.37000000011), rounded here to 9 decimals.
- ``original_data.xlsx`` (``kind="original"``): the raw indicators before interpolation,
  2013–2023, with a three-row header (category, sub-category, name with unit) and the two inputs
  of x18 beside it. Blank cells are unknown: null value, status ``unknown``.
- ``interpolation_processing.xlsx`` (``kind="interpolated"``): the same layout, 2013–2022.

Values are returned in the observation model, one row per province × year × indicator, with
catalog ids ``rp_*`` (``data/catalog/indicators_research.yaml``).

Examples
--------
>>> obs = read_research_panel()
>>> obs.height, obs["region"].n_unique(), sorted(obs["period"].unique())[:2]
(6820, 31, ['2013', '2014'])
>>> obs.filter((pl.col("indicator") == "rp_optical_cable") & (pl.col("region") == "120000")
...            & (pl.col("period") == "2013"))["value"].item() > 0
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import polars as pl

from analytics.config import raw_dir
from analytics.exceptions import DataValidationError, Problem
from analytics.io._safe import check_input
from analytics.io._schema import conform
from analytics.io.validate import check_excel_archive, validate_values

__all__ = ["RESEARCH_INDICATORS", "ResearchKind", "read_research_panel"]

ResearchKind = Literal["panel", "original", "interpolated"]

RESEARCH_INDICATORS: tuple[tuple[str, str, str], ...] = (
    ("rp_optical_cable", "公里", "km"),
    ("rp_broadband_ports", "万个", "10k ports"),
    ("rp_mobile_base_stations", "万个", "10k stations"),
    ("rp_domain_names", "万个", "10k domain names"),
    ("rp_ipv4_addresses", "万个", "10k addresses"),
    ("rp_websites", "万个", "10k websites"),
    ("rp_software_revenue", "亿元", "100 million yuan"),
    ("rp_telecom_revenue", "亿元", "100 million yuan"),
    ("rp_websites_per_100_firms", "个/百家企业", "websites per 100 enterprises"),
    ("rp_ecommerce_firm_share", "%", "%"),
    ("rp_ecommerce_sales", "亿元", "100 million yuan"),
    ("rp_computers_per_100", "台/百人", "computers per 100 people"),
    ("rp_mobile_internet_users", "万户", "10k households"),
    ("rp_mobile_subscribers", "万户", "10k households"),
    ("rp_digital_tv_subscribers", "万户", "10k households"),
    ("rp_digital_finance_index", "指数", "index"),
    ("rp_digital_real_integration", "指数", "index"),
    ("rp_it_employment_share", "%", "%"),
    ("rp_bachelor_graduates", "人", "persons"),
    ("rp_rd_personnel_fte", "人年", "person-years"),
    ("rp_rd_institutions", "个", "units"),
    ("rp_patent_grants", "件", "units"),
)
"""(catalog id, unit, unit in English) of x1…x22, in column order."""

_FILES: dict[str, str] = {
    "panel": "panel_data.xlsx",
    "original": "original_data.xlsx",
    "interpolated": "interpolation_processing.xlsx",
}
# 0-based sheet columns of x1…x22 in the three-row-header workbooks: x18 (col 22) follows its
# two inputs (cols 20, 21).
_WIDE_COLUMNS: tuple[int, ...] = (*range(3, 20), 22, 23, 24, 25, 26)
_N_PROVINCES = 31
VINTAGE = "research_panel_2013_2022"
VINTAGE_ORIGINAL = "research_panel_original"


def _problem(path: Path, row: int, column: int | str, message: str, hint: str) -> Problem:
    return Problem(path, row, column, message, hint)


def _read_sheet(path: Path) -> pl.DataFrame:
    """The first sheet as text cells; a missing, corrupt, empty or oversized workbook refused."""
    problem = check_input(path) or check_excel_archive(path)
    if problem is None:
        try:
            raw = pl.read_excel(
                path, engine="calamine", has_header=False, read_options={"header_row": None}
            )
        except Exception as err:  # calamine raises its own types for broken sheets
            reason = str(err).strip().splitlines()[0][:200] if str(err).strip() else "unreadable"
            problem = Problem(path, 0, 0, f"cannot read the workbook: {reason}", "re-export it")
        else:
            if raw.height == 0 or raw.width < 3:
                problem = Problem(path, 1, 1, "the first sheet is empty", "expected the panel")
    if problem is not None:
        raise DataValidationError([problem])
    return raw.select([pl.col(c).cast(pl.Utf8) for c in raw.columns])


def read_research_panel(
    path: str | Path | None = None, *, kind: ResearchKind = "panel"
) -> pl.DataFrame:
    """Read one workbook of the research panel into the observation model.

    Parameters
    ----------
    path
        The workbook; default ``data/raw/research/<file of kind>``.
    kind
        ``panel`` (interpolated, complete, 2013–2022), ``original`` (before interpolation,
        2013–2023, blanks unknown) or ``interpolated`` (the three-header interpolated sheet).

    Raises
    ------
    DataValidationError
        Every problem found (bad id or year, duplicates, not 31 provinces in a year, text in a
        number cell), as ``file:row:column``.
    """
    if kind not in _FILES:
        raise DataValidationError(
            [Problem(str(path), 0, 0, f"unknown kind `{kind}`", f"use one of {tuple(_FILES)}")]
        )
    p = Path(path) if path is not None else raw_dir() / "research" / _FILES[kind]
    raw = _read_sheet(p)
    columns = _value_columns(raw, kind, p)
    base = _base(raw, 1 if kind == "panel" else 3, columns)
    ids = [k for k, _, _ in RESEARCH_INDICATORS]
    long = base.unpivot(
        index=["_row", "year_text", "region"], on=ids, variable_name="indicator", value_name="text"
    ).with_columns(pl.col("text").cast(pl.Float64, strict=False).alias("value"))
    col_of = {k: c + 1 for c, k in zip(columns, ids, strict=True)}
    problems = _id_problems(base, p) + _cell_problems(long, col_of, p, kind)
    if not problems:
        located = long.with_columns(
            pl.lit("level").alias("measure"),
            pl.col("indicator").replace_strict(col_of, return_dtype=pl.Int64).alias("col"),
        )
        problems += validate_values(located, file=p, line="_row", region_column=2, raw="text")
    problems = problems or _shape_problems(base, p)
    if problems:
        raise DataValidationError(problems)
    return _observations(long, kind)


def _value_columns(raw: pl.DataFrame, kind: ResearchKind, p: Path) -> tuple[int, ...]:
    """The sheet columns holding x1…x22, after checking the header; raises when it is not."""
    if kind == "panel":
        header = [str(v) for v in raw.row(0)]
        expected = ["year", "id", "province"] + [f"x{i}" for i in range(1, 23)]
        if header[:25] != expected:
            message = f"header {header[:5]}… is not {expected[:5]}…"
            problem = _problem(p, 1, 0, message, "expected year, id, province, x1…x22")
            raise DataValidationError([problem])
        return tuple(range(3, 25))
    name = str(raw.row(2)[3]) if raw.height > 2 and raw.width > 3 else ""
    if "Optical Cable" not in name or raw.width < 27:
        hint = "expected the three-row header of original_data.xlsx"
        raise DataValidationError(
            [_problem(p, 3, 4, f"third header row starts with `{name}`", hint)]
        )
    return _WIDE_COLUMNS


def _base(raw: pl.DataFrame, skip: int, columns: tuple[int, ...]) -> pl.DataFrame:
    """The data rows (blank rows dropped), with the sheet row, year, region and value texts."""
    body = raw.slice(skip).with_row_index("_row", offset=skip + 1)
    body = body.filter(pl.any_horizontal(pl.all().exclude("_row").is_not_null()))
    cols = raw.columns
    ids = [k for k, _, _ in RESEARCH_INDICATORS]
    return body.select(
        "_row",
        pl.col(cols[0]).str.strip_chars().str.replace(r"\.0$", "").alias("year_text"),
        pl.col(cols[1]).str.strip_chars().str.replace(r"\.0$", "").alias("region"),
        *[pl.col(cols[c]).str.strip_chars().alias(k) for c, k in zip(columns, ids, strict=True)],
    )


def _id_problems(base: pl.DataFrame, p: Path) -> list[Problem]:
    """Years that are not years and ids that are not province codes, located."""
    years = base.filter(
        ~pl.col("year_text").str.contains(r"^\d{4}$") | pl.col("year_text").is_null()
    )
    regions = base.filter(
        ~pl.col("region").str.contains(r"^\d{2}0000$") | pl.col("region").is_null()
    )
    year_hint, id_hint = "years are four digits", "use the 6-digit GB/T 2260 code, e.g. 120000"
    return [
        _problem(p, r["_row"], 1, f"year `{r['year_text']}` is not a year", year_hint)
        for r in years.iter_rows(named=True)
    ] + [
        _problem(p, r["_row"], 2, f"id `{r['region']}` is not a province code", id_hint)
        for r in regions.iter_rows(named=True)
    ]


def _cell_problems(
    long: pl.DataFrame, col_of: dict[str, int], p: Path, kind: ResearchKind
) -> list[Problem]:
    """Text in number cells (and, in the interpolated panel, empty cells): the first 50 each."""
    bad = long.filter(pl.col("text").is_not_null() & pl.col("value").is_null())
    problems = [
        _problem(
            p,
            r["_row"],
            col_of[r["indicator"]],
            f"`{r['text']}` is not a number",
            "write plain numbers",
        )
        for r in bad.head(50).iter_rows(named=True)
    ]
    if kind == "panel":
        empty = long.filter(pl.col("value").is_null()).head(50)
        problems += [
            _problem(
                p,
                r["_row"],
                col_of[r["indicator"]],
                "empty cell in the interpolated panel",
                "panel_data.xlsx has no missing cells",
            )
            for r in empty.iter_rows(named=True)
        ]
    return problems


def _shape_problems(base: pl.DataFrame, p: Path) -> list[Problem]:
    """A province-year twice, or a year without the 31 provinces."""
    dup = base.filter(pl.struct("year_text", "region").is_duplicated())
    problems = [
        _problem(
            p,
            r["_row"],
            0,
            f"{r['region']} {r['year_text']} appears twice",
            "keep one row per province and year",
        )
        for r in dup.iter_rows(named=True)
    ]
    counts = base.group_by("year_text").agg(pl.col("region").n_unique().alias("n"))
    expected = f"expected {_N_PROVINCES}"
    return problems + [
        _problem(
            p,
            0,
            2,
            f"year {r['year_text']} has {r['n']} provinces, {expected}",
            "the panel covers 31 provinces",
        )
        for r in counts.filter(pl.col("n") != _N_PROVINCES).iter_rows(named=True)
    ]


def _observations(long: pl.DataFrame, kind: ResearchKind) -> pl.DataFrame:
    """The checked long table in the observation model."""
    units = {k: u for k, u, _ in RESEARCH_INDICATORS}
    out = long.with_columns(
        pl.col("value").round(9),
        pl.col("year_text").alias("period"),
        pl.col("indicator").replace_strict(units).alias("unit"),
        pl.lit("level").alias("measure"),
        pl.lit("none").alias("price_basis"),
        pl.when(pl.col("value").is_null())
        .then(pl.lit("unknown"))
        .otherwise(pl.lit("ok"))
        .alias("status"),
        pl.lit(VINTAGE if kind != "original" else VINTAGE_ORIGINAL).alias("vintage"),
        pl.lit("research_panel").alias("source"),
    )
    return conform(out).sort("indicator", "region", "period")
