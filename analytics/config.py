"""Paths and defaults, in one place.

The project root is found from the environment variable ``ANALYTICS_HOME`` (a relative one is
made absolute when this module is first imported, so a run's work folder cannot change it), else
from the current folder or the nearest one above it holding ``data/catalog``, else from the source
tree this package was installed from (an editable install); an installed wheel outside any
project gets a clear :class:`~analytics.exceptions.AnalyticsError`. Tests and batch runs point
``ANALYTICS_HOME`` or explicit ``data_dir`` arguments elsewhere.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from analytics.exceptions import AnalyticsError

__all__ = [
    "DEFAULT_LANG",
    "DEFAULT_PEERS",
    "DEFAULT_REGION",
    "PUBLIC_URL_PLACEHOLDER",
    "TIMEZONE",
    "catalog_dir",
    "data_dir",
    "processed_dir",
    "project_root",
    "public_url",
    "raw_dir",
    "reference_dir",
    "reports_dir",
]

DEFAULT_REGION = "120000"
"""Tianjin, the workbench's home region (GB/T 2260)."""

DEFAULT_PEERS: tuple[str, ...] = ("110000", "310000", "500000", "000000")
"""Beijing, Shanghai, Chongqing and China."""

PUBLIC_URL_PLACEHOLDER = "https://reports.example.invalid/"
"""The default of :func:`public_url`: a placeholder (``.invalid`` is reserved, RFC 2606), never
a real address; a citation that shows it says it is one."""

DEFAULT_LANG = "zh"
TIMEZONE = "Asia/Shanghai"


def _pin_home() -> None:
    """Make a relative ``ANALYTICS_HOME`` absolute, once, against the folder the process started in.

    Runs execute in their own work folder (and kernels inherit the environment): a relative
    ``ANALYTICS_HOME=.`` read later would name that folder instead of the project.
    """
    env = os.environ.get("ANALYTICS_HOME")
    if env and not os.path.isabs(env):
        os.environ["ANALYTICS_HOME"] = str(Path(env).resolve())


_pin_home()  # at start-up: the first import of the package's configuration


def _holds_project(folder: Path) -> bool:
    return (folder / "data" / "catalog").is_dir()


@functools.lru_cache(maxsize=8)
def _resolved(path: str) -> Path:
    """``Path(path).resolve()``, once per string (a report asks for the root hundreds of times)."""
    return Path(path).resolve()


def project_root() -> Path:
    """The project's root folder (holds ``data/``, ``notebooks/``, ``reports/``).

    Found, in order, from ``ANALYTICS_HOME``; from the current folder or the nearest folder
    above it that holds ``data/catalog`` (the current project); from the source tree of an
    editable install. From an installed wheel outside any project this raises an
    :class:`~analytics.exceptions.AnalyticsError` that says how to point at the data.

    Examples
    --------
    >>> (project_root() / "data" / "catalog").is_dir()
    True
    """
    env = os.environ.get("ANALYTICS_HOME")
    if env:
        return _resolved(env)
    cwd = Path.cwd().resolve()
    for folder in (cwd, *cwd.parents):
        if _holds_project(folder):
            return folder
    source_tree = Path(__file__).resolve().parent.parent
    if _holds_project(source_tree):
        return source_tree
    raise AnalyticsError(
        f"no workbench project found: neither {cwd} nor a folder above it holds data/catalog, "
        "and ANALYTICS_HOME is not set (hint: `export ANALYTICS_HOME=/path/to/project`, the "
        "folder holding data/catalog, or run from inside the project)"
    )


def data_dir(root: Path | None = None) -> Path:
    """``data/`` under the project root (or under ``root``).

    Parameters
    ----------
    root
        The project's root folder; None (the default) uses :func:`project_root`.

    Returns
    -------
    Path
        ``root / "data"``; the folder is not created or checked.

    Raises
    ------
    AnalyticsError
        When ``root`` is None and no project is found (see :func:`project_root`).

    Examples
    --------
    >>> data_dir(Path("/srv/workbench")).as_posix()
    '/srv/workbench/data'
    """
    return (root or project_root()) / "data"


def raw_dir(root: Path | None = None) -> Path:
    """``data/raw``: files as received, never edited.

    Parameters
    ----------
    root
        The project's root folder; None (the default) uses :func:`project_root`.

    Returns
    -------
    Path
        ``root / "data" / "raw"``; the folder is not created or checked.

    Raises
    ------
    AnalyticsError
        When ``root`` is None and no project is found (see :func:`project_root`).

    Examples
    --------
    >>> raw_dir(Path("/srv/workbench")).as_posix()
    '/srv/workbench/data/raw'
    """
    return data_dir(root) / "raw"


def reference_dir(root: Path | None = None) -> Path:
    """``data/reference``: curated published figures and targets, each with its source.

    Parameters
    ----------
    root
        The project's root folder; None (the default) uses :func:`project_root`.

    Returns
    -------
    Path
        ``root / "data" / "reference"``; the folder is not created or checked.

    Raises
    ------
    AnalyticsError
        When ``root`` is None and no project is found (see :func:`project_root`).

    Examples
    --------
    >>> reference_dir(Path("/srv/workbench")).as_posix()
    '/srv/workbench/data/reference'
    """
    return data_dir(root) / "reference"


def catalog_dir(root: Path | None = None) -> Path:
    """``data/catalog``: indicators, regions, classifications.

    Parameters
    ----------
    root
        The project's root folder; None (the default) uses :func:`project_root`.

    Returns
    -------
    Path
        ``root / "data" / "catalog"``; the folder is not created or checked.

    Raises
    ------
    AnalyticsError
        When ``root`` is None and no project is found (see :func:`project_root`).

    Examples
    --------
    >>> catalog_dir(Path("/srv/workbench")).as_posix()
    '/srv/workbench/data/catalog'
    """
    return data_dir(root) / "catalog"


def processed_dir(data: Path | None = None) -> Path:
    """``data/processed``: the built store (Parquet); not committed.

    Parameters
    ----------
    data
        The data folder (the one holding ``raw/``, ``catalog/``, …), not the project root; None
        (the default) uses :func:`data_dir` of the current project.

    Returns
    -------
    Path
        ``data / "processed"``; the folder is not created or checked.

    Raises
    ------
    AnalyticsError
        When ``data`` is None and no project is found (see :func:`project_root`).

    Examples
    --------
    >>> processed_dir(Path("/srv/workbench/data")).as_posix()
    '/srv/workbench/data/processed'
    """
    return (data or data_dir()) / "processed"


def reports_dir(root: Path | None = None) -> Path:
    """``reports/``: schedule, generated HTML, run history.

    Parameters
    ----------
    root
        The project's root folder; None (the default) uses :func:`project_root`.

    Returns
    -------
    Path
        ``root / "reports"``; the folder is not created or checked.

    Raises
    ------
    AnalyticsError
        When ``root`` is None and no project is found (see :func:`project_root`).

    Examples
    --------
    >>> reports_dir(Path("/srv/workbench")).as_posix()
    '/srv/workbench/reports'
    """
    return (root or project_root()) / "reports"


def public_url() -> str:
    """Where the published reports will be read: ``$ANALYTICS_PUBLIC_URL``, else the placeholder.

    Returns
    -------
    str
        The address with a trailing ``/`` (a report's is
        ``<it><report>/<region>/<period>/<lang>/``).

    Examples
    --------
    >>> import os
    >>> public_url() == PUBLIC_URL_PLACEHOLDER or "ANALYTICS_PUBLIC_URL" in os.environ
    True
    """
    url = os.environ.get("ANALYTICS_PUBLIC_URL", "").strip() or PUBLIC_URL_PLACEHOLDER
    return url if url.endswith("/") else url + "/"
