"""Densities at matching dates: a stock over the population of its own date, compared at one date.

A density (5G base stations per 10,000 people) is either published, or computed here from a
published stock (a count at a date) over the year-end resident population (annual, in 万人, so
``stock / population`` is a density per 10,000 people). Numerator and denominator come from the
same date: a stock for the end of 2023 is divided by the population at the end of 2023. When the
store holds no population of that date, the nearest year-end population is taken (the earlier on
a tie) and the gap is kept (``gap_months``: the population's date minus the stock's, in months),
so a page can say it. Periods are compared as dates (their end), never as text.

A comparison (:func:`compare_densities`) ranks only figures of one date:

- the *comparison period* is the date of the home region's latest figure; when the home region
  has none, the date most regions' latest figures share (the latest such date on a tie; none,
  and so no ranking, when no two regions share one);
- a region with a figure at that date is ranked on it (1 = highest), even when it has a later
  one; a region without one is listed with its latest figure and its period, not ranked;
- a figure that is the only exact one of that date is ``alone``: there is nothing to rank;
- a lower bound (``>16``) at that date is listed, not ranked (its true value is unknown);
- aggregates (China, ``000000``) are never ranked among provinces: their latest figure is a
  reference row.

Among figures of one region and one date, an exact figure comes before a bound, a published one
before a computed one, then the more authoritative vintage (the order the caller gives).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from analytics.stats.periods import period_end, period_start

__all__ = ["AGGREGATES", "ROLES", "compare_densities", "density_panel"]

#: Region codes that are totals of other regions, never ranked among them.
AGGREGATES: tuple[str, ...] = ("000000",)
#: The role of each row of a comparison, in the order the rows are returned.
ROLES: tuple[str, ...] = ("ranked", "alone", "bound", "other_period", "aggregate")

_PANEL = [
    "region",
    "period",
    "value",
    "qualifier",
    "basis",
    "source",
    "vintage",
    "level",
    "population",
    "population_period",
    "population_source",
    "gap_months",
]


def _vintage(frame: pl.DataFrame) -> pl.Expr:
    return (
        pl.col("vintage") if "vintage" in frame.columns else pl.lit(None, pl.Utf8).alias("vintage")
    )


def _months(date: pl.Expr) -> pl.Expr:
    return date.dt.year().cast(pl.Int32) * 12 + date.dt.month().cast(pl.Int32)


def _with_population(levels: pl.DataFrame, population: pl.DataFrame) -> pl.DataFrame:
    """Each level with the year-end population nearest its date (the earlier on a tie)."""
    pop = (
        population.filter(pl.col("period").str.contains(r"^\d{4}$"))
        .unique(["region", "period"], keep="first", maintain_order=True)
        .select(
            "region",
            pl.col("period").alias("population_period"),
            pl.col("value").alias("population"),
            pl.col("source").alias("population_source"),
            _months(period_end()).alias("_pop_months"),
        )
    )
    gap = pl.col("_pop_months") - _months(period_end())
    return (
        levels.with_columns(pl.col("value").alias("level"))
        .join(pop, on="region", how="inner")
        .with_columns(gap.alias("gap_months"))
        .sort(pl.col("gap_months").abs(), "gap_months", maintain_order=True)
        .unique(["region", "period"], keep="first", maintain_order=True)
    )


def density_panel(
    ratios: pl.DataFrame, levels: pl.DataFrame, population: pl.DataFrame
) -> pl.DataFrame:
    """Every density on file: the published ones, and one computed from each exact level.

    Parameters
    ----------
    ratios
        Published densities: ``region``, ``period``, ``value``, ``qualifier``, ``source`` and,
        when present, ``vintage``.
    levels
        Published stocks (counts at a date): the same columns. Bounds (a ``qualifier``) are not
        divided.
    population
        Year-end population in 万人 (10,000 persons): ``region``, ``period`` (a year),
        ``value``, ``source``.

    Returns
    -------
    pl.DataFrame
        ``region, period, value, qualifier, basis`` (``published`` | ``computed``), ``source``;
        for a computed density also ``level``, ``population``, ``population_period``,
        ``population_source`` and ``gap_months`` (the population's date minus the stock's, in
        months: 0 when they match, 12 for an end-2023 stock over the end-2024 population).

    Examples
    --------
    >>> ratios = pl.DataFrame({"region": ["120000"], "period": ["2021"], "value": [25.3],
    ...                        "qualifier": [None], "source": ["r"]})
    >>> levels = pl.DataFrame({"region": ["120000"], "period": ["2024-03"], "value": [73000.0],
    ...                        "qualifier": [None], "source": ["l"]})
    >>> pop = pl.DataFrame({"region": ["120000"] * 2, "period": ["2022", "2024"],
    ...                     "value": [1363.0, 1364.0], "source": ["p"] * 2})
    >>> out = density_panel(ratios, levels, pop)
    >>> out.select("period", "basis", "population_period", "gap_months").rows()
    [('2021', 'published', None, None), ('2024-03', 'computed', '2024', 9)]
    >>> round(out["value"][1], 2)  # 73,000 / 1,364万 (end-2024, 9 months after March 2024)
    53.52
    """
    published = ratios.select(
        "region",
        "period",
        "value",
        "qualifier",
        "source",
        _vintage(ratios),
        pl.lit("published").alias("basis"),
    )
    exact = levels.filter(pl.col("qualifier").is_null()).select(
        "region", "period", "value", "qualifier", "source", _vintage(levels)
    )
    computed = _with_population(exact, population).with_columns(
        (pl.col("level") / pl.col("population")).alias("value"), pl.lit("computed").alias("basis")
    )
    return pl.concat([published, computed.drop("_pop_months")], how="diagonal_relaxed").select(
        _PANEL
    )


def _first_per_region(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per region: the latest date; at one date exact, published, preferred vintage."""
    return (
        frame.sort(
            ["region", "_end", "_bound", "_computed", "_vintage", "_start"],
            descending=[False, True, False, False, False, True],
            maintain_order=True,
        )
        .group_by("region", maintain_order=True)
        .first()
    )


def _comparison_date(latest: pl.DataFrame, region: str) -> pl.DataFrame:
    """The comparison period as a one-row frame (``_end``, ``period``); empty without data."""
    home = latest.filter(pl.col("region") == region)
    if home.height:
        return home.select("_end", "period")
    shared = latest.group_by("_end", maintain_order=True).agg(pl.len(), pl.col("period").first())
    best = shared.filter(pl.col("len") >= 2).sort(["len", "_end"], descending=True)
    return best.head(1).drop("len")


def compare_densities(
    panel: pl.DataFrame,
    region: str,
    *,
    aggregates: Sequence[str] = AGGREGATES,
    vintages: Sequence[str] = (),
) -> pl.DataFrame:
    """Each region's figure for a comparison with ``region``, ranked only at one date.

    Parameters
    ----------
    panel
        Densities as :func:`density_panel` returns them.
    region
        The home region: its latest figure sets the comparison period.
    aggregates
        Regions that are totals (China): shown as a reference, never ranked.
    vintages
        Vintages from the most to the least preferred, for two figures of one region and one
        date (e.g. :data:`analytics.io.VINTAGE_RANK`); others after them.

    Returns
    -------
    pl.DataFrame
        The panel's columns for one row per region, plus ``role`` (see :data:`ROLES`), ``rank``
        (1 = highest, among the ``ranked`` rows only, of which there are two or more; null
        otherwise) and
        ``comparison_period`` (the home region's period label; null when there is none). Rows in
        the order of
        :data:`ROLES`, ranked ones by rank, the others highest first.

    Examples
    --------
    >>> panel = pl.DataFrame({
    ...     "region": ["120000", "310000", "110000", "110000", "000000"],
    ...     "period": ["2023", "2023", "2022", "2024-06", "2025"],
    ...     "value": [53.5, 37.1, 28.9, 55.0, 34.4], "qualifier": [None] * 5,
    ...     "basis": ["computed", "computed", "published", "published", "published"],
    ... })
    >>> out = compare_densities(panel, "120000")
    >>> out.select("region", "period", "role", "rank").rows()
    [('120000', '2023', 'ranked', 1), ('310000', '2023', 'ranked', 2), ('110000', '2024-06', 'other_period', None), ('000000', '2025', 'aggregate', None)]
    """  # noqa: E501
    d = panel.with_columns(
        period_end().alias("_end"),
        period_start().alias("_start"),
        pl.col("qualifier").is_not_null().alias("_bound"),
        (pl.col("basis") == "computed").alias("_computed"),
        _vintage(panel)
        .replace_strict(
            {v: i for i, v in enumerate(vintages)}, default=len(vintages), return_dtype=pl.Int32
        )
        .alias("_vintage"),
    )
    is_agg = pl.col("region").is_in(list(aggregates))
    latest = _first_per_region(d.filter(~is_agg))
    when = _comparison_date(latest, region)
    at = _first_per_region(d.filter(~is_agg).join(when.select("_end"), on="_end", how="semi"))
    others = latest.join(at.select("region"), on="region", how="anti")
    role = pl.when(pl.col("_bound")).then(pl.lit("bound")).otherwise(pl.lit("ranked"))
    rows = pl.concat(
        [
            at.with_columns(role.alias("role")),
            others.with_columns(pl.lit("other_period").alias("role")),
            _first_per_region(d.filter(is_agg)).with_columns(pl.lit("aggregate").alias("role")),
        ]
    )
    n_at = pl.col("role").eq("ranked").sum()
    rows = rows.with_columns(
        pl.when((pl.col("role") == "ranked") & (n_at < 2))
        .then(pl.lit("alone"))
        .otherwise(pl.col("role"))
        .alias("role")
    )
    rank = pl.col("value").rank("min", descending=True).over("role").cast(pl.Int64)
    label = when["period"][0] if when.height else None
    order = {r: i for i, r in enumerate(ROLES)}
    return (
        rows.with_columns(
            pl.when(pl.col("role") == "ranked").then(rank).alias("rank"),
            pl.lit(label, pl.Utf8).alias("comparison_period"),
            pl.col("role").replace_strict(order, return_dtype=pl.Int8).alias("_role"),
        )
        .sort(
            ["_role", "rank", "value"],
            descending=[False, False, True],
            nulls_last=True,
            maintain_order=True,
        )
        .select(*(c for c in _PANEL if c in panel.columns), "role", "rank", "comparison_period")
    )
