"""StorageSink against a real SQLite file and the real PostgreSQL: migrations, upserts, revisions."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from streams.sink.database import (
    StorageSink,
    create_engine,
    current_revision,
    fetch_reports,
    row_counts,
    upgrade,
)
from streams.sink.tables import ALL_TABLES, metadata, report_sources, reports

from .conftest import events_for, report_page

T0 = datetime(2024, 4, 1, 8, 0, tzinfo=UTC)
OWN = "http://www.zigui.gov.cn/art/2024/3/22/art_4132_1.html"
COPY = "http://www.yichang.gov.cn/content/2024/3/25/zigui.html"


def run(coro):
    return asyncio.run(coro)


async def _write(database_url: str, *batches: list) -> dict[str, int]:
    async with StorageSink(database_url) as sink:
        for batch in batches:
            for event in batch:
                sink.add(event)
            await sink.flush()
        return await row_counts(sink.engine)


async def _reports(database_url: str, **filters) -> list[dict]:
    engine = create_engine(database_url)
    try:
        return await fetch_reports(engine, **filters)
    finally:
        await engine.dispose()


def test_migrations_create_the_tables_of_the_model_from_empty(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    async def check() -> tuple[str | None, list]:
        engine = create_engine(database_url)
        try:
            assert await current_revision(engine) is None
            await upgrade(engine)
            await upgrade(engine)  # a second run is a no-op
            async with engine.connect() as connection:
                diff = await connection.run_sync(
                    lambda c: compare_metadata(MigrationContext.configure(c), metadata))
            return await current_revision(engine), diff
        finally:
            await engine.dispose()

    revision, diff = run(check())
    assert revision == head_revision()
    # The hand-written migration and tables.py describe the same schema.
    assert diff == [], diff


def test_same_events_twice_change_no_row_count(database_url: str) -> None:
    document, report = events_for(report_page(), OWN)
    first = run(_write(database_url, [document, report]))
    assert first == {"documents": 1, "reports": 1, "report_versions": 1, "report_sources": 1,
                     "indicators": len(report.facts.indicators)}
    assert first["indicators"] >= 2
    # A replay: the same events again, in one batch and in another run of the sink.
    again = run(_write(database_url, [document, report, document, report]))
    assert again == first
    [stored] = run(_reports(database_url))
    assert stored["revisions"] == 0
    assert stored["first_seen"] == stored["last_seen"] == T0


def test_a_revision_keeps_the_report_id_and_counts_one_revision(database_url: str) -> None:
    _, original = events_for(report_page(reconsideration=120), OWN, fetched_at=T0)
    _, revised = events_for(report_page(reconsideration=125, revision="三是数据有误，现更正。"), OWN,
                            kind="revised", fetched_at=T0 + timedelta(days=3))
    assert revised.report_id == original.report_id and revised.content_hash != original.content_hash
    counts = run(_write(database_url, [original], [revised]))
    assert counts["reports"] == 1 and counts["report_versions"] == 2
    [stored] = run(_reports(database_url))
    assert stored["revisions"] == 1
    assert stored["content_hash"] == revised.content_hash
    assert stored["first_seen"] == T0 and stored["last_seen"] == T0 + timedelta(days=3)
    figures = {f["key"]: f["value"] for f in stored["indicators"]}
    assert figures["reconsideration.accepted"] == 125  # only the current version's indicators

    # Replaying the old event afterwards neither rolls the row back nor adds rows.
    assert run(_write(database_url, [original])) == counts
    [stored] = run(_reports(database_url))
    assert stored["content_hash"] == revised.content_hash and stored["revisions"] == 1


def test_revision_and_original_in_one_batch_out_of_order(database_url: str) -> None:
    _, original = events_for(report_page(reconsideration=120), OWN, fetched_at=T0)
    _, revised = events_for(report_page(reconsideration=125), OWN, kind="revised",
                            fetched_at=T0 + timedelta(days=1))
    run(_write(database_url, [revised, original]))
    [stored] = run(_reports(database_url))
    assert stored["content_hash"] == revised.content_hash
    assert (stored["revisions"], stored["first_seen"]) == (1, T0)


def test_a_copy_elsewhere_is_a_sighting_with_the_own_portal_as_source(database_url: str) -> None:
    _, copy = events_for(report_page(chrome="宜昌市人民政府 首页 县区动态"), COPY, fetched_at=T0)
    _, own = events_for(report_page(), OWN, kind="sighting", fetched_at=T0 + timedelta(hours=5),
                        source_urls=[COPY, OWN], canonical_url=OWN)
    assert own.content_hash == copy.content_hash  # page chrome is not content
    counts = run(_write(database_url, [copy], [own]))
    assert (counts["reports"], counts["report_versions"], counts["report_sources"]) == (1, 1, 2)
    [stored] = run(_reports(database_url))
    assert stored["revisions"] == 0
    assert stored["source_url"] == OWN
    assert sorted(stored["source_urls"]) == sorted([OWN, COPY])
    assert stored["url"] == COPY  # the content row still comes from the first (new) event


def test_a_sighting_of_an_unknown_report_seeds_the_row(database_url: str) -> None:
    _, sighting = events_for(report_page(), COPY, kind="sighting")
    counts = run(_write(database_url, [sighting]))
    assert counts["reports"] == 1 and counts["indicators"] == len(sighting.facts.indicators)
    run(_write(database_url, [sighting]))
    assert run(_write(database_url, [])) == counts


def test_documents_keep_the_latest_fetch(database_url: str) -> None:
    older, _ = events_for(report_page(reconsideration=1), OWN, fetched_at=T0)
    newer, _ = events_for(report_page(reconsideration=2), OWN, fetched_at=T0 + timedelta(days=1))
    run(_write(database_url, [newer], [older]))

    async def stored_hash() -> str:
        engine = create_engine(database_url)
        try:
            async with engine.connect() as connection:
                from streams.sink.tables import documents
                return (await connection.execute(select(documents.c.content_hash))).scalar_one()
        finally:
            await engine.dispose()

    assert run(stored_hash()) == newer.content_hash


def test_fetch_reports_filters_by_province_and_date(database_url: str) -> None:
    _, hubei = events_for(report_page("秭归县人民政府", published="2024-03-22"), OWN)
    _, zhejiang = events_for(report_page("杭州市人民政府", published="2024-01-15"),
                             "https://www.hangzhou.gov.cn/art/2024/1/15/art_1.html")
    run(_write(database_url, [hubei, zhejiang]))
    assert {r["province"] for r in run(_reports(database_url))} == {"湖北省", "浙江省"}
    assert [r["province"] for r in run(_reports(database_url, province="浙江"))] == ["浙江省"]
    assert [r["province"] for r in run(_reports(database_url, province="42"))] == ["湖北省"]
    assert [r["province"] for r in run(_reports(database_url, since=date(2024, 2, 1)))] == ["湖北省"]
    assert run(_reports(database_url, province="%")) == []  # LIKE wildcards are escaped


def test_flush_failure_keeps_the_buffer(tmp_path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fazhi.db'}"
    document, report = events_for(report_page(), OWN)

    async def scenario() -> dict[str, int]:
        sink = StorageSink(url)
        await sink.start()
        sink.add(document)
        sink.add(report)
        async with sink.engine.begin() as connection:
            await connection.run_sync(lambda c: reports.drop(c))
        with pytest.raises(Exception, match="reports"):
            await sink.flush()
        assert len(sink) == 2  # nothing written, nothing lost: the caller retries or dead-letters
        async with sink.engine.begin() as connection:
            await connection.run_sync(lambda c: reports.create(c))
        await sink.flush()
        counts = await row_counts(sink.engine)
        await sink.close()
        return counts

    counts = run(scenario())
    assert counts["documents"] == 1 and counts["reports"] == 1  # the transaction was rolled back whole
    assert {t.name for t in ALL_TABLES} == set(counts)
    assert report_sources.name in counts


def test_add_rejects_other_events(tmp_path) -> None:
    sink = StorageSink(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(TypeError, match="StorageSink stores"):
        sink.add(object())  # type: ignore[arg-type]


def head_revision() -> str:
    """The newest migration shipped (migrations chain: there is one head)."""
    from alembic.script import ScriptDirectory

    from streams.sink.database import alembic_config

    [head] = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    return head


def test_a_migration_that_fails_midway_leaves_nothing_behind(database_url: str) -> None:
    # A worker killed (or failing) in the middle of a migration must not leave tables without their
    # version row: the next start would try to create them again and fail for ever ("table documents
    # already exists"). The failure is real: an index of the name the first migration creates after
    # its first tables stands on a table of our own, so the migration's CREATE INDEX fails.
    from sqlalchemy import inspect, text

    async def check() -> tuple[set[str], str | None, str | None]:
        engine = create_engine(database_url)
        try:
            async with engine.begin() as connection:
                await connection.execute(text("CREATE TABLE squatter (province TEXT)"))
                await connection.execute(text("CREATE INDEX ix_reports_province ON squatter (province)"))
            failed = None
            try:
                await upgrade(engine)
            except Exception as exc:  # any failure will do: what it left behind is checked
                failed = type(exc).__name__
            async with engine.connect() as connection:
                names = set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
            async with engine.begin() as connection:
                await connection.execute(text("DROP TABLE squatter"))
            await upgrade(engine)  # the next start: the whole migration runs
            return names, failed, await current_revision(engine)
        finally:
            await engine.dispose()

    tables, failed, revision = run(check())
    assert failed is not None
    assert tables & {"documents", "reports"} == set(), tables
    assert revision == head_revision()
