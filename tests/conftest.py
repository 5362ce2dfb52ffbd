from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of data/ with a freshly built store (tests never touch the real one)."""
    from analytics.io import build_store

    data = tmp_path_factory.mktemp("data")
    for sub in ("raw", "reference", "catalog"):
        shutil.copytree(DATA / sub, data / sub)
    build_store(data_dir=data)
    return data
