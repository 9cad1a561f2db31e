"""Small facts about the regular expressions our data files hold."""

from __future__ import annotations

__all__ = ["top_level_alternatives"]


def top_level_alternatives(pattern: str, *, unwrap: bool = False) -> list[str]:
    """The top-level alternatives of a regular expression ('a|(b|c)' -> ['a', '(b|c)']).

    With `unwrap`, a pattern that is one non-capturing group ('(?:a|b)') gives that group's
    alternatives.
    """
    parts: list[str] = []
    depth, start, index, in_class = 0, 0, 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
            if depth == 1 and index == 0 and unwrap and pattern.startswith("(?:") and _closes_at_end(pattern):
                inner = top_level_alternatives(pattern[3:-1], unwrap=True)
                if len(inner) > 1:
                    return inner
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
        index += 1
    parts.append(pattern[start:])
    return parts


def _closes_at_end(pattern: str) -> bool:
    """The parenthesis opening `pattern` is closed by its last character."""
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
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index == len(pattern) - 1
        index += 1
    return False
