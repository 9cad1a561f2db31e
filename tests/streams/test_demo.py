"""`fazhi demo` end to end: its own embedded broker and worker, the sample pages (and the seeds)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from streams import identity
from streams.analysis import analyze
from streams.demo import demo_sources, run_demo
from streams.ingest import iter_page_files, page_url
from streams.settings import Settings

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def test_the_demo_runs_the_pipeline_and_reports_what_it_found(tmp_path: Path) -> None:
    pages = [p for p in iter_page_files(demo_sources(SHARED)) if isinstance(p, Path)]
    analyses = [analyze(p.read_bytes(), url=page_url(p)) for p in pages]
    reports = {identity.report_key(a.facts, identity.content_hash(a.page)): a for a in analyses
               if a.verdict.is_report}  # fmt: skip
    guangdong = [a for a in reports.values() if (a.facts.region.province or "").startswith("广东")]
    out = io.StringIO()

    summary = run_demo(SHARED, base=Settings(data_dir=tmp_path / "data"), out=out, timeout=240)

    printed = out.getvalue()
    assert json.loads(printed.strip().splitlines()[-1]) == summary
    assert summary["pages_ingested"] == summary["documents"] == len(pages)
    assert summary["reports_found"] == len(reports) >= 4
    assert summary["alerts_sent"] == len(reports) + len(guangdong)
    assert Path(str(summary["database"])).is_file()
    assert list(Path(str(summary["parquet"])).rglob("*.parquet"))
    for analysis in reports.values():
        assert analysis.facts.issuer in printed
