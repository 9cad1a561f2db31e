"""Parquet warehouse feed: partitions by publication date, deterministic rewrite, readable as a dataset."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow.dataset as ds

from streams.sink.database import StorageSink
from streams.sink.parquet import SCHEMA, ParquetFeed

from .conftest import events_for, report_page

T0 = datetime(2024, 4, 1, 8, 0, tzinfo=UTC)


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


async def _store_and_feed(url: str, data_dir: Path, *batches: list, rebuild: bool = False) -> list[Path]:
    feed = ParquetFeed(data_dir)
    written: list[Path] = []
    async with StorageSink(url) as sink:
        for batch in batches:
            for event in batch:
                sink.add(event)
            written += await feed.write(sink.engine, await sink.flush())
        if rebuild:
            written = await feed.rebuild(sink.engine)
    return written


def test_partitions_by_publication_date_and_rewrites_deterministically(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fazhi.db'}"
    _, hubei = events_for(report_page("秭归县人民政府", published="2024-03-22"),
                          "http://www.zigui.gov.cn/art/2024/3/22/art_1.html")
    _, zhejiang = events_for(report_page("杭州市人民政府", published="2024-01-15"),
                             "https://www.hangzhou.gov.cn/art/2024/1/15/art_1.html")
    written = asyncio.run(_store_and_feed(url, tmp_path, [hubei, zhejiang]))
    root = ParquetFeed(tmp_path).root
    assert sorted(p.parent.name for p in written) == ["published=2024-01-15", "published=2024-03-22"]
    first = _files(root)
    assert all(name.endswith(".parquet") and "/part-" in name for name in first)

    # A re-run over the same events and a full rebuild give the same files, byte for byte.
    asyncio.run(_store_and_feed(url, tmp_path, [hubei, zhejiang]))
    assert _files(root) == first
    asyncio.run(_store_and_feed(url, tmp_path, rebuild=True))
    assert _files(root) == first

    table = ds.dataset(root, partitioning="hive", format="parquet").to_table()
    assert table.num_rows == 2
    assert set(SCHEMA.names) <= set(table.column_names)
    rows = {row["issuer"]: row for row in table.to_pylist()}
    assert str(rows["杭州市人民政府"]["published"]) == "2024-01-15"
    zigui = rows["秭归县人民政府"]
    assert zigui["province"] == "湖北省" and zigui["report_year"] == 2023 and zigui["revisions"] == 0
    assert zigui["sections_measures"] is True
    assert {i["key"] for i in zigui["indicators"]} >= {"reconsideration.accepted"}
    assert zigui["first_seen"] == T0


def test_a_revision_moving_the_date_leaves_no_stale_partition(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fazhi.db'}"
    page_url = "http://www.zigui.gov.cn/art/2024/3/22/art_1.html"
    _, original = events_for(report_page(published="2024-03-22"), page_url, fetched_at=T0)
    _, revised = events_for(report_page(published="2024-03-29", reconsideration=7), page_url, kind="revised",
                            fetched_at=T0 + timedelta(days=8))
    asyncio.run(_store_and_feed(url, tmp_path, [original], [revised]))
    root = ParquetFeed(tmp_path).root
    assert [p.parent.name for p in root.rglob("*.parquet")] == ["published=2024-03-29"]
    [row] = ds.dataset(root, partitioning="hive").to_table().to_pylist()
    assert row["revisions"] == 1


def test_unknown_date_partition(tmp_path: Path) -> None:
    feed = ParquetFeed(tmp_path)
    assert feed.partition_path(None).parent.name == "published=unknown"
    assert feed.partition_path(date(2024, 1, 2)) == feed.partition_path(date(2024, 1, 2))
    assert feed.write_partition(None, []) is None  # an empty partition writes nothing
