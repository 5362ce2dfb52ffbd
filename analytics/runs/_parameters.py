"""Notebook parameters beyond the matrix: ``-p NAME=VALUE`` and a schedule job's ``parameters:``.

Every name and value is checked against the report notebook's ``parameters`` cell, read with
papermill's :func:`papermill.inspect_notebook`: an unknown name is refused with a close-match
hint, a value of the wrong type names the parameter, the value and the type the notebook's
default has. ``region``, ``period`` and ``lang`` are the matrix's (``--region``, ``matrix:``).
Peers are resolved to region codes and ``data_dir`` to an absolute path, as ``--peer`` and
``--data-dir`` are. A name is given to the reports of a batch whose notebooks declare it
(``synthetic`` to digital_economy, ``as_of`` to plan).
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analytics.exceptions import AnalyticsError, did_you_mean

__all__ = [
    "MATRIX",
    "RUNNER",
    "Extra",
    "NotebookParameter",
    "check_value",
    "cli_parameters",
    "freeze",
    "notebook_parameters",
    "parse_text",
    "per_report",
]

Extra = tuple[tuple[str, Any], ...]
"""Parameters as a request holds them: sorted (name, value) pairs, lists as tuples (hashable)."""

MATRIX = ("region", "period", "lang")
"""Parameters every request sets from its matrix; never given as ``-p`` or ``parameters:``."""
RUNNER = ("previous",)
"""Parameters the runner sets (the published edition a run compares itself with); never given."""

_OPTION = "--{name}"
_KINDS = {"str": str, "bool": bool, "int": int, "float": float, "list": list, "dict": dict}
_WORDS = {
    "str": "text",
    "bool": "true or false",
    "int": "a whole number",
    "float": "a number",
    "list": "a list",
    "dict": "a mapping",
}


@dataclass(frozen=True)
class NotebookParameter:
    """One name of a notebook's ``parameters`` cell: its type (``any`` when None) and default.

    Examples
    --------
    >>> NotebookParameter("synthetic", "bool", "False").expected
    'true or false (the default is False)'
    """

    name: str
    kind: str
    default: str

    @property
    def expected(self) -> str:
        """What a value must be, in words."""
        return f"{_WORDS.get(self.kind, 'any value')} (the default is {self.default})"


def _kind(inferred: str, default: str) -> str:
    """The type of a parameter: its annotation when it has one, else its default's."""
    kind = inferred.lower()
    if kind.startswith("optional[") and kind.endswith("]"):  # `peers: Optional[list] = None`
        kind = kind.removeprefix("optional[").removesuffix("]")
    name = kind.split("[")[0]
    if name in _KINDS:
        return name
    try:
        value = ast.literal_eval(default)
    except (ValueError, SyntaxError):
        return "any"
    return next((k for k, t in _KINDS.items() if type(value) is t), "any")


@functools.lru_cache(maxsize=32)
def _inspect(path: str, mtime_ns: int) -> dict[str, NotebookParameter]:
    import papermill

    out = {}
    for name, p in papermill.inspect_notebook(path).items():
        default = str(p["default"])
        out[name] = NotebookParameter(name, _kind(str(p["inferred_type_name"]), default), default)
    return out


def notebook_parameters(notebook: Path) -> dict[str, NotebookParameter]:
    """The parameters a notebook's ``parameters`` cell declares (papermill's inspection).

    Parameters
    ----------
    notebook
        The ``.ipynb`` file.

    Returns
    -------
    dict of str to NotebookParameter
        By name, in the cell's order; cached until the file changes.

    Examples
    --------
    >>> from analytics.runs.registry import get_report
    >>> p = notebook_parameters(get_report("digital_economy").notebook)
    >>> list(p)[-1], p["synthetic"].kind, p["peers"].kind, p["data_dir"].kind
    ('previous', 'bool', 'list', 'any')
    """
    return _inspect(str(notebook), notebook.stat().st_mtime_ns)


def parse_text(text: str, param: NotebookParameter) -> Any:
    """A ``-p`` value (text) as the parameter's type; ValueError when it is not one.

    Parameters
    ----------
    text
        What followed ``NAME=``.
    param
        The notebook's parameter.

    Returns
    -------
    Any
        Text as given for text, True/False, a number, a list (``a,b`` or ``[a, b]``), and for
        a parameter without a type (default None) the text, or None for ``None``/``null``.

    Examples
    --------
    >>> parse_text("true", NotebookParameter("synthetic", "bool", "False"))
    True
    >>> parse_text("[110000, 310000]", NotebookParameter("peers", "list", "[]"))
    ['110000', '310000']
    """
    kind = param.kind
    if kind == "bool" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    if kind in ("int", "float"):
        return _KINDS[kind](text)
    if kind == "list":
        items = text.strip().removeprefix("[").removesuffix("]").split(",")
        return [i.strip().strip("'\"") for i in items if i.strip()]
    if kind in ("str", "any"):
        return None if kind == "any" and text in ("None", "null") else text
    raise ValueError(text)


def check_value(name: str, value: Any, param: NotebookParameter) -> str:
    """What is wrong with a typed value (from YAML) for ``param`` (empty when nothing is).

    Examples
    --------
    >>> check_value("synthetic", "yes", NotebookParameter("synthetic", "bool", "False"))
    "`synthetic` must be true or false (the default is False), not 'yes'"
    >>> check_value("peers", ["110000"], NotebookParameter("peers", "list", "[]"))
    ''
    """
    want = _KINDS.get(param.kind)
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if want in (int, float):  # a bool is an int to Python, not to a reader
        ok = number and (want is float or isinstance(value, int))
    else:
        ok = want is None or isinstance(value, want)
    return "" if ok else f"`{name}` must be {param.expected}, not {value!r}"


def _normal(name: str, value: Any) -> Any:
    """Peers as region codes, ``data_dir`` as an absolute path (as ``--peer``, ``--data-dir``)."""
    if name == "peers" and isinstance(value, list):
        from analytics.catalog import resolve_region

        return [resolve_region(str(p)) for p in value]
    if name == "data_dir" and isinstance(value, str) and value:
        return str(Path(value).expanduser().resolve())
    return value


def freeze(values: Mapping[str, Any]) -> Extra:
    """Parameters as a request holds them (hashable: lists become tuples).

    Examples
    --------
    >>> freeze({"peers": ["110000"], "as_of": "2026-11-28"})
    (('as_of', '2026-11-28'), ('peers', ('110000',)))
    """
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(values.items()))


def _one(name: str, value: Any, param: NotebookParameter, *, typed: bool) -> Any:
    """The checked, normalised value; AnalyticsError saying what is wrong."""
    if typed:
        why = check_value(name, value, param)
        if why:
            raise AnalyticsError(why)
    else:
        try:
            value = parse_text(str(value), param)
        except ValueError:
            raise AnalyticsError(f"`{name}` must be {param.expected}, not {value!r}") from None
    return _normal(name, value)


def per_report(
    values: Mapping[str, Any], notebooks: Mapping[str, Path], *, typed: bool, matrix: str
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Each report's parameters, and what is wrong by name.

    Parameters
    ----------
    values
        Name → value: text from ``-p`` (``typed=False``), or YAML values (``typed=True``).
    notebooks
        Report → its notebook.
    typed
        Whether the values already have types (a schedule) or are text to parse (the CLI).
    matrix
        Where ``region``, ``period`` and ``lang`` are set instead, for the message: a format
        string with ``{name}`` (``--{name}``, or ``matrix.{name}s``).

    Returns
    -------
    tuple
        Report → {name: value} (a report gets the names its notebook declares), and
        name → problem.

    Examples
    --------
    >>> from analytics.runs.registry import get_report
    >>> nbs = {r: get_report(r).notebook for r in ("plan", "digital_economy")}
    >>> per_report({"synthetic": "true"}, nbs, typed=False, matrix="--{name}")
    ({'digital_economy': {'synthetic': True}}, {})
    >>> per_report({"synthetc": True}, nbs, typed=True, matrix="`matrix.{name}s`")[1]
    {'synthetc': 'unknown parameter `synthetc` — did you mean `synthetic`?'}
    """
    if not values:  # nothing to check: no notebook read, no papermill imported
        return {}, {}
    declared = {r: notebook_parameters(nb) for r, nb in notebooks.items()}
    out: dict[str, dict[str, Any]] = {r: {} for r in notebooks}
    problems: dict[str, str] = {}
    for name, value in values.items():
        holders = [r for r, ps in declared.items() if name in ps]
        if name in MATRIX:
            where = matrix.format(name=name)
            problems[name] = f"`{name}` is set by {where}, not as a parameter"
        elif name in RUNNER:
            problems[name] = f"`{name}` is set by the runner (the published edition), not given"
        elif not holders:
            known = sorted({n for ps in declared.values() for n in ps} - {*MATRIX, *RUNNER})
            hint = did_you_mean(name, known, otherwise=f" (the notebooks take: {', '.join(known)})")
            problems[name] = f"unknown parameter `{name}`{hint}"
        for report in holders if name not in (*MATRIX, *RUNNER) else ():
            try:
                out[report][name] = _one(name, value, declared[report][name], typed=typed)
            except AnalyticsError as err:
                problems[name] = f"{err} (in {notebooks[report].name})"
                break
    return {r: v for r, v in out.items() if v}, problems


def cli_parameters(
    pairs: Iterable[str], notebooks: Mapping[str, Path]
) -> dict[str, dict[str, Any]]:
    """``-p NAME=VALUE`` options as each report's parameters; every problem in one error.

    Parameters
    ----------
    pairs
        The options' values, ``NAME=VALUE`` each.
    notebooks
        Report → its notebook.

    Returns
    -------
    dict
        Report → {name: value} (only reports that take one of the names).

    Examples
    --------
    >>> from analytics.runs.registry import get_report
    >>> nbs = {"plan": get_report("plan").notebook}
    >>> cli_parameters(["as_of=2026-11-28"], nbs)
    {'plan': {'as_of': '2026-11-28'}}
    >>> try:
    ...     cli_parameters(["asof=2026-11-28", "plan"], nbs)
    ... except AnalyticsError as err:
    ...     print(err)
    bad notebook parameter:
      -p asof=2026-11-28: unknown parameter `asof` — did you mean `as_of`?
      -p plan: expected NAME=VALUE (e.g. -p as_of=2026-11-28)
    """
    values: dict[str, str] = {}
    given: dict[str, str] = {}
    problems: list[str] = []
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or not name.strip():
            problems.append(f"-p {pair}: expected NAME=VALUE (e.g. -p as_of=2026-11-28)")
            continue
        if name.strip() in values:
            problems.append(f"-p {pair}: `{name.strip()}` is given twice")
        values[name.strip()], given[name.strip()] = text, pair
    by_report, why = per_report(values, notebooks, typed=False, matrix=_OPTION)
    problems = [f"-p {given[n]}: {msg}" for n, msg in why.items()] + problems
    if problems:
        raise AnalyticsError("bad notebook parameter:\n  " + "\n  ".join(problems))
    return by_report
