"""Route a message a stage could not handle to ``fazhi.deadletter``, with its original bytes.

Faust acks a message whose handler raised, so an agent that let an exception escape would lose
the message silently (and stop). Every agent therefore catches per message and calls
`send_dead_letter`; the event id is deterministic (stage + origin + payload), so a replay of the
same poison message upserts instead of piling up.
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING, Any

from schemas.events import DeadLetter, stable_id
from streams.clock import now
from streams.codec import ModelCodec

if TYPE_CHECKING:
    from streams.topics import Topics

log = logging.getLogger(__name__)

DEAD_LETTER_CODEC = ModelCodec(DeadLetter)
_MAX_MESSAGE_CHARS = 2000  # a traceback-sized message is enough; the payload carries the rest
# Payloads kept whole up to this size. Beyond it (an oversize page) the dead letter would itself
# exceed the broker's message limit once base64-encoded, so only the head of the payload is kept.
DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024


def build_dead_letter(
    *,
    stage: str,
    error: BaseException | str,
    payload: bytes | None,
    key: bytes | None = None,
    topic: str | None = None,
    partition: int | None = None,
    offset: int | None = None,
    max_payload_bytes: int = DEFAULT_MAX_PAYLOAD_BYTES,
) -> DeadLetter:
    """A `DeadLetter` for `payload`; `error` is the exception (or an error type name).

    A payload over `max_payload_bytes` is truncated to that size, and the message says so.
    """
    if isinstance(error, BaseException):
        error_type, message = type(error).__name__, str(error) or type(error).__name__
    else:
        error_type, message = error, error
    body = payload if isinstance(payload, bytes) else b"" if payload is None else str(payload).encode()
    digest = hashlib.sha256(body).hexdigest()
    if len(body) > max_payload_bytes:
        message = f"{message} (payload truncated to its first {max_payload_bytes} of {len(body)} bytes)"
        body = body[:max_payload_bytes]
    return DeadLetter(
        event_id=stable_id("deadletter", stage, topic, partition, offset, digest),
        stage=stage,
        error_type=error_type,
        message=message[:_MAX_MESSAGE_CHARS],
        topic=topic,
        partition=partition,
        offset=offset,
        key=key if isinstance(key, bytes) or key is None else str(key).encode(),
        payload=body,
        failed_at=now(),
    )


async def send_dead_letter(
    topics: Topics,
    *,
    stage: str,
    error: BaseException | str,
    payload: bytes | None,
    key: bytes | None = None,
    event: Any = None,
    max_payload_bytes: int = DEFAULT_MAX_PAYLOAD_BYTES,
) -> DeadLetter:
    """Send one dead letter; `event` (a Faust `EventT`) supplies topic, partition, offset and key."""
    topic = partition = offset = None
    message = getattr(event, "message", None)
    if message is not None:
        topic, partition, offset = message.topic, message.partition, message.offset
        if key is None:
            key = message.key
    letter = build_dead_letter(stage=stage, error=error, payload=payload, key=key, topic=topic,
                               partition=partition, offset=offset,
                               max_payload_bytes=max_payload_bytes)  # fmt: skip
    log.warning("dead letter from %s: %s: %s (%s[%s]@%s)", stage, letter.error_type, letter.message,
                topic, partition, offset)  # fmt: skip
    await topics.deadletter.send(key=letter.key, value=DEAD_LETTER_CODEC.dumps(letter))
    return letter
