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


class JsonList(Contract):
    """How to read a column served as JSON (the API behind an Angular/Vue portal page).

    Paths are JSONPath-like: dotted names and `[n]` indexes, an optional leading `$`
    (`data.records`, `$.result.list`, `$` for an answer that is the array itself); entry paths are
    relative to one entry. Without this mapping the `json` adapter guesses it from field names.
    """

    items: str = Field(min_length=1, description="Path to the array of entries, e.g. `data.list`")
    title: str = Field("title", min_length=1, description="Path in an entry to its title")
    url: str | None = Field(None, description="Path in an entry to its page address (absolute or relative "
                                              "to the API address)")
    url_template: str | None = Field(
        None, description="The entry's address built from its fields when it carries none, e.g. "
                          "`https://www.example.gov.cn/#/detail?id={id}` (`{path}` is a path in the entry)")
    date: str | None = Field(None, description="Path to the publication date: a date string, or Unix "
                                               "seconds/milliseconds (read in Beijing time)")
    total: str | None = Field(None, description="Path (from the answer's root) to the record total")
    total_pages: str | None = Field(None, description="Path (from the answer's root) to the page count")
    page_size: int | None = Field(None, ge=1, description="Entries per page; default: the entries on page 1")
    page_url: str | None = Field(
        None, description="Address of page N (absolute or relative to the column URL) with `{n}` "
                          "(1-based), `{index}` (counted from first_page), `{start}`/`{end}` (1-based "
                          "records), `{offset}`")
    page_param: str | None = Field(
        None, description="Query parameter of the column URL set to the page number (instead of page_url)")
    first_page: int = Field(1, ge=0, le=1, description="The number the API gives the first page: 0 or 1")

    @model_validator(mode="after")
    def _one_address_rule(self) -> JsonList:
        if self.url is not None and self.url_template is not None:
            raise ValueError("json_list: give `url` or `url_template`, not both")
        if self.url is None and self.url_template is None:
            raise ValueError("json_list: give `url` (path to the entry's address) or `url_template`")
        if self.page_url is not None and self.page_param is not None:
            raise ValueError("json_list: give `page_url` or `page_param`, not both")
        return self


class Column(Contract):
    """One list page to watch (its first page; adapters find the others)."""

    id: str = Field(pattern=SLUG, description="Unique within the portal, e.g. `tzgg`")
    name: str = Field(min_length=1, description="Column name as the portal shows it, e.g. 通知公告")
    url: str = Field(description="List page URL, absolute or relative to the portal's base_url")
    kind: ColumnKind = ColumnKind.notices
    json_list: JsonList | None = Field(
        None, description="The column is a JSON API: how to read it (overrides the portal's json_list)")


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
    cms: Literal["hanweb", "trs", "gkmlpt", "json", "generic"] | None = Field(
        None, description="Hint for the list adapter; the page fingerprint decides when absent")
    json_list: JsonList | None = Field(
        None, description="How to read the portal's columns served as JSON (adapter `json`)")
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

    def json_list_of(self, column: Column) -> JsonList | None:
        """The JSON mapping that applies to `column`: its own, else the portal's."""
        return column.json_list or self.json_list

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
