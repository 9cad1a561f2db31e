"""A Faust table whose changelog writes can be awaited until the broker acknowledged them.

`table[key] = value` hands the changelog write to Faust's producer buffer and forgets it; the
buffer's sender takes it from its queue before handing it to the Kafka client, so neither the
buffer size nor `Producer.flush()` tells when it is safe: a worker killed then loses the write.
An agent whose side effect must not repeat after a crash (an alert delivered) awaits
`AcknowledgedTable.acknowledged()` before it produces anything that says "done".
"""

from __future__ import annotations

import asyncio
from typing import Any

import faust
from faust.types import FutureMessage


class AcknowledgedTable(faust.Table):
    """`faust.Table` that keeps the futures of its changelog writes until they are awaited."""

    def __init__(self, app: faust.App, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._unacknowledged: list[FutureMessage] = []

    @classmethod
    def register(cls, app: faust.App, name: str, **kwargs: Any) -> AcknowledgedTable:
        """Create the table and add it to `app` (what `app.Table` does for `faust.Table`)."""
        return app.tables.add(cls(app, name=name, beacon=app.tables.beacon, **kwargs))

    def send_changelog(self, *args: Any, **kwargs: Any) -> FutureMessage:
        future = super().send_changelog(*args, **kwargs)
        self._unacknowledged.append(future)
        return future

    async def acknowledged(self) -> None:
        """Return once every changelog write made so far is acknowledged; raise if one failed."""
        pending, self._unacknowledged = self._unacknowledged, []
        if pending:
            # The producer starts lazily on the first send: table writes can come before it (an
            # agent's test context), and nothing would take them from the buffer.
            await self.app.maybe_start_producer()
            await asyncio.gather(*pending)
