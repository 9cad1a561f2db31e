"""Load and check a portal registry file (YAML, model `schemas.registry.Registry`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

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
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RegistryError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: cannot read: {exc}") from exc
    return parse_registry(text, source=str(path), check_regions=check_regions)


def parse_registry(text: str, *, source: str = "<registry>", check_regions: bool = True) -> Registry:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RegistryError(f"{source}: not valid YAML{at}: {problem}") from exc
    if not isinstance(data, Mapping):
        raise RegistryError(f"{source}: expected a mapping with a 'portals' list, got {type(data).__name__}")
    try:
        registry = Registry.model_validate(data)
    except ValidationError as exc:
        problems = [describe_error(error, data, collection="portals", name_field="id", label=_label,
                                   whole="portal") for error in exc.errors()]  # fmt: skip
        raise RegistryError(report(source, problems)) from exc
    if check_regions:
        problems = [problem for index, portal in enumerate(registry.portals)
                    for problem in _region_problems(index, portal)]
        if problems:
            raise RegistryError(report(source, problems))
    return registry


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
