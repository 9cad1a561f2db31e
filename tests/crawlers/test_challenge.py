"""Anti-bot challenges: recognised from the rules file, reported, backed off, never retried or bypassed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
import yaml
from pydantic import ValidationError

from crawlers.challenge import RULES_FILE, ChallengeRule, ChallengeRules, Detector, default_detector
from crawlers.fetcher import Fetcher, FetchResult
from crawlers.outcomes import Outcome

from .conftest import HOSTS, LocalServer

HOST = HOSTS[0]
# The shape of a 瑞数 first answer: a near-empty page whose script computes a cookie and reloads.
RUISHU_PAGE = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
               '<meta id="9DhefwqGPrzGxEp9hPaoag" content="x"><script type="text/javascript" '
               'r="m">$_ts=window[\'$_ts\'];if(!$_ts)$_ts=window[\'$_ts\']={};</script>'
               '<script type="text/javascript" src="/chfw8QfnJ7u2/c.FxJzG50F.6a7b3b6.js" r="m"></script>'
               '</head><body></body></html>')
JIASULE_PAGE = "<script>document.cookie=('_')+('_jsl_clearance_s=1');location.href=location.pathname</script>"


def test_challenges_get_their_outcome_and_the_host_is_backed_off(server: LocalServer, settings_for: Callable,
                                                                 portal_for: Callable) -> None:
    server.page(HOST, "/ruishu", RUISHU_PAGE, status=412)
    server.page(HOST, "/jsl", JIASULE_PAGE, status=521, headers={"X-Via-JSL": "a1b2c3,-"})
    server.page(HOST, "/cookie", "<html>content</html>",
                headers={"Set-Cookie": "FSSBBIl1UgzbN7N80S=abc; Path=/; HttpOnly"})
    server.page(HOST, "/plain412", "precondition failed", status=412)
    urls = [server.url(HOST, path) for path in ("/ruishu", "/jsl", "/cookie", "/plain412")]

    async def scenario() -> tuple[list[FetchResult], Fetcher]:
        # A small ceiling on the slow-down keeps the test short; the slow-downs are still counted.
        async with Fetcher(settings_for(crawl_retry_attempts=3, crawl_max_delay=0.2)) as fetcher:
            return [await fetcher.fetch(url, portal=portal_for()) for url in urls], fetcher

    (ruishu, jsl, cookie, plain), fetcher = asyncio.run(scenario())
    assert (ruishu.outcome, ruishu.challenge) == (Outcome.blocked_challenge, "ruishu-js")
    assert (jsl.outcome, jsl.challenge) == (Outcome.blocked_challenge, "jiasule")
    assert (cookie.outcome, cookie.challenge) == (Outcome.blocked_challenge, "ruishu-cookie")
    assert plain.outcome is Outcome.http_error and plain.challenge is None  # 412 without a script
    for result in (ruishu, jsl, cookie):
        assert result.attempts == 1 and "not bypassed" in (result.error or "")
        assert len(server.hits_of(HOST, result.url.split(str(server.port), 1)[1])) == 1  # asked once
    assert fetcher.counts.as_dict()["blocked_challenge"] == 3
    assert fetcher.politeness.slowdowns(HOST) == 3
    # No cookie was kept or sent back.
    assert all("Cookie" not in hit.headers for hit in server.hits)


def test_rules_as_data() -> None:
    detector = default_detector()
    assert detector.detect(202, [], b"<SCRIPT>var a</SCRIPT>") == "ruishu-js"
    assert detector.detect(200, [], b"<script>ordinary page</script>") is None
    assert detector.detect(521, [("x-via-jsl", "x")], b"") == "jiasule"
    assert detector.detect(521, [], JIASULE_PAGE.encode()) is None  # 521 alone is an origin error
    assert detector.detect(200, [("Set-Cookie", "abc80T=1"), ("Set-Cookie", "x=1")], b"") == "ruishu-cookie"
    assert detector.detect(200, [("Set-Cookie", "session=80S")], b"") is None  # the value, not the name
    rules = ChallengeRules.model_validate(yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))).rules
    assert {rule.name for rule in rules} == {"ruishu-js", "ruishu-cookie", "jiasule"}
    custom = Detector([ChallengeRule(name="waf", status=[403], body="(?i)access denied by waf")])
    assert custom.detect(403, [], b"Access Denied by WAF") == "waf"
    with pytest.raises(ValidationError, match="no condition"):
        ChallengeRule(name="empty")
