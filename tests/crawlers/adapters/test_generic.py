from __future__ import annotations

from datetime import date

from crawlers.adapters import parse_list

from ._pages import GENERIC_URL, page


def test_dated_rows_of_the_main_list_only() -> None:
    listed = parse_list("generic", GENERIC_URL, page("generic_list.html"))
    assert listed.ok and listed.cms == "generic"
    titles = [item.title for item in listed.items]
    assert titles[0] == "兰山区人民政府2024年度法治政府建设情况报告"
    assert len(titles) == 7
    # Navigation, header, footer, aside and other sites' links are not items.
    assert not any("兰山要闻" in title or "网站地图" in title or "外站" in title for title in titles)
    assert not any("政策解读" in title or "关于本站" in title for title in titles)
    assert [item.date for item in listed.items][-2:] == [date(2025, 3, 7), date(2025, 3, 5)]
    assert all(item.url.startswith("https://www.lanshan.gov.cn/zwgk/tzgg/") for item in listed.items)


def test_next_page_link() -> None:
    listed = parse_list("generic", GENERIC_URL, page("generic_list.html"))
    assert listed.page_rule is None
    assert listed.remaining_page_urls() == ("https://www.lanshan.gov.cn/zwgk/tzgg/list2.htm",)


def test_sibling_hosts_of_one_site_count_as_same_site() -> None:
    body = ("<ul><li><a href='http://sft.example.gov.cn/n/1.html'>关于开展普法宣传的通知</a> 2024-06-01</li>"
            "<li><a href='http://www.other.gov.cn/n/2.html'>其他政府网站的通知</a> 2024-06-02</li></ul>")
    listed = parse_list("generic", "http://www.example.gov.cn/tzgg/", body.encode())
    assert [item.url for item in listed.items] == ["http://sft.example.gov.cn/n/1.html"]


def test_undated_links_are_not_a_list() -> None:
    body = "<ul><li><a href='/a.html'>机构职能介绍</a></li><li><a href='/b.html'>领导之窗栏目</a></li></ul>"
    listed = parse_list("generic", "http://www.example.gov.cn/", body.encode())
    assert listed.ok and listed.items == ()


def test_title_date_is_not_taken_for_the_row_date() -> None:
    body = ("<ul><li><a href='/n/3.html'>关于2024年5月1日至5日放假安排的通知</a><span>2024-04-20</span></li>"
            "<li><a href='/n/4.html'>关于举办培训班的通知</a><span>2024-04-19</span></li></ul>")
    listed = parse_list("generic", "http://www.example.gov.cn/tzgg/", body.encode())
    assert [item.date for item in listed.items] == [date(2024, 4, 20), date(2024, 4, 19)]
