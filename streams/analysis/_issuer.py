"""Issuer finding for `extract`: candidates from title, header, signature and body, then naming.

Knowledge (patterns, self-references, abbreviations, suffixes) lives in
``data/extract_issuers.yaml``; this module only applies it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path

import yaml

from schemas import IssuerKind, Level, Region
from streams.analysis import regions
from streams.analysis._regex import Prefiltered
from streams.analysis.regions import Evidence
from streams.analysis.sources import TABLES

_DATA = yaml.safe_load((Path(__file__).parent / "data" / "extract_issuers.yaml").read_text(encoding="utf-8"))


def _pattern(key: str) -> re.Pattern[str]:
    # Folded YAML scalars insert spaces at line breaks; the patterns never need literal spaces.
    return re.compile(re.sub(r"\s+", "", _DATA[key]))


def _suffix_pattern(words: list[str]) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")$")


TITLE_SUBJECT = _pattern("title_subject")
TITLE_KIND = _pattern("title_kind")
TITLE_REJECT = _pattern("title_reject")
TITLE_ISSUER_END = _pattern("title_issuer_end")
TITLE_PREFIX_NOISE = _pattern("title_prefix_noise")
TITLE_ISSUER_VERBS = _pattern("title_issuer_verbs")
# Searched on every head line with no literal prefix for sre to skip to: a line missing the literals
# a match needs is passed over (RELEASE_LEAD: 31 -> 2 µs for 25 lines).
OPENING_SUBJECT = Prefiltered(_pattern("opening_subject"))
REPORT_LEAD = _pattern("report_lead")
RELEASE_LEAD = Prefiltered(_pattern("release_lead"))
CLAUSE_SUBJECT = _pattern("clause_subject")
SELF_REFERENCE_LEAD = _pattern("self_reference_lead")
PINYIN_GLOSS = _pattern("pinyin_gloss")
PARTY = _pattern("party_pattern")
JOINT = _pattern("joint_pattern")
ORG_IN_TEXT = _pattern("org_in_text")
NOT_ISSUER = _pattern("not_issuer")
SELF_REFERENCES: dict[str, str] = _DATA["self_references"]
RELATIVE_PREFIXES: list[str] = sorted(_DATA["relative_prefixes"], key=len, reverse=True)
_NAMES = yaml.safe_load((Path(__file__).parent / "data" / "issuer_names.yaml").read_text(encoding="utf-8"))
# canonical department name -> its short forms (人力资源和社会保障局 -> 人社局 …).
DEPARTMENT_GROUPS = ("departments", "former_departments")      # today's bodies, and the reform's former
DEPARTMENT_NAMES: dict[str, list[str]] = {name: list(shorts or ()) for group in DEPARTMENT_GROUPS
                                          for name, shorts in _NAMES[group].items()}
# short form -> canonical name, for departments, party committees' bodies and government bodies alike.
_ABBREVIATED_GROUPS = (*DEPARTMENT_GROUPS, "party_departments", "governments")
ABBREVIATIONS: dict[str, str] = {short: canonical for group in _ABBREVIATED_GROUPS
                                 for canonical, shorts in (_NAMES.get(group) or {}).items()
                                 for short in shorts or () if short != canonical}

# Official short name of a central body -> its formal name (whole names only).
CENTRAL_SHORT_NAMES: dict[str, str] = {short: formal
                                       for formal, shorts in (_NAMES.get("central") or {}).items()
                                       for short in shorts or ()}
# Central bodies with local branches named after them (国家税务总局深圳市税务局): the formal names of the
# central bodies whose sites the source table lists, longest first.
_CENTRAL_BODIES = tuple(sorted(set(TABLES.central_hosts.values()), key=len, reverse=True))


def _host_departments(path: Path) -> dict[str, list[str]]:
    """Department-site host labels (sfj, nynct, agri …) -> department names; built from the department
    table by tools/build_host_departments.py."""
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#"))
    return {row[0]: row[1].split(",") for row in rows}


HOST_DEPARTMENTS = _host_departments(Path(__file__).parent / "data" / "host_departments.tsv")
# A short form ends the name, or names the parent of a sub-bureau that ends it (深圳市交通局龙岗管理局,
# 市场监管局福田监管局): the parent takes its formal name too.
_ABBREVIATION_PATTERN = re.compile(
    "(?:" + "|".join(re.escape(k) for k in sorted(ABBREVIATIONS, key=len, reverse=True)) + ")"
    "(?=(?:[^，,、\\s]{1,8}?(?:分局|管理局|监管局|大队|支队))?$)")
GOVERNMENT_SUFFIX = _suffix_pattern(_DATA["government_suffixes"])
DEPARTMENT_SUFFIX = _suffix_pattern(_DATA["department_suffixes"])
_VERTICAL_SUFFIXES = tuple(_DATA["vertical_suffixes"])
_DIGIT = re.compile(r"\d")
_ORG_LINE_PUNCT = re.compile(r"[。，,；;！？!?：:|]")
_DATE_LINE = re.compile(
    r"^(?P<org>.{0,60}?)\s*[（(]?\s*(?:(?:19|20)\d{2}|二[〇○零][一二三四五六七八九〇○零]{2})\s*年"
    r"\s*[0-9一二三四五六七八九十]{1,2}\s*月\s*[0-9一二三四五六七八九十]{1,3}\s*[日号]\s*[)）]?\s*$")
_DATE_LINE_ENDS = ("日", "号", ")", "）")
# Joint names are split at separators, at 和, and where a party committee's name runs straight into the
# government's (中共青田县委青田县人民政府, 县委县政府: a copy that lost the space between them).
_JOINT_SPLIT = re.compile(r"[\s、，,]+|(?<=[委会])和(?=中共|.{2,12}(?:人民政府|政府)$)"
                          r"|(?:(?<=[省市区县州旗盟]委)(?!员会)|(?<=委员会))"
                          r"(?=[^\s、，,]{2,14}人民政府$|[省市区县州旗盟]政府$)")
_SELF_REFERENCE = re.compile("^(?:" + "|".join(sorted(SELF_REFERENCES, key=len, reverse=True)) + ")$")
# A development zone's (or a new area's) 管委会 is an agency of the government that set it up (派出机构),
# not a level of government: a department, as the corpus convention has every 委 and as a field's is
# (国有资产监督管理委员会); only a 管理区's governs (a county): extract_issuers.yaml's suffixes say so.
_ZONE_WORDS = ("开发区|经开区|高新区|园区|试验区|实验区|合作区|示范区|新区|基地|保税区|片区|度假区"
               "|风景区|景区|旅游区|港区|工业区|集聚区")
_ZONE = re.compile(f"(?:{_ZONE_WORDS})$")
# (陕西省西咸新区开发建设管理委员会: a zone's committee named with its task)
_ZONE_COMMITTEE = re.compile(f"(?:{_ZONE_WORDS})[\u4e00-\u9fff]{{0,4}}(?:管理委员会|管委会)$")
_BARE_TOWNSHIP = re.compile(r"(?:镇|乡|苏木)$")
_GOVERNMENT_LEVEL_SUFFIX = re.compile(r"(?:人民政府|政府|街道办事处)$")

# Level words a self-reference implies, and the place suffix that goes with them.
_SELF_LEVELS: dict[str, tuple[Level | None, str | None]] = {
    "province": (Level.province, None),
    "prefecture": (Level.prefecture, None),
    "city": (None, "市"),
    "district": (None, "区"),
    "county": (Level.county, "县"),       # a 区 or 市 never calls itself 我县
    "township": (Level.township, None),
}
_RELATIVE_LEVELS: dict[str, tuple[Level | None, str | None]] = {
    "省": (Level.province, None),
    "自治区": (Level.province, "自治区"),
    "市": (None, "市"),
    "州": (Level.prefecture, "州"),
    "盟": (Level.prefecture, "盟"),
    "区": (Level.county, "区"),
    "县": (Level.county, "县"),
    "旗": (Level.county, "旗"),
    "镇": (Level.township, "镇"),
    "乡": (Level.township, "乡"),
    "街道": (Level.township, "街道"),
}


# A town's or 街道's party committee by name (小溪塔街道党工委, 观胜镇党委).
_TOWN_PARTY_BODY = re.compile(r"(?P<place>[\u4e00-\u9fff]{2,10}?(?:街道|镇|乡|苏木))(?:党工委|党委)")
# Government-level self-references (not 我局: a department must name itself).
_COLLECTIVE = re.compile("|".join(sorted((k for k, v in SELF_REFERENCES.items() if v != "department"),
                                         key=len, reverse=True)))
# How far into the text the first self-reference (我局 / 全县) is looked for: an untitled report's
# opening paragraph runs to 300-700 characters before the body first says 全县 or 我局.
_COLLECTIVE_REACH = 800
_OPENING_PARAGRAPH = 60    # the first line this long is the opening paragraph
# Any self-reference, department (我局) or government (全县): the first one tells who speaks.
_OWN_VOICE = re.compile("|".join(sorted(SELF_REFERENCES, key=len, reverse=True)))
# The name endings a department's self-reference fits: 我局 is a …局, 我委 a …委 or …委员会.
_VOICE_ENDINGS = {"局": ("局",), "委": ("委", "委员会"), "厅": ("厅",), "办": ("办", "办公室"), "部": ("部",)}


def _can_speak_as(name: str, voice: str) -> bool:
    """Can the body `name` be the one that says `voice` (我局, 全县 …)? Only a department's voice rules
    bodies out: a 县政府办公室 that posted the page does not say 我局."""
    if SELF_REFERENCES[voice] != "department":
        return True
    return name.endswith(_VOICE_ENDINGS.get(voice[-1], (voice[-1],)))


@dataclass(slots=True)
class Issuer:
    name: str | None = None
    names: tuple[str, ...] = ()
    kind: IssuerKind | None = None
    region: Region | None = None
    level_hint: Level | None = None
    rank: Level | None = None       # the level the body's own rank fixes, whatever its region's


_ENUMERATED_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]|[0-9]{1,2}\s*[、.．](?![0-9]))")


@lru_cache(maxsize=256)
def is_title(line: str) -> bool:
    """A report title line; a numbered heading (一、全省法治政府建设情况) is a section, not a title.

    Cached: the issuer's header and the report year ask it of the same head lines (four searches each).
    """
    return (len(line) <= 100 and not line.endswith("。") and not _ENUMERATED_HEADING.match(line)
            and TITLE_SUBJECT.search(line) is not None
            and TITLE_KIND.search(line) is not None and TITLE_REJECT.search(line) is None)


# A column tag before a title ([政务公开], 【通知公告】); a tag naming a place (【清河县】) is the issuer's.
_TITLE_TAG = re.compile(r"^\s*[【\[［]([^】\]］\n]{1,30})[】\]］]")


def title_issuer(line: str) -> str | None:
    """The issuer part of a title line ("郏县人民政府关于2021年…的报告" -> 郏县人民政府)."""
    tag = _TITLE_TAG.match(line)
    # A tag the title repeats ([晋江市人社局]晋江市人社局2024年度…报告: the poster, as Fujian CMSs print it)
    # is dropped as well.
    if tag and ((not looks_like_org(tag.group(1)) and not regions.chain_mentions(tag.group(1)))
                or line[tag.end():].lstrip().startswith(tag.group(1))):
        line = line[tag.end():]
    line = TITLE_PREFIX_NOISE.sub("", line).strip()
    match = TITLE_ISSUER_END.search(line)
    if match is None:
        return None
    head = TITLE_ISSUER_VERBS.sub("", line[: match.start()].strip(" 　:：-—《“\"")).strip()
    if not head and match.group() == "关于":
        # 关于安徽省2025年度…的报告: the place the title is about, right after 关于, is its issuer's.
        about = _ABOUT_PLACE.match(line, match.end())
        mentions = regions.chain_mentions(about.group("place")) if about else []
        if mentions and mentions[0].start == 0 and mentions[-1].end == len(about.group("place")):
            return about.group("place")
    return head if looks_like_org(head) else None


_ABOUT_PLACE = re.compile(r"\s*(?P<place>[\u4e00-\u9fff]{2,20}?)\s*(?:(?:19|20)\d{2}\s*年|二[〇○零])")


# A body's kind without its name (人民政府关于… where a mirror cut the place out): no one in particular.
_BARE_ORGS = frozenset({"人民政府", "政府", "党委", "委员会", "管委会", "管理委员会", "办事处", "办公室"})


def looks_like_org(text: str) -> bool:
    if not 2 <= len(text) <= 40 or _ORG_LINE_PUNCT.search(text) or NOT_ISSUER.search(text):
        return False
    if text in _BARE_ORGS:
        return False
    if _DIGIT.search(text):
        return False
    core = text.split()[-1] if text.split() else text
    return bool(GOVERNMENT_SUFFIX.search(core) or DEPARTMENT_SUFFIX.search(core) or PARTY.search(core)
                or _SELF_REFERENCE.match(core) or JOINT.match(core))


def header_issuer(lines: list[str]) -> str | None:
    """Issuer from the title line, or from the org line just above a title that has none. A bare place
    in a headline (富平县2023年度…报告 on a platform) gives way to a fuller name of that place in the
    document's own title further down (中共富平县委 富平县人民政府 / 关于2023年度…的报告)."""
    bare: str | None = None
    for index, line in enumerate(lines):
        if not is_title(line):
            continue
        found = _title_line_issuer(lines, index)
        if found is None:
            continue
        if bare is None:
            mentions = regions.chain_mentions(found)
            if not (mentions and mentions[-1].end == len(found)):
                return found
            bare = found
        elif found.removeprefix("中共").startswith(bare) and found != bare:
            return found
    return bare


def _title_line_issuer(lines: list[str], index: int) -> str | None:
    found = title_issuer(lines[index])
    if found:
        return found
    above = [line.strip() for line in lines[max(0, index - 2): index]]
    for position in range(len(above) - 1, -1, -1):
        if looks_like_org(above[position]):
            party = above[position - 1] if position > 0 else ""
            return joint_lines(party, above[position]) or above[position]
    return None


def joint_lines(party: str, government: str) -> str | None:
    """Two header lines naming one joint issuer (中共沅陵县委 / 沅陵县人民政府 above the title), as one title
    line writes them; None for any other pair."""
    if (party and PARTY.search(party) and looks_like_org(party) and GOVERNMENT_SUFFIX.search(government)
            and not PARTY.search(government)):
        return f"{party} {government}"
    return None


def signature_issuer(lines: list[str]) -> str | None:
    """The org line(s) right before the closing date ("高州市人民政府 / 2021年12月2日")."""
    for index in range(len(lines) - 1, max(-1, len(lines) - 30), -1):
        stripped = lines[index].strip()
        # A date line ends in 日/号 or its bracket: other lines skip the backtracking match.
        match = _DATE_LINE.match(stripped) if stripped.endswith(_DATE_LINE_ENDS) else None
        if match is None:
            continue
        same_line = match.group("org").strip()
        if same_line and looks_like_org(same_line):
            return same_line
        previous = lines[index - 1].strip() if index > 0 else ""
        if looks_like_org(previous):
            party = lines[index - 2].strip() if index > 1 else ""
            return joint_lines(party, previous) or previous
        return None
    return None


def opening_subject(lines: list[str]) -> str | None:
    """The subject of the opening sentence, of the 现将…报告如下 lead or of a republished copy's
    "X发布2023年…报告" lead; party bodies alone skipped."""
    for index, line in enumerate(lines[:12]):
        stripped = line.strip()
        for pattern in (OPENING_SUBJECT, REPORT_LEAD, RELEASE_LEAD):
            match = pattern.search(stripped)
            if match is None:
                continue
            subject = match.group("subject")
            if len(subject) == 2 and ("我" + subject[-1]) in SELF_REFERENCES:
                return "我" + subject[-1]   # 总局坚持…: a body speaking of itself by its kind, as 我局
            if looks_like_org(subject) and not (PARTY.search(subject) and not JOINT.match(subject)
                                                and not _with_government(subject)):
                return _body_of_place(subject, lines[index + 1: 12]) or subject
    opening = next((line for line in lines[:12] if len(line) >= _OPENING_PARAGRAPH), "")
    for match in CLAUSE_SUBJECT.finditer(opening):
        subject = match.group("subject")
        # Only a body named by its place (铁桥镇, 区政府): 全乡社会大局 merely ends like one.
        if (looks_like_org(subject) and not PARTY.search(subject)
                and (relative_prefix(subject) or regions.chain_mentions(subject))):
            return subject
    return None


def _with_government(subject: str) -> bool:
    """A party body and its government side by side (中共新市镇委员会、新市镇人民政府): a joint voice."""
    parts = split_joint(subject) if "、" in subject or " " in subject else ()
    return len(parts) > 1 and parts[-1].endswith(("人民政府", "办事处", "行政公署"))


def _body_of_place(subject: str, lines: list[str]) -> str | None:
    """A bare place as subject (现将长春市2021年度…报告如下) stands for a body of that place: the government
    or party body the next opening sentence names (长春市委、市政府坚持…), if one does."""
    mentions = regions.chain_mentions(subject)
    if not mentions or mentions[-1].end != len(subject):
        return None
    for line in lines:
        match = OPENING_SUBJECT.search(line.strip())
        if match is None:
            continue
        body = match.group("subject")
        if (body.startswith(subject) and len(body) > len(subject) and looks_like_org(body)
                and not DEPARTMENT_SUFFIX.search(body)):
            return body
    return None


_ADDRESSEE_LINE = re.compile(r"(?P<org>[^，,。；;：:\s“”《》]{2,30}?)\s*[:：]")
_ADDRESSEE_BODY = re.compile(
    r"(?:党工委|工委|党委|委员会|委|人民政府|政府|管理委员会|管委会|人大常委会|常委会)$")


def addressee_place(lines: list[str]) -> str | None:
    """The place of the body a report is addressed to (中共武汉经开区工委: -> 武汉经开区; 青田县人民政府：
    -> 青田县): a department reports to its own government, a government to its own congress."""
    for line in lines[:3]:
        match = _ADDRESSEE_LINE.match(line.strip())     # its own line, or glued to the body's first
        if match is None:
            continue
        org = match.group("org").removeprefix("中共")
        place = _ADDRESSEE_BODY.sub("", org)
        if place != org and looks_like_org(org) and relative_prefix(org) is None and len(place) >= 2:
            return place
    return None


def self_reference_lead(lines: list[str]) -> str | None:
    for line in lines[:15]:
        match = SELF_REFERENCE_LEAD.match(line.strip())
        if match:
            return match.group("subject")
    return None


def _expand_abbreviation(match: re.Match[str]) -> str:
    canonical = ABBREVIATIONS[match.group()]
    # A short form that ends its own formal name (审批局 of 行政审批局) is the formal name already.
    return match.group() if match.string[:match.end()].endswith(canonical) else canonical


def normalize(name: str) -> str:
    """Official form of an issuer name: abbreviations expanded, redundant words dropped."""
    name = re.sub(r"\s+", " ", name).strip()
    if name in CENTRAL_SHORT_NAMES:
        return CENTRAL_SHORT_NAMES[name]
    name = _ABBREVIATION_PATTERN.sub(_expand_abbreviation, name)
    # 鲤城区人民政府金龙街道办事处 -> 鲤城区金龙街道办事处: the 街道 belongs to the 区, not its 政府.
    name = re.sub(r"(?:人民)?政府(?=.{2,10}(?:街道办事处|街道|镇|乡)(?:人民政府)?$)", "", name)
    name = re.sub(r"(县|市|区|旗)\1政府$", r"\1人民政府", name)       # 郏县县政府
    # A town's party committee is formally 中共X镇委员会 (贺村镇党委 -> 中共贺村镇委员会; a 乡's, a 苏木's).
    name = re.sub(r"^(?:中共)?(.{2,20}?(?:[镇乡]|苏木))党委$", r"中共\1委员会", name)
    # A government's office or commission: 县政府办公室, 省政府国有资产监督管理委员会 -> …人民政府….
    name = re.sub(r"(?<=[省市县区州旗])政府(?=办公室$|办公厅$|国有资产监督管理委员会$)", "人民政府", name)
    # A province's or city's 国资委 is its government's special body: 湖北省国资委 is
    # 湖北省人民政府国有资产监督管理委员会 (a county's committee, where there is one, is named variously).
    name = re.sub(r"(?<=[省市区州盟])(?=国有资产监督管理委员会$)", "人民政府", name)
    # 赵县政府 -> 赵县人民政府 (a one-character county has a four-character name); 县政府 stays relative.
    name = re.sub(r"(?<![人民])政府$", "人民政府", name) if name.endswith("政府") and len(name) >= 4 else name
    return _street_office(name)


_BARE_OFFICE = re.compile(r"^(?P<stem>[\u4e00-\u9fff]{2,6}?)办事处$")


def _street_office(name: str) -> str:
    """明湖办事处 -> 明湖街道办事处: a 街道's office written without 街道, where the region table knows that
    街道 (an office of another kind, 驻京办事处, names no 街道)."""
    office = _BARE_OFFICE.match(name) if name.endswith("办事处") else None
    if office is None or office.group("stem").endswith(("街道", "地区")):
        return name
    street = office.group("stem") + "街道"
    return street + "办事处" if street in regions.table().by_name else name


def split_joint(name: str) -> tuple[str, ...]:
    """中共泰州市委 泰州市人民政府 -> two names; 山西省委、省政府 -> 中共山西省委, 山西省人民政府."""
    match = JOINT.match(name.replace(" ", ""))
    if match:
        place = match.group("place")
        if match.group("office"):
            return ("中共" + place + "工作委员会", place + "办事处")    # 党工委 is its 工作委员会
        if place.endswith(("镇", "乡", "苏木")):
            party = "中共" + place + "委员会"      # a town's 党委 is formally 中共X镇委员会
        else:
            party = place + ("党委" if not place.endswith(("委", "党委")) else "")
        return (party, place + "人民政府")
    parts = [p for p in _JOINT_SPLIT.split(name) if p]
    if len(parts) < 2:
        return (normalize(name),)
    place = ""
    for mention in regions.chain_mentions(parts[0].removeprefix("中共")):
        place = parts[0].removeprefix("中共")[: mention.end]
    out = []
    for part in parts:
        if place and not part.startswith(place) and ("和" + part).startswith(place):
            part = "和" + part      # 中共和田县委和田县人民政府: the 和 was the place's, not a conjunction
        prefix = relative_prefix(part)
        if prefix and place.endswith(prefix) and not regions.chain_mentions(part):
            part = place + part[len(prefix):]      # 山西省委、省政府: the 省 is 山西省
        if re.search(r"(?:省|市|区|县|州)委$", part) and not part.startswith("中共"):
            part = "中共" + part
        out.append(normalize(part))
    return tuple(out)


def kind_of(names: tuple[str, ...]) -> IssuerKind | None:
    if not names:
        return None
    party = any(PARTY.search(n) for n in names)
    government = any(_GOVERNMENT_LEVEL_SUFFIX.search(n) for n in names)
    if len(names) > 1 and party and government:
        return IssuerKind.party_and_government
    name = names[0]
    if PARTY.search(name):
        # A department's party committee writing with the department (中共X局委员会、X局): a department.
        if any(DEPARTMENT_SUFFIX.search(other) and not PARTY.search(other) for other in names[1:]):
            return IssuerKind.department
        return IssuerKind.department if _party_committee_department(name) else IssuerKind.other
    if GOVERNMENT_SUFFIX.search(name):
        return IssuerKind.government
    if DEPARTMENT_SUFFIX.search(name):
        return IssuerKind.department
    return IssuerKind.other


def _party_committee_department(name: str) -> bool:
    """A working body of a place's party committee (中共宜宾市委组织部, 中共利川市委全面依法治市委员会办公室),
    not the committee itself (中共宜宾市委, 中共X镇委员会): a department, as a government's are."""
    body = name.removeprefix("中共")
    mentions = regions.chain_mentions(body)
    if not mentions or mentions[0].start != 0:
        return False
    rest = body[mentions[-1].end:]
    return rest.startswith("委") and rest not in ("委", "委员会") and len(rest) >= 3


def relative_prefix(name: str) -> str | None:
    """The level word a relative name starts with (市教育局 -> 市, 中共省委 -> 省), when no place
    precedes it (市中区, 市北区 and 镇江市 are places, not 市 + 中区 or 镇 + 江市)."""
    name = name.removeprefix("中共")
    for prefix in RELATIVE_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            return None if name.startswith(_level_word_places()) else prefix
    return None


@cache
def _level_word_places() -> tuple[str, ...]:
    """The region table's names (and other spellings) that start with a level word: one C-level startswith
    a call, where looking the name's places up cost a scan of the table's endings."""
    words = RELATIVE_PREFIXES
    return tuple(sorted(name for name in regions.table().lookup
                        if any(name.startswith(word) and len(name) > len(word) for word in words)))


def org_mentions(text: str, ending: str) -> list[str]:
    """Department names in running text that end like the self-reference (我局 -> …局)."""
    out: list[str] = []
    for match in ORG_IN_TEXT.finditer(text):
        org = match.group("org")
        if not org.endswith(ending):
            continue
        mentions = regions.find_places(org)
        if mentions:
            org = org[mentions[0].start:]
        else:
            org = _LEAD_VERB.sub("", org)      # 现将市交通运输局: the lead's verb is no part of the name
            if relative_prefix(org) is None:
                continue
        if len(org) >= 4:
            out.append(normalize(org))
    return out


_LEAD_VERB = re.compile(r"^(?:现[将就对]|由|经|向|对|据)")


def place_for(level_word: tuple[Level | None, str | None], evidence: Evidence) -> Region:
    level, suffix = level_word
    region = regions.resolve_relative(level, evidence, suffix)
    if level is None and suffix == "市":
        # A 市 is a prefecture or a county-level city: keep whichever the evidence resolves.
        return region
    return region


def place_name(region: Region) -> str | None:
    """The name of the most specific place a Region names."""
    return region.township or region.county or region.prefecture or region.province


def find_issuer(head: list[str], tail: list[str], text: str, source: str | None,
                evidence: Evidence) -> Issuer:
    candidates = [c for c in (header_issuer(head), signature_issuer(tail), opening_subject(head)) if c]
    if source and looks_like_org(source.strip()):
        poster = source.strip()
        own = _OWN_VOICE.search(text[:_COLLECTIVE_REACH])
        # The first self-reference tells who speaks: 我局 before 全县 is the department itself.
        voice = own.group() if own else None
        # The opening's subject (现将我局…报告如下) says who speaks, whatever 全县 or 本省 came first.
        voice = next((c for c in candidates if SELF_REFERENCES.get(c) == "department"), voice)
        collective = voice if voice and SELF_REFERENCES[voice] != "department" else None
        named_in_page = [c for c in candidates if not _SELF_REFERENCE.match(c) and relative_prefix(c) is None]
        # A department the title or opening names by its level word (县应急管理局2025年…报告) issues the
        # text itself, though it speaks of 全县.
        relative_department = any(relative_prefix(c) and DEPARTMENT_SUFFIX.search(c) and not PARTY.search(c)
                                  for c in candidates)
        # A government the title names by level words (县政府…, 中共市委 市人民政府): its own text.
        relative_government = any(relative_prefix(c) and c.endswith("政府") for c in candidates)
        department_poster = (not named_in_page and not relative_department
                             and DEPARTMENT_SUFFIX.search(poster) is not None)
        if department_poster and collective and not relative_government:
            # 来源:青田县司法局 on a text that speaks as 全县: the department posted the county's
            # report; its name only tells the place (it is in the evidence already).
            issuer = self_issuer(collective, text, evidence)
            if issuer.name:
                return issuer
        # The poster is no candidate where the page names its issuer by level words (a department, or a
        # government its department posted for) or where it cannot say the text's self-reference (a
        # 县政府办公室 that posted a text saying 我局).
        if not (relative_department or (department_poster and relative_government)
                or (voice is not None and not _can_speak_as(poster, voice))):
            candidates.append(poster)
    lead = self_reference_lead(head)
    if lead:
        candidates.append(lead)
    named = [c for c in candidates if not _SELF_REFERENCE.match(c) and relative_prefix(c) is None]
    # A named issuer with its own place wins; a bare title place defers to a fuller signature.
    chosen: str | None = None
    for candidate in named:
        if regions.chain_mentions(candidate.removeprefix("中共")) or not relative_prefix(candidate):
            chosen = candidate
            break
    if chosen is not None:
        for other in named:
            # A bare place in the title (平房区2023年…报告) takes a fuller government name from the
            # signature; a department that only posted the page (来源:平房区司法局) does not issue it,
            # nor does the joint voice of the opening (望京街道工委、办事处坚持…): the title names the place.
            if (other != chosen and other.startswith(chosen) and regions.chain_mentions(chosen)
                    and not DEPARTMENT_SUFFIX.search(other) and len(split_joint(other)) == 1):
                chosen = other
                break
            # The joint voice by its formal names (中共新市镇委员会、新市镇人民政府坚持…) under a title
            # naming the place alone says who issues it, as the short forms (工委、办事处) do not.
            parts = split_joint(other) if other.startswith("中共") else ()
            if (len(parts) > 1 and parts[-1].startswith(chosen) and regions.chain_mentions(chosen)
                    and not DEPARTMENT_SUFFIX.search(parts[-1])):
                chosen = other
                break
        return name_issuer(chosen, evidence)
    for candidate in candidates:
        if relative_prefix(candidate):
            return relative_issuer(candidate, evidence, addressee_place(head))
    for candidate in candidates:
        if _SELF_REFERENCE.match(candidate):
            return self_issuer(candidate, text, evidence)
    english = english_government(head)
    if english.name:
        return english
    own = _OWN_VOICE.search(text[:_COLLECTIVE_REACH])
    if own and SELF_REFERENCES[own.group()] == "department":
        # 我局 before any 全县: a department speaks of the county's work (县教育局 …全县规范性文件).
        issuer = self_issuer(own.group(), text, evidence)
        if issuer.name:
            return issuer
    collective = _COLLECTIVE.search(text[:_COLLECTIVE_REACH])
    if collective:
        # An untitled excerpt that speaks of 全市/我县 names no body: the place is the site's. Without
        # one it is still a government's voice (its province and level may be known without its place).
        return self_issuer(collective.group(), text, evidence)
    town_party = _TOWN_PARTY_BODY.search(text[:_COLLECTIVE_REACH])
    if town_party and regions.chain_mentions(town_party.group("place")):
        # An excerpt begun mid-report that names no body but a town's or 街道's party committee leading
        # the work (小溪塔街道党工委始终把法治建设…): the town's report, issued by its government.
        return name_issuer(government_of(town_party.group("place")), evidence)
    return Issuer()


# Machine translations into English name the government in pinyin: "Guangzhou Municipal People's
# Government", "the People's Government of Hunan Province". The pinyin is read with the region
# table's host slugs (full spellings only), the level word narrows the unit.
_EN_LEVEL_WORDS = ("Municipal|Provincial|Province|City|County|District|Autonomous|Prefecture|Town|"
                   "People|Region")
_EN_PLACE = rf"[A-Z][a-z]+(?:'[a-z]+)?(?:[ -](?!{_EN_LEVEL_WORDS})[A-Z][a-z]+)?"     # Xi'an, Inner Mongolia
# "People's" is often dropped (the Haidian District Government, the Rule of Law Government of Qingtian
# County): then the level word must be there.
_EN_GOVERNMENT = re.compile(
    rf"(?:(?P<place>{_EN_PLACE})\s+(?:(?P<level>Provincial|Municipal|City|County|District|"
    r"Autonomous Region|Prefecture|Township|Town)?\s*People'?s|(?P<level3>Provincial|Municipal|City|"
    r"County|District|Autonomous Region|Prefecture|Township|Town)) Government"
    rf"|(?P<peoples>People'?s )?Government of (?P<place2>{_EN_PLACE})"
    r"(?:\s+(?P<level2>Province|City|County|District|Autonomous Region|Prefecture|Township|Town))?)")
_EN_LEVELS: dict[str, tuple[Level, ...]] = {
    "provincial": (Level.province,), "province": (Level.province,),
    "autonomous region": (Level.province,),
    "municipal": (Level.province, Level.prefecture, Level.county), "city": (Level.prefecture, Level.county),
    "prefecture": (Level.prefecture,),
    "county": (Level.county,), "district": (Level.county,),
    "township": (Level.township,), "town": (Level.township,),
}

# A municipality or city is a 市 (黄山市, not 黄山区, a district of it; 义乌市 at county level); a county
# a 县 (or a 旗), a district a 区 (Liuhe County is 柳河县, not 六合区).
_EN_NAME_ENDINGS: dict[str, tuple[str, ...]] = {"municipal": ("市",), "city": ("市",), "county": ("县", "旗"),
                                                "district": ("区",)}


# Departments in English: "Hangzhou Municipal Bureau of Justice", "Qinghe County Emergency Management
# Bureau", "Shenzhen Municipal Market Supervision Administration", "Health Commission of X City".
_EN_STEMS: dict[str, str] = {english: stem for stem, names in _NAMES["english_departments"].items()
                             for english in names}
_EN_STEM = "|".join(re.escape(name) for name in sorted(_EN_STEMS, key=len, reverse=True))
_EN_UNIT = "Bureau|Administration|Department|Commission"
_EN_DEPARTMENT = re.compile(
    rf"(?P<place>{_EN_PLACE})\s+(?:(?P<level>Provincial|Autonomous Region|Municipal|City|County|District|"
    r"Prefecture)\s+)?"
    rf"(?:(?P<stem>{_EN_STEM})\s+(?P<unit>{_EN_UNIT})|(?P<unit2>{_EN_UNIT})\s+(?:of|for)\s+(?P<stem2>{_EN_STEM}))"
    rf"|(?:(?P<unit3>{_EN_UNIT})\s+(?:of|for)\s+(?P<stem3>{_EN_STEM})|(?P<stem4>{_EN_STEM})\s+(?P<unit4>{_EN_UNIT}))"
    rf"\s+of\s+(?P<place3>{_EN_PLACE})"
    r"(?:\s+(?P<level3>Province|City|County|District|Prefecture))?")


# What follows a place's name and says where it lies: "Chaoyang District … of Beijing Municipality",
# "… of Qinghe County, Hebei Province".
_EN_WITHIN = re.compile(rf"(?:\s+(?:People'?s Government\s+)?of|\s*,)\s+(?P<parent>{_EN_PLACE})\s+"
                        r"(?:Municipality|Province|City|Autonomous Region|Prefecture)")


def _letters(place: str) -> str:
    return re.sub(r"[^a-z]", "", place.lower())


@cache
def _english_places() -> tuple[dict[str, int], frozenset[int]]:
    """English name (letters only) -> unit, for the places not named by their pinyin; and those units."""
    table = regions.table()
    named = {_letters(english): uid for name, englishes in (_NAMES.get("english_places") or {}).items()
             for uid in table.by_name.get(name, ()) for english in englishes}
    return named, frozenset(named.values())


def _slug_units(place: str) -> set[int]:
    named, exonymous = _english_places()
    letters = _letters(place)
    if letters in named:
        return {named[letters]}
    return set(regions.full_spelling(letters)) - exonymous


def _english_place(place: str, level: str, after: str = "") -> regions.Unit | None:
    """The one unit an English place name and level word stand for (pinyin read with the region
    table's full host slugs; `after`, the text that follows, may say where it lies), or None when unknown
    or ambiguous: no silent guess."""
    table = regions.table()
    allowed = _EN_LEVELS.get(level.lower())
    endings = _EN_NAME_ENDINGS.get(level.lower())
    hits = {uid for uid in _slug_units(place) if (allowed is None or table.units[uid].level in allowed)
            and (endings is None or table.units[uid].name.endswith(endings))}
    within = _EN_WITHIN.match(after)
    if len(hits) > 1 and within:
        parents = _slug_units(within.group("parent"))
        hits = {uid for uid in hits if parents.intersection(table.units[uid].lineage[:-1])}
    return table.units[hits.pop()] if len(hits) == 1 else None


def _english_department(match: re.Match[str]) -> Issuer:
    place = match.group("place") or match.group("place3") or ""
    unit = _english_place(place, match.group("level") or match.group("level3") or "",
                          match.string[match.end():])
    if unit is None:
        return Issuer()
    stem = _EN_STEMS[next(filter(None, match.group("stem", "stem2", "stem3", "stem4")))]
    word = next(filter(None, match.group("unit", "unit2", "unit3", "unit4")))
    department = "厅" if unit.level is Level.province else "局"
    suffix = {"Commission": "委员会", "Department": department}.get(word, "局")
    name = normalize(unit.name + stem + suffix)
    return Issuer(name, (name,), IssuerKind.department, regions.region_of(unit.uid, 0.8))


def english_government(lines: list[str]) -> Issuer:
    """The government or department an English translation names first in its first lines, as its
    Chinese name."""
    for line in lines[:8]:
        if not line.isascii():
            continue
        found = sorted([*_EN_GOVERNMENT.finditer(line), *_EN_DEPARTMENT.finditer(line)],
                       key=lambda match: match.start())
        for match in found:
            if match.re is _EN_DEPARTMENT:
                issuer = _english_department(match)
                if issuer.name:
                    return issuer
                continue
            place = match.group("place") or match.group("place2") or ""
            level = match.group("level") or match.group("level2") or match.group("level3") or ""
            if match.group("place2") and not (match.group("peoples") or match.group("level2")):
                continue
            unit = _english_place(place, level, line[match.end():])
            if unit is None:
                continue
            name = government_of(unit.name)
            return Issuer(name, (name,), IssuerKind.government, regions.region_of(unit.uid, 0.8))
    return Issuer()


# What a mirror or a site puts before a name (乐鱼官网_泸州市司法局, 某某网-遂昌县人民政府): the name
# starts after it.
_SITE_PREFIX = re.compile(r"^[^_|｜\-—]{1,16}[_|｜\-—]+(?=\S)")


def _without_site_prefix(raw: str) -> str:
    """`raw` without a prefix before a separator where the name after it starts with a place and `raw`
    itself does not."""
    prefix = _SITE_PREFIX.match(raw)
    if prefix is None or regions.chain_mentions(raw.removeprefix("中共")):
        return raw
    rest = raw[prefix.end():]
    return rest if regions.chain_mentions(rest.removeprefix("中共")) else raw


_CORPS: dict[str, str] = _NAMES["corps"]
# A division named with the corps' full or short name, or alone: 兵团第八师, 第八师石河子市.
_CORPS_DIVISION = re.compile(
    rf"^(?:{_CORPS['name']}|{_CORPS['short']})?(?=第[一二三四五六七八九十]{{1,3}}师)")


def _corps_issuer(names: tuple[str, ...]) -> Issuer | None:
    """A corps division's body by its formal names (第八师石河子市 -> 新疆生产建设兵团第八师石河子市): in the
    corps' province, at a division's rank (its departments' too, as a city's are at the city's)."""
    formal: list[str] = []
    for name in names:
        party = "中共" if name.startswith("中共") else ""
        division = _CORPS_DIVISION.match(name[len(party):])
        if division is None:
            return None
        formal.append(party + _CORPS["name"] + name[len(party) + division.end():])
    kind = kind_of(tuple(formal))
    table = regions.table()
    region = regions.region_of(table.by_code[_CORPS["province"]], 1.0)
    return Issuer("、".join(formal), tuple(formal), kind, region, rank=Level(_CORPS["division_level"]))


def name_issuer(raw: str, evidence: Evidence) -> Issuer:
    raw = _without_site_prefix(raw)
    names = split_joint(re.sub(r"\s+", " ", raw).strip())
    corps = _corps_issuer(names)
    if corps is not None:
        return corps
    if len(names) == 1:
        names = (bare_place_government(names[0]),)
    kind = kind_of(names)
    first = names[-1] if kind is IssuerKind.party_and_government else names[0]
    mentions = regions.chain_mentions(first.removeprefix("中共").removeprefix(_STATE_PREFIX))
    branch = not mentions and central_branch_place(first)
    if branch:
        mentions = regions.chain_mentions(branch)
    region = regions.resolve_mentions(mentions, evidence) if mentions else None
    unit = regions.unit_of(region) if region is not None and region.confidence >= 0.5 else None
    short_forms = () if unit is None else (unit.short, unit.short + unit.name[-1],   # 临夏, 临夏州,
                                           regions.autonomous_short_form(unit),       # 临夏自治州, 锡盟
                                           regions.level_alias(unit))
    if (unit is not None and mentions and not branch and unit.short != unit.name
            and mentions[0].name in short_forms):
        names = tuple(formal_place(name, unit) for name in names)
        raw = formal_place(raw.replace(" ", ""), unit)
    if kind is IssuerKind.department and len(names) == 1:
        names = (_site_spelling(raw.replace(" ", ""), names[0], evidence),)
        if is_zone_committee(names[0]):
            names = (_zone_spelling(names[0], evidence),)
    return Issuer(_display(raw, names), names, kind, region)


_UNKNOWN_SHORT_MAX = 4      # a body's name after its place no longer than this may be a short form (旅文局)


def _site_spelling(raw: str, name: str, evidence: Evidence) -> str:
    """The site's own full name of a body the page names by a short form (厦门市城管执法局 on the site of
    厦门市城市管理行政执法局, not the usual 城市管理和综合执法局), where the site name or the opening spells
    that body: the same place, then a name ending as the usual full name does, the short form's
    characters in order. A short form of no known full name (琼海市旅文局) takes the spelling so too
    (琼海市旅游和文化广电体育局 in its 发文机关 row)."""
    if not (evidence.site_texts or evidence.head_lines):
        return name
    mentions = regions.chain_mentions(raw)
    if not mentions:
        return name
    prefix, short = raw[:mentions[-1].end], raw[mentions[-1].end:]
    if len(short) < 2 or not name.startswith(prefix) or (name == raw and len(short) > _UNKNOWN_SHORT_MAX):
        return name
    spelled = _spelling_after(prefix, short, name[len(prefix):], (*evidence.site_texts, *evidence.head_lines))
    return normalize(prefix + spelled) if spelled else name


def _spelling_after(prefix: str, short: str, usual: str, texts: Iterable[str]) -> str | None:
    """How `texts` spell, after `prefix`, the body `short` stands for where they spell it otherwise than
    `usual` (区城管局, whose text says 区城市管理局: 城市管理局); None where they spell it as usual or not
    at all."""
    lead = prefix + short[0]
    for text in texts:
        at = text.find(lead)
        while at >= 0:
            rest = text[at + len(prefix):]
            if rest.startswith(usual):
                return None
            end = rest.find(usual[-1], len(short) - 1)
            spelled = rest[:end + 1] if end >= 0 else ""
            if (len(spelled) > len(short) and _in_order(short[:-1], spelled[:-1])
                    and looks_like_org(prefix + spelled)):
                return spelled
            at = text.find(lead, at + 1)
    return None


_COMMITTEE = "管理委员会"
_COMMITTEE_IN_TEXT = re.compile(r"[\u4e00-\u9fff]{2,30}?管理委员会")


def _zone_spelling(name: str, evidence: Evidence) -> str:
    """A zone's 管理委员会 by the full name the page or its site gives it (成都高新区管委会 ->
    成都高新技术产业开发区管理委员会 where the opening says so; 西咸新区管理委员会 -> 陕西省西咸新区开发建设
    管理委员会, the site's name): the longest such name holding the short one's characters in order."""
    name = normalize(name)                  # the site's own short spelling: 成都高新区管委会
    core = name.removesuffix(_COMMITTEE)
    if core == name or len(core) < 2:
        return name
    subject = opening_subject(list(evidence.head_lines)) if evidence.head_lines else None
    best = name
    for text in (*evidence.site_texts, subject or ""):
        for match in _COMMITTEE_IN_TEXT.finditer(normalize(text)):
            candidate = _from_place_or(match.group(), core[:2])
            if len(candidate) > len(best) and _in_order(core, candidate.removesuffix(_COMMITTEE)):
                best = candidate
    return best


def _from_place_or(text: str, start: str) -> str:
    """`text` from its first place name or its first `start`, whichever comes first (在成都高新… ->
    成都高新…)."""
    for at in range(len(text) - len(_COMMITTEE)):
        if text.startswith(start, at) or regions.leading_short_name(text[at:]) is not None:
            return text[at:]
    return text


def _in_order(short: str, full: str) -> bool:
    """Every character of `short` in `full`, in order (城管执法局 in 城市管理行政执法局)."""
    rest = iter(full)
    return all(char in rest for char in short)


def _display(raw: str, names: tuple[str, ...]) -> str:
    """The issuer as shown: its names joined, or a joint body's one-word name (宁夏回族自治区党委和政府)."""
    if len(names) == 1:
        return names[0]
    compact = raw.replace(" ", "")
    if JOINT.match(compact) and "、" not in compact:
        return compact
    return "、".join(names)


def central_branch_place(name: str) -> str | None:
    """What follows a central body's name that starts `name` (国家税务总局深圳市税务局 -> 深圳市税务局): a
    local branch's place and body, or None."""
    for body in _CENTRAL_BODIES:
        if name.startswith(body) and len(name) > len(body) + 2:
            return name[len(body):]
    return None


def formal_place(name: str, unit: regions.Unit) -> str:
    """The unit's formal name where `name` starts with its short form (黔西南州人民政府 ->
    黔西南布依族苗族自治州人民政府, 中共金平县委 -> 中共金平苗族瑶族傣族自治县委, 科右前旗 ->
    科尔沁右翼前旗)."""
    prefix = "中共" if name.startswith("中共") else ""
    body = name[len(prefix):]
    alias = regions.level_alias(unit)
    if alias != unit.short + unit.name[-1] and body.startswith(alias):
        return prefix + unit.name + body[len(alias):]          # 锡盟 -> 锡林郭勒盟
    if not body.startswith(unit.short):
        return name
    rest = body[len(unit.short):]
    if unit.short.endswith(unit.name[-1]) and not regions.is_functional_zone(unit.uid):
        # A short form with the level word (科右前旗, 达茂旗); a zone's (经开区) is kept as written.
        return prefix + unit.name + rest
    autonomous = regions.autonomous_short_form(unit)
    if autonomous and body.startswith(autonomous):
        return prefix + unit.name + body[len(autonomous):]     # 威宁自治县 -> 威宁彝族回族苗族自治县
    if not rest.startswith(unit.name[-1]):
        return name              # 武汉经开区: the short form is part of another proper name
    return prefix + unit.name + rest[1:]


def qualified(issuer: Issuer) -> Issuer:
    """The issuer by its formal names: the places above a town or district (`_with_places`), and a national
    system's name before its local body (柳州市税务局 -> 国家税务总局柳州市税务局)."""
    issuer = _with_places(issuer)
    if issuer.kind is not IssuerKind.department or not issuer.names:
        return issuer
    names = tuple(_in_system(name) for name in issuer.names)
    if names == issuer.names:
        return issuer
    display = _in_system(issuer.name) if issuer.name and len(names) == 1 else issuer.name
    return Issuer(display, names, issuer.kind, issuer.region, issuer.level_hint)


_SYSTEMS: dict[str, str] = _NAMES["systems"]
# A vertical body's formal name may begin with the state's (中华人民共和国黄埔海关): its place follows it.
_STATE_PREFIX = "中华人民共和国"


def _in_system(name: str) -> str:
    for suffix, system in _SYSTEMS.items():
        if name.endswith(suffix) and not name.startswith(system) and name != suffix:
            return system + name
    return name


def _with_places(issuer: Issuer) -> Issuer:
    """The issuer with the places above a town or district in its names (鼓楼街道办事处 ->
    北京市密云区鼓楼街道办事处, 南岸区司法局 -> 重庆市南岸区司法局): a county's name is unique in the
    country, a district's or town's is not (鼓楼区, 东城街道), so their formal names carry their county,
    and a district its city. Only where the issuer's place is resolved; a name already holding the
    places above, or a county's (岳池县人民政府), is kept."""
    region = issuer.region
    if not issuer.names or region is None or region.confidence < 0.5:
        return issuer
    if any(name.endswith(_VERTICAL_SUFFIXES) for name in issuer.names):
        return issuer
    unit = regions.unit_of(region)
    if unit is None or len(unit.lineage) < 2:
        return issuer
    units = regions.table().units
    lineage = [units[uid] for uid in unit.lineage]
    names = tuple(_qualified_name(name, lineage) for name in issuer.names)
    if names == issuer.names:
        return issuer
    display = _qualified_name(issuer.name or "", lineage)
    if issuer.name is not None and len(names) > 1 and issuer.name == "、".join(issuer.names):
        display = "、".join(names)
    return Issuer(display, names, issuer.kind, region, issuer.level_hint)


def _qualified_name(name: str, lineage: list[regions.Unit]) -> str:
    prefix = "中共" if name.startswith("中共") else ""
    body = name[len(prefix):]
    for parent, unit in pairwise(lineage):
        # A city's 市中区 (市北区) written with the city's 市 shared (内江市中区): the district's own name.
        shared = parent.name + unit.name[1:]
        if unit.name.startswith("市") and parent.name.endswith("市") and body.startswith(shared):
            body = parent.name + unit.name + body[len(shared):]
            name = prefix + body
    # The place of the lineage the name starts with: the longest match, the higher unit on a tie; a short
    # form only with its level character (黔西南州; 南山街道办事处 is no 南山区's).
    top, matched = None, 0
    for depth, unit in enumerate(lineage):
        short = unit.short
        length = (len(unit.name) if body.startswith(unit.name)
                  else len(short) if len(short) >= 2 and body.startswith(short + unit.name[-1]) else 0)
        if length > matched:
            top, matched = depth, length
    if top is None:
        last = lineage[-1]
        if last.level is Level.prefecture and governs_managed_area(body):
            # A 管理区 the table lacks (屈原管理区), placed in its city: named with the city, as a
            # district is (its name may hold another place's short name: 西湖管理区).
            return prefix + regions.places_above(lineage, len(lineage) - 1) + last.name + body
        # The page's spelling may differ in the suffix (增福镇 for the table's 增福乡): a variant.
        mentions = regions.chain_mentions(body)
        if not mentions or mentions[0].start != 0:
            if last.level is Level.county and regions.township_stem(without_government(body)):
                # A town the table lacks (泰达街道), placed in its county: named with the county.
                return prefix + regions.places_above(lineage, len(lineage) - 1) + last.name + body
            return name
        known = {*mentions[0].uids, *mentions[0].variants}
        top = next((depth for depth, unit in enumerate(lineage) if unit.uid in known), None)
        if top is None:
            return name
        unit, mention = lineage[top], mentions[0]
        # The level word as written: the mention's own, or the one after a short name (临安 + 市).
        word = body[mention.end:mention.end + 1] if mention.name == unit.short else mention.name[-1]
        if unit.level is Level.county and word in ("县", "市") and word != unit.name[-1]:
            # A county or county-level city, named alone: a district by its former name (湟中县, 临安市;
            # 湟中区, 临安区 now).
            return name
    above = regions.places_above(lineage, top)
    return prefix + above + body if above else name


def leads_with_its_place(title: str, government: str) -> bool:
    """`title` begins with the place `government` governs, in any spelling (大理白族自治州人民政府 over
    大理州2025年…报告): the government's line is a header over a title that names its place itself."""
    place = without_government(government)
    if place == government:
        return False
    leading = regions.chain_mentions(title[:24])
    if not leading or leading[0].start != 0:
        return False
    own = regions.chain_mentions(place)
    return bool(own) and not set(leading[0].uids).isdisjoint(own[-1].uids)


def governs_managed_area(name: str) -> bool:
    """The 管委会 of a 管理区 (屈原管理区管理委员会): it governs the area as a county's government does."""
    return name.endswith("管理区管理委员会")


def without_government(name: str) -> str:
    """A government's name without 人民政府 / 办事处: the place it governs (泰达街道办事处 -> 泰达街道)."""
    return name.removesuffix("人民政府").removesuffix("办事处")


def is_zone_committee(name: str) -> bool:
    """The 管委会 of a development zone or new area: a local body, whether or not its place is known."""
    return _ZONE_COMMITTEE.search(name) is not None


_ZONE_IN_NAME = re.compile(f"(?:{_ZONE_WORDS})(?=[\u4e00-\u9fff]{{2,}})")


def names_zone(name: str) -> bool:
    """A body of a development zone or new area (横琴粤澳深度合作区法律事务局, 苏州工业园区管委会): local,
    whether or not its place is known."""
    return _ZONE_IN_NAME.search(name) is not None


def government_of(place: str) -> str:
    """The government of a place: a 盟's or 地区's is its 行政公署, a 街道's its 办事处."""
    if place.endswith(("盟", "地区")):
        return place + "行政公署"
    return place + ("办事处" if place.endswith("街道") else "人民政府")


def bare_place_government(name: str) -> str:
    """A bare place as issuer means its government (高州市 -> 高州市人民政府, 东城街道 -> 东城街道办事处)."""
    table = regions.table()
    area = table.new_areas.get(name)
    if area is not None and table.units[area].level is Level.county:
        return government_of(table.units[area].name)      # 西海岸新区: 黄岛区, whose government runs it
    mentions = regions.chain_mentions(name)
    if mentions and (mentions[-1].end == len(name) or _short_form_with_level(name, mentions[-1])):
        if mentions[-1].end == len(name) and all(map(regions.is_functional_zone, mentions[-1].uids)):
            return name + "管理委员会"  # 兰州新区, 长春经济技术开发区: listed like a county, run by a 管委会
        return government_of(name)
    if _ZONE.search(name) or name.endswith("管理区"):
        # A development zone is governed by its 管委会, as a 管理区 (屈原管理区, a county) is.
        return name + "管理委员会"
    if regions.township_stem(name):
        return government_of(name)   # a town the table lacks (泰达街道): still a town's government
    return name


def _short_form_with_level(name: str, last: regions.Mention) -> bool:
    """`name` ends in a unit's short form and the level character its formal name ends with (恩施州 for
    恩施土家族苗族自治州, 峨边县 for 峨边彝族自治县): the unit itself, as when its name is whole."""
    rest = name[last.end:]
    units = regions.table().units
    return len(rest) == 1 and any(units[uid].name.endswith(rest) and units[uid].short == last.name
                                  for uid in last.uids)


def relative_issuer(raw: str, evidence: Evidence, addressee: str | None = None) -> Issuer:
    prefix = relative_prefix(raw)
    if prefix is None:
        return Issuer()
    region = place_for(_RELATIVE_LEVELS[prefix], evidence)
    place = place_name(region)
    rest = raw.removeprefix("中共")[len(prefix):]
    if not (place and place.endswith(prefix)) and addressee and addressee.endswith(prefix):
        # 区统计局 addressed to 中共武汉经开区工委: the 区 is the addressee's (a zone the table lacks).
        return name_issuer(("中共" if raw.startswith("中共") else "") + addressee + rest, evidence)
    if place and place.endswith(prefix):
        names = split_joint(place + rest)    # 县委、县政府 -> 中共X县委, X县人民政府
        if (len(names) == 1 and kind_of(names) is IssuerKind.department and names[0] != place + rest
                and names[0].startswith(place)):
            # A short form the opening spells out otherwise than usual (区城管局 … 区城市管理局).
            spelled = _spelling_after(prefix, rest, names[0][len(place):], evidence.head_lines)
            names = (normalize(place + spelled),) if spelled else names     # 市政府办公室: 人民政府…
        if len(names) == 1 and kind_of(names) is IssuerKind.department:
            names = (_site_spelling(place + rest, names[0], evidence),)    # as the site or a row spells it
        raw = place + rest
    else:
        names = (normalize(raw),)            # no place of that level: keep the relative name
        if place is not None:
            region = Region()
    return Issuer(_display(raw, names), names, kind_of(names), region, _RELATIVE_LEVELS[prefix][0])


def self_issuer(raw: str, text: str, evidence: Evidence) -> Issuer:
    role = SELF_REFERENCES[raw]
    if role == "department":
        ending = raw[-1]
        # The department whose site the page is on (rsj.gz.gov.cn) speaks as 我局; the departments its
        # text names (海珠区人社局获评…) are others, unless the site names none.
        host = host_department(ending, evidence) or central_body(ending, evidence) or site_department(
            ending, evidence)
        if host:
            return name_issuer(host, evidence)
        counts = Counter(org_mentions(text[:4000], ending))
        for org, _ in counts.most_common():
            issuer = relative_issuer(org, evidence) if relative_prefix(org) else name_issuer(org, evidence)
            if issuer.name:
                return issuer
        return Issuer(kind=IssuerKind.department)
    level_word = _SELF_LEVELS[role]
    region = place_for(level_word, evidence)
    place = place_name(region)
    unit = regions.unit_of(region)
    if unit is not None and unit.uid in evidence.surface:
        place = evidence.surface[unit.uid]       # the page's own spelling (增福镇, not the table's 增福乡)
    hint = level_word[0] or _level_from_suffix(level_word[1])
    if place is None or (level_word[1] and not place.endswith(level_word[1]) and role != "district"):
        return Issuer(kind=IssuerKind.government, region=region if place else None, level_hint=hint)
    name = government_of(place)
    return Issuer(name, (name,), IssuerKind.government, region, level_hint=None)


def host_department(ending: str, evidence: Evidence) -> str | None:
    """The department a host names (sfj.luan.gov.cn -> 六安市司法局) whose name ends like the text's
    self-reference (我局 -> …局, 我委 -> …委员会), or None. A 厅 is a province's."""
    if evidence.host_unit is None:
        return None
    unit = regions.table().units[evidence.host_unit]
    for label in evidence.host_rest:
        for name in HOST_DEPARTMENTS.get(label, ()):
            if name.endswith(ending) or (ending == "委" and name.endswith("委员会")):
                if name.endswith("厅") and unit.level is not Level.province:
                    continue
                return unit.name + name
    return None


def site_department(ending: str, evidence: Evidence) -> str | None:
    """The department whose site (its name line, or the publisher) the page is on, where its name ends
    like the self-reference (本局 on 南昌市机关事务管理局's site), or None."""
    endings = _VOICE_ENDINGS.get(ending, (ending,))
    return next((text for text in evidence.site_texts
                 if looks_like_org(text) and text.endswith(endings) and not relative_prefix(text)), None)


def central_body(ending: str, evidence: Evidence) -> str | None:
    """The ministry or agency whose site the page is on (moj.gov.cn -> 司法部), where its name ends like
    the text's self-reference (我部 -> …部, 我局 -> …局 or …总局, 我委 -> …委员会), or None."""
    name = TABLES.central_hosts.get(evidence.host_domain or "")
    if name is None:
        return None
    fits = name.endswith(ending) or (ending == "委" and name.endswith("委员会"))
    return name if fits else None


def _level_from_suffix(suffix: str | None) -> Level | None:
    return {"区": Level.county}.get(suffix or "")
