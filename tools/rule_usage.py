"""On how many labeled items, and on how many sites, does each rule or lexicon entry fire?

    .venv/bin/python tools/rule_usage.py [CORPUS ...] [--max-items 1] [--all] [--ablate SITES]

Reads the labeled corpora (default ../shared/corpus/dev.jsonl and dev2.jsonl) and counts, per
entry, the items and the sites (registrable domains) where it fires, split by label (the entries:
streams/evaluation/entries.py). An entry that fires on a single item was fitted to that item: it is
a defect to generalize or remove (a signal must describe a class of pages). Entries that fire on no
item are listed with --all: they come from domain knowledge (DOMAIN.md), not from the corpus.

`--ablate SITES` then scores the corpora twice, in subprocesses: with this checkout, and with a
copy whose data files lack every entry that fires on items of at most SITES sites, and prints both
and the errors the second adds: an estimate of the rules on sites nobody here has read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from streams.evaluation import format_columns, load_corpora
from streams.evaluation.entries import ablation, usage_of

CORPUS_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*",
                        default=[str(CORPUS_DIR / "dev.jsonl"), str(CORPUS_DIR / "dev2.jsonl")])
    parser.add_argument("--max-items", type=int, default=1,
                        help="list entries firing on at most this many items")
    parser.add_argument("--all", action="store_true", help="also list entries that fire on no item")
    parser.add_argument("--ablate", type=int, metavar="SITES", default=0,
                        help="then score the corpora without the entries that fire on at most SITES sites")
    args = parser.parse_args(argv)
    try:
        items = [item for corpus in load_corpora(args.corpora).values() for item in corpus]
    except FileNotFoundError as error:
        print(f"rule_usage: corpus not found: {error.filename}", file=sys.stderr)
        return 2
    usage = usage_of(items)
    rows = usage.rows()
    shown = [row for row in rows if row[1] <= args.max_items and (args.all or row[1] > 0)]
    print(f"{len(items)} items; {len(rows)} entries; {sum(1 for r in rows if r[1] == 0)} fire on no item; "
          f"{sum(1 for r in rows if r[1] == 1)} fire on one item")
    print(f"{'items':>5} {'sites':>5} {'rep':>4} {'non':>4}  entry")
    for entry, count, sites, reports, others in sorted(shown, key=lambda r: (r[1], r[0])):
        print(f"{count:>5} {sites:>5} {reports:>4} {others:>4}  {entry}")
    if args.ablate:
        result = ablation(usage, args.corpora, args.ablate)
        print(f"\nablation: {len(result.removed)} entries firing on items of at most {args.ablate} site(s) "
              "removed")
        columns = {}
        for stem in result.before:
            columns[stem] = result.before[stem]["summary"]
            columns[f"{stem} ablated"] = result.after[stem]["summary"]
        print(format_columns(columns))
        for stem in result.before:
            for error in result.new_errors(stem):
                print(f"  new error {stem} {error}")
            for error in result.gone_errors(stem):
                print(f"  gone      {stem} {error}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
