"""Editions: the periods a report can be made for, read from the periods its headline has.

A report's headline is a set of indicators (the industry report's is GDP in any of its measures
and GDP per capita). A period of frequency ``F`` is an edition when one of them has a value, of
any measure and vintage, for a period of frequency ``F`` or finer that ends in it: a count
stated for March 2024 makes 2024 (and 2024Q1, and 2024-03) an edition, a 2024 annual figure makes
2024 one but not 2024Q4. Periods are compared as dates, never as text. Nothing is guessed: a
headline with no value in a period means that period is not an edition.

``latest`` is the latest edition of the report's own frequency (a year for the annual reports, a
month for the monthly bulletin); ``latest-quarter`` and ``latest-month`` ask for one frequency
(:func:`resolve_latest`, which calls the package's one "latest" rule,
:func:`analytics.stats.periods.latest_period`); the request check (``analytics.runs._requests``)
accepts a period only when it is an edition.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import polars as pl

from analytics._typing import Frequency
from analytics.exceptions import AnalyticsError

__all__ = [
    "LATEST_FREQ",
    "edition_periods",
    "has_headline_data",
    "headline_of",
    "headline_or_any",
    "resolve_latest",
]

LATEST_FREQ: dict[str, Frequency] = {"latest": "A", "latest-quarter": "Q", "latest-month": "M"}
"""The frequency each ``latest`` keyword asks for."""
_VALID = r"^\d{4}(Q[1-4]|-(0[1-9]|1[0-2])(/(0[1-9]|1[0-2]))?)?$"


def headline_of(indicator: str | Collection[str] | None) -> tuple[str, ...]:
    """A headline as a tuple of indicator ids (one id, a set of them, or none: ``()``).

    Examples
    --------
    >>> headline_of("gdp"), headline_of(["gdp", "gdp_per_capita"]), headline_of(None)
    (('gdp',), ('gdp', 'gdp_per_capita'), ())
    """
    if indicator is None:
        return ()
    return (indicator,) if isinstance(indicator, str) else tuple(indicator)


def _observed(region: str, headline: tuple[str, ...], data_dir: Path | None) -> pl.DataFrame:
    """The distinct period labels in which ``region`` has a value of the headline (any: ``()``)."""
    from analytics.io import scan_store

    lf = scan_store(data_dir=data_dir).filter(
        pl.col("region") == region, pl.col("value").is_not_null()
    )
    if headline:
        lf = lf.filter(pl.col("indicator").is_in(list(headline)))
    periods = lf.select(pl.col("period").cast(pl.String)).unique().collect()
    return periods.filter(pl.col("period").str.contains(_VALID))


def headline_or_any(
    region: str, headline: str | Collection[str] | None, *, data_dir: Path | None = None
) -> tuple[str, ...]:
    """``headline``, or ``()`` (any indicator) when ``region`` has no value of it at all.

    Examples
    --------
    >>> headline_or_any("120000", "gdp"), headline_or_any("540000", "fiveg_base_stations")
    (('gdp',), ())
    """
    wanted = headline_of(headline)
    return wanted if wanted and _observed(region, wanted, data_dir).height else ()


def _editions(observed: pl.DataFrame, freq: Frequency) -> list[str]:
    from analytics.stats.periods import edition_labels

    return edition_labels(observed["period"], freq)


def edition_periods(
    region: str,
    headline: str | Collection[str] | None = None,
    *,
    freq: Frequency = "A",
    data_dir: Path | None = None,
) -> list[str]:
    """The periods of frequency ``freq`` in which ``region``'s headline has a value, oldest first.

    ``headline`` is one indicator id or a set of them (any measure, any vintage); None: any
    indicator. A value counts for the period of frequency ``freq`` in which its own period ends,
    if its own period is no coarser (a year makes no quarter an edition).

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> (d / "processed").mkdir()
    >>> pl.DataFrame({"region": ["120000"] * 4, "indicator": ["gdp", "gdp", "gdp", "fiveg"],
    ...               "period": ["2023", "2024-03", "2025", "2026"],
    ...               "value": [1.0, 2.0, None, 3.0]}).write_parquet(d / "processed/observations.parquet")
    >>> edition_periods("120000", "gdp", data_dir=d)
    ['2023', '2024']
    >>> edition_periods("120000", "gdp", freq="Q", data_dir=d), edition_periods("120000", data_dir=d)
    (['2024Q1'], ['2023', '2024', '2026'])
    """  # noqa: E501
    return _editions(_observed(region, headline_of(headline), data_dir), freq)


def resolve_latest(
    region: str,
    keyword: str = "latest",
    *,
    data_dir: Path | None = None,
    indicator: str | Collection[str] | None = None,
    frequency: Frequency = "A",
) -> str:
    """The latest edition for a region: of the report's headline, or of any indicator.

    ``latest`` is the latest period of the report's ``frequency`` (a year for ``A``, a month for
    ``M``), ``latest-quarter`` the latest quarter and ``latest-month`` the latest month in which
    the headline ``indicator`` (one id or a set: a report's ``ReportSpec.headline``) has a value
    (:func:`edition_periods`). A region without any value of the headline falls back to its
    latest edition of any indicator (its report then says what is missing, and
    :func:`has_headline_data` keeps it from being called up to date).

    Parameters
    ----------
    region
        A GB/T 2260 code.
    keyword
        ``latest``, ``latest-quarter`` or ``latest-month``.
    data_dir
        The data folder holding ``processed/`` (default: the project's).
    indicator
        A headline indicator id, or a tuple of them; ``None``: any indicator.
    frequency
        The report's frequency (``ReportSpec.frequency``): what plain ``latest`` means.

    Returns
    -------
    str
        The period label.

    Examples
    --------
    >>> resolve_latest("120000", indicator=("gdp", "gdp_per_capita"))
    '2025'
    >>> resolve_latest("000000", indicator="cpi_monthly", frequency="M")
    '2020-02'
    """
    from analytics.stats.periods import latest_period

    if keyword not in LATEST_FREQ:
        raise AnalyticsError(f"unknown period keyword `{keyword}` (use {', '.join(LATEST_FREQ)})")
    freq = frequency if keyword == "latest" else LATEST_FREQ[keyword]
    try:
        headline = headline_or_any(region, indicator, data_dir=data_dir)
        observed = _observed(region, headline, data_dir)
    except (ImportError, OSError, pl.exceptions.PolarsError) as err:
        raise AnalyticsError(
            f"cannot resolve `{keyword}` for region {region}: the store is not readable ({err})"
            " — build it with `analytics data build`"
        ) from err
    latest = latest_period(observed["period"], freq=freq)
    if latest is None:
        raise AnalyticsError(
            f"no {keyword.replace('latest', 'period')} for region {region} in the store"
        )
    return latest


def has_headline_data(
    report: str, region: str, period: str, *, data_dir: Path | None = None
) -> bool:
    """Whether ``region`` has any value of ``report``'s headline up to the end of ``period``.

    A report without one still runs and says what is missing, but is not "up to date".

    Parameters
    ----------
    report
        A report name of the registry.
    region
        A GB/T 2260 code.
    period
        The edition's period.
    data_dir
        The data folder holding ``processed/`` (default: the project's).

    Examples
    --------
    >>> has_headline_data("industry", "120000", "2025"), has_headline_data("fiveg", "540000", "2015")
    (True, False)
    """  # noqa: E501
    from analytics.runs.registry import REPORTS
    from analytics.stats.periods import Period, PeriodError, period_end

    spec = REPORTS.get(report)
    if spec is None or not spec.headline:
        return True
    observed = _observed(region, spec.headline, data_dir)
    try:
        end = Period.parse(period).end
    except PeriodError:  # `latest` or a label the request check refuses: any value counts
        return observed.height > 0
    return observed.filter(period_end() <= pl.lit(end)).height > 0
