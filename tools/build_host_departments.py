"""Rebuild ``streams/analysis/data/host_departments.tsv``: department-site host label -> department names.

    .venv/bin/python tools/build_host_departments.py

A department's own site puts a label before its government's domain: sfj.luan.gov.cn is 六安市司法局,
nynct.fujian.gov.cn 福建省农业农村厅, rsj.gz.gov.cn 广州市人力资源和社会保障局. The labels are the pinyin
initials of the department's name, so they are derived here from the canonical department table of
``streams/analysis/data/issuer_names.yaml`` (pypinyin, build time only) instead of being listed:

- the initials of each canonical name and of each of its short forms (司法局 -> sfj, 人社局 -> rsj,
  卫健委 -> wjw, 农业农村厅 -> nynct);
- the initials of a name's stem (the name without its 局/厅/委员会 …) of 4+ characters, which stands for
  every level form of it (农业农村 -> nync: 农业农村局, 农业农村厅, 农业农村委员会); shorter stems give
  2-3 letter labels that too often mean something else on a site (a section, a place);
- the English labels of ``host_english`` (agri, edu …), for every name with that stem.

A label two departments share (民政局 and 民宗局: mzj; 商务局 and 税务局: swj) names neither and is left
out. One a current department shares with a former one (``former_departments``: 卫健委 and 卫计委, wjw) is
the current one's, as today's sites are; one a department's name gives and another's short form (审计局
and 市监局: sjj) is the named one's. Rerun after editing issuer_names.yaml;
tests/analysis/test_host_departments.py fails while the file is stale.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NAMES = ROOT / "streams" / "analysis" / "data" / "issuer_names.yaml"
OUTPUT = ROOT / "streams" / "analysis" / "data" / "host_departments.tsv"

LEVEL_WORD = re.compile(r"(?:分局|局|厅|委员会|委|办公室|中心)$")
STEM_MIN_CHARS = 4

Table = dict[str, tuple[list[str], str]]      # label -> (department names, how the label was derived)


def stem(name: str) -> str:
    """The department without its level word (农业农村厅 -> 农业农村, 卫健委 -> 卫健)."""
    return LEVEL_WORD.sub("", name)


def pinyin_initials(word: str) -> str:
    from pypinyin import Style, lazy_pinyin  # build time only

    return "".join(lazy_pinyin(word, style=Style.FIRST_LETTER)).lower()


def derive(departments: dict[str, list[str] | None], english: dict[str, str],
           initials: Callable[[str], str] = pinyin_initials,
           former: dict[str, list[str] | None] | None = None) -> tuple[Table, dict[str, list[str]]]:
    """The label table, and the labels left out because they stand for two departments."""
    former = former or {}
    departments = {**departments, **former}
    claims: dict[str, dict[str, str]] = {}        # label -> {canonical name: derivation}

    def claim(label: str, names: Iterable[str], how: str) -> None:
        if label.isascii() and label.isalpha():
            for name in names:
                claims.setdefault(label, {}).setdefault(name, how)

    by_stem: dict[str, list[str]] = {}
    for canonical in departments:
        by_stem.setdefault(stem(canonical), []).append(canonical)
    for canonical, shorts in departments.items():
        for form, how in [(canonical, "name"), *((s, f"short {s}") for s in shorts or ())]:
            claim(initials(form), [canonical], how)
    for word, names in by_stem.items():
        if len(word) >= STEM_MIN_CHARS:
            claim(initials(word), names, f"stem {word}")
    for label, word in english.items():
        if word not in by_stem:
            raise ValueError(f"host_english {label}: no department named {word}…")
        claim(label, by_stem[word], "English")
    table: Table = {}
    dropped: dict[str, list[str]] = {}
    for label, names in sorted(claims.items()):
        if len({stem(name) for name in names}) > 1:
            names = _owner(names, former)
            if len({stem(name) for name in names}) > 1:
                dropped[label] = sorted(names)
                continue
        hows = sorted(set(names.values()))
        table[label] = (list(names), "; ".join(hows))
    return table, dropped


def _owner(claims: dict[str, str], former: dict[str, list[str] | None]) -> dict[str, str]:
    """The claims on a shared label that stand: a current department's over a former one's, then a
    department's own name's initials (审计局: sjj) over another's short form's (市监局)."""
    current = {name: how for name, how in claims.items() if name not in former} or claims
    named = {name: how for name, how in current.items() if "name" in how.split("; ")}
    return named or current


def render(table: Table, dropped: dict[str, list[str]]) -> str:
    lines = ["# department-site host label -> department names (the level form is chosen by the host's",
             "# level and the text's self-reference); built by tools/build_host_departments.py from",
             "# issuer_names.yaml. Do not edit: edit the departments there and rerun.",
             "# ambiguous, left out: " + "; ".join(f"{k} ({', '.join(v)})" for k, v in dropped.items()),
             "# columns: label names derivation"]
    lines += [f"{label}\t{','.join(names)}\t{how}" for label, (names, how) in table.items()]
    return "\n".join(lines) + "\n"


def build() -> str:
    data = yaml.safe_load(NAMES.read_text(encoding="utf-8"))
    return render(*derive(data["departments"], data.get("host_english") or {},
                          former=data.get("former_departments") or {}))


def main() -> int:
    text = build()
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"{sum(1 for line in text.splitlines() if not line.startswith('#'))} labels -> {OUTPUT}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
