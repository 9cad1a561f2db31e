"""The processing agents through Faust's test context: real agents, in-memory channels, no broker."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import faust

from schemas.events import CleanPage, DeadLetter, DocumentEvent, RawPage, ReportEvent
from streams import agents
from streams.codec import ModelCodec
from streams.settings import Settings
from streams.topics import Topics

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "pages"
REPORT_PAGE = EXAMPLES / "01_county_report_hanweb_utf8.html"
NOTICE_PAGE = EXAMPLES / "10_water_outage_notice_hanweb_gbk_lying_utf8.html"
URL = "http://www.zigui.gov.cn/art/2024/3/22/art_4132_1187653.html"
MAX_PAGE_BYTES = 64 * 1024

CLEAN = ModelCodec(CleanPage)
DOCUMENT = ModelCodec(DocumentEvent)
REPORT = ModelCodec(ReportEvent)
DEAD = ModelCodec(DeadLetter)


BROKEN_URL = "http://a.gov.cn/broken-analysis"


def analyzer_failing_on_one_url(page: CleanPage) -> tuple[DocumentEvent, str | None]:
    """The real analysis, except for BROKEN_URL, where it fails as a bug in it would."""
    if page.url == BROKEN_URL:
        raise RuntimeError("analysis bug")
    return agents.analyze_clean_page(page)


class Harness:
    """An app whose topics are in-memory channels, subscribed to before the agents send."""

    def __init__(self, tmp_path: Path, analyzer: agents.Analyzer = agents.analyze_clean_page,
                 max_page_bytes: int = MAX_PAGE_BYTES) -> None:  # fmt: skip
        settings = Settings(broker_url="kafka://127.0.0.1:9", data_dir=tmp_path,
                            max_page_bytes=max_page_bytes)  # fmt: skip
        self.app = faust.App(f"agents-test-{id(self)}", broker=settings.broker_url, web_enabled=False,
                             store="memory://", autodiscover=False)  # fmt: skip
        channels = {name: self.app.channel(key_type=bytes, value_type=bytes) for name in Topics.__slots__}
        self.topics = Topics(**channels)
        self.inboxes = {name: channel.clone(is_iterator=True) for name, channel in channels.items()}
        self.agents = agents.register(self.app, self.topics, settings, analyzer=analyzer)
        self.app.finalize()

    async def received(self, name: str, count: int | None = None) -> list[tuple[bytes | None, bytes]]:
        """`count` messages (waiting up to 10 s for them), or what is there now when count is None.

        The test context hands a value to the agent and returns before the agent is done with it,
        so tests end each batch with a message whose output they wait for: the agent handles
        messages in order, so everything before it has been sent by then.
        """
        inbox, messages = self.inboxes[name], []
        while (len(messages) < count) if count is not None else not inbox.empty():
            try:
                event = await asyncio.wait_for(inbox.get(), 10)
            except TimeoutError:
                message = f"{name}: {len(messages)} messages within 10 s, expected {count}"
                raise AssertionError(message) from None
            messages.append((event.key, event.value))
        return messages

    async def put(self, agent: faust.types.AgentT, payloads: list[bytes | None]) -> None:
        async with agent.test_context() as context:
            for payload in payloads:
                await context.put(payload, key=URL.encode())


def raw_page(body: bytes, url: str = URL) -> bytes:
    page = RawPage(event_id=f"raw-{url}", url=url, body=body, fetched_at=datetime(2024, 3, 25, tzinfo=UTC))
    return page.model_dump_json().encode()


def test_process_agent_publishes_the_clean_page_and_its_document(tmp_path: Path) -> None:
    harness = Harness(tmp_path)

    async def scenario() -> tuple[list, list, list, list]:
        await harness.put(harness.agents.process, [raw_page(REPORT_PAGE.read_bytes())])
        cleaned, documents = await harness.received("clean", 1), await harness.received("documents", 1)
        candidates = await harness.received("report_candidates", 1)
        return cleaned, documents, candidates, await harness.received("deadletter")

    cleaned, documents, candidates, dead = asyncio.run(scenario())
    assert dead == []
    key, value = cleaned[0]
    page = CLEAN.loads(value)
    assert key == URL.encode() and page.url == URL and page.raw_event_id == f"raw-{URL}"
    assert page.page.title and "法治政府建设" in page.page.title
    assert page.page.encoding == "utf-8" and not page.page.decode_errors
    # The document is the analysis of that clean page, the same as from the clean topic's payload.
    document = DOCUMENT.loads(documents[0][1])
    expected, report_id = agents.analyze_clean_page(page)
    assert documents[0][0] == URL.encode() and document.event_id == expected.event_id
    assert document.verdict == expected.verdict and document.facts == expected.facts
    assert candidates[0] == (report_id.encode(), documents[0][1])


def test_poison_payloads_become_dead_letters_and_the_agent_goes_on(tmp_path: Path) -> None:
    harness = Harness(tmp_path)
    wrong_schema = b'{"schema_version": 1, "event_id": "x", "url": 42}'
    oversize = raw_page(b"<p>" + "法治".encode() * MAX_PAGE_BYTES + b"</p>")
    undecodable = raw_page(b"<html><body><p>\xff\xfe\xfa\x80 2023\xc4\xea</p></body></html>", url="http://a.gov.cn/x")
    payloads = [b"{not json", wrong_schema, oversize, None, undecodable, raw_page(NOTICE_PAGE.read_bytes())]

    async def scenario() -> tuple[list, list]:
        await harness.put(harness.agents.process, payloads)
        return await harness.received("clean", 2), await harness.received("deadletter")

    cleaned, dead = asyncio.run(scenario())
    letters = [DEAD.loads(value) for _, value in dead]
    assert [(letter.stage, letter.error_type) for letter in letters] == [
        ("clean", "CodecError"), ("clean", "CodecError"), ("clean", "OversizePage"), ("clean", "CodecError"),
    ]  # fmt: skip
    assert letters[0].payload == b"{not json" and letters[1].payload == wrong_schema
    assert "url" in letters[1].message
    assert str(MAX_PAGE_BYTES) in letters[2].message
    assert [letter.offset for letter in letters] == [0, 1, 2, 3]  # where each came from
    assert all(letter.key == URL.encode() for letter in letters)
    # Undecodable bytes are not poison: a page with decode errors. The good page flows too.
    pages = [CLEAN.loads(value) for _, value in cleaned]
    assert [page.url for page in pages] == ["http://a.gov.cn/x", URL]
    assert pages[0].page.decode_errors or pages[0].page.encoding


def test_a_big_page_is_processed_like_a_small_one(tmp_path: Path) -> None:
    # Over INLINE_MAX_PAYLOAD the page is handled off the event loop: same outcome.
    harness = Harness(tmp_path, max_page_bytes=4 * agents.INLINE_MAX_PAYLOAD)
    html = REPORT_PAGE.read_bytes()
    padding = b"<!-- " + b"x" * agents.INLINE_MAX_PAYLOAD + b" -->"
    big = html.replace(b"</body>", padding + b"</body>")
    payloads = [raw_page(html), raw_page(big)]
    assert len(payloads[0]) <= agents.INLINE_MAX_PAYLOAD < len(payloads[1])

    async def scenario() -> list:
        await harness.put(harness.agents.process, payloads)
        return await harness.received("documents", 2)

    small, large = (DOCUMENT.loads(value) for _, value in asyncio.run(scenario()))
    assert large.verdict.is_report and large.facts.issuer == "秭归县人民政府"
    assert (large.verdict, large.facts, large.content_hash) == (small.verdict, small.facts,
                                                                small.content_hash)  # fmt: skip


def test_an_analysis_failure_is_an_analyze_dead_letter_after_the_clean_page(tmp_path: Path) -> None:
    harness = Harness(tmp_path, analyzer=analyzer_failing_on_one_url)
    broken = raw_page(REPORT_PAGE.read_bytes(), url=BROKEN_URL)

    async def scenario() -> tuple[list, list, list]:
        await harness.put(harness.agents.process, [broken, raw_page(NOTICE_PAGE.read_bytes())])
        documents = await harness.received("documents", 1)  # the page after it still flows
        return await harness.received("clean", 2), documents, await harness.received("deadletter")

    cleaned, documents, dead = asyncio.run(scenario())
    assert [CLEAN.loads(value).url for _, value in cleaned] == [BROKEN_URL, URL]  # cleaning did succeed
    assert [DOCUMENT.loads(value).url for _, value in documents] == [URL]
    (_, value), = dead
    letter = DEAD.loads(value)
    assert (letter.stage, letter.error_type, letter.message) == ("analyze", "RuntimeError", "analysis bug")
    assert letter.payload == broken and letter.offset == 0  # the raw message it came from


def test_process_and_track_emit_documents_and_one_new_report(tmp_path: Path) -> None:
    harness = Harness(tmp_path)

    async def scenario() -> tuple[list, list, list, list]:
        await harness.put(harness.agents.process, [raw_page(REPORT_PAGE.read_bytes()),
                                                   raw_page(NOTICE_PAGE.read_bytes(), url="http://a.gov.cn/n")])
        documents = await harness.received("documents", 2)
        candidates = await harness.received("report_candidates", 1)
        dead = await harness.received("deadletter")
        # The same report twice (a replay), then seen at another URL: `new`, then `sighting`.
        candidate = DOCUMENT.loads(candidates[0][1])
        elsewhere = candidate.model_copy(update={"url": "http://www.yichang.gov.cn/zigui.html"})
        first = candidates[0][1]
        await harness.put(harness.agents.track, [first, b"[]", first, DOCUMENT.dumps(elsewhere)])
        reports = await harness.received("reports", 2)
        return documents, candidates, reports, dead + await harness.received("deadletter")

    documents, candidates, reports, dead = asyncio.run(scenario())
    verdicts = {DOCUMENT.loads(value).url: DOCUMENT.loads(value).verdict.is_report for _, value in documents}
    assert verdicts == {URL: True, "http://a.gov.cn/n": False}
    assert len(candidates) == 1
    assert [DEAD.loads(value).stage for _, value in dead] == ["track"]
    (key, value), (_, second) = reports
    report, sighting = REPORT.loads(value), REPORT.loads(second)
    assert report.kind == "new" and key == report.report_id.encode() == candidates[0][0]
    assert report.facts.issuer == "秭归县人民政府" and report.facts.report_year == 2023
    assert report.source_urls == [URL] and report.canonical_url == URL
    assert sighting.kind == "sighting" and sighting.report_id == report.report_id
    assert sighting.source_urls == [URL, "http://www.yichang.gov.cn/zigui.html"]
    assert sighting.content_hash == report.content_hash


def _clean_page(html: bytes, url: str) -> CleanPage:
    from streams.analysis import clean_decoded, decode

    return CleanPage(event_id="c1", raw_event_id="r1", url=url, fetched_at=datetime(2024, 3, 22, tzinfo=UTC),
                     cleaned_at=datetime(2024, 3, 22, tzinfo=UTC), page=clean_decoded(decode(html), url))


def test_the_agents_analysis_is_analyzes_and_a_non_report_carries_no_indicators() -> None:
    from streams.analysis import analyze

    for path in (REPORT_PAGE, NOTICE_PAGE):
        html = path.read_bytes()
        document, _ = agents.analyze_clean_page(_clean_page(html, URL))
        expected = analyze(html, URL)
        assert (document.verdict, document.facts) == (expected.verdict, expected.facts)
    report, _ = agents.analyze_clean_page(_clean_page(REPORT_PAGE.read_bytes(), URL))
    notice, _ = agents.analyze_clean_page(_clean_page(NOTICE_PAGE.read_bytes(), URL))
    assert report.verdict.is_report and report.facts.indicators
    assert not notice.verdict.is_report and notice.facts.indicators == []


GLUED_LINES = [
    "清河县司法局关于2023年度法治政府建设情况的报告",
    "2023年,清河县司法局坚持以习近平法治思想为指导,全面推进法治政府建设,各项工作取得新成效。现将有关情况报告如下:",
    "一、主要举措和成效",
    "(一)加强组织领导。局党组认真履行推进法治建设第一责任人职责,全年召开专题会议6次,研究解决重点难点问题。",
    "(二)严格规范性文件管理。全年审核规范性文件12件,备案率100%,清理文件35件,废止5件。",
    "二、存在的不足和原因",
    "执法人员专业素质有待进一步提高,基层法治力量仍较薄弱,法治宣传的针对性还不够强。",
    "三、2024年工作计划",
    "继续深化依法行政,加强执法队伍建设,推进严格规范公正文明执法,提升群众满意度。",
]


def test_the_agent_reads_a_page_without_line_breaks_as_analyze_does() -> None:
    # A document site's text glued into one paragraph: reflow splits it before the agent reads it.
    glued = "<html><body><div>" + "".join(GLUED_LINES) + "</div></body></html>"
    document, _ = agents.analyze_clean_page(_clean_page(glued.encode(), "https://www.example.com/a.html"))
    assert document.verdict.is_report
    assert (document.facts.issuer, document.facts.report_year) == ("清河县司法局", 2023)
