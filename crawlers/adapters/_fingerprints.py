"""CMS detection by weighted fingerprints kept as data (crawlers/data/cms_fingerprints.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

FINGERPRINTS_FILE = Path(__file__).resolve().parents[1] / "data" / "cms_fingerprints.yaml"
# Fingerprints sit in the page head and the list region; scanning further only costs time.
SCAN_CHARS = 400_000


@dataclass(frozen=True, slots=True)
class _Signal:
    kind: str  # contains | pattern | url
    value: str
    weight: int
    regex: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class _Cms:
    name: str
    min_score: int
    signals: tuple[_Signal, ...]


@dataclass(frozen=True, slots=True)
class Fingerprints:
    generic: str
    cms: tuple[_Cms, ...]

    def detect(self, url: str, text: str) -> str:
        head = text[:SCAN_CHARS]
        best_name, best_score = self.generic, 0
        for cms in self.cms:
            score = sum(signal.weight for signal in cms.signals if _fires(signal, url, head))
            if score >= cms.min_score and score > best_score:
                best_name, best_score = cms.name, score
        return best_name


def _fires(signal: _Signal, url: str, text: str) -> bool:
    if signal.kind == "contains":
        return signal.value in text
    target = url if signal.kind == "url" else text
    return signal.regex is not None and signal.regex.search(target) is not None


def parse_fingerprints(data: Any) -> Fingerprints:
    """Validate the YAML document; a malformed file is a clear ValueError naming the entry."""
    if not isinstance(data, dict) or not isinstance(data.get("cms"), dict):
        raise ValueError("cms fingerprints: expected a mapping with a `cms` mapping")
    entries: list[_Cms] = []
    for name, spec in data["cms"].items():
        if not isinstance(spec, dict) or not isinstance(spec.get("signals"), list):
            raise ValueError(f"cms fingerprints: {name}: expected `min_score` and a `signals` list")
        signals: list[_Signal] = []
        for index, raw in enumerate(spec["signals"]):
            kinds = [key for key in ("contains", "pattern", "url") if isinstance(raw, dict) and key in raw]
            if len(kinds) != 1 or not isinstance(raw.get("weight"), int):
                raise ValueError(
                    f"cms fingerprints: {name}.signals[{index}]: "
                    "expected one of contains/pattern/url and an int weight"
                )
            kind = kinds[0]
            value = str(raw[kind])
            try:
                regex = re.compile(value, re.IGNORECASE) if kind != "contains" else None
            except re.error as exc:
                raise ValueError(f"cms fingerprints: {name}.signals[{index}]: bad regex: {exc}") from exc
            signals.append(_Signal(kind, value, raw["weight"], regex))
        min_score = spec.get("min_score")
        if not isinstance(min_score, int) or min_score < 1:
            raise ValueError(f"cms fingerprints: {name}: min_score must be a positive int")
        entries.append(_Cms(str(name), min_score, tuple(signals)))
    return Fingerprints(str(data.get("generic_name", "generic")), tuple(entries))


@lru_cache(maxsize=1)
def load_fingerprints(path: Path = FINGERPRINTS_FILE) -> Fingerprints:
    with path.open(encoding="utf-8") as handle:
        return parse_fingerprints(yaml.safe_load(handle))
