"""Score the analysis against labeled JSONL corpora (the format of shared/corpus/dev.jsonl).

    python bench/quality.py [CORPUS ...] [--folds 5] [--show-errors]

Without arguments: ../shared/corpus/dev.jsonl and dev2.jsonl. Prints, side by side, the figures on
each corpus and the pooled figures of a grouped cross-validation over all of them (folds of whole
sites: the registrable domain of the URL, an item without URL on its own), then the per-fold
figures, then as its last line one JSON object {"corpora": {name: summary}, "cv": {...}, ...}.
The "ablated" column scores all corpora without every rule and lexicon entry that fires on items of a
single site (`--ablate SITES` to widen, 0 to skip; streams/evaluation/entries.py): had that site never
been read, those entries would not exist, so it estimates the rules on sites nobody here has read.
Whatever the analysis fits from data is fitted on the training folds only; the rules and lexicons
are fixed data files, so for them every fold is simply unseen-site scoring.
The matching rules are documented in streams/evaluation/scoring.py and the README.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from streams.evaluation import (
    Analyzer,
    cross_validate,
    evaluate,
    fit_threshold,
    format_columns,
    format_folds,
    load_corpora,
    score_margin,
    summarize,
)
from streams.evaluation.entries import ablation, usage_of
from streams.evaluation.transforms import in_traditional, without_line_breaks

CORPUS_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DEFAULT_CORPORA = [CORPUS_DIR / "dev.jsonl", CORPUS_DIR / "dev2.jsonl"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", default=[str(p) for p in DEFAULT_CORPORA])
    parser.add_argument("--folds", type=int, default=5, help="grouped CV folds (0: no cross-validation)")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--ablate", type=int, default=1, metavar="SITES",
                        help="the ablated column: without entries firing on at most SITES sites (0: skip)")
    parser.add_argument("--no-stress", action="store_true",
                        help="skip the stress columns (all corpora without line breaks / in traditional)")
    args = parser.parse_args(argv)
    try:
        corpora = load_corpora(args.corpora)
    except FileNotFoundError as error:
        print(f"quality: corpus not found: {error.filename}", file=sys.stderr)
        return 2
    columns: dict[str, dict] = {}
    for stem, items in corpora.items():
        outcomes = evaluate(items)
        if args.show_errors:
            for outcome in outcomes:
                for line in outcome.errors:
                    print(f"{stem} {line}")
        columns[stem] = summarize(outcomes)
    result: dict = {"corpora": columns}
    everything = [item for items in corpora.values() for item in items]
    if args.folds > 1 and len(everything) >= args.folds:
        cv = cross_validate(everything, args.folds)
        columns[f"cv{args.folds} pooled"] = cv["pooled"]
        result["cv"] = cv
        thresholds: list[float] = []

        def fit(train: list[dict]) -> Analyzer:
            threshold, analyzer = fit_threshold(train)
            thresholds.append(round(threshold, 3))
            return analyzer

        fitted = cross_validate(everything, args.folds, fit=fit)
        fitted["thresholds"] = thresholds
        columns[f"cv{args.folds} fit-thr"] = fitted["pooled"]
        result["cv_fitted_threshold"] = fitted
    if not args.no_stress and everything:
        # Error classes of unseen pages, made from the labeled ones: text without line breaks
        # (document sites) and traditional-character copies (mirrors). Same labels.
        columns["no line breaks"] = summarize(evaluate([without_line_breaks(i) for i in everything]))
        columns["traditional"] = summarize(evaluate([in_traditional(i) for i in everything]))
        result["stress"] = {"no_line_breaks": columns["no line breaks"],
                            "traditional": columns["traditional"]}
    if args.ablate > 0 and everything:
        ablated = ablation(usage_of(everything), args.corpora, args.ablate)
        columns["ablated"] = ablated.after["all"]["summary"]
        result["ablated"] = {"sites": args.ablate, "entries": len(ablated.removed),
                             "summary": columns["ablated"],
                             "new_errors": [e for stem in corpora for e in ablated.new_errors(stem)]}
    print(format_columns(columns))
    if "ablated" in result:
        ablated_info = result["ablated"]
        print(f"\nablated: all corpora without the {ablated_info['entries']} entries that fire on items "
              f"of at most {args.ablate} site(s); errors it adds: {ablated_info['new_errors'] or 'none'}")
    if "cv" in result:
        joined = "+".join(corpora)
        print(f"\ngrouped {args.folds}-fold cross-validation over {joined} (folds of whole sites):")
        print(format_folds(result["cv"]))
        fitted_thresholds = result["cv_fitted_threshold"]["thresholds"]
        print(f"threshold fitted on the training folds (shipped: 0): {fitted_thresholds}")
        margin = score_margin(everything)
        result["margin"] = margin
        print(f"classifier scores nearest the decision: reports {margin['lowest_reports']}, "
              f"non-reports {margin['highest_non_reports']}")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
