"""environment.yml is kept in step with pyproject.toml (same packages, same lower bounds)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
_REQ = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)(?:\[(?P<extras>[^\]]+)\])?\s*(?P<spec>.*)$")


def _parse(req: str) -> tuple[str, list[str], str]:
    m = _REQ.match(req.strip())
    assert m, req
    extras = [e.strip() for e in (m["extras"] or "").split(",") if e.strip()]
    return m["name"].lower().replace("_", "-"), extras, m["spec"].replace(" ", "")


def test_environment_yml_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda: dict[str, str] = {}
    pip: list[str] = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip += dep["pip"]
        else:
            name, _, spec = _parse(
                dep.replace("=", "==", 1) if "=" in dep and ">=" not in dep else dep
            )
            conda[name] = spec
    for p in pip:
        if not p.startswith("-e"):
            name, _, spec = _parse(p)
            conda[name] = spec
    assert "-e .[dev]" in pip, "the conda environment installs the package itself with pip"
    for req in project["dependencies"]:
        name, extras, spec = _parse(req)
        for pkg in [name, *extras] if name == "dask" else [name]:
            assert pkg in conda, f"{pkg} is in pyproject.toml but not in environment.yml"
            assert conda[pkg] == spec, (
                f"{pkg}: pyproject {spec!r} vs environment.yml {conda[pkg]!r}"
            )
    assert conda["python"] == "==3.11"
