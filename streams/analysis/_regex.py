"""Small facts about the regular expressions our data files hold."""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["top_level_alternatives"]


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
