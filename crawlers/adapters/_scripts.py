"""List entries that only exist as `document.write(...)` in inline scripts, written out as HTML.

TRS templates often print each entry through a script, to link the attachment instead of the page
when there is one or to shorten the title:

    <li><script>
      var url = "./202403/t20240315_1071234.shtml"; var file = "";
      if (file != "") { document.write('<a href="' + file + '">' + title + '</a>'); }
      else { document.write('<a href="' + url + '" title="' + title + '">' + title + '</a>'); }
    </script><span>2024-03-15</span></li>

A browser runs these; we do not run JavaScript. Instead, string variables assigned a literal in
the script are substituted into every `document.write`/`writeln` argument made of literals,
variables and `+`, and the script element is replaced by what it would write (every branch: a
branch whose address is empty writes an anchor without one, which no adapter reads as an entry).
Anything else (function calls, expressions) counts as an empty string. A title written inside its
link (`<a href=...><script>document.write(title)</script></a>`) is replaced by the longest text
the script writes (the branch that does not shorten it).
"""

from __future__ import annotations

import re

_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_ASSIGN = re.compile(r"(?:\b(?:var|let|const)\s+)?\b(?P<name>[A-Za-z_$][\w$]*)\s*=\s*"
                     r"(?P<quote>[\"'])(?P<value>(?:\\.|(?!(?P=quote)).)*)(?P=quote)\s*[;\n]")
_WRITE = re.compile(r"document\s*\.\s*write(?:ln)?\s*\(", re.IGNORECASE)
_TOKEN = re.compile(r"\s*(?:(?P<quote>[\"'])(?P<string>(?:\\.|(?!(?P=quote)).)*)(?P=quote)"
                    r"|(?P<name>[A-Za-z_$][\w$.]*)(?P<call>\s*\()?|(?P<plus>\+)|(?P<other>.))", re.DOTALL)
_ESCAPES = {"n": "\n", "t": "\t", "r": "", "'": "'", '"': '"', "\\": "\\", "/": "/"}
# Scripts longer than this are libraries, not entries.
MAX_SCRIPT_CHARS = 20_000


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    return chr(int(code[1:], 16)) if len(code) == 5 else _ESCAPES.get(code, code)


def _unquote(text: str) -> str:
    return re.sub(r"\\(u[0-9a-fA-F]{4}|.)", _unescape, text)


def _argument(script: str, start: int, variables: dict[str, str]) -> tuple[str, int]:
    """The written value of the call whose argument list starts at `start`, and where it ends."""
    parts: list[str] = []
    depth = 0
    position = start
    while position < len(script):
        token = _TOKEN.match(script, position)
        if token is None:
            break
        position = token.end()
        if token.group("string") is not None:
            if depth == 0:
                parts.append(_unquote(token.group("string")))
        elif token.group("name") is not None:
            if token.group("call"):
                depth += 1  # a call's result is unknown: its arguments are not written
            elif depth == 0:
                parts.append(variables.get(token.group("name"), ""))
        elif token.group("other") == "(":
            depth += 1
        elif token.group("other") == ")":
            if depth == 0:
                break
            depth -= 1
    return "".join(parts), position


def _written(body: str) -> str | None:
    if len(body) > MAX_SCRIPT_CHARS or not _WRITE.search(body):
        return None
    variables: dict[str, str] = {}
    for match in _ASSIGN.finditer(body):  # the first literal a name is given (later ones shorten it)
        variables.setdefault(match.group("name"), _unquote(match.group("value")))
    out: list[str] = []
    for call in _WRITE.finditer(body):
        value, _ = _argument(body, call.end(), variables)
        out.append(value)
    html = "".join(out)
    if "<a" in html.lower():
        return html
    if not any("<" in value for value in out) and any(value.strip() for value in out):
        # Text only: a title printed inside its link, shortened in one branch (`t.substring(0, 30)
        # + "..."`, unknown here) and whole in the other: the longest branch is the title.
        return max(out, key=len)
    return None


def expand_document_writes(text: str) -> str:
    """`text` with every inline script that writes links replaced by the HTML it writes."""
    if "document.write" not in text and "document .write" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        if "src" in match.group("attrs").lower():
            return match.group(0)
        written = _written(match.group("body"))
        return match.group(0) if written is None else written

    return _SCRIPT.sub(replace, text)
