"""Text -> quantified facts (Indicator) of a 法治政府建设年度报告.

One precompiled regex pass finds every "number + unit" candidate. Each sentence holding one is
split into clauses once; each candidate then reads the cue word nearest to it in its own clause
segment (受理72件, 办结率99.5%) and, when there is one, the topic keywords that govern it (own
clause first, then the sentence, then the previous sentence). The catalogue lives in
data/indicators.yaml; numbers that fit no entry keep a generic key (other.count, other.rate, ...)
and a label read from their clause, so no stated fact is lost. Only short windows around values
are scanned, so the cost follows the number of values, not the length of the page.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from schemas import Indicator
from streams.analysis._english_figures import EnglishFigures, clause_start, is_english
from streams.analysis._numbers import parse_arabic, parse_chinese, plain_number
from streams.analysis._script import halfwidth, to_simplified_same_length
from streams.analysis._tables import TableReader

_DATA_FILE = Path(__file__).parent / "data" / "indicators.yaml"

# Longer inputs are not report pages; only their head is read so a 20 MB blob stays cheap.
MAX_TEXT_CHARS = 2_000_000
# How far a sentence may reach around a value, and how long evidence may be.
_SENTENCE_REACH = 300
_EVIDENCE_MAX = 240
_LABEL_MAX = 16

_CLAUSE_MARKS = "，,；;。！!？?\n：:"
_SENTENCE_MARKS = "。！!？?\n"


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _alternation(words: Iterable[str]) -> str:
    """Longest-first alternation of literal words (for short lists)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _trie(words: Iterable[str]) -> str:
    """The same language as _alternation (longest match wins), nested by shared prefixes.

    The regex engine tries alternatives one by one at every position; sharing prefixes makes a
    scan over a 150-word list roughly twice as fast.
    """
    root: dict[str, Any] = {}
    for word in set(words):
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return build(root)


_DATA = _load(_DATA_FILE)


# ---------------------------------------------------------------- catalogue

@dataclass(frozen=True, slots=True)
class _Entry:
    key: str
    label: str
    topic: str
    units: frozenset[str]


def _build_cues() -> dict[str, tuple[tuple[_Entry, ...], tuple[_Entry, ...]]]:
    """cue word -> (entries it names strongly, entries it names only with the topic in its clause)."""
    strong: dict[str, list[_Entry]] = {}
    weak: dict[str, list[_Entry]] = {}
    for raw in _DATA["indicators"]:
        units: set[str] = set()
        for name in raw["units"]:
            units.update(_DATA["units"].get(name, [name]))
        entry = _Entry(raw["key"], raw["label"], raw["topic"], frozenset(units))
        for cue in raw.get("cues", []):
            strong.setdefault(cue, []).append(entry)
        for cue in raw.get("weak_cues", []):
            weak.setdefault(cue, []).append(entry)
    return {cue: (tuple(strong.get(cue, ())), tuple(weak.get(cue, ())))
            for cue in strong.keys() | weak.keys()}


_CUES = _build_cues()
_CUE = re.compile(_trie(_CUES))
_TOPIC_OF: dict[str, str] = {word: topic for topic, words in _DATA["topics"].items() for word in words}
_TOPIC = re.compile(_trie(_TOPIC_OF))

_UNIT_GROUP: dict[str, str] = {unit: group for group, units in _DATA["units"].items() for unit in units}
_GENERIC_KEYS: dict[str, str] = _DATA["generic_keys"]
_GENERIC_KEY_SET = frozenset(_GENERIC_KEYS.values())
_RATE_CHANGE_KEY: str = _DATA["rate_change_key"]
_MULTIPLIERS: dict[str, Decimal] = {k: Decimal(v) for k, v in _DATA["multipliers"].items()}

# Full-width percent sign and point (９８．５％), read as ASCII with the digits: same length, offsets stay.
_COUNT_MARKS = "％．"

# ---------------------------------------------------------------- number + unit candidates

def _unit_pattern() -> str:
    # Units spelled with a leading multiplier (万元) come from the multiplier group instead.
    blockers: dict[str, list[str]] = _DATA["unit_blockers"]
    parts = []
    for unit in sorted(_UNIT_GROUP, key=len, reverse=True):
        if unit[0] in _MULTIPLIERS:
            continue
        blocked = blockers.get(unit) or []
        parts.append(re.escape(unit) + (f"(?!{_alternation(blocked)})" if blocked else ""))
    return "|".join(parts)


# Stands for a line break inside a figure (2683 at a full line's end, 次 on the next): `_unwrapped`.
_WRAP_JOINER = "\u2060"
_DIGITS = "0-9"  # [0-9], not \d: other scripts' digits are not numbers here, and \d is slow
_NUMERAL_CHARS = "一二两三四五六七八九十〇零"
_CHINESE_NUMERAL = f"[{_NUMERAL_CHARS}][{_NUMERAL_CHARS}百千万亿]*"
_INSIDE = _alternation(_DATA["approximate_inside"])
_UNIT_FIRST = "".join(sorted({u[0] for u in _UNIT_GROUP} | set(_DATA["approximate_inside"])
                             | set(_MULTIPLIERS)))
# The pattern starts with a plain character set so the engine can skip other characters fast;
# the lookbehinds right after it then pick the kind of number and refuse to start mid-number.
_CANDIDATE = re.compile(
    rf"[{_DIGITS}{_NUMERAL_CHARS}百千](?<![{_DIGITS}.][{_DIGITS}])(?<![{_NUMERAL_CHARS}百千万亿][{_NUMERAL_CHARS}])"
    rf"(?:(?<=百)分之(?P<pnum>[{_DIGITS}]+(?:\.[{_DIGITS}]+)?|{_CHINESE_NUMERAL})"
    rf"|(?P<rest>(?<=[{_DIGITS}])(?:[{_DIGITS}]{{0,2}}(?:,[{_DIGITS}]{{3}})+(?![{_DIGITS},])|[{_DIGITS}]*)"
    rf"(?:\.[{_DIGITS}]+)?|(?<=[{_NUMERAL_CHARS}])[{_NUMERAL_CHARS}百千万亿]*"
    # 百余场, 千余人: a hundred or a thousand, approximately, written without its 一.
    rf"|(?<=[^{_DIGITS}{_NUMERAL_CHARS}][百千])(?=[余多])|(?<=^[百千])(?=[余多]))"
    rf"(?P<gap>[ {_WRAP_JOINER}]?)(?=[{re.escape(_UNIT_FIRST)}])"
    rf"(?P<in1>{_INSIDE})?(?P<mult>万亿|[{''.join(_MULTIPLIERS)}])?(?P<in2>{_INSIDE})?"
    rf"(?P<unit>{_unit_pattern()})(?P<after>{_alternation(_DATA['approximate_after'])})?)"
)
# Approximate prefixes by length, longest first (将近 before 近); plain slicing beats a regex here.
_APPROX_BEFORE: dict[int, frozenset[str]] = {
    n: frozenset(w for w in _DATA["approximate_before"] if len(w) == n)
    for n in sorted({len(w) for w in _DATA["approximate_before"]}, reverse=True)
}
_IDIOM = re.compile(_trie(_DATA["idioms"]))
_IDIOM_FIRST = frozenset(word[0] for word in _DATA["idioms"])
_ARABIC_BLOCKED_AFTER = frozenset("-—–~/:·_#第") | frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)
_CHINESE_BLOCKED_AFTER = frozenset(_DATA["chinese_numeral_blocked_after"])
_BARE_MAGNITUDES = frozenset({"百", "千"})
_ARABIC_ONLY_UNITS = frozenset(_DATA.get("arabic_only_units") or ())
_INSIDE_NAME = re.compile(r"[《“「][^《》“”「」]*$")
_NAME_REACH = 40


@dataclass(slots=True)
class _Value:
    """A parsed number: where its text is, what it is worth, in which unit."""

    start: int  # offsets of the number text (with its 万/亿 multiplier)
    end: int
    unit_end: int
    value: Decimal | int
    unit: str
    group: str
    approximate: bool
    lead: int  # start of the approximate prefix (近/逾/约) or of the number


def _values(t: str) -> Iterator[_Value]:
    for m in _CANDIDATE.finditer(t):
        lead = m.start()
        percent_of, _, gap, inside_1, multiplier, inside_2, unit, after = m.groups()
        if percent_of is None:
            start, end = lead, m.end("rest")
        else:
            start, end = m.span("pnum")
        numeral = t[start:end]
        if numeral in _BARE_MAGNITUDES:
            numeral = "一" + numeral            # 百余 is 一百余: the numeral's text, not the page's, grows
        chinese = numeral[0] in _NUMERAL_CHARS
        before = t[lead - 1] if lead else ""
        # "清单 236 项": PDF and WPS exports space numbers on both sides; a one-sided space is not that.
        if gap == " " and (chinese or before != " "):
            continue
        if unit in _ARABIC_ONLY_UNITS and (chinese or before in "点时:："):
            continue         # 十分重要 is "very important", 13点30分 a time, not points
        if chinese:
            # A bare 一 is almost always idiom (一次性, 一件事, 最多跑一次), not a count.
            if numeral == "一" or before in _CHINESE_BLOCKED_AFTER:
                continue
            number = parse_chinese(numeral)
        else:
            if before in _ARABIC_BLOCKED_AFTER:
                continue
            number = parse_arabic(numeral)
        if number is None or (t[start] in _IDIOM_FIRST and _IDIOM.match(t, start)) or (
                _is_name(t, lead) and (chinese or not _quoted_figure(t, lead, m.end()))):
            continue
        unit = unit or "%"
        if multiplier:
            end = m.end("mult")
            if multiplier + unit in _UNIT_GROUP:
                # Money and areas keep 万/亿 in their unit, as written: 逾20万元 -> 20 万元, 1.2万平方米.
                unit = multiplier + unit
            else:
                for character in multiplier:     # 万亿: a trillion
                    number *= _MULTIPLIERS[character]
        elif chinese and unit == "元" and len(numeral) > 1 and numeral[-1] in "万亿":
            head = parse_chinese(numeral[:-1])
            if head is None:
                continue
            number, unit = head, numeral[-1] + unit
        approximate = bool(inside_1 or inside_2 or after)
        for width, words in _APPROX_BEFORE.items():
            if lead >= width and t[lead - width:lead] in words:
                approximate, lead = True, lead - width
                break
        yield _Value(start, end, m.end(), number, unit, _UNIT_GROUP.get(unit, "count"), approximate, lead)


def _quoted_figure(t: str, start: int, end: int) -> bool:
    """Quotes around a figure alone (企业开办实现“0.5个工作日”办结): emphasis, not a name."""
    return t[start - 1:start] == "“" and t[end:end + 1] == "”"


def _is_name(t: str, start: int) -> bool:
    """A number inside a title or quotes names something (《…26条措施》, “五个确保”, “两单”)."""
    return _INSIDE_NAME.search(t, max(0, start - _NAME_REACH), start) is not None


# ---------------------------------------------------------------- sentences and clauses

_CLAUSE_MARK = re.compile(rf"[{re.escape(_CLAUSE_MARKS)}]|其中")
_SENTENCE_TAIL = re.compile(rf".*[{re.escape(_SENTENCE_MARKS)}]", re.S)
_SENTENCE_NEXT = re.compile(rf"[{re.escape(_SENTENCE_MARKS)}]")
_SEGMENT_NEXT = re.compile(rf"[{_DIGITS}{_NUMERAL_CHARS}、]")
# Cues right of a number count up to the next list item or number (拟修改2件、拟废止5件).
_CUE_OR_STOP = re.compile(rf"(?P<stop>[{_DIGITS}{_NUMERAL_CHARS}、])|(?P<cue>{_trie(_CUES)})")


@dataclass(slots=True)
class _Sentence:
    """One sentence holding values: its clause marks, and its topic keywords once asked for."""

    start: int
    end: int
    mark_starts: list[int]
    mark_ends: list[int]
    evidence: str | None  # shared by every value of a short sentence
    topic_starts: list[int] | None = None
    topic_ends: list[int] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)


def _sentence(text: str, t: str, lead: int, unit_end: int) -> _Sentence:
    low = max(0, lead - _SENTENCE_REACH)
    tail = _SENTENCE_TAIL.match(t, low, lead)
    start = tail.end() if tail else low
    high = min(len(t), unit_end + _SENTENCE_REACH)
    nxt = _SENTENCE_NEXT.search(t, unit_end, high)
    end = nxt.end() if nxt else high
    marks = list(_CLAUSE_MARK.finditer(t, start, end))
    evidence = text[start:end].strip() if end - start <= _EVIDENCE_MAX else None
    return _Sentence(start, end, [m.start() for m in marks], [m.end() for m in marks], evidence)


def _read_topics(t: str, s: _Sentence) -> None:
    if s.topic_starts is None:
        found = list(_TOPIC.finditer(t, s.start, s.end))
        s.topic_starts = [m.start() for m in found]
        s.topic_ends = [m.end() for m in found]
        s.topics = [_TOPIC_OF[m.group()] for m in found]


def _topics_before(t: str, s: _Sentence) -> list[str]:
    """Topics of the sentence before `s`, when `s` continues it on the same line."""
    if s.start < 2 or t[s.start - 1] == "\n":
        return []
    low = max(0, s.start - 1 - _SENTENCE_REACH)
    tail = _SENTENCE_TAIL.match(t, low, s.start - 1)
    return [_TOPIC_OF[m.group()] for m in _TOPIC.finditer(t, tail.end() if tail else low, s.start)]


@dataclass(slots=True)
class _Place:
    """Where one value sits inside its sentence."""

    v: _Value
    s: _Sentence
    clause_start: int
    clause_end: int
    segment_start: int


def _place(t: str, v: _Value, s: _Sentence, previous_end: int) -> _Place:
    i = bisect_right(s.mark_ends, v.lead)
    clause_start = s.mark_ends[i - 1] if i else s.start
    j = bisect_left(s.mark_starts, v.unit_end)
    clause_end = s.mark_starts[j] if j < len(s.mark_starts) else s.end
    # 、 separates list items: 公开审计报告28份、结果报告11份 — each item has its own cue and label.
    segment_start = max(clause_start, t.rfind("、", clause_start, v.lead) + 1, previous_end)
    return _Place(v, s, clause_start, clause_end, segment_start)


def _segment_end(t: str, p: _Place) -> int:
    m = _SEGMENT_NEXT.search(t, p.v.unit_end, p.clause_end)
    return m.start() if m else p.clause_end


# ---------------------------------------------------------------- binding

def _candidate_topics(t: str, p: _Place) -> tuple[list[str], int]:
    """Topics that may govern the value, best first; the second item counts own-clause topics."""
    s, v = p.s, p.v
    _read_topics(t, s)
    assert s.topic_starts is not None
    lo = bisect_left(s.topic_starts, p.clause_start)
    hi = bisect_right(s.topic_ends, v.lead)
    own = s.topics[lo:hi][::-1]
    lo_r = bisect_left(s.topic_starts, v.unit_end)
    hi_r = bisect_right(s.topic_ends, p.clause_end)
    own += s.topics[lo_r:hi_r]
    ordered = list(dict.fromkeys(own))
    own_count = len(ordered)
    earlier = s.topics[:bisect_right(s.topic_ends, p.clause_start)]
    if not earlier and not ordered:
        # A sentence without any topic continues the previous one (…审结率75%。准期审结率100%).
        earlier = _topics_before(t, s)
    if earlier and earlier[-1] not in ordered:
        ordered.append(earlier[-1])
    return ordered, own_count


def _nearest_cues(t: str, p: _Place) -> tuple[str | None, str | None]:
    """The strong cue nearest to the number, else the nearest weak one: left in its segment first,
    then right of it up to the next list item or number."""
    v = p.v
    weak = None
    for m in reversed(_CUE.findall(t, p.segment_start, v.lead)):
        named_strong, named_weak = _CUES[m]
        if named_strong:
            return m, None
        if named_weak and weak is None:
            weak = m
    right_weak = None
    for m in _CUE_OR_STOP.finditer(t, v.unit_end, p.clause_end):
        cue = m.group("cue")
        if cue is None:
            break
        named_strong, named_weak = _CUES[cue]
        if named_strong:
            return cue, None
        if named_weak and right_weak is None:
            right_weak = cue
    return None, weak or right_weak


def _pick_entry(cue: str, topics: list[str], unit: str, weak: bool) -> _Entry | None:
    entries = _CUES[cue][1 if weak else 0]
    for topic in topics:
        for entry in entries:
            if entry.topic == topic and unit in entry.units:
                return entry
    return None


def _catalogue_entry(t: str, p: _Place) -> _Entry | None:
    # Only the nearest cue decides: a farther one names another measure of the same clause.
    strong, weak = _nearest_cues(t, p)
    if strong is None and weak is None:
        return None
    topics, own_count = _candidate_topics(t, p)
    if strong is not None:
        return _pick_entry(strong, topics, p.v.unit, False)
    assert weak is not None
    return _pick_entry(weak, topics[:own_count], p.v.unit, True)


# Checked with str.endswith on a short slice left of the value: cheaper than a `$`-anchored search.
_RATE_CHANGE = tuple(_DATA["rate_change_before"])
_RATE_CHANGE_REACH = max(map(len, _RATE_CHANGE))
_SHARED_VALUE = tuple(sorted(_DATA["shared_value_markers"], key=len, reverse=True))
_RATE_LIST_SPLIT = re.compile(r"(?<=[率度])(?:以及|及|和|与|、)|、")


def _shared_rates(t: str, p: _Place) -> list[tuple[str, str]]:
    """应诉率及胜诉率均为100% -> one (key, label) per rate named before the shared value."""
    head = t[p.clause_start:p.v.lead]
    marker = next((m for m in _SHARED_VALUE if head.endswith(m)), None)
    if marker is None:
        return []
    names = [n for n in _RATE_LIST_SPLIT.split(head[: -len(marker)]) if n.endswith(("率", "度"))]
    if len(names) < 2:
        return []
    topics, _ = _candidate_topics(t, p)
    out: list[tuple[str, str]] = []
    for name in names:
        cues = _CUE.findall(name)
        entry = _pick_entry(cues[-1], topics, p.v.unit, False) if cues else None
        if entry:
            out.append((entry.key, entry.label))
        else:
            out.append((_GENERIC_KEYS["rate"], _clean_label(name)[-8:] or name[-8:]))
    return out


def _bind(text: str, t: str, p: _Place, previous: Indicator | None) -> list[Indicator]:
    v = p.v
    evidence = p.s.evidence if p.s.evidence is not None else _long_evidence(text, p)
    number = plain_number(v.value)

    def make(key: str, label: str) -> Indicator:
        return Indicator(key=key, label=label, value=number, unit=v.unit, approximate=v.approximate,
                         evidence=evidence, start=v.start, end=v.end)

    if v.group == "rate":
        if t[max(p.segment_start, v.lead - _RATE_CHANGE_REACH):v.lead].endswith(_RATE_CHANGE):
            return [make(_RATE_CHANGE_KEY, _generic_label(t, p, previous))]
        shared = _shared_rates(t, p)
        if shared:
            return [make(key, label) for key, label in shared]
    entry = _catalogue_entry(t, p)
    if entry:
        return [make(entry.key, entry.label)]
    return [make(_GENERIC_KEYS.get(v.group, _GENERIC_KEYS["count"]), _generic_label(t, p, previous))]


# ---------------------------------------------------------------- labels and evidence

_TIME_LEAD = (rf"[{_DIGITS}]{{4}}年(?:以来|度|底|末|内)?|截至?[^，,]{{0,10}}?[日底末]"
              rf"|[{_DIGITS}]{{1,2}}[-—至到][{_DIGITS}]{{1,2}}月|[{_DIGITS}]{{1,2}}月(?:份|底)?")
_LABEL_PUNCT = r"[\s“”\"'《》()（）]"
_LABEL_LEAD = re.compile(rf"(?:{_TIME_LEAD}|{_trie(_DATA['label_strip_before'])}|{_LABEL_PUNCT})+")
# Trailing words are stripped by matching the reversed label from its start (no scan for `$`).
_LABEL_TRAIL_REVERSED = re.compile(
    rf"(?:{_trie(w[::-1] for w in _DATA['label_strip_after'])}|{_LABEL_PUNCT})+"
)
_LABEL_RIGHT_STOP = re.compile(_trie(_DATA["label_right_stop"]))
_LABEL_CUT = re.compile(r".*[》”)）]", re.S)


def _clean_label(raw: str) -> str:
    cut = _LABEL_CUT.match(raw)
    if cut and len(raw) - cut.end() >= 2:
        raw = raw[cut.end():]  # 在《甘肃日报》刊发文章 -> 刊发文章
    lead = _LABEL_LEAD.match(raw)
    if lead:
        raw = raw[lead.end():]
    return _strip_trail(raw)


def _strip_trail(raw: str) -> str:
    trail = _LABEL_TRAIL_REVERSED.match(raw[::-1])
    return raw[: len(raw) - trail.end()] if trail else raw


def _generic_label(t: str, p: _Place, previous: Indicator | None) -> str:
    """The noun phrase of the clause that the number quantifies (集体学法, 行政执法检查)."""
    v = p.v
    left = _clean_label(t[p.segment_start:v.lead])
    if len(left) >= 2:
        return left[-_LABEL_MAX:]
    right = t[v.unit_end:_segment_end(t, p)].lstrip("的“\"《(（ ")
    stop = _LABEL_RIGHT_STOP.search(right, 1)
    right = _strip_trail(right[: stop.start()] if stop else right)[:_LABEL_MAX]
    if len(right) >= 2:
        return right
    if previous is not None and previous.end >= p.s.start:
        return previous.label  # 最多跑一次事项2018项,达到100%: the rate of the item just named
    return right or left or v.unit


def _long_evidence(text: str, p: _Place) -> str:
    start = max(p.s.start, p.v.start - _EVIDENCE_MAX // 2)
    return text[start:min(p.s.end, start + _EVIDENCE_MAX)].strip()


# ---------------------------------------------------------------- entry point

def _simplified(text: str) -> str:
    """Traditional characters and full-width digits mapped one to one, so offsets do not move."""
    text = to_simplified_same_length(text)
    return halfwidth(text, _COUNT_MARKS)


# A document's text wrapped at its page width (PDF, Word): a number ending a full line whose unit begins the
# next (…执法检查2683\n次，…) is one figure. Only that break is mended, and only in such text.
_WRAP_END = re.compile(r"(?<=[0-9余多])\n(?=[^\n])")
_WRAPPED_MIN_LINES = 5
_FULL_LINE_SHARE = 0.85     # of the page width (the 75th percentile of the longer lines' lengths)
_LONGER_LINE = 16


def _unwrapped(t: str) -> str:
    """`t` with a number's break from its unit at a full line's end made a joiner (same length)."""
    if _WRAP_END.search(t) is None:
        return t
    lengths = sorted(len(line) for line in t.split("\n") if len(line) >= _LONGER_LINE)
    if len(lengths) < _WRAPPED_MIN_LINES:
        return t
    full = lengths[(len(lengths) * 3) // 4] * _FULL_LINE_SHARE
    breaks = [match.start() for match in _WRAP_END.finditer(t)
              if match.start() - (t.rfind("\n", 0, match.start()) + 1) >= full]
    if not breaks:
        return t
    chars = list(t)
    for at in breaks:
        if chars[at - 1] in "余多":          # 2300余 / 次: the joiner before 余, where the gap stands
            chars[at - 1], chars[at] = _WRAP_JOINER, chars[at - 1]
        else:
            chars[at] = _WRAP_JOINER
    return "".join(chars)


def find_indicators(text: str) -> list[Indicator]:
    """Every quantified fact in `text`, in text order; catalogue keys where topic and cue agree.

    Never raises: empty or non-text input gives []; only the first MAX_TEXT_CHARS are read.
    """
    if not isinstance(text, str) or not text:
        return []
    text = text[:MAX_TEXT_CHARS]
    t = _unwrapped(_simplified(text))
    found = _read(text, t)
    more = _table_indicators(t)
    if is_english(t):
        found = [_english_label(t, indicator) for indicator in found]
        more += _english_indicators(t)
    if not more:
        return found
    # A table cell holding its unit (2415件) is read by both: the table's reading names it by its row.
    tabled = {indicator.start for indicator in more}
    return sorted([indicator for indicator in found if indicator.start not in tabled] + more,
                  key=lambda indicator: indicator.start)


def _read(text: str, t: str) -> list[Indicator]:
    """The facts of running text: each number with its unit beside it."""
    found: list[Indicator] = []
    sentence: _Sentence | None = None
    previous: Indicator | None = None
    previous_end = 0
    for value in _values(t):
        if sentence is None or value.lead >= sentence.end:
            sentence = _sentence(text, t, value.lead, value.unit_end)
        bound = _bind(text, t, _place(t, value, sentence, previous_end), previous)
        found.extend(bound)
        previous, previous_end = bound[-1], value.unit_end
    return found


# ---------------------------------------------------------------- tables

_TABLES = TableReader(_UNIT_GROUP)


def _table_indicators(t: str) -> list[Indicator]:
    """A table's number cells, each read as the sentence it stands for (row, column, number and the unit
    of its header: 行政复议新收案件1523件) so that the catalogue names it as it names running text."""
    found: list[Indicator] = []
    for cell in _TABLES.cells(t):
        lead = cell.row.strip("“”\"'《》") + cell.column   # 法律进企业场次, not the label's quote-cut 场次
        found.extend(_as_clause(lead, cell.number.replace(",", ""), cell.unit, cell.start, cell.end,
                                cell.evidence))
    return found


_ENGLISH = EnglishFigures(_DATA["english"]["units"], _DATA["english"]["terms"])


def _english_indicators(t: str) -> list[Indicator]:
    """An English page's counted figures, each read as the Chinese clause it translates."""
    found: list[Indicator] = []
    for figure in _ENGLISH.figures(t):
        for indicator in _as_clause(figure.clause, figure.number, figure.unit, figure.start, figure.end,
                                    figure.evidence):
            # Outside the catalogue the label is the clause's noun phrase: the English one says it.
            generic = indicator.key in _GENERIC_KEY_SET
            found.append(indicator.model_copy(update={"label": figure.phrase}) if generic else indicator)
    return found


_ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
_ENGLISH_LABEL_WORDS = 6


def _english_label(t: str, indicator: Indicator) -> Indicator:
    """An English page's figure outside the catalogue labelled with the English words before it (the
    Chinese label's last characters cut words: ons in court was)."""
    if indicator.key not in _GENERIC_KEY_SET:
        return indicator
    words = _ENGLISH_WORD.findall(t[clause_start(t, indicator.start):indicator.start])[-_ENGLISH_LABEL_WORDS:]
    return indicator.model_copy(update={"label": " ".join(words)}) if words else indicator


def _as_clause(lead: str, number: str, unit: str, start: int, end: int, evidence: str) -> list[Indicator]:
    """The figure `number` `unit` read at the end of the Chinese clause `lead`, placed at start..end of
    the page's text with `evidence`."""
    clause = lead + number + unit
    update = {"evidence": evidence[:_EVIDENCE_MAX], "start": start, "end": end}
    return [indicator.model_copy(update=update) for indicator in _read(clause, clause)
            if indicator.start == len(lead)]
