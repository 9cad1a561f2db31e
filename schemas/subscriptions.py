"""Alert subscriptions: the YAML file users edit (``FAZHI_SUBSCRIPTIONS_FILE``).

    schema_version: 1
    subscriptions:
      - name: guangdong-new             # id: letters, digits, '-', '_', '.'
        filters:                         # every filter given must match; an empty one matches all
          provinces: [广东]               # 广东 = 广东省
          region_codes: ["4401"]         # GB/T 2260 code prefixes
          levels: [prefecture, county]
          issuer_kinds: [government]
          title_keywords: [法治政府]       # any of them, in the report title
          kinds: [new, overdue]          # new, revised (default both), overdue, late
        digest: daily                    # one message a day with the day's events (default: off)
        quiet_hours: "22:00-08:00"       # Beijing time: alerts held, sent when the hours end
        channels:                        # Apprise URLs
          - console://
          - json://127.0.0.1:8080/hook

Within one filter the listed values are alternatives (any of them); across filters all must
hold. Channels are checked against Apprise when the file is loaded (`streams.alerts.subscriptions`),
so a typo in a URL is a configuration error, not a silent non-delivery.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from schemas._base import Contract
from schemas.reports import IssuerKind, Level

AlertKind = Literal["new", "revised", "overdue", "late"]
DigestMode = Literal["off", "daily"]

_NAME = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _distinct(values: list, what: str) -> list:
    seen = []
    for value in values:
        if value in seen:
            raise ValueError(f"{what} {value!r} listed twice")
        seen.append(value)
    return values


def _channel_url(value: str) -> str:
    value = value.strip()
    if not _URL_SCHEME.match(value):
        raise ValueError(f"channel {value!r} is not a URL (scheme://...)")
    return value


ChannelUrl = Annotated[str, AfterValidator(_channel_url)]


class SubscriptionFilters(Contract):
    """What a report event must be for the subscription to fire. Empty lists do not constrain."""

    provinces: list[str] = Field(
        default_factory=list,
        description="Province names, with or without suffix (广东 = 广东省, 内蒙古 = 内蒙古自治区)",
    )
    region_codes: list[str] = Field(
        default_factory=list,
        description="GB/T 2260 division code prefixes (2-12 digits): 44 = Guangdong, 4401 = Guangzhou",
    )
    levels: list[Level] = Field(default_factory=list, description="Level of the issuer's place")
    issuer_kinds: list[IssuerKind] = Field(default_factory=list)
    title_keywords: list[str] = Field(
        default_factory=list, description="Any of these in the report title (case-insensitive)"
    )
    kinds: list[AlertKind] = Field(
        default_factory=lambda: ["new", "revised"],
        min_length=1,
        description="Event kinds to alert on: new and revised reports (sightings of a known report never "
                    "alert), overdue (an expected issuer in scope has no report once the deadline passed, "
                    "after a full crawl pass of the columns in scope) and late (a report published after "
                    "its deadline). Title keywords do not constrain overdue alerts (there is no title).",
    )

    @field_validator("provinces", "title_keywords")
    @classmethod
    def _non_blank(cls, values: list[str]) -> list[str]:
        cleaned = [value.strip() for value in values]
        if any(not value for value in cleaned):
            raise ValueError("empty entry")
        return _distinct(cleaned, "entry")

    @field_validator("region_codes", mode="before")
    @classmethod
    def _codes_as_text(cls, values: object) -> object:
        # YAML reads `44` as an int; a code prefix is text (leading zeros do not occur, but 4401 ok).
        if isinstance(values, list):
            return [str(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in values]
        return values

    @field_validator("region_codes")
    @classmethod
    def _codes(cls, values: list[str]) -> list[str]:
        for value in values:
            if not re.fullmatch(r"\d{2,12}", value):
                raise ValueError(f"region code prefix {value!r} is not 2 to 12 digits")
        return _distinct(values, "region code")

    @field_validator("levels", "issuer_kinds", "kinds")
    @classmethod
    def _no_repeats(cls, values: list) -> list:
        return _distinct(values, "value")


class Subscription(Contract):
    name: str = Field(pattern=_NAME, description="Unique id: dedup key of its alerts, so keep it stable")
    description: str | None = None
    enabled: bool = True
    filters: SubscriptionFilters = Field(default_factory=SubscriptionFilters)
    digest: DigestMode = Field(
        "off", description="daily: the day's alerts in one message, sent the next morning (Beijing time)")
    quiet_hours: str | None = Field(
        None, pattern=r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$",
        description="HH:MM-HH:MM, Beijing time (may span midnight): alerts are held and sent when it ends")
    channels: list[ChannelUrl] = Field(
        min_length=1,
        description=(
            "Apprise URLs: console:// (standard output), json://host:port/path (JSON webhook), "
            "mailto://, dingtalk://, wecombot://, feishu://, ..."
        ),
    )

    @field_validator("channels")
    @classmethod
    def _distinct_urls(cls, values: list[str]) -> list[str]:
        return _distinct(values, "channel")


class SubscriptionsFile(Contract):
    """The whole subscriptions file."""

    schema_version: Literal[1] = 1
    subscriptions: list[Subscription] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_names(self) -> SubscriptionsFile:
        _distinct([s.name for s in self.subscriptions], "subscription name")
        return self
