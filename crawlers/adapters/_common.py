"""Helpers shared by the CMS adapters: bytes to text, URLs, titles and dates of list rows."""

from __future__ import annotations

import html as html_entities
import re
from datetime import date
from urllib.parse import urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser
from tld import get_fld

from streams.analysis.dates import date_from_url, parse_date
from streams.analysis.decode import decode

_SPACES = re.compile(r"\s+")
_SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "#")


def to_text(body: bytes | str, content_type: str | None) -> str:
    """Page text; bytes go through the project's decoder (lying charset labels are common)."""
    if isinstance(body, str):
        return body
    return decode(body, content_type).text


def absolute_url(base: str, href: str | None) -> str | None:
    """`href` resolved against `base` without its fragment; None for non-http(s) or empty links."""
    if not href:
        return None
    href = html_entities.unescape(href).strip()
    if not href or href.lower().startswith(_SKIPPED_SCHEMES):
        return None
    try:
        joined = urljoin(base, href)
        parts = urlsplit(joined)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def unescape_all(text: str) -> str:
    """HTML entities decoded until none is left: CMSes double-encode (`&amp;#x6e56;` is 湖)."""
    for _ in range(3):
        decoded = html_entities.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


def document_base(url: str, tree: LexborHTMLParser) -> str:
    """The address relative links of a parsed page resolve against: its `<base href>`, else `url`."""
    base = tree.css_first("base[href]")
    href = base.attributes.get("href") if base is not None else None
    return (absolute_url(url, href) or url) if href else url


def clean_title(text: str | None) -> str:
    return _SPACES.sub(" ", unescape_all(text or "")).strip()


def row_date(text: str, url: str | None = None) -> date | None:
    """The date a list row shows, else the one its link address carries (CMS paths embed it)."""
    return parse_date(text) or date_from_url(url)


def site_of(url: str) -> str | None:
    """Registrable domain (`gz.gov.cn` for `www.gz.gov.cn`); the host itself when there is none
    (IP addresses, `.test` names of the demo portal)."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    registrable = get_fld(f"http://{host}/", fail_silently=True)
    if registrable:
        return str(registrable)
    labels = host.split(".")
    # Not a public suffix (`.test`, intranet names): the last two labels still group sibling hosts.
    return ".".join(labels[-2:]) if len(labels) > 2 and not host.replace(".", "").isdigit() else host


def same_site(a: str, b: str) -> bool:
    site = site_of(a)
    return site is not None and site == site_of(b)


def to_int(value: object) -> int | None:
    """A non-negative int from a count field ('123', 123, ' 9 '); None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def format_literal(text: str) -> str:
    """`text` made safe inside a `str.format` template (URLs may contain braces)."""
    return text.replace("{", "{{").replace("}", "}}")
