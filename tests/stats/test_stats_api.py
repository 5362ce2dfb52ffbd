from __future__ import annotations

import analytics.stats as stats


def test_all_names_exist() -> None:
    missing = [name for name in stats.__all__ if not hasattr(stats, name)]
    assert missing == []
    assert len(set(stats.__all__)) == len(stats.__all__)


def test_statuses_are_ordered_best_first() -> None:
    assert stats.STATUSES[0] == "achieved"
    assert stats.STATUSES[-1] == "unknown"
