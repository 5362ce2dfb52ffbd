"""Where the built store lives, and the error when it has not been built (below every io module)."""

from __future__ import annotations

from pathlib import Path

from analytics.config import data_dir as default_data_dir
from analytics.exceptions import AnalyticsError

__all__ = ["StoreNotBuiltError", "store_path"]


class StoreNotBuiltError(AnalyticsError):
    """The store has not been built yet."""


def store_path(data_dir: Path | None = None) -> Path:
    """``<data_dir>/processed``.

    Parameters
    ----------
    data_dir
        The project's data folder; default :func:`analytics.config.data_dir`.

    Returns
    -------
    Path
        The folder holding the built store.

    Examples
    --------
    >>> store_path(Path("/srv/project/data")).as_posix()
    '/srv/project/data/processed'
    """
    return (data_dir or default_data_dir()) / "processed"
