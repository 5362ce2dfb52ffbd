from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from analytics.exceptions import Problem
from analytics.io._safe import read_input

ENCODINGS = ("utf-8", "gb18030")
"""Tried in order after a UTF-8 BOM check; GB18030 is a superset of GBK and GB2312."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    sha256: str


def _locate(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, offset - start + 1


def decode(path: Path, data: bytes | None = None) -> Decoded | Problem:
    """Detect UTF-8 (with or without BOM), GBK or GB18030; never assume.

    Returns a :class:`Problem` located at the first undecodable byte when none fits, and the
    refusal of :func:`~analytics.io._safe.read_input` for a link, pipe or device (never opened).
    """
    raw = read_input(path) if data is None else data
    if isinstance(raw, Problem):
        return raw
    digest = hashlib.sha256(raw).hexdigest()
    if raw.startswith(b"\xef\xbb\xbf"):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in raw[:200]:
        return Problem(
            path,
            1,
            1,
            "the file looks like UTF-16 (NUL bytes)",
            "re-export as UTF-8, GBK or GB18030 text",
        )
    else:
        candidates = ENCODINGS
    first_error: UnicodeDecodeError | None = None
    for enc in candidates:
        try:
            return Decoded(raw.decode(enc), "utf-8" if enc == "utf-8-sig" else enc, digest)
        except UnicodeDecodeError as err:
            first_error = first_error or err
    assert first_error is not None
    line, col = _locate(raw, first_error.start)
    bad = raw[first_error.start : first_error.start + 4].hex(" ")
    return Problem(
        path,
        line,
        col,
        f"bytes `{bad}` are not valid UTF-8, GBK or GB18030",
        "re-export the file as UTF-8",
    )
