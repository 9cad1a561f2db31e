"""The issue's targets on the fresh probes (bench/probes/*.jsonl): pages written for the analysis by
testers who had not read the corpora or the rules, labeled by the corpus conventions. They ship with the
repository (our own texts), so these tests always run; the figures they guard are in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.evaluation import load_corpus, score

PROBES = sorted((Path(__file__).resolve().parents[2] / "bench" / "probes").glob("*.jsonl"))


@pytest.fixture(scope="module")
def result() -> dict:
    assert PROBES, "bench/probes holds no probe set"
    return score([item for path in PROBES for item in load_corpus(path)])


def test_probe_sets_are_there_and_labeled_by_the_corpus_fields() -> None:
    fields = {"id", "url", "text", "label", "province", "issuer", "level", "report_year", "published",
              "indicators"}
    for path in PROBES:
        items = load_corpus(path)
        assert items, path
        for item in items:
            assert set(item) <= fields and item["label"] in {"report", "not_report"}, (path.name, item["id"])


def test_report_detection_meets_the_issues_targets(result: dict) -> None:
    assert result["precision"] >= 0.95, result
    assert result["recall"] >= 0.95, result


@pytest.mark.parametrize("field", ["province", "issuer", "level", "report_year", "published"])
def test_every_field_meets_the_issues_target(result: dict, field: str) -> None:
    assert result["fields"][field] >= 0.90, result


def test_indicator_value_recall_meets_the_issues_target(result: dict) -> None:
    assert result["indicator_recall"] >= 0.90, result
