"""Every setting of fazhi-watch, with its default, in one place.

Each field is read from the environment variable ``FAZHI_<FIELD NAME IN CAPITALS>`` (shown in each
field's description), so a deployment changes behaviour without code. Components receive a
`Settings` object instead of reading the environment themselves (Scrapy-style wiring).

Defaults suit a single machine with the embedded broker (no ``FAZHI_BROKER_URL``). Production
with Apache Kafka sets at least ``FAZHI_BROKER_URL``, ``FAZHI_STORE=rocksdb://`` and
``FAZHI_DATABASE_URL``; see the descriptions for why the embedded defaults differ.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TextIO

from pydantic import AliasChoices, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

if TYPE_CHECKING:
    from streams.documents import Limits

MIB = 1024 * 1024


class Settings(BaseSettings):
    """Runtime configuration; every field maps to one ``FAZHI_*`` environment variable."""

    model_config = SettingsConfigDict(
        env_prefix="FAZHI_",
        extra="ignore",
        validate_default=True,
        # Fields with an alias (FAZHI_KAFKA_BROKERS) stay settable by name from Python.
        populate_by_name=True,
    )

    app_id: str = Field(
        "fazhi",
        min_length=1,
        description="FAZHI_APP_ID. Faust application id: prefix of consumer groups and internal topics.",
    )
    topic_prefix: str = Field(
        "",
        pattern=r"^[A-Za-z0-9._-]*$",
        description=(
            "FAZHI_TOPIC_PREFIX. Prepended to every topic name (`fazhi.pages.raw` -> "
            "`<prefix>fazhi.pages.raw`): several environments (staging, tests) can share one "
            "Kafka cluster. Set it together with FAZHI_APP_ID, which names the consumer groups."
        ),
    )
    broker_url: str | None = Field(
        None,
        # An alias's name is used as is (no prefix); the first one set wins.
        validation_alias=AliasChoices("FAZHI_BROKER_URL", "FAZHI_KAFKA_BROKERS"),
        description=(
            "FAZHI_BROKER_URL (or FAZHI_KAFKA_BROKERS). Kafka bootstrap servers, e.g. "
            "`kafka://kafka-1:9092;kafka-2:9092` (Faust form) or `kafka-1:9092,kafka-2:9092` (a bare "
            "comma-separated host:port list). Unset: reuse the embedded broker already running for "
            "the same data dir, or start one on a free loopback port."
        ),
    )
    partitions: int = Field(
        4,
        ge=1,
        le=1024,
        description=(
            "FAZHI_PARTITIONS. Partitions of every topic we create. 4 lets up to 4 workers share a "
            "topic while staying cheap on a 2-core machine, and equals the partition count Tansu "
            "gives auto-created topics, so declared and auto-created topics stay co-partitioned "
            "(Faust tables and joins need equal counts). Raise it before first start in production: "
            "it cannot shrink later."
        ),
    )
    data_dir: Path = Field(
        Path("./fazhi-data"),
        description=(
            "FAZHI_DATA_DIR. Local state: SQLite database, Faust table stores, the embedded "
            "broker's `broker.json` and `broker.log`."
        ),
    )
    database_url: str = Field(
        "",
        description=(
            "FAZHI_DATABASE_URL. SQLAlchemy async URL of the storage sink. Empty: "
            "`sqlite+aiosqlite:///<data_dir>/fazhi.db`; PostgreSQL: `postgresql+asyncpg://...`."
        ),
    )
    max_page_bytes: int = Field(
        10 * MIB,
        ge=1024,
        description=(
            "FAZHI_MAX_PAGE_BYTES. Largest raw page accepted (10 MiB); larger pages go to the "
            "dead-letter topic instead of the broker."
        ),
    )
    store: str = Field(
        "memory://",
        pattern=r"^(memory|rocksdb|aerospike)://",
        description=(
            "FAZHI_STORE. Faust table store. `memory://` by default because the embedded broker "
            "keeps changelogs in memory only: durable local tables would outlive the topics they "
            "mirror. Production with Kafka: `rocksdb://` (needs the `rocksdict` package)."
        ),
    )
    warc_max_bytes: int = Field(
        100 * MIB,
        ge=64 * 1024,
        description=(
            "FAZHI_WARC_MAX_BYTES. Size at which the raw-page WARC archive "
            "(`<data_dir>/warc/`) starts a new file. 100 MiB keeps files easy to copy and lets "
            "web-archive tools open one without reading the whole archive."
        ),
    )
    store_batch_size: int = Field(
        200,
        ge=1,
        description=(
            "FAZHI_STORE_BATCH_SIZE. Events the storage sink writes in one database transaction. "
            "Bigger batches cost fewer commits (SQLite fsyncs each one)."
        ),
    )
    store_batch_seconds: float = Field(
        1.0,
        gt=0.0,
        description=(
            "FAZHI_STORE_BATCH_SECONDS. Longest time an event waits in the storage sink's buffer "
            "before the batch is written, however small it is."
        ),
    )
    subscriptions_file: Path | None = Field(
        None,
        description=(
            "FAZHI_SUBSCRIPTIONS_FILE. YAML file of alert subscriptions. Unset: "
            "`<data_dir>/subscriptions.yaml` (a missing file means no subscriptions)."
        ),
    )
    alert_max_attempts: int = Field(
        8,
        ge=1,
        le=50,
        description=(
            "FAZHI_ALERT_MAX_ATTEMPTS. Tries per alert and channel, in all, before the outbox row "
            "is `dead`: logged, published on `fazhi.alerts` with `delivered` false and counted in "
            "fazhi_alerts_sent_total{outcome=\"dead\"}. With the default backoff, 8 tries span "
            "about 4 minutes; the tries left survive a restart (they are in the outbox)."
        ),
    )
    alert_retry_base_delay: float = Field(
        1.0,
        ge=0.0,
        le=300.0,
        description=(
            "FAZHI_ALERT_RETRY_BASE_DELAY, seconds. Backoff before retry n is base * 2^(n-1), "
            "capped by FAZHI_ALERT_RETRY_MAX_DELAY, with jitter (between half and all of it)."
        ),
    )
    alert_retry_max_delay: float = Field(
        120.0,
        ge=0.0,
        le=3600.0,
        description="FAZHI_ALERT_RETRY_MAX_DELAY, seconds. Longest backoff between two tries.",
    )
    alert_outbox_poll_interval: float = Field(
        1.0,
        gt=0.0,
        le=60.0,
        description=(
            "FAZHI_ALERT_OUTBOX_POLL_INTERVAL, seconds. How often the outbox sender looks for due "
            "deliveries besides being woken by new alerts of its own worker (it also picks up "
            "retries that came due and rows other processes wrote)."
        ),
    )
    alert_outbox_retention_days: float = Field(
        90.0,
        gt=0.0,
        description=(
            "FAZHI_ALERT_OUTBOX_RETENTION_DAYS. Sent and dead outbox rows are deleted this long after "
            "their last change. The dedup of their report versions stays (`alerted_versions`, one "
            "row per report version), so a replay of an old report does not alert again."
        ),
    )
    retention_interval: float = Field(
        3600.0,
        gt=0.0,
        description=(
            "FAZHI_RETENTION_INTERVAL, seconds. How often the crawl and alert roles delete the rows "
            "their retention settings let go (FAZHI_CRAWL_PAGES_RETENTION_DAYS, "
            "FAZHI_ALERT_OUTBOX_RETENTION_DAYS)."
        ),
    )
    alert_channel_timeout: float = Field(
        10.0,
        gt=0.0,
        le=300.0,
        description=(
            "FAZHI_ALERT_CHANNEL_TIMEOUT, seconds. Longest one try of one channel may take; a "
            "slow webhook then counts as a failed try instead of holding the others up."
        ),
    )
    deadline_check_interval: float = Field(
        60.0,
        gt=0.0,
        le=86400.0,
        description=(
            "FAZHI_DEADLINE_CHECK_INTERVAL, seconds. How often the alert role checks coverage for "
            "overdue and late alerts (and sends held digests and quiet-hours alerts)."
        ),
    )
    deadline_settle: float = Field(
        30.0,
        ge=0.0,
        le=3600.0,
        description=(
            "FAZHI_DEADLINE_SETTLE, seconds. After the crawl completed a full pass of the columns in a "
            "subscription's scope and every page it found was stored, wait this long before calling "
            "an issuer overdue (a report still on its way through the pipeline is not missing)."
        ),
    )
    broker_session_timeout: float = Field(
        6.0,
        gt=0.5,
        le=300.0,
        description=(
            "FAZHI_BROKER_SESSION_TIMEOUT, seconds. Consumer-group session timeout. Tansu holds "
            "every JoinGroup for about half of it, so it sets the start-up delay of each worker "
            "(6 s gives a ~3 s join; Faust's default of 60 s gives ~30 s). Apache Kafka: 10-60 s."
        ),
    )
    broker_heartbeat_interval: float = Field(
        1.0,
        gt=0.0,
        description="FAZHI_BROKER_HEARTBEAT_INTERVAL, seconds. Must stay well under the session timeout.",
    )
    broker_rebalance_timeout: float = Field(
        6.0,
        gt=0.0,
        le=600.0,
        description=(
            "FAZHI_BROKER_REBALANCE_TIMEOUT, seconds. How long members get to rejoin during a "
            "rebalance. A few seconds suit the embedded broker (one process, nothing slow to "
            "revoke); Faust's 60 s default only slows restarts there."
        ),
    )
    broker_startup_timeout: float = Field(
        20.0,
        gt=0.0,
        description=(
            "FAZHI_BROKER_STARTUP_TIMEOUT, seconds. How long to wait for the embedded broker to "
            "answer the Kafka protocol before giving up."
        ),
    )
    consumer_fetch_max_wait_ms: int = Field(
        100,
        ge=1,
        le=60_000,
        description=(
            "FAZHI_CONSUMER_FETCH_MAX_WAIT_MS. Longest time the broker holds a worker's fetch "
            "while no new data is there. Every pipeline hop can wait for it: Faust's fixed 1500 ms "
            "made the embedded broker (which holds a fetch for about half of it even when data "
            "arrives) add ~0.75 s per hop. 100 ms keeps a hop at a few tens of ms for a few "
            "empty fetches per second per worker; raise it for an idle cluster to poll less."
        ),
    )
    stop_streams_timeout: float = Field(
        30.0,
        ge=0.0,
        le=3600.0,
        description=(
            "FAZHI_STOP_STREAMS_TIMEOUT, seconds. On a stop (SIGTERM), how long the worker waits for "
            "the events its agents hold to be acknowledged before it commits what is and stops. An "
            "event still unacknowledged then keeps its offset uncommitted and is read again at the "
            "next start; without a bound, one event that is never acknowledged kept a stop waiting "
            "for ever. Keep it under the supervisor's stop grace (60 s in deploy/)."
        ),
    )
    producer_linger_ms: int = Field(
        5,
        ge=0,
        le=1000,
        description=(
            "FAZHI_PRODUCER_LINGER_MS. How long a worker's producer waits to fill a batch before "
            "sending it. Faust's default 0 sends every event in a request of its own: each one "
            "costs the worker a socket write and the broker a request (three per page in the "
            "process role). A few ms batch them at a latency cost of that much per hop."
        ),
    )
    warc_compression_level: int = Field(
        3,
        ge=0,
        le=9,
        description=(
            "FAZHI_WARC_COMPRESSION_LEVEL. gzip level of the WARC archive's records (0 = stored, "
            "9 = smallest). Measured on 50-150 KB portal pages: level 3 compresses 4x faster than "
            "9 (warcio's fixed level) for files ~14% bigger; 9 suits archiving off the hot path."
        ),
    )
    producer_compression: Literal["zstd", "lz4", "gzip", "none"] = Field(
        "zstd",
        description=(
            "FAZHI_PRODUCER_COMPRESSION. Record-batch compression. zstd: about 20% smaller than "
            "lz4 on portal HTML at similar speed; aiokafka does it through `cramjam` "
            "(aiokafka[zstd]); Tansu and Kafka >= 2.1 store it. `none` disables compression."
        ),
    )

    # --- operating the worker (streams.observability): health, metrics, logs
    web_port: int = Field(
        6066,
        ge=0,
        le=65535,
        description=(
            "FAZHI_WEB_PORT. Port of the worker's HTTP server (`GET /healthz`, `GET /metrics`); "
            "6066 is Faust's web port. 0: no server. `fazhi run --web-port` overrides it."
        ),
    )
    web_bind: str = Field(
        "0.0.0.0",
        min_length=1,
        description=(
            "FAZHI_WEB_BIND. Address the worker's HTTP server listens on: all interfaces by default, "
            "so a Kubernetes probe or a Prometheus scraper reaches it; `127.0.0.1` keeps it local."
        ),
    )
    log_format: Literal["text", "json"] = Field(
        "text",
        description=(
            "FAZHI_LOG_FORMAT. `text`: one readable line per record. `json`: one JSON object per "
            "line with `portal`, `url` and `page_id` on every record (null where not known), for "
            "log collectors."
        ),
    )

    @model_validator(mode="after")
    def _derive_from_data_dir(self) -> Settings:
        # Derived defaults follow FAZHI_DATA_DIR unless set explicitly.
        if not self.database_url:
            self.database_url = f"sqlite+aiosqlite:///{self.data_dir / 'fazhi.db'}"
        if self.subscriptions_file is None:
            self.subscriptions_file = self.data_dir / "subscriptions.yaml"
        if self.broker_heartbeat_interval >= self.broker_session_timeout:
            raise ValueError("FAZHI_BROKER_HEARTBEAT_INTERVAL must be shorter than "
                             "FAZHI_BROKER_SESSION_TIMEOUT")
        return self

    @property
    def broker_keeps_messages(self) -> bool:
        """Whether a message the broker acknowledged outlives this worker.

        An external broker (FAZHI_BROKER_URL) does; the embedded one keeps everything in memory
        and dies with the worker that started it, so on the embedded default a crawled page not
        stored when the worker died is fetched again at once, and with an external broker only if
        still not stored FAZHI_CRAWL_STORE_GRACE after the restart (`streams.state.pages`).
        """
        return self.broker_url is not None

    @property
    def compression_type(self) -> str | None:
        """The producer's `compression_type` argument (aiokafka and Faust): None for no compression."""
        return None if self.producer_compression == "none" else self.producer_compression

    @property
    def max_message_bytes(self) -> int:
        """Largest Kafka message we produce or fetch: a max-size raw page as base64 JSON, plus headroom."""
        return self.max_page_bytes * 4 // 3 + MIB

    def faust_config(self) -> dict[str, object]:
        """Keyword arguments for `faust.App` that follow from these settings (broker URL excluded).

        Faust creates `datadir` without parents: make sure `data_dir` exists before `app.start()`.
        """
        return {
            "store": self.store,
            "datadir": str(self.data_dir / "faust"),
            "topic_partitions": self.partitions,
            "broker_session_timeout": self.broker_session_timeout,
            "broker_heartbeat_interval": self.broker_heartbeat_interval,
            "broker_rebalance_timeout": self.broker_rebalance_timeout,
            "producer_compression_type": self.compression_type,
            "producer_linger": self.producer_linger_ms / 1000,
            "producer_max_request_size": self.max_message_bytes,
            "consumer_max_fetch_size": self.max_message_bytes,
        }

    @property
    def broker_json_path(self) -> Path:
        """Where the embedded broker of this data dir records its address and pid."""
        return self.data_dir / "broker.json"

    @property
    def broker_log_path(self) -> Path:
        """Where the embedded broker's stdout and stderr go."""
        return self.data_dir / "broker.log"

    # --- crawling (crawlers/: fetcher, politeness, robots.txt, safety). The crawler's body size
    # limit is FAZHI_MAX_PAGE_BYTES: a bigger page could not go on fazhi.pages.raw anyway.
    crawl_contact_url: str = Field(
        "https://example.org/fazhi-watch",
        min_length=1,
        description=(
            "FAZHI_CRAWL_CONTACT_URL. Where portal operators can reach whoever runs the crawler "
            "(a web page or `mailto:`); sent in the User-Agent `fazhi-watch/<version> (+<url>)`. "
            "The default is a placeholder: set it in production."
        ),
    )
    crawl_delay: float = Field(
        1.0,
        ge=0.0,
        le=3600.0,
        description=(
            "FAZHI_CRAWL_DELAY, seconds. Minimum pause between two requests to a host (one request "
            "in flight per host), counted as FAZHI_CRAWL_DELAY_FROM says. A portal's "
            "`politeness.delay` or a robots.txt Crawl-delay that is longer wins."
        ),
    )
    crawl_delay_from: Literal["end", "start"] = Field(
        "end",
        description=(
            "FAZHI_CRAWL_DELAY_FROM. `end`: the pause runs from the end of one request to the start "
            "of the next, so a slow server still gets the whole delay to rest (Heritrix, Nutch). "
            "`start`: from one request's start to the next one's, as Scrapy's DOWNLOAD_DELAY counts "
            "(a slow answer uses up the pause)."
        ),
    )
    crawl_max_delay: float = Field(
        600.0,
        ge=0.0,
        description=(
            "FAZHI_CRAWL_MAX_DELAY, seconds. Ceiling of the adaptive slow-down of a host that answers "
            "429/5xx/challenges or times out, and of the Retry-After honoured."
        ),
    )
    crawl_connect_timeout: float = Field(
        10.0,
        gt=0.0,
        description="FAZHI_CRAWL_CONNECT_TIMEOUT, seconds. Longest wait to open a connection.",
    )
    crawl_read_timeout: float = Field(
        30.0,
        gt=0.0,
        description="FAZHI_CRAWL_READ_TIMEOUT, seconds. Longest wait for the next bytes of a response.",
    )
    crawl_total_timeout: float = Field(
        120.0,
        gt=0.0,
        description=(
            "FAZHI_CRAWL_TOTAL_TIMEOUT, seconds. Longest one request (one redirect hop) may take in all, "
            "so a server dripping bytes just under the read timeout cannot hold a host forever."
        ),
    )
    crawl_max_redirects: int = Field(
        5,
        ge=0,
        le=20,
        description=(
            "FAZHI_CRAWL_MAX_REDIRECTS. Redirects followed per fetch (each hop re-checked for "
            "safety and robots.txt); one more gives the outcome `http_error`."
        ),
    )
    crawl_retry_attempts: int = Field(
        3,
        ge=1,
        le=10,
        description=(
            "FAZHI_CRAWL_RETRY_ATTEMPTS. Tries per fetch, the first included, for timeouts, "
            "connection errors, 429 and 5xx. Challenges and 4xx are not retried."
        ),
    )
    crawl_retry_base_delay: float = Field(
        2.0,
        ge=0.0,
        description=(
            "FAZHI_CRAWL_RETRY_BASE_DELAY, seconds. Backoff before retry n is base * 2^(n-1), capped "
            "by FAZHI_CRAWL_RETRY_MAX_DELAY, with jitter (between half and all of it); the host's "
            "politeness delay comes on top."
        ),
    )
    crawl_retry_max_delay: float = Field(
        60.0,
        ge=0.0,
        description=(
            "FAZHI_CRAWL_RETRY_MAX_DELAY, seconds. Longest backoff; a Retry-After longer than this "
            "ends the fetch (the host stays slowed down) instead of waiting inside it."
        ),
    )
    crawl_robots_ttl: float = Field(
        86400.0,
        gt=0.0,
        description=(
            "FAZHI_CRAWL_ROBOTS_TTL, seconds. How long a fetched robots.txt is used (RFC 9309: "
            "at most 24 h)."
        ),
    )
    crawl_robots_unreachable_ttl: float = Field(
        600.0,
        gt=0.0,
        description=(
            "FAZHI_CRAWL_ROBOTS_UNREACHABLE_TTL, seconds. A robots.txt that answered 5xx or could not "
            "be fetched means \"disallow all\" (RFC 9309); it is asked again after this long."
        ),
    )
    crawl_static_hosts: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "FAZHI_CRAWL_STATIC_HOSTS. JSON object host name -> IP address consulted before DNS, like "
            "/etc/hosts, e.g. `{\"www.hanweb-demo.test\": \"127.0.0.1\"}`: the demo portal and tests "
            "serve several host names from one loopback server. Private addresses are still refused "
            "unless the portal has `allow_private`."
        ),
    )

    # --- crawl scheduling (the crawl role: crawlers.agent)
    crawl_registry: Path | None = Field(
        None,
        description=(
            "FAZHI_CRAWL_REGISTRY. Portal registry file (YAML, schemas/registry.py) the crawl role "
            "watches; `fazhi run --role crawl --registry FILE` sets it. Required by the crawl role."
        ),
    )
    crawl_tick: float = Field(
        2.0,
        gt=0,
        description=(
            "FAZHI_CRAWL_TICK, seconds. How often a crawl worker looks for due columns among the "
            "hosts it owns. Revisit intervals themselves come from each portal's `schedule`."
        ),
    )
    crawl_concurrency: int = Field(
        16,
        ge=1,
        le=256,
        description=(
            "FAZHI_CRAWL_CONCURRENCY. Requests a crawl worker has in flight at once, across hosts "
            "(per-host politeness allows one per host); hosts waiting out their delay do not count."
        ),
    )
    crawl_max_list_pages: int = Field(
        50,
        ge=1,
        description="FAZHI_CRAWL_MAX_LIST_PAGES. List pages read per column visit at most (first visit).",
    )
    crawl_task_timeout: float = Field(
        30.0,
        gt=0,
        description=(
            "FAZHI_CRAWL_TASK_TIMEOUT, seconds. A crawl task sent (a due column, a page found) that "
            "has not reached the worker's queues after this long is sent again: a task can be lost "
            "with a worker or in a rebalance, and a duplicate costs nothing (tasks are deduplicated)."
        ),
    )
    crawl_store_grace: float = Field(
        600.0,
        gt=0,
        description=(
            "FAZHI_CRAWL_STORE_GRACE, seconds. With an external broker (FAZHI_BROKER_URL), a page "
            "fetched and not stored when a crawl worker reads the ledger (at start, after a "
            "rebalance) is fetched again if it is still not stored this long after: the pipeline "
            "had this long to drain what the broker kept, so its raw page was lost (a page is done "
            "only once stored). On the embedded broker, which dies with the worker, such pages are "
            "fetched again at once."
        ),
    )

    crawl_pages_retention_days: float = Field(
        400.0,
        gt=0.0,
        description=(
            "FAZHI_CRAWL_PAGES_RETENTION_DAYS. A detail page that is done (stored, or its fetch "
            "failed for good) is forgotten by the crawl ledger (`crawl_pages`) this long after it "
            "was fetched. Its item stays among its column's seen items (FAZHI_CRAWL_SEEN_PER_COLUMN) "
            "while the column lists it near the top, so it is not fetched again; keep this longer "
            "than items stay on a column's first list page."
        ),
    )
    crawl_seen_per_column: int = Field(
        2000,
        ge=50,
        description=(
            "FAZHI_CRAWL_SEEN_PER_COLUMN. Items a column's state remembers as seen, newest first. A "
            "visit reads list pages only until one holds a seen item, so this must exceed the items "
            "of a column's first list page; older items fall off (bounded state)."
        ),
    )
    crawl_max_attachments: int = Field(
        5,
        ge=0,
        le=50,
        description=(
            "FAZHI_CRAWL_MAX_ATTACHMENTS. Documents (PDF, DOCX, DOC, WPS, OFD) fetched per detail page, "
            "in page order; 0 fetches none. The page and its attachments share FAZHI_MAX_PAGE_BYTES."
        ),
    )

    # --- documents (streams/documents/): the text of attachments, read by the process role.
    document_max_pages: int = Field(
        500,
        ge=1,
        description=(
            "FAZHI_DOCUMENT_MAX_PAGES. A PDF or OFD with more pages is not read (its reason says so): "
            "reports run to 10-80 pages, a 5,000-page file is an archive or an attack."
        ),
    )
    document_timeout: float = Field(
        30.0,
        gt=0,
        description=(
            "FAZHI_DOCUMENT_TIMEOUT, seconds. Time to read one document, checked between pages and "
            "given to the DOC/WPS converters; the child process reading it is killed 2 s later."
        ),
    )
    document_max_unpacked_bytes: int = Field(
        200 * MIB,
        ge=MIB,
        description=(
            "FAZHI_DOCUMENT_MAX_UNPACKED_BYTES. DOCX and OFD are ZIP files: more unpacked bytes than "
            "this, declared or actual, is a ZIP bomb and is not read."
        ),
    )

    def document_limits(self) -> Limits:
        """The limits of one document's extraction (`streams.documents.Limits`)."""
        from streams.documents import Limits

        return Limits(max_bytes=self.max_page_bytes, max_pages=self.document_max_pages,
                      max_seconds=self.document_timeout,
                      max_unpacked_bytes=self.document_max_unpacked_bytes)  # fmt: skip

    @field_validator("crawl_static_hosts")
    @classmethod
    def _static_hosts_are_ips(cls, hosts: dict[str, str]) -> dict[str, str]:
        for name, address in hosts.items():
            try:
                ipaddress.ip_address(address)
            except ValueError:
                raise ValueError(f"{name!r} -> {address!r} is not an IP address") from None
        return {name.lower().rstrip("."): address for name, address in hosts.items()}


class ConfigError(ValueError):
    """A ``FAZHI_*`` variable has a value the program cannot use; the message names it."""


def environment_variables() -> dict[str, str]:
    """Every ``FAZHI_*`` variable `Settings` reads -> the field it sets (aliases included)."""
    names = {}
    for field_name, info in Settings.model_fields.items():
        names[f"FAZHI_{field_name.upper()}"] = field_name
        if isinstance(info.validation_alias, AliasChoices):
            names.update({str(alias).upper(): field_name for alias in info.validation_alias.choices})
    return names


def _variable(field_name: str) -> str:
    """The variable that set `field_name` (an alias when that is the one in the environment)."""
    info = Settings.model_fields.get(field_name)
    if info is not None and isinstance(info.validation_alias, AliasChoices):
        for alias in info.validation_alias.choices:
            if str(alias) in os.environ:
                return str(alias)
    return f"FAZHI_{field_name.upper()}"


def _expected(field_name: str) -> str:
    """What the variable should hold: the first sentence of its description, after its name."""
    info = Settings.model_fields.get(field_name)
    text = (info.description or "") if info is not None else ""
    sentences = re.split(r"(?<!\be\.g)(?<!\bi\.e)\.\s", text)
    if text.startswith("FAZHI_") and len(sentences) > 1:
        sentences = sentences[1:]
    return sentences[0].rstrip(".")


def describe_settings_error(error: ValidationError | SettingsError) -> list[str]:
    """One line per bad variable: ``FAZHI_X='value': what is wrong (what is expected)``."""
    if isinstance(error, SettingsError):
        # pydantic-settings: 'error parsing value for field "crawl_static_hosts" from source ...'
        field_name = str(error).split('"')[1] if str(error).count('"') >= 2 else ""
        variable = _variable(field_name)
        value = os.environ.get(variable, os.environ.get(variable.lower(), ""))
        return [f"{variable}={value!r}: not valid JSON; expected {_expected(field_name)}"]
    lines = []
    for item in error.errors():
        message = str(item.get("msg", "invalid")).removeprefix("Value error, ")
        loc = item.get("loc") or ()
        field_name = str(loc[0]) if loc else ""
        if field_name.startswith("FAZHI_"):  # an alias
            field_name = environment_variables().get(field_name.upper(), field_name)
        if field_name not in Settings.model_fields:  # a check across fields names them itself
            lines.append(message)
            continue
        variable = _variable(field_name)
        value = os.environ.get(variable, item.get("input"))
        lines.append(f"{variable}={value!r}: {message} ({_expected(field_name)})")
    return lines


def load_settings(**overrides: object) -> Settings:
    """`Settings()` from the environment, or `ConfigError` naming every bad variable (no traceback)."""
    try:
        return Settings(**overrides)
    except (ValidationError, SettingsError) as exc:
        raise ConfigError("; ".join(describe_settings_error(exc))) from None


def misspelt_variables(environ: Mapping[str, str] | None = None) -> list[str]:
    """Warnings for ``FAZHI_*`` variables no setting reads that look like one that does.

    A misspelt name is otherwise silently ignored (``FAZHI_KAFKA_BROKER`` would leave the worker on
    the embedded broker). Names that resemble none are left alone: tests and tools have their own.
    """
    import difflib

    from streams.clock import ENV as CLOCK_ENV

    known = [*environment_variables(), CLOCK_ENV]
    warnings = []
    for name in sorted(environ if environ is not None else os.environ):
        upper = name.upper()
        if not upper.startswith("FAZHI_") or upper in known:
            continue
        close = difflib.get_close_matches(upper, known, n=1, cutoff=0.85)
        if close:
            warnings.append(f"{name} is not a setting (did you mean {close[0]}?); ignored")
    return warnings


def check_environment() -> Settings:
    """The settings, with every ``FAZHI_*`` variable checked (FAZHI_NOW too), or one `ConfigError`.

    Every command calls it first, so a bad variable stops it with one line naming the variable
    instead of a traceback from whichever component reads it first.
    """
    from streams.clock import ENV as CLOCK_ENV
    from streams.clock import ClockError, parse_now

    problems = []
    try:
        settings = load_settings()
    except ConfigError as exc:
        problems.append(str(exc))
    try:  # checked only: the clock still reads its origin at its first use
        if os.environ.get(CLOCK_ENV, "").strip():
            parse_now(os.environ[CLOCK_ENV])
    except ClockError as exc:
        problems.append(str(exc))
    if problems:
        raise ConfigError("; ".join(problems))
    return settings


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment once (`get_settings.cache_clear()` re-reads)."""
    return Settings()


def environment_exit_code(stderr: TextIO) -> int | None:
    """For a command's start: 2 after one line naming a bad ``FAZHI_*`` variable, else None
    (misspelt variables are warned about on `stderr`, and the command goes on)."""
    try:
        check_environment()
    except ConfigError as exc:  # one line naming the variable, not a traceback
        print(f"fazhi: bad configuration: {exc}", file=stderr)
        return 2
    for warning in misspelt_variables():
        print(f"fazhi: warning: {warning}", file=stderr)
    return None
