"""One report end to end, and opening it in headless Chromium.

1. papermill start → published HTML (``analytics.runs.execute.run_report`` + atomic publish),
   goal < 15 s; compared with the plain executor (papermill + nbconvert's stock ``lab`` export,
   whose HTML needs the network for its charts).
2. The published HTML opened in Debian's headless Chromium with the network cut off, until every
   chart's SVG is drawn, goal < 2 s.

Run: ``.venv/bin/python benchmarks/bench_report.py [REPORT] [REGION]`` (default fiveg 120000).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from analytics.runs import publish
from analytics.runs.execute import execute_notebook, run_report
from analytics.runs.registry import get_report
from analytics.runs.render import vega_bundle

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def open_in_chromium(html: Path) -> tuple[float, int]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 900, "height": 1200})
        page.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort(),
        )
        started = time.perf_counter()
        page.goto(html.as_uri())
        page.wait_for_function(
            "[...document.querySelectorAll('.an-vega')].every(d => d.querySelector('svg'))"
        )
        elapsed = time.perf_counter() - started
        n = page.eval_on_selector_all(".an-vega svg", "els => els.length")
        browser.close()
    return elapsed, int(n)


def main() -> None:
    report = sys.argv[1] if len(sys.argv) > 1 else "fiveg"
    region = sys.argv[2] if len(sys.argv) > 2 else "120000"
    params = {"region": region, "period": "latest", "lang": "zh"}
    vega_bundle()  # the bundle is cached once per machine; do not time its first generation
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        target = publish.target_dir(root / "out", report, region, "latest", "zh")
        started = time.perf_counter()
        work = publish.work_dir(target, "bench")
        outputs = run_report(report, params, out_dir=work)
        publish.publish(work, target)
        ours = time.perf_counter() - started
        size = (target / outputs.html.name).stat().st_size

        started = time.perf_counter()
        execute_notebook(
            get_report(report).notebook, params, out_dir=root / "plain", kernel_name="analytics"
        )
        plain = time.perf_counter() - started

        render_s, charts = open_in_chromium(target / "report.html")
    print(f"report {report} {region} zh")
    print(f"  papermill start → published HTML: {ours:6.2f} s  (goal < 15 s; {size:,} bytes)")
    print(
        f"  plain papermill + stock lab export: {plain:6.2f} s  (ratio ours/plain "
        f"{ours / plain:.2f}; the plain HTML loads Vega from a CDN: no chart offline)"
    )
    print(f"  headless Chromium, open + render {charts} charts offline: {render_s:6.2f} s (< 2 s)")


if __name__ == "__main__":
    main()
