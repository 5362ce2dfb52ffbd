"""Requests are checked before any run: executor options, names, periods, and the store.

A period is checked three ways: it must be a period label (``..``, ``abc`` and ``2023-13`` are
not), of a frequency the report is made for (the reports are annual: ``2023``), and it must be an
edition: the report's headline has a value in it for the region — otherwise the error names the
latest period that has one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from analytics.exceptions import AnalyticsError

__all__ = [
    "DASK_CONNECT_TIMEOUT",
    "check_executor",
    "check_requests",
    "check_store_period",
    "connect_dask",
    "request_problems",
]

DASK_CONNECT_TIMEOUT = 3.0
"""Seconds to wait for a Dask scheduler before giving up with a clear error."""
_REGION = re.compile(r"^\d{6}$")
_ADDRESS = re.compile(r"^[a-z][a-z0-9+]*://\S+$")  # tcp://host:8786, tls://…, inproc://…
_FREQ_WORDS = {"A": "a year (2023)", "Q": "a quarter (2023Q4)", "M": "a month (2023-12)"}


def check_executor(executor: str, scheduler: str | None) -> None:
    """Refuse executor options that would be ignored or cannot work, before any run.

    Examples
    --------
    >>> check_executor("local", None)
    >>> try:
    ...     check_executor("local", "tcp://10.0.0.5:8786")
    ... except AnalyticsError as err:
    ...     print(err)
    --scheduler tcp://10.0.0.5:8786 is only used by the Dask executor (hint: add --executor dask, or drop --scheduler)
    """  # noqa: E501
    if executor not in ("local", "dask"):
        raise AnalyticsError(f"unknown executor `{executor}` (hint: use `local` or `dask`)")
    if executor == "local" and scheduler:
        raise AnalyticsError(
            f"--scheduler {scheduler} is only used by the Dask executor "
            "(hint: add --executor dask, or drop --scheduler)"
        )
    if executor == "dask":
        if not scheduler:
            raise AnalyticsError(
                "--executor dask needs --scheduler tcp://HOST:PORT "
                "(hint: the address `dask scheduler` prints when it starts)"
            )
        if not _ADDRESS.match(scheduler):
            raise AnalyticsError(
                f"--scheduler {scheduler!r} is not a Dask scheduler address "
                "(hint: expected tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786)"
            )


def connect_dask(scheduler: str, *, timeout: float = DASK_CONNECT_TIMEOUT) -> Any:
    """A ``distributed.Client`` for ``scheduler``; a clear error within ``timeout`` seconds.

    An unreachable scheduler raises :class:`AnalyticsError` (the CLI's exit 2) instead of
    waiting Dask's default 30 s and ending in a traceback.
    """
    from distributed import Client

    try:
        return Client(scheduler, set_as_default=False, timeout=f"{timeout:g}s")
    except (OSError, TimeoutError) as err:
        raise AnalyticsError(
            f"cannot reach the Dask scheduler at {scheduler} within {timeout:g} s "
            f"({type(err).__name__}) (hint: is `dask scheduler` running there, and is the "
            "address right? or use --executor local)"
        ) from err


def request_problems(
    report: str, region: str, period: str, lang: str, *, frequency: str | None
) -> list[str]:
    """What is wrong with one request's names (empty when nothing is).

    ``frequency`` is the report's (``A``, ``Q`` or ``M``; None: any).

    Examples
    --------
    >>> request_problems("fiveg", "120000", "2023", "zh", frequency="A")
    []
    >>> request_problems("fiveg", "120000", "..", "zh", frequency="A")[0]
    "fiveg 120000 .. zh: period '..' is not a valid period label (expected '2023', '2023Q4', '2023-12' or a combined release '2023-01/02')"
    >>> request_problems("fiveg", "120000", "2023-12", "zh", frequency="A")[0]
    'fiveg 120000 2023-12 zh: period `2023-12` is a month, but report `fiveg` is made for a year (2023) (hint: --period 2023)'
    >>> request_problems("monthly", "120000", "2020", "zh", frequency="M")[0]
    'monthly 120000 2020 zh: period `2020` is a year, but report `monthly` is made for a month (2023-12) (hint: --period latest)'
    """  # noqa: E501
    from analytics.stats.periods import Period, PeriodError

    label = f"{report} {region} {period} {lang}"
    out = []
    if not _REGION.match(region):
        out.append(f"{label}: region `{region}` is not a GB/T 2260 code (six digits)")
    if lang not in ("zh", "en"):
        out.append(f"{label}: language `{lang}` is not zh or en")
    try:
        parsed = Period.parse(period)
    except PeriodError as err:
        return [*out, f"{label}: {err}"]
    if frequency is not None and parsed.freq != frequency:
        kind = {"A": "a year", "Q": "a quarter", "M": "a month"}[parsed.freq]
        hint = str(parsed.year) if frequency == "A" else "latest"
        out.append(
            f"{label}: period `{period}` is {kind}, but report `{report}` is made for "
            f"{_FREQ_WORDS[frequency]} (hint: --period {hint})"
        )
    return out


def check_requests(requests: Iterable[Any], *, specs: Mapping[str, Any], registry: bool) -> None:
    """Refuse a batch with any bad request, before any run.

    For registry reports (``registry``) also check regions against the catalog and periods
    against the store (:func:`check_store_period`).
    """
    from analytics.catalog import resolve_region

    todo = list(requests)
    problems: list[str] = []
    for r in todo:
        freq = getattr(specs.get(r.report), "frequency", None) if registry else None
        problems += request_problems(r.report, r.region, r.period, r.lang, frequency=freq)
        if registry and not problems and resolve_region(r.region) != r.region:
            problems.append(f"{r.label}: region `{r.region}` is a name, not a code")
    if problems:
        more = f"\n  … and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise AnalyticsError("bad run request:\n  " + "\n  ".join(problems[:10]) + more)
    if registry:
        seen: set[tuple[str, str, str, str | None]] = set()
        for r in todo:
            dd = dict(r.extra).get("data_dir")
            key = (r.report, r.region, r.period, str(dd) if dd else None)
            if key not in seen:
                seen.add(key)
                check_store_period(r.report, r.region, r.period, data_dir=Path(dd) if dd else None)


def check_store_period(
    report: str, region: str, period: str, *, data_dir: Path | None = None
) -> None:
    """Refuse a period that is not an edition of ``report`` for ``region``.

    A period is an edition when the report's headline has a value in it
    (:func:`analytics.runs._editions.edition_periods`; any indicator when the region has none
    of the headline); the error names the latest edition of the period's frequency.
    """
    from analytics.runs._editions import LATEST_FREQ, edition_periods, headline_or_any
    from analytics.runs.registry import REPORTS
    from analytics.stats.periods import Period

    spec = REPORTS.get(report)
    wanted = Period.parse(period)
    try:
        headline = headline_or_any(region, spec.headline if spec else (), data_dir=data_dir)
        have = edition_periods(region, headline, freq=wanted.freq, data_dir=data_dir)
    except Exception as err:
        raise AnalyticsError(
            f"cannot check period {period} for region {region}: the store is not readable "
            f"({err}) (hint: build it with `analytics data build`)"
        ) from err
    if wanted.label in have:
        return
    names = ", ".join(f"`{h}`" for h in headline)
    what = f"{names}, the headline of report `{report}`" if headline else "any indicator"
    keyword = next(k for k, f in LATEST_FREQ.items() if f == wanted.freq)
    if not have:
        kind = _FREQ_WORDS[wanted.freq].split(" (")[0]
        raise AnalyticsError(
            f"no data for region {region} in the store for {kind} (for {what}) "
            "(hint: `analytics data check` lists what the store holds)"
        )
    latest = have[-1]
    raise AnalyticsError(
        f"no data for region {region} in {period} (for {what}); the latest period with data "
        f"is {latest} (hint: --period {latest}, or --period {keyword})"
    )
