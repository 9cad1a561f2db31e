"""Faust's aiokafka transport with the consumer's fetch wait taken from our settings.

Faust (faust-streaming 0.15) builds its worker consumer with a hard-coded
``fetch_max_wait_ms=1500``: a fetch that finds no new data is held that long by the broker. On a
busy Kafka cluster data usually arrives first; on the embedded broker (Tansu), which holds a
fetch for about half its max wait even when data arrives sooner, it adds ~0.75 s per hop, and the
pipeline has several hops. `FazhiTransport` is the stock transport with a consumer whose thread
applies ``FAZHI_CONSUMER_FETCH_MAX_WAIT_MS`` instead; `create_app` installs it through the app's
public ``transport`` setter, so nothing in Faust or aiokafka is patched globally.
"""

from __future__ import annotations

from typing import Any, ClassVar

import aiokafka
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import AppT


class _FetchWaitConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
    """The stock consumer thread; the aiokafka consumer it builds waits `fetch_max_wait_ms` at most."""

    def _create_worker_consumer(self, transport: faust_aiokafka.Transport) -> aiokafka.AIOKafkaConsumer:
        consumer = super()._create_worker_consumer(transport)
        wait_ms = getattr(transport, "fetch_max_wait_ms", None)
        if wait_ms is not None:
            # The constructor argument, stored until `start()` builds the fetcher with it. Faust
            # passes a literal for it, so the instance is adjusted before it starts; the attribute
            # is checked so an aiokafka upgrade that renames it fails loudly instead of silently.
            if not hasattr(consumer, "_fetch_max_wait_ms"):
                raise RuntimeError(
                    f"aiokafka {aiokafka.__version__}: AIOKafkaConsumer has no _fetch_max_wait_ms; "
                    "FAZHI_CONSUMER_FETCH_MAX_WAIT_MS cannot be applied"
                )
            consumer._fetch_max_wait_ms = wait_ms
        return consumer


class _FetchWaitConsumer(faust_aiokafka.Consumer):
    def _new_consumer_thread(self) -> _FetchWaitConsumerThread:
        return _FetchWaitConsumerThread(self, loop=self.loop, beacon=self.beacon)


class FazhiTransport(faust_aiokafka.Transport):
    """Faust's aiokafka transport whose worker consumer uses `fetch_max_wait_ms`."""

    Consumer: ClassVar[Any] = _FetchWaitConsumer

    def __init__(self, url: list[Any], app: AppT, *, fetch_max_wait_ms: int) -> None:
        super().__init__(url, app)
        self.fetch_max_wait_ms = fetch_max_wait_ms


def install(app: AppT, fetch_max_wait_ms: int) -> FazhiTransport:
    """Give `app` our consumer transport; call before anything uses ``app.transport`` (topics do)."""
    transport = FazhiTransport(app.conf.broker_consumer, app, fetch_max_wait_ms=fetch_max_wait_ms)
    app.transport = transport
    return transport
