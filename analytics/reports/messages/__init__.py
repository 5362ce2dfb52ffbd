"""Every word a report shows, in Chinese and English, by key: ``t("fiveg.title", "en", name=…)``.

The catalog is plain data (one dict per report plus the shared words), so a translator edits
text without touching code, and a test checks that every key has both languages.

Examples
--------
>>> t("fiveg.title", "zh", name="天津"), t("fiveg.title", "en", name="Tianjin")
('天津5G与数字基础设施报告', 'Tianjin: 5G and digital infrastructure')
>>> t("fiveg.titel", "en")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
analytics.reports.messages.MessageError: unknown message key `fiveg.titel` — did you mean ...
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from analytics._typing import Lang
from analytics.exceptions import AnalyticsError, did_you_mean
from analytics.reports.messages import (
    common,
    digital_economy,
    downloads,
    editions,
    fiveg,
    industry,
    infra,
    monthly,
    narrative,
    navigation,
    plan,
    releases,
)

__all__ = ["MESSAGES", "MessageError", "pick", "t"]

MESSAGES: Mapping[str, Mapping[Lang, str]] = {
    **common.MESSAGES,
    **fiveg.MESSAGES,
    **fiveg.FORECAST,
    **industry.MESSAGES,
    **digital_economy.MESSAGES,
    **infra.MESSAGES,
    **plan.MESSAGES,
    **monthly.MESSAGES,
    **narrative.MESSAGES,
    **editions.MESSAGES,
    **releases.MESSAGES,
    **downloads.MESSAGES,
    **navigation.MESSAGES,
}
"""Key → {"zh": text, "en": text}; texts are ``str.format`` templates."""


T = TypeVar("T")


def pick(lang: Lang, /, *, zh: T, en: T) -> T:
    """Of a thing given in both languages (a catalog's ``unit`` and ``unit_en``), ``lang``'s.

    Parameters
    ----------
    lang
        The reader's language.
    zh, en
        The Chinese and the English form.

    Returns
    -------
    T
        The one for ``lang``.

    Examples
    --------
    >>> pick("en", zh="个", en="stations")
    'stations'
    """
    return {"zh": zh, "en": en}[lang]


class MessageError(AnalyticsError, KeyError):
    """A message key that is not in the catalog, or a template missing one of its fields."""

    def __str__(self) -> str:
        return str(self.args[0])


def t(key: str, lang: Lang, /, **fields: object) -> str:
    """The message ``key`` in ``lang``, its ``{fields}`` filled in.

    Parameters
    ----------
    key : str
        A key of :data:`MESSAGES` (``fiveg.title``).
    lang : Lang
        The language of the text: ``zh`` or ``en``.
    **fields : object
        The template's ``{fields}``, by name.

    Raises
    ------
    MessageError
        When ``key`` is unknown (naming the closest key) or a field of its template is not given.

    Examples
    --------
    >>> t("status.achieved", "en")
    '✓ Achieved'
    """
    entry = MESSAGES.get(key)
    if entry is None:
        raise MessageError(f"unknown message key `{key}`" + did_you_mean(key, MESSAGES))
    try:
        return entry[lang].format(**fields)
    except KeyError as err:
        raise MessageError(
            f"message `{key}` ({lang}) needs the field {err} — pass it as t({key!r}, lang, "
            f"{err.args[0]}=...)"
        ) from None
