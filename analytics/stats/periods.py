"""Period labels: ``2023`` (year), ``2023Q4`` (quarter), ``2023-12`` (month), ``2023-01/02``.

A January–February combined release (NBS publishes no January figure for industrial production,
retail sales or investment) is one period labelled ``YYYY-01/02``: it starts in month 1 and ends
in month 2. Periods sort by ``(year, sub_end)``.
"""

from __future__ import annotations

import polars as pl

from analytics.stats._frames import FREQ, SUB_END, SUB_START, YEAR, with_periods

__all__ = ["parse_periods"]


def parse_periods(df: pl.DataFrame, *, column: str = "period") -> pl.DataFrame:
    """Add ``year``, ``frequency`` (``A``/``Q``/``M``), ``sub_start`` and ``sub_end`` columns.

    ``sub_start``/``sub_end`` are the first and last quarter or month the period covers (1 and 1
    for a year); a combined January–February release has ``sub_start=1, sub_end=2``.

    Parameters
    ----------
    df
        Any frame with a period column.
    column
        Name of the period column.

    Returns
    -------
    pl.DataFrame
        ``df`` with the four columns added.

    Raises
    ------
    PeriodError
        When a label is not one of the four forms, quoting it.

    Examples
    --------
    >>> df = pl.DataFrame({"period": ["2023", "2023Q4", "2023-12", "2023-01/02"]})
    >>> parse_periods(df).rows()
    [('2023', 2023, 'A', 1, 1), ('2023Q4', 2023, 'Q', 4, 4), ('2023-12', 2023, 'M', 12, 12), ('2023-01/02', 2023, 'M', 1, 2)]
    """  # noqa: E501
    out = with_periods(df, column)
    names = {YEAR: "year", FREQ: "frequency", SUB_START: "sub_start", SUB_END: "sub_end"}
    return out.select([*df.columns, *(pl.col(k).alias(v) for k, v in names.items())])
