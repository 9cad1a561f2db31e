"""What the storage sink hands back: a stored report as ``fazhi reports`` prints it."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from schemas.analysis import AnalysisRecord


class StoredReport(AnalysisRecord):
    """The fields of an `AnalysisRecord` (current version of the report) plus its storage history.

    ``source`` and ``url`` are the canonical source (the issuer's own portal when seen there).
    """

    report_id: str = Field(description="Stable id: issuer + year covered")
    source_url: str = Field(description="Canonical source URL")
    first_seen: datetime = Field(description="First fetch of any version or copy")
    last_seen: datetime = Field(description="Latest fetch of any version or copy")
    revisions: int = Field(0, ge=0, description="Distinct versions (content hashes) seen, minus one")
    content_hash: str = Field(description="Hash of the normalized body of the current version")
    source_urls: list[str] = Field(default_factory=list, description="Every URL the report was seen at")
