from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from analytics._typing import Direction
from analytics._yaml import at
from analytics.config import catalog_dir
from analytics.exceptions import CatalogError, DataValidationError, did_you_mean

MEASURE_UNITS: dict[str, str] = {
    "index_prev_year_100": "上年=100",
    "yoy_pct": "%",
    "ytd_yoy_pct": "%",
    "mom_pct": "%",
    "share_pct": "%",
}


@dataclass(frozen=True, slots=True)
class Target:
    """A plan target for one indicator in one region.

    ``value`` is ``None`` for a qualitative target, whose kind is in ``qualitative``
    (``steady_increase`` or ``full_coverage``).

    Parameters
    ----------
    region
        The GB/T 2260 code the target is set for (``120000``; ``000000`` for China).
    year
        The year the target is to be met by.
    value
        The target in the indicator's ``unit``; ``None`` for a qualitative target.
    kind
        ``binding`` (约束性), ``expected`` (预期性) or ``not_given`` (the source does not say).
    qualitative
        ``steady_increase`` or ``full_coverage`` for a target without a value, else ``None``.
    text_zh, text_en
        The target in words, as the plan states it (``到2025年建设5G基站7万个``).
    plan
        The document that sets it (title and number).
    source
        Where it is said: ``reference/<file>[:<line>]`` or a document.
    caveat
        What a reader should know about the target (a secondary source, a growth rather than a
        level target), shown with it; default ``None``.

    Examples
    --------
    >>> t = get_indicator("fiveg_base_stations").target_for("120000")
    >>> t.year, t.kind, t.source
    (2025, 'not_given', 'reference/plan_targets.csv:3')
    """

    region: str
    year: int
    value: float | None
    kind: str
    qualitative: str | None
    text_zh: str
    text_en: str
    plan: str
    source: str
    caveat: str | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    """Typed metadata of one catalog indicator.

    Parameters
    ----------
    id
        The catalog id: lower-case letters, digits and ``_`` (``fiveg_base_stations``).
    name_zh, name_en
        The Chinese and English names.
    unit, unit_en
        The unit of a ``level`` value (``亿元``) in Chinese and English; other measures carry
        their own (:meth:`unit_for`).
    frequency
        ``annual``, ``quarterly`` or ``monthly``: how often a value is published.
    direction
        ``higher_is_better``, ``lower_is_better`` or ``neutral``.
    domain
        The plan area it belongs to, one of :data:`DOMAINS`.
    measures
        The measures the store holds for it, from :data:`MEASURES` (``level``, ``yoy_pct``, …).
    description
        Free text; default empty.
    nonnegative
        Whether a negative ``level``, ``ytd`` or ``per_10k`` value is refused on import
        (:func:`~analytics.io.validate.validate_values`); default True.
    source
        Where the series comes from; default ``None``.
    targets
        The plan targets the catalog knows, one :class:`Target` per region and year; default none.

    Examples
    --------
    >>> gdp = get_indicator("gdp")
    >>> gdp.frequency, gdp.unit_for("level"), gdp.unit_for("yoy_pct")
    ('annual', '亿元', '%')
    """

    id: str
    name_zh: str
    name_en: str
    unit: str
    unit_en: str
    frequency: str
    direction: Direction
    domain: str
    measures: tuple[str, ...]
    description: str = ""
    nonnegative: bool = True
    source: str | None = None
    targets: tuple[Target, ...] = field(default_factory=tuple)

    def unit_for(self, measure: str) -> str:
        """The unit a value of ``measure`` carries (``%`` for growth, ``上年=100`` for indices).

        A monthly index compares with the same month of the previous year: ``上年同月=100``.
        """
        if measure == "index_prev_year_100" and self.frequency == "monthly":
            return "上年同月=100"
        return MEASURE_UNITS.get(measure, self.unit)

    def target_for(self, region: str) -> Target | None:
        """The plan target for ``region``, if the catalog knows one."""
        return next((t for t in self.targets if t.region == region), None)

    def name(self, lang: str = "zh") -> str:
        """The name in ``lang`` (``zh`` or ``en``); the Chinese one when no English name is set."""
        return self.name_zh if lang == "zh" or not self.name_en else self.name_en


def _parse(entry: dict[str, Any]) -> Indicator:
    """An entry the schema passed (:data:`~analytics.catalog._schemas.INDICATORS`)."""
    targets = tuple(Target(**t) for t in entry.get("targets") or ())
    return Indicator(
        id=entry["id"],
        name_zh=entry["name_zh"],
        name_en=entry["name_en"],
        unit=entry["unit"],
        unit_en=entry.get("unit_en", entry["unit"]),
        frequency=entry["frequency"],
        direction=entry["direction"],
        domain=entry["domain"],
        measures=tuple(entry["measures"]),
        description=entry.get("description", ""),
        nonnegative=bool(entry.get("nonnegative", True)),
        source=entry.get("source"),
        targets=targets,
    )


@cache
def _load(folder: Path) -> dict[str, Indicator]:
    from analytics.catalog._schema import validated
    from analytics.catalog._schemas import INDICATORS

    out: dict[str, Indicator] = {}
    files: dict[str, str] = {}
    for path in sorted(folder.glob("indicators*.yaml")):
        # libyaml's parser when present: 8× faster, and this runs in every kernel of every run
        node, entries = validated(path, INDICATORS)
        for i, entry in enumerate(entries or []):
            ind = _parse(entry)
            if ind.id in out:
                msg = f"indicator `{ind.id}` is defined twice (also in {files[ind.id]})"
                mark = node.value[i].start_mark if isinstance(node, yaml.SequenceNode) else None
                raise DataValidationError([at(path, mark, msg, "keep one")])
            out[ind.id], files[ind.id] = ind, path.name
    return out


def indicators(*, folder: Path | None = None) -> dict[str, Indicator]:
    """All catalog indicators by id (``data/catalog/indicators*.yaml``).

    Parameters
    ----------
    folder
        The catalog folder whose ``indicators*.yaml`` files are read (validated, and cached per
        folder); default :func:`~analytics.config.catalog_dir`.

    Returns
    -------
    dict[str, Indicator]
        A fresh dict: changing it does not change the cache.

    Raises
    ------
    DataValidationError
        When a file breaks the schema or an id is defined twice.

    Examples
    --------
    >>> inds = indicators()
    >>> inds["gdp"].unit, inds["gdp"].name_en
    ('亿元', 'Gross regional product (GDP)')
    """
    return dict(_load(folder or catalog_dir()))


def get_indicator(indicator_id: str, *, folder: Path | None = None) -> Indicator:
    """One indicator by id; an unknown id fails with a close-match hint and the catalog files.

    Parameters
    ----------
    indicator_id
        A catalog id (``fiveg_base_stations``).
    folder
        The catalog folder, as for :func:`indicators`.

    Returns
    -------
    Indicator

    Raises
    ------
    CatalogError
        When no catalog file defines ``indicator_id``.

    Examples
    --------
    >>> get_indicator("fiveg_base_stations").target_for("120000").value
    70000
    >>> get_indicator("fiveg_base_station")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    analytics.exceptions.CatalogError: unknown indicator `fiveg_base_station` — did you mean `fiveg_base_stations`? (no such id in .../data/catalog/indicators*.yaml; ...)
    """  # noqa: E501
    where = folder or catalog_dir()
    known = _load(where)
    try:
        return known[indicator_id]
    except KeyError:
        hint = did_you_mean(indicator_id, known)
        raise CatalogError(
            f"unknown indicator `{indicator_id}`{hint} (no such id in {where}/indicators*.yaml; "
            "an id removed from the catalog must be removed where it is used too)"
        ) from None
