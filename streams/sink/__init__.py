"""The storage sink (role ``store``): database rows, the WARC archive of raw pages, the Parquet feed.

- `StorageSink`: buffered idempotent upserts of document and report events (SQLite or PostgreSQL);
- `upgrade`: Alembic migrations shipped in this package (``fazhi db upgrade``, start of the role);
- `WarcArchive` / `iter_raw_pages`: raw pages as WARC files, read back by ``fazhi replay``;
- `ParquetFeed`: the warehouse feed, one Parquet file per publication date.

The Faust agents live in `streams.sink.agent`, the CLI commands in `streams.sink.commands`;
importing this package does not import Faust.
"""

from streams.sink.database import StorageError, StorageSink, create_engine, fetch_reports, row_counts, upgrade
from streams.sink.parquet import ParquetFeed
from streams.sink.warc import WarcArchive, iter_raw_pages

__all__ = [
    "ParquetFeed",
    "StorageError",
    "StorageSink",
    "WarcArchive",
    "create_engine",
    "fetch_reports",
    "iter_raw_pages",
    "row_counts",
    "upgrade",
]
