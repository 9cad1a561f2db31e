"""Small facts about the regular expressions our data files hold."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

# sre's own parser (private, Python >= 3.11) tells which literals a pattern requires. Only a speed-up
# rests on it: on an interpreter without it, patterns are searched without pre-filter.
try:
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a future Python that moved them
    _c = _parser = None

__all__ = ["Prefiltered", "WindowedPattern", "match_extent", "required_literals", "top_level_alternatives"]


def top_level_alternatives(pattern: str, *, unwrap: bool = False) -> list[str]:
    """The top-level alternatives of a regular expression ('a|(b|c)' -> ['a', '(b|c)']).

    With `unwrap`, a pattern that is one non-capturing group ('(?:a|b)') gives that group's
    alternatives.
    """
    if unwrap and pattern.startswith("(?:") and _closes_at_end(pattern):
        inner = top_level_alternatives(pattern[3:-1], unwrap=True)
        if len(inner) > 1:
            return inner
    parts: list[str] = []
    start = 0
    for index, char, depth in _syntax(pattern):
        if char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
    parts.append(pattern[start:])
    return parts


def _closes_at_end(pattern: str) -> bool:
    """The parenthesis opening `pattern` is closed by its last character."""
    for index, char, depth in _syntax(pattern):
        if char == ")" and depth == 1:
            return index == len(pattern) - 1
    return False


def _syntax(pattern: str) -> Iterator[tuple[int, str, int]]:
    """(position, character, group depth before it) of each character that is neither escaped nor in a
    [...] class: the characters that can open or close a group or separate alternatives."""
    depth, index, in_class = 0, 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        else:
            yield index, char, depth
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
        index += 1


def required_literals(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], ...]:
    """Sets of literals such that every match of `pattern` holds one literal of each set.

    Read from the parsed pattern: a run of literal characters outside optional parts is a set of one,
    a group whose every branch requires some literal gives the set of those. A text missing all of
    some set's literals cannot match, so a caller may skip the search (worth it for patterns without a
    literal prefix, which sre tries at every position). Case-insensitive patterns give no sets.
    """
    if pattern.flags & re.IGNORECASE or _parser is None:
        return ()
    try:
        sets = _required_sets(list(_parser.parse(pattern.pattern, pattern.flags)))
    except Exception:  # a construct this reader does not know: no pre-filter, never a wrong one
        return ()
    # Longest shortest literal first, then fewest literals: the likeliest to rule a text out.
    return tuple(sorted(sets, key=lambda lits: (-min(map(len, lits)), len(lits))))


def _required_sets(items: list[tuple[Any, Any]]) -> list[tuple[str, ...]]:
    """Every literal set a sequence of parsed items requires (its runs, mandatory groups, branches)."""
    sets: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, value in items:
        if op is _c.LITERAL:
            run.append(chr(value))
            continue
        if run:
            sets.append(("".join(run),))
            run = []
        if op is _c.SUBPATTERN:
            if value[1] & re.IGNORECASE:  # (?i:...) inside
                raise ValueError("case-insensitive group")
            sets.extend(_required_sets(list(value[3])))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            if value[0] >= 1:
                sets.extend(_required_sets(list(value[2])))
        elif op is _c.BRANCH:
            best = [_best(_required_sets(list(branch))) for branch in value[1]]
            if all(best):
                sets.append(tuple(dict.fromkeys(lit for lits in best for lit in lits)))
        elif op is _c.IN and all(item_op is _c.LITERAL for item_op, _ in value):
            sets.append(tuple(chr(item) for _, item in value))
        # Other classes, anchors, lookarounds and backreferences require no literal.
    if run:
        sets.append(("".join(run),))
    return sets


def _best(sets: list[tuple[str, ...]]) -> tuple[str, ...]:
    return max(sets, key=lambda lits: (min(map(len, lits)), -len(lits))) if sets else ()


def _starts_with_literal(pattern: re.Pattern[str]) -> bool:
    if _parser is None:
        return True  # no reader: search as is
    parsed = list(_parser.parse(pattern.pattern, pattern.flags))
    return bool(parsed) and parsed[0][0] is _c.LITERAL


class Prefiltered:
    """A compiled pattern and the literal sets its every match holds (`required_literals`): `search`
    returns None at once for a text missing a set. Patterns that start with a literal are searched
    as they are (sre skips to that literal faster than the checks would)."""

    __slots__ = ("needs", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.needs = () if _starts_with_literal(pattern) else required_literals(pattern)

    def search(self, text: str) -> re.Match[str] | None:
        for literals in self.needs:
            for literal in literals:
                if literal in text:
                    break
            else:
                return None
        return self.pattern.search(text)


def match_extent(pattern: re.Pattern[str]) -> tuple[int, int] | None:
    """(width, reach): a match spans at most `width` characters, and the engine looks at most `reach`
    characters past a match's end to decide it (lookaheads, and 1 for `$`, `\\Z`, `\\b`). None when
    either is unbounded or the pattern cannot be read."""
    if _parser is None:
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        width = parsed.getwidth()[1]
        reach = _reach(list(parsed))
    except Exception:  # a construct this reader does not know: no extent, never a wrong one
        return None
    if reach is None or width >= _c.MAXREPEAT:
        return None
    return width, reach


def _reach(items: list[tuple[Any, Any]]) -> int | None:
    """An upper bound on how far past the match's end the items look (the sum over every lookahead and
    end assertion: generous, never short); None when a lookahead is unbounded."""
    total = 0
    for op, value in items:
        inner: list[list[tuple[Any, Any]]] = []
        if op is _c.AT:
            if value in (_c.AT_END, _c.AT_END_STRING, _c.AT_BOUNDARY, _c.AT_NON_BOUNDARY):
                total += 1
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            direction, sub = value
            if direction == 1:
                ahead = sub.getwidth()[1]
                if ahead >= _c.MAXREPEAT:
                    return None
                total += ahead
            inner.append(list(sub))
        elif op is _c.SUBPATTERN:
            inner.append(list(value[3]))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            inner.append(list(value[2]))
        elif op is _c.ATOMIC_GROUP:
            inner.append(list(value))
        elif op is _c.BRANCH:
            inner.extend(list(branch) for branch in value[1])
        elif op is _c.GROUPREF_EXISTS:
            inner.extend(list(branch) for branch in value[1:] if branch is not None)
        for sub_items in inner:
            sub_reach = _reach(sub_items)
            if sub_reach is None:
                return None
            total += sub_reach
    return total


class WindowedPattern:
    """A compiled pattern searched only where a match can lie.

    Every match holds a literal of each `required_literals` set and spans at most `width` characters
    (`match_extent`), so it lies within `width` characters of an occurrence of one set's literals: the
    search runs over those windows, each cut `reach` characters past the farthest a match can end, so
    that whatever the engine looks at to accept a match is still there. sre reads lookbehinds and `^`
    before `pos` from the whole string, so a window's start changes nothing. Results are those of
    `pattern.search` / `finditer` on the whole text.

    Worth it only where sre scans slowly and the windows are few: a pattern without a literal prefix
    (sre skips to a prefix faster than `str.find`), windowed by a set of at most two literals of two or
    more characters; other patterns are searched whole.
    """

    __slots__ = ("extent", "literals", "pattern")

    MAX_LITERALS = 2
    # More occurrences than this: one search from the first window on (sre's scan beats many calls).
    MAX_WINDOWS = 2
    # A text shorter than this many widths is searched whole: the windows would cover most of it.
    MIN_WIDTHS = 4

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.extent = match_extent(pattern)
        sets = [literals for literals in required_literals(pattern)
                if len(literals) <= self.MAX_LITERALS and min(map(len, literals)) >= 2]
        windowed = self.extent is not None and sets and not _starts_with_literal(pattern)
        # `required_literals` puts the likeliest to rule a text out first.
        self.literals: tuple[str, ...] = sets[0] if windowed else ()

    def windows(self, text: str) -> list[tuple[int, int]] | None:
        """The (start, end) spans, in order and apart, that hold every match; None: the whole text."""
        if not self.literals or self.extent is None:
            return None
        width, reach = self.extent
        size = len(text)
        if size < self.MIN_WIDTHS * width:
            return None
        spans = []
        for literal in self.literals:
            position = text.find(literal)
            while position >= 0:
                if len(spans) == self.MAX_WINDOWS:
                    # Too many: from the first window on (every literal's first occurrence counts).
                    firsts = [text.find(other) + len(other) for other in self.literals if other in text]
                    return [(max(0, min(firsts) - width), size)]
                spans.append((max(0, position + len(literal) - width), min(size, position + width + reach)))
                position = text.find(literal, position + 1)
        spans.sort()
        merged: list[tuple[int, int]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return merged

    def search(self, text: str) -> re.Match[str] | None:
        spans = self.windows(text)
        if spans is None:
            return self.pattern.search(text)
        for start, end in spans:
            match = self.pattern.search(text, start, end)
            if match is not None:
                return match
        return None

    def count(self, text: str, cap: int) -> int:
        """How many matches `pattern.finditer(text)` gives, counted up to `cap`."""
        spans = self.windows(text)
        count = 0
        for start, end in spans if spans is not None else ((0, len(text)),):
            for _ in self.pattern.finditer(text, start, end):
                count += 1
                if count >= cap:
                    return count
        return count
