"""classify: reports (with and without titles) against every look-alike kind, on texts written here."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import CleanedPage, DocumentKind, SourceKind
from streams.analysis import analyze_text
from streams.analysis.classify import (
    HEAD_CHARS,
    LATIN_MIN_LETTERS,
    LATIN_SAMPLE_CHARS,
    LEDE_CHARS,
    MAX_HEADINGS,
    MODEL,
    TAIL_CHARS,
    classify,
    normalize,
    page_scopes,
    scope_gates,
    scope_literals,
    score,
)

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "dev.jsonl"


def page(text: str, title: str | None = None, url: str | None = None) -> CleanedPage:
    return CleanedPage(url=url, title=title, paragraphs=[line for line in text.splitlines() if line.strip()])


def assert_look_alike(text: str, title: str | None, signal: str) -> None:
    """The page is no report, and `signal` is among the reasons the verdict gives."""
    verdict = classify(page(text, title=title))
    assert not verdict.is_report and signal in verdict.reasons, verdict.reasons


# ---- reports --------------------------------------------------------------------------------

TITLED_REPORT = """\
2022年,在县委、县政府的坚强领导下,我局坚持以习近平法治思想为指导,扎实推进法治政府建设,依法行政水平稳步提升。现将我局2022年度法治政府建设工作情况报告如下:
一、2022年度推进法治政府建设的主要举措和成效
(一)履行推进法治建设第一责任人职责。局党组书记切实履行第一责任人职责,全年专题研究法治工作6次。
(二)严格规范性文件管理。全年审核规范性文件3件,备案率100%。
二、存在的不足和原因
执法人员专业素质有待提高。
三、2023年法治政府建设工作计划
继续深化依法行政。
特此报告。
清河县交通运输局
2023年2月10日
"""

UNTITLED_REPORT = """\
2023年,我镇坚持以习近平新时代中国特色社会主义思想为指导,深入学习贯彻习近平法治思想,全面推进法治政府建设,各项工作取得新成效。现将有关情况报告如下:
一、主要举措和成效
(一)加强组织领导。镇党政主要负责人认真履行推进法治建设第一责任人职责,召开专题会议4次。
(二)推进依法决策。聘请法律顾问1名,重大事项合法性审查率100%。
"""

YEAR_OPENING_ONLY = """\
2023年,全市法治政府建设工作坚持以习近平法治思想为指导,深入推进依法行政,全市法治政府建设各项工作取得新成效。
一、强化思想引领,持续深入学习贯彻习近平法治思想
市长认真履行推进法治政府建设第一责任人职责,多次主持召开市政府常务会议研究法治政府建设工作。
二、依法全面履行政府职能
深化“放管服”改革,编制公布权责清单。
"""

OLD_OUTLINE_REPORT = """\
青岭市2014年度依法行政工作情况报告
2014年,我市依法行政工作认真贯彻落实党的十八届四中全会精神,紧紧围绕年度依法行政考核目标,法治政府建设有了新的进展。
一、加强组织领导,夯实依法行政工作基础
"""

TRADITIONAL_REPORT = """\
2024年,我局堅持以習近平法治思想為指導,推動法治政府建設取得新進展。現將本局2024年法治政府建設情況報告如下:
一、主要舉措和成效
(一)加強組織領導。局主要負責人履行推進法治建設第一責任人職責。
"""

PINYIN_ARTEFACT_REPORT = """\
2022年,我區(qū)堅持以習近平法治思想為指導,推動法治政府建設(shè)取得新成效。現將有關情況報告如下:
一、深入學習貫徹習近平法治思想
"""

REPUBLISHED_IN_NEWS = """\
水资源部发布2023年法治政府建设年度报告
发布时间:2024-03-30 来源:新闻网
新闻网3月29日电 据水资源部网站消息,该部发布2023年法治政府建设年度报告。具体报告如下:
一、坚持把党的领导贯穿到法治政府建设全过程各方面
部党组始终坚持党对法治政府建设的领导,督促落实法治政府建设第一责任人职责。
二、扎实推进依法行政
"""

SPAM_MIRROR_REPORT = """\
2023年,bbin体育:坚持以习近平法治思想为引领,加强党对法治建设的领导,推进法治政府建设。现将bbin体育:2023年度法治政府建设工作情况报告如下。
一、主要举措和成效
(一)强化政治引领。严格落实党政主要负责人履行法治建设第一责任人职责。
"""


# A city site may title its own report without the city's name; 信息公开 pages carry header fields.
RELATIVE_TITLE_REPORT = """\
2023年度市政府法治政府建设情况报告
2023年,市政府坚持以习近平法治思想为指导,推进法治政府建设。现将有关情况报告如下:
一、主要举措和成效
二、存在的不足和原因
三、2024年工作计划
"""

DISCLOSURE_HEADER_REPORT = """\
青岭县2023年法治政府建设情况报告
主题分类:综合政务
主题词:法治
2023年,我县坚持依法行政,法治政府建设取得新成效。现将有关情况报告如下:
一、主要举措和成效
"""


# The annual report and the leaders' duty report in one title, and a unit that says 我单位.
JOINT_DUTY_TITLE_REPORT = """\
关于2023年度法治政府建设和履行推进法治建设第一责任人职责情况的报告
2023年,我单位坚持依法行政。现将我单位2023年法治政府建设情况报告如下:
一、主要举措和成效
"""


@pytest.mark.parametrize("text,title", [
    (TITLED_REPORT, "清河县交通运输局关于2022年度法治政府建设情况的报告"),
    (UNTITLED_REPORT, None),
    (YEAR_OPENING_ONLY, None),
    (OLD_OUTLINE_REPORT, None),
    (TRADITIONAL_REPORT, None),
    (PINYIN_ARTEFACT_REPORT, None),
    (REPUBLISHED_IN_NEWS, None),
    (SPAM_MIRROR_REPORT, None),
    (RELATIVE_TITLE_REPORT, None),
    (DISCLOSURE_HEADER_REPORT, None),
    (JOINT_DUTY_TITLE_REPORT, None),
], ids=["titled", "untitled", "year_opening_only", "old_outline", "traditional", "pinyin_artefacts",
        "republished_in_news", "spam_mirror", "relative_title", "disclosure_header", "joint_duty_title"])
def test_reports_are_recognized(text: str, title: str | None) -> None:
    verdict = classify(page(text, title))
    assert verdict.is_report, verdict.reasons
    assert verdict.kind == DocumentKind.annual_report
    assert 0.5 < verdict.confidence <= 1.0


def test_plain_title_without_the_word_report_counts() -> None:
    text = ("福山省林业厅2023年度法治政府建设情况\n"
            "2023年,省林业厅深入学习贯彻习近平法治思想,推进林业法治建设。\n")
    verdict = classify(page(text))
    assert verdict.is_report, verdict.reasons
    assert "title:plain_annual" in verdict.reasons


@pytest.mark.parametrize("column", ["通知公告", "公示公告", "最新通知", "通知通告"])
def test_a_column_name_over_the_title_is_not_a_notice_title(column: str) -> None:
    # The column the crawler watches prints its name over the page's title: chrome, not a notice title.
    text = (f"{column}\n福山县2023年法治政府建设年度报告\n来源: 福山县人民政府\n发布日期: 2024-02-13\n"
            "2023年,福山县坚持以习近平新时代中国特色社会主义思想为指引,全面深入贯彻落实习近平法治思想")
    verdict = classify(page(text))
    assert "neg:title_notice" not in verdict.reasons
    assert verdict.is_report, verdict.reasons


@pytest.mark.parametrize("title", ["公告", "通知", "关于2023年度法治政府建设考核结果的公示"])
def test_a_notice_titled_by_its_notice_word_still_weighs_as_one(title: str) -> None:
    verdict = classify(page(f"{title}\n根据有关规定,现将有关事项公告如下。"))
    assert "neg:title_notice" in verdict.reasons
    assert not verdict.is_report


def test_a_list_of_the_required_contents_is_no_set_of_headings() -> None:
    # A notice lists what a report must hold, item by item ending in a semicolon: not the report's headings.
    items = ["(一)上一年度推进法治政府建设的主要举措和成效;", "(二)上一年度推进法治政府建设存在的不足和原因;",
             "(三)上一年度党政主要负责人履行推进法治建设第一责任人职责,加强法治政府建设的有关情况;",
             "(四)下一年度推进法治政府建设的主要安排;", "(五)其他需要报告的情况。"]
    listed = page("\n".join(["请各单位认真总结本年度法治政府建设工作,报告应当包括以下内容:", *items]))
    assert page_scopes(listed)["headings"] == "(五)其他需要报告的情况。"
    headed = page("\n".join(item.rstrip(";") for item in items))
    assert "section:measures" in classify(headed).reasons


@pytest.mark.parametrize("title", ["嘉兴市司法局2023年度行政复议工作情况报告",
                                   "瀍河回族区2023年度行政应诉工作情况报告"])
def test_a_report_on_administrative_review_or_litigation_is_a_program_report(title: str) -> None:
    body = ("2023年,市司法局坚持以习近平法治思想为指导,充分发挥行政复议化解行政争议主渠道作用,为法治政府建设"
            "提供有力保障。现将有关情况报告如下:\n一、主要举措和成效\n全年共收到行政复议申请1286件,审结1059件。")
    verdict = classify(page(body, title=title))
    assert not verdict.is_report, verdict.reasons
    assert classify(page(body, title="嘉兴市司法局2023年度法治政府建设情况报告")).is_report


def test_a_page_publishing_the_report_as_its_attachment_is_not_its_text() -> None:
    text = ("红山区2023年度法治政府建设情况报告\n发布时间:2024-03-29 来源:区司法局\n根据《法治政府建设与责任"
            "落实督察工作规定》要求,现将《红山区2023年度法治政府建设情况报告》予以公开,详见附件。\n"
            "附件:红山区2023年度法治政府建设情况报告.pdf")
    verdict = classify(page(text))
    assert "neg:text_in_attachment" in verdict.reasons and not verdict.is_report
    # A report whose text is on the page keeps its attachment link at the end.
    title = "清河县交通运输局关于2022年度法治政府建设情况的报告"
    assert classify(page(TITLED_REPORT + "\n附件:报告全文.pdf", title)).is_report
    # So does one that gives its sections, cut short, and sends the reader to the attachment for the rest.
    cut = ("发布时间:2026-03-24 来源:区司法局\n2025年,小店区在市委、市政府和区委的坚强领导下,坚持以习近平法治"
           "思想为指导,全面落实法治政府建设各项任务。\n一、主要举措和成效\n(一)强化依法决策。区政府常务会议"
           "会前学法10次,审查涉法事项168件。\n(二)依法化解行政争议。全年受理行政复议案件146件,行政应诉案件"
           "82件。\n二、存在的不足和下一步工作\n(全文详见附件)\n附件:小店区2025年法治政府建设年度报告.pdf")
    verdict = classify(page(cut))
    assert "neg:text_in_attachment" not in verdict.reasons and verdict.is_report


@pytest.mark.parametrize("title", ["2023年全市行政复议工作成效显著 案件数量创新高",
                                   "兰溪市2024年行政复议工作“成绩单”出炉", "回眸2023·法治江西建设亮点纷呈"])
def test_a_news_headline_on_the_years_work_is_news(title: str) -> None:
    body = ("2023年,全市各级行政复议机构深入贯彻落实行政复议法,充分发挥行政复议化解行政争议主渠道作用,"
            "为加快建设法治政府提供了有力保障。\n全年全市共新收行政复议案件4312件,同比增长27.4%。")
    verdict = classify(page(body, title=title))
    assert not verdict.is_report and verdict.kind is DocumentKind.news, verdict.reasons


def test_a_half_year_summary_is_not_the_years_report_whatever_follows_its_title() -> None:
    body = ("2024年以来,我局坚持以习近平法治思想为指导,统筹推进法治政府建设各项工作。"
            "现将上半年工作总结如下:\n一、上半年工作开展情况\n二、存在问题\n三、下半年工作思路")
    half = "海宁市司法局2024年上半年法治政府建设工作总结和下半年工作思路"
    assert not classify(page(body, title=half)).is_report
    # The year's report that adds the next months' plans stays the year's report.
    year = "海宁市司法局2023年度法治政府建设情况和2024年上半年工作安排的报告"
    assert "neg:title_part_of_year" not in classify(page(body, title=year)).reasons


@pytest.mark.parametrize("title", ["青岭区司法局2025年1—11月法治建设工作总结",
                                   "青岭区司法局2025年1-11月法治建设工作总结"])
def test_the_months_since_january_are_part_of_the_year(title: str) -> None:
    body = ("2025年以来,区司法局在区委、区政府的坚强领导下,统筹推进法治建设各项任务。"
            "现将1—11月工作总结如下:\n一、工作开展情况\n审查涉法事项173件。\n二、存在问题\n三、下一步")
    assert_look_alike(body, title, "neg:title_part_of_year")
    # A date in the title (2025年1月11日) is no span of months.
    dated = "青岭区司法局2024年度法治建设工作报告（2025年1月11日）"
    assert "neg:title_part_of_year" not in classify(page(body, title=dated)).reasons


@pytest.mark.parametrize("title", ["关于桐梓县法治政府建设情况的调研报告",
                                   "关于县人民政府2023年度法治政府建设情况报告的调研报告"])
def test_an_inquiry_into_the_work_is_not_the_governments_report(title: str) -> None:
    body = ("课题组于2023年4月至6月,采取问卷调查、座谈访谈等方式,对全县法治政府建设情况进行了调研。"
            "现将调研情况报告如下:\n一、主要成效\n2022年,我县坚持以习近平法治思想为指导,法治政府建设取得积极进展。\n二、存在的主要问题")
    verdict = classify(page(body, title=title))
    assert "title:annual_report" not in verdict.reasons and not verdict.is_report, verdict.reasons


@pytest.mark.parametrize("title", ["中共绛县县委关于2023年度落实全面从严治党主体责任情况的报告",
                                   "丽水市自然资源和规划局党组2023年度落实党风廉政建设责任制情况报告"])
def test_a_report_on_another_duty_is_not_the_rule_of_law_report(title: str) -> None:
    body = ("2023年,县委坚持以习近平新时代中国特色社会主义思想为指导,认真履行主体责任,现将有关情况报告如下:\n"
            "一、落实主体责任情况\n(三)推进法治建设。县委常委会听取全面依法治县工作汇报2次。\n二、存在的问题")
    verdict = classify(page(body, title=title))
    assert "neg:title_other_duty" in verdict.reasons and not verdict.is_report, verdict.reasons


def test_reasons_name_the_signals_that_fired() -> None:
    verdict = classify(page(TITLED_REPORT, "清河县交通运输局关于2022年度法治政府建设情况的报告"))
    for name in ("title:annual_report", "body:report_opening", "body:closing", "section:measures",
                 "section:shortcomings", "section:next_year"):
        assert name in verdict.reasons


def test_spam_mirror_report_is_a_report_from_a_spam_source() -> None:
    verdict = classify(page(SPAM_MIRROR_REPORT, url="http://www.example-mirror.com/a/1.html"))
    assert verdict.is_report
    assert verdict.source_kind == SourceKind.spam_or_template


# ---- look-alikes ----------------------------------------------------------------------------

INFO_DISCLOSURE = """\
青岭市水务局2023年政府信息公开工作年度报告
本报告依据《中华人民共和国政府信息公开条例》编制。报告中所列数据的统计期限自2023年1月1日起至12月31日止。
一、总体情况
2023年,市水务局认真贯彻落实《条例》,依法行政,推进政务公开。
(一)主动公开
全年主动公开政府信息320条。
"""

INFO_DISCLOSURE_UNTITLED = """\
一、总体情况
2023年,市水务局认真落实政务公开工作要求。现将我局2023年度政府信息公开工作情况报告如下:
(一)主动公开
发布各类信息近2000条。
(二)依申请公开
收到依申请公开件12件。
"""

WORK_PLAN = """\
青岭市2024年法治政府建设工作要点
各县(市、区)人民政府,市政府各部门:
现将《青岭市2024年法治政府建设工作要点》印发给你们,请认真贯彻执行。
一、指导思想
坚持以习近平法治思想为指导,深入推进依法行政。
二、主要任务
"""

INDICATOR_SYSTEM = """\
青岭市法治政府建设指标体系(试行)
为深入推进依法行政,结合我市实际,制定本指标体系。本指标体系自2024年3月1日起施行。
一、依法全面履行政府职能(占总分值的15%)
"""

SHUFA_REPORT = """\
青岭市司法局局长2023年度述法报告
现将本人2023年度履行推进法治建设第一责任人职责情况报告如下:
一、带头学法,提升法治思维
本人全年参加集中学法12次,带头推进法治政府建设。
"""

INTERPRETATION = """\
【政策解读】关于《青岭市2023年度法治政府建设情况报告》的解读
一、起草背景
根据《法治政府建设与责任落实督察工作规定》,市政府每年报告上一年度法治政府建设情况。
二、主要内容
"""

NEWS_MEETING = """\
青岭日报讯(记者 王明)3月2日上午,青岭市召开2024年全市法治政府建设工作推进会。市委常委、副市长出席会议并讲话。
会议强调,要深入学习贯彻习近平法治思想,压实法治建设第一责任人职责,推动法治政府建设再上新台阶。
"""

NEWS_QUOTING_REPORT = """\
去年全省办结行政复议案件1.2万件
本报讯(记者 李华)日前发布的福山省2023年法治政府建设年度报告显示,2023年全省新收行政复议案件1.3万件。
报告显示,全省推进法治政府建设取得新进展。
"""

NEWS_GRADING_REPORTS = """\
青岭新闻网讯 6月4日,青河县司法局对全县30个部门报送的法治政府建设报告进行集中评议,评出三个等次。
评议结果将作为年度法治建设考核的参考依据。
"""

TEMPLATE = """\
教育局2023年度法治政府建设报告 篇1
20__年,教育局坚持以____思想为指导,推进法治政府建设。现将主要情况报告如下:
一、20__年推进法治政府建设的主要举措和成效
(一)深入学习宣传贯彻____法治思想。XX县教育局组织学习*次,培训*人次。
"""

RECRUITMENT = """\
青岭市2024年事业单位公开招聘工作人员公告
根据有关规定,经研究,决定面向社会公开招聘事业单位工作人员,现将有关事项公告如下:
一、招聘条件
(一)遵纪守法,品行端正。
"""

HOLIDAY = """\
关于2024年春节放假安排的通知
各县(市、区)人民政府,市政府各部门:
现将2024年春节放假调休日期安排通知如下:2月10日至17日放假调休,共8天。
青岭市人民政府办公室
2024年1月5日
"""

CATALOGUE_ROW = """\
政府信息主动公开事项目录
事项名称 事项类别 公开内容 公开依据 公开时限 公开渠道
法治政府建设年度报告 法治政府建设年度报告 上一年度推进法治政府建设的主要举措和成效、存在的不足和原因,
党政主要负责人履行推进法治建设第一责任人职责情况 《法治政府建设与责任落实督察工作规定》第二十四条
"""

GENERAL_SUMMARY = """\
2022年,青岭市司法局坚持以习近平新时代中国特色社会主义思想为指导,在市委、市政府的坚强领导下,履职尽责,各项工作均取得新进展。
一、2022年工作情况
(一)突出政治引领。全年召开党组会议30次,组织理论学习中心组学习12次。
(二)加强队伍建设。开展业务培训8期。
"""

SPEECH = """\
副市长在全市法治政府建设工作会议上的讲话
同志们:
今天,我们召开全市法治政府建设工作会议,主要任务是总结成绩、部署任务。下面,我讲三点意见。
一、肯定成绩,切实增强法治政府建设的责任感
"""

YEARBOOK = """\
2023卷
【概况】 2022年,在县委、县政府的坚强领导下,全县政法各部门坚持稳中求进,全力打造法治青河、平安青河。
"""

NATIONAL_ROUNDUP = """\
2023年,在习近平法治思想的指引下,中国法治建设取得重大成绩。下面通过一组数据回顾一年来的新亮点。
一、关于依法行政
制定修订行政法规25部。
"""

DEMONSTRATION_LIST = """\
关于第二批法治政府建设示范地区和项目名单的公示
经省级初审、第三方评估、实地核查,现将第二批法治政府建设示范地区和项目名单予以公示,公示期5个工作日。
"""

HALF_YEAR_SAMPLE = """\
2025年上半年,*市司法局深入贯彻习近平法治思想,推进法治政府建设。现将上半年工作开展情况、存在问题及下一步工作计划总结如下。
一、工作开展情况
"""


# Look-alike classes seen on pages nobody here wrote (issue 11), written here with invented places.
FIRST_RESPONSIBLE_DUTY = """\
青岭管理区关于履行推进法治建设第一责任人职责情况的报告
2024年,我坚持以习近平法治思想为指导,切实履行法治建设第一责任人职责,推动法治政府建设稳步推进。现将本人2024年履职情况报告如下:
一、履职情况
我认真落实党政主要负责人履行推进法治建设第一责任人职责规定,带头学法。
"""

MEETING_HEARD_REPORT = """\
市政府常务会议听取2023年度法治政府建设工作情况汇报
3月5日下午,市长主持召开市政府常务会议,会议听取了2023年度法治政府建设工作情况汇报。
会议要求,要深入推进依法行政,加快建设法治政府。
"""

CONGRESS_REVIEW_NEWS = """\
市人大常委会审议市政府关于2023年度法治政府建设情况的报告
4月20日,青岭市人大常委会召开第十二次会议,审议市政府关于2023年度法治政府建设情况的报告。
"""

# The congress's opinions on the report it reviewed, addressed to the government with the report's frame.
CONGRESS_REVIEW_OPINIONS = """\
青岭市人大常委会关于市人民政府2023年度法治政府建设情况报告的审议意见
市人民政府：
2024年6月20日，市十七届人大常委会第十九次会议对《市人民政府关于2023年度法治政府建设情况的报告》进行了
审议。常委会组成人员认为，市政府坚持法治政府建设与经济社会发展同部署同推进，全面落实党政主要负责人履行推进
法治建设第一责任人职责。
现将常委会组成人员的审议意见整理如下：
一、进一步压实法治建设责任。市政府要严格落实党政主要负责人履行推进法治建设第一责任人职责，
二、推进严格规范公正文明执法。
"""

# The title names the work, not the report; the body quotes the report's own lead.
CONGRESS_INQUIRY_NEWS = """\
青岭市人大常委会专题审议法治政府建设工作
青岭市人大常委会近日召开会议,审议市政府关于2023年度法治政府建设情况的报告,并开展专题询问。
报告指出,2023年,市政府坚持以习近平法治思想为指导,扎实推进法治政府建设,现将有关情况报告如下。
委员们建议,进一步加强行政复议工作。
"""

COURT_REPORT = """\
青岭市中级人民法院关于2023年度行政审判工作情况的报告
市人大常委会:
现将我院2023年度行政审判工作情况报告如下:
一、主要工作
全年审结一审行政案件320件,推动法治政府建设。
"""

ASSESSMENT_REPORT = """\
青岭市2023年度法治政府建设第三方评估报告
受市司法局委托,课题组对全市法治政府建设情况进行了评估,现将评估情况报告如下:
一、评估总体情况
"""

ENFORCEMENT_REPORT = """\
青岭市市场监督管理局2023年度行政执法工作情况报告
2023年,我局坚持严格规范公正文明执法,全年办理行政处罚案件210件。现将有关情况报告如下:
一、行政执法基本情况
"""

ASSESSMENT_CIRCULAR = """\
各市人民政府,各县(市、区)人民政府,省政府各部门:
2023年,全省各级各部门深入推进依法行政,法治政府建设取得新成效。按照考核办法,省依法行政工作领导小组组织了年度考核。现将考核优秀等次单位通报如下:
一、市政府(5个)
青岭市、河东市。
二、省政府部门(8个)
"""

MASKED_SAMPLE = """\
2023年镇法治政府建设工作总结
2023年以来,镇以A新时代中国特色社会主义思想为指导,深入学习贯彻A总书记全面依法治国新理念,推进我镇法治政府建设。现将我镇法治政府建设工作情况总结如下:
一、法治建设工作开展情况
组织学习A法治思想专题4次。
"""

SINGLE_X_SAMPLE = """\
2021年法治政府建设工作情况报告(乡镇版)
……(开头部分已省略650字)
x镇持续规范行政执法行为,全镇共有x名人员执有行政执法证。现将有关情况报告如下:
二、法治政府建设工作存在的问题
"""

MASKED_TITLE = """\
××镇2023年法治政府建设年度报告
2023年,××镇在县委、县政府的正确领导下,深入推进法治政府建设,现将有关情况报告如下:
一、主要举措和成效
"""

LIBRARY_RECORD = """\
题名:青岭县2023年法治政府建设情况报告
发布机构:青岭县人民政府
主题分类:综合政务
摘要:本报告介绍了青岭县2023年推进法治政府建设的主要举措和成效、存在的不足和原因及2024年工作计划。
"""


@pytest.mark.parametrize("text,kinds", [
    (INFO_DISCLOSURE, {DocumentKind.info_disclosure_report}),
    (INFO_DISCLOSURE_UNTITLED, {DocumentKind.info_disclosure_report}),
    (WORK_PLAN, {DocumentKind.work_plan}),
    (INDICATOR_SYSTEM, {DocumentKind.work_plan}),
    (SHUFA_REPORT, {DocumentKind.speech}),
    (INTERPRETATION, {DocumentKind.interpretation}),
    (NEWS_MEETING, {DocumentKind.news}),
    (NEWS_QUOTING_REPORT, {DocumentKind.news}),
    (NEWS_GRADING_REPORTS, {DocumentKind.news}),
    (TEMPLATE, {DocumentKind.template}),
    (RECRUITMENT, {DocumentKind.notice}),
    (HOLIDAY, {DocumentKind.notice}),
    (CATALOGUE_ROW, {DocumentKind.other, DocumentKind.info_disclosure_report}),
    (GENERAL_SUMMARY, {DocumentKind.other}),
    (SPEECH, {DocumentKind.speech}),
    (YEARBOOK, {DocumentKind.other}),
    (NATIONAL_ROUNDUP, {DocumentKind.news}),
    (DEMONSTRATION_LIST, {DocumentKind.notice}),
    (HALF_YEAR_SAMPLE, {DocumentKind.template, DocumentKind.other}),
    (FIRST_RESPONSIBLE_DUTY, {DocumentKind.speech}),
    (MEETING_HEARD_REPORT, {DocumentKind.news}),
    (CONGRESS_REVIEW_NEWS, {DocumentKind.news}),
    (CONGRESS_INQUIRY_NEWS, {DocumentKind.news}),
    (COURT_REPORT, {DocumentKind.other}),
    (ASSESSMENT_REPORT, {DocumentKind.research}),
    (ENFORCEMENT_REPORT, {DocumentKind.statistics}),
    (ASSESSMENT_CIRCULAR, {DocumentKind.notice}),
    (MASKED_SAMPLE, {DocumentKind.template}),
    (SINGLE_X_SAMPLE, {DocumentKind.template}),
    (MASKED_TITLE, {DocumentKind.template}),
    (LIBRARY_RECORD, {DocumentKind.other, DocumentKind.research}),
    (CONGRESS_REVIEW_OPINIONS, {DocumentKind.news}),
], ids=["info_disclosure", "info_disclosure_untitled", "work_plan", "indicator_system", "shufa_report",
        "interpretation", "news_meeting", "news_quoting_report", "news_grading_reports", "template",
        "recruitment", "holiday", "catalogue_row", "general_summary", "speech", "yearbook",
        "national_roundup", "demonstration_list", "half_year_sample", "first_responsible_duty",
        "meeting_heard_report", "congress_review_news", "congress_inquiry_news", "court_report",
        "assessment_report",
        "enforcement_report", "assessment_circular", "masked_sample", "single_x_sample", "masked_title",
        "library_record", "congress_review_opinions"])
def test_look_alikes_are_not_reports(text: str, kinds: set[DocumentKind]) -> None:
    verdict = classify(page(text))
    assert not verdict.is_report, verdict.reasons
    assert verdict.kind in kinds, (verdict.kind, verdict.reasons)
    assert 0.5 <= verdict.confidence <= 1.0


@pytest.mark.parametrize("mask", ["XX县", "xx县", "某县", "××县", "*县", "____县", "___县"])
def test_a_full_report_with_its_place_masked_where_the_issuer_stands_is_a_template(mask: str) -> None:
    # Every frame signal of a report (title, opening, sections, closing, signature) and the issuer's
    # place a placeholder: a 范文 made from a report, however strong the rest.
    text = TITLED_REPORT.replace("坚强领导下,我局", f"坚强领导下,{mask}交通运输局")
    text = text.replace("清河县", mask)
    verdict = classify(page(text, title=f"{mask}交通运输局2022年度法治政府建设情况报告"))
    assert not verdict.is_report, verdict.reasons
    assert verdict.kind is DocumentKind.template
    assert classify(page(TITLED_REPORT, title="清河县交通运输局2022年度法治政府建设情况报告")).is_report


@pytest.mark.parametrize("blank", ["20__", "20XX", "20xx", "20××", "____"])
def test_a_full_report_with_its_year_left_blank_is_a_template(blank: str) -> None:
    # Title, opening, mandated sections, closing and signature all there: the year placeholder decides.
    text = TITLED_REPORT.replace("2022年", f"{blank}年").replace("2023年", f"{blank}年")
    verdict = classify(page(text, title=f"清河县交通运输局{blank}年度法治政府建设情况报告"))
    assert not verdict.is_report, verdict.reasons
    assert verdict.kind is DocumentKind.template
    # A year written out, or blanks that are not a year's, do not decide it.
    signed = TITLED_REPORT + "签发人:____\n"
    assert classify(page(signed, title="清河县交通运输局2022年度法治政府建设情况报告")).is_report


@pytest.mark.parametrize("mask", ["A", "____", "XXX", "×××", "某某"])
def test_a_full_report_with_the_leader_masked_is_a_template(mask: str) -> None:
    text = TITLED_REPORT.replace("习近平", mask)
    verdict = classify(page(text, title="清河县交通运输局2022年度法治政府建设情况报告"))
    assert not verdict.is_report, verdict.reasons
    assert verdict.kind is DocumentKind.template


@pytest.mark.parametrize("subject", ["优化营商环境", "安全生产", "营商环境法治化"])
def test_a_report_frame_around_another_subject_is_not_the_report(subject: str) -> None:
    # Title, opening, sections and closing of a report, but the rule-of-law topic named nowhere.
    text = (f"2023年,我局深入推进{subject}工作,各项任务全面完成。现将有关情况报告如下:\n一、主要举措和成效\n"
            "(一)加强组织领导。召开专题会议6次。\n二、存在的不足和原因\n基层力量仍较薄弱。\n"
            "三、2024年工作计划\n继续深化改革。\n特此报告。")
    verdict = classify(page(text, title=f"清河县交通运输局2023年{subject}工作情况报告"))
    assert not verdict.is_report, verdict.reasons
    assert "neg:no_subject" in verdict.reasons
    on_topic = text.replace(f"深入推进{subject}工作", "深入推进法治政府建设")
    assert classify(page(on_topic, title="清河县交通运输局2023年法治政府建设工作情况报告")).is_report


@pytest.mark.parametrize("url", [None, "https://www.wenkuzhan.com/gongzuobaogao/1.html"])
def test_a_full_report_naming_no_body_off_the_governments_sites_is_a_template(url: str | None) -> None:
    # A sample-essay site's copy of a report with its issuer taken out (no mask, no blank): no place in
    # the title, the text or the site, no central body.
    anonymous = TITLED_REPORT.replace("清河县", "")
    title = "交通运输局2022年度法治政府建设情况报告"
    analysis = analyze_text(f"{title}\n{anonymous}", url)
    assert not analysis.verdict.is_report, analysis.verdict.reasons
    assert analysis.verdict.kind is DocumentKind.template
    assert analysis.verdict.reasons[0] == "facts:no_named_body"
    # The same text on a government's site is that government's; with its place it names its issuer; a
    # central ministry names no place.
    assert analyze_text(f"{title}\n{anonymous}", "http://www.qinghe.gov.cn/art/2023/2/10/art_1_2.html"
                        ).verdict.is_report
    assert analyze_text(f"清河县{title}\n{TITLED_REPORT}", url).verdict.is_report
    # An excerpt cut before its title names no body either, and is not a sample for that.
    assert analyze_text(anonymous, url).verdict.is_report
    # A hacked copy whose every place name spam replaced is the report, not a sample.
    hacked = TITLED_REPORT.replace("清河县", "bbin体育:").replace("我局", "bbin体育:交通运输局")
    assert analyze_text(f"bbin体育:{title}\n{hacked}", url).verdict.is_report
    ministry = anonymous.replace("我局", "司法部").replace("交通运输局", "司法部")
    assert analyze_text(f"司法部2022年度法治政府建设情况报告\n{ministry}", url).verdict.is_report


@pytest.mark.parametrize("opening", [
    "2023年,全国各级行政机关深入学习贯彻习近平法治思想,法治政府建设迈出新步伐。",
    "2023年,各地区各部门坚持以习近平法治思想为指导,我国法治政府建设取得新成效。",
])
def test_a_page_whose_subject_is_the_nation_does_not_pass_on_a_report_body(opening: str) -> None:
    # A newsroom's roundup quoting one county's report: the nation is the subject, not the county.
    text = (f"{opening}下面,通过一组数据看各地的做法。\n以清河县为例,"
            "2022年,清河县坚持以习近平法治思想为指导,扎实推进法治政府建设,依法行政水平稳步提升。")
    verdict = classify(page(text, title="一组数据看全国法治政府建设新进展"))
    assert not verdict.is_report, verdict.reasons
    assert verdict.kind is DocumentKind.news


def test_title_alone_does_not_decide_against_template_cues() -> None:
    verdict = classify(page(TEMPLATE, title="教育局2023年度法治政府建设报告"))
    assert not verdict.is_report
    assert verdict.source_kind == SourceKind.spam_or_template


def test_topic_words_alone_do_not_make_a_report() -> None:
    # An article that only talks about 法治政府建设 at length, without a report's frame.
    text = "\n".join(["法治政府建设是全面依法治国的重点任务,推进依法行政需要各方共同努力。"] * 12
                     + ["一、依法全面履行政府职能", "二、推进行政决策科学化", "三、严格规范公正文明执法"])
    total, fired = score(page(text))
    assert total <= 0, [signal.name for signal, _ in fired]


def test_confidence_grows_with_evidence() -> None:
    strong = classify(page(TITLED_REPORT, "清河县交通运输局关于2022年度法治政府建设情况的报告"))
    weak = classify(page(YEAR_OPENING_ONLY))
    assert strong.confidence > weak.confidence


# ---- robustness and data --------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", " \n\t", "\x00\x01\x02" * 100, "报告" * 10, "a" * 2_000_000,
                                  "\ufffd" * 5000, "(" * 10000 + "法治政府建设" + ")" * 10000])
def test_never_raises_on_bad_input(text: str) -> None:
    verdict = classify(page(text))
    assert verdict.kind in set(DocumentKind)
    assert 0.0 <= verdict.confidence <= 1.0


def test_huge_page_is_classified_from_its_ends() -> None:
    # ~0.5 MB of text: only the title, the ends and the headings are read, each bounded, so the cost does
    # not grow with the page (bench/speed.py measures it).
    big = page((UNTITLED_REPORT + "\n") * 2000)
    assert classify(big).is_report
    scopes = page_scopes(big)
    assert len(scopes["head"]) <= HEAD_CHARS and len(scopes["tail"]) <= TAIL_CHARS
    assert scopes["headings"].count("\n") < MAX_HEADINGS


def test_normalize_folds_traditional_pinyin_blanks_and_punctuation() -> None:
    assert normalize("現將 建設(shè)情況報告如下：") == "现将建设情况报告如下:"
    assert normalize("显著成效，") == "显著成效,"  # simplified text passes through unchanged


def test_normalize_folds_blanks_and_blank_lines_as_the_class_and_repeat_substitutions_did() -> None:
    # normalize deletes each blank with str.replace and folds blank lines with r"\n\n+" (speed): the same
    # text as the r"[...]+" and r"\n{2,}" substitutions, on every mix of blanks, newlines and text.
    blanks = " \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff"
    rng = random.Random(7)
    alphabet = blanks + "\n\n\n法治a,"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(40))) for _ in range(500)]
    for text in [*texts, "\n\n\u3000\n \n法治\n\n\n\n建设 \t\n", blanks * 3]:
        slow = re.sub(r"\n{2,}", "\n", re.sub(f"[{blanks}]+", "", text)).strip("\n")
        assert normalize(text, traditional=False) == slow, repr(text)


def test_every_signal_has_a_known_kind_and_a_nonzero_weight() -> None:
    names = [signal.name for signal in MODEL.signals]
    assert len(names) == len(set(names))
    for signal in MODEL.signals:
        assert signal.weight != 0
        assert (signal.weight > 0) == (signal.kind == DocumentKind.annual_report), signal.name


def _gate_literals() -> set[str]:
    return {literal for signal in MODEL.signals for gate in signal.gates for literal in gate}


def _seam_scopes() -> dict[str, str]:
    """Scopes with gate literals across the lede's end and on both sides of where head and tail meet."""
    filler = "推进各项工作取得积极进展。" * 80
    head = "现将" + filler[: LEDE_CHARS - 3] + "呈送" + filler[:400] + "报告如下"
    tail = "特此报告" + filler[:200]
    return {"title": "关于2023年度法治政府建设情况的报告", "lede": head[:LEDE_CHARS], "head": head,
            "tail": tail, "all": head + "\n" + tail, "headings": "一、主要举措和成效",
            "listed": "1. 青岭市人民政府关于2023年度法治政府建设情况的报告"}


def test_scope_literals_are_those_each_scope_holds_and_the_ledes_are_the_heads() -> None:
    # The reader takes the lede's from the head it starts and derives all's from the head's and the tail's.
    scopes = _seam_scopes()
    literals = _gate_literals()
    found = scope_literals(scopes)
    for name in ("title", "head", "tail", "all", "headings", "listed"):
        assert found[name] == {literal for literal in literals if literal in scopes[name]}, name
    assert found["lede"] == found["head"] and "呈送" not in scopes["lede"]
    assert "特此" in found["all"] and "特此" not in found["head"]


def _gates_open_as_sets(scopes: dict[str, str]) -> dict[tuple[str, str], bool]:
    """(signal, scope) -> every gate holds a literal the scope holds: the frozenset test the bits replaced."""
    found = scope_literals(scopes)
    return {(signal.name, scope): not any(found[scope].isdisjoint(gate) for gate in signal.gates)
            for signal in MODEL.signals for scope in found}


def _gates_open_as_bits(scopes: dict[str, str]) -> dict[tuple[str, str], bool]:
    # As `score` reads them: the bit of the signal's one gate, in the scope's int.
    bits = scope_gates(scopes)
    return {(signal.name, scope): gate < 0 or bool(bits[scope] >> gate & 1)
            for signal, gate in zip(MODEL.signals, MODEL.signal_gates, strict=True) for scope in bits}


def test_gate_bits_open_a_signal_exactly_where_its_literal_sets_do() -> None:
    scopes = _seam_scopes()
    texts = [TITLED_REPORT, UNTITLED_REPORT, TRADITIONAL_REPORT, SPAM_MIRROR_REPORT, COURT_REPORT,
             ASSESSMENT_REPORT, ASSESSMENT_CIRCULAR, MASKED_SAMPLE, LIBRARY_RECORD]
    pages = [scopes] + [page_scopes(page(text)) for text in texts]
    opened = 0
    for scopes in pages:
        as_sets = _gates_open_as_sets(scopes)
        assert _gates_open_as_bits(scopes) == as_sets
        opened += sum(as_sets.values())
    assert 0 < opened < len(pages) * len(MODEL.signals) * 6     # gates both open and shut here


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="。.Aa \n\u3000法", max_size=20), st.integers(min_value=0, max_value=40))
def test_the_no_sentence_length_look_decides_as_the_character_class_form(text: str, pad: int) -> None:
    # `(?s:.){301}` replaced `[\s\S]{301}` (sre counts any-character repeats by a pointer step): both
    # accept exactly the texts of at most 300 characters without a sentence end.
    (signal,) = [s for s in MODEL.signals if s.name == "neg:no_sentence"]
    plain = re.compile(r"\A(?![\s\S]{301})(?![\s\S]*?(?:。|\.[A-Z]))", re.MULTILINE)
    for filler in ("法" * (280 + pad), "x\n" * (140 + pad // 2), ""):
        for sample in (filler + text, text + filler):
            fast, slow = signal.pattern.search(sample), plain.search(sample)
            assert (fast and fast.span()) == (slow and slow.span()), sample


# ---- the dev corpus -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    if not CORPUS.exists():
        pytest.skip(f"../shared not present: no dev corpus at {CORPUS}")
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_gate_holds_on_the_corpus(corpus: list[dict]) -> None:
    # A gate (a data file's `needs` or a literal set read from the pattern) shuts a signal out of every
    # scope missing its literals: a signal that matches a scope must find each gate open there.
    from streams.analysis import analyze_text

    for item in corpus:
        scopes = page_scopes(analyze_text(item["text"], item.get("url")).page)
        for signal in MODEL.signals:
            text = scopes[signal.scope]
            if text and signal.pattern.search(text):
                for gate in signal.gates:
                    assert any(literal in text for literal in gate), (item["id"], signal.name, sorted(gate))


def test_windowed_signal_searches_find_what_whole_searches_find_on_the_corpus(corpus: list[dict]) -> None:
    # Signals are searched only around the literals their every match holds (speed): on every scope of
    # every corpus page, the same first match and the same count as the pattern on the whole scope.
    from streams.analysis import analyze_text

    windowed = 0
    for item in corpus:
        scopes = page_scopes(analyze_text(item["text"], item.get("url")).page)
        for signal in MODEL.signals:
            text = scopes[signal.scope]
            whole = signal.pattern.search(text)
            found = signal.windowed.search(text)
            assert (whole.span() if whole else None) == (found.span() if found else None), signal.name
            count = sum(1 for _ in signal.pattern.finditer(text))
            assert signal.windowed.count(text, 1000) == count, (item["id"], signal.name)
            windowed += signal.windowed.windows(text) is not None
    assert windowed > 1000      # not vacuous: most of these searches ran in windows


def test_gate_bits_open_a_signal_exactly_where_its_literal_sets_do_on_the_corpus(corpus: list[dict]) -> None:
    from streams.analysis import analyze_text

    for item in corpus:
        scopes = page_scopes(analyze_text(item["text"], item.get("url")).page)
        assert _gates_open_as_bits(scopes) == _gates_open_as_sets(scopes), item["id"]


def test_corpus_precision_and_recall_meet_targets(corpus: list[dict]) -> None:
    from streams.analysis import analyze_text

    tp = fp = fn = 0
    wrong = []
    for item in corpus:
        verdict = analyze_text(item["text"], item.get("url")).verdict
        truth = item["label"] == "report"
        tp += verdict.is_report and truth
        fp += verdict.is_report and not truth
        fn += truth and not verdict.is_report
        if verdict.is_report != truth:
            wrong.append((item["id"], verdict.reasons))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    assert precision >= 0.97, wrong
    assert recall >= 0.95, wrong


def test_a_report_that_tells_it_was_named_a_demonstration_area_is_still_a_report() -> None:
    # "被…命名为…示范市" is a report's boast; the naming itself (拟命名, 命名的决定) is a notice.
    named = "全市被中央依法治国办命名为全国法治政府建设示范市。"
    boast = YEAR_OPENING_ONLY.replace("深化“放管服”改革", named + "深化“放管服”改革")
    assert classify(page(boast)).is_report
    notice = "关于拟命名第三批全国法治政府建设示范地区和项目的公示\n经评估,拟命名青岭市等50个地区为示范地区。"
    assert not classify(page(notice)).is_report


# ---- look-alikes of issue 11's false-positive classes, without their titles -------------------

def test_a_courts_report_to_the_congress_is_not_a_report_even_without_its_title() -> None:
    text = ("——2025年4月20日在青岭市第九届人民代表大会常务委员会第八次会议上\n"
            "主任、各位副主任、秘书长、各位委员:\n"
            "现在,我代表青岭市中级人民法院,向常委会报告2024年度行政审判工作情况,请予审议。\n"
            "2024年,全市法院坚持以习近平法治思想为指导,监督支持行政机关依法行政,助推法治政府建设,"
            "审结一审行政案件812件。现将有关情况报告如下:\n一、依法履行行政审判职责")
    verdict = classify(page(text))
    assert not verdict.is_report
    assert "neg:court_speaker" in verdict.reasons and "neg:court_system" in verdict.reasons


def test_a_government_report_that_mentions_the_courts_stays_a_report() -> None:
    text = TITLED_REPORT.replace("全年专题研究法治工作6次。",
                                 "全年专题研究法治工作6次,支持全县法院依法受理行政案件。")
    assert classify(page(text, title="清河县交通运输局2022年度法治政府建设情况报告")).is_report


def test_the_courts_figures_of_suits_against_the_government_are_the_governments_to_report() -> None:
    # A report's 行政应诉 figures are the courts' (全市各级法院受理以…政府…为被告的…案件): no court
    # speaks here.
    text = ("洛阳市人民政府2023年度法治政府建设情况报告\n"
            "全市各级法院受理以市县两级政府及部门为被告的一审行政诉讼案件1324件,市、县两级行政机关负责人出庭应诉率分别为100%、98.6%。")
    verdict = classify(page(text))
    assert "neg:court_system" not in verdict.reasons and verdict.is_report, verdict.reasons
    # The court system as the speaker's subject still weighs against.
    court = "全市各级法院坚持司法为民,全年共受理各类案件12345件。"
    assert "neg:court_system" in classify(page(court)).reasons


def test_a_third_party_assessment_is_not_the_governments_report() -> None:
    text = ("受青岭市委全面依法治市委员会办公室委托,江南大学法治研究院对青岭市2024年度法治政府建设情况"
            "开展第三方评估。评估设置一级指标8项,采取资料审查、实地核查和问卷调查相结合的方式。现将评估情况报告如下:\n"
            "一、总体情况\n2024年,青岭市法治政府建设评估得分为86.5分,依法行政水平稳步提升。")
    assert_look_alike(text, None, "neg:assessment_frame")


def test_a_record_that_names_a_report_without_a_sentence_of_it_is_not_a_report() -> None:
    title = "青岭县司法局2024年度法治政府建设情况报告"
    assert_look_alike(title + "\n附件:" + title + ".pdf", title, "neg:no_sentence")


def test_a_general_annual_summary_sectioned_by_year_of_work_is_not_a_report() -> None:
    text = ("2024年,青岭县司法局坚持以习近平新时代中国特色社会主义思想为指导,全面贯彻习近平法治思想,"
            "统筹推进法治政府建设和司法行政各项工作,取得新成效。\n一、2024年工作情况\n(一)坚持党建引领。\n"
            "(二)推进依法行政,法治政府建设稳步推进。\n(三)做实人民调解。\n二、2025年工作计划\n(一)加强党的建设。")
    assert_look_alike(text, None, "neg:general_summary_heading")
    report = text.replace("年工作", "年法治政府建设工作")
    assert "neg:general_summary_heading" not in classify(page(report)).reasons


def test_a_report_opening_that_names_another_subject_is_not_a_rule_of_law_report() -> None:
    text = ("2024年,青岭县交通运输局认真落实行政执法“三项制度”,持续规范执法行为,依法行政水平稳步提升。"
            "现将我局2024年度行政执法工作情况报告如下:\n一、主要做法和成效\n(一)加强组织领导。\n"
            "二、存在的问题\n三、下一步工作打算")
    assert_look_alike(text, None, "neg:opening_other_subject")
    for subject in ("法治政府建设和行政执法工作情况", "依法行政和行政执法工作情况"):
        report = text.replace("行政执法工作情况", subject, 1)
        assert "neg:opening_other_subject" not in classify(page(report)).reasons, subject


def test_news_and_commentary_on_a_reports_release_are_not_the_report() -> None:
    quote = "2024年,青岭县司法局坚持以习近平法治思想为指导,全面推进法治政府建设,办理行政复议案件45件"
    news = ("青岭县司法局2024年度法治政府建设情况报告出炉\n2025年3月28日,记者从青岭县司法局获悉,"
            "《青岭县司法局2024年度法治政府建设情况报告》日前已向社会公开。据介绍," + quote + "。")
    assert_look_alike(news, None, "neg:news_reporter")
    commentary = ("——读《青岭县司法局2024年度法治政府建设情况报告》\n"
                  "翻开新近公布的年度报告,一组组数据映入眼帘:"
                  + quote + "。\n法治政府建设没有完成时,只有进行时。(作者系本报评论员)")
    assert_look_alike(commentary, None, "neg:commentary")


def test_a_news_sites_republication_lead_then_the_full_text_is_the_report() -> None:
    text = ("新华网3月29日电 据青岭市人民政府网站消息,青岭市发布2024年法治政府建设年度报告。具体内容如下:\n"
            "一、加强党对法治政府建设的领导\n(一)健全法治建设推进机制。市政府常务会议专题研究法治工作6次。")
    verdict = classify(page(text))
    assert verdict.is_report and "body:republication_lead" in verdict.reasons
    quoted = text.replace("具体内容如下:", "报告显示,全年审查规范性文件12件。")
    assert "body:republication_lead" not in classify(page(quoted)).reasons


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Law-based government ", "the ", "法治政府建设", "2023年,", "ab ", "。",
                                 "\n", "x", "Report on ", "依法行政"]), max_size=60).map("".join))
def test_the_latin_check_skipped_on_heads_with_few_ascii_characters_decides_as_the_findall(text: str) -> None:
    # page_scopes counts Latin runs only where the sample has enough ASCII characters (speed): the same
    # decision as counting them always.
    scopes = page_scopes(page(text))
    letters = sum(map(len, re.findall(r"[A-Za-z]{3,}", scopes["head"][:LATIN_SAMPLE_CHARS])))
    assert bool(scopes["latin"]) == (letters >= LATIN_MIN_LETTERS)


def test_a_decisive_signal_must_weigh_against(tmp_path: Path) -> None:
    from streams.analysis.classify import _load

    data = tmp_path / "classify.yaml"
    data.write_text("bias: -3.0\nscale: 0.5\nsupport_cap_without_frame: 2.5\nsignals:\n"
                    "  - {name: 'neg:x', kind: template, scope: all, weight: 4.0, decisive: true,"
                    " pattern: 'x'}\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match="decisive signal must weigh against"):
        _load(data)
    data.write_text(data.read_text(encoding="utf-8").replace("weight: 4.0", "weight: -4.0"), encoding="utf-8")
    assert _load(data).signals[0].decisive


@pytest.mark.parametrize("fields,message", [("weight: 4.0", "absent signal weighs against"),
                                            ("weight: -4.0, max: 2", "absent signal weighs against")])
def test_an_absent_signal_weighs_against_once(tmp_path: Path, fields: str, message: str) -> None:
    from streams.analysis.classify import _load

    data = tmp_path / "classify.yaml"
    data.write_text("bias: -3.0\nscale: 0.5\nsupport_cap_without_frame: 2.5\nsignals:\n"
                    f"  - {{name: 'neg:x', kind: other, scope: all, {fields}, absent: true, needs: ['x'],"
                    " pattern: 'x'}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        _load(data)
    data.write_text(data.read_text(encoding="utf-8").replace(fields, "weight: -4.0"), encoding="utf-8")
    assert _load(data).signals[0].absent


def test_an_absent_signal_fires_where_its_pattern_and_gate_are_both_missing() -> None:
    # The gate shut (no 法治/依法/law literal) and the gate open but no match both fire; a match does not.
    def fired(text: str) -> bool:
        return "neg:no_subject" in [signal.name for signal, _ in score(page(text))[1]]

    assert fired("2023年,我局推进安全生产工作。")
    assert fired("2023年,我局推进依法纳税宣传工作。")
    assert not fired("2023年,我局推进依法行政工作。")
    assert not fired("In 2023, the bureau advanced the building of a law-based government.")


# The annual report's frame (a year's opening, 成效 and 不足 headings) under whatever title a test gives.
FRAMED_BODY = ("2023年,清河县坚持以习近平法治思想为指导,全面推进法治政府建设,各项工作取得新成效。\n"
               "一、主要举措和成效\n全年办理行政复议案件45件,重大行政决策合法性审查率100%。\n二、存在的不足\n"
               "执法力量薄弱。")


@pytest.mark.parametrize("title", ["清河县法治政府建设示范创建自评报告",
                                   "清河县2023年度法治政府建设示范创建工作总结",
                                   "清河县创建全省法治政府建设示范县工作情况汇报",
                                   "清河县2023年法治政府建设督察反馈问题整改情况报告",
                                   "清河县申报第三批全国法治政府建设示范地区(综合)材料",
                                   "法治政府建设示范项目申报材料公示：“一网通办”法治保障项目",
                                   "清河县卫生健康局2023年度“谁执法谁普法”普法责任制落实情况报告",
                                   "清河县2023年度法治政府建设年度报告分析报告"])
def test_a_report_on_one_program_of_the_work_is_not_the_annual_report(title: str) -> None:
    verdict = classify(page(FRAMED_BODY, title=title))
    assert not verdict.is_report, verdict.reasons
    # The same page under the annual report's title is one.
    assert classify(page(FRAMED_BODY, title="清河县2023年度法治政府建设情况报告")).is_report


@pytest.mark.parametrize("title", ["清河县法治政府建设指标体系（2024年版）.docx",
                                   "清河县法治政府建设实施方案（征求意见稿）",
                                   "清河县2024年法治政府建设工作要点.pdf"])
def test_a_plan_titled_with_its_edition_or_file_type_is_still_a_plan(title: str) -> None:
    verdict = classify(page(FRAMED_BODY, title=title))
    assert (verdict.is_report, verdict.kind) == (False, DocumentKind.work_plan), verdict.reasons


def test_the_annual_report_may_say_it_covers_the_rectification_too() -> None:
    text = TITLED_REPORT.replace("现将我局2022年度法治政府建设工作情况报告如下",
                                 "现将我局2022年度法治政府建设情况及督察整改情况报告如下")
    assert classify(page(text, title="清河县交通运输局2022年度法治政府建设情况报告")).is_report


def test_a_rectification_heading_in_the_annual_report_is_no_program_title() -> None:
    text = TITLED_REPORT.replace("二、存在的不足和原因",
                                 "二、督察反馈问题整改情况\n已全部完成整改。\n三、存在的不足和原因")
    assert classify(page(text, title="清河县交通运输局2022年度法治政府建设情况报告")).is_report


# A portal's chrome can take most of an excerpt: its title and a clause of the body are left.
_CHROME = ("首页 | 走进清河 | 政务公开 | 政务服务 | 互动交流\n您当前的位置：首页 > 政务公开 > 法治政府建设\n"
           "索引号：000014349/2024-00123 信息分类：法治政府建设\n"
           "发布机构：清河县人民政府 生成日期：2024-03-26\n清河县2023年法治政府建设年度报告\n")


@pytest.mark.parametrize("opening", [
    "2023年，在市委、市政府和县委的坚强领导下，县政府坚持以习近平法治思想为指导，全面贯彻",
    "2022年是党的二十大召开之年，是实施“十四五”规划承上启下的关键之年，县政府",
])
def test_a_title_and_a_clause_of_the_body_cut_short_is_a_report(opening: str) -> None:
    url = "http://www.qinghe.gov.cn/zwgk/fzzfjs/202403/t20240326_1.html"
    assert analyze_text(_CHROME + opening, url).record("t").is_report


def test_a_record_with_the_title_and_no_body_is_not() -> None:
    # The disclosure catalogue's row: the report's title and metadata, its text only behind a link.
    url = "http://www.qinghe.gov.cn/zwgk/fzzfjs/202403/t20240326_1.html"
    assert not analyze_text(_CHROME + "附件：清河县2023年法治政府建设年度报告.pdf", url).record("t").is_report


def test_a_report_on_the_chiefs_duty_is_not_the_bodys_report_whatever_its_frame() -> None:
    body = ("2023年,局党组书记、局长认真贯彻落实《党政主要负责人履行推进法治建设第一责任人职责规定》,"
            "切实履行推进法治建设第一责任人职责,现将有关情况报告如下:\n一、履行第一责任人职责情况\n"
            "(一)带头学习习近平法治思想。"
            "主持局党组会议专题学法7次。\n二、存在的问题\n三、下一步工作打算")
    duty = "青岭市交通运输局2023年度党政主要负责人履行推进法治建设第一责任人职责情况报告"
    assert_look_alike(body, duty, "neg:title_first_responsible_duty")
    # A title naming the annual report as well is the annual report.
    both = "青岭市交通运输局关于2023年度法治政府建设情况和主要负责人履行推进法治建设第一责任人职责情况的报告"
    assert "neg:title_first_responsible_duty" not in classify(page(body, title=both)).reasons


def test_a_notice_listing_the_reports_it_publishes_is_no_report() -> None:
    text = ("关于公开2023年度法治政府建设情况报告的公告\n"
            "根据《法治政府建设与责任落实督察工作规定》要求,现将市政府、各区政府和市政府部门"
            "2023年度法治政府建设情况报告予以公开。\n"
            "1. 青岭市人民政府关于2023年度法治政府建设情况的报告\n"
            "2. 秀水区2023年度法治政府建设情况报告\n3. 青岭市教育局2023年度法治政府建设情况报告\n"
            "4. 青岭市住房和城乡建设局2023年度法治政府建设情况报告")
    assert_look_alike(text, None, "neg:list_of_reports")
    assert page_scopes(page(text))["headings"] == ""  # the listed titles are no section headings


def test_a_collection_listing_report_titles_one_a_line_unnumbered_is_no_report() -> None:
    # An aggregator's 专题 page: its first listed title became the page's title.
    titles = ["青岭省2025年法治政府建设年度报告", "青岭省司法厅2025年度法治政府建设情况报告",
              "青岭市2025年法治政府建设年度报告", "秀水区人民政府关于2025年度法治政府建设情况的报告"]
    collection = "\n".join([*titles[1:], "说明：本专题内容转载自各级政府门户网站。"])
    assert_look_alike(collection, titles[0], "neg:list_of_reports")
    # A report repeating its title and naming one attached report lists nothing.
    body = ("青岭市2025年法治政府建设年度报告\n2025年,我市坚持以习近平法治思想为指导,全面推进法治政府建设。"
            "现将有关情况报告如下:\n一、主要举措和成效\n制定规范性文件4件。\n"
            "附件:青岭市2025年度行政执法工作情况报告")
    verdict = classify(page(body, title="青岭市2025年法治政府建设年度报告"))
    assert verdict.is_report and "neg:list_of_reports" not in verdict.reasons
    # Nor does one giving its own title three ways (an info table's 名称, the document number's line).
    own = "青岭省卫生健康委关于2025年度法治政府建设情况的报告"
    body = ("青岭卫〔2026〕3号《青岭省卫生健康委关于2025年度法治政府建设情况的报告》\n"
            "青岭省卫生健康委2025年度法治政府建设情况报告\n" + body.partition("\n")[2])
    assert page_scopes(page(body, title=own))["listed"] == ""


def test_a_departments_report_on_its_own_field_is_no_notice_on_that_field() -> None:
    # An environment bureau's report speaks of 环评 as a water bureau's does of 防汛: its work, not a notice.
    text = ("青岭市生态环境局2023年度法治政府建设工作报告\n"
            "2023年,市生态环境局坚持以习近平法治思想为指导,推进生态环境领域依法行政。\n"
            "一、加强生态环境法规制度建设\n制定局规范性文件4件。\n二、深化放管服改革\n"
            "精简环评审批事项,将部分建设项目环评审批权限下放至各区,全年审批建设项目环评文件")
    assert classify(page(text)).is_report
    notice = ("青岭市生态环境局关于青岭化工项目环境影响评价文件受理情况的公示\n"
              "根据《环境影响评价法》,现将青岭化工项目环评文件受理情况予以公示,"
              "公示期为2024年3月1日至3月7日。\n联系电话:0571-12345678")
    assert not classify(page(notice)).is_report


@pytest.mark.parametrize("title", ["青岭师范大学2023年度法治工作报告",
                                   "青岭市第一人民医院2023年依法治院工作总结",
                                   "青岭交通投资集团有限公司2023年度法治建设工作报告",
                                   "青岭路社区2023年法治建设工作总结", "东山村2023年度法治建设工作报告"])
def test_a_school_hospital_company_or_communitys_rule_of_law_report_is_no_governments(title: str) -> None:
    body = ("2023年,我单位坚持以习近平法治思想为指导,深入推进法治建设。现将有关情况报告如下:\n"
            "一、主要举措和成效\n二、存在的问题和不足\n三、2024年工作打算")
    assert not classify(page(body, title=title)).is_report
    # A place named after a school is a place (学院路街道, 大学城街道).
    street = title.replace(title[:title.index("20")], "学院路街道")
    assert "neg:title_non_government_body" not in classify(page(body, title=street)).reasons


@pytest.mark.parametrize("title", ["中共青岭市委全面依法治市委员会2023年工作报告",
                                   "中共青岭县委全面依法治县委员会办公室2023年工作总结",
                                   "中共青岭县委全面依法治县委员会关于2025年度工作情况的报告"])
def test_a_rule_of_law_committees_report_on_its_own_year_is_no_governments(title: str) -> None:
    body = ("2023年,市委全面依法治市委员会在市委的坚强领导下,认真贯彻落实习近平法治思想,召开委员会会议2次。\n"
            "一、委员会工作开展情况\n(一)强化统筹协调。\n(二)组织开展法治督察。开展法治政府建设专项督察2轮。")
    assert not classify(page(body, title=title)).is_report


def test_a_rule_of_law_committees_report_naming_the_topic_is_a_party_bodys_report() -> None:
    # The corpus counts a party body's 法治建设工作情况报告 on its year; not the committee's own-work report.
    title = "中共青岭市委全面依法治市委员会办公室关于2022年度法治建设工作情况的报告"
    body = ("2022年,在市委的坚强领导下,市委依法治市办坚持以习近平法治思想为指导,统筹推进法治青岭建设。"
            "现将有关情况报告如下:\n一、主要工作及成效\n二、存在的问题\n三、2023年工作打算")
    assert "neg:title_rule_of_law_committee" not in classify(page(body, title=title)).reasons


def test_a_courts_rule_of_law_report_and_news_of_an_honour_are_no_governments_report() -> None:
    body = ("2023年,我院坚持以习近平法治思想为指导,深入推进法治建设。现将有关情况报告如下:\n"
            "一、主要举措和成效\n二、存在的问题和不足\n三、2024年工作打算")
    court = "青岭县人民法院关于2023年度法治建设工作情况的报告"
    assert not classify(page(body, title=court)).is_report
    honour = "我市在全省2023年度法治政府建设考核中获评优秀等次"
    news = ("近日,省委依法治省办通报2023年度法治政府建设考核结果,我市被评为优秀等次。\n2023年,我市坚持以"
            "习近平法治思想为指导,以创建全国法治政府建设示范市为抓手,法治政府建设指数位居全省前列。")
    verdict = classify(page(news, title=honour))
    assert not verdict.is_report and verdict.kind is DocumentKind.news


def test_news_of_the_reports_publication_and_a_sites_search_results_are_no_report() -> None:
    news = ("记者从市司法局获悉,截至3月31日,我市市政府及43个市级部门均已公开2023年度法治政府建设年度报告。\n"
            "2023年,我市坚持以习近平法治思想为指导,法治政府建设取得新成效。")
    title = "我市2023年度法治政府建设年度报告全部按时公开"
    assert not classify(page(news, title=title)).is_report
    results = "\n".join([
        "……2023年,我市坚持以习近平法治思想为指导,深入贯彻落实法治政府建设决策部署……",
        "https://www.qingling.gov.cn/zwgk/fzzfjs/content/post_1783245.html 2024-03-28",
        "青岭市司法局2023年度法治政府建设年度报告",
        "……市司法局在市委、市政府的坚强领导下,认真履行法治政府建设统筹协调职责……",
        "https://www.qingling.gov.cn/sfj/content/post_1782916.html 2024-03-20"])
    assert_look_alike(results, "青岭市2023年度法治政府建设情况报告", "neg:result_links")


def test_news_that_a_government_published_its_report_is_news() -> None:
    news = ("3月31日,青岭省人民政府门户网站公布《青岭省人民政府关于2022年度法治政府建设情况的报告》。"
            "记者梳理发现,2022年我省在推进依法行政方面取得新进展。\n《报告》显示,2022年全省各级行政复议机关"
            "共收到行政复议申请7238件。")
    assert not classify(page(news, title="青岭公布2022年度法治政府建设情况报告")).is_report
    assert not classify(page(news, title="我省公开2022年度法治政府建设情况报告")).is_report
    # A copy's headline announcing the report it carries stays a report's (权威发布｜…).
    assert "neg:title_news_headline" not in classify(
        page(news, title="权威发布｜青岭区2023年度法治政府建设情况报告")).reasons


def test_a_congress_report_and_the_handling_of_its_review_opinions_are_no_government_report() -> None:
    body = ("2025年，区人大常委会党组坚持以习近平法治思想为指导，依法行使监督职权，推进法治政府建设。"
            "现将有关情况报告如下：\n一、坚持党的领导\n二、依法开展监督，推动法治政府建设\n三、存在的不足\n")
    congress = classify(page(body, title="金台区人大常委会关于2025年度法治建设工作情况的报告"))
    assert not congress.is_report and "neg:title_congress_report" in congress.reasons
    # Its inspection group speaking for it on the government's year.
    inspected = classify(page(body, title="青岭县人大常委会执法检查组关于检查县人民政府2025年度法治政府建设"
                                          "工作情况的报告"))
    assert not inspected.is_report and "neg:title_congress_report" in inspected.reasons
    handled = classify(page(body, title="青岭市人民政府关于市人大常委会对2024年度法治政府建设情况报告审议意见"
                                        "研究处理情况的报告"))
    assert not handled.is_report and "neg:title_review_opinions_handled" in handled.reasons
    # A government's report to its congress is the year's report.
    to_congress = "青岭区人民政府向区人大常委会关于2025年度法治政府建设情况的报告"
    assert "neg:title_congress_report" not in classify(page(body, title=to_congress)).reasons


def test_a_legal_affairs_programs_year_summary_is_no_years_report() -> None:
    body = ("2025年，市司法局认真履行合法性审查职责，坚持以习近平法治思想为指导，为市政府依法行政提供"
            "有力支撑。现将全年工作总结如下：\n一、工作完成情况\n全年共办理各类合法性审查事项526件。\n二、主要做法\n"
            "三、存在的问题\n四、下一步工作打算")
    for program in ("合法性审查", "法律援助", "公共法律服务", "备案审查"):
        verdict = classify(page(body, title=f"青岭市司法局2025年度{program}工作总结"))
        assert not verdict.is_report and "neg:title_enforcement_or_legal_education" in verdict.reasons
    assert classify(page(body, title="青岭市司法局2025年度法治政府建设工作总结")).is_report


def test_a_columns_dated_items_are_a_list_of_reports() -> None:
    first = "中共青岭县辛店镇委员会 青岭县辛店镇人民政府关于2025年度法治建设工作情况的报告"
    column = ("当前位置：首页 > 政务公开 > 法治政府建设\n法治政府建设\n" + first + " [2026-04-14]\n"
              "青岭县洮阳镇2025年法治政府建设年度报告 [2026-04-11]\n"
              "青岭县2025年法治政府建设年度报告 [2026-04-07]\n"
              "青岭县市场监督管理局2025年法治政府建设年度报告 [2026-04-02]\n共 132 条记录 页次 1/14")
    assert_look_alike(column, first, "neg:list_of_reports")


def test_a_five_year_summary_is_no_years_report() -> None:
    body = ("按照统一部署，现将我省贯彻落实情况总结报告如下：\n一、纲要实施总体情况\n2021年以来，省委、省政府"
            "把法治政府建设摆在全局工作的重要位置，行政复议案件年均增长15%。\n二、主要成效\n三、存在的问题\n"
            "四、下一步工作打算")
    for title in ("青岭省贯彻落实《法治政府建设实施纲要（2021—2025年）》情况总结报告",
                  "青岭市“十四五”时期法治政府建设工作总结",
                  "青岭市法治政府建设实施纲要（2021－2025年）落实情况总结",   # a full-width dash
                  "青岭镇法治政府建设五年工作总结"):
        assert_look_alike(body, title, "neg:title_period_summary")
    # A year's report citing the plan, and a report on two years running, are reports.
    for title in ("青岭省落实《法治政府建设实施纲要（2021—2025年）》2025年度情况的报告",
                  "青岭县2021—2022年法治政府建设工作情况报告",
                  "青岭县2025年法治政府建设年度报告暨五年工作总结"):
        assert "neg:title_period_summary" not in classify(page(body, title=title)).reasons


def test_a_page_titled_as_a_plan_is_a_plan_whatever_report_frame_its_body_has() -> None:
    body = ("2026年，青岭街道法治建设工作将紧紧围绕市委、市政府决策部署，统筹推进依法行政。"
            "现制定工作要点如下：\n一、强化组织保障\n"
            "1.街道党政主要负责人切实履行推进法治建设第一责任人职责，年底前完成述法。\n"
            "2.做好2025年度法治政府建设年度报告的编制和公开工作。\n二、推进基层依法行政\n3.健全合法性审查机制。")
    assert_look_alike(body, "青岭街道2026年法治建设工作要点", "neg:page_title_work_plan")
    # A scoring table for the year's assessment: its rows are the report's sections and duties.
    scoring = ("考核项目\n考核内容\n分值\n评分标准\n一、加强党对法治政府建设的领导（10分）\n"
               "1.党政主要负责人履行推进法治建设第一责任人职责\n4\n未按规定开展年终述法的扣1分\n"
               "2.法治政府建设年度报告\n3\n未在3月31日前公开年度报告的扣2分\n二、依法全面履行政府职能（15分）")
    assert_look_alike(scoring, "青岭市2025年度法治政府建设考核评分细则", "neg:page_title_work_plan")
    # A plan named by a related link under a report's title decides nothing.
    text = ("2025年，青岭区坚持以习近平法治思想为指导，现将有关情况报告如下：\n一、主要举措和成效\n"
            "全年办理复议案件312件。")
    titles = "青岭区人民政府2025年法治政府建设年度报告\n· 青岭区2026年法治政府建设工作要点"
    assert "neg:page_title_work_plan" not in classify(page(text, title=titles)).reasons


_OWN_REPORT_BODY = ("2025年，在市委、市政府坚强领导下，全市深入学习贯彻习近平法治思想，"
                    "法治政府建设取得新成效。现将有关情况报告如下：\n一、主要举措和成效\n（一）完善依法决策机制。审查规范性文件287件。\n"
                    "二、存在的不足和原因\n三、2026年工作安排")


@pytest.mark.parametrize("pointer", ["相关解读：一图读懂《青岭市2025年法治政府建设年度报告》",
                                     "政策解读：《青岭市2025年法治政府建设年度报告》政策解读"])
def test_a_report_pointing_to_its_own_interpretation_is_still_the_report(pointer: str) -> None:
    title = "青岭市2025年法治政府建设年度报告"
    verdict = classify(page(f"{title}\n{pointer}\n{_OWN_REPORT_BODY}", title=title))
    assert verdict.is_report, verdict.reasons
    # The interpretation itself, titled so, is no report.
    assert not classify(page(f"{pointer}\n一、编制依据\n二、主要内容", title=pointer)).is_report


@pytest.mark.parametrize("title", ["视频｜一分钟看懂青岭区2025年法治政府建设年度报告",
                                   "视频：三分钟带你读懂青岭市2025年法治政府建设年度报告",
                                   "【视频】青岭市2025年法治政府建设年度报告"])
def test_a_video_posted_beside_a_report_is_no_report(title: str) -> None:
    text = (f"{title}\n[视频] 时长 01:08\n一分钟，带你速览2025年青岭法治政府建设“成绩单”：规范涉企行政检查、"
            "推进镇街综合行政执法……更多内容请查看报告全文。\n相关链接：青岭区2025年法治政府建设年度报告（全文）")
    assert_look_alike(text, title, "neg:title_video")


def test_a_page_holding_only_its_attachments_file_name_is_no_report() -> None:
    title = "青岭市自然资源局2025年度法治政府建设情况报告"
    shell = f"{title}\n{title}.pdf\n（附件共9页，如无法正常浏览请下载后查看）"
    assert not classify(page(shell, title=title)).is_report
    # With the text after the file's name, it is the report, an excerpt's cut before its first full stop too.
    assert classify(page(f"{shell}\n{_OWN_REPORT_BODY}", title=title)).is_report
    cut = ("2025年，我局在市委、市政府的坚强领导下，坚持以习近平法治思想为指导，全面推进法治政府建设，"
           "全年审查规范性文件12件，办理行政复议案件8件，")
    document_site = f"{title}\n{title}.docx\n页数：9　格式：DOCX\n{title}\n{cut}"
    assert classify(page(document_site, title=title)).is_report


@pytest.mark.parametrize("contents", [
    "目 录\n一、2025年度推进法治政府建设的主要举措和成效 …………………… 1\n（一）健全制度体系 ………… 2\n"
    "二、存在的不足和原因 ……………………………………… 9\n三、党政主要负责人履行推进法治建设第一责任人职责情况 … 10\n"
    "四、2026年度推进法治政府建设的主要安排 ……………… 11",
    "本报告共分为以下章节，请点击标题阅读：\n目录\n前言\n第一章 2025年法治政府建设主要举措和成效\n"
    "第二章 存在的不足和原因\n"
    "第三章 党政主要负责人履行推进法治建设第一责任人职责情况\n第四章 2026年法治政府建设工作安排",
])
def test_a_reports_table_of_contents_alone_is_no_report(contents: str) -> None:
    title = "青岭省生态环境厅2025年度法治政府建设工作报告"
    assert not classify(page(f"{title}\n{contents}", title=title)).is_report
    # The contents before the text: the text's headings count, the contents' entries do not.
    assert classify(page(f"{title}\n{contents}\n{_OWN_REPORT_BODY}", title=title)).is_report


def test_an_apps_list_of_reports_is_no_report() -> None:
    # The app's banner and footer are chrome, the list rows are a column's: nothing of a report is left.
    text = ("渝快办\n重庆市政务服务 · 打开APP\n法治政府建设年度报告\n全部 | 市级部门 | 区县\n"
            "· 重庆市青岭区人民政府关于2025年度法治政府建设情况的报告　2026-03-29\n"
            "· 重庆市生态环境局2025年度法治政府建设工作报告　2026-03-28\n上拉加载更多\n"
            "打开渝快办APP，查看全部内容")
    assert not analyze_text(text, "https://zwykb.cq.gov.cn/h5/share/column/list?columnId=1").record("t").is_report


def test_an_inspections_feedback_is_no_report_whatever_sections_it_quotes() -> None:
    title = "省委依法治省办法治政府建设督察组关于青岭市法治政府建设督察情况的反馈意见"
    text = (f"{title}\n根据统一部署，督察组对青岭市法治政府建设情况进行了督察。现将督察情况反馈如下：\n"
            "一、总体评价\n青岭市委、市政府深入学习贯彻习近平法治思想，法治政府建设取得积极成效。\n"
            "二、存在的主要问题\n（一）法治建设第一责任人职责落实存在薄弱环节。\n三、整改意见")
    assert_look_alike(text, title, "neg:title_inspection_feedback")


def test_news_of_the_years_progress_so_far_is_no_report() -> None:
    text = ("今年以来，区司法局坚持以习近平法治思想为引领，聚焦法治政"
            "府建设“提质增效”，多措并举推动依法行政工作走深走实。\n"
            "强化源头把关。今年以来共审查区政府规范性文件、合同协议等156件。\n"
            "深化复议为民。1—10月共受理行政复议申请93件，调解和解率达41%。")
    assert_look_alike(text, None, "neg:year_to_date")


def test_one_persons_duty_report_for_a_year_is_a_speech() -> None:
    text = ("各位领导、同志们：\n根据区委全面依法治区委员会安排，现将"
            "我2025年度履行推进法治建设第一责任人职责情况报告如下，"
            "请予评议。\n一、坚持学法用法\n全年主持区政府常务会议会前学法10次。\n二、存在的不足\n三、下一步打算")
    assert not classify(page(text)).is_report


@pytest.mark.parametrize("title", [
    "中共青岭区委 青岭区人民政府关于2025年度平安建设工作情况的报告",   # another subject in a report's frame
    "青岭区2025年度依法治理工作情况报告",                               # 普法依法治理, not 依法治区
])
def test_a_report_on_another_subject_in_the_same_frame_is_a_look_alike(title: str) -> None:
    body = ("2025年，青岭区坚持以习近平新时代中国特色社会主义思想为指导，深入推进平安青岭、法治青岭建设。"
            "现将有关情况报告如下：\n一、主要工作及成效\n（一）强化组织领导，压实平安建设责任。区委常委会会议"
            "专题研究平安建设工作9次，区委书记、区长履行平安建设第一责任人职责。\n"
            "（二）防范化解重大风险。排查各类矛盾纠纷6318件。\n二、存在的问题")
    assert_look_alike(body, title, "neg:title_general_summary")


def test_a_report_on_governing_the_district_by_law_is_no_look_alike() -> None:
    body = ("2025年，青岭区坚持以习近平法治思想为指导，全面推进依法治区。现将有关情况报告如下：\n"
            "一、主要举措和成效\n二、存在的不足\n三、下一步工作安排")
    verdict = classify(page(body, title="青岭区2025年度依法治区工作情况报告"))
    assert verdict.is_report and "neg:title_general_summary" not in verdict.reasons


def test_a_result_page_of_titles_and_cut_snippets_is_a_look_alike() -> None:
    results = ("青岭市2025年法治政府建设年度报告\n"
               "2025年，全市上下坚持以习近平法治思想为指导，深入贯彻落实法治政府建设的决策部署……\n"
               "青岭市应急管理局2025年度法治政府建设年度报告\n"
               "一、主要举措和成效（一）强化党对法治建设的领导，局党委全年研究法治工作……\n"
               "青岭市青山区2025年法治政府建设年度报告\n……全区新收行政复议案件186件，出庭应诉率100%……\n"
               "青岭市2024年法治政府建设年度报告\n2024年，青岭市坚持以习近平新时代中国特色社会主义思想为指导……")
    assert_look_alike(results, "青岭市2025年法治政府建设年度报告", "neg:result_snippets")


def test_a_quiz_on_the_rules_is_a_look_alike() -> None:
    quiz = ("为深入学习宣传习近平法治思想，推出法治政府建设知识有奖答题活动，答对8题及以上即可参与抽奖。\n"
            "1.县级以上地方各级政府每年第一季度要报告上一年度法治政府建设情况，公开时间一般不晚于（  ）。\n"
            "A.3月1日  B.4月1日  C.6月30日\n2.推进法治建设第一责任人是（  ）。\n"
            "A.党政主要负责人  B.分管负责人")
    assert_look_alike(quiz, "有奖答题｜法治政府建设知识十问，等你来挑战！", "neg:title_quiz")


def test_the_legal_advisers_report_on_their_year_is_a_look_alike() -> None:
    advisers = ("2025年，区人民政府法律顾问团在区政府领导下，依法履行法律顾问职责，为区政府依法决策、"
                "依法行政提供法律支持。现将全年工作情况报告如下：\n一、基本情况\n"
                "全年参与区政府重大行政决策论证12件，审查合同157份。\n二、主要工作\n三、存在问题")
    assert_look_alike(advisers, "青岭区人民政府法律顾问2025年度工作报告", "neg:title_legal_advisers")


@pytest.mark.parametrize("title", ["青岭区司法局2025年度工作总结",
                                   "青岭区司法局2025年工作总结和2026年工作思路"])
def test_a_bodys_summary_of_its_whole_year_is_a_look_alike(title: str) -> None:
    summary = ("2025年，区司法局在区委、区政府的坚强领导下，统筹推进依法治区、法治政府建设、普法宣传、"
               "人民调解、社区矫正等工作。现将有关情况总结如下：\n一、2025年工作开展情况\n"
               "（一）统筹推进依法治区工作。\n（二）推进法治政府建设。审查规范性文件231件。\n"
               "（三）化解矛盾纠纷。\n二、存在的问题\n三、2026年工作思路")
    assert_look_alike(summary, title, "neg:summary_of_other_work")
    # A rule-of-law summary of the older title form stays a report's.
    report = classify(page(summary, title="青岭区2025年法治政府建设工作总结"))
    assert "neg:summary_of_other_work" not in report.reasons
