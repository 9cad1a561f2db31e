"""Documents into the analysis: a page that is a document, a page whose body is its attachment."""

from __future__ import annotations

from datetime import UTC, date, datetime

from crawlers.demo_portal.documents import write_doc, write_docx, write_pdf
from schemas.events import RawAttachment, RawPage
from streams.analysis import analyze_page
from streams.documents import extract_text
from streams.documents.pages import file_name, read_raw_page

from .test_extract import PARAGRAPHS, TITLE

NOW = datetime(2026, 3, 21, tzinfo=UTC)
PAGE_URL = "http://www.longyou.gov.cn/art/2026/3/20/art_1_2.html"


def html(body: str) -> bytes:
    return (f'<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body><h1>{TITLE}</h1>'
            f'<div class="info">发布日期：2026-03-20</div><div id="zoom">{body}</div></body></html>').encode()


def attachment(data: bytes, url: str = "http://www.longyou.gov.cn/picture/0/P020260320.pdf",
               **extra) -> RawAttachment:  # fmt: skip
    return RawAttachment(url=url, body=data, fetched_at=NOW, headers={"content-type": "application/pdf"},
                         **extra)


def test_a_pointer_page_takes_its_body_issuer_and_figures_from_the_document() -> None:
    raw = RawPage(event_id="e", url=PAGE_URL, body=html("<p>详见附件。</p>"), fetched_at=NOW,
                  headers={"content-type": "text/html; charset=utf-8"},
                  attachments=[attachment(write_pdf(PARAGRAPHS, title=TITLE))])
    page, reads = read_raw_page(raw, extract=extract_text)
    assert [read.format for read in reads] == ["pdf"] and reads[0].reason is None and reads[0].chars > 300
    assert page.title == TITLE and page.published == date(2026, 3, 20)  # from the page
    assert "受理65件" in page.text  # from the document
    analysis = analyze_page(page)
    assert analysis.verdict.is_report and analysis.facts.issuer == "龙游县人民政府"
    assert analysis.facts.report_year == 2025
    assert ("reconsideration.received", 72) in {(i.key, i.value) for i in analysis.facts.indicators}


def test_a_page_with_a_body_of_its_own_keeps_it() -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    copy = write_docx(PARAGRAPHS, title=TITLE)
    raw = RawPage(event_id="e", url=PAGE_URL, body=html(body), fetched_at=NOW,
                  headers={"content-type": "text/html; charset=utf-8"}, attachments=[attachment(copy)])
    page, reads = read_raw_page(raw, extract=extract_text)
    assert reads[0].format == "docx" and reads[0].reason is None
    assert page.text.count("受理65件") == 1  # not counted twice


def test_a_page_that_is_a_document_takes_title_and_date_from_the_list() -> None:
    raw = RawPage(event_id="e", url="http://www.longyou.gov.cn/picture/0/W020260320.docx",
                  body=write_docx(PARAGRAPHS), fetched_at=NOW, list_title=TITLE, list_date=date(2026, 3, 20),
                  headers={"content-type": "application/octet-stream"})
    page, reads = read_raw_page(raw, extract=extract_text)
    assert reads[0].format == "docx" and page.title == TITLE
    assert page.published == date(2026, 3, 20)  # the signature date agrees with the list's


def test_unreadable_attachments_leave_the_page_as_it_was_with_their_reasons() -> None:
    raw = RawPage(event_id="e", url=PAGE_URL, body=html("<p>详见附件。</p>"), fetched_at=NOW,
                  headers={"content-type": "text/html; charset=utf-8"},
                  attachments=[attachment(write_pdf(PARAGRAPHS, text_layer=False))])
    page, reads = read_raw_page(raw, extract=extract_text)
    assert reads[0].needs_ocr and "no text layer" in reads[0].reason
    assert page.text.endswith("详见附件。") and "受理" not in page.text


def test_the_file_name_tells_wps_from_doc_even_behind_a_download_handler() -> None:
    data = write_doc(PARAGRAPHS[:2])
    url = "http://www.a.gov.cn/module/download/downfile.jsp?classid=0&filename=2603%E6%8A%A5%E5%91%8A.wps"
    raw = RawPage(event_id="e", url=PAGE_URL, body=html("<p>详见附件。</p>"), fetched_at=NOW,
                  attachments=[attachment(data, url=url, link_text="附件")])
    _, reads = read_raw_page(raw, extract=extract_text)
    assert reads[0].format == "wps"
    assert file_name("http://a/get?id=3", "附件：报告.doc").endswith(".doc")
    assert file_name("http://a/x/P02026.pdf?v=2") == "/x/P02026.pdf"


def test_pages_carrying_documents_are_told_from_their_payload() -> None:
    from streams.agents import RAW_CODEC, may_carry_documents

    plain = RawPage(event_id="e", url=PAGE_URL, body=html("<p>正文</p>"), fetched_at=NOW)
    with_pdf = plain.model_copy(update={"attachments": [attachment(write_pdf(PARAGRAPHS[:2]))]})
    docx = plain.model_copy(update={"body": write_docx(PARAGRAPHS[:2])})
    doc = plain.model_copy(update={"body": write_doc(PARAGRAPHS[:2])})
    pdf = plain.model_copy(update={"body": write_pdf(PARAGRAPHS[:2])})
    assert [may_carry_documents(RAW_CODEC.dumps(page)) for page in (plain, with_pdf, docx, doc, pdf)] == [
        False, True, True, True, True]


def test_crawled_documents_that_give_no_text_become_unreadable_outcomes() -> None:
    from streams.documents.pages import unread_outcomes

    raw = RawPage(event_id="raw-1", url=PAGE_URL, body=html("<p>详见附件。</p>"), fetched_at=NOW,
                  portal_id="longyou", column_id="fzzf",
                  attachments=[attachment(write_pdf(PARAGRAPHS, text_layer=False)),
                               attachment(write_pdf(PARAGRAPHS), url="http://www.longyou.gov.cn/b.pdf")])
    _, reads = read_raw_page(raw, extract=extract_text)
    [outcome] = unread_outcomes(raw, reads)
    assert (outcome.kind, outcome.outcome, outcome.url) == ("document", "unreadable", raw.attachments[0].url)
    assert "no text layer" in outcome.error and outcome.raw_event_id == "raw-1"
    assert outcome.host == "www.longyou.gov.cn" and outcome.portal_id == "longyou"
    ingested = raw.model_copy(update={"portal_id": None, "column_id": None})
    assert unread_outcomes(ingested, reads) == []  # not crawled: no crawl outcome
