"""SSRF: only http(s), no private targets (after DNS, on every redirect), pinned to the checked address."""

from __future__ import annotations

import asyncio
import ipaddress
import ssl
from collections.abc import Callable, Iterator

import httpx
import pytest
import trustme

from crawlers.fetcher import Fetcher, FetchResult
from crawlers.outcomes import Outcome
from crawlers.safety import (
    IPAddress,
    ResolutionError,
    Resolver,
    StaticHostsResolver,
    UnsafeTarget,
    check_url,
    checked_address,
    pin,
    refusal,
)
from schemas.registry import Portal
from streams.settings import Settings

from .conftest import HOSTS, LocalServer

# Names that look public; the tests' resolvers say where they point.
PUBLIC = "www.public-portal.gov.cn"
REBOUND = "sft.rebinding.gov.cn"
A_PUBLIC_ADDRESS = "93.184.215.14"


class LoopbackTransport(httpx.AsyncBaseTransport):
    """Sends every request to the local server, whatever address it was pinned to; records what it saw.

    Stands in for the internet: lets a name resolving to a public address reach the test server.
    """

    def __init__(self, port: int, seen: list[tuple[str, str, str | None]]) -> None:
        self._port = port
        self._inner = httpx.AsyncHTTPTransport()
        self.seen = seen

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.url.host, request.headers["host"], request.extensions.get("sni_hostname")))
        request.url = request.url.copy_with(host="127.0.0.1", port=self._port)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


class FlippingResolver:
    """A DNS answer that changes: public first, loopback afterwards (a rebinding attack)."""

    def __init__(self) -> None:
        self.calls = 0

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        self.calls += 1
        return [ipaddress.ip_address(A_PUBLIC_ADDRESS if self.calls == 1 else "127.0.0.1")]


def fetch(settings: Settings, urls: list[str], portal: Portal, *, resolver: Resolver | None = None,
          transport_factory: Callable[[str | None], httpx.AsyncBaseTransport] | None = None,
          ) -> list[FetchResult]:  # fmt: skip
    async def scenario() -> list[FetchResult]:
        async with Fetcher(settings, resolver=resolver, transport_factory=transport_factory) as fetcher:
            return [await fetcher.fetch(url, portal=portal) for url in urls]

    return asyncio.run(scenario())


def test_public_looking_name_on_a_private_address_is_refused(server: LocalServer, settings_for: Callable,
                                                             portal_for: Callable) -> None:
    server.page(PUBLIC, "/tzgg/", "<html>internal</html>")
    settings = settings_for(crawl_static_hosts={PUBLIC: "127.0.0.1", "intranet.gov.cn": "10.1.2.3"})
    closed = portal_for(allow_private=False, host=PUBLIC)
    results = fetch(settings, [server.url(PUBLIC, "/tzgg/"), "http://intranet.gov.cn/",
                               f"http://127.0.0.1:{server.port}/tzgg/", "http://[::1]/", "http://169.254.169.254/"],
                    closed)
    assert [r.outcome for r in results] == [Outcome.invalid] * 5
    assert "127.0.0.1: loopback address refused" in (results[0].error or "")
    assert "10.1.2.3: private address refused" in (results[1].error or "")
    assert server.hits == []  # nothing reached the server, not even robots.txt
    # The same name is fine for a portal that allows private addresses (the demo), except link-local.
    opened = fetch(settings, [server.url(PUBLIC, "/tzgg/"), "http://169.254.169.254/latest/meta-data/"],
                   portal_for(allow_private=True, host=PUBLIC))
    assert opened[0].outcome is Outcome.ok
    assert opened[1].outcome is Outcome.invalid and "link-local" in (opened[1].error or "")


def test_only_http_and_https(settings_for: Callable, portal_for: Callable) -> None:
    urls = ["file:///etc/passwd", "ftp://ftp.example.gov.cn/x", "gopher://h/", "javascript:alert(1)",
            "/relative/only", "http://"]
    results = fetch(settings_for(), urls, portal_for())
    assert [r.outcome for r in results] == [Outcome.invalid] * len(urls)
    assert "'file' is not http or https" in (results[0].error or "")
    assert all(r.error for r in results)


def test_redirect_to_a_private_address_is_refused(server: LocalServer, settings_for: Callable,
                                                  portal_for: Callable) -> None:
    server.page(PUBLIC, "/to-internal", b"", status=302, headers={"Location": "http://admin.internal.test/"})
    server.page(PUBLIC, "/to-loopback", b"", status=301,
                headers={"Location": f"http://127.0.0.1:{server.port}/secret"})
    server.page(PUBLIC, "/to-file", b"", status=302, headers={"Location": "file:///etc/passwd"})
    server.page(PUBLIC, "/fine", b"", status=302, headers={"Location": "/landing"})
    server.page(PUBLIC, "/landing", "<html>public page</html>")
    settings = settings_for(crawl_static_hosts={PUBLIC: A_PUBLIC_ADDRESS, "admin.internal.test": "127.0.0.1"})
    seen: list[tuple[str, str, str | None]] = []
    urls = [f"http://{PUBLIC}/{path}" for path in ("to-internal", "to-loopback", "to-file", "fine")]
    internal, loopback, to_file, fine = fetch(
        settings, urls, portal_for(allow_private=False, host=PUBLIC),
        transport_factory=lambda _: LoopbackTransport(server.port, seen))
    assert internal.outcome is Outcome.invalid
    assert "admin.internal.test resolves to 127.0.0.1" in (internal.error or "")
    assert internal.final_url == "http://admin.internal.test/"
    assert loopback.outcome is Outcome.invalid and "loopback" in (loopback.error or "")
    assert to_file.outcome is Outcome.invalid and "'file'" in (to_file.error or "")
    assert fine.outcome is Outcome.ok and fine.final_url == f"http://{PUBLIC}/landing"
    assert {hit.host for hit in server.hits} == {PUBLIC}
    assert not any(hit.path == "/secret" for hit in server.hits)
    # Every request left pinned to the checked address, named by its Host header.
    assert {(seen_host, header) for seen_host, header, _ in seen} == {(A_PUBLIC_ADDRESS, PUBLIC)}


def test_dns_rebinding_cannot_move_the_connection(server: LocalServer, settings_for: Callable,
                                                  portal_for: Callable) -> None:
    server.page(REBOUND, "/page", "<html>public</html>")
    resolver = FlippingResolver()
    seen: list[tuple[str, str, str | None]] = []
    [result] = fetch(settings_for(), [f"http://{REBOUND}/page"],
                     portal_for(allow_private=False, host=REBOUND),
                     resolver=resolver, transport_factory=lambda _: LoopbackTransport(server.port, seen))
    # Each request resolves once and connects to exactly the address it checked: robots.txt got
    # the public answer and went there; the page got the loopback answer and was refused before
    # any connection. No request was sent by name, for the network to resolve again.
    assert result.outcome is Outcome.invalid and "127.0.0.1" in (result.error or "")
    assert [hit.path for hit in server.hits] == ["/robots.txt"]
    assert seen == [(A_PUBLIC_ADDRESS, REBOUND, None)] and resolver.calls == 2


@pytest.fixture
def tls_server() -> Iterator[tuple[LocalServer, trustme.CA]]:
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(HOSTS[0]).configure_cert(context)
    local = LocalServer(ssl_context=context).start()
    yield local, ca
    local.stop()


def test_https_is_pinned_and_still_verifies_the_name(tls_server: tuple[LocalServer, trustme.CA],
                                                     settings_for: Callable, portal_for: Callable) -> None:
    server, ca = tls_server
    server.page(HOSTS[0], "/secure", "<html>tls</html>")
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    settings = settings_for(crawl_static_hosts={HOSTS[0]: "127.0.0.1", "wrong-name.test": "127.0.0.1"})
    urls = [server.url(HOSTS[0], "/secure"), f"https://wrong-name.test:{server.port}/"]
    secure, wrong = fetch(settings, urls, portal_for(),
                          transport_factory=lambda _: httpx.AsyncHTTPTransport(verify=client_context))
    # The connection went to 127.0.0.1, yet the certificate was checked against the host name (SNI).
    assert secure.outcome is Outcome.ok and secure.body == b"<html>tls</html>"
    # A certificate that does not name the host fails, pinned or not.
    assert wrong.outcome is Outcome.http_error and "CERTIFICATE_VERIFY_FAILED" in (wrong.error or "")


def test_refusal_categories() -> None:
    def reason(text: str) -> tuple[str, bool] | None:
        return refusal(ipaddress.ip_address(text))

    assert reason("93.184.215.14") is None and reason("2606:4700::1111") is None
    assert reason("127.0.0.1") == ("loopback address", False)
    assert reason("10.0.0.1") == ("private address", False) and reason("192.168.1.1")[1] is False
    assert reason("100.64.0.1") == ("address not globally routable", False)  # carrier-grade NAT
    assert reason("169.254.169.254") == ("link-local address", True)
    assert reason("0.0.0.0") == ("unspecified address", True) and reason("::")[1] is True
    assert reason("224.0.0.1")[1] is True and reason("ff02::1")[1] is True
    assert reason("240.0.0.1") is not None
    assert reason("::ffff:127.0.0.1")[0].startswith("loopback address (embedded in")
    assert reason("::ffff:93.184.215.14") is None
    assert reason("fc00::1")[0] == "private address" and reason("fe80::1")[1] is True


def test_checks_without_a_network() -> None:
    resolver = StaticHostsResolver({"Www.Mixed.Test.": "93.184.215.14"})

    async def scenario() -> None:
        url = check_url("https://www.mixed.test:8443/a?b=1")
        address = await checked_address(url, resolver, allow_private=False)
        assert str(address) == "93.184.215.14"
        pinned, headers, extensions = pin(url, address)
        assert str(pinned) == "https://93.184.215.14:8443/a?b=1"
        assert headers == {"Host": "www.mixed.test:8443"} and extensions == {"sni_hostname": "www.mixed.test"}
        with pytest.raises(ResolutionError):
            await checked_address(check_url("http://elsewhere.test/"), resolver, allow_private=False)

    asyncio.run(scenario())
    with pytest.raises(UnsafeTarget, match="no host"):
        check_url("http:///path")
    six, _, _ = pin(check_url("http://h.test/x"), ipaddress.ip_address("2606:4700::1111"))
    assert str(six) == "http://[2606:4700::1111]/x"


def test_a_name_with_any_private_answer_is_refused() -> None:
    class Mixed:
        async def resolve(self, host: str, port: int) -> list[IPAddress]:
            return [ipaddress.ip_address("93.184.215.14"), ipaddress.ip_address("10.0.0.8")]

    async def scenario() -> None:
        with pytest.raises(UnsafeTarget, match=r"10\.0\.0\.8: private address"):
            await checked_address(check_url("http://mixed.test/"), Mixed(), allow_private=False)
        assert str(await checked_address(check_url("http://mixed.test/"), Mixed(), allow_private=True)) == \
            "93.184.215.14"

    asyncio.run(scenario())


def test_static_hosts_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    from crawlers.safety import default_resolver
    from streams.settings import Settings

    monkeypatch.setenv("FAZHI_CRAWL_STATIC_HOSTS", '{"WWW.Hanweb-Demo.test": "127.0.0.1", "v6.test": "::1"}')
    settings = Settings()
    assert settings.crawl_static_hosts == {"www.hanweb-demo.test": "127.0.0.1", "v6.test": "::1"}
    resolver = default_resolver(settings.crawl_static_hosts)
    assert [str(a) for a in asyncio.run(resolver.resolve("www.hanweb-demo.test.", 80))] == ["127.0.0.1"]
    monkeypatch.setenv("FAZHI_CRAWL_STATIC_HOSTS", '{"bad.test": "not-an-ip"}')
    with pytest.raises(ValidationError, match="not an IP address"):
        Settings()


def test_a_portal_proxy_carries_the_request(server: LocalServer, settings_for: Callable,
                                            portal_for: Callable) -> None:
    # The local server plays the forward proxy and the site; the name points at an address no
    # request could reach directly (TEST-NET-1), so only the proxy can have delivered it.
    server.page("www.behind-proxy.test", "/p", "<html>via proxy</html>")
    settings = settings_for(crawl_static_hosts={"www.behind-proxy.test": "192.0.2.1"},
                            crawl_connect_timeout=0.5)
    portal = portal_for(host="www.behind-proxy.test").model_copy(
        update={"proxy": f"http://127.0.0.1:{server.port}"})
    [result] = fetch(settings, ["http://www.behind-proxy.test/p"], portal)
    assert result.outcome is Outcome.ok and result.body == b"<html>via proxy</html>"
    assert [hit.path for hit in server.hits_of("www.behind-proxy.test")] == ["/robots.txt", "/p"]
