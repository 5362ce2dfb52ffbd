from __future__ import annotations

import analytics.accounts as accounts


def test_all_names_exist() -> None:
    for name in accounts.__all__:
        assert hasattr(accounts, name), name


def test_all_is_unique() -> None:
    assert len(set(accounts.__all__)) == len(accounts.__all__)
