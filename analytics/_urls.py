"""One rule for the addresses a page may link to: ``http://`` or ``https://`` with a host.

A plan's or a source's URL becomes a clickable link in a report, so ``javascript:``, ``data:``,
``file:`` and scheme-relative (``//host``) addresses are refused where they are loaded.

Examples
--------
>>> is_web_url("https://www.stats.gov.cn/sj/"), is_web_url(" javascript:alert(1)")
(True, False)
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["is_web_url"]

_INVISIBLE = re.compile(r"[\x00-\x20\x7f]")


def is_web_url(url: object) -> bool:
    r"""Whether ``url`` is an http(s) address with a host (what a browser would read).

    Whitespace and control characters are dropped first, as browsers do, so ``java\tscript:``
    is read as the ``javascript:`` it is.

    Examples
    --------
    >>> [is_web_url(u) for u in ("http://x.cn/a", "HTTPS://x.cn", "java\tscript:x", "https://")]
    [True, True, False, False]
    """
    if not isinstance(url, str):
        return False
    parts = urlsplit(_INVISIBLE.sub("", url))
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
