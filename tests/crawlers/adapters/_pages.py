"""Fixture list pages (written for these tests) and the addresses they are served under."""

from __future__ import annotations

from pathlib import Path

PAGES = Path(__file__).parent / "pages"

HANWEB_COLUMN_URL = "http://www.huzhou.gov.cn/col/col1229213108/index.html"
HANWEB_PROXY_URL = (
    "http://www.huzhou.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=7&endrecord=12&perpage=2"
    "&appid=1&webid=3059&path=/&columnid=1229213108&unitid=6785&permissiontype=0"
)
TRS_INDEX_URL = "http://sft.jiangxi.gov.cn/xwzx/tzgg/index.html"
TRS_LAST_URL = "http://sft.jiangxi.gov.cn/xwzx/tzgg/index_2.html"
GKMLPT_API_URL = "http://www.shanwei.gov.cn/gkmlpt/api/all/2812?page=1&sid=755034"
GKMLPT_SHELL_URL = "http://www.shanwei.gov.cn/gkmlpt/index#2812"
GENERIC_URL = "https://www.lanshan.gov.cn/zwgk/tzgg/list.htm"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()

# Full-size pages of the structures seen on real sites (DOMAIN.md §4), each under its own address.
TRS_PAGE_DIV_URL = "https://www.mee.gov.cn/ywgz/fgbz/fg/fg_1.shtml"  # createPageHTML('page_div', ...)
TRS_SAVED_URL = "https://sfj.gz.gov.cn/zwgk/tzgg/index_2.html"  # browser-saved, `var countPage`
TRS_POLICY_URL = "http://www.hunan.gov.cn/zwgk/zcwj/szfwj/index.html"  # 解读 links, shown dates
REVERSE_COLUMN = "http://www.sasac.gov.cn/n2588035/n2588320/n2588335/"  # pages numbered backwards
HANWEB_JPAGE_URL = "http://sft.zj.gov.cn/col/col1229253767/index.html"  # total only in jpage({...})
WEBPLUS_URL = "https://www.linyi.gov.cn/zwgk/zfgz/list.htm"  # no dates
SPA_API_URL = "https://amr.hainan.gov.cn/api/portal/article/page?columnId=1001&current=1&size=5"
SPA_IDS_URL = "https://amr.hainan.gov.cn/api/article/list?columnCode=tzgg&pageNo=2&pageSize=5"
GKMLPT_ARTICLES_URL = "http://www.shanwei.gov.cn/gkmlpt/api/all/2812?page=1&sid=755034"
