"""`fazhi registry check FILE [--online]`: is a portal registry fit for the crawl role?

Offline, every problem `crawlers.registry.registry_problems` finds (schema, duplicate portal ids,
a column URL watched twice, bad URLs, unknown CMS, region codes), one line each, named by portal.
``--online`` also asks every column URL of a valid file through the crawler's own `Fetcher`, so
with its politeness, robots.txt and address-safety rules: a column that does not answer 2xx
(timeout, HTTP error, challenge, robots.txt refusal, private address...) is a problem too.

Exit status: 0 when the file has no problem, 1 when it has one (one line per problem on
stdout, a file that cannot be read or parsed included).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from crawlers.registry import RegistryError, read_registry_text, registry_data, registry_problems
from schemas.registry import Registry

EXIT_OK, EXIT_PROBLEMS = 0, 1


def register(sub: argparse._SubParsersAction) -> None:
    registry = sub.add_parser("registry", help="portal registry: check a file")
    registry_sub = registry.add_subparsers(dest="registry_command", required=True)
    check = registry_sub.add_parser(
        "check", help="validate a portal registry file (and, --online, that its column URLs answer)",
        description="Validate a portal registry: schema, duplicate ids, duplicate column URLs, bad "
                    "URLs, unknown CMS, region codes. One line per problem naming the portal; exit 1 "
                    "when there is any, 0 when the file is good.",
    )  # fmt: skip
    check.add_argument("file", metavar="FILE", help="registry YAML (schemas/registry.py)")
    check.add_argument("--online", action="store_true",
                       help="also fetch every column URL (polite, robots.txt, no private addresses "
                            "unless the portal allows them) and report those that do not answer")  # fmt: skip
    check.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = registry_data(read_registry_text(path), source=str(path))
    except RegistryError as exc:  # names the file already
        print(exc)
        return EXIT_PROBLEMS
    registry, problems = registry_problems(data)
    if registry is not None and args.online:
        problems = asyncio.run(unreachable_columns(registry))
    for problem in problems:
        print(f"{path}: {problem}")
    if problems:
        print(f"fazhi registry check: {len(problems)} problem(s) in {path}", file=sys.stderr)
        return EXIT_PROBLEMS
    assert registry is not None
    columns = sum(len(portal.columns) for portal in registry.portals)
    online = ", every column answered" if args.online else ""
    print(f"{path}: {len(registry.portals)} portal(s), {columns} column(s), valid{online}", file=sys.stderr)
    return EXIT_OK


async def unreachable_columns(registry: Registry) -> list[str]:
    """One problem per column URL that does not answer 2xx, fetched as the crawl role would."""
    from crawlers.fetcher import Fetcher
    from crawlers.outcomes import Outcome
    from streams.settings import get_settings

    async with Fetcher(get_settings()) as fetcher:
        jobs = [(index, portal, position, column)
                for index, portal in enumerate(registry.portals)
                for position, column in enumerate(portal.columns)]  # fmt: skip
        # All at once: the fetcher keeps one request per host and FAZHI_CRAWL_CONCURRENCY overall.
        results = await asyncio.gather(*(fetcher.fetch(column.url, portal=portal)
                                         for _, portal, _, column in jobs))  # fmt: skip
    problems = []
    for (index, portal, position, column), result in zip(jobs, results, strict=True):
        if result.outcome is Outcome.ok:
            continue
        detail = result.error or (f"HTTP {result.status}" if result.status else None)
        problems.append(f"portals[{index}] {portal.id!r}: columns[{position}] {column.id!r}: {column.url} "
                        f"does not answer: {result.outcome}" + (f" ({detail})" if detail else ""))
    return problems
