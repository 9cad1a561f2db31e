"""Load and check the subscriptions file (model: `schemas.subscriptions.SubscriptionsFile`).

Loading goes further than the model: every channel URL must load in Apprise and every province
must be a real one, so a typo (``jsn://``, 广冬) fails at start with the file, the subscription
and the field named, instead of never alerting.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from schemas._problems import describe_error, report
from schemas.subscriptions import Subscription, SubscriptionsFile
from streams.alerts._channels import ChannelError, load_channel
from streams.app import RoleConfigError

__all__ = ["SubscriptionsError", "load_subscriptions", "parse_subscriptions", "province_key"]

# Longest first: 新疆维吾尔自治区 must lose 维吾尔自治区, not only 自治区.
_PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")


class SubscriptionsError(RoleConfigError):
    """A subscriptions file that cannot be used; the message lists every problem found."""


@cache
def _provinces() -> dict[str, str]:
    """Full and short province names -> short name (广东省 and 广东 -> 广东), from the region table."""
    from schemas import Level
    from streams.analysis.regions import table

    names: dict[str, str] = {}
    for unit in table().units:
        if unit.level is Level.province:
            names[unit.name] = unit.short
            names[unit.short] = unit.short
    return names


def province_key(name: str | None) -> str | None:
    """The form provinces are compared in: the short name (广东省 -> 广东, 内蒙古自治区 -> 内蒙古)."""
    if not name:
        return None
    name = name.strip()
    known = _provinces().get(name)
    if known:
        return known
    for suffix in _PROVINCE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def load_subscriptions(path: str | Path, *, missing_ok: bool = False) -> SubscriptionsFile:
    """Read and check a subscriptions file. A missing file is an error unless `missing_ok`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if missing_ok:
            return SubscriptionsFile()
        raise SubscriptionsError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SubscriptionsError(f"{path}: cannot read: {exc}") from exc
    return parse_subscriptions(text, source=str(path))


def parse_subscriptions(text: str, *, source: str = "<subscriptions>") -> SubscriptionsFile:
    """Parse and check subscriptions YAML; `SubscriptionsError` names the source and each problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}, column {where.column + 1}" if where is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise SubscriptionsError(f"{source}: not valid YAML{at}: {problem}") from exc
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise SubscriptionsError(
            f"{source}: expected a mapping with a 'subscriptions' list, got {type(data).__name__}"
        )
    try:
        parsed = SubscriptionsFile.model_validate(data)
    except ValidationError as exc:
        problems = [describe_error(error, data, collection="subscriptions", name_field="name", label=_label)
                    for error in exc.errors()]  # fmt: skip
        raise SubscriptionsError(report(source, problems)) from exc
    problems = []
    for index, subscription in enumerate(parsed.subscriptions):
        problems.extend(_check(index, subscription))
    if problems:
        raise SubscriptionsError(report(source, problems))
    return parsed


def _check(index: int, subscription: Subscription) -> list[str]:
    """What the model cannot know: Apprise loads the channels, the provinces exist."""
    where = _label(index, subscription.name)
    problems = []
    for number, url in enumerate(subscription.channels):
        try:
            load_channel(url)
        except ChannelError as exc:
            problems.append(f"{where}: channels[{number}]: {exc}")
    for number, province in enumerate(subscription.filters.provinces):
        if province_key(province) not in _provinces():
            problems.append(f"{where}: filters.provinces[{number}]: {province!r} is not a province")
    return problems


def _label(index: int, name: str | None) -> str:
    return f"subscription #{index + 1}" + (f" {name!r}" if name else "")
