from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from crawlers.adapters import CMS_NAMES, detect_cms, parse_list
from crawlers.adapters._fingerprints import FINGERPRINTS_FILE, parse_fingerprints

from ._pages import (
    GENERIC_URL,
    GKMLPT_API_URL,
    GKMLPT_ARTICLES_URL,
    GKMLPT_SHELL_URL,
    HANWEB_COLUMN_URL,
    HANWEB_JPAGE_URL,
    HANWEB_PROXY_URL,
    REVERSE_COLUMN,
    SPA_API_URL,
    TRS_INDEX_URL,
    TRS_LAST_URL,
    TRS_PAGE_DIV_URL,
    TRS_POLICY_URL,
    TRS_SAVED_URL,
    WEBPLUS_URL,
    page,
)

FIXTURES = [
    ("hanweb_column.html", HANWEB_COLUMN_URL, "hanweb"),
    ("hanweb_dataproxy.xml", HANWEB_PROXY_URL, "hanweb"),
    ("trs_index.html", TRS_INDEX_URL, "trs"),
    ("trs_index_2.html", TRS_LAST_URL, "trs"),
    ("gkmlpt_api_page1.json", GKMLPT_API_URL, "gkmlpt"),
    ("gkmlpt_shell.html", GKMLPT_SHELL_URL, "gkmlpt"),
    ("generic_list.html", GENERIC_URL, "generic"),
    ("trs_page_div_fg_1.shtml", TRS_PAGE_DIV_URL, "trs"),
    ("trs_saved_countpage.html", TRS_SAVED_URL, "trs"),
    ("trs_policy_jiedu.html", TRS_POLICY_URL, "trs"),
    ("reverse_index.html", REVERSE_COLUMN + "index.html", "generic"),
    ("hanweb_jpage_total.html", HANWEB_JPAGE_URL, "hanweb"),
    ("webplus_undated.html", WEBPLUS_URL, "generic"),
    ("spa_api_page1.json", SPA_API_URL, "json"),
    ("gkmlpt_api_articles.json", GKMLPT_ARTICLES_URL, "gkmlpt"),
]


@pytest.mark.parametrize(("name", "url", "expected"), FIXTURES)
def test_detect_cms_on_fixture_pages(name: str, url: str, expected: str) -> None:
    assert detect_cms(url, page(name)) == expected


def test_single_weak_signal_is_not_enough() -> None:
    # A page linking to one TRS-style detail page is not a TRS list.
    body = "<ul><li><a href='http://x.gov.cn/a/202401/t20240101_1.html'>转载</a> 2024-01-01</li></ul>"
    assert detect_cms("http://www.example.com/news/", body) == "generic"
    assert detect_cms("http://www.example.com/", "") == "generic"


def test_fingerprint_file_is_valid_and_names_every_adapter() -> None:
    loaded = parse_fingerprints(yaml.safe_load(FINGERPRINTS_FILE.read_text(encoding="utf-8")))
    assert {cms.name for cms in loaded.cms} | {loaded.generic} == set(CMS_NAMES)


@pytest.mark.parametrize("document", [
    [],
    {"cms": {"x": {"min_score": 1, "signals": [{"weight": 1}]}}},
    {"cms": {"x": {"min_score": 1, "signals": [{"pattern": "(", "weight": 1}]}}},
    {"cms": {"x": {"min_score": 0, "signals": []}}},
])
def test_malformed_fingerprints_are_a_clear_error(document: object) -> None:
    with pytest.raises(ValueError, match="cms fingerprints"):
        parse_fingerprints(document)


@pytest.mark.parametrize(("name", "url", "expected"), FIXTURES)
def test_auto_dispatch_matches_the_detected_cms(name: str, url: str, expected: str) -> None:
    listed = parse_list("auto", url, page(name))
    assert listed.cms == expected and listed.ok


def test_unknown_cms_name_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="unknown CMS 'wordpress'"):
        parse_list("wordpress", GENERIC_URL, b"<html></html>")


@pytest.mark.parametrize("cms", CMS_NAMES)
def test_empty_body_is_an_outcome(cms: str) -> None:
    listed = parse_list(cms, GENERIC_URL, b"")
    assert listed.error == "empty body" and listed.items == () and listed.list_hash


def test_registry_hint_gives_way_to_a_confident_fingerprint() -> None:
    listed = parse_list("hanweb", TRS_POLICY_URL, page("trs_policy_jiedu.html"))
    assert listed.cms == "trs" and len(listed.items) == 15
    assert listed.notes[0] == "registry hint 'hanweb' overridden: the page fingerprints as 'trs'"
    forced = parse_list("hanweb", TRS_POLICY_URL, page("trs_policy_jiedu.html"), strict=True)
    assert forced.cms == "hanweb"


@settings(max_examples=60, deadline=None)
@given(fixture=st.sampled_from(FIXTURES), cms=st.sampled_from((*CMS_NAMES, None)), cut=st.floats(0, 1),
       noise=st.binary(max_size=64))
def test_truncated_or_corrupted_pages_never_raise(
    fixture: tuple[str, str, str], cms: str | None, cut: float, noise: bytes
) -> None:
    name, url, _ = fixture
    body = page(name)
    at = int(len(body) * cut)
    listed = parse_list(cms, url, body[:at] + noise + body[at + len(noise):])
    assert all(item.url.startswith(("http://", "https://")) for item in listed.items)
    assert len(listed.list_hash) == 64
