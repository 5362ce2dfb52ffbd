"""The one schema mechanism: a catalog or schedule file checked against its JSON Schema.

The schemas themselves are data (:mod:`analytics.catalog._schemas`, also written to
``docs/schemas/*.json`` for editors). :func:`schema_problems` validates what
:func:`~analytics._yaml.read_yaml` read with ``jsonschema`` and turns each error into one
:class:`~analytics.exceptions.Problem` at the YAML node it concerns: ``file:line:column``, the
value, what was expected, and a close match for an unknown key or a misspelt word. Two keywords
go beyond the standard, all ignored by editors: ``x-unique`` (the property that must differ
between the items of a list, e.g. ``id``), ``x-message`` (the words of a ``pattern`` error) and
``x-unit`` (the unit a range is in).
Numbers are finite: ``.nan`` and ``.inf`` are not numbers here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, ValidationError, validators

from analytics._yaml import read_yaml
from analytics.exceptions import DataValidationError, Problem, did_you_mean

__all__ = ["row_problems", "schema_problems", "validated"]

Key = str | int
_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a finite number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of keys to values",
    "null": "empty",
}


def _plain(value: Any) -> Any:
    """Dates as the text they were written as (an editor reads ``2021-09-17`` as text too)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def _finite(_checker: Any, value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _unique(validator: Any, key: str, instance: object, schema: dict[str, Any]) -> Iterator[Any]:
    """``x-unique: id``: no two items of the list share ``id``."""
    if not isinstance(instance, list):
        return
    first: dict[str, int] = {}
    for i, item in enumerate(instance):
        value = item.get(key) if isinstance(item, dict) else None
        if not isinstance(value, str | int) or isinstance(value, bool):
            continue
        if str(value) in first:
            err = ValidationError(
                f"{key} `{value}` is given twice (first as item {first[str(value)] + 1})"
            )
            err.path.extend([i, key])
            yield err
        else:
            first[str(value)] = i


_Validator = validators.extend(
    Draft202012Validator,
    validators={"x-unique": _unique},
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("number", _finite),
)


def _node(root: yaml.Node | None, keys: Sequence[Key], *, key: bool = False) -> yaml.Node | None:
    """The node at ``keys`` (its key node when ``key``); the deepest one found otherwise."""
    node = root
    for i, part in enumerate(keys):
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if str(k.value) == str(part)), None)
            if pair is None:
                return node
            node = pair[0] if key and i == len(keys) - 1 else pair[1]
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
        else:
            return node
    return node


def _what(keys: Sequence[Key]) -> str:
    """The subject of a message: ```kind```, ``item 2`` or ``the file``."""
    name = _name(keys)
    return f"`{name}`" if keys and not name.startswith("item ") else name


def _name(keys: Sequence[Key]) -> str:
    """The key a value stands under (``kind``), or its item number in a list of the file."""
    words = [str(k) for k in keys if isinstance(k, str)]
    if words:
        return words[-1]
    return f"item {int(keys[-1]) + 1}" if keys else "the file"


def _label(keys: Sequence[Key], instance: object) -> str:
    """What a mapping is, for "… lacks `unit`": ``item 2 (`stations`) of `indicators```."""
    ident = instance.get("id") if isinstance(instance, dict) else None
    named = f" (`{ident}`)" if isinstance(ident, str | int) and not isinstance(ident, bool) else ""
    if keys and isinstance(keys[-1], int):
        inside = _name(keys[:-1])
        return (
            f"item {keys[-1] + 1}{named} of `{inside}`"
            if inside != "the file"
            else (f"item {keys[-1] + 1}{named}")
        )
    return f"`{_name(keys)}`" if keys else "the file"


def _shown(value: object) -> str:
    return "null" if value is None else repr(value)[:80]


def _type_words(schema: dict[str, Any]) -> str:
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
    return " or ".join(_WORDS.get(k, k) for k in kinds)


def _expected(schema: dict[str, Any]) -> str:
    """What a value must be: ``a whole number from 0 to 10``."""
    words = _type_words(schema) or "a value"
    unit = f" {schema['x-unit']}" if "x-unit" in schema else ""
    if "minimum" in schema and "maximum" in schema:
        return f"{words} from {schema['minimum']:g} to {schema['maximum']:g}{unit}"
    if "minimum" in schema:
        return f"{words} of at least {schema['minimum']:g}{unit}"
    return f"{words} of at most {schema['maximum']:g}{unit}" if "maximum" in schema else words


def _fits(value: object, schema: object) -> bool:
    """Whether ``value`` is of (one of) the ``type`` of ``schema``."""
    kinds = schema.get("type") if isinstance(schema, dict) else None
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
    return any(_Validator({}).is_type(value, kind) for kind in kinds)


def _branch(err: ValidationError) -> list[ValidationError] | None:
    """For ``anyOf``/``oneOf``: the errors of the one branch of the value's type, if one."""
    branches = err.validator_value if isinstance(err.validator_value, list) else []
    fits = [i for i, b in enumerate(branches) if _fits(err.instance, b)]
    if len(fits) != 1:
        return None
    return [e for e in err.context or () if e.relative_schema_path[0] == fits[0]]


def _message(err: ValidationError, keys: Sequence[Key]) -> tuple[str, str, bool]:
    """``(message, hint, at_key)`` for one error."""
    name, value, schema = _name(keys), err.instance, err.schema
    hint = str(schema.get("description", "")) if isinstance(schema, dict) else ""
    kind = err.validator
    if kind == "type":
        return f"{_what(keys)} must be {_expected(schema)}, not {_shown(value)}", hint, False
    if kind in ("enum", "const"):
        allowed = [
            str(a) for a in (err.validator_value if kind == "enum" else [err.validator_value])
        ]
        close = did_you_mean(str(value), allowed)
        return (
            f"`{name}: {value}` is not a known word{close}",
            f"one of {', '.join(allowed)}",
            False,
        )
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return f"{_what(keys)} must be {_expected(schema)}, not {_shown(value)}", hint, False
    if kind == "pattern":
        said = schema.get("x-message", "`{name}: {value}` is not in the expected form")
        return (
            said.format(name=name, value=value),
            hint,
            bool(err.schema_path and "propertyNames" in err.schema_path),
        )
    if kind in ("minItems", "minProperties", "maxItems"):
        if not value:
            return f"{_what(keys)} is empty", hint or "give at least one", False
        return f"{_what(keys)} has {len(value)} items, not {err.validator_value}", hint, False
    if kind == "minLength":
        return f"{_what(keys)} is empty", hint or "write it out", False
    if kind == "x-unique":
        return err.message, f"give each item its own `{err.validator_value}`", False
    if kind in ("anyOf", "oneOf"):
        words = " or ".join(_type_words(b) for b in err.validator_value if "type" in b)
        return f"{_what(keys)} must be {words}, not {_shown(value)}", hint, False
    return f"{_what(keys)}: {err.message}", hint, False


def _unknown(err: ValidationError, keys: tuple[Key, ...]) -> list[tuple[tuple[Key, ...], str, str]]:
    known = sorted(err.schema.get("properties", {}))
    extra = [k for k in err.instance if k not in known]
    hint = f"known keys: {', '.join(known)}"
    return [((*keys, k), f"unknown key `{k}`{did_you_mean(str(k), known)}", hint) for k in extra]


def _flatten(errors: Sequence[ValidationError]) -> Iterator[ValidationError]:
    for err in errors:
        picked = _branch(err) if err.validator in ("anyOf", "oneOf") else None
        if picked:
            yield from _flatten(picked)  # their absolute paths run through ``err``
        else:
            yield err


def schema_problems(
    path: Path, node: yaml.Node | None, data: Any, schema: dict[str, Any]
) -> list[Problem]:
    r"""Every way ``data`` (read from ``path``, node tree ``node``) breaks ``schema``, located.

    Parameters
    ----------
    path
        The file (for the problems' location).
    node
        Its YAML node tree, from :func:`~analytics._yaml.read_yaml`.
    data
        Its data.
    schema
        A JSON Schema from :mod:`analytics.catalog._schemas`.

    Returns
    -------
    list[Problem]
        One problem per error, in file order; an unknown key that is a misspelt required one
        is one problem, not two.

    Examples
    --------
    >>> from analytics._yaml import read_yaml
    >>> s = {"type": "object", "properties": {"kind": {"enum": ["binding", "expected"]}},
    ...      "required": ["kind"], "additionalProperties": False}
    >>> node, data = read_yaml(Path("t.yaml"), "knd: expected\n")
    >>> [str(p) for p in schema_problems(Path("t.yaml"), node, data, s)]
    ['t.yaml:1:1: unknown key `knd` — did you mean `kind`? (known keys: kind)']
    """
    return _located(path, node, _findings(data, schema))


def row_problems(
    path: Path, rows: list[dict[str, str]], lines: list[int], schema: dict[str, Any]
) -> list[Problem]:
    """Every way the rows of a CSV table break ``schema`` (a list of rows), at line and column.

    Parameters
    ----------
    path
        The CSV file.
    rows
        Its rows as read by :class:`csv.DictReader`.
    lines
        The line each row starts on.
    schema
        The schema of the list of rows.

    Returns
    -------
    list[Problem]
        One problem per error, located as ``file:line:column-name``.

    Examples
    --------
    >>> s = {"type": "array", "items": {"properties": {"code": {"pattern": "^[0-9]{6}$"}}}}
    >>> [str(p) for p in row_problems(Path("r.csv"), [{"code": "12000"}], [2], s)]
    ['r.csv:2:code: `code: 12000` is not in the expected form']
    """
    out = []
    for keys, message, hint, _ in _findings(rows, schema):
        line = lines[int(keys[0])] if keys else 1
        column = str(keys[1]) if len(keys) > 1 else 1
        out.append(Problem(path, line, column, message, hint))
    return sorted(out, key=lambda p: (int(p.line), str(p.column)))


def _findings(data: Any, schema: dict[str, Any]) -> list[tuple[tuple[Key, ...], str, str, bool]]:
    """``(keys, message, hint, at the key)`` of every error of ``data``."""
    found: list[tuple[tuple[Key, ...], str, str, bool]] = []
    errors = list(_flatten(list(_Validator(schema).iter_errors(_plain(data)))))
    typed = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    for err in errors:
        keys = tuple(err.absolute_path)
        if "propertyNames" in err.schema_path:  # the error is the key's, not its value's
            keys = (*keys, err.instance)
        if err.validator == "additionalProperties":
            found += [(k, m, h, True) for k, m, h in _unknown(err, keys)]
        elif err.validator == "required":
            missing = [r for r in err.validator_value if r not in err.instance]
            found.append(
                (keys, f"{_label(keys, err.instance)} lacks `{'`, `'.join(missing)}`", "", False)
            )
        elif err.validator in ("enum", "const") and keys in typed:
            continue  # the wrong type says it
        else:
            message, hint, at_key = _message(err, keys)
            found.append((keys, message, hint, at_key))
    return _merge(found)


def _merge(
    found: list[tuple[tuple[Key, ...], str, str, bool]],
) -> list[tuple[tuple[Key, ...], str, str, bool]]:
    """A misspelt required key (``knd`` for ``kind``) is said once, as the unknown key."""
    typos = {
        (k[:-1], m.rsplit("`", 2)[-2])
        for k, m, _, _ in found
        if "did you mean" in m and m.startswith("unknown key")
    }
    out = []
    for keys, message, hint, at_key in found:
        if message.endswith("`") and " lacks `" in message:
            missing = message.split(" lacks ", 1)[1].strip("`").split("`, `")
            left = [m for m in missing if (keys, m) not in typos]
            if not left:
                continue
            message = message.split(" lacks ", 1)[0] + f" lacks `{'`, `'.join(left)}`"
        out.append((keys, message, hint, at_key))
    return out


def _located(
    path: Path, node: yaml.Node | None, found: list[tuple[tuple[Key, ...], str, str, bool]]
) -> list[Problem]:
    out = []
    for keys, message, hint, at_key in found:
        where = _node(node, keys, key=at_key)
        line, column = (where.start_mark.line + 1, where.start_mark.column + 1) if where else (0, 0)
        out.append(Problem(path, line, column, message, hint))
    return sorted(out, key=lambda p: (int(p.line), str(p.column)))


def validated(
    path: Path, schema: dict[str, Any], text: str | None = None
) -> tuple[yaml.Node | None, Any]:
    r"""The node tree and data of a YAML file that meets ``schema``, else every problem raised.

    Parameters
    ----------
    path
        The YAML file.
    schema
        Its JSON Schema.
    text
        Its text, when already read.

    Returns
    -------
    tuple
        The node tree (for line numbers) and the data.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x.yaml"; _ = p.write_text("- 1\n- two\n")
    >>> validated(p, {"type": "array", "items": {"type": "integer"}})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    analytics.exceptions.DataValidationError: ...x.yaml:2:3: item 2 must be a whole number, ...
    """
    node, data = read_yaml(path, text)
    problems = schema_problems(path, node, data, schema)
    if problems:
        raise DataValidationError(problems)
    return node, data
