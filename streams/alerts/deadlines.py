"""Deadline alerts (pure): ``overdue`` for an expected issuer without a report once its deadline
passed, ``late`` for a report published after it. No I/O: `streams.alerts.deadline_watch` feeds
these functions the coverage rows and sends what they return.

Both are built from coverage rows (`streams.coverage`), so "expected" and "late" mean exactly what
``fazhi coverage`` shows. Ids are deterministic — (subscription, kind, issuer's code and name,
year) — so an issuer is alerted overdue once per year and subscription however often it is checked.
Only overdue alerts say 逾期; a late one says 晚于期限 (a subscriber filtering on 逾期 gets the
missing reports, nothing else).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from schemas.coverage import CoverageRow
from schemas.events import AlertEvent, stable_id
from schemas.reports import Level
from schemas.subscriptions import Subscription, SubscriptionFilters
from streams.alerts.delivery import AlertMessage
from streams.alerts.subscriptions import province_key

__all__ = ["DEADLINE_KINDS", "issuer_in_scope", "late_alert", "overdue_alert", "pending_alerts",
           "render_deadline_message", "row_in_scope"]  # fmt: skip

DEADLINE_KINDS = ("overdue", "late")
_GOVERNMENT_KINDS = {"government", "party_and_government"}


def row_in_scope(row: CoverageRow, filters: SubscriptionFilters) -> bool:
    """Whether an expected issuer's row is in a subscription's scope (its place, level, kind filters)."""
    return issuer_in_scope(row.region_code, row.province, row.level, row.issuer_kind, filters)


def issuer_in_scope(region_code: str, province: str | None, level: Level, kind: str,
                    filters: SubscriptionFilters) -> bool:  # fmt: skip
    """Whether an expected issuer (code, province, level, government or department) is in the scope."""
    if filters.provinces and province_key(province) not in {province_key(p) for p in filters.provinces}:
        return False
    if filters.region_codes and not any(region_code.startswith(p) for p in filters.region_codes):
        return False
    if filters.levels and level not in filters.levels:
        return False
    if filters.issuer_kinds:
        kinds = {kind.value for kind in filters.issuer_kinds}
        wanted = bool(kinds & _GOVERNMENT_KINDS) if kind == "government" else "department" in kinds
        if not wanted:
            return False
    return True


def overdue_alert(subscription: Subscription, row: CoverageRow, now: datetime) -> AlertEvent:
    return AlertEvent(
        event_id=stable_id("alert", subscription.name, "overdue", row.region_code, row.issuer,
                           row.report_year),
        subscription=subscription.name, kind="overdue", issuer=row.issuer, region_code=row.region_code,
        report_year=row.report_year, title=f"{row.issuer}{row.report_year}年度法治政府建设年度报告逾期未发布",
        created_at=now,
    )  # fmt: skip


def late_alert(subscription: Subscription, row: CoverageRow, now: datetime) -> AlertEvent:
    return AlertEvent(
        event_id=stable_id("alert", subscription.name, "late", row.report_id),
        subscription=subscription.name, report_id=row.report_id, kind="late", issuer=row.issuer,
        url=row.url, region_code=row.region_code, report_year=row.report_year,
        title=f"{row.issuer}{row.report_year}年度法治政府建设年度报告晚于期限发布", created_at=now,
    )  # fmt: skip


def render_deadline_message(alert: AlertEvent, row: CoverageRow) -> AlertMessage:
    """Title and body of an overdue or late alert (plain text, readable in every channel)."""
    place = " ".join(dict.fromkeys(x for x in (row.province, row.prefecture) if x))
    lines = [f"发布机关: {row.issuer}", f"地区: {place or '-'} ({row.region_code})",
             f"年度: {row.report_year}", f"期限: {row.deadline.isoformat()}"]  # fmt: skip
    if alert.kind == "overdue":
        title = f"[法治政府报告·逾期未发布] {row.issuer} {row.report_year}年度"
        lines.append(f"状态: 期限已过 {row.days_late} 天，尚未发现报告")
    else:
        title = f"[法治政府报告·晚于期限发布] {row.issuer} {row.report_year}年度"
        lines += [f"发布日期: {row.published.isoformat() if row.published else '-'}",
                  f"晚于期限: {row.days_late} 天", f"链接: {row.url or '-'}"]  # fmt: skip
    lines += [f"类型: {alert.kind}", f"订阅: {alert.subscription}", f"alert_id: {alert.event_id}"]
    return AlertMessage(title=title, body="\n".join(lines))


def pending_alerts(subscription: Subscription, rows: Iterable[CoverageRow], now: datetime, *,
                   overdue: bool) -> list[tuple[AlertEvent, AlertMessage]]:  # fmt: skip
    """The deadline alerts `rows` give for `subscription`.

    `overdue` says whether missing reports may be called overdue yet (the crawl has completed a
    full pass of the columns in scope since the watch started); late reports may always be.
    """
    if not subscription.enabled:
        return []
    kinds = set(subscription.filters.kinds)
    out = []
    for row in rows:
        if not row_in_scope(row, subscription.filters):
            continue
        if row.status == "missing" and overdue and "overdue" in kinds and row.on_time is False:
            alert = overdue_alert(subscription, row, now)
        elif row.status == "found" and row.on_time is False and "late" in kinds:
            alert = late_alert(subscription, row, now)
        else:
            continue
        out.append((alert, render_deadline_message(alert, row)))
    return out
