"""Transformed copies of labeled corpus items, one transform per error class of unseen pages.

Used by `bench/robustness.py` (and the stress columns of `bench/quality.py`). Each transform takes
a labeled item and returns a changed copy with its expected label, or None when the transform
does not apply to that item. The expected label follows from the original label by the rule the
transform states in its `rule`; it is never computed by running the analysis. A field set to None
in the expected label is not scored (`streams.evaluation.scoring` skips None fields).

The transforms mirror the error classes of issue 11: excerpts without a title, document-site text
without line breaks, traditional-character mirrors (and all three at once), 范文 with the place
masked, the place only in the host, the address's path or the site's chrome, informal issuer names,
the publication date in another format or only in the address, a government's report posted by its
司法局, meeting news and release news about a report, and the false-positive look-alikes: a court's
report to the 人大, third-party assessments, enforcement reports, catalogue records without a body,
the corpus README's other look-alikes, and the classes whose signals were fitted to one corpus page
each: a leader's speech or 述法报告, a 范文 with its years blanked or the leader's name masked, a
research article, a national roundup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from schemas import Level
from streams.analysis import regions
from streams.analysis._script import to_simplified
from streams.evaluation.scoring import FIELDS

Item = dict
Apply = Callable[[Item, int], "Item | None"]

_NOT_REPORT_FIELDS = dict.fromkeys(FIELDS) | {"indicators": []}


@dataclass(frozen=True, slots=True)
class Transform:
    name: str
    rule: str           # what the transform does and how the expected label follows from the original
    apply: Apply        # (item, its index in the corpus) -> transformed item with expected label, or None


# ---------------------------------------------------------------- helpers on label values

_PLACE_SUFFIXES = ("自治区", "自治州", "自治县", "特别行政区", "街道", "苏木", "省", "市", "区", "县", "州",
                   "盟", "旗", "镇", "乡")


def _suffix(name: str) -> str:
    return next((s for s in _PLACE_SUFFIXES if name.endswith(s) and len(name) > len(s)), "")


def label_places(item: Item) -> dict[str, str]:
    """The place names the labels give (issuer's leading places, province), each with its level word.

    Keys are the names as pages write them: the full name (长寿区) and its short form (长寿) when
    that is two characters or more; values the level word (区). Found with the region table.
    """
    table = regions.table()
    found: dict[str, str] = {}
    for part in re.split(r"[、,，]", item.get("issuer") or ""):
        for mention in regions.chain_mentions(part.removeprefix("中共")):
            for uid in mention.uids or mention.variants:
                unit = table.units[uid]
                suffix = _suffix(unit.name) or _suffix(mention.name)
                for name in (mention.name, unit.name, unit.short):
                    if len(name) >= 2:
                        found.setdefault(name, suffix)
                if suffix.startswith("自治") and len(unit.short) >= 2:
                    # 黔西南州 for 黔西南布依族苗族自治州: the short form with the level character
                    found.setdefault(unit.short + suffix[-1], suffix[-1])
    province = item.get("province")
    if province:
        for uid in table.by_short.get(province, ()):
            unit = table.units[uid]
            if unit.level is Level.province:
                found.setdefault(unit.name, _suffix(unit.name))
                found.setdefault(province, _suffix(unit.name))
    return found


def replace_place_runs(text: str, places: dict[str, str], replace: Callable[[str, str], str]) -> str:
    """Each run of adjacent place names (重庆市长寿区) replaced by `replace(level word of the last, the
    text after the run)`."""
    if not places:
        return text
    alternation = "|".join(re.escape(n) for n in sorted(places, key=len, reverse=True))
    one = re.compile(alternation)
    run = re.compile(f"(?:{alternation})+")

    def substitute(match: re.Match[str]) -> str:
        last = one.findall(match.group())[-1]
        return replace(places[last], text[match.end():match.end() + 16])

    return run.sub(substitute, text)


def date_pattern(day: date) -> re.Pattern[str]:
    """The labeled date in the forms pages write it, with a time after it (2024-3-28 10:20:05)."""
    y, m, d = day.year, day.month, day.day
    return re.compile(
        rf"(?<![0-9]){y}\s*(?:[-/.]\s*0?{m}\s*[-/.]\s*0?{d}|年\s*0?{m}\s*月\s*0?{d}\s*[日号]?|{m:02d}{d:02d})"
        r"(?![0-9])(?:\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?")


def url_carries(url: str | None, day: date) -> bool:
    """Does the address carry the date in a CMS form (t20240328, /art/2024/3/28/, /2024-03-28/)?"""
    if not url:
        return False
    y, m, d = day.year, day.month, day.day
    return any(form in url for form in (f"{y}{m:02d}{d:02d}", f"/{y}/{m}/{d}/", f"{y}-{m:02d}-{d:02d}",
                                        f"/{y}/{m:02d}-{d:02d}/", f"/{y}-{m:02d}/{d:02d}/"))


def _labeled_date(item: Item) -> date | None:
    return date.fromisoformat(item["published"]) if item.get("published") else None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


# ---------------------------------------------------------------- the transforms

PARAGRAPH_CHARS = 40
_ENUMERATED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（][一二三四五六七八九十]{1,3}[)）]|[0-9]{1,2}\s*[、.．])")


def _is_body(line: str) -> bool:
    """A paragraph (40+ characters, or ending like a sentence or a lead) or a numbered heading."""
    line = line.strip()
    return len(line) >= PARAGRAPH_CHARS or line.endswith(("。", ":", "：")) or bool(_ENUMERATED.match(line))


def without_title(item: Item, _: int) -> Item | None:
    lines = item["text"].split("\n")
    start = next((i for i, line in enumerate(lines) if _is_body(line)), None)
    if not start:
        return None
    text = "\n".join(lines[start:])
    out = dict(item, text=text)
    day = _labeled_date(item)
    if day and not (date_pattern(day).search(text) or url_carries(item.get("url"), day)):
        out["published"] = None
    if item["label"] == "report":
        plain = to_simplified(text)     # the names are read in simplified characters
        out["issuer"] = issuer_still_named(item, plain)
        if not province_still_named(item, plain):
            out["province"] = None
        if out["issuer"] is None and not level_still_told(item, plain):
            out["level"] = None
    return out


# The self-references (我局, 全县 …) that tell each labeled level; 全市/我市 tell none (a prefecture and
# a county-level city both say it).
_LEVEL_ROLES = {"department": {"department"}, "province": {"province"}, "prefecture": {"prefecture"},
                "county": {"county", "district"}, "township": {"township"}}


def level_still_told(item: Item, text: str) -> bool:
    """Without the issuer, does the text's own voice still tell the labeled level?"""
    from streams.analysis._issuer import SELF_REFERENCES

    roles = _LEVEL_ROLES.get(item.get("level") or "", set())
    return any(role in roles and word in text for word, role in SELF_REFERENCES.items())


# A department speaking of itself: with its site's host label (sfj.luan.gov.cn) it names itself.
_DEPARTMENT_VOICE = re.compile(r"[我本](?:局|厅|委|办)")


def _last_place(name: str) -> tuple[set[str], str]:
    """The most specific place a name starts with, as pages write it (its full and short names), and
    the rest of the name (重庆市长寿区司法局 -> {长寿区, 长寿}, 司法局)."""
    mentions = regions.chain_mentions(name.removeprefix("中共"))
    if not mentions:
        return set(), name
    last = mentions[-1]
    table = regions.table()
    names = {last.name} | {n for uid in last.uids or last.variants
                           for n in (table.units[uid].name, table.units[uid].short) if len(n) >= 2}
    return names, name.removeprefix("中共")[last.end:]


def _department_forms(body: str) -> set[str]:
    """The department a name ends with, in every form the name table knows (人社局 for
    人力资源和社会保障局), or the name itself."""
    from streams.analysis._issuer import DEPARTMENT_NAMES

    forms = [{name, *shorts} for name, shorts in DEPARTMENT_NAMES.items()
             if any(body.endswith(form) for form in (name, *shorts))]
    # The longest ending wins (生态环境分局 over 分局 …).
    return max(forms, key=lambda f: max(len(x) for x in f if body.endswith(x))) if forms else {body}


def _named(part: str, item: Item, text: str) -> bool:
    """Does the text (or the address) still name this issuer: its most specific place, and for a
    department the department (or the text speaks as one on a site whose host label names it)?"""
    places, body = _last_place(part)
    if places and not (any(p in text for p in places) or host_place(item.get("url")) in places):
        return False
    if item.get("level") != "department":
        return True
    forms = _department_forms(body)
    if any(form in text for form in forms):
        return True
    from streams.analysis._issuer import HOST_DEPARTMENTS

    labels = regions.host_labels(item.get("url"))[1:]
    return bool(_DEPARTMENT_VOICE.search(text)) and any(
        forms & set(HOST_DEPARTMENTS.get(label, ())) for label in labels)


def issuer_still_named(item: Item, text: str) -> str | None:
    """The labeled issuer as far as the text left after the title still names it, or None.

    A joint party-government issuer (中共X市委、X市人民政府) keeps its party half only where the text
    names the two together (长春市委、市政府 / 县委县政府); otherwise the government is the issuer.
    """
    issuer = item.get("issuer")
    if not issuer:
        return None
    parts = [p for p in re.split(r"[、,，]", issuer) if p]
    government = [p for p in parts if p.endswith("政府")]
    if len(parts) == 2 and len(government) == 1:
        places, _ = _last_place(government[0])
        level = next((s for s in _PLACE_SUFFIXES if any(p.endswith(s) for p in places)), "")
        names = "|".join(re.escape(n) for n in sorted(places | {level}, key=len, reverse=True) if n)
        pair = re.compile(rf"(?:{names})(?:党)?委\s*[、，,和及与]?\s*(?:{names})?(?:人民)?政府")
        if not (names and pair.search(text)):
            issuer = government[0]
            parts = government
    return issuer if all(_named(part, item, text) for part in parts) else None


def province_still_named(item: Item, text: str) -> bool:
    """A labeled place (the issuer's, the province) is still in the text, or the host is the place's."""
    places = label_places(item)
    host = host_place(item.get("url"))
    return any(p in text for p in places) or (host is not None and any(host.startswith(p) for p in places))


_LINE_BREAKS = re.compile(r"\s*\n\s*")
_BLANKS = re.compile(r"\s+")


def without_line_breaks(item: Item, _: int = 0) -> Item:
    return dict(item, text=_LINE_BREAKS.sub("", item["text"]))


def without_blanks(item: Item, _: int = 0) -> Item:
    """Every blank gone, spaces as well as line breaks: a copy that lost both (2024-03-2810:20来源：…)."""
    return dict(item, text=_BLANKS.sub("", item["text"]))


@cache
def _s2t() -> Callable[[str], str]:
    import opencc  # only the benches convert this way

    return opencc.OpenCC("s2t").convert


def in_traditional(item: Item, _: int = 0) -> Item:
    return dict(item, text=_s2t()(item["text"]))


def letter_spaced(item: Item, _: int = 0) -> Item | None:
    """The head lines a Word or PDF copy sets with a space between characters (title, issuer line: the
    title-shaped lines of `_TITLE_LINE` among the first four, label rows left alone):
    关 于 2023 年 度 法 治 政 府 建 设 …"""
    lines = item["text"].split("\n")
    changed = False
    for index, line in enumerate(lines[:4]):
        stripped = line.strip()
        labelled = ":" in stripped or "：" in stripped
        if _TITLE_LINE.match(stripped) and not labelled and not line.isascii():
            lines[index] = " ".join(re.findall(r"[0-9]+|\S", line))
            changed = True
    return dict(item, text="\n".join(lines)) if changed else None


def cut_after_opening(item: Item, _: int = 0) -> Item | None:
    """A report's excerpt cut 60 characters into its first long line, before any full stop: what is left
    when a portal's chrome took most of an excerpt."""
    if item["label"] != "report":
        return None
    lines = item["text"].split("\n")
    for index, line in enumerate(lines):
        if len(line.strip()) >= 40 and "。" in line:
            head = "\n".join([*lines[:index], line.strip()[:60]])
            return dict(item, text=head) if "。" not in head else None
    return None


def mirror_copy(item: Item, index: int) -> Item | None:
    """The three at once, as spam mirrors serve a page: no title, no line breaks, traditional."""
    out = without_title(item, index)
    return in_traditional(without_line_breaks(out)) if out is not None else None


_MIRROR_SITES = ("https://www.xinwen-jingxuan.com/news/{index}.html", None)


def untitled_on_a_mirror(item: Item, index: int) -> Item | None:
    """A report cut before its title (as without_title), served by a mirror site or with no address:
    often nothing left names its issuer, and it is still the report. Only the label, year and indicators
    stay scored (the mirror's address tells no place, no date)."""
    out = without_title(item, index)
    if out is None or item["label"] != "report":
        return None
    url = _MIRROR_SITES[index % len(_MIRROR_SITES)]
    return dict(out, url=url.format(index=200000 + index) if url else None,
                province=None, issuer=None, level=None, published=None)


_MASKS = ("XX", "某", "××")
MASK_REACH = 300


def place_masked(item: Item, index: int) -> Item | None:
    if item["label"] != "report" or not item.get("issuer"):
        return None
    places = label_places(item)
    mask = _MASKS[index % len(_MASKS)]
    text = replace_place_runs(item["text"], places, lambda suffix, _: mask + suffix)
    if mask not in text[:MASK_REACH]:
        return None      # the issuer's place is not where its name stands (title, header, opening)
    return dict(item, text=text, url=None, label="not_report", category="template_or_sample",
                **_NOT_REPORT_FIELDS)


# Addresses of sample-essay and document sites (forms they use; none is in the analysis's tables).
_SAMPLE_SITES = (None, "https://www.wenkuzhan.com/gongzuobaogao/{index}.html",
                 "https://m.fanwenbaike.net/doc/{index}.html", "http://www.zongjie123.cn/a/{index}.html")


def place_removed(item: Item, index: int) -> Item | None:
    """A local report with its places taken out (level words kept: 县人民政府, 本县), as sample-essay
    sites serve a real report stripped of who wrote it: no issuer left, on a sample site or no address.
    Copies with injected spam (their notes say so) are left out: a sample site serves no gambling spam."""
    if item["label"] != "report" or not item.get("province") or "spam" in (item.get("note") or ""):
        return None
    places = label_places(item)
    to_traditional = _s2t()     # copies in traditional characters write the places so
    places |= {to_traditional(name): suffix for name, suffix in places.items()}
    text = replace_place_runs(item["text"], places, _level_word)
    if _is_body(text.lstrip().split("\n", 1)[0]) and item.get("report_year"):
        # A sample site serves it under a title (an excerpt cut before its own has none): the report's
        # name without its issuer.
        text = f"{item['report_year']}年度法治政府建设工作报告\n" + text
    url = _SAMPLE_SITES[index % len(_SAMPLE_SITES)]
    return dict(item, text=text, url=url.format(index=100000 + index) if url else None,
                label="not_report", category="template_or_sample", **_NOT_REPORT_FIELDS)


@cache
def _gov_domains() -> dict[str, str]:
    path = Path(regions.DOMAINS_FILE)
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    return {row[0]: row[2] for row in rows}


def host_place(url: str | None) -> str | None:
    """The place the gov.cn domain table gives for the address's host, or None."""
    host = _host(url)
    if not host:
        return None
    domains = _gov_domains()
    labels = host.split(".")
    for i in range(len(labels) - 1):
        name = domains.get(".".join(labels[i:]))
        if name:
            return name
    return None


# A place name followed by a body's name (省司法厅, 县人民政府, 市委) keeps its level word alone; one that
# stands on its own (广东省坚持…, 对北京工作) becomes 本省 / 本市, as pages that omit it write.
_BODY_AFTER = re.compile(
    r"(?:人民政府|政府|党委|人大|[^\s，,。、；;：:（）()“”《》]{0,10}?(?:局|厅|委员会|委|办公室|办|中心|院))")


def _level_word(suffix: str, after: str) -> str:
    return suffix if _BODY_AFTER.match(after) else "本" + suffix


def place_only_in_host(item: Item, _: int) -> Item | None:
    place = host_place(item.get("url"))
    if place is None:
        return None
    places = label_places(item)
    text = replace_place_runs(item["text"], places, _level_word)
    out = dict(item, text=text)
    province = item.get("province")
    if province and not place.startswith(province):
        out["province"] = None
    own = {p for p in places if place.startswith(p)}
    issuer_places = set()
    for part in re.split(r"[、,，]", item.get("issuer") or ""):
        issuer_places.update(m.name for m in regions.chain_mentions(part.removeprefix("中共")))
    if not issuer_places or not issuer_places <= own:
        out["issuer"] = None       # the issuer's own place is not the host's: not recoverable
    return out


def _chain_units(name: str) -> list[regions.Unit]:
    """The units of the place chain a name starts with, each inside the one before (杭州市西湖区: the
    西湖区 of 杭州, not of 南昌)."""
    table = regions.table()
    units: list[regions.Unit] = []
    for mention in regions.chain_mentions(name):
        candidates = mention.uids or mention.variants
        inside = [uid for uid in candidates if units and units[-1].uid in table.units[uid].lineage]
        units.append(table.units[(inside or list(candidates))[0]])
    return units


@cache
def _province_domains() -> dict[str, str]:
    """Province name -> its portal's gov.cn domain (data/gov_domains.tsv, province rows)."""
    found: dict[str, str] = {}
    for domain, name in _gov_domains().items():
        if name.endswith(("省", "自治区")) or name in ("北京市", "上海市", "天津市", "重庆市"):
            found.setdefault(name, domain)
    return found


@cache
def _full_slugs() -> dict[int, str]:
    """uid -> a full pinyin slug that names no other unit of its province (rongchang -> 荣昌区)."""
    table = regions.table()
    owners: dict[tuple[str, int], list[int]] = {}
    for slug, hits in table.by_slug.items():
        for uid, weight in hits:
            if weight >= 2.0:
                owners.setdefault((slug, table.units[uid].lineage[0]), []).append(uid)
    slugs: dict[int, str] = {}
    for (slug, _), uids in owners.items():
        if len(set(uids)) == 1:
            slugs.setdefault(uids[0], slug)
    return slugs


def place_in_path(item: Item, index: int) -> Item | None:
    """The labeled places removed from a report (as `place_only_in_host`); the address is a page on its
    province's portal under a directory that spells the issuer's county or prefecture in pinyin."""
    table = regions.table()
    units = _issuer_units(item)
    below = [unit for unit in units if unit.level in (Level.prefecture, Level.county)]
    if not below or below[-1].uid not in _full_slugs():
        return None
    unit = below[-1]
    domain = _province_domains().get(table.units[unit.lineage[0]].name)
    if domain is None:
        return None
    day = _labeled_date(item) or date(int(item.get("report_year") or 2023) + 1, 3, 28)
    url = (f"http://www.{domain}/zwgk/{_full_slugs()[unit.uid]}/{day.year}{day.month:02d}/"
           f"t{day.year}{day.month:02d}{day.day:02d}_{1000 + index}.html")
    out = dict(item, text=replace_place_runs(item["text"], label_places(item), _level_word), url=url)
    if any(other.level is Level.township or other.uid not in unit.lineage for other in units):
        out["issuer"] = out["level"] = None     # a township, or a place the path does not spell
    return out


# The site's name in the page chrome, as government portals show it above a page (a header with the
# portal's name, a breadcrumb through the government's site, the name over a 您当前的位置 line).
_SITE_FORMS = ("{place}人民政府门户网站\n首页 > 政务公开 > 通知公告\n",
               "首页 > {place}人民政府 > 信息公开 > 法治政府建设\n",
               "{place}人民政府\n您当前的位置：首页 > 政务公开 > 通知公告\n")


def _issuer_units(item: Item) -> list[regions.Unit]:
    """The place chain of a report's (last) issuer; empty for anything else."""
    if item["label"] != "report" or not item.get("issuer"):
        return []
    return _chain_units(re.split(r"[、,，]", item["issuer"])[-1].removeprefix("中共"))


def _place_told_by(item: Item, prefix: str, units: list[regions.Unit]) -> Item | None:
    """The labeled places removed from a report (as `place_only_in_host`), the address dropped and
    `prefix` (built from the government of the issuer's place at county level or above) put on top.

    `prefix` is a format string with {place}; the issuer and level stay scored unless the issuer is a
    township (the government named is its county's), the date only where the text still holds it."""
    site_units = [unit for unit in units if unit.level is not Level.township]
    if not site_units:
        return None
    text = replace_place_runs(item["text"], label_places(item), _level_word)
    out = dict(item, text=prefix.format(place="".join(unit.name for unit in site_units)) + text, url=None)
    if len(site_units) < len(units):
        out["issuer"] = out["level"] = None
    day = _labeled_date(item)
    if day is not None and not date_pattern(day).search(text):
        out["published"] = None                 # it was only in the address
    return out


def place_in_site_name(item: Item, index: int) -> Item | None:
    """The page chrome names the site, the government of the issuer's place (`_place_told_by`)."""
    units = _issuer_units(item)
    return _place_told_by(item, _SITE_FORMS[index % len(_SITE_FORMS)], units) if units else None


_OWN_SOURCE = re.compile(r"来源\s*[:：]")


def posted_by_government_office(item: Item, index: int) -> Item | None:
    """A 来源：X人民政府办公室 line on top, as portals credit what the government's office posts
    (`_place_told_by`); reports with a 来源 line of their own are left out."""
    units = _issuer_units(item)
    if not units or _OWN_SOURCE.search(item["text"][:300]):
        return None
    return _place_told_by(item, "来源：{place}人民政府办公室\n", units)


# Formal name -> the informal form pages also write (the pairs named in issue 11 and the common
# short forms of local department names).
INFORMAL_NAMES = {
    "人民政府": "政府",
    "市场监督管理局": "市场监管局",
    "人力资源和社会保障局": "人社局",
    "卫生健康委员会": "卫健委",
    "发展和改革委员会": "发改委",
    "住房和城乡建设局": "住建局",
    "应急管理局": "应急局",
    "医疗保障局": "医保局",
    "交通运输局": "交通局",
    "文化和旅游局": "文旅局",
    "街道办事处": "街道办",
    "管理委员会": "管委会",
}
_FORMAL = re.compile("|".join(sorted(INFORMAL_NAMES, key=len, reverse=True)))


def informal_names(item: Item, _: int) -> Item | None:
    if not _FORMAL.search(item.get("issuer") or ""):
        return None
    text = _FORMAL.sub(lambda m: INFORMAL_NAMES[m.group()], item["text"])
    return dict(item, text=text) if text != item["text"] else None


# A first line that is a title (short, no full stop, no enumerator, no year opening): the date line
# goes under it; otherwise the page starts with the date line.
_TITLE_LINE = re.compile(r"^(?![^\n]*。)"
                         r"(?!\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|[0-9]+[.、]))"
                         r"(?!\s*(?:19|20)\d{2}年度?[,，])[^\n]{2,60}$")
_DATE_LINE_FORMS = ("发布时间：{y}/{m:02d}/{d:02d}", "发布日期：{y}年{m}月{d}日 10:20",
                    "日期：{y}.{m:02d}.{d:02d}", "发布时间: {y}年{m:02d}月{d:02d}日",
                    "{y}年{m:02d}月{d:02d}日 10:20 来源：本网", "发布日期：{y}{m:02d}{d:02d}",
                    "{y}年{m}月{d}日 来源：本网 浏览次数：")


def _without_date(item: Item, day: date) -> str:
    return date_pattern(day).sub("", item["text"])


def date_in_other_line(item: Item, index: int) -> Item | None:
    day = _labeled_date(item)
    host = _host(item.get("url"))
    if item["label"] != "report" or day is None or host is None:
        return None
    lines = _without_date(item, day).split("\n")
    form = _DATE_LINE_FORMS[index % len(_DATE_LINE_FORMS)]
    lines.insert(1 if _TITLE_LINE.match(lines[0]) else 0, form.format(y=day.year, m=day.month, d=day.day))
    return dict(item, text="\n".join(lines), url=f"http://{host}/content/{index}.html")


_URL_FORMS = ("http://{host}/zwgk/{y}{m:02d}/t{y}{m:02d}{d:02d}_{n}.html",
              "http://{host}/art/{y}/{m}/{d}/art_1_{n}.html",
              "http://{host}/{y}-{m:02d}/{d:02d}/c_{n}.htm",
              "http://{host}/Detail.aspx?id={y}{m:02d}{d:02d}1624{n:02d}914")


def date_only_in_url(item: Item, index: int) -> Item | None:
    day = _labeled_date(item)
    host = _host(item.get("url"))
    if item["label"] != "report" or day is None or host is None:
        return None
    url = _URL_FORMS[index % len(_URL_FORMS)].format(host=host, y=day.year, m=day.month, d=day.day,
                                                     n=1000 + index)
    return dict(item, text=_without_date(item, day), url=url)


def posted_by_justice_bureau(item: Item, index: int) -> Item | None:
    if item["label"] != "report" or not (item.get("issuer") or "").endswith("人民政府"):
        return None
    places = [m.name for m in regions.chain_mentions(item["issuer"].split("、")[-1])]
    if not places:
        return None
    lines = item["text"].split("\n")
    line = f"来源：{places[-1]}{'司法厅' if item.get('level') == 'province' else '司法局'}"
    lines.insert(1 if _TITLE_LINE.match(lines[0]) else 0, line)
    return dict(item, text="\n".join(lines))


_NEWS_FORMS = (
    "{place}人大常委会审议{issuer}{year}年度法治政府建设情况报告\n"
    "3月26日，{place}人大常委会第十二次会议举行第二次全体会议。会议听取和审议了{issuer}关于{year}年度法治政府建设"
    "情况的报告。\n常委会组成人员认为，报告实事求是，{year}年以来，法治政府建设取得了积极成效。会议指出，{quote}\n"
    "会议要求，要持续深化行政执法体制改革，认真研究处理审议意见，并按规定报告研究处理情况。",
    "{place}政府常务会议听取{year}年度法治政府建设情况汇报\n"
    "4月2日上午，{place}政府召开常务会议，听取{issuer}{year}年度法治政府建设情况汇报，研究部署下一步工作。\n"
    "汇报显示，{quote}\n会议强调，要坚持以习近平法治思想为指导，扎实推进法治政府建设。",
    "{place}人大常委会专题审议法治政府建设工作\n"
    "记者从{place}人大常委会获悉，常委会近日召开会议，审议{issuer}关于{year}年度法治政府建设情况的报告，"
    "并开展专题询问。\n报告指出，{quote}\n委员们建议，进一步加强行政复议工作，提升依法行政水平。",
)
_QUOTE_CHARS = 120


def meeting_news(item: Item, index: int) -> Item | None:
    if item["label"] != "report" or not item.get("issuer") or not item.get("report_year"):
        return None
    places = [m.name for m in regions.chain_mentions(item["issuer"].removeprefix("中共"))]
    if not places:
        return None
    quote = _first_paragraph(item)
    if quote is None:
        return None
    quote += "。"
    text = _NEWS_FORMS[index % len(_NEWS_FORMS)].format(
        place=places[-1], issuer=item["issuer"], year=item["report_year"], quote=quote)
    return dict(item, text=text, label="not_report", category="news", **_NOT_REPORT_FIELDS)



# ---------------------------------------------------------------- look-alike negatives
# Each builds the page of another kind of document about the labeled report's place and year (a
# court's report to the 人大, a third-party assessment, an enforcement report, a catalogue record,
# the corpus README's other look-alikes), written here as a frame of that kind. The expected label
# is not_report by the corpus rule (`report` is only the rule-of-law report by a government body,
# department or party committee about its own year), whatever the original was; the original text
# is at most quoted as another body's words, never left as the page's own body.

_COURT_RANK = {Level.province: "高级人民法院", Level.prefecture: "中级人民法院", Level.county: "人民法院"}
_AREA_WORD = {Level.province: "省", Level.prefecture: "市", Level.county: "县"}


@dataclass(frozen=True, slots=True)
class _Place:
    name: str          # 吴兴区
    level: Level       # the unit's level (province, prefecture, county)
    area: str          # the level word a body uses of its area: 全区, 全市 (区, 市)


def issuer_place(item: Item) -> _Place | None:
    """The labeled issuer's own place at county level or above (a township's county), or None for
    central bodies and issuers without a place."""
    table = regions.table()
    issuer = re.split(r"[、,，和]", item.get("issuer") or "")[-1].removeprefix("中共")
    best = None
    for mention in regions.chain_mentions(issuer):
        for uid in mention.uids or mention.variants:
            unit = table.units[uid]
            if unit.level in _COURT_RANK:
                suffix = _suffix(unit.name)
                area = suffix[-1] if suffix else _AREA_WORD[unit.level]
                best = _Place(unit.name, unit.level, area)
                break
    return best


def _report_facts(item: Item) -> tuple[_Place, int] | None:
    if item["label"] != "report" or not item.get("report_year"):
        return None
    place = issuer_place(item)
    return (place, int(item["report_year"])) if place else None


_COVER_LINE = re.compile(r"现将|現將|现呈送|現呈送|[^。]*(?:报告|汇报|報告|匯報)如下")
_QUOTE_MIN_CHARS = 20


def _first_paragraph(item: Item) -> str | None:
    """The report's first paragraph as others quote it: its facts, not its cover line (现将…报告如下)."""
    for line in item["text"].split("\n"):
        line = line.strip()
        if len(line) < 40:
            continue
        cover = _COVER_LINE.search(line)
        quote = (line[:cover.start()] if cover else line)[:_QUOTE_CHARS].rstrip("，,、；;。:：")
        if len(quote) >= _QUOTE_MIN_CHARS:
            return quote
    return None


def _not_report(item: Item, text: str, category: str, index: int, forms: int) -> Item:
    """The look-alike page as not_report; every other round of the forms without its title line, as
    excerpts and copies serve it (the body alone is still that kind of document)."""
    if (index // forms) % 2:
        text = text.split("\n", 1)[1]
    return dict(item, text=text, label="not_report", category=category, **_NOT_REPORT_FIELDS)


_COURT_FORMS = (
    "{court}关于{year}年度行政审判工作情况的报告\n"
    "——{next}年4月25日在{place}第十七届人民代表大会常务委员会第十九次会议上\n{court}院长 陈立新\n"
    "主任、各位副主任、秘书长、各位委员：\n"
    "现在，我代表{court}，向常委会报告{year}年度行政审判工作情况，请予审议。\n"
    "{year}年，全{area}法院坚持以习近平法治思想为指导，依法履行行政审判职能，监督支持行政机关依法行政，"
    "助推法治政府建设。全年共受理各类行政案件{n}件，审结{m}件，结案率96.2%，行政机关负责人出庭应诉率达98.5%。\n"
    "一、依法履行审判职责，服务保障高质量发展\n（一）依法审理涉企行政案件。",
    "{court}工作报告\n——{next}年1月15日在{place}第十七届人民代表大会第三次会议上\n{court}院长 陈立新\n"
    "各位代表：\n现在，我代表{court}向大会报告工作，请予审议，并请各位政协委员和列席人员提出意见。\n"
    "一、{year}年工作回顾\n{year}年，{court}在{place}委坚强领导、{place}人大及其常委会有力监督下，"
    "全年受理各类案件{n}件，审执结{m}件。坚持依法审理行政案件，支持和监督依法行政，以公正司法推进法治政府建设。\n"
    "（一）坚持服务大局，护航经济社会发展。",
    "{procuratorate}关于开展行政检察监督促进依法行政工作情况的报告\n"
    "——{next}年6月27日在{place}第十七届人民代表大会常务委员会第二十次会议上\n{procuratorate}检察长 林志强\n"
    "主任、各位副主任、秘书长、各位委员：\n"
    "根据会议安排，现将{year}年以来全{area}检察机关开展行政检察监督、促进法治政府建设工作情况报告如下，请予审议。\n"
    "一、基本情况\n{year}年，全{area}检察机关坚持以习近平法治思想为指导，受理行政诉讼监督案件{n}件，"
    "提出检察建议{m}件，推动行政机关依法履职。",
)


def _in_frame(item: Item, index: int, forms: tuple[str, ...], category: str) -> Item | None:
    """The labeled report's place, issuer and year in one of `forms`, as not_report."""
    facts = _report_facts(item)
    quote = _first_paragraph(item)
    if facts is None or quote is None:
        return None
    place, year = facts
    text = forms[index % len(forms)].format(
        place=place.name, area=place.area, year=year, next=year + 1, quote=quote,
        issuer=re.split(r"[、,，和]", item["issuer"])[-1],
        court=place.name + _COURT_RANK[place.level], procuratorate=place.name + "人民检察院",
        n=300 + index * 7, m=280 + index * 6, k=20 + index % 30)
    return _not_report(item, text, category, index, len(forms))


def court_report(item: Item, index: int) -> Item | None:
    return _in_frame(item, index, _COURT_FORMS, "other")


_ASSESSMENT_FORMS = (
    "{place}{year}年度法治政府建设第三方评估报告\n"
    "受{place}委全面依法治{area}委员会办公室委托，华东政法大学法治政府研究院于{next}年1月至2月对{place}{year}年度"
    "法治政府建设情况开展第三方评估。评估以《法治政府建设实施纲要（2021—2025年）》为依据，设置一级指标8项、"
    "二级指标32项，采取资料审查、实地核查、问卷调查和网络检索相结合的方式进行。现将评估情况报告如下：\n"
    "一、评估总体情况\n{place}{year}年度法治政府建设评估总得分为86.5分，较上年提高2.1分。"
    "被评估单位报送的年度报告称：“{quote}”\n二、评估发现的主要问题\n（一）行政执法规范化水平有待提升。",
    "{place}{year}年法治政府建设群众满意度调查报告\n"
    "为客观了解人民群众对{place}法治政府建设工作的评价，受{place}司法局委托，{place}统计局社情民意调查中心"
    "于{year}年11月开展了法治政府建设群众满意度调查。本次调查采用计算机辅助电话访问方式，随机抽取18周岁以上"
    "常住居民，共成功访问{n}个样本。现将调查结果报告如下：\n一、总体满意度\n调查显示，{place}法治政府建设"
    "群众总体满意度为92.3%，比上年提高1.2个百分点。\n二、分项满意度\n（一）行政执法满意度。",
    "{year}年度{place}法治政府建设评估结果报告\n"
    "为全面客观评价{place}{year}年度法治政府建设成效，受委托，西南政法大学评估组依据评估指标体系，"
    "对{place}政府及其{n}个部门开展了评估。评估组查阅了年度报告、台账资料，其中年度报告载明：“{quote}”\n"
    "一、评估方法\n评估采用百分制，满意度调查占20%。\n二、评估结果\n总体得分84.7分，等次为良好。",
)


def assessment_report(item: Item, index: int) -> Item | None:
    return _in_frame(item, index, _ASSESSMENT_FORMS, "research")


_ENFORCEMENT_FORMS = (
    "{issuer}{year}年度行政执法工作情况报告\n"
    "{year}年，{issuer}坚持严格规范公正文明执法，全面落实行政执法公示制度、执法全过程记录制度、重大执法决定"
    "法制审核制度。现将{year}年度行政执法工作情况报告如下：\n一、行政执法基本情况\n"
    "（一）行政执法主体和人员。本单位共有持证行政执法人员{n}名。\n"
    "（二）行政执法行为。全年实施行政许可{m}件、行政处罚{k}件、行政检查{j}次，无行政强制。\n"
    "二、行政执法监督情况\n开展行政执法案卷评查，抽查案卷36卷。",
    "{issuer}{year}年度行政执法数据公开\n"
    "根据《行政执法公示办法》有关规定，现将{issuer}{year}年度行政执法数据公开如下：\n"
    "一、行政许可\n{year}年共办理行政许可事项{m}件，其中准予许可{m}件，不予许可0件。\n"
    "二、行政处罚\n{year}年共作出行政处罚决定{k}件，罚没款金额{n}万元。\n"
    "三、行政检查\n{year}年共开展行政检查{j}次。\n四、行政强制\n{year}年无行政强制。\n"
    "五、情况说明\n{year}年行政执法数据统计截至12月31日。",
    "{year}年{issuer}行政执法统计年报\n"
    "为进一步推进行政执法公示制度，接受社会监督，现将{issuer}{year}年行政执法统计年报公布如下。\n"
    "表1 行政执法主体和人员情况\n执法主体 1个；持证执法人员 {n}名\n"
    "表2 行政执法行为情况\n行政许可 {m}件；行政处罚 {k}件；行政检查 {j}次；行政强制 0件\n"
    "填报单位：{issuer} 填报日期：{next}年1月20日",
    "{issuer}关于{year}年度行政执法工作情况的报告\n"
    "{year}年，在上级的正确领导下，{issuer}认真贯彻落实行政执法“三项制度”，持续规范执法行为，"
    "执法质量和效率稳步提升。现将{year}年度行政执法工作情况报告如下：\n一、主要做法和成效\n"
    "（一）加强组织领导。调整行政执法工作领导小组，召开专题会议{k}次。\n"
    "（二）规范执法程序。全年办理行政处罚案件{m}件，重大执法决定法制审核率100%。\n"
    "二、存在的问题\n执法人员专业素质有待提高。\n三、下一步工作打算\n持续推进严格规范公正文明执法。",
)


def enforcement_report(item: Item, index: int) -> Item | None:
    if item["label"] != "report" or not item.get("issuer") or not item.get("report_year"):
        return None
    issuer = re.split(r"[、,，和]", item["issuer"])[-1]
    year = int(item["report_year"])
    text = _ENFORCEMENT_FORMS[index % len(_ENFORCEMENT_FORMS)].format(
        issuer=issuer, year=year, next=year + 1,
        n=40 + index, m=300 + index * 3, k=50 + index, j=900 + index * 5)
    return _not_report(item, text, "other_annual_report", index, len(_ENFORCEMENT_FORMS))


def report_title(item: Item) -> str:
    """The report's title line when the text starts with one, else the title its labels give."""
    first = item["text"].split("\n", 1)[0].strip()
    if _TITLE_LINE.match(first) and "报告" in first:
        return first
    return f"{item['issuer']}关于{item['report_year']}年度法治政府建设情况的报告"


_RECORD_FORMS = (
    "索引号：{code}\n发布机构：{issuer}\n主题分类：综合政务\n文号：\n成文日期：{day}\n发布日期：{day}\n"
    "标题：{title}\n有效性：有效\n公开方式：主动公开",
    "信息名称 | 发布机构 | 文号 | 主题分类 | 发布日期\n{title} | {issuer} | | 综合政务 | {day}\n",
    "{title}\n索引号：{code} 主题分类：综合政务\n发布机构：{issuer} 生成日期：{day}\n文号： 有效性：有效\n"
    "附件：{title}.pdf\n【打印本页】【关闭窗口】",
    "题名：{title}\n责任者：{issuer}\n发布日期：{day}\n"
    "内容概述：本报告为{issuer}{year}年度法治政府建设情况报告，内容包括{year}年度推进法治政府建设的主要举措和"
    "成效、存在的不足和原因、党政主要负责人履行推进法治建设第一责任人职责情况以及{next}年度的主要安排。\n"
    "全文链接：点击查看",
)


def catalogue_record(item: Item, index: int) -> Item | None:
    if item["label"] != "report" or not item.get("issuer") or not item.get("report_year"):
        return None
    day = item.get("published") or f"{int(item['report_year']) + 1}-03-28"
    year = int(item["report_year"])
    text = _RECORD_FORMS[index % len(_RECORD_FORMS)].format(
        code=f"11330100MB{1000 + index}/{day[:4]}-{index:05d}", issuer=item["issuer"], day=day,
        title=report_title(item), year=year, next=year + 1)
    return dict(item, text=text, label="not_report", category="notice_about_reports", **_NOT_REPORT_FIELDS)


_LOOKALIKE_FORMS = (
    ("other_annual_report",
     "{issuer}{next}年政府信息公开工作年度报告\n"
     "本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）编制，报告中所列数据统计期限自{year}年1月1日起"
     "至{year}年12月31日止。\n一、总体情况\n{year}年，{issuer}认真贯彻落实《条例》，全年主动公开政府信息{n}条。\n"
     "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况"),
    ("other_annual_report",
     "{issuer}{year}年工作总结及{next}年工作计划\n"
     "{year}年，{issuer}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，围绕中心、服务大局，"
     "各项工作取得新成效。\n一、{year}年工作情况\n（一）坚持党建引领，全面从严治党持续深化。全年召开党组会议{k}次。\n"
     "（二）聚焦主责主业，重点工作扎实推进。\n（三）坚持依法行政，法治政府建设稳步推进。\n"
     "（四）加强队伍建设，干部作风持续改进。\n二、{next}年工作计划\n（一）持续加强党的建设。"),
    ("interpretation",
     "{place}政府常务会议议题解读：关于{year}年度法治政府建设工作情况的汇报\n"
     "{place}政府第{k}次常务会议“关于{year}年度法治政府建设工作情况的汇报”议题的解读如下：\n"
     "一、议题背景\n为做好{year}年度法治政府建设考核工作，{place}司法局认真梳理总结{year}年度法治政府建设工作，"
     "现汇报相关工作情况。\n二、政策依据\n《法治政府建设与责任落实督察工作规定》。\n三、议题目的\n"
     "各部门要按照责任分工抓好任务落实。\n四、需要会议研究决策的事项"),
    ("news",
     "{place}司法局开展{year}年度法治政府建设报告集中评议\n"
     "近日，{place}司法局组织开展{year}年度法治政府建设报告集中评议活动，对{n}个部门和单位报送的法治政府建设"
     "年度报告进行书面评议。评议小组从报告内容完整性、数据真实性等6个方面逐一评议打分，评选出优秀、良好、一般、"
     "较差四个等次，评议结果将作为{year}年度法治建设考核的参考依据。"),
    ("other",
     "{place}法治政府建设示范创建自评报告\n"
     "根据{area}级法治政府建设示范创建评估标准，{place}对照指标逐项开展自评，现将自评情况报告如下：\n"
     "一、自评总体情况\n{place}自评得分{n}分。{year}年，{quote}。\n二、各项指标完成情况\n"
     "（一）政府职能依法全面履行。\n三、存在的短板和下一步打算"),
    ("other",
     "{issuer}关于{year}年度法治政府建设督察反馈问题整改情况的报告\n"
     "根据{place}委全面依法治{area}委员会办公室的督察反馈意见，{issuer}逐项制定整改措施，现将整改情况报告如下：\n"
     "一、整改工作开展情况\n{year}年，{quote}。\n二、反馈问题整改落实情况\n"
     "（一）关于行政执法不够规范的问题。已完成整改。\n三、下一步工作打算"),
    ("work_plan",
     "{place}{next}年法治政府建设工作要点\n"
     "为深入学习贯彻习近平法治思想，全面落实《法治政府建设实施纲要（2021—2025年）》，扎实推进{place}{next}年"
     "法治政府建设，结合实际，制定本要点。\n一、总体要求\n坚持以习近平新时代中国特色社会主义思想为指导，"
     "全面推进严格规范公正文明执法。\n二、主要任务\n（一）健全政府机构职能体系。（牵头单位：{place}司法局）"),
)


_RELEASE_NEWS_FORMS = (
    "{place}发布{year}年度法治政府建设情况报告\n"
    "本报讯（记者 王芳）近日，{issuer}向社会公开发布《{year}年度法治政府建设情况报告》。报告显示，{quote}。\n"
    "报告指出，下一步将持续深化行政执法体制改革，推动法治政府建设再上新台阶。",
    "{issuer}{year}年法治政府建设年度报告出炉\n"
    "{next}年3月28日，记者从{place}司法局获悉，《{issuer}{year}年度法治政府建设情况报告》日前已在门户网站"
    "向社会公开。据介绍，{quote}。\n该负责人表示，年度报告公开是接受群众监督的重要方式。",
    "一份年度报告里的法治温度\n——读《{issuer}{year}年度法治政府建设情况报告》\n"
    "翻开{issuer}新近公布的年度报告，一组组数据映入眼帘：{quote}。\n"
    "数据背后，是法治政府建设的扎实脚步。法治政府建设没有完成时，只有进行时。（作者系本报评论员）",
)


def release_news(item: Item, index: int) -> Item | None:
    return _in_frame(item, index, _RELEASE_NEWS_FORMS, "news")


def lookalike(item: Item, index: int) -> Item | None:
    category = _LOOKALIKE_FORMS[index % len(_LOOKALIKE_FORMS)][0]
    return _in_frame(item, index, tuple(form for _, form in _LOOKALIKE_FORMS), category)



# Voices that are not a body's own report, each written several ways: the signals that know them were
# fitted to one corpus page each (tools/rule_usage.py --ablate 1), so the forms vary the wording.
_SPEECH_FORMS = (
    "在全{area}法治政府建设工作会议上的讲话\n{place}人民政府{head} 张建国\n（{next}年3月15日）\n同志们：\n"
    "今天，我们召开全{area}法治政府建设工作会议，主要任务是总结{year}年工作，部署{next}年任务。刚才，{place}司法局"
    "通报了{year}年度法治政府建设情况，我完全同意。下面，我讲三点意见。\n一、充分肯定{year}年法治政府建设取得的成绩\n"
    "{quote}。这些成绩来之不易。\n二、清醒认识存在的差距和不足\n三、扎实抓好{next}年重点任务落实",
    "{place}委书记在{place}委全面依法治{area}委员会第三次会议上的讲话\n各位委员、同志们：\n"
    "这次会议的主要任务是，听取{year}年全面依法治{area}工作情况汇报，审议有关文件。{year}年，{quote}。"
    "成绩值得肯定，问题也不容忽视。\n下面，结合{place}实际，我再强调几点意见。\n一、提高政治站位\n"
    "二、聚焦重点任务\n三、压实工作责任",
    "{place}{head}{year}年度述法报告\n根据全面依法治{area}委员会办公室的安排，现将本人{year}年度履行推进法治建设"
    "第一责任人职责情况报告如下：\n一、履职情况\n{year}年，本人坚持以习近平法治思想为指导，带头尊法学法守法用法。"
    "{quote}。\n二、存在的不足\n学法的系统性还不够。\n三、下一步打算\n本人将继续带头抓好法治建设。",
    "在{year}年度全{area}依法行政工作推进会上的发言\n{place}司法局局长 刘海燕\n各位领导、同志们：\n"
    "按照会议安排，我就{year}年度全{area}法治政府建设推进情况作简要发言。{quote}。\n"
    "下一步，我们将认真落实本次会议部署，推动法治政府建设再上新台阶。\n谢谢大家！",
)


def speech(item: Item, index: int) -> Item | None:
    facts = _report_facts(item)
    quote = _first_paragraph(item)
    if facts is None or quote is None:
        return None
    place, year = facts
    text = _SPEECH_FORMS[index % len(_SPEECH_FORMS)].format(
        place=place.name, area=place.area, year=year, next=year + 1, quote=quote,
        head="主席" if place.name.endswith("自治区") else place.area + "长")
    return _not_report(item, text, "other", index, len(_SPEECH_FORMS))


_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?=\s*年)")
_YEAR_BLANKS = ("20__", "20XX", "20××", "____")


def blank_template(item: Item, index: int) -> Item | None:
    """A report as a 范文: every year before 年 blanked (20__, 20XX, 20××, ____ by turns); every other
    round the title line keeps its year, as samples titled for a year often do."""
    if item["label"] != "report":
        return None
    blank = _YEAR_BLANKS[index % len(_YEAR_BLANKS)]
    title, newline, rest = item["text"].partition("\n")
    keep_title = (index // len(_YEAR_BLANKS)) % 2 and _TITLE_LINE.match(title)
    text = title + newline + _YEAR.sub(blank, rest) if keep_title else _YEAR.sub(blank, item["text"])
    if blank not in text:
        return None
    return dict(item, text=text, url=None, label="not_report", category="template_or_sample",
                **_NOT_REPORT_FIELDS)


_LEADER = "习近平"
_LEADER_MASKS = ("A", "____", "XXX", "×××", "某某")


def leader_masked(item: Item, index: int) -> Item | None:
    """A report as a 范文 site serves it: the leader's name masked (A新时代…, ____法治思想, XXX总书记) by
    turns, no address."""
    if item["label"] != "report" or _LEADER not in item["text"]:
        return None
    text = item["text"].replace(_LEADER, _LEADER_MASKS[index % len(_LEADER_MASKS)])
    return dict(item, text=text, url=None, label="not_report", category="template_or_sample",
                **_NOT_REPORT_FIELDS)


_RESEARCH_FORMS = (
    "法治政府建设年度报告制度的实践与完善——以{place}{year}年度报告为样本\n李明 王芳\n"
    "（{place}委党校法学教研部）\n【摘要】法治政府建设年度报告制度是督促各级政府履行法治建设职责的重要制度安排。"
    "本文以{place}{year}年度法治政府建设情况报告为样本，分析报告的内容结构与数据质量。\n"
    "【关键词】法治政府；年度报告；{place}\n一、问题的提出\n{place}的年度报告写道：“{quote}。”",
    "{place}法治政府建设的成效、问题与对策研究\n摘要：{year}年，{place}法治政府建设取得积极进展。"
    "文章基于公开的年度报告和实地调研，总结其经验并提出对策建议。\n关键词：法治政府 依法行政 {place}\n"
    "作者简介：陈静，{place}行政学院副教授。\n据报告，{quote}。\n参考文献：\n[1]马怀德.法治政府建设的"
    "新进展[J].中国法学,{next}(2).",
    "{year}年度{place}法治政府建设观察\n内容提要：本文梳理{place}{year}年度法治政府建设的主要进展，"
    "以年度报告披露的数据为基础，评析其行政执法、行政复议等方面的成效与不足。\n"
    "一、基本情况\n{place}在年度报告中称，{quote}。\n二、若干评析\n（作者单位：中国政法大学法治政府研究院）",
)


def research_paper(item: Item, index: int) -> Item | None:
    return _in_frame(item, index, _RESEARCH_FORMS, "research")


_ROUNDUP_FORMS = (
    "数读{year}｜一组数据看全国法治政府建设新进展\n{year}年，全国各地区各部门深入学习贯彻习近平法治思想，"
    "法治政府建设迈出新步伐。下面，通过一组组数据，感受过去一年法治政府建设的新成绩。\n"
    "一、行政复议\n全国各级行政复议机构新收行政复议案件{n}万件。\n二、地方实践\n"
    "以{place}为例，{quote}。",
    "{year}年全国法治政府建设成绩单出炉\n新华社北京{next}年3月18日电（记者 周琳）记者从司法部获悉，"
    "{year}年我国法治政府建设取得新成效：全国制定修订行政法规{k}部，行政复议主渠道作用进一步发挥。"
    "各地亮点纷呈，{place}：{quote}。",
    "{year}年，我国法治政府建设取得重大进展\n{year}年，我国坚持以习近平法治思想为指导，"
    "各级政府依法行政水平持续提升。从各地公开的年度报告看，{place}：{quote}；"
    "其他省份也普遍加大了行政执法监督力度。\n（来源：法治日报）",
)


def national_roundup(item: Item, index: int) -> Item | None:
    return _in_frame(item, index, _ROUNDUP_FORMS, "news")


def mirrored_lookalike(item: Item, index: int) -> Item | None:
    """One of the look-alike pages (meeting or release news, court report, assessment, enforcement
    report, the README's others; by index) as a spam mirror serves it: no line breaks, traditional."""
    kinds = (meeting_news, release_news, court_report, assessment_report, enforcement_report, lookalike)
    out = kinds[index % len(kinds)](item, index // len(kinds))
    return in_traditional(without_line_breaks(out)) if out is not None else None

TRANSFORMS: tuple[Transform, ...] = (
    Transform("no title", "the short lines (title, header) before the body (a line of 40+ characters, "
              "ending in 。 or :, or a numbered heading) removed: the page starts 2023年，我市… or 根据…; "
              "label unchanged, but a field scored only if the text or the address still tells it: "
              "published if the labeled date is there; province if a labeled place is (or the host is in "
              "data/gov_domains.tsv); issuer if its most specific place is and, for a department, its name "
              "(or 我局 on a site whose host label names it); a joint 中共X委、X人民政府 keeps its party "
              "half only where the text names the two together (X委、X政府), else the government is the "
              "issuer; level, when the issuer is not scored, only if the text's voice tells it (我局: "
              "department, 全县: county, 我镇: township; 全市 tells none)",
              without_title),
    Transform("no line breaks", "every line break removed (document sites); label unchanged",
              without_line_breaks),
    Transform("no blanks", "every blank removed, spaces as well as line breaks (copies that lose both); "
              "label unchanged", without_blanks),
    Transform("traditional", "converted to traditional characters (OpenCC s2t); label unchanged",
              in_traditional),
    Transform("letter-spaced", "the short head lines (title, issuer) set with a space between characters "
              "and numbers, as Word and PDF copies set them (关 于 2023 年 度 法 治 …); label unchanged",
              letter_spaced),
    Transform("cut after the opening", "reports cut 60 characters into their first long line, before any "
              "full stop (a portal's chrome took most of the excerpt); label unchanged",
              cut_after_opening),
    Transform("mirror copy", "no title, no line breaks and traditional characters at once; label as for no "
              "title", mirror_copy),
    Transform("untitled on a mirror", "reports cut before their title (as for no title) on a mirror "
              "site's address or none; label unchanged, only year and indicators scored",
              untitled_on_a_mirror),
    Transform("place masked", "a report's issuer places and province masked (XX区, 某区, ××区) where "
              "one is in its first 300 characters, no address: a template, not_report", place_masked),
    Transform("place removed", "a local report's labeled places removed, level words kept (as for place "
              "in host), on a sample-essay site's address or none, under a title without issuer where the "
              "excerpt has none (2023年度法治政府建设工作报告); copies whose note says spam was injected "
              "left out: a sample with its issuer taken out, not_report", place_removed),
    Transform("place in host", "items whose host is in data/gov_domains.tsv: the labeled places removed "
              "from the text, level words kept (广东省司法厅 -> 省司法厅, 广东省坚持 -> 本省坚持); "
              "province scored when the host's place is it, issuer when all its places are the host's; "
              "other fields unchanged",
              place_only_in_host),
    Transform("place in path", "reports of a county or prefecture (or its department): the labeled places "
              "removed from the text as for place in host; the address a page of the province's portal "
              "under a directory that spells the issuer's place in pinyin (www.cq.gov.cn/zwgk/rongchang/…); "
              "issuer and level scored unless a township or another place is in the issuer",
              place_in_path),
    Transform("place in site name", "reports whose issuer has a place: the labeled places removed from the "
              "text as for place in host, no address; the chrome names the site (X人民政府门户网站 / "
              "首页 > X人民政府 > … / X人民政府 over 您当前的位置：…), X the issuer's place at county level "
              "or above; "
              "issuer and level scored unless the issuer is a township (the site is its county's), published "
              "only where the text still holds the date", place_in_site_name),
    Transform("posted by 政府办", "reports whose issuer has a place and whose text has no "
              "来源 line: the labeled places removed as for place in host, no address, 来源：X人民政府办公室 "
              "at the top (X the issuer's place at county level or above); issuer and level scored unless "
              "a township, published only where the text still holds the date",
              posted_by_government_office),
    Transform("informal names", "formal names written informally (人民政府 -> 政府, 市场监督管理局 -> "
              "市场监管局, …) where the labeled issuer has one; label unchanged (formal name)",
              informal_names),
    Transform("date line", "reports with a labeled date: every form of it removed, one 发布时间/日期 "
              "line in another format (2024/03/28, 2024年3月28日 10:20, 2024.03.28, 20240328, a 年月日 "
              "stamp with or without its time heading 来源) added under the title "
              "(at the top when there is none), address without date; label unchanged", date_in_other_line),
    Transform("date in url", "reports with a labeled date: every form of it removed from the text, the "
              "address carries it (t20240328, /art/2024/3/28/, /2024-03/28/, "
              "Detail.aspx?id=20240328162410914); label unchanged",
              date_only_in_url),
    Transform("posted by 司法局", "government reports: a 来源：X县司法局 (X省司法厅) line, the issuer's own "
              "place, added under the title; label unchanged (the government issues it)",
              posted_by_justice_bureau),
    Transform("meeting news", "a report's issuer and year put in 人大常委会审议 / 常务会议听取 news "
              "quoting one line of it: news, not_report", meeting_news),
    Transform("release news", "the report's issuer, place and year in news or commentary on its "
              "release (…发布…报告, 报告显示 / 据介绍 quoting its first line, 读《…报告》), half without "
              "title: news, not_report", release_news),
    Transform("court report", "the report's place and year in a court's (procuratorate's) report to the 人大 "
              "or its 常委会 (…中级人民法院关于2023年度行政审判工作情况的报告, …法院工作报告): not_report",
              court_report),
    Transform("assessment", "the report's place and year in a third-party 评估报告 or a "
              "群众满意度调查报告 about the government's rule-of-law work, quoting the report's first "
              "line as the assessed body's words: not_report", assessment_report),
    Transform("enforcement report", "the report's issuer and year in its own 行政执法工作情况报告, "
              "行政执法数据公开 or 行政执法统计年报 (not a listed equivalent title): not_report",
              enforcement_report),
    Transform("catalogue record", "the report's title and labeled metadata (issuer, date) as a "
              "disclosure-catalogue or database record (索引号, 发布机构, 主题分类, 文号 rows, an "
              "attachment link, a 内容概述 describing it), no body: not_report", catalogue_record),
    Transform("look-alikes", "the report's issuer, place and year in the corpus README's other "
              "look-alikes: 政府信息公开工作年度报告, a general 工作总结及工作计划, an agenda 议题解读, "
              "news grading units' reports, a 示范创建 self-assessment, a 督察 rectification report, a "
              "工作要点: not_report", lookalike),
    Transform("speech", "the report's place and year in a leader's speech or remarks at a rule-of-law "
              "meeting, or a leader's own 述法报告 (本人), quoting the report's first line: not_report",
              speech),
    Transform("blank template", "a report as a 范文: every year before 年 blanked (20__, 20XX, 20××, ____), "
              "every other round the title keeping its year, no address: not_report", blank_template),
    Transform("leader masked", "a report as 范文 sites serve it: 习近平 masked (A, ____, XXX, ×××, 某某 by "
              "turns), no address: not_report", leader_masked),
    Transform("research paper", "the report's place and year in an academic article about it (摘要, "
              "关键词, 内容提要, author line, 参考文献 by turns), quoting its first line: not_report",
              research_paper),
    Transform("national roundup", "a national roundup of the year's rule-of-law figures (数读, 新华社, "
              "法治日报) quoting the report's first line as one place's example: not_report",
              national_roundup),
    Transform("mirrored look-alikes", "the look-alike pages above (news, court, assessment, enforcement, "
              "the README's others, by turns) without line breaks and in traditional characters: "
              "not_report", mirrored_lookalike),
)


def transformed(items: list[Item], transform: Transform) -> list[tuple[Item, Item]]:
    """(original, transformed) pairs for the items the transform applies to."""
    pairs = []
    for index, item in enumerate(items):
        out = transform.apply(item, index)
        if out is not None:
            pairs.append((item, out))
    return pairs
