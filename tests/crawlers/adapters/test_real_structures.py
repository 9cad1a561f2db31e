"""The list structures seen on real sites (DOMAIN.md §4), on full-size fixture pages: items (address,
title, date), page count and the addresses of the following pages."""

from __future__ import annotations

from datetime import date

from crawlers.adapters import parse_list

from ._pages import (
    HANWEB_JPAGE_URL,
    REVERSE_COLUMN,
    TRS_PAGE_DIV_URL,
    TRS_POLICY_URL,
    TRS_SAVED_URL,
    WEBPLUS_URL,
    page,
)


def test_trs_page_div_pager_and_entries_written_by_script() -> None:
    # createPageHTML('page_div',5,1,'fg','shtml',89); every entry printed by document.write.
    listed = parse_list(None, TRS_PAGE_DIV_URL, page("trs_page_div_fg_1.shtml"), "text/html")
    assert listed.ok and listed.cms == "trs"
    assert len(listed.items) == 20
    first, second = listed.items[:2]
    assert first.url == "https://www.mee.gov.cn/ywgz/fgbz/fg/202404/t20240430_1071836.shtml"
    assert first.title == "生态环境部关于印发《生态环境行政处罚办法》配套文书格式的通知"
    assert first.date == date(2024, 4, 30)
    # An entry whose attachment is set links the file (the branch a browser takes), full title kept.
    assert second.url == "https://www.mee.gov.cn/ywgz/fgbz/fg/202404/P020240426563815209843.pdf"
    assert second.title == "生态环境部 国家发展和改革委员会关于印发《减污降碳协同增效实施方案》的通知"
    assert listed.items[-1].date == date(2023, 12, 8)
    # The 热点推荐 box (dated, other directories) is not the list.
    assert not any("/ywdt/" in item.url for item in listed.items)
    assert (listed.page_number, listed.total_pages, listed.total_items) == (2, 5, 89)
    assert listed.page_url(1) == "https://www.mee.gov.cn/ywgz/fgbz/fg/fg.shtml"
    assert listed.remaining_page_urls() == tuple(
        f"https://www.mee.gov.cn/ywgz/fgbz/fg/fg_{k}.shtml" for k in (2, 3, 4))


def test_browser_saved_trs_page_with_count_page_and_rendered_entries() -> None:
    # Saved by a browser: entries rendered as <a class="list-item"><div>title</div><div>date</div></a>,
    # the label says gb2312 but the file is UTF-8, the pager is only `var countPage`/`currentPage`.
    body = page("trs_saved_countpage.html")
    assert b"charset=gb2312" in body
    listed = parse_list(None, TRS_SAVED_URL, body)
    assert listed.ok and listed.cms == "trs"
    assert len(listed.items) == 10
    assert listed.items[0].url == "https://sfj.gz.gov.cn/zwgk/tzgg/202412/t20241220_9012345.html"
    assert listed.items[0].title == "广州市司法局关于2024年度广州市律师事务所年度检查考核结果的公告"
    assert listed.items[0].date == date(2024, 12, 20)
    assert listed.items[-1].title == "广州市司法局关于招聘政府雇员的公告"
    assert listed.items[-1].date == date(2024, 10, 25)
    assert (listed.page_number, listed.total_pages) == (3, 5)
    assert listed.remaining_page_urls() == (
        "https://sfj.gz.gov.cn/zwgk/tzgg/index_3.html", "https://sfj.gz.gov.cn/zwgk/tzgg/index_4.html")
    assert listed.page_url(2) == "https://sfj.gz.gov.cn/zwgk/tzgg/index_1.html"


def test_jiedu_links_stay_inside_their_entry_and_the_shown_date_wins() -> None:
    listed = parse_list("trs", TRS_POLICY_URL, page("trs_policy_jiedu.html"), "text/html; charset=gb2312")
    assert listed.ok and len(listed.items) == 15
    urls = [item.url for item in listed.items]
    # 解读 links beside the title, in a nested <ul> or hidden are neither entries nor the entry's address.
    assert not any("/zcjd/" in url for url in urls)
    assert all(url.startswith("http://www.hunan.gov.cn/zwgk/zcwj/szfwj/20") for url in urls)
    hidden = listed.items[2]
    assert hidden.url == "http://www.hunan.gov.cn/zwgk/zcwj/szfwj/202503/t20250318_1537102.html"
    assert hidden.title == "湖南省人民政府关于公布省级行政许可事项清单（2025年版）的通知"
    # The address says 2025-03-28, the list shows 2025-03-31: the shown date is the publication date.
    assert listed.items[0].url.endswith("/202503/t20250328_1538201.html")
    assert listed.items[0].date == date(2025, 3, 31)
    assert [item.date for item in listed.items[1:5]] == [
        date(2025, 3, 25), date(2025, 3, 20), date(2025, 3, 12), date(2025, 3, 5)]
    assert listed.items[10].date == date(2025, 1, 20)  # address t20250117
    assert (listed.page_number, listed.total_pages) == (1, 12)
    assert listed.page_url(2) == "http://www.hunan.gov.cn/zwgk/zcwj/szfwj/index_1.html"
    assert listed.page_url(12) == "http://www.hunan.gov.cn/zwgk/zcwj/szfwj/index_11.html"


def test_pages_numbered_backwards() -> None:
    first = parse_list(None, REVERSE_COLUMN + "index.html", page("reverse_index.html"))
    assert first.ok and len(first.items) == 15
    assert first.items[2].url == "http://www.sasac.gov.cn/n2588035/n2588320/n2588335/c32987342/content.html"
    assert first.items[2].title == "国务院国资委2024年法治政府建设年度报告"
    assert first.items[2].date == date(2025, 3, 21)  # "[2025-03-21]" beside an undated address
    assert (first.page_number, first.total_pages) == (1, 78)
    # Page 2 of 78 is _77, page 78 is _1.
    assert first.page_url(2) == REVERSE_COLUMN + "index_2603340_77.html"
    assert first.page_url(78) == REVERSE_COLUMN + "index_2603340_1.html"
    assert first.remaining_page_urls()[:2] == (REVERSE_COLUMN + "index_2603340_77.html",
                                               REVERSE_COLUMN + "index_2603340_76.html")
    third = parse_list(None, REVERSE_COLUMN + "index_2603340_76.html", page("reverse_index_2603340_76.html"))
    assert third.ok and len(third.items) == 5
    assert (third.page_number, third.total_pages) == (3, 78)
    assert third.page_url(4) == REVERSE_COLUMN + "index_2603340_75.html"
    assert third.page_url(1) == REVERSE_COLUMN + "index.html"


def test_hanweb_total_only_in_the_jpage_call() -> None:
    listed = parse_list(None, HANWEB_JPAGE_URL, page("hanweb_jpage_total.html"), "text/html; charset=UTF-8")
    assert listed.ok and listed.cms == "hanweb"
    # The column's datastore (not the sidebar unit's, which comes first) with its 45 embedded records,
    # read across the stray <ul>/</ul> in the recordset.
    assert len(listed.items) == 45
    assert listed.items[0].url == "http://sft.zj.gov.cn/art/2025/3/31/art_1229253767_59120400.html"
    assert listed.items[0].title == "浙江省司法厅2024年度法治政府建设情况报告"
    assert listed.items[0].date == date(2025, 3, 31)
    assert listed.items[4].title == "关于开展“八五”普法终期检查验收工作的通知"  # &amp;ldquo; decoded twice
    # 解读 links beside the title link (after it, or a label before it) do not replace it.
    assert listed.items[7].url == "http://sft.zj.gov.cn/art/2025/3/15/art_1229253767_59120141.html"
    assert listed.items[12].url == "http://sft.zj.gov.cn/art/2025/3/4/art_1229253767_59119956.html"
    assert all("art_1229253767_" in item.url for item in listed.items)
    # 214 records at perPage 15: the site shows 15 pages; the crawler fetches 45 records at a time.
    assert (listed.total_items, listed.total_pages) == (214, 15)
    remaining = listed.remaining_page_urls()
    assert len(remaining) == 4
    assert remaining[0] == (
        "http://sft.zj.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15"
        "&appid=1&webid=3059&path=%2F&columnid=1229253767&unitid=6786"
        "&webname=%E6%B5%99%E6%B1%9F%E7%9C%81%E5%8F%B8%E6%B3%95%E5%8E%85&permissiontype=0")
    assert "startrecord=181&endrecord=225" in remaining[-1]


def test_hanweb_total_only_in_a_param_object() -> None:
    body = page("hanweb_jpage_total.html").decode()
    body = body.replace("    totalRecord: 214,\n", "").replace(
        '<script language="javascript" src="/module/web/jpage/jpage.js"></script>',
        "<script>var param_6786 = {col:1,appid:1,webid:3059,path:'/',columnid:1229253767,"
        "sourceContentType:1,unitid:'6786',webname:'浙江省司法厅',permissiontype:0,totalRecord:'97'};</script>\n"
        '<script language="javascript" src="/module/web/jpage/jpage.js"></script>')
    listed = parse_list("hanweb", HANWEB_JPAGE_URL, body.encode())
    assert (listed.total_items, listed.total_pages, len(listed.items)) == (97, 7, 45)
    assert len(listed.remaining_page_urls()) == 2


def test_list_without_dates() -> None:
    listed = parse_list(None, WEBPLUS_URL, page("webplus_undated.html"))
    assert listed.ok and listed.cms == "generic"
    assert len(listed.items) == 15
    assert listed.items[0].url == "https://www.linyi.gov.cn/info/1045/58231.htm"
    assert listed.items[0].title == "临沂市人民政府令第176号 临沂市城市绿化管理办法"
    assert listed.items[0].date is None  # left for the detail page
    assert listed.items[2].date == date(2024, 11, 26)  # from the address /2024/1126/
    # The dated 工作动态 box beside the list is not the list.
    assert not any("/info/1021/" in item.url for item in listed.items)
    assert (listed.total_pages, listed.total_items) == (6, 84)
    assert listed.remaining_page_urls() == ("https://www.linyi.gov.cn/zwgk/zfgz/list2.htm",)
