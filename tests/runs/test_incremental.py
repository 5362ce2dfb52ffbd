from __future__ import annotations

import hashlib
import importlib
import sys
from pathlib import Path

from analytics.runs import incremental
from analytics.runs.history import RunHistory
from analytics.runs.runner import RunRequest, run_batch

# the helpers live beside the tests; run processes import them by name, so the folder goes
# on sys.path under the top-level name `_schedhelp`, which the run processes import too
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
_help = importlib.import_module("_schedhelp")
fake_execute = _help.fake_execute
make_project = _help.make_project


def test_all_names_exist() -> None:
    assert all(hasattr(incremental, n) for n in incremental.__all__)


def test_hash_file_matches_hashlib(tmp_path: Path) -> None:
    p = tmp_path / "x.bin"
    p.write_bytes(b"digital economy" * 1000)
    assert incremental.hash_file(p) == hashlib.sha256(b"digital economy" * 1000).hexdigest()
    p.write_bytes(b"changed, and of another length")
    assert incremental.hash_file(p) == hashlib.sha256(b"changed, and of another length").hexdigest()


def test_input_hashes_globs_and_missing(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.csv").write_text("1")
    (tmp_path / "data" / "b.csv").write_text("2")
    got = incremental.input_hashes(["data/*.csv", "raw/*.xlsx"], root=tmp_path)
    assert got == {
        "data/a.csv": hashlib.sha256(b"1").hexdigest(),
        "data/b.csv": hashlib.sha256(b"2").hexdigest(),
        "raw/*.xlsx": "missing",
    }


def test_fingerprint_depends_on_each_part(tmp_path: Path) -> None:
    nb = tmp_path / "r.ipynb"
    nb.write_text("{}")
    base = {
        "notebook": nb,
        "parameters": {"lang": "zh"},
        "inputs": {"a": "1"},
        "version": "1",
        "source": "s1",
    }
    fp0, parts = incremental.fingerprint(**base)  # type: ignore[arg-type]
    assert parts["@version"] == "1" and parts["a"] == "1" and parts["@source"] == "s1"
    variants = [
        {**base, "parameters": {"lang": "en"}},
        {**base, "inputs": {"a": "2"}},
        {**base, "version": "2"},
        {**base, "source": "s2"},
    ]
    fps = {incremental.fingerprint(**v)[0] for v in variants}  # type: ignore[arg-type]
    nb.write_text('{"cells": []}')
    fps.add(incremental.fingerprint(**base)[0])  # type: ignore[arg-type]
    assert fp0 not in fps and len(fps) == 5


def test_changed_data_file_reruns_exactly_dependent_runs(tmp_path: Path) -> None:
    specs = make_project(
        tmp_path, {"ra": ("data/a.csv",), "rb": ("data/b.csv",), "rboth": ("data/*.csv",)}
    )
    reqs = [RunRequest(n, "120000", "2023", lang) for n in specs for lang in ("zh", "en")]
    history = RunHistory(tmp_path / "runs.sqlite")

    def batch(force: bool = False) -> dict[str, str]:
        summary = run_batch(
            reqs,
            reports=specs,
            root=tmp_path,
            out_root=tmp_path / "out",
            history=history,
            execute=fake_execute,
            force=force,
            workers=2,
        )
        return {r.request.label: r.status for r in summary.results}

    assert set(batch().values()) == {"ok"}
    assert set(batch().values()) == {"skipped"}
    (tmp_path / "data" / "a.csv").write_text("x\n1\n3\n")
    third = batch()
    rerun = sorted(label for label, status in third.items() if status == "ok")
    assert rerun == [
        "ra 120000 2023 en",
        "ra 120000 2023 zh",
        "rboth 120000 2023 en",
        "rboth 120000 2023 zh",
    ]
    assert third["rb 120000 2023 zh"] == third["rb 120000 2023 en"] == "skipped"
    reasons = {r.note for r in history.runs(limit=6) if r.status == "ok"}
    assert reasons == {"data changed: data/a.csv"}
    # the notebook is a dependency too
    nb = specs["rb"].notebook
    nb.write_text(nb.read_text().replace("x = 6 * 7", "x = 7 * 6"))
    fourth = batch()
    assert sorted(k for k, v in fourth.items() if v == "ok") == [
        "rb 120000 2023 en",
        "rb 120000 2023 zh",
    ]
    assert set(batch(force=True).values()) == {"ok"}
