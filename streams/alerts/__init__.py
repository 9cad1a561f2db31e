"""Alert service: subscriptions (YAML), matching, delivery through Apprise, dedup in a Faust table.

- `load_subscriptions` / `parse_subscriptions`: read and check a subscriptions file;
- `matching_subscriptions`: which subscriptions a report event fires (pure);
- `Notifier`: delivery to Apprise channel URLs with retries, backoff and per-try timeouts;
- `streams.alerts.agent.register`: the Faust agent of the ``alert`` role.
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
