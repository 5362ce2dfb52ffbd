"""Peers per province from data/catalog/peers.yaml: the NBS four regions, Tianjin's list kept.

Before, every province's report compared it with Tianjin's peers (北京, 上海, 重庆, 全国): the
notebooks' default and ``DEFAULT_PEERS`` were one list for all. The grouping is NBS's
《东西中部和东北地区划分方法》 (2011): 东部 10, 中部 6, 西部 12, 东北 3 provinces.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from analytics.catalog import CHINA, peer_config, peers_of, regions
from analytics.config import DEFAULT_PEERS
from analytics.exceptions import DataValidationError
from analytics.reports.context import ReportContext
from analytics.runs.runner import RunRequest

ROOT = Path(__file__).resolve().parents[2]
FILE = ROOT / "data" / "catalog" / "peers.yaml"
BEIJING_SHANGHAI_CHONGQING = {"110000", "310000", "500000"}


def _file() -> dict:
    return yaml.safe_load(FILE.read_text(encoding="utf-8"))


def test_the_groups_are_the_nbs_four_regions() -> None:
    groups = {g["id"]: g["members"] for g in _file()["groups"]}
    assert {k: len(v) for k, v in groups.items()} == {
        "east": 10,
        "central": 6,
        "west": 12,
        "northeast": 3,
    }
    # the source's four lists, by name (stats.gov.cn, 2011-06-13)
    names = dict(zip(regions()["code"], regions()["short_zh"], strict=True))
    said = {
        "east": "北京 天津 河北 上海 江苏 浙江 福建 山东 广东 海南",
        "central": "山西 安徽 江西 河南 湖北 湖南",
        "west": "内蒙古 广西 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆",
        "northeast": "辽宁 吉林 黑龙江",
    }
    for group, words in said.items():
        assert {names[c] for c in groups[group]} == set(words.split(" ")), group


def test_guangdong_takes_its_groups_nearest_three_and_china_not_tianjins() -> None:
    east = next(g["members"] for g in _file()["groups"] if g["id"] == "east")
    at = east.index("440000")  # 北京 天津 河北 山东 江苏 上海 浙江 福建 [广东] 海南
    assert (east[at - 2], east[at - 1], east[at + 1]) == ("330000", "350000", "460000")
    # by hand: 福建 and 海南 one place away, 浙江 two; 上海 (three) is not kept with max_peers 3
    assert _file()["max_peers"] == 3
    assert peers_of("440000") == ("330000", "350000", "460000", CHINA)
    assert not BEIJING_SHANGHAI_CHONGQING & set(peers_of("440000"))


def test_tianjin_keeps_its_own_list() -> None:
    assert _file()["peers"]["120000"] == ["110000", "310000", "500000", "000000"]
    assert peers_of("120000") == DEFAULT_PEERS == ("110000", "310000", "500000", "000000")


def test_every_province_has_peers_of_its_own_group() -> None:
    config = peer_config()
    for code in regions()["code"]:
        if code == CHINA:
            assert peers_of(code) == ()
            continue
        peers = peers_of(code)
        assert code not in peers and peers[-1] == CHINA
        if code == "120000":
            continue
        group = config.group_of(code)
        assert group is not None and set(peers[:-1]) <= set(group.members)
        assert len(peers) - 1 == min(3, len(group.members) - 1)
    # the Northeast: the other two; Jilin sits between them
    assert peers_of("220000") == ("210000", "230000", CHINA)


def test_a_report_and_a_run_take_the_regions_peers_and_an_explicit_list_wins() -> None:
    assert ReportContext(region="440000").peers == peers_of("440000")
    assert ReportContext(region="广东").peers == peers_of("440000")
    assert ReportContext(region="440000", peers=["110000"]).peers == ("110000",)
    assert ReportContext().peers == DEFAULT_PEERS  # Tianjin, the default region
    run = RunRequest("industry", "610000", "2024", "zh")  # Shaanxi, in the Western region
    assert run.parameters["peers"] == list(peers_of("610000"))
    assert not set(run.parameters["peers"]) >= BEIJING_SHANGHAI_CHONGQING
    given = RunRequest("industry", "610000", "2024", "zh", extra=(("peers", ("110000",)),))
    assert given.parameters["peers"] == ["110000"]


@pytest.mark.parametrize(
    ("old", "new", "where", "words"),
    [
        # line 39 `    members: ['210000', '220000', '230000']` (东北): 广东 added at column 45
        (
            "'220000', '230000']",
            "'220000', '230000', '440000']",
            "39:45",
            "`440000` is in group `east` already",
        ),
        ("'210000', '220000', '230000']", "'210000', '220000', 230000]", "39:35", "must be text"),
        ("national: '000000'", "national: '990000'", "16:11", "`990000` is not in data/"),
        ("'120000': ['110000'", "'120000': ['120000'", "43:14", "cannot be a peer of `120000`"),
    ],
)
def test_a_bad_peers_file_is_refused_with_each_problem_located(
    tmp_path: Path, old: str, new: str, where: str, words: str
) -> None:
    text = FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "peers.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        peer_config(path=path)
    problems = [p for p in err.value.problems if words in p.message]
    assert problems, [str(p) for p in err.value.problems]
    assert f"{problems[0].line}:{problems[0].column}" == where
    assert str(problems[0]).startswith(f"{path}:{where}: ")


def test_a_missing_peers_file_is_named_not_a_traceback(tmp_path: Path) -> None:
    from analytics.exceptions import CatalogError

    with pytest.raises(CatalogError, match=r"no peer groups: .*peers\.yaml is missing"):
        peer_config(path=tmp_path / "peers.yaml")
