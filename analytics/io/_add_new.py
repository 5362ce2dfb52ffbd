"""New catalog indicators by command: ``analytics data add FILE --new COLUMN=ID …``.

A column the catalog has no indicator for is proposed as a new entry (its ``name_zh`` from the
file, its unit from the header, its frequency from the layout). ``--new COLUMN=ID`` (or ``--new
ID`` with ``--name-zh`` for a file that names no indicator) with ``--domain`` and
``--direction`` writes the entry to ``data/catalog/indicators.yaml`` with the file as its
``source``, in the same commit as the file. Nothing is invented: an English name or a unit not
given stays empty (reports show the Chinese name), and a missing answer refuses the add, naming
the exact flags.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from analytics.catalog import indicators
from analytics.catalog._vocab import DOMAINS
from analytics.config import catalog_dir
from analytics.exceptions import Problem, did_you_mean
from analytics.io._add_tree import as_home, mirror, write_new

__all__ = [
    "DIRECTIONS",
    "NewAnswers",
    "catalog_with",
    "new_entry",
    "pairs",
    "refusal",
    "with_entries",
]

DIRECTIONS: dict[str, str] = {
    "higher": "higher_is_better",
    "lower": "lower_is_better",
    "neutral": "neutral",
    "higher_is_better": "higher_is_better",
    "lower_is_better": "lower_is_better",
}
"""``--direction`` words → the catalog's ``direction``."""
_ID = re.compile(r"^[a-z][a-z0-9_]{1,47}$")
CATALOG_FILE = "indicators.yaml"
"""Where a new indicator of an NBS export is written (beside the other NBS indicators)."""


@dataclass(frozen=True, slots=True)
class NewAnswers:
    """The answers ``--new`` needs: names, domain, direction and (when the file has none) unit.

    Parameters
    ----------
    name_zh, name_en, domain, direction, unit
        ``--name-zh`` (a file that names no indicator), ``--name-en`` (optional: stays empty),
        ``--domain``, ``--direction`` (``higher``, ``lower`` or ``neutral``), ``--unit``
        (optional when the header has none: stays empty).

    Examples
    --------
    >>> NewAnswers(domain="industry").missing(named=True)
    ['--direction (higher, lower or neutral)']
    """

    name_zh: str | None = None
    name_en: str | None = None
    domain: str | None = None
    direction: str | None = None
    unit: str | None = None

    def missing(self, *, named: bool) -> list[str]:
        """The flags still to give (``named``: the file names the indicator itself)."""
        out = [] if named or self.name_zh else ["--name-zh NAME (the file names no indicator)"]
        if self.domain is None:
            out.append(f"--domain ({', '.join(DOMAINS)})")
        if self.direction is None:
            out.append("--direction (higher, lower or neutral)")
        return out


def pairs(values: tuple[str, ...] | list[str], flag: str, *, bare: bool) -> dict[str, str]:
    """``COLUMN=ID`` values of ``flag`` as ``{COLUMN: ID}``; a bare ``ID`` as ``{"": ID}``.

    Parameters
    ----------
    values
        The flag's values as given.
    flag
        ``--map`` or ``--new``, for the message.
    bare
        Whether a value without ``=`` is allowed (``--new ID``).

    Returns
    -------
    dict[str, str]
        Column label (or name) → id; a :class:`ValueError` for a malformed value.

    Examples
    --------
    >>> pairs(["社会消费品零售总额 (亿元)=retail_sales"], "--new", bare=True)
    {'社会消费品零售总额 (亿元)': 'retail_sales'}
    >>> pairs(["retail_sales"], "--new", bare=True)
    {'': 'retail_sales'}
    """
    out: dict[str, str] = {}
    for value in values:
        column, sep, ind = value.rpartition("=")
        if not sep and not bare:
            raise ValueError(f"{flag} `{value}`: expected COLUMN=ID")
        out[column.strip()] = ind.strip()
    return out


def new_entry(
    ind_id: str,
    *,
    name_zh: str,
    unit: str | None,
    answers: NewAnswers,
    source: str,
    today: dt.date,
    measure: str = "level",
) -> dict[str, Any] | str:
    """The catalog entry ``--new`` writes, or what is wrong with the answers.

    Parameters
    ----------
    ind_id
        The new id.
    name_zh
        The Chinese name (from the file, else ``--name-zh``).
    unit
        The unit from the header (``--unit`` when the header has none).
    answers
        The answers given on the command line.
    source
        The file's source id (``nbs/<file>``).
    today
        The date added.
    measure
        The measure the file holds (``index_prev_year_100`` for a ``(上年=100)`` column).

    Returns
    -------
    dict | str
        The entry, or a message naming the flags still missing or wrong.

    Examples
    --------
    >>> said = NewAnswers(domain="industry", direction="neutral")
    >>> e = new_entry("rpi_urban", name_zh="城市商品零售价格指数", unit=None, answers=said,
    ...               source="nbs/x.csv", today=dt.date(2026, 12, 3))
    >>> e["name_en"], e["unit"], e["direction"], e["source"]
    ('', '', 'neutral', 'nbs/x.csv')
    >>> new_entry("gdp", name_zh="地区生产总值", unit="亿元", answers=said, source="nbs/x.csv",
    ...           today=dt.date(2026, 12, 3))
    '`gdp` is in the catalog already: take the column with --map …=gdp'
    """
    if not _ID.match(ind_id):
        return f"`{ind_id}` is not an id (lower-case letters, digits and `_`, starting a letter)"
    if ind_id in indicators():
        return f"`{ind_id}` is in the catalog already: take the column with --map …={ind_id}"
    missing = answers.missing(named=True)
    if missing:
        return f"the new indicator `{ind_id}` needs {' and '.join(missing)}"
    domain = str(answers.domain)
    if domain not in DOMAINS:
        return f"--domain `{domain}` is not a domain{did_you_mean(domain, DOMAINS)}"
    direction = DIRECTIONS.get(str(answers.direction))
    if direction is None:
        return f"--direction `{answers.direction}`: expected higher, lower or neutral"
    unit = unit if unit is not None else (answers.unit or "")
    where = f"data/raw/{source}"
    return {
        "id": ind_id,
        "name_zh": name_zh,
        "name_en": answers.name_en or "",
        "unit": unit,
        "frequency": "annual",
        "direction": direction,
        "domain": answers.domain,
        "measures": [measure],
        "nonnegative": True,
        "source": source,
        "description": f"Added with `analytics data add` on {today.isoformat()} from {where}.",
    }


def with_entries(text: str, entries: list[dict[str, Any]]) -> str:
    r"""``indicators.yaml`` text with ``entries`` appended (the rest byte for byte).

    Examples
    --------
    >>> with_entries("- id: a\n", [{"id": "b", "name_zh": "乙"}])
    '- id: a\n- id: b\n  name_zh: 乙\n'
    """
    block = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100)
    return text + ("" if text.endswith("\n") or not text else "\n") + block


@contextlib.contextmanager
def catalog_with(entries: list[dict[str, Any]]) -> Iterator[None]:
    """The project's catalog with ``entries`` added, as the catalog, while the block runs.

    Used to read an offered file that uses a new indicator before the entry is written; the
    staged build then reads the written entry.
    """
    if not entries:
        yield
        return
    root = Path(tempfile.mkdtemp(prefix=".add-catalog-"))
    try:
        folder = root / "data" / "catalog"
        mirror(catalog_dir(), folder)
        text = (catalog_dir() / CATALOG_FILE).read_text(encoding="utf-8")
        write_new(folder / CATALOG_FILE, with_entries(text, entries).encode("utf-8"))
        with as_home(root):
            yield
    finally:
        shutil.rmtree(root, ignore_errors=True)


def refusal(path: Path, line: int, column: int, message: str) -> Problem:
    """A refused ``--new``, located at the column (or the file's header) it was for."""
    hint = "e.g. --new ID --name-zh NAME --name-en NAME --domain industry --direction higher"
    return Problem(path, line, column, message, hint)
