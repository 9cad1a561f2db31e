"""Score the analysis on transformed copies of the labeled corpora, one transform per error class.

    python bench/robustness.py [CORPUS ...] [--show-errors [TRANSFORM]]

Without arguments: ../shared/corpus/dev.jsonl and dev2.jsonl, read at run time. Each transform of
`streams/evaluation/transforms.py` (title removed, line breaks removed, traditional characters, all
three as a mirror copy, place masked, place only in the host, informal issuer names, the date in
another line format or only in the address, a government report posted by its 司法局, meeting news
about a report, news on its release, a court's report to the 人大, a third-party assessment, an
enforcement report, a catalogue record without body, the corpus README's other look-alikes,
those look-alikes as mirror copies, a leader's speech or 述法报告, a 范文 with its years blanked or
the leader's name masked, a research article and a national roundup) is applied to the items it
fits; its expected label follows from the original label by the rule the transform states, never
from the analysis. For each transform it
prints the figures on the same items before (original text and label) and after. For transforms that
turn reports into non-reports (place masked, meeting news, the look-alikes) the figure that matters
is how many of them are still called a report. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from streams.evaluation import evaluate, load_corpora, summarize
from streams.evaluation.scoring import SCORED
from streams.evaluation.transforms import TRANSFORMS, transformed

CORPUS_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DEFAULT_CORPORA = [CORPUS_DIR / "dev.jsonl", CORPUS_DIR / "dev2.jsonl"]
_SHORT = {"province": "prov", "issuer exact": "exact", "report_year": "year", "published": "publ"}


def _cell(summary: dict) -> dict[str, str]:
    called = summary["called_report"]
    cells = {"n": f"{summary['items']}/{summary['reports']}",
             "P/R": f"{summary['precision']:.3f}/{summary['recall']:.3f}" if summary["reports"] else "-",
             "called": f"{called}/{summary['items'] - summary['reports']}"}
    for name in SCORED:
        value = summary["fields"][name]
        cells[name] = f"{value:.3f}" if value is not None else "-"
    ind = summary["indicator_recall"]
    cells["ind"] = f"{ind:.3f}" if ind is not None else "-"
    return cells


def _summary(outcomes: list) -> dict:
    summary = summarize(outcomes)
    # Non-reports the analysis calls a report (the FP count, shown next to the non-report count).
    summary["called_report"] = sum(o.predicted_report and not o.labeled_report for o in outcomes)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", default=[str(p) for p in DEFAULT_CORPORA])
    parser.add_argument("--show-errors", nargs="?", const="", default=None, metavar="TRANSFORM",
                        help="print the errors on transformed items (of one transform, by name prefix)")
    args = parser.parse_args(argv)
    try:
        items = [item for corpus in load_corpora(args.corpora).values() for item in corpus]
    except FileNotFoundError as error:
        print(f"robustness: corpus not found: {error.filename}", file=sys.stderr)
        return 2
    result: dict[str, dict] = {}
    columns = ["n", "P/R", "called", *SCORED, "ind"]
    header = f"{'transform':<22}{'':<7}" + "".join(
        f"{_SHORT.get(c, c):>{13 if c == 'P/R' else 8}}" for c in columns)
    lines = [header]
    for transform in TRANSFORMS:
        pairs = transformed(items, transform)
        before = evaluate([original for original, _ in pairs])
        after = evaluate([changed for _, changed in pairs])
        if args.show_errors is not None and transform.name.startswith(args.show_errors):
            for outcome in after:
                for line in outcome.errors:
                    print(f"{transform.name}: {line}")
        summaries = {"before": _summary(before), "after": _summary(after)}
        result[transform.name] = {"rule": transform.rule, **summaries}
        for when, summary in summaries.items():
            cells = _cell(summary)
            lines.append(f"{transform.name if when == 'before' else '':<22}{when:<7}" + "".join(
                f"{cells[c]:>{13 if c == 'P/R' else 8}}" for c in columns))
    print("\n".join(lines))
    print("\nn = items/reports (expected labels); called = non-reports called a report / non-reports")
    for transform in TRANSFORMS:
        print(f"  {transform.name}: {transform.rule}")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
