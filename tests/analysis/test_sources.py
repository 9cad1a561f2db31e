"""sources: own portal vs another government vs republication vs spam/template, from host and page."""

from __future__ import annotations

import pytest

from schemas import CleanedPage, Region, ReportFacts, SourceKind
from streams.analysis.sources import (
    has_spam_cues,
    host_of,
    is_government_host,
    names_no_body,
    place_names,
    source_kind,
)

BODY = ["2023年,我局坚持以习近平法治思想为指导,推进法治政府建设。现将有关情况报告如下:"]


def page(url: str | None, *, site_name: str | None = None, source: str | None = None,
         paragraphs: list[str] | None = None) -> CleanedPage:
    return CleanedPage(url=url, site_name=site_name, source=source, paragraphs=paragraphs or BODY)


def facts(issuer: str | None = None, **region: str) -> ReportFacts:
    return ReportFacts(issuer=issuer, region=Region(**region))


@pytest.mark.parametrize("url,host", [
    ("http://www.qinghe.gov.cn/art/2024/1/2/art_1_2.html", "www.qinghe.gov.cn"),
    ("HTTPS://WWW.Example.GOV.CN./a", "www.example.gov.cn"),
    ("www.qinghe.gov.cn/zwgk/", "www.qinghe.gov.cn"),
    ("", None),
    (None, None),
    ("http://[::1", None),
])
def test_host_of(url: str | None, host: str | None) -> None:
    assert host_of(url) == host


def test_government_hosts() -> None:
    assert is_government_host("sfj.qinghe.gov.cn")
    assert is_government_host("www.court.gov.cn")
    assert not is_government_host("gov.cn.example.com")
    assert not is_government_host("news.example.com")
    assert not is_government_host(None)


def test_no_url_and_no_cue_is_unknown() -> None:
    assert source_kind(page(None))[0] == SourceKind.unknown


def test_spam_cues_win_even_on_a_government_looking_copy() -> None:
    spam = page("http://www.qinghe.gov.cn/a.html", paragraphs=["IM体育平台 版权所有", *BODY])
    kind, reason = source_kind(spam)
    assert kind == SourceKind.spam_or_template
    assert reason == "source:spam_cues"
    assert has_spam_cues(page(None, paragraphs=["2023年,bbin体育:坚持以习近平法治思想为引领"]))
    assert not has_spam_cues(page(None, paragraphs=["县体育局2023年法治政府建设情况报告", *BODY]))


def test_template_flag_marks_a_template_source() -> None:
    kind, _ = source_kind(page("https://www.example.com/1.html"), template=True)
    assert kind == SourceKind.spam_or_template


def test_site_name_naming_the_issuer_place_is_own_portal() -> None:
    found = page("http://www.qinghe.gov.cn/zwgk/t20240301_1.html", site_name="清河县人民政府")
    kind, reason = source_kind(found, facts("清河县交通运输局", province="福山省", county="清河县"))
    assert kind == SourceKind.own_portal
    assert reason == "source:site_names_issuer_place"


def test_report_on_another_governments_site_is_other_government() -> None:
    found = page("http://www.gaotang.gov.cn/zwgk/t20240611_1.html", site_name="高塘县人民政府")
    kind, _ = source_kind(found, facts("福山省人民政府", province="福山省"))
    assert kind == SourceKind.other_government


def test_province_portal_domain_is_compared_with_the_issuer_province() -> None:
    found = page("http://agri.hunan.gov.cn/xxgk/t20240131_1.html")
    assert source_kind(found, facts("湖南省农业农村厅", province="湖南省"))[0] == SourceKind.own_portal
    assert source_kind(found, facts("广州市司法局", province="广东省"))[0] == SourceKind.other_government


def test_central_ministry_host_is_compared_with_the_issuer() -> None:
    found = page("https://fgs.moa.gov.cn/zfjd/202503/t20250312_1.htm")
    assert source_kind(found, facts("农业农村部"))[0] == SourceKind.own_portal
    assert source_kind(found, facts("某省农业农村厅"))[0] == SourceKind.other_government


def test_government_host_without_evidence_is_own_portal_unverified() -> None:
    kind, reason = source_kind(page("http://www.qinghe.gov.cn/a.html"))
    assert kind == SourceKind.own_portal
    assert reason == "source:gov_host_unverified"


def test_news_site_is_republication() -> None:
    kind, reason = source_kind(page("http://www.chinanews.com.cn/gn/2024/03-29/1.shtml"))
    assert kind == SourceKind.republication
    assert reason == "source:news_or_document_site"


def test_government_cms_address_on_a_foreign_host_is_a_mirror() -> None:
    kind, reason = source_kind(page("https://mirror-example.net/xxgk/fzzfjsndbg/202403/t20240304_1848689.html"))
    assert kind == SourceKind.spam_or_template
    assert reason == "source:mirror_of_government_page"


def test_other_non_government_host_is_republication() -> None:
    assert source_kind(page("https://www.example.com/article/123.html"))[0] == SourceKind.republication


def test_place_names_with_and_without_suffix() -> None:
    names = place_names(facts(province="广东省", prefecture="茂名市", county="高州市"))
    assert names[:2] == ["高州市", "高州"]
    assert "广东" in names
    assert place_names(None) == []


def test_never_raises() -> None:
    assert source_kind(CleanedPage(url="http://[broken"))[0] in set(SourceKind)


def test_division_table_compares_host_place_with_issuer_place() -> None:
    from streams.analysis import regions  # committed data: a missing table must fail, not skip

    regions.table()
    county_site = page("http://www.gaotai.gov.cn/zfxxgk/t20240611_1.html")
    provincial = facts("甘肃省人民政府", province="甘肃省")
    assert source_kind(county_site, provincial)[0] == SourceKind.other_government
    city_site = page("http://jyj.suizhou.gov.cn/zwgk/t20240320_1.shtml")
    city_bureau = facts("随州市教育局", province="湖北省", prefecture="随州市")
    assert source_kind(city_site, city_bureau) == (SourceKind.own_portal, "source:host_names_issuer_place")


@pytest.mark.parametrize(("url", "issuer", "region"), [
    # Province portals the pinyin cannot read (gd: no place's initials alone; cq: 城区's): the domain table
    # knows them, as the region evidence does.
    ("http://sft.gd.gov.cn/sfw/zwgk/content/post_1.html", "广东省司法厅", {"province": "广东省"}),
    ("https://www.cq.gov.cn/zwgk/zfxxgkml/t20240329_1.html", "重庆市人民政府", {"province": "重庆市"}),
])
def test_a_host_the_domain_table_knows_is_compared_by_its_place(url: str, issuer: str,
                                                               region: dict[str, str]) -> None:
    assert source_kind(page(url), facts(issuer, **region)) == (SourceKind.own_portal,
                                                                "source:host_names_issuer_place")
    # The province's portal reposting a county's report is another government's site.
    county = facts("青田县人民政府", province="浙江省", prefecture="丽水市", county="青田县")
    assert source_kind(page(url), county)[0] == SourceKind.other_government


def test_site_name_of_a_bureau_without_place_does_not_decide_other_government() -> None:
    found = page("http://www.example.gov.cn/a.html", site_name="区统计局")
    assert source_kind(found, facts("某区统计局", province="湖北省"))[0] == SourceKind.own_portal


SAMPLE_SITE = "https://www.wenkuzhan.com/gongzuobaogao/1.html"


@pytest.mark.parametrize("issuer", [None, "教育体育局", "镇人民政府", "县司法局", "中共县委、县人民政府",
                                    "本市司法局", "自治区人民政府", "某县司法局", "XX县司法局", "××区教育局"])
def test_an_issuer_named_without_its_place_off_government_sites_names_no_body(issuer: str | None) -> None:
    unnamed = facts(issuer)
    assert names_no_body(page(SAMPLE_SITE), unnamed)
    assert names_no_body(page(None), unnamed)
    assert not names_no_body(page("http://www.qinghe.gov.cn/art/2024/1/2/art_1_2.html"), unnamed)


@pytest.mark.parametrize("issuer", ["司法部", "国家税务总局", "国务院办公厅", "应急管理部",
                                    "青岭县司法局", "武汉经开区统计局", "中共长春市委、长春市人民政府"])
def test_a_central_body_or_a_place_the_table_lacks_is_a_named_body(issuer: str) -> None:
    assert not names_no_body(page(SAMPLE_SITE), ReportFacts(issuer=issuer, issuers=issuer.split("、")))


def test_a_place_found_anywhere_is_a_named_body() -> None:
    assert not names_no_body(page(SAMPLE_SITE), facts("县司法局", province="河北省", county="清河县"))


def test_a_copy_whose_names_spam_replaced_is_not_a_sample() -> None:
    injected = page(None, paragraphs=["2023年,bbin体育:坚持以习近平法治思想为引领,推进法治政府建设。"])
    assert not names_no_body(injected, facts(None))
