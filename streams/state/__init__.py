"""What must outlive a worker, kept in the database (the system of record); see README "Guarantees".

Topics and Faust tables are transport and cache: on the embedded default the broker keeps
everything in memory and dies with the worker, so each role rebuilds what it needs from here at
start.

- `Database`: one engine per worker, migrated once, waited for with backoff (tenacity);
- `PageLedger`: the crawl role's pages (found, fetched, done) and columns (last visit, validators);
- `ReportLedger`: report versions known (stored and alerted), for the tracker and the alert role;
- the alert outbox lives with the alerts (`streams.alerts.outbox.Outbox`).

The tables are declared with the storage sink's (`streams.sink.tables`), in one migration chain.
"""

from streams.state.database import Database, database_retrying, transient
from streams.state.pages import PageLedger, PageSnapshot
from streams.state.reports import ReportLedger

__all__ = ["Database", "PageLedger", "PageSnapshot", "ReportLedger", "database_retrying", "transient"]
