"""Validate topic values against the `schemas/` models on the way out and on the way in.

Faust cannot take a pydantic model as `value_type`, and an exception inside Faust's own
deserialization is logged and the message skipped. So topics carry raw bytes and agents decode
with `ModelCodec.loads`, which raises `CodecError`: the agent then routes the original payload
to the dead-letter topic instead of losing it.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class CodecError(ValueError):
    """A payload that is not valid JSON for the topic's model."""


class ModelCodec(Generic[M]):
    def __init__(self, model: type[M]) -> None:
        self.model = model

    def dumps(self, value: M) -> bytes:
        if not isinstance(value, self.model):
            raise CodecError(f"expected {self.model.__name__}, got {type(value).__name__}")
        return value.model_dump_json().encode()

    def loads(self, payload: bytes | None) -> M:
        if payload is None:
            raise CodecError(f"empty message where a {self.model.__name__} was expected")
        try:
            return self.model.model_validate_json(payload)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ())) or "value"
            raise CodecError(f"invalid {self.model.__name__}: {where}: {first['msg']}") from exc
