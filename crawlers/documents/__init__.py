"""Attachments in the crawl: which links of a page are documents, fetched like the page and carried with it.

Text extraction is not done here (the process role does it, `streams.documents`): the crawl
role only fetches, checks that the bytes are a document, and hands them over with the page.
"""

from crawlers.documents.fetch import AttachmentFetch, fetch_attachments, is_document
from crawlers.documents.links import AttachmentLink, attachment_links, is_document_url

__all__ = ["AttachmentFetch", "AttachmentLink", "attachment_links", "fetch_attachments", "is_document",
           "is_document_url"]
