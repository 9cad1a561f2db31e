"""The `fazhi` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def cmd_schemas_export(args: argparse.Namespace) -> int:
    from schemas.export import export

    for path in export():
        print(path)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """The main job: the whole pipeline on the sample pages and the seeds (see `streams.demo`)."""
    from streams.demo import DemoError, run_demo

    try:
        run_demo(Path(args.shared))
    except DemoError as exc:
        print(f"fazhi demo: {exc}", file=sys.stderr)
        return 1
    return 0


# Each module adds its own subcommands with `register(subparsers)` (analysis, pipeline, storage, alerts,
# coverage, web view, portal registry, list pages).
COMMAND_MODULES = ("streams.analysis.commands", "streams.runner", "streams.sink.commands",
                   "streams.alerts.commands", "streams.coverage.commands", "streams.web.commands",
                   "crawlers.commands", "crawlers.list_page")


def _register_command_modules(sub: argparse._SubParsersAction) -> None:
    import importlib

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name and not name.startswith(f"{exc.name}."):
                raise
            continue  # that part of the product is not installed in this build
        module.register(sub)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fazhi", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    demo_p = sub.add_parser("demo", help="run the whole pipeline on the bundled sample pages and the seeds")
    demo_p.add_argument("--shared", default="../shared", help="folder with seeds/ and corpus/")
    demo_p.set_defaults(func=cmd_demo)

    schemas_p = sub.add_parser("schemas", help="JSON Schemas of the contracts")
    schemas_sub = schemas_p.add_subparsers(dest="schemas_command", required=True)
    export_p = schemas_sub.add_parser("export", help="write schemas/json/*.schema.json")
    export_p.set_defaults(func=cmd_schemas_export)
    _register_command_modules(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from streams.settings import environment_exit_code

    args = build_parser().parse_args(argv)
    if (code := environment_exit_code(sys.stderr)) is not None:
        return code
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
