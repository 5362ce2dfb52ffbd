"""A report page's links and printed running head; links only to pages that exist.

A page is published at ``<out>/<report>/<region>/<period>/<lang>/report.html`` and the index (the
navigator) at ``<out>/../index.html``, four folders up. Which other reports, languages and
peers' reports exist is known only when the batch has published them, so every link to another
report goes to the navigator with the report, region, period and language in the fragment
(``index.html#report=fiveg&region=120000``), which its finder reads; the editions of this page
are ``editions.html`` beside it.

Examples
--------
>>> nav = Navigation("fiveg", "120000", "2024", "en", ("110000", "000000"))
>>> nav.other_lang_href()
'../../../../../index.html#report=fiveg&region=120000&period=2024&lang=zh'
>>> [href for _, href in nav.peer_links()]
['../../../../../index.html#report=fiveg&region=110000&lang=en']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from analytics._typing import Lang

if TYPE_CHECKING:  # pragma: no cover
    from analytics.reports.context import ReportContext

__all__ = ["EDITIONS", "INDEX", "Navigation", "navigation", "running_head_css"]

INDEX = "../../../../../index.html"
"""The navigator, from a published ``<report>/<region>/<period>/<lang>/report.html``."""
EDITIONS = "editions.html"
"""The page's editions, beside it (written when an edition is published)."""


@dataclass(frozen=True)
class Navigation:
    """Where a report page links: the navigator, its other language, its editions, its peers.

    Parameters
    ----------
    report
        The report's registry name (``fiveg``).
    region
        The page's region code.
    period
        The page's period (``latest`` when not resolved: then no period is given to the finder).
    lang
        The page's language.
    peers
        Peer region codes (China, which has no provincial page, is left out of the links).
    edition
        The edition's date (``2026-12-04``), for the printed running head.
    """

    report: str
    region: str
    period: str
    lang: Lang
    peers: tuple[str, ...] = ()
    edition: str = ""

    def _find(self, **fields: str) -> str:
        """The navigator, its finder set to ``fields`` (those given)."""
        return f"{INDEX}#{urlencode({k: v for k, v in fields.items() if v})}"

    def _period(self) -> str:
        return "" if self.period.startswith("latest") else self.period

    def _other(self) -> str:
        from analytics.reports.messages import t

        return t("nav.other_lang", self.lang)  # "en" on a Chinese page, "zh" on an English one

    def other_lang_href(self) -> str:
        """The same report, region and period in the other language, found in the navigator."""
        return self._find(
            report=self.report, region=self.region, period=self._period(), lang=self._other()
        )

    def region_href(self) -> str:
        """Every report of this region."""
        return self._find(region=self.region)

    def peer_links(self) -> list[tuple[str, str]]:
        """``(code, href)`` of this report for each peer province, in this language."""
        from analytics.catalog import CHINA

        return [
            (code, self._find(report=self.report, region=code, lang=self.lang))
            for code in self.peers
            if code not in (CHINA, self.region)
        ]

    def running_head(self, title: str) -> str:
        """The printed pages' head: the page's title (report and region), period and edition."""
        from analytics.reports.messages import t
        from analytics.stats.periods import format_period

        parts = [title]
        if self._period():
            parts.append(format_period(self._period(), self.lang))
        if self.edition:
            parts.append(t("navigation.edition", self.lang, date=self.edition))
        return " · ".join(parts)

    def fields(self) -> dict[str, Any]:
        """What ``header.html.j2`` shows: every link with its words."""
        from analytics.catalog import region_name
        from analytics.reports.messages import t

        other = self._other()
        peers = [{"name": region_name(c, self.lang), "href": h} for c, h in self.peer_links()]
        return {
            "index": INDEX,
            "editions": EDITIONS,
            "other": other,
            "other_href": self.other_lang_href(),
            "region_href": self.region_href(),
            "peers": peers,
            "words": {
                k: t(f"navigation.{k}", self.lang)
                for k in ("label", "related", "editions", "peers", "list_sep")
            }
            | {
                "region": t(
                    "navigation.region_reports", self.lang, name=region_name(self.region, self.lang)
                ),
                "other_title": t("navigation.other_lang_title", self.lang),
            },
        }


def navigation(ctx: ReportContext, report: str) -> Navigation:
    """The links of ``report``'s page for ``ctx``'s region, period, language and peers.

    Parameters
    ----------
    ctx
        The report's context.
    report
        The report's registry name.

    Returns
    -------
    Navigation
        For :class:`~analytics.reports.section.Header`.

    Examples
    --------
    >>> from analytics.reports.context import ReportContext
    >>> navigation(ReportContext(region="440000", period="2024"), "industry").peers
    ('330000', '350000', '460000', '000000')
    """
    edition = ctx.generated()[:10]  # the run's date: the edition's
    return Navigation(report, ctx.region, ctx.period, ctx.lang, tuple(ctx.peers or ()), edition)


def _css_string(text: str) -> str:
    r"""``text`` as a CSS string whose every non-alphanumeric character is a hex escape.

    Safe inside ``<style>`` (no ``<``, ``"`` or ``\`` is left as itself) and not changed by
    HTML autoescaping.

    Examples
    --------
    >>> _css_string('a "b" </style>')
    '"a\\20 \\22 b\\22 \\20 \\3c \\2f style\\3e "'
    """
    out = "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):x} " for c in text)
    return f'"{out}"'


def running_head_css(head: str, page_word: str) -> str:
    """``@page`` rules: ``head`` at the top of every printed page, its number at the foot.

    Parameters
    ----------
    head
        The running head (report, region, period, edition date).
    page_word
        The page number's words with ``{n}`` where the number goes ("第 {n} 页", "Page {n}").

    Returns
    -------
    str
        CSS for a ``<style>`` element (every character of the words escaped).

    Examples
    --------
    >>> "counter(page)" in running_head_css("t", "Page {n}")
    True
    """
    before, _, after = page_word.partition("{n}")
    number = f"{_css_string(before)} counter(page) {_css_string(after)} "
    number += '"\\20 /\\20 " counter(pages)'
    return (
        "@page { @top-left { content: " + _css_string(head) + "; font-size: 8pt; color: #555; }"
        " @bottom-right { content: " + number + "; font-size: 8pt; color: #555; } }"
    )
