"""The worker's logs: plain lines, or JSON lines (``FAZHI_LOG_FORMAT=json``) carrying what a record is about.

Every record gets three fields, ``portal``, ``url`` and ``page_id`` (None where not known), from
context variables an agent sets once per message it handles::

    async for event in stream.events():
        log_context(portal=page.portal_id, url=page.url, page_id=page.event_id)
        ...                                   # every record logged from here on carries them

`log_context` binds the fields for the rest of the current asyncio task (and the tasks it starts,
which copy the context): the next message's call replaces all three, so nothing stale leaks
from one message to the next. Used as ``with log_context(...):`` it restores the previous values
on exit. A `logging.Filter` (`LogContextFilter`, installed on the root handler by
`configure_logging`) copies them onto each record, so code that logs does not pass them.

``page_id`` is the id of the page's event in hand: the `RawPage` event id in the crawl and process
roles, the `DocumentEvent` id in the store role, the report id for report events and their alerts.
"""

from __future__ import annotations

import contextvars
import logging
import sys
from types import TracebackType
from typing import Literal

from pythonjsonlogger.json import JsonFormatter

__all__ = ["LOG_FIELDS", "LogContextFilter", "configure_logging", "current_log_context", "log_context"]

LOG_FIELDS = ("portal", "url", "page_id")
_PORTAL: contextvars.ContextVar[str | None] = contextvars.ContextVar("fazhi_log_portal", default=None)
_URL: contextvars.ContextVar[str | None] = contextvars.ContextVar("fazhi_log_url", default=None)
_PAGE_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("fazhi_log_page_id", default=None)
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class log_context:  # lower case: used like a function, `log_context(url=...)` or `with log_context(...):`
    """Bind `portal`, `url` and `page_id` for the log records of the current task (all three replaced)."""

    __slots__ = ("_tokens",)

    def __init__(self, *, portal: str | None = None, url: str | None = None, page_id: str | None = None):
        self._tokens = (_PORTAL.set(portal), _URL.set(url), _PAGE_ID.set(page_id))

    def __enter__(self) -> log_context:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:  # fmt: skip
        for variable, token in zip((_PORTAL, _URL, _PAGE_ID), self._tokens, strict=True):
            variable.reset(token)


def current_log_context() -> dict[str, str | None]:
    """The fields bound in this context (what the next record would carry)."""
    return {"portal": _PORTAL.get(), "url": _URL.get(), "page_id": _PAGE_ID.get()}


class LogContextFilter(logging.Filter):
    """Adds ``portal``, ``url`` and ``page_id`` from the context to every record (never drops one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in current_log_context().items():
            if not hasattr(record, name):  # a value passed with `extra=` wins
                setattr(record, name, value)
        return True


def _text_formatter() -> logging.Formatter:
    class ContextText(logging.Formatter):
        """The plain format, with `url` (and `page_id`) appended where known: greppable, still short."""

        def format(self, record: logging.LogRecord) -> str:
            line = super().format(record)
            extras = " ".join(f"{name}={getattr(record, name)}" for name in LOG_FIELDS
                              if getattr(record, name, None))  # fmt: skip
            return f"{line} [{extras}]" if extras else line

    return ContextText(TEXT_FORMAT)


def configure_logging(level: int | str = logging.INFO, log_format: Literal["text", "json"] = "text") -> None:
    """One handler on the root logger, to stderr, in the format asked, with the context fields.

    Replaces handlers set before (a second call reconfigures instead of doubling every line).
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(LogContextFilter())
    if log_format == "json":
        handler.setFormatter(JsonFormatter(
            "{levelname}{name}{message}{portal}{url}{page_id}", style="{",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",  # ISO 8601, UTC
        ))  # fmt: skip
    else:
        handler.setFormatter(_text_formatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper() if isinstance(level, str) else level)
