"""Rebuilding a lost run history from the published reports' manifests.

Each published run folder holds ``manifest.json``; the runner stamps it with the run's identity
(``"run"``: job, slot, run key, fingerprint, input hashes) before publishing. When the history is
damaged and moved aside, a new one gets a successful run row for every published report and a
``done`` row for every schedule slot those reports came from — so no slot runs twice and an
unchanged report is still skipped.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["MANIFEST_KEY", "rebuild", "stamp_manifest"]

MANIFEST_KEY = "run"


def stamp_manifest(work: Path, run: Mapping[str, Any]) -> Path:
    """Add the run's identity to ``work/manifest.json`` (atomically; created if missing).

    Examples
    --------
    >>> import tempfile
    >>> w = Path(tempfile.mkdtemp())
    >>> _ = (w / "manifest.json").write_text('{"report": "fiveg"}')
    >>> m = json.loads(stamp_manifest(w, {"job": "monthly", "slot": None}).read_text())
    >>> m["report"], m["run"]["job"]
    ('fiveg', 'monthly')
    """
    path = work / "manifest.json"
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        data = {}
    data[MANIFEST_KEY] = dict(run)
    tmp = work / "manifest.json.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)
    return path


def _published(out_root: Path) -> list[tuple[Path, dict[str, Any]]]:
    """(target, run stamp) of every published report that carries one."""
    found = []
    for target in sorted(out_root.glob("*/*/*/*")):
        if not target.is_symlink():
            continue
        try:
            data = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        run = data.get(MANIFEST_KEY) if isinstance(data, dict) else None
        if isinstance(run, dict) and run.get("run_key") and run.get("fingerprint"):
            found.append((target, run))
    return found


def rebuild(conn: sqlite3.Connection, out_root: Path, *, host: str, pid: int) -> tuple[int, int]:
    """Insert the runs and slots the published manifests prove; return (runs, slots) added."""
    runs = slots = 0
    now = time.time()
    conn.execute("BEGIN IMMEDIATE")
    try:
        for target, run in _published(out_root):
            params = run.get("parameters") or {}
            finished = float(run.get("finished") or now)
            conn.execute(
                "INSERT INTO runs (job, slot, report, region, period, lang, parameters, run_key,"
                " fingerprint, inputs, status, attempts, started, finished, note, output_dir,"
                " html, notebook, host, pid) VALUES (?,?,?,?,?,?,?,?,?,?,'ok',1,?,?,?,?,?,?,?,?)",
                (
                    run.get("job") or "batch",
                    run.get("slot"),
                    target.parts[-4],
                    str(params.get("region", target.parts[-3])),
                    str(params.get("period", target.parts[-2])),
                    str(params.get("lang", target.name)),
                    json.dumps(params, sort_keys=True, ensure_ascii=False, default=str),
                    run["run_key"],
                    run["fingerprint"],
                    json.dumps(run.get("inputs") or {}, sort_keys=True),
                    finished,
                    finished,
                    f"rebuilt from {target / 'manifest.json'}",
                    str(target.resolve()),
                    str(target / "report.html"),
                    str(target / "report.ipynb"),
                    host,
                    pid,
                ),
            )
            runs += 1
            if run.get("job") and run.get("slot"):
                cur = conn.execute(
                    "INSERT OR IGNORE INTO slots (job, slot, status, claimed, finished, host, pid)"
                    " VALUES (?, ?, 'done', ?, ?, ?, ?)",
                    (run["job"], run["slot"], finished, finished, host, pid),
                )
                slots += cur.rowcount
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return runs, slots
