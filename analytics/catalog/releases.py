"""The release calendar: ``data/catalog/releases.yaml`` loaded into typed objects, checked on load.

Each :class:`Release` is one source the store's data come from, when its next release is
expected (a month, or None: unknown) and the basis of that expectation in words, which store rows
come from it (:meth:`Release.rows`) and which reports change when it comes out. The file is
checked against its JSON Schema (``docs/schemas/releases.json``) and then for what a schema
cannot say: a regular expression that compiles, recorded dates that are real days, in order and
before the expected month, a report in the registry. Every problem is located
(``file:line:column``, the value, what was expected); none is guessed past.

Examples
--------
>>> cal = load_releases()
>>> r = cal.get("tianjin_work_report")
>>> r.expected, r.covers, r.recorded[-1].isoformat()
('2027-01', '2026', '2026-01-26')
>>> cal.get("nbs_provincial_annual").expected is None
True
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from analytics._yaml import at
from analytics.catalog._schema import _node, validated
from analytics.catalog._schemas import RELEASES
from analytics.config import catalog_dir
from analytics.exceptions import CatalogError, DataValidationError, Problem, did_you_mean

__all__ = ["Release", "ReleaseCalendar", "load_releases", "releases_path", "with_titles"]

Key = str | int


def releases_path(root: Path | None = None) -> Path:
    """``data/catalog/releases.yaml`` under the project root.

    Parameters
    ----------
    root
        The project's root folder (None: the project's).

    Returns
    -------
    Path
        The file (not checked).

    Examples
    --------
    >>> releases_path(Path("/srv/wb")).as_posix()
    '/srv/wb/data/catalog/releases.yaml'
    """
    return catalog_dir(root) / "releases.yaml"


@dataclass(frozen=True)
class Release:
    """One source's release: when the next is expected, on what basis, which rows it brings.

    Parameters
    ----------
    id
        The release's id (``after: <id>`` in a schedule).
    name_zh, name_en
        Its name in both languages.
    publisher
        Who publishes it.
    frequency
        ``annual``, ``monthly``, ``irregular`` or ``none`` (not expected again).
    expected
        ``YYYY-MM`` of the next release the store does not hold yet; None: unknown.
    covers
        The period that release would bring; None: unknown.
    recorded
        The dates of earlier releases the store records.
    basis_zh, basis_en
        The basis of the expectation (or why it is unknown), in words.
    match
        Which store rows come from it (see :meth:`rows`).
    reports
        The reports whose pages change when it is released.
    """

    id: str
    name_zh: str
    name_en: str
    publisher: str
    frequency: str
    expected: str | None
    covers: str | None
    recorded: tuple[dt.date, ...]
    basis_zh: str
    basis_en: str
    match: tuple[tuple[str, Any], ...]
    reports: tuple[str, ...]

    @property
    def expected_from(self) -> dt.date | None:
        """The first day of the expected month (None: unknown).

        Examples
        --------
        >>> load_releases().get("miit_monthly").expected_from
        datetime.date(2026, 12, 1)
        """
        if self.expected is None:
            return None
        year, month = self.expected.split("-")
        return dt.date(int(year), int(month), 1)

    def rows(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The rows of ``frame`` (the store, with the sources' ``title``) that come from it.

        Parameters
        ----------
        frame
            Observations with ``source``, ``vintage``, ``region``, ``indicator`` and ``title``
            (the source's title; absent: a ``titles`` rule matches nothing).

        Returns
        -------
        pl.DataFrame
            The rows every rule of ``match`` holds for.

        Examples
        --------
        >>> df = pl.DataFrame({"source": ["nbs/a.csv", "reference/figures.csv:3"],
        ...     "vintage": ["nbs_export", "published"], "region": ["120000"] * 2,
        ...     "indicator": ["gdp"] * 2, "title": ["", "x"]})
        >>> load_releases().get("nbs_provincial_annual").rows(df)["source"].to_list()
        ['nbs/a.csv']
        """
        keep = pl.lit(True)
        for key, value in self.match:
            if key in ("vintages", "regions", "indicators"):
                column = key.removesuffix("s")
                keep &= pl.col(column).is_in(list(value))
            elif key == "sources":
                keep &= pl.col("source").str.contains(value)
            elif key == "titles":
                has = "title" in frame.columns
                keep &= pl.col("title").fill_null("").str.contains(value) if has else False
        return frame.filter(keep)

    def latest(self, frame: pl.DataFrame) -> dt.date | None:
        """The latest publication date among ``frame``'s rows from it (None: none dated).

        Parameters
        ----------
        frame
            As for :meth:`rows`, with ``published``.

        Returns
        -------
        datetime.date or None
            The date.

        Examples
        --------
        >>> df = pl.DataFrame({"source": ["nbs/a.csv"], "vintage": ["nbs_export"],
        ...     "region": ["120000"], "indicator": ["gdp"], "title": [""],
        ...     "published": [dt.date(2025, 1, 2)]})
        >>> load_releases().get("nbs_provincial_annual").latest(df)
        datetime.date(2025, 1, 2)
        """
        dates = self.rows(frame)["published"].drop_nulls()
        return dates.max() if dates.len() else None  # type: ignore[return-value]


def with_titles(observations: pl.LazyFrame | pl.DataFrame, sources: pl.DataFrame) -> pl.DataFrame:
    """The store's observations with each source's ``title``: what a release's rules read.

    Parameters
    ----------
    observations
        The store (``scan_store()``).
    sources
        The sources table (``read_sources()``), with ``id`` and ``title``.

    Returns
    -------
    pl.DataFrame
        ``source``, ``vintage``, ``region``, ``indicator``, ``period``, ``published``, ``title``.

    Examples
    --------
    >>> obs = pl.DataFrame({"source": ["s1"], "vintage": ["v"], "region": ["120000"],
    ...     "indicator": ["gdp"], "period": ["2024"], "published": [None]})
    >>> with_titles(obs, pl.DataFrame({"id": ["s1"], "title": ["T"]}))["title"].to_list()
    ['T']
    """
    cols = ["source", "vintage", "region", "indicator", "period", "published"]
    obs = observations.lazy().select(cols).collect()
    return obs.join(sources.select("id", "title"), left_on="source", right_on="id", how="left")


@dataclass(frozen=True)
class ReleaseCalendar:
    """The loaded calendar: the day it was written and its releases, in the file's order.

    Parameters
    ----------
    path
        The file it was read from.
    as_of
        The day its expectations were written (an expected month before it has passed).
    releases
        Its releases, in the file's order.
    """

    path: Path
    as_of: dt.date
    releases: tuple[Release, ...]

    def get(self, release_id: str) -> Release:
        """A release by id; :class:`CatalogError` with a close match when unknown.

        Parameters
        ----------
        release_id
            The id.

        Returns
        -------
        Release
            The release.
        """
        for r in self.releases:
            if r.id == release_id:
                return r
        ids = [r.id for r in self.releases]
        raise CatalogError(
            f"unknown release `{release_id}` in {self.path}{did_you_mean(release_id, ids)}"
        )

    def for_report(self, report: str) -> list[Release]:
        """The releases that change ``report``: those expected first (by month), unknown last.

        Parameters
        ----------
        report
            A report's name.

        Returns
        -------
        list[Release]
            Sorted by expected month; the unknown ones after, in the file's order.
        """
        mine = [r for r in self.releases if report in r.reports]
        return sorted(mine, key=lambda r: (r.expected is None, r.expected or ""))


class _Where:
    """Locate keys in the YAML node tree and collect problems there."""

    def __init__(self, path: Path, root: yaml.Node | None) -> None:
        self.path, self.root, self.problems = path, root, list[Problem]()
        self.entry = ""
        """Said before each message: the entry the problem is in."""

    def add(self, keys: Sequence[Key], message: str, hint: str = "") -> None:
        """A problem at ``keys`` (the deepest node found), its entry named first."""
        node = _node(self.root, keys)
        mark = node.start_mark if node is not None else None
        self.problems.append(at(self.path, mark, self.entry + message, hint))


def _day(text: str, w: _Where, keys: tuple[Key, ...]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        w.add(keys, f"`{text}` is not a day of the calendar", "write YYYY-MM-DD")
        return None


def _release(raw: dict[str, Any], i: int, w: _Where, reports: Collection[str] | None) -> Release:
    """One entry, checked past its schema (each problem located under ``releases[i]``)."""
    at: tuple[Key, ...] = ("releases", i)
    w.entry = f"release `{raw['id']}`: "
    days = [_day(str(d), w, (*at, "recorded", j)) for j, d in enumerate(raw.get("recorded", []))]
    recorded = tuple(d for d in days if d is not None)
    if list(recorded) != sorted(recorded):
        w.add((*at, "recorded"), "`recorded` dates are not in order", "oldest first")
    expected = raw["expected"]
    if expected is not None and recorded and recorded[-1].isoformat()[:7] >= expected:
        w.add(
            (*at, "expected"),
            f"`expected: {expected}` is not after the last recorded release "
            f"({recorded[-1].isoformat()})",
            "the next release is one the store does not hold yet",
        )
    match = raw["match"]
    for key in ("sources", "titles"):
        if key in match:
            try:
                re.compile(match[key])
            except re.error as err:
                w.add(
                    (*at, "match", key),
                    f"`{key}: {match[key]}` is not a regular expression ({err})",
                )
    for j, report in enumerate(raw["reports"]):
        if reports is not None and report not in reports:
            w.add(
                (*at, "reports", j),
                f"report `{report}` is not a report{did_you_mean(report, reports)}",
            )
    return Release(
        id=raw["id"],
        name_zh=raw["name_zh"],
        name_en=raw["name_en"],
        publisher=raw.get("publisher", ""),
        frequency=raw["frequency"],
        expected=expected,
        covers=None if raw["covers"] is None else str(raw["covers"]),
        recorded=recorded,
        basis_zh=raw["basis"]["zh"],
        basis_en=raw["basis"]["en"],
        match=tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in match.items()),
        reports=tuple(raw["reports"]),
    )


_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")


def _no_impossible_days(path: Path, text: str) -> None:
    """Refuse a written date that is no day (2025-02-30), located, before YAML reads it.

    YAML reads ``2025-02-30`` as a date and fails with a bare ``ValueError``; here it is a
    problem at its line and column instead.
    """
    problems = []
    for n, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        for m in _DATE.finditer(line):
            try:
                dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                why = f"`{m[0]}` is not a day of the calendar"
                problems.append(Problem(path, n, m.start() + 1, why, "write YYYY-MM-DD"))
    if problems:
        raise DataValidationError(problems)


def load_releases(
    path: Path | None = None, *, reports: Collection[str] | None = None
) -> ReleaseCalendar:
    r"""Load and check the release calendar (default ``data/catalog/releases.yaml``).

    Parameters
    ----------
    path
        The YAML file.
    reports
        The known report names (None: a report is not checked; the run layer passes the
        registry's).

    Returns
    -------
    ReleaseCalendar
        The calendar.

    Raises
    ------
    DataValidationError
        With every problem located (file, line, column, the value, what was expected).

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "r.yaml"
    >>> _ = p.write_text(releases_path().read_text("utf-8").replace("expected: 2027-01", "expected: 2027-13", 1))
    >>> load_releases(p)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    analytics.exceptions.DataValidationError: ...r.yaml:...: `expected: 2027-13` is not a month (YYYY-MM)...
    """  # noqa: E501
    path = Path(path or releases_path())
    text = path.read_text(encoding="utf-8")
    _no_impossible_days(path, text)
    node, raw = validated(path, RELEASES, text)
    w = _Where(path, node)
    out = tuple(_release(r, i, w, reports) for i, r in enumerate(raw["releases"]))
    w.entry = ""
    as_of = _day(str(raw["as_of"]), w, ("as_of",))
    if w.problems:
        raise DataValidationError(sorted(w.problems, key=lambda p: (int(p.line), str(p.column))))
    assert as_of is not None
    return ReleaseCalendar(path, as_of, out)
