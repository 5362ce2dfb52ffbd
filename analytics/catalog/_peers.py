"""Peers per province from ``data/catalog/peers.yaml``: its group's nearest members, then China.

The default grouping is the NBS four economic regions (东部、中部、西部、东北); a province may have
its own list instead (Tianjin keeps Beijing, Shanghai, Chongqing and China). A report run that
gives no ``peers`` takes :func:`peers_of` its region.

Examples
--------
>>> peers_of("120000")
('110000', '310000', '500000', '000000')
>>> peers_of("440000"), peer_config().group_of("440000").name_zh
(('330000', '350000', '460000', '000000'), '东部')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from analytics.catalog._regions import CHINA, region_name, regions
from analytics.catalog._schema import _node, validated
from analytics.catalog._schemas_peers import PEERS
from analytics.config import catalog_dir
from analytics.exceptions import CatalogError, DataValidationError, Problem

__all__ = ["PeerConfig", "PeerGroup", "peer_config", "peers_of"]


@dataclass(frozen=True)
class PeerGroup:
    """One group of provinces (an NBS economic region), in the file's order.

    Parameters
    ----------
    id, name_zh, name_en
        The group's id and names.
    members
        Its provinces' codes, in the order that decides which are nearest.
    """

    id: str
    name_zh: str
    name_en: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class PeerConfig:
    """The peer groups, the cap, the national code and the provinces' own lists.

    Parameters
    ----------
    groups
        Every group; each province is in exactly one.
    max_peers
        Most peers taken from a province's group.
    national
        The code added after them (China).
    own
        Province → its own list, used instead of its group's.
    source
        The grouping's document (title, publisher, url, date).
    """

    groups: tuple[PeerGroup, ...]
    max_peers: int
    national: str
    own: Mapping[str, tuple[str, ...]]
    source: Mapping[str, str]

    def group_of(self, region: str) -> PeerGroup | None:
        """The group holding ``region``, or None (China, or a code in no group).

        Parameters
        ----------
        region
            A GB/T 2260 code.

        Returns
        -------
        PeerGroup or None
            Its group.
        """
        return next((g for g in self.groups if region in g.members), None)

    def peers_of(self, region: str) -> tuple[str, ...]:
        """``region``'s own list, else its group's nearest ``max_peers`` others and China.

        Parameters
        ----------
        region
            A GB/T 2260 code.

        Returns
        -------
        tuple of str
            Peer codes: the group's in the group's order, then the national code; empty for
            China itself.

        Raises
        ------
        CatalogError
            For an unknown code, or a code in no group that is not China.
        """
        if region in self.own:
            return self.own[region]
        group = self.group_of(region)
        if group is None:
            if region == self.national or region == CHINA:
                return ()
            region_name(region, "zh")  # an unknown code is said as such, before any grouping
            raise CatalogError(f"region `{region}` is in no group of peers.yaml")
        at = group.members.index(region)
        others = [m for m in group.members if m != region]
        near = sorted(
            others, key=lambda m: (abs(group.members.index(m) - at), group.members.index(m))
        )
        kept = set(near[: self.max_peers])
        return (*[m for m in group.members if m in kept], self.national)


def _problems(path: Path, node: yaml.Node | None, data: dict[str, Any]) -> list[Problem]:
    """What the schema cannot say: known codes, each province in one group, no self-peer."""
    known = set(regions()["code"].to_list())
    out: list[Problem] = []

    def bad(keys: tuple[str | int, ...], message: str, hint: str = "") -> None:
        where = _node(node, keys)
        line, col = (where.start_mark.line + 1, where.start_mark.column + 1) if where else (0, 0)
        out.append(Problem(path, line, col, message, hint))

    seen: dict[str, str] = {}
    for i, group in enumerate(data["groups"]):
        for j, code in enumerate(group["members"]):
            if code not in known or code == CHINA:
                bad(
                    ("groups", i, "members", j),
                    f"`{code}` is not a province's code",
                    "a code of data/catalog/regions.csv other than China's",
                )
            elif code in seen:
                bad(
                    ("groups", i, "members", j),
                    f"`{code}` is in group `{seen[code]}` already",
                    "each province in one group",
                )
            else:
                seen[code] = group["id"]
    missing = sorted(known - set(seen) - {CHINA})
    if missing:
        bad(("groups",), f"no group holds {', '.join(missing)}", "put each province in one")
    if data["national"] not in known:
        bad(("national",), f"`{data['national']}` is not in data/catalog/regions.csv")
    for region, codes in (data.get("peers") or {}).items():
        if region not in seen:
            bad(("peers", region), f"`{region}` is not a province in a group")
        for j, code in enumerate(codes):
            if code not in known or code == region:
                bad(
                    ("peers", region, j),
                    f"`{code}` cannot be a peer of `{region}`",
                    "another code of data/catalog/regions.csv",
                )
    return out


@cache
def _read(path: Path) -> PeerConfig:
    node, data = validated(path, PEERS)
    problems = _problems(path, node, data)
    if problems:
        raise DataValidationError(problems)
    groups = tuple(
        PeerGroup(g["id"], g.get("name_zh", ""), g.get("name_en", ""), tuple(g["members"]))
        for g in data["groups"]
    )
    own = {str(k): tuple(v) for k, v in (data.get("peers") or {}).items()}
    return PeerConfig(groups, data["max_peers"], data["national"], own, dict(data["source"]))


def peer_config(*, path: Path | None = None) -> PeerConfig:
    """The peer groups of ``data/catalog/peers.yaml``, checked (read once per file).

    Parameters
    ----------
    path
        Another file of the same form; None (the default) reads the catalog's.

    Returns
    -------
    PeerConfig
        The groups, the cap, the national code and the provinces' own lists.

    Raises
    ------
    CatalogError
        When the file is missing.
    DataValidationError
        For a file that breaks its schema (``docs/schemas/peers.json``), a code not in the
        region catalog, a province in no group or in two; every problem located.

    Examples
    --------
    >>> [g.id for g in peer_config().groups]
    ['east', 'central', 'west', 'northeast']
    """
    file = (path or catalog_dir() / "peers.yaml").resolve()
    if not file.is_file():
        raise CatalogError(
            f"no peer groups: {file} is missing (the workbench ships data/catalog/peers.yaml; "
            "or give the run its peers: --peer or -p peers=…)"
        )
    return _read(file)


def peers_of(region: str, *, path: Path | None = None) -> tuple[str, ...]:
    """The default peers of ``region`` (a GB/T 2260 code): see :meth:`PeerConfig.peers_of`.

    Parameters
    ----------
    region
        A GB/T 2260 code.
    path
        Another peers file; None (the default) reads the catalog's.

    Returns
    -------
    tuple of str
        The peer codes, China last (or the province's own list).

    Examples
    --------
    >>> peers_of("220000")  # Jilin: the other two of the Northeast, then China
    ('210000', '230000', '000000')
    """
    return peer_config(path=path).peers_of(region)
