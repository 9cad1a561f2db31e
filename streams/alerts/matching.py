"""Which subscriptions a report event fires: pure functions, no I/O.

A subscription fires when it is enabled, the event kind is one it asks for (``sighting`` never
fires: the report is already known) and every filter it sets holds. Within one filter the values
are alternatives. A filter on a field the report lacks (no province found, no title) does not
hold: an alert for "Guangdong" must not fire on a report of unknown place.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from schemas.events import ReportEvent
from schemas.subscriptions import Subscription, SubscriptionFilters
from streams.alerts.subscriptions import province_key

__all__ = ["ALERT_KINDS", "matches", "matching_subscriptions"]

ALERT_KINDS = ("new", "revised")


def matching_subscriptions(report: ReportEvent, subscriptions: Iterable[Subscription]) -> list[Subscription]:
    """The subscriptions `report` fires, in file order."""
    if report.kind not in ALERT_KINDS:
        return []
    return [s for s in subscriptions if s.enabled and matches(report, s.filters)]


def matches(report: ReportEvent, filters: SubscriptionFilters) -> bool:
    facts = report.facts
    if report.kind not in filters.kinds:
        return False
    if filters.provinces:
        province = province_key(facts.region.province)
        if province is None or province not in {province_key(p) for p in filters.provinces}:
            return False
    if filters.region_codes:
        code = facts.region.code
        if not code or not any(code.startswith(prefix) for prefix in filters.region_codes):
            return False
    if filters.levels and facts.level not in filters.levels:
        return False
    if filters.issuer_kinds and facts.issuer_kind not in filters.issuer_kinds:
        return False
    if filters.title_keywords:
        title = _fold(report.title or "")
        if not title or not any(_fold(keyword) in title for keyword in filters.title_keywords):
            return False
    return True


def _fold(text: str) -> str:
    # Full-width letters and digits as half-width, case ignored: "２０２３" finds "2023".
    return unicodedata.normalize("NFKC", text).casefold()
