"""Score `fazhi analyze` against a labeled JSONL corpus (the format of shared/corpus/dev.jsonl).

    python bench/quality.py [../shared/corpus/dev.jsonl] [--show-errors]

Prints a table, then as its last line one JSON object:
{"precision", "recall", "f1", "fields": {field: accuracy}, "indicator_recall", ...}.
The matching rules are documented in streams/evaluation.py and the README.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from streams.evaluation import format_table, load_corpus, score

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args(argv)
    path = Path(args.corpus)
    if not path.exists():
        print(f"quality: corpus not found: {path}", file=sys.stderr)
        return 2
    result = score(load_corpus(path), args.show_errors)
    print(format_table(result))
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
