"""Administrative divisions: find place names in text and resolve them to a `schemas.Region`.

The table (``data/regions.tsv.gz``, built by ``tools/build_regions.py``) is loaded lazily once.
Place names are found with one suffix-anchored pass: every character that can end a name
(市, 区, 县, 镇, 道 ...) is a candidate end, and the one or two substrings that names ending in
those two characters allow are looked up in a dict; there is no loop over the 43k names.

Ambiguous names (鼓楼区, 朝阳区, 万古镇) are resolved from an `Evidence` bag: other place names
on the page and the government host name (rongchang.gov.cn -> 荣昌区). When the evidence does
not single out one unit, only the fields shared by every candidate are filled and the
confidence stays low: there is never a silent default.

    >>> from streams.analysis.regions import Evidence, resolve
    >>> evidence = Evidence.from_texts([("平顶山市郏县", 1.0)], url=None)
    >>> resolve("郏县", evidence).prefecture
    '平顶山市'
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import yaml

from schemas import Level, Region

DATA_FILE = Path(__file__).parent / "data" / "regions.tsv.gz"
DOMAINS_FILE = Path(__file__).parent / "data" / "gov_domains.tsv"
NEW_AREAS_FILE = Path(__file__).parent / "data" / "new_areas.yaml"
RENAMED_FILE = Path(__file__).parent / "data" / "renamed_units.tsv"
_LEVELS = {"P": Level.province, "C": Level.prefecture, "K": Level.county, "T": Level.township}
# Host labels that name a service, not a place (www.xx.gov.cn, public.xx.gov.cn).
_HOST_NOISE = frozenset({"www", "m", "wap", "public", "gov", "cn", "com", "net", "org", "xxgk", "zwgk"})
# Weights of host evidence: a full pinyin spelling is strong, initials (hzsc) are weak.
_HOST_FULL_WEIGHT = 2.0
_COUNTRY_PREFIX = "cn"
_HOST_INITIALS_WEIGHT = 1.0
# Two letters name too many places to read (tl.gov.cn is 铜陵, not 铁岭; ms.gov.cn 眉山, not 芒市; lf, qj,
# hg, dh, cj: 7 of 9 known two-letter city portals were read as another place): only the city portal
# list in sources.yaml reads them.
_MIN_INITIALS = 3
# A domain the portal registry (or the province domain list) names: as strong as a full name.
_HOST_TABLE_WEIGHT = 3.0
# A place the address's path names below the host's (cq.gov.cn/zwgk/rongchang/ -> 荣昌区): where the page
# lives, as the site's name, stronger than one passing mention in the body; full pinyin names only
# (initials, bm or hz, name too many places).
_PATH_WEIGHT = 1.5
# A body's name that starts with a place's own name: two or more characters before a level word (no
# mask, 某 XX ××; no level word alone, 中共县委 本市 自治区), known to the table or not (青岭县司法局).
_LEADING_PLACE_NAME = re.compile(
    r"(?:中共)?(?!某|中共|本|自治|[省市县区州盟旗镇乡])[\u4e00-\u9fff]{2,10}?(?:省|自治区|市|州|地区|盟|县|区|旗|镇|乡|街道)")


# Province codes of the divisions whose governments publish on no gov.cn host.
_NOT_ON_GOV_CN = ("71", "81", "82")


@dataclass(frozen=True, slots=True)
class Unit:
    uid: int
    level: Level
    code: str                  # own GB/T 2260 code; for a township, its county's (or prefecture's)
    name: str
    short: str
    parent: int | None
    lineage: tuple[int, ...]   # uids from the province down to this unit
    generic: bool              # 城区, 城关镇: never evidence on their own


class Mention(NamedTuple):
    """A place name found in text. A named tuple: one is built per name found on every page, where a
    frozen dataclass's __init__ (five object.__setattr__ calls) cost several times as much."""

    start: int
    end: int
    name: str
    uids: tuple[int, ...]
    # Townships whose name differs only in the suffix (增福镇 / 增福乡): renamings the table may lag.
    variants: tuple[int, ...] = ()


TOWNSHIP_SUFFIXES = ("街道", "镇", "乡", "苏木")
# Beijing's area offices (后沙峪地区) are township units whose pages write them as 镇 or 乡: the stem of
# their name takes the township spellings, but "地区" is no spelling of other townships (农村地区 is none).
_AREA_OFFICE = "地区"


def township_stem(name: str) -> str | None:
    for suffix in (*TOWNSHIP_SUFFIXES, _AREA_OFFICE):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return None


class RegionTable:
    """The loaded table and its indexes (by name, by short name, by host slug, by last char)."""

    def __init__(self, rows: Iterable[list[str]], vintage: str, edition: str | None = None,
                 former_names: dict[str, str] | None = None) -> None:
        self.vintage = vintage
        self.edition = edition  # date (YYYY-MM-DD) of the division list: who exists, for coverage
        self.units: list[Unit] = []
        self.by_domain: dict[str, int] = {}     # registrable gov.cn domain -> uid (gov_domains.tsv)
        self.new_areas: dict[str, int] = {}     # a new area's name -> the unit it lies in (new_areas.yaml)
        self.new_area_pattern: re.Pattern[str] = re.compile(r"(?!)")    # their names, longest first
        self.new_area_ends: frozenset[str] = frozenset()    # their names' last two characters: the gate
        by_code: dict[str, int] = {}
        by_name: dict[str, list[int]] = {}
        by_short: dict[str, list[int]] = {}
        by_slug: dict[str, list[tuple[int, float]]] = {}
        by_stem: dict[str, list[int]] = {}
        slug_lists: list[list[str]] = []
        for cells in rows:
            level_key, code, name, short, parent_code, slugs, flags = (cells + [""] * 7)[:7]
            level = _LEVELS.get(level_key)
            if level is None or not name:
                continue
            parent = by_code.get(parent_code)
            uid = len(self.units)
            lineage = (*self.units[parent].lineage, uid) if parent is not None else (uid,)
            unit = Unit(uid, level, code or parent_code, name, short or name, parent, lineage,
                        "g" in flags)
            self.units.append(unit)
            if code:
                by_code[code] = uid
            by_name.setdefault(name, []).append(uid)
            if level is Level.township:
                stem = township_stem(name)
                if stem:
                    by_stem.setdefault(stem, []).append(uid)
            if level is not Level.township and len(unit.short) >= 2 and unit.short != name:
                by_short.setdefault(unit.short, []).append(uid)
            # Slugs read a gov.cn host: Taiwan's, Hong Kong's and Macau's units have none (their
            # generic district names, 中区 东区 …, gave 台中市 the most support behind any "tz").
            outside = self.units[lineage[0]].code[:2] in _NOT_ON_GOV_CN
            slug_lists.append([] if outside else [s for s in slugs.split(",") if s])
            for rank, slug in enumerate(slug_lists[-1]):
                # The first two slugs are full pinyin spellings, the rest initials.
                if rank >= 2 and len(slug) < _MIN_INITIALS:
                    continue
                weight = _HOST_FULL_WEIGHT if rank < 2 else _HOST_INITIALS_WEIGHT
                by_slug.setdefault(slug, []).append((uid, weight))
        self._add_parent_initials(by_slug, slug_lists)
        # A renamed unit's former name (湟中县, 湟中区 now) still names it on the pages of its time.
        for former, code in (former_names or {}).items():
            if code in by_code:
                by_name.setdefault(former, []).append(by_code[code])
        self.by_code = by_code
        self.by_name = {name: tuple(uids) for name, uids in by_name.items()}
        self.by_short = {name: tuple(uids) for name, uids in by_short.items()}
        self.by_slug = {slug: tuple(hits) for slug, hits in by_slug.items()}
        # Every other-suffix spelling of a township name -> those townships (增福镇 -> 增福乡's uid).
        by_variant: dict[str, list[int]] = {}
        for stem, uids in by_stem.items():
            # A stem that is a township's name already (the table's 苏力德苏木乡 for 苏力德苏木) is one more.
            spellings = (*(stem + suffix for suffix in TOWNSHIP_SUFFIXES),
                         *((stem,) if stem.endswith(TOWNSHIP_SUFFIXES) else ()))
            for spelled in spellings:
                exact = by_name.get(spelled, ())
                others = [uid for uid in uids if uid not in exact]
                if others:
                    by_variant[spelled] = others
        self.by_variant = {name: tuple(uids) for name, uids in by_variant.items()}
        # name -> (exact uids, other-suffix uids): one dict probe per candidate substring.
        empty: tuple[int, ...] = ()
        self.lookup: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
            name: (self.by_name.get(name, empty), self.by_variant.get(name, empty))
            for name in (*self.by_name, *self.by_variant) if len(name) >= 2}
        # A county's or prefecture's short form with its level word, as pages write autonomous ones in
        # running text (互助县 for 互助土族自治县, 恩施州, 科右前旗): a name of the unit where no unit is
        # called so. Not a zone's (经开区, 高新区: many zones').
        shortened = [unit for unit in self.units if unit.level in (Level.prefecture, Level.county)
                     and len(unit.short) >= 2 and unit.short != unit.name]
        alias_owners = Counter(map(level_alias, shortened))
        aliases: dict[str, list[int]] = {}
        for unit in shortened:
            zone = unit.level is Level.county and unit.code[4] == "7"     # as is_functional_zone tells
            alias = level_alias(unit)
            # A short form several units share (高新区: 32 zones', one with a county's code) names none;
            # an autonomous unit's with its level word still names it where no other unit's is spelled
            # so (甘南州: 甘南县 is another unit's own name, 本溪县 beside 本溪市).
            shared = len(by_short.get(unit.short, ())) > 1
            if (not unit.generic and not zone and alias_owners[alias] == 1
                    and (not shared or "自治" in unit.name)):
                # An autonomous unit also by its short form and 自治县/自治州/自治旗 (威宁自治县, 湘西自治州).
                for name in (alias, autonomous_short_form(unit)):
                    if name and name != unit.name and name not in self.lookup:
                        aliases.setdefault(name, []).append(unit.uid)
        self.aliases = {alias: tuple(uids) for alias, uids in aliases.items()}
        for alias, uids in self.aliases.items():
            self.lookup[alias] = (uids, empty)
        # last two chars -> the lengths of the names ending so, longest first: one or two slices to try
        # where an end char (市, 区, 县, 镇 ...) is found; most end chars in running text end no name.
        lengths: dict[str, set[int]] = {}
        for name in self.lookup:
            lengths.setdefault(name[-2:], set()).add(len(name))
        self.lengths_by_ending = {ending: tuple(sorted(found, reverse=True))
                                  for ending, found in lengths.items()}
        # Names whose every candidate is generic (城区, 城关镇): never evidence. Such a name holds a generic
        # unit, as its own name or another-suffix spelling of its stem, so only those are looked at.
        spellings = {unit.name for unit in self.units if unit.generic}
        stems = [stem for stem in map(township_stem, spellings) if stem]
        spellings.update(stem + suffix for stem in stems for suffix in TOWNSHIP_SUFFIXES)
        self.generic_names = frozenset(
            name for name in spellings if name in self.lookup
            and all(self.units[uid].generic for part in self.lookup[name] for uid in part))
        last_chars = "".join(sorted({ending[-1] for ending in lengths}))
        self.last_char_pattern = re.compile("[" + re.escape(last_chars) + "]")
        short_lengths = sorted({len(s) for s in self.by_short}, reverse=True)
        self.short_lengths = tuple(short_lengths)

    def _add_parent_initials(self, by_slug: dict[str, list[tuple[int, float]]],
                             slug_lists: list[list[str]]) -> None:
        """Hosts spell a place as its parent's initials + its own (xjyl = 新疆 + 伊犁, hhjp = 红河 +
        金平): add that slug for prefectures and counties, from the short names' initials."""
        def short_initials(unit: Unit) -> str | None:
            slugs = slug_lists[unit.uid]
            initials = slugs[2] if len(slugs) > 2 else ""
            # The initials slug spells the name without its suffix, one letter a character.
            return initials[: len(unit.short)] if len(initials) >= len(unit.short) >= 2 else None

        for unit in self.units:
            if unit.level not in (Level.prefecture, Level.county) or unit.parent is None:
                continue
            own, parent = short_initials(unit), short_initials(self.units[unit.parent])
            if own and parent:
                slug = parent + own
                if all(uid != unit.uid for uid, _ in by_slug.get(slug, ())):
                    by_slug.setdefault(slug, []).append((unit.uid, _HOST_INITIALS_WEIGHT))

    def unit(self, uid: int) -> Unit:
        return self.units[uid]


def table_rows() -> tuple[list[list[str]], str, str | None]:
    """The region table's rows as shipped (before renamed_units.tsv), its vintage and its edition."""
    vintage, edition = "unknown", None
    rows: list[list[str]] = []
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                if match := re.search(r"vintage: (.+?) dictionary", line):
                    vintage = match.group(1)
                elif match := re.match(r"# edition: (\S+)", line):
                    edition = match.group(1)
                continue
            rows.append(line.rstrip("\n").split("\t"))
    return rows, vintage, edition


def _renamed(rows: list[list[str]]) -> tuple[list[list[str]], dict[str, str]]:
    """The rows with the county-level units renamed since the table's edition (renamed_units.tsv: 米林县 is
    米林市 now) under their new names and codes, their townships under the new code; and each former
    name with its unit's new code."""
    codes: dict[str, tuple[str, str]] = {}
    former: dict[str, str] = {}
    for line in RENAMED_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            old_code, old_name, new_code, new_name = line.split("\t")[:4]
            codes[old_code] = (new_code, new_name)
            former[old_name] = new_code
    out = []
    for cells in rows:
        cells = (cells + [""] * 7)[:7]
        if cells[1] in codes:
            cells[1], cells[2] = codes[cells[1]]
        if cells[4] in codes:
            cells[4] = codes[cells[4]][0]
        out.append(cells)
    return out, former


@cache
def table() -> RegionTable:
    """The region table, loaded on first use."""
    rows, vintage, edition = table_rows()
    renamed, former = _renamed(rows)
    regions = RegionTable(renamed, vintage, edition, former)
    for line in DOMAINS_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            domain, code = line.split("\t")[:2]
            if code in regions.by_code:
                regions.by_domain[domain] = regions.by_code[code]
    for area, place in yaml.safe_load(NEW_AREAS_FILE.read_text(encoding="utf-8")).items():
        units = _units_named(regions, place)
        if len(units) != 1:
            raise ValueError(f"new_areas.yaml: {area}'s place {place!r} is not one unit of the region table")
        regions.new_areas[area] = units[0]
    regions.new_area_pattern = re.compile("|".join(sorted(map(re.escape, regions.new_areas), key=len,
                                                          reverse=True)))
    regions.new_area_ends = frozenset(area[-2:] for area in regions.new_areas)
    return regions


def _units_named(regions: RegionTable, place: str) -> list[int]:
    """The units above township level a name gives, or a city's name then its district's (广州市南沙区)."""
    units = [uid for uid in regions.by_name.get(place, ()) if regions.units[uid].level is not Level.township]
    for cut in range(2, len(place) - 1) if len(units) != 1 else ():
        parents = set(regions.by_name.get(place[:cut], ()))
        children = [uid for uid in regions.by_name.get(place[cut:], ())
                    if regions.units[uid].parent in parents]
        if children:
            return children
    return units


# A two-character name (one character and its unit: 范县, 高县, 理县, 中区) inside running text is
# mostly the tail of a word (示范县, 提高县级, 管理县城, 集中区, 省、市和县三级): it counts only at a
# boundary, right after a larger unit's name (河南省范县) or after a word that leads a place (在, 对,
# 我, 全, 法治范县 …).
_BEFORE_SHORT_NAME = frozenset("在对于向到赴从至同、我本全该今原即是为把将以由治")
# A two-character name led by a conjunction (和县) reads as one after any boundary too (《纲要》和县委):
# it counts only at the start or right after a larger unit's name.
_CONJUNCTIONS = frozenset("和与及同")


def _short_name_stands(text: str, start: int, previous: Mention | None) -> bool:
    """Does the two-character name at `start` stand as a name, not as the tail of a word?"""
    if start == 0 or (previous is not None and previous.end == start):
        return True
    if text[start] in _CONJUNCTIONS:
        return text[start - 1] == "\n"
    before = text[start - 1]
    return not ("\u3400" <= before <= "\u9fff") or before in _BEFORE_SHORT_NAME


def full_spelling(slug: str) -> list[int]:
    """The units a pinyin word spells in full (rongchang, guangzhou), not by initials."""
    return [uid for uid, weight in table().by_slug.get(slug, ()) if weight >= _HOST_FULL_WEIGHT]


def level_alias(unit: Unit) -> str:
    """A county's or prefecture's short form with its level word (互助县, 恩施州, 科右前旗); a 盟 by its
    first character (锡盟, 阿盟)."""
    if unit.name.endswith("盟") and len(unit.name) > 3:
        return unit.name[0] + "盟"
    return unit.short if unit.short.endswith(unit.name[-1]) else unit.short + unit.name[-1]


def autonomous_short_form(unit: Unit) -> str | None:
    """An autonomous unit's short form with its 自治 word (威宁自治县 for 威宁彝族回族苗族自治县)."""
    at = unit.name.find("自治")
    return unit.short + unit.name[at:] if at > 0 and unit.short != unit.name else None


def is_functional_zone(uid: int) -> bool:
    """A development zone or new area the division list gives a county's place to (county codes 71-79:
    兰州新区 620171, 长春经济技术开发区 220171; 81 on are county-level cities), not a division with a
    government."""
    unit = table().units[uid]
    return unit.level is Level.county and unit.code[4] == "7"


def named_with_parent(unit: Unit) -> bool:
    """A town, or a city's district (not a development zone listed like one): its name is shared across
    the country (鼓楼区, 东城街道), so its formal name carries its parent's; a county's is unique, and so
    are a 特区's and a 林区's (六枝特区, 神农架林区), and a 区 right under a province is no city's."""
    if unit.level is Level.township:
        return True
    if (unit.level is not Level.county or not unit.name.endswith("区") or _is_unique_area(unit)
            or unit.parent is None or is_functional_zone(unit.uid)):
        return False
    parent = table().units[unit.parent]
    return parent.level is Level.prefecture or parent.name.endswith("市")     # 重庆市南岸区, 上海市浦东新区


def _is_unique_area(unit: Unit) -> bool:
    """A 特区 or 林区 as the unit's kind (六枝特区, 神农架 + 林区), not a district whose name ends so (碑林 +
    区, 万柏林区, 北林区: a city's districts)."""
    return unit.name.endswith("特区") or unit.name == unit.short + "林区"


def places_above(lineage: Sequence[Unit], depth: int) -> str:
    """The names that go before the name of `lineage[depth]` in its formal form: its county for a town,
    and a district's city (重庆市 + 南岸区, 泉州市 + 鲤城区 + 金龙街道); empty for a county, city or
    province."""
    first = depth
    while first > 0 and named_with_parent(lineage[first]):
        first -= 1
    return "".join(unit.name for unit in lineage[first:depth])


def names_its_place(name: str) -> bool:
    """Does a body's name start with its place's own name (青岭县司法局), not a level word (区政府办公室),
    a mask (某县, XX区) or nothing (司法局)?"""
    return _LEADING_PLACE_NAME.match(name) is not None


def find_places(text: str, *, include_generic: bool = False) -> list[Mention]:
    """Every full place name in `text` (longest match per end position), in text order."""
    return list(_places(text, include_generic)) if text else []


@lru_cache(maxsize=64)
def _places(text: str, include_generic: bool) -> tuple[Mention, ...]:
    # Cached: one page's analysis reads the same texts more than once (an issuer's name chain up to three
    # times; a short page's head and tail evidence are one text): 1,758 calls for 756 distinct texts on
    # the 226 bench pages.
    regions = table()
    lookup, lengths_by_ending = regions.lookup, regions.lengths_by_ending
    generic_names = frozenset() if include_generic else regions.generic_names
    found: list[Mention] = []
    for hit in regions.last_char_pattern.finditer(text):
        end = hit.end()
        lengths = lengths_by_ending.get(text[end - 2:end]) if end >= 2 else None
        if lengths is None:
            continue
        for length in lengths:
            start = end - length
            if start < 0:
                continue
            name = text[start:end]
            entry = lookup.get(name)
            if entry is None:
                continue
            uids, variants = entry
            if name in generic_names:
                # A generic name right after its parent's (内江市市中区, 某县城关镇) is that one unit.
                uids = _under_previous(uids, start, found[-1] if found else None)
                if not uids:
                    break
                variants = ()
            elif length == 2 and not _short_name_stands(text, start, found[-1] if found else None):
                break
            # A name starting inside the previous one, before its last character, is read past it
            # (天津市市场 holds 天津市, not 津市市): the earlier name stands, as a reader takes it. One
            # shared character is a name run into the next (内江市中区: 内江市, 市中区).
            if found and found[-1].start < start < found[-1].end - 1:
                break
            # A longer name ending here swallows earlier names inside it; adjacent names stay apart.
            while found and found[-1].start >= start:
                found.pop()
            found.append(Mention(start, end, name, uids or variants, variants if uids else ()))
            break
    return tuple(found)


def _under_previous(uids: tuple[int, ...], start: int, previous: Mention | None) -> tuple[int, ...]:
    """The units among `uids` whose parent the mention ending at `start` names; () when none is there."""
    if previous is None or previous.end != start:
        return ()
    units = table().units
    return tuple(uid for uid in uids if units[uid].parent in previous.uids)


def leading_short_name(text: str) -> Mention | None:
    """A short place name at the very start of `text` (武汉经开区 -> 武汉市)."""
    regions = table()
    for length in regions.short_lengths:
        if length > len(text):
            continue            # text[:length] would be all of a shorter text, and the mention too long
        uids = regions.by_short.get(text[:length])
        if uids:
            return Mention(0, length, text[:length], uids)
    return None


_ACCOUNT_LEVELS = (Level.province, Level.prefecture, Level.county)


def account_place(name: str) -> tuple[int, ...]:
    """The place an account's or outlet's name leads with, where it names none in full (琼海发布, 黄岩司法,
    宜宾发布, 法治准格尔, 北京朝阳): a prefecture's or county's short name at its start, or a province's or
    city's then one of its districts' (北京 + 朝阳). () when it leads with none."""
    name = name.removeprefix("法治")            # the rule-of-law slogan as an account's name: 法治临安
    if not name or find_places(name):
        return ()
    lead = leading_short_name(name) or _leading_name_without_level_word(name)
    if lead is None:
        return ()
    units = table().units
    uids = tuple(uid for uid in lead.uids if units[uid].level in _ACCOUNT_LEVELS and not units[uid].generic)
    rest = name[lead.end:]
    children = _county_children()
    for uid in uids:
        if uid in children:
            pattern, named = children[uid]
            district = pattern.match(rest)
            if district is not None:
                return (named[district.group()],)
    return uids


def _leading_name_without_level_word(name: str) -> Mention | None:
    """A county's or city's name without its level word at the start of `name` (准格尔 of 准格尔旗), where the
    table keeps no short form for it."""
    by_name = table().by_name
    for length in (4, 3, 2):
        for level_word in _LEVEL_WORD_END:
            uids = by_name.get(name[:length] + level_word)
            if uids and length <= len(name):
                return Mention(0, length, name[:length], tuple(uids))
    return None


def host_labels(url: str | None) -> list[str]:
    """The place-bearing labels of a government host (jyj.suizhou.gov.cn -> ['suizhou', 'jyj'])."""
    return list(_host_labels(url)) if url else []


# Google Translate serves a page through a host spelling the original one: www-deqing-gov-cn.translate.goog
# is www.deqing.gov.cn ('-' for '.', '--' for '-'). Machine translations of reports come this way.
_TRANSLATE_PROXY = ".translate.goog"


@lru_cache(maxsize=64)
def url_hostname(url: str) -> str | None:
    """urlsplit's hostname of `url` (a bare host gets '//' first), lower-cased, or the host a translation
    proxy serves; None without a host, ValueError where urlsplit raises one. Cached: a page's evidence and
    its source kind both read it."""
    host = urlsplit(url if "//" in url else "//" + url).hostname
    if host and host.endswith(_TRANSLATE_PROXY):
        spelled = host[: -len(_TRANSLATE_PROXY)]
        host = ".".join(part.replace("\0", "-") for part in spelled.replace("--", "\0").split("-"))
    return host


@lru_cache(maxsize=64)
def _host_labels(url: str) -> tuple[str, ...]:
    # Cached: a page's evidence and its source kind both read its host.
    try:
        host = (url_hostname(url) or "").lower()
    except ValueError:
        return ()
    if not host.endswith(".gov.cn"):
        return ()          # mirrors and news sites say nothing about the issuer's place
    labels = host[: -len(".gov.cn")].split(".")
    return tuple(label for label in reversed(labels) if label and label not in _HOST_NOISE)


_SHORT_PROVINCE_SCALE = 0.5
# A place inside 《》 names a cited document's author (《关于把云南省曲靖市…典型案例作为…的通知》 in a
# Wuhan bureau's report), not the page's: a fraction of a mention.
_CITED_SCALE = 0.25
_SLOGAN = re.compile(r"法治([\u4e00-\u9fff]{2})")
_SLOGAN_LEVELS = (Level.prefecture, Level.county)     # a province's short name counts anywhere
_LEVEL_WORD_END = ("省", "市", "区", "县", "州", "旗", "盟")


@cache
def _slogan_starts() -> frozenset[str]:
    """The first two characters of every prefecture or county short name: most 法治 hits (法治政府, 法治思想)
    are passed over with one set lookup."""
    return frozenset(short[:2] for short, uids in table().by_short.items()
                     if any(table().units[uid].level in _SLOGAN_LEVELS for uid in uids))


def _slogan_place(text: str, position: int) -> tuple[int, ...]:
    """The prefectures and counties whose short name starts `text` at `position` (法治|青田建设 -> 青田县)."""
    mention = leading_short_name(text[position:position + 8])
    if mention is None or mention.name.endswith(_LEVEL_WORD_END):
        return ()      # 法治示范区: a short that still ends in a level word is a common noun
    units = table().units
    return tuple(uid for uid in mention.uids if units[uid].level in _SLOGAN_LEVELS and not units[uid].generic)


@cache
def _county_children() -> dict[int, tuple[re.Pattern[str], dict[str, int]]]:
    """Each unit's county-level children by their short form (广州市: 南沙 -> 南沙区), as one pattern of the
    short forms and the unit each names. A district's short form is its name without the level word where
    the table keeps none (南沙 is also 三沙's)."""
    children: dict[int, dict[str, int]] = {}
    for unit in table().units:
        if unit.level is not Level.county or unit.parent is None or unit.generic:
            continue
        short = unit.short if unit.short != unit.name else unit.name[:-1]
        if len(short) >= 2 and unit.name.endswith(_LEVEL_WORD_END):
            children.setdefault(unit.parent, {}).setdefault(short, unit.uid)
    return {parent: (re.compile("|".join(sorted(map(re.escape, named), key=len, reverse=True))), named)
            for parent, named in children.items()}


def _children_named_short(text: str, found: Sequence[Mention],
                          covered: list[tuple[int, int]]) -> list[tuple[int, ...]]:
    """The county-level places `text` names short under a place it names in full (在广州市委…领导下，
    南沙坚持…): a district's own pages call it so. A short name counts where it stands as a name."""
    children = _county_children()
    named: list[tuple[int, ...]] = []
    seen: set[int] = set()
    for mention in found:
        for parent in mention.uids:
            if parent in seen or parent not in children:
                continue
            seen.add(parent)
            pattern, units = children[parent]
            taken: set[int] = set()
            for hit in pattern.finditer(text):
                uid = units[hit.group()]
                if (uid not in taken and not any(start <= hit.start() < end for start, end in covered)
                        and _short_name_stands(text, hit.start(), None)):
                    taken.add(uid)
                    named.append((uid,))
    return named


@cache
def _province_shorts() -> tuple[re.Pattern[str], dict[str, int]]:
    """Short names of province-level units (广东, 重庆, 内蒙古) that name exactly one unit of that level:
    a longest-first alternation, whose finditer finds them leftmost-longest without overlaps, and the uid
    of each name. In the pipeline, a page's cleaning just done, sre's scan costs less than an automaton
    call (whose states are out of the cache), though it costs three times as much when both are warm."""
    regions = table()
    shorts: dict[str, int] = {}
    for unit in regions.units:
        if unit.level is Level.province and len(unit.short) >= 2 and unit.short != unit.name:
            shorts[unit.short] = unit.uid
    alternation = "|".join(sorted(map(re.escape, shorts), key=len, reverse=True))
    return re.compile(alternation), shorts


@lru_cache(maxsize=64)
def _short_names(text: str) -> tuple[tuple[int, ...], ...]:
    """The places `text` names short, each as its candidates, where no full name covers the spot: a
    province or municipality (对重庆的重要讲话, 推动广东高质量发展), then the rule-of-law slogan's place
    (法治青田, 法治长春建设), only a prefecture or county (a short township name is too often a word), and
    only in a text that names none in full (it then adds nothing but time). As weak as each other,
    weaker than a full name. Cached by text, as find_places: a short page's head and tail are one text."""
    if not text:
        return ()
    found = find_places(text)
    covered = [(m.start, m.end) for m in found]
    provinces, province_uids = _province_shorts()
    short: list[tuple[int, ...]] = [
        (province_uids[match.group()],) for match in provinces.finditer(text)
        if not any(start <= match.start() < end for start, end in covered)]
    units = table().units
    short.extend(_children_named_short(text, found, covered))
    if not any(units[uid].level in _SLOGAN_LEVELS for m in found for uid in m.uids):
        starts = _slogan_starts()
        for hit in _SLOGAN.finditer(text):
            if hit.group(1) not in starts:
                continue        # 法治政府, 法治思想: one set lookup
            uids = _slogan_place(text, hit.start(1))
            if uids and not any(start <= hit.start(1) < end for start, end in covered):
                short.append(uids)
    return tuple(short)


@dataclass(slots=True)
class Evidence:
    """Weighted place mentions of one page: ``(candidate uids, weight)`` per mention."""

    items: list[tuple[tuple[int, ...], float]] = field(default_factory=list)
    surface: dict[int, str] = field(default_factory=dict)   # uid -> the name as the page writes it
    # The gov.cn host's own place, when one unit (sfj.luan.gov.cn -> 六安市), and its other labels
    # (['sfj']), which may name the body that runs the site.
    host_unit: int | None = None
    host_rest: tuple[str, ...] = ()
    host_domain: str | None = None  # the registrable gov.cn domain (sfj.luan.gov.cn -> luan.gov.cn)
    # The texts that may name the site's own place (its name, else the body that published the page),
    # read only where a self-reference needs them (site_place).
    site_texts: tuple[str, ...] = ()
    # The page's first lines, where its opening may name the issuer in full (a zone's 管理委员会).
    head_lines: tuple[str, ...] = ()
    _site_unit: int | None = -1

    @classmethod
    def from_texts(cls, texts: Iterable[tuple[str, float]], url: str | None) -> Evidence:
        evidence = cls()
        regions = table()
        for text, weight in texts:
            cites = "《" in text
            for mention in find_places(text):
                uids = mention.uids + mention.variants
                cited = cites and text.rfind("《", 0, mention.start) > text.rfind("》", 0, mention.start)
                evidence.items.append((uids, weight * _CITED_SCALE if cited else weight))
                if mention.name not in regions.aliases:   # 互助县 is still named 互助土族自治县
                    for uid in uids:
                        evidence.surface.setdefault(uid, mention.name)
            for uids in _short_names(text):
                evidence.items.append((uids, weight * _SHORT_PROVINCE_SCALE))
            if any(end in text for end in regions.new_area_ends):
                for area in regions.new_area_pattern.findall(text):
                    evidence.items.append(((regions.new_areas[area],), weight))
        evidence.add_host(url)
        evidence.add_path(url)
        return evidence

    def add_account(self, name: str | None, weight: float) -> None:
        """The place a repost's account or outlet leads its name with (琼海发布 on WeChat: 琼海市)."""
        uids = account_place(name) if name else ()
        if uids:
            self.items.append((uids, weight))

    def add_path(self, url: str | None) -> None:
        """Places the directories of the address name inside the host's place (gd.gov.cn/…/dongguan/)."""
        if self.host_unit is None or not url:
            return
        try:
            path = urlsplit(url if "//" in url else "//" + url).path
        except ValueError:
            return
        regions = table()
        for segment in path.lower().split("/")[:-1]:       # directories: the file name is an id
            uids = tuple(dict.fromkeys(
                uid for uid in full_spelling(segment) if uid != self.host_unit
                and self.host_unit in regions.units[uid].lineage))
            if uids:
                self.items.append((uids, _PATH_WEIGHT))

    def add_host(self, url: str | None) -> None:
        regions = table()
        labels = host_labels(url)
        if labels:
            self.host_domain = labels[0] + ".gov.cn"
            known = regions.by_domain.get(self.host_domain)
            if known is not None:
                self.items.append(((known,), _HOST_TABLE_WEIGHT))
                self.host_unit, self.host_rest = known, tuple(labels[1:])
                labels = labels[1:]
        for position, label in enumerate(labels):
            hits = regions.by_slug.get(label)
            if not hits and label.startswith(_COUNTRY_PREFIX):
                # cnlongxi.gov.cn (中国陇西): a place's full spelling after "cn" (not initials: cngy is
                # two letters, and two letters are no place).
                hits = tuple(hit for hit in regions.by_slug.get(label[len(_COUNTRY_PREFIX):], ())
                             if hit[1] >= _HOST_FULL_WEIGHT)
            if not hits:
                continue
            # The label next to gov.cn names the site's place; deeper labels are weaker.
            scale = 1.0 if position == 0 else 0.5
            best = max(weight for _, weight in hits)
            uids = tuple(dict.fromkeys(uid for uid, weight in hits if weight == best))
            self.items.append((uids, best * scale))
            if position == 0 and self.host_unit is None and len(uids) == 1:
                self.host_unit, self.host_rest = uids[0], tuple(labels[1:])

    def score(self, uid: int) -> float:
        """Support for `uid`: mentions of it, of its ancestors and of its descendants."""
        units = table().units
        lineage = units[uid].lineage
        # `uid` is an ancestor of `other` (or it) when it stands at its own depth in other's lineage: one
        # index, where `uid in lineage` compared up to four ints (a plain loop, not a generator per item).
        depth = len(lineage) - 1
        total = 0.0
        for uids, weight in self.items:
            related = 0
            for other in uids:
                if other in lineage:
                    related += 1
                else:
                    other_lineage = units[other].lineage
                    if len(other_lineage) > depth and other_lineage[depth] == uid:
                        related += 1
            # A mention supports a unit when at least half its candidates lie there: 城关镇 (100 towns,
            # 33 in 河南) is no evidence for 河南.
            if related and related * 2 >= len(uids):
                total += weight * related / len(uids)
        return total

    def own_place(self) -> int | None:
        """The place the site is of: its host's, else the one its name (or publisher) names."""
        return self.host_unit if self.host_unit is not None else self.site_place()

    def site_place(self) -> int | None:
        """The site's place from the first of `site_texts` whose places are one unit (永康市人民政府网 ->
        永康市); None when none is."""
        if self._site_unit == -1:
            self._site_unit = None
            for text in self.site_texts:
                mentions = chain_mentions(text) if text else []
                region = resolve_mentions(mentions, None) if mentions else None
                unit = unit_of(region) if region is not None and region.confidence >= 0.5 else None
                if unit is not None:
                    self._site_unit = unit.uid
                    break
        return self._site_unit

    def candidates(self) -> set[int]:
        """Every unit mentioned, and every ancestor of one."""
        units = table().units
        out: set[int] = set()
        for uids, _ in self.items:
            for uid in uids:
                out.update(units[uid].lineage)
        return out


def region_of(uid: int, confidence: float) -> Region:
    units = table().units
    fields: dict[str, str | None] = {}
    for ancestor in units[uid].lineage:
        unit = units[ancestor]
        fields[unit.level.value] = unit.name
    return Region(province=fields.get("province"), prefecture=fields.get("prefecture"),
                  county=fields.get("county"), township=fields.get("township"),
                  code=units[uid].code, confidence=round(confidence, 3))


def common_region(uids: Iterable[int], confidence: float) -> Region:
    """The fields every candidate shares (all in 河南省 -> province only), low confidence."""
    units = table().units
    lineages = [units[uid].lineage for uid in uids]
    if not lineages:
        return Region()
    shared: list[int] = []
    for level_uids in zip(*lineages, strict=False):
        if len(set(level_uids)) != 1:
            break
        shared.append(level_uids[0])
    if not shared:
        return Region(confidence=0.0)
    return region_of(shared[-1], confidence)


def pick(candidates: Iterable[int], evidence: Evidence | None) -> tuple[int | None, float]:
    """The candidate the evidence supports strictly best, with a confidence; (None, 0) on a tie."""
    pool = list(dict.fromkeys(candidates))
    if len(pool) == 1:
        return pool[0], 0.9
    if not pool or evidence is None:
        return None, 0.0
    scored = sorted(((evidence.score(uid), uid) for uid in pool), reverse=True)
    best, runner_up = scored[0][0], scored[1][0]
    if best > 0 and best > runner_up:
        return scored[0][1], min(0.85, 0.5 + 0.1 * (best - runner_up))
    return None, 0.0


def chain_mentions(chain: str) -> list[Mention]:
    """The place names a name chain starts with (广州市增城区正果镇人民政府 -> 3 mentions)."""
    mentions = find_places(chain, include_generic=True)
    if not mentions or mentions[0].start != 0:
        lead = leading_short_name(chain)
        if lead is not None and (not mentions or mentions[0].start >= lead.end):
            mentions.insert(0, lead)
    # Keep the leading run of adjacent names only: later ones belong to the body of the name.
    run: list[Mention] = []
    for mention in mentions:
        if run and mention.start - run[-1].end > 1:
            break
        if not run and mention.start > 1:
            break
        run.append(mention)
    return run


def resolve(chain: str, evidence: Evidence | None = None) -> Region:
    """Resolve a name chain found in text to a Region, using `evidence` only to break ties."""
    if not chain:
        return Region()
    mentions = chain_mentions(chain)
    if not mentions:
        return Region()
    return resolve_mentions(mentions, evidence)


def resolve_mentions(mentions: list[Mention], evidence: Evidence | None) -> Region:
    units = table().units
    candidates = list(mentions[-1].uids)
    variants = list(mentions[-1].variants)
    for earlier in mentions[:-1]:
        allowed = earlier.uids + earlier.variants
        narrowed = [uid for uid in candidates if any(anc in units[uid].lineage for anc in allowed)]
        narrowed_variants = [uid for uid in variants if any(anc in units[uid].lineage for anc in allowed)]
        if narrowed or narrowed_variants:
            candidates, variants = narrowed, narrowed_variants
        if not candidates and variants:
            candidates, variants = variants, []
    chained = len(mentions) > 1
    uid, confidence = pick(candidates, evidence)
    if variants and evidence is not None:
        # A renamed township (乡 -> 镇) wins only when the page's other places point to it.
        best_variant = max(variants, key=evidence.score)
        exact_best = max((evidence.score(u) for u in candidates), default=0.0)
        if evidence.score(best_variant) > exact_best:
            uid, confidence = best_variant, 0.5
    if uid is None:
        return common_region(candidates, 0.2)
    if len(candidates) == 1 and chained:
        confidence = 0.95
    return region_of(uid, confidence)


def resolve_relative(level: Level | None, evidence: Evidence, suffix: str | None = None) -> Region:
    """The page's own place at `level` (区司法局 -> the 区 the page is about), from evidence only.

    `suffix` narrows by the last character of the place name (市 for "市教育局").
    """
    units = table().units

    def fits(uid: int) -> bool:
        return ((level is None or units[uid].level is level)
                and (suffix is None or units[uid].name.endswith(suffix)))

    pool = [uid for uid in evidence.candidates() if fits(uid)]
    if suffix is not None:
        # The page's own word for itself (我市, 我县) picks among the places it names directly, not
        # their ancestors: dg.gov.cn + 我市 is 东莞市 among the six "dg" places, not 沧州市 above 东光县.
        # A name several places share, one of them the site's own (城关区 on 拉萨市城关区's portal: 兰州's
        # too), is read as the site's.
        site = evidence.own_place()
        named = [uid for uid in dict.fromkeys(u for uids, _ in evidence.items
                                              for u in ((site,) if site in uids else uids)) if fits(uid)]
        if len(named) == 1:
            pool = named
        elif (site in named and site is not None
              and all(uid in units[site].lineage for uid in named)):
            # The site's own place and the places above it (武夷山市 on wuyishan.gov.cn, 永康市 under the
            # site name 永康市人民政府网, whose reports are "在南平市委…领导下", "落实金华市…部署"): the
            # speaker is the site's place, the others are its superiors.
            pool = [site]
    uid, confidence = pick(pool, evidence)
    if uid is None:
        return common_region(pool, 0.2) if pool else Region()
    return region_of(uid, min(confidence, 0.7))


def unit_of(region: Region) -> Unit | None:
    """The most specific table unit a Region names, when it names one exactly."""
    regions = table()
    if region.township and region.code:
        owner = regions.by_code.get(region.code)
        for uid in regions.by_name.get(region.township, ()):
            if regions.units[uid].parent == owner:
                return regions.units[uid]
        return None
    for name in (region.county, region.prefecture, region.province):
        if name:
            for uid in regions.by_name.get(name, ()):
                if regions.units[uid].code == region.code:
                    return regions.units[uid]
    return None


def level_of(region: Region) -> Level | None:
    if region.township:
        return Level.township
    if region.county:
        return Level.county
    if region.prefecture:
        return Level.prefecture
    if region.province:
        return Level.province
    return None
