"""HTML or plain text -> CleanedPage. (Placeholder: replaced by the full cleaner.)"""

from __future__ import annotations

from schemas import CleanedPage


def clean(document: str, url: str | None = None, *, encoding: str | None = None,
          decode_errors: bool = False) -> CleanedPage:
    lines = [line.strip() for line in document.splitlines()]
    paragraphs = [line for line in lines if line]
    return CleanedPage(url=url, title=paragraphs[0] if paragraphs else None, paragraphs=paragraphs,
                       encoding=encoding, decode_errors=decode_errors)
