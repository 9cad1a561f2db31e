"""Documents published beside pages (PDF, DOCX, DOC, WPS, OFD): their text, pure and bounded.

    from streams.documents import extract_text, Limits
    result = extract_text(data, filename="report.pdf", content_type="application/pdf")
    result.ok, result.paragraphs, result.pages, result.needs_ocr, result.reason

`sniff` tells the format from the bytes; `extract_isolated` runs the extraction in a child
process (a fresh interpreter) with a hard time and memory limit: what the process role and
`fazhi analyze` use.
"""

from streams.documents.extract import DocumentText, ExtractionError, Limits, extract_text
from streams.documents.isolated import extract_isolated
from streams.documents.lines import join_lines, paragraphs_from_pages
from streams.documents.sniff import DOCUMENT_FORMATS, DOCUMENT_SUFFIXES, Format, sniff

__all__ = [
    "DOCUMENT_FORMATS",
    "DOCUMENT_SUFFIXES",
    "DocumentText",
    "ExtractionError",
    "Format",
    "Limits",
    "extract_isolated",
    "extract_text",
    "join_lines",
    "paragraphs_from_pages",
    "sniff",
]
