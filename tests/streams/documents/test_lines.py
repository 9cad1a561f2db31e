"""Fixed-layout lines back into paragraphs: page furniture dropped, broken lines joined."""

from __future__ import annotations

import pytest

from streams.documents.lines import Line, join_lines, paragraphs_from_pages


@pytest.mark.parametrize("number", ["- 3 -", "—3—", "第3页", "第 3 页 共 10 页", "3/10", "Page 3 of 10",
                                    "３"])
def test_page_numbers_are_dropped(number: str) -> None:
    assert paragraphs_from_pages([["全年办理行政复议案件12件。", number]]) == ["全年办理行政复议案件12件。"]


def test_running_headers_and_footers_are_dropped_but_a_repeated_body_line_at_another_place_is_not() -> None:
    pages = [["某县人民政府文件", f"正文第{n}页的第一行。", "共同的一句话。", f"正文第{n}页的末行。",
              f"2025年度报告 第{n}页"] for n in range(1, 5)]
    text = paragraphs_from_pages(pages)
    assert "某县人民政府文件" not in text and not any(p.startswith("2025年度报告") for p in text)
    assert text.count("共同的一句话。") == 4  # the same place on every page, but not an edge line


def test_a_number_broken_over_two_lines_is_joined_without_a_space_and_words_with_one() -> None:
    full = "县政府收到行政复议申请九十六件，受理八十八件，审结八十三件，全年共办理行政诉讼案件"
    assert join_lines([full + "1", "23件。"]) == [full + "123件。"]
    assert join_lines([full + "rule of", "law report."]) == [full + "rule of law report."]


def test_positions_tell_an_indented_first_line_and_a_two_line_title() -> None:
    full = "全县持有效行政执法证件人员一千一百二十六人全年办理行政处罚案件一千五百八十七件开展抽查"
    lines = [Line("某县人民政府关于2025年度法治政府建设情况", 90, 20), Line("的报告", 270, 20),
             Line(full, 100, 14), Line(full, 72, 14), Line(full, 100, 14), Line("五十二批次。", 72, 14)]
    assert join_lines(lines) == ["某县人民政府关于2025年度法治政府建设情况的报告", full + full,
                                 full + "五十二批次。"]
