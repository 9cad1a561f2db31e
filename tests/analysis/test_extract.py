"""extract(): issuer, region, level, year, published, sections and timeliness on composed pages."""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path

import pytest

from schemas import CleanedPage, IssuerKind, Level
from streams.analysis import analyze_text
from streams.analysis.extract import extract, extract_facts

SHARED = Path(__file__).parents[2].parent / "shared"


def page(text: str, url: str | None = None, published: date | None = None,
         title: str | None = None, source: str | None = None) -> CleanedPage:
    paragraphs = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return CleanedPage(url=url, title=title, published=published, source=source, paragraphs=paragraphs)


COUNTY_REPORT = """
宁陵县人民政府
关于2022年度法治政府建设情况的报告
市人民政府：
2022年，在市委、市政府的坚强领导下，宁陵县县政府坚持依法行政，商丘市下达的各项任务全面完成。
一、主要举措和成效
（一）健全依法决策机制。全年审查重大行政决策事项12件。
二、存在的不足和原因
个别单位依法行政意识不强。
三、党政主要负责人履行推进法治建设第一责任人职责情况
县政府主要负责人带头学法。
四、2023年法治政府建设工作计划
继续深化行政执法改革。
五、其他需要报告的情况
无。
宁陵县人民政府
2023年2月20日
"""


def test_county_report_with_issuer_line_addressee_and_signature() -> None:
    facts = extract_facts(page(COUNTY_REPORT, published=date(2023, 2, 22)))
    assert facts.issuer == "宁陵县人民政府"
    assert facts.issuer_kind is IssuerKind.government
    assert facts.level is Level.county
    assert (facts.region.province, facts.region.prefecture, facts.region.county) == (
        "河南省", "商丘市", "宁陵县")
    assert facts.report_year == 2022
    assert facts.addressee == "市人民政府"
    assert facts.sections.missing == []
    assert facts.deadline == date(2023, 4, 1)
    assert facts.on_time is True


def test_joint_party_and_government_issuer_is_split() -> None:
    text = """
中共湖州市委 湖州市人民政府关于2023年度法治政府建设工作的报告
省委、省政府：
2023年，湖州市坚持以习近平法治思想为指导，扎实推进法治政府建设。
"""
    facts = extract_facts(page(text, published=date(2024, 4, 3)))
    assert facts.issuers == ["中共湖州市委", "湖州市人民政府"]
    assert facts.issuer_kind is IssuerKind.party_and_government
    assert facts.level is Level.prefecture
    assert facts.region.province == "浙江省"
    assert facts.addressee == "省委、省政府"
    assert facts.on_time is False


def test_provincial_committee_and_government_written_short() -> None:
    text = ("2023年，江西省委、省政府坚持以习近平新时代中国特色社会主义思想为指导，推进法治政府建设。"
            "现将有关情况报告如下：")
    facts = extract_facts(page(text))
    assert facts.issuers == ["中共江西省委", "江西省人民政府"]
    assert facts.level is Level.province


def test_relative_department_name_gets_its_place_from_the_body() -> None:
    text = """
市政务服务和数据管理局
2024年法治政府建设年度报告
2024年，我局在市委、市政府的正确领导下，认真落实《天门市法治政府建设实施方案》，推进依法行政。
"""
    facts = extract_facts(page(text))
    assert facts.issuer == "天门市政务服务和数据管理局"
    assert facts.issuer_kind is IssuerKind.department
    assert facts.region.county == "天门市"
    assert facts.region.province == "湖北省"
    assert facts.report_year == 2024
    assert facts.deadline == date(2025, 3, 1)      # departments report by 1 March


def test_self_reference_department_found_in_body_and_host() -> None:
    text = ("2023年，我局坚持以习近平法治思想为指导，推进依法行政。"
            "现将我局2023年度法治政府建设情况报告如下：\n"
            "一、主要举措和成效\n区司法局党组书记、局长履行第一责任人职责，全年开展法治培训5次。")
    facts = extract_facts(page(text, url="http://rongchang.gov.cn/bm/qsfj/202402/t20240220_1.html"))
    assert facts.issuer == "重庆市荣昌区司法局"
    assert facts.issuer_kind is IssuerKind.department
    assert facts.region.province == "重庆市"
    assert facts.published == date(2024, 2, 20)       # from the CMS address
    assert facts.report_year == 2023


def test_township_self_reference_and_signature() -> None:
    text = """
2021年，我镇紧紧围绕法治政府建设目标，扎实推进依法行政。
一、主要工作
全镇调解矛盾纠纷86宗。
佛山市顺德区乐从镇人民政府
2022年1月15日
"""
    facts = extract_facts(page(text))
    assert facts.issuer == "佛山市顺德区乐从镇人民政府"
    assert facts.level is Level.township
    assert facts.region.township == "乐从镇"
    assert facts.report_year == 2021


def test_central_ministry_has_no_province() -> None:
    facts = extract_facts(page("交通运输部2023年法治政府建设年度报告\n"
                               "2023年，交通运输部深入学习贯彻习近平法治思想。"))
    assert facts.issuer == "交通运输部"
    assert facts.issuer_kind is IssuerKind.department
    assert facts.region.province is None


def test_year_ignores_plan_ranges_and_uses_published_when_silent() -> None:
    titled = extract_facts(page(
        "根据《法治政府建设实施纲要（2021—2025年）》要求，现将长兴县2022年度法治政府建设情况报告如下："))
    assert titled.report_year == 2022
    silent = extract_facts(page("我县持续推进依法行政，法治政府建设取得成效。", published=date(2022, 1, 20)))
    assert silent.report_year == 2021


def test_a_title_named_for_the_year_of_publication_reports_on_the_year_its_opening_names() -> None:
    text = ("绍兴市2026年法治政府建设年度报告\n2025年，绍兴市深入学习贯彻习近平法治思想。"
            "现将2025年度法治政府建设情况报告如下。\n一、主要举措和成效")
    assert extract_facts(page(text, published=date(2026, 3, 28))).report_year == 2025
    # Without the opening's year, or published a year after the title's, the title's year stands.
    unstated = text.replace("现将2025年度", "现将")
    assert extract_facts(page(unstated, published=date(2026, 3, 28))).report_year == 2026
    assert extract_facts(page(text, published=date(2027, 3, 28))).report_year == 2026


def test_a_report_on_two_years_running_is_the_later_years() -> None:
    # Two years running are one report's period (2021—2022年); a plan's span (2021-2025年) is no year.
    facts = extract_facts(page("城关区2021—2022年法治政府建设工作情况报告\n现将城关区2021年至2022年"
                               "法治政府建设工作情况报告如下：", published=date(2023, 2, 14)))
    assert facts.report_year == 2022
    title_year = importlib.import_module("streams.analysis.extract")._title_year
    assert title_year("青岭县落实法治政府建设实施纲要（2021-2025年）2023年度情况报告") == 2023
    assert title_year("青岭县2021—2022年法治政府建设工作情况报告") == 2022


def test_traditional_characters_are_read() -> None:
    text = "根據上級要求，現將江門市農業農村局2024年法治政府建設情況報告如下：\n一、認真組織部署落實"
    facts = extract_facts(page(text))
    assert facts.issuer == "江门市农业农村局"
    assert facts.region.province == "广东省"


def test_empty_and_garbage_pages_give_empty_facts() -> None:
    assert extract(CleanedPage()).issuer is None
    garbage = extract(page("\ufffd\x00" * 5000 + "\n" + "a" * 100000))
    assert garbage.issuer is None
    assert garbage.on_time is None


@pytest.mark.parametrize(("stem", "issuer", "level", "province", "year"), [
    ("000", "高州市人民政府", Level.county, "广东省", 2021),
    ("001", "广州市增城区正果镇人民政府", Level.township, "广东省", 2020),
    ("002", "郏县人民政府", Level.county, "河南省", 2021),
    ("003", "潜江市政务服务和大数据管理局", Level.county, "湖北省", 2024),
    ("004", "中共泰州市委、泰州市人民政府", Level.prefecture, "江苏省", 2021),
])
def test_seeds(stem: str, issuer: str, level: Level, province: str, year: int) -> None:
    seeds = sorted((SHARED / "seeds").glob(f"{stem}_*.txt")) if (SHARED / "seeds").exists() else []
    if not seeds:
        pytest.skip(f"../shared not present: seed {stem} is needed")
    from streams.analysis import analyze_text

    facts = analyze_text(seeds[0].read_text(encoding="utf-8"), None).facts
    assert facts.issuer == issuer
    assert facts.level is level
    assert facts.region.province == province
    assert facts.report_year == year


def test_untitled_municipal_report_takes_its_place_from_the_host() -> None:
    text = """
2023年,在市委、市政府的坚强领导下,全市各区、各部门坚持以习近平法治思想为指导,深入推进法治政府建设各项工作。
一、深入学习贯彻习近平法治思想
市政府常务会议专题研究法治政府建设工作4次。
"""
    facts = extract(page(text, url="https://www.cq.gov.cn/zwgk/fzzfjs/202503/t20250317_1.html"))
    assert (facts.issuer, facts.region.province, facts.level) == ("重庆市人民政府", "重庆市", Level.province)


def test_relative_government_name_is_the_formal_one() -> None:
    text = "根据督察工作规定要求,现将省政府2024年度法治政府建设情况报告如下。\n一、2024年主要工作\n"
    facts = extract(page(text, url="https://www.hunan.gov.cn/xxgk/tzgg/202503/t20250312_1.html"))
    assert facts.issuer == "湖南省人民政府"


@pytest.mark.parametrize(
    ("title", "issuers"),
    [("中共湖州市委湖州市人民政府", ["中共湖州市委", "湖州市人民政府"]),
     ("中共长春市委员会长春市人民政府", ["中共长春市委员会", "长春市人民政府"]),
     ("青田县委县政府", ["中共青田县委", "青田县人民政府"]),
     # 和 in a place's name is no conjunction (和平区, 和田县, 平和县).
     ("中共沈阳市和平区委员会 沈阳市和平区人民政府", ["中共沈阳市和平区委员会", "沈阳市和平区人民政府"]),
     ("中共和田县委和田县人民政府", ["中共和田县委", "和田县人民政府"]),
     ("中共平和县委和平和县人民政府", ["中共平和县委", "平和县人民政府"])],
)
def test_a_joint_issuer_that_lost_its_separator_is_split(title: str, issuers: list[str]) -> None:
    """A copy without blanks glues the party committee's name to the government's."""
    text = (f"{title}关于2023年度法治政府建设工作的报告\n"
            "2023年，我们坚持以习近平法治思想为指导，扎实推进法治政府建设。\n")
    facts = extract_facts(page(text))
    assert facts.issuers == issuers
    assert facts.issuer_kind is IssuerKind.party_and_government


def test_a_department_led_by_a_place_the_table_does_not_know_is_local() -> None:
    # 杜蒙县 is the usual contraction of 杜尔伯特蒙古族自治县: a county's bureau, placed by its site.
    text = "杜蒙县司法局2025年度法治政府建设年度报告\n2025年，杜蒙县司法局在县委、县政府的领导下依法履职。\n"
    facts = extract_facts(page(text, url="http://www.dumeng.gov.cn/xxgk/bmxxgk/xsfj/202603/t20260318_1.html")
                          .model_copy(update={"site_name": "杜尔伯特蒙古族自治县人民政府"}))
    assert facts.region.province == "黑龙江省"


def test_an_office_of_a_party_committee_is_not_split() -> None:
    facts = extract_facts(page("中共青田县委全面依法治县委员会办公室关于2023年度法治建设工作的报告\n"
                               "2023年，县委依法治县办坚持以习近平法治思想为指导。\n"))
    assert facts.issuers == ["中共青田县委全面依法治县委员会办公室"]


def test_joint_relative_issuer_is_split_with_the_site_place() -> None:
    text = """
2025年,县委、县政府坚持以习近平新时代中国特色社会主义思想为指导,扎实推进法治政府建设,现将工作开展情况报告如下。
一、主要做法和成效
"""
    facts = extract(page(text, url="https://www.hhjp.gov.cn/info/34441/1.htm"))
    assert facts.issuers == ["中共金平苗族瑶族傣族自治县委", "金平苗族瑶族傣族自治县人民政府"]
    assert facts.issuer_kind is IssuerKind.party_and_government
    assert facts.level is Level.county


def test_department_that_posted_a_district_report_does_not_issue_it() -> None:
    text = """
平房区2023年法治政府建设情况报告
2023年,平房区坚持以习近平法治思想为指导,法治政府建设各项工作成效明显。现将有关情况报告如下:
一、优化政府机构职能
"""
    facts = extract(page(text, source="平房区司法局"))
    assert facts.issuer == "哈尔滨市平房区人民政府"
    assert facts.issuer_kind is IssuerKind.government


def test_numbered_section_heading_is_not_a_title_issuer() -> None:
    text = """
2023年,吉林省人民政府坚持以习近平法治思想为指导,推动法治政府建设实现新突破。
一、全省法治政府建设情况
(一)学思想、落责任,党的领导全面加强。
"""
    facts = extract(page(text))
    assert facts.issuer == "吉林省人民政府"
    assert facts.level is Level.province


@pytest.mark.parametrize(("text", "issuer"), [
    ("包头市政府关于2023年度法治政府建设情况的报告\n2023年,包头市政府坚持依法行政。", "包头市人民政府"),
    ("包头市市场监管局2023年法治政府建设情况报告\n2023年,我局坚持依法行政。", "包头市市场监督管理局"),
    # The parent of a sub-bureau written short: its formal name, the sub-bureau's own name kept.
    ("深圳市交通局龙岗管理局2023年法治政府建设情况报告\n2023年,我局坚持依法行政。",
     "深圳市交通运输局龙岗管理局"),
    ("南宁市市场监管局青秀分局2023年法治政府建设情况报告\n2023年,我局坚持依法行政。",
     "南宁市市场监督管理局青秀分局"),
    ("黔西南州人民政府关于2020年度法治政府建设情况的报告\n省人民政府:\n2020年,黔西南州人民政府坚持依法行政。",
     "黔西南布依族苗族自治州人民政府"),
    ("2025年天津经济技术开发区法治政府建设情况报告\n2025年,经开区坚持依法行政。",
     "天津经济技术开发区管理委员会"),
    # A one-character county: 郏县政府 is four characters and still an informal name.
    ("郏县政府关于2023年度法治政府建设情况的报告\n2023年,县政府坚持依法行政。", "郏县人民政府"),
    # The 街道 belongs to the 区, written informally too.
    ("鲤城区政府开元街道办事处2023年法治政府建设情况报告\n2023年,我街道坚持依法行政。",
     "泉州市鲤城区开元街道办事处"),
    # A 街道 is a place; the body that reports for it is its 办事处 (as a 县's is its 人民政府).
    ("鲤城区开元街道2023年法治政府建设情况报告\n2023年,我街道坚持依法行政。", "泉州市鲤城区开元街道办事处"),
])
def test_issuer_gets_its_formal_name(text: str, issuer: str) -> None:
    assert extract(page(text)).issuer == issuer


# A district's or town's name is shared across the country (鼓楼区, 东城街道); a county's is not. The
# formal name carries the places above a district or town, and nothing above a county.
@pytest.mark.parametrize(("text", "url", "issuer"), [
    ("东城街道2023年法治政府建设情况报告\n2023年,我街道坚持依法行政。",
     "http://www.qingcheng.gov.cn/qyqcdc/gkmlpt/content/1/1/post_1.html", "清远市清城区东城街道办事处"),
    ("鼓楼街道办事处2023年法治政府建设情况报告\n2023年,我街道坚持依法行政。",
     "https://www.bjmy.gov.cn/zwgk/202402/t20240213_1.html", "北京市密云区鼓楼街道办事处"),
    ("南岸区司法局2023年法治政府建设情况报告\n2023年,我局坚持依法行政。", None, "重庆市南岸区司法局"),
    ("军埠镇2023年法治政府建设工作报告\n2023年,军埠镇坚持依法行政。",
     "http://www.puning.gov.cn/zfxxgkmlfg/content/post_1.html", "普宁市军埠镇人民政府"),
    # Counties, cities and provinces are named alone; a zone listed like a district keeps its name.
    ("岳池县人民政府关于2023年度法治政府建设情况的报告\n2023年,县政府坚持依法行政。", None, "岳池县人民政府"),
    ("合肥市人民政府关于2023年度法治政府建设情况的报告\n2023年,市政府坚持依法行政。", None, "合肥市人民政府"),
    ("兰州新区2023年法治政府建设情况报告\n2023年,新区坚持依法行政。", None, "兰州新区管理委员会"),
    # 南山街道 lies in 南山区: the 街道 is named, not the district by its short form.
    ("南山街道办事处2023年法治政府建设工作报告\n2023年,南山街道坚持依法行政。",
     "http://www.szns.gov.cn/nsjd/xxgk/content/post_1.html", "深圳市南山区南山街道办事处"),
    # A name that holds its places already stays as it is.
    ("杭州市上城区教育局2023年法治政府建设情况报告\n2023年,我局坚持依法行政。", None, "杭州市上城区教育局"),
])
def test_a_town_or_district_is_named_with_the_places_above_it(text: str, url: str | None,
                                                              issuer: str) -> None:
    assert extract(page(text, url=url)).issuer == issuer


def test_a_town_the_table_lacks_is_a_township_though_its_county_is_known() -> None:
    # The region stops at the county (青岭镇 is no town of the table); the body named is a town's.
    facts = extract(page("青田县青岭镇人民政府关于2023年度法治政府建设情况的报告\n2023年,我镇坚持依法行政。"))
    assert (facts.issuer, facts.region.county) == ("青田县青岭镇人民政府", "青田县")
    assert facts.level is Level.township


def test_a_town_spelled_otherwise_than_the_table_gets_the_places_above_it() -> None:
    # The table spells the town 增福乡; the page's 增福镇 is kept, its district put before it.
    text = "增福镇2023年法治政府建设工作报告\n2023年,增福镇坚持依法行政。"
    sited = CleanedPage(paragraphs=text.splitlines(), site_name="重庆市涪陵区人民政府网",
                        column="首页 > 乡镇街道")
    assert extract(sited).issuer == "重庆市涪陵区增福镇人民政府"


def test_a_town_speaking_as_party_and_government_is_a_joint_issuer() -> None:
    # The subject after two 在…下 clauses, behind an addressee line: the town's party committee and its
    # government; a town's committee is formally 中共X镇委员会.
    text = ("区委、区政府:2023年以来,在区委、区政府的坚强领导下,在区委全面依法治区委员会的指导下,"
            "观胜镇党委、政府"
            "深入学习宣传贯彻习近平法治思想,现将我镇2023年法治政府建设情况报告如下:\n一、主要举措和成效")
    facts = extract(page(text, url="http://www.rongchang.gov.cn/zwgk/fzzfndbg/202402/t20240213_1.html"))
    assert facts.issuer == "中共重庆市荣昌区观胜镇委员会、重庆市荣昌区观胜镇人民政府"
    assert facts.issuer_kind is IssuerKind.party_and_government


@pytest.mark.parametrize("committee", ["党工委", "工委"])
def test_a_street_office_speaking_with_its_party_committee_untitled_is_a_joint_issuer(committee: str) -> None:
    # A 街道's party body is its 党工委 or 工委 (中共X街道工作委员会), its government the 办事处.
    text = f"2023年,新华街道{committee}、办事处坚持依法行政。现将有关情况报告如下：\n一、主要举措和成效"
    facts = extract(page(text))
    assert facts.issuer == "中共新华街道工作委员会、新华街道办事处"
    assert (facts.issuer_kind, facts.level) == (IssuerKind.party_and_government, Level.township)


@pytest.mark.parametrize(("title", "voice", "issuer"), [
    ("新华街道2023年法治政府建设工作报告", "新华街道党工委、办事处", "新华街道办事处"),
    ("吉尔嘎郎图苏木2023年法治政府建设工作报告", "吉尔嘎郎图苏木党委、政府",
     "阿巴嘎旗吉尔嘎郎图苏木人民政府"),
])
def test_a_title_naming_the_place_makes_its_government_the_issuer_whatever_voice_the_opening_joins(
        title: str, voice: str, issuer: str) -> None:
    # As 县委、县政府坚持… under a county's title is the county government's report: the title names
    # the place, the opening who did the work.
    facts = extract(page(f"{title}\n2023年,{voice}坚持依法行政。现将有关情况报告如下：\n一、主要举措和成效"))
    assert (facts.issuer, facts.issuer_kind) == (issuer, IssuerKind.government)


@pytest.mark.parametrize(("title", "voice", "issuer"), [
    # The joint voice by its formal names under a title naming the place alone: the joint issuer.
    ("新市镇2025年度法治政府建设工作报告", "中共新市镇委员会、新市镇人民政府",
     "中共德清县新市镇委员会、德清县新市镇人民政府"),
    # 关于安徽省…的报告 names the place the report is about; 省委、省政府 is who did the work.
    ("关于安徽省2025年度推进法治政府建设工作情况的报告", "省委、省政府", "安徽省人民政府"),
])
def test_the_openings_formal_joint_names_issue_a_report_its_title_names_by_place(title: str, voice: str,
                                                                                issuer: str) -> None:
    text = f"{title}\n2025年，{voice}坚持以习近平法治思想为指导。现将有关情况报告如下：\n一、主要举措和成效"
    site = "安徽省人民政府" if "安徽" in title else "德清县人民政府"
    assert extract(page(text).model_copy(update={"site_name": site})).issuer == issuer


def test_a_platform_headline_naming_the_place_gives_way_to_the_documents_joint_title() -> None:
    text = ("富平县2023年度法治政府建设工作情况报告\n富平县融媒体中心\n2024-03-28 09:33\n"
            "中共富平县委 富平县人民政府\n关于2023年度法治政府建设工作情况的报告\n渭南市委、市政府：\n"
            "2023年，富平县委、县政府坚持依法行政，现将有关情况报告如下：\n一、主要工作开展情况")
    assert extract(page(text)).issuer == "中共富平县委、富平县人民政府"


def test_all_governments_of_a_province_are_not_an_issuer() -> None:
    text = ("2023年,全省各级人民政府坚持以习近平法治思想为指导,深入推进法治政府建设。"
            "现将有关情况报告如下:\n一、主要举措")
    facts = extract(page(text, url="https://www.gd.gov.cn/zwgk/a.html"))
    assert facts.issuer == "广东省人民政府"


def test_date_shown_by_the_title_beats_the_address_date() -> None:
    text = "青岭市司法局2023年法治政府建设情况报告 (2024-02-26)\n2023年,青岭市司法局坚持依法行政。"
    facts = extract(page(text, url="https://sfj.example.gov.cn/fzzf/20240304/abc.html",
                         published=date(2024, 3, 4)))
    assert facts.published == date(2024, 2, 26)


def test_a_labelled_date_beats_the_date_under_the_title_even_where_the_address_agrees() -> None:
    # The cleaner read 发布时间 (equal to the address's date); the bracketed date under the title is the
    # document's own. Only a date read from the address gives way to the one shown by the title.
    text = ("青岭市生态环境局2025年度法治政府建设工作情况报告\n（2026年3月16日）\n"
            "2025年，我局全面推进生态环境领域依法行政。")
    url = "https://sthjj.example.gov.cn/zwgk/fzzfjs/202603/t20260324_3312760.htm"
    labelled = CleanedPage(url=url, published=date(2026, 3, 24), published_from="label",
                           paragraphs=text.splitlines())
    assert extract(labelled).published == date(2026, 3, 24)
    from_address = labelled.model_copy(update={"published_from": "address"})
    assert extract(from_address).published == date(2026, 3, 16)


def test_a_bodys_name_and_date_under_the_title_date_the_page() -> None:
    # An app's byline under the title: the body's name, then the date in 年月日.
    text = ("上海市青岭区人民政府关于2025年法治政府建设情况的报告\n青岭区人民政府　2026年03月27日\n"
            "2025年，青岭区在市委、市政府和区委的坚强领导下，持续推进法治政府建设。现将有关情况报告如下。")
    assert extract(page(text)).published == date(2026, 3, 27)


def test_delivery_date_line_under_the_title() -> None:
    text = ("青岭市人民政府关于法治政府建设情况的报告\n(2024年5月28日在市六届人大常委会第九次会议上)\n"
            "市人大常委会:\n现就法治政府建设情况报告如下。")
    assert extract(page(text)).published == date(2024, 5, 28)


def test_site_name_and_breadcrumb_place_an_untitled_report() -> None:
    text = ("2023年,全区坚持以习近平法治思想为指导,深入推进法治政府建设。"
            "现将有关情况报告如下:\n一、主要举措和成效")
    bare = CleanedPage(paragraphs=text.splitlines())
    assert extract(bare).issuer is None
    sited = CleanedPage(paragraphs=text.splitlines(), site_name="崂山区人民政府网", column="首页 > 通知公告")
    facts = extract(sited)
    assert (facts.issuer, facts.region.province, facts.level) == ("青岛市崂山区人民政府", "山东省",
                                                                   Level.county)


@pytest.mark.parametrize(("url", "issuer"), [
    ("https://www.xiangshan.gov.cn/art/2024/3/1/art_1_2.html", "象山县人民政府"),   # 象山县 or 象山区: 我县
    ("https://www.tz.gov.cn/zwgk/a.html", None),       # 泰州市, 台州市, 滕州市 …: no silent guess
    ("https://www.gz.gov.cn/zwgk/a.html", "广州市人民政府"),   # initials, but the domain table knows it
])
def test_self_reference_picks_among_the_places_the_host_names(url: str, issuer: str | None) -> None:
    word = "我县" if issuer and "县" in issuer else "我市"
    text = f"2023年,{word}坚持以习近平法治思想为指导,推进法治政府建设。现将有关情况报告如下:\n一、主要举措"
    facts = extract(page(text, url=url))
    assert facts.issuer == issuer
    if issuer is None:
        assert facts.region.province is None


@pytest.mark.parametrize(("url", "issuer"), [
    # 武夷山市 is a county-level city of 南平市: on its own site, 我市 is 武夷山市, 南平市 its superior.
    ("http://www.wuyishan.gov.cn/zwgk/a.html", "武夷山市人民政府"),
    # On the prefecture's site, the city named below it may be the speaker or a subordinate: no guess
    # of the county-level city, and the prefecture only as before (the places' common region).
    ("http://www.np.gov.cn/zwgk/a.html", None),
])
def test_self_reference_on_a_site_is_the_site_not_the_superior_it_names(url: str, issuer: str | None) -> None:
    text = ("2023年,我市坚持以习近平法治思想为指导,在南平市委、市政府和武夷山市委的坚强领导下,"
            "推进法治政府建设。现将有关情况报告如下:\n一、主要举措")
    facts = extract(page(text, url=url))
    if issuer is None:
        assert facts.issuer != "武夷山市人民政府"
    else:
        assert (facts.issuer, facts.region.prefecture, facts.level) == (issuer, "南平市", Level.county)


@pytest.mark.parametrize(("url", "voice", "issuer"), [
    ("http://www.tl.gov.cn/zwgk/a.html", "全市", "铜陵市人民政府"),        # not 铁岭 (tieling.gov.cn)
    ("http://www.ms.gov.cn/zwgk/a.html", "全市", "眉山市人民政府"),        # not 芒市
    ("http://www.hd.gov.cn/zwgk/a.html", "全市", "邯郸市人民政府"),
    ("http://www.als.gov.cn/zwgk/a.html", "全盟", "阿拉善盟行政公署"),     # a 盟 governs by its 行政公署
    ("http://www.aks.gov.cn/zwgk/a.html", "全地区", "阿克苏地区行政公署"),  # so does a 地区
    ("http://www.qxn.gov.cn/zwgk/a.html", "全州", "黔西南布依族苗族自治州人民政府"),
])
def test_a_city_portal_the_pinyin_cannot_read_places_an_untitled_report(url: str, voice: str,
                                                                        issuer: str) -> None:
    text = f"2023年,{voice}坚持以习近平法治思想为指导,推进法治政府建设。现将有关情况报告如下:\n一、主要举措"
    assert extract(page(text, url=url)).issuer == issuer


@pytest.mark.parametrize(("url", "voice", "issuer"), [
    ("https://www.moj.gov.cn/pub/sfbgw/zwgk/a.html", "我部", "司法部"),
    ("https://www.samr.gov.cn/zw/a.html", "总局", "国家市场监督管理总局"),    # the subject by its kind
    ("http://www.customs.gov.cn/customs/a.html", "我署", "海关总署"),
    ("https://www.ndrc.gov.cn/xxgk/a.html", "我委", "国家发展和改革委员会"),
    (None, "总局", None),                                                 # no site: no body named
])
def test_an_untitled_ministry_report_is_its_sites_ministry(url: str | None, voice: str,
                                                           issuer: str | None) -> None:
    text = f"2023年,{voice}坚持以习近平法治思想为指导,推进法治政府建设。现将有关情况报告如下:\n一、主要举措"
    facts = extract(page(text, url=url))
    assert (facts.issuer, facts.region.province) == (issuer, None)


@pytest.mark.parametrize("before", ["全县", "本省", "省、市、县"])
def test_the_opening_subject_speaks_whatever_collective_word_came_first(before: str) -> None:
    # 现将我局…报告如下: the department reports, though 全县 or 本省 stands earlier in the sentence; the
    # government office that posted it cannot speak as 我局.
    text = (f"根据《法治政府建设实施纲要(2021—2025年)》和{before}有关工作部署,我局积极开展法治政府建设。"
            "现将我局2023年法治政府建设情况报告如下:\n一、主要举措\n制定《县统计局2023年统计执法检查计划》。")
    facts = extract(page(text, source="青田县人民政府办公室"))
    assert facts.issuer == "青田县统计局"


def test_untitled_county_report_posted_by_its_justice_bureau() -> None:
    text = "2023年,全县坚持以习近平法治思想为指导,推进法治政府建设。现将有关情况报告如下:\n一、主要举措"
    facts = extract(page(text, source="青田县司法局"))
    assert facts.issuer == "青田县人民政府"
    assert (facts.region.province, facts.level) == ("浙江省", Level.county)
    own = extract(page(text.replace("全县", "我局"), source="青田县司法局"))
    assert own.issuer == "青田县司法局"


def test_numeric_stamp_line_in_the_header_is_the_page_date_but_a_signature_date_is_not() -> None:
    title = "青岭县司法局关于2023年度法治政府建设情况的报告\n"
    stamped = page(title + "2024-03-29 17:13:17\n" + COUNTY_REPORT)
    assert extract(stamped).published == date(2024, 3, 29)
    signed = page(title + "青岭县司法局\n2024年3月8日\n" + COUNTY_REPORT)
    assert extract(signed).published is None


def test_a_date_line_right_under_the_title_is_the_page_date_in_any_format() -> None:
    title = "青岭市人民政府关于2017年本市依法行政工作情况的报告\n"
    buttons = page(title + "2018年3月30日　　　　【打印本页】【关闭窗口】\n" + COUNTY_REPORT)
    assert extract(buttons).published == date(2018, 3, 30)
    assert extract(page(title + "2018/3/30\n" + COUNTY_REPORT)).published == date(2018, 3, 30)
    # Not under a title: a signature's date, or a date in the body.
    assert extract(page(title + "国务院：\n2018年3月30日\n" + COUNTY_REPORT)).published is None


def test_relative_joint_party_and_government_title_takes_the_host_place() -> None:
    text = ("中共省委 省人民政府\n关于2023年法治政府建设情况的报告\n"
            "2023年,本省坚持以习近平法治思想为指导,扎实推进法治政府建设。现将有关情况报告如下:\n一、主要举措")
    facts = extract(page(text, url="https://www.hainan.gov.cn/hainan/0101/202403/a1.shtml"))
    assert facts.issuers == ["中共海南省委", "海南省人民政府"]
    assert facts.issuer_kind is IssuerKind.party_and_government
    assert facts.level is Level.province


def test_opening_subject_with_its_short_name_in_brackets() -> None:
    text = ("2023年,青岭高新技术产业开发区管理委员会(简称高新区管委会)坚持以习近平法治思想为指导,"
            "扎实推进法治政府建设。现将有关情况报告如下:\n一、主要举措和成效")
    assert extract(page(text)).issuer == "青岭高新技术产业开发区管理委员会"


def test_a_province_named_short_in_the_body_places_an_untitled_report() -> None:
    text = ("2023年,全市各级行政机关坚持以习近平法治思想为指导,深入贯彻习近平总书记对重庆的重要讲话精神,"
            "扎实推进法治政府建设。现将有关情况报告如下:\n一、主要举措和成效")
    facts = extract(page(text))
    assert facts.issuer == "重庆市人民政府"
    assert facts.region.province == "重庆市" and facts.level is Level.province
    # The short name inside a full one (重庆市) is not counted twice, and a page naming none has none.
    assert extract(page(text.replace("对重庆的", "对本市的"))).region.province is None


def test_report_the_government_names_relatively_is_not_its_posting_bureau() -> None:
    # 现将县政府…报告如下 with 来源:湘阴县司法局: the bureau posted the government's report.
    text = "根据督察工作规定,现将县政府2023年度法治政府建设情况报告如下:\n一、主要举措和成效"
    facts = extract(page(text, source="湘阴县司法局"))
    assert facts.issuer == "湘阴县人民政府" and facts.level is Level.county
    own = extract(page(text.replace("县政府", "我局"), source="湘阴县司法局"))
    assert own.issuer == "湘阴县司法局"


def test_a_department_that_speaks_first_is_the_issuer_though_the_county_follows() -> None:
    # 我局 before 全县: the bureau reports on its own work in the county, it did not just post it.
    text = ("为全面落实依法治国方略,我局在县委依法治县办的领导下,认真开展了2023年度法治政府建设工作,"
            "现将有关情况汇报如下:\n一、工作开展情况\n县教育局党组组织参加全县规范性文件备案审查培训。")
    assert extract(page(text, source="青田县教育局")).issuer == "青田县教育局"
    assert extract(page(text.replace("县教育局党组", "青田县教育局党组"))).issuer == "青田县教育局"
    county = text.replace("我局在县委依法治县办", "全县在县委依法治县办")
    assert extract(page(county, source="青田县司法局")).issuer == "青田县人民政府"


def test_a_republished_copy_without_title_names_its_issuer_and_year_in_the_lead() -> None:
    text = ("新华网北京4月2日电 据生态环境部网站消息,生态环境部发布2024年度法治政府建设情况报告。"
            "具体报告如下:\n"
            "一、加强党对法治政府建设的领导\n部党组坚持把法治建设摆在全局工作的重要位置。")
    facts = extract(page(text, published=date(2025, 4, 2)))
    assert facts.issuer == "生态环境部" and facts.issuer_kind is IssuerKind.department
    assert facts.report_year == 2024 and facts.region.province is None


@pytest.mark.parametrize(("text", "issuer"), [
    ("2023年是“十四五”承上启下之年。区政府坚持以习近平法治思想为指导,全面推进法治政府建设,为全区发展提供保障。"
     "现将有关情况报告如下:\n一、主要举措和成效\n鲅鱼圈区人民政府全年审查规范性文件6件。",
     "鲅鱼圈区人民政府"),
    ("根据督察工作规定和区委、区政府通知要求,铁桥镇自觉运用法治思维和法治方式深化改革,有序推进法治政府建设。"
     "现将有关情况报告如下:\n一、主要举措和成效", "铁桥镇人民政府"),
])
def test_a_body_named_by_its_place_as_a_clause_subject_of_the_opening(text: str, issuer: str) -> None:
    assert extract(page(text)).issuer.endswith(issuer)


def test_a_clause_subject_that_only_ends_like_a_body_is_not_one() -> None:
    text = ("根据县委要求,全乡社会大局持续稳定,法治建设扎实推进。现将有关情况报告如下:\n"
            "一、主要举措和成效")
    assert extract(page(text)).issuer is None


def test_a_cover_letter_lead_is_not_a_title() -> None:
    # 现呈送我委2023年度…报告 (split from a glued cover letter) names the report, not its issuer.
    text = ("省委、省政府:\n现呈送我委2023年度法治政府建设情况报告\n,请审阅。\n"
            "青岭市卫生健康委2023年度法治政府建设情况报告\n2023年,市卫生健康委坚持依法行政。")
    assert extract(page(text)).issuer == "青岭市卫生健康委员会"


DEPARTMENT_VOICE = ("2023年，我厅坚持以习近平法治思想为指导，扎实推进依法行政。现将有关情况报告如下：\n"
                    "一、主要举措和成效\n全年审查规范性文件12件，办理行政复议案件8件。")


def test_a_department_that_only_says_我厅_is_named_by_the_host_label_of_its_site() -> None:
    facts = extract_facts(page(DEPARTMENT_VOICE, url="http://agri.hunan.gov.cn/xxgk/202401/t20240131_1.html"))
    assert facts.issuer == "湖南省农业农村厅" and facts.issuer_kind is IssuerKind.department
    city = page(DEPARTMENT_VOICE.replace("我厅", "我局"), url="http://sfj.suizhou.gov.cn/a/202402/t20240220_1.html")
    assert extract_facts(city).issuer == "随州市司法局"


def test_a_host_label_names_no_body_the_text_does_not_speak_as() -> None:
    # A 厅 is a province's: a city host's label does not make one; a text speaking as 全市 is the
    # government's, whoever runs the site; a host label of no known department names nothing.
    assert extract_facts(page(DEPARTMENT_VOICE, url="http://sft.suizhou.gov.cn/a.html")).issuer is None
    collective = DEPARTMENT_VOICE.replace("我厅", "全市")
    assert extract_facts(page(collective, url="http://sfj.suizhou.gov.cn/a.html")).issuer == "随州市人民政府"
    assert extract_facts(page(DEPARTMENT_VOICE, url="http://abc.hunan.gov.cn/a.html")).issuer is None


def test_an_untitled_report_says_全县_only_after_a_long_opening_paragraph() -> None:
    opening = ("2024年，坚持以习近平新时代中国特色社会主义思想为指引，全面深入贯彻落实习近平法治思想，"
               "扎实学习贯彻党的二十大和二十届历次全会精神，严格落实法治政府建设实施纲要以及法治政府建设"
               "与责任落实督察工作规定的重大决策部署，坚定不移深入推进依法行政，健全依法决策机制，规范行政"
               "执法行为，强化行政权力制约和监督，有效预防和化解社会矛盾纠纷，持续优化法治化营商环境，"
               "深化政务公开和数字政府建设，推动法治宣传教育走深走实，着力提升各级领导干部运用法治思维和"
               "法治方式深化改革、推动发展、化解矛盾、维护稳定、应对风险的能力，全力推动法治政府建设再上"
               "新台阶、取得新成效，为经济社会高质量发展提供坚实法治保障，人民群众对法治建设的获得感、"
               "幸福感、安全感不断增强，法治政府建设示范创建工作稳步推进。现将有关情况报告如下：\n")
    text = (opening + "一、主要举措和成效\n县委、县政府切实履行法治政府建设主体责任，"
            "定期听取法治建设工作汇报，专题研究法治建设重大事项，县政府常务会议会前学法4次。"
            "组织对全县12个乡镇履行职责事项清单进行梳理。")
    assert 400 < text.index("全县") < 800
    facts = extract_facts(page(text, url="http://www.changxing.gov.cn/art/2025/2/13/art_1_1.html"))
    assert (facts.issuer, facts.level) == ("长兴县人民政府", Level.county)


def test_a_relative_department_takes_the_place_of_the_body_it_reports_to() -> None:
    # A zone the region table lacks: its 区 is the addressee's, whether on its own line or glued.
    body = ("今年以来，在工委、管委会的坚强领导下，区统计局坚持以习近平法治思想为指导，扎实推进依法行政。"
            "现将有关情况报告如下：\n一、主要举措和成效")
    for addressee in ("中共合肥经开区工委：\n", "中共合肥经开区工委："):
        assert extract(page(addressee + body)).issuer == "合肥经开区统计局"
    # An addressee of another level (the city's) says nothing about the 区.
    assert extract(page("中共合肥市委：\n" + body)).issuer == "区统计局"


def test_a_bare_place_in_the_report_lead_is_the_body_the_opening_names() -> None:
    lead = "按照督察工作规定要求，现将洛阳市2023年度法治政府建设情况报告如下。\n"
    joint = "2023年，在省委、省政府坚强领导下，洛阳市委、市政府坚持以习近平法治思想为指导，推进依法行政。"
    assert extract(page(lead + joint)).issuer == "中共洛阳市委、洛阳市人民政府"
    # A department of the place is not what a place-wide lead stands for.
    department = joint.replace("洛阳市委、市政府", "洛阳市司法局")
    assert extract(page(lead + department)).issuer == "洛阳市人民政府"


def test_a_government_voice_without_a_place_keeps_its_kind_province_and_level() -> None:
    # The place masked (略) or replaced by spam: 全市 still says a government speaks, 辽宁省 where.
    text = ("2023年，(略)认真贯彻落实党中央决策部署及省委、省政府工作要求，强力推动辽宁省法治政府建设"
            "重点任务落地落实。现将有关情况报告如下。\n一、主要工作举措和成效\n全市建成便民服务站126个。")
    facts = extract(page(text))
    assert facts.issuer is None and facts.issuer_kind is IssuerKind.government
    assert facts.region.province == "辽宁省"
    county = extract(page(text.replace("全市", "全县")))
    assert county.level is Level.county
    # With the place in the rule-of-law slogan (法治青田), the county is named.
    slogan = text.replace("辽宁省", "浙江省").replace("全市建成", "法治青田建设中，全县建成")
    assert extract(page(slogan)).issuer == "青田县人民政府"


@pytest.mark.parametrize(("stamp", "issuer"), [
    ("原创 琼海发布 琼海发布 2026年03月31日 18:25 海南", "琼海市人民政府"),
    # the poster's place tells which 城关区
    ("原创 城关发布 城关发布 2026年03月31日 21:26 西藏", "拉萨市城关区人民政府"),
    ("原创 城关发布 城关发布 2026年03月31日 21:26 甘肃", "兰州市城关区人民政府"),
])
def test_a_wechat_repost_is_placed_by_its_account(stamp: str, issuer: str) -> None:
    level = "区" if "城关" in stamp else "市"
    text = (f"2025年法治政府建设年度报告\n{stamp}\n2025年，{level}政府坚持以习近平法治思想为指导，"
            "全面推进依法行政。现将有关情况报告如下。\n一、主要举措及成效\n（一）加强组织领导。常务会议专题研究法治政府建设工作3次。")
    result = analyze_text(text, url="https://mp.weixin.qq.com/s/Cv8Hn1Tq5Mb2Zx7RkL0pWg")
    assert result.verdict.is_report and result.facts.issuer == issuer


def test_a_county_level_citys_account_beats_the_prefecture_its_text_names_as_superior() -> None:
    text = ("2025年法治政府建设年度报告\n义乌发布\n2026-03-28 16:47  发布于：浙江省\n政务号\n"
            "2025年，市政府全面落实省委、金华市委关于法治建设的部署要求，统筹推进法治政府建设。现将有关情况报告如下。\n"
            "一、主要举措和成效\n（一）健全依法决策机制。市政府常务会议专题学法6次。")
    result = analyze_text(text, url="https://www.sohu.com/a/877361042_121106869")
    assert result.verdict.is_report and result.facts.issuer == "义乌市人民政府"


def test_a_newspapers_dateline_places_a_copy_that_says_only_its_county_government() -> None:
    text = ("县人民政府2025年法治政府建设年度报告\n本报玛纳斯讯　近日，县人民政府公布2025年法治政府建设"
            "年度报告，全文如下：\n2025年，县人民政府坚持以习近平法治思想为指导，扎实推进法治政府建设，现将有关情况报告如下。")
    assert extract(page(text, url="http://www.cjrb.cn/xsxw/content_103425.html")).issuer == "玛纳斯县人民政府"


def test_full_width_digits_read_as_ascii() -> None:
    text = ("杭州市余杭区人民政府\n首页 > 政务公开 > 镇街动态 > 仓前街道\n"
            "仓前街道２０２５年度法治政府建设工作报告\n２０２５年，仓前街道在区委、区政府的正确领导下，深入推进法治政府建设，现将有关情况报告如下：")
    facts = extract(page(text, url="https://www.yuhang.gov.cn/art/2026/2/9/art_1229511234_59123456.html"))
    assert (facts.issuer, facts.report_year) == ("杭州市余杭区仓前街道办事处", 2025)


@pytest.mark.parametrize(("name", "issuer"), [
    ("青岛西海岸新区", "青岛市黄岛区人民政府"), ("广州南沙新区", "广州市南沙区人民政府"),
    ("两江新区", "两江新区管理委员会"),           # a new area of its own: its 管委会
])
def test_a_new_area_one_district_governs_is_that_districts(name: str, issuer: str) -> None:
    text = (f"{name}2024年法治政府建设年度报告\n2024年，{name}深入学习贯彻习近平法治思想，"
            "各项工作取得积极成效。现报告如下：\n一、主要举措和成效")
    assert extract(page(text)).issuer == issuer


def test_a_district_named_short_beside_its_city_issues_its_government_voice() -> None:
    text = ("南沙2023年法治政府建设年度报告\n2023年，在广州市委、市政府和区委的坚强领导下，区政府坚持以习近平"
            "新时代中国特色社会主义思想为指导，推动法治政府建设取得新成效。现将有关情况报告如下：\n"
            "一、主要举措和成效\n区政府常务会议专题研究法治政府建设工作6次。")
    facts = extract(page(text))
    assert (facts.issuer, facts.level) == ("广州市南沙区人民政府", Level.county)


@pytest.mark.parametrize(("title", "subject", "issuer", "kind"), [
    ("兵团第一师阿拉尔市2025年法治政府建设年度报告", "第一师阿拉尔市", "新疆生产建设兵团第一师阿拉尔市",
     IssuerKind.government),
    ("第八师石河子市2025年法治政府建设年度报告", "师市", "新疆生产建设兵团第八师石河子市",
     IssuerKind.government),
    ("新疆生产建设兵团第六师五家渠市司法局2025年法治政府建设年度报告", "我局",
     "新疆生产建设兵团第六师五家渠市司法局", IssuerKind.department),
])
def test_a_corps_division_is_named_with_the_corps_and_ranks_as_a_prefecture(
        title: str, subject: str, issuer: str, kind: IssuerKind) -> None:
    # The division list gives 石河子市 as a county of 新疆; the division that runs it ranks as a prefecture.
    text = (f"{title}\n2025年，{subject}在兵团党委的坚强领导下，坚持以习近平法治思想为指导，扎实推进法治政府"
            "建设。现将有关情况报告如下：\n一、主要举措和成效\n全年审核规范性文件8件，办理行政复议案件41件。")
    facts = extract(page(text))
    assert (facts.issuer, facts.issuer_kind, facts.level) == (issuer, kind, Level.prefecture)
    assert facts.region.province == "新疆维吾尔自治区"


def test_a_development_zones_committee_is_a_department_a_management_areas_a_government() -> None:
    body = "\n2023年，{name}坚持以习近平法治思想为指导，扎实推进依法行政。"
    zone = "青岭经济技术开发区管理委员会"
    facts = extract(page(f"{zone}2023年度法治政府建设情况报告" + body.format(name=zone)))
    assert facts.issuer == zone and facts.issuer_kind is IssuerKind.department
    area = "常德市西湖管理区管理委员会"
    facts = extract(page(f"{area}2023年度法治政府建设情况报告" + body.format(name=area)))
    assert facts.issuer_kind is IssuerKind.government


def test_an_opening_glued_after_page_chrome_ending_in_a_pipe_still_names_its_subject() -> None:
    # 字号: | / | | | glued before the body on a page that lost its line breaks.
    for chrome in ("字号: |", "来源:青岭市人民政府| | | |"):
        text = chrome + "2023年,青岭经济技术开发区管理委员会坚持以习近平法治思想为指导,扎实推进依法行政。"
        assert extract(page(text)).issuer == "青岭经济技术开发区管理委员会"


def test_header_date_lines_skipped_for_a_missing_literal_could_not_have_matched() -> None:
    # _header_date tries the bracketed-year and CMS-stamp matches only on lines holding a literal (speed):
    # one that every match of the pattern holds, so a line without it could not have matched.
    from streams.analysis._regex import required_literals

    module = importlib.import_module("streams.analysis.extract")   # the package exports the function

    for pattern, needs in ((module._HEADER_DATE_LINE, module._HEADER_DATE_LINE_NEEDS),
                           (module._HEADER_STAMP, module._HEADER_STAMP_NEEDS)):
        assert (needs,) in required_literals(pattern), pattern.pattern
    assert extract_facts(page("2023-12-29 17:05:00\n现将工作情况报告如下。")).published == date(2023, 12, 29)


def test_a_department_named_by_its_level_word_in_the_title_issues_its_report_on_the_county_site() -> None:
    # The county portal's name heads the page, the department posted it (来源) and names itself 县…局 in
    # the title; its text speaks of 全县: the department, at the site's place, is the issuer.
    facts = extract(page("东安县人民政府\n县应急管理局2025年法治政府建设报告\n"
                         "县应急管理局坚持以习近平法治思想为统揽,有效保障了全县安全生产稳定好转。"
                         "现将2025年法治政府建设情况报告如下:\n一、主要举措\n我局成立了领导小组。",
                         source="县应急管理局"))
    assert facts.issuer == "东安县应急管理局"
    assert facts.issuer_kind is IssuerKind.department
    # A text titled by no one that the department only posted stays the county's (the 司法局 rule).
    county = extract(page("2025年法治政府建设情况报告\n2025年,全县坚持依法行政,法治政府建设取得新成效。"
                          "现将有关情况报告如下:\n一、主要举措", url="http://www.dongan.gov.cn/x.html",
                          source="东安县司法局"))
    assert county.issuer == "东安县人民政府"


@pytest.mark.parametrize("lead", ["现结合我街道2022年法治政府建设的实际情况",
                                  "现根据县委安排,将2022年法治政府建设情况",
                                  "现将我局2022年法治政府建设情况"])
def test_a_lead_sentence_is_no_title_and_names_no_issuer(lead: str) -> None:
    from streams.analysis import _issuer

    assert not _issuer.is_title(lead)
    assert _issuer.header_issuer([lead]) is None


def test_a_short_page_counts_a_place_in_its_text_once() -> None:
    # The one place a short excerpt names is a cited case elsewhere; the province's portal and the
    # directory that spells the city outweigh it (head and tail of a short page are the same text).
    text = ("市经开区统计局关于2025年度法治政府建设情况的报告\n中共市经开区工委:\n"
            "今年以来,区统计局坚持依法统计,"
            "把《关于把云南省曲靖市统计造假典型案例作为学习教育反面教材的通知》作为警示教育材料。")
    facts = extract(page(text, url="http://www.hubei.gov.cn/zwgk/wuhan/202601/t20260115_1.html"))
    assert facts.region.province == "湖北省"


@pytest.mark.parametrize(("column", "url"), [
    ("首页 > 重庆市荣昌区人民政府 > 信息公开 > 法治政府建设", None),
    (None, "http://www.cq.gov.cn/zwgk/rongchang/202303/t20230307_1.html"),
])
def test_where_the_page_lives_outweighs_a_place_the_body_passes_by(column: str | None,
                                                                   url: str | None) -> None:
    facts = extract(CleanedPage(column=column, url=url, paragraphs=[
        "2022年,我局坚持以习近平法治思想为指导,在区委、区政府的正确领导下,为全区高质量发展提供法治保障。"
        "现将我局2022年法治政府建设情况报告如下。", "一、深学笃用习近平法治思想",
        "区司法局党委书记、局长率先垂范,亲自带队到永川区学习法治政府建设经验。"]))
    assert facts.issuer == "重庆市荣昌区司法局", facts.issuer


def test_a_government_office_that_posted_a_departments_report_is_not_its_issuer() -> None:
    text = ("2022年,我局在省生态环境厅的正确指导下,扎实开展法治建设各项工作。现将有关情况报告如下:\n"
            "一、强化责任担当\n市生态环境局主要负责人带头履行第一责任人职责。")
    facts = extract(page(text, url="http://www.lishui.gov.cn/art/2023/1/5/art_1.html",
                         source="丽水市人民政府办公室"))
    assert facts.issuer == "丽水市生态环境局"


def test_a_joint_title_by_level_words_keeps_both_halves_when_the_office_posted_it() -> None:
    facts = extract(page("中共市委 市人民政府\n关于2021年度法治政府建设情况的报告\n"
                         "现将本市2021年度法治政府建设情况报告如下。\n一、基本情况\n2021年,全市坚持依法行政。",
                         source="长春市人民政府办公室"))
    assert facts.issuers == ["中共长春市委", "长春市人民政府"]


@pytest.mark.parametrize("department", ["自然资源和规划局", "城乡规划局", "规划和自然资源局"])
def test_a_department_named_for_planning_is_a_title_issuer(department: str) -> None:
    # 规划 marks a plan's title (…法治政府建设规划), not a department's name.
    facts = extract(page(f"清河县{department}2023年法治政府建设年度报告\n2023年,我局坚持依法行政。"))
    assert facts.issuer == f"清河县{department}"
    assert extract(page("清河县法治政府建设规划(2021-2025年)实施情况报告\n2023年,我县坚持依法行政。")
                   ).issuer != "清河县法治政府建设规划"


# A tag that names the place (【清河县】) is the issuer's.
@pytest.mark.parametrize("title", ["[政务公开]清河县2023年法治政府建设年度报告",
                                   "【通知公告】清河县2023年法治政府建设年度报告",
                                   "【清河县】2023年法治政府建设年度报告"])
def test_a_column_tag_before_the_title_is_no_part_of_the_issuer(title: str) -> None:
    facts = extract(page(f"{title}\n2023年,县政府坚持依法行政。现将有关情况报告如下:\n一、主要举措"))
    assert facts.issuer == "清河县人民政府"


def test_a_formal_name_in_use_is_not_rewritten_into_another() -> None:
    # 行政审批局 and 行政审批服务局 are both formal names (by province); only the short form expands.
    for name in ("行政审批局", "行政审批服务局"):
        assert extract(page(f"清河县{name}2023年法治政府建设年度报告\n2023年,我局坚持依法行政。")
                       ).issuer == f"清河县{name}"
    assert extract(page("清河县审批局2023年法治政府建设年度报告\n2023年,我局坚持依法行政。")
                   ).issuer == "清河县行政审批局"


def test_a_report_whose_body_the_tables_do_not_know_still_takes_its_province_from_the_text() -> None:
    facts = extract(page("2023年,清河县残疾人联合会坚持以习近平法治思想为指导,推进法治建设。"
                         "现将有关情况报告如下:\n一、主要举措和成效\n清河县残联全年开展普法活动12次。",
                         url="https://www.sohu.com/a/12345_1"))
    assert facts.issuer is None
    assert facts.region.province == "河北省"


@pytest.mark.parametrize("title,issuer", [
    ("阿拉善盟行政公署2023年法治政府建设年度报告", "阿拉善盟行政公署"),
    ("大兴安岭地区行政公署2023年法治政府建设情况报告", "大兴安岭地区行政公署"),
])
def test_a_leagues_or_prefectures_administrative_office_is_its_government(title: str, issuer: str) -> None:
    # A 行政公署 governs a 盟 or 地区 for the province: a government at prefecture level, not a 署.
    facts = extract(page(f"{title}\n2023年,全盟坚持依法行政。现将有关情况报告如下:\n一、主要举措和成效"))
    assert (facts.issuer, facts.issuer_kind, facts.level) == (issuer, IssuerKind.government, Level.prefecture)


def test_a_department_speaking_as_itself_on_its_own_site_is_not_a_unit_its_text_praises() -> None:
    # rsj.gz.gov.cn is 广州市人力资源和社会保障局's site; the district bureaus its text names are others.
    text = ("2023年,在市委、市政府的正确领导下,我局坚持以习近平法治思想为指导,扎实推进法治人社建设。"
            "积极支持各区人社部门创先争优,海珠区人社局获评全国先进集体,黄埔区人社局获评优秀单位。\n"
            "一、深入学习贯彻习近平法治思想")
    facts = extract(page(text, url="https://rsj.gz.gov.cn/zcfg/fzzfjs/content/post_1.html"))
    assert facts.issuer == "广州市人力资源和社会保障局"
    # Without a site that names it, the department the text names most is still the best guess.
    assert extract(page(text, url="https://www.example.com/a.html")).issuer != "广州市人力资源和社会保障局"


def test_the_year_covered_in_brackets_after_a_title_named_for_its_publication_year() -> None:
    facts = extract(page("清河县人民政府2024年法治政府建设年度报告（2023年度）\n2023年,全县坚持依法行政。",
                         title="清河县人民政府2024年法治政府建设年度报告"))
    assert facts.report_year == 2023
    assert extract(page("清河县人民政府关于2023年度法治政府建设情况的报告（全文）\n全县坚持依法行政。")
                   ).report_year == 2023


def test_a_place_in_a_cited_documents_title_does_not_outweigh_the_page() -> None:
    # The body cites another province's case (《关于把云南省曲靖市…的通知》): its author, not the page's.
    text = """
首页 > 武汉市人民政府 > 信息公开 > 法治政府建设
市经开区统计局关于2025年度法治政府建设情况的报告
今年以来，区统计局坚持以习近平法治思想为指导，扎实推进依法行政。现将有关情况报告如下：
一、主要举措和成效
重点学习《关于把云南省曲靖市统计造假典型案例作为学习教育反面教材的通知》等典型案例，以案示警。
"""
    facts = extract(page(text))
    assert facts.region.province == "湖北省"
    assert facts.issuer == "武汉市经开区统计局"


def test_a_cited_document_still_names_the_place_when_nothing_else_does() -> None:
    text = """
关于2023年度法治政府建设情况的报告
2023年，县委、县政府坚持以习近平法治思想为指导。印发《青田县党政主要负责人述法办法》等文件。
一、主要举措和成效
"""
    assert extract(page(text)).region.province == "浙江省"


@pytest.mark.parametrize(("title", "issuer", "province"), [
    # State-level new areas are no division: data/new_areas.yaml places them.
    ("雄安新区管理委员会2023年法治政府建设情况报告", "雄安新区管理委员会", "河北省"),
    ("重庆两江新区2023年度法治政府建设工作报告", "重庆两江新区管理委员会", "重庆市"),
    ("贵安新区2023年法治政府建设年度报告", "贵安新区管理委员会", "贵州省"),
    # Listed like counties (codes 71-79), run by a 管委会, not a 人民政府.
    ("兰州新区2023年度法治政府建设工作报告", "兰州新区管理委员会", "甘肃省"),
    ("长春经济技术开发区2023年法治政府建设情况报告", "长春经济技术开发区管理委员会", "吉林省"),
    # National zones of no division, run by their committee (new_areas.yaml), and their bodies.
    ("平潭综合实验区2023年度法治政府建设情况报告", "平潭综合实验区管理委员会", "福建省"),
    ("洋浦经济开发区2023年法治政府建设年度报告", "洋浦经济开发区管理委员会", "海南省"),
    ("前海深港现代服务业合作区2023年法治政府建设年度报告", "前海深港现代服务业合作区管理委员会", "广东省"),
    ("横琴粤澳深度合作区法律事务局2023年法治政府建设年度报告", "横琴粤澳深度合作区法律事务局", "广东省"),
])
def test_a_new_area_or_zone_is_placed_and_run_by_its_committee(title: str, issuer: str,
                                                              province: str) -> None:
    text = (f"{title}\n2023年，管委会坚持以习近平法治思想为指导，扎实推进法治政府建设。"
            "现将有关情况报告如下：\n一、主要举措\n")
    facts = extract(page(text))
    assert (facts.issuer, facts.region.province) == (issuer, province)
    assert facts.issuer_kind is IssuerKind.department


def test_a_managed_area_is_governed_by_its_committee_as_a_county_and_named_with_its_city() -> None:
    # A 管理区 (no division of the table) has no 人民政府: its 管委会 governs it, as a county's government.
    text = ("西湖管理区2025年法治政府建设年度报告\n2025年，西湖管理区管委会在市委、市政府的坚强领导下，"
            "扎实推进法治政府建设。现将有关情况报告如下：\n一、主要举措和成效")
    facts = extract(page(text).model_copy(update={"site_name": "常德市西湖管理区门户网站"}))
    assert (facts.issuer, facts.level) == ("常德市西湖管理区管理委员会", Level.county)
    assert facts.issuer_kind is IssuerKind.government and facts.region.province == "湖南省"


def test_a_zones_office_governing_a_street_is_a_township() -> None:
    text = ("郑州经开区潮河办事处2025年度法治政府建设工作报告\n2025年，潮河办事处在经开区党工委、管委会的"
            "正确领导下，坚持以习近平法治思想为指导。现将2025年度法治政府建设工作情况报告如下：\n一、主要工作及成效")
    facts = extract(page(text).model_copy(update={"site_name": "郑州经济技术开发区管理委员会"}))
    assert facts.level is Level.township and facts.issuer_kind is IssuerKind.government


def test_a_division_named_new_area_keeps_its_government() -> None:
    facts = extract(page("浦东新区2023年法治政府建设情况报告\n2023年，区政府坚持依法行政。"
                         "现将有关情况报告如下：\n"))
    assert (facts.issuer, facts.issuer_kind) == ("上海市浦东新区人民政府", IssuerKind.government)


def test_a_district_sharing_its_name_is_told_by_its_new_area() -> None:
    # 南沙区 is 广州's and 三沙's; the new area named in the text is 广州's.
    facts = extract(page("南沙区人民政府关于2023年度法治政府建设情况的报告\n2023年，南沙区坚持依法行政，"
                         "推动南沙新区建设。现将有关情况报告如下：\n"))
    assert (facts.issuer, facts.region.province) == ("广州市南沙区人民政府", "广东省")


@pytest.mark.parametrize(("name", "kind"), [
    ("青田县国有资产监督管理委员会", IssuerKind.department),    # a field's committee
    ("北京市城市管理委员会", IssuerKind.department),
    ("常德市西洞庭管理区管理委员会", IssuerKind.government),     # a 管理区's governs it as a county
])
def test_a_committee_of_a_field_is_a_department_of_a_place_a_government(name: str, kind: IssuerKind) -> None:
    facts = extract(page(f"{name}关于2023年度法治政府建设情况的报告\n2023年，我们坚持依法行政。\n"))
    assert (facts.issuer, facts.issuer_kind) == (name, kind)


@pytest.mark.parametrize(("name", "kind"), [
    # A working body of a place's party committee is a department, as a government's are.
    ("中共青田县委组织部", IssuerKind.department),
    ("中共青田县委全面依法治县委员会办公室", IssuerKind.department),
    # The committee itself is not.
    ("中共青田县委", IssuerKind.other),
    ("中共青田县委员会", IssuerKind.other),
])
def test_a_working_body_of_a_party_committee_is_a_department(name: str, kind: IssuerKind) -> None:
    facts = extract(page(f"{name}2025年度法治建设工作情况报告\n2025年，我们坚持以习近平法治思想为指导。\n"))
    assert (facts.issuer, facts.issuer_kind) == (name, kind)


def test_a_departments_party_committee_writing_with_it_is_a_department() -> None:
    text = ("中共青岭县交通运输局委员会　青岭县交通运输局关于2023年度法治政府建设情况的报告\n县委、县政府：\n"
            "2023年，局党委坚持依法行政。现将有关情况报告如下：\n")
    assert extract(page(text)).issuer_kind is IssuerKind.department


def test_a_joint_body_named_by_its_level_word_keeps_its_one_word_name() -> None:
    # 自治区党委和政府 on the region's portal: the body's own name, as 宁夏回族自治区党委和政府 is written.
    text = ("自治区党委和政府关于2023年度法治政府建设情况的报告\n2023年，自治区党委和政府坚持依法行政。"
            "现将有关情况报告如下：\n一、主要举措")
    sited = CleanedPage(paragraphs=text.splitlines(), site_name="宁夏回族自治区人民政府门户网站",
                        column="首页 > 政务公开")
    facts = extract(sited)
    assert facts.issuer == "宁夏回族自治区党委和政府"
    assert facts.issuer_kind is IssuerKind.party_and_government


@pytest.mark.parametrize(("head", "issuer"), [
    ("中共沅陵县委\n沅陵县人民政府\n", "中共沅陵县委、沅陵县人民政府"),
    ("中共城厢镇委员会\n城厢镇人民政府\n", "中共太仓市城厢镇委员会、太仓市城厢镇人民政府"),
    ("沅陵县人民政府\n", "沅陵县人民政府"),                  # the government alone
    ("沅陵县司法局\n沅陵县人民政府\n", "沅陵县人民政府"),      # a department above is no party body
])
def test_a_joint_issuer_set_on_two_lines_above_the_title(head: str, issuer: str) -> None:
    title = "关于2023年度法治政府建设情况的报告"
    text = head + title + "\n2023年，我们坚持依法行政。现将有关情况报告如下：\n一、主要举措\n"
    url = "http://www.taicang.gov.cn/tcs/a/1.html" if "城厢" in head else None
    assert analyze_text(text, url).record("t").issuer == issuer
    # The same in a page whose heading is the bare title: the lines above the title in the body tell it.
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines())
    html = (f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
            f"<div id='zoom'>{paragraphs}</div></body></html>")
    assert analyze_text(html, url).record("t").issuer == issuer


def test_a_joint_issuer_signed_on_two_lines_above_the_date() -> None:
    text = ("关于2023年度法治政府建设情况的报告\n2023年，全县坚持依法行政。现将有关情况报告如下：\n"
            "一、主要举措\n二、存在的不足\n中共沅陵县委\n沅陵县人民政府\n2024年2月1日")
    facts = extract(page(text))
    assert facts.issuer == "中共沅陵县委、沅陵县人民政府"
    assert facts.issuer_kind is IssuerKind.party_and_government


@pytest.mark.parametrize(("title", "voice", "issuer", "prefecture", "level"), [
    # Places whose names start with a level word are places, not 市 + 中区 or 镇 + 江市.
    ("市中区2023年法治政府建设情况报告", "区政府", "济南市市中区人民政府", "济南市", Level.county),
    ("市北区司法局2023年法治政府建设年度报告", "区司法局", "青岛市市北区司法局", "青岛市", Level.county),
    ("镇江市司法局2023年法治政府建设年度报告", "市司法局", "镇江市司法局", "镇江市", Level.prefecture),
    ("镇海区2023年法治政府建设年度报告", "区政府", "宁波市镇海区人民政府", "宁波市", Level.county),
    ("镇原县2023年法治政府建设年度报告", "我县", "镇原县人民政府", "庆阳市", Level.county),
    ("乡宁县人民政府关于2023年法治政府建设情况的报告", "县政府", "乡宁县人民政府", "临汾市", Level.county),
])
def test_a_place_named_with_a_level_word_first_is_that_place(title: str, voice: str, issuer: str,
                                                             prefecture: str, level: Level) -> None:
    text = (f"{title}\n2023年,{voice}坚持以习近平法治思想为指导,扎实推进法治政府建设。"
            "现将有关情况报告如下:\n一、主要举措和成效")
    url = "http://www.jnsz.gov.cn/art/2024/3/5/art_1.html" if title.startswith("市中区") else None
    facts = extract(page(text, url=url))
    assert (facts.issuer, facts.region.prefecture, facts.level) == (issuer, prefecture, level)


def test_a_relative_body_takes_its_district_from_the_source_line_even_a_generic_one() -> None:
    # 区政府 speaks; the 来源 line names 内江市市中区 (市中区 alone is five districts).
    text = ("2023年,区政府坚持以习近平法治思想为指导,扎实推进依法行政。现将我区2023年度法治政府建设情况"
            "报告如下:\n一、主要举措和成效")
    facts = extract(page(text, source="内江市市中区司法局"))
    expected = ("内江市市中区人民政府", "内江市", Level.county)
    assert (facts.issuer, facts.region.prefecture, facts.level) == expected


@pytest.mark.parametrize(("title", "issuer", "province", "level"), [
    # A central body's local branch is named after it, then its place: the place is the branch's.
    ("国家税务总局深圳市税务局2023年法治政府建设情况报告", "国家税务总局深圳市税务局", "广东省",
     Level.prefecture),
    ("国家税务总局青田县税务局2023年法治政府建设情况报告", "国家税务总局青田县税务局", "浙江省",
     Level.county),
    ("国家税务总局2023年法治政府建设年度报告", "国家税务总局", None, None),
    # A central body under its official short name is named formally, and has no province.
    ("市场监管总局2023年法治政府建设年度报告", "国家市场监督管理总局", None, None),
    ("人力资源社会保障部2023年法治政府建设年度报告", "人力资源和社会保障部", None, None),
])
def test_a_central_body_and_its_local_branches(title: str, issuer: str, province: str | None,
                                               level: Level | None) -> None:
    text = f"{title}\n2023年,我局坚持以习近平法治思想为指导,推进法治建设。现将有关情况报告如下:\n一、主要举措"
    facts = extract(page(text))
    assert (facts.issuer, facts.region.province) == (issuer, province)
    assert facts.issuer_kind == IssuerKind.department
    if level is not None:
        assert facts.level == level


@pytest.mark.parametrize("honour", ["被命名为首批浙江省法治政府建设示范县", "获评浙江省法治政府建设示范县"])
def test_an_honour_after_a_year_is_no_subject(honour: str) -> None:
    # "2020年被命名为…" opens no sentence about its subject: 被命名为首批浙江省 is no issuer.
    text = (f"嘉善县地处长三角。2020年{honour}。\n2023年,嘉善县坚持以习近平法治思想为指导,推进法治政府建设。"
            "现将有关情况报告如下:\n一、主要举措")
    assert extract(page(text)).issuer == "嘉善县人民政府"


@pytest.mark.parametrize(("title", "issuer"), [
    # Banners go by official short forms that keep their 旗: the issuer is the banner's formal name.
    ("科右前旗2023年法治政府建设年度报告", "科尔沁右翼前旗人民政府"),
    ("达茂旗人民政府2023年法治政府建设工作报告", "达尔罕茂明安联合旗人民政府"),
    ("阿左旗司法局2023年法治政府建设工作报告", "阿拉善左旗司法局"),
])
def test_a_banner_named_by_its_short_form_gets_its_formal_name(title: str, issuer: str) -> None:
    text = f"{title}\n2023年,旗人民政府坚持以习近平法治思想为指导,全面推进依法行政。现将有关情况报告如下:"
    facts = extract(page(text))
    assert (facts.issuer, facts.region.province) == (issuer, "内蒙古自治区")


@pytest.mark.parametrize(("title", "issuer"), [
    ("青海省交通厅2023年法治政府建设年度报告", "青海省交通运输厅"),
    ("阿里地区行署2023年度法治政府建设情况报告", "阿里地区行政公署"),
    ("隆德县政府办公室2023年度法治政府建设工作报告", "隆德县人民政府办公室"),
    ("甘肃省政府国资委2023年法治政府建设情况报告", "甘肃省人民政府国有资产监督管理委员会"),
    # A place's 国资委 is its government's special body, written with or without 政府.
    ("广西壮族自治区国资委2023年法治政府建设情况报告", "广西壮族自治区人民政府国有资产监督管理委员会"),
    ("成都市国有资产监督管理委员会2023年法治政府建设情况报告", "成都市人民政府国有资产监督管理委员会"),
    # A province's 市场监督管理厅 written short.
    ("西藏自治区市场监管厅2023年法治政府建设情况报告", "西藏自治区市场监督管理厅"),
    # A city's commissions for urban management, by their usual short forms.
    ("武汉市城管执法委2023年度法治政府建设情况报告", "武汉市城市管理执法委员会"),
    ("北京市城管委2023年法治政府建设年度报告", "北京市城市管理委员会"),
])
def test_short_forms_of_government_bodies_get_their_formal_names(title: str, issuer: str) -> None:
    text = f"{title}\n2023年,我们坚持以习近平法治思想为指导,全面推进依法行政。现将有关情况报告如下:"
    assert extract(page(text.replace("我们", title[:title.index("2023")]))).issuer == issuer


def test_a_town_report_takes_its_district_and_city_from_a_breadcrumb_rooted_at_the_site() -> None:
    text = ("2023年,三营镇在区委、区政府的正确领导下,认真落实法治政府建设各项任务。"
            "现将有关工作情况报告如下:\n一、主要工作开展情况")
    sited = CleanedPage(paragraphs=text.splitlines(), title="三营镇2023年法治政府建设工作报告",
                        column="固原市原州区人民政府 > 信息公开 > 乡镇信息公开 > 三营镇")
    facts = extract(sited)
    assert (facts.issuer, facts.region.province) == ("固原市原州区三营镇人民政府", "宁夏回族自治区")


def test_an_autonomous_county_written_short_in_running_text_places_a_town() -> None:
    # 互助县 is how pages write 互助土族自治县: the town's county, named formally.
    text = ("威远镇2023年法治政府建设情况报告\n2023年,威远镇在互助县委、县政府的坚强领导下,"
            "坚持以习近平法治思想为指导,扎实推进法治政府建设。现将有关情况报告如下:")
    facts = extract(page(text))
    assert (facts.issuer, facts.region.province) == ("互助土族自治县威远镇人民政府", "青海省")
    # The page's 我县 is still the county's formal name.
    voice = extract(page("2023年,我县坚持以习近平法治思想为指导,在互助县委的领导下推进法治政府建设。"
                         "现将有关情况报告如下:"))
    assert voice.issuer == "互助土族自治县人民政府"


@pytest.mark.parametrize("prefix", ["乐鱼官网_", "某某体育-", "XX网|"])
def test_a_mirrors_prefix_before_the_issuers_name_is_no_part_of_it(prefix: str) -> None:
    text = (f"{prefix}泸州市司法局2023年法治政府建设年度报告\n2023年,泸州市司法局坚持以习近平法治思想为指导,"
            "全面推进依法行政。现将有关情况报告如下:")
    facts = extract(page(text))
    assert (facts.issuer, facts.region.province) == ("泸州市司法局", "四川省")


@pytest.mark.parametrize(("head", "issuer"), [
    # The site's own name on a line of its own, the body naming the city above it as its superior.
    ("永康市人民政府网\n", "永康市人民政府"),
    ("永康市人民政府 信息公开\n", "永康市人民政府"),
    # A document's red header names who speaks.
    ("永康市人民政府文件\n永政〔2024〕3号\n", "永康市人民政府"),
])
def test_the_sites_name_or_a_red_header_tells_the_speakers_place(head: str, issuer: str) -> None:
    text = (f"{head}2023年,市政府坚持以习近平法治思想为指导,"
            "认真落实中央、省和金华市关于法治政府建设的决策部署,法治政府建设取得新成效。现将有关情况报告如下:\n一、主要举措和成效")
    facts = analyze_text(text).facts
    assert (facts.issuer, facts.level) == (issuer, Level.county)


def test_a_joint_red_header_names_the_joint_voice() -> None:
    text = ("中共遂昌县委 遂昌县人民政府文件\n遂委〔2024〕6号\n关于2023年度法治政府建设情况的报告\n"
            "市委、市政府:\n"
            "2023年,县委、县政府坚持以习近平新时代中国特色社会主义思想为指导,统筹推进法治政府建设各项工作。"
            "现将有关情况报告如下:\n一、主要举措和成效")
    analysis = analyze_text(text)
    assert analysis.verdict.is_report, analysis.verdict.reasons
    assert analysis.facts.issuer == "中共遂昌县委、遂昌县人民政府"


def test_an_excerpt_begun_mid_report_naming_only_a_towns_party_committee_is_the_towns() -> None:
    # No title, no opening year, no 我街道: the 街道's 党工委 leading the work tells whose report it is.
    text = ("一、2025年度推进法治政府建设的主要举措和成效\n"
            "（一）坚持党的领导。小溪塔街道党工委始终把法治建设摆在全局工作的重要位置，主持召开党工委会议专题研究"
            "法治工作4次。\n（二）依法科学民主决策。全年审查合同协议、决策事项共64件。\n")
    facts = extract(page(text))
    assert (facts.issuer, facts.level) == ("宜昌市夷陵区小溪塔街道办事处", Level.township)


@pytest.mark.parametrize(("title", "issuer"), [
    ("江山市贺村镇党委 江山市贺村镇人民政府关于2023年度法治政府建设工作情况的报告",
     "中共江山市贺村镇委员会、江山市贺村镇人民政府"),
    ("广州市规划资源局2023年法治政府建设年度报告", "广州市规划和自然资源局"),
])
def test_a_towns_party_committee_and_a_merged_bureau_get_their_formal_names(title: str, issuer: str) -> None:
    text = f"{title}\n2023年,我们坚持以习近平法治思想为指导,全面推进依法行政。现将有关情况报告如下:"
    assert extract(page(text.replace("我们", title[:title.index("2023")]))).issuer == issuer


def test_the_publishing_body_tells_the_speakers_place_where_no_site_does() -> None:
    text = ("索引号:000014348/2024-00123 发布机构:邵东市人民政府办公室 生成日期:2024-02-28\n"
            "2023年,市人民政府坚持以习近平法治思想为指导,认真落实省委、省政府和邵阳市委、市政府关于法治政府建设的"
            "部署要求。现将有关情况报告如下。\n一、主要工作举措及成效")
    facts = analyze_text(text).facts
    assert (facts.issuer, facts.level) == ("邵东市人民政府", Level.county)


def test_a_bureau_speaking_as_wo_ju_named_after_the_lead_verb_takes_its_addressees_place() -> None:
    # 我局 … 现将市交通运输局…报告如下, addressed to 宜都市人民政府: the 局 is 宜都市's.
    text = ("宜都市人民政府:\n2023年,我局在市委、市政府的坚强领导下,全面落实法治政府建设各项任务。"
            "现将市交通运输局2023年度法治政府建设情况报告如下:\n一、主要工作及成效")
    facts = extract(page(text))
    assert (facts.issuer, facts.region.county) == ("宜都市交通运输局", "宜都市")


def test_a_title_whose_place_a_mirror_cut_out_names_no_issuer() -> None:
    # 人民政府关于… (the brand stood where the county was): the opening's subject names the county.
    text = ("人民政府关于2023年度法治政府建设情况的报告\n"
            "2023年，涉县人民政府在邯郸市委、市政府和县委的坚强领导下，扎实推进法治政府建设，"
            "现将有关情况报告如下：\n一、主要举措和成效\n")
    record = analyze_text(text).record("t")
    assert (record.issuer, record.province) == ("涉县人民政府", "河北省")


@pytest.mark.parametrize(("title", "issuer", "province"), [
    ("南宁海关2023年法治政府建设年度报告", "南宁海关", "广西壮族自治区"),
    # not 广州市黄埔海关: a customs district is no district's body
    ("黄埔海关关于2023年度法治政府建设情况的报告", "黄埔海关", "广东省"),
])
def test_a_customs_district_is_a_department_named_alone(title: str, issuer: str, province: str) -> None:
    name = issuer.removesuffix("海关")
    text = (f"{title}\n2023年，{name}海关坚持依法把关、依法服务，全面推进法治海关建设。"
            "现将有关情况报告如下。\n一、主要举措和成效\n")
    record = analyze_text(text).record("t")
    assert (record.issuer, record.issuer_kind, record.province) == (issuer, IssuerKind.department, province)


def test_the_site_named_above_its_breadcrumb_places_a_relative_department() -> None:
    # 市住建局 on 昆山市人民政府's site: the county-level city, not 苏州市 its body names as a superior.
    text = ("昆山市人民政府\n首页 > 信息公开 > 部门信息公开 > 市住房城乡建设局\n"
            "市住建局2022年度法治政府建设工作情况报告\n发布时间：2023-02-10   来源：市住建局\n"
            "2022年，市住建局坚持以习近平法治思想为指导，全面贯彻落实中央、省、苏州市和我市关于法治政府建设的"
            "部署要求。现将有关情况报告如下：\n一、主要工作及成效\n")
    assert analyze_text(text).record("t").issuer == "昆山市住房和城乡建设局"


def test_we_on_a_site_whose_place_name_another_place_shares_is_the_sites_place() -> None:
    # 城关区 is 拉萨's and 兰州's; on 拉萨市城关区's portal, posted by 区司法局, 我区 is the site's district,
    # and 我区 could also be an autonomous region's (西藏自治区) word for itself.
    text = ("拉萨市城关区人民政府门户网站\n首页 > 政务公开 > 通知公告\n2025年法治政府建设年度报告\n"
            "时间：2026年03月30日  来源：区司法局\n"
            "2025年，我区在区委、区政府的坚强领导下，坚持以习近平法治思想为指引，统筹推进法治政府建设。"
            "现将全年工作情况报告如下。\n一、主要举措和成效\n")
    record = analyze_text(text).record("t")
    assert (record.issuer, record.province) == ("拉萨市城关区人民政府", "西藏自治区")


@pytest.mark.parametrize(("site", "issuer"), [
    # The site spells the body otherwise than the usual full name of its short form.
    ("厦门市城市管理行政执法局", "厦门市城市管理行政执法局"),
    # A site that spells it the usual way, or names another body, or none: the usual full name.
    ("厦门市城市管理和综合执法局", "厦门市城市管理和综合执法局"),
    ("厦门市人民政府", "厦门市城市管理和综合执法局"),
    (None, "厦门市城市管理和综合执法局"),
])
def test_a_body_named_by_its_short_form_takes_the_sites_own_full_name(site: str | None, issuer: str) -> None:
    text = ("厦门市城管执法局2023年度法治政府建设工作报告\n"
            "2023年，市城管执法局推动城市管理执法工作规范化、法治化。现将我局2023年度法治政府建设工作情况报告如下：\n"
            "一、推进法治政府建设的主要举措和成效\n")
    page = CleanedPage(paragraphs=text.splitlines(), site_name=site)
    assert extract(page).issuer == issuer


@pytest.mark.parametrize(("opening", "issuer"), [
    # The opening spells the body the title names by its short form: its own name, not the usual one.
    ("2025年，区城市管理局在区委、区政府的坚强领导下", "郑州市金水区城市管理局"),
    ("2025年，区城市管理和综合执法局在区委、区政府的坚强领导下", "郑州市金水区城市管理和综合执法局"),
    ("2025年，我局在区委、区政府的坚强领导下", "郑州市金水区城市管理和综合执法局"),
])
def test_a_body_named_by_its_level_word_and_short_form_takes_the_openings_spelling(opening: str,
                                                                                   issuer: str) -> None:
    text = (f"区城管局2025年度法治政府建设工作报告\n{opening}，坚持以习近平法治思想为指导。"
            "现将有关情况报告如下：\n一、主要举措和成效\n")
    page = CleanedPage(paragraphs=text.splitlines(), site_name="郑州市金水区人民政府",
                       url="https://www.jinshui.gov.cn/zwgk/bmxxgk/202603/t20260310_1.html")
    assert extract(page).issuer == issuer
    # An informal spelling in the opening is still written formally (市政府办 … 市政府办公室).
    office = CleanedPage(paragraphs=["市政府办2025年度法治政府建设工作报告",
                                     "2025年，市政府办公室在市委、市政府的坚强领导下，扎实推进法治建设。现将有关情况报告如下："],
                         site_name="株洲市人民政府")
    assert extract(office).issuer == "株洲市人民政府办公室"


@pytest.mark.parametrize(("short", "formal", "province"), [
    ("威宁自治县", "威宁彝族回族苗族自治县人民政府", "贵州省"),
    ("湘西自治州", "湘西土家族苗族自治州人民政府", "湖南省"),
    # Short forms another unit shares, with the level word only the autonomous one has: 甘南县 is a
    # county of 黑龙江, 本溪市 the city above 本溪满族自治县, 红河县 a county of 红河州 itself.
    ("甘南州", "甘南藏族自治州人民政府", "甘肃省"),
    ("本溪县", "本溪满族自治县人民政府", "辽宁省"),
    ("红河州", "红河哈尼族彝族自治州人民政府", "云南省"),
])
def test_an_autonomous_unit_by_its_short_form_and_its_autonomy_word(short: str, formal: str,
                                                                     province: str) -> None:
    text = (f"{short}人民政府关于2023年度法治政府建设情况的报告\n"
            f"2023年，{short}坚持依法行政，现将有关情况报告如下：\n")
    record = analyze_text(text).record("t")
    assert (record.issuer, record.province) == (formal, province)


def test_a_tag_the_title_repeats_is_not_part_of_the_issuer() -> None:
    text = ("[晋江市人力资源和社会保障局]晋江市人力资源和社会保障局2024年度法治政府建设工作报告\n"
            "2024年，我局坚持以习近平法治思想为指导，现将有关情况报告如下：\n")
    assert analyze_text(text).record("t").issuer == "晋江市人力资源和社会保障局"


@pytest.mark.parametrize(("title", "issuer"), [
    ("后沙峪镇2023年法治政府建设年度情况报告", "北京市顺义区后沙峪镇人民政府"),
    ("南磨房乡人民政府关于2023年度法治政府建设情况的报告", "北京市朝阳区南磨房乡人民政府"),
])
def test_a_beijing_town_that_is_also_an_area_office(title: str, issuer: str) -> None:
    # Beijing lists 后沙峪 and 南磨房 as area offices (后沙峪地区); their pages write 镇 or 乡, and the
    # source line may add the office in brackets (来源：后沙峪镇（地区）).
    text = (f"{title}\n发布日期：2024-03-22　　来源：{title[:3]}镇（地区）\n"
            f"2023年，{title[:3]}坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下：\n")
    assert analyze_text(text).record("t").issuer == issuer


def test_a_streets_report_on_its_districts_site_is_the_streets() -> None:
    # The district's name heads the site; the title names no body; the source and 我街道 say who speaks.
    text = ("重庆市万州区人民政府\n首页 > 政务公开 > 镇乡街道 > 高笋塘街道 > 法治政府建设\n"
            "2024年法治政府建设年度报告\n发布日期：2025-01-24    来源：高笋塘街道办事处\n"
            "2024年，我街道在区委、区政府的坚强领导下，扎实推进法治政府建设。现将有关情况报告如下：\n")
    record = analyze_text(text, "http://www.wz.gov.cn/zwgk/t20250124_1.html").record("t")
    assert record.issuer == "重庆市万州区高笋塘街道办事处" and record.level == "township"


def test_this_bureau_on_its_own_site_is_the_bureau_the_site_names() -> None:
    text = ("青岭市机关事务管理局\n网站首页    机构概况    信息公开    公共机构节能    公务用车\n"
            "首页 > 信息公开 > 法治政府建设\n2023年度法治政府建设情况报告\n日期：2024-02-27    来源：本局\n"
            "2023年，本局在市委、市政府的坚强领导下，深入学习贯彻习近平法治思想。现将有关情况报告如下：\n")
    assert analyze_text(text).record("t").issuer == "青岭市机关事务管理局"


@pytest.mark.parametrize(("written", "formal"), [
    # A body before the 2018-2019 reform keeps its own formal name, not its successor's.
    ("宜春市工商局2017年度", "宜春市工商行政管理局"),
    ("宜昌市卫生计生委2017年度", "宜昌市卫生和计划生育委员会"),
    ("南昌市卫计委2017年度", "南昌市卫生和计划生育委员会"),
    # A 街道's office written without 街道 (the zone it lies in is named as its county is).
    ("明湖办事处2025年度", "郑州经济技术开发区明湖街道办事处"),
    # Short forms of today's bodies: 市监局, a government's 政府办.
    ("兰考县市监局2025年度", "兰考县市场监督管理局"), ("株洲市政府办2024年度", "株洲市人民政府办公室"),
    ("合肥市政府法制办2017年度", "合肥市人民政府法制办公室"), ("青岭县环保局2017年度", "青岭县环境保护局"),
    # A city's 市中区 (市北区) written with the city's 市 shared: the district's own name.
    ("内江市中区人民政府关于2023年度", "内江市市中区人民政府"),
    ("青岛市北区司法局关于2023年度", "青岛市市北区司法局"),
])
def test_a_body_written_informally_gets_its_own_formal_name(written: str, formal: str) -> None:
    text = f"{written}法治政府建设情况的报告\n这一年，我们坚持依法行政，现将有关情况报告如下：\n"
    assert analyze_text(text).record("t").issuer == formal


def test_a_sumus_party_committee_is_formally_named_as_a_towns() -> None:
    # Untitled, so the opening's joint voice is the issuer.
    text = ("2022年，红格尔苏木党委、政府在旗委、旗政府的正确领导下，"
            "扎实推进法治政府建设，现将有关情况报告如下：\n一、主要举措和成效\n")
    record = analyze_text(text, "http://www.szwq.gov.cn/xxgk/t20230112_1.html").record("t")
    assert record.issuer == "中共四子王旗红格尔苏木委员会、四子王旗红格尔苏木人民政府"


def test_a_town_the_table_lacks_is_named_as_a_towns_government() -> None:
    text = ("天津市滨海新区人民政府\n首页 > 政务公开 > 街镇信息 > 泰达街道\n"
            "泰达街道2021年法治政府建设年度报告\n发布时间：2022-02-25 来源：泰达街道办事处\n"
            "2021年，泰达街道在新区区委、区政府的坚强领导下，扎实推进法治政府建设。现将有关情况报告如下：\n")
    record = analyze_text(text, "http://www.tjbh.gov.cn/contents/14012/503217.html").record("t")
    assert record.issuer == "天津市滨海新区泰达街道办事处" and record.level == "township"


@pytest.mark.parametrize("zone", ["宁东基地", "青岭湖风景区", "青岭综合保税区", "青岭港区"])
def test_a_zone_committee_with_no_place_in_its_name_is_local_and_takes_the_sites_province(zone: str) -> None:
    # Taken for a central body (a 委 with no place), it had no province at all.
    text = (f"{zone}管委会2025年度法治政府建设情况报告\n2025年，{zone}管委会在自治区党委、政府的坚强领导下，"
            "坚持以习近平法治思想为指导。现将有关情况报告如下：\n一、主要举措和成效")
    facts = analyze_text(text, "https://qingling.nx.gov.cn/xxgk/202603/t20260326_1.html").facts
    assert facts is not None and facts.issuer == f"{zone}管理委员会"
    assert facts.issuer_kind is IssuerKind.department and facts.region.province == "宁夏回族自治区"


@pytest.mark.parametrize(("title", "issuer", "province"), [
    ("柳州市税务局2025年法治政府建设工作情况报告", "国家税务总局柳州市税务局", "广西壮族自治区"),
    ("国家税务总局柳州市税务局2025年法治政府建设工作情况报告", "国家税务总局柳州市税务局", "广西壮族自治区"),
    ("宁波调查队2025年法治政府建设情况报告", "国家统计局宁波调查队", "浙江省"),
    ("中华人民共和国黄埔海关2025年法治政府建设年度报告", "中华人民共和国黄埔海关", "广东省"),
    ("中共温州市委政法委2025年法治建设工作情况报告", "中共温州市委政法委员会", "浙江省"),
])
def test_a_national_systems_and_a_party_committees_bodies_by_their_formal_names(
        title: str, issuer: str, province: str) -> None:
    text = (f"{title}\n2025年，我局在上级和省委、省政府的领导下，坚持以习近平法治思想为指导。"
            "现将有关情况报告如下：\n一、主要举措和成效")
    facts = analyze_text(text).facts
    assert facts is not None and facts.issuer == issuer and facts.issuer_kind is IssuerKind.department
    assert facts.region.province == province


def test_a_zone_committee_named_short_takes_the_full_name_its_opening_or_site_gives() -> None:
    opening = ("青岭高新区2025年法治政府建设年度报告\n"
               "2025年，青岭高新技术产业开发区管理委员会深入贯彻习近平法治思想，推动法治政府建设取得新成效。现将有关情况报告如下：\n一、主要举措和成效")
    facts = analyze_text(opening).facts
    assert facts is not None and facts.issuer == "青岭高新技术产业开发区管理委员会"
    site = ("陕西省西咸新区开发建设管理委员会\n首页 > 政务公开 > 法治政府建设\n"
            "西咸新区2025年法治政府建设年度报告\n2025年，新区坚持以习近平法治思想为指导。现将有关情况报告如下：\n一、主要举措和成效")
    facts = analyze_text(site).facts
    assert facts is not None and facts.issuer == "陕西省西咸新区开发建设管理委员会"
    assert facts.region.province == "陕西省"
    # Named short everywhere: the short form, as the page writes it.
    short = ("合肥高新区2025年法治政府建设年度报告\n2025年，高新区管委会坚持依法行政。现将情况报告如下：\n"
             "一、主要举措")
    facts = analyze_text(short).facts
    assert facts is not None and facts.issuer == "合肥高新区管理委员会"


def test_a_league_by_its_first_character_is_the_league() -> None:
    text = "锡盟2025年法治政府建设年度报告\n2025年，盟行政公署坚持依法行政。现将有关情况报告如下："
    facts = extract(page(text))
    assert (facts.issuer, facts.level) == ("锡林郭勒盟行政公署", Level.prefecture)


def test_a_sumu_the_table_spells_with_xiang_is_that_sumu() -> None:
    # The region table lists 苏力德苏木 as 苏力德苏木乡; 苏木 alone is a 乡 of 杞县 too.
    text = ("中共苏力德苏木委员会 苏力德苏木人民政府关于2025年度法治政府建设工作情况的报告\n"
            "2025年，苏力德苏木党委、政府在旗委、旗政府的坚强领导下扎实推进法治建设。现将有关情况报告如下。")
    facts = extract(page(text, url="http://www.wsq.gov.cn/zwgk/smz/sldsm/202602/t20260220_1.html")
                    .model_copy(update={"site_name": "乌审旗人民政府"}))
    assert facts.region.county == "乌审旗"
    assert facts.issuer == "中共乌审旗苏力德苏木委员会、乌审旗苏力德苏木人民政府"


def test_an_excerpt_beginning_late_takes_its_year_from_the_plan_heading_minus_one() -> None:
    # The only year shown is the next year's plan's (四、2026年工作打算 / 2026年，浏阳市将…).
    text = ("（五）加强法治宣传教育。开展“法律进企业”活动136场"
            "。\n二、存在的不足\n一是基层执法力量相对薄弱。\n"
            "三、党政主要负责人履行推进法治建设第一责任人职责情况\n市委、市政府主要负责同志认真履职。\n"
            "四、2026年工作打算\n2026年，浏阳市将紧紧围绕长沙市委、市政府部署，持续推进法治政府建设。")
    assert extract(page(text)).report_year == 2025
    # A heading of the year's own work with 重点 is no plan.
    worked = "一、2025年重点工作推进情况\n2025年，全市扎实推进法治政府建设，审查规范性文件12件。"
    assert extract(page(worked)).report_year == 2025


@pytest.mark.parametrize(("source", "issuer"), [
    # A short form of no known full name takes the spelling of the page's 发文机关 row.
    ("琼海市旅游和文化广电体育局", "琼海市旅游和文化广电体育局"),
    # A row naming another body, or none: the short form stands.
    ("琼海市人民政府办公室", "琼海市旅文局"),
    (None, "琼海市旅文局"),
])
def test_a_short_form_of_no_known_full_name_takes_a_rows_spelling(source: str | None, issuer: str) -> None:
    text = ("市旅文局2025年度法治政府建设工作报告\n"
            "2025年，市旅文局在市委、市政府的正确领导下，深入学习贯彻习近平法治思想。现将有关情况报告如下：\n"
            "一、主要工作举措及成效\n")
    page = CleanedPage(paragraphs=text.splitlines(), site_name="琼海市人民政府", source=source)
    assert extract(page).issuer == issuer
