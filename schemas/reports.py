"""What a report states: issuer, place, year, sections, timeliness and indicators."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import Field

from schemas._base import Contract


class IssuerKind(StrEnum):
    government = "government"
    party_and_government = "party_and_government"
    department = "department"
    other = "other"


class Level(StrEnum):
    province = "province"
    prefecture = "prefecture"
    county = "county"
    township = "township"


class Region(Contract):
    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    township: str | None = None
    code: str | None = Field(None, description="Most specific GB/T 2260 division code known")
    confidence: float = Field(0.0, ge=0.0, le=1.0)


class Sections(Contract):
    """The five items a report must contain (法治政府建设与责任落实督察工作规定 art. 25)."""

    measures: bool = Field(False, description="主要举措和成效")
    shortcomings: bool = Field(False, description="存在的不足和原因")
    first_responsibility: bool = Field(False, description="党政主要负责人履行第一责任人职责情况")
    next_year_plan: bool = Field(False, description="下一年度主要安排")
    other: bool = Field(False, description="其他需要报告的情况")

    @property
    def missing(self) -> list[str]:
        return [name for name, present in self.model_dump().items() if not present]


class Indicator(Contract):
    key: str = Field(description="Catalogue key, e.g. reconsideration.received")
    label: str = Field(description="Chinese label from the catalogue")
    value: int | float
    unit: str
    approximate: bool = Field(False, description="余/多/以上/近/逾")
    evidence: str = Field(description="The sentence the value was read from")
    start: int = Field(ge=0, description="Offset of the value in the page text")
    end: int = Field(ge=0)


class ReportFacts(Contract):
    schema_version: Literal[1] = 1
    issuer: str | None = None
    issuers: list[str] = Field(default_factory=list, description="Joint issuers, split")
    issuer_kind: IssuerKind | None = None
    region: Region = Field(default_factory=Region)
    level: Level | None = Field(None, description="Level of the place the issuer belongs to")
    report_year: int | None = Field(None, description="The year covered, not the year published")
    published: date | None = None
    addressee: str | None = None
    sections: Sections = Field(default_factory=Sections)
    deadline: date | None = None
    on_time: bool | None = None
    indicators: list[Indicator] = Field(default_factory=list)
