"""Which subscriptions a report event fires."""

from __future__ import annotations

import pytest

from schemas import Level
from schemas.subscriptions import Subscription
from streams.alerts.matching import matching_subscriptions


def sub(name: str = "s", enabled: bool = True, **filters: object) -> Subscription:
    return Subscription(name=name, enabled=enabled, filters=filters, channels=["console://"])


@pytest.mark.parametrize(
    ("filters", "fires"),
    [
        ({}, True),
        ({"provinces": ["广东"]}, True),            # 广东 = 广东省
        ({"provinces": ["广东省"]}, True),
        ({"provinces": ["广西", "广东"]}, True),     # any of the listed values
        ({"provinces": ["广西"]}, False),
        ({"region_codes": ["44"]}, True),
        ({"region_codes": ["4401"]}, True),
        ({"region_codes": ["4403", "4401"]}, True),
        ({"region_codes": ["4403"]}, False),
        ({"levels": ["prefecture"]}, True),
        ({"levels": ["county", "province"]}, False),
        ({"issuer_kinds": ["government"]}, True),
        ({"issuer_kinds": ["department"]}, False),
        ({"title_keywords": ["法治政府"]}, True),
        ({"title_keywords": ["依法行政", "２０２３"]}, True),  # full-width digits fold
        ({"title_keywords": ["依法行政"]}, False),
        ({"kinds": ["new"]}, True),
        ({"kinds": ["revised"]}, False),
        # all filters must hold
        ({"provinces": ["广东"], "levels": ["prefecture"], "title_keywords": ["广州"]}, True),
        ({"provinces": ["广东"], "levels": ["county"]}, False),
    ],
)
def test_filters(report, filters: dict, fires: bool) -> None:
    assert bool(matching_subscriptions(report("new"), [sub(**filters)])) is fires


def test_sightings_never_alert_and_kinds_select(report) -> None:
    everything = sub("all")
    revised_only = sub("rev", kinds=["revised"])
    assert matching_subscriptions(report("sighting"), [everything, revised_only]) == []
    assert [s.name for s in matching_subscriptions(report("revised"), [everything, revised_only])] == [
        "all", "rev"]
    assert [s.name for s in matching_subscriptions(report("new"), [everything, revised_only])] == ["all"]


def test_disabled_subscriptions_do_not_fire(report) -> None:
    assert matching_subscriptions(report("new"), [sub(enabled=False)]) == []


@pytest.mark.parametrize(
    "filters",
    [{"provinces": ["广东"]}, {"region_codes": ["44"]}, {"levels": ["prefecture"]},
     {"issuer_kinds": ["government"]}, {"title_keywords": ["报告"]}],
)
def test_unknown_field_does_not_match_a_filter_on_it(report, filters: dict) -> None:
    unknown = report("new", province=None, prefecture=None, code=None, level=None, issuer_kind=None,
                     title=None)
    assert matching_subscriptions(unknown, [sub(**filters)]) == []
    assert matching_subscriptions(unknown, [sub()])  # no filter: still fires


def test_autonomous_region_names(report) -> None:
    inner_mongolia = report("new", province="内蒙古自治区", prefecture="呼和浩特市", code="150100",
                            level=Level.prefecture)
    assert matching_subscriptions(inner_mongolia, [sub(provinces=["内蒙古"])])
    assert matching_subscriptions(inner_mongolia, [sub(provinces=["内蒙古自治区"])])
    assert not matching_subscriptions(inner_mongolia, [sub(provinces=["广东"])])
