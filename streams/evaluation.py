"""Score the analysis against a labeled JSONL corpus (the format of shared/corpus/dev.jsonl).

Used by `bench/quality.py` and by `fazhi demo`.

Matching rules (documented in the README):
- province compares without its suffix (广东 = 广东省 = 广东省人民政府's 广东);
- issuer compares after removing spaces and joint-issuer separators (、 和 及), and a
  prediction that differs from the label only by leading place names (重庆市 + 长寿区司法局) counts;
- level: a `department` label means issuer_kind == department, otherwise level == label;
- a labeled indicator is recalled when some extracted indicator has the same value and unit.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from schemas import AnalysisRecord
from streams.analysis import analyze_text

FIELDS = ("province", "issuer", "level", "report_year", "published")
PROVINCE_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
SEPARATORS = re.compile(r"[\s、,,和及与/]+")
PLACE_PREFIX = re.compile(r"^(?:.{1,8}?(?:省|自治区|市|州|盟|地区|区|县|旗))+$")


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
    label = item[field]
    if field == "province":
        return province_key(record.province) == province_key(label)
    if field == "issuer":
        return issuer_matches(record.issuer, label)
    if field == "level":
        if label == "department":
            return record.issuer_kind == "department"
        return record.issuer_kind != "department" and record.level == label
    if field == "published":
        return (record.published.isoformat() if record.published else None) == label
    return getattr(record, field) == label


def same_value(a: float, b: float) -> bool:
    return abs(float(a) - float(b)) < 1e-6


def score(items: list[dict], show_errors: bool = False) -> dict:
    """Classification P/R/F1, field accuracies on true reports, indicator value recall."""
    tp = fp = fn = 0
    right = dict.fromkeys(FIELDS, 0)
    seen = dict.fromkeys(FIELDS, 0)
    ind_total = ind_hit = 0
    errors: list[str] = []
    for item in items:
        record = analyze_text(item["text"], item.get("url")).record(item["id"], item["id"])
        is_report = item["label"] == "report"
        if record.is_report and is_report:
            tp += 1
        elif record.is_report:
            fp += 1
            errors.append(f"{item['id']} FP kind={record.kind} reasons={record.reasons}")
        elif is_report:
            fn += 1
            errors.append(f"{item['id']} FN kind={record.kind} reasons={record.reasons}")
        if not is_report:
            continue
        for field in FIELDS:
            if item.get(field) is None:
                continue
            seen[field] += 1
            if field_ok(field, record, item):
                right[field] += 1
            else:
                got = record.issuer_kind if field == "level" and item[field] == "department" \
                    else getattr(record, field)
                errors.append(f"{item['id']} {field}: want {item[field]!r} got {got!r}")
        for wanted in item.get("indicators") or []:
            ind_total += 1
            if any(same_value(i.value, wanted["value"]) and i.unit == wanted["unit"]
                   for i in record.indicators):
                ind_hit += 1
            else:
                errors.append(f"{item['id']} indicator missed: {wanted}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    if show_errors:
        for line in errors:
            print(line)
    return {
        "items": len(items),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "fields": {f: round(right[f] / seen[f], 4) if seen[f] else None for f in FIELDS},
        "field_counts": seen,
        "indicator_recall": round(ind_hit / ind_total, 4) if ind_total else None,
        "indicators_labeled": ind_total,
    }


def load_corpus(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def format_table(result: dict) -> str:
    lines = [f"{'metric':<20}{'value':>8}"]
    for name in ("precision", "recall", "f1", "indicator_recall"):
        lines.append(f"{name:<20}{result[name]!s:>8}")
    for name, value in result["fields"].items():
        lines.append(f"{'field ' + name:<20}{value!s:>8}  (n={result['field_counts'][name]})")
    return "\n".join(lines)
