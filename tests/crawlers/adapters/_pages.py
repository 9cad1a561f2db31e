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
