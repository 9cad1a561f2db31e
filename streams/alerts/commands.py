"""`fazhi alerts check [FILE]` and `fazhi alerts test FILE`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime

from schemas import DocumentKind, Region, ReportFacts, SourceKind, Verdict
from schemas.events import ReportEvent
from schemas.subscriptions import Subscription, SubscriptionsFile
from streams import clock
from streams.alerts._channels import redact

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2


def register(sub: argparse._SubParsersAction) -> None:
    alerts = sub.add_parser("alerts", help="alert subscriptions: check a file, send a test alert")
    alerts_sub = alerts.add_subparsers(dest="alerts_command", required=True)

    check = alerts_sub.add_parser(
        "check", help="validate a subscriptions file and list its subscriptions",
        description="Validate a subscriptions file (default: FAZHI_SUBSCRIPTIONS_FILE, else "
                    "<FAZHI_DATA_DIR>/subscriptions.yaml); exit 2 when it is invalid.",
    )  # fmt: skip
    check.add_argument("file", nargs="?", metavar="FILE", help="subscriptions YAML")
    check.set_defaults(func=cmd_check)

    test = alerts_sub.add_parser(
        "test", help="send a test alert to every channel of a subscriptions file",
        description="Send one test alert through every channel of every enabled subscription, "
                    "with the configured retries; exit 1 when a channel did not accept it.",
    )  # fmt: skip
    test.add_argument("file", metavar="FILE", help="subscriptions YAML")
    test.add_argument("--subscription", metavar="NAME", help="only this subscription")
    test.set_defaults(func=cmd_test)


def _load(path: str | None) -> tuple[str, SubscriptionsFile] | None:
    from streams.alerts.subscriptions import SubscriptionsError, load_subscriptions
    from streams.settings import get_settings

    if path is None:
        path = str(get_settings().subscriptions_file)
    try:
        return path, load_subscriptions(path)
    except SubscriptionsError as exc:
        print(f"fazhi alerts: {exc}", file=sys.stderr)
        return None


def cmd_check(args: argparse.Namespace) -> int:
    loaded = _load(args.file)
    if loaded is None:
        return EXIT_CONFIG
    path, subscriptions = loaded
    print(f"{path}: {len(subscriptions.subscriptions)} subscription(s), valid")
    for subscription in subscriptions.subscriptions:
        print(describe(subscription))
    return EXIT_OK


def describe(subscription: Subscription) -> str:
    """A few lines per subscription: its filters in words and its channels (secrets hidden)."""
    f = subscription.filters
    parts = [
        ("provinces", f.provinces),
        ("region codes", [f"{c}*" for c in f.region_codes]),
        ("levels", [str(x) for x in f.levels]),
        ("issuer kinds", [str(x) for x in f.issuer_kinds]),
        ("title keywords", f.title_keywords),
    ]
    conditions = [f"{name}: {', '.join(values)}" for name, values in parts if values]
    state = "" if subscription.enabled else " (disabled)"
    lines = [f"- {subscription.name}{state}: {'/'.join(f.kinds)} reports"
             + (f" where {'; '.join(conditions)}" if conditions else " (all)")]  # fmt: skip
    if subscription.digest != "off" or subscription.quiet_hours:
        held = [f"digest {subscription.digest}"] if subscription.digest != "off" else []
        held += [f"quiet hours {subscription.quiet_hours} (Beijing)"] if subscription.quiet_hours else []
        lines.append(f"    held: {', '.join(held)}")
    lines += [f"    -> {redact(url)}" for url in subscription.channels]
    return "\n".join(lines)


def sample_report(now: datetime | None = None) -> ReportEvent:
    """A made-up report event, clearly marked as a test, for `fazhi alerts test`."""
    now = now or clock.now()
    url = "https://www.example.gov.cn/fazhi-watch-test"
    return ReportEvent(
        event_id="test-" + now.strftime("%Y%m%d%H%M%S"),
        report_id="fazhi-watch-test",
        kind="new",
        content_hash="test",
        url=url,
        source_urls=[url],
        canonical_url=url,
        fetched_at=now,
        analyzed_at=now,
        title="测试提醒：示例市2023年法治政府建设年度报告 (fazhi-watch test alert)",
        verdict=Verdict(is_report=True, kind=DocumentKind.annual_report, confidence=1.0,
                        source_kind=SourceKind.own_portal),
        facts=ReportFacts(issuer="示例市人民政府", report_year=now.year - 1,
                          region=Region(province="示例省", prefecture="示例市")),
    )


def cmd_test(args: argparse.Namespace) -> int:
    from streams.alerts.delivery import Notifier, build_alert
    from streams.settings import get_settings

    loaded = _load(args.file)
    if loaded is None:
        return EXIT_CONFIG
    _, subscriptions = loaded
    chosen = [s for s in subscriptions.subscriptions if s.enabled]
    if args.subscription:
        chosen = [s for s in subscriptions.subscriptions if s.name == args.subscription]
        if not chosen:
            print(f"fazhi alerts: no subscription named {args.subscription!r}", file=sys.stderr)
            return EXIT_CONFIG
    if not chosen:
        print("fazhi alerts: no enabled subscription to test", file=sys.stderr)
        return EXIT_CONFIG
    report = sample_report()
    notifier = Notifier.from_settings(get_settings())

    async def send_all() -> list:
        return await asyncio.gather(*(notifier.deliver_alert(build_alert(s, report), s.channels, report)
                                      for s in chosen))  # fmt: skip

    failed = 0
    for alert in asyncio.run(send_all()):
        if alert.delivered:
            print(f"{alert.subscription}: delivered ({alert.attempts} tries)")
        else:
            failed += 1
            print(f"{alert.subscription}: NOT delivered after {alert.attempts} tries: {alert.last_error}")
    return EXIT_FAILED if failed else EXIT_OK
