"""Readable problems for configuration files validated by our models (registry, subscriptions).

A pydantic error says ``portals.3.columns.0.url``; a person editing the file wants
``portals[3] 'gd-sft': columns[0].url: not an absolute http(s) URL``. One formatter serves every
file whose top level is a list of named entries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Label = Callable[[int, str | None], str]


def describe_error(error: Mapping[str, Any], data: Any, *, collection: str, name_field: str,
                   label: Label, whole: str = "entry") -> str:  # fmt: skip
    """One pydantic error of `data` (the parsed file) as ``<entry label>: <path>: <message>``.

    `collection` is the top-level list (``portals``), `name_field` the field naming an entry (``id``),
    `label(index, name)` how an entry is called; `whole` names an error of an entry as a whole.
    """
    loc = list(error.get("loc", ()))
    prefix = ""
    if len(loc) >= 2 and loc[0] == collection and isinstance(loc[1], int):
        index = loc[1]
        items = data.get(collection) if isinstance(data, Mapping) else None
        name = None
        if isinstance(items, list) and index < len(items) and isinstance(items[index], Mapping):
            name = items[index].get(name_field)
        prefix = label(index, name if isinstance(name, str) else None) + ": "
        loc = loc[2:]
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    if error.get("type") == "extra_forbidden":
        message = "unknown field (check the spelling)"
    return f"{prefix}{path or (whole if prefix else 'file')}: {message}"


def report(source: str, problems: list[str]) -> str:
    """All problems of one file in one message."""
    if len(problems) == 1:
        return f"{source}: {problems[0]}"
    return f"{source}: {len(problems)} problems:\n" + "\n".join(f"  - {p}" for p in problems)
