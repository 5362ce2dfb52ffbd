"""The closed vocabularies every module shares (polars keeps its ``_typing.py`` the same way).

Each is a ``Literal`` alias, checked at the boundary where text from a user or a file comes in.

Examples
--------
>>> from typing import get_args
>>> get_args(Lang)
('zh', 'en')
>>> "no_target" in get_args(CardStatus) and "no_target" not in get_args(TargetStatus)
True
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "CardStatus",
    "Direction",
    "Frequency",
    "Lang",
    "TargetStatus",
]

Lang = Literal["zh", "en"]
"""A report's language: Chinese or English."""

TargetStatus = Literal["achieved", "on_track", "at_risk", "off_track", "not_achieved", "unknown"]
"""A value judged against its target (see METHODS.md, plan evaluation)."""

CardStatus = Literal[
    "achieved", "on_track", "at_risk", "off_track", "not_achieved", "unknown", "no_target"
]
"""What a headline card shows: a target status, or that there is no numeric target."""

Direction = Literal["higher_is_better", "lower_is_better", "neutral"]
"""Whether a higher value of an indicator is better (the indicator catalog's ``direction``)."""

Frequency = Literal["A", "Q", "M"]
"""Annual, quarterly or monthly periods (``2023``, ``2023Q4``, ``2023-12``)."""
