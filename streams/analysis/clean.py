"""HTML or plain text -> CleanedPage: body paragraphs without page chrome, plus lifted metadata.

HTML goes through `_html.parse_html` (meta tags, body container or densest block, attachments)
and then, like plain text, through the same line cleaner: boilerplate and spam lines are dropped,
metadata lines (发布日期 / 来源 / breadcrumbs / 信息公开 header rows) are lifted into fields, and the
title is found among the lines at the top. Knowledge lives in data/boilerplate.yaml.
"""

from __future__ import annotations

import html
import logging
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate, pairwise

from ahocorasick_rs import AhoCorasick, Implementation

from schemas import CleanedPage, PublishedFrom
from streams.analysis._html import BOILERPLATE, SNIFF_CHARS, looks_like_html, parse_html, split_title_tag
from streams.analysis._issuer import joint_lines, leads_with_its_place, without_government
from streams.analysis._regex import required_literals, top_level_alternatives
from streams.analysis._script import has_traditional, to_simplified
from streams.analysis._tables import heads_a_table
from streams.analysis.dates import date_from_url, find_dates, parse_date, parse_labeled_date
from streams.analysis.decode import Decoded
from streams.analysis.regions import names_its_place
from streams.analysis.sources import is_repost_host, names_spam

log = logging.getLogger(__name__)

# Work cap for huge inputs: only the first characters are parsed (a portal page is < 1 MB).
MAX_DOCUMENT_CHARS = 3_000_000
# A line longer than this is body text, never chrome that a short-line pattern should remove.
_SHORT_LINE = int(BOILERPLATE["short_line_chars"])
_SANDWICH_MAX = int(BOILERPLATE["sandwich_max_chars"])
# How many lines at the top may hold the title and date header, and at the end the signature.
_HEAD_LINES = 25
_TAIL_LINES = 6
_ISSUED = ("印发", "印发。")
_COLOPHON_MAX = 48

_ODD_SPACES = (("\u3000", " "), ("\xa0", " "), ("\u200b", ""), ("\ufeff", ""))
_MULTI_SPACE = re.compile(r" {3,}")


@dataclass(frozen=True, slots=True)
class _AnyPattern:
    """Does any of the patterns match somewhere in a line? (re.search semantics)

    Alternatives anchored at the start ('^…') and the others are compiled apart: re then tries the
    anchored ones at position 0 only and skips the other's non-starting characters, where one big
    alternation tries every branch at every character (7x slower on a long body line).
    """

    anchored: re.Pattern[str] | None
    floating: re.Pattern[str] | None
    # Literals one of which every match holds (a required set of each alternative), for `_LineGates`;
    # None when some alternative requires no literal.
    keys: frozenset[str] | None

    @classmethod
    def compile(cls, patterns: list[str]) -> _AnyPattern:
        alternatives = [part for pattern in patterns for part in top_level_alternatives(pattern)]
        anchored = [part for part in alternatives if part.startswith("^")]
        floating = [part for part in alternatives if not part.startswith("^")]

        def union(parts: list[str]) -> re.Pattern[str] | None:
            return re.compile("|".join(f"(?:{part})" for part in parts)) if parts else None

        keys: set[str] = set()
        for part in alternatives:
            part_keys = _key_literals(re.compile(part))
            if part_keys is None:
                return cls(union(anchored), union(floating), None)
            keys |= part_keys
        return cls(union(anchored), union(floating), frozenset(keys))

    def search(self, line: str) -> bool:
        if self.anchored is not None and self.anchored.search(line):
            return True
        return self.floating is not None and self.floating.search(line) is not None


def _key_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """One set of literals every match of `pattern` holds one of (the likeliest to rule a line out), or
    None when no such set is known."""
    sets = required_literals(pattern)
    return frozenset(sets[0]) if sets else None


@dataclass(frozen=True, slots=True)
class _LineGates:
    """Which of a few literal sets (gates) each line of a page holds, by one automaton pass over the
    page's lines: a line holding none of a pattern's key literals cannot match it, so most lines skip
    most patterns (a search per line and pattern cost ~0.1 ms a page). Gate i is bit 1 << i; a gate
    without literals (None) is open on every line."""

    automaton: AhoCorasick
    literal_bits: tuple[int, ...]  # per automaton literal: the bits of the gates holding it
    open_bits: int

    @classmethod
    def build(cls, gates: Sequence[frozenset[str] | None]) -> _LineGates:
        bits: dict[str, int] = {}
        open_bits = 0
        for index, literals in enumerate(gates):
            if literals is None:
                open_bits |= 1 << index
                continue
            for literal in literals:
                bits[literal] = bits.get(literal, 0) | 1 << index
        # A contiguous NFA, not a DFA: the DFA runs fewer instructions, but right after the parse its
        # tables are out of the cache and the NFA's smaller ones cost less (of_lines 64-65 -> 52-53 us
        # median in the pipeline, old and new alternating per page).
        automaton = AhoCorasick(list(bits), implementation=Implementation.ContiguousNFA)
        return cls(automaton, tuple(bits.values()), open_bits)

    def of_lines(self, lines: list[str]) -> tuple[list[int], int]:
        """Per line, the bits of the gates open on it; and the bits of the gates some line's literal
        opened (a check no line can pass is skipped for the page)."""
        gates = [self.open_bits] * len(lines)
        seen = 0
        matches = self.automaton.find_matches_as_indexes("\n".join(lines), overlapping=True)
        if matches:
            # Start offset of each line in the joined text (its line breaks counted).
            starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
            for literal, start, _ in matches:
                bits = self.literal_bits[literal]
                gates[bisect_right(starts, start) - 1] |= bits
                seen |= bits
        return gates, seen


def _union_or_none(*sets: frozenset[str] | None) -> frozenset[str] | None:
    """The union of literal sets, each required by one of several patterns; None if any is None."""
    return None if any(literals is None for literals in sets) else frozenset().union(*sets)


def _compile_any(patterns: list[str]) -> _AnyPattern:
    return _AnyPattern.compile(patterns)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


_SCRIPT_LINE = _compile_any(BOILERPLATE["script_patterns"])
_CHROME_LINE = _compile_any(BOILERPLATE["short_line_patterns"])
_SPAM_LINE = _compile_any(BOILERPLATE["spam_patterns"])
_HAS_CONTENT = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")
# A site's menu: short column names in a row, split by bars (无障碍 | 关怀版 | 个人登录) or by blanks (首页
# 政务要闻 政务公开 …), perhaps after its own label (乡镇街道：东山街道 望春门街道 …). Its words have no
# literal a gate could look for: a line is tried when it has the bars or the blanks.
_MENU_MIN_BARRED = 3
_MENU_MIN_BLANKED = 5
_MENU_MAX_CHARS = 240
_MENU_LABEL = re.compile(r"[\u4e00-\u9fff]{2,8}[:：]\s*")
_MENU_SPLIT = re.compile(r"\s*[|｜丨]\s*|\s+")
_MENU_ITEM = re.compile(r"[\u4e00-\u9fffA-Za-z0-9（）]{2,12}")
_DIGIT = re.compile(r"\d")
# A title set with blanks ends like one (XX县人民政府 关于 法治政府 建设 情况的报告); a menu does not.
_MENU_NOT_ENDINGS = ("报告", "情况")


def _is_menu(line: str) -> bool:
    if len(line) > _MENU_MAX_CHARS:
        return False
    # Most lines have neither a bar nor the blanks: two membership tests and a count rule them out.
    barred = "|" in line or "｜" in line or "丨" in line
    bars = line.count("|") + line.count("｜") + line.count("丨") if barred else 0
    if bars < _MENU_MIN_BARRED - 1 and line.count(" ") < _MENU_MIN_BLANKED - 1:
        return False
    label = _MENU_LABEL.match(line)
    items = [item for item in _MENU_SPLIT.split(line[label.end():] if label else line) if item]
    if len(items) < (_MENU_MIN_BARRED if bars >= _MENU_MIN_BARRED - 1 else _MENU_MIN_BLANKED):
        return False
    if not all(_MENU_ITEM.fullmatch(item) for item in items) or items[-1].endswith(_MENU_NOT_ENDINGS):
        return False
    # One item may hold a number (12345热线); a table's row holds several (行政复议 | 12件 | 同比 | 3件).
    # Most items are Chinese (English and RSS stand among them): an English sentence is no menu.
    chinese = sum(1 for item in items if not item.isascii())
    return sum(1 for item in items if _DIGIT.search(item)) <= 1 and chinese * 2 > len(items)


# A gambling mirror's brand where its chrome names it (博鑫体育官网入口 | …, ky开元体育官方网站欢迎您):
# the mirror glues it into the copied text as well (博鑫体育新化县人民政府关于…, ky开元体育人民政府), where
# it is cut out.
_BRAND = re.compile(
    r"(?:^|(?<=[\s|｜/_\-—·,，:：()（）!！]))((?:[A-Za-z]{0,10}[\u4e00-\u9fff]{1,4}|[A-Za-z]{2,10})"
    r"(?:体育|娱乐|棋牌|彩票|真人|电竞))(?=官网|官方|平台|app|APP|入口|网址|下载|注册|登录|在线|试玩|[（(]中国)")
_BRAND_SUFFIX = (r"(?:[（(]中国[)）]|官方网站|官网入口|官网首页|官网|官方|app下载|APP下载|app|APP|入口|平台"
                 r"|有限公司)*")
# A bracketed advert in a sentence (…述法 【皇冠体育 hg0088.com】), and an SEO link wedged into one
# (…会前学法11次。相关阅读：2024年天津一建报名时间及入口 河西区…).
_BRACKETED = re.compile(r"\s*【[^】\n]{1,40}】")
_INLINE_LINK = re.compile(r"(?:相关阅读|相关推荐|相关链接)[:：][^\s。]{0,40}\s*")

_DATE_LABELS: list[str] = list(BOILERPLATE["date_labels"])
_SOURCE_LABELS: list[str] = list(BOILERPLATE["source_labels"])
_TITLE_LABELS = frozenset(BOILERPLATE["title_labels"])
_ALL_LABELS = _DATE_LABELS + _SOURCE_LABELS + list(BOILERPLATE["other_labels"]) + sorted(_TITLE_LABELS)
_LABEL_SET = frozenset(_ALL_LABELS)
_TITLE_LABEL_HEADS = frozenset(label[0] for label in _TITLE_LABELS)
_DATE_LABEL_RANK = {label: rank for rank, label in enumerate(_DATE_LABELS)}
_SOURCE_LABEL_RANK = {label: rank for rank, label in enumerate(_SOURCE_LABELS)}
_SIGNING_RANKS = frozenset(_DATE_LABEL_RANK[label] for label in BOILERPLATE["signing_date_labels"])
# "标签:" anywhere; long labels may also stand at the line start without a colon ("发文日期2021年…").
# (or a closing bracket: [ 发布日期 ] 2022-03-25, as some info tables box their labels)
_LABEL = re.compile(rf"(?P<label>{_alternation(_ALL_LABELS)})\s*(?:[:：]|\||[\]】](?=\s*[^\s\[【]))")
_LEADING_LABEL = re.compile(
    rf"^[\s|•·\-*【\[]*(?P<label>{_alternation([lbl for lbl in _ALL_LABELS if len(lbl) >= 3])})\s*[:：|]?"
)
_LEAD_CHARS = " |•·-*【["
_LABEL_HEADS = frozenset(label[:2] for label in _ALL_LABELS if len(label) >= 3)
_BLANK_PARTED_LABEL = re.compile(rf"(?<=\s\s)(?P<label>{_alternation(_ALL_LABELS)})(?=\s|$)")
# Where a label's value ends: a '|' (spaces before it), two spaces or a bracket. Written to start with
# the class of its first character (\s*\||\s{2,}|[【\[] matches at the same places), so re skips the
# others instead of trying three alternatives at every character; only the start is used.
_VALUE_END = re.compile(r"[\s|【\[](?:(?<=[|【\[])|(?=[\s|]))")

_BREADCRUMB_PREFIX = re.compile(rf"^\W*(?:{_alternation(BOILERPLATE['breadcrumb_prefixes'])})\s*[:：]?\s*")
# The items are stripped after the split, so the separator need not take the spaces around it: led by
# its literals, re skips to them instead of trying '\s*' and every separator at each character.
_CRUMB_SEPARATOR = re.compile(
    rf"(?:{_alternation(BOILERPLATE['breadcrumb_separators'])}|&gt;|>(?<=\s>)(?=\s))"
)
_CRUMB_ITEM_MAX = 16
_HOME_WORDS = frozenset({"首页", "网站首页", "主页", "返回首页"})
_PAGE_WORDS = frozenset({"正文", "详情", "内容", "正文内容", "详细内容"})
# A path rooted at the site's own name instead of 首页 (固原市原州区人民政府 > 信息公开 > … > 三营镇).
_SITE_ROOTS = ("人民政府", "政府", "门户网站", "政府网")
# A site's column by its last word (乡镇动态, 信息公开, 通知公告): the first item of a two-item path.
_COLUMN_ENDINGS = ("动态", "公开", "信息", "公告", "新闻", "要闻", "专栏", "专题", "栏目", "政务")
_COLUMN_NAME_MAX = 4

# The gates of a body line's checks. A breadcrumb has a prefix word or a separator (else it is one item);
# a label line a label word (both label patterns require one).
_LINE_GATES = _LineGates.build((
    _SCRIPT_LINE.keys, _CHROME_LINE.keys, _SPAM_LINE.keys,
    _union_or_none(_key_literals(_BREADCRUMB_PREFIX), _key_literals(_CRUMB_SEPARATOR)),
    _union_or_none(_key_literals(_LABEL), _key_literals(_LEADING_LABEL)),
    _key_literals(_INLINE_LINK),
))
_SCRIPT_GATE, _CHROME_GATE, _SPAM_GATE, _CRUMB_GATE, _LABEL_GATE, _LINK_GATE = (
    1 << index for index in range(6))

# Endings of a title and of an organisation's name, tested by str.endswith (`_ends_with`), where a regex
# '(?:…)$' would try its alternation at every character of the line.
_TITLE_ENDINGS = tuple(BOILERPLATE["title_endings"])
_TITLE_TAIL_MAX = 12        # the tail of a title broken over two lines (情况的报告, 工作情况报告)
_ORG_ENDINGS = tuple(BOILERPLATE["org_endings"])
_TRAILING_BRACKETS = re.compile(r"(?:\s*[(（【\[][^()（）【】\[\]]{0,30}[)）】\]])+\s*$")
_CLOSING_BRACKETS = (")", "）", "】", "]")  # one of them ends every _TRAILING_BRACKETS match
_TITLE_WRAPPERS = "《》“”\"'「」 　:："
_DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,10}[〔\[【(（]\d{4}[〕\]】)）]\s*\d+\s*号$")
_SENTENCE_PUNCT = re.compile(r"[。，,；;！？!?]")
_BULLETS = frozenset("·•●○■□◆◇▪▫►▶▸★☆")
_NUMBERED_ITEM = re.compile(r"\d{1,2}[.．、]\s*\S")
_SENTENCE_END = re.compile(r"[。；;！？]")
# A headline's kicker (重磅！, 权威发布｜, 重磅｜一图读懂+全文！): its mark is no sentence's.
_KICKER = re.compile(r"(?:[\u4e00-\u9fff+＋]{1,8}[！!｜|]\s*)+")
_ENUMERATION = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]\D)")
_ADDRESSEE = re.compile(r"^[\u4e00-\u9fff、，,（）()\s]{2,40}[:：]$")
_YEAR = re.compile(r"(?:19|20)\d{2}")
# 18.03.2015 (a mirror's stamp); the time may follow with no blank, as in dates.py's numeric form.
_EURO_DATE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})"
                        r"(?:(?!\d)|(?=(?:[01]\d|2[0-3]):[0-5]\d))")


@dataclass(slots=True)
class _Meta:
    """Metadata lifted from lines, with the rank of the label each value came from (lower wins)."""

    published: date | None = None
    published_rank: int = 1_000
    header_date: date | None = None  # an unlabelled CMS date in the page header ("2023-12-20")
    source: str | None = None
    source_rank: int = 1_000
    column: str | None = None
    site_name: str | None = None  # a line of the site's own name (永康市人民政府网), where no tag gave it
    removed: int = 0
    kept: list[str] = field(default_factory=list)
    kept_adjacent: list[bool] = field(default_factory=list)  # kept line directly follows the previous one
    # Asked about the same lines by several steps (labels, sandwiched lines, title, header dates): kept
    # for the one clean call.
    found_dates: dict[str, list[tuple[date, int, int]]] = field(default_factory=dict)
    title_kinds: dict[str, str | None] = field(default_factory=dict)
    labeled_title: str | None = None  # an info table's 名称/标题 value
    crumb_line: int | None = None  # index of the first breadcrumb among the scanned lines
    crumb_kept: int | None = None  # how many lines were kept before it


def _dates_in(text: str, meta: _Meta) -> list[tuple[date, int, int]]:
    """`find_dates(text)`, once per text and clean call (callers only read the list)."""
    found = meta.found_dates.get(text)
    if found is None:
        found = meta.found_dates[text] = find_dates(text)
    return found


def _normalize(line: str) -> str:
    if not line:  # half a page's body lines are blank
        return line
    if not line.isascii():  # str.translate is slow on non-ASCII text; replace only what is present
        for char, replacement in _ODD_SPACES:
            if char in line:
                line = line.replace(char, replacement)
    line = line.replace("\t", "  ").replace("\r", "")   # a tab parts a label from its value: two blanks
    if " " not in line:  # most body lines: nothing to fold, nothing letter-spaced
        return line.strip("|")
    line = (_MULTI_SPACE.sub("  ", line) if "   " in line else line).strip(" |")
    if "：" in line or ":" in line:
        line = _SPACED_LABEL.sub(_joined_label, line)
    elif line[1:2] == " ":   # a row's label aligned with blanks, its value after a tab (名　　称\t…)
        line = _SPACED_ROW_LABEL.sub(_joined_label, line, count=1)
    # A letter-spaced line has about a space a character: only those are looked at.
    return _unspaced(line) if line.count(" ") * 3 >= len(line) and not line.isascii() else line


_MIN_SPACED_TOKENS = 4


def _unspaced(line: str) -> str:
    """A letter-spaced line without its spaces: titles, issuer lines and PDF text are set with a space
    between characters (清 河 县 人 民 政 府 / 关 于 2023 年 度 …), which no word or place name matches.
    A line is letter-spaced when three in four of its pieces are one character or one number (a menu,
    首页 政务公开 通知公告, or a row of labels and values is not). Numbers side by side are a table's
    cells (中学  18  864  21450), not a number spaced out (2 0 2 3), unless each is one digit."""
    pieces = line.split()
    if len(pieces) < _MIN_SPACED_TOKENS:
        return line
    if any(first.isdigit() and second.isdigit() and len(first) + len(second) > 2
           for first, second in pairwise(pieces)):
        return line
    if pieces[0].isdigit() and _is_figure(pieces[-1]) and any(
            len(piece) > 1 and not _is_figure(piece) for piece in pieces[1:-1]):
        return line        # a numbered table row (5  听证  次  12): its row number, words, its value
    single = sum(1 for piece in pieces if len(piece) == 1 or piece.isdigit())
    return "".join(pieces) if single * 4 >= len(pieces) * 3 else line


def _is_figure(piece: str) -> bool:
    return piece.replace(".", "", 1).isdigit()


# A label set with blanks between its characters, as info tables align them (名　　称：, 索 引 号：).
_SPACED_LABEL = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff](?: +[\u4e00-\u9fff]){1,4}(?= *[:：])")
_SPACED_ROW_LABEL = re.compile(r"^[\u4e00-\u9fff](?: +[\u4e00-\u9fff]){1,4}(?=  )")
# The title's row of an info table without a colon (名称  …的报告, as a tab parts the cells); with one, the
# title is read with the row's other labels by `_take_labels`.
_TITLE_ROW = re.compile(rf"^(?:{_alternation(sorted(_TITLE_LABELS))})[ 　]+(?P<value>[^:：\s].*)$")


def _joined_label(match: re.Match[str]) -> str:
    joined = match.group().replace(" ", "")
    return joined if joined in _LABEL_SET else match.group()


def _take_labels(line: str, meta: _Meta) -> bool:
    """Lift label values from a header line; True when the line is a metadata line."""
    if len(line) > _SHORT_LINE + 40:
        return False
    title_row = _TITLE_ROW.match(line) if line[:1] in _TITLE_LABEL_HEADS else None
    if title_row is not None:
        meta.labeled_title = meta.labeled_title or title_row.group("value").strip()
        return True
    # Cheap gate: the label alternation is costly, and most lines have no label mark at all.
    marked = ":" in line or "：" in line or "|" in line
    if not marked and line.lstrip(_LEAD_CHARS)[:2] not in _LABEL_HEADS:
        return False
    matches = list(_LABEL.finditer(line))
    leading = _LEADING_LABEL.match(line)
    if leading and (not matches or matches[0].start() > leading.start("label")):
        matches.insert(0, leading)
        if not marked:
            # A flattened info table: labels without colons, parted by two blanks (索引号 …  成文日期
            # 2026-03-02  发布日期 2026-03-19), read only in a row that starts with a label.
            matches.extend(_BLANK_PARTED_LABEL.finditer(line, leading.end()))
    if not matches:
        return False
    starts_with_label = matches[0].start("label") <= 2 or bool(leading)
    before = line[:matches[0].start("label")]
    if (not starts_with_label and len(matches) < 2
            and not (_stamp_heads(before, meta) or _PAIRS.fullmatch(before))):
        return False
    for index, match in enumerate(matches):
        label = match.group("label")
        is_date = label in _DATE_LABEL_RANK
        date_wins = is_date and _DATE_LABEL_RANK[label] < meta.published_rank
        source_wins = label in _SOURCE_LABEL_RANK and _SOURCE_LABEL_RANK[label] < meta.source_rank
        title_wanted = label in _TITLE_LABELS and meta.labeled_title is None
        if not (date_wins or source_wins or title_wanted):
            continue  # a label whose value would not outrank the one held (or is not kept): not read
        end = matches[index + 1].start("label") if index + 1 < len(matches) else len(line)
        raw = line[match.end():end].lstrip(" |:：")
        cut = _VALUE_END.search(raw)
        value = (raw[:cut.start()] if cut else raw).strip()
        if label in _SOURCE_LABEL_RANK and value.endswith(_CLOSING_BRACKETS):
            value = _TRAILING_BRACKETS.sub("", value) or value     # 后沙峪镇（地区）: the body's name
        value = value.strip(" |:：【】[]()（）")
        if title_wanted:
            meta.labeled_title = value or None
        elif is_date and value:
            dates = _dates_in(value, meta) if date_wins else None  # parse_date: the first date
            if dates:
                meta.published, meta.published_rank = dates[0][0], _DATE_LABEL_RANK[label]
            elif date_wins and (compact := parse_labeled_date(value)) is not None:
                meta.published, meta.published_rank = compact, _DATE_LABEL_RANK[label]   # 20240328
        elif source_wins and value:
            stamped = _dates_in(value, meta)
            if stamped and stamped[0][1] > 1:   # 来源：涉县融媒体中心 2026-03-30 17:26: outlet, then stamp
                value = value[:stamped[0][1]].strip()
                stamped = _dates_in(value, meta)
            if not 1 < len(value) <= 40 or stamped or value in _LABEL_SET:
                continue
            rank = _SOURCE_LABEL_RANK[label]
            if not names_its_place(value):  # 区政府办公室, 本网: any label whose value names its place wins
                rank += len(_SOURCE_LABELS)
            if rank < meta.source_rank:
                meta.source, meta.source_rank = value, rank
    # An unlabelled date in a labelled header row ("2026-01-08 15:39 来源:…") is the page date.
    if meta.header_date is None:
        meta.header_date = _numeric_date(line, meta)
    return True


_LABEL_ALONE_MAX = 12


def _next_line(texts: list[str], index: int) -> str:
    return next((line for line in texts[index + 1:index + 3] if line), "")


def _previous_line(texts: list[str], index: int) -> str:
    return next((line for line in reversed(texts[max(0, index - 2):index]) if line), "")


# Unknown label-value pairs before a row's one known label (文档页数：7页　　上传时间：…).
_PAIRS = re.compile(r"(?:[\u4e00-\u9fff]{2,6}[:：][^\s:：]{0,20}\s+)+")


def _stamp_heads(prefix: str, meta: _Meta) -> bool:
    """The text before a row's one label is its stamp, perhaps after a byline (2024-02-19 16:40 来源：…,
    原创 无锡司法 2023-03-31 18:02 来源：…): the row is the page's header."""
    return (len(prefix) <= _BYLINE_MAX and not _SENTENCE_PUNCT.search(prefix)
            and _numeric_date(prefix, meta) is not None)


_BYLINE_MAX = 40
# A time of day right after a date: the stamp of a page, whatever the date's form (2024年03月28日 10:20).
_TIME_OF_DAY = re.compile(r"\s*(?:[01]?[0-9]|2[0-3])[:：][0-5][0-9]")


# A label right after a date: the date heads a header row (2024年03月28日 来源：县司法局).
_THEN_LABEL = re.compile(r"\s*" + _LABEL.pattern)


def _numeric_date(line: str, meta: _Meta) -> date | None:
    """A header line's stamp: a numeric date (2024-03-28), or one in 年月日 with the time after it or
    heading a row of labels."""
    for parsed, start, end in _dates_in(line, meta):
        if "年" not in line[start:end] or _TIME_OF_DAY.match(line, end) or (
                start == 0 and _THEN_LABEL.match(line, end)):
            return parsed
    euro = _EURO_DATE.search(line)
    if euro:
        try:
            return date(int(euro.group(3)), int(euro.group(2)), int(euro.group(1)))
        except ValueError:
            return None
    return None


# A verb of posting with 于 right before a date (a document library's row: 2163阅读 | 上传于2018-03-02 | 5页).
_POSTED_ON = re.compile(r"(?:上传|发布|发表|更新|收录)于\s*$")


def _timed_stamp(line: str, meta: _Meta) -> date | None:
    """A date with its time of day (2024-03-27 18:30), or posted on (上传于2018-03-02, 2025-04-10 发布 |):
    a page's stamp wherever it stands in the line."""
    for parsed, start, end in _dates_in(line, meta):
        if (_TIME_OF_DAY.match(line, end) or _POSTED_ON.search(line, max(0, start - 6), start)
                or _POSTED_AFTER.match(line, end)):
            return parsed
    return None


# A posting verb right after a date, then a row's separator (a document library: 2025-04-10 发布 | 页数：7).
_POSTED_AFTER = re.compile(r"\s*(?:上传|发布|发表)\s*(?:[|｜]|$)")


def _starts_with_stamp(line: str, meta: _Meta) -> bool:
    """The line opens with the page's stamp (a title may end in one: …情况报告 (2024-02-26))."""
    dates = _dates_in(line, meta)
    return bool(dates) and dates[0][1] == 0 and _numeric_date(line, meta) is not None


def _breadcrumb(line: str) -> str | None:
    """The column path of a breadcrumb line ('首页 > 政务公开 > 通知公告'), else None."""
    if len(line) > _SHORT_LINE:
        return None
    prefixed = _BREADCRUMB_PREFIX.match(line)
    rest = line[prefixed.end():] if prefixed else line
    parts = [part.strip() for part in _CRUMB_SEPARATOR.split(rest)]
    items = [part for part in parts if part]
    prefixed_ok = bool(prefixed and items and (len(items) > 1 or len(items[0]) <= _CRUMB_ITEM_MAX))
    if not prefixed_ok:
        if any(len(item) > _CRUMB_ITEM_MAX for item in items):
            return None
        # One column after a leading separator (>> 法治政府建设) is the path's tail.
        if len(items) < 2 and not (items and parts[0] == ""):
            return None
        anchored = (items[0] in _HOME_WORDS or items[-1] in _PAGE_WORDS or parts[0] == ""
                    or (len(items) >= 3 and items[0].endswith(_SITE_ROOTS)) or _arrow_path(line, items))
        if not anchored:
            return None
    if parts and parts[0] == "" and items[0] != "首页":
        items.insert(0, "首页")
    while items and items[-1] in _PAGE_WORDS:
        items.pop()
    return " > ".join(items) if items else None


def _arrow_path(line: str, items: list[str]) -> bool:
    """Items joined by arrows through a site's columns or bodies (信息公开 > 六安市司法局 > 计划总结), with no
    首页 before them, or a column and what it holds (乡镇动态 > 杜拉尔鄂温克民族乡); 收入 > 支出 > 结余 is no
    path."""
    arrows = line.count(">") + line.count("＞")
    if arrows >= 2 and len(items) >= 3:
        return "公开" in items[0] or any(_ends_with(item, _ORG_ENDINGS) for item in items)
    return arrows == 1 and len(items) == 2 and items[0].endswith(_COLUMN_ENDINGS)


def _is_chrome(line: str, gates: int) -> bool:
    """Script, empty, boilerplate or spam; `gates` (`_LINE_GATES`) tells which patterns can match."""
    if gates & _SCRIPT_GATE and _SCRIPT_LINE.search(line):
        return True
    if not _HAS_CONTENT.search(line):
        return True
    if _is_menu(line):
        return True
    if len(line) <= _SHORT_LINE:
        if gates & _CHROME_GATE and _CHROME_LINE.search(line):
            return True
        if gates & _SPAM_GATE and _SPAM_LINE.search(line):
            # A sentence of the body may name 澳门 or 皇冠 (澳门执业律师); an injected advert is no sentence,
            # or names a brand outright.
            return _SENTENCE_END.search(line) is None or names_spam(line)
    return False


def _is_body_line(line: str) -> bool:
    """A sentence, an addressee ('市人民政府:') or a numbered heading: the document has begun."""
    if len(line) >= 60:
        return True
    if _ENUMERATION.match(line):
        # …but an item of a numbered list of titles (1. 太原市2025年…报告: a sidebar's) is none.
        return not (_NUMBERED_ITEM.match(line) and _ends_with(line, _TITLE_ENDINGS)
                    and not _SENTENCE_PUNCT.search(line))
    if _ADDRESSEE.match(line):
        return True
    kicker = _KICKER.match(line)
    if kicker is not None:
        line = line[kicker.end():]
    return bool(_SENTENCE_PUNCT.search(line)) and len(line) > 20


def _ends_with(text: str, endings: tuple[str, ...]) -> bool:
    """Does `text` end with one of `endings`, as re's '(?:…)$' tells (also before a final line break)?"""
    return text.endswith(endings) or (text.endswith("\n") and text[:-1].endswith(endings))


def _title_core(line: str) -> str:
    if line.rstrip().endswith(_CLOSING_BRACKETS):  # else no trailing bracket to remove
        line = _TRAILING_BRACKETS.sub("", line)
    return line.strip(_TITLE_WRAPPERS)


def _is_date_line(line: str, meta: _Meta) -> bool:
    dates = _dates_in(line, meta)
    if not dates:
        return False
    _, start, end = dates[0]
    return len(line) - (end - start) <= 6


def _is_org_line(line: str) -> bool:
    return (len(line) <= 30 and _ends_with(line, _ORG_ENDINGS) and not _SENTENCE_PUNCT.search(line)
            and ":" not in line and "：" not in line and "|" not in line)


def _title_kind(line: str, meta: _Meta) -> str | None:
    """'strong' (ends like a document title), 'weak' (title-shaped), or None; once per line and call."""
    if line in meta.title_kinds:
        return meta.title_kinds[line]
    kind = meta.title_kinds[line] = _line_title_kind(line, meta)
    return kind


def _line_title_kind(line: str, meta: _Meta) -> str | None:
    if not 4 <= len(line) <= 90 or line.endswith("。") or _is_date_line(line, meta):
        return None
    if _timed_stamp(line, meta) is not None:
        return None  # a byline (湘水悠悠 发表于 2023-04-07 21:33:18), left to _header_dates
    if len(line) <= 40 and _starts_with_stamp(line, meta):
        return None  # the page's stamp (2024年03月28日 10:20 来源：本网), left to _header_dates
    if "号" in line and _DOC_NUMBER.match(line):  # a document number ends in 号
        return None
    if _is_list_item(line):
        return None  # an item of a list (· 洛阳市2024年…报告, 1. 太原市…报告: other pages' titles)
    if len(line) > 40 and _SENTENCE_PUNCT.search(line):
        return None
    core = _title_core(line)
    if len(core) <= _COLUMN_NAME_MAX and core.endswith(_COLUMN_ENDINGS) and not _DIGIT.search(core):
        return "weak"  # a column's name over its list (通知公告, 法治政府建设专题), no document's title
    if len(core) >= 4 and (_ends_with(core, _TITLE_ENDINGS) or ("关于" in core and len(core) >= 8)):
        return "strong"
    return "weak"


def _is_list_item(line: str) -> bool:
    """A line led by a bullet or a number (· …, 1. …): an item of a list."""
    return line[:1] in _BULLETS or _NUMBERED_ITEM.match(line) is not None


def _simplified(lines: list[str]) -> list[str]:
    """Traditional-character lines (mirror copies) in simplified characters, so the labels (來源),
    title endings (情況) and chrome words this module knows in simplified match; else unchanged."""
    sample = "".join(lines[:40])
    if not has_traditional(sample):
        return lines
    converted = to_simplified("\n".join(lines)).split("\n")
    return converted if len(converted) == len(lines) else lines


# The site's own name on a line of its own (永康市人民政府网, 肥西县人民政府 信息公开), and a document's red
# header (景宁畲族自治县人民政府文件, 中共遂昌县委 遂昌县人民政府文件): who speaks, though not the title.
_SITE_NAME_LINE = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{2,30}?(?:人民政府|政府))(?:(?:门户|信息公开|政务公开)?(?:网站|网)"
    r"|\s+(?:政府)?(?:信息公开|政务公开))")
_RED_HEADER_LINE = re.compile(r"(?P<name>[\u4e00-\u9fff][\u4e00-\u9fff ]{3,40}?)文件")


def _site_or_header(line: str, meta: _Meta) -> bool:
    """Lift a site-name line into meta.site_name, a red header into the source (below every labeled one);
    True when the line was one."""
    if not line.endswith(("网", "网站", "文件", "公开")) or len(line) > 46:
        return False
    site = _SITE_NAME_LINE.fullmatch(line)
    if site is not None:
        meta.site_name = meta.site_name or site.group("name")
        return True
    header = _RED_HEADER_LINE.fullmatch(line)
    if header is not None and names_its_place(header.group("name").removeprefix("中共")):
        if meta.source is None:
            meta.source, meta.source_rank = header.group("name").strip(), 999
        return True
    return False


def _scan(lines: list[str], meta: _Meta) -> None:
    """Drop chrome, lift metadata; fills meta.kept / meta.kept_adjacent / meta.removed."""
    texts = [_normalize(raw) for raw in _simplified(lines)]
    removed_flags: list[bool | None] = []  # None = blank line
    line_gates, seen = _LINE_GATES.of_lines(texts)
    if seen & (_SPAM_GATE | _LINK_GATE):  # a gambling mirror's brand or a wedged link: cut them out
        brands = ({match.group(1) for line, gates in zip(texts, line_gates, strict=True) if gates & _SPAM_GATE
                   for match in _BRAND.finditer(line)} if seen & _SPAM_GATE else set())
        cleaned = _without_inserts(texts, line_gates, brands)
        if cleaned is not texts:
            texts = cleaned
            line_gates, _ = _LINE_GATES.of_lines(texts)
    for index, (line, gates) in enumerate(zip(texts, line_gates, strict=True)):
        if not line:
            removed_flags.append(None)
            continue
        if " | " in line and heads_a_table(line, _next_line(texts, index), _LABEL_SET):
            removed_flags.append(False)    # a table's header row, not a menu or a label row
            continue
        column = _breadcrumb(line) if gates & _CRUMB_GATE else None
        if column is not None:
            if meta.column is None:
                meta.column = column
            if meta.crumb_line is None:
                meta.crumb_line = len(removed_flags)
            removed_flags.append(True)
            continue
        # Labels before chrome: "信息来源:… 发布日期:… 浏览次数:" is both, and its values matter. A
        # label alone on its line has its value on the next (发布日期： / 2026-01-15: some catalogues).
        # Some catalogues write the label alone without a colon (成文日期 / 2026-02-28 / 发布日期 / …).
        if gates & _LABEL_GATE and len(line) <= _LABEL_ALONE_MAX and (
                line[-1] in "：:" or line.strip(_LEAD_CHARS) in _LABEL_SET):
            line = line.rstrip("：:") + "：" + _next_line(texts, index)[:_LABEL_ALONE_MAX]
        labels = bool(gates & _LABEL_GATE) and _take_labels(line, meta)
        if labels and meta.site_name is None and "发布于" in line:
            # A platform's stamp with the poster's place (2025-03-28 16:47 发布于：山东省), the account
            # on the line above: the repost's site, as _header_dates reads an unlabelled stamp.
            meta.site_name = _repost_account(line, _previous_line(texts, index), False)
        removed_flags.append(labels or _is_chrome(line, gates) or _site_or_header(line, meta))
    _drop_sandwiched(texts, removed_flags, meta)
    previous_kept = True
    for index, (line, flag) in enumerate(zip(texts, removed_flags, strict=True)):
        if index == meta.crumb_line:
            meta.crumb_kept = len(meta.kept)
        if flag is None:
            continue
        if flag:
            meta.removed += 1
            previous_kept = False
            continue
        meta.kept.append(line)
        meta.kept_adjacent.append(previous_kept)
        previous_kept = True


def _without_inserts(texts: list[str], gates: list[int], brands: set[str]) -> list[str]:
    """The lines without the mirror's brands and without links wedged into a sentence; `texts` itself
    when no line changed."""
    names = "|".join(map(re.escape, sorted(brands, key=len, reverse=True)))
    # With what holds it in a title: 【开云体育官网】…, bbin体育官网_…
    brand = re.compile(f"(?:【\\s*)?(?:{names}){_BRAND_SUFFIX}(?:\\s*】|_|-(?=\\S))?\\s*") if brands else None
    cleaned = texts
    for index, (line, bits) in enumerate(zip(texts, gates, strict=True)):
        cut = line
        if brand is not None:  # on any line: the brand's own literals need not be a gate's
            branded = brand.sub("", cut)
            if branded != cut and _HAS_CONTENT.search(branded):  # a line of brands alone stays, as spam
                cut = branded
        if bits & _LINK_GATE:
            cut = _INLINE_LINK.sub(lambda link: link.group() if link.start() == 0 else "", cut)
        if bits & _SPAM_GATE and _SENTENCE_PUNCT.search(cut):
            # A sentence carrying a bracketed advert (…述法 【皇冠体育 hg0088.com】): cut the advert.
            cut = _BRACKETED.sub(lambda ad: "" if _SPAM_LINE.search(ad.group()) else ad.group(), cut)
        if cut != line:
            if cleaned is texts:
                cleaned = list(texts)
            cleaned[index] = cut.strip()
    return cleaned


def _drop_sandwiched(texts: list[str], flags: list[bool | None], meta: _Meta) -> None:
    """Short lines wedged between removed lines (a spam brand, a lone '发布') are chrome as well."""
    nonblank = [index for index, flag in enumerate(flags) if flag is not None]
    for position, index in enumerate(nonblank):
        text = texts[index]
        if flags[index] or len(text) > _SANDWICH_MAX or _SENTENCE_PUNCT.search(text):
            continue
        if _is_date_line(text, meta) or _is_org_line(text):  # a signature next to a footer stays
            continue
        if _title_kind(text, meta) == "strong":  # a title above its 日期/来源 line is the page's own
            continue
        before = flags[nonblank[position - 1]] if position > 0 else None
        after = flags[nonblank[position + 1]] if position + 1 < len(nonblank) else None
        if (before or after) and before is not False and after is not False:
            flags[index] = True


def _head_title(meta: _Meta) -> str | None:
    """Find the title among the top lines; drop unrelated headlines printed above it (news sites)."""
    kept = meta.kept
    head_end = 0
    while head_end < min(len(kept), _HEAD_LINES) and not _is_body_line(kept[head_end]):
        head_end += 1
    kinds = [_title_kind(line, meta) for line in kept[:head_end]]
    crumb = meta.crumb_kept
    if crumb:
        # Above a breadcrumb, an item of a vertical menu (走进澧县 / 信息公开指南 / 信息公开制度, one a
        # line) is the site's chrome, however title-like its words.
        menu = _vertical_menu(kept[:crumb], meta.kept_adjacent)
        kinds = [None if i in menu else kind for i, kind in enumerate(kinds)]
    chosen = next((i for i, kind in enumerate(kinds) if kind == "strong"), None)
    if crumb and meta.site_name is None:
        # The site's header above its breadcrumb names the site (凯里市人民政府 on its first line).
        meta.site_name = next((line for line in kept[:crumb] if _is_org_line(line)), None)
    if crumb and (chosen is None or chosen <= crumb + _CRUMB_TITLE_REACH):
        # A page's content begins at its breadcrumb: a title right after it is the page's, whatever the
        # menus and sidebars above it hold (政府信息公开指南, 通知：关于…的通知 >>), and the site's name
        # above it is no issuer line of that title (重庆市万州区人民政府 over a 街道's report).
        after = _crumb_title(meta, crumb)
        if after is not None:
            _drop_above_crumb(meta, crumb)
            chosen = after - crumb
            kinds = [_title_kind(line, meta) for line in kept[:chosen + 1]]
    strong = chosen is not None
    if chosen is None:
        weak = (i for i, kind in enumerate(kinds) if kind == "weak" and not _is_org_line(kept[i]))
        chosen = next(weak, None)
    if chosen is None:
        return None
    title = kept[chosen]
    first_title_line = chosen
    if strong and chosen > 0 and meta.kept_adjacent[chosen]:
        previous = kept[chosen - 1]
        # The site's or issuer's name over a title that names its place itself (常州市武进区人民政府 /
        # 常州市武进区2025年…报告) is a header, not the title's first half.
        if (_is_org_line(previous) and not title.startswith(previous)
                and not title.startswith(without_government(previous))
                and not leads_with_its_place(title, previous)):
            title = previous + title  # issuer printed on its own line above "关于…的报告"
            first_title_line = chosen - 1
            party = kept[chosen - 2] if chosen > 1 and meta.kept_adjacent[chosen - 1] else ""
            if _is_org_line(party) and joint_lines(party, previous):
                # 中共沅陵县委 / 沅陵县人民政府 / 关于…: the joint issuer, as one title line writes it.
                title = f"{party} {title}"
                first_title_line = chosen - 2
        elif (kinds[chosen - 1] == "weak" and len(_title_core(title)) <= 15 and not _YEAR.search(title)
              and "关于" not in title):
            title = previous + title  # a title broken over two lines
            first_title_line = chosen - 1
    following = chosen + 1
    if (not _ends_with(title, _TITLE_ENDINGS) and following < len(kept) and meta.kept_adjacent[following]
            and len(kept[following]) <= _TITLE_TAIL_MAX and _ends_with(kept[following], _TITLE_ENDINGS)
            and not _is_org_line(kept[following]) and _YEAR.search(title)):
        # A title broken over two lines at a PDF's or Word's line width (…关于2025年度法治政府建设 /
        # 情况的报告): its tail joins it.
        title += kept[following]
        kept[chosen] += kept[following]
        del kept[following]
        del meta.kept_adjacent[following]
    if strong:
        # Title-shaped lines above the real title that are not its issuer or number: another headline.
        # A list's items above it (a sidebar's · …, 1. …) are other pages' titles: dropped alike.
        drop = [i for i in range(first_title_line)
                if (kinds[i] == "weak" or _is_list_item(kept[i])) and not _is_org_line(kept[i])]
        for index in reversed(drop):
            del kept[index]
            del meta.kept_adjacent[index]
        meta.removed += len(drop)
    return _title_core(title) or title


# A character reference left in copied text (包河区人民政府&nbsp;&nbsp;信息公开, &ldquo;会前学法&rdquo;).
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")


def _unescaped(text: str) -> str:
    return html.unescape(text) if "&" in text and _ENTITY.search(text) else text


def _labeled_or(title: str | None, meta: _Meta) -> str | None:
    """The head's title, or the info table's 名称/标题 where that is a document's title and the head's
    is not (the title printed only in the table's row) or the head prints it too, below another."""
    labeled = meta.labeled_title
    if not labeled or _title_kind(labeled, meta) != "strong":
        return title
    # The row's title printed again among the head's lines is the page's, whatever list (相关阅读) of
    # other reports' titles stands above it.
    if title is None or _title_kind(title, meta) != "strong" or (
            labeled not in title and labeled in meta.kept[:_HEAD_LINES]):
        return _title_core(labeled)
    return title


_CRUMB_TITLE_REACH = 3  # kept lines after the breadcrumb where the page's own title may stand
_MENU_ITEM_CHARS = 8    # the longest item of a vertical menu


def _vertical_menu(lines: list[str], adjacent: list[bool]) -> set[int]:
    """The indices of `lines` in a vertical menu: three or more adjacent short lines without digits."""
    menu: set[int] = set()
    run: list[int] = []
    for index, line in enumerate([*lines, ""]):     # the empty line closes the last run
        short = 0 < len(line) <= _MENU_ITEM_CHARS and not _DIGIT.search(line)
        if not (short and run and adjacent[index]):
            if len(run) >= 3:
                menu.update(run)
            run = []
        if short:
            run.append(index)
    return menu


def _drop_above_crumb(meta: _Meta, crumb: int) -> None:
    """Remove the site's header above the breadcrumb of a titled page (menus, sidebars, banners)."""
    del meta.kept[:crumb]
    del meta.kept_adjacent[:crumb]
    meta.removed += crumb


def _crumb_title(meta: _Meta, crumb: int) -> int | None:
    """The index of a strong title line among the first lines after the breadcrumb, else None."""
    for index in range(crumb, min(len(meta.kept), crumb + _CRUMB_TITLE_REACH)):
        line = meta.kept[index]
        if _title_kind(line, meta) == "strong":
            return index
        if _is_body_line(line):
            return None
    return None


def _header_dates(meta: _Meta, reposted: bool = False) -> None:
    """Remove CMS date lines in the header ('政策法规科 2023-12-29'); remember the first as page date, and
    a repost's account as its site (`reposted`: the page is on a platform that reposts)."""
    if len(meta.kept) == 1 and len(meta.kept[0]) > _SHORT_LINE:
        # A page with no line breaks (a copy's one long line): its stamp with the time of day, where a
        # header would be (…原创 法治昆山 2026年3月31日 18:30 江苏昆山市2025年…).
        meta.header_date = meta.header_date or _timed_stamp(meta.kept[0][:_SHORT_LINE], meta)
        return
    index = 0
    limit = min(len(meta.kept), _HEAD_LINES)
    while index < limit:
        line = meta.kept[index]
        if _is_body_line(line):
            break
        # A short line's numeric date; a longer row's when it leads the row or has its time of day
        # (2024-03-19 上传 | 暂无简介 | 文档格式：docx …, 湘水悠悠 发表于 2023-04-07 21:33:18 | 只看该作者).
        parsed = (_numeric_date(line, meta) if len(line) <= 40
                  or (len(line) <= _SHORT_LINE and _starts_with_stamp(line, meta))
                  else _timed_stamp(line, meta) if len(line) <= _SHORT_LINE else None)
        if parsed is not None and _title_kind(line, meta) != "strong":
            if meta.header_date is None:
                meta.header_date = parsed
            if meta.site_name is None:
                meta.site_name = _repost_account(line, meta.kept[index - 1] if index else "", reposted)
            del meta.kept[index]
            del meta.kept_adjacent[index]
            meta.removed += 1
            limit -= 1
            continue
        index += 1


# A repost's stamp: WeChat's (原创 琼海发布 琼海发布 2026年03月31日 18:25 海南, the account named twice, the
# poster's province last), Toutiao's (2026-03-29 09:12 · 浙江金华, the account on the line above). Told from
# a CMS stamp (政策法规科 2023-12-29 17:05) by 原创 or the poster's place after the time.
_REPOST_STAMP = re.compile(
    r"^(?P<original>原创\s+)?(?:(?P<account>[^\s\d:：,，。]{2,16})(?:\s+[^\s\d:：,，。]{2,16})?\s+)?"
    r"(?:19|20)\d{2}(?:年\d{1,2}月\d{1,2}日|-\d{1,2}-\d{1,2})\s*\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s*(?:·|发布于[:：])?\s*(?P<region>[\u4e00-\u9fff]{2,8}))?(?:\s*·\s*[\u4e00-\u9fff]{2,4})*$")
_ACCOUNT_LINE = re.compile(r"[^\s\d:：,，。|>]{2,16}")


def _repost_account(stamp: str, previous: str, reposted: bool) -> str | None:
    """The account a repost's stamp names, or the line above it names (a name alone), as its site, with
    the poster's place the platform shows (城关发布（西藏）: 城关 is a district of 拉萨 and of 兰州). A stamp
    without 原创 or a place is a repost's only on a platform's address."""
    match = _REPOST_STAMP.match(stamp)
    if match is None or not (match.group("original") or match.group("region") or reposted):
        return None
    account = match.group("account") or (previous if _ACCOUNT_LINE.fullmatch(previous) else None)
    if account and match.group("region"):
        return f"{account}（{match.group('region')}）"
    return account


def _address_date(url: str | None) -> tuple[date | None, PublishedFrom | None]:
    published = date_from_url(url)
    return published, "address" if published else None


def _published(meta: _Meta, url: str | None) -> tuple[date | None, PublishedFrom | None]:
    """The page's date and where it was read, in order of trust: a label or meta tag, an unlabelled
    header date, the CMS address, the date under the closing signature."""
    # A signing date (成文日期) alone is no publication date: a CMS address's date is.
    signed = meta.published_rank in _SIGNING_RANKS
    if meta.published is not None and not signed:
        return meta.published, "label"
    address = _address_date(url) if signed or meta.header_date is None else (None, None)
    if signed and address[0] is not None:
        return address
    if meta.published is not None:
        return meta.published, "label"
    if meta.header_date is not None:
        return meta.header_date, "header"
    if address[0] is not None:
        return address
    signed = _signature_date(meta)
    return signed, "signature" if signed else None


def _signature_date(meta: _Meta) -> date | None:
    """A date line right after the issuer signature at the end of the body ('某县人民政府' / date line)."""
    kept = meta.kept
    tail_start = max(0, len(kept) - _TAIL_LINES)
    for index in range(len(kept) - 1, tail_start - 1, -1):
        line = kept[index]
        if line.endswith(_ISSUED) and len(line) <= _COLOPHON_MAX:
            # A document's colophon: 遵义市医疗保障局办公室  2026年3月19日印发 (the office that printed it).
            dates = _dates_in(line, meta)
            if dates and len(line) - dates[-1][2] <= len(_ISSUED[0]) + 1:
                printer = line[:dates[-1][1]]
                if not printer.strip() or (printer[-1:].isspace() and _is_org_line(printer.strip())):
                    return dates[-1][0]
        if _is_date_line(line, meta) and len(line) <= 24:
            previous = kept[index - 1] if index > 0 else ""
            if index == 0 or (len(previous) <= 40 and not previous.endswith("。")) or index == len(kept) - 1:
                return _dates_in(line, meta)[0][0]
    return None


def clean(document: str, url: str | None = None, *, encoding: str | None = None,
          decode_errors: bool = False, utf8: bytes | None = None) -> CleanedPage:
    """Clean one decoded page (HTML or plain text). Never raises: bad input gives an empty page.

    `utf8`, when the caller has it (`Decoded.utf8`), is `document` encoded as UTF-8: the parser
    reads it instead of encoding the page again.
    """
    if not isinstance(document, str):
        return _empty(url, encoding, decode_errors)
    page = Decoded(document, encoding or "", bool(decode_errors), utf8 if isinstance(utf8, bytes) else None)
    return _clean_or_empty(page, url, encoding)


def clean_decoded(decoded: Decoded, url: str | None = None) -> CleanedPage:
    """`clean` for a page as `decode` gave it: its text is built only if a step needs it (the parser reads
    its UTF-8). Never raises."""
    return _clean_or_empty(decoded, url, decoded.encoding)


def _clean_or_empty(page: Decoded, url: str | None, encoding: str | None) -> CleanedPage:
    try:
        return _clean(page, url, encoding)
    except Exception:  # a cleaning bug must not lose the record: the page is kept, empty, and the bug logged
        log.exception("cleaning %s failed: the page is kept, empty", url)
        return _empty(url, encoding, page.errors)


def _empty(url: object, encoding: str | None, decode_errors: object) -> CleanedPage:
    url = url if isinstance(url, str) else None
    published, published_from = _address_date(url)
    return CleanedPage(url=url, encoding=encoding, decode_errors=bool(decode_errors),
                       published=published, published_from=published_from)


# A printable ASCII character: never whitespace, so a page holding one in its UTF-8 is not blank.
_VISIBLE_ASCII = re.compile(rb"[!-~]")
# UTF-8 bytes that hold the characters the HTML sniff reads (`looks_like_html`), a cut one besides.
_SNIFF_BYTES = 4 * SNIFF_CHARS + 3


def _blank(page: Decoded) -> bool:
    """`not page.text.strip()`, without building the text where the UTF-8 shows a visible character."""
    if page.built_text is None and page.utf8 is not None and _VISIBLE_ASCII.search(page.utf8) is not None:
        return False
    return not page.text.strip()


def _text_head(page: Decoded) -> str:
    """The text's first SNIFF_CHARS characters: from enough of the UTF-8 while the text is not built (a
    character cut at the end is the only one 'ignore' drops from valid UTF-8)."""
    if page.built_text is None and page.utf8 is not None:
        return page.utf8[:_SNIFF_BYTES].decode("utf-8", "ignore")[:SNIFF_CHARS]
    return page.text[:SNIFF_CHARS]


def _clean(page: Decoded, url: str | None, encoding: str | None) -> CleanedPage:
    """`encoding` as the caller gave it (None stays None in the cleaned page)."""
    url = url if isinstance(url, str) and url else None
    decode_errors = page.errors
    if _blank(page):
        return _empty(url, encoding, decode_errors)
    utf8 = page.utf8
    # A page within the limit in UTF-8 bytes is within it in characters: its text need not be counted.
    if (utf8 is None or len(utf8) > MAX_DOCUMENT_CHARS) and len(page.text) > MAX_DOCUMENT_CHARS:
        page, utf8 = Decoded(page.text[:MAX_DOCUMENT_CHARS], page.encoding, decode_errors), None
    meta = _Meta()
    title: str | None = None
    site_name: str | None = None
    attachments = []
    if looks_like_html(_text_head(page)):
        parts = parse_html(page.built_text, url, utf8)
        tag_title, site_name = split_title_tag(parts.title_tag or "")
        site_name = parts.meta.get("site_name") or site_name
        if parts.meta.get("column"):
            meta.column = parts.meta["column"].strip()
        if parts.meta.get("source"):
            meta.source, meta.source_rank = parts.meta["source"].strip()[:60], -1
        if parts.meta.get("published"):
            parsed = parse_date(parts.meta["published"])
            if parsed is not None:
                meta.published, meta.published_rank = parsed, -1
        # Meta tags outrank every label on the page: when they gave the date, source and column, the
        # page text has nothing left to add.
        if meta.column is None or meta.published_rank >= 0 or meta.source_rank >= 0:
            _scan_page_header(parts.page_text, meta)
        _scan(parts.body_lines, meta)
        line_title = _labeled_or(_head_title(meta), meta)
        title = (parts.meta.get("title") or parts.heading or tag_title or line_title or None)
        if title and site_name and title == site_name:
            title = line_title
        attachments = parts.attachments
    else:
        _scan(_unescaped(page.text).split("\n"), meta)
        title = _labeled_or(_head_title(meta), meta)
    _header_dates(meta, is_repost_host(url))
    published, published_from = _published(meta, url)
    return CleanedPage(
        url=url,
        title=_normalize(title)[:300] if title else None,
        published=published,
        published_from=published_from,
        source=meta.source,
        site_name=(site_name or meta.site_name or "").strip()[:120] or None,
        column=meta.column,
        paragraphs=meta.kept,
        attachments=attachments,
        encoding=encoding,
        decode_errors=decode_errors,
        removed_lines=meta.removed,
    )


# A mark right after the last character of some label (spaces between): the only marks worth the label
# check (CSS and script text on the page is full of ':' after ASCII letters).
_LABEL_ENDS = frozenset(label[-1] for label in _ALL_LABELS)
# The labels by their last character, longest first: the label before a mark is the longest one that
# ends there (the leftmost start a label alternation searched before the mark would find).
_LABELS_BY_END: dict[str, tuple[str, ...]] = {
    end: tuple(sorted({label for label in _ALL_LABELS if label[-1] == end}, key=len, reverse=True))
    for end in _LABEL_ENDS}
_LABEL_REACH = 8  # how far before its mark a label may start
_MARKS = (":", "：", "|")
_BREADCRUMB_WORDS: tuple[str, ...] = (*BOILERPLATE["breadcrumb_prefixes"], "首页")
# Words containing no other word of the list ("位置" is in "当前位置"). Every word contains one of them,
# so a page is searched for these few only, and a word is looked for where its core word occurs.
_CORE_CRUMB_WORDS = tuple(dict.fromkeys(word for word in _BREADCRUMB_WORDS if not any(
    other != word and other in word for other in _BREADCRUMB_WORDS)))
# Each breadcrumb word (in list order) with a core word in it and that core word's offset in the word.
_CRUMB_WORD_CORES = tuple((word, core, word.index(core)) for word in _BREADCRUMB_WORDS
                          for core in [next(core for core in _CORE_CRUMB_WORDS if core in word)])
_MAX_HEADER_LINES = 200
_CRUMB_END = re.compile(r"(?:[>＞»›→]|&gt;|当前位置|位置)\s*[:：]?\s*$")
_CRUMB_START = re.compile(r"^(?:[>＞»›→]|&gt;)")


def _crumb_window(page_text: str, start: int) -> str:
    """A breadcrumb from `start`, following source line breaks while the path clearly continues."""
    pieces = page_text[start:start + _SHORT_LINE].split("\n")
    line = pieces[0].strip()
    for piece in pieces[1:]:
        piece = piece.strip()
        if not piece:
            continue
        if _CRUMB_END.search(line) or _CRUMB_START.match(piece):
            line = f"{line} {piece}"
        else:
            break
    return line


def _occurrences(text: str, word: str) -> list[int]:
    """Every start of `word` in `text`, overlapping ones included.

    By its first character: str.find of one character skips through the text with memchr, where a
    two-character word is compared at every place (a third of the time on a page's text).
    """
    found: list[int] = []
    first = word[0]
    position = text.find(first)
    while position >= 0:
        if text.startswith(word, position):
            found.append(position)
        position = text.find(first, position + 1)
    return found


def _find_column(page_text: str, meta: _Meta) -> None:
    """The first breadcrumb: each word in list order, its occurrences in page order (not overlapping)."""
    core_starts = {core: _occurrences(page_text, core) for core in _CORE_CRUMB_WORDS}
    for word, core, offset in _CRUMB_WORD_CORES:
        next_free = 0
        for core_start in core_starts[core]:
            found = core_start - offset
            if found < next_free or not page_text.startswith(word, found):
                continue
            meta.column = _breadcrumb(_normalize(_crumb_window(page_text, found)))
            if meta.column is not None:
                return
            next_free = found + len(word)


def _label_marks(text: str) -> list[int]:
    """Positions of the marks in `text` whose nearest non-space character before them ends a label.

    By str.find per mark (a page has a few dozen marks): a regex led by the class of label endings
    tests each character of the page against it, three times as long.
    """
    found: list[int] = []
    for mark in _MARKS:
        position = text.find(mark)
        while position >= 0:
            before = position
            char = text[before - 1] if before else ""  # each character read once ("" before the text)
            while char.isspace():
                before -= 1
                char = text[before - 1] if before else ""
            if char in _LABEL_ENDS:
                found.append(position)
            position = text.find(mark, position + 1)
    return found


def _label_before(text: str, position: int) -> int | None:
    """Where the label starts that ends before the mark at `position` (spaces between) and starts at
    most _LABEL_REACH characters before it, the longest such label; None when there is none.

    By str.endswith on the labels ending in that character: the same as searching
    '(?:<labels>)\\s*$' in those characters (a regex that tries every label at each of them).
    """
    before = position
    while before > 0 and text[before - 1].isspace():
        before -= 1
    lowest = max(0, position - _LABEL_REACH)
    for label in _LABELS_BY_END.get(text[before - 1], ()) if before > 0 else ():
        if text.endswith(label, lowest, before):
            return before - len(label)
    return None


def _scan_page_header(page_text: str, meta: _Meta) -> None:
    """Labels and breadcrumbs anywhere on the page (they often sit outside the body container).

    A label always precedes ':' / '：' / '|', so only those spots are checked (a short anchored regex
    on the few characters before them), instead of running the label alternation over the page.
    """
    label_starts: list[int] = []
    for position in _label_marks(page_text):
        label_start = _label_before(page_text, position)
        if label_start is not None:
            label_starts.append(max(page_text.rfind("\n", 0, position) + 1, label_start - 60))
    if meta.column is None:
        _find_column(page_text, meta)
    for start in sorted(set(label_starts))[:_MAX_HEADER_LINES]:
        end = page_text.find("\n", start, start + _SHORT_LINE + 40)
        # Minified pages have no line breaks: a bounded window around the label stands in for a line.
        line = _normalize(page_text[start:end if end >= 0 else start + _SHORT_LINE])
        if line and _breadcrumb(line) is None:
            _take_labels(line, meta)
