"""Report versions as the database knows them: what the tracker and the alert role rebuild from.

A report version (report id, content hash) is *known* once both halves of its handling are
durable: the store role wrote it (``report_versions``, its URLs in ``report_sources``) and the
alert role decided its alerts (``alerted_versions``, written after the outbox rows). Until then the
process role's tracker treats it as unseen and announces it again (same event id; the store
upserts, the outbox deduplicates), so a version whose event was lost with a worker and its
in-memory broker is never silently dropped.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from streams.clock import now
from streams.sink.tables import alerted_versions, documents, report_sources, report_versions, reports
from streams.state.database import Database

__all__ = ["ReportLedger"]


class ReportLedger:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def alerted(self, report_id: str, content_hash: str) -> bool:
        query = select(alerted_versions.c.report_id).where(
            alerted_versions.c.report_id == report_id, alerted_versions.c.content_hash == content_hash)

        async def work(connection: AsyncConnection) -> bool:
            return (await connection.execute(query)).first() is not None

        return await self.database.read(work)

    async def mark_alerted(self, report_id: str, content_hash: str) -> None:
        row = {"report_id": report_id, "content_hash": content_hash, "alerted_at": now()}

        async def work(connection: AsyncConnection) -> None:
            dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
            statement = dialect.insert(alerted_versions).on_conflict_do_nothing(
                index_elements=["report_id", "content_hash"])
            await connection.execute(statement, [row])

        await self.database.write(work)

    async def tracker_state(self, report_id: str) -> dict[str, Any] | None:
        """The tracker's state of `report_id` (`streams.agents.track_report`), None when not known.

        ``hashes``: the known versions (stored and alerted), oldest first; ``hash``: the current
        one (the reports row's, when known); ``sources``: every URL stored for the report, with
        its source kind (from its documents row; unknown when there is none).
        """

        async def work(connection: AsyncConnection) -> dict[str, Any] | None:
            versions = await connection.execute(
                select(report_versions.c.content_hash)
                .join(alerted_versions, and_(
                    alerted_versions.c.report_id == report_versions.c.report_id,
                    alerted_versions.c.content_hash == report_versions.c.content_hash))
                .where(report_versions.c.report_id == report_id)
                .order_by(report_versions.c.first_seen))  # fmt: skip
            hashes = list(versions.scalars())
            if not hashes:
                return None
            current = (await connection.execute(
                select(reports.c.content_hash).where(reports.c.report_id == report_id))).scalar()
            sources = await connection.execute(
                select(report_sources.c.url, documents.c.source_kind)
                .outerjoin(documents, documents.c.url == report_sources.c.url)
                .where(report_sources.c.report_id == report_id)
                .order_by(report_sources.c.first_seen, report_sources.c.url))  # fmt: skip
            return {"hash": current if current in hashes else hashes[-1], "hashes": hashes,
                    "sources": {url: kind or "unknown" for url, kind in sources}}  # fmt: skip

        return await self.database.read(work)
