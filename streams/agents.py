"""Processing agents (role ``process``): filled in next."""

from __future__ import annotations

import faust

from streams.settings import Settings
from streams.topics import Topics


def register(app: faust.App, topics: Topics, settings: Settings) -> None:
    """Register the clean and analyze agents on `app`."""
