"""TOPSIS (Hwang and Yoon 1981), as pymcdm computes it with min–max normalisation.

Each criterion is min–max normalised (benefit: ``(x − min)/(max − min)``; cost:
``(max − x)/(max − min)``), weighted, and each alternative's preference is
``D⁻ / (D⁺ + D⁻)``, its Euclidean distances to the worst (D⁻) and best (D⁺) weighted values.

Examples
--------
>>> import numpy as np
>>> p = topsis(np.array([[4, 4], [1, 5], [3, 2], [4, 2]]), np.array([0.5, 0.5]),
...            np.array([1, -1]))
>>> [round(float(v), 4) for v in p]
[0.6126, 0.0, 0.7829, 1.0]
"""

from __future__ import annotations

import numpy as np

__all__ = ["topsis"]


def topsis(matrix: np.ndarray, weights: np.ndarray, types: np.ndarray) -> np.ndarray:
    """Preferences (0–1, higher is better) of the rows of ``matrix``.

    Parameters
    ----------
    matrix
        Alternatives × criteria.
    weights
        One weight per criterion (summing to 1).
    types
        +1 for a benefit criterion, −1 for a cost criterion.
    """
    x = np.asarray(matrix, dtype=float)
    lo, hi = x.min(axis=0), x.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    t = np.asarray(types)
    n = np.where(t > 0, (x - lo) / span, (hi - x) / span)
    v = n * np.asarray(weights, dtype=float)
    best, worst = v.max(axis=0), v.min(axis=0)
    d_plus = np.sqrt(((v - best) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - worst) ** 2).sum(axis=1))
    return np.asarray(d_minus / (d_plus + d_minus))
