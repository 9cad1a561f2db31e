"""Every pager form a static list page writes, read from small pages in each form."""

from __future__ import annotations

import pytest

from crawlers.adapters import parse_list

COLUMN = "http://www.example.gov.cn/zwgk/tzgg/"
ROWS = "".join(f"<li><a href='./202403/t202403{day:02d}_{day}.html'>关于第{day}号事项的通知公告</a>"
               f"<span>2024-03-{day:02d}</span></li>" for day in range(20, 10, -1))


def _page(pager: str) -> bytes:
    return f"<html><body><ul class='list'>{ROWS}</ul>{pager}</body></html>".encode()


@pytest.mark.parametrize(("pager", "name", "number", "pages", "next_name"), [
    ("<script>createPageHTML(7, 0, \"index\", \"html\");</script>", "index.html", 1, 7, "index_1.html"),
    ("<script>createPageHTML(7, 2, 'index', 'shtml');</script>", "index_2.shtml", 3, 7, "index_3.shtml"),
    ("<script>createPageHTML2(7, 0, 'list', 'htm');</script>", "list.htm", 1, 7, "list_1.htm"),
    ("<script>createPageHTML('page_div', 7, 1, 'fg', 'shtml', 130);</script>",
     "fg_1.shtml", 2, 7, "fg_2.shtml"),
    ("<script>var countPage = 7//共多少页\nvar currentPage = 0;\ncreatePageHTML(countPage, currentPage, "
     "\"index\", \"htm\");</script>", "index.htm", 1, 7, "index_1.htm"),
    ("<script>var currentPage = 4;\nvar countPage = 7</script>", "index_4.html", 5, 7, "index_5.html"),
    ("<div class='page' data-page-count='7' data-current='0' data-page-name='index' "
     "data-page-ext='html'></div>",
     "index.html", 1, 7, "index_1.html"),
    ("<div id='pager' data-total='130' data-page-size='20'></div>", "index.html", 1, 7, "index_1.html"),
    ("<script>layui.use('laypage', function(){ var laypage = layui.laypage; laypage.render({elem: 'pg', "
     "count: 130, limit: 20, curr: 1, jump: function(obj, first){ if(!first){ location.href = 'index_' + "
     "(obj.curr - 1) + '.html'; } }}); });</script>", "index.html", 1, 7, "index_1.html"),
    ("<div class='fy'>共7页 当前第1页 <a href='index_1.html'>下一页</a> "
     "<a href='index_6.html'>尾页</a></div>",
     "index.html", 1, 7, "index_1.html"),
])
def test_pager_forms(pager: str, name: str, number: int, pages: int, next_name: str) -> None:
    listed = parse_list("trs", COLUMN + name, _page(pager))
    assert listed.ok and len(listed.items) == 10
    assert (listed.page_number, listed.total_pages) == (number, pages)
    assert listed.page_url(number + 1) == COLUMN + next_name


def test_backward_numbering_from_the_page_links_alone() -> None:
    # No count anywhere: "下一页" from page 1 to _11 tells both the direction and the count (12).
    pager = "<div class='pages'><a href='index.html'>首页</a><a href='index_88_11.html'>下一页</a></div>"
    listed = parse_list("generic", COLUMN + "index.html", _page(pager))
    assert (listed.page_number, listed.total_pages) == (1, 12)
    assert listed.page_url(2) == COLUMN + "index_88_11.html"
    assert listed.page_url(12) == COLUMN + "index_88_1.html"


def test_numbered_links_tell_the_direction() -> None:
    labelled = "".join(f"<a href='index_{count - k + 1}.html'>{k}</a>" for count in (9,) for k in range(2, 6))
    pager = f"<div class='pages'>共9页 <a href='index.html'>1</a>{labelled}</div>"
    backward = parse_list("generic", COLUMN + "index_7.html", _page(pager))
    assert (backward.page_number, backward.total_pages) == (3, 9)
    assert backward.page_url(4) == COLUMN + "index_6.html"
    forward_links = "".join(f"<a href='index_{k - 1}.html'>{k}</a>" for k in range(2, 6))
    forward = parse_list("generic", COLUMN + "index_2.html", _page(f"<div>共9页 {forward_links}</div>"))
    assert (forward.page_number, forward.total_pages) == (3, 9)
    assert forward.page_url(4) == COLUMN + "index_3.html"


def test_a_page_without_pager_is_one_of_unknown_count() -> None:
    listed = parse_list("trs", COLUMN + "index.html", _page(""))
    assert listed.total_pages is None and listed.remaining_page_urls() == ()


def test_sites_whose_index_2_is_page_2() -> None:
    labelled = "".join(f"<a href='index_{k}.html'>{k}</a>" for k in range(2, 6))
    pager = f"<div class='pagination'><a href='index.html'>1</a>{labelled}<a href='index_2.html'>下一页</a>" \
            "<a href='index_23.html'>尾页</a></div>"
    first = parse_list("generic", COLUMN + "index.html", _page(pager))
    assert (first.page_number, first.total_pages) == (1, 23)
    assert first.page_url(2) == COLUMN + "index_2.html" and first.page_url(23) == COLUMN + "index_23.html"
    later = parse_list("generic", COLUMN + "index_4.html", _page(pager))
    assert later.page_number == 4 and later.page_url(5) == COLUMN + "index_5.html"
