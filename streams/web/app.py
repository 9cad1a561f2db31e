"""The Starlette application of ``fazhi serve``: HTML pages and the JSON API, read-only."""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from schemas import DocumentKind, Level
from schemas.coverage import CoverageRow, CoverageTotals
from schemas.registry import Registry
from schemas.reports import Sections
from streams.analysis.deadlines import latest_year_due
from streams.coverage import CoverageScopeError, Scope, beijing_today, coverage, departments_registry, totals
from streams.coverage.expected import province_unit
from streams.settings import Settings
from streams.sink.database import create_engine, fetch_report
from streams.web.chart import Bar, bar_chart_svg
from streams.web.queries import ReportFilters, archived_pages, list_reports, report_years

HERE = Path(__file__).parent
SECTION_LABELS = {name: field.description for name, field in Sections.model_fields.items()}
LEVELS = [level.value for level in Level if level is not Level.township]
KINDS = [kind.value for kind in DocumentKind]


def _int(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    if not re.fullmatch(r"\d{1,4}", raw):
        raise HTTPException(400, f"{name}={raw!r} is not a year")
    return int(raw)


def _text(request: Request, name: str) -> str | None:
    return request.query_params.get(name, "").strip() or None


def highlight(evidence: str, value: Any) -> Markup:
    """The evidence sentence with the figure marked (the whole sentence when the figure is not in it)."""
    number = value if isinstance(value, str) else (f"{value:g}" if isinstance(value, float) else str(value))
    escaped = html.escape(evidence)
    at = escaped.find(html.escape(number))
    if at < 0:
        return Markup(f"<mark>{escaped}</mark>")
    end = at + len(html.escape(number))
    return Markup(f"{escaped[:at]}<mark>{escaped[at:end]}</mark>{escaped[end:]}")


class WebView:
    """The application's state: settings, the engine (opened at startup), the departments' registry."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = create_engine(settings.database_url)
        self.registry: Registry = departments_registry(settings.crawl_registry)
        self.templates = Jinja2Templates(directory=HERE / "templates")
        self.templates.env.globals.update(levels=LEVELS, kinds=KINDS, section_labels=SECTION_LABELS)
        self.templates.env.filters["highlight"] = highlight

    # --- pages

    async def home(self, request: Request) -> Response:
        return RedirectResponse("/reports", status_code=307)

    async def reports_page(self, request: Request) -> Response:
        filters = self._filters(request)
        rows, total = await list_reports(self.engine, filters)
        return self.templates.TemplateResponse(request, "reports.html", {
            "rows": rows, "total": total, "filters": filters, "years": await report_years(self.engine)})

    async def report_page(self, request: Request) -> Response:
        row = await self._report(request)
        archived = [page.fetched_at for page in archived_pages(self.settings, self._urls(row))]
        return self.templates.TemplateResponse(request, "report.html", {"report": row, "archived": archived})

    async def archived_copy(self, request: Request) -> Response:
        row = await self._report(request)
        pages = list(archived_pages(self.settings, self._urls(row)))
        if not pages:
            raise HTTPException(404, "no archived copy of this report (the store role archives the pages)")
        page = max(pages, key=lambda p: p.fetched_at)
        # The government's page as fetched, its scripts not run: sandboxed, never our origin's.
        return Response(page.body, media_type=page.content_type or "text/html",
                        headers={"Content-Security-Policy": "sandbox",
                                 "X-Archived-At": page.fetched_at.isoformat()})  # fmt: skip

    async def coverage_page(self, request: Request) -> Response:
        year, province, rows, summary = await self._coverage(request)
        bars = coverage_bars(rows, by_prefecture=province is not None)
        where = province or "全国"
        chart = bar_chart_svg(bars, f"{where} {year}年度 法治政府建设年度报告") if bars else ""
        return self.templates.TemplateResponse(request, "coverage.html", {
            "year": year, "province": province, "rows": rows, "totals": summary, "chart": Markup(chart),
            "bars": bars, "edition": _edition(), "today": beijing_today()})

    # --- API

    async def api_reports(self, request: Request) -> Response:
        rows, total = await list_reports(self.engine, self._filters(request))
        return JSONResponse([_jsonable(row) for row in rows], headers={"X-Total-Count": str(total)})

    async def api_report(self, request: Request) -> Response:
        from streams.sink.commands import stored_report

        row = await self._report(request)
        return Response(stored_report(row).model_dump_json(), media_type="application/json")

    async def api_coverage(self, request: Request) -> Response:
        year, province, rows, summary = await self._coverage(request)
        body = {"year": year, "province": province, "edition": _edition(),
                "totals": summary.model_dump(mode="json"),
                "rows": [row.model_dump(mode="json") for row in rows]}  # fmt: skip
        return JSONResponse(body)

    # --- helpers

    def _filters(self, request: Request) -> ReportFilters:
        level, kind = _text(request, "level"), _text(request, "kind")
        if level is not None and level not in LEVELS:
            raise HTTPException(400, f"level={level!r}: one of {', '.join(LEVELS)}")
        if kind is not None and kind not in KINDS:
            raise HTTPException(400, f"kind={kind!r}: one of {', '.join(KINDS)}")
        return ReportFilters(year=_int(request, "year"), province=_text(request, "province"), level=level,
                             kind=kind, text=_text(request, "q"))  # fmt: skip

    async def _report(self, request: Request) -> dict[str, Any]:
        row = await fetch_report(self.engine, request.path_params["report_id"])
        if row is None:
            raise HTTPException(404, "no such report")
        return row

    @staticmethod
    def _urls(row: dict[str, Any]) -> set[str]:
        return {row["url"], row["source_url"], *row.get("source_urls", ())}

    async def _coverage(self, request: Request) -> tuple[int, str | None, list[CoverageRow], CoverageTotals]:
        year = _int(request, "year") or latest_year_due(beijing_today())
        province, prefix = _text(request, "province"), _text(request, "region_code")
        level = _text(request, "level")
        try:
            if province is not None:
                province = province_unit(province).name
            scope = Scope(province=province, region_code=prefix, level=Level(level) if level else None)
            rows = await coverage(self.engine, year, scope, self.registry)
        except (CoverageScopeError, ValueError) as exc:
            raise HTTPException(400, str(exc)) from exc
        return year, province, rows, totals(rows)


def coverage_bars(rows: list[CoverageRow], *, by_prefecture: bool) -> list[Bar]:
    """Counts per prefecture (a province's own and its departments' under the province's name)."""
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        label = (row.prefecture or row.province or "-") if by_prefecture else (row.province or "-")
        bucket = counts.setdefault(label, {"on_time": 0, "late": 0, "undated": 0, "missing": 0})
        if row.status == "missing":
            bucket["missing"] += 1
        else:
            bucket["undated" if row.on_time is None else "on_time" if row.on_time else "late"] += 1
    return [Bar(label, **values) for label, values in counts.items()]


def _edition() -> str | None:
    from streams.analysis.regions import table

    return table().edition


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in row.items()}


async def _error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "internal error"
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": detail}, status_code=status)
    return Response(f"<!doctype html><title>{status}</title><p>{html.escape(str(detail))}</p>",
                    status_code=status, media_type="text/html")


def create_app(settings: Settings) -> Starlette:
    view = WebView(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await view.engine.dispose()

    routes = [
        Route("/", view.home),
        Route("/reports", view.reports_page),
        Route("/reports/{report_id}", view.report_page),
        Route("/reports/{report_id}/archived", view.archived_copy),
        Route("/coverage", view.coverage_page),
        Route("/api/reports", view.api_reports),
        Route("/api/reports/{report_id}", view.api_report),
        Route("/api/coverage", view.api_coverage),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    return Starlette(routes=routes, lifespan=lifespan, exception_handlers={HTTPException: _error})
