"""Grouped cross-validation: a site never sits on both sides; fitting sees training folds only."""

from __future__ import annotations

from schemas import AnalysisRecord
from streams.evaluation import cross_validate, grouped_folds, site_of, summarize
from streams.evaluation.scoring import judge


def item(number: int, url: str | None, label: str = "not_report") -> dict:
    return {"id": f"x{number:03d}", "url": url, "label": label, "text": "青岭市公告", "province": None,
            "issuer": None, "level": None, "report_year": None, "published": None, "indicators": []}


ITEMS = ([item(i, f"https://www.site{i % 7}.gov.cn/a/{i}.html") for i in range(30)]
         + [item(30 + i, f"http://news{i % 3}.example.com.cn/{i}") for i in range(9)]
         + [item(40 + i, None) for i in range(4)])


def test_site_is_the_registrable_domain() -> None:
    assert site_of(item(1, "https://sfj.gz.gov.cn/x")) == "gz.gov.cn"
    assert site_of(item(2, "http://www.gz.gov.cn/y")) == "gz.gov.cn"
    assert site_of(item(3, None)) != site_of(item(4, None))


def test_folds_partition_items_and_keep_sites_whole() -> None:
    folds = grouped_folds(ITEMS, 5)
    assert sorted(i["id"] for fold in folds for i in fold) == sorted(i["id"] for i in ITEMS)
    seen: dict[str, int] = {}
    for index, fold in enumerate(folds):
        for member in fold:
            assert seen.setdefault(site_of(member), index) == index
    assert max(map(len, folds)) - min(map(len, folds)) <= 6


def test_fit_sees_only_the_training_folds() -> None:
    fitted_on: list[set[str]] = []

    def fit(train: list[dict]):
        fitted_on.append({i["id"] for i in train})
        return lambda text, url: AnalysisRecord(source="t", is_report=False, kind="other", confidence=1.0)

    result = cross_validate(ITEMS, 4, fit=fit)
    folds = grouped_folds(ITEMS, 4)
    for train_ids, test in zip(fitted_on, folds, strict=True):
        assert not train_ids & {i["id"] for i in test}
    assert result["pooled"]["items"] == len(ITEMS)
    assert summarize([])["precision"] == 0.0


def test_issuer_forgives_leading_places_and_issuer_exact_does_not() -> None:
    report = dict(item(1, None, "report"), issuer="重庆市南岸区司法局")

    def record(issuer: str) -> AnalysisRecord:
        return AnalysisRecord(source="t", is_report=True, kind="annual_report", confidence=1.0, issuer=issuer)

    assert judge(report, record("南岸区司法局")).fields == {"issuer": True, "issuer exact": False}
    assert judge(report, record("重庆市 南岸区司法局")).fields == {"issuer": True, "issuer exact": True}
    assert judge(report, record("南岸区教育局")).fields == {"issuer": False, "issuer exact": False}
    # A name error is reported once, under the issuer.
    assert judge(report, record("南岸区教育局")).errors == [
        "x001 issuer: want '重庆市南岸区司法局' got '南岸区教育局'"]
