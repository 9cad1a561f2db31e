"""Report identity: stable ids across revisions, content hashes across sites, canonical source."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

from schemas import ReportFacts, SourceKind
from schemas.events import DocumentEvent
from streams.agents import track_report
from streams.analysis import analyze
from streams.identity import Source, content_hash, prefer_source, report_id, report_key

OWN_URL = "http://www.zigui.gov.cn/art/2024/3/22/art_1_2.html"
NEWS_URL = "http://www.fazhinews.com/2024/0325/12.html"

BODY = [
    "秭归县人民政府关于2023年度法治政府建设情况的报告",
    "宜昌市人民政府：",
    "2023年，秭归县坚持以习近平法治思想为指导，全面落实《法治政府建设实施纲要（2021—2025年）》，现将有关情况报告如下：",
    "一、主要举措和成效",
    "（一）依法全面履行政府职能。全年取消、下放和调整行政权力事项41项。",
    "（二）依法有效化解社会矛盾纠纷。全年收到行政复议申请87件，其中受理79件，办理行政诉讼案件53件。",
    "二、党政主要负责人履行推进法治建设第一责任人职责情况",
    "县政府主要负责人带头出庭应诉1次。",
    "三、存在的不足和原因",
    "一是部分乡镇合法性审查力量薄弱。",
    "四、2024年工作安排",
    "一是深入学习宣传贯彻习近平法治思想。",
    "秭归县人民政府",
    "2024年3月20日",
]


def own_portal_page(body: list[str] = BODY) -> bytes:
    paragraphs = "\n".join(f"<p>{line}</p>" for line in body)
    return f"""<html><head><title>{body[0]}_秭归县人民政府</title></head><body>
<div class="nav">首页 | 政务公开 | 政策文件 | 互动交流</div>
<div class="crumb">当前位置：首页 > 政务公开 > 法治政府建设</div>
<h1>{body[0]}</h1>
<div class="info">发布时间：2024-03-22 来源：秭归县司法局 浏览次数：123</div>
<div class="content">{paragraphs}</div>
<div class="footer">版权所有：秭归县人民政府 主办：秭归县人民政府办公室
网站标识码：4205270001 鄂ICP备12345号</div>
</body></html>""".encode()


def news_site_page(body: list[str] = BODY) -> bytes:
    # Other chrome, half-width commas: a republication that changed nothing of substance.
    paragraphs = "\n".join(f"<p>{line.replace('，', ', ')}</p>" for line in body)
    return f"""<html><head><meta charset="gbk"><title>{body[0]} - 法制新闻网</title></head><body>
<div>法制新闻网 | 首页 | 时政 | 法治 | 评论</div>
<div>您的位置：首页 &gt; 法治 &gt; 正文</div>
<h2>{body[0]}</h2>
<div>2024年03月25日 09:12 来源：秭归县人民政府网 作者：佚名</div>
<article>{paragraphs}</article>
<div>责任编辑：张三</div>
<div>关于我们 | 联系我们 | 广告服务 Copyright 2024 法制新闻网 All Rights Reserved</div>
</body></html>""".encode("gbk")


REVISED_BODY = [
    *BODY[:5],
    "（二）依法有效化解社会矛盾纠纷。全年收到行政复议申请88件，其中受理80件，办理行政诉讼案件53件。",
    *BODY[6:],
]


def test_same_report_with_other_chrome_and_encoding_hashes_the_same() -> None:
    own = analyze(own_portal_page(), OWN_URL)
    news = analyze(news_site_page(), NEWS_URL, "text/html; charset=gbk")
    assert own.verdict.is_report and news.verdict.is_report
    assert content_hash(own.page) == content_hash(news.page)
    assert report_id(own.facts) == report_id(news.facts) is not None


def test_revision_keeps_the_id_and_changes_the_hash() -> None:
    first = analyze(own_portal_page(), OWN_URL)
    revised = analyze(own_portal_page(REVISED_BODY), OWN_URL)
    assert report_id(first.facts) == report_id(revised.facts)
    assert content_hash(first.page) != content_hash(revised.page)


def test_hash_ignores_blanks_punctuation_and_width_but_not_words_or_numbers() -> None:
    base = content_hash(["全年收到行政复议申请87件，其中受理79件。"])
    assert content_hash(["全年收到 行政复议申请８７件, 其中受理79件"]) == base
    assert content_hash(["全年收到行政复议申请88件，其中受理79件。"]) != base
    assert content_hash(["全年收到行政诉讼申请87件，其中受理79件。"]) != base


def test_report_id_needs_issuer_and_year_and_ignores_formatting() -> None:
    facts = ReportFacts(issuer="秭归县人民政府", report_year=2023)
    assert report_id(facts) == report_id(ReportFacts(issuer=" 秭归县 人民政府 ", report_year=2023))
    assert report_id(facts) != report_id(ReportFacts(issuer="秭归县人民政府", report_year=2022))
    assert report_id(ReportFacts(issuer=None, report_year=2023)) is None
    assert report_id(ReportFacts(issuer="秭归县人民政府")) is None
    # Unknown issuer or year: the content hash keys the report (copies still merge).
    anonymous = ReportFacts(report_year=2023)
    assert report_key(anonymous, "abc") == report_key(anonymous, "abc") != report_key(anonymous, "abd")
    assert report_key(facts, "abc") == report_id(facts)


def test_canonical_source_prefers_the_issuers_own_portal_whatever_the_order() -> None:
    own = Source(OWN_URL, SourceKind.own_portal)
    other_gov = Source("http://www.yichang.gov.cn/a/1.html", SourceKind.other_government)
    news = Source(NEWS_URL, SourceKind.republication)
    spam = Source("http://fanwen.example.com/1.html", SourceKind.spam_or_template)
    assert prefer_source(news, own) == prefer_source(own, news) == own
    assert prefer_source(other_gov, news) == other_gov
    assert prefer_source(spam, news) == news
    twin = Source("http://www.zigui.gov.cn/b.html", SourceKind.own_portal)
    assert prefer_source(own, twin) == prefer_source(twin, own)


def _document(url: str, page: bytes, content_type: str | None = None) -> DocumentEvent:
    analysis = analyze(page, url, content_type)
    return DocumentEvent(
        event_id="d", url=url, fetched_at=datetime(2024, 3, 25, tzinfo=UTC), analyzed_at=datetime.now(UTC),
        title=analysis.page.title, content_hash=content_hash(analysis.page), verdict=analysis.verdict,
        facts=analysis.facts,
    )  # fmt: skip


def test_tracking_new_sighting_revised_and_replays() -> None:
    own = _document(OWN_URL, own_portal_page())
    news = _document(NEWS_URL, news_site_page(), "text/html; charset=gbk")
    revised = _document(OWN_URL, own_portal_page(REVISED_BODY))
    rid = report_key(own.facts, own.content_hash)

    state, event = track_report(None, rid, news)
    assert event is not None and event.kind == "new" and event.canonical_url == NEWS_URL
    state, event = track_report(state, rid, own)
    assert event is not None and event.kind == "sighting"
    assert event.source_urls == [NEWS_URL, OWN_URL] and event.canonical_url == OWN_URL
    assert track_report(state, rid, own)[1] is None  # same URL, same content: nothing
    assert track_report(state, rid, news)[1] is None
    state, event = track_report(state, rid, revised)
    assert event is not None and event.kind == "revised" and event.content_hash == revised.content_hash
    assert event.report_id == rid and event.canonical_url == OWN_URL
    # Replaying the older version after the revision is neither a revision nor a sighting.
    assert track_report(state, rid, own)[1] is None
    assert state["hash"] == revised.content_hash

    # Event ids are deterministic: the same input gives the same events.
    again = track_report(None, rid, news)[1]
    first = track_report(None, rid, news)[1]
    assert again is not None and first is not None and again.event_id == first.event_id


def test_fold_keeps_exactly_the_characters_isalnum_keeps_over_all_of_unicode() -> None:
    # The content hash (a stored id) must not change with how _fold is implemented.
    from streams.identity import _fold

    everything = "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF)
    expected = "".join(ch for ch in unicodedata.normalize("NFKC", everything).lower() if ch.isalnum())
    assert _fold(everything) == expected
