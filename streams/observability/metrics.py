"""The worker's Prometheus metrics, declared once; every role increments the ones it owns.

Names follow Prometheus conventions (``_total`` counters, ``_seconds`` histograms). Labels stay
low-cardinality: an outcome, a portal id, a channel scheme — never a URL.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

__all__ = [
    "ALERTS_SENT",
    "PAGES_ANALYZED",
    "PAGES_FETCHED",
    "PAGE_ANALYSIS_SECONDS",
    "REGISTRY",
    "REPORTS_STORED",
]

# Our own registry: the worker's /metrics serves exactly these (and tests read them without the
# process-wide default registry's collectors).
REGISTRY = CollectorRegistry(auto_describe=True)

PAGES_FETCHED = Counter(
    "fazhi_pages_fetched",
    "Pages and documents the crawler requested, by outcome (ok, not_modified, timeout...) and portal.",
    ["outcome", "portal"],
    registry=REGISTRY,
)
PAGES_ANALYZED = Counter(
    "fazhi_pages_analyzed",
    "Raw pages cleaned and analyzed by the process role, by verdict (report, not_report, failed).",
    ["verdict"],
    registry=REGISTRY,
)
REPORTS_STORED = Counter(
    "fazhi_reports_stored",
    "Report events written to the database by the store role, by kind (new, revised, sighting).",
    ["kind"],
    registry=REGISTRY,
)
ALERTS_SENT = Counter(
    "fazhi_alerts_sent",
    "Alert deliveries attempted, by channel scheme and outcome (delivered, failed, dead).",
    ["channel", "outcome"],
    registry=REGISTRY,
)
PAGE_ANALYSIS_SECONDS = Histogram(
    "fazhi_page_analysis_seconds",
    "Time to clean and analyze one raw page.",
    buckets=(0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
    registry=REGISTRY,
)
