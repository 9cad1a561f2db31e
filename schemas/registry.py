"""The portal registry: which government portals and columns the crawlers watch, and how.

A YAML file (``crawlers/data/portals.yaml`` is the starter) validated by `Registry`. Column URLs
may be written relative to the portal's `base_url`; the model stores them absolute.
"""

from __future__ import annotations

import ipaddress
import re
from enum import StrEnum
from typing import Literal
from urllib.parse import urljoin, urlsplit

from pydantic import Field, field_validator, model_validator

from schemas._base import Contract
from schemas.reports import Level

SLUG = r"^[a-z0-9][a-z0-9_-]*$"


_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")  # `_`: not DNS-legal, seen on real sites


def _valid_host(host: str) -> bool:
    """An IP address, or a DNS name (internationalized ones too) of well-formed labels."""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        pass
    try:
        ascii_name = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return len(ascii_name) <= 253 and all(_HOST_LABEL.match(label) for label in ascii_name.split("."))


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an absolute http(s) URL: {value!r}")
    try:
        parts.port  # noqa: B018 - raises for a port that is not a number in range
    except ValueError:
        raise ValueError(f"bad port in URL {value!r}") from None
    if not _valid_host(parts.hostname) or any(ch.isspace() for ch in value):
        raise ValueError(f"bad host name in URL {value!r}")
    return value


class ColumnKind(StrEnum):
    notices = "notices"  # 通知公告: mostly unrelated notices, reports misfiled among them
    reports = "reports"  # a 法治政府建设年度报告 专栏


class Column(Contract):
    """One list page to watch (its first page; adapters find the others)."""

    id: str = Field(pattern=SLUG, description="Unique within the portal, e.g. `tzgg`")
    name: str = Field(min_length=1, description="Column name as the portal shows it, e.g. 通知公告")
    url: str = Field(description="List page URL, absolute or relative to the portal's base_url")
    kind: ColumnKind = ColumnKind.notices


class Schedule(Contract):
    """Revisit interval of the portal's columns, in seconds, adapted between the bounds."""

    base_interval: float = Field(6 * 3600, gt=0, description="Starting revisit interval")
    min_interval: float = Field(3600, gt=0, description="Never revisit more often than this")
    max_interval: float = Field(24 * 3600, gt=0, description="Never wait longer than this")
    season_factor: float = Field(
        0.25, gt=0, le=1,
        description="Multiplies the interval from January to April, when most reports appear "
                    "(0.25 = four times as often); the bounds still apply")

    @model_validator(mode="after")
    def _ordered(self) -> Schedule:
        if not self.min_interval <= self.base_interval <= self.max_interval:
            raise ValueError("schedule needs min_interval <= base_interval <= max_interval")
        return self


class Politeness(Contract):
    """Per-portal overrides; the fetcher uses the stricter of these, the settings and robots.txt."""

    delay: float | None = Field(None, ge=0, le=3600, description="Minimum seconds between requests to a host")
    concurrency: int | None = Field(None, ge=1, le=4, description="Requests in flight per host (default 1)")


class Portal(Contract):
    id: str = Field(pattern=SLUG, description="Stable slug, e.g. `gd-gov`, `gd-sft`")
    name: str = Field(min_length=1, description="Issuing body, e.g. 广东省人民政府")
    region_code: str = Field(pattern=r"^\d{6}$", description="GB/T 2260 code of the place, e.g. 440000")
    level: Level = Field(description="Level of the place the portal belongs to")
    base_url: str
    columns: list[Column] = Field(min_length=1)
    cms: Literal["hanweb", "trs", "gkmlpt", "generic"] | None = Field(
        None, description="Hint for the list adapter; the page fingerprint decides when absent")
    schedule: Schedule = Field(default_factory=Schedule)
    politeness: Politeness | None = None
    proxy: str | None = Field(None, description="http://, https:// or socks5:// proxy for this portal")
    allow_private: bool = Field(
        False, description="Allow private/loopback addresses: tests and the demo portal only")
    verified: bool = Field(False, description="A person checked the URLs against the live site")

    @field_validator("base_url")
    @classmethod
    def _base_is_http(cls, value: str) -> str:
        return _http_url(value)

    @field_validator("proxy")
    @classmethod
    def _proxy_scheme(cls, value: str | None) -> str | None:
        if value is not None:
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https", "socks5") or not parts.hostname:
                raise ValueError(f"proxy must be an http://, https:// or socks5:// URL: {value!r}")
        return value

    @model_validator(mode="after")
    def _columns_absolute_and_unique(self) -> Portal:
        seen: set[str] = set()
        for column in self.columns:
            if column.id in seen:
                raise ValueError(f"duplicate column id {column.id!r} in portal {self.id!r}")
            seen.add(column.id)
            column.url = _http_url(urljoin(self.base_url, column.url))
        return self

    def column(self, column_id: str) -> Column:
        for column in self.columns:
            if column.id == column_id:
                return column
        raise KeyError(column_id)


class Registry(Contract):
    """The registry file."""

    schema_version: Literal[1] = 1
    portals: list[Portal] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> Registry:
        seen: set[str] = set()
        for portal in self.portals:
            if portal.id in seen:
                raise ValueError(f"duplicate portal id {portal.id!r}")
            seen.add(portal.id)
        return self

    def portal(self, portal_id: str) -> Portal:
        for portal in self.portals:
            if portal.id == portal_id:
                return portal
        raise KeyError(portal_id)
