"""Where a page was found: the issuer's own portal, another government's site, a republication,
or a spam/template site. Host lists and spam cues live in ``data/sources.yaml``.

The issuer's place is compared with the host when the host tells a place (a province portal
domain or a central ministry host) and otherwise with the site name / 发布机构 the cleaner lifted
out of the page. A government host that tells nothing either way counts as the issuer's own portal
(reason ``source:gov_host_unverified``): government sites mostly carry their own reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from schemas import CleanedPage, ReportFacts, SourceKind
from streams.analysis.regions import names_its_place, url_hostname

_DATA = Path(__file__).parent / "data" / "sources.yaml"

SPAM_SCAN_CHARS = 3000  # spam lines sit in the page chrome: the first and last few thousand chars
_PLACE_SUFFIX = re.compile(
    r"(?:壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市|自治州|州|地区|盟|自治县|县|自治旗|旗|区|"
    r"街道办事处|街道|镇|乡)$"
)


@dataclass(frozen=True, slots=True)
class _Tables:
    government_suffixes: tuple[str, ...]
    government_hosts: frozenset[str]
    central_hosts: dict[str, str]
    republication_suffixes: tuple[str, ...]
    template_suffixes: tuple[str, ...]
    spam_cues: re.Pattern[str]
    # The literals of which one must occur before spam_cues is tried, as one alternation: one scan of the
    # text (sre skips to their first characters), where a search per literal cost 23 scans.
    spam_needs: re.Pattern[str] | None
    government_cms_paths: re.Pattern[str]
    central_body: re.Pattern[str]


def _load(path: Path) -> _Tables:
    raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return _Tables(
        government_suffixes=tuple(s.lower() for s in raw["government_suffixes"]),
        government_hosts=frozenset(h.lower() for h in raw.get("government_hosts") or ()),
        central_hosts={k.lower(): v for k, v in (raw.get("central_hosts") or {}).items()},
        republication_suffixes=tuple(s.lower() for s in raw.get("republication_suffixes") or ()),
        template_suffixes=tuple(s.lower() for s in raw.get("template_suffixes") or ()),
        spam_cues=re.compile(raw["spam_cues"]),
        spam_needs=re.compile("|".join(map(re.escape, raw["spam_needs"]))) if raw.get("spam_needs") else None,
        government_cms_paths=re.compile(raw["government_cms_paths"], re.IGNORECASE),
        central_body=re.compile(raw["central_body"]),
    )


TABLES = _load(_DATA)


def host_of(url: str | None) -> str | None:
    """The lower-cased host name of a URL, or None when there is none."""
    if not url:
        return None
    try:
        host = url_hostname(url)     # urlsplit's hostname, read once a page and shared with the evidence
    except ValueError:
        return None
    return host.rstrip(".").lower() if host else None


def _under(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def _longest_domain(host: str, table: dict[str, str]) -> str | None:
    best = None
    for domain in table:
        if _under(host, domain) and (best is None or len(domain) > len(best)):
            best = domain
    return table[best] if best else None


def is_repost_host(url: str | None) -> bool:
    """Is the page on a platform or news site that reposts others' texts (mp.weixin.qq.com, toutiao.com)?"""
    host = host_of(url)
    return bool(host) and host.endswith(TABLES.republication_suffixes)


def is_government_host(host: str | None) -> bool:
    if not host:
        return False
    return host.endswith(TABLES.government_suffixes) or any(
        _under(host, known) for known in TABLES.government_hosts)


def names_spam(text: str) -> bool:
    """A gambling or betting brand's advert in `text` (澳门银河娱乐, 皇冠体育), not a word such a brand
    shares with a place or a body (澳门, 皇冠)."""
    return bool(TABLES.spam_cues.search(text))


def has_spam_cues(page: CleanedPage, text: str | None = None) -> bool:
    """Gambling/SEO spam in the page chrome or body; `text` may pass the ends of the page already cut."""
    if text is None:
        paragraphs = page.paragraphs
        text = "\n".join(paragraphs[:60] + paragraphs[-30:] if len(paragraphs) > 90 else paragraphs)
        if len(text) > 2 * SPAM_SCAN_CHARS:
            text = text[:SPAM_SCAN_CHARS] + "\n" + text[-SPAM_SCAN_CHARS:]
    text = " ".join(filter(None, (page.title, page.site_name, page.source, text)))
    if TABLES.spam_needs is not None and not TABLES.spam_needs.search(text):
        return False
    return names_spam(text)


def names_no_body(page: CleanedPage, facts: ReportFacts, text: str | None = None) -> bool:
    """The page names no body that could have issued it (no place anywhere, no central body) and is not
    on a government site: a report with its issuer taken out, as sample-essay sites publish them. Not
    where gambling spam was injected: the injection, not a sample site, took the names out (bbin体育:
    where the county stood). `text` as in `has_spam_cues`."""
    if facts.region.province or is_government_host(host_of(page.url)) or has_spam_cues(page, text):
        return False
    names = facts.issuers or ([facts.issuer] if facts.issuer else [])
    return not any(TABLES.central_body.match(name) or names_its_place(name) for name in names)


def place_names(facts: ReportFacts | None) -> list[str]:
    """Names of the issuer's place, most specific first, with and without their suffix."""
    if facts is None:
        return []
    region = facts.region
    names: list[str] = []
    for name in (region.township, region.county, region.prefecture, region.province):
        if not name:
            continue
        names.append(name)
        short = _PLACE_SUFFIX.sub("", name)
        if len(short) >= 2 and short != name:
            names.append(short)
    return names


def _lineages_by_name(divisions: Any, facts: ReportFacts) -> list[tuple[int, ...]]:
    """Lineages of the units the region's most specific name may denote, consistent with its parents."""
    region = facts.region
    names = [n for n in (region.province, region.prefecture, region.county, region.township) if n]
    if not names:
        return []
    lineages = []
    for uid in divisions.by_name.get(names[-1], ()):
        lineage = divisions.units[uid].lineage
        ancestors = {divisions.units[other].name for other in lineage}
        if all(name in ancestors for name in names[:-1]):
            lineages.append(lineage)
    return lineages


def _host_is_issuer_place(url: str | None, facts: ReportFacts | None) -> bool | None:
    """Does the place a government host names (suizhou.gov.cn -> 随州市) contain the issuer's place?

    None when either side is unknown. A county portal carrying its townships' and departments'
    reports is their own portal; a county site re-posting the province's report is not.
    """
    if facts is None:
        return None
    from streams.analysis import regions  # imported late: the table loads on first use

    divisions = regions.table()
    issuer = regions.unit_of(facts.region)
    lineages = [issuer.lineage] if issuer else _lineages_by_name(divisions, facts)
    if not lineages:
        return None
    labels = regions.host_labels(url)
    # The gov.cn domain table first (gd.gov.cn is 广东省, cq.gov.cn 重庆市), as the region evidence reads it.
    known = divisions.by_domain.get(labels[0] + ".gov.cn") if labels else None
    if known is not None:
        return any(known in lineage for lineage in lineages)
    for label in labels:
        hits = divisions.by_slug.get(label)
        if not hits:
            continue
        best = max(weight for _, weight in hits)
        host_places = {uid for uid, weight in hits if weight == best}
        return any(uid in lineage for lineage in lineages for uid in host_places)
    return None


def _domain_province(host: str) -> str | None:
    """The province (short name) of a host the gov.cn domain table names (sft.gd.gov.cn -> 广东)."""
    from streams.analysis import regions  # imported late: the table loads on first use

    divisions = regions.table()
    uid = divisions.by_domain.get(".".join(host.split(".")[-3:]))
    if uid is None:
        return None
    return divisions.units[divisions.units[uid].lineage[0]].short


def _own_or_other(host: str, page: CleanedPage, facts: ReportFacts | None) -> tuple[SourceKind, str]:
    issuer = (facts.issuer or "") if facts else ""
    central = _longest_domain(host, TABLES.central_hosts)
    if central and issuer:
        if central in issuer:
            return SourceKind.own_portal, "source:central_host_issuer"
        return SourceKind.other_government, "source:central_host_other_issuer"
    on_own_ground = _host_is_issuer_place(page.url, facts)
    if on_own_ground is not None:
        if on_own_ground:
            return SourceKind.own_portal, "source:host_names_issuer_place"
        return SourceKind.other_government, "source:host_names_other_place"
    province = _domain_province(host)
    if province and facts is not None and facts.region.province:
        named = facts.region.province
        if _PLACE_SUFFIX.sub("", named) == province or named.startswith(province):
            return SourceKind.own_portal, "source:province_host_matches"
        return SourceKind.other_government, "source:province_host_other_place"
    names = place_names(facts)
    site = " ".join(filter(None, (page.site_name, page.source)))
    if names and site:
        if any(name in site for name in names) or (issuer and issuer in site):
            return SourceKind.own_portal, "source:site_names_issuer_place"
        if "政府" in site:  # a government site named after a place that is not the issuer's
            return SourceKind.other_government, "source:site_names_other_place"
    return SourceKind.own_portal, "source:gov_host_unverified"


def source_kind(page: CleanedPage, facts: ReportFacts | None = None, *,
                template: bool = False, text: str | None = None) -> tuple[SourceKind, str]:
    """Classify where the page was found; returns the kind and a short reason name ("" if none).

    `template` says the classifier saw template placeholders; `text` is the part of the page to
    scan for spam (the classifier passes the head and tail it already normalized).
    """
    try:
        if has_spam_cues(page, text):
            return SourceKind.spam_or_template, "source:spam_cues"
        host = host_of(page.url)
        if template:
            return SourceKind.spam_or_template, "source:template_cues"
        if host is None:
            return SourceKind.unknown, ""
        if host.endswith(TABLES.template_suffixes):
            return SourceKind.spam_or_template, "source:template_site"
        if is_government_host(host):
            return _own_or_other(host, page, facts)
        if host.endswith(TABLES.republication_suffixes):
            return SourceKind.republication, "source:news_or_document_site"
        path = urlsplit(page.url or "").path
        if TABLES.government_cms_paths.search(path):
            return SourceKind.spam_or_template, "source:mirror_of_government_page"
        return SourceKind.republication, "source:non_government_host"
    except ValueError:  # urlsplit rejects some malformed URLs (bad IPv6 brackets, ports)
        return SourceKind.unknown, ""
