"""The figures of a report machine-translated into English (4896 new cases, 27 normative documents).

Each is read as the Chinese clause it translates: the clause's topic and measure words put back into the
catalogue's Chinese (administrative reconsideration -> 行政复议, accepted -> 受理), then the number and
the unit its counted noun stands for (cases -> 件), so that the Chinese reader names it
(行政复议受理4896件: reconsideration.accepted). Percentages need nothing of this: 98.7% reads alike in
both languages. Knowledge: the `english` section of data/indicators.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

# A page is read as English when most of its first characters are ASCII.
_SAMPLE_CHARS = 2000
_ASCII_SHARE = 0.8
_WORDS_BETWEEN = 4          # words between a number and its noun (35 administrative reconsideration cases)
# Where an English clause ends (a list's "and" included).
_CLAUSE_MARKS = re.compile(r"[.;:!?,()\n]|\band\b")


@dataclass(frozen=True)
class EnglishFigure:
    clause: str      # the Chinese words of its clause (the number and unit follow them)
    phrase: str      # what it counts, in English (administrative reconsideration cases)
    number: str      # as written, separators removed
    unit: str
    start: int       # offsets of the number in the text
    end: int
    evidence: str    # the English sentence


def is_english(text: str) -> bool:
    sample = text[:_SAMPLE_CHARS]
    return bool(sample) and len(sample.encode("ascii", "ignore")) >= _ASCII_SHARE * len(sample)


class EnglishFigures:
    """Reads an English text's counted figures with `units` (noun -> unit) and `terms` (phrase -> the
    Chinese words of the catalogue)."""

    def __init__(self, units: Mapping[str, str], terms: Mapping[str, str]) -> None:
        self._units = dict(units)
        self._terms = dict(terms)
        nouns = "|".join(sorted(map(re.escape, units), key=len, reverse=True))
        self._figure = re.compile(
            rf"(?<![\w.,])(?P<number>[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?![\w.,%]|,[0-9])"
            rf"(?P<between>(?:\s+(?!(?:{nouns})\b)[a-z][a-z-]*){{0,{_WORDS_BETWEEN}}})\s+(?P<noun>{nouns})\b",
            re.IGNORECASE)
        self._term = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, terms), key=len, reverse=True))
                                + r")\b", re.IGNORECASE)

    def figures(self, text: str) -> Iterator[EnglishFigure]:
        previous_end = 0
        for match in self._figure.finditer(text):
            begins = max(previous_end, clause_start(text, match.start()))
            phrase = f"{match.group('between')} {match.group('noun')}".strip()
            before = self._chinese(text[begins:match.start()])
            sentence = _sentence(text, match.start(), match.end())
            yield EnglishFigure(before + self._chinese(phrase), " ".join(phrase.split()),
                                match.group("number").replace(",", ""),
                                self._units[match.group("noun").lower()], match.start("number"),
                                match.end("number"), sentence)
            previous_end = match.end()

    def _chinese(self, words: str) -> str:
        return "".join(self._terms[found.group().lower()] for found in self._term.finditer(words))


def clause_start(text: str, position: int) -> int:
    """Where the English clause holding `position` begins (at most 200 characters back)."""
    marks = list(_CLAUSE_MARKS.finditer(text, max(0, position - 200), position))
    return marks[-1].end() if marks else max(0, position - 200)


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    right_candidates = [at for at in (text.find(". ", end), text.find("\n", end)) if at >= 0]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return text[left:right].strip()
