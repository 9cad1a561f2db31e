"""Who a report is and which copy of it is the real one: pure functions, no I/O.

- `report_id`: a report is identified by its issuer and the year it covers, so a revised version
  (new text, same issuer and year) keeps its key and becomes a ``revised`` event.
- `content_hash`: a hash of the report body with everything a republishing site changes removed
  (page chrome is already gone after cleaning; blanks, punctuation, full/half width and case are
  folded here), so the same report on another site is the same content, not a revision.
- `prefer_source`: the canonical URL among the sightings of one report.

When the issuer or the year is unknown a report still counts (as a document and as a report
event) but cannot be matched to its revisions: `report_key` then falls back to the content hash,
which still merges identical copies found on several sites into sightings of one report. A URL
fallback would not, and would split one report into as many as there are sites carrying it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from schemas import CleanedPage, ReportFacts, SourceKind
from schemas.events import stable_id

# Lower rank = better canonical source.
SOURCE_RANK = {
    SourceKind.own_portal: 0,
    SourceKind.other_government: 1,
    SourceKind.unknown: 2,
    SourceKind.republication: 3,
    SourceKind.spam_or_template: 4,
}
_ISSUER_NOISE = re.compile(r"[\s·•・.,，、。:：;；\"'“”‘’()（）《》〈〉【】\[\]-]+")
# Everything but letters and digits. `re`'s \w is exactly `str.isalnum()` plus "_" (checked over all
# of Unicode in tests/streams/test_identity.py), so this keeps what a per-character `isalnum()`
# filter kept, in one C-level pass instead of a Python generator per character (a third of the
# content hash's cost, which runs on every page).
_NOT_ALNUM = re.compile(r"[\W_]+")


def _fold(text: str) -> str:
    """NFKC (full-width -> half-width), lower case, only letters and digits kept."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).lower())


def normalize_issuer(issuer: str) -> str:
    """The issuer name as compared for identity: NFKC, no blanks or punctuation."""
    return _ISSUER_NOISE.sub("", unicodedata.normalize("NFKC", issuer)).strip()


def report_id(facts: ReportFacts) -> str | None:
    """Stable id of (issuer, year covered); None when either is unknown."""
    if not facts.issuer or facts.report_year is None:
        return None
    issuer = normalize_issuer(facts.issuer)
    if not issuer:
        return None
    return stable_id("report", issuer, facts.report_year)


def report_key(facts: ReportFacts, content_hash: str) -> str:
    """`report_id`, or for a report of unknown issuer or year an id from its content hash."""
    return report_id(facts) or stable_id("report-content", content_hash)


def content_hash(page: CleanedPage | Iterable[str]) -> str:
    """Hash of the normalized body paragraphs (the title and chrome are not part of it)."""
    paragraphs = page.paragraphs if isinstance(page, CleanedPage) else page
    digest = hashlib.sha256()
    for paragraph in paragraphs:
        folded = _fold(paragraph)
        if folded:
            digest.update(folded.encode())
    return digest.hexdigest()[:32]


class Source(NamedTuple):
    """One URL a report was seen at, with the kind of site it is on."""

    url: str
    kind: SourceKind

    @property
    def rank(self) -> tuple[int, int, str]:
        # Ties between equally good sites are broken by the URL itself (shorter, then
        # lexically smaller) so the choice does
        # not depend on the order pages arrive in: a replay picks the same canonical URL.
        return SOURCE_RANK.get(self.kind, SOURCE_RANK[SourceKind.unknown]), len(self.url), self.url


def prefer_source(a: Source, b: Source) -> Source:
    """The better canonical source: own portal > other government > unknown > republication > spam."""
    return a if a.rank <= b.rank else b
