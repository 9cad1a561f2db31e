"""The Scrapy baseline of bench/crawl.py: one spider crawling the demo portal's columns, in its own process.

    python bench/_scrapy_spider.py CONFIG.json

CONFIG is written by bench/crawl.py: ``columns`` (list URL and CMS name per column), ``static_hosts``
(host name -> address, like FAZHI_CRAWL_STATIC_HOSTS) and ``settings`` (Scrapy settings: the
politeness and limits equivalent to the crawl worker's). The spider starts from the column URLs,
reads items and further list pages with OUR adapters (`crawlers.adapters.parse_list`, so parsing
costs the same on both sides) and requests every detail page once (Scrapy's duplicate filter).

Prints one JSON object: ``opened`` / ``closed`` (time.monotonic() at spider_opened / spider_closed),
``last_response`` (the last response received), ``responses``, ``list_pages``, ``detail_requests``,
``close_reason``. Host names resolve through `StaticResolver` (TWISTED_DNS_RESOLVER), so Scrapy
keeps one download slot per host name, as the crawl worker keeps one politeness slot per host.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.http import Response
from twisted.internet import defer
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IResolverSimple
from zope.interface import implementer

from crawlers.adapters import parse_list

#: Scrapy setting holding the host name -> address map the resolver serves.
STATIC_HOSTS_SETTING = "BENCH_STATIC_HOSTS"


@implementer(IResolverSimple)
class StaticResolver:
    """Resolves the demo portal's host names from a fixed map (an /etc/hosts); anything else fails."""

    def __init__(self, reactor: Any, hosts: dict[str, str]) -> None:
        self.reactor = reactor
        self.hosts = {name.lower(): address for name, address in hosts.items()}

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> StaticResolver:
        return cls(reactor, dict(crawler.settings.getdict(STATIC_HOSTS_SETTING)))

    def install_on_reactor(self) -> None:
        self.reactor.installResolver(self)

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:
        address = self.hosts.get(name.lower().rstrip("."))
        if address is None:
            return defer.fail(DNSLookupError(f"{name}: not a demo portal host"))
        return defer.succeed(address)


class ColumnSpider(scrapy.Spider):
    name = "fazhi-bench-columns"

    def __init__(self, columns: list[dict[str, str]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.columns = columns
        self.stats_out: dict[str, Any] = {"responses": 0, "list_pages": 0, "detail_requests": 0,
                                          "last_response": None}  # fmt: skip

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ColumnSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.opened, signal=signals.spider_opened)
        crawler.signals.connect(spider.closed_signal, signal=signals.spider_closed)
        crawler.signals.connect(spider.response_received, signal=signals.response_received)
        return spider

    def opened(self, spider: scrapy.Spider) -> None:
        self.stats_out["opened"] = time.monotonic()

    def closed_signal(self, spider: scrapy.Spider, reason: str) -> None:
        self.stats_out["closed"] = time.monotonic()
        self.stats_out["close_reason"] = reason

    def response_received(self, response: Response, request: scrapy.Request, spider: scrapy.Spider) -> None:
        self.stats_out["responses"] += 1
        self.stats_out["last_response"] = time.monotonic()

    async def start(self) -> Any:
        for column in self.columns:
            yield scrapy.Request(column["url"], callback=self.parse_list_page,
                                 cb_kwargs={"cms": column["cms"], "first": True})  # fmt: skip

    def parse_list_page(self, response: Response, cms: str, first: bool) -> Iterator[scrapy.Request]:
        self.stats_out["list_pages"] += 1
        content_type = response.headers.get(b"Content-Type")
        page = parse_list(cms, response.url, response.body,
                          content_type.decode("latin-1") if content_type else None)  # fmt: skip
        if page.error:
            self.logger.warning("%s: %s", response.url, page.error)
        for item in page.items:
            self.stats_out["detail_requests"] += 1
            yield scrapy.Request(item.url, callback=self.parse_detail)
        if first:  # the crawl worker too takes the further list pages from the first one
            for url in page.remaining_page_urls():
                yield scrapy.Request(url, callback=self.parse_list_page, cb_kwargs={"cms": page.cms,
                                                                                   "first": False})

    def parse_detail(self, response: Response) -> None:
        return None  # fetched is all the benchmark needs; the crawl worker too only hands bytes on


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    config = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    settings = dict(config["settings"])
    settings[STATIC_HOSTS_SETTING] = config["static_hosts"]
    settings["TWISTED_DNS_RESOLVER"] = f"{StaticResolver.__module__}.StaticResolver"
    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler(ColumnSpider)
    process.crawl(crawler, columns=config["columns"])
    process.start()
    spider = crawler.spider
    result = dict(spider.stats_out) if isinstance(spider, ColumnSpider) else {}
    stats = crawler.stats.get_stats() if crawler.stats else {}
    result["scrapy_stats"] = {key: value for key, value in stats.items()
                              if isinstance(value, int | float) and not isinstance(value, bool)}
    print(json.dumps(result, default=str))
    return 0 if "closed" in result else 1


if __name__ == "__main__":
    raise SystemExit(main())
