"""The in-process engine makes the same report as a kernel process (apart from times and ids).

Both sides run here, one after the other; what may differ is written out in ``_normal``: chart
``<div>`` ids and the injected-parameters cell id (random in every run, kernel or not), the
"generated" minute in the footer, and papermill's and nbclient's timing metadata.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from analytics.runs.execute import RunOutputs, execute_notebook, run_report
from analytics.runs.inprocess import runs_here
from analytics.runs.registry import get_report
from analytics.runs.schedule import resolve_latest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "data" / "notebooks"
PEERS = ["110000", "310000", "500000", "000000"]


def _normal(text: str) -> str:
    text = re.sub(r"\ban-[0-9a-f]{12}\b", "an-ID", text)  # charts.embed: uuid4 per chart
    text = re.sub(r"cell-id=[0-9a-f]{8}\b", "cell-id=ID", text)  # papermill: uuid per run
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d [A-Z]{3}\b", "TIME", text)  # footer: generated


def _notebook(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    del nb["metadata"]["papermill"]  # start/end times, duration, output path
    for cell in nb["cells"]:
        cell["metadata"].pop("execution", None)  # nbclient's message times
        cell["metadata"].pop("papermill", None)  # papermill's cell times
        if "injected-parameters" in cell["metadata"].get("tags", []):
            cell["id"] = "ID"
    return _normal(json.dumps(nb, ensure_ascii=False, sort_keys=True))


def _manifest(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    del data["timings"]
    return data


def _run(report: str, lang: str, engine: str, out: Path) -> RunOutputs:
    period = "2025" if report == "plan" else resolve_latest("120000", indicator=None)
    params = {"region": "120000", "period": period, "lang": lang, "peers": PEERS}
    return run_report(report, params, out_dir=out / engine, engine=engine)  # type: ignore[arg-type]


@pytest.mark.slow
@pytest.mark.parametrize(("report", "lang"), [("fiveg", "zh"), ("plan", "en")])
def test_inprocess_report_is_the_kernel_report(report: str, lang: str, tmp_path: Path) -> None:
    kernel = _run(report, lang, "kernel", tmp_path)
    here = _run(report, lang, "inprocess", tmp_path)
    a, b = kernel.html.read_text(encoding="utf-8"), here.html.read_text(encoding="utf-8")
    assert len(a) > 100_000 and a != b  # real reports, and the ids do differ before _normal
    assert _normal(a) == _normal(b)
    assert _notebook(kernel.notebook) == _notebook(here.notebook)
    assert _manifest(kernel.manifest) == _manifest(here.manifest)
    assert [p.name for p in kernel.chart_data] == [p.name for p in here.chart_data]
    for p, q in zip(kernel.chart_data, here.chart_data, strict=True):
        assert p.read_bytes() == q.read_bytes()


def test_a_failing_cell_is_located_as_in_a_kernel(tmp_path: Path) -> None:
    causes = []
    for engine in ("kernel", "inprocess"):
        with pytest.raises(Exception) as info:
            execute_notebook(
                NOTEBOOKS / "raises.ipynb",
                {"region": "110000"},
                out_dir=tmp_path / engine,
                engine=engine,  # type: ignore[arg-type]
            )
        causes.append((type(info.value).__name__, str(info.value).splitlines()[:4]))
        nb = json.loads((tmp_path / engine / "report.ipynb").read_text(encoding="utf-8"))
        cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
        failed = [c for c in cells if c["metadata"]["papermill"]["status"] == "failed"]
        assert [c["execution_count"] for c in failed] == [4]  # the raising cell, after injection
        assert failed[0]["outputs"][-1]["evalue"] == "boom: no data for 110000 2023"
    assert causes[0] == causes[1]
    assert causes[0][0] == "PapermillExecutionError"


def test_a_cell_timeout_stops_the_cell(tmp_path: Path) -> None:
    with pytest.raises(Exception) as info:
        execute_notebook(
            NOTEBOOKS / "sleeps.ipynb", {}, out_dir=tmp_path, cell_timeout=1, engine="inprocess"
        )
    assert type(info.value).__name__ == "CellTimeoutError"
    assert "timed out" in str(info.value)


def test_runs_here_only_for_this_interpreter() -> None:
    assert runs_here("python3")  # ipykernel's own spec: the running interpreter
    assert not runs_here("no-such-kernel")


@pytest.mark.slow
def test_a_batch_forked_from_the_forkserver_makes_the_kernel_batch_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one local run path (each attempt a fork of the preloaded forkserver, cells in-process)
    makes the reports a kernel per run makes."""
    from analytics.runs import process
    from analytics.runs.runner import RunRequest, run_batch

    forked: list[tuple[str, int | None]] = []
    real = process._Proc.wait

    def spy(self: process._Proc, timeout: float | None, cancel: object) -> str:
        out = real(self, timeout, cancel)  # type: ignore[arg-type]
        forked.append((type(self.proc).__name__, self.code))
        return out

    monkeypatch.setattr(process._Proc, "wait", spy)

    def latest(report: str, region: str) -> str:  # each report's period with headline data
        return resolve_latest(region, indicator=get_report(report).headline)

    reqs = [
        RunRequest("fiveg", "120000", latest("fiveg", "120000"), "zh"),
        RunRequest("industry", "310000", latest("industry", "310000"), "en"),
        RunRequest("plan", "120000", "2025", "zh"),
    ]
    html = {}
    for engine in ("kernel", "auto"):
        summary = run_batch(
            reqs,
            out_root=tmp_path / engine,
            history=tmp_path / f"{engine}.sqlite",
            engine=engine,  # type: ignore[arg-type]
        )
        assert [r.status for r in summary.results] == ["ok"] * 3
        html[engine] = [_normal(r.html.read_text(encoding="utf-8")) for r in summary.results]  # type: ignore[union-attr]
        for r in summary.results:
            assert r.html is not None
            data = sorted((r.html.parent / "data").glob("*.csv"))
            html[engine].append("".join(p.read_text(encoding="utf-8") for p in data))
            html[engine].append(_notebook(r.html.parent / "report.ipynb"))
    # every attempt of both batches: a fork of the forkserver that exited 0
    assert forked == [("ForkServerProcess", 0)] * 6
    assert html["kernel"] == html["auto"]


def test_a_forked_run_rereads_a_catalog_edited_after_the_forkserver_parsed_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The forkserver parses the catalog once (``_preload``); a run forked after an edit of its
    files sees the edit (Tianjin's 5G target, 70,000 in data/catalog/indicators.yaml)."""
    import shutil

    from analytics.catalog import get_indicator
    from analytics.config import project_root
    from analytics.runs import _preload  # imported, it preloads, as in the forkserver

    shutil.copytree(project_root() / "data" / "catalog", tmp_path / "data" / "catalog")
    monkeypatch.setenv("ANALYTICS_HOME", str(tmp_path))
    monkeypatch.setattr(_preload, "_CATALOG", _preload._catalog_stamp())
    assert get_indicator("fiveg_base_stations").target_for("120000").value == 70000  # cached
    yml = tmp_path / "data" / "catalog" / "indicators.yaml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("value: 70000", "value: 75000"))
    _preload.fresh_catalog()
    assert get_indicator("fiveg_base_stations").target_for("120000").value == 75000
