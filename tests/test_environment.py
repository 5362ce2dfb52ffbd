"""environment.yml is kept in step with pyproject.toml (same packages, same lower bounds).

The conda file lists pyproject's runtime dependencies and its ``dask`` extra — no more, no fewer —
with the same bounds and the same Python; the rest (tests, docs, dev tools) comes from pip's
``-e .[dev]``. The conda route registers the kernel and drops rfc3987-syntax as the venv route does.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
_REQ = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)(?:\[(?P<extras>[^\]]+)\])?\s*(?P<spec>.*)$")


def _parse(req: str) -> tuple[str, list[str], str]:
    m = _REQ.match(req.strip())
    assert m, req
    extras = [e.strip() for e in (m["extras"] or "").split(",") if e.strip()]
    return m["name"].lower().replace("_", "-"), extras, m["spec"].replace(" ", "")


def _conda_specs(env: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    specs: dict[str, str] = {}
    pip: list[str] = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip += dep["pip"]
            continue
        exact = re.search(r"[^<>=!]=[^=]", dep)  # conda's `python=3.11` means ==3.11
        name, _, spec = _parse(dep.replace("=", "==", 1) if exact else dep)
        specs[name] = spec
    for p in pip:
        if not p.startswith("-e"):
            name, _, spec = _parse(p)
            specs[name] = spec
    return specs, pip


def mismatches(project: dict[str, Any], env: dict[str, Any]) -> list[str]:
    """Every difference between pyproject's [project] table and environment.yml."""
    want: dict[str, str] = {"python": project["requires-python"].replace(" ", "")}
    for req in [*project["dependencies"], *project["optional-dependencies"]["dask"]]:
        name, extras, spec = _parse(req)
        want[name] = spec
        if name == "dask":  # dask[distributed]: conda-forge packages distributed separately
            want.update({e: spec for e in extras})
    have, pip = _conda_specs(env)
    have.pop("pip", None)
    out = [f"{n} is in pyproject.toml but not in environment.yml" for n in want if n not in have]
    out += [f"{n} is in environment.yml but not in pyproject.toml" for n in have if n not in want]
    out += [
        f"{n}: pyproject {want[n]!r} vs environment.yml {have[n]!r}"
        for n in want
        if n in have and want[n] != have[n]
    ]
    if "-e .[dev]" not in pip:
        out.append("the conda environment must install the package itself: pip -e .[dev]")
    return out


def _load() -> tuple[dict[str, Any], dict[str, Any]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    return project, env


def test_environment_yml_matches_pyproject() -> None:
    project, env = _load()
    assert mismatches(project, env) == []


def test_a_dependency_added_to_pyproject_only_is_caught() -> None:
    project, env = _load()
    project["dependencies"] = [*project["dependencies"], "great-tables>=0.10"]
    assert mismatches(project, env) == [
        "great-tables is in pyproject.toml but not in environment.yml"
    ]
    project, env = _load()
    env["dependencies"] = [*env["dependencies"][:-1], "duckdb>=1.1", env["dependencies"][-1]]
    assert mismatches(project, env) == ["duckdb is in environment.yml but not in pyproject.toml"]


def test_conda_route_registers_the_kernel_and_drops_rfc3987_syntax() -> None:
    """The step environment.yml names exists and does what `make setup` does for the venv."""
    env_text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "make conda-post" in env_text
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = make.split("\nconda-post:", 1)[1].split("\n\n", 1)[0]
    assert "ipykernel install --sys-prefix --name $(KERNEL)" in recipe
    assert "uninstall" in recipe and "rfc3987-syntax" in recipe
