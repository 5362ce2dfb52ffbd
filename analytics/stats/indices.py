"""Index series and the decomposition of growth.

Indices published with the previous year = 100 (the NBS GDP index, CPI) give growth as
``index − 100`` and chain into a fixed-base index. Contribution (贡献率, % of the total's change)
and pull (拉动, percentage points of the total's growth) split a total's growth between its
components.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from analytics.exceptions import AnalyticsError
from analytics.stats._frames import DEFAULT_BY, FREQ, YEAR, prepare
from analytics.stats._growth import finish, yoy_base_label
from analytics.stats.periods import sort_by_period

__all__ = ["chain_index", "contribution", "growth_from_index"]


def growth_from_index(df: pl.DataFrame, *, by: Sequence[str] = DEFAULT_BY) -> pl.DataFrame:
    """Growth in percent from an index with the previous period = 100: ``index − 100``.

    The rate keeps the index's price basis (the NBS GDP index is at comparable prices).
    ``measure`` becomes ``yoy_pct``, ``derivation`` ``computed``.

    Parameters
    ----------
    df
        Index values (``measure`` ``index_prev_year_100`` in the store).
    by
        Key columns of a series.

    Returns
    -------
    pl.DataFrame

    Examples
    --------
    >>> df = pl.DataFrame({"indicator": "gdp_index", "region": "120000",
    ...                    "period": ["2023", "2024"], "value": [104.5, 104.9]})
    >>> [round(v, 10) for v in growth_from_index(df)["value"]]
    [4.5, 4.9]
    """
    data, _ = prepare(df, by)
    out = data.with_columns(
        (pl.col("value") - 100.0).alias("value"),
        pl.lit("yoy_pct").alias("measure"),
        pl.lit("computed").alias("derivation"),
    )
    return finish(out, unit="%")


def chain_index(
    df: pl.DataFrame, *, base_year: int, by: Sequence[str] = DEFAULT_BY
) -> pl.DataFrame:
    """Chain an annual previous-year = 100 index into a fixed-base index (``base_year`` = 100).

    ``I(t) = 100 × Π_{s=base+1..t} i(s)/100`` after the base year and
    ``100 / Π_{s=t+1..base} i(s)/100`` before it. ``base_year`` may be the year before the first
    observation (a series starting in 2016 relative to 2015 chains to 2015 = 100). A chain never
    crosses a gap: years not linked to the base by consecutive observations are null with
    ``flag="chain_broken"``.

    Parameters
    ----------
    df
        Annual index values, previous year = 100.
    base_year
        The year whose fixed-base index is 100.
    by
        Key columns of a series.

    Returns
    -------
    pl.DataFrame
        The rows of ``df`` with the fixed-base index as ``value``, ``measure``
        ``index_base_<year>_100`` and ``derivation`` ``computed``.

    Examples
    --------
    >>> df = pl.DataFrame({"indicator": "gdp_index", "region": "120000",
    ...                    "period": ["2023", "2024"], "value": [105.0, 110.0]})
    >>> [round(v, 10) for v in chain_index(df, base_year=2022)["value"]]
    [105.0, 115.5]
    """
    data, keys = prepare(df, by)
    if data.height and (data[FREQ] != "A").any():
        raise AnalyticsError(
            "chain_index needs annual periods ('2023'); got "
            f"{data.filter(pl.col(FREQ) != 'A')['period'][0]!r} "
            "(hint: a same-quarter-last-year = 100 index does not chain period to period)"
        )
    obs = data.filter(pl.col("value").is_not_null()).sort([*keys, YEAR])
    obs = obs.with_columns(
        ((pl.col(YEAR).diff().fill_null(1) != 1).cum_sum().over(keys)).alias("__seg")
    ).with_columns((pl.col("value") / 100.0).cum_prod().over([*keys, "__seg"]).alias("__c"))
    firsts = obs.group_by([*keys, "__seg"]).agg((pl.col(YEAR).min() - 1).alias(YEAR))
    lookup = pl.concat(
        [
            obs.select([*keys, "__seg", YEAR, "__c"]),
            firsts.select([*keys, "__seg", YEAR, pl.lit(1.0).alias("__c")]),
        ]
    ).filter(pl.col(YEAR) == base_year)
    lookup = lookup.select([*keys, "__seg", pl.col("__c").alias("__cbase")])
    obs = obs.join(lookup, on=[*keys, "__seg"], how="left", nulls_equal=True)
    chained = obs.select(
        [*keys, "period", (100.0 * pl.col("__c") / pl.col("__cbase")).alias("__fixed")]
    )
    out = data.join(chained, on=[*keys, "period"], how="left", nulls_equal=True)
    out = out.with_columns(
        pl.when(pl.col("value").is_null())
        .then(pl.lit("missing_value"))
        .when(pl.col("__fixed").is_null())
        .then(pl.lit("chain_broken"))
        .alias("flag"),
        pl.col("__fixed").alias("value"),
        pl.lit(f"index_base_{base_year}_100").alias("measure"),
        pl.lit("computed").alias("derivation"),
    ).drop("__fixed")
    return finish(out, unit="index")


def contribution(
    df: pl.DataFrame,
    *,
    total: str,
    components: Sequence[str],
    by: Sequence[str] = ("region",),
) -> pl.DataFrame:
    """Contribution (贡献率, %) and pull (拉动, pp) of components to a total's year-on-year growth.

    For component ``i`` and total ``T``: contribution ``= Δi / ΔT × 100`` (percent of the total's
    change) and pull ``= Δi / T(t−1) × 100`` (percentage points of the total's growth); the pulls
    add up to the total's growth when the components add up to the total. Levels must share one
    price basis: real contributions need comparable-price levels, which current-price levels are
    not. Null with a ``flag`` where a base is missing, the total did not change, or the total's
    base is zero or negative.

    Parameters
    ----------
    df
        Levels of the total and components, one ``indicator`` each, in the observation model.
    total
        Indicator id of the total.
    components
        Indicator ids of the components.
    by
        Key columns other than ``indicator`` (``measure``, ``price_basis``, ``vintage`` are added
        where present).

    Returns
    -------
    pl.DataFrame
        One row per component and period: keys, ``indicator``, ``period``,
        ``contribution_pct``, ``pull_pp``, ``total_growth_pct`` and ``flag``.

    Examples
    --------
    >>> df = pl.DataFrame({"indicator": ["t", "t", "a", "a", "b", "b"], "region": "120000",
    ...                    "period": ["2022", "2023"] * 3,
    ...                    "value": [100.0, 110.0, 60.0, 68.0, 40.0, 42.0]})
    >>> out = contribution(df, total="t", components=["a", "b"])
    >>> out.filter(period="2023").select("indicator", "contribution_pct", "pull_pp").rows()
    [('a', 80.0, 8.0), ('b', 20.0, 2.0)]
    """
    data, keys = prepare(df, ("indicator", *by))
    data = data.filter(pl.col("indicator").is_in([total, *components]))
    data = data.with_columns(yoy_base_label().alias("__base"))
    lookup = data.select([*keys, pl.col("period").alias("__base"), pl.col("value").alias("__prev")])
    data = data.join(lookup, on=[*keys, "__base"], how="left", nulls_equal=True)
    data = data.with_columns((pl.col("value") - pl.col("__prev")).alias("__delta"))
    other = [k for k in keys if k != "indicator"]
    tot = data.filter(pl.col("indicator") == total).select(
        [*other, "period", pl.col("__delta").alias("__dt"), pl.col("__prev").alias("__tprev")]
    )
    comp = data.filter(pl.col("indicator").is_in(list(components)))
    out = comp.join(tot, on=[*other, "period"], how="left", nulls_equal=True)
    flag = (
        pl.when(pl.col("__delta").is_null() | pl.col("__dt").is_null())
        .then(pl.lit("no_previous_period"))
        .when(pl.col("__tprev") <= 0)
        .then(pl.lit("nonpositive_base"))
        .when(pl.col("__dt") == 0)
        .then(pl.lit("zero_total_change"))
    )
    out = out.with_columns(flag.alias("flag")).with_columns(
        pl.when(pl.col("flag").is_null())
        .then(pl.col("__delta") / pl.col("__dt") * 100.0)
        .alias("contribution_pct"),
        pl.when(pl.col("flag").is_null() | (pl.col("flag") == "zero_total_change"))
        .then(pl.col("__delta") / pl.col("__tprev") * 100.0)
        .alias("pull_pp"),
        pl.when(pl.col("flag").is_null() | (pl.col("flag") == "zero_total_change"))
        .then(pl.col("__dt") / pl.col("__tprev") * 100.0)
        .alias("total_growth_pct"),
    )
    cols = ["contribution_pct", "pull_pp", "total_growth_pct", "flag"]
    return sort_by_period(out.select([*keys, "period", *cols]), *keys)
