"""Every data string that reaches a report's HTML is escaped (issue 14: hostile strings).

A copy of the project has markup planted in the strings the reports take from data — a figure's
source title, URL and quote (sources and notes), an indicator's zh and en names (headings, cards,
chart titles and tooltips), a region's English name, and a plan's baseline text (the scorecard
table). The reports are published through the CLI as an operator would. The markup must reach the
reader as text — visible, character for character — and never as markup: no planted tag and no
``javascript:`` link anywhere in the file, not even inside the chart specs' scripts. Removing
autoescape or an ``html.escape`` on any of these paths makes this test fail.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analytics.runs.render import reader_text

ROOT = Path(__file__).resolve().parents[2]
ANALYTICS = [sys.executable, "-m", "analytics"]

TITLE = 'MIIT <script>alert("title")</script>'
QUOTE = "截至2024年3月 <img src=x onerror=alert('quote')> 7.3万个"
URL = "javascript:alert('url')"
NAME_ZH = "5G基站数<svg onload=alert('zh')>"
NAME_EN = "5G base stations <iframe src=x></iframe>"
REGION_EN = "Tianjin<b onmouseover=alert('region')>"
EVIDENCE = "中心城区 <a href='javascript:alert(1)'>evidence</a>"
PLANTED = (
    "<script>alert(",
    "<img src=x",
    "<svg onload",
    "<iframe",
    "<b onmouseover",
    "<a href='javascript",
)


def _plant_figure(path: Path) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    [row] = [
        r for r in rows[1:] if r[0] == "Tianjin" and r[2].startswith("2024-03") and "5G" in r[1]
    ]
    row[5], row[6], row[7] = TITLE, URL, QUOTE
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    home = tmp_path_factory.mktemp("hostile") / "home"
    for sub in ("raw", "reference", "catalog"):
        shutil.copytree(ROOT / "data" / sub, home / "data" / sub)
    shutil.copytree(ROOT / "notebooks" / "reports", home / "notebooks" / "reports")
    (home / "reports").mkdir()
    shutil.copy(ROOT / "reports" / "schedule.yaml", home / "reports" / "schedule.yaml")
    data = home / "data"
    _plant_figure(data / "reference" / "figures.csv")
    catalog = data / "catalog" / "indicators.yaml"
    _replace_once(catalog, "  name_zh: 5G基站数\n", f'  name_zh: "{NAME_ZH}"\n')
    _replace_once(
        catalog, "  name_en: 5G base stations (cumulative)\n", f'  name_en: "{NAME_EN}"\n'
    )
    regions = data / "catalog" / "regions.csv"  # figures.csv still says Tianjin: a variant
    _replace_once(
        regions, ",Tianjin,Tianjin Municipality", f',"{REGION_EN}",Tianjin Municipality|Tianjin'
    )
    plan = data / "catalog" / "plans" / "tianjin_smart_city_14th.yaml"
    _replace_once(
        plan,
        "      text_zh: 中心城区、滨海新区主城区等区域实现5G网络全覆盖\n",
        f'      text_zh: "{EVIDENCE}"\n',
    )
    env = {**os.environ, "ANALYTICS_HOME": str(home)}
    subprocess.run([*ANALYTICS, "data", "build", "--quiet"], env=env, check=True, cwd=home)
    return home, env


def _publish(home: Path, env: dict[str, str], report: str, lang: str) -> str:
    args = ["report", "run", report, "--region", "120000", "--lang", lang]
    out = subprocess.run([*ANALYTICS, *args], env=env, capture_output=True, text=True, cwd=home)
    assert out.returncode == 0, out.stdout + out.stderr
    [page] = (home / "reports" / "out" / report / "120000").glob(f"*/{lang}/report.html")
    return page.read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.notebook
@pytest.mark.parametrize(
    ("report", "lang", "seen"),
    [
        ("fiveg", "zh", (TITLE, QUOTE, NAME_ZH)),
        ("fiveg", "en", (TITLE, REGION_EN)),  # its words come from the message catalog
        ("plan", "zh", (EVIDENCE,)),
    ],
)
def test_planted_markup_is_read_as_text(
    home: tuple[Path, dict[str, str]], report: str, lang: str, seen: tuple[str, ...]
) -> None:
    root, env = home
    page = _publish(root, env, report, lang)
    for tag in PLANTED:
        assert tag not in page, f"{tag!r} reached the {report}/{lang} page as markup"
    link = re.search(r"""<[a-z][^<>]*\bhref\s*=\s*["']?\s*javascript:""", page, re.I)
    assert link is None, f"a javascript: link in a tag: {link[0] if link else ''}"
    text = reader_text(page)
    for planted in seen:
        assert planted in text, f"{planted!r} is not shown to the reader"
