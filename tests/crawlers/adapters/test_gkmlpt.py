from __future__ import annotations

import json
from datetime import date

from crawlers.adapters import parse_list

from ._pages import GKMLPT_API_URL, GKMLPT_SHELL_URL, page


def test_api_page_items_dates_and_paging() -> None:
    listed = parse_list("gkmlpt", GKMLPT_API_URL, page("gkmlpt_api_page1.json"), "application/json")
    assert listed.ok and listed.cms == "gkmlpt"
    assert [item.date for item in listed.items] == [
        date(2025, 3, 25), date(2025, 3, 21), date(2025, 3, 17), date(2025, 3, 14)]
    # Relative url resolved against the API host; the entry without an url is noted.
    assert listed.items[1].url == "http://www.shanwei.gov.cn/gkmlpt/content/4/4610/post_4610773.html"
    assert listed.notes == ("entry 4 has no usable url",)
    # 23 articles at 5 per page.
    assert (listed.total_items, listed.total_pages) == (23, 5)
    assert listed.remaining_page_urls()[-1] == "http://www.shanwei.gov.cn/gkmlpt/api/all/2812?page=5&sid=755034"


def test_timestamps_are_read_in_beijing_time() -> None:
    # 2025-03-31 17:00 UTC is 1 April in Beijing.
    body = json.dumps({"articles": [{"title": "t", "url": "/a.html", "first_publish_time": 1743440400}]})
    listed = parse_list("gkmlpt", GKMLPT_API_URL, body.encode())
    assert listed.items[0].date == date(2025, 4, 1)


def test_tolerant_field_names_and_nesting() -> None:
    body = json.dumps({"data": {"list": [
        {"name": "关于印发某市数据管理办法的通知", "link": "http://www.shanwei.gov.cn/x/1.html",
         "publish_time": "2024-11-05 09:30:00"},
    ], "totalCount": 41}})
    url = "http://www.shanwei.gov.cn/gkmlpt/api/all/99?page=3&sid=1"
    listed = parse_list("gkmlpt", url, body.encode())
    assert listed.items[0].title.startswith("关于印发") and listed.items[0].date == date(2024, 11, 5)
    assert listed.page_number == 3 and listed.total_items == 41
    # One entry on page 3 of 41 records: the short last page of 20 per page.
    assert listed.total_pages == 3 and listed.page_url(4) is None
    assert listed.page_url(2) == "http://www.shanwei.gov.cn/gkmlpt/api/all/99?page=2&sid=1"


def test_html_shell_gives_the_api_address() -> None:
    listed = parse_list(None, GKMLPT_SHELL_URL, page("gkmlpt_shell.html"))
    assert listed.ok and listed.cms == "gkmlpt" and listed.items == ()
    assert listed.remaining_page_urls() == (GKMLPT_API_URL,)


def test_shell_without_site_id_is_an_error() -> None:
    listed = parse_list("gkmlpt", GKMLPT_SHELL_URL, b"<html><body>loading</body></html>")
    assert listed.error is not None and "site id" in listed.error


def test_bad_json_and_missing_list() -> None:
    broken = parse_list("gkmlpt", GKMLPT_API_URL, page("gkmlpt_api_page1.json")[:300])
    assert broken.error is not None and broken.error.startswith("gkmlpt answer is not JSON")
    no_list = parse_list("gkmlpt", GKMLPT_API_URL, b'{"code": 500, "msg": "busy"}')
    assert no_list.error is not None and "no article list" in no_list.error


def test_empty_list() -> None:
    listed = parse_list("gkmlpt", GKMLPT_API_URL, b'{"articles": [], "total": 0}')
    assert listed.ok and listed.items == () and listed.total_pages == 1


def test_a_saved_shell_with_its_rendered_list_gives_the_list_and_the_api() -> None:
    rows = "".join(f"<li><a href='/gkmlpt/content/4/4610/post_46107{k}.html'>关于第{k}号事项的通知</a>"
                   f"<span>2025-03-1{k}</span></li>" for k in range(5))
    body = page("gkmlpt_shell.html").replace("正在加载…".encode(), f"<ul class='list'>{rows}</ul>".encode())
    listed = parse_list(None, GKMLPT_SHELL_URL, body)
    assert listed.ok and len(listed.items) == 5
    assert listed.items[0].url == "http://www.shanwei.gov.cn/gkmlpt/content/4/4610/post_461070.html"
    assert listed.remaining_page_urls() == (GKMLPT_API_URL,)
