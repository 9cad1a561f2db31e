"""The app's Kafka clients: Faust's, with the fetch wait and producer linger from our settings."""

from __future__ import annotations

import asyncio
from pathlib import Path

from streams._transport import FazhiTransport
from streams.app import create_app
from streams.settings import Settings


def test_the_worker_consumer_waits_as_configured(tmp_path: Path) -> None:
    settings = Settings(broker_url="kafka://127.0.0.1:9", data_dir=tmp_path, consumer_fetch_max_wait_ms=250,
                        producer_linger_ms=7)  # fmt: skip
    app, _topics = create_app(settings, ["process"], broker_url=settings.broker_url)
    assert isinstance(app.transport, FazhiTransport)
    assert app.consumer.transport is app.transport  # the consumer the worker starts uses it
    assert app.conf.producer_linger == 0.007  # and the producer batches as configured

    async def built() -> tuple[int, str | None]:
        # What the consumer thread creates when the worker starts (nothing connects before start()).
        consumer = app.consumer._thread._create_worker_consumer(app.transport)
        try:
            return consumer._fetch_max_wait_ms, consumer._group_id
        finally:
            await consumer.stop()

    wait_ms, group = asyncio.run(built())
    assert wait_ms == 250  # Faust alone would pass 1500
    assert group == app.conf.id  # the rest of Faust's configuration is untouched

