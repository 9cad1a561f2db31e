"""Which rule and lexicon entries fire on which labeled items, and the analysis without some of them.

Entries (counted per item and per site, split by label):

- classify.yaml: every signal, and every top-level alternative of its pattern, on the scope the
  signal reads;
- extract_issuers.yaml: self-references, by occurrence in the page text;
- issuer_names.yaml: canonical department names and their short forms, by occurrence;
- host_departments.tsv: the host labels of department sites (sfj, agri …), by the items whose gov.cn
  host carries them, one entry per derivation rule (and per hand-listed English label);
- sources.yaml: host tables (central, province and city portals, template, republication) by the
  item's host (a removed portal domain leaves gov_domains.tsv too), and every alternative of the spam
  cues;
- indicators.yaml: idioms, by occurrence.

An entry that fires on a single item was fitted to that item: a defect to generalize or remove.
`ablation` scores corpora twice, in subprocesses: with this checkout, and with a copy whose data files
lack every entry that fires on items of at most N sites (the host-label derivations are rules and
stay). Had a site been left out of the corpus, nobody would have written the entries only its items
call for: the second figures estimate the rules on unread sites. Used by tools/rule_usage.py and
bench/quality.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from streams.analysis import sources
from streams.analysis._issuer import DEPARTMENT_GROUPS
from streams.analysis._regex import top_level_alternatives
from streams.analysis.classify import page_scopes
from streams.analysis.clean import clean
from streams.analysis.regions import host_labels
from streams.evaluation.scoring import site_of

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "streams" / "analysis" / "data"


# The data files an entry can be removed from, parsed: yaml files as loaded, the tsv as its lines.
Data = dict[str, Any]
Remover = Callable[[Data], None]
HOST_TSV = "host_departments.tsv"
# Built from sources.yaml's domain lists (and the portal registry): a domain removed from those lists
# leaves this table too, where its row came from them.
DOMAIN_TSV = "gov_domains.tsv"


def load_yaml(name: str) -> dict:
    path = DATA_DIR / name
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


class Usage:
    """Per entry: the items (by label) and the sites it fires on, and how to remove it."""

    def __init__(self) -> None:
        self.items: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.sites: dict[str, set[str]] = defaultdict(set)
        self.known: list[str] = []
        self.removers: dict[str, Remover] = {}

    def declare(self, entry: str, remove: Remover | None = None) -> None:
        """`remove` takes the entry out of the parsed data files (for `ablation`)."""
        self.known.append(entry)
        if remove is not None:
            self.removers[entry] = remove

    def fire(self, entry: str, item: dict) -> None:
        self.items[entry][item["label"]].add(item["id"])
        self.sites[entry].add(site_of(item))

    def rows(self) -> list[tuple[str, int, int, int, int]]:
        """(entry, items, sites, reports, non-reports) per entry, in declaration order."""
        out = []
        for entry in dict.fromkeys(self.known):
            labels = self.items.get(entry, {})
            reports = len(labels.get("report", ()))
            others = len(labels.get("not_report", ()))
            out.append((entry, reports + others, len(self.sites.get(entry, ())), reports, others))
        return out


def without_alternative(pattern: str, alternative: str) -> str:
    """`pattern` with one top-level alternative left out; a pattern left with none matches nothing."""
    prefix = "(?i)" if pattern.startswith("(?i)") else ""
    kept = top_level_alternatives(pattern.removeprefix(prefix), unwrap=True)
    if alternative in kept:
        kept.remove(alternative)
    return prefix + ("(?:" + "|".join(kept) + ")" if kept else "(?!)")


def remove_signal(index: int) -> Remover:
    def remove(data: Data) -> None:
        data["classify.yaml"]["signals"][index]["pattern"] = "(?!)"
    return remove


def remove_signal_alternative(index: int, alternative: str) -> Remover:
    def remove(data: Data) -> None:
        signal = data["classify.yaml"]["signals"][index]
        signal["pattern"] = without_alternative(signal["pattern"], alternative)
    return remove


def classify_entries(usage: Usage, items: list[dict]) -> None:
    raw = load_yaml("classify.yaml")
    macros: dict[str, str] = raw.get("macros") or {}
    compiled: list[tuple[str, str, re.Pattern[str]]] = []
    for index, signal in enumerate(raw["signals"]):
        source = signal["pattern"]
        for key, value in macros.items():
            source = source.replace("{" + key + "}", value)
        flags = re.MULTILINE | (re.IGNORECASE if "i" in str(signal.get("flags", "")) else 0)
        name = f"classify {signal['name']}"
        usage.declare(name, remove_signal(index))
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
                usage.declare(entry, remove_signal_alternative(index, alternative))
                compiled.append((entry, signal.get("scope", "head"), pattern))
    for item in items:
        scopes = page_scopes(clean(item["text"], item.get("url")))
        for entry, scope, pattern in compiled:
            if scopes.get(scope) and pattern.search(scopes[scope]):
                usage.fire(entry, item)


def literal_entries(usage: Usage, items: list[dict], group: str, words: list[str],
                    remover: Callable[[str], Remover] | None = None) -> None:
    for word in words:
        usage.declare(f"{group} {word}", remover(word) if remover else None)
    for item in items:
        text = item["text"]
        for word in words:
            if word in text:
                usage.fire(f"{group} {word}", item)


def remove_host(key: str, domain: str) -> Remover:
    def remove(data: Data) -> None:
        table = data["sources.yaml"][key]
        for name in [name for name in table if name.lower() == domain]:
            table.remove(name) if isinstance(table, list) else table.pop(name)
        data[DOMAIN_TSV] = [row for row in data[DOMAIN_TSV]
                            if not (row.startswith(domain + "\t") and row.endswith("\tsources.yaml"))]
    return remove


def host_entries(usage: Usage, items: list[dict], group: str, domains: list[str], key: str) -> None:
    for domain in domains:
        usage.declare(f"{group} {domain}", remove_host(key, domain))
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
            # Only the hand-listed English labels are entries to remove; the derivations are rules.
            usage.declare(entry(label, how), remove_english_label(label) if how == "English" else None)
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


def remove_tsv_rows(data: Data, keep: Callable[[list[str]], bool]) -> None:
    data[HOST_TSV] = [line for line in data[HOST_TSV]
                      if not line or line.startswith("#") or keep(line.split("\t"))]


def remove_english_label(label: str) -> Remover:
    def remove(data: Data) -> None:
        data["issuer_names.yaml"]["host_english"].pop(label, None)
        remove_tsv_rows(data, lambda row: row[0] != label)
    return remove


def remove_short_name(short: str) -> Remover:
    """A short form of a department name, and the host labels derived from it alone."""
    def remove(data: Data) -> None:
        for group in (*DEPARTMENT_GROUPS, "governments"):
            for forms in (data["issuer_names.yaml"].get(group) or {}).values():
                if forms and short in forms:
                    forms.remove(short)
        remove_tsv_rows(data, lambda row: row[2] != f"short {short}")
    return remove


def remove_key(file: str, key: str, word: str) -> Remover:
    def remove(data: Data) -> None:
        table = data[file][key]
        table.remove(word) if isinstance(table, list) else table.pop(word, None)
    return remove


def remove_spam_cue(alternative: str) -> Remover:
    def remove(data: Data) -> None:
        tables = data["sources.yaml"]
        tables["spam_cues"] = without_alternative(tables["spam_cues"], alternative)
    return remove


def regex_alternatives(usage: Usage, items: list[dict], group: str, pattern: str) -> None:
    flags = 0
    if pattern.startswith("(?i)"):
        pattern, flags = pattern[4:], re.IGNORECASE
    compiled = []
    for alternative in top_level_alternatives(pattern, unwrap=True):
        usage.declare(f"{group} {alternative}", remove_spam_cue(alternative))
        compiled.append((f"{group} {alternative}", re.compile(alternative, flags)))
    for item in items:
        for entry, regex in compiled:
            if regex.search(item["text"]):
                usage.fire(entry, item)


DATA_FILES = ("classify.yaml", "extract_issuers.yaml", "issuer_names.yaml", "sources.yaml", "indicators.yaml")
# Scores the corpora with the packages under argv[1]: run once on this checkout, once on the copy
# with the entries removed, so both sides go through the same code.
SCORE_SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
from streams.evaluation import evaluate, load_corpora, summarize
result, everything = {}, []
for stem, items in load_corpora(sys.argv[2:]).items():
    outcomes = evaluate(items)
    everything += outcomes
    result[stem] = {"summary": summarize(outcomes), "errors": [e for o in outcomes for e in o.errors]}
result["all"] = {"summary": summarize(everything), "errors": []}
print(json.dumps(result, ensure_ascii=False))
"""


def score_tree(root: Path, corpora: list[str]) -> dict[str, dict]:
    done = subprocess.run([sys.executable, "-c", SCORE_SCRIPT, str(root), *corpora],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def ablated_tree(target: Path, removers: list[Remover]) -> None:
    """A copy of the packages under `target` whose data files lack the removed entries."""
    for package in ("streams", "schemas"):
        shutil.copytree(ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__"))
    data: Data = {name: load_yaml(name) for name in DATA_FILES}
    for name in (HOST_TSV, DOMAIN_TSV):
        data[name] = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    for remove in removers:
        remove(data)
    out = target / "streams" / "analysis" / "data"
    for name in DATA_FILES:
        (out / name).write_text(yaml.safe_dump(data[name], allow_unicode=True, sort_keys=False, width=10**6),
                                encoding="utf-8")
    for name in (HOST_TSV, DOMAIN_TSV):
        (out / name).write_text("\n".join(data[name]) + "\n", encoding="utf-8")


def usage_of(items: list[dict]) -> Usage:
    """Every entry, and the items and sites it fires on."""
    usage = Usage()
    classify_entries(usage, items)
    issuers = load_yaml("extract_issuers.yaml")
    literal_entries(usage, items, "self-reference", list(issuers["self_references"]),
                    lambda word: remove_key("extract_issuers.yaml", "self_references", word))
    names = load_yaml("issuer_names.yaml")
    literal_entries(usage, items, "issuer-name", [short for group in (*DEPARTMENT_GROUPS, "governments")
                                                 for forms in (names.get(group) or {}).values()
                                                 for short in forms or ()], remove_short_name)
    host_label_entries(usage, items, "issuer-host", host_label_table())
    tables = load_yaml("sources.yaml")
    for key in ("central_hosts", "province_domains", "city_domains", "template_suffixes",
                "republication_suffixes", "government_hosts"):
        host_entries(usage, items, f"sources {key}", [d.lower() for d in tables.get(key) or ()], key)
    regex_alternatives(usage, items, "sources spam_cues", tables["spam_cues"])
    literal_entries(usage, items, "indicators idiom", list(load_yaml("indicators.yaml")["idioms"]),
                    lambda word: remove_key("indicators.yaml", "idioms", word))
    return usage


@dataclass(frozen=True, slots=True)
class Ablation:
    removed: list[str]                 # the entries taken out
    before: dict[str, dict]            # corpus stem (and "all") -> {"summary", "errors"}, this checkout
    after: dict[str, dict]             # the same without the entries

    def new_errors(self, stem: str) -> list[str]:
        return sorted(set(self.after[stem]["errors"]) - set(self.before[stem]["errors"]))

    def gone_errors(self, stem: str) -> list[str]:
        return sorted(set(self.before[stem]["errors"]) - set(self.after[stem]["errors"]))


def ablation(usage: Usage, corpora: list[str], max_sites: int) -> Ablation:
    """The corpora scored with and without every entry that fires on items of at most `max_sites` sites."""
    removed = [entry for entry in usage.removers if 0 < len(usage.sites.get(entry, ())) <= max_sites]
    before = score_tree(ROOT, corpora)
    with tempfile.TemporaryDirectory() as tmp:
        ablated_tree(Path(tmp), [usage.removers[entry] for entry in removed])
        after = score_tree(Path(tmp), corpora)
    return Ablation(removed, before, after)
