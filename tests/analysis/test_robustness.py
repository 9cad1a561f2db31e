"""No stage of the analysis core may raise, whatever a crawler hands it.

Property tests feed arbitrary bytes to `decode`/`analyze` and arbitrary text to `clean`,
`classify`, `extract`, `find_indicators` and `analyze_text`; explicit cases cover the pages a
crawl really meets: empty bodies, images served as HTML, NUL-filled buffers, a 20 MB page,
pathological nesting, unclosed tags and lying charset labels. Each case also checks the result
is sane: junk is not a report, and the cleaned page is bounded by its input.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas import CleanedPage, ReportFacts, Verdict
from streams.analysis import (
    Analysis,
    Decoded,
    analyze,
    analyze_text,
    classify,
    clean,
    decode,
    extract,
    find_indicators,
)

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Text that looks like pages: HTML fragments, Chinese report phrases and numbers mixed with noise,
# so generated inputs reach the deeper branches (section headings, indicator patterns, dates).
FRAGMENTS = [
    "<html>", "</html>", "<head>", "<body>", "<div id=\"zoom\">", "</div>", "<p>", "</p>", "<br>", "<table>",
    "<td>", "<script>", "</script>", "<style>", "<!--", "-->", "<meta name=\"ArticleTitle\" content=\"",
    "<meta name=\"PubDate\" content=\"2024-03-01\">", "<meta charset=\"gbk\">", "&nbsp;", "&#x4e00;", "&#0;",
    "&amp;", "<![CDATA[", "]]>", "<div class=\"TRS_Editor\">", "<meta name=\"ContentStart\">",
    "法治政府建设", "年度报告", "关于2023年度法治政府建设情况的报告", "一、主要举措和成效",
    "二、存在的不足和原因",
    "三、党政主要负责人履行推进法治建设第一责任人职责情况", "四、2024年工作安排", "五、其他需要报告的情况",
    "收到行政复议申请", "受理", "审结", "件", "宗", "起", "人次", "%", "达", "为", "余", "多", "六", "两万余",
    "12345", "办结率", "满意度为", "出庭应诉率", "100", "99.5", "3200", "2024年3月18日", "人民政府", "司法局",
    "某县", "XX", "政府信息公开", "印发给你们", "〔2024〕12号", "省委、省政府:", "特此报告", "\n", " ", "\t",
    "\u3000", "\ufffd", "\x00", "\u202e", "𠀀", "🙂",
]
page_like_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)),
                          max_size=60).map("".join)
any_text = st.one_of(st.text(max_size=2000), page_like_text)
any_bytes = st.one_of(
    st.binary(max_size=4000),
    page_like_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    page_like_text.map(lambda t: t.encode("gb18030", "replace")),
)
content_types = st.one_of(st.none(), st.sampled_from([
    "text/html", "text/html; charset=utf-8", "text/html; charset=GBK", "text/html;charset=gb2312",
    "text/html; charset=big5", "text/html; charset=x-unknown-charset", "application/octet-stream",
    "text/html; charset=", "; charset=\"utf-16\"", "image/png", "",
]), st.text(max_size=40))
urls = st.one_of(st.none(), st.just(""), st.sampled_from([
    "http://www.example.gov.cn/art/2024/3/18/art_1229_100.html",
    "https://sfj.example.gov.cn/zwgk/tzgg/202403/t20240318_999.html",
    "http://[::1", "not a url", "http://例子.中国/a?b=c#d",
]), st.text(max_size=60))


def bounded(page: CleanedPage, document_length: int) -> None:
    """A cleaned page is a CleanedPage whose text does not outgrow its input."""
    assert isinstance(page, CleanedPage)
    assert all(isinstance(p, str) for p in page.paragraphs)
    # Entity expansion and normalisation can lengthen a little; growth beyond that is a bug.
    assert len(page.text) <= 4 * document_length + 256
    assert page.title is None or len(page.title) <= document_length + 256


def assert_not_report(result: Analysis) -> None:
    assert isinstance(result.verdict, Verdict)
    assert result.verdict.is_report is False, result.verdict.reasons


# --- properties ---------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(data=any_bytes, content_type=content_types)
def test_decode_never_raises(data: bytes, content_type: str | None) -> None:
    decoded = decode(data, content_type)
    assert isinstance(decoded, Decoded)
    assert isinstance(decoded.text, str) and isinstance(decoded.encoding, str)
    assert len(decoded.text) <= len(data) + 16  # one character per byte at most (plus a BOM-less margin)


@PROPERTY_SETTINGS
@given(document=any_text, url=urls)
def test_clean_never_raises(document: str, url: str | None) -> None:
    bounded(clean(document, url), len(document))


@PROPERTY_SETTINGS
@given(document=any_text, url=urls)
def test_extract_and_classify_never_raise(document: str, url: str | None) -> None:
    page = clean(document, url)
    facts = extract(page)
    assert isinstance(facts, ReportFacts)
    verdict = classify(page, facts)
    assert isinstance(verdict, Verdict)
    assert 0.0 <= verdict.confidence <= 1.0
    assert isinstance(classify(page), Verdict)  # facts are optional


@PROPERTY_SETTINGS
@given(text=any_text)
def test_find_indicators_never_raises(text: str) -> None:
    for hit in find_indicators(text):
        assert 0 <= hit.start <= hit.end <= len(text)


@PROPERTY_SETTINGS
@given(data=any_bytes, url=urls, content_type=content_types)
def test_analyze_never_raises(data: bytes, url: str | None, content_type: str | None) -> None:
    result = analyze(data, url, content_type)
    assert isinstance(result, Analysis)
    result.record("hypothesis")  # the flat record must validate too


@PROPERTY_SETTINGS
@given(document=any_text, url=urls)
def test_analyze_text_never_raises(document: str, url: str | None) -> None:
    result = analyze_text(document, url)
    bounded(result.page, len(document))
    result.record("hypothesis")


# --- explicit hostile inputs --------------------------------------------------------------------------


def test_empty_bytes_is_an_empty_non_report() -> None:
    result = analyze(b"", "http://www.example.gov.cn/", "text/html")
    assert_not_report(result)
    assert result.page.text.strip() == ""
    assert result.facts.indicators == []


@pytest.mark.parametrize("content_type", [None, "text/html; charset=utf-8", "image/png"])
def test_png_served_as_html_is_not_a_report(content_type: str | None) -> None:
    rng = random.Random(7)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.getrandbits(8) for _ in range(64_000))
    result = analyze(png, "http://www.example.gov.cn/images/banner.html", content_type)
    assert_not_report(result)
    bounded(result.page, len(png))


def test_nul_filled_buffer_is_not_a_report() -> None:
    data = b"\x00" * 200_000
    result = analyze(data, None, "text/html")
    assert_not_report(result)
    assert result.page.text.replace("\x00", "").strip() == ""


def test_twenty_megabyte_page_completes() -> None:
    # Realistic growth: a page whose body is a huge generated table with one report sentence on top.
    row = "<tr><td>行政处罚</td><td>2023-05-01</td><td>罚款200元</td><td>已办结</td></tr>\n"
    head = ("<html><head><meta charset='utf-8'><title>附件:行政执法数据公示</title></head><body>"
            "<div id='zoom'><p>行政执法数据公示</p><table>")
    document = head + row * (20_000_000 // len(row.encode("utf-8"))) + "</table></div></body></html>"
    data = document.encode("utf-8")
    assert len(data) >= 19_000_000
    result = analyze(data, "http://www.example.gov.cn/art/2024/1/5/art_1_2.html", "text/html; charset=utf-8")
    assert isinstance(result, Analysis)
    bounded(result.page, len(document))
    assert_not_report(result)


def test_twenty_megabyte_plain_text_line_completes() -> None:
    document = "法治" * 10_000_000  # one 20-million-character line, no markup, no punctuation
    result = analyze_text(document, None)
    bounded(result.page, len(document))
    assert isinstance(result.verdict, Verdict)


def test_deeply_nested_broken_html() -> None:
    # 15,000 open elements: far past Python's recursion limit, so a recursive tree walk fails here.
    # (Not deeper: Lexbor's own tree building grows quadratically with open block elements —
    # 60,000 nested divs take seconds in the parser alone.)
    depth = 5_000
    document = ("<html><body>" + "<font>" * 20_000 + "<div><span><b>" * depth
                + "停水通知:因管网维修,明日暂停供水。" + "</i></em>" * 50 + "<p" * 1000)
    result = analyze_text(document, "http://www.example.gov.cn/")
    bounded(result.page, len(document))
    assert_not_report(result)
    assert "停水" in result.page.text


def test_unclosed_tags_keep_their_text() -> None:
    document = ("<html><head><title>关于城区停水的通知</title><body><div id='zoom'><p>因供水管道改造,"
                "3月5日8时至18时城区部分区域停止供水。<p>请用户提前储水。<table><tr><td>联系电话<td>12345"
                "<script>var a = '<p>不是正文</p>'")
    result = analyze_text(document, "http://www.example.gov.cn/art/2024/3/4/art_5_6.html")
    bounded(result.page, len(document))
    assert_not_report(result)
    assert "停止供水" in result.page.text
    assert "var a" not in result.page.text


def test_unterminated_comment_script_style_and_entities() -> None:
    for document in ("<p>正文</p><!-- never closed " + "x" * 100_000,
                     "<script>" + "for(;;){}" * 20_000, "<style>" + "a{}" * 50_000, "<" * 300_000,
                     "&#" * 100_000 + "&#x110000;&#xD800;&#99999999999;"):
        result = analyze_text(document, None)
        bounded(result.page, len(document))
        assert_not_report(result)


REPORT_HTML = """<html><head><meta charset="utf-8">
<meta name="ArticleTitle" content="清溪县人民政府关于2023年度法治政府建设情况的报告">
<title>清溪县人民政府关于2023年度法治政府建设情况的报告</title></head><body>
<div id="zoom"><p>清溪县人民政府关于2023年度法治政府建设情况的报告</p>
<p>市人民政府:</p>
<p>2023年,我县深入学习贯彻习近平法治思想,扎实推进法治政府建设。现将有关情况报告如下:</p>
<p>一、主要举措和成效</p><p>全年收到行政复议申请46件,受理41件,审结39件。行政机关负责人出庭应诉率达100%。</p>
<p>二、存在的不足和原因</p><p>基层执法力量仍然薄弱。</p>
<p>三、党政主要负责人履行推进法治建设第一责任人职责情况</p><p>县政府常务会议专题学法12次。</p>
<p>四、2024年工作安排</p><p>持续深化行政执法体制改革。</p>
<p>五、其他需要报告的情况</p><p>无。</p>
<p>清溪县人民政府</p><p>2024年3月15日</p></div></body></html>"""


@pytest.mark.parametrize("content_type", [None, "text/html", "text/html; charset=utf-8"])
def test_gbk_bytes_behind_a_utf8_label_still_decode(content_type: str | None) -> None:
    data = REPORT_HTML.encode("gb18030")
    decoded = decode(data, content_type)
    assert "法治政府建设情况的报告" in decoded.text, decoded.encoding
    result = analyze(data, "http://www.qingxi.gov.cn/art/2024/3/18/art_1_2.html", content_type)
    assert "出庭应诉率" in result.page.text
    assert result.verdict.is_report is True, result.verdict.reasons


def test_utf8_bytes_behind_a_gb2312_label_still_decode() -> None:
    data = REPORT_HTML.replace('charset="utf-8"', 'charset="gb2312"').encode("utf-8")
    decoded = decode(data, "text/html; charset=gb2312")
    assert "法治政府建设情况的报告" in decoded.text, decoded.encoding
    assert analyze(data, None, "text/html; charset=gb2312").verdict.is_report is True


def test_mixed_encodings_in_one_page_do_not_raise() -> None:
    # Template chrome in UTF-8, body pasted in GBK: a real failure of some CMS exports.
    data = ("<html><meta charset='utf-8'><div>网站首页 通知公告</div>".encode()
            + "<div id='zoom'><p>关于开展法治宣传活动的通知</p></div>".encode("gbk")
            + b"\xff\xfe\x80" * 100 + b"</html>")
    result = analyze(data, None, None)
    assert isinstance(result, Analysis)
    bounded(result.page, len(data))


@pytest.mark.parametrize("document", [
    "", " ", "\n\n\n", "\u3000\u3000", "<html></html>", "<!DOCTYPE html>", "<>", "</>", "<p></p>" * 10_000,
    "\ufeff<html><body>\ufeff</body></html>", "\r\r\r\r", "\x00\x01\x02", "\ud800",
])
def test_trivial_documents_are_empty_non_reports(document: str) -> None:
    result = analyze_text(document, None)
    assert_not_report(result)
    bounded(result.page, len(document))
    assert result.facts.indicators == []


def test_find_indicators_on_huge_number_runs() -> None:
    text = "收到行政复议申请" + "9" * 100_000 + "件,办结率达" + "1" * 5000 + "%" + ",受理12件" * 20_000
    hits = find_indicators(text)
    for hit in hits:
        assert 0 <= hit.start <= hit.end <= len(text)
        assert hit.value == hit.value  # not NaN
    # The same text through the whole pipeline (Python refuses int() on > 4300 digits by default).
    assert isinstance(analyze_text("<p>" + text[:200_000] + "</p>", None), Analysis)


# --- whole pages as fetched: the shipped samples ----------------------------------------------------------

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "pages"
SAMPLE_IS_REPORT = {  # examples/README.md: 01-04 are reports, the rest look-alikes and notices
    "01_county_report_hanweb_utf8.html": True,
    "02_department_report_trs_gbk_lying_utf8.html": True,
    "03_subdistrict_report_hanweb_utf8_labelled_gb2312.html": True,
    "04_joint_report_trs_gbk.html": True,
    "05_info_disclosure_annual_report_trs_utf8.html": False,
    "06_work_plan_hanweb_gbk_lying_utf8.html": False,
    "07_shufa_meeting_news_hanweb_utf8.html": False,
    "08_template_sample_site_utf8.html": False,
    "09_recruitment_notice_trs_gbk.html": False,
    "10_water_outage_notice_hanweb_gbk_lying_utf8.html": False,
    "11_consultation_notice_trs_utf8_labelled_gb2312.html": False,
}


def test_every_sample_page_is_listed() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.html")) == sorted(SAMPLE_IS_REPORT)


@pytest.mark.parametrize("name", sorted(SAMPLE_IS_REPORT))
def test_sample_pages_decode_clean_and_classify(name: str) -> None:
    path = EXAMPLES / name
    url = path.with_name(name + ".url").read_text(encoding="utf-8").strip()
    result = analyze(path.read_bytes(), url, None)  # no Content-Type header: only the (maybe lying) meta
    assert "\ufffd" not in result.page.text, result.page.encoding
    assert result.page.title and len(result.page.title) <= 80
    assert result.verdict.is_report is SAMPLE_IS_REPORT[name], result.verdict.reasons
    # Chrome must be gone: footer and menu words never reach the body.
    for chrome in ("网站标识码", "ICP备", "加入收藏", "部门网站", "createPageHTML"):
        assert chrome not in result.page.text, chrome
