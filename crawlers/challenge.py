"""Recognise anti-bot challenge pages (rules in ``data/challenges.yaml``); never bypass them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import yaml
from pydantic import Field, model_validator

from schemas._base import Contract

RULES_FILE = Path(__file__).parent / "data" / "challenges.yaml"
BODY_WINDOW = 64 * 1024  # challenge pages are small; the script sits near the top


class ChallengeRule(Contract):
    name: str = Field(min_length=1)
    vendor: str = ""
    status: list[int] = Field(default_factory=list)
    header: str | None = None
    cookie_suffix: list[str] = Field(default_factory=list)
    body: str | None = None

    @model_validator(mode="after")
    def _has_condition(self) -> ChallengeRule:
        if not (self.status or self.header or self.cookie_suffix or self.body):
            raise ValueError(f"challenge rule {self.name!r} has no condition")
        if self.body is not None:
            re.compile(self.body)
        return self


class ChallengeRules(Contract):
    rules: list[ChallengeRule]


class Detector:
    """Matches responses against the rules; `detect` returns the first rule name that matches."""

    def __init__(self, rules: Iterable[ChallengeRule]) -> None:
        self._rules = [(rule, re.compile(rule.body.encode()) if rule.body else None) for rule in rules]

    def detect(self, status: int, headers: Iterable[tuple[str, str]], body: bytes) -> str | None:
        pairs = [(name.lower(), value) for name, value in headers]
        names = {name for name, _ in pairs}
        cookies = [value.split("=", 1)[0].strip() for name, value in pairs if name == "set-cookie"]
        window = body[:BODY_WINDOW]
        for rule, body_pattern in self._rules:
            if rule.status and status not in rule.status:
                continue
            if rule.header and rule.header.lower() not in names:
                continue
            if rule.cookie_suffix and not any(c.endswith(tuple(rule.cookie_suffix)) for c in cookies):
                continue
            if body_pattern is not None and not body_pattern.search(window):
                continue
            return rule.name
        return None


@cache
def default_detector() -> Detector:
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    return Detector(ChallengeRules.model_validate(data).rules)
