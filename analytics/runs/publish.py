"""Atomic publishing of report runs.

Layout under the output root (``reports/out``)::

    <report>/<region>/<period>/<lang>            -> <lang>-<YYYY-MM-DD>-<n>   (a symbolic link)
    <report>/<region>/<period>/<lang>-<YYYY-MM-DD>-<n>/report.html, editions.html, edition.json,
                                                  report.ipynb, manifest.json, data/facts.json, …
    <report>/<region>/<period>/.runs/<lang>-<run>/   (runs being made, and failed ones)
    <report>/<region>/<period>/.<lang>.stale.json (only while the last run failed)

A run writes into its own folder under ``.runs`` beside the target. Publishing makes it an
*edition*: numbered ``n`` (1, 2, … per target), dated, with ``edition.json`` and the list of the
target's editions (``editions.html``) written into it, it is moved to ``<lang>-<date>-<n>`` beside
the target — at the depth of the ``<lang>`` link, so the page's relative links (the index, the
other language, the other editions) work from either — and the ``<lang>`` link is pointed at it
with one ``os.replace``: readers see the old report or the new one, never half of either. Every
edition stays (:func:`prune` only removes run folders under ``.runs``). A failed run leaves the
link (the last good report) alone, keeps its folder (with the failed executed notebook) and
writes a stale marker saying why.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from analytics._typing import Lang
from analytics.config import TIMEZONE

__all__ = [
    "EDITIONS_PAGE",
    "Edition",
    "clear_stale",
    "current_edition",
    "editions",
    "mark_stale",
    "prune",
    "publish",
    "read_stale",
    "scrub",
    "target_dir",
    "work_dir",
]

_RUNS = ".runs"
_KEEP_FAILED = 3


def target_dir(out_root: Path, report: str, region: str, period: str, lang: str) -> Path:
    """Where a report is published: ``<out_root>/<report>/<region>/<period>/<lang>``.

    Periods like ``2023-01/02`` (a January–February release) become ``2023-01_02``.

    Parameters
    ----------
    out_root : Path
        The output root (``reports/out``).
    report : str
        The report's name.
    region : str
        The region's code.
    period : str
        The period label.
    lang : str
        The language (``zh``, ``en``): the name of the link.

    Examples
    --------
    >>> target_dir(Path("out"), "fiveg", "120000", "2023-01/02", "zh").as_posix()
    'out/fiveg/120000/2023-01_02/zh'
    """
    return out_root / report / region / period.replace("/", "_") / lang


def work_dir(target: Path, run: str) -> Path:
    """A fresh folder for one run attempt, beside the target (same file system).

    Parameters
    ----------
    target : Path
        The ``<lang>`` link (:func:`target_dir`).
    run : str
        The attempt's name (the runner's ``<run id>-<attempt>``): the folder is
        ``.runs/<lang>-<run>``, and must not exist yet (``FileExistsError``).

    Examples
    --------
    >>> import tempfile
    >>> w = work_dir(Path(tempfile.mkdtemp()) / "zh", "17-1")
    >>> w.name, w.parent.name, w.is_dir()
    ('zh-17-1', '.runs', True)
    """
    path = target.parent / _RUNS / f"{target.name}-{run}"
    path.mkdir(parents=True, exist_ok=False)
    return path


def _stale_path(target: Path) -> Path:
    return target.parent / f".{target.name}.stale.json"


_HANDOFF = ("attempt.json", "result.json")
"""Files an attempt's processes hand each other; read before publishing, never published."""

_TEXT = ("run.log", "manifest.json", "report.ipynb")
"""Published text files that may quote the project's folder."""


def scrub(work: Path, root: Path) -> None:
    r"""Leave no absolute project path in a run folder about to be published.

    The attempt's hand-over files go (the runner has read them); in the run log, the manifest and
    the executed notebook, ``<root>/`` becomes a path relative to the project, so a published
    folder does not tell readers where the server keeps the project.

    Parameters
    ----------
    work
        The run's work folder.
    root
        The project root.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> w = work_dir(root / "out" / "zh", "1")
    >>> _ = (w / "run.log").write_text(f"warning in {root}/analytics/x.py\n")
    >>> _ = (w / "result.json").write_text("{}")
    >>> scrub(w, root)
    >>> (w / "run.log").read_text(), (w / "result.json").exists()
    ('warning in analytics/x.py\n', False)
    """
    for name in _HANDOFF:
        with contextlib.suppress(FileNotFoundError):
            (work / name).unlink()
    prefixes = {str(root) + os.sep, str(root.resolve()) + os.sep}
    escaped = {json.dumps(p)[1:-1] for p in prefixes}  # as written inside JSON strings
    for name in _TEXT:
        path = work / name
        try:
            text = path.read_text(encoding="utf-8", errors="surrogateescape")
        except FileNotFoundError:
            continue
        new = text
        for prefix in sorted(prefixes | escaped, key=len, reverse=True):
            new = new.replace(prefix, "")
        if new != text:
            path.write_text(new, encoding="utf-8", errors="surrogateescape")


EDITIONS_PAGE = "editions.html"
"""The list of a target's editions, written into every edition beside its ``report.html``."""
_EDITION_FILE = "edition.json"  # = analytics.reports.changes.EDITION_FILE (a test keeps them equal)
_EDITION_NAME = re.compile(r"^(?P<lang>[^-./]+)-(?P<date>\d{4}-\d{2}-\d{2})-(?P<n>[1-9]\d*)$")


@dataclass(frozen=True)
class Edition:
    """One published edition of a target: its number, when it was published, its folder.

    Parameters
    ----------
    number
        1 for the first publish of the target, then 2, 3, …
    published
        The publish time, ISO 8601 in the project's time zone.
    folder
        The edition's folder (beside the target).
    """

    number: int
    published: str
    folder: Path

    @property
    def date(self) -> str:
        """The publish date, ``YYYY-MM-DD``."""
        return self.published[:10]


def editions(target: Path) -> list[Edition]:
    """The target's published editions, oldest first.

    Parameters
    ----------
    target
        The ``<lang>`` link (:func:`target_dir`).

    Returns
    -------
    list of Edition
        Every ``<lang>-<date>-<n>`` folder beside the target; the publish time from its
        ``edition.json`` (else the date in its name).

    Examples
    --------
    >>> import tempfile
    >>> t = Path(tempfile.mkdtemp()) / "zh"
    >>> for run in ("1", "2"):
    ...     _ = (work_dir(t, run) / "report.html").write_text(run)
    ...     _ = publish(t.parent / ".runs" / f"zh-{run}", t)
    >>> [(e.number, (e.folder / "report.html").read_text()) for e in editions(t)]
    [(1, '1'), (2, '2')]
    """
    found = []
    if not target.parent.is_dir():
        return []
    for p in target.parent.iterdir():
        m = _EDITION_NAME.match(p.name)
        if m is None or m["lang"] != target.name or not p.is_dir() or p.is_symlink():
            continue
        try:
            info = json.loads((p / _EDITION_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            info = {}
        when = info.get("published") if isinstance(info, dict) else None
        found.append(Edition(int(m["n"]), str(when or m["date"]), p))
    return sorted(found, key=lambda e: e.number)


def _now() -> datetime:
    return datetime.now(ZoneInfo(TIMEZONE))


def _as_edition(target: Path, folder: Path, when: datetime) -> Path:
    """Move a published folder to the next edition's name beside the target; its new path."""
    number = max((e.number for e in editions(target)), default=0) + 1
    dest = target.parent / f"{target.name}-{when:%Y-%m-%d}-{number}"
    info = {"number": number, "published": when.isoformat(timespec="seconds"), "run": folder.name}
    (folder / _EDITION_FILE).write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    folder.rename(dest)
    return dest


def _point(target: Path, name: str) -> None:
    """Point the ``<lang>`` link at ``name`` (beside it) with one ``os.replace``."""
    link = target.parent / f".{target.name}.link-{os.getpid()}-{time.time_ns()}"
    try:
        os.symlink(name, link, target_is_directory=True)
        os.replace(link, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            link.unlink()


def current_edition(target: Path) -> Path | None:
    """The published edition's folder (None: nothing published yet).

    A report published before editions were kept — the link pointing into ``.runs``, or a plain
    folder — is first made edition 1 (dated by its files), so that it stays when the next edition
    is published. Call it holding the target's lock (the runner does).

    Parameters
    ----------
    target
        The ``<lang>`` link.

    Returns
    -------
    Path or None
        The current edition's folder, resolved.

    Examples
    --------
    >>> import tempfile
    >>> t = Path(tempfile.mkdtemp()) / "en"
    >>> current_edition(t) is None
    True
    >>> _ = (work_dir(t, "1") / "report.html").write_text("v1")
    >>> os.symlink(".runs/en-1", t)  # the layout before editions
    >>> current_edition(t).name.endswith("-1"), os.readlink(t) == current_edition(t).name
    (True, True)
    """
    if target.is_symlink():
        folder = (target.parent / os.readlink(target)).resolve()
        if not folder.is_dir():
            return None
        if folder.parent == target.parent.resolve() and _EDITION_NAME.match(folder.name):
            return folder
        if folder.parent.name != _RUNS:
            return folder
    elif target.is_dir():  # a plain folder from an older layout: move it aside first
        folder = target.parent / _RUNS / f"{target.name}-legacy-{time.time_ns()}"
        folder.parent.mkdir(exist_ok=True)
        target.rename(folder)
    else:
        return None
    when = datetime.fromtimestamp(folder.stat().st_mtime, ZoneInfo(TIMEZONE))
    dest = _as_edition(target, folder, when)
    _point(target, dest.name)
    return dest.resolve()


def _title(target: Path) -> str:
    """``<report title> · <region> · <period>`` from the target's path (ids when unknown)."""
    lang = target.name
    report, region, period = target.parts[-4:-1] if len(target.parts) >= 4 else ("", "", "")
    try:
        from analytics.catalog import region_name
        from analytics.runs.registry import REPORTS

        spec = REPORTS.get(report)
        name = (spec.title_zh if lang == "zh" else spec.title_en) if spec else report
        where = region_name(region, "zh" if lang == "zh" else "en")
    except Exception:  # a test target outside the registry, an unknown region: the ids
        name, where = report, region
    return " · ".join(x for x in (name, where, period.replace("_", "/")) if x)


def _shown_time(iso: str) -> str:
    """``2026-12-05 04:18 (UTC+08:00)`` from an ISO time; a bare date as it is.

    Examples
    --------
    >>> _shown_time("2026-12-05T04:18:35+08:00"), _shown_time("2026-12-05")
    ('2026-12-05 04:18 (UTC+08:00)', '2026-12-05')
    """
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if len(iso) <= 10:
        return iso
    offset = when.strftime("%z")
    zone = f" (UTC{offset[:3]}:{offset[3:]})" if offset else ""
    return f"{when:%Y-%m-%d %H:%M}{zone}"


def _editions_page(target: Path, listed: list[Edition], current: int) -> str:
    """``editions.html``: the target's editions, newest first, each linking its report."""
    import jinja2

    from analytics.runs._edition_words import word as t

    lang: Lang = "zh" if target.name == "zh" else "en"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    rows = [
        {
            "number": t("number", lang, number=e.number),
            "published": _shown_time(e.published),
            "href": f"../{e.folder.name}/report.html",
            "current": e.number == current,
        }
        for e in sorted(listed, key=lambda e: -e.number)
    ]
    words = {k: t(k, lang) for k in ("page_intro", "current", "back", "index")}
    cols = {k: t(f"col.{k}", lang) for k in ("number", "published")}
    title = t("page_title", lang, title=_title(target))
    html_lang = "zh-CN" if lang == "zh" else "en"
    page = env.get_template("editions.html.j2").render(
        lang=html_lang, title=title, rows=rows, words=words, cols=cols, target=target.name
    )
    return str(page)


def publish(work: Path, target: Path) -> Path:
    """Publish ``work`` as the target's next edition, atomically; return the target.

    The run folder becomes ``<lang>-<date>-<n>`` beside the target, with ``edition.json`` and
    ``editions.html``; the previous editions stay.

    Parameters
    ----------
    work : Path
        The run's work folder, under the target's ``.runs`` (:func:`work_dir`; else
        ``ValueError``).
    target : Path
        The ``<lang>`` link, pointed at the new edition; its stale marker is removed.

    Examples
    --------
    >>> import tempfile
    >>> t = Path(tempfile.mkdtemp()) / "zh"
    >>> w = work_dir(t, "1")
    >>> _ = (w / "report.html").write_text("v1")
    >>> (publish(w, t) / "report.html").read_text(), (t / "editions.html").is_file()
    ('v1', True)
    """
    if work.parent != target.parent / _RUNS:
        raise ValueError(f"{work} is not a work folder of {target}")
    current_edition(target)  # an older layout's report becomes an edition first
    listed = editions(target)
    when, number = _now(), max((e.number for e in listed), default=0) + 1
    name = f"{target.name}-{when:%Y-%m-%d}-{number}"
    new = Edition(number, when.isoformat(timespec="seconds"), target.parent / name)
    (work / EDITIONS_PAGE).write_text(
        _editions_page(target, [*listed, new], number), encoding="utf-8"
    )
    dest = _as_edition(target, work, when)
    _point(target, dest.name)
    clear_stale(target)
    return target


def mark_stale(target: Path, reason: str, *, run_id: int | None = None) -> Path:
    """Write the stale marker for a target whose latest run failed (atomically); return its path.

    Parameters
    ----------
    target : Path
        The ``<lang>`` link; the marker is ``.<lang>.stale.json`` beside it.
    reason : str
        The failure's one-line cause, shown on the index page.
    run_id : int or None
        The failed run's id in the history.
    """
    path = _stale_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    info = {"reason": reason, "run_id": run_id, "since": time.time()}
    tmp.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    return path


def read_stale(target: Path) -> dict[str, Any] | None:
    """The stale marker's content (reason, run_id, since), or None.

    Parameters
    ----------
    target : Path
        The ``<lang>`` link; None when it has no marker, or one that is not JSON.

    Examples
    --------
    >>> import tempfile
    >>> t = Path(tempfile.mkdtemp()) / "en"
    >>> _ = mark_stale(t, "ValueError: no data", run_id=3)
    >>> read_stale(t)["reason"], clear_stale(t), read_stale(t)
    ('ValueError: no data', None, None)
    """
    path = _stale_path(target)
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return data


def clear_stale(target: Path) -> None:
    """Remove the stale marker (after a successful publish).

    Parameters
    ----------
    target : Path
        The ``<lang>`` link; nothing happens when it has no marker.
    """
    with contextlib.suppress(FileNotFoundError):
        _stale_path(target).unlink()


def prune(target: Path, *, keep_failed: int = _KEEP_FAILED, active: set[Path] | None = None) -> int:
    """Remove old run folders of a target; return how many were removed.

    Only folders under ``.runs`` (failed runs, runs being made) are candidates: an edition,
    published beside the target, is never removed. Kept: the published one, the
    ``keep_failed`` newest others, and those in ``active``.

    Parameters
    ----------
    target : Path
        The ``<lang>`` link, whose ``.runs/<lang>-*`` folders are pruned.
    keep_failed : int
        How many of the newest run folders (by modification time) to keep besides the
        published one and ``active``.
    active : set of Path or None
        Run folders never removed (e.g. runs being made).
    """
    runs = target.parent / _RUNS
    if not runs.is_dir():
        return 0
    current = target.resolve() if target.is_symlink() else None
    keep = {p.resolve() for p in (active or set())}
    mine = [p for p in runs.iterdir() if p.name.startswith(f"{target.name}-")]
    others = sorted(
        (p for p in mine if p.resolve() != current and p.resolve() not in keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    removed = 0
    for p in others[keep_failed:]:
        shutil.rmtree(p, ignore_errors=True)
        removed += 1
    return removed
