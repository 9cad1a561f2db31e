"""Which links of a page are its attachments; list links straight to documents (pure, no network)."""

from __future__ import annotations

from crawlers.adapters import parse_list
from crawlers.documents import attachment_links, is_document_url

PAGE = """<html><head><meta charset="gbk"><title>关于2025年度法治政府建设情况的报告</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/xxgk/fzzf/P020250101000001.pdf">栏目说明.pdf</a></div>
<div class="TRS_Editor"><p>详见附件。</p>
<p>附件：<a href="./P020260318389212497.pdf">某县2025年法治政府建设情况报告.pdf</a></p>
<p><a href="/module/download/downfile.jsp?classid=0&filename=1a2b3c.docx">下载正文</a></p>
<p><a href="/uploadfile/2026/0318/report">附件2：统计表</a></p>
<p><a href="/art/2026/3/18/art_1_2.html">附件3：相关链接</a></p>
<p><a href="javascript:void(0)">附件：打印</a> <a href="mailto:a@b.cn">联系</a></p>
<p><a href="./P020260318389212497.pdf">重复的链接</a></p></div>
<div class="related"><h3>相关文章</h3><ul>
<li><a href="/xxgk/202603/W020260301000009.docx">另一篇</a></li></ul></div>
<div class="footer"><a href="/about/">关于本网</a></div></body></html>"""


def test_attachment_links_in_the_body_in_page_order() -> None:
    url = "http://www.example.gov.cn/xxgk/fzzf/202603/t20260318_389212.html"
    links = attachment_links(PAGE.encode("gbk"), url, "text/html; charset=gbk")
    assert [(link.url, link.text) for link in links] == [
        ("http://www.example.gov.cn/xxgk/fzzf/202603/P020260318389212497.pdf",
         "某县2025年法治政府建设情况报告.pdf"),
        ("http://www.example.gov.cn/module/download/downfile.jsp?classid=0&filename=1a2b3c.docx", "下载正文"),
    ]


def test_a_limit_on_the_number_of_links() -> None:
    links = attachment_links(PAGE.encode("gbk"), "http://www.example.gov.cn/a/t.html", limit=1)
    assert len(links) == 1


def test_pages_without_links_and_unreadable_bytes_give_none() -> None:
    assert attachment_links(b"", "http://a.example/") == []
    assert attachment_links(b"\x00\xff\xfe garbage", "http://a.example/") == []


def test_document_urls() -> None:
    assert is_document_url("http://a.example/picture/0/W020260326.DOCX")
    assert is_document_url("http://a.example/x/P0202603.pdf?v=1")
    assert not is_document_url("http://a.example/art/2026/3/26/art_1_2.html")
    assert not is_document_url("http://a.example/download.jsp?file=a.pdf")


def test_a_trs_list_links_straight_to_documents() -> None:
    rows = [("t20260318_389212.html", "某县", "18"), ("W020260320389219.docx", "某区", "20"),
            ("P020260321389230.pdf", "某镇", "21")]
    items = "\n".join(f'<li><a href="./202603/{name}">{place}2025年度法治政府建设情况的报告</a>'
                      f"<span>2026-03-{day}</span></li>" for name, place, day in rows)
    html = (f'<html><body><div class="list"><ul>{items}</ul></div>'
            '<script>createPageHTML(1, 0, "index", "html");</script></body></html>')
    page = parse_list("trs", "http://www.example.gov.cn/zwgk/fzzf/index.html", html.encode("utf-8"),
                      "text/html; charset=utf-8")
    assert [item.url.rsplit("/", 1)[1] for item in page.items] == [
        "t20260318_389212.html", "W020260320389219.docx", "P020260321389230.pdf"]
