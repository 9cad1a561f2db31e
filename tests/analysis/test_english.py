"""Machine translations of a report into English: recognized, and the government named in Chinese."""

from __future__ import annotations

import datetime
import itertools

import pytest

from schemas import Level
from streams.analysis import analyze_text
from streams.analysis.indicators import find_indicators

TRANSLATED_REPORT = """\
Report of the Guangzhou Municipal People's Government on the Construction of a Law-based Government in 2023
In 2023, under the strong leadership of the municipal party committee, the Guangzhou Municipal People's \
Government adhered to Xi Jinping Thought on the Rule of Law and promoted the construction of a law-based \
government. The relevant situation is reported as follows:
I. Main measures and results
(1) Strengthening leadership. The main responsible persons performed their duties as the first responsible \
persons for promoting the construction of the rule of law.
II. Shortcomings and reasons
III. Work plan for 2024
"""

PROVINCE_REPORT = """\
Report of the People's Government of Hunan Province on the Construction of a Law-based Government in 2024
In 2024, the provincial government promoted the rule of law. The situation is reported as follows:
I. Main measures and results
"""

NEWS = """\
Guangzhou releases rule of law report
GUANGZHOU, March 29 (Xinhua) -- The city government released its 2023 report on building a law-based \
government on Friday. The report shows that administrative reconsideration cases rose.
"""


def test_translated_report_is_a_report_of_the_named_government() -> None:
    record = analyze_text(TRANSLATED_REPORT).record("t")
    assert record.is_report, record.reasons
    assert (record.issuer, record.province, record.report_year) == ("广州市人民政府", "广东省", 2023)
    assert record.level is Level.prefecture


def test_province_named_after_the_government() -> None:
    record = analyze_text(PROVINCE_REPORT).record("t")
    assert record.is_report
    assert (record.issuer, record.level, record.report_year) == ("湖南省人民政府", Level.province, 2024)


def test_english_news_about_a_report_is_not_one() -> None:
    record = analyze_text(NEWS).record("t")
    assert not record.is_report
    assert record.kind == "news"


ENGLISH_BODIES = [
    "Qinghe County Emergency Management Bureau", "Hangzhou Municipal Bureau of Justice",
    "People's Government of Zhejiang Province", "Xingtai Municipal People's Government",
]
ENGLISH_TITLES = [
    "Report of the {body} on the Construction of a Law-based Government in 2023",
    "2023 Annual Report on the Construction of the Rule of Law Government of {body}",
    "{body} Report on the Work of Building a Law-Based Government in 2023",
]


@pytest.mark.parametrize("title,body", list(itertools.product(ENGLISH_TITLES, ENGLISH_BODIES)))
def test_a_translation_without_an_address_is_a_report_whatever_body_it_names(title: str, body: str) -> None:
    # No address and a body the tables may not read (an ambiguous pinyin, a department in English): still
    # the report, not a sample with its issuer taken out.
    text = (title.format(body=body) + f"\nIn 2023, the {body} adhered to Xi Jinping Thought on the Rule of "
            "Law and comprehensively promoted the construction of a law-based government. The relevant "
            "situation is hereby reported as follows:\nI. Main measures and achievements\n"
            "II. Existing problems and reasons\nIII. Work plan for 2024\n")
    record = analyze_text(text).record("t")
    assert record.is_report, record.reasons


@pytest.mark.parametrize("body,issuer,province", [
    ("Hangzhou Municipal Bureau of Justice", "杭州市司法局", "浙江省"),
    ("Shenzhen Municipal Market Supervision Administration", "深圳市市场监督管理局", "广东省"),
    ("Zhejiang Provincial Department of Justice", "浙江省司法厅", "浙江省"),
    ("Health Commission of Xingtai City", "邢台市卫生健康委员会", "河北省"),
    ("Xingtai Municipal Bureau of Human Resources and Social Security", "邢台市人力资源和社会保障局",
     "河北省"),
    # Three districts are Chaoyang, two counties Qinghe; the words after the name say which.
    ("Chaoyang District People's Government of Beijing Municipality", "北京市朝阳区人民政府", "北京市"),
    ("People's Government of Qinghe County, Hebei Province", "清河县人民政府", "河北省"),
    ("Qinghe County Emergency Management Bureau, Hebei Province", "清河县应急管理局", "河北省"),
    # Liuhe is 柳河县 and 六合区: a county is a 县, a district a 区.
    ("People's Government of Liuhe County", "柳河县人民政府", "吉林省"),
    ("Liuhe District People's Government", "南京市六合区人民政府", "江苏省"),
])
def test_a_department_or_district_named_in_english_gets_its_chinese_name(body: str, issuer: str,
                                                                         province: str) -> None:
    text = (f"Report of the {body} on the Construction of a Law-based Government in 2023\n"
            f"In 2023, the {body} promoted the construction of a law-based government. The relevant "
            "situation is hereby reported as follows:\nI. Main measures and achievements\n")
    record = analyze_text(text).record("t")
    assert (record.issuer, record.province) == (issuer, province)


@pytest.mark.parametrize("body,issuer", [
    ("Haidian District Government", "北京市海淀区人民政府"),   # "People's" dropped: the level word says it
    ("Xinyang Municipal Government", "信阳市人民政府"),
])
def test_a_government_named_without_peoples_gets_its_chinese_name(body: str, issuer: str) -> None:
    text = (f"2023 Annual Report on Law-based Government Construction\nIn 2023, the {body} thoroughly "
            "implemented the Implementation Outline for the Construction of a Rule of Law Government. The "
            "relevant situation is reported as follows:\nI. Main measures and achievements\n")
    record = analyze_text(text).record("t")
    assert record.is_report and record.issuer == issuer


def test_a_long_department_name_before_the_report_title() -> None:
    # "X: Report on …": an English department's name runs past 40 characters before "Report on".
    text = ("Shaoxing Municipal Bureau of Ecology and Environment: Report on the Construction of Rule of Law "
            "Government in 2023\nIn 2023, our bureau handled 120 administrative penalty cases. The bureau "
            "improved the legal review of major decisions. The situation is reported as follows:\n")
    record = analyze_text(text).record("t")
    assert record.is_report, record.reasons
    assert record.issuer == "绍兴市生态环境局"


def test_a_place_name_the_tables_cannot_tell_apart_gives_no_issuer() -> None:
    # Qinghe is 清河县 (Hebei) and 青河县 (Xinjiang): no silent guess.
    text = ("Report of the Qinghe County Emergency Management Bureau on the Construction of a Law-based "
            "Government in 2023\nIn 2023, the bureau promoted the construction of a law-based government. "
            "The relevant situation is hereby reported as follows:\nI. Main measures and achievements\n"
            "II. Existing problems and reasons\nIII. Work plan for 2024\n")
    record = analyze_text(text).record("t")
    assert record.is_report and record.issuer is None


@pytest.mark.parametrize("body,issuer,province", [
    # 陕西 is romanized Shaanxi: Shanxi is 山西 alone (the pinyin of both).
    ("Shaanxi Provincial People's Government", "陕西省人民政府", "陕西省"),
    ("Shanxi Provincial People's Government", "山西省人民政府", "山西省"),
    ("Shanxi Provincial Department of Justice", "山西省司法厅", "山西省"),
    # Names in the places' own languages and the regions' ethnic words.
    ("Inner Mongolia Autonomous Region Department of Justice", "内蒙古自治区司法厅", "内蒙古自治区"),
    ("People's Government of Xinjiang Uygur Autonomous Region", "新疆维吾尔自治区人民政府",
     "新疆维吾尔自治区"),
    ("Guangxi Zhuang Autonomous Region People's Government", "广西壮族自治区人民政府", "广西壮族自治区"),
    ("Harbin Municipal People's Government", "哈尔滨市人民政府", "黑龙江省"),
    ("Urumqi Municipal People's Government", "乌鲁木齐市人民政府", "新疆维吾尔自治区"),
    ("Xi'an Municipal People's Government", "西安市人民政府", "陕西省"),
    # A municipality is a 市: 黄山市, not 黄山区 (a district of it, "Huangshan District").
    ("Huangshan Municipal Bureau of Justice", "黄山市司法局", "安徽省"),
    ("Huangshan District People's Government", "黄山市黄山区人民政府", "安徽省"),
])
def test_places_english_names_other_than_their_pinyin(body: str, issuer: str, province: str) -> None:
    text = (f"Report of the {body} on the Construction of a Law-based Government in 2023\nIn 2023, the "
            f"{body} thoroughly implemented Xi Jinping Thought on the Rule of Law. The relevant situation is "
            "reported as follows:\nI. Main measures and achievements\nII. Problems\nIII. Next year's plan\n")
    record = analyze_text(text).record("t")
    assert record.is_report
    assert (record.issuer, record.province) == (issuer, province)


def test_the_rule_of_law_government_of_a_county_is_its_government() -> None:
    # No "People's": the level word after the place says it is a government (县政府 in the Chinese).
    text = ("Report on the Construction of Rule of Law Government of Qingtian County in 2023\nIn 2023, the "
            "County Government adhered to Xi Jinping Thought on the Rule of Law. The relevant situation is "
            "reported as follows:\nI. Main measures and achievements\nII. Existing problems\n")
    record = analyze_text(text).record("t")
    assert (record.issuer, record.province) == ("青田县人民政府", "浙江省")


def test_government_of_without_a_level_word_names_no_issuer() -> None:
    text = ("Report on the Construction of a Law-based Government of Qingtian in 2023\nIn 2023, the "
            "government adhered to Xi Jinping Thought on the Rule of Law. The relevant situation is "
            "reported as follows:\nI. Main measures and achievements\nII. Existing problems\n")
    assert analyze_text(text).record("t").issuer is None


@pytest.mark.parametrize("row", ["Published: 2023-03-30",
                                 "Release date: 2023-03-30 Information source: Anhui",
                                 "Release time: 2023-03-30 10:00",
                                 "Source: Anhui Provincial Government  Date: 2023-03-30"])
def test_a_translated_header_row_dates_the_page(row: str) -> None:
    text = ("Report of the Anhui Provincial People's Government on the Construction of a Law-based "
            f"Government in 2022\n{row}\nIn 2022, the Provincial People's Government adhered to Xi Jinping "
            "Thought on the Rule of Law. The relevant situation is hereby reported as follows:\n"
            "1. Main measures\n")
    record = analyze_text(text).record("t")
    assert record.published is not None and record.published.isoformat() == "2023-03-30"


def test_an_english_copys_posted_on_line_dates_it() -> None:
    text = ("Report of the People's Government of Nanhai District on the Construction of a Law-Based "
            "Government in 2022\nPosted on 2023-05-09 by admin\nIn 2022, the District People's Government "
            "adhered to Xi Jinping Thought on the Rule of Law. The relevant situation is reported as "
            "follows:\n")
    assert analyze_text(text).record("t").published == datetime.date(2023, 5, 9)


def test_an_english_copys_month_name_date_dates_it() -> None:
    text = ("Guizhou Province Annual Report on the Construction of a Rule of Law Government in 2025\n"
            "Posted April 3, 2026 · Source: Guizhou Provincial People's Government portal · Translated\n"
            "In 2025, the Guizhou Provincial People's Government thoroughly implemented Xi Jinping Thought "
            "on the Rule of Law. The relevant situation is reported as follows:\n")
    assert analyze_text(text).record("t").published == datetime.date(2026, 4, 3)


def test_an_english_reports_counted_figures_are_read_with_the_units_a_chinese_page_writes() -> None:
    text = ("In 2025, the Hangzhou Municipal People's Government adhered to the guidance of Xi Jinping "
            "Thought on the Rule of Law. The relevant situation is reported as follows:\n"
            "(1) Comprehensive law enforcement matters were adjusted to 1,562 items. The municipal "
            "government reviewed 27 normative documents and handled 318 legality review matters this "
            "year.\n"
            "(2) The city's administrative reconsideration organs accepted 4896 new cases, and the bureau "
            "handled 35 administrative reconsideration cases and 19 administrative litigation cases; the "
            "rate of heads appearing in court reached 98.7%.\n")
    found = [(indicator.key, indicator.label, indicator.value, indicator.unit)
             for indicator in find_indicators(text)]
    assert found == [
        ("other.count", "items", 1562, "项"),
        ("normative_documents.filed_or_reviewed", "规范性文件备案审查", 27, "件"),
        ("other.count", "legality review matters", 318, "件"),
        ("reconsideration.accepted", "行政复议受理", 4896, "件"),
        ("other.count", "administrative reconsideration cases", 35, "件"),
        ("litigation.cases", "行政应诉案件", 19, "件"),
        ("other.rate", "of heads appearing in court reached", 98.7, "%"),
    ]
    first = find_indicators(text)[1]
    assert text[first.start:first.end] == "27" and first.evidence.startswith("The municipal government")


def test_a_chinese_page_is_not_read_for_english_figures() -> None:
    text = "2025年，我市坚持依法行政。全年办理行政复议案件35件。附：英文摘要 35 cases reviewed."
    assert [(indicator.value, indicator.unit) for indicator in find_indicators(text)] == [(35, "件")]


def test_an_english_notice_about_the_reports_is_no_report() -> None:
    text = ("Hubei Provincial Department of Justice\nNotice on Doing a Good Job in the Preparation and "
            "Disclosure of the 2025 Annual Report on the Construction of a Rule of Law Government\n"
            "To all cities, prefectures and provincial departments:\nThe relevant matters are hereby "
            "notified as follows:\n1. Reporting time. Municipal people's governments shall submit their 2025 "
            "annual reports on the construction of a rule of law government before March 1, 2026.")
    record = analyze_text(text).record("t")
    assert not record.is_report and record.kind == "notice"


def test_regulations_and_rules_are_counted_in_jian() -> None:
    text = ("In 2025, Shenzhen adhered to the rule of law. The relevant situation is reported as follows:\n"
            "(1) 9 draft regulations were submitted to the Standing Committee, and 6 government rules "
            "were formulated.")
    found = {(indicator.value, indicator.unit) for indicator in find_indicators(text)}
    assert found >= {(9, "件"), (6, "件")}
