"""A real local HTTP webhook server for the alert tests (Apprise `json://` posts to it)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from schemas import DocumentKind, Level, Region, ReportFacts, SourceKind, Verdict
from schemas.events import ReportEvent


class Webhook:
    """Records every POST; ``/fail...`` and paths in `failing` answer 500, ``/slow...`` answers after
    3 s, the rest 200."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict]] = []
        self.failing: set[str] = set()
        self._changed = threading.Condition()
        webhook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if self.path.startswith("/slow"):
                    time.sleep(3)
                with webhook._changed:
                    webhook.received.append((self.path, body))
                    webhook._changed.notify_all()
                failing = self.path.startswith("/fail") or self.path in webhook.failing
                self.send_response(500 if failing else 200)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path: str = "/hook") -> str:
        return f"json://127.0.0.1:{self.port}{path}"

    def posts(self, path: str | None = None) -> list[dict]:
        with self._changed:
            return [body for p, body in self.received if path is None or p == path]

    def wait_for(self, count: int, path: str | None = None, timeout: float = 20.0) -> list[dict]:
        """At least `count` posts (to `path`), or an AssertionError naming what arrived."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.posts(path)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{len(self.posts(path))} posts to {path or 'any path'} "
                                         f"within {timeout:g} s, expected {count}: {self.received}")
                self._changed.wait(left)
            return self.posts(path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    server = Webhook()
    yield server
    server.close()


@pytest.fixture
def refused_url() -> str:
    """A JSON webhook URL on a loopback port nothing listens on (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"json://127.0.0.1:{port}/hook"


def make_report(
    kind: str = "new",
    *,
    report_id: str = "rid-guangzhou-2023",
    content_hash: str = "hash-1",
    title: str | None = "广州市2023年法治政府建设年度报告",
    issuer: str | None = "广州市人民政府",
    province: str | None = "广东省",
    prefecture: str | None = "广州市",
    code: str | None = "440100",
    level: Level | None = Level.prefecture,
    issuer_kind: str | None = "government",
    year: int | None = 2023,
    url: str = "https://www.gz.gov.cn/zwgk/fzzfjs/2024/report.html",
) -> ReportEvent:
    now = datetime(2024, 3, 1, tzinfo=UTC)
    return ReportEvent(
        event_id=f"ev-{report_id}-{kind}-{content_hash}",
        report_id=report_id,
        kind=kind,
        content_hash=content_hash,
        url=url,
        source_urls=[url],
        canonical_url=url,
        fetched_at=now,
        analyzed_at=now,
        title=title,
        verdict=Verdict(is_report=True, kind=DocumentKind.annual_report, confidence=0.95,
                        source_kind=SourceKind.own_portal),
        facts=ReportFacts(
            issuer=issuer,
            issuer_kind=issuer_kind,
            region=Region(province=province, prefecture=prefecture, code=code, confidence=0.9),
            level=level,
            report_year=year,
        ),
    )


@pytest.fixture
def report() -> type[ReportEvent] | object:
    """`make_report(kind, **overrides)`: a report event of Guangzhou's 2023 report by default."""
    return make_report
