"""``report run`` is a batch of one, and every notebook parameter is reachable (issue 17, item 4).

A ``report run`` goes through the batch runner: it takes the target's lock, is recorded in the
run history and the index, and exits 0/1/2 as a batch does. ``-p NAME=VALUE`` (``report run``,
``report batch``) and a job's ``parameters:`` reach the notebook, checked against its
``parameters`` cell.
"""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analytics.cli import main
from analytics.config import project_root
from analytics.runs.history import RunHistory
from analytics.runs.schedule import load_schedule


def _main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as info:
        code = info.code
    out = capsys.readouterr()
    return (code if isinstance(code, int) else 0), out.out, out.err


def _code(name_zh: str) -> str:
    """A region's GB/T 2260 code as data/catalog/regions.csv gives it."""
    with (project_root() / "data" / "catalog" / "regions.csv").open(encoding="utf-8") as f:
        return next(r["code"] for r in csv.DictReader(f) if r["short_zh"] == name_zh)


@pytest.fixture
def home(built_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder whose data/ is a private built store (history and index land here)."""
    (tmp_path / "data").symlink_to(built_store)
    (tmp_path / "notebooks").symlink_to(project_root() / "notebooks")
    (tmp_path / "reports").mkdir()
    monkeypatch.setenv("ANALYTICS_HOME", str(tmp_path))
    return tmp_path


@pytest.mark.slow
def test_report_run_with_parameters_is_recorded_like_a_batch_run(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = home / "pages"
    argv = [
        "report",
        "run",
        "digital_economy",
        "--lang",
        "en",
        "--period",
        "2023",
        "-p",
        "synthetic=true",
        "-p",
        "peers=北京,上海",
        "--out",
        str(out),
    ]
    code, stdout, err = _main(argv, capsys)
    assert code == 0, err
    page = out / "digital_economy" / "120000" / "2023" / "en" / "report.html"
    assert stdout.startswith(f"digital_economy 120000 2023 en: {page} (")
    peers = [_code("北京"), _code("上海")]
    assert peers == ["110000", "310000"]
    (run,) = RunHistory(home / "reports" / "runs.sqlite").runs()
    assert (run.job, run.status, run.html) == ("run", "ok", str(page))
    assert run.parameters == {
        "region": "120000",
        "period": "2023",
        "lang": "en",
        "peers": peers,
        "synthetic": True,
    }
    manifest = json.loads((page.parent / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"] == run.parameters and manifest["run"]["run_id"] == run.id
    # the notebook got them, and the page shows the section only `synthetic` asks for
    text = page.read_text(encoding="utf-8")
    assert "SYNTHETIC] These figures come from a randomly generated firm register" in text
    assert (out / "index.html").is_file()  # the index of the pages under --out


def test_report_run_waits_for_the_targets_lock(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holds the target: the run is not made, and says so (exit 0, skipped)."""
    import analytics.runs.runner

    asked: list[Path] = []

    @contextlib.contextmanager
    def held_elsewhere(path: Path, *, wait: float) -> Iterator[bool]:
        asked.append(path)
        yield False

    monkeypatch.setattr(analytics.runs.runner, "target_lock", held_elsewhere)
    argv = ["report", "run", "fiveg", "--period", "2023", "--out", str(home / "pages")]
    code, stdout, _ = _main(argv, capsys)
    assert code == 0
    assert stdout.startswith("fiveg 120000 2023 zh: skipped — another process was making it")
    # the lock a batch takes for this target (shared with batches and schedulers)
    assert asked == [home / "reports" / ".locks" / "runs" / "fiveg--120000--2023--zh.lock"]
    (run,) = RunHistory(home / "reports" / "runs.sqlite").runs()
    assert (run.job, run.status) == ("run", "skipped")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["digital_economy", "-p", "synthtic=true"],
            "-p synthtic=true: unknown parameter `synthtic` — did you mean `synthetic`?",
        ),
        (
            ["digital_economy", "-p", "synthetic=maybe"],
            "-p synthetic=maybe: `synthetic` must be true or false (the default is False), "
            "not 'maybe' (in digital_economy.ipynb)",
        ),
        (["plan", "-p", "as_of"], "-p as_of: expected NAME=VALUE"),
        (
            ["fiveg", "-p", "region=110000"],
            "-p region=110000: `region` is set by --region, not as a parameter",
        ),
        (
            ["fiveg", "-p", "synthetic=true"],
            "-p synthetic=true: unknown parameter `synthetic` (the notebooks take: data_dir, "
            "peers)",
        ),
        (["fiveg", "--peer", "北京", "-p", "peers=上海"], "--peer and -p peers=… both given"),
    ],
)
def test_bad_parameters_are_refused_before_any_run(
    args: list[str], message: str, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _main(["report", "run", *args, "--out", str(home / "pages")], capsys)
    assert code == 2 and message in err, err
    assert not (home / "pages").exists() and not (home / "reports" / "runs.sqlite").exists()


TIANJIN_PEERS = ["110000", "310000", "500000", "000000"]
"""Tianjin's own list in data/catalog/peers.yaml: a batch without peers takes it from there."""


def test_batch_parameters_go_to_the_reports_that_take_them(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import analytics.runs.runner

    seen: list[Any] = []

    def fake_batch(requests: Any, **kw: Any) -> Any:
        seen.extend(requests)
        raise SystemExit(0)

    monkeypatch.setattr(analytics.runs.runner, "run_batch", fake_batch)
    argv = [
        "report",
        "batch",
        "--report",
        "plan",
        "--report",
        "digital_economy",
        "--period",
        "2023",
        "--lang",
        "zh",
        "-p",
        "as_of=2026-11-28",
        "-p",
        "synthetic=true",
        "-p",
        f"data_dir={home / 'data'}",
        "--no-progress",
    ]
    code, _, err = _main(argv, capsys)
    assert code == 0, err
    store = str((home / "data").resolve())
    assert [(r.report, r.parameters) for r in seen] == [
        (
            "plan",
            {
                "region": "120000",
                "period": "2023",
                "lang": "zh",
                "peers": TIANJIN_PEERS,
                "as_of": "2026-11-28",
                "data_dir": store,
            },
        ),
        (
            "digital_economy",
            {
                "region": "120000",
                "period": "2023",
                "lang": "zh",
                "peers": TIANJIN_PEERS,
                "data_dir": store,
                "synthetic": True,
            },
        ),
    ]
    code, _, err = _main([*argv[:-1], "-p", "as_off=2026-11-28"], capsys)
    assert code == 2 and "unknown parameter `as_off` — did you mean `as_of`?" in err


SCHEDULE = """\
jobs:
  annual:
    reports: [plan, digital_economy]
    matrix: {regions: [天津], periods: ['2023'], langs: [en]}
    parameters:
      synthetic: true
      peers: [北京, 上海]
  typo:
    reports: [fiveg]
    parameters:
      synthetc: true
  wrong:
    reports: [digital_economy]
    parameters: {synthetic: 'yes', lang: en}
  list:
    reports: [fiveg]
    parameters: [peers]
"""


def test_schedule_parameters_reach_the_requests_and_bad_ones_are_located(
    tmp_path: Path,
) -> None:
    path = tmp_path / "schedule.yaml"
    path.write_text(SCHEDULE, encoding="utf-8")
    schedule = load_schedule(path, partial=True)
    assert list(schedule.jobs) == ["annual"]
    got = [(r.report, r.parameters) for r in schedule.jobs["annual"].requests()]
    assert got == [
        (
            "plan",
            {"region": "120000", "period": "2023", "lang": "en", "peers": ["110000", "310000"]},
        ),
        (
            "digital_economy",
            {
                "region": "120000",
                "period": "2023",
                "lang": "en",
                "peers": ["110000", "310000"],
                "synthetic": True,
            },
        ),
    ]
    problems = {job: [str(p) for p in ps] for job, ps in schedule.invalid.items()}
    assert problems == {
        "typo": [
            f"{path}:11:17: unknown parameter `synthetc` (the notebooks take: data_dir, peers)"
        ],
        "wrong": [
            f"{path}:14:29: `synthetic` must be true or false (the default is False), "
            "not 'yes' (in digital_economy.ipynb)",
            f"{path}:14:42: `lang` is set by `matrix.langs`, not as a parameter",
        ],
        "list": [  # the schedule's schema
            f"{path}:17:17: `parameters` must be a mapping of keys to values, not ['peers'] "
            "(notebook parameters given to each run)"
        ],
    }
