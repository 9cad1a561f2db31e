"""Score the analysis against a labeled JSONL corpus (the format of shared/corpus/dev.jsonl).

Used by `bench/quality.py` and by `tests/analysis/test_quality.py`.

Matching rules (documented in the README):
- province compares without its suffix (广东 = 广东省 = 广东省人民政府's 广东);
- issuer compares after removing spaces and joint-issuer separators (、 和 及), and a
  prediction that differs from the label only by leading place names (重庆市 + 长寿区司法局) counts;
  "issuer exact" (shown, not a target) counts only a name equal to the label but for separators;
- level: a `department` label means issuer_kind == department, otherwise level == label;
- a labeled indicator is recalled when some extracted indicator has the same value and unit.

Grouped cross-validation (`cross_validate`) splits items by site (the registrable domain of the
URL; an item without URL is a group of its own), so one site's boilerplate never sits on both
sides of a split. Anything fitted from data is fitted on the training folds only (`fit`).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tld import get_fld

from schemas import AnalysisRecord
from streams.analysis import analyze_text
from streams.analysis.classify import score as classify_score

FIELDS = ("province", "issuer", "level", "report_year", "published")
# The issuer equal to its label but for separators: a stricter reading than `issuer_matches` (which
# forgives leading places), shown beside the fields so that a name short of its places is seen.
EXACT_ISSUER = "issuer exact"
SCORED = (*FIELDS[:2], EXACT_ISSUER, *FIELDS[2:])
PROVINCE_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
SEPARATORS = re.compile(r"[\s、,,和及与/]+")
PLACE_PREFIX = re.compile(r"^(?:.{1,8}?(?:省|自治区|市|州|盟|地区|区|县|旗))+$")

# text, url -> the record the analysis gives for it.
Analyzer = Callable[[str, "str | None"], AnalysisRecord]
# training items -> an analyzer whose data-fitted parts were fitted on those items only.
Fitter = Callable[[list[dict]], Analyzer]


def analyze_item(text: str, url: str | None) -> AnalysisRecord:
    return analyze_text(text, url).record("corpus")


def province_key(name: str | None) -> str | None:
    return PROVINCE_SUFFIX.sub("", name.strip()) if name else None


def issuer_matches(predicted: str | None, label: str) -> bool:
    if not predicted:
        return False
    p, g = SEPARATORS.sub("", predicted), SEPARATORS.sub("", label)
    if p == g:
        return True
    longer, shorter = (p, g) if len(p) > len(g) else (g, p)
    if len(shorter) >= 3 and longer.endswith(shorter):
        return bool(PLACE_PREFIX.match(longer[: -len(shorter)]))
    return False


def field_ok(field: str, record: AnalysisRecord, item: dict) -> bool:
    label = item["issuer" if field == EXACT_ISSUER else field]
    if field == "province":
        return province_key(record.province) == province_key(label)
    if field == "issuer":
        return issuer_matches(record.issuer, label)
    if field == EXACT_ISSUER:
        return bool(record.issuer) and SEPARATORS.sub("", record.issuer or "") == SEPARATORS.sub("", label)
    if field == "level":
        if label == "department":
            return record.issuer_kind == "department"
        return record.issuer_kind != "department" and record.level == label
    if field == "published":
        return (record.published.isoformat() if record.published else None) == label
    return getattr(record, field) == label


def same_value(a: float, b: float) -> bool:
    return abs(float(a) - float(b)) < 1e-6


@dataclass(slots=True)
class Outcome:
    """How the analysis did on one labeled item."""

    item_id: str
    labeled_report: bool
    predicted_report: bool
    fields: dict[str, bool] = field(default_factory=dict)      # labeled fields of true reports only
    indicators: tuple[int, int] = (0, 0)                        # (recalled, labeled)
    errors: list[str] = field(default_factory=list)


def judge(item: dict, record: AnalysisRecord) -> Outcome:
    is_report = item["label"] == "report"
    outcome = Outcome(item["id"], is_report, bool(record.is_report))
    if record.is_report and not is_report:
        outcome.errors.append(f"{item['id']} FP kind={record.kind} reasons={record.reasons}")
    elif is_report and not record.is_report:
        outcome.errors.append(f"{item['id']} FN kind={record.kind} reasons={record.reasons}")
    if not is_report:
        return outcome
    for name in SCORED:
        if item.get("issuer" if name == EXACT_ISSUER else name) is None:
            continue
        ok = field_ok(name, record, item)
        outcome.fields[name] = ok
        if not ok and name != EXACT_ISSUER:
            got = record.issuer_kind if name == "level" and item[name] == "department" \
                else getattr(record, name)
            outcome.errors.append(f"{item['id']} {name}: want {item[name]!r} got {got!r}")
    hit = total = 0
    for wanted in item.get("indicators") or []:
        total += 1
        if any(same_value(i.value, wanted["value"]) and i.unit == wanted["unit"] for i in record.indicators):
            hit += 1
        else:
            outcome.errors.append(f"{item['id']} indicator missed: {wanted}")
    outcome.indicators = (hit, total)
    return outcome


def evaluate(items: Iterable[dict], analyzer: Analyzer = analyze_item) -> list[Outcome]:
    return [judge(item, analyzer(item["text"], item.get("url"))) for item in items]


def summarize(outcomes: list[Outcome]) -> dict:
    """Classification P/R/F1, field accuracies on true reports, indicator value recall."""
    tp = sum(o.labeled_report and o.predicted_report for o in outcomes)
    fp = sum(o.predicted_report and not o.labeled_report for o in outcomes)
    fn = sum(o.labeled_report and not o.predicted_report for o in outcomes)
    right = dict.fromkeys(SCORED, 0)
    seen = dict.fromkeys(SCORED, 0)
    for outcome in outcomes:
        for name, ok in outcome.fields.items():
            seen[name] += 1
            right[name] += ok
    ind_hit = sum(o.indicators[0] for o in outcomes)
    ind_total = sum(o.indicators[1] for o in outcomes)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "items": len(outcomes),
        "reports": tp + fn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "fields": {f: round(right[f] / seen[f], 4) if seen[f] else None for f in SCORED},
        "field_counts": seen,
        "indicator_recall": round(ind_hit / ind_total, 4) if ind_total else None,
        "indicators_labeled": ind_total,
    }


def score(items: list[dict], show_errors: bool = False, analyzer: Analyzer = analyze_item) -> dict:
    outcomes = evaluate(items, analyzer)
    if show_errors:
        for outcome in outcomes:
            for line in outcome.errors:
                print(line)
    return summarize(outcomes)


# ---------------------------------------------------------------- grouped cross-validation

def site_of(item: dict) -> str:
    """The group of an item: the registrable domain of its URL (its id when it has none)."""
    url = item.get("url")
    if not url:
        return "no-url:" + str(item["id"])
    domain = get_fld(url, fail_silently=True)
    if domain:
        return str(domain)
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def grouped_folds(items: list[dict], k: int = 5) -> list[list[dict]]:
    """`k` folds of whole sites, balanced by size (largest site first into the smallest fold).

    Deterministic: ties between sites break on the site name, between folds on the fold index.
    """
    groups: dict[str, list[dict]] = {}
    for item in items:
        groups.setdefault(site_of(item), []).append(item)
    folds: list[list[dict]] = [[] for _ in range(k)]
    for _, members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        smallest = min(range(k), key=lambda i: (len(folds[i]), i))
        folds[smallest].extend(members)
    return folds


def cross_validate(items: list[dict], k: int = 5, fit: Fitter | None = None) -> dict:
    """Per-fold and pooled figures; `fit` (if any) sees the training folds only."""
    folds = grouped_folds(items, k)
    per_fold: list[dict] = []
    pooled: list[Outcome] = []
    for index, test in enumerate(folds):
        train = [item for other, fold in enumerate(folds) if other != index for item in fold]
        analyzer = fit(train) if fit is not None else analyze_item
        outcomes = evaluate(test, analyzer)
        pooled.extend(outcomes)
        summary = summarize(outcomes)
        summary["sites"] = len({site_of(item) for item in test})
        per_fold.append(summary)
    return {"k": k, "folds": per_fold, "pooled": summarize(pooled)}


# ---------------------------------------------------------------- the one fitted part: the threshold

def fit_threshold(train: list[dict]) -> tuple[float, Analyzer]:
    """The decision threshold on the classifier's score that maximizes F1 on `train`.

    The shipped classifier says "report" when its score is > 0; this fits that 0 from data instead:
    the middle of the range of cuts with the best training F1 (the widest margin), so
    cross-validation shows how much the threshold depends on the pages it was tuned on.
    """
    scored = sorted((classify_score(analyze_text(i["text"], i.get("url")).page)[0], i["label"] == "report")
                    for i in train)
    values = [value for value, _ in scored]
    cuts = [values[0] - 1.0] + [(a + b) / 2 for a, b in itertools.pairwise(values) if b > a]
    reports = sum(is_report for _, is_report in scored)

    def f1_at(cut: float) -> float:
        tp = sum(1 for value, is_report in scored if value > cut and is_report)
        fp = sum(1 for value, is_report in scored if value > cut and not is_report)
        return 2 * tp / (2 * tp + fp + (reports - tp)) if reports else 0.0

    scores = [round(f1_at(cut), 9) for cut in cuts]
    top = max(scores)
    # The first run of best cuts; its ends are the closest training scores on either side.
    first = scores.index(top)
    last = first
    while last + 1 < len(cuts) and scores[last + 1] == top:
        last += 1
    low = max((v for v in values if v <= cuts[first]), default=cuts[first])
    high = min((v for v in values if v > cuts[last]), default=cuts[last])
    best = (low + high) / 2

    def analyzer(text: str, url: str | None) -> AnalysisRecord:
        analysis = analyze_text(text, url)
        record = analysis.record("corpus")
        return record.model_copy(update={"is_report": classify_score(analysis.page)[0] > best})

    return best, analyzer


def score_margin(items: list[dict], closest: int = 3) -> dict:
    """The classifier scores nearest the decision on each side: how far the corpus is from flipping."""
    scored = [(classify_score(analyze_text(i["text"], i.get("url")).page)[0], i["id"], i["label"] == "report")
              for i in items]
    reports = sorted((round(s, 2), i) for s, i, r in scored if r)
    others = sorted(((round(s, 2), i) for s, i, r in scored if not r), reverse=True)
    return {"lowest_reports": reports[:closest], "highest_non_reports": others[:closest]}


def load_corpus(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_corpora(names: Iterable[str]) -> dict[str, list[dict]]:
    """Each corpus file's items by the file's stem; FileNotFoundError for the first one missing."""
    corpora: dict[str, list[dict]] = {}
    for name in names:
        path = Path(name)
        if not path.exists():
            raise FileNotFoundError(2, "corpus not found", str(path))
        corpora[path.stem] = load_corpus(path)
    return corpora


def format_table(result: dict) -> str:
    lines = [f"{'metric':<20}{'value':>8}"]
    for name in ("precision", "recall", "f1", "indicator_recall"):
        lines.append(f"{name:<20}{result[name]!s:>8}")
    for name, value in result["fields"].items():
        lines.append(f"{'field ' + name:<20}{value!s:>8}  (n={result['field_counts'][name]})")
    return "\n".join(lines)


def format_columns(columns: dict[str, dict]) -> str:
    """Several summaries side by side (dev, dev2, cross-validated)."""
    names = list(columns)
    lines = [f"{'metric':<22}" + "".join(f"{name:>16}" for name in names)]

    def row(label: str, get: Callable[[dict], object]) -> None:
        lines.append(f"{label:<22}" + "".join(f"{get(columns[n])!s:>16}" for n in names))

    row("items / reports", lambda r: f"{r['items']}/{r['reports']}")
    for metric in ("precision", "recall", "f1"):
        row(metric, lambda r, m=metric: r[m])
    for name in SCORED:
        row(f"{name}", lambda r, f=name: f"{r['fields'][f]} ({r['field_counts'][f]})")
    row("indicator_recall", lambda r: f"{r['indicator_recall']} ({r['indicators_labeled']})")
    return "\n".join(lines)


def format_folds(result: dict) -> str:
    lines = [f"{'fold':<6}{'sites':>6}{'items':>7}{'reports':>8}{'P':>8}{'R':>8}{'prov':>8}{'issuer':>8}"
             f"{'level':>8}{'year':>8}{'publ':>8}{'ind':>8}"]
    for index, fold in enumerate(result["folds"]):
        f = fold["fields"]
        lines.append(f"{index:<6}{fold['sites']:>6}{fold['items']:>7}{fold['reports']:>8}"
                     f"{fold['precision']:>8}{fold['recall']:>8}{f['province']!s:>8}{f['issuer']!s:>8}"
                     f"{f['level']!s:>8}{f['report_year']!s:>8}{f['published']!s:>8}"
                     f"{fold['indicator_recall']!s:>8}")
    return "\n".join(lines)
