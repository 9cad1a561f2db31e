"""Contracts of fazhi-watch: every topic value and config file is one of these models.

Downstream teams read the JSON Schemas exported under ``schemas/json/``.
"""

from schemas.analysis import AnalysisRecord
from schemas.documents import DocumentKind, SourceKind, Verdict
from schemas.pages import Attachment, CleanedPage, DocumentRead, PublishedFrom
from schemas.reports import Indicator, IssuerKind, Level, Region, ReportFacts, Sections

__all__ = [
    "AnalysisRecord",
    "Attachment",
    "CleanedPage",
    "DocumentKind",
    "DocumentRead",
    "Indicator",
    "IssuerKind",
    "Level",
    "PublishedFrom",
    "Region",
    "ReportFacts",
    "Sections",
    "SourceKind",
    "Verdict",
]
