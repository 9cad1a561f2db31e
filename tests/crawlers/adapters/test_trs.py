from __future__ import annotations

from datetime import date

from crawlers.adapters import parse_list, trs

from ._pages import TRS_INDEX_URL, TRS_LAST_URL, page


def test_gbk_index_page_items_and_pages() -> None:
    body = page("trs_index.html")
    assert "江西".encode() not in body  # the fixture really is GBK bytes
    listed = parse_list("trs", TRS_INDEX_URL, body, "text/html; charset=gb2312")
    assert listed.ok and listed.cms == "trs"
    assert [item.title for item in listed.items][:2] == [
        "江西省司法厅2024年度法治政府建设情况报告", "江西省司法厅2025年度考试录用公务员拟录用人员公示"]
    assert listed.items[0].url == "http://sft.jiangxi.gov.cn/xwzx/tzgg/202503/t20250328_6125013.html"
    assert listed.items[0].date == date(2025, 3, 28)
    # The title attribute wins over the shortened link text.
    assert listed.items[3].title == "关于开展“八五”普法终期检查验收工作的通知"
    assert (listed.page_number, listed.total_pages) == (1, 3)
    assert listed.remaining_page_urls() == (
        "http://sft.jiangxi.gov.cn/xwzx/tzgg/index_1.html", "http://sft.jiangxi.gov.cn/xwzx/tzgg/index_2.html")
    assert listed.page_url(1) == TRS_INDEX_URL and listed.page_url(4) is None


def test_links_outside_the_column_are_not_items() -> None:
    listed = parse_list("trs", TRS_INDEX_URL, page("trs_index.html"))
    assert len(listed.items) == 5
    assert all(item.url.startswith("http://sft.jiangxi.gov.cn/xwzx/tzgg/2025") for item in listed.items)


def test_gbk_bytes_behind_a_lying_utf8_label() -> None:
    listed = parse_list("trs", TRS_INDEX_URL, page("trs_index.html"), "text/html; charset=utf-8")
    assert listed.items[0].title == "江西省司法厅2024年度法治政府建设情况报告"


def test_last_page_newer_pager_signature_table_rows_and_chinese_dates() -> None:
    listed = parse_list("trs", TRS_LAST_URL, page("trs_index_2.html"))
    assert (listed.page_number, listed.total_pages, listed.total_items) == (3, 3, 13)
    assert listed.remaining_page_urls() == ()
    assert [item.date for item in listed.items] == [date(2025, 1, 7), date(2024, 12, 30), date(2024, 12, 20)]
    assert listed.items[2].url.endswith(".shtml")  # the empty date cell: the address gives the date


def test_count_page_variable_alone() -> None:
    body = (
        "<html><body><ul><li><a href='./202404/t20240401_1.html'>关于清明节放假的通知</a>"
        "<span>2024-04-01</span></li></ul><script>var countPage = 7//共多少页</script></body></html>"
    )
    listed = parse_list("trs", "http://www.example.gov.cn/tzgg/index_3.html", body.encode("gbk"))
    assert (listed.page_number, listed.total_pages) == (4, 7)
    assert listed.page_url(7) == "http://www.example.gov.cn/tzgg/index_6.html"


def test_pager_definition_is_not_a_page_count() -> None:
    body = (
        "<script>function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){}</script>"
        "<script>createPageHTML(12, 0, \"index\", \"shtml\");</script>"
    )
    listed = trs.parse("http://www.example.gov.cn/tzgg/index.shtml", body)
    assert listed.total_pages == 12
    assert listed.page_url(2) == "http://www.example.gov.cn/tzgg/index_1.shtml"


def test_empty_column_and_unknown_page_count() -> None:
    empty = parse_list("trs", TRS_INDEX_URL, b"<html><body><ul class='list'></ul>"
                       b"<script>createPageHTML(1, 0, 'index', 'html');</script></body></html>")
    assert empty.ok and empty.items == () and empty.total_pages == 1 and empty.remaining_page_urls() == ()
    undated = b"<html><body><a href='./202401/t20240101_5.html'>x</a></body></html>"
    unknown = parse_list("trs", TRS_INDEX_URL, undated)
    assert unknown.total_pages is None and "page count unknown" in " ".join(unknown.notes)


def test_truncated_gbk_page_keeps_the_items_before_the_cut() -> None:
    body = page("trs_index.html")
    marker = "江西省司法厅机关食堂".encode("gbk")
    cut = body[: body.rindex(marker) + 3]  # in the link text, mid-character: the half byte is replaced
    listed = parse_list("trs", TRS_INDEX_URL, cut)
    assert len(listed.items) == 5  # the fifth link's address precedes the cut
    assert listed.items[0].title == "江西省司法厅2024年度法治政府建设情况报告"
    assert listed.total_pages is None  # the pager script was cut off


def test_page_beyond_the_count_is_an_error() -> None:
    body = b"<html><body><script>createPageHTML(2, 0, 'index', 'html');</script></body></html>"
    listed = parse_list("trs", "http://www.example.gov.cn/tzgg/index_5.html", body)
    assert listed.error is not None and "beyond" in listed.error


def test_not_html() -> None:
    listed = parse_list("trs", TRS_INDEX_URL, b"Service Unavailable")
    assert listed.error == "not an HTML page" and listed.items == ()


def test_titles_printed_by_a_script_inside_their_link() -> None:
    rows = "".join(
        f"<li><a href='./202403/t202403{day:02d}_{day}.html' target='_blank'><script>"
        f"var t = \"关于印发《某市行政执法公示办法（第{day}次修订）》的通知\";"
        "if (t.length > 16) { document.write(t.substring(0, 16) + \"...\"); } else { document.write(t); }"
        f"</script></a><span>2024-03-{day:02d}</span></li>" for day in (12, 11, 10))
    body = f"<html><body><ul class='list'>{rows}</ul></body></html>"
    listed = parse_list("trs", "http://www.example.gov.cn/zwgk/tzgg/index.html", body.encode("gbk"))
    assert [item.title for item in listed.items] == [
        f"关于印发《某市行政执法公示办法（第{day}次修订）》的通知" for day in (12, 11, 10)]
    assert listed.items[0].date == date(2024, 3, 12)
