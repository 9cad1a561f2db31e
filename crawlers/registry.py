"""Load and check a portal registry file (YAML, model `schemas.registry.Registry`).

`registry_problems` finds every problem of a parsed file at once (schema, per portal; duplicate
portal ids; the same column URL twice; region codes the region table does not know), each named
by its portal (``portals[3] 'gd-sft': ...``). `load_registry` refuses a file with any of them, and
``fazhi registry check FILE`` (`crawlers.commands`) prints them one per line.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import ValidationError

from schemas._problems import describe_error, report
from schemas.registry import Portal, Registry

STARTER_REGISTRY = Path(__file__).parent / "data" / "portals.yaml"


class RegistryError(ValueError):
    """The registry file cannot be used; the message names the file and every problem's location."""


def load_registry(path: str | Path = STARTER_REGISTRY, *, check_regions: bool = True) -> Registry:
    """Read and check a registry file.

    `check_regions` also looks every `region_code` up in the region table (a code that names no
    division, or a level that disagrees with it, is a problem); it loads the table once (~1 s).
    """
    path = Path(path)
    return parse_registry(read_registry_text(path), source=str(path), check_regions=check_regions)


def read_registry_text(path: Path) -> str:
    """The file's text, or `RegistryError` naming the file."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RegistryError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: cannot read: {exc}") from exc


def registry_data(text: str, *, source: str = "<registry>") -> Any:
    """The parsed YAML, or `RegistryError` with the line and column of the syntax error."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RegistryError(f"{source}: not valid YAML{at}: {problem}") from exc


def parse_registry(text: str, *, source: str = "<registry>", check_regions: bool = True) -> Registry:
    registry, problems = registry_problems(registry_data(text, source=source), check_regions=check_regions)
    if registry is None or problems:
        raise RegistryError(report(source, problems))
    return registry


def registry_problems(data: Any, *, check_regions: bool = True) -> tuple[Registry | None, list[str]]:
    """(the registry, or None when it has problems; every problem of `data`, the parsed file).

    Each portal is validated on its own, so one bad portal does not hide the next one's problems.
    """
    if not isinstance(data, Mapping):
        return None, [f"expected a mapping with a 'portals' list, got {type(data).__name__}"]
    problems: list[str] = []
    items = data.get("portals", [])
    if not isinstance(items, list):
        return None, [f"portals: expected a list of portals, got {type(items).__name__}"]
    try:  # the file's own fields (schema_version, unknown keys), portals aside
        Registry.model_validate({**data, "portals": []})
    except ValidationError as exc:
        problems += [describe_error(error, data, collection="portals", name_field="id", label=_label)
                     for error in exc.errors()]  # fmt: skip
    portals: dict[int, Portal] = {}
    for index, item in enumerate(items):
        try:
            portals[index] = Portal.model_validate(item)
        except ValidationError as exc:
            problems += [describe_error({**error, "loc": ("portals", index, *error["loc"])}, data,
                                        collection="portals", name_field="id", label=_label, whole="portal")
                         for error in exc.errors()]  # fmt: skip
    problems += _duplicate_problems(items, portals)
    if check_regions:
        problems += [problem for index, portal in portals.items()
                     for problem in _region_problems(index, portal)]  # fmt: skip
    if problems:
        return None, problems
    return Registry.model_validate(data), []


def _duplicate_problems(items: list[Any], portals: Mapping[int, Portal]) -> list[str]:
    """The same portal id twice, the same column URL twice (in one portal or across portals)."""
    problems = []
    first_id: dict[str, int] = {}
    for index, item in enumerate(items):
        portal_id = item.get("id") if isinstance(item, Mapping) else None
        if not isinstance(portal_id, str):
            continue
        if portal_id in first_id:
            problems.append(f"{_label(index, portal_id)}: duplicate portal id {portal_id!r} "
                            f"(also portals[{first_id[portal_id]}])")
        else:
            first_id[portal_id] = index
    first_url: dict[str, str] = {}
    for index, portal in portals.items():
        for position, column in enumerate(portal.columns):
            key = _same_page(column.url)
            where = f"{_label(index, portal.id)} columns[{position}] {column.id!r}"
            if key in first_url:
                problems.append(f"{_label(index, portal.id)}: columns[{position}].url: {column.url} "
                                f"is already watched by {first_url[key]}")
            else:
                first_url[key] = where
    return problems


def _same_page(url: str) -> str:
    """What makes two column URLs the same list page: case-insensitive host, no fragment."""
    parts = urlsplit(url)
    return parts._replace(netloc=parts.netloc.lower(), fragment="", path=parts.path or "/").geturl()


def _region_problems(index: int, portal: Portal) -> list[str]:
    from streams.analysis.regions import table  # the table is big: load it only when checking

    regions = table()
    uid = regions.by_code.get(portal.region_code)
    where = _label(index, portal.id)
    if uid is None:
        return [f"{where}: region_code: {portal.region_code} names no division in the region table"]
    unit = regions.unit(uid)
    if unit.level is not portal.level:
        return [f"{where}: level: {portal.region_code} ({unit.name}) is a {unit.level.value}, "
                f"not a {portal.level.value}"]
    return []


def _label(index: int, portal_id: str | None) -> str:
    return f"portals[{index}]" + (f" {portal_id!r}" if portal_id else "")
