"""Department-site host labels (sfj.luan.gov.cn -> 六安市司法局), derived from the department names."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from schemas import CleanedPage
from streams.analysis.extract import extract_facts

TOOL = Path(__file__).parents[2] / "tools" / "build_host_departments.py"


def _tool():
    pytest.importorskip("pypinyin")       # a dev dependency, build time only
    spec = importlib.util.spec_from_file_location("build_host_departments", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_table_is_the_one_the_tool_builds_from_issuer_names() -> None:
    tool = _tool()
    assert tool.OUTPUT.read_text(encoding="utf-8") == tool.build(), "rerun tools/build_host_departments.py"


def test_labels_are_the_initials_of_names_short_forms_and_long_stems() -> None:
    table, dropped = _tool().derive(
        {"司法局": [], "人力资源和社会保障局": ["人社局"], "卫生健康委员会": ["卫健委"], "农业农村局": [],
         "农业农村厅": [], "民政局": [], "民族宗教事务局": ["民宗局"], "教育局": [], "教育厅": [],
         "商务局": [], "税务局": [], "交通运输局": ["交通局"], "教育和体育局": ["教体局"]},
        {"agri": "农业农村"})
    names = {label: names for label, (names, _) in table.items()}
    assert names["sfj"] == ["司法局"] and names["rsj"] == ["人力资源和社会保障局"]
    assert names["wjw"] == ["卫生健康委员会"] and names["nynct"] == ["农业农村厅"]
    assert sorted(names["nync"]) == sorted(names["agri"]) == ["农业农村厅", "农业农村局"]
    # Two departments' names, or two short forms, with the same initials: neither. A name's initials
    # beat another's short form's (民政局 over 民宗局). A two-character stem (教育 -> jy) gives no label.
    assert "swj" not in names and dropped["swj"] == ["商务局", "税务局"]
    assert "jtj" not in names and dropped["jtj"] == ["交通运输局", "教育和体育局"]
    assert names["mzj"] == ["民政局"] and "mzj" not in dropped
    assert "jy" not in names and names["jyj"] == ["教育局"]


def test_a_label_a_current_and_a_former_department_share_is_the_current_ones() -> None:
    table, dropped = _tool().derive({"卫生健康委员会": ["卫健委"]}, {},
                                    former={"卫生和计划生育委员会": ["卫计委"]})
    names = {label: names for label, (names, _) in table.items()}
    assert names["wjw"] == ["卫生健康委员会"] and "wjw" not in dropped
    assert names["wshjhsywyh"] == ["卫生和计划生育委员会"]      # a label the former body alone has


def test_an_english_label_must_name_a_department_of_the_table() -> None:
    with pytest.raises(ValueError):
        _tool().derive({"司法局": []}, {"justice": "公安"})


VOICE = ("2023年，{self}坚持以习近平法治思想为指导，扎实推进依法行政。现将有关情况报告如下：\n"
         "一、主要举措和成效")


def issuer(self_reference: str, url: str) -> str | None:
    text = VOICE.format(self=self_reference)
    lines = [line for line in text.splitlines() if line]
    return extract_facts(CleanedPage(url=url, paragraphs=lines)).issuer


@pytest.mark.parametrize(("self_reference", "url", "expected"), [
    ("我委", "http://wjw.suizhou.gov.cn/zwgk/202402/t20240220_1.html", "随州市卫生健康委员会"),
    ("我局", "http://rsj.suizhou.gov.cn/a.html", "随州市人力资源和社会保障局"),
    ("我局", "http://sjj.luan.gov.cn/a.html", "六安市审计局"),          # no hand list ever had 审计局
    ("我厅", "http://nync.hunan.gov.cn/a.html", "湖南省农业农村厅"),     # the stem, the province's 厅
    ("我局", "http://nync.suizhou.gov.cn/a.html", "随州市农业农村局"),
    ("我厅", "http://edu.hunan.gov.cn/a.html", "湖南省教育厅"),
    ("我局", "http://mzj.suizhou.gov.cn/a.html", "随州市民政局"),  # a name's initials: 民政局
    ("我局", "http://jtj.suizhou.gov.cn/a.html", None),                  # 交通局 or 教体局
])
def test_a_department_that_names_itself_only_我局_is_named_by_its_host_label(
        self_reference: str, url: str, expected: str | None) -> None:
    assert issuer(self_reference, url) == expected
