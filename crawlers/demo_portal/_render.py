"""HTML of the demo portal: Hanweb-like (大汉 JCMS) and TRS-like (拓尔思 WCM) list and detail pages.

Templates in code, content from `_content.py`. The markup follows what the real systems ship
(DOMAIN.md §4): Hanweb's `<datastore>` column page and dataproxy answer, TRS's `createPageHTML`
pager and `index_N.html` pages, the CMS metadata tags, ContentStart/ContentEnd, `#zoom` /
`div.TRS_Editor` bodies, a 信息公开 header table on some pages, and the chrome a cleaner must drop
(navigation, related links, footer with 网站标识码 and ICP number). Rendering is deterministic:
the same content gives the same bytes (list ETags depend on it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from html import escape
from urllib.parse import quote

from crawlers.demo_portal._content import Article, Column, Site

Linker = Callable[[str, int], str]  # (menu entry, sub-entry index or negative for the top) -> href

_CSS = """body{margin:0;font:14px/1.8 "Microsoft YaHei",SimSun,Arial;color:#333;background:#f5f5f5}
.wrap{width:1200px;margin:0 auto}.header{background:#0b4da2;color:#fff;height:120px}
.nav{background:#0a3d82}.nav li{float:left;width:150px;text-align:center;list-style:none}
.nav a{color:#fff;font-size:17px}.crumb{padding:10px 0;color:#666}.main{background:#fff;padding:20px}
.list li{list-style:none;border-bottom:1px dashed #ddd;height:42px;line-height:42px}
.list li span{float:right;color:#999}#zoom p,.TRS_Editor p{text-indent:2em;font-size:16px;line-height:2}
.xxgk-table td{border:1px solid #ccc;padding:4px 8px}.footer{background:#e9e9e9;padding:20px;color:#666}"""

_MENU = {
    "首页": [],
    "政务公开": ["政府信息公开", "政策文件", "政策解读", "通知公告", "人事信息", "财政资金", "法治政府建设"],
    "新闻中心": ["本地要闻", "部门动态", "基层动态", "图片新闻", "视频新闻"],
    "政务服务": ["办事指南", "便民服务", "公共服务", "好差评"],
    "互动交流": ["领导信箱", "网上调查", "征求意见", "在线访谈", "12345热线"],
}
_DEPARTMENTS = ["发展改革委", "教育局", "科技局", "公安局", "民政局", "司法局", "财政局", "人力社保局",
                "自然资源局", "生态环境局", "住建局", "交通运输局", "水利局", "农业农村局", "商务局",
                "文广旅体局", "卫健委", "应急管理局", "审计局", "市场监管局", "统计局", "医保局"]
_HANWEB_DOCTYPE = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
)
_HANWEB_MARK = "<!--Produced By 大汉网络 大汉版通发布系统-->"


def _menu(link: Linker) -> str:
    parts = []
    for index, (top, subs) in enumerate(_MENU.items()):
        sub_links = "".join(
            f'<li><a href="{link(top, i)}" target="_blank">{sub}</a></li>' for i, sub in enumerate(subs)
        )
        parts.append(
            f'<li class="nav-item"><a href="{link(top, -1 - index)}">{top}</a>'
            f'<ul class="sub-menu">{sub_links}</ul></li>'
        )
    return f'<div class="nav"><ul class="wrap">{"".join(parts)}</ul></div>'


def _header(site: Site, link: Linker) -> str:
    return (
        f'<div class="header"><div class="wrap"><div class="logo"><a href="/">'
        f'<img src="/images/logo.png" alt="{site.name}"/></a></div>'
        '<div class="tools"><a href="javascript:void(0)" onclick="addFavorite()">加入收藏</a> | '
        '<a href="/wza/">无障碍浏览</a> | <a href="/elder/">长者模式</a></div>'
        '<div class="search"><input id="q" type="text" placeholder="请输入关键字"/>'
        f'<button id="search-btn">搜索</button></div></div></div>{_menu(link)}'
    )


def _footer(site: Site) -> str:
    place = site.place["place"]
    departments = "".join(f'<option value="">{place}{name}</option>' for name in _DEPARTMENTS)
    return (
        f'<div class="links wrap"><select onchange="window.open(this.value)"><option>部门网站</option>'
        f'{departments}</select></div>'
        '<div class="footer"><div class="wrap"><p><a href="/about/">关于本网</a> | '
        '<a href="/sitemap/">网站地图</a> | <a href="/contact/">联系我们</a></p>'
        f'<p>主办：{site.name}办公室 承办：{place}大数据发展中心</p>'
        f'<p>网站标识码：{site.site_id_code} <a href="https://beian.miit.gov.cn/">{site.icp}</a></p>'
        f'<p>版权所有：{site.name} 建议使用1366×768以上分辨率浏览本网站</p></div></div>'
    )


def _related(column: Column, article: Article | None) -> str:
    others = [other for other in column.articles if other is not article][:6]
    items = "".join(
        f'<li><a href="{other.path}" title="{escape(other.title)}">{escape(other.title)}</a></li>'
        for other in others
    )
    return f'<div class="related"><h3>相关文章</h3><ul>{items}</ul></div>'


def _paragraphs(article: Article) -> str:
    signature = set(article.paragraphs[-2:]) if article.is_report and not article.attachment else set()
    parts = []
    for paragraph in article.paragraphs:
        style = ' style="text-align:right"' if paragraph in signature else ""
        parts.append(f"<p{style}>{escape(paragraph)}</p>")
    if article.attachment_path:
        name = escape(f"{article.document_title}.{article.attachment}")
        parts.append(f'<p>附件：<a href="{article.attachment_path}" title="{name}">{name}</a></p>')
    return "\n".join(parts)


def _info_table(article: Article) -> str:
    if not article.index_number:
        return ""
    return (
        '<table class="xxgk-table" width="100%"><tbody>'
        f"<tr><td>索引号：</td><td>{escape(article.index_number)}</td>"
        f"<td>发布机构：</td><td>{escape(article.source)}</td></tr>"
        f"<tr><td>文件编号：</td><td>{escape(article.doc_number)}</td>"
        f"<td>发文日期：</td><td>{article.published:%Y-%m-%d}</td></tr>"
        "<tr><td>主题分类：</td><td>综合政务</td><td>有效性：</td><td>有效</td></tr>"
        "</tbody></table>"
    )


def _head_meta(site: Site, column: Column, article: Article | None = None) -> str:
    lines = [
        f'<meta name="SiteName" content="{site.name}">',
        f'<meta name="SiteDomain" content="{site.host}">',
        f'<meta name="SiteIDCode" content="{site.site_id_code}">',
        f'<meta name="ColumnName" content="{column.name}">',
        f'<meta name="ColumnType" content="{column.name}">',
    ]
    if article is not None:
        lines += [
            f'<meta name="ArticleTitle" content="{escape(article.title)}">',
            f'<meta name="PubDate" content="{article.published:%Y-%m-%d %H:%M}">',
            f'<meta name="ContentSource" content="{escape(article.source)}">',
            f'<meta name="Keywords" content="{column.name}">',
            f'<meta name="Description" content="{escape(article.title)}">',
        ]
    return "\n".join(lines)


def _stable_number(*parts: object) -> int:
    return int(hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:6], 16)


# --- Hanweb -------------------------------------------------------------------------------------------

def _hanweb_linker(site: Site) -> Linker:
    def link(top: str, index: int) -> str:
        for column in site.columns.values():
            if column.name == top or (index >= 0 and column.name == _MENU[top][index]):
                return column.list_path("hanweb")
        return f"/col/col{1229000000 + _stable_number(site.host, top, index) % 900_000}/index.html"
    return link


def hanweb_record(article: Article) -> str:
    title = escape(article.title)
    return (f'<li><a href="{article.path}" title="{title}" target="_blank">{title}</a>'
            f'<span>{article.published:%Y-%m-%d}</span></li>')


def _datastore(records: Sequence[Article], total: int, nextgroup: str, total_pages: int | None) -> str:
    parts = [f'<nextgroup><![CDATA[<a href="{nextgroup}"></a>]]></nextgroup>', "<recordset>"]
    parts += [f"<record><![CDATA[\n{hanweb_record(article)}\n]]></record>" for article in records]
    parts += ["</recordset>", f"<totalrecord>{total}</totalrecord>"]
    if total_pages is not None:
        parts.append(f"<totalpage>{total_pages}</totalpage>")
    return "<datastore>\n" + "\n".join(parts) + "\n</datastore>"


def hanweb_nextgroup(site: Site, column: Column) -> str:
    return (f"/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid={site.webid}&path=/"
            f"&columnid={column.col_id}&unitid={column.unit_id}&webname={quote(site.name)}&permissiontype=0")


def hanweb_column_page(site: Site, column: Column) -> str:
    """The column page: the first `per_page` records embedded, the rest through dataproxy.jsp."""
    total = len(column.articles)
    pages = max(1, -(-total // column.per_page))
    store = _datastore(column.articles[: column.per_page], total, hanweb_nextgroup(site, column), pages)
    link = _hanweb_linker(site)
    unit = column.unit_id
    side = "".join(f'<li><a href="{c.list_path("hanweb")}">{c.name}</a></li>' for c in site.columns.values())
    return f"""{_HANWEB_DOCTYPE}
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
{_head_meta(site, column)}
<title>{column.name} {site.name}</title>
<style type="text/css">{_CSS}</style>
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
</head>
<body>
{_HANWEB_MARK}
{_header(site, link)}
<div class="wrap crumb">当前位置：<a href="/">首页</a> &gt; <a href="{link("政务公开", -2)}">政务公开</a>
 &gt; <span>{column.name}</span></div>
<div class="wrap main">
<div class="left-menu"><h2>政务公开</h2><ul>{side}</ul></div>
<div class="list-right"><div class="list-title">{column.name}</div>
<div class="list"><div id="{unit}"><script type="text/xml">{store}</script></div></div>
<script language="javascript" src="/module/web/jpage/jpage.js"></script>
<script>
$(document).ready(function(){{
  $('#{unit}').jpage({{
    dataStore: $('#{unit} script[type="text/xml"]').text(),
    perPage: {column.per_page},
    groupSize: 1,
    proxyUrl: '/module/web/jpage/dataproxy.jsp',
    pageCss: 'default_pgPanel',
    webid: {site.webid}, columnid: {column.col_id}, unitid: {unit}
  }});
}});
</script>
</div></div>
{_footer(site)}
</body>
</html>
"""


def hanweb_dataproxy(site: Site, column: Column, start: int, end: int) -> str:
    """The dataproxy.jsp answer for records start..end (1-based, inclusive)."""
    records = column.articles[max(0, start - 1): max(0, end)]
    store = _datastore(records, len(column.articles), hanweb_nextgroup(site, column), None)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + store


def hanweb_detail(site: Site, column: Column, article: Article) -> str:
    link = _hanweb_linker(site)
    title = escape(article.title)
    source = escape(article.source)
    return f"""{_HANWEB_DOCTYPE}
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
{_head_meta(site, column, article)}
<title>{title} {column.name} {site.name}</title>
<style type="text/css">{_CSS}</style>
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
<script type="text/javascript" src="/module/jslib/urite/urite.min.js"></script>
</head>
<body>
{_HANWEB_MARK}
{_header(site, link)}
<div class="wrap crumb">当前位置：<a href="/">首页</a> &gt;
<a href="{column.list_path("hanweb")}">{column.name}</a></div>
<div class="wrap main article">
{_info_table(article)}
<h1>{title}</h1>
<div class="info">发布日期：{article.published:%Y-%m-%d %H:%M} 来源：{source}
浏览次数：<span id="hits"></span>
字号：[<a href="javascript:doZoom(20)">大</a> <a href="javascript:doZoom(16)">中</a>
<a href="javascript:doZoom(14)">小</a>]</div>
<meta name="ContentStart">
<div id="zoom">
{_paragraphs(article)}
</div>
<meta name="ContentEnd">
<div class="share">分享到：<a href="javascript:shareWeibo()">微博</a> <a href="javascript:shareWx()">微信</a>
<a href="javascript:window.print()">【打印本页】</a>
<a href="javascript:window.close()">【关闭窗口】</a></div>
{_related(column, article)}
</div>
<script>$.get('/module/visitcount/articlehits.jsp?colid={column.col_id}&artid={article.id}',
function(d){{$('#hits').html(d)}});</script>
{_footer(site)}
</body>
</html>
"""


# --- TRS ----------------------------------------------------------------------------------------------

def _trs_linker(site: Site) -> Linker:
    def link(top: str, index: int) -> str:
        for column in site.columns.values():
            if index >= 0 and column.name == _MENU[top][index]:
                return column.path
        section = "zwgk" if top == "政务公开" else "xwzx"
        return f"/{section}/c{_stable_number(site.host, top, index) % 10_000}/"
    return link


def trs_list_item(article: Article) -> str:
    title = escape(article.title)
    day = article.published
    return (f'<li><a href="./{day:%Y%m}/t{day:%Y%m%d}_{article.id}.html" target="_blank" title="{title}">'
            f"{title}</a><span>{day:%Y-%m-%d}</span></li>")


def trs_list_page(site: Site, column: Column, page: int, pages: int) -> str:
    """List page `page` (0-based: index.html is 0, index_1.html is 1) of `pages`."""
    rows = column.articles[page * column.per_page: (page + 1) * column.per_page]
    items = "\n".join(trs_list_item(article) for article in rows)
    link = _trs_linker(site)
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
{_head_meta(site, column)}
<title>{column.name}-{site.name}</title>
<style type="text/css">{_CSS}</style>
<script type="text/javascript" src="/images/jquery.min.js"></script>
</head>
<body>
{_header(site, link)}
<div class="wrap position">您现在的位置：<a href="/">首页</a> &gt;
<a href="{link("政务公开", -2)}">政务公开</a> &gt; {column.name}</div>
<div class="wrap main">
<div class="side"><h3>热点关注</h3><ul>
<li><a href="/xwzx/bdyw/202603/t20260301_3990112.html">全市优化营商环境大会召开</a></li>
<li><a href="/xwzx/bdyw/202602/t20260214_3987450.html">春节假期文旅市场平稳有序</a></li>
</ul></div>
<div class="list"><ul>
{items}
</ul>
<div class="page"><script type="text/javascript">
var currentPage = {page};//所在页从0开始
var prevPage = currentPage-1//上一页
var nextPage = currentPage+1//下一页
var countPage = {pages}//共多少页
createPageHTML({pages}, {page}, "index", "html");
</script></div>
</div>
</div>
{_footer(site)}
</body>
</html>
"""


def trs_detail(site: Site, column: Column, article: Article) -> str:
    link = _trs_linker(site)
    title = escape(article.title)
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
{_head_meta(site, column, article)}
<title>{title}_{column.name}_{site.name}</title>
<style type="text/css">{_CSS}</style>
</head>
<body>
{_header(site, link)}
<div class="wrap position">您现在的位置：<a href="/">首页</a> &gt;
<a href="{column.path}">{column.name}</a> &gt; 正文</div>
<div class="wrap main">
{_info_table(article)}
<div class="article"><h1>{title}</h1>
<div class="info">发布时间：{article.published:%Y-%m-%d %H:%M} 来源：{escape(article.source)}
<a href="javascript:window.print()">打印</a> <a href="javascript:window.close()">关闭</a></div>
<div class="TRS_Editor">
{_paragraphs(article)}
</div>
</div>
{_related(column, article)}
</div>
{_footer(site)}
</body>
</html>
"""


# --- special pages ------------------------------------------------------------------------------------

CHALLENGE_COOKIE = "FSSBBIl1UgzbN7N80S"  # 瑞数-style: the server's cookie name ends in 80S


def challenge_page(seed: str) -> tuple[str, str]:
    """(body, cookie value) of a 瑞数-style challenge: a script that would compute the 80T cookie."""
    token = hashlib.sha256(seed.encode()).hexdigest()
    body = (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        '<meta http-equiv="Cache-Control" content="no-cache, no-store">'
        "<script type=\"text/javascript\" r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=48127;"
        f'$_ts.cd="{token}{token[::-1]}";</script>'
        f"<script type=\"text/javascript\" charset=\"utf-8\" src=\"/{token[:12]}/c.{token[12:20]}.js\""
        " r='m'></script></head><body></body></html>"
    )
    return body, token[:40]


def oversized_head(article: Article) -> str:
    title = escape(article.title)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="ArticleTitle" content="{title}">'
            f'<title>{title}</title></head><body><h1>{title}</h1><div id="zoom"><table>\n')


def oversized_rows(article: Article) -> Iterator[str]:
    """Endless table rows; the server stops once past the size it means to send."""
    number = 0
    while True:
        number += 1
        yield (f"<tr><td>{number}</td><td>行政许可事项实施清单第{number}项</td>"
               f"<td>{escape(article.source)}</td>"
               f"<td>法定办结时限20个工作日，承诺办结时限{number % 15 + 1}个工作日</td></tr>\n")


OVERSIZED_TAIL = "</table></div></body></html>"


def robots_txt(crawl_delay: float | None) -> str:
    lines = ["User-agent: *", "Disallow: /module/search/", "Disallow: /admin/", "Disallow: /wza/"]
    if crawl_delay is not None:
        lines.append(f"Crawl-delay: {crawl_delay:g}")
    lines += ["", "User-agent: BadBot", "Disallow: /"]
    return "\n".join(lines) + "\n"


def home_page(site: Site) -> str:
    columns = "".join(
        f'<li><a href="{column.list_path(site.cms)}">{column.name}</a></li>'
        for column in site.columns.values()
    )
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{site.name}</title></head>'
            f"<body><h1>{site.name}</h1><ul>{columns}</ul></body></html>")


def not_found_page() -> str:
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 页面不存在</title></head>'
            "<body><h1>抱歉，您访问的页面不存在或已被删除！</h1></body></html>")
