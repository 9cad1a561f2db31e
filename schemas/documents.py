"""The verdict on one page: is it a rule-of-law annual report, and if not, what is it."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from schemas._base import Contract


class DocumentKind(StrEnum):
    annual_report = "annual_report"
    info_disclosure_report = "info_disclosure_report"
    work_plan = "work_plan"
    notice = "notice"
    interpretation = "interpretation"
    news = "news"
    template = "template"
    statistics = "statistics"
    speech = "speech"
    research = "research"
    other = "other"


class SourceKind(StrEnum):
    own_portal = "own_portal"                  # the issuer's own government portal
    other_government = "other_government"      # another government site
    republication = "republication"            # news or document site
    spam_or_template = "spam_or_template"      # spam mirror or template/范文 site
    unknown = "unknown"                        # no URL and no telling signal


class Verdict(Contract):
    schema_version: Literal[1] = 1
    is_report: bool
    kind: DocumentKind
    confidence: float = Field(ge=0.0, le=1.0)
    reasons: list[str] = Field(default_factory=list, description="Signals that fired")
    source_kind: SourceKind = SourceKind.unknown
