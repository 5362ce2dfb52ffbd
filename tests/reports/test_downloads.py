"""Every chart's download (CSV + Data Package), its table twin, tooltips, alt text; the citation.

Issue 21, items 4 and 5. The source's precision is the store's: a chart's numbers never have
more decimals than the stored values of the sources its rows name (counted here on the store's
parquet file with this module's own counter, at a double's 15 significant digits).
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
import polars as pl
import pytest

from analytics.config import data_dir
from analytics.reports.components import METADATA_KEY, chart_csv
from analytics.reports.messages import t
from analytics.reports.section import Section
from analytics.runs.execute import RunOutputs
from analytics.runs.registry import REPORTS
from analytics.runs.render import reader_text
from tests.reports.page_helpers import Page, build

LANGS = ("zh", "en")
FAMILIES = ("nbs", "nbs_portal", "nbs_monthly", "research", "rd_techme", "reference")


def _pages() -> list[tuple[str, str, Page]]:
    return [(r, lang, build(r, lang=lang)) for r in REPORTS for lang in LANGS]


@pytest.fixture(scope="module")
def pages() -> list[tuple[str, str, Page]]:
    return _pages()


def _charts(page: Page) -> list[Section]:
    return [s for s in page.sections if s.chart is not None and s.data is not None]


def _csv(sec: Section) -> tuple[list[str], list[dict[str, str]]]:
    text = chart_csv(
        sec.data,  # type: ignore[arg-type]
        spec=sec.chart.to_dict(),  # type: ignore[union-attr]
        header=sec.csv_header,
        lang=sec.lang,
        region=sec.region,
    )
    assert text.startswith("\ufeff")
    lines = [x for x in text[1:].splitlines() if not x.startswith("# ")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    return list(reader.fieldnames or []), list(reader)


class _Twin(HTMLParser):
    """The table twins of a page: caption, header cells (with scope), body rows."""

    def __init__(self) -> None:
        super().__init__()
        self.twins: list[dict[str, Any]] = []
        self._in: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "details" and "an-table-twin" in (a.get("class") or ""):
            self.twins.append({"caption": "", "head": [], "rows": [], "scopes": []})
        elif self.twins and tag in ("caption", "th", "td"):
            self._in, self._text = tag, ""
            if tag == "th":
                self.twins[-1]["scopes"].append(a.get("scope"))
        elif self.twins and tag == "tr" and self.twins[-1]["head"]:
            self.twins[-1]["rows"].append([])

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if not self.twins or tag != self._in:
            return
        twin, text = self.twins[-1], self._text.strip()
        if tag == "caption":
            twin["caption"] = text
        elif not twin["rows"]:
            twin["head"].append(text)
        else:
            twin["rows"][-1].append(text)
        self._in = None


def _number(text: str) -> bool:
    return bool(re.fullmatch(r"-?\d+(?:\.\d+)?", text))


def test_every_chart_has_a_table_twin_whose_numbers_equal_its_csv(
    pages: list[tuple[str, str, Page]],
) -> None:
    seen = 0
    for report, lang, page in pages:
        for sec in _charts(page):
            parser = _Twin()
            parser.feed(sec.html())
            assert len(parser.twins) == 1, (report, lang, sec.name)
            twin = parser.twins[0]
            unit = next(
                (r["unit"] for r in _csv(sec)[1] if r.get("unit")), ""
            )  # the caption names the unit
            assert twin["caption"] and unit in twin["caption"], (report, sec.name)
            assert all(s in ("col", "row") for s in twin["scopes"]), (report, sec.name)
            cols, rows = _csv(sec)
            assert len(twin["rows"]) == len(rows), (report, lang, sec.name)
            # every value column of the CSV (all its cells numbers; region codes aside) is in
            # the table, cell for cell, as the same text
            numeric = [
                c
                for c in cols
                if c != "region"
                and any(r[c] for r in rows)
                and all(_number(r[c]) for r in rows if r[c])
            ]
            assert numeric, (report, sec.name)
            for shown, row in zip(twin["rows"], rows, strict=True):
                for c in numeric:
                    if row[c]:
                        assert row[c] in shown, (report, lang, sec.name, c, row[c], shown)
            seen += 1
    assert seen >= 2 * (3 + 5 + 7 + 10 + 16)  # every report's charts, in both languages


def test_the_industry_twin_reads_as_the_store_by_hand() -> None:
    sec = build("industry", lang="zh").section("gdp_level")
    parser = _Twin()
    parser.feed(sec.html())
    twin = parser.twins[0]
    assert twin["caption"] == "天津 地区生产总值（单位：亿元）"
    assert twin["head"] == ["时期", "数值（亿元）"]
    # data/README.md: Tianjin's 2022 GDP as revised after the 5th census is 16588.5
    assert ["2022", "16588.5"] in twin["rows"]


def _store_decimals() -> dict[str, int]:
    """Each source family's most decimals in the store (a double's 15 digits, at most 9)."""
    store = pl.read_parquet(data_dir() / "processed" / "observations.parquet")
    out: dict[str, int] = {}
    for source, value in store.select("source", "value").drop_nulls().iter_rows():
        text = format(Decimal(f"{value:.15g}"), "f")
        places = min(len(text.split(".")[1].rstrip("0")) if "." in text else 0, 9)
        fam = next((f for f in sorted(FAMILIES, key=len, reverse=True) if source.startswith(f)), "")
        out[fam] = max(out.get(fam, 0), places)
    return out


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def test_every_chart_csv_has_its_sources_precision_and_annual_periods_as_years(
    pages: list[tuple[str, str, Page]],
) -> None:
    most = _store_decimals()
    # the NBS exports and panels carry at most 2 decimals; the research panel 9 (its xlsx)
    assert most["nbs"] == most["nbs_portal"] == 2 and most["research"] == 9
    for report, lang, page in pages:
        for sec in _charts(page):
            cols, rows = _csv(sec)
            for k in ("vintage", "status", "unit", "source", "source_title", "source_url"):
                assert k in cols, (report, sec.name, k)
            assert "licence" in cols and all(r["licence"] for r in rows), (report, sec.name)
            assert "date" not in cols or "period" not in cols, (report, sec.name)
            for r in rows:
                assert not any(re.fullmatch(r"\d{4}-01-01", v or "") for v in r.values())
                fams = [f for f in FAMILIES if t(f"dl.licence.{f}", lang) in r["licence"]]
                allowed = max((most[f] for f in fams), default=9)
                for c in cols:
                    if c not in ("region", "source", "source_title") and _number(r[c] or "x"):
                        assert _decimals(r[c]) <= allowed, (report, sec.name, c, r[c], fams)


def test_derived_values_are_rounded_to_their_sources_decimals() -> None:
    ind = build("industry", lang="zh")
    _, rows = _csv(ind.section("sector_shares"))
    row = next(r for r in rows if r["indicator"] == "va_primary" and r["period"] == "2019")
    # 185.4 / 14097.2 × 100 = 1.31515… (the store: primary value added and GDP, 2019, 亿元);
    # the NBS exports carry at most two decimals
    assert row["value"] == "1.32" and row["vintage"] == "" and row["status"] == ""
    _, gdp = _csv(ind.section("gdp_level"))
    assert [r["period"] for r in gdp][:2] == ["2019", "2020"]
    g22 = next(r for r in gdp if r["period"] == "2022")
    assert (g22["value"], g22["vintage"], g22["status"]) == (
        "16588.5",
        "第五次全国经济普查后修订",
        "ok",
    )
    assert g22["source_url"] == "https://data.stats.gov.cn/"
    # the whole source, not the subtitle's first wrapped line ("国家统计局 分省年度数据（国家数据")
    _, bb = _csv(build("fiveg", lang="zh").section("broadband"))
    assert {r["source"] for r in bb} == {"国家统计局 分省年度数据（国家数据门户）"}


@pytest.mark.parametrize("report", list(REPORTS))
def test_every_chart_csv_passes_frictionless(report: str, tmp_path: Path) -> None:
    from frictionless import validate

    from analytics.runs.render import data_package

    page = build(report, lang="zh")
    nb = nbformat.v4.new_notebook()
    for sec in _charts(page):
        meta = sec.metadata()
        (tmp_path / f"{sec.name}.csv").write_text(meta[METADATA_KEY]["csv"], encoding="utf-8")
        cell = nbformat.v4.new_code_cell()
        cell.outputs = [nbformat.v4.new_output("display_data", data={}, metadata=meta)]
        nb.cells.append(cell)
    package = data_package(nb, name=f"{report}-120000-latest-zh", title=page.title)
    assert len(package["resources"]) == len(_charts(page)) > 0
    (tmp_path / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False))
    result = validate(tmp_path / "datapackage.json")
    assert result.valid, result.flatten(["title", "message"])[:5]
    # every row is read as data (the comment lines and the header are not rows)
    rows = {task.name: task.stats["rows"] for task in result.tasks}
    assert rows == {
        r["name"]: len(_csv(next(s for s in _charts(page) if s.name == r["name"]))[1])
        for r in package["resources"]
    }


def test_the_run_writes_a_valid_data_package_beside_the_csvs(
    tianjin_reports: dict[str, RunOutputs],
) -> None:
    from frictionless import validate

    out = tianjin_reports["fiveg"]
    descriptor = out.chart_data[0].parent / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    assert [r["path"] for r in package["resources"]] == [p.name for p in out.chart_data]
    assert validate(descriptor).valid
    assert out.html.read_text(encoding="utf-8").count('href="data/datapackage.json"') == len(
        out.chart_data
    )


def _tooltips(spec: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(spec, dict):
        tip = spec.get("encoding", {}).get("tooltip") if "encoding" in spec else None
        found += [x for x in (tip if isinstance(tip, list) else [tip]) if isinstance(x, dict)]
        for v in spec.values():
            found += _tooltips(v)
    elif isinstance(spec, list):
        for v in spec:
            found += _tooltips(v)
    return found


def test_tooltips_of_a_chinese_chart_have_chinese_titles_and_units(
    pages: list[tuple[str, str, Page]],
) -> None:
    for report, lang, page in pages:
        if lang != "zh":
            continue
        for sec in _charts(page):
            spec = sec.chart.to_dict()  # type: ignore[union-attr]
            tips = _tooltips(spec)
            assert tips, (report, sec.name)
            for tip in tips:
                title = str(tip.get("title", ""))
                assert re.search(r"[\u4e00-\u9fff]", title), (report, sec.name, tip)
            unit = next(r["unit"] for r in _csv(sec)[1])
            quantities = [x for x in tips if x.get("type") == "quantitative"]
            assert any(f"（{unit}）" in str(x["title"]) for x in quantities), (report, sec.name)


def test_alt_text_says_what_where_when_and_the_range() -> None:
    page = build("industry", lang="zh")
    html = page.section("gdp_level").html()
    label = re.search(r'role="img" aria-label="([^"]*)"', html)
    assert label is not None
    # the CSV's 2019–2024 values run from 14097.2 to 17931.3 亿元
    assert label.group(1).startswith(
        "天津 地区生产总值。时期2019年至2024年，数值介于14097.2至17931.3亿元。"
    )
    en = build("industry", lang="en").section("peer_growth").html()
    text = re.search(r'role="img" aria-label="([^"]*)"', en)
    assert (
        text is not None
        and "For Beijing, Tianjin, Shanghai, Chongqing; 2016 to 2024; values from" in text[1]
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_citation_names_region_and_period_in_both_languages(lang: str) -> None:
    footer = build("industry", period="2023", lang=lang).footer.html()
    assert "《天津产业经济报告》，2023年，" in footer
    assert "Industry and growth: Tianjin, 2023. Edition of " in footer
    edition = re.search(r"Edition of (\d{4}-\d{2}-\d{2})\.", footer)
    assert edition is not None and f"，{edition[1]}版" in footer  # the run's date, both
    # the placeholder address, said to be one
    assert "https://reports.example.invalid/industry/120000/2023/" in footer
    assert t("dl.cite.placeholder", lang) in footer  # type: ignore[arg-type]
    # the licences recorded for what the page read: NBS exports (none recorded)
    assert t("dl.licence.nbs", lang) in reader_text(footer)  # type: ignore[arg-type]
    de = build("digital_economy", lang=lang).footer.html()
    assert t("dl.licence.research", lang) in reader_text(de)  # type: ignore[arg-type]


@pytest.mark.browser
def test_a_table_twin_opens_without_javascript_on_a_phone(
    tianjin_reports: dict[str, RunOutputs],
) -> None:
    from playwright.sync_api import sync_playwright

    from tests.reports.test_browser import ARGS, CHROMIUM

    out = tianjin_reports["industry"]
    gdp = next(p for p in out.chart_data if p.stem == "gdp_level").read_text(encoding="utf-8")
    first = next(csv.DictReader(x for x in gdp[1:].splitlines() if not x.startswith("# ")))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(
                viewport={"width": 390, "height": 800}, java_script_enabled=False
            )
            page = context.new_page()
            page.route("**/*", lambda r: r.continue_() if "file://" in r.request.url else r.abort())
            page.goto(out.html.as_uri())
            twin = page.locator('figure[data-chart="gdp_level"] details.an-table-twin')
            assert not twin.locator("table").is_visible()  # closed until asked
            twin.locator("summary").click()
            table = twin.locator("table")
            assert table.is_visible()
            box = table.bounding_box()
            cells = twin.locator("tbody tr").first.locator("th, td").all_inner_texts()
            wide = page.evaluate("document.documentElement.scrollWidth")
        finally:
            browser.close()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert wide <= 390  # the open table does not widen the page
    assert cells[0] == first["period"] and first["value"] in cells[1]  # 2019, 14097.2
