"""The words of ``editions.html``, the list of a target's editions, in zh and en.

The page is written at publish time by :mod:`analytics.runs.publish`, which may not import the
reports' message catalog (runs/ sits below reports/); its few words live here.

Examples
--------
>>> word("number", "en", number=3), word("number", "zh", number=3)
('Edition 3', '第3版')
"""

from __future__ import annotations

from analytics._typing import Lang

__all__ = ["WORDS", "word"]

WORDS: dict[str, dict[Lang, str]] = {
    "page_title": {"zh": "{title} · 历次版本", "en": "{title} · editions"},
    "page_intro": {
        "zh": "本报告每次发布即为一版；各版均保留，最新的在前。",
        "en": "Every publication of this report is an edition; all are kept, newest first.",
    },
    "col.number": {"zh": "版次", "en": "Edition"},
    "col.published": {"zh": "发布时间", "en": "Published"},
    "number": {"zh": "第{number}版", "en": "Edition {number}"},
    "current": {"zh": "（本版）", "en": " (this one)"},
    "back": {"zh": "返回当前报告", "en": "Back to the current report"},
    "index": {"zh": "全部报告", "en": "All reports"},
}
"""Key → {"zh": text, "en": text}; texts are ``str.format`` templates."""


def word(key: str, lang: Lang, /, **fields: object) -> str:
    """The word ``key`` of the editions page in ``lang``, with ``fields`` filled in.

    Parameters
    ----------
    key
        A key of :data:`WORDS`.
    lang
        ``zh`` or ``en``.
    **fields
        The template's fields (``number``, ``title``).

    Returns
    -------
    str
        The text.
    """
    return WORDS[key][lang].format(**fields)
