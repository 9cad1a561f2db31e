"""JSON list APIs: the registry's mapping, the guessed mapping, gkmlpt's `articles`."""

from __future__ import annotations

import json
from datetime import date

import pytest
from pydantic import ValidationError

from crawlers.adapters import parse_list
from crawlers.adapters.jsonlist import pages_from_total, resolve
from schemas.registry import JsonList, Registry

from ._pages import GKMLPT_ARTICLES_URL, SPA_API_URL, SPA_IDS_URL, page

ID_MAPPING = JsonList(
    items="$.result.list", title="articleTitle", date="pubDate", total="result.totalCount",
    url_template="https://amr.hainan.gov.cn/#/article/detail?id={articleId}", page_param="pageNo")


def test_guessed_mapping_of_a_paged_api_answer() -> None:
    listed = parse_list(None, SPA_API_URL, page("spa_api_page1.json"), "application/json;charset=UTF-8")
    assert listed.ok and listed.cms == "json"
    assert [item.url for item in listed.items][:2] == [
        "https://amr.hainan.gov.cn/hnsscjdglj/zwgk/fzzfjs/2025-03/28/content_5123401.html",
        "https://amr.hainan.gov.cn/hnsscjdglj/zwgk/tzgg/2025-03/26/content_5123388.html"]
    assert listed.items[0].title == "海南省市场监督管理局2024年法治政府建设年度报告"
    assert [item.date for item in listed.items] == [
        date(2025, 3, 28), date(2025, 3, 26), date(2025, 1, 24), date(2025, 3, 14), date(2025, 3, 7)]
    assert (listed.page_number, listed.total_items, listed.total_pages) == (1, 86, 18)
    assert listed.page_url(2) == "https://amr.hainan.gov.cn/api/portal/article/page?columnId=1001&current=2&size=5"
    assert len(listed.remaining_page_urls()) == 17


def test_registry_mapping_builds_addresses_from_ids_and_reads_epoch_milliseconds() -> None:
    listed = parse_list(None, SPA_IDS_URL, page("spa_api_ids_page2.json"), json_list=ID_MAPPING)
    assert listed.ok and listed.cms == "json" and len(listed.items) == 5
    assert listed.items[0].url == "https://amr.hainan.gov.cn/#/article/detail?id=5122301"
    assert listed.items[0].title == "关于开展2025年“3·15”国际消费者权益日活动的通知"
    assert listed.items[0].date == date(2025, 3, 10)  # 1741571400000 ms = 2025-03-10 09:50 Beijing
    assert (listed.page_number, listed.total_items, listed.total_pages) == (2, 86, 18)
    assert listed.page_url(3) == "https://amr.hainan.gov.cn/api/article/list?columnCode=tzgg&pageNo=3&pageSize=5"
    assert listed.page_url(1) == "https://amr.hainan.gov.cn/api/article/list?columnCode=tzgg&pageNo=1&pageSize=5"


def test_without_a_mapping_entries_without_addresses_are_an_error_that_says_what_to_do() -> None:
    listed = parse_list(None, SPA_IDS_URL, page("spa_api_ids_page2.json"))
    assert listed.items == () and listed.error is not None and "url_template" in listed.error


def test_page_url_template_zero_based_and_offsets() -> None:
    mapping = JsonList(items="data.records", url="linkUrl", title="title", date="publishTime",
                       total="data.total", page_size=5, first_page=0,
                       page_url="/api/portal/article/page?columnId=1001&start={offset}&page={index}")
    listed = parse_list("json", SPA_API_URL, page("spa_api_page1.json"), json_list=mapping)
    assert listed.total_pages == 18
    assert listed.page_url(2) == "https://amr.hainan.gov.cn/api/portal/article/page?columnId=1001&start=5&page=1"


def test_mapping_paths_that_miss_are_a_clear_error() -> None:
    mapping = JsonList(items="data.rows", url="linkUrl")
    listed = parse_list(None, SPA_API_URL, page("spa_api_page1.json"), json_list=mapping)
    assert listed.error == "JSON answer has no list of entries at 'data.rows'"


def test_jsonp_html_and_broken_answers() -> None:
    jsonp = b'jQuery112409({"list":[{"title":"\\u5173\\u4e8e\\u653e\\u5047\\u7684\\u901a\\u77e5",' \
            b'"url":"/a/1.html","date":"2025-01-02"}],"total":1});'
    listed = parse_list(None, "https://www.example.gov.cn/api/list?page=1&callback=jQuery112409", jsonp)
    assert listed.ok and listed.items[0].title == "关于放假的通知" and listed.total_pages == 1
    shell = parse_list("json", SPA_API_URL, b"<!doctype html><html><body><app-root></app-root></body></html>")
    assert shell.error is not None and "network panel" in shell.error
    broken = parse_list("json", SPA_API_URL, page("spa_api_page1.json")[:200])
    assert broken.error is not None and broken.error.startswith("answer is not JSON")


def test_gkmlpt_articles_with_epoch_second_dates() -> None:
    listed = parse_list(None, GKMLPT_ARTICLES_URL, page("gkmlpt_api_articles.json"), "application/json")
    assert listed.ok and listed.cms == "gkmlpt" and len(listed.items) == 6
    assert listed.items[0].url == "http://www.shanwei.gov.cn/swsfj/gkmlpt/content/4/4612/post_4612380.html"
    assert listed.items[0].title == "汕尾市司法局2024年法治政府建设年度报告"
    assert listed.items[0].date == date(2025, 3, 26)  # 1742947200 = 2025-03-26 08:00 Beijing
    assert (listed.total_items, listed.total_pages) == (214, 36)
    assert listed.page_url(36) == "http://www.shanwei.gov.cn/gkmlpt/api/all/2812?page=36&sid=755034"


@pytest.mark.parametrize(("total", "number", "on_page", "size", "pages"), [
    (86, 1, 5, None, 18),
    (86, 18, 1, None, 18),  # a short last page of 1 entry: 17 full pages of 5
    (41, 3, 1, None, 3),    # ... of 20
    (40, 2, 20, None, 2),
    (0, 1, 0, None, 1),
    (None, 1, 5, None, None),
    (100, 4, 7, 25, 4),
])
def test_pages_from_total(total: int | None, number: int, on_page: int, size: int | None,
                          pages: int | None) -> None:  # fmt: skip
    assert pages_from_total(total, number, on_page, size) == pages


def test_resolve_paths() -> None:
    data = {"a": {"b": [{"c": 1}, {"c": 2}]}}
    assert resolve(data, "$.a.b[1].c") == 2 and resolve(data, "a.b[0]") == {"c": 1}
    assert resolve(data, "$") is data and resolve(data, "a.x.c") is None and resolve(data, "a.b[5]") is None


def test_mapping_is_validated_by_the_registry_model() -> None:
    with pytest.raises(ValidationError, match="url_template"):
        JsonList(items="data.list")
    with pytest.raises(ValidationError, match="not both"):
        JsonList(items="data.list", url="url", page_url="/p/{n}", page_param="page")
    with pytest.raises(ValidationError, match="extra"):
        JsonList(items="data.list", url="url", itemz="x")  # type: ignore[call-arg]
    registry = Registry.model_validate({"portals": [{
        "id": "hi-amr", "name": "海南省市场监督管理局", "region_code": "460000", "level": "province",
        "base_url": "https://amr.hainan.gov.cn/", "cms": "json",
        "json_list": {"items": "data.records", "url": "linkUrl", "date": "publishTime"},
        "columns": [{"id": "tzgg", "name": "通知公告",
                     "url": "/api/portal/article/page?columnId=1001&current=1"},
                    {"id": "ids", "name": "通知公告", "url": "/api/article/list?pageNo=1",
                     "json_list": ID_MAPPING.model_dump()}]}]})
    portal = registry.portals[0]
    assert portal.json_list_of(portal.columns[0]) == portal.json_list
    assert portal.json_list_of(portal.columns[1]) == ID_MAPPING


def test_uppercase_fields_json_in_a_string_and_compact_dates() -> None:
    inner = json.dumps([
        {"DOCID": 7, "DOCTITLE": "关于印发法治政府建设实施方案的通知", "PUBDATE": "20240315",
         "DOCPUBURL": "http://www.example.gov.cn/zwgk/202403/t20240315_7.html"},
        {"DOCID": 6, "fTitle": "关于开展行政执法案卷评查的通知", "pcUrl": "/zwgk/202403/t20240311_6.html",
         "releaseTime": "2024-03-11T08:30:00.000+0800"}], ensure_ascii=False)
    body = json.dumps({"code": 0, "data": inner, "count": 2}, ensure_ascii=False).encode()
    listed = parse_list(None, "http://www.example.gov.cn/irs/front/list?pageNo=1", body)
    assert listed.ok and [(item.url, item.title, item.date) for item in listed.items] == [
        ("http://www.example.gov.cn/zwgk/202403/t20240315_7.html", "关于印发法治政府建设实施方案的通知",
         date(2024, 3, 15)),
        ("http://www.example.gov.cn/zwgk/202403/t20240311_6.html", "关于开展行政执法案卷评查的通知",
         date(2024, 3, 11))]
    assert listed.total_pages == 1


def test_a_json_hint_on_an_html_list_reads_the_html() -> None:
    rows = "".join(f"<li><a href='/n/{k}.html'>关于第{k}号事项的通知</a><span>2024-01-{k:02d}</span></li>"
                   for k in range(1, 6))
    body = f"<html><body><ul class='list'>{rows}</ul></body></html>".encode()
    listed = parse_list("json", "http://www.example.gov.cn/tzgg/", body)
    assert listed.ok and len(listed.items) == 5 and listed.cms == "json"
    gd = parse_list("gkmlpt", "http://www.example.gov.cn/tzgg/", body)
    assert gd.ok and len(gd.items) == 5


def test_state_a_server_rendered_app_embeds_in_its_page() -> None:
    state = ('{&q;article-list&q;:{&q;body&q;:{&q;rows&q;:[{&q;docTitle&q;:&q;关于开展安全生产检查的通知&q;,'
             '&q;docUrl&q;:&q;/zwgk/tzgg/202403/t20240305_11.html&q;,&q;pubDate&q;:&q;2024-03-05&q;},'
             '{&q;docTitle&q;:&q;关于公布行政许可事项清单的公告&q;,&q;docUrl&q;:&q;/zwgk/tzgg/202403/t20240301_10.html&q;,'
             '&q;pubDate&q;:&q;2024-03-01&q;}],&q;total&q;:2}}}')
    angular = (f"<html><head><title>通知公告</title></head><body><app-root></app-root>"
               f"<script id='serverApp-state' type='application/json'>{state}</script></body></html>")
    listed = parse_list(None, "https://www.example.gov.cn/zwgk/tzgg", angular.encode())
    assert [(item.url, item.date) for item in listed.items] == [
        ("https://www.example.gov.cn/zwgk/tzgg/202403/t20240305_11.html", date(2024, 3, 5)),
        ("https://www.example.gov.cn/zwgk/tzgg/202403/t20240301_10.html", date(2024, 3, 1))]
    vue = ("<html><body><div id='app'></div><script>window.__INITIAL_STATE__ = {\"list\": {\"data\": ["
           "{\"title\": \"关于征集立法项目建议的公告\", \"url\": \"/n/5.html\", \"time\": 1709251200}]}};"
           "</script></body></html>")
    listed = parse_list(None, "https://www.example.gov.cn/tzgg/", vue.encode())
    assert [(item.title, item.date) for item in listed.items] == [
        ("关于征集立法项目建议的公告", date(2024, 3, 1))]
