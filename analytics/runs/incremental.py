"""Incremental runs: skip a run when nothing it depends on changed.

A run depends on its notebook, its parameters, the data files its report reads (the report's
``inputs`` glob patterns: the store — its ``data_dir``'s when the run names one —, the catalog
and plan files, and report-specific files; hashed by :func:`analytics.io.inputs.input_hashes`,
the helper the page footer uses too), the
package version and the package's own source (every file of the installed ``analytics`` package,
so a fixed sentence or a changed rule re-runs). Their hashes make the run's *fingerprint*; a
run whose fingerprint equals that of the last successful run of the same (report, parameters)
key, and whose published report is still there, is skipped unless forced.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analytics.io.inputs import hash_file, input_hashes
from analytics.runs.history import RunHistory

__all__ = [
    "Decision",
    "decide",
    "fingerprint",
    "hash_file",
    "input_hashes",
    "package_version",
    "run_key",
    "source_hash",
]

_NOTEBOOK = "@notebook"
_VERSION = "@version"
_SOURCE = "@source"
_PACKAGE = Path(__file__).resolve().parent.parent


def package_version() -> str:
    """The package version (``analytics.__version__``, the one place it is read).

    Examples
    --------
    >>> import analytics
    >>> package_version() == analytics.__version__
    True
    """
    import analytics

    return analytics.__version__


def source_hash(package: Path = _PACKAGE) -> str:
    """SHA-256 over the package's own files (code, templates), by relative path and content.

    Any edit to a module (a fixed sentence, a changed rule) changes it, so a run re-runs even
    when the version string stays the same. Byte-code caches are left out.

    Parameters
    ----------
    package : Path
        The folder to hash, every file under it (default: the installed ``analytics`` package).

    Examples
    --------
    >>> import tempfile
    >>> pkg = Path(tempfile.mkdtemp())
    >>> _ = (pkg / "m.py").write_text("x = 1")
    >>> before = source_hash(pkg)
    >>> _ = (pkg / "m.py").write_text("x = 2")
    >>> source_hash(pkg) == before
    False
    """
    files = sorted(
        p
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )
    return _digest({p.relative_to(package).as_posix(): hash_file(p) for p in files})


def _digest(obj: Any) -> str:
    text = json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def run_key(report: str, parameters: Mapping[str, Any]) -> str:
    """The identity of a run: its report and parameters (not its inputs).

    Parameters
    ----------
    report : str
        The report's name.
    parameters : Mapping
        The run's notebook parameters (their order does not matter).

    Examples
    --------
    >>> run_key("fiveg", {"region": "120000", "lang": "zh"}) == run_key(
    ...     "fiveg", {"lang": "zh", "region": "120000"})
    True
    """
    return _digest({"report": report, "parameters": dict(parameters)})[:32]


def fingerprint(
    *,
    notebook: Path,
    parameters: Mapping[str, Any],
    inputs: Mapping[str, str],
    version: str,
    source: str,
) -> tuple[str, dict[str, str]]:
    """The run's fingerprint and the component hashes it was made from.

    The components (input files, ``@notebook``, ``@version``, ``@source``) are stored in the
    history so a re-run can say *what* changed.

    Parameters
    ----------
    notebook : Path
        The report's notebook (its file is hashed).
    parameters : Mapping
        The run's notebook parameters.
    inputs : Mapping of str to str
        The input files' hashes (:func:`input_hashes`).
    version : str
        The package version (:func:`package_version`).
    source : str
        The package source hash (:func:`source_hash`).

    Examples
    --------
    >>> import tempfile
    >>> nb = Path(tempfile.mkdtemp()) / "r.ipynb"
    >>> _ = nb.write_text("{}")
    >>> kw = {"notebook": nb, "inputs": {}, "version": "1", "source": "s"}
    >>> a, _ = fingerprint(parameters={"lang": "zh"}, **kw)
    >>> b, _ = fingerprint(parameters={"lang": "en"}, **kw)
    >>> a == b
    False
    """
    parts = {**dict(inputs), _NOTEBOOK: hash_file(notebook), _VERSION: version, _SOURCE: source}
    return _digest({"parts": parts, "parameters": dict(parameters)}), parts


@dataclass(frozen=True)
class Decision:
    """Whether to run, and why (``reason`` is a short phrase for the summary and history).

    Parameters
    ----------
    run : bool
        Whether the run is needed.
    reason : str
        Why (``first run``, ``data changed: …``, ``unchanged since run 3``, …).
    """

    run: bool
    reason: str


def decide(
    history: RunHistory,
    *,
    key: str,
    fp: str,
    parts: Mapping[str, str],
    published: Path,
    force: bool = False,
) -> Decision:
    """Decide whether a run is needed.

    Parameters
    ----------
    history : RunHistory
        The run history, whose latest ``ok`` run of ``key`` is compared with.
    key : str
        The run's (report, parameters) key (:func:`run_key`).
    fp : str
        The run's fingerprint (:func:`fingerprint`).
    parts : Mapping of str to str
        The fingerprint's component hashes, to say what changed.
    published : Path
        The published report; a missing one means a run.
    force : bool
        Run whatever the history says (reason ``forced``).

    Examples
    --------
    >>> import tempfile
    >>> h = RunHistory(Path(tempfile.mkdtemp()) / "h.sqlite")
    >>> decide(h, key="k", fp="f", parts={}, published=Path("nowhere")).reason
    'first run'
    """
    if force:
        return Decision(True, "forced")
    last = history.last_success(key)
    if last is None:
        return Decision(True, "first run")
    if not published.exists():
        return Decision(True, "published report missing")
    if last.fingerprint == fp:
        return Decision(False, f"unchanged since run {last.id}")
    old = last.inputs
    if old.get(_NOTEBOOK) != parts.get(_NOTEBOOK):
        return Decision(True, "notebook changed")
    if old.get(_VERSION) != parts.get(_VERSION):
        return Decision(True, "package version changed")
    if old.get(_SOURCE) != parts.get(_SOURCE):
        return Decision(True, "package code changed")
    changed = sorted(
        k for k in set(old) | set(parts) if not k.startswith("@") and old.get(k) != parts.get(k)
    )
    if changed:
        more = f" (+{len(changed) - 1} more)" if len(changed) > 1 else ""
        return Decision(True, f"data changed: {changed[0]}{more}")
    return Decision(True, "fingerprint changed")
