"""The demo portal's content: sites, columns and articles built from the YAML files in data/.

Pure and deterministic: the same data files give the same articles, ids, dates and addresses, so
tests and benchmarks can rely on them. Rendering to HTML lives in `_render.py`, serving in `_server.py`.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"

# The newest static notice is dated this day; `upcoming` items come after it.
NEWEST_NOTICE = datetime(2026, 3, 31, 17, 0)
_CN_NUMBERS = "一二三四五六七八九十"


@dataclass(slots=True)
class Article:
    """One detail page. `expect` is the analysis kind the text is written to be (reports:
    annual_report); `special` marks the challenge / oversized / slow page of a column."""

    key: str
    host: str
    column_id: str
    id: int
    title: str
    published: datetime
    source: str
    paragraphs: tuple[str, ...]
    kind: str  # report | notice | special
    expect: str | None = None
    special: str | None = None
    index_number: str = ""
    doc_number: str = ""
    path: str = ""
    expected: dict[str, Any] = field(default_factory=dict)  # facts the analysis should read (reports)
    # A document published with the article: pdf | docx (None: none). `direct`: the list links
    # straight to the file (no HTML page); else the page says 详见附件 and links it.
    attachment: str | None = None
    direct: bool = False
    document: tuple[str, ...] = ()  # the document's paragraphs
    document_title: str = ""
    attachment_path: str = ""  # where the document is served ('' for none; `path` when direct)

    @property
    def is_report(self) -> bool:
        return self.kind == "report"


@dataclass(slots=True)
class Column:
    id: str
    name: str
    kind: str  # notices | reports (registry ColumnKind)
    per_page: int
    col_id: int = 0  # Hanweb column id (/col/col<id>/)
    unit_id: int = 0  # Hanweb list unit id (<div id="<unitid>">)
    path: str = ""  # TRS column directory (/zwgk/tzgg/)
    articles: list[Article] = field(default_factory=list)  # newest first
    last_modified: datetime = NEWEST_NOTICE  # UTC, for Last-Modified on sites that send validators

    def list_path(self, cms: str) -> str:
        return f"/col/col{self.col_id}/index.html" if cms == "hanweb" else f"{self.path}index.html"


@dataclass(slots=True)
class Site:
    host: str
    portal_id: str
    cms: str  # hanweb | trs
    name: str
    region_code: str
    level: str
    audience: str
    site_id_code: str
    icp: str
    webid: int
    validators: bool
    crawl_delay: bool
    place: dict[str, Any]
    columns: dict[str, Column]
    origin: str = ""  # the host in sites.yaml: copies (replicas) share its content and seeds


@dataclass(frozen=True, slots=True)
class Upcoming:
    host: str
    column_id: str
    article: Article


@dataclass(slots=True)
class Content:
    sites: dict[str, Site]
    upcoming: list[Upcoming]

    def article_at(self, host: str, path: str) -> Article | None:
        site = self.sites.get(host)
        if site is None:
            return None
        for column in site.columns.values():
            for article in column.articles:
                if article.path == path:
                    return article
        return None


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _stable_rng(*parts: object) -> random.Random:
    return random.Random(zlib.crc32("|".join(map(str, parts)).encode()))


def _datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.strptime(str(value), "%Y-%m-%d %H:%M")


def _cn_number(n: int) -> str:
    return _CN_NUMBERS[n - 1] if 1 <= n <= 10 else str(n)


def _values(place: dict[str, Any], use: int, published: datetime, vary: dict[str, list[str]],
            rng: random.Random) -> dict[str, Any]:
    """Slot values for one use of a notice template."""
    def pick(name: str, stride: int, offset: int = 0) -> str:
        values = place[name]
        return str(values[(use * stride + offset) % len(values)])

    later = published + timedelta(days=rng.randint(5, 20))
    values: dict[str, Any] = {
        key: place[key] for key in ("place", "short", "gov", "office", "province_short")
    }
    values |= {
        "district": pick("districts", 1), "street": pick("streets", 3, 1), "road": pick("roads", 5, 2),
        "dept": pick("departments", 1),
        "year": published.year, "prev_year": published.year - 1,
        "month": published.month, "day": published.day, "day2": min(published.day + 4, 28),
        "month2": later.month, "date_cn": f"{published.year}年{published.month}月{published.day}日",
        "n": use + 1, "n_cn": _cn_number(use % 10 + 1),
        "count": rng.randint(3, 36), "count_a": rng.randint(1, 6), "count_b": rng.randint(2, 15),
        "count_c": rng.randint(900, 9800), "money": f"{rng.uniform(18, 960):.1f}",
        "phone": f"{place.get('area_code', '0570')}-{rng.randint(3000000, 8999999)}",
    }
    for key, options in vary.items():
        values[key] = options[use % len(options)]
    return values


def _notice_plan(templates: list[dict[str, Any]], audience: str, count: int,
                 rng: random.Random) -> list[dict[str, Any]]:
    """Templates for `count` notices newest first: repeatables round-robin, look-alikes (once)
    spread over the newest 25 positions (they are dated in the reporting season)."""
    usable = [t for t in templates if audience in t["for"]]
    repeatable = [t for t in usable if not t.get("once")]
    once = [t for t in usable if t.get("once")]
    rng.shuffle(repeatable)
    plan = [repeatable[i % len(repeatable)] for i in range(max(0, count - len(once)))]
    for index, template in enumerate(once):
        position = min(len(plan), 2 + index * 4 + rng.randint(0, 2))
        plan.insert(position, template)
    return plan[:count]


def _notice_dates(count: int, rng: random.Random) -> list[datetime]:
    dates: list[datetime] = []
    day = NEWEST_NOTICE
    for _ in range(count):
        dates.append(day.replace(hour=rng.randint(8, 17), minute=rng.choice((0, 10, 15, 20, 30, 40, 45, 50))))
        day -= timedelta(days=rng.randint(1, 4))
    return dates


def _detail_path(site: Site, column: Column, article: Article) -> str:
    day = article.published
    if article.attachment:
        # Hanweb keeps uploaded files under /picture/, TRS beside the page (P0….pdf, W0….docx).
        prefix = "P0" if article.attachment == "pdf" else "W0"
        name = f"{prefix}{day:%Y%m%d}{article.id % 1_000_000:06d}.{article.attachment}"
        article.attachment_path = (f"/picture/{column.col_id % 1000}/{name}" if site.cms == "hanweb"
                                   else f"{column.path}{day:%Y%m}/{name}")  # fmt: skip
        if article.direct:
            return article.attachment_path
    if site.cms == "hanweb":
        return f"/art/{day.year}/{day.month}/{day.day}/art_{column.col_id}_{article.id}.html"
    return f"{column.path}{day:%Y%m}/t{day:%Y%m%d}_{article.id}.html"


def _index_number(site: Site, article: Article) -> str:
    """索引号 in the TRS 信息公开 header: organisation code / year / sequence."""
    return f"{site.site_id_code[:6]}-{article.published.year}-{article.id % 100000:05d}"


class _Builder:
    def __init__(self, data_dir: Path) -> None:
        self.sites_data = _load(data_dir / "sites.yaml")
        notices = _load(data_dir / "notices.yaml")
        self.templates: list[dict[str, Any]] = notices["templates"]
        self.by_key = {t["key"]: t for t in self.templates}
        self.specials: dict[str, dict[str, Any]] = notices["specials"]
        self.reports = {
            data["key"]: data
            for data in (_load(path) for path in sorted((data_dir / "reports").glob("*.yaml")))
        }
        self.uses: dict[tuple[str, str], int] = {}  # (host, template key) -> uses so far
        self.titles: dict[str, set[str]] = {}

    def _notice(self, site: Site, column: Column, template: dict[str, Any], published: datetime) -> Article:
        use = self.uses.get((site.host, template["key"]), 0)
        self.uses[(site.host, template["key"])] = use + 1
        rng = _stable_rng(site.origin, template["key"], use)
        values = _values(site.place, use, published, template.get("vary") or {}, rng)
        title = str(template["title"]).format_map(values)
        return Article(
            key=f"{template['key']}-{use + 1}", host=site.host, column_id=column.id, id=0, title=title,
            published=published, source=str(template.get("source", "{gov}")).format_map(values),
            paragraphs=tuple(str(p).format_map(values) for p in template["paragraphs"]), kind="notice",
            expect=template.get("expect"), doc_number=str(template.get("doc_number", "")).format_map(values),
        )

    def _special(self, site: Site, column: Column, name: str, published: datetime) -> Article:
        spec = self.specials[name]
        values = _values(site.place, 0, published, {}, _stable_rng(site.origin, name))
        return Article(
            key=f"special-{name}", host=site.host, column_id=column.id, id=0,
            title=str(spec["title"]).format_map(values), published=published,
            source=str(spec.get("source", "{gov}")).format_map(values),
            paragraphs=tuple(str(p).format_map(values) for p in spec.get("paragraphs", ())),
            kind="special", special=name,
        )

    def _report(self, site: Site, column: Column, key: str) -> Article:
        """A file of reports/: an annual report, or (``kind: notice``) a notice written out in full."""
        data = self.reports[key]
        attachment = data.get("attachment") or {}
        paragraphs = tuple(data["paragraphs"])
        document: tuple[str, ...] = ()
        if attachment:
            # A report's attachment carries its text; a notice's carries a document of its own.
            document = tuple(data.get("document") or paragraphs)
            if "document" not in data:
                paragraphs = ("详见附件。",)
        kind = data.get("kind", "report")
        return Article(
            key=key, host=site.host, column_id=column.id, id=0, title=data["title"],
            published=_datetime(data["published"]), source=data["source"],
            paragraphs=paragraphs, kind=kind, expect=data.get("expect", "annual_report"),
            index_number=str(data.get("index_number", "")), doc_number=str(data.get("doc_number", "")),
            expected=dict(data.get("expected") or {}), attachment=attachment.get("format"),
            direct=bool(attachment.get("direct")), document=document,
            document_title=str(attachment.get("title") or data["title"]),
        )

    def _unique(self, site: Site, article: Article) -> bool:
        titles = self.titles.setdefault(site.host, set())
        if article.title in titles:
            return False
        titles.add(article.title)
        return True

    def build(self, replicas: int = 1) -> Content:
        sites: dict[str, Site] = {}
        for copy in range(1, replicas + 1):
            for raw in self.sites_data["sites"]:
                site = self._site(raw, copy)
                sites[site.host] = site
        upcoming = [self._upcoming(sites, raw) for raw in self.sites_data.get("upcoming") or ()]
        return Content(sites=sites, upcoming=upcoming)

    def _site(self, raw: dict[str, Any], copy: int) -> Site:
        host, portal_id = raw["host"], raw["portal_id"]
        if copy > 1:
            first, _, rest = host.partition(".")
            name, _, suffix = rest.rpartition(".")
            host, portal_id = f"{first}.{name}-{copy}.{suffix}", f"{portal_id}-{copy}"
        site = Site(
            host=host, portal_id=portal_id, cms=raw["cms"], name=raw["name"],
            region_code=str(raw["region_code"]), level=raw["level"], audience=raw["audience"],
            site_id_code=str(raw["site_id_code"]), icp=raw["icp"], webid=int(raw.get("webid", 0)),
            validators=bool(raw.get("validators")), crawl_delay=bool(raw.get("crawl_delay")),
            place=raw["place"], columns={}, origin=raw["host"],
        )
        for spec in raw["columns"]:
            column = Column(
                id=spec["id"], name=spec["name"], kind=spec.get("kind", "notices"),
                per_page=spec["per_page"],
                col_id=int(spec.get("col_id", 0)), unit_id=int(spec.get("unit_id", 0)),
                path=spec.get("path", ""),
            )
            site.columns[column.id] = column
            self._fill_column(site, column, spec)
        self._number(site)
        return site

    def _fill_column(self, site: Site, column: Column, spec: dict[str, Any]) -> None:
        rng = _stable_rng(site.origin, column.id)
        articles = [self._report(site, column, key) for key in spec.get("reports") or ()]
        count = int(spec.get("items", 0))
        extra = 1 if spec.get("special") else 0
        dates = _notice_dates(count + extra, rng)
        plan = _notice_plan(self.templates, site.audience, count * 2, rng)
        made = 0
        for template in plan:
            if made == count:
                break
            article = self._notice(site, column, template, dates[made + extra])
            if self._unique(site, article):
                articles.append(article)
                made += 1
        if made < count:
            raise ValueError(f"{site.host}/{column.id}: only {made} distinct notices for {count}")
        if spec.get("special"):
            # Second newest, so a crawl meets it on the first list page.
            articles.append(self._special(site, column, spec["special"], dates[1] - timedelta(hours=1)))
        articles.sort(key=lambda article: article.published, reverse=True)
        column.articles = articles
        column.last_modified = max(article.published for article in articles) if articles else NEWEST_NOTICE

    def _number(self, site: Site) -> None:
        """Ids grow with publication time across the site's columns, as CMS sequences do."""
        everything = sorted(
            (article for column in site.columns.values() for article in column.articles),
            key=lambda article: (article.published, article.key),
        )
        base = 5_890_000 if site.cms == "hanweb" else 4_127_000
        rng = _stable_rng(site.origin, "ids")
        number = base
        for article in everything:
            number += rng.randint(3, 40)
            article.id = number
            article.path = _detail_path(site, site.columns[article.column_id], article)
            if site.cms == "trs" and not article.index_number:
                article.index_number = _index_number(site, article)

    def _upcoming(self, sites: dict[str, Site], raw: dict[str, Any]) -> Upcoming:
        site = sites[raw["host"]]
        column = site.columns[raw["column"]]
        if "report" in raw:
            article = self._report(site, column, raw["report"])
        else:
            article = self._notice(site, column, self.by_key[raw["notice"]], _datetime(raw["published"]))
        if not self._unique(site, article):
            raise ValueError(f"upcoming item {article.title!r} duplicates a title on {site.host}")
        article.id = 9_000_000 + len(self.titles[site.host])
        article.path = _detail_path(site, column, article)
        if site.cms == "trs" and not article.index_number:
            article.index_number = _index_number(site, article)
        return Upcoming(site.host, column.id, article)


def build_content(data_dir: Path = DATA_DIR, replicas: int = 1) -> Content:
    """Fresh, mutable content (publish_next changes columns): one call per DemoPortal.

    `replicas` > 1 adds copies of every site under numbered host names (`www.hanweb-demo-2.test`,
    portal ids `...-2`), for benchmarks across many hosts; pre-written upcoming items stay on the
    first copy.
    """
    if replicas < 1:
        raise ValueError("replicas must be >= 1")
    return _Builder(data_dir).build(replicas)
