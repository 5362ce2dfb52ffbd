"""`build_index`: the handbook pipeline, each choice explicit, each stage kept for inspection.

screen → impute → treat outliers → normalise (direction first) → weight → aggregate.

Examples
--------
>>> import polars as pl
>>> from analytics.index.framework import Framework
>>> fw = Framework.from_dict({"id": "t", "nodes": [{"id": "i"}],
...     "indicators": [{"id": "a", "parent": "i"}, {"id": "b", "parent": "i"}]})
>>> f = pl.DataFrame({"region": ["r", "s", "t"] * 2, "year": [2020] * 6,
...                   "indicator": ["a"] * 3 + ["b"] * 3,
...                   "value": [1.0, 2.0, 3.0, 10.0, 30.0, 20.0]})
>>> build_index(f, fw).index()["region"].to_list()
['s', 't', 'r']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import polars as pl

from analytics.exceptions import DataValidationError, Problem
from analytics.index.aggregate import Aggregation, aggregate
from analytics.index.data import as_panel
from analytics.index.framework import Framework, _suggest
from analytics.index.impute import Imputation, impute, screen
from analytics.index.normalise import Normalisation, Scope, normalise
from analytics.index.outliers import treat_outliers
from analytics.index.result import IndexResult
from analytics.index.weights import (
    critic_weights,
    entropy_weights,
    equal_weights,
    framework_with_weights,
    pca_weights,
)

__all__ = ["WeightScheme", "build_index", "check_indicators", "weigh"]

WeightScheme = Literal["framework", "equal", "entropy", "pca", "critic"]


def check_indicators(panel: pl.DataFrame, framework: Framework) -> None:
    """Raise :class:`DataValidationError` for framework indicators absent from the data.

    Parameters
    ----------
    panel
        The engine's long frame (at least an ``indicator`` column).
    framework
        The framework whose indicators must all appear in ``panel``.

    Returns
    -------
    None
        When every indicator of ``framework`` has at least one row in ``panel`` (its values
        may be null).

    Raises
    ------
    DataValidationError
        One problem per missing indicator, with a close-match hint from the data's ids.

    Examples
    --------
    >>> from analytics.index.framework import Framework
    >>> fw = Framework.from_dict({"id": "t", "nodes": [{"id": "i"}],
    ...     "indicators": [{"id": "gdp", "parent": "i"}, {"id": "fiveg", "parent": "i"}]})
    >>> check_indicators(pl.DataFrame({"indicator": ["gdp", "fiveg_"]}), fw)
    Traceback (most recent call last):
    analytics.exceptions.DataValidationError: <framework>:0:fiveg: unknown indicator `fiveg` — did you mean `fiveg_`? (the data has no such indicator)
    """  # noqa: E501
    have = set(panel["indicator"].unique())
    problems = [
        Problem(
            "<framework>",
            0,
            k,
            f"unknown indicator `{k}`" + _suggest(k, have),
            "the data has no such indicator",
        )
        for k in framework.indicators
        if k not in have
    ]
    if problems:
        raise DataValidationError(problems)


def weigh(
    panel: pl.DataFrame,
    framework: Framework,
    scheme: WeightScheme | Mapping[str, float] = "framework",
    *,
    options: Mapping[str, Any] | None = None,
) -> Framework:
    """The framework with weights from ``scheme``.

    ``framework`` keeps the file's weights; ``equal`` sets equal weights at every level; a
    mapping sets some nodes' weights (manual); ``entropy``, ``pca`` and ``critic`` compute global
    indicator weights on ``panel`` (raw values, directions applied) and write them into the tree.

    Parameters
    ----------
    panel
        The engine's long frame (``region``, ``year``, ``indicator``, ``value``): raw,
        imputed or treated values, not normalised ones. Used only by the data-driven schemes;
        indicators outside ``framework`` are ignored.
    framework
        The tree to weight, with its directions.
    scheme
        ``"framework"`` (the default), ``"equal"``, ``"entropy"``, ``"pca"``, ``"critic"``,
        or a mapping node id → weight (other nodes keep theirs; each node's children are then
        renormalised to sum to 1).
    options
        Keyword arguments for the scheme's function (:func:`entropy_weights`,
        :func:`pca_weights`, :func:`critic_weights`), e.g. ``{"rule": "cumulative", "share":
        0.8}``; None (the default) for their defaults. Ignored by the other schemes.

    Returns
    -------
    Framework
        A copy of ``framework`` with the new weights (``framework`` itself for
        ``"framework"``).

    Raises
    ------
    DataValidationError
        When a mapping names a node the framework does not have.

    Examples
    --------
    >>> from analytics.index.framework import Framework
    >>> fw = Framework.from_dict({"id": "t", "nodes": [{"id": "i"}],
    ...     "indicators": [{"id": "a", "parent": "i"}, {"id": "b", "parent": "i"}]})
    >>> panel = pl.DataFrame({"region": ["r", "s"], "year": 2020, "indicator": "a",
    ...                       "value": [1.0, 2.0]})
    >>> weigh(panel, fw, {"a": 3.0}).weights()  # a: 3 / (3 + 0.5), b: 0.5 / 3.5
    {'a': 0.8571428571428571, 'b': 0.14285714285714285}
    """
    if isinstance(scheme, Mapping):
        return framework.with_weights(scheme)
    if scheme == "framework":
        return framework
    if scheme == "equal":
        return framework.with_weights({n.id: 1.0 for n in framework.nodes if n.parent is not None})
    d = framework.directions()
    opts = dict(options or {})
    sub = panel.filter(pl.col("indicator").is_in(list(framework.indicators)))
    if scheme == "entropy":
        w = entropy_weights(sub, directions=d, **opts)
    elif scheme == "pca":
        w = pca_weights(sub, directions=d, **opts).weights
    elif scheme == "critic":
        w = critic_weights(sub, directions=d, **opts)
    else:
        w = equal_weights(framework.indicators)
    return framework_with_weights(framework, w)


def build_index(
    panel: pl.DataFrame,
    framework: Framework,
    *,
    min_availability: float = 0.0,
    imputation: Imputation = "none",
    outliers: bool = False,
    normalisation: Normalisation = "minmax",
    normalisation_options: Mapping[str, Any] | None = None,
    scope: Scope = "global",
    weights: WeightScheme | Mapping[str, float] = "framework",
    weight_options: Mapping[str, Any] | None = None,
    aggregation: Aggregation = "arithmetic",
    threshold: float = 0.0,
) -> IndexResult:
    """Run the handbook pipeline and return an :class:`IndexResult`.

    Parameters
    ----------
    panel
        Long frame (region, year or period, indicator, value).
    framework
        The tree, directions and manual weights.
    min_availability
        Screening: region-years with a smaller share of indicators present are dropped.
    imputation
        See :func:`analytics.index.impute`.
    outliers
        Treat outliers the COINr way (:func:`analytics.index.treat_outliers`) before normalising.
    normalisation, normalisation_options, scope
        See :func:`analytics.index.normalise`; the default is min–max to [0, 100] over the panel.
    weights, weight_options
        See :func:`weigh`; options go to the scheme's function, e.g. ``{"prenormalise":
        "minmax", "shift": 0.01}`` for entropy or ``{"rule": "kaiser", "share": 0.8}`` for PCA.
    aggregation, threshold
        See :func:`analytics.index.aggregate`.
    """
    data = as_panel(panel)
    check_indicators(data, framework)
    data = data.filter(pl.col("indicator").is_in(list(framework.indicators)))
    stages: dict[str, pl.DataFrame] = {}
    if min_availability > 0:
        data = screen(data, min_availability=min_availability)
    data = impute(data, method=imputation)
    stages["imputed"] = data
    if outliers:
        data, report = treat_outliers(data)
        stages["treated"], stages["outliers"] = data, report
    opts: dict[str, Any] = {"range": (0.0, 100.0)} if normalisation == "minmax" else {}
    opts.update(normalisation_options or {})
    norm = normalise(
        data, method=normalisation, scope=scope, directions=framework.directions(), **opts
    )
    stages["normalised"] = norm
    fw = weigh(data, framework, weights, options=weight_options)
    scores = aggregate(norm, fw, method=aggregation, threshold=threshold)
    choices = {
        "min_availability": min_availability,
        "imputation": imputation,
        "outliers": "COINr winsorise/log" if outliers else "none",
        "normalisation": f"{normalisation} {opts} ({scope})",
        "weights": (weights if isinstance(weights, str) else "manual")
        + (f" {dict(weight_options)}" if weight_options else ""),
        "aggregation": aggregation,
        "threshold": threshold,
    }
    notes = (
        ("normalised over the whole panel: adding a year changes every value",)
        if scope == "global"
        else ("normalised per year: scores do not compare across years",)
    )
    return IndexResult.from_scores(scores, fw, choices=choices, stages=stages, notes=notes)
