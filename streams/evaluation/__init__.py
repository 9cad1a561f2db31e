"""Measure the analysis on labeled corpora (the format of shared/corpus/dev.jsonl).

- `scoring`: match records against labels, summarize, grouped cross-validation by site;
- `transforms`: transformed copies of labeled items, one per error class of unseen pages, each
  with the expected label its rule derives from the original label.

Used by bench/quality.py, bench/robustness.py, tools/rule_usage.py and the quality tests; nothing
in the product imports it.
"""

from streams.evaluation.scoring import (
    FIELDS,
    Analyzer,
    Outcome,
    cross_validate,
    evaluate,
    fit_threshold,
    format_columns,
    format_folds,
    format_table,
    grouped_folds,
    issuer_matches,
    load_corpora,
    load_corpus,
    province_key,
    score,
    score_margin,
    site_of,
    summarize,
)

__all__ = [
    "FIELDS",
    "Analyzer",
    "Outcome",
    "cross_validate",
    "evaluate",
    "fit_threshold",
    "format_columns",
    "format_folds",
    "format_table",
    "grouped_folds",
    "issuer_matches",
    "load_corpora",
    "load_corpus",
    "province_key",
    "score",
    "score_margin",
    "site_of",
    "summarize",
]
