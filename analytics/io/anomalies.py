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

import polars as pl

__all__ = ["ANOMALY_SCHEMA", "flag_breaks"]

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


def flag_breaks(frame: pl.DataFrame, k: float = 3.5, floor: float = 0.1) -> pl.DataFrame:
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

    Returns
    -------
    polars.DataFrame
        One row per flagged year, columns :data:`ANOMALY_SCHEMA`, sorted by series and period.

    Examples
    --------
    >>> smooth = pl.DataFrame({"indicator": "x", "region": "1", "period": ["1", "2", "3", "4"],
    ...                        "value": [100.0, 105.0, 110.0, 116.0]})
    >>> flag_breaks(smooth).height
    0
    """
    change = pl.col("value").log() - pl.col("value").log().shift(1).over(_SERIES)
    centred = (pl.col("log_change") - pl.col("log_change").median().over(_SERIES)).abs()
    spread = 1.4826 * centred.median().over(_SERIES)
    return (
        frame.filter(pl.col("value") > 0)
        .sort([*_SERIES, "period"])
        .with_columns(
            pl.col("value").shift(1).over(_SERIES).alias("previous"), change.alias("log_change")
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
                & (pl.col("log_change") > _LN2).any().over(_SERIES)
                & (pl.col("log_change") < -_LN2).any().over(_SERIES)
            )
            .then(pl.lit("round_trip"))
            .alias("rule")
        )
        .filter(pl.col("rule").is_not_null())
        .select([pl.col(c).cast(t) for c, t in ANOMALY_SCHEMA.items()])
    )
