from __future__ import annotations

import pytest
from pydantic import ValidationError

from schemas import AnalysisRecord, CleanedPage, Indicator, ReportFacts, Sections, Verdict
from schemas.export import EXPORTED, JSON_DIR, render, stale


def test_committed_json_schemas_are_current() -> None:
    assert stale() == [], "run `fazhi schemas export` and commit schemas/json/"


def test_every_exported_file_is_valid_json_schema_of_a_closed_model() -> None:
    import json

    for name, model in EXPORTED.items():
        schema = json.loads((JSON_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert schema == json.loads(render(model))
        assert schema.get("additionalProperties") is False, name


@pytest.mark.parametrize("model", [CleanedPage, Verdict, ReportFacts, AnalysisRecord])
def test_models_are_closed(model: type) -> None:
    required = {"Verdict": {"is_report": False, "kind": "other", "confidence": 0.1},
                "AnalysisRecord": {"source": "x"}}.get(model.__name__, {})
    with pytest.raises(ValidationError, match="extra"):
        model(**required, unexpected_field=1)


def test_models_are_versioned() -> None:
    for model in (CleanedPage, Verdict, ReportFacts, AnalysisRecord):
        assert model.model_fields["schema_version"].default == 1


def test_verdict_confidence_is_bounded() -> None:
    with pytest.raises(ValidationError):
        Verdict(is_report=True, kind="annual_report", confidence=1.5)


def test_indicator_round_trips_through_json() -> None:
    hit = Indicator(key="reconsideration.received", label="行政复议收到申请", value=82, unit="件",
                    approximate=False, evidence="收到行政复议申请82件", start=8, end=10)
    assert Indicator.model_validate_json(hit.model_dump_json()) == hit


def test_sections_lists_what_is_missing() -> None:
    sections = Sections(measures=True, shortcomings=True, next_year_plan=True)
    assert sections.missing == ["first_responsibility", "other"]
