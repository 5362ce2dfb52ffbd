"""Shares of a total and densities per person or per 10,000 people.

The denominator is always passed explicitly — which population (year-end resident, household
registered, average) is a choice the caller makes and the output records: every density row
carries the denominator's indicator, value and source.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import polars as pl

from analytics.stats._frames import DEFAULT_BY, check_choice, check_unique, prepare
from analytics.stats._growth import finish

__all__ = ["per_10k", "per_capita", "share_of_total"]


def share_of_total(
    df: pl.DataFrame,
    *,
    total: str,
    dimension: Literal["indicator", "region"] = "indicator",
    by: Sequence[str] = DEFAULT_BY,
) -> pl.DataFrame:
    """Share of each part in a total, in percent (``measure`` ``share_pct``).

    With ``dimension="indicator"`` the rows whose indicator is ``total`` are the denominator of
    the other indicators in the same region and period (a sector in GDP); with
    ``dimension="region"`` the rows of region ``total`` are the denominator of the other regions
    (Tianjin's share of China, ``total="000000"``). Totals are not forced to equal the sum of
    parts (published figures are rounded).

    Parameters
    ----------
    df
        Levels of the total and its parts in the observation model, sharing one unit.
    total
        Indicator id or region code of the total.
    dimension
        Which key column tells the total from the parts.
    by
        Key columns of a series.

    Returns
    -------
    pl.DataFrame
        The parts' rows with the share as ``value``, the total as ``denominator_value`` and a
        ``flag`` where the total is missing, zero or negative.

    Examples
    --------
    >>> df = pl.DataFrame({"indicator": ["gdp", "tertiary"], "region": "120000",
    ...                    "period": "2024", "value": [18000.0, 11700.0]})
    >>> share_of_total(df, total="gdp")["value"].to_list()
    [65.0]
    """
    check_choice("dimension", dimension, ("indicator", "region"))
    data, keys = prepare(df, by)
    other = [k for k in keys if k not in (dimension, "measure")]
    den = data.filter(pl.col(dimension) == total).select(
        [*other, "period", pl.col("value").alias("denominator_value")]
    )
    check_unique(den, other)
    parts = data.filter(pl.col(dimension) != total)
    out = parts.join(den, on=[*other, "period"], how="left", nulls_equal=True)
    return _divide(out, scale=100.0, measure="share_pct", unit="%")


def _divide(out: pl.DataFrame, *, scale: float, measure: str, unit: str | None) -> pl.DataFrame:
    flag = (
        pl.when(pl.col("denominator_value").is_null())
        .then(pl.lit("no_denominator"))
        .when(pl.col("value").is_null())
        .then(pl.lit("missing_value"))
        .when(pl.col("denominator_value") <= 0)
        .then(pl.lit("nonpositive_base"))
    )
    out = out.with_columns(flag.alias("flag")).with_columns(
        pl.when(pl.col("flag").is_null())
        .then(pl.col("value") / pl.col("denominator_value") * scale)
        .alias("value"),
        pl.lit(measure).alias("measure"),
        pl.lit("computed").alias("derivation"),
    )
    return finish(out, unit=unit)


def per_capita(
    df: pl.DataFrame,
    population: pl.DataFrame,
    *,
    persons_per_unit: float = 10_000.0,
    per: float = 1.0,
    unit: str | None = None,
    by: Sequence[str] = ("region",),
) -> pl.DataFrame:
    """Value per ``per`` people, the population frame chosen and passed explicitly.

    ``value / (population × persons_per_unit) × per``. NBS population is in 万人, hence the default
    ``persons_per_unit=10_000``. The denominator's ``indicator``, ``value``, ``source`` and
    ``vintage`` (where present) are carried along as ``denominator_*`` columns.

    Parameters
    ----------
    df
        Numerators in the observation model.
    population
        One population series: ``region``, ``period``, ``value`` (and ideally ``indicator``,
        ``source``); one row per region and period.
    persons_per_unit
        Persons in one unit of the population's ``value``.
    per
        Report the value per this many people (1 per capita, 10,000 for a density).
    unit
        Unit of the result, if you want it set (e.g. ``"元/人"``).
    by
        Columns joining a numerator to its population besides ``period``.

    Returns
    -------
    pl.DataFrame
        Rows of ``df`` with the ratio as ``value``, ``measure`` ``per_capita`` (``per_10k`` for
        ``per=10_000``) and ``flag`` where the population is missing, zero or negative.

    Raises
    ------
    DuplicatePeriodError
        When ``population`` has two rows for a region and period (e.g. two population series).

    Examples
    --------
    >>> gdp = pl.DataFrame({"indicator": "gdp_yuan", "region": "120000", "period": "2024",
    ...                     "value": [1.79313e12]})
    >>> pop = pl.DataFrame({"indicator": "population", "region": "120000", "period": "2024",
    ...                     "value": [1364.0], "source": "nbs_population_2024"})
    >>> out = per_capita(gdp, pop)
    >>> round(out["value"][0]), out["denominator_source"][0]
    (131461, 'nbs_population_2024')
    """
    data, _ = prepare(df, DEFAULT_BY if "indicator" in df.columns else by)
    keys = [*by, "period"]
    check_unique(population, list(by))
    den_cols = [c for c in ("indicator", "source", "vintage", "unit") if c in population.columns]
    den = population.select(
        [
            *keys,
            (pl.col("value") * persons_per_unit).alias("denominator_value"),
            *(pl.col(c).alias(f"denominator_{c}") for c in den_cols),
        ]
    )
    if "denominator_source" not in den.columns:
        den = den.with_columns(pl.lit(None, pl.Utf8).alias("denominator_source"))
    out = data.join(den, on=keys, how="left", nulls_equal=True)
    measure = "per_10k" if per == 10_000 else "per_capita"
    return _divide(out, scale=per, measure=measure, unit=unit)


def per_10k(
    df: pl.DataFrame,
    population: pl.DataFrame,
    *,
    persons_per_unit: float = 10_000.0,
    unit: str | None = None,
    by: Sequence[str] = ("region",),
) -> pl.DataFrame:
    """Density per 10,000 people (每万人), e.g. 5G base stations per 10,000 people.

    :func:`per_capita` with ``per=10_000``: ``value / (population × persons_per_unit) ×
    10,000``.

    Parameters
    ----------
    df
        Numerators in the observation model (e.g. base stations, in 个).
    population
        One population series: ``region``, ``period``, ``value`` (and ideally ``indicator``,
        ``source``); one row per region and period.
    persons_per_unit
        Persons in one unit of the population's ``value``; default 10,000 (NBS population is
        in 万人).
    unit
        Unit of the result (e.g. ``"个/万人"``); None (the default) leaves the unit unset.
    by
        Columns joining a numerator to its population besides ``period``; default
        ``("region",)``.

    Returns
    -------
    pl.DataFrame
        Rows of ``df`` with the density as ``value``, ``measure`` ``per_10k``, the population
        as ``denominator_*`` columns and ``flag`` where the population is missing, zero or
        negative.

    Raises
    ------
    DuplicatePeriodError
        When ``population`` has two rows for a region and period (e.g. two population series).

    Examples
    --------
    >>> bs = pl.DataFrame({"indicator": "fiveg_base_stations", "region": "120000",
    ...                    "period": "2024", "value": [78000.0]})
    >>> pop = pl.DataFrame({"region": "120000", "period": "2024", "value": [1364.0],
    ...                     "source": "nbs"})
    >>> round(per_10k(bs, pop, unit="个/万人")["value"][0], 2)  # 78000 / 13,640,000 × 10,000
    57.18
    """
    return per_capita(
        df, population, persons_per_unit=persons_per_unit, per=10_000, unit=unit, by=by
    )
