from __future__ import annotations

import analytics.index as index_api


def test_all_names_exist_and_are_unique() -> None:
    assert len(index_api.__all__) == len(set(index_api.__all__))
    assert [n for n in index_api.__all__ if not hasattr(index_api, n)] == []
