"""What a running worker answers on its HTTP port: ``GET /healthz`` (JSON) and ``GET /metrics`` (Prometheus).

Both are pages of Faust's own web server (aiohttp), started with the app before the tables are
recovered, so a probe gets an answer (``"status": "starting"``) while the worker catches up.
Only these two pages are served: Faust's default views (tables, router, graph) are not mounted.

``/healthz`` answers 200 when ``status`` is ``ok`` and 503 otherwise, with the same body (a
readiness probe). ``/healthz?probe=live`` (a liveness probe) answers 503 only when the app or an
agent crashed: a worker waiting for its broker or database, or still recovering its tables, is
alive, and restarting it would not help; one whose event loop is stuck does not answer at all.

- ``status``: ``ok``; ``starting`` (app not started, rebalancing, or tables still recovering);
  ``failing`` (the app or an agent crashed, the broker or the database does not answer);
  ``crashed``: whether the app or one of its agents crashed;
- ``roles``: per role the worker runs, its agents and their state (``running``, ``crashed``...),
  the partitions of its input topics assigned to this worker, the messages it consumed and when
  it last consumed one (``last_activity``, ISO 8601, null before the first);
- ``broker``: whether a bootstrap server answers a Kafka ApiVersions request (the embedded
  broker as well as a cluster); ``database``: whether ``SELECT 1`` succeeds on
  ``FAZHI_DATABASE_URL`` (null for a worker whose roles do not use it).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import faust
from faust.types import TP
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from streams.broker import bootstrap_servers, broker_answers
from streams.clock import now
from streams.observability.metrics import REGISTRY
from streams.settings import Settings

if TYPE_CHECKING:
    from faust.types.tuples import Message
    from faust.web import Request, Response, View
    from sqlalchemy.ext.asyncio import AsyncEngine

__all__ = ["DATABASE_ROLES", "ActivitySensor", "Health", "install"]

#: Roles whose work needs the database: the worker is failing when it does not answer. Every role
#: keeps what must outlive a process there (crawl ledger, report versions, alert outbox, storage).
DATABASE_ROLES = frozenset({"crawl", "process", "store", "alert"})
PROBE_TIMEOUT = 2.0


class ActivitySensor(faust.Sensor):
    """Counts the messages each topic delivered to this worker, and when the last one came."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.last_message: dict[str, float] = {}  # topic -> time.monotonic()
        self.messages: Counter[str] = Counter()

    def on_message_in(self, tp: TP, offset: int, message: Message) -> None:
        self.last_message[tp.topic] = time.monotonic()
        self.messages[tp.topic] += 1


@dataclass
class Health:
    """The worker's state, read from the Faust app, its agents and quick probes of its dependencies."""

    app: faust.App
    settings: Settings
    broker_url: str
    role_agents: Mapping[str, list[faust.types.AgentT]]
    sensor: ActivitySensor = field(default_factory=ActivitySensor)
    started: float = field(default_factory=time.monotonic)
    _engine: AsyncEngine | None = None

    def role_topics(self, role: str) -> set[str]:
        return {name for agent in self.role_agents[role] for name in agent.get_topic_names()}

    async def snapshot(self) -> dict[str, Any]:
        """The ``/healthz`` body."""
        app = self.app
        assigned: set[TP] = set(app.assignor.assigned_actives()) if app.started else set()
        roles = {role: self._role(role, assigned) for role in sorted(self.role_agents)}
        broker, database = await asyncio.gather(self._broker_reachable(), self._database_reachable())
        recovering = app.started and not app.tables.recovery.completed.is_set()
        crashed = app.crashed or any(state == "crashed" for role in roles.values()
                                     for state in role["agents"].values())  # fmt: skip
        if crashed or not broker or database is False:
            status = "failing"
        elif not app.started or app.rebalancing or recovering:
            status = "starting"
        else:
            status = "ok"
        return {
            "status": status,
            "crashed": crashed,
            "app_id": app.conf.id,
            "uptime_seconds": round(time.monotonic() - self.started, 1),
            "rebalancing": bool(app.rebalancing),
            "tables_recovered": bool(app.started and not recovering),
            "broker": {"url": self.broker_url, "reachable": broker},
            "database": None if database is None else {"reachable": database},
            "roles": roles,
        }

    def _role(self, role: str, assigned: set[TP]) -> dict[str, Any]:
        topics = self.role_topics(role)
        last = max((self.sensor.last_message.get(topic, -1.0) for topic in topics), default=-1.0)
        last_at = None if last < 0 else now() - timedelta(seconds=time.monotonic() - last)
        return {
            "agents": {agent.name: agent.state for agent in self.role_agents[role]},
            "partitions_assigned": sum(1 for tp in assigned if tp.topic in topics),
            "messages": sum(self.sensor.messages[topic] for topic in topics),
            "last_activity": None if last_at is None else last_at.isoformat(),
        }

    async def _broker_reachable(self) -> bool:
        def probe(servers: Iterable[str]) -> bool:
            for server in servers:
                host, _, port = server.rpartition(":")
                if port.isdigit() and broker_answers(host.strip("[]"), int(port), timeout=PROBE_TIMEOUT):
                    return True
            return False

        return await asyncio.to_thread(probe, bootstrap_servers(self.broker_url))

    async def _database_reachable(self) -> bool | None:
        if not DATABASE_ROLES & set(self.role_agents):
            return None
        from sqlalchemy import text
        from sqlalchemy.ext.asyncio import create_async_engine

        if self._engine is None:
            self._engine = create_async_engine(self.settings.database_url, pool_pre_ping=True, pool_size=1)
        try:
            async with asyncio.timeout(PROBE_TIMEOUT), self._engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:  # any failure to answer is "not reachable": the probe reports, never raises
            return False
        return True

    async def aclose(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None


def install(app: faust.App, settings: Settings, broker_url: str,
            role_agents: Mapping[str, list[faust.types.AgentT]]) -> Health:  # fmt: skip
    """Add the activity sensor and the ``/healthz`` and ``/metrics`` pages to `app` (web enabled)."""
    health = Health(app, settings, broker_url, role_agents)
    app.sensors.add(health.sensor)

    @app.page("/healthz")
    async def healthz(view: View, request: Request) -> Response:
        body = await health.snapshot()
        if request.query.get("probe") == "live":
            return view.json(body, status=503 if body["crashed"] else 200)
        return view.json(body, status=200 if body["status"] == "ok" else 503)

    @app.page("/metrics")
    async def metrics(view: View, request: Request) -> Response:
        # As a header: aiohttp refuses a charset in its content_type argument.
        return view.bytes(generate_latest(REGISTRY), headers={"Content-Type": CONTENT_TYPE_LATEST})

    @app.on_before_shutdown.connect
    async def close_health(app: faust.App, **_: Any) -> None:
        await health.aclose()

    return health
