"""Composite indices as the OECD/JRC handbook builds them, every choice explicit.

Stages are pure functions on a long frame (region, year, indicator, value): :func:`screen`,
:func:`impute`, :func:`treat_outliers`, :func:`normalise`, weights (:func:`entropy_weights`,
:func:`pca_weights`, :func:`critic_weights`), :func:`aggregate`; :func:`build_index` chains them
into an :class:`IndexResult`. :func:`coherence` checks the statistics of a framework,
:func:`run_uncertainty` runs the Monte Carlo over modelling choices, and :func:`pca_composite`
builds the PCA index as Chinese digital-economy studies do (the research panel's default).
"""

from __future__ import annotations

from analytics.index.aggregate import AGGREGATIONS, Aggregation, aggregate
from analytics.index.coherence import Coherence, coherence, cronbach_alpha
from analytics.index.data import Cube, as_panel, from_cube, to_cube
from analytics.index.framework import Framework, Node, load_framework
from analytics.index.impute import IMPUTATIONS, Imputation, data_availability, impute, screen
from analytics.index.intensity import per_unit_of
from analytics.index.normalise import NORMALISATIONS, Normalisation, apply_direction, normalise
from analytics.index.outliers import kurtosis, skewness, treat_outliers
from analytics.index.pca_composite import PCAComposite, pca_composite
from analytics.index.pipeline import WeightScheme, build_index, check_indicators, weigh
from analytics.index.result import IndexResult, add_ranks
from analytics.index.topsis import topsis
from analytics.index.uncertainty import (
    UncertaintyResult,
    run_uncertainty,
    run_uncertainty_naive,
    sensitivity_indices,
)
from analytics.index.weights import (
    PCAWeights,
    critic_weights,
    entropy_weights,
    entropy_weights_array,
    equal_weights,
    framework_with_weights,
    pca_weights,
    retained_components,
)

__all__ = [
    "AGGREGATIONS",
    "IMPUTATIONS",
    "NORMALISATIONS",
    "Aggregation",
    "Coherence",
    "Cube",
    "Framework",
    "Imputation",
    "IndexResult",
    "Node",
    "Normalisation",
    "PCAComposite",
    "PCAWeights",
    "UncertaintyResult",
    "WeightScheme",
    "add_ranks",
    "aggregate",
    "apply_direction",
    "as_panel",
    "build_index",
    "check_indicators",
    "coherence",
    "critic_weights",
    "cronbach_alpha",
    "data_availability",
    "entropy_weights",
    "entropy_weights_array",
    "equal_weights",
    "framework_with_weights",
    "from_cube",
    "impute",
    "kurtosis",
    "load_framework",
    "normalise",
    "pca_composite",
    "pca_weights",
    "per_unit_of",
    "retained_components",
    "run_uncertainty",
    "run_uncertainty_naive",
    "screen",
    "sensitivity_indices",
    "skewness",
    "to_cube",
    "topsis",
    "treat_outliers",
    "weigh",
]
