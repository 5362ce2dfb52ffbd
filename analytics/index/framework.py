"""The index framework as data: index → pillars → … → indicators, with direction and weights.

A framework file is YAML with a flat list of ``nodes`` (aggregates) and ``indicators``, each
pointing at its ``parent``. A flat list can say things a nested one cannot (a node that is its own
ancestor), so :func:`load_framework` checks for cycles, unknown parents, unknown indicators and
sibling weights that do not sum to 1, and reports every problem at once.

Examples
--------
>>> fw = Framework.from_dict({
...     "id": "toy", "nodes": [{"id": "index"}, {"id": "p1", "parent": "index"}],
...     "indicators": [{"id": "a", "parent": "p1", "weight": 0.5},
...                    {"id": "b", "parent": "p1", "weight": 0.6}],
... })  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
analytics.exceptions.DataValidationError: <dict>:0:p1: weights of the children of `p1` sum ...
>>> fw = Framework.from_dict({
...     "id": "toy", "nodes": [{"id": "index"}, {"id": "p1", "parent": "index"}],
...     "indicators": [{"id": "a", "parent": "p1"}, {"id": "b", "parent": "p1",
...                    "direction": "lower_is_better"}],
... })
>>> fw.root, fw.indicators, fw.direction("b"), fw.effective_weights()
('index', ('a', 'b'), -1, {'a': 0.5, 'b': 0.5})
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from analytics._yaml import load_yaml
from analytics.exceptions import DataValidationError, Problem, did_you_mean

__all__ = ["Direction", "Framework", "Node", "load_framework"]

Direction = Literal["higher_is_better", "lower_is_better"]
_DIRECTIONS: dict[str, int] = {"higher_is_better": 1, "lower_is_better": -1, "+": 1, "-": -1}
_WEIGHT_TOL = 1e-3


@dataclass(frozen=True, slots=True)
class Node:
    """One node: an aggregate (pillar, sub-pillar, index) or an indicator (a leaf).

    ``weight`` is the weight within its parent; siblings' weights sum to 1 once loaded.

    Parameters
    ----------
    id
        The node's id: an indicator id for a leaf, a pillar's or the index's id otherwise.
    parent
        The id of the aggregate it belongs to; None for the root (the index).
    weight
        Weight within its parent, from 0 to 1 (1.0 for the root once loaded). NaN before
        validation means "not given": siblings that all omit it get equal weights.
    is_indicator
        True for a leaf (an indicator, listed under ``indicators``), False for an aggregate.
    direction
        +1 when higher is better (the default), −1 when lower is better; always +1 for an
        aggregate.
    name_en
        English name; empty by default.
    name_zh
        Chinese name; empty by default.

    Examples
    --------
    >>> Node("a", "p1", 0.5, is_indicator=True, direction=-1).direction
    -1
    """

    id: str
    parent: str | None
    weight: float
    is_indicator: bool
    direction: int = 1
    name_en: str = ""
    name_zh: str = ""


@dataclass(frozen=True)
class Framework:
    """A validated tree of :class:`Node` objects.

    Build it with :func:`load_framework` or :meth:`Framework.from_dict`; both validate (the
    constructor does not).

    Parameters
    ----------
    id
        The framework's id (``id:`` in the file; ``"framework"`` when the file has none).
    nodes
        Every node, aggregates first, then indicators, each in file order.
    name_en
        English name; empty by default.
    name_zh
        Chinese name; empty by default.
    meta
        Every other top-level entry of the file (e.g. ``source``, ``notes``), as parsed;
        empty by default.

    Examples
    --------
    >>> fw = Framework.from_dict({"id": "toy", "source": "handbook",
    ...                           "nodes": [{"id": "index"}],
    ...                           "indicators": [{"id": "a", "parent": "index"}]})
    >>> fw.id, [n.id for n in fw.nodes], dict(fw.meta)
    ('toy', ['index', 'a'], {'source': 'handbook'})
    """

    id: str
    nodes: tuple[Node, ...]
    name_en: str = ""
    name_zh: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_dict(
        cls,
        spec: Mapping[str, Any],
        *,
        known_indicators: Iterable[str] | None = None,
        path: str = "<dict>",
    ) -> Framework:
        """Build and validate a framework from a parsed YAML mapping (see the module docstring)."""
        problems: list[Problem] = []
        nodes: list[Node] = []
        raw: list[tuple[Mapping[str, Any], bool]] = [(n, False) for n in spec.get("nodes", [])]
        raw += [(n, True) for n in spec.get("indicators", [])]
        for i, (item, leaf) in enumerate(raw):
            if "id" not in item:
                problems.append(Problem(path, i, "id", f"entry {i} has no `id`", "add an id"))
                continue
            direction = 1
            if leaf:
                text = str(item.get("direction", "higher_is_better"))
                if text not in _DIRECTIONS:
                    problems.append(
                        Problem(
                            path,
                            0,
                            item["id"],
                            f"direction `{text}` unknown",
                            "use higher_is_better or lower_is_better",
                        )
                    )
                direction = _DIRECTIONS.get(text, 1)
            w = item.get("weight")
            nodes.append(
                Node(
                    id=str(item["id"]),
                    parent=None if item.get("parent") is None else str(item["parent"]),
                    weight=float("nan") if w is None else float(w),
                    is_indicator=leaf,
                    direction=direction,
                    name_en=str(item.get("name_en", "")),
                    name_zh=str(item.get("name_zh", "")),
                )
            )
        if not problems:
            nodes = _validate(nodes, path, problems, known_indicators)
        if problems:
            raise DataValidationError(problems)
        meta = {k: v for k, v in spec.items() if k not in {"id", "nodes", "indicators"}}
        return cls(
            id=str(spec.get("id", "framework")),
            nodes=tuple(nodes),
            name_en=str(spec.get("name_en", "")),
            name_zh=str(spec.get("name_zh", "")),
            meta=meta,
        )

    # -- queries ------------------------------------------------------------------------------
    @property
    def root(self) -> str:
        """The id of the single node without a parent."""
        return next(n.id for n in self.nodes if n.parent is None)

    @property
    def indicators(self) -> tuple[str, ...]:
        """Indicator ids in file order."""
        return tuple(n.id for n in self.nodes if n.is_indicator)

    def node(self, node_id: str) -> Node:
        """The node with this id."""
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    def children(self, node_id: str) -> tuple[str, ...]:
        """The ids of a node's children, in file order."""
        return tuple(n.id for n in self.nodes if n.parent == node_id)

    def direction(self, indicator: str) -> int:
        """+1 for higher-is-better, −1 for lower-is-better."""
        return self.node(indicator).direction

    def directions(self) -> dict[str, int]:
        """Direction of every indicator."""
        return {n.id: n.direction for n in self.nodes if n.is_indicator}

    def levels(self) -> dict[str, int]:
        """Level of each node: indicators are 1, an aggregate is 1 + its highest child's level."""
        out: dict[str, int] = {}

        def level(nid: str) -> int:
            if nid not in out:
                kids = self.children(nid)
                out[nid] = 1 if not kids else 1 + max(level(k) for k in kids)
            return out[nid]

        for n in self.nodes:
            level(n.id)
        return out

    def aggregates_by_level(self) -> list[list[str]]:
        """Aggregate node ids grouped by level, lowest level first (the order to aggregate in)."""
        lv = self.levels()
        top = max(lv.values())
        return [
            [n.id for n in self.nodes if lv[n.id] == k and not n.is_indicator]
            for k in range(2, top + 1)
        ]

    def weights(self) -> dict[str, float]:
        """Weight of every non-root node within its parent."""
        return {n.id: n.weight for n in self.nodes if n.parent is not None}

    def effective_weights(self) -> dict[str, float]:
        """Each indicator's weight in the index: the product of the weights on its path.

        Exact for arithmetic aggregation; for geometric or harmonic aggregation it is the
        exponent/weight each indicator carries, not its share of the score.
        """
        by_id = {n.id: n for n in self.nodes}
        out: dict[str, float] = {}
        for n in self.nodes:
            if n.is_indicator:
                w, cur = 1.0, n
                while cur.parent is not None:
                    w *= cur.weight
                    cur = by_id[cur.parent]
                out[n.id] = w
        return out

    def with_weights(self, weights: Mapping[str, float]) -> Framework:
        """A copy with some nodes' weights replaced; siblings are renormalised to sum to 1."""
        unknown = sorted(set(weights) - {n.id for n in self.nodes})
        if unknown:
            raise DataValidationError(
                [
                    Problem(
                        "<weights>",
                        0,
                        u,
                        f"unknown node `{u}`" + _suggest(u, [n.id for n in self.nodes]),
                        "use node ids of the framework",
                    )
                    for u in unknown
                ]
            )
        nodes = [replace(n, weight=float(weights.get(n.id, n.weight))) for n in self.nodes]
        totals: dict[str | None, float] = {}
        for n in nodes:
            totals[n.parent] = totals.get(n.parent, 0.0) + n.weight
        nodes = [
            replace(n, weight=n.weight / totals[n.parent]) if n.parent is not None else n
            for n in nodes
        ]
        return replace(self, nodes=tuple(nodes))

    def to_frame(self) -> Any:
        """The nodes as a polars DataFrame (id, parent, level, weight, effective_weight, …)."""
        import polars as pl

        lv, eff = self.levels(), self.effective_weights()
        return pl.DataFrame(
            {
                "id": [n.id for n in self.nodes],
                "parent": [n.parent for n in self.nodes],
                "level": [lv[n.id] for n in self.nodes],
                "is_indicator": [n.is_indicator for n in self.nodes],
                "direction": [n.direction for n in self.nodes],
                "weight": [n.weight if n.parent is not None else 1.0 for n in self.nodes],
                "effective_weight": [eff.get(n.id) for n in self.nodes],
                "name_en": [n.name_en for n in self.nodes],
                "name_zh": [n.name_zh for n in self.nodes],
            }
        )


def _suggest(name: str, choices: Iterable[str]) -> str:
    return did_you_mean(name, choices)


def _tree_problems(nodes: list[Node], path: str, known: Iterable[str] | None) -> list[Problem]:
    """Duplicate ids, not exactly one root, orphan indicators, unknown parents and indicators."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for n in nodes:
        if n.id in seen:
            msg = f"node `{n.id}` is defined twice"
            problems.append(Problem(path, 0, n.id, msg, "give every node a unique id"))
        seen.add(n.id)
    aggregates = {n.id for n in nodes if not n.is_indicator}
    roots = [n.id for n in nodes if n.parent is None]
    if len(roots) != 1:
        msg = f"expected one root (a node without parent), found {len(roots)}: {roots}"
        problems.append(Problem(path, 0, "parent", msg, "give every other node a parent"))
    for n in nodes:
        if n.is_indicator and n.parent is None:
            msg = f"indicator `{n.id}` has no parent"
            problems.append(Problem(path, 0, n.id, msg, "attach it to a pillar"))
        if n.parent is not None and n.parent not in aggregates:
            msg = f"parent `{n.parent}` of `{n.id}` is not an aggregate node"
            msg += _suggest(n.parent, aggregates)
            problems.append(Problem(path, 0, n.id, msg, "list the parent under `nodes`"))
    known_set = set(known) if known is not None else None
    for n in nodes:
        if known_set is not None and n.is_indicator and n.id not in known_set:
            msg = f"unknown indicator `{n.id}`" + _suggest(n.id, known_set)
            problems.append(Problem(path, 0, n.id, msg, "use an id from the data"))
    return problems


def _shape_problems(nodes: list[Node], path: str) -> list[Problem]:
    """The first cycle among the parents, and aggregates (other than the root) without children."""
    problems: list[Problem] = []
    parent = {n.id: n.parent for n in nodes}
    for n in nodes:  # cycles: walk up; a walk longer than the node count has looped
        cur: str | None = n.id
        steps = 0
        while cur is not None and steps <= len(nodes):
            cur = parent.get(cur)
            steps += 1
        if steps > len(nodes):
            msg = f"`{n.id}` is its own ancestor (a cycle)"
            problems.append(Problem(path, 0, n.id, msg, "check the `parent` entries on the loop"))
            break
    parents = {n.parent for n in nodes}
    for n in nodes:
        if not n.is_indicator and n.parent is not None and n.id not in parents:
            msg = f"node `{n.id}` has no children"
            problems.append(Problem(path, 0, n.id, msg, "remove it or attach indicators"))
    return problems


def _sibling_weights(par: str, kids: list[Node], path: str) -> dict[str, float] | Problem:
    """The normalised weights of one node's children: equal when none is given, else as given."""
    given = [k.weight for k in kids]
    if all(w != w for w in given):  # all NaN: equal weights
        return {k.id: 1.0 / len(kids) for k in kids}
    missing = [k.id for k in kids if k.weight != k.weight]
    if missing:
        msg = f"weights of the children of `{par}` are given for some and missing for {missing}"
        return Problem(path, 0, par, msg, "give every sibling a weight, or omit them all")
    total = sum(given)
    if abs(total - 1.0) > _WEIGHT_TOL or any(w < 0 for w in given):
        listing = ", ".join(f"{k.id}: {k.weight:g}" for k in kids)
        msg = f"weights of the children of `{par}` sum to {total:g} ({listing}), expected 1"
        hint = "give non-negative weights summing to 1, or omit them all for equal weights"
        return Problem(path, 0, par, msg, hint)
    return {k.id: k.weight / total for k in kids}


def _validate(
    nodes: list[Node], path: str, problems: list[Problem], known: Iterable[str] | None
) -> list[Node]:
    """The nodes with normalised weights; every problem found appended to ``problems``."""
    problems += _tree_problems(nodes, path, known) + _shape_problems(nodes, path)
    if problems:
        return nodes
    by_parent: dict[str, list[Node]] = {}
    for n in nodes:
        if n.parent is not None:
            by_parent.setdefault(n.parent, []).append(n)
    weight: dict[str, float] = {}
    for par, kids in by_parent.items():
        got = _sibling_weights(par, kids, path)
        if isinstance(got, Problem):
            problems.append(got)
        else:
            weight.update(got)
    return [replace(n, weight=weight.get(n.id, 1.0)) for n in nodes]


def load_framework(path: str | Path, *, known_indicators: Iterable[str] | None = None) -> Framework:
    """Read and validate a framework YAML file.

    Parameters
    ----------
    path
        The YAML file (see ``data/catalog/frameworks/``).
    known_indicators
        When given, indicator ids not in it are errors (with a close-match hint).

    Raises
    ------
    DataValidationError
        Every problem found: cycles, unknown parents or indicators, weights not summing to 1.

    Examples
    --------
    >>> from analytics.config import catalog_dir
    >>> fw = load_framework(catalog_dir() / "frameworks" / "dedi_handbook.yaml")
    >>> len(fw.indicators), fw.aggregates_by_level()[-1]
    (22, ['dedi'])
    """
    p = Path(path)
    spec = load_yaml(p)
    if not isinstance(spec, Mapping):
        raise DataValidationError(
            [
                Problem(
                    p,
                    1,
                    0,
                    "a framework file must be a mapping",
                    "start with `id:`, `nodes:`, `indicators:`",
                )
            ]
        )
    return Framework.from_dict(spec, known_indicators=known_indicators, path=str(p))
