from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

from crawlers.adapters import hanweb, parse_list

from ._pages import HANWEB_COLUMN_URL, HANWEB_PROXY_URL, page


def _query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_column_page_items_titles_and_dates() -> None:
    listed = parse_list("hanweb", HANWEB_COLUMN_URL, page("hanweb_column.html"), "text/html; charset=utf-8")
    assert listed.ok and listed.cms == "hanweb"
    assert len(listed.items) == 6
    first = listed.items[0]
    assert first.url == "http://www.huzhou.gov.cn/art/2025/3/27/art_1229213108_59071205.html"
    assert first.title == "湖州市人民政府关于2024年度法治政府建设情况的报告"
    assert first.date == date(2025, 3, 27)
    # The list text is cut with "..."; the title attribute carries the whole title.
    assert listed.items[2].title.endswith("（征求意见稿）》意见的通知")
    # No title attribute: the anchor text is the title.
    assert listed.items[5].title == "湖州市本级政府采购意向公开（2025年第二批）"
    assert all(item.url.startswith("http://www.huzhou.gov.cn/art/") for item in listed.items)


def test_column_page_pages_through_dataproxy_with_the_column_parameters() -> None:
    listed = parse_list("hanweb", HANWEB_COLUMN_URL, page("hanweb_column.html"))
    # The site shows 7 pages of 2 (perPage); the crawler fetches them in 3 groups of 6 records.
    assert (listed.page_number, listed.total_pages, listed.total_items) == (1, 7, 14)
    assert listed.page_rule is not None and listed.page_rule.total_pages == 3
    assert listed.page_url(1) == HANWEB_COLUMN_URL
    remaining = listed.remaining_page_urls()
    assert len(remaining) == 2
    second, third = (_query(url) for url in remaining)
    assert urlsplit(remaining[0]).path == "/module/web/jpage/dataproxy.jsp"
    # Records continue after the six embedded ones; the display perPage is passed on.
    assert (second["startrecord"], second["endrecord"], second["perpage"]) == ("7", "12", "2")
    assert (third["startrecord"], third["endrecord"]) == ("13", "18")
    assert (second["webid"], second["columnid"], second["unitid"]) == ("3059", "1229213108", "6785")
    assert "page" not in second
    assert listed.page_url(4) is None


def test_dataproxy_answer_is_read_by_the_same_adapter() -> None:
    listed = parse_list(None, HANWEB_PROXY_URL, page("hanweb_dataproxy.xml"), "text/xml;charset=UTF-8")
    assert listed.ok and listed.cms == "hanweb"
    assert (listed.page_number, listed.total_pages, listed.total_items) == (2, 7, 14)
    assert [item.date for item in listed.items][-1] == date(2025, 2, 28)
    assert len(listed.items) == 6
    [third] = listed.remaining_page_urls()
    assert _query(third)["startrecord"] == "13" and _query(third)["columnid"] == "1229213108"


def test_walking_both_answers_gives_distinct_items_in_list_order() -> None:
    first = parse_list("hanweb", HANWEB_COLUMN_URL, page("hanweb_column.html"))
    second = parse_list("hanweb", HANWEB_PROXY_URL, page("hanweb_dataproxy.xml"))
    urls = [item.url for item in (*first.items, *second.items)]
    assert len(set(urls)) == len(urls) == 12
    dates = [item.date for item in (*first.items, *second.items)]
    assert dates == sorted(dates, reverse=True)


def test_page_number_form_of_the_dataproxy() -> None:
    url = "http://www.huzhou.gov.cn/module/web/jpage/dataproxy.jsp?page=2&webid=3059&columnid=1229213108&unitid=6785"
    body = page("hanweb_dataproxy.xml").replace(b"<totalrecord>14</totalrecord>", b"<totalpage>4</totalpage>")
    listed = parse_list("hanweb", url, body)
    assert (listed.page_number, listed.total_pages) == (2, 4)
    assert _query(listed.page_url(3) or "")["page"] == "3"
    assert listed.page_url(5) is None


def test_truncated_datastore_keeps_complete_records_and_says_so() -> None:
    body = page("hanweb_column.html")
    cut = body[: body.index(b"art_1229213108_59071011")]  # inside the fourth record
    listed = parse_list("hanweb", HANWEB_COLUMN_URL, cut)
    assert listed.error is not None and "truncated" in listed.error
    assert [item.url.rsplit("_", 1)[-1] for item in listed.items] == [
        "59071205.html", "59071188.html", "59071140.html"]


def test_empty_column() -> None:
    body = (
        "<html><body><!--Produced By 大汉网络 大汉版通发布系统--><div id=\"100\"><script type=\"text/xml\">"
        "<datastore><recordset></recordset><totalrecord>0</totalrecord></datastore></script></div>"
        "</body></html>"
    ).encode()
    listed = parse_list("hanweb", "http://www.example.gov.cn/col/col42/index.html", body)
    assert listed.ok and listed.items == ()
    assert (listed.total_items, listed.total_pages) == (0, 1)
    assert listed.remaining_page_urls() == ()


def test_column_parameters_from_the_page_when_there_is_no_nextgroup() -> None:
    records = "".join(
        f"<record><![CDATA[<li><a href=\"/art/2024/5/{day}/art_42_{day}.html\">通知{day}号</a>"
        f"<span>2024-05-{day:02d}</span></li>]]></record>"
        for day in range(20, 10, -1)
    )
    body = (
        "<html><body><div id=\"7788\"><script type=\"text/xml\"><datastore>"
        f"<recordset>{records}</recordset><totalrecord>25</totalrecord></datastore></script></div>"
        "<script>var webid = 12; $('#7788').jpage({perPage: 10});</script></body></html>"
    ).encode()
    listed = parse_list("hanweb", "http://www.example.gov.cn/col/col42/index.html", body)
    assert (listed.total_pages, len(listed.items)) == (3, 10)
    query = _query(listed.page_url(3) or "")
    assert (query["webid"], query["columnid"], query["unitid"]) == ("12", "42", "7788")
    assert (query["startrecord"], query["endrecord"], query["perpage"]) == ("21", "30", "10")


def test_record_without_a_link_is_noted_not_dropped_silently() -> None:
    body = (
        "<datastore><recordset><record><![CDATA[<li>栏目维护中</li>]]></record>"
        "<record><![CDATA[<li><a href='/art/2024/1/2/art_1_2.html'>关于元旦值班的通知</a>"
        "<span>2024-01-02</span></li>]]></record></recordset></datastore>"
    ).encode()
    listed = parse_list("hanweb", "http://www.example.gov.cn/col/col1/index.html", body)
    assert len(listed.items) == 1 and listed.notes == ("record 1 has no link",)


def test_without_datastore_the_page_is_read_as_a_plain_list() -> None:
    body = (
        "<html><body><!--Produced By 大汉网络--><ul class='list'>"
        "<li><a href='/art/2024/1/2/art_9_2.html'>关于元旦值班的通知</a><span>2024-01-02</span></li>"
        "<li><a href='/art/2024/1/1/art_9_1.html'>关于新年献词的通知</a><span>2024-01-01</span></li>"
        "</ul></body></html>"
    ).encode()
    listed = parse_list("hanweb", "http://www.example.gov.cn/col/col9/index.html", body)
    assert listed.cms == "hanweb" and len(listed.items) == 2
    assert any("plain list" in note for note in listed.notes)


def test_dataproxy_answer_without_datastore_is_an_error() -> None:
    listed = parse_list("hanweb", HANWEB_PROXY_URL, b"<html><body>Service Unavailable</body></html>")
    assert listed.error is not None and listed.items == ()


def test_list_hash_follows_items_not_chrome() -> None:
    body = page("hanweb_column.html")
    base = hanweb.parse(HANWEB_COLUMN_URL, body.decode())
    chrome_changed = body.replace("网站地图".encode(), "站点地图".encode())
    assert parse_list("hanweb", HANWEB_COLUMN_URL, chrome_changed).list_hash == base.list_hash
    new_record = (
        "<record><![CDATA[<li><a href=\"/art/2025/3/28/art_1229213108_59071300.html\" title=\"新通知\">"
        "新通知</a>"
        "<span>2025-03-28</span></li>]]></record>"
    ).encode()
    added = body.replace(b"<recordset>", b"<recordset>\n" + new_record, 1)
    assert parse_list("hanweb", HANWEB_COLUMN_URL, added).list_hash != base.list_hash


def test_browser_saved_column_page_whose_datastore_jpage_replaced() -> None:
    # After jpage ran, the unit holds the rendered rows and pager panel instead of the datastore.
    rows = "".join(f"<li><a href='/art/2025/3/{20 - k}/art_1229213108_5907{k}.html' title='第{k}号通知'>"
                   f"第{k}号通知</a><span>2025-03-{20 - k:02d}</span></li>" for k in range(15))
    panel = ("<div class='default_pgPanel'><span class='default_pgTotalRecord'>214</span>条 "
             "<span class='default_pgCurrentPage'>1</span>/<span class='default_pgTotalPage'>15</span>页 "
             "<a class='default_pgNext' href='javascript:void(0)'>下一页</a></div>")
    body = (f"<html><body><!--Produced By 大汉网络 大汉版通发布系统--><div id='6785'>"
            f"<div class='default_pgContainer'>{rows}</div>{panel}</div></body></html>").encode()
    listed = parse_list(None, HANWEB_COLUMN_URL, body)
    assert listed.cms == "hanweb" and len(listed.items) == 15
    assert listed.items[0].url == "http://www.huzhou.gov.cn/art/2025/3/20/art_1229213108_59070.html"
    assert (listed.total_pages, listed.total_items) == (15, 214)


def test_records_escaped_instead_of_cdata() -> None:
    records = "".join(
        f"<record>&lt;li&gt;&lt;a href=\"/art/2024/5/{day}/art_42_{day}.html\" title=\"第{day}号通知\"&gt;"
        f"第{day}号通知&lt;/a&gt;&lt;span&gt;2024-05-{day:02d}&lt;/span&gt;&lt;/li&gt;</record>"
        for day in (20, 19))
    body = f"<datastore><recordset>{records}</recordset><totalrecord>2</totalrecord></datastore>".encode()
    listed = parse_list("hanweb", "http://www.example.gov.cn/col/col42/index.html", body)
    assert [(item.url, item.date) for item in listed.items] == [
        ("http://www.example.gov.cn/art/2024/5/20/art_42_20.html", date(2024, 5, 20)),
        ("http://www.example.gov.cn/art/2024/5/19/art_42_19.html", date(2024, 5, 19))]
