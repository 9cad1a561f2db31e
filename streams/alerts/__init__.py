"""Alert service: subscriptions (YAML), matching, the outbox, delivery through Apprise.

- `load_subscriptions` / `parse_subscriptions`: read and check a subscriptions file;
- `matching_subscriptions`: which subscriptions a report event fires (pure);
- `streams.alerts.outbox.Outbox`: deliveries persisted before they are tried (dedup by alert id
  and channel), drained by a sender with retries and backoff; `Outbox.enqueue` is the way in;
- `Notifier`: one try of an Apprise channel URL (per-try timeout), retries by tenacity;
- `streams.alerts.agent.register`: the Faust agent, sender and retention of the ``alert`` role.
"""

from streams.alerts.delivery import Notifier, RetryPolicy, build_alert, render_message
from streams.alerts.matching import matching_subscriptions
from streams.alerts.subscriptions import SubscriptionsError, load_subscriptions, parse_subscriptions

__all__ = [
    "Notifier",
    "RetryPolicy",
    "SubscriptionsError",
    "build_alert",
    "load_subscriptions",
    "matching_subscriptions",
    "parse_subscriptions",
    "render_message",
]
