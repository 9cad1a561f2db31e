"""Real-size government portal pages for the benchmarks, built around known texts.

Every seed (``../shared/seeds/*.txt``) and every dev-corpus text (``../shared/corpus/dev.jsonl``)
is wrapped in a Hanweb-like (大汉 JCMS) or TRS-like (拓尔思 WCM) detail-page template with the
chrome real portals ship: hundreds of navigation and link-list anchors, inline CSS and scripts,
related-article lists and a footer, so each page is 50-150 KB like the pages a crawler fetches.
About a quarter of the pages are GB18030 bytes with a lying ``utf-8`` label, a few are UTF-8 bytes
labelled gb2312, the rest honest UTF-8 or GBK. The same seed always gives the same pages.

Without ``../shared`` the pages under ``examples/pages`` are used as they are, so the benchmark
still runs on a fresh clone.

    from bench._portal_pages import reference_pages
    for page in reference_pages():
        analyze(page.data, page.url, page.content_type)
"""

from __future__ import annotations

import html
import json
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO_ROOT.parent / "shared"
EXAMPLES_DIR = REPO_ROOT / "examples" / "pages"
EXAMPLE_SUFFIXES = (".html", ".htm", ".shtml")

SIZE_RANGE = (50_000, 150_000)  # bytes of a finished page, as fetched
DEFAULT_SEED = 20240401


class PortalPage(NamedTuple):
    """One fetched page: what `streams.analysis.analyze` receives. Unpacks as a 3-tuple."""

    data: bytes
    content_type: str | None
    url: str


@dataclass(frozen=True, slots=True)
class Site:
    name: str  # 泰州市人民政府
    host: str  # www.taizhou.gov.cn
    id_code: str  # 网站标识码, 10 digits
    icp: str  # 苏ICP备05009065号
    police: str = ""  # 公安机关备案号
    place: str = ""  # the place the site belongs to, for department link lists; default: name minus 人民政府

    @property
    def place_name(self) -> str:
        return self.place or self.name.replace("人民政府", "")


@dataclass(frozen=True, slots=True)
class Article:
    title: str
    paragraphs: Sequence[str]
    published: datetime
    source: str = ""  # 信息来源 / 发布机构
    column: str = "通知公告"
    doc_number: str = ""  # 文号, e.g. 干府办字〔2024〕12号
    index_number: str = ""  # 索引号
    topic: str = "综合政务"
    paragraph_html: bool = False  # paragraphs already carry inline markup (tables, <br>)
    extra_meta: dict[str, str] = field(default_factory=dict)


# --- word stock for the chrome -------------------------------------------------------------------------

NAV_MENU = {
    "首页": [],
    "走进本地": ["概况", "历史沿革", "行政区划", "自然地理", "人口民族", "领导之窗", "机构设置", "统计数据"],
    "政务公开": ["政府信息公开", "政府文件", "政策解读", "通知公告", "人事信息", "财政资金",
             "重点领域信息公开", "建议提案办理", "政府会议", "规划计划", "统计信息", "审计信息",
             "法治政府建设", "双随机一公开"],
    "新闻中心": ["本地要闻", "部门动态", "镇街动态", "图片新闻", "视频新闻", "媒体关注", "专题专栏"],
    "政务服务": ["个人办事", "法人办事", "一件事一次办", "便民服务", "办事指南", "公共服务事项", "好差评"],
    "互动交流": ["领导信箱", "12345热线", "在线访谈", "征集调查", "网上调查", "常见问题", "依申请公开"],
    "专题专栏": ["优化营商环境", "乡村振兴", "安全生产", "生态环境保护", "双拥工作", "疫情防控", "八五普法"],
}
DEPARTMENTS = [
    "发展和改革局", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局", "司法局", "财政局",
    "人力资源和社会保障局", "自然资源和规划局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局",
    "农业农村局", "商务局", "文化广电旅游局", "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局",
    "市场监督管理局", "统计局", "医疗保障局", "林业局", "城市管理局", "行政审批局", "数据资源管理局",
    "信访局", "机关事务管理局", "地方金融监督管理局", "粮食和物资储备局", "体育局", "人民防空办公室",
]
OTHER_SITES = [
    "中国政府网", "国务院客户端", "国家政务服务平台", "全国人大", "全国政协", "最高人民法院",
    "最高人民检察院", "司法部", "国家发展改革委", "财政部", "人力资源社会保障部", "自然资源部",
    "生态环境部", "住房城乡建设部",
    "省人民政府", "省司法厅", "省发展改革委", "省教育厅", "省公安厅", "省民政厅", "省财政厅", "省卫生健康委",
]
RELATED_TITLES = [
    "关于开展{year}年度安全生产大检查的通知",
    "{year}年第{n}季度政府网站检查情况通报",
    "关于做好{year}年春节期间值班工作的通知",
    "关于{year}年度部门预算公开的公告",
    "关于公布{year}年度行政许可事项清单的通知",
    "{year}年国民经济和社会发展统计公报",
    "关于征集{year}年民生实事项目的公告",
    "关于开展“双随机、一公开”抽查工作的通知",
    "关于{year}年度防汛工作的通知",
    "关于调整城乡居民基本医疗保险缴费标准的通知",
    "关于公布第{n}批市级非物质文化遗产代表性项目名录的通知",
    "关于开展{year}年度全国节能宣传周活动的通知",
    "关于印发《政务服务“好差评”实施细则》的通知",
    "关于公开招聘社区工作者的公告",
    "关于城区部分路段实施交通管制的通告",
    "关于{year}年度行政执法数据的公示",
    "关于开展农村人居环境整治提升行动的通知",
    "关于加强森林防火工作的通告",
    "{year}年第{n}批次建设用地征收预公告",
    "关于做好{year}年度征兵工作的通告",
    "关于开展消防安全专项整治的通知",
    "关于{year}年度政府集中采购目录的通知",
]
CSS_RULES = [
    "body{{margin:0;padding:0;font:14px/1.8 \"Microsoft YaHei\",\"SimSun\",Arial;color:#333;"
    "background:#f{c}f{c}f{c}}}",
    ".wrap{{width:1200px;margin:0 auto;position:relative}}",
    ".nav li{{float:left;width:{w}px;height:56px;line-height:56px;text-align:center}}",
    ".nav li a{{color:#fff;font-size:18px;display:block}}.nav li a:hover{{background:#0a4d9{c}}}",
    ".sub-menu{{display:none;position:absolute;top:56px;left:0;width:100%;background:#fff;z-index:{z}}}",
    ".article h1{{font-size:26px;color:#0b3e8a;text-align:center;padding:{p}px 0 18px;line-height:40px}}",
    ".article .info{{text-align:center;color:#999;border-bottom:1px dashed #ccc;padding-bottom:{p}px}}",
    "#zoom p,.TRS_Editor p{{text-indent:2em;margin:{p}px 0;font-size:16px;line-height:2}}",
    ".related li{{height:36px;line-height:36px;border-bottom:1px dotted #ddd;overflow:hidden}}",
    ".footer{{background:#0b3e8a;color:#dde;padding:{p}px 0;text-align:center;font-size:13px}}",
    ".links select{{width:{w}px;height:34px;margin:0 6px;border:1px solid #ccd}}",
    ".xxgk-table td{{border:1px solid #c7d4e6;padding:6px {p}px;font-size:14px}}",
    "@media screen and (max-width:{w}px){{.wrap{{width:100%}}.nav{{display:none}}}}",
]
SCRIPT_SNIPPETS = [
    "var _hmt=_hmt||[];(function(){{var hm=document.createElement('script');"
    "hm.src='https://hm.baidu.com/hm.js?{hex}';var s=document.getElementsByTagName('script')[0];"
    "s.parentNode.insertBefore(hm,s);}})();",
    "function setFontSize(size){{var zoom=document.getElementById('zoom');if(!zoom)return;"
    "var ps=zoom.getElementsByTagName('p');for(var i=0;i<ps.length;i++){{ps[i].style.fontSize=size+'px';}}}}",
    "$(function(){{$('.nav li').hover(function(){{$(this).find('.sub-menu').stop().slideDown({n});}},"
    "function(){{$(this).find('.sub-menu').stop().slideUp({n});}});$('#search-btn').click(function(){{"
    "var q=$.trim($('#q').val());if(q==''){{alert('请输入关键字');return false;}}"
    "window.open('/jsearchfront/search.do?websiteid={code}&q='+encodeURIComponent(q));}});}});",
    "var visitCount={n};function addFavorite(){{try{{"
    "window.external.addFavorite(location.href,document.title);}}"
    "catch(e){{alert('请使用Ctrl+D进行收藏');}}}}",
    "(function(){{var bp=document.createElement('script');"
    "var curProtocol=window.location.protocol.split(':')[0];"
    "bp.src=curProtocol==='https'?'https://zz.bdstatic.com/linksubmit/push.js':"
    "'http://push.zhanzhang.baidu.com/push.js';"
    "var s=document.getElementsByTagName('script')[0];s.parentNode.insertBefore(bp,s);}})();",
    "window.__config={{siteId:'{code}',columnId:{n},token:'{hex}',barrier:true,elder:false,"
    "shareTitle:document.title,shareDesc:'',wxApi:'/wx/jsapi?url='+encodeURIComponent(location.href)}};",
]
GENERIC_SITES = [
    Site("临川市人民政府", "www.linchuan-demo.gov.cn", "3610020001",
         "赣ICP备05004281号", "赣公网安备36100202000101号"),
    Site("清河县人民政府", "www.qinghe-demo.gov.cn", "1305340002",
         "冀ICP备10019873号", "冀公网安备13053402000112号"),
    Site("南湖市司法局", "sfj.nanhu-demo.gov.cn", "3304020003",
         "浙ICP备12041177号-2", "", place="南湖市"),
    Site("东川区人民政府", "www.dongchuan-demo.gov.cn", "5301130004",
         "滇ICP备06003395号", "滇公网安备53011302000133号"),
    Site("宁远县人民政府", "www.ningyuan-demo.gov.cn", "4311260005",
         "湘ICP备13003017号", ""),
    Site("江北市人民政府", "www.jiangbei-demo.gov.cn", "3202000006",
         "苏ICP备05009065号", "苏公网安备32020002000011号"),
]


# --- templates -----------------------------------------------------------------------------------------

def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _body_html(article: Article) -> str:
    if article.paragraph_html:
        return "\n".join(article.paragraphs)
    return "\n".join(f'<p style="text-indent:2em;">{_esc(p)}</p>' for p in article.paragraphs if p.strip())


def _extra_meta(article: Article) -> str:
    return "".join(f'<meta name="{_esc(k)}" content="{_esc(v)}">\n' for k, v in article.extra_meta.items())


def _css(rng: random.Random, rules: int) -> str:
    out = []
    for i in range(rules):
        rule = CSS_RULES[i % len(CSS_RULES)]
        out.append(rule.format(c=rng.randint(0, 9), w=rng.randint(80, 400), z=rng.randint(10, 999),
                               p=rng.randint(4, 30)))
        # Real stylesheets repeat class families (.list-1 … .list-n); vary the selector so it is not one line.
        out.append(f".mod-{i} .item-{rng.randint(1, 99)}{{margin:{rng.randint(0, 20)}px;"
                   f"padding:{rng.randint(0, 20)}px;color:#{rng.randrange(16**6):06x}}}")
    return "\n".join(out)


def _scripts(rng: random.Random, count: int, code: str) -> str:
    out = []
    for i in range(count):
        snippet = SCRIPT_SNIPPETS[i % len(SCRIPT_SNIPPETS)]
        out.append("<script type=\"text/javascript\">" + snippet.format(
            hex=f"{rng.getrandbits(128):032x}", n=rng.randint(100, 900), code=code) + "</script>")
    return "\n".join(out)


def _nav(rng: random.Random, site: Site) -> str:
    items = []
    for top, subs in NAV_MENU.items():
        sub = "".join(f'<li><a href="/col/col{rng.randint(1000, 99999)}/index.html" target="_blank" '
                      f'title="{s}">{s}</a></li>' for s in subs)
        top = f"走进{site.place_name}" if top == "走进本地" else top
        items.append(f'<li class="nav-item"><a href="/col/col{rng.randint(1000, 99999)}/index.html">{top}</a>'
                     f'<ul class="sub-menu">{sub}</ul></li>')
    return (f'<div class="header"><div class="wrap"><div class="logo"><a href="http://{site.host}/">'
            f'<img src="/images/logo.png" alt="{_esc(site.name)}"/></a></div>'
            '<div class="tools"><a href="javascript:void(0)" onclick="addFavorite()">加入收藏</a> | '
            '<a href="/col/col1/index.html">无障碍浏览</a> | <a href="/elder/">长者模式</a> | '
            '<a href="/m/">手机版</a></div><div class="search">'
            '<input id="q" type="text" placeholder="请输入关键字"/>'
            '<button id="search-btn">搜索</button></div></div>'
            f'<div class="nav"><ul class="wrap">{"".join(items)}</ul></div></div>')


def _link_groups(rng: random.Random, site: Site) -> str:
    """The 部门网站 / 县区网站 / 其他网站 selects and lists under every page."""
    prefix = site.place_name
    depts = "".join(f'<li><a href="http://{_host_slug(rng)}.{site.host.split(".", 1)[1]}/" target="_blank">'
                    f'{prefix}{d}</a></li>' for d in DEPARTMENTS)
    others = "".join(f'<option value="http://www.{_host_slug(rng)}.gov.cn/">{s}</option>'
                     for s in OTHER_SITES)
    return (f'<div class="links wrap"><div class="dept-list"><h3>部门网站</h3><ul>{depts}</ul></div>'
            f'<select onchange="window.open(this.value)"><option>其他网站</option>{others}</select></div>')


def _host_slug(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghjklmnpqrstwxyz") for _ in range(rng.randint(2, 6)))


def _related(rng: random.Random, count: int, published: datetime, hanweb: bool) -> str:
    """Older articles of the same column, newest first."""
    days = sorted((published - timedelta(days=rng.randint(1, 500)) for _ in range(count)), reverse=True)
    items = []
    for day in days:
        title = rng.choice(RELATED_TITLES).format(year=day.year, n=rng.randint(1, 9))
        if hanweb:
            href = (f"/art/{day.year}/{day.month}/{day.day}/"
                    f"art_{rng.randint(1000, 9999)}_{rng.randint(10**6, 10**7)}.html")
        else:
            href = f"./{day:%Y%m}/t{day:%Y%m%d}_{rng.randint(10**6, 10**7)}.html"
        items.append(f'<li><a href="{href}" title="{title}" target="_blank">{title}</a>'
                     f'<span class="date">{day:%Y-%m-%d}</span></li>')
    return f'<div class="related wrap"><h3>相关信息</h3><ul>{"".join(items)}</ul></div>'


def _footer(site: Site) -> str:
    police = f' <a href="http://www.beian.gov.cn/">{site.police}</a>' if site.police else ""
    return (f'<div class="footer"><div class="wrap"><p><a href="/col/col2/index.html">关于本网</a> | '
            '<a href="/col/col3/index.html">网站地图</a> | <a href="/col/col4/index.html">联系我们</a> | '
            f'<a href="/col/col5/index.html">隐私声明</a></p><p>主办单位:{_esc(site.name)}办公室 '
            f'版权所有:{_esc(site.name)} 承办:{_esc(site.name)}大数据中心</p>'
            f'<p>网站标识码:{site.id_code} '
            f'<a href="https://beian.miit.gov.cn/" target="_blank">{site.icp}</a>{police}</p>'
            '<p>建议使用1366×768分辨率 IE9以上浏览器访问本站</p>'
            '<p><a href="https://bszs.conac.cn/"><img src="/images/dzjg.png" alt="党政机关"/></a>'
            '<a href="/zfwzjc/"><img src="/images/jiucuo.png" alt="政府网站找错"/></a></p></div></div>')


def hanweb_page(site: Site, article: Article, charset_label: str = "utf-8", *,
                rng: random.Random | None = None, related: int = 20, css_rules: int = 20,
                scripts: int = 6, filler: int = 0) -> str:
    """A 大汉 JCMS detail page: meta tags, #zoom between ContentStart/ContentEnd, Produced By comment."""
    rng = rng or random.Random(0)
    pub = article.published
    meta_extra = _extra_meta(article)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset_label}" />
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="SiteName" content="{_esc(site.name)}">
<meta name="SiteDomain" content="{site.host}">
<meta name="SiteIDCode" content="{site.id_code}">
<meta name="ColumnName" content="{_esc(article.column)}">
<meta name="ColumnType" content="{_esc(article.column)}">
<meta name="ArticleTitle" content="{_esc(article.title)}">
<meta name="PubDate" content="{pub:%Y-%m-%d %H:%M}">
<meta name="ContentSource" content="{_esc(article.source)}">
<meta name="Keywords" content="{_esc(article.column)}">
<meta name="Author" content="{_esc(article.source)}">
<meta name="Description" content="{_esc(article.title)}">
<meta name="Url" content="">
{meta_extra}<title>{_esc(article.title)} {_esc(article.column)} {_esc(site.name)}</title>
<link rel="stylesheet" type="text/css" href="/images/base.css" />
<style type="text/css">
{_css(rng, css_rules)}
</style>
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
<script type="text/javascript" src="/module/jslib/urite/urite.min.js"></script>
</head>
<body>
<!--Produced By 大汉网络 大汉版通发布系统-->
{_nav(rng, site)}
<div class="bt-position wrap">当前位置:<a href="/">首页</a> &gt; <a href="/col/col1229/index.html">政务公开</a> &gt; <a href="/col/col1230/index.html">{_esc(article.column)}</a></div>
<div class="article wrap">
<h1 class="title">{_esc(article.title)}</h1>
<div class="info"><span>信息来源:{_esc(article.source)}</span> <span>发布日期:{pub:%Y-%m-%d %H:%M}</span> <span>浏览次数:<script language="javascript" src="/module/visitcount/articlehits.jsp?colid=1230&artid={rng.randint(10**6, 10**7)}"></script></span>
<span class="font">字号:[<a href="javascript:setFontSize(20)">大</a> <a href="javascript:setFontSize(16)">中</a> <a href="javascript:setFontSize(14)">小</a>]</span></div>
<div id="zoom">
<!--ContentStart--><meta name="ContentStart">
{_body_html(article)}
<meta name="ContentEnd"><!--ContentEnd-->
</div>
<div class="share"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
</div>
{_related(rng, related, pub, hanweb=True)}
{_link_groups(rng, site)}
{_footer(site)}
{_scripts(rng, scripts, site.id_code)}
{_filler_comment(rng, filler)}
</body>
</html>
"""  # noqa: E501 - page markup reads better unwrapped


def trs_page(site: Site, article: Article, charset_label: str = "utf-8", *,
             rng: random.Random | None = None, related: int = 20, css_rules: int = 20,
             scripts: int = 6, filler: int = 0) -> str:
    """A 拓尔思 WCM detail page: 信息公开 header table, div.TRS_Editor body, createPageHTML pager."""
    rng = rng or random.Random(0)
    pub = article.published
    index_number = (article.index_number
                    or f"{rng.randint(10**8, 10**9 - 1)}/{pub.year}-{rng.randint(1, 999):05d}")
    doc_number = _esc(article.doc_number) if article.doc_number else ""
    meta_extra = _extra_meta(article)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset_label}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="SiteName" content="{_esc(site.name)}">
<meta name="SiteDomain" content="{site.host}">
<meta name="SiteIDCode" content="{site.id_code}">
<meta name="ColumnName" content="{_esc(article.column)}">
<meta name="ArticleTitle" content="{_esc(article.title)}">
<meta name="PubDate" content="{pub:%Y-%m-%d %H:%M:%S}">
<meta name="ContentSource" content="{_esc(article.source)}">
{meta_extra}<title>{_esc(article.title)}_{_esc(article.column)}_{_esc(site.name)}</title>
<style>
{_css(rng, css_rules)}
</style>
</head>
<body>
{_nav(rng, site)}
<div class="position wrap">您当前的位置:<a href="../../" class="CurrChnlCls">首页</a>&nbsp;&gt;&nbsp;<a href="../" class="CurrChnlCls">政府信息公开</a>&nbsp;&gt;&nbsp;<a href="./" class="CurrChnlCls">{_esc(article.column)}</a></div>
<div class="xxgk-detail wrap">
<table class="xxgk-table" width="100%" cellspacing="0" cellpadding="0">
<tr><td class="label">索引号:</td><td>{_esc(index_number)}</td><td class="label">主题分类:</td><td>{_esc(article.topic)}</td></tr>
<tr><td class="label">发布机构:</td><td>{_esc(article.source)}</td><td class="label">发文日期:</td><td>{pub:%Y-%m-%d}</td></tr>
<tr><td class="label">文件编号:</td><td>{doc_number}</td><td class="label">有效性:</td><td>有效</td></tr>
<tr><td class="label">名  称:</td><td colspan="3">{_esc(article.title)}</td></tr>
</table>
<div class="detail-title"><h1>{_esc(article.title)}</h1>
<p class="detail-info">发布时间:{pub:%Y-%m-%d %H:%M} 来源:{_esc(article.source)} 【字体:<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</p></div>
<div class="detail-content" id="UCAP-CONTENT">
<div class="TRS_Editor"><div class="Custom_UnionStyle">
{_body_html(article)}
</div></div>
</div>
<div class="pager"><script language="JavaScript">
var currentPage = 0;
var countPage = 1;
createPageHTML(countPage, currentPage, "t{pub:%Y%m%d}_{rng.randint(10**6, 10**7)}", "html");
</script></div>
<div class="appendix"></div>
</div>
{_related(rng, related, pub, hanweb=False)}
{_link_groups(rng, site)}
{_footer(site)}
{_scripts(rng, scripts, site.id_code)}
{_filler_comment(rng, filler)}
</body>
</html>
"""  # noqa: E501 - page markup reads better unwrapped


def _filler_comment(rng: random.Random, links: int) -> str:
    """Extra hidden site-map links some portals append (used to bring a page up to its target size)."""
    if links <= 0:
        return ""
    items = "".join(f'<li><a href="/col/col{rng.randint(1000, 99999)}/index.html">{rng.choice(DEPARTMENTS)}'
                    f'{rng.choice(list(NAV_MENU["政务公开"]))}</a></li>' for _ in range(links))
    return f'<div class="sitemap" style="display:none"><ul>{items}</ul></div>'


# --- building the reference set -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SourceText:
    name: str
    text: str
    url: str | None


def _title_of(lines: Sequence[str]) -> str:
    cues = ("报告", "情况", "通知", "公告", "通告", "关于", "要点", "方案", "总结")
    for line in lines[:8]:
        if 6 <= len(line) <= 80 and any(cue in line for cue in cues):
            return line
    return lines[0][:60] if lines else "无标题"


def source_texts(shared: Path = DEFAULT_SHARED) -> list[SourceText]:
    """Seeds then corpus texts, in a fixed order; empty when `shared` is absent."""
    texts: list[SourceText] = []
    seeds = shared / "seeds"
    if seeds.is_dir():
        for path in sorted(seeds.glob("*.txt")):
            texts.append(SourceText(f"seed:{path.stem}", path.read_text(encoding="utf-8"), None))
    corpus = shared / "corpus" / "dev.jsonl"
    if corpus.is_file():
        with corpus.open(encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                item = json.loads(line)
                texts.append(SourceText(f"corpus:{item.get('id')}", item["text"], item.get("url")))
    return texts


# (charset written in the page, Content-Type header, byte encoding); weights follow what crawls see.
ENCODING_PLANS: list[tuple[str, str | None, str, int]] = [
    ("utf-8", "text/html; charset=utf-8", "utf-8", 5),
    ("utf-8", "text/html", "utf-8", 2),
    ("utf-8", "text/html", "gb18030", 3),           # GBK bytes, lying utf-8 label
    ("utf-8", "text/html; charset=UTF-8", "gb18030", 1),  # header lies too
    ("gb2312", "text/html; charset=gb2312", "gb18030", 2),
    ("gb2312", "text/html", "utf-8", 1),            # UTF-8 bytes labelled gb2312
]


def build_page(source: SourceText, index: int, seed: int = DEFAULT_SEED) -> tuple[str, PortalPage]:
    """Wrap one text in a portal template sized to a random 50-150 KB target. Returns (name, page)."""
    rng = random.Random(f"{seed}:{index}:{source.name}")
    lines = [line.strip() for line in source.text.splitlines() if line.strip()]
    title = _title_of(lines)
    hanweb = index % 2 == 0
    label, content_type, encoding, _ = rng.choices(ENCODING_PLANS, weights=[p[3] for p in ENCODING_PLANS])[0]
    site = rng.choice(GENERIC_SITES)
    published = datetime(2022, 1, 1, 9, 0) + timedelta(days=rng.randint(0, 1000), minutes=rng.randint(0, 600))
    url = source.url or _synthetic_url(rng, site, published, hanweb)
    article = Article(title=title, paragraphs=lines, published=published, source=site.name,
                      column=rng.choice(["通知公告", "法治政府建设", "政府信息公开", "部门动态"]))
    target = rng.randint(*SIZE_RANGE)
    template = hanweb_page if hanweb else trs_page
    chrome_seed = rng.random()
    sizes = {"related": 20 + rng.randint(0, 30), "css_rules": 30, "scripts": 6, "filler": 0}

    def render() -> bytes:
        text = template(site, article, label, rng=random.Random(chrome_seed), **sizes)
        return text.encode(encoding, errors="replace")

    data = render()
    if len(data) < target:
        # Grow a hidden site map until the page reaches its target size; measure the cost of a link first.
        sizes["filler"] = 100
        per_link = max(1.0, (len(render()) - len(data)) / 100)
        sizes["filler"] = int((target - len(data)) / per_link)
        data = render()
    return source.name, PortalPage(data, content_type, url)


def _synthetic_url(rng: random.Random, site: Site, day: datetime, hanweb: bool) -> str:
    if hanweb:
        return (f"http://{site.host}/art/{day.year}/{day.month}/{day.day}/"
                f"art_{rng.randint(1000, 9999)}_{rng.randint(10**6, 10**7)}.html")
    return f"http://{site.host}/zwgk/tzgg/{day:%Y%m}/t{day:%Y%m%d}_{rng.randint(10**6, 10**7)}.html"


def example_pages(directory: Path = EXAMPLES_DIR) -> list[tuple[str, PortalPage]]:
    """The shipped sample pages, as fetched: bytes, no Content-Type header, URL from `<page>.url`."""
    pages = []
    for path in sorted(p for p in directory.iterdir() if p.suffix in EXAMPLE_SUFFIXES):
        sidecar = path.with_name(path.name + ".url")
        url = sidecar.read_text(encoding="utf-8").strip() if sidecar.is_file() else f"file://{path.name}"
        pages.append((f"example:{path.name}", PortalPage(path.read_bytes(), None, url)))
    return pages


def named_reference_pages(shared: Path = DEFAULT_SHARED,
                          seed: int = DEFAULT_SEED) -> list[tuple[str, PortalPage]]:
    """(name, page) for every seed and corpus text; the example pages when `shared` is absent."""
    texts = source_texts(shared)
    if not texts:
        return example_pages()
    return [build_page(text, i, seed) for i, text in enumerate(texts)]


def reference_pages(shared: Path = DEFAULT_SHARED, seed: int = DEFAULT_SEED) -> list[PortalPage]:
    """The benchmark set as (bytes, content_type, url) tuples."""
    return [page for _, page in named_reference_pages(shared, seed)]


_CHARSET_LABEL = re.compile(rb"charset\s*=\s*[\"']?([\w-]+)", re.IGNORECASE)
_GB_FAMILY = {"gbk", "gb2312", "gb18030", "gb_2312-80", "x-gbk", "cp936"}


def iter_encodings(pages: Sequence[tuple[str, PortalPage]]) -> Iterator[str]:
    """A short tag per page, '<bytes>/<label>', with '!' when the label lies (for reports)."""
    for _, page in pages:
        match = _CHARSET_LABEL.search(page.data[:4096])
        label = match.group(1).decode("ascii").lower() if match else "none"
        try:
            page.data.decode("utf-8")
            actual = "utf-8"
        except UnicodeDecodeError:
            actual = "gbk"
        honest = label == actual or (actual == "gbk" and label in _GB_FAMILY) or label == "none"
        yield f"{actual}/{label}" + ("" if honest else "!")
