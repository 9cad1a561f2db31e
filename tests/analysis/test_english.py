"""Machine translations of a report into English: recognized, and the government named in Chinese."""

from __future__ import annotations

import itertools

import pytest

from schemas import Level
from streams.analysis import analyze_text

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
