"""One report's parameters and data access: region, period, language, peers, the store, words.

Every section function takes a :class:`ReportContext` and nothing else, so a report notebook is
one setup cell (``ctx = ReportContext(region=…)``) and one cell per section.

Examples
--------
>>> ctx = ReportContext(lang="en")
>>> ctx.region, ctx.name, ctx.t("fiveg.title", name=ctx.name)
('120000', 'Tianjin', 'Tianjin: 5G and digital infrastructure')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, get_args
from zoneinfo import ZoneInfo

import polars as pl

from analytics._typing import Lang
from analytics.config import DEFAULT_LANG, DEFAULT_REGION, TIMEZONE
from analytics.exceptions import AnalyticsError

if TYPE_CHECKING:  # pragma: no cover
    import altair as alt

    from analytics.reports.section import Section

__all__ = ["ReportContext", "SectionMaker", "check_lang", "section_maker"]

T = TypeVar("T")
_LANGS: dict[str, Lang] = {lang: lang for lang in get_args(Lang)}


def check_lang(lang: str) -> Lang:
    """``lang`` as a :data:`~analytics._typing.Lang`, or an error naming the two choices.

    Parameters
    ----------
    lang : str
        A report language: ``zh`` or ``en``.

    Raises
    ------
    AnalyticsError
        For any other value.

    Examples
    --------
    >>> check_lang("en")
    'en'
    """
    if lang not in _LANGS:
        raise AnalyticsError(f"unknown lang `{lang}` — use `zh` or `en`")
    return _LANGS[lang]


def _code(region: object) -> str:
    """A region as text: papermill passes ``-p region 120000`` as an int (``000000`` as 0).

    Examples
    --------
    >>> _code(120000), _code(0), _code("天津")
    ('120000', '000000', '天津')
    """
    if isinstance(region, int) and not isinstance(region, bool):
        return f"{region:06d}"
    return str(region)


@dataclass(frozen=True, eq=False)
class ReportContext:
    """What every section of a report shares; computed pieces are cached per context.

    Parameters
    ----------
    region, period, lang, peers, data_dir
        The report notebook's parameters (papermill passes ``data_dir`` as text or None).
        ``peers`` None (the default) takes the region's from ``data/catalog/peers.yaml``
        (:func:`analytics.catalog.peers_of`); a list given wins.
    _memo : dict
        The cache :meth:`cached` keeps computed pieces in; internal (leave it out: each
        context starts with its own, empty).
    """

    region: str = DEFAULT_REGION
    period: str = "latest"
    lang: Lang = DEFAULT_LANG  # type: ignore[assignment]
    peers: Sequence[str] | None = None
    data_dir: Path | None = None
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        from analytics.catalog import resolve_region

        object.__setattr__(self, "lang", check_lang(self.lang))
        object.__setattr__(self, "region", _code(self.region))  # papermill: `-p region 120000`
        if not self.region.isdigit():  # a name (天津, Tianjin); codes are checked where used
            object.__setattr__(self, "region", resolve_region(self.region))
        if self.peers is None:  # the region's group (peers.yaml), never one list for all
            from analytics.catalog import peers_of

            object.__setattr__(self, "peers", peers_of(self.region))
        object.__setattr__(self, "peers", tuple(_code(p) for p in self.peers or ()))
        if self.data_dir is not None and not isinstance(self.data_dir, Path):
            object.__setattr__(self, "data_dir", Path(self.data_dir) if self.data_dir else None)

    def t(self, key: str, /, **fields: object) -> str:
        """The message ``key`` in this report's language (:func:`analytics.reports.messages.t`)."""
        from analytics.reports.messages import t

        return t(key, self.lang, **fields)

    @property
    def name(self) -> str:
        """The region's name in the report's language."""
        return self.region_name(self.region)

    def region_name(self, code: str) -> str:
        """Any region's name in the report's language."""
        from analytics.catalog import region_name

        return region_name(code, self.lang)

    @property
    def regions(self) -> list[str]:
        """The region first, then the peers other than the region."""
        return [self.region, *[p for p in self.peers or () if p != self.region]]

    def cached(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()`` once per context: sections that share a frame or a fit share it."""
        if key not in self._memo:
            self._memo[key] = compute()
        out: T = self._memo[key]
        return out

    def observations(self, indicator: str, regions: Sequence[str] | None = None) -> pl.DataFrame:
        """Non-null observations of ``indicator`` up to the report's period, by region, period."""
        from analytics.reports._common import observations
        from analytics.stats.periods import within

        who = list(regions) if regions is not None else self.regions
        key = f"obs:{indicator}:{','.join(who)}"
        return self.cached(
            key, lambda: observations(indicator, who, self.data_dir).filter(within(self.period))
        )

    def measured(self, row: Mapping[str, Any]) -> str:
        """When an observation is from: its period, marked "(inferred; stated …)" when inferred."""
        from analytics.reports.when import measured

        return measured(
            str(row["period"]), row.get("period_basis"), row.get("published"), self.lang
        )

    def parameters(self) -> dict[str, Any]:
        """The parameters as the provenance footer records them."""
        return {
            "region": self.region,
            "period": self.period,
            "lang": self.lang,
            "peers": list(self.peers or ()),
        }

    def sources_read(self) -> tuple[str, ...]:
        """The store ``source`` ids of every frame this context has read so far (its licences).

        Returns
        -------
        tuple
            The ids, in the order first read.
        """
        import dataclasses

        found: dict[str, None] = {}
        for value in list(self._memo.values()):
            parts = [value]  # a frame, or a result holding frames (the index's panel)
            if dataclasses.is_dataclass(value) and not isinstance(value, type):
                parts += [getattr(value, f.name) for f in dataclasses.fields(value)]
            elif isinstance(value, tuple | list):
                parts += list(value)
            for part in parts:
                if isinstance(part, pl.DataFrame) and part.schema.get("source") == pl.Utf8:
                    found.update(dict.fromkeys(part["source"].drop_nulls().unique().sort()))
        return tuple(found)

    def csv_header(self, title: str) -> dict[str, str]:
        """What every chart CSV names first: the report, the region and the period."""
        return {"report": title, "region": self.name, "period": self.period}

    def generated(self) -> str:
        """The time of this context's run, in the project's time zone (once per context)."""
        return self.cached(
            "generated", lambda: datetime.now(ZoneInfo(TIMEZONE)).strftime("%Y-%m-%d %H:%M %Z")
        )

    def indicator_name(self, indicator: str) -> str:
        """The indicator's name from the catalog, in the report's language."""
        from analytics.catalog import get_indicator

        name: str = getattr(get_indicator(indicator), f"name_{self.lang}")
        return name

    def section(
        self,
        report_title: str,
        heading: str,
        chart: alt.TopLevelMixin | None = None,
        name: str = "",
        data: pl.DataFrame | None = None,
        sentences: Sequence[str] = (),
    ) -> Section:
        """A section in the report's language whose chart CSV names the report, region, period."""
        from analytics.reports.section import Section

        sec = Section(
            heading, chart, name, data, list(sentences), self.lang, self.csv_header(report_title)
        )
        sec.data_dir, sec.region = self.data_dir, self.region  # the chart's download's store
        return sec


class SectionMaker(Protocol):
    """A report's section builder: :meth:`ReportContext.section` with the report's title bound."""

    def __call__(
        self,
        ctx: ReportContext,
        heading: str,
        chart: alt.TopLevelMixin | None = None,
        name: str = "",
        data: pl.DataFrame | None = None,
        sentences: Sequence[str] = (),
    ) -> Section:
        """The section ``heading`` with its chart, CSV data and sentences."""
        ...


def section_maker(title: Callable[[ReportContext], str]) -> SectionMaker:
    """The section builder of the report whose title ``title(ctx)`` gives (one per report).

    Parameters
    ----------
    title : Callable
        The report's title for a context (``title(ctx)``), which each section's chart CSV names.

    Returns
    -------
    SectionMaker
        :meth:`ReportContext.section` with that title bound.
    """

    def make(
        ctx: ReportContext,
        heading: str,
        chart: alt.TopLevelMixin | None = None,
        name: str = "",
        data: pl.DataFrame | None = None,
        sentences: Sequence[str] = (),
    ) -> Section:
        return ctx.section(title(ctx), heading, chart, name, data, sentences)

    return make
