"""Per-host work queues: hosts crawled side by side, one item at a time within a host.

A crawl worker owns many hosts, each paced by its politeness delay. Handling tasks in arrival
order with a fixed number of handlers would let one host's burst of page tasks hold every handler
while that host's delay runs out (head-of-line blocking). Instead every host gets its own FIFO
queue and its own runner task: a host waits for its turn, the others go on. What bounds the
requests in flight across hosts is the fetcher (`FAZHI_CRAWL_CONCURRENCY`), not this queue.

Nothing here is durable: the crawl agent records queued pages in a table before it queues them
here, and queues them again after a restart or a rebalance.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

Work = Callable[[], Coroutine[Any, Any, None]]


@dataclass
class _Item:
    work: Work
    context: contextvars.Context
    keep: object  # what must stay alive while the item waits (the event its context refers to)


@dataclass
class _Host:
    items: OrderedDict[str, _Item] = field(default_factory=OrderedDict)
    running: asyncio.Task[None] | None = None  # the current item's task
    runner: asyncio.Task[None] | None = None
    running_key: str | None = None


class HostQueues:
    """FIFO queues per host, each drained by its own runner; an item's key is queued at most once."""

    def __init__(self) -> None:
        self._hosts: dict[str, _Host] = {}
        self._keys: set[str] = set()  # queued or running, every host
        self._closed = False

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: str) -> bool:
        return key in self._keys

    def hosts(self) -> list[str]:
        return list(self._hosts)

    def put(self, host: str, key: str, work: Work, *, keep: object = None) -> bool:
        """Queue `work` for `host` under `key`; False when the key is queued or running already.

        The work runs in a copy of the caller's context (so it sees what the caller saw, e.g. the
        stream event a table write belongs to); `keep` is held until then.
        """
        if self._closed:
            raise RuntimeError("the host queues are closed")
        state = self._hosts.setdefault(host, _Host())
        if key in self._keys:
            return False
        self._keys.add(key)
        state.items[key] = _Item(work, contextvars.copy_context(), keep)
        if state.runner is None or state.runner.done():
            state.runner = asyncio.create_task(self._drain(host, state), name=f"crawl host {host}")
        return True

    async def _drain(self, host: str, state: _Host) -> None:
        while state.items:
            key, item = state.items.popitem(last=False)
            state.running_key = key
            state.running = asyncio.create_task(item.work(), context=item.context)
            try:
                await asyncio.shield(state.running)
            except asyncio.CancelledError:
                if not state.running.done():
                    raise  # the runner itself was cancelled (close): the item's task goes on
            except Exception:  # the work reports its own failures; this is a bug, logged, not fatal
                log.exception("crawl work %s on %s failed", key, host)
            finally:
                self._keys.discard(key)
                state.running_key, state.running = None, None
        if self._hosts.get(host) is state:
            del self._hosts[host]

    async def drop(self, hosts: Callable[[str], bool]) -> list[str]:
        """Forget the queued items of the hosts `hosts` selects; wait for their running items.

        Returns the keys of the items dropped (not those that ran to completion).
        """
        dropped: list[str] = []
        running: list[asyncio.Task[None]] = []
        for host in [host for host in self._hosts if hosts(host)]:
            state = self._hosts.pop(host)
            dropped += state.items
            self._keys.difference_update(state.items)
            state.items.clear()
            if state.running is not None:
                running.append(state.running)
        if running:
            await asyncio.gather(*running, return_exceptions=True)
        return dropped

    async def aclose(self) -> None:
        """Cancel every runner and running item (shutdown)."""
        self._closed = True
        tasks = [task for state in self._hosts.values() for task in (state.runner, state.running) if task]
        self._hosts.clear()
        self._keys.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
