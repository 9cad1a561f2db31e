# ruff: noqa: E501 - page templates: the markup reads better unwrapped
"""Benchmark pages with the structure of real Chinese government portal pages, built around known texts.

bench/_portal_pages.py wraps texts in tidy Hanweb/TRS chrome; real detail pages are messier, and what
costs time is their structure, not their text. Every seed (``../shared/seeds/*.txt``) and corpus text
(``../shared/corpus/dev.jsonl`` and ``dev2.jsonl``) is put into one of these page families, in turn:

- ``hanweb-tables``: 大汉 JCMS of the table-layout era: the article sits in layout tables nested
  3-5 deep (table in td in table), left column menus, ContentStart/ContentEnd markers, <font> tags.
- ``trs-word``: 拓尔思 WCM with a body pasted from Word: MsoNormal paragraphs with long inline styles,
  runs split into <span lang=EN-US> and <span style=…>, <o:p>, <!--[if gte mso 9]> XML blocks and the
  TRS_Editor <style> inside the body, a 信息公开 header table, a mega menu.
- ``gkmlpt-vue``: a 政府信息公开目录平台 (gkmlpt) detail page saved by Selenium from the Vue app:
  data-v-xxxxxxxx attributes on every element, scoped <style> blocks, inline SVG icons, many empty
  divs, and the article again as JSON in ``window.__INITIAL_STATE__``.
- ``angular-spa``: an Angular portal saved by Selenium: _ngcontent-* attributes, ``<!---->``
  placeholders, an SVG sprite, TransferState JSON, and a body container no known selector names.
- ``deep-divs``: a page-builder CMS: every component wrapped in 4-6 divs and list items whose <div>
  is never closed, so the body sits 200-400 elements deep.
- ``wps-generic``: a 集约化平台 CMS with unknown container classes and a WPS-exported body
  (<p style=…><span style="font-family:仿宋_GB2312">), a five-column footer of link lists.

Sizes follow a log-uniform draw over 30-400 KB (the chrome grows to the target); about a third of the
pages are GB18030 bytes, most of those behind a lying ``utf-8`` label or header (the encoding plans of
bench/_portal_pages.py). The same texts always give the same pages. The texts themselves stay in
../shared: nothing here copies them.

    from bench._structured_pages import named_structured_pages
    for name, page in named_structured_pages():
        analyze(page.data, page.url, page.content_type)
"""

from __future__ import annotations

import html
import json
import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bench._portal_pages import (
    DEFAULT_SHARED,
    DEPARTMENTS,
    ENCODING_PLANS,
    GENERIC_SITES,
    NAV_MENU,
    OTHER_SITES,
    RELATED_TITLES,
    PortalPage,
    Site,
    SourceText,
    _title_of,
    source_texts,
)

SIZE_RANGE = (30_000, 400_000)  # bytes of a finished page, as fetched
DEFAULT_SEED = 20261203
MAX_GROW = 4000  # bound on the chrome scale factor


@dataclass(frozen=True, slots=True)
class Story:
    """One text placed on one site: what every family renders."""

    site: Site
    title: str
    lines: Sequence[str]
    published: datetime
    column: str
    rng_seed: float

    def rng(self, salt: str = "") -> random.Random:
        return random.Random(f"{self.rng_seed}:{salt}")


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _hex(rng: random.Random, digits: int = 8) -> str:
    return f"{rng.getrandbits(4 * digits):0{digits}x}"


def _col(rng: random.Random) -> str:
    return f"/col/col{rng.randint(1000, 99999)}/index.html"


def _related_titles(rng: random.Random, story: Story, count: int) -> list[tuple[str, datetime]]:
    days = sorted((story.published - timedelta(days=rng.randint(1, 700)) for _ in range(count)), reverse=True)
    return [(rng.choice(RELATED_TITLES).format(year=day.year, n=rng.randint(1, 9)), day) for day in days]


def _svg_path(rng: random.Random, points: int) -> str:
    """Icon path data as icon fonts export it: long runs of cubic curves."""
    parts = [f"M{rng.randint(0, 1024)} {rng.randint(0, 1024)}"]
    for _ in range(points):
        parts.append("c" + " ".join(f"{rng.uniform(-80, 80):.1f}" for _ in range(6)))
    return "".join(parts) + "z"


def _minified_js(rng: random.Random, chars: int) -> str:
    """Library code pasted inline (SuperSlide, a share widget): long minified lines, no Chinese."""
    words = ["function", "var", "return", "this", "prototype", "length", "each", "extend", "addClass",
             "removeClass", "animate", "css", "find", "children", "eq", "index", "bind", "trigger",
             "setTimeout", "clearInterval", "null", "undefined", "typeof", "window", "document"]
    out: list[str] = []
    size = 0
    while size < chars:
        name = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(1, 3)))
        piece = (f"{rng.choice(words)} {name}=function({name[0]},e){{{rng.choice(words)}.{rng.choice(words)}"
                 f"({name[0]}.{rng.choice(words)}>{rng.randint(0, 99)}?e:{rng.randint(0, 9)});}},")
        out.append(piece)
        size += len(piece)
    return "".join(out)


def _css_block(rng: random.Random, rules: int, scope: str = "") -> str:
    props = ["margin", "padding", "width", "height", "line-height", "font-size", "top", "left"]
    out = []
    for i in range(rules):
        selector = f".m{rng.randint(1, 99)}-{i} .{rng.choice(['item', 'list', 'tit', 'con', 'box'])}{scope}"
        body = ";".join(f"{rng.choice(props)}:{rng.randint(0, 400)}px" for _ in range(rng.randint(2, 6)))
        out.append(f"{selector}{{{body};color:#{_hex(rng, 6)}}}")
    return "".join(out)


def _mega_menu(rng: random.Random, story: Story, per_group: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """Top menu groups with their sub-links (the sub-lists repeat department names to reach a size)."""
    place = story.site.place_name
    groups = []
    for top, subs in NAV_MENU.items():
        links = [(s, _col(rng)) for s in subs]
        links += [(f"{place}{rng.choice(DEPARTMENTS)}{rng.choice(subs or ['信息'])}", _col(rng))
                  for _ in range(per_group)]
        groups.append((f"走进{place}" if top == "走进本地" else top, links))
    return groups


def _footer_lines(story: Story) -> list[str]:
    site = story.site
    return [f"主办单位：{site.name}办公室　承办：{site.name}大数据中心　版权所有：{site.name}",
            f"网站标识码：{site.id_code}　{site.icp}　{site.police}",
            "联系电话：0000-12345678　地址：人民路1号　建议使用1366×768分辨率 IE10以上浏览器访问"]


# --- body renderers ---------------------------------------------------------------------------------------

_RUN = re.compile(r"[\x21-\x7e]+|[^\x21-\x7e]+")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


def _plain_body(story: Story) -> str:
    return "\n".join(f'<p style="text-indent:2em;">{_esc(line)}</p>' for line in story.lines)


def _word_head(rng: random.Random) -> str:
    """What Word's 'Save as Web Page' puts before the first paragraph (kept by CMS editors on paste)."""
    latent = "".join(f'<w:LsdException Locked="false" Priority="{rng.randint(1, 99)}" '
                     f'SemiHidden="false" UnhideWhenUsed="false" Name="{name} {i}"/>'
                     for i in range(rng.randint(60, 150)) for name in ("heading",))
    return ("<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View><w:Zoom>0</w:Zoom>"
            "<w:TrackMoves/><w:TrackFormatting/><w:PunctuationKerning/><w:DrawingGridVerticalSpacing>"
            "7.8 磅</w:DrawingGridVerticalSpacing><w:DisplayHorizontalDrawingGridEvery>0"
            "</w:DisplayHorizontalDrawingGridEvery><w:ValidateAgainstSchemas/><w:Compatibility>"
            "<w:SpaceForUL/><w:BalanceSingleByteDoubleByteWidth/><w:DoNotLeaveBackslashAlone/>"
            "<w:UseFELayout/></w:Compatibility></w:WordDocument></xml><![endif]-->"
            f'<!--[if gte mso 9]><xml><w:LatentStyles DefLockedState="false" LatentStyleCount="156">'
            f"{latent}</w:LatentStyles></xml><![endif]-->"
            "<!--[if gte mso 10]><style>/* Style Definitions */ table.MsoNormalTable{mso-style-name:普通表格;"
            "mso-tstyle-rowband-size:0;mso-tstyle-colband-size:0;mso-style-noshow:yes;mso-style-priority:99;"
            "mso-style-parent:\"\";mso-padding-alt:0cm 5.4pt 0cm 5.4pt;mso-para-margin:0cm;"
            "font-size:10.5pt;font-family:\"Times New Roman\",serif}</style><![endif]-->")


def _word_runs(rng: random.Random, line: str, font: str, size: str) -> str:
    """A line as Word writes it: ASCII runs in <span lang=EN-US>, Chinese split over several spans."""
    out = []
    for match in _RUN.finditer(line):
        run = match.group()
        if run.isascii():
            out.append(f"<span lang=EN-US style='font-size:{size};font-family:{font};mso-hansi-font-family:"
                       f"\"Times New Roman\";mso-bidi-font-family:\"Times New Roman\"'>{_esc(run)}</span>")
            continue
        cuts = sorted(rng.sample(range(1, len(run)), min(len(run) - 1, rng.randint(0, 3)))) if len(run) > 1 else []
        for start, end in zip([0, *cuts], [*cuts, len(run)], strict=True):
            out.append(f"<span style='font-size:{size};font-family:{font};mso-ascii-font-family:"
                       f"\"Times New Roman\";mso-hansi-font-family:\"Times New Roman\";color:black;"
                       f"mso-font-kerning:0pt'>{_esc(run[start:end])}</span>")
    return "".join(out)


def _word_body(story: Story, rng: random.Random) -> str:
    paragraphs = [_word_head(rng)]
    for index, line in enumerate(story.lines):
        if index == 0 and line == story.title:
            runs = _word_runs(rng, line, "方正小标宋简体", "22.0pt")
            style = "text-align:center;line-height:30.0pt;mso-line-height-rule:exactly"
            paragraphs.append(f"<p class=MsoNormal align=center style='{style}'>{runs}"
                              "<span lang=EN-US style='font-size:22.0pt'><o:p></o:p></span></p>")
            continue
        heading = bool(_HEADING.match(line))
        runs = _word_runs(rng, line, "黑体" if heading else "仿宋_GB2312", "16.0pt")
        if heading:
            runs = f"<b style='mso-bidi-font-weight:normal'>{runs}</b>"
        indent = ("text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt;"
                  "mso-line-height-rule:exactly;mso-pagination:widow-orphan")
        # Word breaks its source lines inside tags, never inside the text.
        paragraphs.append(f"<p class=MsoNormal style='{indent}'><span\nstyle='mso-spacerun:yes'></span>{runs}"
                          "<span lang=EN-US style='font-size:16.0pt;font-family:仿宋_GB2312'><o:p></o:p></span></p>")
        if rng.random() < 0.08:
            paragraphs.append("<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>")
    return "\n".join(paragraphs)


def _wps_body(story: Story, rng: random.Random) -> str:
    style = ("margin-top:0pt;margin-bottom:0pt;text-indent:32pt;line-height:28pt;"
             "mso-line-height-rule:exactly;text-align:justify;text-justify:inter-ideograph")
    span = "font-family:仿宋_GB2312;font-size:16pt;mso-spacerun:'yes';mso-font-kerning:1.0000pt;"
    out = []
    for line in story.lines:
        pieces = "".join(f'<span style="{span}"><font face="仿宋_GB2312">{_esc(run.group())}</font></span>'
                         for run in _RUN.finditer(line))
        out.append(f'<p class="p0" style="{style}">{pieces}<span style="{span}"><o:p></o:p></span></p>')
        if rng.random() < 0.05:
            out.append('<p class="p0" style="margin:0pt"><span style="font-family:仿宋_GB2312">&nbsp;</span></p>')
    return "\n".join(out)


# --- families -----------------------------------------------------------------------------------------------
# Each takes (story, charset label, grow) and returns the page; `grow` scales the chrome to reach a size.

def hanweb_tables(story: Story, label: str, grow: int) -> str:
    rng = story.rng("hanweb")
    site, pub = story.site, story.published
    menu = "".join(f'<td class="nav_td" width="{rng.randint(80, 120)}" align="center"><a href="{href}">'
                   f"<font color=\"#ffffff\">{_esc(top)}</font></a></td>"
                   for top, links in _mega_menu(rng, story, 0) for _, href in links[:1])
    left = "".join(f'<tr><td height="32" class="left_td"><img src="/images/dot.gif" width="4" height="4"> '
                   f'<a href="{_col(rng)}" target="_blank">{_esc(site.place_name + rng.choice(DEPARTMENTS))}'
                   "</a></td></tr>" for _ in range(12 + grow // 8))
    related = "".join(f'<tr><td width="85%" height="28"><a href="/art/{d:%Y/%-m/%-d}/art_{rng.randint(1000, 9999)}_'
                      f'{rng.randint(10**6, 10**7)}.html" target="_blank" title="{_attr(t)}">{_esc(t)}</a></td>'
                      f'<td width="15%"><font color="#999999">{d:%Y-%m-%d}</font></td></tr>'
                      for t, d in _related_titles(rng, story, 10 + grow // 10))
    depts = "".join(f'<option value="http://{_hex(rng, 4)}.gov.cn">{_esc(site.place_name + d)}</option>'
                    for d in DEPARTMENTS * (1 + grow // 200))
    body_rng = story.rng("body")  # apart from the chrome's draws, so the body never depends on `grow`
    body = _word_body(story, body_rng) if body_rng.random() < 0.5 else "\n".join(
        f'<p><font face="宋体" size="3">{_esc(line)}</font></p>' for line in story.lines)
    footer = "<br>".join(_esc(line) for line in _footer_lines(story))
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset={label}" />
<meta name="SiteName" content="{_attr(site.name)}"><meta name="SiteDomain" content="{site.host}">
<meta name="SiteIDCode" content="{site.id_code}"><meta name="ColumnName" content="{_attr(story.column)}">
<meta name="ArticleTitle" content="{_attr(story.title)}"><meta name="PubDate" content="{pub:%Y-%m-%d %H:%M}">
<meta name="ContentSource" content="{_attr(site.name)}">
<title>{_esc(story.title)}</title>
<style type="text/css">{_css_block(rng, 40 + grow)}</style>
<script language="javascript" src="/module/jslib/jquery/jquery.js"></script>
<script language="javascript">{_minified_js(rng, 3000 + grow * 150)}</script>
</head>
<body leftmargin="0" topmargin="0">
<!--Produced By 大汉网络 大汉版通发布系统-->
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td><img src="/images/banner.jpg" width="1000" height="160"></td></tr></table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" bgcolor="#0b3e8a"><tr>{menu}</tr></table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr>
<td width="240" valign="top"><table width="100%" border="0" cellspacing="0" cellpadding="0">{left}</table></td>
<td width="10"></td>
<td valign="top"><table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td height="36" class="bt_link">当前位置：<a href="/">首页</a> &gt; <a href="{_col(rng)}">政务公开</a> &gt; <a href="{_col(rng)}">{_esc(story.column)}</a></td></tr>
<tr><td><table width="96%" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td align="center" class="title"><font style="font-size:22px;color:#0b3e8a"><b>{_esc(story.title)}</b></font></td></tr>
<tr><td align="center" height="30"><table border="0" cellspacing="0" cellpadding="0"><tr>
<td>发布日期：{pub:%Y-%m-%d}</td><td width="20"></td><td>信息来源：{_esc(site.name)}</td><td width="20"></td>
<td>浏览次数：<script language="javascript" src="/module/visitcount/articlehits.jsp?colid={rng.randint(100, 999)}&artid={rng.randint(10**6, 10**7)}"></script></td>
<td>【字体：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>】</td>
</tr></table></td></tr>
<tr><td class="bt_content"><div id="zoom">
<!--ContentStart-->{body}<!--ContentEnd-->
</div></td></tr>
<tr><td align="right"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></td></tr>
</table></td></tr>
<tr><td><table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td class="xgxx">相关信息</td></tr>
<tr><td><table width="100%" border="0" cellspacing="0" cellpadding="0">{related}</table></td></tr></table></td></tr>
</table></td></tr></table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr>
<td><select onchange="window.open(this.value)"><option>部门网站</option>{depts}</select></td></tr></table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" bgcolor="#0b3e8a"><tr><td align="center" class="foot">{footer}</td></tr></table>
</body></html>"""


def trs_word(story: Story, label: str, grow: int) -> str:
    rng = story.rng("trs")
    site, pub = story.site, story.published
    menu = "".join(
        f'<li class="nav-item"><a href="{_col(rng)}">{_esc(top)}</a><div class="sub-nav"><div class="sub-inner">'
        + "".join(f'<dl><dt><a href="{href}" target="_blank" title="{_attr(name)}">{_esc(name)}</a></dt></dl>'
                  for name, href in links) + "</div></div></li>"
        for top, links in _mega_menu(rng, story, 8 + grow // 12))
    related = "".join(f'<li><a href="./{d:%Y%m}/t{d:%Y%m%d}_{rng.randint(10**6, 10**7)}.html" title="{_attr(t)}">'
                      f'{_esc(t)}</a><span>{d:%Y-%m-%d}</span></li>' for t, d in _related_titles(rng, story, 15))
    index_number = f"{rng.randint(10**8, 10**9 - 1)}/{pub.year}-{rng.randint(1, 999):05d}"
    footer = "".join(f"<p>{_esc(line)}</p>" for line in _footer_lines(story))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{label}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="SiteName" content="{_attr(site.name)}"><meta name="ColumnName" content="{_attr(story.column)}">
<meta name="ArticleTitle" content="{_attr(story.title)}"><meta name="PubDate" content="{pub:%Y-%m-%d %H:%M:%S}">
<title>{_esc(story.title)}_{_esc(story.column)}_{_esc(site.name)}</title>
<style>{_css_block(rng, 60 + grow)}</style>
<script>{_minified_js(rng, 2000 + grow * 150)}</script>
</head><body>
<div class="top-bar"><div class="w1200"><span class="welcome">欢迎访问{_esc(site.name)}门户网站</span><a href="/elder/">长者模式</a><a href="/wza/">无障碍</a></div></div>
<div class="header"><div class="w1200"><a class="logo" href="/"><img src="/images/logo.png" alt="{_attr(site.name)}"></a>
<form class="search" action="/search/"><input type="text" name="q" placeholder="请输入关键词"><button>搜索</button></form></div></div>
<div class="nav"><ul class="w1200">{menu}</ul></div>
<div class="w1200 position">您当前的位置：<a href="../../" class="CurrChnlCls">首页</a>&nbsp;&gt;&nbsp;<a href="../" class="CurrChnlCls">政府信息公开</a>&nbsp;&gt;&nbsp;<a href="./" class="CurrChnlCls">{_esc(story.column)}</a></div>
<div class="w1200 main"><div class="xxgk-info"><table class="xxgk-table" width="100%" cellspacing="0" cellpadding="0">
<tr><td class="label">索引号：</td><td>{index_number}</td><td class="label">主题分类：</td><td>综合政务</td></tr>
<tr><td class="label">发布机构：</td><td>{_esc(site.name)}</td><td class="label">发文日期：</td><td>{pub:%Y-%m-%d}</td></tr>
<tr><td class="label">名　　称：</td><td colspan="3">{_esc(story.title)}</td></tr></table></div>
<div class="article"><h1 class="article-title">{_esc(story.title)}</h1>
<div class="article-info">发布时间：{pub:%Y-%m-%d %H:%M}　来源：{_esc(site.name)}　【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</div>
<div class="article-con" id="UCAP-CONTENT"><div class="TRS_Editor"><style type="text/css">
.TRS_Editor P{{margin-top:0px;margin-bottom:12px;line-height:1.8;font-family:宋体;font-size:12pt;}}.TRS_Editor DIV,.TRS_Editor TD,.TRS_Editor TH,.TRS_Editor SPAN,.TRS_Editor FONT,.TRS_Editor UL,.TRS_Editor LI,.TRS_Editor A{{margin-top:0px;margin-bottom:12px;line-height:1.8;font-family:宋体;font-size:12pt;}}
</style><div class="Custom_UnionStyle">
{_word_body(story, story.rng('body'))}
</div></div></div>
<div class="pager"><script language="JavaScript">var currentPage = 0;var countPage = 1;createPageHTML(countPage, currentPage, "t{pub:%Y%m%d}_{rng.randint(10**6, 10**7)}", "html");</script></div>
<div class="share-bar">分享到：<a class="bds_weixin"></a><a class="bds_tsina"></a></div></div>
<div class="related"><div class="hd">相关文章</div><ul>{related}</ul></div></div>
<div class="footer"><div class="w1200">{footer}</div></div>
</body></html>"""


def gkmlpt_vue(story: Story, label: str, grow: int) -> str:
    rng = story.rng("gkmlpt")
    site, pub = story.site, story.published
    scopes = [_hex(rng) for _ in range(6)]

    def v(index: int) -> str:
        return f'data-v-{scopes[index % len(scopes)]}=""'

    icon = "".join(f'<svg {v(1)} viewBox="0 0 1024 1024" width="16" height="16" class="icon">'
                   f'<path {v(1)} d="{_svg_path(rng, 30)}"></path></svg>' for _ in range(4))
    first_icon = icon[:icon.index("</svg>") + len("</svg>")]  # whole: a menu title shows one icon
    menu = "".join(
        f'<li {v(0)} class="menu-item"><div {v(0)} class="menu-title"><span {v(0)}>{_esc(top)}</span>{first_icon}'
        f'</div><ul {v(0)} class="menu-sub" style="display: none;">'
        + "".join(f'<li {v(0)}><a {v(0)} href="{href}" target="_blank">{_esc(name)}</a><div {v(0)} class="badge">'
                  f"</div></li>" for name, href in links) + "</ul></li>"
        for top, links in _mega_menu(rng, story, 4 + grow // 16))
    empties = "".join(f'<div {v(i)} class="placeholder"><div {v(i)}></div><!----></div>' for i in range(40 + grow * 3))
    index_number = f"{rng.randint(10**9, 10**10)}/{pub.year}-{rng.randint(1, 9999)}"
    body_rng = story.rng("body")
    body = _wps_body(story, body_rng) if body_rng.random() < 0.5 else _plain_body(story)
    state = {"article": {"id": rng.randint(10**6, 10**7), "title": story.title, "publisher": site.name,
                         "date": f"{pub:%Y-%m-%d}", "content": body},
             "menus": [{"id": rng.randint(1, 9999), "name": top, "url": _col(rng)} for top in NAV_MENU] * (2 + grow // 10)}
    state_json = json.dumps(state, ensure_ascii=False).replace("<", "\\u003C").replace(">", "\\u003E")
    related = "".join(f'<li {v(3)} class="list-item"><a {v(3)} href="/gkmlpt/content/{rng.randint(1, 9)}/'
                      f'{rng.randint(1000, 9999)}/post_{rng.randint(10**6, 10**7)}.html">{_esc(t)}</a>'
                      f'<span {v(3)} class="date">{d:%Y-%m-%d}</span></li>' for t, d in _related_titles(rng, story, 12))
    footer = "".join(f'<p {v(5)}>{_esc(line)}</p>' for line in _footer_lines(story))
    scoped = "".join(f"<style type=\"text/css\">{_css_block(rng, 25 + grow // 3, f'[data-v-{s}]')}</style>"
                     for s in scopes)
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="{label}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{_esc(site.name)}-{_esc(story.title)}</title>
<link href="/gkmlpt/static/css/app.{_hex(rng)}.css" rel="stylesheet">{scoped}</head>
<body><div id="app"><div {v(0)} class="gkmlpt-app"><div {v(0)} class="header-wrap"><div {v(0)} class="header">
<div {v(0)} class="logo"><img {v(0)} src="/gkmlpt/static/img/logo.png"></div><div {v(0)} class="site-title">{_esc(site.name)}政府信息公开</div></div>
<ul {v(0)} class="menu">{menu}</ul></div>
<div {v(2)} class="crumb"><span {v(2)}>当前位置：</span><a {v(2)} href="/">首页</a><span {v(2)} class="sep">&gt;</span><a {v(2)} href="/gkmlpt/index">政府信息公开</a><span {v(2)} class="sep">&gt;</span><span {v(2)}>{_esc(story.column)}</span></div>
<div {v(2)} class="main"><div {v(2)} class="content-box"><div {v(2)} class="introduce"><table {v(2)} class="intro-table"><tbody {v(2)}>
<tr {v(2)}><td {v(2)}><label {v(2)}>索引号：</label><span {v(2)}>{index_number}</span></td><td {v(2)}><label {v(2)}>分类：</label><span {v(2)}>综合政务</span></td></tr>
<tr {v(2)}><td {v(2)}><label {v(2)}>发布机构：</label><span {v(2)}>{_esc(site.name)}</span></td><td {v(2)}><label {v(2)}>成文日期：</label><span {v(2)}>{pub - timedelta(days=2):%Y-%m-%d}</span></td></tr>
<tr {v(2)}><td {v(2)}><label {v(2)}>名称：</label><span {v(2)}>{_esc(story.title)}</span></td><td {v(2)}><label {v(2)}>发布日期：</label><span {v(2)}>{pub:%Y-%m-%d}</span></td></tr></tbody></table></div>
<div {v(4)} class="article"><h1 {v(4)} class="title">{_esc(story.title)}</h1><div {v(4)} class="tools">{icon}</div>
<div {v(4)} class="article-content">{body}</div><div {v(4)} class="attachment"><!----></div></div>
<div {v(3)} class="related"><h3 {v(3)}>相关链接</h3><ul {v(3)}>{related}</ul></div></div></div>
{empties}
<div {v(5)} class="footer">{footer}</div></div></div>
<script>window.__INITIAL_STATE__={state_json};(function(){{var s;(s=document.currentScript||document.scripts[document.scripts.length-1]).parentNode.removeChild(s);}}());</script>
<script src="/gkmlpt/static/js/chunk-vendors.{_hex(rng)}.js"></script><script src="/gkmlpt/static/js/app.{_hex(rng)}.js"></script>
</body></html>"""


def angular_spa(story: Story, label: str, grow: int) -> str:
    rng = story.rng("angular")
    site, pub = story.site, story.published
    app = _hex(rng, 3)

    def ng(component: int) -> str:
        return f'_ngcontent-{app}-c{component}=""'

    sprite = "".join(f'<symbol id="icon-{_hex(rng, 4)}" viewBox="0 0 1024 1024"><path d="{_svg_path(rng, 40)}">'
                     "</path></symbol>" for _ in range(20 + grow // 2))
    nav = "".join(
        f'<li {ng(12)} class="nav-li ng-star-inserted"><a {ng(12)} href="{_col(rng)}">{_esc(top)}</a><!---->'
        f'<div {ng(12)} class="dropdown ng-star-inserted"><ul {ng(12)}>'
        + "".join(f'<li {ng(12)} class="ng-star-inserted"><a {ng(12)} href="{href}" title="{_attr(name)}">{_esc(name)}'
                  f"</a></li><!---->" for name, href in links) + "</ul></div></li><!---->"
        for top, links in _mega_menu(rng, story, 6 + grow // 16))
    paragraphs = "".join(f'<p {ng(31)} class="ng-star-inserted">{_esc(line)}</p><!---->' for line in story.lines)
    related = "".join(f'<div {ng(33)} class="rel-item ng-star-inserted"><a {ng(33)} href="/detail/{rng.randint(10**5, 10**6)}">'
                      f'{_esc(t)}</a><span {ng(33)}>{d:%Y-%m-%d}</span></div><!---->'
                      for t, d in _related_titles(rng, story, 10 + grow // 20))
    state = json.dumps({f"G.{_hex(rng, 6)}": {"body": {"title": story.title, "time": f"{pub:%Y-%m-%d %H:%M:%S}",
                                                        "items": [_hex(rng, 16) for _ in range(50 + grow * 6)]}}})
    state = state.replace('"', "&q;")
    footer = "".join(f'<p {ng(40)}>{_esc(line)}</p>' for line in _footer_lines(story))
    return f"""<!DOCTYPE html><html lang="zh"><head><meta charset="{label}"><title>{_esc(story.title)}</title>
<base href="/"><meta name="viewport" content="width=device-width,initial-scale=1">
<style>{_css_block(rng, 80 + grow)}</style><style>[_ngcontent-{app}-c31]{{display:block}}{_css_block(rng, 30, f'[_ngcontent-{app}-c12]')}</style>
</head><body><svg aria-hidden="true" style="position:absolute;width:0;height:0;overflow:hidden">{sprite}</svg>
<app-root _nghost-{app}-c0="" ng-version="14.2.12"><app-header {ng(0)} _nghost-{app}-c12=""><div {ng(12)} class="header">
<div {ng(12)} class="logo-box"><img {ng(12)} src="assets/images/logo.png" alt="{_attr(site.name)}"></div>
<ul {ng(12)} class="nav-ul">{nav}</ul></div></app-header>
<router-outlet {ng(0)}></router-outlet><app-detail _nghost-{app}-c31="" class="ng-star-inserted"><div {ng(31)} class="page-wrap">
<div {ng(31)} class="bread">您所在的位置：<a {ng(31)} href="/">首页</a> &gt; <a {ng(31)} href="/list">{_esc(story.column)}</a> &gt; 正文</div>
<div {ng(31)} class="detail-wrap"><div {ng(31)} class="d-title">{_esc(story.title)}</div>
<div {ng(31)} class="d-meta"><span {ng(31)}>发布时间：{pub:%Y-%m-%d %H:%M:%S}</span><span {ng(31)}>来源：{_esc(site.name)}</span><span {ng(31)} class="ng-star-inserted">浏览次数：{rng.randint(10, 9999)}</span><!----></div>
<div {ng(31)} class="d-body"><div {ng(31)} class="rich-box">{paragraphs}</div></div>
<div {ng(31)} class="d-share"><!----><!----></div></div>
<div {ng(33)} class="rel-box"><div {ng(33)} class="rel-hd">相关阅读</div>{related}</div></div></app-detail><!---->
<app-footer {ng(0)} _nghost-{app}-c40=""><div {ng(40)} class="footer">{footer}</div></app-footer></app-root>
<div class="cdk-overlay-container"></div>
<script id="serverApp-state" type="application/json">{state}</script>
<script src="runtime.{_hex(rng, 16)}.js" type="module"></script><script src="main.{_hex(rng, 16)}.js" type="module"></script>
</body></html>"""


def deep_divs(story: Story, label: str, grow: int) -> str:
    rng = story.rng("deep")
    site, pub = story.site, story.published

    def wrap(inner: str, layers: int) -> str:
        names = ["row", "col-md-12", "panel", "panel-body", "module", "module-inner", "clearfix"]
        opens = "".join(f'<div class="{names[i % len(names)]} mod-{_hex(rng, 4)}">' for i in range(layers))
        return opens + inner + "</div>" * layers

    # News list items whose <div class="item"> a template never closes: the depth accumulates.
    unclosed = "".join(f'<div class="item"><a href="{_col(rng)}">{_esc(t)}</a><span class="time">{d:%m-%d}</span>'
                       for t, d in _related_titles(rng, story, 200 + rng.randint(0, 150)))
    menu = wrap("".join(wrap(f'<a href="{href}">{_esc(name)}</a>', 3)
                        for _, links in _mega_menu(rng, story, 2 + grow // 16) for name, href in links), 6)
    body_rng = story.rng("body")
    text = _plain_body(story) if body_rng.random() < 0.5 else _wps_body(story, body_rng)
    body = wrap(f'<div class="zw" id="zoom">{text}</div>', 6)
    head = wrap(f'<div class="article-title">{_esc(story.title)}</div><div class="article-attr">'
                f'<span>发布时间：{pub:%Y-%m-%d %H:%M}</span> <span>来源：{_esc(site.name)}</span></div>', 5)
    footer = wrap("".join(f"<p>{_esc(line)}</p>" for line in _footer_lines(story)), 5)
    links = wrap("".join(wrap(f'<a href="http://{_hex(rng, 4)}.gov.cn">{_esc(site.place_name + d)}</a>', 2)
                         for d in DEPARTMENTS * (1 + grow // 120)), 4)
    return f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={label}">
<title>{_esc(story.title)}-{_esc(site.name)}</title>
<style>{_css_block(rng, 50 + grow)}</style><script>{_minified_js(rng, 1500 + grow * 150)}</script></head>
<body>{wrap(menu, 4)}
<div class="list-side">{unclosed}
{wrap(f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="{_col(rng)}">{_esc(story.column)}</a></div>' + head + body, 8)}
</div>{wrap(links, 3)}{footer}
</body></html>"""


def wps_generic(story: Story, label: str, grow: int) -> str:
    rng = story.rng("wps")
    site, pub = story.site, story.published
    columns = "".join(
        f'<div class="foot-col"><div class="foot-hd">{_esc(name)}</div><ul>'
        + "".join(f'<li><a href="http://{_hex(rng, 4)}.gov.cn" target="_blank">{_esc(item)}</a></li>'
                  for item in (OTHER_SITES + [site.place_name + d for d in DEPARTMENTS]) * (1 + grow // 300)) + "</ul></div>"
        for name in ("国家部委网站", "省级政府网站", "市直部门网站", "县区政府网站", "其他网站"))
    nav = "".join(f'<a href="{href}" class="nav-a">{_esc(name)}</a>'
                  for _, links in _mega_menu(rng, story, 0) for name, href in links)
    hot = "".join(f'<li><i class="num">{i + 1}</i><a href="{_col(rng)}">{_esc(t)}</a></li>'
                  for i, (t, _) in enumerate(_related_titles(rng, story, 10)))
    return f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={label}">
<title>{_esc(story.title)}</title><meta name="keywords" content="{_attr(site.name)}">
<style>{_css_block(rng, 70 + grow)}</style><script>{_minified_js(rng, 2500 + grow * 150)}</script></head>
<body><div class="topbar">{nav}</div>
<div class="wzy_position">您现在所在的位置：<a href="/">首页</a> &gt;&gt; <a href="{_col(rng)}">{_esc(story.column)}</a></div>
<div class="wzy_main"><div class="wzy_left"><div class="wzy_bt">{_esc(story.title)}</div>
<div class="wzy_xx"><span>发布时间：{pub:%Y年%m月%d日}</span><span>来源：{_esc(site.name)}</span><span>作者：办公室</span>
<span>【<a href="javascript:void(0)" onclick="window.print()">打印</a>】</span></div>
<div class="wzy_nr"><div class="wzy_nr_inner">{_wps_body(story, story.rng('body'))}</div></div></div>
<div class="wzy_right"><div class="hot-hd">热点信息</div><ul class="hot">{hot}</ul></div></div>
<div class="foot-links">{columns}</div>
<div class="copyright">{"<br>".join(_esc(line) for line in _footer_lines(story))}</div>
</body></html>"""


FAMILIES: dict[str, Callable[[Story, str, int], str]] = {
    "hanweb-tables": hanweb_tables,
    "trs-word": trs_word,
    "gkmlpt-vue": gkmlpt_vue,
    "angular-spa": angular_spa,
    "deep-divs": deep_divs,
    "wps-generic": wps_generic,
}


def _url(family: str, story: Story, rng: random.Random) -> str:
    host, day = story.site.host, story.published
    if family == "gkmlpt-vue":
        return f"http://{host}/gkmlpt/content/4/{rng.randint(4000, 4999)}/post_{rng.randint(10**6, 10**7)}.html"
    if family == "angular-spa":
        return f"https://{host}/portal/detail/{rng.randint(10**5, 10**6)}?channel=zwgk"
    if family == "hanweb-tables":
        return f"http://{host}/art/{day.year}/{day.month}/{day.day}/art_{rng.randint(1000, 9999)}_{rng.randint(10**6, 10**7)}.html"
    return f"http://{host}/zwgk/tzgg/{day:%Y%m}/t{day:%Y%m%d}_{rng.randint(10**6, 10**7)}.html"


def build_page(source: SourceText, index: int, seed: int = DEFAULT_SEED) -> tuple[str, PortalPage]:
    """One text in the family its index picks, grown to a log-uniform 30-400 KB target. (name, page)."""
    family = list(FAMILIES)[index % len(FAMILIES)]
    rng = random.Random(f"{seed}:{index}:{source.name}")
    lines = [re.sub(r"\s+", " ", line).strip() for line in source.text.splitlines()]
    lines = [line for line in lines if line]
    label, content_type, encoding, _ = rng.choices(ENCODING_PLANS, weights=[p[3] for p in ENCODING_PLANS])[0]
    story = Story(site=rng.choice(GENERIC_SITES), title=_title_of(lines), lines=lines,
                  published=datetime(2022, 1, 1, 9) + timedelta(days=rng.randint(0, 1000), minutes=rng.randint(0, 600)),
                  column=rng.choice(["通知公告", "法治政府建设", "政府信息公开", "部门动态"]), rng_seed=rng.random())
    url = source.url or _url(family, story, rng)
    target = math.exp(rng.uniform(math.log(SIZE_RANGE[0]), math.log(SIZE_RANGE[1])))
    render = FAMILIES[family]

    def page_bytes(grow: int) -> bytes:
        return render(story, label, grow).encode(encoding, errors="replace")

    # The chrome grows about linearly with `grow`: two secant steps land within a few percent of the target.
    base = len(data := page_bytes(0))
    grow, size = 64, len(page_bytes(64))
    for _ in range(2):
        if base >= target:
            break
        grow = min(MAX_GROW, max(0, int(grow * (target - base) / max(1, size - base))))
        data = page_bytes(grow)
        size = len(data)
    return f"{family}:{source.name}", PortalPage(data, content_type, url)


def structured_source_texts(shared: Path = DEFAULT_SHARED) -> list[SourceText]:
    """Seeds and dev.jsonl (as bench/_portal_pages.py reads them), then dev2.jsonl."""
    texts = source_texts(shared)
    dev2 = shared / "corpus" / "dev2.jsonl"
    if dev2.is_file():
        with dev2.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    item = json.loads(line)
                    texts.append(SourceText(f"corpus2:{item.get('id')}", item["text"], item.get("url")))
    return texts


def named_structured_pages(shared: Path = DEFAULT_SHARED, seed: int = DEFAULT_SEED) -> list[tuple[str, PortalPage]]:
    """(family:text, page) for every seed and corpus text; empty when `shared` is absent."""
    return [build_page(text, i, seed) for i, text in enumerate(structured_source_texts(shared))]
