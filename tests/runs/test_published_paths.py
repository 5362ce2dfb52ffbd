"""A published run folder does not tell readers where the server keeps the project."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from analytics.runs.runner import RunRequest, run_batch

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
_help = importlib.import_module("_schedhelp")


def test_no_published_file_holds_the_project_path(tmp_path: Path) -> None:
    root = tmp_path / "srv" / "workbench"
    specs = _help.make_project(root, {"r": ("data/a.csv",)})
    summary = run_batch(
        [RunRequest("r", "120000", "2023", "zh")],
        reports=specs,
        root=root,
        out_root=root / "reports" / "out",
        history=root / "runs.sqlite",
        execute=_help.fake_execute,
    )
    assert summary.exit_code == 0
    published = (root / "reports/out/r/120000/2023/zh").resolve()
    files = sorted(p.name for p in published.rglob("*") if p.is_file())
    # the attempt's hand-over files (result.json: absolute paths of the HTML and notebook) go
    assert "result.json" not in files and "attempt.json" not in files
    assert {"report.html", "report.ipynb", "manifest.json"} <= set(files)
    holding = [
        p.name
        for p in published.rglob("*")
        if p.is_file() and str(root) in p.read_text(encoding="utf-8", errors="replace")
    ]
    assert holding == []
