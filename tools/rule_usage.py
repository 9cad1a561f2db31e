"""On how many labeled items, and on how many sites, does each rule or lexicon entry fire?

    .venv/bin/python tools/rule_usage.py [CORPUS ...] [--max-items 1] [--all]

Reads the labeled corpora (default ../shared/corpus/dev.jsonl and dev2.jsonl) and counts, per
entry, the items and the sites (registrable domains) where it fires, split by label:

- classify.yaml: every signal, and every top-level alternative of its pattern, on the scope the
  signal reads;
- extract_issuers.yaml: self-references, by occurrence in the page text;
- issuer_names.yaml: canonical department names and their short forms, by occurrence;
- host_departments.tsv: the host labels of department sites (sfj, agri …), by the items whose gov.cn
  host carries them, one entry per derivation rule (and per hand-listed English label);
- sources.yaml: host tables (central, province, template, republication) by the item's host, and
  every alternative of the spam cues;
- indicators.yaml: idioms, by occurrence.

An entry that fires on a single item was fitted to that item: it is a defect to generalize or
remove (a signal must describe a class of pages). Entries that fire on no item are listed with
--all: they come from domain knowledge (DOMAIN.md), not from the corpus.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from streams.analysis import sources
from streams.analysis._regex import top_level_alternatives
from streams.analysis.classify import page_scopes
from streams.analysis.clean import clean
from streams.analysis.regions import host_labels
from streams.evaluation import load_corpora, site_of

CORPUS_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DATA_DIR = Path(__file__).resolve().parents[1] / "streams" / "analysis" / "data"


def load_yaml(name: str) -> dict:
    path = DATA_DIR / name
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


class Usage:
    def __init__(self) -> None:
        self.items: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.sites: dict[str, set[str]] = defaultdict(set)
        self.known: list[str] = []

    def declare(self, entry: str) -> None:
        self.known.append(entry)

    def fire(self, entry: str, item: dict) -> None:
        self.items[entry][item["label"]].add(item["id"])
        self.sites[entry].add(site_of(item))

    def rows(self) -> list[tuple[str, int, int, int, int]]:
        out = []
        for entry in dict.fromkeys(self.known):
            labels = self.items.get(entry, {})
            reports = len(labels.get("report", ()))
            others = len(labels.get("not_report", ()))
            out.append((entry, reports + others, len(self.sites.get(entry, ())), reports, others))
        return out


def classify_entries(usage: Usage, items: list[dict]) -> None:
    raw = load_yaml("classify.yaml")
    macros: dict[str, str] = raw.get("macros") or {}
    compiled: list[tuple[str, str, re.Pattern[str]]] = []
    for signal in raw["signals"]:
        source = signal["pattern"]
        for key, value in macros.items():
            source = source.replace("{" + key + "}", value)
        flags = re.MULTILINE | (re.IGNORECASE if "i" in str(signal.get("flags", "")) else 0)
        name = f"classify {signal['name']}"
        usage.declare(name)
        compiled.append((name, signal.get("scope", "head"), re.compile(source, flags)))
        alternatives = top_level_alternatives(signal["pattern"], unwrap=True)
        if len(alternatives) > 1:
            for alternative in alternatives:
                expanded = alternative
                for key, value in macros.items():
                    expanded = expanded.replace("{" + key + "}", value)
                try:
                    pattern = re.compile(expanded, flags)
                except re.error:
                    continue
                entry = f"classify {signal['name']} | {alternative[:50]}"
                usage.declare(entry)
                compiled.append((entry, signal.get("scope", "head"), pattern))
    for item in items:
        scopes = page_scopes(clean(item["text"], item.get("url")))
        for entry, scope, pattern in compiled:
            if scopes.get(scope) and pattern.search(scopes[scope]):
                usage.fire(entry, item)


def literal_entries(usage: Usage, items: list[dict], group: str, words: list[str]) -> None:
    for word in words:
        usage.declare(f"{group} {word}")
    for item in items:
        text = item["text"]
        for word in words:
            if word in text:
                usage.fire(f"{group} {word}", item)


def host_entries(usage: Usage, items: list[dict], group: str, domains: list[str]) -> None:
    for domain in domains:
        usage.declare(f"{group} {domain}")
    for item in items:
        host = sources.host_of(item.get("url")) or ""
        for domain in domains:
            if host == domain or host.endswith("." + domain):
                usage.fire(f"{group} {domain}", item)


def host_label_entries(usage: Usage, items: list[dict], group: str, derivations: dict[str, str]) -> None:
    """The department-site host labels (sfj, agri …): the items whose gov.cn host carries one. The
    labels derived from the department names count as one entry per derivation (pinyin initials of a
    name, of a short form, of a stem); the hand-listed English ones one each."""
    def entry(label: str, how: str) -> str:
        return f"{group} English {label}" if how == "English" else f"{group} initials of a {how.split()[0]}"

    for label, hows in derivations.items():
        for how in hows.split("; "):
            usage.declare(entry(label, how))
    for item in items:
        carried = set(host_labels(item.get("url"))[1:])
        for label in carried & derivations.keys():
            for how in derivations[label].split("; "):
                usage.fire(entry(label, how), item)


def host_label_table() -> dict[str, str]:
    """label -> its derivations, from data/host_departments.tsv."""
    rows = (line.split("\t") for line in (DATA_DIR / "host_departments.tsv").read_text(encoding="utf-8")
            .splitlines() if line and not line.startswith("#"))
    return {row[0]: row[2] for row in rows}


def regex_alternatives(usage: Usage, items: list[dict], group: str, pattern: str) -> None:
    flags = 0
    if pattern.startswith("(?i)"):
        pattern, flags = pattern[4:], re.IGNORECASE
    compiled = []
    for alternative in top_level_alternatives(pattern, unwrap=True):
        usage.declare(f"{group} {alternative}")
        compiled.append((f"{group} {alternative}", re.compile(alternative, flags)))
    for item in items:
        for entry, regex in compiled:
            if regex.search(item["text"]):
                usage.fire(entry, item)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*",
                        default=[str(CORPUS_DIR / "dev.jsonl"), str(CORPUS_DIR / "dev2.jsonl")])
    parser.add_argument("--max-items", type=int, default=1,
                        help="list entries firing on at most this many items")
    parser.add_argument("--all", action="store_true", help="also list entries that fire on no item")
    args = parser.parse_args(argv)
    try:
        items = [item for corpus in load_corpora(args.corpora).values() for item in corpus]
    except FileNotFoundError as error:
        print(f"rule_usage: corpus not found: {error.filename}", file=sys.stderr)
        return 2
    usage = Usage()
    classify_entries(usage, items)
    issuers = load_yaml("extract_issuers.yaml")
    literal_entries(usage, items, "self-reference", list(issuers["self_references"]))
    names = load_yaml("issuer_names.yaml")
    literal_entries(usage, items, "issuer-name", [short for group in ("departments", "governments")
                                                 for forms in (names.get(group) or {}).values()
                                                 for short in forms or ()])
    host_label_entries(usage, items, "issuer-host", host_label_table())
    tables = load_yaml("sources.yaml")
    for key in ("central_hosts", "province_domains", "template_suffixes", "republication_suffixes",
                "government_hosts"):
        host_entries(usage, items, f"sources {key}", [d.lower() for d in tables.get(key) or ()])
    regex_alternatives(usage, items, "sources spam_cues", tables["spam_cues"])
    literal_entries(usage, items, "indicators idiom", list(load_yaml("indicators.yaml")["idioms"]))
    rows = usage.rows()
    shown = [row for row in rows if row[1] <= args.max_items and (args.all or row[1] > 0)]
    print(f"{len(items)} items; {len(rows)} entries; {sum(1 for r in rows if r[1] == 0)} fire on no item; "
          f"{sum(1 for r in rows if r[1] == 1)} fire on one item")
    print(f"{'items':>5} {'sites':>5} {'rep':>4} {'non':>4}  entry")
    for entry, count, sites, reports, others in sorted(shown, key=lambda r: (r[1], r[0])):
        print(f"{count:>5} {sites:>5} {reports:>4} {others:>4}  {entry}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
