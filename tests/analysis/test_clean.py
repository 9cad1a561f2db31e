"""clean(): portal HTML (Hanweb, TRS, no container), plain text with chrome and spam, metadata, seeds."""

from __future__ import annotations

import importlib
import random
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bench._structured_pages import named_structured_pages
from streams.analysis import decode
from streams.analysis._html import too_deep
from streams.analysis.clean import clean, clean_decoded
from streams.analysis.regions import names_its_place

clean_module = importlib.import_module("streams.analysis.clean")

SHARED = Path(__file__).parents[2].parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
EXAMPLE_PAGES = Path(__file__).resolve().parents[2] / "examples" / "pages"

NAV = "".join(f'<li><a href="/col/col{i}/index.html">政务公开栏目{i}</a></li>' for i in range(40))
FOOTER = """<div class="footer">
<p>版权所有：某某市人民政府 主办：某某市人民政府办公室 联系电话：0000-1234567</p>
<p>网站标识码：4400000001 某ICP备12345678号-1 某公网安备 44000002000001号</p><p>技术支持：某某网络公司</p>
<p><a href="javascript:window.print()">打印</a> <a href="javascript:window.close()">关闭</a></p></div>"""
BODY_PARAGRAPHS = [
    "市人民政府：",
    "2023年，我局坚持以习近平法治思想为指导，全面推进<strong>依法行政</strong>，现将有关情况报告如下：",
    "一、主要举措和成效",
    "全年办理行政复议案件<span>25</span>件，纠错率为8%，行政机关负责人出庭应诉率达100%。",
    "二、存在的不足和原因",
    "基层执法人员法治素养仍需提高，个别领域执法不够规范。",
    "特此报告。",
]


def _body_html() -> str:
    return "".join(f"<p>{text}</p>\n" for text in BODY_PARAGRAPHS)


def hanweb_page() -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>某某市司法局关于2023年度法治政府建设情况的报告_某某市人民政府</title>
<meta name="ArticleTitle" content="某某市司法局关于2023年度法治政府建设情况的报告">
<meta name="PubDate" content="2024-03-01 09:30"><meta name="ContentSource" content="某某市司法局">
<meta name="SiteName" content="某某市人民政府"><meta name="ColumnName" content="法治政府建设年度报告">
<!-- Produced By 大汉网络 大汉版通发布系统 --></head><body><ul class="nav">{NAV}</ul>
<div class="main"><h1>某某市司法局关于2023年度法治政府建设情况的报告</h1>
<!--ContentStart-->{_body_html()}<p align="right">某某市司法局<br>2024年2月27日</p>
<p><a href="/module/download/downfile.jsp?filename=report.pdf">附件.pdf</a></p><!--ContentEnd-->
</div>{FOOTER}<script>$('#share-1').share();</script></body></html>"""


def trs_page() -> str:
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某某区农业农村局2023年法治政府建设年度报告 - 某某区人民政府网</title></head><body>
<div class="top">{NAV}</div><div class="crumb">当前位置：<a href="/">首页</a> &gt;
<a>政务公开</a> &gt; <a>通知公告</a></div>
<div class="detail"><h2 class="title">某某区农业农村局2023年法治政府建设年度报告</h2>
<div class="info">信息来源：区农业农村局　发布时间：<span>2024-02-05 16:20</span>
　浏览次数：<span>35</span></div>
<div class="TRS_Editor"><div class="Custom_UnionStyle">{_body_html()}
<table><tr><td>指标</td><td>数量</td></tr><tr><td>行政处罚案件</td><td>12件</td></tr></table>
<p>某某区农业农村局</p><p>2024年2月2日</p></div></div>
<p class="fj"><a href="./P020240205_123.docx">附件：某某区农业农村局2023年法治政府建设年度报告.docx</a>
</p></div>
<script>createPageHTML(1, 0, "t20240205_123", "shtml");</script>{FOOTER}</body></html>"""


def test_hanweb_page_markers_and_meta() -> None:
    page = clean(hanweb_page(), "https://www.example.gov.cn/art/2024/3/2/art_1_2.html")
    assert page.title == "某某市司法局关于2023年度法治政府建设情况的报告"
    assert page.published == date(2024, 3, 1)  # the page's PubDate beats the address date
    assert page.published_from == "label"
    assert page.source == "某某市司法局"
    assert page.site_name == "某某市人民政府"
    assert page.column == "法治政府建设年度报告"
    assert page.paragraphs[0] == "市人民政府："
    assert "全年办理行政复议案件25件，纠错率为8%，行政机关负责人出庭应诉率达100%。" in page.paragraphs
    assert page.paragraphs[-2:] == ["某某市司法局", "2024年2月27日"] or page.paragraphs[-3:-1] == [
        "某某市司法局", "2024年2月27日"]
    assert not any("栏目" in p or "版权" in p or "share" in p for p in page.paragraphs)
    assert [a.url for a in page.attachments] == [
        "https://www.example.gov.cn/module/download/downfile.jsp?filename=report.pdf"]


def test_marker_page_parsed_from_utf8_bytes_as_from_text() -> None:
    # Only the page up to 6000 characters after ContentEnd is parsed; given the UTF-8 bytes, the cut
    # must fall at the same character (here ~17 KB into the tail, not 6000 bytes).
    tail = "相关文章列表" * 900 + '<a href="/files/report-2.pdf">附件二</a>' + "页脚" * 2000
    page = hanweb_page().replace("<!--ContentEnd-->", "<!--ContentEnd-->" + tail)
    url = "https://www.example.gov.cn/art/2024/3/2/art_1_2.html"
    from_text = clean(page, url)
    assert "https://www.example.gov.cn/files/report-2.pdf" in [a.url for a in from_text.attachments]
    assert clean(page, url, utf8=page.encode()) == from_text


def test_trs_page_container_labels_table_and_breadcrumb() -> None:
    page = clean(trs_page(), "http://www.example.gov.cn/zwgk/202402/t20240205_123.shtml")
    assert page.title == "某某区农业农村局2023年法治政府建设年度报告"
    assert page.site_name == "某某区人民政府网"
    assert page.published == date(2024, 2, 5)
    assert page.source == "区农业农村局"
    assert page.column == "首页 > 政务公开 > 通知公告"
    assert "行政处罚案件 | 12件" in page.paragraphs
    assert page.paragraphs[-2:] == ["某某区农业农村局", "2024年2月2日"]
    assert not any("createPageHTML" in p or "ICP" in p for p in page.paragraphs)
    assert page.attachments[0].ext == "docx"
    assert page.attachments[0].url == "http://www.example.gov.cn/zwgk/202402/P020240205_123.docx"


def test_page_without_container_uses_the_densest_block() -> None:
    links = "".join(f"<div><a href='/n/{i}.html'>新闻标题第{i}条</a></div>" for i in range(80))
    html = f"""<html><head><title>关于2023年度法治政府建设情况的报告|某某镇</title></head><body>
<div class="x1">{links}</div><div class="x2"><div class="x3">{_body_html()}</div></div>
<div>{links}</div></body></html>"""
    page = clean(html)
    assert page.title == "关于2023年度法治政府建设情况的报告"
    assert "基层执法人员法治素养仍需提高，个别领域执法不够规范。" in page.paragraphs
    assert "特此报告。" in page.paragraphs
    assert sum("新闻标题" in p for p in page.paragraphs) <= 4


def test_information_disclosure_header_table() -> None:
    html = f"""<html><body><table class="xxgk">
<tr><td>索引号：</td><td>11000000000000000X/2024-00012</td><td>发布机构：</td><td>某某县应急管理局</td></tr>
<tr><td>文件编号：</td><td></td><td>发文日期：</td><td>2024-01-30</td></tr>
<tr><td>成文日期：</td><td>2024-01-25</td><td>有效性：</td><td>有效</td></tr></table>
<div id="zoom">{_body_html()}</div></body></html>"""
    page = clean(html)
    assert page.source == "某某县应急管理局"
    assert page.published == date(2024, 1, 30)  # publication beats signing (成文日期)


@pytest.mark.parametrize("lines", [
    ["发布机构：区政府办公室", "来源：重庆市开州区人民政府办公室"],
    ["来源：重庆市开州区人民政府办公室", "发布机构：区政府办公室"],
])
def test_a_source_naming_its_place_beats_one_named_by_its_level_word(lines: list[str]) -> None:
    # The info table's 发布机构 outranks a 来源 line, unless it names the body by its level word alone.
    body = ["2025年，我区坚持以习近平法治思想为指导，全面推进依法行政，现将有关情况报告如下：",
            "一、主要举措和成效"]
    page = clean("\n".join([*lines, "关于2025年法治政府建设情况的报告", *body]))
    assert page.source == "重庆市开州区人民政府办公室"
    alone = clean("\n".join(["发布机构：区政府办公室", "关于2025年法治政府建设情况的报告", *body]))
    assert alone.source == "区政府办公室"
    market = clean("\n".join(["发布机构：市场监督管理局", "来源：本网", "2025年工作总结", *body]))
    assert market.source == "市场监督管理局"


def test_plain_text_spam_header_and_footer_are_dropped() -> None:
    text = "\n".join([
        "- XX体育平台 版权所有",
        "- 主办:XX体育试玩办公室",
        "- XX体育",
        "- 承办:XX体育平台",
        "- 某ICP备18000000号-1",
        "-",
        *[re.sub(r"<[^>]+>", "", p) for p in BODY_PARAGRAPHS],
        "某某镇人民政府",
        "2024年1月8日",
        "公开方式:主动公开",
    ])
    page = clean(text)
    assert page.title is None  # the text starts straight with the body
    assert page.paragraphs[0] == "市人民政府："
    assert page.paragraphs[-2:] == ["某某镇人民政府", "2024年1月8日"]
    assert not any("体育" in p for p in page.paragraphs)
    assert page.removed_lines >= 7
    assert page.published == date(2024, 1, 8)  # signature date: no label, no address date
    assert page.published_from == "signature"


def test_plain_text_news_header_headline_and_script_tail() -> None:
    text = "\n".join([
        "某某网 > 时政 > 正文",
        "",
        "某地召开座谈会:坚定推进改革 更好服务发展大局",
        "",
        "某某市2023年度法治政府建设情况报告",
        "发布时间：2024-01-20 08:00  来源：某某市司法局  浏览次数：",
        *[re.sub(r"<[^>]+>", "", p) for p in BODY_PARAGRAPHS],
        "$('#share-1').share();",
        "发布",
        "document.write(unescape(\"%3Cspan%3E\"));",
        'style="display: table-cell"',
        ">",
        "[ 编辑: 某某网编辑 ]",
        "分享到:",
    ])
    page = clean(text, "https://news.example.com/c/2024-01-21/1.html")
    assert page.title == "某某市2023年度法治政府建设情况报告"
    assert page.paragraphs[0] == "某某市2023年度法治政府建设情况报告"
    assert page.paragraphs[-1] == "特此报告。"
    assert page.column == "某某网 > 时政"
    assert page.source == "某某市司法局"
    assert page.published == date(2024, 1, 20)  # the date shown on the page beats the address
    assert page.published_from == "label"
    assert not any("座谈会" in p or "share" in p or p == "发布" for p in page.paragraphs)


def test_title_with_issuer_line_above_it() -> None:
    body = "\n".join(re.sub(r"<[^>]+>", "", p) for p in BODY_PARAGRAPHS[:4])
    text = "某某县市场监督管理局\n关于2023年度法治政府建设情况的报告\n" + body
    page = clean(text)
    assert page.title == "某某县市场监督管理局关于2023年度法治政府建设情况的报告"
    assert page.paragraphs[0] == "某某县市场监督管理局"  # the issuer line itself is kept


def test_title_at_the_top_above_its_date_and_source_line_is_kept() -> None:
    # A short title line with nothing above it and a 日期/来源 header below is the page's title, not a
    # stray line wedged between chrome.
    body = "\n".join(re.sub(r"<[^>]+>", "", p) for p in BODY_PARAGRAPHS[:4])
    header = "青岭市2024年法治政府建设情况\n\n日期:2025-02-14 09:29 来源:青岭市人民政府\n| | | |\n\n"
    page = clean(header + body)
    assert page.title == "青岭市2024年法治政府建设情况"
    assert page.published == date(2025, 2, 14) and page.source == "青岭市人民政府"


# A county portal's detail page as scrapers return it: accessibility bar, menus split by bars and by blanks,
# a search box, a vertical menu, a sidebar's latest items, then the breadcrumb, the info table and the title.
PORTAL_HEADER = [
    "青岭县人民政府",
    "无障碍 | 关怀版 | 智能问答 | 个人登录 | 法人登录",
    "首页  政务要闻  政务公开  政务服务  互动交流  专题专栏",
    "请输入关键字  搜索",
    "2024年04月03日 星期三 农历二月廿五",
    "政务公开：政策文件 | 政策解读 | 规划计划 | 财政信息 | 政府信息公开年报",
    "政务服务：个人办事 | 法人办事 | 12345热线 | 好差评",
    "乡镇街道：东山街道 望春门街道 新湘路街道 东郊乡 山枣镇",
    "信息公开目录",
    "政府信息公开指南",
    "政府信息公开制度",
    "最新发布",
    "· 青岭县2024年普法依法治理工作要点　2024-04-02",
    "通知：关于2024年春运期间道路客运组织工作的通知 >>",
    "当前位置：首页 > 政务公开 > 法定主动公开内容 > 法治政府建设",
    "索 引 号：431381/2024-05128  发布机构：青岭县人民政府",
    "公开程序：属主动公开范围，由经办科室起草，经主要领导审核后公开。",
    "青岭县人民政府关于2023年度法治政府建设情况的报告",
    "来源：青岭县司法局 发布时间：2024-03-29 17:21 【字体：大 中 小】 【打印】",
]


def test_a_titled_page_begins_at_its_breadcrumb() -> None:
    body = "\n".join(re.sub(r"<[^>]+>", "", p) for p in BODY_PARAGRAPHS[:4])
    page = clean("\n".join(PORTAL_HEADER) + "\n" + body)
    assert page.title == "青岭县人民政府关于2023年度法治政府建设情况的报告"
    assert page.paragraphs[0] == page.title  # menus, banners and the sidebar above the path are gone
    assert not any("政策解读" in p or "工作要点" in p or "指南" in p for p in page.paragraphs)
    assert page.site_name == "青岭县人民政府"  # the header's first name line, kept as the site's name
    assert page.column == "首页 > 政务公开 > 法定主动公开内容 > 法治政府建设"
    assert page.published == date(2024, 3, 29)  # not the site's date-and-weather bar


def test_an_untitled_page_takes_no_title_from_a_vertical_menu_above_its_breadcrumb() -> None:
    # A menu copied one item a line: its items read like titles (信息公开指南), the page has none.
    body = "\n".join(re.sub(r"<[^>]+>", "", p) for p in BODY_PARAGRAPHS[:4])
    header = ["青岭县人民政府门户网站", "首页", "政务公开", "走进青岭", "信息公开指南",
              "信息公开制度", "政府信息公开年报", "首页 > 政务公开 > 法治政府建设",
              "来源：青岭县司法局　发布时间：2024-03-29"]
    page = clean("\n".join(header) + "\n" + body)
    assert page.title is None
    # A title line above the path that stands apart from a menu is still the page's.
    title = "青岭县人民政府关于2023年度法治政府建设情况的报告"
    titled = clean("\n".join([title, *header[-2:]]) + "\n" + body)
    assert titled.title == title


def test_without_a_title_after_the_breadcrumb_the_lines_above_it_stay() -> None:
    # The path printed at the page's foot: nothing after it is a title, and the body above it is kept.
    body = [re.sub(r"<[^>]+>", "", p) for p in BODY_PARAGRAPHS[:4]]
    page = clean("\n".join([*body, "当前位置：首页 > 政务公开", "版权所有：青岭县人民政府"]))
    assert page.paragraphs[:4] == body


@pytest.mark.parametrize("line", [
    "长者模式 | 无障碍 | English | 繁體 | 登录 | 注册",
    "首页 | 走进江阴 | 新闻中心 | 政务公开 | 政务服务 | 政民互动",
    "12369环保举报 | 排污许可 | 环评审批 | 空气质量 | 水环境质量",
    "街道：满城北街街道 黄河东路街道 北京中路街道 上海西路街道 长城中路街道 丰登镇",
    "公路 水路 道路运输 综合执法 质量安全 规划建设",
    "请输入您要搜索的内容",
    "站内搜索  高级检索",
    "【最新公告】关于做好2016年春季植树造林工作的通知",
    "• 大连市人民政府关于2023年度法治政府建设情况的报告　2024-03-31",
])
def test_menus_search_boxes_banners_and_list_rows_are_chrome(line: str) -> None:
    body = "\n".join(re.sub(r"<[^>]+>", "", p) for p in BODY_PARAGRAPHS[:4])
    page = clean(f"{line}\n{body}")
    assert page.paragraphs[0] != line


@pytest.mark.parametrize("line", [
    "行政复议案件 | 128件 | 同比增长 | 12件",          # a flattened table's row: its numbers are facts
    "中共青岭县委 青岭县人民政府",                       # a joint issuer over its title
    "青岭县人民政府 关于 法治政府 建设 情况的报告",       # a title set with blanks
    "湖南省人民政府 | 湘潭市人民政府",                   # two names: too few for a menu
])
def test_rows_that_look_like_menus_but_are_not(line: str) -> None:
    body = "\n".join(re.sub(r"<[^>]+>", "", p) for p in BODY_PARAGRAPHS[:4])
    page = clean(f"{line}\n{body}")
    assert page.paragraphs[0] == line


@pytest.mark.parametrize(("header", "shown"), [
    # a stamp heading a row of one label, bare or after a platform's byline
    ("青岭市2023年度法治政府建设工作报告\n"
     "2024-02-19 16:40    来源：青岭市司法局    【字号 大 中 小】【打印】",
     date(2024, 2, 19)),
    ("青岭市人民政府关于2023年度法治政府建设情况的报告\n原创  青岭司法  2024-03-31 18:02  来源：澎湃号·政务",
     date(2024, 3, 31)),
    # a forum's post line and a document library's upload row, above the title or below it
    ("青岭论坛 » 政务公开\n湘水悠悠  发表于 2024-04-07 21:33:18 | 只看该作者\n"
     "青岭市人民政府关于2023年度法治政府建设情况的报告", date(2024, 4, 7)),
    ("青岭市2023年法治政府建设年度报告\n2024-03-19 上传  |  暂无简介  |  文档格式：docx  |  共6页",
     date(2024, 3, 19)),
    ("青岭市2023年法治政府建设年度报告\n4.3分 | 2163阅读 | 17次下载 | 上传于2024-03-02 | 5页",
     date(2024, 3, 2)),
    # a WeChat post: a kicker before the headline, the byline without a label
    ("重磅！青岭区2023年度法治政府建设情况报告发布\n原创 青岭发布 青岭发布 2024-03-27 18:30 发表于江苏",
     date(2024, 3, 27)),
    # an aggregator shows the original's date and its own: its own is the page's
    ("青岭市2023年法治政府建设年度报告\n"
     "来源：青岭市人民政府　原文发布时间：2024-03-26　本站收录时间：2024-04-09",
     date(2024, 4, 9)),
    ("青岭市2023年法治政府建设年度报告\n"
     "源发布日期：2024-03-29　｜　本站转载：2024-04-24　｜　来源：青岭州人民政府网",
     date(2024, 4, 24)),
])
def test_the_page_date_in_bylines_and_copies(header: str, shown: date) -> None:
    body = "\n".join(re.sub(r"<[^>]+>", "", p) for p in BODY_PARAGRAPHS[:4])
    page = clean(f"{header}\n{body}", "https://copies.example.com/a/123.html")
    assert page.published == shown
    assert page.title is not None and "报告" in page.title


def test_a_mirrors_brand_is_cut_out_of_the_copied_text() -> None:
    # The brand its chrome names (博鑫体育官网入口 | …) is glued into the title and wedged into sentences.
    text = "\n".join([
        "青岭县2023年度法治政府建设情况报告-博鑫体育官网入口(中国)有限公司",
        "博鑫体育官网入口 | 博鑫体育APP下载 | 博鑫体育注册登录 | 娄底新闻",
        "发布日期：2024-03-19  作者：博鑫体育  点击：",
        "【博鑫体育官网】博鑫体育青岭县人民政府关于2023年度法治政府建设情况的报告",
        "2023年，青岭县人民政府坚持以习近平法治思想为指导，博鑫体育官网首页 现将有关情况报告如下。",
        "（一）强化组织领导。研究法治政府建设议题5次。相关阅读：2024年一建报名时间及入口 全年集体学法12次。",
    ])
    page = clean(text, "https://www.qlxzx-news.com/html/9521.html")
    assert page.title == "青岭县人民政府关于2023年度法治政府建设情况的报告"
    assert page.paragraphs[-2:] == [
        "2023年，青岭县人民政府坚持以习近平法治思想为指导，现将有关情况报告如下。",
        "（一）强化组织领导。研究法治政府建设议题5次。全年集体学法12次。"]
    assert not any("博鑫" in p for p in page.paragraphs)


def test_a_sentence_carrying_a_bracketed_advert_keeps_its_facts() -> None:
    text = ("青岭市人民政府关于2023年度法治政府建设情况的报告\n"
            "（一）加强组织领导。市政府常务会议专题学法6次，14个县（市、区）全部开展述法"
            " 【皇冠体育 hg0088.com】\n"
            "【澳门新葡京】官方直营 真人娱乐 体育投注")
    page = clean(text)
    assert page.paragraphs[1] == "（一）加强组织领导。市政府常务会议专题学法6次，14个县（市、区）全部开展述法"
    assert len(page.paragraphs) == 2   # the advert's own line is still spam


def test_without_a_brand_in_the_chrome_sports_words_stay() -> None:
    text = "青岭县文化和旅游体育局2023年法治政府建设年度报告\n2023年，县文化和旅游体育局坚持依法行政。"
    assert clean(text).title == "青岭县文化和旅游体育局2023年法治政府建设年度报告"


def test_the_title_printed_only_in_the_info_tables_row() -> None:
    # A scrape that kept the character references; the table's labels aligned with blanks.
    text = "\n".join([
        "青岭区人民政府&nbsp;&nbsp;信息公开",
        "当前位置：首页&nbsp;&gt;&nbsp;信息公开&nbsp;&gt;&nbsp;法治政府建设",
        "索&nbsp;&nbsp;引&nbsp;&nbsp;号：11340111MB1556274N/202403-00017　　信息分类：法治政府建设",
        "发布机构：青岭区司法局　　生成日期：2024-03-25　　发布日期：2024-03-25",
        "名&nbsp;&nbsp;&nbsp;&nbsp;称：青岭区人民政府关于2023年度法治政府建设情况的报告",
        "&nbsp;&nbsp;&nbsp;&nbsp;2023年，青岭区人民政府坚持以习近平法治思想为指导，开展&ldquo;会前学法&rdquo;13次。",
    ])
    page = clean(text)
    assert page.title == "青岭区人民政府关于2023年度法治政府建设情况的报告"
    assert page.column == "首页 > 信息公开 > 法治政府建设"
    assert page.paragraphs == ["2023年，青岭区人民政府坚持以习近平法治思想为指导，开展“会前学法”13次。"]
    assert page.published == date(2024, 3, 25)


@pytest.mark.parametrize(("header", "shown"), [
    ("[ 成文日期 ] 2022-03-20\t[ 发布日期 ] 2022-03-25", date(2022, 3, 25)),   # boxed labels
    ("上传者：hnzw2018  上传于：2018-05-12  页数：6  格式：DOC  浏览：87", date(2018, 5, 12)),
    ("文档页数：7页　　上传时间：2019-05-06　　文档大小：24.6 KB", date(2019, 5, 6)),   # unknown labels first
])
def test_boxed_labels_and_upload_rows(header: str, shown: date) -> None:
    body = "\n".join(re.sub(r"<[^>]+>", "", p) for p in BODY_PARAGRAPHS[:4])
    page = clean(f"青岭县2021年度法治政府建设工作报告\n{header}\n{body}")
    assert page.published == shown


def test_a_site_named_as_its_disclosure_site() -> None:
    page = clean("肥西县人民政府信息公开网\n三河镇人民政府关于2022年度法治政府建设情况的报告\n县人民政府：\n"
                 "2022年，三河镇坚持以习近平法治思想为指导。")
    assert page.site_name == "肥西县人民政府"


@pytest.mark.parametrize("title_label", ["名　　称", "公文名称"])
def test_an_info_table_whose_cells_a_tab_parts(title_label: str) -> None:
    # Label and value cells without a colon, the labels aligned with blanks; a path of arrows with no 首页.
    text = "\n".join([
        "青岭区人民政府",
        "信息公开 > 青岭区司法局 > 法治政府建设",
        " 索引号\t011101234/2024-23067\t 主题分类\t综合政务/其他",
        " 发布机构\t区司法局\t 发文日期\t2024-03-26",
        f" {title_label}\t青岭区人民政府关于2023年度法治政府建设情况的报告",
        "　　2023年，区政府坚持以习近平法治思想为指导，深入贯彻落实法治政府建设的决策部署。",
    ])
    page = clean(text)
    assert page.title == "青岭区人民政府关于2023年度法治政府建设情况的报告"
    assert not any(p.startswith(title_label) for p in page.paragraphs)  # the row is metadata
    assert page.column == "信息公开 > 青岭区司法局 > 法治政府建设"
    assert page.published == date(2024, 3, 26)


def test_address_date_when_the_page_shows_none() -> None:
    page = clean("\n".join(re.sub(r"<[^>]+>", "", p) for p in BODY_PARAGRAPHS[:4]), "http://www.example.gov.cn/a/202303/t20230313_9.html")
    assert page.published == date(2023, 3, 13)


@pytest.mark.parametrize("document", ["", "   \n  ", "\x00\x01\x02", "<html></html>", "<<<>>>", "。"])
def test_empty_or_garbage_input_never_raises(document: str) -> None:
    page = clean(document)
    assert page.title is None or isinstance(page.title, str)
    assert isinstance(page.paragraphs, list)


def test_twenty_megabyte_input_is_capped() -> None:
    document = hanweb_page().replace("</ul>", "</ul>" + "<div>" + "导航" * 5_000_000 + "</div>", 1)
    assert len(document) > 10_000_000
    page = clean(document)
    assert isinstance(page.paragraphs, list)
    huge_text = ("法治政府建设情况。" * 10 + "\n") * 250_000
    assert len(clean(huge_text).paragraphs) > 0


@pytest.mark.skipif(not SEEDS, reason="../shared not present: seeds unavailable")
@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.name[:3])
def test_seed_report_body_comes_through_whole(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    page = clean(text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # The body's last line is the signature date: it survives, and nothing after it but chrome.
    date_line = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
    last_date_index = max(i for i, line in enumerate(lines) if date_line.fullmatch(line))
    assert page.paragraphs[-1] == lines[last_date_index]
    # Every long sentence of the source survives; no footer, script or spam line does.
    long_lines = [line for line in lines if len(line) >= 60 and "。" in line and "版权" not in line]
    kept = set(page.paragraphs)
    assert all(re.sub(r"\s+", " ", line) in kept or line in kept for line in long_lines)
    chrome = re.compile(r"版权所有|ICP备|公网安备|share\(|document\.write|扫一扫|Produced By|体育")
    assert not any(chrome.search(p) for p in page.paragraphs)
    assert page.removed_lines >= 1
    assert page.published is not None
    first = page.paragraphs[0]
    assert first.startswith(("20", page.title or "\x00")) or (page.title or "").startswith(first)


def _page_with_long_chrome(body: str) -> str:
    """A body container between a long menu and a long tail of link lists, as on real portals."""
    links = "".join(f'<li><a href="/col/col{i}/index.html">部门链接{i}</a></li>' for i in range(600))
    return (f"<html><head><title>某某县2023年法治政府建设年度报告_某某县人民政府</title></head><body>"
            f"<ul class='nav'>{NAV}</ul>\n"
            "<div class='crumb'>当前位置：首页 &gt; 政务公开 &gt; 通知公告</div>\n"
            f"<h1>某某县2023年法治政府建设年度报告</h1>\n{body}<div class='links'><ul>{links}</ul></div>"
            f"{FOOTER}</body></html>")


def test_container_found_in_raw_html_keeps_text_after_a_script_with_closing_tags() -> None:
    body = ("<DIV CLASS='main TRS_Editor'><p>一、主要举措：全年办理行政复议案件25件，纠错率为8%。</p>"
            "<script>document.write('</div></div>');</script>"
            "<p>二、存在的不足：基层执法人员法治素养仍需提高，个别领域执法不够规范。</p>"
            + "<p>三、下一步工作：持续推进严格规范公正文明执法，加强行政执法监督。</p>" * 3 + "</DIV>"
            "<p class='fj'><a href='/files/report.pdf'>附件：年度报告.pdf</a></p>")
    page = clean(_page_with_long_chrome(body), "http://www.example.gov.cn/art/2024/1/2/art_1_2.html")
    assert page.paragraphs[0].startswith("一、主要举措")
    assert any(p.startswith("三、下一步工作") for p in page.paragraphs)
    assert not any("部门链接" in p or "document.write" in p for p in page.paragraphs)
    assert page.column == "首页 > 政务公开 > 通知公告"
    assert page.title == "某某县2023年法治政府建设年度报告"
    assert [a.url for a in page.attachments] == ["http://www.example.gov.cn/files/report.pdf"]


def test_commented_out_container_does_not_hide_the_real_one() -> None:
    body = ("<!-- <div id='zoom'>旧模板</div> --><div id='zoom'>"
            + "<p>全年办理行政复议案件25件，行政机关负责人出庭应诉率达100%，法治政府建设取得新成效。</p>" * 2
            + "</div>")
    page = clean(_page_with_long_chrome(body))
    assert page.paragraphs[0].startswith("全年办理行政复议案件25件")
    assert not any("旧模板" in p for p in page.paragraphs)


def test_too_small_container_falls_through_to_the_next_selector() -> None:
    sentence = "全年办理行政复议案件25件，行政机关负责人出庭应诉率达100%，法治政府建设取得新成效。"
    body = (f"<div id='content'><span>简介</span></div>"
            f"<div class='zw'><p>{sentence}</p><p>{sentence}</p></div>")
    page = clean(_page_with_long_chrome(body))
    assert page.paragraphs == [sentence, sentence]


def test_nesting_estimate_flags_only_pathological_pages() -> None:
    assert not too_deep(_page_with_long_chrome("<div id='zoom'><p>正文</p></div>"))
    assert not too_deep("<p>段落<br>" * 20_000)  # many tags, but void or self-closing ones
    assert too_deep("<div><span><b>" * 20_000)
    assert too_deep("<div>" * 10_000 + "x" + "</div>" * 10_000)  # balanced, yet deep
    # Thousands of comments open no level (the bound that counts them as tags cannot clear the page).
    assert not too_deep("<div>" + "<!-- 注释 --><span>x</span>" * 9_000 + "</div>")
    assert too_deep("<!-- 注释 -->" * 9_000 + "<div>" * 10_000)


def test_deeply_nested_page_completes_through_the_regex_path() -> None:
    document = ("<html><head><title>关于城区停水的通知_某某县人民政府</title></head><body>"
                + "<div><span><b>" * 20_000
                + "<p>停水通知：因管网维修，明日8时至18时城区暂停供水，请提前储水。</p>"
                + "<script>var x = '不是正文';</script><!-- 注释 -->" + "</b></span></div>" * 20_000)
    page = clean(document)
    assert "停水通知：因管网维修，明日8时至18时城区暂停供水，请提前储水。" in page.paragraphs
    assert not any("不是正文" in p or "注释" in p for p in page.paragraphs)
    assert page.title == "关于城区停水的通知"


# --- structures of real portal pages (the speed bench builds whole pages of each kind) ---------------------

WORD_PARAGRAPH = ("<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28pt'>"
                  "<span style='font-size:16.0pt;font-family:仿宋_GB2312'>全年办理行政复议案件</span>"
                  "<span lang=EN-US style='font-size:16.0pt;font-family:\"Times New Roman\"'>25</span>"
                  "<span style='font-size:16.0pt'>件，纠错率为</span><span lang=EN-US>8%</span>"
                  "<span style='font-size:16.0pt'>。</span><span lang=EN-US><o:p></o:p></span></p>")


def test_word_export_paragraphs_stay_whole_lines() -> None:
    body = ("<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml>"
            "<![endif]--><div class=TRS_Editor><style>.TRS_Editor P{margin:0}</style>" + WORD_PARAGRAPH * 3
            + "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>"
            "<table class=MsoNormalTable><tr><td><p class=MsoNormal><span>行政处罚案件</span></p></td>"
            "<td><p class=MsoNormal><span lang=EN-US>12</span><span>件</span></p></td></tr></table></div>")
    page = clean(_page_with_long_chrome(body))
    assert page.paragraphs.count("全年办理行政复议案件25件，纠错率为8%。") == 3
    assert "行政处罚案件" in page.paragraphs and "12件" in page.paragraphs  # Word puts a <p> in every cell
    assert not any("WordDocument" in p or "Normal" in p or "margin" in p for p in page.paragraphs)


def test_text_after_a_block_is_its_own_line() -> None:
    sentence = "全年办理行政复议案件25件，行政机关负责人出庭应诉率达100%，法治政府建设取得新成效。"
    body = (f"<div id='zoom'><p>{sentence}</p>一、主要举措<br>二、存在的不足<div>{sentence}</div>"
            "特此报告。</div>")
    page = clean(_page_with_long_chrome(body))
    assert page.paragraphs == [sentence, "一、主要举措", "二、存在的不足", sentence, "特此报告。"]


def test_spa_page_without_a_known_container() -> None:
    """A Selenium-saved Vue page: data-v attributes, SVG icons, the article again as JSON in a script."""
    v = 'data-v-5a3b2c1d=""'
    sentence = "2023年，我区坚持以习近平法治思想为指导，全面推进依法行政，法治政府建设取得新成效。"
    icon = f'<svg {v} viewBox="0 0 1024 1024"><path {v} d="M512 0c10 20 30 40 50 60z"></path></svg>'
    menu = "".join(f'<li {v}><a {v} href="/col/{i}">栏目{i}</a>{icon}</li>' for i in range(200))
    state = ('{"article":{"title":"某区2023年法治政府建设年度报告","content":"\\u003Cp\\u003E'
             + "不是正文的状态数据，" * 20 + '\\u003C/p\\u003E"}}')
    html = (f"<html><head><title>某区2023年法治政府建设年度报告</title></head><body><div id='app'>"
            f"<ul {v} class='menu'>{menu}</ul>"
            f"<div {v} class='d-title'>某区2023年法治政府建设年度报告</div>"
            f"<div {v} class='d-meta'><span {v}>发布时间：2024-03-18 10:00</span>"
            f"<span {v}>来源：某区司法局</span></div>"
            f"<div {v} class='rich-box'>" + f"<p {v}>{sentence}</p><!---->" * 4 + "</div>"
            + "".join(f'<div {v} class="placeholder"><div {v}></div><!----></div>' for _ in range(100))
            + f"</div><script>window.__INITIAL_STATE__={state}</script></body></html>")
    page = clean(html, "https://www.example.gov.cn/portal/detail/123")
    assert page.paragraphs.count(sentence) == 4
    assert page.published == date(2024, 3, 18)
    assert page.source == "某区司法局"
    assert page.title == "某区2023年法治政府建设年度报告"
    assert not any("状态数据" in p or "栏目" in p or "M512" in p for p in page.paragraphs)


def test_dates_in_related_lists_far_below_the_body_are_not_the_page_date() -> None:
    related = "".join(f"<li><a href='/a/{i}.html'>其他通知{i}</a>"
                      f"<span>发布日期：2019-01-{i % 28 + 1:02d}</span></li>" for i in range(150))
    body = ("<div class='info'>发布时间：2024-02-05 16:20</div><div class='TRS_Editor'>" + _body_html()
            + "</div><div class='filler'>" + "<p>相关专题链接</p>" * 600
            + f"</div><ul class='related'>{related}</ul>")
    page = clean(_page_with_long_chrome(body))
    assert page.published == date(2024, 2, 5)  # 发布日期 ranks above 发布时间, but these are other pages'


@pytest.mark.parametrize("pattern", [r"^a|b\|c", r"(x|y)z|^[|]w", r"\(|^\)", r"[\]|]q|r"])
@pytest.mark.parametrize("line", ["a", "zb|c", "xz", "|w", "yz", "(", ")", "]q", "|q", "r", "bc", "w"])
def test_split_alternation_matches_like_the_whole(pattern: str, line: str) -> None:
    from streams.analysis.clean import _AnyPattern

    assert _AnyPattern.compile([pattern, "never-matches-xyz"]).search(line) == bool(re.search(pattern, line))


@pytest.mark.parametrize("page", [trs_page, hanweb_page], ids=["container", "markers"])
def test_utf8_bytes_given_to_the_parser_give_the_same_page(page) -> None:
    html = page()
    url = "http://www.example.gov.cn/zwgk/202402/t20240205_123.shtml"
    from_bytes = clean(html, url, utf8=html.encode("utf-8"))
    assert from_bytes.paragraphs and from_bytes == clean(html, url)


def test_traditional_copy_is_read_with_the_same_labels_and_title_endings() -> None:
    # A mirror's traditional copy: 來源 is the 来源 label, 情況 ends a title like 情况 does; the kept
    # text comes out in simplified characters, as every later rule reads it.
    body = "2024年,我市堅持以習近平法治思想爲指導,全面推進法治政府建設。現將有關情況報告如下:"
    page = clean("青嶺市2024年法治政府建設情況\n\n日期:2025-02-14 09:29 來源:青嶺市人民政府\n\n" + body)
    assert page.title == "青岭市2024年法治政府建设情况"
    assert page.source == "青岭市人民政府" and page.published == date(2025, 2, 14)
    assert page.paragraphs[-1].startswith("2024年,我市坚持以习近平法治思想为指导")


def test_label_marks_are_the_marks_after_a_label_ending() -> None:
    # _label_marks stands for the regex [label endings]\s*([:：|]): both must give the same marks.
    ends = "".join(sorted(clean_module._LABEL_ENDS))
    plain = re.compile(rf"[{re.escape(ends)}]\s*([:：|])")
    rng = random.Random(7)
    alphabet = ends[:6] + "日期来源:：| \u3000\n\tab："
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(5000)]
    texts.append("发布日期：2024-01-02 | 来源 : 某局 |浏览次数: 5 a:b 期  :: 源\u3000|")
    for text in texts:
        assert sorted(clean_module._label_marks(text)) == [m.start(1) for m in plain.finditer(text)], text


# --- The line gates: a closed gate must never hide a match of the checks it stands for. ---------------

_CLEAN = importlib.import_module("streams.analysis.clean")
# Every gate literal, and what the patterns look for around them.
_GATE_WORDS = sorted({*_CLEAN._SCRIPT_LINE.keys, *_CLEAN._CHROME_LINE.keys, *_CLEAN._SPAM_LINE.keys,
                      *_CLEAN._ALL_LABELS, *_CLEAN.BOILERPLATE["breadcrumb_prefixes"],
                      *_CLEAN.BOILERPLATE["breadcrumb_separators"], "&gt;", "首页", "function(", "var x =",
                      "});", "<div>", "a{b:c}", "x: y;"})
_NEUTRAL_PIECES = [" ", "  ", ":", "：", "|", "】", "【", "[", "]", "大", "中", "小", "2023-01-02", "12:30",
                   "。", "，", "我局", "全面推进依法行政", "正文", "x", "=", '"', ";", "{", "}", "(", ")",
                   "\u3000"]


def _gated_checks(line: str, gates: int) -> dict[str, object]:
    """What _scan decides about a line, with the gates as given (all open: the checks as they were)."""
    meta = _CLEAN._Meta()
    crumb = _CLEAN._breadcrumb(line) if gates & _CLEAN._CRUMB_GATE else None
    labels = bool(gates & _CLEAN._LABEL_GATE) and _CLEAN._take_labels(line, meta)
    return {"crumb": crumb, "labels": labels, "meta": (meta.published, meta.source, meta.header_date),
            "chrome": _CLEAN._is_chrome(line, gates)}


def _assert_gates_hide_nothing(lines: list[str]) -> None:
    lines = [_CLEAN._normalize(line) for line in lines]
    for line, gates in zip(lines, _CLEAN._LINE_GATES.of_lines(lines)[0], strict=True):
        if line:
            assert _gated_checks(line, gates) == _gated_checks(line, -1), line


def test_line_gates_hide_nothing_around_each_gate_word() -> None:
    contexts = ("{}", "{}：", "【{}】", " {} 2023-01-02", "{} > 政务公开", "{}：全面推进依法行政", "我局{}",
                "x{}x")
    _assert_gates_hide_nothing([context.format(word) for word in _GATE_WORDS for context in contexts])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.one_of(st.sampled_from(_NEUTRAL_PIECES), st.sampled_from(_GATE_WORDS)),
                         max_size=6).map("".join), min_size=1, max_size=6))
def test_line_gates_hide_nothing_in_mixed_lines(lines: list[str]) -> None:
    _assert_gates_hide_nothing(lines)


def test_line_gates_on_the_boilerplate_lines_of_these_tests() -> None:
    lines = [*re.sub(r"<[^>]+>", "\n", FOOTER).split("\n"), *BODY_PARAGRAPHS,
             "当前位置：首页 > 政务公开 > 正文", "首页 » 通知公告",
             "发布日期：2024-02-08 信息来源：宁远县人民政府", "【字体：大 中 小】", "浏览次数：12",
             "$(function(){", "document.write('x')", "上一篇：关于…的通知", "娱乐平台注册送彩金", ""]
    _assert_gates_hide_nothing(lines)


# --- Title and organisation checks: the fast forms against the regexes they replace. ------------------

def _alternation_at_end(words: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))
    return re.compile(f"(?:{alternatives})$")


_TITLE_PIECES = [*_CLEAN.BOILERPLATE["title_endings"], *_CLEAN.BOILERPLATE["org_endings"], "关于", "2023年",
                 "(", ")", "（", "）", "【", "】", "[", "]", "《", "》", " ", "\n", "\u3000", "号",
                 "〔2024〕", "3", "县", "第"]
_TITLE_TEXT = st.lists(st.sampled_from(_TITLE_PIECES), max_size=10).map("".join)


@example("关于印发的通知\n")
@example("县人民政府\n")
@given(_TITLE_TEXT)
def test_endings_by_endswith_as_the_regexes_at_the_end(text: str) -> None:
    for words, endings in ((_CLEAN.BOILERPLATE["title_endings"], _CLEAN._TITLE_ENDINGS),
                           (_CLEAN.BOILERPLATE["org_endings"], _CLEAN._ORG_ENDINGS)):
        assert _CLEAN._ends_with(text, endings) == bool(_alternation_at_end(words).search(text))


@example("关于的通知（草案） ")
@example("报告[1]\n")
@given(_TITLE_TEXT)
def test_title_core_as_with_the_bracket_regex_always_tried(text: str) -> None:
    assert _CLEAN._title_core(text) == _CLEAN._TRAILING_BRACKETS.sub("", text).strip(_CLEAN._TITLE_WRAPPERS)


@example("县〔2024〕3号")
@example("县〔2024〕 12 号\n")
@given(_TITLE_TEXT)
def test_title_kind_as_without_its_memo_and_number_gate(text: str) -> None:
    meta = _CLEAN._Meta()
    kind = _CLEAN._title_kind(text, meta)
    assert _CLEAN._title_kind(text, meta) == kind  # from the memo
    if _CLEAN._DOC_NUMBER.match(text):
        assert kind is None


@given(st.lists(st.sampled_from(["2024-02-08", "2023年1月2日至2024年1月2日", "来源：县司法局",
                                  "二〇二四年三月一日", ""]), max_size=6))
def test_dates_memo_gives_find_dates(texts: list[str]) -> None:
    meta = _CLEAN._Meta()
    for text in texts:
        assert _CLEAN._dates_in(text, meta) == _CLEAN.find_dates(text)


# --- Label and breadcrumb regexes in their fast forms, against the forms they replace. ----------------

_OLD_LABEL_BEFORE_MARK = re.compile(
    "(?:" + "|".join(re.escape(label) for label in sorted(set(_CLEAN._ALL_LABELS), key=len, reverse=True))
    + r")\s*$")
_OLD_VALUE_END = re.compile(r"\s*\||\s{2,}|[【\[]")
_OLD_CRUMB_SEPARATOR = re.compile(
    r"\s*(?:" + "|".join(re.escape(sep) for sep in sorted(set(_CLEAN.BOILERPLATE["breadcrumb_separators"]),
                                                         key=len, reverse=True)) + r"|&gt;|\s>\s)\s*")
_HEADER_TEXT = st.lists(st.sampled_from([*_CLEAN._ALL_LABELS, "布日期", "期", "源", ":", "：", "|", " ", "  ",
                                         "\u3000", "\n", "【", "[", "]", ">", ">>", "》", "/", "&gt;", "首页",
                                         "2024-01-02", "县司法局", "x"]), max_size=12).map("".join)


@example("发布日期 ：2024", 6)
@example("发布日期      ：", 10)
@example("x 来源:", 5)
@given(_HEADER_TEXT, st.integers(min_value=0, max_value=60))
def test_label_before_a_mark_as_the_label_regex_before_it(text: str, position: int) -> None:
    position = min(position, len(text))
    old = _OLD_LABEL_BEFORE_MARK.search(text, max(0, position - 8), position)
    assert _CLEAN._label_before(text, position) == (old.start() if old else None)


@example("县司法局 | 2024")
@example("县司法局  x【")
@given(_HEADER_TEXT)
def test_value_end_starts_where_the_old_value_end_did(text: str) -> None:
    new, old = _CLEAN._VALUE_END.search(text), _OLD_VALUE_END.search(text)
    assert (new.start() if new else None) == (old.start() if old else None)


@example("首页 > 政务公开 >  > 正文 ")
@example(" >>a / b&gt;c")
@given(_HEADER_TEXT)
def test_crumb_items_as_split_by_the_old_separator(text: str) -> None:
    assert ([part.strip() for part in _CLEAN._CRUMB_SEPARATOR.split(text)]
            == [part.strip() for part in _OLD_CRUMB_SEPARATOR.split(text)])


@example("首页首页首", "首页")
@example("位位置位置", "位置")
@example("xxx", "xx")
@given(st.text(alphabet="首页位置当前 x", max_size=30),
       st.sampled_from(["首页", "位置", "当前位置", "x", "xx"]))
def test_occurrences_by_first_character_as_by_word(text: str, word: str) -> None:
    expected, position = [], text.find(word)
    while position >= 0:
        expected.append(position)
        position = text.find(word, position + 1)
    assert _CLEAN._occurrences(text, word) == expected


def _reference_take_labels(line: str, meta: Any) -> bool:
    """_take_labels as it was: every label's value read, its dates parsed, before the ranks are compared."""
    if len(line) > _CLEAN._SHORT_LINE + 40:
        return False
    marked = ":" in line or "：" in line or "|" in line
    if not marked and line.lstrip(_CLEAN._LEAD_CHARS)[:2] not in _CLEAN._LABEL_HEADS:
        return False
    matches = list(_CLEAN._LABEL.finditer(line))
    leading = _CLEAN._LEADING_LABEL.match(line)
    if leading and (not matches or matches[0].start() > leading.start("label")):
        matches.insert(0, leading)
    if not matches or not (matches[0].start("label") <= 2 or leading or len(matches) >= 2
                           or _CLEAN._stamp_heads(line[:matches[0].start("label")], _CLEAN._Meta())):
        return False
    for index, match in enumerate(matches):
        end = matches[index + 1].start("label") if index + 1 < len(matches) else len(line)
        raw = line[match.end():end].lstrip(" |:：")
        cut = re.compile(r"\s*\||\s{2,}|[【\[]").search(raw)
        value = (raw[:cut.start()] if cut else raw).strip(" |:：【】[]()（）")
        label = match.group("label")
        if label in _CLEAN._DATE_LABEL_RANK and value:
            parsed = _CLEAN.parse_date(value)
            rank = _CLEAN._DATE_LABEL_RANK[label]
            if parsed is not None and rank < meta.published_rank:
                meta.published, meta.published_rank = parsed, rank
        elif label in _CLEAN._SOURCE_LABEL_RANK and value:
            dates = _CLEAN.find_dates(value)
            if dates and dates[0][1] > 1:          # the outlet before its stamp
                value = value[:dates[0][1]].strip()
                dates = _CLEAN.find_dates(value)
            if dates or not 1 < len(value) <= 40 or value in _CLEAN._LABEL_SET:
                continue
            rank = _CLEAN._SOURCE_LABEL_RANK[label]
            if not names_its_place(value):
                rank += len(_CLEAN._SOURCE_LABELS)   # a value that does not name its place ranks last
            if rank < meta.source_rank:
                meta.source, meta.source_rank = value, rank
    if meta.header_date is None:
        meta.header_date = _CLEAN._numeric_date(line, _CLEAN._Meta())
    return True


_LABEL_LINE = st.lists(st.sampled_from([*_CLEAN._DATE_LABELS, *_CLEAN._SOURCE_LABELS, "索引号", "浏览次数",
                                        "：", ":", "|", " ", "  ", "【", "2024-02-08", "2023年1月2日",
                                        "县司法局", "某市人民政府", "x"]), max_size=10).map("".join)


@example(["发布时间：2024-01-02 来源：县司法局", "日期：2023-05-06 发布机构：某市人民政府"])
@example(["发布机构：区政府办公室", "来源：某市人民政府", "发布：市场监督管理局"])
@example(["发布日期：2024-01-02 来源：县司法局", "发布日期：2023-05-06 来源：某市人民政府"])
@given(st.lists(_LABEL_LINE, max_size=5))
def test_take_labels_lifts_what_reading_every_value_lifted(lines: list[str]) -> None:
    meta, reference = _CLEAN._Meta(), _CLEAN._Meta()
    for line in lines:
        assert _CLEAN._take_labels(line, meta) == _reference_take_labels(line, reference)
        assert ((meta.published, meta.published_rank, meta.source, meta.source_rank, meta.header_date)
                == (reference.published, reference.published_rank, reference.source, reference.source_rank,
                    reference.header_date))


# --- clean_decoded: the page's text built only where needed ----------------------------------------------

_EDGE_PAGES = [
    " \n\t", "\u3000\u3000\n", "\x1c\x1f", "", "没有标签的纯文本。\n第二行：2023年5月6日",
    "字" * 4095 + "<div>在嗅探范围之外</div>", "字" * 4090 + "<div>跨过嗅探的边界</div>",
    "𠮷" * 4094 + "<p>四字节字符</p>",
    "<html><body><!--ContentStart--><p>" + "正文。" * 40 + "</p><!--ContentEnd--></body></html>",
    "<div><span><b>" * 3_000 + "太深的页面。" * 30,
    "\u3000<html><head><title>关于2023年法治政府建设情况的报告</title></head><body><p>正文。</p></body></html>",
]


def _both_ways(data: bytes, url: str | None, content_type: str | None = None) -> None:
    decoded = decode(data, content_type)
    expected = clean(decoded.text, url, encoding=decoded.encoding, decode_errors=decoded.errors,
                     utf8=decoded.utf8)
    assert clean_decoded(decode(data, content_type), url) == expected


@pytest.mark.parametrize("text", _EDGE_PAGES)
@pytest.mark.parametrize("charset", ["utf-8", "gbk"])
def test_clean_decoded_gives_what_clean_gives_on_the_text(text: str, charset: str) -> None:
    data = text.encode(charset, errors="ignore")
    _both_ways(data, "http://www.example.gov.cn/art/2024/3/28/art_1_2.html", f"text/html; charset={charset}")


def test_clean_decoded_on_the_shipped_and_structured_pages() -> None:
    pages = [(path.read_bytes(), None, None) for path in sorted(EXAMPLE_PAGES.glob("*")) if path.is_file()]
    pages += [(page.data, page.url, page.content_type) for _, page in named_structured_pages(SHARED)]
    for data, url, content_type in pages:
        _both_ways(data, url, content_type)


def test_clean_decoded_cuts_a_page_past_the_character_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clean_module, "MAX_DOCUMENT_CHARS", 500)
    for text in ("<p>" + "正文，" * 400 + "</p>", "abc " * 400, "正文" * 100):
        _both_ways(text.encode(), None)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["<p>", "</p>", "<div id='zoom'>", "</div>", "正文，", "。", "\u3000", " ",
                                 "\n", "𠮷", "<!--ContentStart-->", "<!--ContentEnd-->", "来源：某某市司法局",
                                 "2024-03-28", "abc"]), max_size=30).map("".join))
def test_clean_decoded_on_random_pages(text: str) -> None:
    _both_ways(text.encode(), "http://www.example.gov.cn/a.html")


def test_a_cleaning_bug_keeps_the_page_empty_and_is_logged(monkeypatch: pytest.MonkeyPatch,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    def broken(*args: Any) -> None:
        raise RuntimeError("a bug in the line cleaner")

    monkeypatch.setattr(clean_module, "_scan", broken)
    url = "http://www.example.gov.cn/art/2024/3/28/art_1_2.html"
    for page in (clean("<p>正文。</p>", url), clean_decoded(decode("<p>正文。</p>".encode()), url)):
        assert (page.url, page.paragraphs, page.published) == (url, [], date(2024, 3, 28))
    failures = [record for record in caplog.records if record.name == "streams.analysis.clean"]
    expected = f"cleaning {url} failed: the page is kept, empty"
    assert [record.getMessage() for record in failures] == [expected] * 2
    assert all(record.exc_info and "line cleaner" in str(record.exc_info[1]) for record in failures)


@pytest.mark.parametrize("prefix", ["您当前的位置：", "您现在的位置:", "当前的位置：", "您目前所在位置：",
                                    "当前位置："])
def test_a_breadcrumb_after_any_common_prefix_is_the_column_not_a_title(prefix: str) -> None:
    page = clean(f"广州市人民政府\n{prefix}首页 > 政务公开 > 通知公告\n"
                 "2023年,我局坚持依法行政,全面推进法治政府建设。现将有关情况报告如下:\n一、主要举措", None)
    assert page.column == "首页 > 政务公开 > 通知公告"
    assert "通知公告" not in (page.title or "")


def test_a_menu_of_column_names_is_chrome_not_a_title() -> None:
    # A site's menu (six or more short column names in a row) over the title: 政府信息公开年报 in it is no
    # title of the page.
    menu = "信息公开指南 信息公开制度 法定主动公开内容 机构职能 政策文件 规划信息 重点领域 政府信息公开年报"
    page = clean(f"阜阳市颍州区人民政府\n{menu}\n颍州区2023年法治政府建设年度报告\n"
                 "2023年,颍州区坚持以习近平新时代中国特色社会主义思想为指导,全面贯彻党的二十大精神。", None)
    assert not any("信息公开指南" in line for line in page.paragraphs)
    assert page.title == "颍州区2023年法治政府建设年度报告"
    # A title in a few spaced words is no menu.
    title = "中共清河县委 清河县人民政府 关于2023年度法治建设工作情况的报告"
    spaced = clean(f"{title}\n2023年,县委坚持依法执政。", None)
    assert spaced.paragraphs[0].startswith("中共清河县委")


def test_a_breadcrumb_rooted_at_the_sites_own_name_is_the_column() -> None:
    page = clean("固原市原州区人民政府 > 信息公开 > 乡镇信息公开 > 三营镇\n三营镇2023年法治政府建设工作报告\n"
                 "2023年,三营镇在区委、区政府的正确领导下,认真落实法治政府建设各项任务。现将有关工作情况报告如下:",
                 None)
    assert page.column == "固原市原州区人民政府 > 信息公开 > 乡镇信息公开 > 三营镇"
    assert page.title == "三营镇2023年法治政府建设工作报告"
    # Two items, or a first item that is no site's name, is no breadcrumb.
    assert clean("青岭县人民政府 > 通知公告\n正文。", None).column is None
    assert clean("收入 > 支出 > 结余\n正文。", None).column is None


@pytest.mark.parametrize("line", ["2024年03月28日 10:20 来源：本网", "发布日期：20240328",
                                  "发布日期:2024年03月28日"])
def test_a_header_date_in_another_form_dates_the_page(line: str) -> None:
    page = clean(f"青岭县司法局2023年度法治政府建设情况报告\n{line}\n"
                 "2023年,青岭县司法局坚持以习近平法治思想为指导,全面推进法治政府建设。"
                 "现将有关情况报告如下:", None)
    assert page.published == date(2024, 3, 28)


@pytest.mark.parametrize("line", ["2024年03月28日 来源：县司法局", "2024年3月28日  作者：本网  浏览次数："])
@pytest.mark.parametrize("above", [False, True])
def test_a_date_heading_a_row_of_labels_dates_the_page(line: str, above: bool) -> None:
    title = "青岭县司法局2023年度法治政府建设情况报告"
    head = f"{line}\n{title}" if above else f"{title}\n{line}"  # the stamp above the title as well
    page = clean(f"{head}\n2023年,青岭县司法局坚持以习近平法治思想为指导,全面推进法治政府建设。"
                 "现将有关情况报告如下:", None)
    assert (page.published, page.title) == (date(2024, 3, 28), title)


@pytest.mark.parametrize("line", ["2024年03月28日 10:20 来源：本网", "2024年3月28日 来源：本网 浏览次数：",
                                  "2024-03-28 10:20"])
def test_the_stamp_over_an_untitled_excerpt_is_no_title(line: str) -> None:
    page = clean(f"{line}\n2023年,青岭县司法局坚持以习近平法治思想为指导,全面推进法治政府建设。"
                 "现将有关情况报告如下:\n一、主要举措和成效", None)
    assert (page.title, page.published) == (None, date(2024, 3, 28))


def test_a_date_in_a_sentence_is_no_page_stamp() -> None:
    page = clean("青岭县司法局2023年度法治政府建设情况报告\n"
                 "2024年3月28日10:30,青岭县召开法治政府建设推进会,全面推进法治政府建设各项工作落实见效。",
                 None)
    assert page.published is None


def test_letter_spaced_title_and_text_are_joined_and_a_label_row_still_read() -> None:
    page = clean("首页 政务公开 通知公告 互动交流 走进清河\n来源：本网 浏览次数：12 字号：大 中 小\n"
                 "清 河 县 人 民 政 府\n关 于 2023 年 度 法 治 政 府 建 设 情 况 的 报 告\n"
                 "2023年,全县坚持以习近平法治思想为指导,全面推进法治政府建设。现将有关情况报告如下:\n"
                 "全 年 办 理 行 政 复 议 案 件 2 3 件 。", None)
    assert page.title == "清河县人民政府关于2023年度法治政府建设情况的报告"
    assert "全年办理行政复议案件23件。" in page.paragraphs
    assert page.source == "本网"


@pytest.mark.parametrize("colon", ["：", ""])
def test_a_label_alone_on_its_line_takes_the_next_line_as_its_value(colon: str) -> None:
    catalogue = (f"宁德市医疗保障局\n索引号{colon}\nNDYB00100-0300-2026-00003\n成文日期{colon}\n2026-01-13\n"
                 f"发布日期{colon}\n2026-01-15\n宁德市医疗保障局2025年度法治政府建设情况报告\n"
                 "2025年，市医疗保障局深入学习贯彻习近平法治思想。")
    page = clean(catalogue, None)
    assert page.published == date(2026, 1, 15)     # 发布日期 outranks 成文日期
    assert page.published_from == "label"


def test_an_info_row_whose_labels_two_blanks_part() -> None:
    # A flattened disclosure table: no colons, each label and its value parted from the next by two blanks.
    text = ("青岭县人民政府\n"
            "索引号 11150624011738054M/2026-00031  主题分类 其他  发布机构 青岭县司法局  "
            "成文日期 2026-03-02  发布日期 2026-03-19  文号 无\n"
            "标题 青岭县人民政府关于2025年度法治政府建设情况的报告\n"
            "青岭县人民政府关于2025年度法治政府建设情况的报告\n"
            "2025年，青岭县坚持以习近平法治思想为指导，扎实推进法治政府建设。")
    page = clean(text, None)
    assert (page.published, page.published_from) == (date(2026, 3, 19), "label")
    assert page.source == "青岭县司法局"
    assert not any(p.startswith(("索引号", "标题")) for p in page.paragraphs)   # both rows are metadata
    assert page.title == "青岭县人民政府关于2025年度法治政府建设情况的报告"


@pytest.mark.parametrize(("url", "shown", "where"), [
    ("https://www.qingling.gov.cn/zwgk/fzzfjs/202603/t20260318_88412207.html", date(2026, 3, 18), "address"),
    (None, date(2026, 3, 2), "label"),           # no better date: the signing date stands
])
def test_a_signing_date_alone_yields_to_the_address(url: str | None, shown: date, where: str) -> None:
    text = ("青岭县人民政府\n索引号：11520328009544836X/2026-0000215\n发布机构：青岭县人民政府\n"
            "成文日期：2026-03-02\n文号：青府函〔2026〕17号\n青岭县人民政府关于2025年法治政府建设工作情况的报告\n"
            "2025年，青岭县坚持以习近平法治思想为指导，着力推进依法行政。")
    page = clean(text, url)
    assert (page.published, page.published_from) == (shown, where)


def test_a_source_label_followed_by_the_stamp_keeps_the_outlet() -> None:
    page = clean("县人民政府关于2025年度法治政府建设情况的报告\n来源：涉县融媒体中心　2026-03-30 17:26\n"
                 "2025年，县政府坚持以习近平法治思想为指导。现将有关情况报告如下：", None)
    assert (page.source, page.published) == ("涉县融媒体中心", date(2026, 3, 30))


def test_a_reposts_account_is_its_site() -> None:
    body = ("\n2025年，市政府坚持以习近平法治思想为指导，全面推进依法行政。现将有关情况报告如下。\n"
            "一、主要举措及成效")
    wechat = clean("2025年法治政府建设年度报告\n原创 琼海发布 琼海发布 2026年03月31日 18:25 海南" + body,
                   "https://mp.weixin.qq.com/s/Cv8Hn1Tq5Mb2Zx7RkL0pWg")
    assert (wechat.site_name, wechat.published) == ("琼海发布（海南）", date(2026, 3, 31))
    toutiao = clean("2025年法治政府建设年度报告\n东阳发布\n2026-03-29 09:12 · 浙江金华\n关注" + body,
                    "https://www.toutiao.com/article/7487265130918724147/")
    assert toutiao.site_name == "东阳发布（浙江金华）"
    # Sohu's stamp labels the poster's place (发布于：), the account on the line above.
    sohu = clean("2025年法治政府建设年度报告\n义乌发布\n2026-03-28 16:47  发布于：浙江省\n政务号" + body,
                 "https://www.sohu.com/a/877361042_121106869")
    assert (sohu.site_name, sohu.published) == ("义乌发布（浙江省）", date(2026, 3, 28))
    # A CMS stamp under a section's name on a government site is no repost's.
    cms = clean("青岭县司法局2025年法治政府建设年度报告\n政策法规科 2026-03-29 17:05" + body,
                "http://www.qingling.gov.cn/a.html")
    assert cms.site_name is None and cms.published == date(2026, 3, 29)


def test_a_page_without_line_breaks_is_dated_by_its_stamp_with_the_time() -> None:
    one_line = ("昆山市2025年法治政府建设年度报告原创 法治昆山 法治昆山 2026年3月31日 18:30 江苏昆山市2025年"
                "法治政府建设年度报告2025年，昆山市坚持以习近平法治思想为指导，全面落实法治政府建设实施纲要。现将有关情况报告"
                "如下。一、主要举措和成效（一）加强法治政府建设统筹。市政府常务会议专题学法6次，研究法治政府建设重要"
                "事项11次。")
    assert clean(one_line, None).published == date(2026, 3, 31)
    # A date in the body with no time of day is no stamp.
    assert clean(one_line.replace(" 2026年3月31日 18:30", ""), None).published is None


def test_a_tables_rows_of_numbers_are_no_letter_spaced_text() -> None:
    # A label and three numbers parted by tabs: three in four pieces are numbers, as in letter-spaced
    # text, but numbers side by side are cells (joined they read 中学1886421450).
    rows = "类别\t学校数（所）\t开展法治课（节）\n中学\t18\t864\t21450\n幼儿园\t45\t540\t9120"
    text = clean(rows, None).text
    assert "中学  18  864  21450" in text and "幼儿园  45  540  9120" in text
    # Digits spaced out one by one are still one number.
    spaced = clean("全 年 办 理 行 政 复 议 案 件 2 0 2 3 件 。", None)
    assert "全年办理行政复议案件2023件。" in spaced.paragraphs


def test_a_documents_colophon_gives_its_printing_date_where_the_page_shows_none() -> None:
    body = ["遵义市医疗保障局关于2025年度法治政府建设情况的报告", "市委全面依法治市委员会办公室：",
            "　　2025年，市医疗保障局坚持以法治思维和法治方式推进医保治理，现将有关情况报告如下。" * 3,
            "　　　　遵义市医疗保障局", "抄送：市司法局。"]
    colophon = "遵义市医疗保障局办公室　　　　　　　　2026年3月19日印发"
    assert clean("\n".join([*body, colophon])).published == date(2026, 3, 19)
    assert clean("\n".join([*body, colophon]), "http://www.zunyi.gov.cn/t20260320_1.html").published == date(
        2026, 3, 20)   # the address's date is the page's own
    # A sentence that mentions printing a document is no colophon.
    assert clean("\n".join([*body, "经研究，我局已于2026年3月19日印发"])).published is None


def test_a_column_and_the_unit_it_holds_is_a_breadcrumb_not_a_title_line() -> None:
    # Joined to the title below it, it gave the issuer 乡镇动态、>、…民族乡.
    page = clean("莫力达瓦达斡尔族自治旗人民政府\n乡镇动态 > 杜拉尔鄂温克民族乡\n"
                 "杜拉尔鄂温克民族乡关于2025年度法治政府建设情况的报告\n"
                 "2025年，我乡在旗委、旗政府的正确领导下，坚持以习近平法治思想为指导。现将情况报告如下：",
                 None)
    assert page.column == "乡镇动态 > 杜拉尔鄂温克民族乡"
    assert page.title == "杜拉尔鄂温克民族乡关于2025年度法治政府建设情况的报告"
    assert clean("行政复议 > 行政诉讼\n正文。", None).column is None


def test_a_title_broken_at_a_documents_line_width_is_joined_with_its_tail() -> None:
    page = clean("青岭市人民政府\n青政〔2026〕12号　　　签发人：王青\n"
                 "青岭市人民政府关于2025年度法治政府建设\n情况的报告\n青州市人民政府：\n2025年，我市坚持以习近平法治思想为指导，全面推进法治政府建设。"
                 "现将有关情况报告如下。", None)
    assert page.title == "青岭市人民政府关于2025年度法治政府建设情况的报告"
    # A body line ending like a title is no title's tail: nor is a title that ends like one joined.
    whole = clean("青岭市2025年法治政府建设年度报告\n工作情况报告\n2025年，我市坚持依法行政。现报告如下。",
                  None)
    assert whole.title == "青岭市2025年法治政府建设年度报告"


def test_a_header_naming_the_place_the_title_names_is_not_the_titles_first_half() -> None:
    page = clean("青岭市秀水区人民政府\n青岭市秀水区2025年法治政府建设年度报告\n"
                 "2025年，秀水区在区委的坚强领导下，深入推进依法行政。现将有关情况报告如下：", None)
    assert page.title == "青岭市秀水区2025年法治政府建设年度报告"
    # An issuer line over a title that does not name it is its first half, as before.
    issued = clean("青岭市秀水区人民政府\n关于2025年度法治政府建设情况的报告\n"
                   "2025年，秀水区在区委的坚强领导下，深入推进依法行政。现将有关情况报告如下：", None)
    assert issued.title == "青岭市秀水区人民政府关于2025年度法治政府建设情况的报告"


@pytest.mark.parametrize(("text", "url", "published", "read_from"), [
    ("青岭市司法局2025年度法治政府建设工作情况报告\n发布时间：2026年03月24日　来源：青岭市司法局\n"
     "2025年，我局全面推进依法行政。", "https://sfj.example.gov.cn/fzzf/202603/t20260324_1.htm",
     date(2026, 3, 24), "label"),
    ("青岭市司法局2025年度法治政府建设工作情况报告\n2026-03-20\n2025年，我局全面推进依法行政。",
     "https://sfj.example.gov.cn/fzzf/202603/t20260324_1.htm", date(2026, 3, 20), "header"),
    ("青岭市司法局2025年度法治政府建设工作情况报告\n2025年，我局全面推进依法行政。",
     "https://sfj.example.gov.cn/fzzf/202603/t20260324_1.htm", date(2026, 3, 24), "address"),
    ("青岭市司法局2025年度法治政府建设工作情况报告\n2025年，我局全面推进依法行政。", None, None, None),
])
def test_the_cleaned_page_says_where_its_date_was_read(text: str, url: str | None, published: date | None,
                                                       read_from: str | None) -> None:
    page = clean(text, url)
    assert (page.published, page.published_from) == (published, read_from)


def test_an_empty_page_keeps_the_address_date_and_says_so() -> None:
    page = clean("   ", "https://www.example.gov.cn/art/2026/3/18/art_1_2.html")
    assert (page.published, page.published_from) == (date(2026, 3, 18), "address")


def test_a_sentence_naming_macau_is_the_bodys_and_a_brands_advert_is_spam() -> None:
    lines = ("横琴粤澳深度合作区法律事务局2025年法治政府建设年度报告\n2025年，我局坚持依法行政。"
             "现将有关情况报告如下：\n一、主要工作举措和成效\n")
    macau = "（一）推进规则衔接。参与制定澳门执业律师在合作区执业等制度文件23件；梳理规则差异清单186项。"
    advert = "澳门银河娱乐官网 最新入口"
    text = clean(lines + macau + "\n" + advert + "\n（二）把好合法性审查关。全年审查364件。", None).text
    assert macau in text and "银河" not in text


def test_a_covers_government_line_over_a_title_naming_its_place_is_no_part_of_the_title() -> None:
    cover = ("大理白族自治州人民政府\n\n大理州2025年法治政府建设年度报告\n\n2026年3月\n"
             "2025年，大理州人民政府坚持以习近平法治思想为指导。现将有关情况报告如下。")
    assert clean(cover, None).title == "大理州2025年法治政府建设年度报告"
    # Over 关于…的报告, the government's line is the title's first half.
    red_header = "青田县人民政府\n关于2025年度法治政府建设情况的报告\n2025年，县政府坚持依法行政。"
    assert clean(red_header, None).title == "青田县人民政府关于2025年度法治政府建设情况的报告"


def test_a_numbered_table_row_is_no_letter_spaced_text() -> None:
    rows = "序号　项目　单位　数量\n5　听证　次　12\n1　立案　件　2856"
    assert "5 听证 次 12" in clean(rows, None).text
    assert clean("清　河　县　人　民　政　府", None).text == "清河县人民政府"


def test_a_headline_with_two_kickers_heads_the_page_and_its_stamp_dates_it() -> None:
    text = ("重磅｜一图读懂+全文！2025年度青岭旗法治政府建设年度报告\n原创"
            " 青岭旗司法局 青岭司法 2026年3月30日 17:46 内蒙古\n"
            "2025年，旗人民政府坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下。")
    page = clean(text, "https://mp.weixin.qq.com/s/uE4nR1oKwA9vLm2TqXc7bY")
    assert page.published == date(2026, 3, 30)


def test_a_document_librarys_one_line_copy_is_dated_by_its_posting() -> None:
    line = ("豆丁网 首页 文档分类 青岭市2024年法治政府建设年度报告 上传"
            "者：bs***01 2025-04-10 发布 | 页数：7 | "
            "浏览：312 青岭市2024年法治政府建设年度报告 2024年"
            "，青岭市人民政府坚持以习近平法治思想为指导，全面推进依法行政。"
            "现将有关情况报告如下。一、主要举措和成效（一）健全制度体系。审核规范性文件19件。")
    assert clean(line, "https://www.docin.com/p-4512307789.html").published == date(2025, 4, 10)


def test_lists_of_other_pages_titles_above_the_title_are_no_title() -> None:
    # A sidebar's column name and its bulleted or numbered items name other reports: the page's own title
    # comes after them.
    text = ("青岭市人民政府门户网站\n通知公告\n· 青岭市人民政府关于公布2026年度重大行政决策事项目录的通知\n"
            "法治政府建设专题\n· 青岭市2024年法治政府建设年度报告\n"
            "1. 青岭市青山区2025年法治政府建设年度报告\n"
            "青岭市2025年法治政府建设年度报告\n发布时间：2026年03月30日\n"
            "2025年，青岭市深入贯彻习近平法治思想，推动法治政府建设各项任务落地见效。现将有关情况报告如下。")
    page = clean(text, None)
    assert page.title == "青岭市2025年法治政府建设年度报告"
    assert not any(p.startswith(("·", "1.", "通知公告")) for p in page.paragraphs)   # the sidebar is gone


def test_the_rows_title_printed_again_below_a_list_of_other_reports_is_the_title() -> None:
    text = ("青岭省人民政府\n当前位置：首页 > 政务公开 > 法治政府建设\n"
            "标　　题：青岭省2025年法治政府建设年度报告\n"
            "发布日期：2026-03-31\n相关阅读：\n青山市2025年法治政府建设年度报告\n青岭省2024年法治政府建设年度报告\n"
            "青岭省2025年法治政府建设年度报告\n"
            "2025年，全省各级政府和部门坚持以习近平法治思想为指导，法治政府建设取得新的进展。现将有关情况报告如下。")
    assert clean(text, None).title == "青岭省2025年法治政府建设年度报告"


def test_a_title_joined_with_its_issuer_line_keeps_it_beside_a_shorter_title_row() -> None:
    text = ("青岭县人民政府\n标　　题：关于2025年度法治政府建设情况的报告\n发布日期：2026-03-20\n"
            "青岭县人民政府\n关于2025年度法治政府建设情况的报告\n"
            "2025年，青岭县坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下。")
    assert clean(text, None).title == "青岭县人民政府关于2025年度法治政府建设情况的报告"
