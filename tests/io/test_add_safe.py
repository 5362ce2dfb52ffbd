"""``analytics data add`` matches safely and takes new indicators by command (issue 20, items 1–2).

Each test runs the real command in a temporary ANALYTICS_HOME: a copy of the project's data/
without the retail-sales export and its catalog entry (added in the tests by the one command the
issue gives). The files offered are the project's byte copies of real NBS exports, or exports
written in the NBS layout with values copied from a real file named beside them; where no real
file carries a column (urban and rural incomes), its cells are blank, as the portal exports a year
not yet published — no value is invented.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polars as pl
import pytest
import yaml

from tests._project_home import copy_data, observations, run, tree

ROOT = Path(__file__).resolve().parents[2]
RETAIL = "社会消费品总额.csv"


def _real(name: str) -> Path:
    """A real NBS export: the project's copy (data/raw/nbs, else tests/data/nbs)."""
    shipped = ROOT / "data" / "raw" / "nbs" / name
    return shipped if shipped.exists() else ROOT / "tests" / "data" / "nbs" / name


def _regions() -> list[str]:
    """The 31 provinces as an NBS export writes them (rows 4–34 of the retail export)."""
    lines = _real(RETAIL).read_bytes().decode("utf-8").splitlines()
    return [line.split("\t,")[0] for line in lines[3:34]]


def _without_retail(home: Path) -> None:
    """Take the retail-sales export, its nbs_files.yaml line and its catalog entry out."""
    (home / "data" / "raw" / "nbs" / RETAIL).unlink()
    rules = home / "data" / "catalog" / "nbs_files.yaml"
    kept = [ln for ln in rules.read_text("utf-8").splitlines(keepends=True) if RETAIL not in ln]
    rules.write_text("".join(kept), "utf-8")
    catalog = home / "data" / "catalog" / "indicators.yaml"
    text = catalog.read_text("utf-8")
    start = text.index("- id: retail_sales\n")
    end = text.find("\n- id: ", start + 1)
    catalog.write_text(text[:start] + ("" if end < 0 else text[end + 1 :]), "utf-8")


@pytest.fixture(scope="module")
def base_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("safe") / "home"
    copy_data(home)
    _without_retail(home)
    built = _run(home, "data", "build")
    assert built.returncode == 0, built.stderr
    return home


@pytest.fixture
def home(base_home: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(base_home, copy)
    return copy


def _run(home: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return run(home, *args, columns=200)


def _rules(home: Path) -> dict:
    return yaml.safe_load((home / "data" / "catalog" / "nbs_files.yaml").read_text("utf-8"))


def _export(path: Path, time: str, header: list[str], rows: dict[str, list[str]]) -> Path:
    """An export in the NBS layout (BOM, ``\\t,`` after every cell, the source line last)."""
    lines = [
        "数据库：分省年度数据 ",
        f"时间：{time} ",
        "".join(f"{c}\t," for c in ["地区", *header]),
    ]
    lines += ["".join(f"{c}\t," for c in [region, *cells]) for region, cells in rows.items()]
    path.write_bytes(("\ufeff" + "\n".join([*lines, "数据来源：国家统计局"])).encode("utf-8"))
    return path


URBAN, RURAL = "城镇居民人均可支配收入 (元)", "农村居民人均可支配收入 (元)"


def _incomes(tmp_path: Path, name: str, *header: str) -> Path:
    """Urban and/or rural income columns for 2025, blank as the portal exports that year."""
    return _export(
        tmp_path / name, "2025年", list(header), {r: [""] * len(header) for r in _regions()}
    )


def _headline(home: Path) -> pl.DataFrame:
    return observations(home).filter(pl.col("indicator") == "disposable_income_pc").sort(pl.all())


def test_urban_and_rural_incomes_in_one_file_never_become_the_headline(
    home: Path, tmp_path: Path
) -> None:
    export = _incomes(tmp_path, "分省年度数据城乡收入.csv", URBAN, RURAL)
    before, headline = tree(home), _headline(home)
    for dry in ((), ("--yes",)):
        out = _run(home, "data", "add", export, *dry)
        assert out.returncode == 2, out.stdout
        for col, word in ((2, "城镇"), (3, "农村")):
            label = URBAN if word == "城镇" else RURAL
            assert (
                f"{export}:3:{col}: cannot map `{label}`: not in the catalog (closest: "
                f"`居民人均可支配收入`, another statistic: `{word}`)"
            ) in out.stderr
    assert tree(home) == before
    mapped = _run(home, "data", "add", export, "--map", f"{URBAN}=disposable_income_pc", "--yes")
    assert mapped.returncode == 2  # not even by hand
    assert (
        "is not `居民人均可支配收入` (`disposable_income_pc`): it differs by `城镇`"
        in mapped.stderr
    )
    new = (
        "--new",
        f"{URBAN}=disposable_income_urban_pc",
        "--new",
        f"{RURAL}=disposable_income_rural_pc",
    )
    out = _run(
        home,
        "data",
        "add",
        export,
        *new,
        "--domain",
        "population",
        "--direction",
        "higher",
        "--yes",
    )
    assert out.returncode == 0, out.stderr
    assert _rules(home)["files"][export.name]["names"] == {
        "城镇居民人均可支配收入": "disposable_income_urban_pc",
        "农村居民人均可支配收入": "disposable_income_rural_pc",
    }
    assert _headline(home).equals(headline)  # the headline series is as it was


def test_urban_and_rural_columns_one_at_a_time_never_become_the_headline(
    home: Path, tmp_path: Path
) -> None:
    before = tree(home)
    for name, label, word in (("城镇.csv", URBAN, "城镇"), ("农村.csv", RURAL, "农村")):
        out = _run(home, "data", "add", _incomes(tmp_path, name, label), "--yes")
        assert out.returncode == 2, out.stdout
        assert f"another statistic: `{word}`" in out.stderr
    assert tree(home) == before
    # the real 2024 price-index export: 城市/农村商品零售价格指数 beside 商品零售价格指数 (rpi)
    export = _real("分省年度数据消费指数.csv")
    out = _run(home, "data", "add", export, "--yes")
    assert out.returncode == 2
    assert f"{export}:3:6: cannot map `城市商品零售价格指数 (上年=100)`" in out.stderr
    assert f"{export}:3:7: cannot map `农村商品零售价格指数 (上年=100)`" in out.stderr
    assert tree(home) == before
    rpi = observations(home).filter((pl.col("indicator") == "rpi") & pl.col("value").is_not_null())
    new = (
        "--new",
        "城市商品零售价格指数 (上年=100)=rpi_urban",
        "--new",
        "农村商品零售价格指数=rpi_rural",
    )
    out = _run(
        home, "data", "add", export, *new, "--domain", "industry", "--direction", "neutral", "--yes"
    )
    assert out.returncode == 0, out.stderr
    index = {"measure": "index_prev_year_100"}
    assert _rules(home)["files"][export.name]["names"] == {
        "城市商品零售价格指数": {"indicator": "rpi_urban", **index},
        "农村商品零售价格指数": {"indicator": "rpi_rural", **index},
    }
    after = observations(home).filter(
        (pl.col("indicator") == "rpi") & pl.col("value").is_not_null()
    )
    assert after.sort(pl.all()).equals(rpi.sort(pl.all()))  # the headline index as it was
    mine = observations(home).filter(pl.col("source") == f"nbs/{export.name}")
    per = dict(mine.group_by("indicator").len().iter_rows())  # one column each, 31 provinces
    names = ["cpi", "cpi_urban", "cpi_rural", "rpi", "rpi_urban", "rpi_rural"]
    assert per == dict.fromkeys(names, 31)
    # the file's line 5, column 3: 天津市 城市居民消费价格指数 2024 = 100.2 (a known name)
    tj = observations(home).filter(
        (pl.col("indicator") == "cpi_urban")
        & (pl.col("region") == "120000")
        & (pl.col("period") == "2024")
        & (pl.col("vintage") == "nbs_export")
    )
    assert tj["value"].to_list() == [100.2]


def test_names_shared_with_the_research_panel_resolve_to_the_official_indicator() -> None:
    from analytics.io._add_map import match_name

    shared = {
        ("软件业务收入", "万元"): "nbs_software_revenue",
        ("电子商务销售额", "亿元"): "nbs_ecommerce_sales",
        ("电信业务收入", "亿元"): "telecom_revenue",
        ("互联网宽带接入端口", "万个"): "nbs_broadband_ports",
        ("有电子商务交易活动的企业比重", "%"): "nbs_ecommerce_firm_share",
    }
    got = {key: match_name(*key) for key in shared}
    assert {key: m.indicator for key, m in got.items()} == shared
    assert all(m.certain for m in got.values())


def test_an_official_ecommerce_sales_column_maps_to_the_nbs_indicator(
    home: Path, tmp_path: Path
) -> None:
    # data/raw/nbs_portal/panels/分省企业信息化及电子商务情况_多年期_面板数据.csv, lines 4 and 14:
    # 电子商务销售额 (亿元) 2023, 北京市 42301.7, 天津市 8267.5
    export = _export(
        tmp_path / "分省年度数据电子商务2023.csv",
        "2023年",
        ["电子商务销售额 (亿元)"],
        {"北京市": ["42301.7"], "天津市": ["8267.5"]},
    )
    out = _run(home, "data", "add", export, "--yes")
    assert out.returncode == 0, out.stderr
    assert _rules(home)["files"][export.name]["names"] == {"电子商务销售额": "nbs_ecommerce_sales"}
    mine = observations(home).filter(pl.col("source") == f"nbs/{export.name}")
    assert sorted(mine.select("indicator", "region", "value").rows()) == [
        ("nbs_ecommerce_sales", "110000", 42301.7),
        ("nbs_ecommerce_sales", "120000", 8267.5),
    ]


def test_retail_sales_come_in_with_one_command(home: Path, tmp_path: Path) -> None:
    copy = tmp_path / RETAIL
    shutil.copyfile(_real(RETAIL), copy)
    before = tree(home)
    flags = ("--new", "retail_sales", "--name-zh", "社会消费品零售总额")
    short = _run(home, "data", "add", copy, *flags, "--yes")
    assert short.returncode == 2 and "Traceback" not in short.stderr
    assert (
        f"{copy}:3:2: the new indicator `retail_sales` needs --domain (digital_infrastructure, "
        "government_services"
    ) in short.stderr
    assert "and --direction (higher, lower or neutral)" in short.stderr
    assert tree(home) == before
    out = _run(
        home,
        "data",
        "add",
        copy,
        *flags,
        "--name-en",
        "Retail sales of consumer goods",
        "--domain",
        "industry",
        "--direction",
        "higher",
        "--yes",
    )
    assert out.returncode == 0, out.stderr
    retail = observations(home).filter(pl.col("indicator") == "retail_sales")
    assert retail.filter(pl.col("value").is_not_null()).height == 31 * 9
    assert sorted(set(retail["region"])) == sorted(set(observations(home)["region"]) - {"000000"})
    assert sorted(set(retail["period"].filter(retail["value"].is_not_null()))) == [
        str(y) for y in range(2016, 2025)
    ]
    # the file: 北京市 2016 13134.9 (line 4, last column), 天津市 2024 4128.3 (line 5, column 3),
    # 新疆维吾尔自治区 2024 3965.0 (line 34, column 3)
    cell = {(r["region"], r["period"]): r["value"] for r in retail.to_dicts()}
    assert (cell["110000", "2016"], cell["120000", "2024"], cell["650000", "2024"]) == (
        13134.9,
        4128.3,
        3965.0,
    )
    entry = yaml.safe_load((home / "data" / "catalog" / "indicators.yaml").read_text("utf-8"))[-1]
    assert entry | {"description": ""} == {
        "id": "retail_sales",
        "name_zh": "社会消费品零售总额",
        "name_en": "Retail sales of consumer goods",
        "unit": "",
        "frequency": "annual",
        "direction": "higher_is_better",
        "domain": "industry",
        "measures": ["level"],
        "nonnegative": True,
        "source": f"nbs/{RETAIL}",
        "description": "",
    }
    assert _rules(home)["files"][RETAIL]["indicator"] == "retail_sales"


def test_an_english_name_not_given_stays_empty_and_the_chinese_one_shows(
    home: Path, tmp_path: Path
) -> None:
    from analytics.catalog import indicators

    copy = tmp_path / RETAIL
    shutil.copyfile(_real(RETAIL), copy)
    out = _run(
        home,
        "data",
        "add",
        copy,
        "--new",
        "retail_sales",
        "--name-zh",
        "社会消费品零售总额",
        "--domain",
        "industry",
        "--direction",
        "higher",
        "--yes",
    )
    assert out.returncode == 0, out.stderr
    ind = indicators(folder=home / "data" / "catalog")["retail_sales"]
    assert (ind.name_en, ind.name("en"), ind.name("zh")) == (
        "",
        "社会消费品零售总额",
        "社会消费品零售总额",
    )


def _reworded(tmp_path: Path) -> Path:
    """The real 2024 export (data/raw/nbs) with `第一产业增加值` reworded `第一产业增加值额`."""
    text = _real("分省年度数据2024.csv").read_bytes().decode("utf-8")
    export = tmp_path / "分省年度数据2024_reworded.csv"
    export.write_bytes(text.replace("第一产业增加值 (亿元)", "第一产业增加值额 (亿元)").encode())
    return export


def test_a_close_match_is_a_proposal_refused_under_yes_without_map(
    home: Path, tmp_path: Path
) -> None:
    """The real 2024 export with one header reworded as a later release might word it."""
    export = _reworded(tmp_path)
    before = tree(home)
    dry, yes = _run(home, "data", "add", export), _run(home, "data", "add", export, "--yes")
    assert dry.returncode == yes.returncode == 2
    assert dry.stderr == yes.stderr  # the dry run refuses what --yes refuses
    assert (
        f"{export}:3:3: proposed `第一产业增加值额 (亿元)` → `va_primary` (close to "
        "`第一产业增加值` (0.93), same unit): not certain (take it with --map "
        "'第一产业增加值额 (亿元)=va_primary'"
    ) in yes.stderr
    assert tree(home) == before
    out = _run(home, "data", "add", export, "--map", "第一产业增加值额 (亿元)=va_primary", "--yes")
    assert out.returncode == 0, out.stderr
    assert _rules(home)["files"][export.name]["names"] == {"第一产业增加值额": "va_primary"}


def test_two_columns_of_one_file_never_map_to_one_indicator(home: Path, tmp_path: Path) -> None:
    export = _reworded(tmp_path)
    before = tree(home)
    out = _run(home, "data", "add", export, "--map", "金融业增加值 (亿元)=va_real_estate", "--yes")
    assert out.returncode == 2
    said = "`房地产业增加值 (亿元)` and `金融业增加值 (亿元)` (line 3, column 12) both map to"
    assert f"{export}:3:13: {said} `va_real_estate`" in out.stderr
    assert tree(home) == before


def test_old_portal_exports_are_their_own_vintage() -> None:
    from analytics.io.nbs import read_nbs_export
    from analytics.io.portal import PORTAL_DIR, read_portal_panel

    obs = read_nbs_export(ROOT / "data" / "raw" / "nbs" / "分省年度数据人口.csv")
    tj = obs.filter((pl.col("region") == "120000") & (pl.col("indicator") == "population"))
    assert tj.select("period", "value", "vintage").rows() == [
        ("2024", 1364.0, "nbs_export")
    ]  # line 5
    panel = "分省电信主要通行能力_多年期_面板数据.csv"
    capture = panel.replace("面板数据", "原始抓取")
    newer = read_portal_panel(
        PORTAL_DIR / "panels" / panel, PORTAL_DIR / "raw_json_captures" / capture
    )
    assert set(newer["vintage"]) == {"nbs_portal"}


def test_one_format_table_for_add_and_check(tmp_path: Path) -> None:
    from analytics.io import check_paths
    from analytics.io._add_map import detect_format
    from analytics.io.formats import FORMATS, sniff_format
    from analytics.io.portal import PORTAL_DIR

    raw = ROOT / "data" / "raw"
    panel = PORTAL_DIR / "panels" / "分省电信主要通行能力_多年期_面板数据.csv"
    capture = PORTAL_DIR / "raw_json_captures" / "分省电信主要通行能力_多年期_原始抓取.csv"
    seen = {sniff_format(p) for p in (raw / "nbs" / RETAIL, panel, capture)}
    assert seen == {"nbs_export", "portal_panel", "portal_capture"}
    assert [f.name for f in FORMATS] == [
        "plan_return",
        "nbs_monthly",  # before nbs_export: both start `数据库：`
        "nbs_export",
        "portal_panel",
        "portal_capture",
        "figures",
    ]
    odd = tmp_path / "odd.csv"
    odd.write_text("年份,数值\n2024,1\n", "utf-8")
    refused = sniff_format(odd)
    assert detect_format(odd) == refused
    [problem] = check_paths([odd])
    assert problem == refused and str(problem).startswith(f"{odd}:1:1: unrecognised first line")


def test_on_a_terminal_the_missing_answers_are_asked(home: Path, tmp_path: Path) -> None:
    from tests.io.test_add import _on_terminal

    copy = tmp_path / RETAIL
    shutil.copyfile(_real(RETAIL), copy)
    flags = ("--new", "retail_sales", "--name-zh", "社会消费品零售总额")
    # domain, direction, English name (none: Enter), then yes to the plan
    out = _on_terminal(home, b"industry\nhigher\n\ny\n", "data", "add", copy, *flags)
    assert out.returncode == 0, out.stderr
    assert "new indicator: domain" in out.stdout and "new indicator: direction" in out.stdout
    entry = yaml.safe_load((home / "data" / "catalog" / "indicators.yaml").read_text("utf-8"))[-1]
    got = {k: entry[k] for k in ("id", "name_en", "domain", "direction")}
    assert got == {
        "id": "retail_sales",
        "name_en": "",
        "domain": "industry",
        "direction": "higher_is_better",
    }
    assert (
        observations(home).filter(pl.col("indicator") == "retail_sales")["value"].count() == 31 * 9
    )
