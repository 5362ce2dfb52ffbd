"""Every YAML reader refuses an alias bomb and a duplicated key, located (issue 24, item 4).

PyYAML's ``safe_load`` keeps the last of two equal keys silently and builds an alias bomb's shared
lists without complaint (the first walk over them then hangs); each loader of the workbench must
go through ``analytics._yaml.read_yaml`` instead.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from analytics.exceptions import DataValidationError

# the rules of one shipped nbs_files.yaml entry (data/catalog/nbs_files.yaml), given twice
_DUPLICATE = """\
files:
  第一产业.csv: {indicator: va_primary}
  第一产业.csv: {indicator: gdp}
names: {}
"""
_BOMB = "\n".join(
    ["files:", "  a0: &a0 [x, x]"]
    + [f"  a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 25)]
    + ["names: {}", ""]
)


def _indicators(path: Path) -> Any:
    from analytics.catalog._indicators import _load

    return _load(path.parent)


def _nbs(path: Path) -> Any:
    from analytics.io.nbs import nbs_file_rules

    return nbs_file_rules.__wrapped__(path)


def _portal(path: Path) -> Any:
    from analytics.io.portal import portal_files

    return portal_files(path)


def _figures(path: Path) -> Any:
    from analytics.io._add_figures import figures_files

    return figures_files(path)


def _bounds(path: Path) -> Any:
    from analytics.io.validate import unit_bounds

    return unit_bounds.__wrapped__(path)


def _framework(path: Path) -> Any:
    from analytics.index.framework import load_framework

    return load_framework(path)


LOADERS: dict[str, tuple[str, Callable[[Path], Any]]] = {
    "indicators": ("indicators.yaml", _indicators),
    "nbs_files": ("nbs_files.yaml", _nbs),
    "portal_files": ("portal_files.yaml", _portal),
    "figures_files": ("figures_files.yaml", _figures),
    "bounds": ("bounds.yaml", _bounds),
    "framework": ("framework.yaml", _framework),
}


@pytest.mark.parametrize("loader", sorted(LOADERS))
def test_a_duplicated_key_is_refused_at_its_line(tmp_path: Path, loader: str) -> None:
    name, load = LOADERS[loader]
    path = tmp_path / name
    path.write_text(_DUPLICATE, encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        load(path)
    assert str(err.value.first) == (
        f"{path}:3:3: duplicate key `第一产业.csv` in `files` (first at line 2) "
        "(give each key once)"
    )


@pytest.mark.parametrize("loader", sorted(LOADERS))
def test_an_alias_bomb_is_refused_before_it_is_built(tmp_path: Path, loader: str) -> None:
    name, load = LOADERS[loader]
    path = tmp_path / name
    path.write_text(_BOMB, encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        load(path)
    # the 17th alias: `a8: &a8 [*a7, *a7]` on line 10 holds aliases 15 and 16; line 11 the 17th
    assert str(err.value.first).startswith(
        f"{path}:11:12: more than 16 YAML aliases (`*a8` is one too many)"
    )


def test_a_few_aliases_are_still_fine(tmp_path: Path) -> None:
    from analytics._yaml import load_yaml

    path = tmp_path / "x.yaml"
    path.write_text("a: &a {unit: 亿元}\nb: *a\n", encoding="utf-8")
    assert load_yaml(path) == {"a": {"unit": "亿元"}, "b": {"unit": "亿元"}}
