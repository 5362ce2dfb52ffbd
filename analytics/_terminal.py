"""Text safe to show: short excerpts of file contents, and no escape sequence on a terminal.

Light on purpose (no polars): the CLI's error path imports it for every command.
"""

from __future__ import annotations

import re

__all__ = ["excerpt", "printable"]

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
"""CSI (colours, cursor moves), OSC (window titles, hyperlinks) and two-byte escape sequences."""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0/C1 control characters (tab and newline kept) and the bidirectional overrides."""


def excerpt(text: str, *, limit: int = 40) -> str:
    r"""At most ``limit`` characters of ``text``, control characters escaped, ``…`` when cut.

    How an error quotes a file: never its whole contents, never raw escapes.

    Examples
    --------
    >>> excerpt("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1", limit=12)
    'root:x:0:0:r…'
    >>> excerpt("a\x1b[2Jb")
    'a\\x1b[2Jb'
    """
    cut = text[:limit] + ("…" if len(text) > limit else "")
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), cut)


def printable(text: str) -> str:
    r"""``text`` safe for a terminal: escape sequences removed, other control characters escaped.

    Newlines and tabs are kept; everything else below U+0020 (and DEL, C1, bidi overrides) is shown
    as ``\xNN`` so it can be read but never acts.

    Examples
    --------
    >>> printable("x.csv:3:1: `\x1b]0;pwned\x07a\rb`")
    'x.csv:3:1: `a\\rb`'
    """
    return _CONTROL.sub(
        lambda m: m.group().encode("unicode_escape").decode("ascii"), _ANSI.sub("", text)
    )
