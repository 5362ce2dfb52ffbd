"""Structural-break and definition-change flags per series, as OWID's ETL checks at build.

A year is flagged when its log-change departs from the series' median log-change by more than
``k`` robust standard deviations (1.4826 × MAD of the series' log-changes; k = 3.5 is Iglewicz
and Hoaglin's cut-off for modified z-scores) *and* by more than ``floor`` in log points, so a very
smooth series does not flag ordinary noise (rule ``mad``); or, in a series whose level both at
least doubles in one year and at least halves in another, at each such year (rule
``round_trip``): the signature of a run of years on another definition (a level shift out and
back), which the MAD rule can miss in a short noisy series. Fast but steady growth (a doubling
never undone) is not flagged by that rule.

Examples
--------
>>> frame = pl.DataFrame({"indicator": "x", "region": "120000",
...     "period": [str(y) for y in range(2013, 2023)],
...     "value": [183.8, 207.5, 261.0, 183.1, 300.7, 737.8, 1194.6, 1584.5, 207.7, 200.6]})
>>> flag_breaks(frame)["period"].to_list()
['2018', '2021']
"""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl

from analytics.io._paths import StoreNotBuiltError, store_path

__all__ = ["ANOMALY_SCHEMA", "flag_breaks", "flag_store", "read_anomalies"]

ANOMALY_SCHEMA: dict[str, type[pl.DataType]] = {
    "indicator": pl.Utf8,
    "region": pl.Utf8,
    "period": pl.Utf8,
    "value": pl.Float64,
    "previous": pl.Float64,
    "log_change": pl.Float64,
    "score": pl.Float64,
    "rule": pl.Utf8,
}
"""Columns of the anomalies table: the flagged value, the one before it and the robust score."""

_SERIES = ("indicator", "region")
_LN2 = math.log(2)


def flag_breaks(
    frame: pl.DataFrame, k: float = 3.5, floor: float = 0.1, series: tuple[str, ...] = _SERIES
) -> pl.DataFrame:
    """Flag years whose log-change is an outlier within its own series.

    Parameters
    ----------
    frame
        Long frame with ``indicator, region, period, value`` (one vintage and measure);
        non-positive values are left out, since a log-change needs positive levels.
    k
        Threshold in robust standard deviations (1.4826 × MAD) around the median log-change.
    floor
        Minimum departure from the median, in log points (0.1 ≈ 10 %).
    series
        Columns that identify one series (default ``indicator, region``).

    Returns
    -------
    polars.DataFrame
        One row per flagged year: the ``series`` columns, then :data:`ANOMALY_SCHEMA`'s others.

    Examples
    --------
    >>> smooth = pl.DataFrame({"indicator": "x", "region": "1", "period": ["1", "2", "3", "4"],
    ...                        "value": [100.0, 105.0, 110.0, 116.0]})
    >>> flag_breaks(smooth).height
    0
    """
    change = pl.col("value").log() - pl.col("value").log().shift(1).over(series)
    centred = (pl.col("log_change") - pl.col("log_change").median().over(series)).abs()
    spread = 1.4826 * centred.median().over(series)
    return (
        frame.filter(pl.col("value") > 0)
        .sort([*series, "period"])
        .with_columns(
            pl.col("value").shift(1).over(series).alias("previous"), change.alias("log_change")
        )
        .with_columns(centred.alias("departure"), spread.alias("spread"))
        .with_columns((pl.col("departure") / pl.col("spread")).alias("score"))
        .with_columns(
            pl.when(
                (pl.col("departure") > floor)
                & ((pl.col("departure") > k * pl.col("spread")) | (pl.col("spread") == 0))
            )
            .then(pl.lit("mad"))
            .when(
                (pl.col("log_change").abs() > _LN2)
                & (pl.col("log_change") > _LN2).any().over(series)
                & (pl.col("log_change") < -_LN2).any().over(series)
            )
            .then(pl.lit("round_trip"))
            .alias("rule")
        )
        .filter(pl.col("rule").is_not_null())
        .select(
            *series,
            *[pl.col(c).cast(t) for c, t in ANOMALY_SCHEMA.items() if c not in series],
        )
    )


_STORE_SERIES = ("indicator", "region", "measure", "vintage")


def flag_store(obs: pl.DataFrame) -> pl.DataFrame:
    """Flags for every annual series of the store (one per indicator, region, measure, vintage).

    Parameters
    ----------
    obs
        Observations with ``indicator, region, measure, vintage, period, value``; only annual
        periods (four digits) with a value are looked at.

    Returns
    -------
    polars.DataFrame
        The flags of :func:`flag_breaks` with ``measure`` and ``vintage``, sorted by series and
        period.

    Examples
    --------
    >>> obs = pl.DataFrame({"indicator": "x", "region": "1", "measure": "level", "vintage": "v",
    ...     "period": ["2019", "2020", "2021", "2022"], "value": [10.0, 25.0, 9.0, 9.5]})
    >>> flag_store(obs)["period"].to_list()
    ['2020', '2021']
    """
    annual = obs.filter(pl.col("period").str.contains(r"^\d{4}$") & pl.col("value").is_not_null())
    return flag_breaks(annual, series=_STORE_SERIES).sort([*_STORE_SERIES, "period"])


def read_anomalies(indicator: str | None = None, *, data_dir: Path | None = None) -> pl.DataFrame:
    """The anomalies table written by ``analytics data build``, optionally for one indicator.

    Reports call this to say, at a chart, that a series it draws has a flagged break.

    Parameters
    ----------
    indicator
        A catalog id; default None: every indicator.
    data_dir
        The project's data folder; default :func:`analytics.config.data_dir`.

    Returns
    -------
    polars.DataFrame
        ``anomalies.parquet`` of the store: the columns of :func:`flag_store`.

    Raises
    ------
    StoreNotBuiltError
        When the store has not been built.

    Examples
    --------
    >>> flags = read_anomalies("rp_telecom_revenue")
    >>> flags.filter(pl.col("region") == "120000")["period"].to_list()
    ['2018', '2021']
    """
    path = store_path(data_dir) / "anomalies.parquet"
    if not path.exists():
        raise StoreNotBuiltError(f"no anomalies at {path} — run `analytics data build` first")
    flags = pl.read_parquet(path)
    return flags if indicator is None else flags.filter(pl.col("indicator") == indicator)
