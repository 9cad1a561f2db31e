"""A local imitation of government portals for tests, the demo and benchmarks.

Hanweb-like (大汉 JCMS: datastore column pages, dataproxy.jsp) and TRS-like (拓尔思 WCM: GBK
index_N.html pages) sites with 通知公告 columns, rule-of-law annual reports and ordinary notices
written as data (crawlers/demo_portal/data/), special pages (challenge, oversized, slow), robots.txt
per host, and items that appear while it runs. See `DemoPortal`.

    python -m crawlers.demo_portal --port 8080 --registry-out demo-registry.yaml
"""

from crawlers.demo_portal._server import DemoPage, DemoPortal, RequestRecord

__all__ = ["DemoPage", "DemoPortal", "RequestRecord"]
