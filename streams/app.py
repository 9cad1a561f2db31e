"""The Faust application: one app id, the topics, and the agents of the roles a worker runs.

Roles are plug-in points, each a module with ``register(app, topics, settings)``:

- ``process``: `streams.agents` (clean + analyze + report tracking);
- ``store``: `streams.sink.agent` (database, WARC archive, Parquet feed);
- ``alert``: `streams.alerts.agent` (subscriptions, notifications);
- ``crawl``: `crawlers.agent` (scheduler, polite fetching, crawl state), part of ``all`` when a
  portal registry is configured.

Modules are imported only for the roles asked, so a processing worker does not load the
database drivers and the other way round.

Consumer groups follow the role set. Faust spreads the partitions of every topic a group consumes
over all the group's members as if they were alike, so a ``process`` worker and a ``store``
worker in one group would split `fazhi.pages.raw` (one cleans part of the pages, the other
archives the rest). The Faust app id (consumer group, and prefix of the tables' changelog topics)
is therefore ``FAZHI_APP_ID`` for a worker with all roles and ``<FAZHI_APP_ID>-<roles, sorted,
joined by ->`` otherwise (`app_id_for`): workers of one role set share the load, and each role set
sees every message. Run each role in one role set only (two role sets with ``store`` would both
archive and store everything).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from streams.broker import resolve_broker
from streams.settings import Settings

if TYPE_CHECKING:  # Faust is imported when an app is built: `fazhi run` installs its signal handling first
    import faust

    from streams.topics import Topics

ROLE_MODULES = {
    "process": "streams.agents",
    "store": "streams.sink.agent",
    "alert": "streams.alerts.agent",
    "crawl": "crawlers.agent",
}
ROLES = tuple(ROLE_MODULES)
#: `all` includes the crawl role only when a portal registry is configured (FAZHI_CRAWL_REGISTRY):
#: without one, `fazhi run` is the pipeline fed by `fazhi ingest`.
PIPELINE_ROLES = frozenset({"process", "store", "alert"})


class UnknownRole(ValueError):
    """A role name that is not one of `ROLES`."""


class RoleConfigError(ValueError):
    """A role cannot start with its configuration (an invalid subscriptions file or registry)."""


def parse_roles(values: Iterable[str] | None, *, crawl: bool = True) -> set[str]:
    """`--role process --role store`, `--role process,store` or `all` -> a set of role names.

    `crawl` False: `all` means the pipeline roles only (no registry configured).
    """
    every = set(ROLES) if crawl else set(PIPELINE_ROLES)
    roles: set[str] = set()
    for value in values or ("all",):
        for name in (part.strip() for part in value.split(",")):
            if not name:
                continue
            if name == "all":
                roles.update(every)
            elif name in ROLE_MODULES:
                roles.add(name)
            else:
                raise UnknownRole(f"unknown role {name!r} (choose from {', '.join(ROLES)}, all)")
    return roles or every


def app_id_for(app_id: str, roles: Iterable[str]) -> str:
    """The Faust app id of a worker with `roles`: ``fazhi`` for all roles, ``fazhi-alert-store`` for two."""
    wanted = parse_roles(roles)
    if wanted >= PIPELINE_ROLES:  # `all`, with or without the crawl role
        return app_id
    return "-".join([app_id, *sorted(wanted)])


def create_app(
    settings: Settings, roles: Iterable[str], *, broker_url: str | None = None, web_port: int = 0
) -> tuple[faust.App, Topics]:
    """A Faust app with the topics declared and the agents of `roles` registered.

    `broker_url` (Faust form) overrides the settings; without it the broker comes from
    `resolve_broker`: a broker this call starts is stopped at interpreter exit — callers that
    want to control its lifetime resolve it themselves and pass the URL (as `fazhi run` does).
    `web_port` > 0 serves ``/healthz`` and ``/metrics`` there (`streams.observability.health`);
    0, the default, binds no port (tests and benchmarks run many apps on one machine).
    """
    import faust

    from streams._transport import install as install_transport
    from streams.topics import Topics

    wanted = parse_roles(roles, crawl=settings.crawl_registry is not None)
    if broker_url is None:
        broker_url = resolve_broker(settings)[0]
    # Faust creates only the last level of its datadir (<data_dir>/faust).
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    app = faust.App(
        app_id_for(settings.app_id, wanted),
        broker=broker_url,
        # Only the worker (`fazhi run`) serves /healthz and /metrics; in-process apps bind no port.
        web_enabled=web_port > 0,
        web_port=web_port or 6066,
        web_bind=settings.web_bind,
        # Our topics are declared explicitly; reply topics of agent.ask are not used.
        autodiscover=False,
        **settings.faust_config(),
    )
    # Before the topics: declaring them creates the app's transport.
    install_transport(app, settings.consumer_fetch_max_wait_ms, settings.stop_streams_timeout)
    # The topics exist before the app starts (`streams.topics.ensure_topics`, called by the runner).
    topics = Topics.declare(app, settings)

    role_agents: dict[str, list[faust.types.AgentT]] = {}
    for role in ROLES:  # fixed order: deterministic agent registration
        if role in wanted:
            before = set(app.agents)
            importlib.import_module(ROLE_MODULES[role]).register(app, topics, settings)
            role_agents[role] = [app.agents[name] for name in app.agents if name not in before]
    if web_port > 0:
        from streams.observability.health import install as install_health

        install_health(app, settings, broker_url, role_agents)
    return app, topics
