"""The store agents through Faust's test context, writing to a real SQLite file and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import faust

from schemas.events import DeadLetter, RawPage
from streams.codec import ModelCodec
from streams.settings import Settings
from streams.sink import agent as store
from streams.sink.database import create_engine, row_counts
from streams.sink.parquet import ParquetFeed
from streams.sink.warc import iter_raw_pages
from streams.topics import Topics

from .conftest import events_for, report_page

DEAD = ModelCodec(DeadLetter)
URL = "http://www.zigui.gov.cn/art/2024/3/22/art_1.html"


class Harness:
    """An app whose topics are in-memory channels; agent outputs (counts per batch) are collected."""

    def __init__(self, tmp_path: Path, database_url: str) -> None:
        self.settings = Settings(broker_url="kafka://127.0.0.1:9", data_dir=tmp_path / "data",
                                 database_url=database_url, store_batch_size=3,
                                 store_batch_seconds=0.2, max_page_bytes=64 * 1024)  # fmt: skip
        self.app = faust.App(f"sink-test-{id(self)}", broker=self.settings.broker_url, web_enabled=False,
                             store="memory://", autodiscover=False)  # fmt: skip
        channels = {name: self.app.channel(key_type=bytes, value_type=bytes) for name in Topics.__slots__}
        self.topics = Topics(**channels)
        self.dead = channels["deadletter"].clone(is_iterator=True)
        self.agents = store.register(self.app, self.topics, self.settings)
        self.app.finalize()

    async def run(self, agent: faust.types.AgentT, payloads: list[bytes | None], expected: int) -> int:
        """Put `payloads` through `agent` and wait (10 s at most) until it reports `expected` items."""
        results: asyncio.Queue[int] = asyncio.Queue()
        agent.add_sink(results.put)
        total = 0
        async with agent.test_context() as context:
            for payload in payloads:
                await context.put(payload, key=b"k")
            while total < expected:
                try:
                    total += await asyncio.wait_for(results.get(), 10)
                except TimeoutError:
                    raise AssertionError(f"{agent.name}: {total} stored in 10 s, not {expected}") from None
        return total

    async def dead_letters(self, count: int) -> list[DeadLetter]:
        """`count` dead letters (10 s at most for each), then check that no other one is queued."""
        letters = []
        for _ in range(count):
            try:
                event = await asyncio.wait_for(self.dead.get(), 10)
            except TimeoutError:
                raise AssertionError(f"{len(letters)} dead letters within 10 s, expected {count}") from None
            letters.append(DEAD.loads(event.value))
        assert self.dead.empty(), "more dead letters than expected"
        return letters


def test_events_are_stored_and_poison_is_dead_lettered(tmp_path: Path, database_url: str) -> None:
    harness = Harness(tmp_path, database_url)
    document, report = events_for(report_page(), URL)
    good_docs = [document.model_dump_json().encode()] * 2
    good_reports = [report.model_dump_json().encode()] * 2
    poison = [b"{not json", b'{"schema_version": 1}', None]

    async def scenario() -> tuple[dict[str, int], list[DeadLetter]]:
        await harness.run(harness.agents.documents, [*poison, *good_docs], expected=2)
        letters = await harness.dead_letters(3)
        await harness.run(harness.agents.reports, [poison[0], *good_reports], expected=2)
        letters += await harness.dead_letters(1)
        engine = create_engine(database_url)
        try:
            return await row_counts(engine), letters
        finally:
            await engine.dispose()
            await harness.agents.role.close()

    counts, letters = asyncio.run(scenario())
    assert counts["documents"] == 1 and counts["reports"] == 1 and counts["report_sources"] == 1
    assert [(letter.stage, letter.error_type) for letter in letters] == [("store", "CodecError")] * 4
    assert letters[0].payload == b"{not json"
    partitions = list(ParquetFeed(harness.settings.data_dir).root.rglob("*.parquet"))
    assert [p.parent.name for p in partitions] == ["published=2024-03-22"]


def test_a_batch_the_database_refuses_is_narrowed_to_the_bad_event(tmp_path: Path, database_url: str) -> None:
    harness = Harness(tmp_path, database_url)
    document, _ = events_for(report_page(), URL)
    # A huge year overflows INTEGER on PostgreSQL; on SQLite a trigger refuses it: either way the
    # database, not the codec, refuses this one event.
    bad = document.model_copy(update={"url": URL + "?bad"}, deep=True)
    bad.facts.report_year = 10**12

    async def scenario() -> tuple[dict[str, int], list[DeadLetter]]:
        if database_url.startswith("sqlite"):
            await harness.agents.role.ready()
            async with harness.agents.role.engine.begin() as connection:
                from sqlalchemy import text
                await connection.execute(text(
                    "CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.report_year > 9999 "
                    "BEGIN SELECT RAISE(ABORT, 'year out of range'); END"))
        payloads = [document.model_dump_json().encode(), bad.model_dump_json().encode()]
        await harness.run(harness.agents.documents, payloads, expected=1)
        engine = create_engine(database_url)
        try:
            return await row_counts(engine), await harness.dead_letters(1)
        finally:
            await engine.dispose()
            await harness.agents.role.close()

    counts, letters = asyncio.run(scenario())
    assert counts["documents"] == 1
    [letter] = letters
    assert letter.stage == "store" and letter.payload == bad.model_dump_json().encode()


def test_archive_agent_writes_raw_pages_to_warc_once(tmp_path: Path) -> None:
    harness = Harness(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'fazhi.db'}")
    page = RawPage(event_id="raw-1", url=URL, headers={"content-type": "text/html"}, body=report_page(),
                   fetched_at=datetime(2024, 4, 1, tzinfo=UTC))
    oversize = page.model_copy(update={"url": URL + "?big", "body": b"x" * (65 * 1024)})
    payloads = [page.model_dump_json().encode(), b"{not json", oversize.model_dump_json().encode(),
                page.model_dump_json().encode()]

    async def scenario() -> list[DeadLetter]:
        await harness.run(harness.agents.archive, payloads, expected=1)
        harness.agents.warc.close()
        return await harness.dead_letters(0)

    letters = asyncio.run(scenario())
    assert list(iter_raw_pages(harness.settings)) == [page]
    assert letters == []  # poison on the raw topic is the clean stage's to report


def test_pages_the_archive_cannot_write_are_dead_letters(tmp_path: Path) -> None:
    harness = Harness(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'fazhi.db'}")
    harness.settings.data_dir.mkdir(parents=True)
    (harness.settings.data_dir / "warc").write_text("a file where the archive directory should be")
    pages = [RawPage(event_id=f"raw-{n}", url=f"{URL}?n={n}", body=report_page(),
                     fetched_at=datetime(2024, 4, 1, tzinfo=UTC)).model_dump_json().encode()
             for n in range(2)]  # fmt: skip

    async def scenario() -> list[DeadLetter]:
        async with harness.agents.archive.test_context() as context:
            for payload in pages:
                await context.put(payload, key=b"k")
            return await harness.dead_letters(2)

    letters = asyncio.run(scenario())
    assert [(letter.stage, letter.payload) for letter in letters] == [("archive", page) for page in pages]
    assert all(letter.error_type in ("FileExistsError", "NotADirectoryError") for letter in letters)
