"""`fazhi demo` end to end: its own embedded broker, demo portal and worker, the sample pages and seeds."""

from __future__ import annotations

import io
import json
from pathlib import Path

from crawlers.demo_portal import DemoPortal
from streams import identity
from streams.analysis import analyze
from streams.demo import demo_sources, run_demo
from streams.ingest import iter_page_files, page_url
from streams.settings import Settings

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def portal_pages() -> tuple[int, int]:
    """(detail pages, reports) of the demo portal once every pre-written item is published."""
    with DemoPortal().serving_in_thread() as portal:
        while portal.publish_next() is not None:
            pass
        pages = portal.pages()
        return len(pages), sum(page.is_report for page in pages)


def test_the_demo_crawls_the_portal_runs_the_pipeline_and_reports_what_it_found(tmp_path: Path) -> None:
    saved = [p for p in iter_page_files(demo_sources(SHARED)) if isinstance(p, Path)]
    analyses = [analyze(p.read_bytes(), url=page_url(p)) for p in saved]
    saved_reports = {identity.report_key(a.facts, identity.content_hash(a.page)): a for a in analyses
                     if a.verdict.is_report}  # fmt: skip
    guangdong = [a for a in saved_reports.values() if (a.facts.region.province or "").startswith("广东")]
    portal_total, portal_reports = portal_pages()
    out = io.StringIO()

    summary = run_demo(SHARED, base=Settings(data_dir=tmp_path / "data"), out=out, timeout=400)

    printed = out.getvalue()
    assert json.loads(printed.strip().splitlines()[-1]) == summary
    special = {"blocked_challenge": 1, "too_large": 1, "timeout": 1}  # the portal's three special pages
    outcomes = summary["outcomes"]
    assert {name: outcomes.get(name) for name in special} == special  # type: ignore[union-attr]
    assert summary["pages_fetched"] == portal_total - len(special)
    assert summary["pages_ingested"] == len(saved)
    assert summary["documents"] == len(saved) + summary["pages_fetched"]
    assert summary["reports_found"] == len(saved_reports) + portal_reports
    assert summary["alerts_sent"] == summary["reports_found"] + len(guangdong)
    assert Path(str(summary["database"])).is_file()
    assert list(Path(str(summary["parquet"])).rglob("*.parquet"))
    for analysis in saved_reports.values():
        assert analysis.facts.issuer in printed
