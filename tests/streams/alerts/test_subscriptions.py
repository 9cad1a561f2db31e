"""Subscriptions files: valid ones load, every mistake is a clear error naming where it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas import IssuerKind, Level
from streams.alerts.subscriptions import (
    SubscriptionsError,
    load_subscriptions,
    parse_subscriptions,
    province_key,
)

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "subscriptions.yaml"

VALID = """
schema_version: 1
subscriptions:
  - name: gd
    filters:
      provinces: [广东, 内蒙古自治区]
      region_codes: [44, "4401"]
      levels: [prefecture]
      issuer_kinds: [government]
      title_keywords: [法治政府]
      kinds: [new]
    channels: ["console://", "json://127.0.0.1:8080/hook"]
  - name: all.reports_2
    channels: ["mailto://user:pass@example.com"]
"""


def test_valid_file_loads_with_defaults() -> None:
    loaded = parse_subscriptions(VALID)
    first, second = loaded.subscriptions
    assert first.filters.region_codes == ["44", "4401"]  # YAML ints become code prefixes
    assert first.filters.levels == [Level.prefecture]
    assert first.filters.issuer_kinds == [IssuerKind.government]
    assert second.filters.kinds == ["new", "revised"]  # default: both
    assert second.enabled and second.filters.provinces == []


def test_example_file_is_valid() -> None:
    names = [s.name for s in load_subscriptions(EXAMPLE).subscriptions]
    assert "everything-console" in names and len(names) == len(set(names))


def test_empty_and_missing_files() -> None:
    assert parse_subscriptions("").subscriptions == []
    assert load_subscriptions("/nonexistent/subs.yaml", missing_ok=True).subscriptions == []
    with pytest.raises(SubscriptionsError, match=r"subs\.yaml: no such file"):
        load_subscriptions("/nonexistent/subs.yaml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A typo in a channel URL is refused by Apprise at load time.
        ("subscriptions:\n- name: a\n  channels: ['jsn://host/x']",
         r"subscription #1 'a': channels\[0\]: jsn://ho\.\.\.: Unparseable URL"),
        ("subscriptions:\n- name: a\n  channels: ['dingtalk://']",
         r"channels\[0\]: .*DingTalk"),
        ("subscriptions:\n- name: a\n  channels: ['not a url']", r"channels\[0\]: .*not a URL"),
        ("subscriptions:\n- name: a\n  channels: []", r"channels: List should have at least 1 item"),
        ("subscriptions:\n- name: a\n  filters: {provinces: [广冬]}\n  channels: ['console://']",
         r"filters\.provinces\[0\]: '广冬' is not a province"),
        ("subscriptions:\n- name: a\n  filters: {levels: [city]}\n  channels: ['console://']",
         r"subscription #1 'a': filters\.levels\[0\]: Input should be 'province', 'prefecture'"),
        ("subscriptions:\n- name: a\n  filters: {kinds: [sighting]}\n  channels: ['console://']",
         r"filters\.kinds\[0\]: Input should be 'new', 'revised', 'overdue' or 'late'"),
        ("subscriptions:\n- name: a\n  filters: {kinds: []}\n  channels: ['console://']",
         r"filters\.kinds: List should have at least 1 item"),
        ("subscriptions:\n- name: a\n  filters: {region_codes: [4a]}\n  channels: ['console://']",
         r"region code prefix '4a' is not 2 to 12 digits"),
        ("subscriptions:\n- name: a\n  filter: {}\n  channels: ['console://']",
         r"subscription #1 'a': filter: unknown field \(check the spelling\)"),
        ("subscriptions:\n- name: a\n  channels: ['console://']\n- name: a\n  channels: ['console://']",
         r"subscription name 'a' listed twice"),
        ("subscriptions:\n- name: 'has space'\n  channels: ['console://']",
         r"subscription #1 'has space': name: String should match pattern"),
        ("subscriptions:\n- channels: ['console://']", r"subscription #1: name: Field required"),
        ("subscriptions: [\n- name: a", r"not valid YAML at line 2, column 1"),
        ("- name: a", r"expected a mapping with a 'subscriptions' list, got list"),
        ("schema_version: 2", r"schema_version: Input should be 1"),
    ],
)
def test_mistakes_are_clear_errors(text: str, expected: str) -> None:
    with pytest.raises(SubscriptionsError, match=expected) as caught:
        parse_subscriptions(text, source="subs.yaml")
    assert str(caught.value).startswith("subs.yaml: ")


def test_every_problem_is_listed() -> None:
    text = ("subscriptions:\n- name: a\n  filters: {levels: [city], provinces: [广东]}\n"
            "  channels: ['console://']\n- name: b\n  channels: ['dingtalk://SECRET-TOKEN-123']")
    with pytest.raises(SubscriptionsError) as caught:
        parse_subscriptions(text, source="subs.yaml")
    message = str(caught.value)
    # The model error of #1 is reported; #2's Apprise check needs a valid model first.
    assert "subs.yaml: subscription #1 'a': filters.levels[0]" in message
    text = "subscriptions:\n- name: b\n  channels: ['dingtalk://SECRET-TOKEN-123', 'jsn://x', 'console://']"
    with pytest.raises(SubscriptionsError) as caught:
        parse_subscriptions(text, source="subs.yaml")
    message = str(caught.value)
    assert "2 problems" in message
    assert "subscription #1 'b': channels[0]: dingtalk://SE...: " in message
    assert "subscription #1 'b': channels[1]: jsn://x...: Unparseable URL" in message


@pytest.mark.parametrize(
    ("name", "key"),
    [("广东", "广东"), ("广东省", "广东"), ("内蒙古自治区", "内蒙古"), ("广西壮族自治区", "广西"),
     ("新疆维吾尔自治区", "新疆"), ("北京市", "北京"), ("香港特别行政区", "香港"), (None, None)],
)
def test_provinces_compare_without_suffix(name: str | None, key: str | None) -> None:
    assert province_key(name) == key
