"""Apprise channels: URL checks, one `Apprise` object per channel, and the `console://` channel.

Apprise has no plugin that prints to the terminal, so `console://` is registered here with
Apprise's own custom-plugin decorator: it then validates, dispatches and reports like any
other channel (and `fazhi demo` shows alerts without a server to receive them).
"""

from __future__ import annotations

import logging
import sys
import threading

import apprise
from apprise.decorators import notify

CONSOLE_SCHEME = "console"
_print_lock = threading.Lock()  # Apprise may dispatch sync plugins from worker threads


@notify(on=CONSOLE_SCHEME, name="Console (standard output)")
def _console(body: str, title: str, *args: object, **kwargs: object) -> bool:
    # sys.stdout looked up per call: the CLI and test harnesses may swap it.
    with _print_lock:
        sys.stdout.write(f"[alert] {title}\n{body}\n\n" if title else f"[alert] {body}\n\n")
        sys.stdout.flush()
    return True


class ChannelError(ValueError):
    """An Apprise URL that Apprise cannot load."""


def load_channel(url: str) -> apprise.Apprise:
    """An `Apprise` object holding exactly this channel; `ChannelError` says why it cannot load."""
    with apprise.LogCapture(level=logging.WARNING) as captured:
        plugin = apprise.Apprise.instantiate(url)
    if plugin is None:
        reasons = [line.split(" - ", 2)[-1].strip() for line in captured.getvalue().splitlines() if line]
        detail = "; ".join(r for r in reasons if r) or "Apprise does not recognise this URL"
        raise ChannelError(f"{_mask(url)}: {detail}")
    channel = apprise.Apprise()
    channel.add(plugin)
    return channel


def redact(url: str) -> str:
    """The URL with credentials and tokens hidden (for logs, errors and alert records)."""
    plugin = apprise.Apprise.instantiate(url) if "://" in url else None
    if plugin is not None:
        return plugin.url(privacy=True).split("?", 1)[0]
    return _mask(url)


def _mask(url: str) -> str:
    # A URL Apprise cannot parse may still hold a token: keep the scheme and a hint only.
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest[:2]}..." if rest else url
