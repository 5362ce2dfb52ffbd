"""JupyterLab draws a notebook's charts itself, with no network: SVG in the Vega-Lite output."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from analytics.config import project_root

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.notebook]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]  # fmt: skip
SHOTS = Path(os.environ.get("ANALYTICS_SHOTS", "/work/shots"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        assert proc.poll() is None, "jupyter lab exited"
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(url)


def test_jupyterlab_renders_the_forecast_chart(tmp_path: Path) -> None:
    import papermill
    from playwright.sync_api import sync_playwright

    nb = tmp_path / "04_forecasts.ipynb"
    src = project_root() / "notebooks" / "explore" / "04_forecasts.ipynb"
    papermill.execute_notebook(str(src), str(nb), kernel_name="analytics", progress_bar=False,
                               parameters={"lang": "en"})  # fmt: skip
    port, token = _free_port(), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
           "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
           f"--notebook-dir={tmp_path}", "--allow-root"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    outside: list[str] = []
    try:
        _wait_for(f"http://127.0.0.1:{port}/api/status?token={token}", proc)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1200, "height": 1400})

            def route(r):  # type: ignore[no-untyped-def]
                if r.request.url.startswith(f"http://127.0.0.1:{port}/"):
                    r.continue_()
                else:
                    outside.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.goto(f"http://127.0.0.1:{port}/lab/tree/04_forecasts.ipynb?token={token}")
            try:
                page.wait_for_selector(".jp-RenderedVegaLite svg .mark-line path", timeout=90_000,
                                       state="attached")  # fmt: skip
            except Exception:
                page.screenshot(path=str(tmp_path / "lab-failed.png"), full_page=True)
                raise
            n_svg = page.locator(".jp-RenderedVegaLite svg").count()
            title = page.locator(".jp-RenderedVegaLite svg .role-title-text").all_text_contents()
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.locator(".jp-RenderedVegaLite").last.screenshot(path=str(SHOTS / "house-lab.png"))
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    # two charts drawn by JupyterLab: the published counts and the forecast fan
    assert n_svg == 2
    assert any("Tianjin: 5G base stations" in t for t in title), title
    assert not [u for u in outside if not u.startswith(("data:", "blob:"))], outside
