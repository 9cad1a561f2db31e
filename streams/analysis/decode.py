"""Bytes -> text. (Placeholder: replaced by the full decoder.)"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    errors: bool  # some bytes did not decode and were replaced with U+FFFD


def decode(data: bytes, content_type: str | None = None) -> Decoded:
    text = data.decode("utf-8", errors="replace")
    return Decoded(text=text, encoding="utf-8", errors="\ufffd" in text)
