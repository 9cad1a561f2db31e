"""Export the JSON Schema of every contract to ``schemas/json/<name>.schema.json``."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

import schemas
from schemas import coverage, crawl, events, registry, storage, subscriptions

JSON_DIR = Path(__file__).parent / "json"

#: name -> model; each becomes one file. Later contracts (topic events) register here.
EXPORTED: dict[str, type[BaseModel]] = {
    "cleaned_page": schemas.CleanedPage,
    "verdict": schemas.Verdict,
    "report_facts": schemas.ReportFacts,
    "indicator": schemas.Indicator,
    "analysis_record": schemas.AnalysisRecord,
    "event_raw_page": events.RawPage,
    "event_clean_page": events.CleanPage,
    "event_document": events.DocumentEvent,
    "event_report": events.ReportEvent,
    "event_alert": events.AlertEvent,
    "event_deadletter": events.DeadLetter,
    "stored_report": storage.StoredReport,
    "subscriptions": subscriptions.SubscriptionsFile,
    "portal_registry": registry.Registry,
    "event_crawl_task": crawl.CrawlTask,
    "event_crawl_outcome": crawl.CrawlOutcome,
    "coverage_row": coverage.CoverageRow,
}


def render(model: type[BaseModel]) -> str:
    return json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def export(directory: Path = JSON_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in EXPORTED.items():
        path = directory / f"{name}.schema.json"
        path.write_text(render(model), encoding="utf-8")
        written.append(path)
    return written


def stale(directory: Path = JSON_DIR) -> list[str]:
    """Names whose committed file differs from what the models produce now."""
    out = []
    for name, model in EXPORTED.items():
        path = directory / f"{name}.schema.json"
        if not path.exists() or path.read_text(encoding="utf-8") != render(model):
            out.append(name)
    return out
