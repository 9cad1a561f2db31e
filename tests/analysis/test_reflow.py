"""reflow: text that lost its line breaks gets them back; ordinary pages pass through unchanged."""

from __future__ import annotations

import importlib
import random
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from schemas import CleanedPage
from streams.analysis import analyze_text
from streams.analysis.reflow import reflow, reflow_text

reflow_module = importlib.import_module("streams.analysis.reflow")  # the package exports reflow()

REPORT_LINES = [
    "青岭县司法局关于2023年度法治政府建设情况的报告",
    "2023年,青岭县司法局坚持以习近平法治思想为指导,全面推进法治政府建设,各项工作取得新成效。现将有关情况报告如下:",
    "一、主要举措和成效",
    "(一)加强组织领导。局党组认真履行推进法治建设第一责任人职责,全年召开专题会议6次,研究解决重点难点问题。",
    "(二)严格规范性文件管理。全年审核规范性文件12件,备案率100%,清理文件35件,废止5件。",
    "二、存在的不足和原因",
    "执法人员专业素质有待进一步提高,基层法治力量仍较薄弱,法治宣传的针对性还不够强。",
    "三、2024年工作计划",
    "继续深化依法行政,加强执法队伍建设,推进严格规范公正文明执法,提升群众满意度。",
]


def test_glued_report_is_split_at_title_headings_and_sentences() -> None:
    lines = reflow_text("".join(REPORT_LINES))
    assert lines[0] == REPORT_LINES[0]
    assert "一、主要举措和成效" in lines
    # A heading glued to the next paragraph without punctuation keeps it: its line starts right.
    assert any(line.startswith("二、存在的不足和原因") for line in lines)
    assert any(line.startswith("三、2024年工作计划") for line in lines)
    assert any(line.startswith("2023年,青岭县司法局") for line in lines)


def test_a_report_delivered_at_a_meeting_keeps_its_title_date_and_year_opening() -> None:
    # A government's report to the 人大常委会, glued: title | (date 在…会议上) | addressee and lead |
    # a heading glued to the year opening under it.
    glued = ("青岭市人民政府关于法治政府建设情况的报告(2024年5月28日在市人大常委会第九次会议上)市人大常委会:"
             "按照工作安排,现就法治政府建设情况报告如下。一、主要工作举措及成效2023年,在市委坚强领导下,"
             "全市各级行政机关坚持以习近平法治思想为指导,全面推进法治政府建设。(一)坚持党的领导。全年召开"
             "专题会议6次。二、存在的不足执法力量仍较薄弱。" + "全市坚持依法行政。" * 12)
    lines = reflow_text(glued)
    assert lines[:4] == ["青岭市人民政府关于法治政府建设情况的报告",
                         "(2024年5月28日在市人大常委会第九次会议上)",
                         "市人大常委会:按照工作安排,现就法治政府建设情况报告如下。", "一、主要工作举措及成效"]
    assert lines[4].startswith("2023年,在市委坚强领导下")
    facts = analyze_text(glued).facts
    assert (facts.report_year, facts.published.isoformat()) == (2023, "2024-05-28")


def test_a_dated_bracket_or_a_heading_inside_a_sentence_is_not_split() -> None:
    # A deadline in brackets is not a meeting line; a heading with a comma before the year is no heading.
    text = ("一、主要举措二、存在问题。各单位要在规定时限(2024年1月31日前)报送材料,"
            "(一)全年办理案件,2023年,我县共受理案件45件。" + "全县坚持依法行政。" * 20)
    lines = reflow_text(text)
    assert any("规定时限(2024年1月31日前)报送材料" in line for line in lines)
    assert not any(line.startswith("2023年,我县") for line in lines)


def test_a_signature_date_glued_before_the_title_is_not_part_of_it() -> None:
    glued = ("县委、县政府:现呈送我局2023年度法治政府建设情况报告,请审阅。青岭县司法局2024年3月8日"
             + "".join(REPORT_LINES))
    lines = reflow_text(glued)
    assert REPORT_LINES[0] in lines
    assert analyze_text(glued).facts.report_year == 2023


def test_glued_report_is_analyzed_like_the_original() -> None:
    original = analyze_text("\n".join(REPORT_LINES)).record("t")
    glued = analyze_text("".join(REPORT_LINES)).record("t")
    assert original.is_report and glued.is_report
    assert (original.issuer, original.report_year) == ("青岭县司法局", 2023)
    assert (glued.issuer, glued.report_year) == (original.issuer, original.report_year)
    assert {(i.value, i.unit) for i in glued.indicators} >= {(12, "件"), (100, "%")}


def test_a_short_glued_excerpt_is_split_too() -> None:
    # A document site's excerpt cut short: title, a blank, the opening and one heading, under 200
    # characters (the excerpts this reads are the beginning of a page, often cut mid-paragraph).
    opening = "2023年,县司法局坚持以习近平法治思想为指导,推进法治政府建设。"
    glued = (REPORT_LINES[0] + " " + opening + "现将有关情况报告如下:"
             "一、主要举措和成效(一)加强组织领导。全年召开专题会议6次。")
    assert len(glued) < 200
    assert reflow_text(glued)[:2] == [REPORT_LINES[0], opening]
    facts = analyze_text(glued).facts
    assert (facts.issuer, facts.report_year) == ("青岭县司法局", 2023)


@pytest.mark.parametrize("ending", ["的通知", "工作的通知", "公开情况的通报"])
def test_a_glued_notice_title_is_cut_whole_and_read_as_a_notice(ending: str) -> None:
    # 关于做好…年度报告工作的通知: the report's words end no title here; the notice word ends it.
    title = "关于做好2023年度法治政府建设年度报告" + ending
    glued = (title + " 各县(市、区)人民政府,市政府各部门:现将有关事项通知如下:一、报告内容。年度报告应当包括:"
             "(一)上一年度推进法治政府建设的主要举措和成效;(二)上一年度推进法治政府建设存在的不足和原因;"
             "(三)下一年度推进法治政府建设的主要安排;(四)其他需要报告的情况。二、报送时间。请于2月15日前报送。")
    assert reflow_text(glued)[0] == title
    record = analyze_text(glued).record("t")
    assert not record.is_report, record.reasons


def test_ordinary_paragraphs_are_left_alone() -> None:
    long_paragraph = "全县坚持依法行政,推进严格规范公正文明执法。" * 30     # long, but no glued headings
    page = CleanedPage(paragraphs=[*REPORT_LINES, long_paragraph])
    assert reflow(page) is page
    assert reflow_text(long_paragraph) == [long_paragraph]


def test_cms_stamp_glued_between_title_and_body_gets_its_own_line_and_dates_the_page() -> None:
    glued = ("首页 >> 信息公开 >> 正文" + REPORT_LINES[0] + "2024-03-29 17:13:17 来源: 青岭县司法局 打印"
             + "".join(REPORT_LINES[1:]))
    lines = reflow_text(glued)
    assert "2024-03-29 17:13:17" in lines
    assert analyze_text(glued).facts.published.isoformat() == "2024-03-29"
    # A department line with its date (政策法规科 2024-03-29) glued before the body the same way.
    dept = REPORT_LINES[0] + "政策法规科 2024-03-29" + "".join(REPORT_LINES[1:])
    assert analyze_text(dept).facts.published.isoformat() == "2024-03-29"


def test_a_notice_cited_in_the_lead_is_not_taken_for_the_title() -> None:
    lead = ("根据《中共青岭市委全面依法治市委员会办公室关于做好2023年法治政府建设情况年度报告工作的通知》"
            "要求,现将青岭市交通运输局2023年法治政府建设情况报告如下:")
    lines = reflow_text(lead + "".join(REPORT_LINES[1:]))
    assert lines[0].startswith("根据《中共青岭市委全面依法治市委员会办公室关于做好2023年")
    assert lines[0].endswith("报告如下:")


def test_joint_title_keeps_its_party_half_across_a_blank() -> None:
    glued = "中共青岭市委 青岭市人民政府关于2023年度法治政府建设情况的报告" + "".join(REPORT_LINES[1:])
    assert reflow_text(glued)[0] == "中共青岭市委 青岭市人民政府关于2023年度法治政府建设情况的报告"
    assert analyze_text(glued).facts.issuers == ["中共青岭市委", "青岭市人民政府"]


def test_title_glued_after_a_bracket_of_page_chrome_starts_after_it() -> None:
    glued = "字号:[ 大 中 小 ]青岭县司法局2023年法治政府建设年度报告" + "".join(REPORT_LINES[1:])
    assert "青岭县司法局2023年法治政府建设年度报告" in reflow_text(glued)


def test_a_cover_letter_lead_is_not_cut_out_as_the_title() -> None:
    glued = ("省委、省政府:根据督察工作规定要求,现呈送我委2023年度法治政府建设情况报告,请审阅。"
             + "".join(REPORT_LINES))
    assert "现呈送我委2023年度法治政府建设情况报告" not in reflow_text(glued)


def test_page_chrome_glued_before_the_year_opening_gets_its_own_line() -> None:
    body = ("2023年,青岭市紧紧围绕法治政府建设实施纲要,努力推动法治政府建设实现新突破。"
            "一、加强统筹谋划,整体推进法治政府建设(一)制定实施法治政府建设规划。出台行动方案,明确35项主要任务。"
            "(二)研究解决法治政府建设问题。市政府常务会议审议通过重要立法事项。"
            "二、优化政府机构职能,提高政府行政效能(一)完善基层职责体系。出台乡镇(街道)职责任务清单,"
            "推进清单化管理。(二)深化放管服改革。全年取消和下放行政许可事项12项。")
    assert len(body) > 200
    for chrome in ("字号: 大 中 小", "字号:大中小", "【打印】"):
        lines = reflow_text(chrome + body)
        assert lines[0] == chrome and lines[1].startswith("2023年,青岭市"), chrome
    assert reflow_text("这一规模较小" + body)[0].startswith("这一规模较小2023年")   # no chrome: no break


GLUED_SECTIONS = ("一、评估总体情况总得分为86.5分,较上年提高2.1分。"
                  "二、存在的问题(一)行政执法规范化水平有待提升,部分执法人员程序意识不强,案卷质量参差不齐。"
                  "(二)基层法治工作力量不足,乡镇合法性审查能力有待加强。(三)基层法治力量薄弱。三、建议(一)加强执法监督。(二)充实基层力量,提升依法行政水平。")


def test_a_title_like_run_inside_a_sentence_or_a_quotation_is_not_cut_out() -> None:
    sentence = ("受青岭市委依法治市办委托,江南大学法治研究院于2025年1月至2月对青岭市2024年度法治政府建设情况"
                "开展第三方评估,设置一级指标8项、二级指标32项。现将评估情况报告如下:" + GLUED_SECTIONS)
    lines = reflow_text(sentence)
    assert len(lines) > 3 and not any(line.endswith("法治政府建设情况") for line in lines)
    quoted = ("分享十九届区政府第37次常务会议“关于2024年度法治建设工作情况的汇报”议题的解读如下:"
              "为做好2024年度法治建设考核工作,区司法局认真梳理总结全年法治建设工作,制定针对性措施。"
              + GLUED_SECTIONS)
    lines = reflow_text(quoted)
    assert len(lines) > 3 and not any(line.endswith("工作情况的汇报") for line in lines)


def test_a_glued_title_ending_in_汇报_is_cut_out_whole() -> None:
    text = ("青岭县人民政府关于2024年度法治政府建设情况的汇报"
            "2024年,我县坚持依法行政,法治政府建设取得新成效。" + GLUED_SECTIONS)
    assert "青岭县人民政府关于2024年度法治政府建设情况的汇报" in reflow_text(text)


def test_a_year_run_after_a_self_reference_is_not_cut_out_as_a_title() -> None:
    # 现结合我街道2022年…情况: the run after 我 is inside the sentence.
    glued = ("来源:青岭区东风街道 字体大小:2022年,在区委、区政府的坚强领导下,东风街道深入推进依法行政,"
             "全面落实法治政府建设实施纲要及省市区相关文件要求,坚持依法决策,以法治思维促进各项工作高质量发展。"
             "现结合我街道2022年法治政府建设的实际情况,报告如下:一、强化组织领导,提升法治意识。"
             "街道党工委召开专题会议4次,研究部署法治建设重点工作,组织机关干部集中学法6次,"
             "邀请律师为社区干部授课3次。二、存在的问题")
    lines = reflow_text(glued)
    assert not any(line.startswith("街道2022年") for line in lines)
    assert any(line.startswith("现结合我街道2022年") for line in lines)


def test_glued_heading_search_equals_its_plain_form() -> None:
    # _GLUED_HEADING_ENDS find (?<=\S)_CN_HEADING by the character that ends it, rewritten for speed: both
    # must count the same headings.
    plain = re.compile(rf"(?<=\S){reflow_module._CN_HEADING}")
    rng = random.Random(11)
    alphabet = reflow_module._CN + "第、（()）年度 。，\n\tx1"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(5000)]
    texts.append("情况报告如下：一、主要举措（一）强化领导二、存在问题第三、其他十二、完")
    for text in texts:
        for count in range(4):
            assert reflow_module._has_glued_headings(text, count) == (len(plain.findall(text)) >= count), text


@pytest.mark.parametrize("count", [0, 1, 2, 3])
@pytest.mark.parametrize("text", ["", "一、", "甲一、乙", "甲一、乙(二)丙三、", "（一）" * 5, "2023年,我县",
                                  "x一二三四、x一二三、 二、第二、(十一)（十二十）"])
def test_glued_headings_counted_as_the_plain_pattern_finds_them(text: str, count: int) -> None:
    plain = re.compile(rf"(?<=\S){reflow_module._CN_HEADING}")
    assert reflow_module._has_glued_headings(text, count) == (len(plain.findall(text)) >= count)


# _BREAKS as it was, each alternative's lookbehind first: the reordered one must split alike.
_R = reflow_module
_OLD_BREAKS = re.compile(
    rf"(?<=[。！？；;!?])(?=\S)"
    rf"|(?<=如下[:：。])"
    rf"|(?<=\S)(?={_R._CN_HEADING})"
    rf"|(?<=[:：])(?={_R._ARABIC_HEADING})"
    rf"|(?<=报告|情况|总结|汇报)(?=(?:(?!如下)[^\n,，。]){{0,30}}[:：](?:19|20)[0-9]{{2}}年)"
    rf"|(?<=[:：])(?=(?:19|20)[0-9]{{2}}年度?[,，])"
    rf"|(?:(?<=中小)|(?<=中 小)|(?<=】))(?=\s*(?:19|20)[0-9]{{2}}年度?[,，])"
    rf"|(?:(?<=报告|情况|总结|汇报)|(?<=[)）]))(?=(?:19|20)[0-9]{{2}}年度?[,，是])"
    rf"|(?<=[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})(?=(?:19|20)[0-9]{{2}}年)"
    rf"|(?<=[\u4e00-\u9fff])(?=\s*(?:19|20)[0-9]{{2}}-[0-9]{{1,2}}-[0-9]{{1,2}}(?![0-9]))"
    rf"|(?<=[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})(?=\s*[\u4e00-\u9fff])"
    rf"|(?<=[0-9]{{2}}:[0-9]{{2}})(?=\s*[\u4e00-\u9fff])"
    rf"|(?<=\S)(?<![布文息期])(?=(?:{_R._LABELS})[:：])"
    rf"|(?<=[\u4e00-\u9fff》])(?=[（(](?:19|20)[0-9]{{2}}年[0-9]{{1,2}}月[0-9]{{1,2}}日在)"
    rf"|(?<=会议上[)）])(?=\S)|(?<=大会上[)）])(?=\S)"
)
_GLUED_PIECES = ["。", "，", ",", ":", "：", "如下", "报告", "情况", "汇报", "一、", "（二）", "(三)", "1.",
                 "中小", "中 小", "】", "2023年", "2023年度,", "2024-02-28", "2023-03-31", " ", "17:05",
                 "来源", "发布", "日期", "我县", "第", "是", "\n", "x", "信息", "02-28", "(2024年5月28日在",
                 "（2024年5月8日在", "会议上)", "大会上）", "》"]


@example("…情况的报告2024-02-28 2023年,我县坚持。一、主要举措(一)来源:县司法局")
@example("报告信息来源:县司法局")
@example("x02-282023年")
@given(st.lists(st.sampled_from(_GLUED_PIECES), max_size=14).map("".join))
def test_breaks_split_as_with_each_lookbehind_first(text: str) -> None:
    assert reflow_module._BREAKS.split(text) == _OLD_BREAKS.split(text)


def test_a_copy_whose_line_breaks_became_blanks_is_split_at_its_spaced_headings() -> None:
    # News and document sites: title, stamp, addressee, lead and headings on one line, blanks between.
    glued = ("遵义市播州区人民政府关于2023年法治政府建设工作情况的报告 2024-03-26 17:02:11 来源: 播州发布 "
             "遵义市人民政府： 2023年，播州区坚持以习近平新时代中国特色社会主义思想为指导，"
             "全面推进法治政府建设，取得了明显成效。现将有关情况报告如下： 一、主要举措和成效 "
             "（一）坚持党的领导，法治政府建设责任全面压实。区政府常务会议专题研究法治政府建设工作4次。")
    assert reflow_text(glued)[0] == "遵义市播州区人民政府关于2023年法治政府建设工作情况的报告"
    facts = analyze_text(glued).facts
    assert (facts.report_year, str(facts.published)) == (2023, "2024-03-26")
    # One spaced numeral in a sentence is no heading run.
    sentence = "全县坚持依法行政，重点抓好三件事： 一、规范执法。" + "全县坚持依法行政。" * 20
    assert reflow_text(sentence) == [sentence]
