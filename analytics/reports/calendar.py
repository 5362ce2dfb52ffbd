"""When a report will next change, and why: its sources' next releases from the release calendar.

The calendar (``data/catalog/releases.yaml``, :mod:`analytics.catalog.releases`) says for each
source when its next release is expected and on what basis, and which reports it changes. A
report's data notes end with those releases (:func:`next_releases`): the first one expected, in
a sentence, then each with its basis, and whether an expected month has passed without the store
holding the release (as of the calendar's date, so a page does not change with the day it is
built) or the store already holds it.

Examples
--------
>>> from analytics.reports import ReportContext
>>> notes = next_releases(ReportContext(region="120000", lang="en"), "industry")
>>> print(notes.summary)
This report will next change about January 2027, when Tianjin Statistics Bureau, the year's economic figures (2026 figures) is released.
"""  # noqa: E501

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from analytics._typing import Lang
from analytics.catalog.releases import Release, ReleaseCalendar, load_releases, with_titles
from analytics.reports.components import NextRelease, ReleaseNotes, _period_words
from analytics.reports.context import ReportContext
from analytics.reports.messages import pick, t

__all__ = ["next_releases", "release_words", "store_with_titles"]


def store_with_titles(data_dir: Path | None = None) -> pl.DataFrame:
    """The store's observations with each source's ``title`` (what a release's rules read).

    Parameters
    ----------
    data_dir
        The data folder holding ``processed/`` (None: the project's).

    Returns
    -------
    pl.DataFrame
        See :func:`analytics.catalog.releases.with_titles`.
    """
    from analytics.io import read_sources, scan_store

    return with_titles(scan_store(data_dir=data_dir), read_sources(data_dir=data_dir))


def release_words(
    release: Release, lang: Lang, *, as_of: dt.date, latest: dt.date | None
) -> NextRelease:
    """One release as the notes say it: name, when (and what it brings), basis, its state.

    Parameters
    ----------
    release
        A release of the calendar.
    lang
        The page's language.
    as_of
        The calendar's date: an expected month before it has passed.
    latest
        The latest publication date the store holds from it (:meth:`Release.latest`).

    Returns
    -------
    NextRelease
        The words.

    Examples
    --------
    >>> r = load_releases().get("nbs_national_gdp")
    >>> w = release_words(r, "en", as_of=dt.date(2026, 12, 4), latest=dt.date(2025, 1, 17))
    >>> w.when, w.state
    ('expected about January 2026 (2025 figures)', 'past its expected month as of 2026-12-04; not yet in the store')
    """  # noqa: E501
    name = pick(lang, zh=release.name_zh, en=release.name_en)
    basis = t("release.basis", lang, basis=pick(lang, zh=release.basis_zh, en=release.basis_en))
    start = release.expected_from
    if release.expected is None or start is None:
        return NextRelease(name, t("release.unknown", lang), basis)
    covers = _covers(release, lang)
    when = t("release.expected", lang, when=_period_words(release.expected, lang)) + covers
    state = ""
    if _arrived(release, latest) and latest is not None:
        state = t("release.arrived", lang, date=latest.isoformat())
    elif as_of >= _month_end(start):
        state = t("release.past", lang, as_of=as_of.isoformat())
    return NextRelease(name, when, basis, state)


def _covers(release: Release, lang: Lang) -> str:
    """``（2026年数据）`` / `` (2026 figures)``, or nothing when the period is unknown."""
    if not release.covers:
        return ""
    return t("release.covers", lang, covers=_period_words(release.covers, lang))


def _arrived(release: Release, latest: dt.date | None) -> bool:
    """Whether the store holds figures from ``release`` published on or after its expected month."""
    start = release.expected_from
    return start is not None and latest is not None and latest >= start


def _month_end(start: dt.date) -> dt.date:
    """The first day after the month ``start`` begins."""
    return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)


def _calendar() -> ReleaseCalendar:
    from analytics.runs.registry import REPORTS

    return load_releases(reports=REPORTS)


def next_releases(ctx: ReportContext, report: str) -> ReleaseNotes:
    """When ``report`` will next change and why: the releases of its sources, the first in words.

    Parameters
    ----------
    ctx
        The report's context (its language and store).
    report
        The report's name (``industry``).

    Returns
    -------
    ReleaseNotes
        The summary line (the first expected release not yet in the store; or that none is
        known), each release with its basis, and the calendar's date.
    """
    lang = ctx.lang
    cal = ctx.cached("releases:calendar", _calendar)
    store = ctx.cached("releases:store", lambda: store_with_titles(ctx.data_dir))
    mine = cal.for_report(report)
    latest = {r.id: r.latest(store) for r in mine}
    items = [release_words(r, lang, as_of=cal.as_of, latest=latest[r.id]) for r in mine]
    pending = [r for r in mine if r.expected is not None and not _arrived(r, latest[r.id])]
    if pending:
        first = pending[0]
        name = pick(lang, zh=first.name_zh, en=first.name_en)
        covers = _covers(first, lang)
        assert first.expected is not None
        summary = t(
            "release.next", lang, when=_period_words(first.expected, lang), name=name, covers=covers
        )
    else:
        summary = t("release.none_known", lang)
    return ReleaseNotes(summary, items, t("release.as_of", lang, as_of=cal.as_of.isoformat()))
