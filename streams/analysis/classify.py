"""CleanedPage -> Verdict: is the page a 法治政府建设年度报告, and if not, which look-alike is it.

The knowledge lives in ``data/classify.yaml``: weighted regular expressions ("signals"), each run
over one scope of the normalized page text (title lines, lede, head, tail). The verdict is a
report when ``bias + sum(weight * min(matches, max)) > 0``; the kind of a non-report is the kind
whose negative signals weigh most. Only the title and the first/last few thousand characters are
scanned, so the cost does not grow with the page.

``Verdict.confidence`` is the probability that the verdict itself is right (the logistic of the
score for a report, one minus it for a non-report).
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from ahocorasick_rs import AhoCorasick, Implementation

from schemas import CleanedPage, DocumentKind, ReportFacts, Verdict
from streams.analysis._regex import WindowedPattern, required_literals
from streams.analysis._script import has_traditional, to_simplified
from streams.analysis.sources import names_no_body, source_kind

_DATA = Path(__file__).parent / "data" / "classify.yaml"

HEAD_CHARS = 1800
TAIL_CHARS = 1000
MAX_HEADINGS = 60     # enumerated headings collected from the whole page
LEDE_CHARS = 600
TITLE_LINES = 8        # body lines looked at as title candidates
TITLE_MAX_CHARS = 90   # a longer line is a paragraph, not a heading
_CLAUSE = re.compile(r",[\u4e00-\u9fff]")  # normalized text: full-width commas are folded to ASCII

_SCOPES = ("title", "lede", "head", "tail", "all", "headings", "listed")
HEADING_CHARS = 60     # enumerated headings are cut to this length in the `headings` scope
# A page is in English when this many of the first characters of its head are Latin letters; only
# then are the English signals tried (one findall per page, not their pre-filters on every page).
LATIN_SAMPLE_CHARS = 400
LATIN_MIN_LETTERS = 100
_LATIN_RUN = re.compile(r"[A-Za-z]{3,}")


@dataclass(frozen=True, slots=True)
class Signal:
    name: str
    kind: DocumentKind
    scope: str
    weight: float
    cap: int
    pattern: re.Pattern[str]
    # The pattern, searched only around the literals its every match holds (`_regex.WindowedPattern`).
    windowed: WindowedPattern
    support: bool = False  # a positive that only counts in full next to a frame signal
    latin: bool = False    # written for pages in English (machine translations): tried on those only
    decisive: bool = False  # a negative whose match settles it: not a report, whatever else fires
    absent: bool = False    # fires where its pattern is found nowhere in its scope (what a report must say)
    # Sets of literals the scope must hold one of each for the pattern to be tried (`_gates`): the data
    # file's `needs`, else a set every match of the pattern holds (`_regex.required_literals`).
    gates: tuple[frozenset[str], ...] = ()


@dataclass(frozen=True, slots=True)
class Model:
    bias: float
    scale: float
    support_cap_without_frame: float
    signals: tuple[Signal, ...]
    # Every literal of every gate, in one automaton: one pass over a scope tells which occur, where a
    # search per literal cost ~0.1 ms a page. A contiguous NFA, not a DFA: the DFA runs fewer
    # instructions, but its tables (its literals over UTF-8 bytes) fall out of the cache while a page
    # is cleaned, and in the pipeline it was the slower (4 scans 70-86 against 49-60 us a page).
    literals: AhoCorasick
    longest_literal: int
    # literal -> the bits of the gates holding it: a scope opens the gates its literals' bits name. One
    # int per scope, where testing each signal's frozensets against the scope's set of literals cost
    # hash probes into ~130 sets that a page's cleaning has pushed out of the cache.
    literal_gates: dict[str, int]
    # Per signal, in order: its scope, the index of its gate's bit (-1: none) and whether it is for pages in
    # English. The signal loop reads these flat tuples of shared objects and touches a signal object only
    # to search with it: ~90 signal objects a page, each a few cache lines a page's cleaning pushed out.
    signal_scopes: tuple[str, ...]
    signal_gates: tuple[int, ...]
    signal_latin: tuple[bool, ...]
    signal_absent: tuple[bool, ...]


def _gates(needs: list[str], pattern: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """The first of the signal's literal sets: its `needs`, else the set `required_literals` puts first
    (the likeliest to rule a scope out). Further sets rule out few more scopes, but their literals grow
    the automaton (434 -> 248 literals without them), whose states a page's cleaning pushes out of the
    cache: `score` 243-288 -> 233-279 us a page in the pipeline with the first set alone."""
    gates = [frozenset(needs)] if needs else []
    gates.extend(frozenset(literals) for literals in required_literals(pattern))
    return tuple(gates[:1])


def _load(path: Path) -> Model:
    raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    macros: dict[str, str] = raw.get("macros") or {}
    signals = []
    for item in raw["signals"]:
        source = item["pattern"]
        for key, value in macros.items():
            source = source.replace("{" + key + "}", value)
        flags = re.MULTILINE | (re.IGNORECASE if "i" in str(item.get("flags", "")) else 0)
        scope = item.get("scope", "head")
        if scope not in _SCOPES:
            raise ValueError(f"classify.yaml: signal {item['name']}: unknown scope {scope!r}")
        pattern = re.compile(source, flags)
        signals.append(Signal(name=item["name"], kind=DocumentKind(item["kind"]), scope=scope,
                              weight=float(item["weight"]), cap=int(item.get("max", 1)),
                              pattern=pattern, windowed=WindowedPattern(pattern),
                              support=item.get("role", "frame") == "support",
                              gates=_gates(item.get("needs") or [], pattern),
                              latin=item.get("script") == "latin",
                              decisive=bool(item.get("decisive", False)),
                              absent=bool(item.get("absent", False))))
        if signals[-1].decisive and signals[-1].weight >= 0:
            raise ValueError(f"classify.yaml: signal {item['name']}: a decisive signal must weigh against")
        if signals[-1].absent and (signals[-1].weight >= 0 or signals[-1].cap != 1):
            raise ValueError(f"classify.yaml: signal {item['name']}: an absent signal weighs against, once")
    gate_index: dict[frozenset[str], int] = {}
    literal_gates: dict[str, int] = {}
    for signal in signals:
        for gate in signal.gates:
            if gate not in gate_index:
                gate_index[gate] = len(gate_index)
                for literal in gate:
                    literal_gates[literal] = literal_gates.get(literal, 0) | 1 << gate_index[gate]
    signal_gates = tuple(gate_index[signal.gates[0]] if signal.gates else -1 for signal in signals)
    literals = sorted(literal_gates)
    return Model(bias=float(raw["bias"]), scale=float(raw["scale"]),
                 support_cap_without_frame=float(raw["support_cap_without_frame"]),
                 signals=tuple(signals),
                 literals=AhoCorasick(literals, store_patterns=True,
                                      implementation=Implementation.ContiguousNFA),
                 longest_literal=max(map(len, literals), default=1),
                 literal_gates=literal_gates,
                 signal_scopes=tuple(sys.intern(signal.scope) for signal in signals),
                 signal_gates=signal_gates,
                 signal_latin=tuple(signal.latin for signal in signals),
                 signal_absent=tuple(signal.absent for signal in signals))


MODEL = _load(_DATA)
_NEWLINE_LITERALS = any("\n" in literal for literal in MODEL.literal_gates)

# Copies that went through a converter keep the pinyin of some characters: 建設(shè), 區(qū).
_PINYIN_ARTEFACT = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)")
# Blanks are deleted by `str.replace`, each where `in` finds it: a `[...]+` search tests every character
# against the class (12 against 3 µs on a 740-character head).
_BLANKS = " \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff"
# "\n\n" is a literal prefix sre skips to; `\n{2,}` has none and was tried at every position (9 -> 0.7 µs).
_BLANK_LINES = re.compile(r"\n\n+")
_PUNCTUATION = (("，", ","), ("：", ":"), ("；", ";"), ("（", "("), ("）", ")"), ("！", "!"), ("？", "?"))
_TEMPLATE_KIND = DocumentKind.template
# A table of contents' entry: the heading, dot leaders, its page number.
_CONTENTS_ENTRY = re.compile(r"(?:(?:[.·．⋯_\-—]\s*){3,}|…\s*)\d{1,3}$")
# Same, on raw paragraphs (before blanks and full-width brackets are folded).
_ENUMERATED_RAW = re.compile(
    r"\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]|[0-9]{1,2}\s*[、.．](?![0-9]))")
# An enumerated line ending so is an item of a list, not a section's heading: a notice's required contents
# (报告应当包括：（一）…；), or the reports a notice or column lists (1. 秀英区2023年度法治政府建设情况报告),
# which are the `listed` scope.
_LIST_ITEM_ENDS = ("；", ";")
_LISTED_REPORT_ENDS = ("报告", "报告》")
_ENUMERATED = re.compile(
    r"[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十]{1,3}\)|[0-9]{1,2}[、.](?![0-9])")


_SENTENCE_MARKS = re.compile(r"[。，,；;：:！!？?]")
# A date closing a column's item line (…年度报告 [2026-04-07], …报告 2026-03-31).
_LISTED_DATE = re.compile(r"\s*[\[【(（]?(?:19|20)[0-9]{2}[-./年][0-9]{1,2}[-./月][0-9]{1,2}日?[\]】)）]?$")
_DATE_ENDS = frozenset("]】)）日0123456789")


def _is_report_title_line(line: str) -> bool:
    """A line that is a report's title and nothing else (a collection lists them one a line)."""
    return len(line) <= TITLE_MAX_CHARS and _SENTENCE_MARKS.search(line) is None


_FIRST_DIGIT = re.compile(r"[0-9〇一二]")    # a title's year begins the words after its body


def _titled_body(line: str) -> str:
    """The body a report's title names: what stands before its year, without a document number."""
    line = line.rpartition("《")[2]
    year = _FIRST_DIGIT.search(line)
    return (line[:year.start()] if year else line).removesuffix("关于")


def normalize(text: str, traditional: bool | None = None) -> str:
    """Fold a page excerpt to the form the signals are written for (simplified, no blanks).

    `traditional` says whether the page holds traditional characters (None: look at `text`).
    """
    for wide, narrow in _PUNCTUATION:
        if wide in text:
            text = text.replace(wide, narrow)
    if "(" in text:
        text = _PINYIN_ARTEFACT.sub("", text)
    if traditional is None or traditional:
        text = to_simplified(text)
    for blank in _BLANKS:
        if blank in text:
            text = text.replace(blank, "")
    return _BLANK_LINES.sub("\n", text).strip("\n")


def page_scopes(page: CleanedPage) -> dict[str, str]:
    title = page.title or ""
    paragraphs = page.paragraphs
    # Only the ends of the page are read: join just enough paragraphs from each side.
    head_parts: list[str] = []
    size = 0
    for paragraph in paragraphs:
        if size >= HEAD_CHARS:
            break
        head_parts.append(paragraph)
        size += len(paragraph) + 1
    rest = paragraphs[len(head_parts):]
    tail_parts: list[str] = []
    size = 0
    for paragraph in reversed(rest):
        tail_parts.append(paragraph)
        size += len(paragraph) + 1
        if size >= TAIL_CHARS:
            break
    raw_head = title + "\n" + "\n".join(head_parts)[: HEAD_CHARS * 2]
    traditional = has_traditional(raw_head)       # one look per page, not one per scope
    head = normalize(raw_head, traditional)[:HEAD_CHARS]
    raw_tail = "\n".join(reversed(tail_parts))[-TAIL_CHARS * 2:]
    tail = normalize(raw_tail, traditional)[-TAIL_CHARS:] if tail_parts else ""
    lines = [normalize(title, traditional)] if title else []
    # A line quoting the page's own title (相关解读：一图读懂《…年度报告》) points to another page.
    quoted_title = f"《{lines[0]}》" if lines else None
    # Heading candidates: the short lines above the first paragraph or enumerated heading.
    for line in head.split("\n", TITLE_LINES)[:TITLE_LINES]:
        limit = TITLE_MAX_CHARS if not line.isascii() else TITLE_MAX_CHARS * 2  # English titles run longer
        # A clause (a comma before a character) is a sentence begun, cut where an excerpt ends: no heading.
        if len(line) > limit or line.endswith("。") or _ENUMERATED.match(line) or _CLAUSE.search(line):
            break
        if line and not (quoted_title and quoted_title in line):
            lines.append(line)
    body = head + "\n" + tail if tail else head
    # Runs of Latin letters hold no more letters than the sample has ASCII characters: a Chinese head
    # (its punctuation folded to ASCII, still far fewer) skips the findall.
    sample = head[:LATIN_SAMPLE_CHARS]
    latin = (len(sample.encode("ascii", "ignore")) >= LATIN_MIN_LETTERS
             and sum(map(len, _LATIN_RUN.findall(sample))) >= LATIN_MIN_LETTERS)
    # Headings come from the whole page: the required sections sit anywhere in it. An enumerated line
    # ending in a semicolon is an item of a list (a notice's 报告应当包括：（一）…；（二）…；), not a heading.
    found: list[str] = []
    listed: list[str] = []
    bodies = {_titled_body(title)}
    for p in paragraphs:
        if _ENUMERATED_RAW.match(p):
            if p[-1:].isdigit() and _CONTENTS_ENTRY.search(p):
                continue          # a table of contents' entry (二、存在的不足 ………… 9): no heading of a text
            if p.endswith(_LISTED_REPORT_ENDS):
                listed.append(p[:HEADING_CHARS])
            elif not p.endswith(_LIST_ITEM_ENDS) and len(found) < MAX_HEADINGS:
                found.append(p[:HEADING_CHARS])
        else:
            if p[-1:] in _DATE_ENDS and (dated := _LISTED_DATE.search(p)) is not None:
                p = p[:dated.start()]      # a column's item: its title, then its date (…报告 [2026-04-07])
            if not (p.endswith(_LISTED_REPORT_ENDS) and _is_report_title_line(p)):
                continue
            # A collection's titles, one a line with no numbers: other bodies' than the title's (a page
            # gives its own title three ways: 浙卫〔2024〕3号《…报告》, …的报告, …情况报告).
            named = _titled_body(p)
            if named not in bodies:
                bodies.add(named)
                listed.append(p[:HEADING_CHARS])
    headings = normalize("\n".join(found), traditional) if found else ""
    return {
        "headings": headings,
        "title": "\n".join(lines),
        "lede": head[:LEDE_CHARS],
        "head": head,
        "tail": tail,
        "all": body,
        "latin": "latin" if latin else "",
        "listed": "\n".join(listed),
    }


def _literals_in(text: str) -> set[str]:
    return set(MODEL.literals.find_matches_as_strings(text, overlapping=True)) if text else set()


def _gates_open(text: str) -> int:
    """The bits of the gates `text` opens (a gate is open where the text holds one of its literals)."""
    if not text:
        return 0
    literal_gates = MODEL.literal_gates
    bits = 0
    for literal in set(MODEL.literals.find_matches_as_strings(text, overlapping=True)):
        bits |= literal_gates[literal]
    return bits


_Found = TypeVar("_Found", set[str], int)


def _read_scopes(scopes: dict[str, str], read: Callable[[str], _Found]) -> dict[str, _Found]:
    """What `read` finds in each scope. The lede's is the head's when the lede starts the head (a sound
    gate: a literal the head lacks, the lede lacks; one scan less). `all` is head + tail: only title,
    head, tail and headings are read, and, when a literal holds a newline, the few characters where head
    and tail meet (an occurrence across the joining newline holds it)."""
    head, lede, tail, body = scopes["head"], scopes["lede"], scopes["tail"], scopes["all"]
    found = {"title": read(scopes["title"]), "headings": read(scopes["headings"]),
             "listed": read(scopes["listed"]), "head": read(head), "tail": read(tail)}
    found["lede"] = found["head"] if head.startswith(lede) else read(lede)
    if body == head:
        found["all"] = found["head"]
    elif body == head + "\n" + tail:
        found["all"] = found["head"] | found["tail"]
        if _NEWLINE_LITERALS:
            seam = len(head)
            reach = MODEL.longest_literal - 1
            found["all"] = found["all"] | read(body[max(0, seam - reach):seam + 1 + reach])
    else:
        found["all"] = read(body)
    return found


def scope_literals(scopes: dict[str, str]) -> dict[str, set[str]]:
    """The gate literals each scope holds (read as `_read_scopes` reads)."""
    return _read_scopes(scopes, _literals_in)


def scope_gates(scopes: dict[str, str]) -> dict[str, int]:
    """The gates each scope opens, as bits (read as `_read_scopes` reads): what `score` tests."""
    return _read_scopes(scopes, _gates_open)


def score(page: CleanedPage, scopes: dict[str, str] | None = None) -> tuple[float, list[tuple[Signal, int]]]:
    """The raw score of a page and the signals that fired, with their (capped) counts."""
    if scopes is None:
        scopes = page_scopes(page)
    frame = support = negative = 0.0
    decided = False
    fired: list[tuple[Signal, int]] = []
    latin = bool(scopes.get("latin"))
    # Per scope, the gates it opens: a signal whose gate is shut there cannot match.
    opened = scope_gates(scopes)
    signals = MODEL.signals
    for index, scope, gate, latin_only, absent in zip(range(len(signals)), MODEL.signal_scopes,
                                                      MODEL.signal_gates, MODEL.signal_latin,
                                                      MODEL.signal_absent, strict=True):
        if latin_only and not latin:
            continue
        text = scopes[scope]
        signal = signals[index]
        if not text or (gate >= 0 and not opened[scope] >> gate & 1):
            if not absent:
                continue
            count = 1         # the gate's literals are not there: neither is the pattern
        elif absent:
            count = 0 if signal.windowed.search(text) else 1
        elif signal.cap == 1:
            count = 1 if signal.windowed.search(text) else 0
        else:
            count = signal.windowed.count(text, signal.cap)
        if count:
            decided = decided or signal.decisive
            weight = signal.weight * count
            if weight < 0:
                negative += weight
            elif signal.support:
                support += weight
            else:
                frame += weight
            fired.append((signal, count))
    if frame <= 0:
        support = min(support, MODEL.support_cap_without_frame)
    total = MODEL.bias + frame + support + negative
    # A decisive signal leaves the page at most at the bias: not a report, with the margin of a page
    # that has nothing for it.
    return (min(total, MODEL.bias) if decided else total), fired


# A heading is shorter than a paragraph and ends unlike a sentence or a lead (…报告如下:).
_HEADING_MAX_CHARS = 40


def _has_title(page: CleanedPage, head: str) -> bool:
    """The page has a title: its own, or a heading line before its first paragraph."""
    if page.title:
        return True
    first = head.split("\n", 1)[0]
    return (0 < len(first) < _HEADING_MAX_CHARS and not first.endswith(("。", ":", "!", "?"))
            and not _ENUMERATED.match(first))


def _kind_of_non_report(fired: list[tuple[Signal, int]]) -> DocumentKind:
    weights: dict[DocumentKind, float] = {}
    for signal, count in fired:
        if signal.weight < 0:
            weights[signal.kind] = weights.get(signal.kind, 0.0) - signal.weight * count
    if not weights:
        return DocumentKind.other
    return max(weights.items(), key=lambda item: item[1])[0]


def classify(page: CleanedPage, facts: ReportFacts | None = None) -> Verdict:
    scopes = page_scopes(page)
    total, fired = score(page, scopes)
    # A report's frame around no named body, off the government's sites: a sample with its issuer
    # taken out, decided as a decisive signal would (whatever the masks it uses, or none). Not on a page
    # in English: a translation names its body in words the Chinese tables read only in part. Only a page
    # with a title: a sample is served under one (where the issuer's name would stand), while an excerpt
    # that starts in the body (2023年，我市…) may just have been cut before the name.
    anonymous = (total > 0 and facts is not None and _has_title(page, scopes["head"]) and not scopes["latin"]
                 and names_no_body(page, facts, scopes["all"]))
    if anonymous:
        total = min(total, MODEL.bias)
    is_report = total > 0
    probability = 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, total * MODEL.scale))))
    if is_report:
        kind = DocumentKind.annual_report
    else:
        kind = _TEMPLATE_KIND if anonymous else _kind_of_non_report(fired)
    reasons = [signal.name for signal, _ in sorted(fired, key=lambda item: -abs(item[0].weight * item[1]))]
    if anonymous:
        reasons.insert(0, "facts:no_named_body")
    template = anonymous or any(signal.kind is _TEMPLATE_KIND and signal.weight < 0 for signal, _ in fired)
    origin, origin_reason = source_kind(page, facts, template=template, text=scopes["all"])
    if origin_reason:
        reasons.append(origin_reason)
    return Verdict(is_report=is_report, kind=kind,
                   confidence=round(probability if is_report else 1.0 - probability, 4),
                   reasons=reasons, source_kind=origin)
