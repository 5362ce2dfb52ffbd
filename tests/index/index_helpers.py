from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from analytics.index import Framework

ROOT = Path(__file__).resolve().parents[2]


def long_frame(x: np.ndarray, *, years: int = 1, names: list[str] | None = None) -> pl.DataFrame:
    """Long engine frame of a (years·regions) × indicators matrix, regions r0…, years 2000…"""
    rows, j = x.shape
    n = rows // years
    names = names or [f"i{k}" for k in range(j)]
    return pl.DataFrame(
        {
            "region": [f"r{r % n:02d}" for r in range(rows) for _ in range(j)],
            "year": [2000 + r // n for r in range(rows) for _ in range(j)],
            "indicator": names * rows,
            "value": x.reshape(-1).astype(float),
        }
    )


def flat_framework(names: list[str], directions: list[int] | None = None) -> Framework:
    d = directions or [1] * len(names)
    return Framework.from_dict(
        {
            "id": "flat",
            "nodes": [{"id": "idx"}],
            "indicators": [
                {
                    "id": k,
                    "parent": "idx",
                    "direction": "higher_is_better" if s > 0 else "lower_is_better",
                }
                for k, s in zip(names, d, strict=True)
            ],
        }
    )


def two_pillar_framework() -> Framework:
    return Framework.from_dict(
        {
            "id": "two",
            "nodes": [
                {"id": "idx"},
                {"id": "p1", "parent": "idx", "weight": 0.6},
                {"id": "p2", "parent": "idx", "weight": 0.4},
            ],
            "indicators": [
                {"id": "i0", "parent": "p1"},
                {"id": "i1", "parent": "p1"},
                {"id": "i2", "parent": "p2"},
            ],
        }
    )
