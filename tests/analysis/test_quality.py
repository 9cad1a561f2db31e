"""The dev corpus targets of the analysis core (reads ../shared/corpus/dev.jsonl)."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.evaluation import load_corpus, score

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "dev.jsonl"


@pytest.fixture(scope="module")
def result() -> dict:
    if not CORPUS.exists():
        pytest.skip(f"../shared not present: no dev corpus at {CORPUS}")
    return score(load_corpus(CORPUS))


def test_report_detection_meets_targets(result: dict) -> None:
    assert result["precision"] >= 0.97, result
    assert result["recall"] >= 0.95, result


@pytest.mark.parametrize("field", ["province", "issuer", "level", "report_year", "published"])
def test_field_accuracy_on_true_reports(result: dict, field: str) -> None:
    assert result["fields"][field] >= 0.90, result


def test_indicator_value_recall(result: dict) -> None:
    assert result["indicator_recall"] >= 0.85, result
