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


def _list(rows: str, extra: str = "") -> bytes:
    return f"<html><body><div class='main'><div class='list'>{rows}</div>{extra}</div></body></html>".encode()


def test_date_cards_trailing_dates_and_summaries() -> None:
    rows = (
        "<div class='item'><div class='card'><b>15</b><span>2024-03</span></div>"
        "<a href='/n/1.html'>关于开展普法宣传月活动的通知</a>"
        "<p>2024年2月28日，市司法局召开会议，部署普法宣传月活动有关工作，要求各单位认真组织。</p></div>"
        "<div class='item'><div class='card'><b>08</b><span>2024-03</span></div>"
        "<a href='/n/2.html'>关于公布行政执法人员名单的公告</a><p>名单如下。</p></div>"
        "<div class='item'><a href='/n/3.html'>关于调整办公时间的通知 2024-03-01</a></div>"
    )
    listed = parse_list("generic", "http://www.example.gov.cn/tzgg/", _list(rows))
    assert [(item.title, item.date) for item in listed.items] == [
        ("关于开展普法宣传月活动的通知", date(2024, 3, 15)),  # the card, not the summary's date
        ("关于公布行政执法人员名单的公告", date(2024, 3, 8)),
        ("关于调整办公时间的通知", date(2024, 3, 1)),  # the date ending the link text is not title
    ]


def test_onclick_links_and_base_href() -> None:
    rows = ("<ul><li><a href='javascript:void(0)' onclick=\"window.open('/art/2024/3/5/art_1_9.html')\">"
            "关于春季防火的通告</a><span>2024-03-05</span></li>"
            "<li><a href='detail.jsp?id=77'>关于征集立法建议项目的公告</a><span>2024-03-04</span></li></ul>")
    body = f"<html><head><base href='http://www.example.gov.cn/site/'></head><body>{rows}</body></html>"
    listed = parse_list("generic", "http://www.example.gov.cn/tzgg/list.html", body.encode())
    assert [item.url for item in listed.items] == [
        "http://www.example.gov.cn/art/2024/3/5/art_1_9.html", "http://www.example.gov.cn/site/detail.jsp?id=77"]


def test_dated_box_elsewhere_in_the_page_does_not_join_the_list() -> None:
    main = "".join(f"<li><a href='/zfgz/{k}.html'>某市人民政府令第{k}号 某市管理办法</a>"
                   f"<span>2024-01-{k:02d}</span></li>" for k in range(10, 0, -1))
    box = "".join(f"<li><a href='/news/{k}.html'>市政府召开第{k}次常务会议</a>"
                  f"<span>2024-02-{k:02d}</span></li>" for k in range(9, 0, -1))
    body = (f"<html><body><div class='wrap'><div class='right'><div class='con'><ul class='list'>{main}"
            f"</ul></div></div><div class='left'><div class='box'><ul class='list'>{box}</ul></div></div>"
            "</div></body></html>")
    listed = parse_list("generic", "http://www.example.gov.cn/zfgz/", body.encode())
    assert len(listed.items) == 10 and all("/zfgz/" in item.url for item in listed.items)
    blocks = "".join(f"<ul class='b{b}'>" + "".join(
        f"<li><a href='/n/{b}{k}.html'>关于第{b}{k}号事项的通知</a><span>2024-01-{b * 5 + k:02d}</span></li>"
        for k in range(1, 6)) + "</ul><div class='line'></div>" for b in range(3))
    split = parse_list("generic", "http://www.example.gov.cn/tzgg/", _list(blocks))
    assert len(split.items) == 15  # a list printed in blocks of five is one list


def test_page_count_from_the_last_page_link_and_page_counter() -> None:
    rows = "".join(f"<li><a href='/n/{k}.html'>关于第{k}号事项的通知</a><span>2024-01-{k:02d}</span></li>"
                   for k in range(1, 6))
    pager = "<a href='list.jsp?catid=3&page=2'>下一页</a><a href='list.jsp?catid=3&page=14'>尾页</a>"
    address = "http://www.example.gov.cn/list.jsp?catid=3"
    by_query = parse_list("generic", address, _list(f"<ul>{rows}</ul>", pager))
    assert by_query.total_pages == 14
    assert by_query.remaining_page_urls() == ("http://www.example.gov.cn/list.jsp?catid=3&page=2",)
    counter = parse_list("generic", address, _list(f"<ul>{rows}</ul>", "页次:1/9"))
    assert counter.total_pages == 9


def test_table_rows_linking_one_page_from_two_cells_take_the_title_cell() -> None:
    rows = "".join(
        f"<tr><td><a href='/xxgk/{k}.html'>11330000002482061K/2024-0{k}</a></td>"
        f"<td><a href='/xxgk/{k}.html' title='关于第{k}批规范性文件的公告'>"
        f"关于第{k}批规范性文件的公告</a></td>"
        f"<td>浙司〔2024〕{k}号</td><td>2024-02-0{k}</td></tr>" for k in range(1, 6))
    body = f"<html><body><table class='xxgk'><tbody>{rows}</tbody></table></body></html>".encode()
    listed = parse_list("generic", "http://www.example.gov.cn/xxgk/", body)
    assert len(listed.items) == 5
    assert (listed.items[0].title, listed.items[0].date) == ("关于第1批规范性文件的公告", date(2024, 2, 1))


def test_a_chrome_named_wrapper_around_the_whole_page_is_not_chrome() -> None:
    rows = "".join(f"<li><a href='/n/{k}.html'>关于第{k}号事项的通知</a><span>2024-01-{k:02d}</span></li>"
                   for k in range(1, 6))
    body = ("<html><body><div class='has-header'><div class='header'><a href='/a.html'>首页导航</a></div>"
            f"<ul class='list'>{rows}</ul><div class='footer'><a href='/m.html'>网站地图说明</a></div></div>"
            "</body></html>").encode()
    listed = parse_list("generic", "http://www.example.gov.cn/tzgg/", body)
    assert [item.url.rsplit("/", 1)[-1] for item in listed.items] == [f"{k}.html" for k in range(1, 6)]


def test_entries_rendered_as_clickable_rows_without_links() -> None:
    rows = "".join(
        f"<li class='item' onclick=\"window.open('https://www.example.gov.cn/zwgk/tzgg/202412/t202412{d:02d}_{d}.html')\">"
        f"<span class='title'>关于第{d}号事项的公告</span><span class='date'>2024-12-{d:02d}</span></li>"
        for d in (20, 19, 18)) + (
        "<li class='item' data-href='/zwgk/tzgg/202412/t20241217_17.html'>"
        "<span class='title'>关于第17号事项的公告</span><span class='date'>2024-12-17</span></li>")
    body = f"<html><body><ul class='list'>{rows}</ul></body></html>".encode()
    listed = parse_list("generic", "https://www.example.gov.cn/zwgk/tzgg/index_2.html", body)
    assert [(item.url.rsplit("/", 1)[-1], item.title, item.date.day if item.date else None)
            for item in listed.items] == [
        ("t20241220_20.html", "关于第20号事项的公告", 20), ("t20241219_19.html", "关于第19号事项的公告", 19),
        ("t20241218_18.html", "关于第18号事项的公告", 18), ("t20241217_17.html", "关于第17号事项的公告", 17)]
