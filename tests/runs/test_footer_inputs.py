"""The page footer and the run's fingerprint list the same inputs with the same hashes.

One helper (``analytics.io.inputs.input_hashes`` over ``report_inputs``) gives both; a real run
of the digital-economy report on a private store shows it: the footer used to list 4 files (the
store's two, the panel, the framework) where the manifest listed every catalog file too.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

import pytest

from analytics.config import project_root
from analytics.runs.history import RunHistory
from analytics.runs.runner import RunRequest, run_batch
from analytics.runs.schedule import resolve_latest

pytestmark = pytest.mark.slow


def _footer_inputs(page: str) -> dict[str, str]:
    footer = page[page.index('<footer class="an-footer">') :]
    footer = footer[: footer.index("</footer>")]
    return {
        html.unescape(k): v for k, v in re.findall(r"<li><code>([^<]+)</code> (\w+)…</li>", footer)
    }


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_footer_lists_the_manifests_inputs(built_store: Path, tmp_path: Path) -> None:
    root = project_root()
    period = resolve_latest("120000", indicator=("de_core_va_share",), data_dir=built_store)
    request = RunRequest(
        "digital_economy", "120000", period, "en", extra=(("data_dir", str(built_store)),)
    )
    summary = run_batch(
        [request],
        root=root,
        out_root=tmp_path / "out",
        history=tmp_path / "runs.sqlite",
        force=True,
    )
    assert [r.status for r in summary.results] == ["ok"], summary.lines()
    target = tmp_path / "out" / "digital_economy" / "120000" / period / "en"
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    shown = _footer_inputs((target / "report.html").read_text(encoding="utf-8"))
    assert sorted(shown) == sorted(manifest)
    assert shown == {k: v[:16] for k, v in manifest.items()}
    recorded = RunHistory(tmp_path / "runs.sqlite").runs()[0].inputs  # the fingerprint's parts
    assert {k: v for k, v in recorded.items() if not k.startswith("@")} == manifest
    # the files themselves, hashed here: the private store (by its full path), every catalog
    # file and the research panel (by their paths in the project)
    store = built_store / "processed"
    catalog = sorted(p for p in (root / "data" / "catalog").rglob("*") if p.is_file())
    expected = {
        (store / "observations.parquet").resolve().as_posix(): _sha(store / "observations.parquet"),
        (store / "sources.parquet").resolve().as_posix(): _sha(store / "sources.parquet"),
        **{p.relative_to(root).as_posix(): _sha(p) for p in catalog},
        "data/raw/research/panel_data.xlsx": _sha(root / "data/raw/research/panel_data.xlsx"),
    }
    assert manifest == expected
