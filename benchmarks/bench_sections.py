"""A chart section shown three ways — the page, its output metadata, JupyterLab — converted once.

Issue 23, item 1: a run spent about 40 % of its CPU in altair's ``to_dict`` (with schema
validation), and the chart's download (store lookups for each row's vintage and source) was
made again for the page, the CSV and the data package. A :class:`~analytics.reports.section.
Section` now makes its spec and its download once. Both sides run here in one process, on the
same sections, interleaved:

- ``each time``: the section's cache cleared before each showing — a spec and a download per
  showing (today's code made two of each for the metadata alone, so this side is kind to it);
- ``once``: the cache kept, as a run uses it.

Both sides' HTML, CSV and spec are checked equal before anything is timed.

Run: ``.venv/bin/python benchmarks/bench_sections.py [--rounds 3]``; prints CPU seconds per
report and the ratio, with the load average.
"""

from __future__ import annotations

import argparse
import os
import re
import time

from analytics.reports.pages import page, sections
from analytics.reports.section import Section

REPORTS = ("plan", "industry", "fiveg", "digital_economy", "monthly")


def _show(s: Section, *, fresh: bool) -> tuple[str, str, dict]:
    """The three showings of a run: the page's HTML, the output metadata, the Lab spec."""
    if fresh:
        s._made.clear()
    html = s.html()
    if fresh:
        s._made.clear()
    meta = s.metadata()
    if fresh:
        s._made.clear()
    spec = s.spec()
    return html, meta["analytics_chart"]["csv"], spec


def _plain(html: str) -> str:
    return re.sub(r"an-[0-9a-f]{12}", "an-ID", html)  # each embed gets a fresh random id


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    charts = {
        r: [s for s in sections(page(r, lang="zh")) if s.chart is not None and s.data is not None]
        for r in REPORTS
    }
    for report, secs in charts.items():
        for s in secs:
            a, b = _show(s, fresh=True), _show(s, fresh=False)
            assert (_plain(a[0]), a[1], a[2]) == (_plain(b[0]), b[1], b[2]), (report, s.name)
    cpu = {"each time": 0.0, "once": 0.0}
    for _ in range(args.rounds):
        for side, fresh in (("each time", True), ("once", False)):
            for secs in charts.values():
                for s in secs:
                    s._made.clear()
                t0 = time.process_time()
                for s in secs:
                    _show(s, fresh=fresh)
                cpu[side] += time.process_time() - t0
    n = args.rounds * len(REPORTS)
    load = os.getloadavg()[0]
    print(f"{sum(map(len, charts.values()))} chart sections in {len(REPORTS)} reports (zh)")
    for side, total in cpu.items():
        print(f"{side:>10}: {total / n:.3f} s CPU per report")
    print(f"ratio once / each time: {cpu['once'] / cpu['each time']:.2f}   (load {load:.1f})")


if __name__ == "__main__":
    main()
