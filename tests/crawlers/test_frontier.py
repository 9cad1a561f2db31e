"""Per-host queues: FIFO within a host, hosts side by side, keys queued once, revocation."""

from __future__ import annotations

import asyncio
import contextvars

from crawlers.frontier import HostQueues, Work

MARK: contextvars.ContextVar[str] = contextvars.ContextVar("mark", default="none")


def test_one_item_at_a_time_per_host_in_order_hosts_in_parallel() -> None:
    async def scenario() -> tuple[list[str], int]:
        queues = HostQueues()
        log: list[str] = []
        running: dict[str, int] = {}
        most = 0
        gate = asyncio.Event()

        def work(host: str, name: str) -> Work:
            async def item() -> None:
                nonlocal most
                running[host] = running.get(host, 0) + 1
                assert running[host] == 1, f"two items of {host} at once"
                most = max(most, sum(running.values()))
                await gate.wait()
                log.append(name)
                running[host] -= 1

            return item

        for index in range(3):
            for host in ("a", "b"):
                assert queues.put(host, f"{host}{index}", work(host, f"{host}{index}"))
        await asyncio.sleep(0.01)
        gate.set()
        while len(queues):
            await asyncio.sleep(0.01)
        return log, most

    log, most = asyncio.run(scenario())
    assert [name for name in log if name.startswith("a")] == ["a0", "a1", "a2"]
    assert [name for name in log if name.startswith("b")] == ["b0", "b1", "b2"]
    assert most == 2  # both hosts were worked on at once


def test_a_key_is_queued_once_while_queued_or_running() -> None:
    async def scenario() -> list[bool]:
        queues = HostQueues()
        release = asyncio.Event()

        async def slow() -> None:
            await release.wait()

        first = queues.put("a", "k", slow)
        await asyncio.sleep(0.01)  # now running
        again = queues.put("a", "k", slow)
        assert "k" in queues and len(queues) == 1
        release.set()
        while len(queues):
            await asyncio.sleep(0.01)
        after = queues.put("a", "k", slow)
        await queues.aclose()
        return [first, again, after]

    assert asyncio.run(scenario()) == [True, False, True]


def test_work_runs_in_the_context_it_was_queued_from() -> None:
    async def scenario() -> list[str]:
        queues = HostQueues()
        seen: list[str] = []

        async def record() -> None:
            seen.append(MARK.get())

        for mark in ("first", "second"):
            MARK.set(mark)
            queues.put("a", mark, record)
        while len(queues):
            await asyncio.sleep(0.01)
        return seen

    assert asyncio.run(scenario()) == ["first", "second"]


def test_a_failing_item_does_not_stop_its_host() -> None:
    async def scenario() -> list[str]:
        queues = HostQueues()
        done: list[str] = []

        async def boom() -> None:
            raise RuntimeError("bug")

        async def fine() -> None:
            done.append("fine")

        queues.put("a", "boom", boom)
        queues.put("a", "fine", fine)
        while len(queues):
            await asyncio.sleep(0.01)
        return done

    assert asyncio.run(scenario()) == ["fine"]


def test_drop_forgets_queued_items_and_waits_for_the_running_one() -> None:
    async def scenario() -> tuple[list[str], list[str], list[str]]:
        queues = HostQueues()
        finished: list[str] = []

        def work(name: str) -> Work:
            async def item() -> None:
                await asyncio.sleep(0.05)
                finished.append(name)

            return item

        for name in ("a1", "a2", "a3"):
            queues.put("a", name, work(name))
        queues.put("b", "b1", work("b1"))
        await asyncio.sleep(0.01)  # a1 and b1 running
        dropped = await queues.drop(lambda host: host == "a")
        assert "a1" in finished  # the running item was waited for, not cancelled
        while len(queues):
            await asyncio.sleep(0.01)
        return dropped, finished, queues.hosts()

    dropped, finished, hosts = asyncio.run(scenario())
    assert dropped == ["a2", "a3"]
    assert sorted(finished) == ["a1", "b1"] and hosts == []
