"""`fazhi list-page FILE|URL`: what the crawler sees on one list page (a registry author's first tool).

Prints `{"cms", "items": [{"url", "title", "date"}], "total_pages", "error"}` plus the page's number,
record total, next list page and notes. A URL is fetched through the crawler's own fetcher (robots,
politeness, address checks, size limit); a FILE is read as the page at `--url` (else the address a
browser wrote into a saved page, `<!-- saved from url=(0052)http://... -->`, else a `FILE.url`
sidecar). Bytes are decoded by the project's decoder, which does not trust charset labels.
A JSON API is read with `--json-list MAPPING.yaml`, or the mapping of the registry column (or
portal) the address belongs to (`--registry`, default FAZHI_CRAWL_REGISTRY, else the starter).
Exit 1 with `error` set when the page cannot be fetched or read.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import yaml
from pydantic import ValidationError

from crawlers.adapters import CMS_NAMES, ListPage, parse_list
from schemas.registry import JsonList, Portal, Registry

if TYPE_CHECKING:
    from crawlers.fetcher import FetchResult

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(?P<url>https?://[^\s>]+?)\s*-->", re.IGNORECASE)
_SUFFIX_TYPES = {".json": "application/json", ".xml": "text/xml", ".jsp": None}


def register(sub: argparse._SubParsersAction) -> None:
    page = sub.add_parser(
        "list-page", help="show the items and pages the crawler reads on one list page",
        description="Show what the crawler sees on one list page: its CMS, items (url, title, date), "
                    "page count and errors. SOURCE is a URL (fetched politely) or a saved FILE.",
    )  # fmt: skip
    page.add_argument("source", metavar="FILE|URL", help="saved page (or '-' for stdin) or http(s) address")
    page.add_argument("--url", help="the address of FILE (links are resolved against it)")
    page.add_argument("--cms", choices=("auto", *CMS_NAMES), default=None,
                      help="adapter to use (default: the registry's hint, else the page's fingerprint)")
    page.add_argument("--json-list", metavar="MAPPING.yaml",
                      help="read a JSON API with this mapping (schemas/registry.py JsonList, YAML or JSON)")
    page.add_argument("--registry", metavar="FILE",
                      help="registry whose column/portal settings apply (default: FAZHI_CRAWL_REGISTRY, "
                           "else the starter registry)")
    page.add_argument("--format", choices=("json", "table"), default="json")
    page.set_defaults(func=cmd_list_page)


def cmd_list_page(args: argparse.Namespace) -> int:
    try:
        result = list_page(args.source, url=args.url, cms=args.cms, json_list_path=args.json_list,
                           registry_path=args.registry)
    except Exception as exc:  # the command's boundary: one line, never a traceback
        result = _report(None, None, f"{type(exc).__name__}: {exc}")
    if args.format == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        print_table(result)
    if result["error"]:
        print(f"fazhi list-page: {result['error']}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def list_page(source: str, *, url: str | None = None, cms: str | None = None,
              json_list_path: str | None = None, registry_path: str | None = None) -> dict[str, Any]:
    """The command's result as a dict (what `--format json` prints)."""
    is_address = source.lower().startswith(("http://", "https://"))
    if is_address:
        address = url or source
    else:
        try:
            body = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
        except OSError as exc:
            return _report(None, None, f"{source}: {exc.strerror or exc}")
        address = url or _saved_from(body) or _sidecar(source)
        if address is None:
            return _report(None, None, f"{source}: give the page's address with --url (links are resolved "
                                       "against it)")
    if urlsplit(address).scheme not in ("http", "https") or not urlsplit(address).hostname:
        return _report(None, None, f"not an http(s) address: {address!r}")

    try:
        portal, json_list = _settings_for(address, registry_path)
    except (OSError, ValueError) as exc:
        if registry_path:  # asked for: its problem is the answer
            return _report(None, None, f"{registry_path}: {exc}")
        portal, json_list = None, None  # the default registry is only a convenience here
    if json_list_path:
        json_list = load_json_list(json_list_path)
    hint = cms or (portal.cms if portal is not None else None)

    content_type: str | None
    if is_address:
        fetched = asyncio.run(_fetch(source, portal))
        if fetched.outcome.value != "ok":
            detail = f" ({fetched.error})" if fetched.error else ""
            status = f" HTTP {fetched.status}" if fetched.status else ""
            return _report(None, None, f"{source}: fetch {fetched.outcome.value}{status}{detail}")
        body, content_type = fetched.body, fetched.headers.get("content-type")
        address = fetched.final_url if url is None else address
    else:
        content_type = _SUFFIX_TYPES.get(Path(source).suffix.lower())
    strict = cms not in (None, "auto")
    page = parse_list(hint, address, body, content_type, json_list=json_list, strict=strict)
    error = page.error
    if error is None and not page.items and not page.next_urls and page.total_items != 0:
        # Nothing the crawler could follow: say so (an empty column states its total of 0).
        error = f"no list entries found on the page (read as {page.cms})"
    return _report(page, address, error)


def _report(page: ListPage | None, address: str | None, error: str | None) -> dict[str, Any]:
    next_urls = page.remaining_page_urls() if page is not None else ()
    return {
        "cms": page.cms if page is not None else None,
        "url": address,
        "items": [{"url": item.url, "title": item.title, "date": item.date.isoformat() if item.date else None}
                  for item in (page.items if page is not None else ())],
        "total_pages": page.total_pages if page is not None else None,
        "page": page.page_number if page is not None else None,
        "total_items": page.total_items if page is not None else None,
        "next_url": next_urls[0] if next_urls else None,
        "notes": list(page.notes) if page is not None else [],
        "error": error,
    }


def _saved_from(body: bytes) -> str | None:
    """The address a browser writes into a page it saved (`<!-- saved from url=(0052)http://... -->`)."""
    match = _SAVED_FROM.search(body[:4096])
    return match.group("url").decode("ascii", "replace") if match else None


def _sidecar(source: str) -> str | None:
    if source == "-":
        return None
    try:
        return Path(source + ".url").read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def load_json_list(path: str) -> JsonList:
    """A JsonList mapping from a YAML/JSON file; a clear ValueError when it is not one."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"{path}: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not YAML/JSON: {exc}") from exc
    if isinstance(data, dict) and "json_list" in data:
        data = data["json_list"]
    try:
        return JsonList.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'mapping'}: {e['msg']}" for e in exc.errors())
        raise ValueError(f"{path}: bad json_list mapping: {problems}") from exc


def _settings_for(address: str, registry_path: str | None) -> tuple[Portal | None, JsonList | None]:
    """The registry portal (and JSON mapping) the address belongs to: its column, else its host."""
    from crawlers.registry import STARTER_REGISTRY, load_registry
    from streams.settings import get_settings

    path = registry_path or get_settings().crawl_registry or STARTER_REGISTRY
    registry: Registry = load_registry(path, check_regions=False)
    host = urlsplit(address).hostname
    bare = address.split("?", 1)[0].split("#", 1)[0]
    for portal in registry.portals:
        for column in portal.columns:
            if column.url.split("?", 1)[0].split("#", 1)[0] == bare:
                return portal, portal.json_list_of(column)
    for portal in registry.portals:
        if any(urlsplit(column.url).hostname == host for column in portal.columns) or \
                urlsplit(portal.base_url).hostname == host:
            return portal, portal.json_list
    return None, None


async def _fetch(url: str, portal: Portal | None) -> FetchResult:
    from crawlers.fetcher import Fetcher

    async with Fetcher() as fetcher:
        return await fetcher.fetch(url, portal=portal)


def print_table(result: dict[str, Any], out: Any = None) -> None:
    out = out or sys.stdout
    pages = result["total_pages"] if result["total_pages"] is not None else "?"
    records = result["total_items"] if result["total_items"] is not None else "?"
    out.write(f"cms: {result['cms'] or '-'}   page {result['page'] or '-'} of {pages}   "
              f"items: {len(result['items'])}   records: {records}\n")
    if result["next_url"]:
        out.write(f"next page: {result['next_url']}\n")
    for note in result["notes"]:
        out.write(f"note: {note}\n")
    if result["error"]:
        out.write(f"error: {result['error']}\n")
    for item in result["items"]:
        out.write(f"{item['date'] or '----------'}  {item['title']}\n            {item['url']}\n")
