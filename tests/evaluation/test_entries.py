"""streams.evaluation.entries: entries taken out of a copy of the data files, the checkout untouched."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from streams.evaluation import entries as tool


def test_an_alternative_is_left_out_and_the_rest_still_match() -> None:
    pattern = tool.without_alternative("(?:甲|乙(?:丙|丁)|戊)", "乙(?:丙|丁)")
    assert pattern == "(?:甲|戊)"
    assert re.search(pattern, "戊") and not re.search(pattern, "乙丙")
    assert tool.without_alternative("(?i)bet|im体育", "bet") == "(?i)(?:im体育)"
    assert tool.without_alternative("甲", "甲") == "(?!)"        # nothing left: matches nothing
    assert tool.without_alternative("甲|乙", "丙") == "(?:甲|乙)"  # not there: unchanged alternatives


def test_the_ablated_copy_lacks_the_removed_entries_only(tmp_path: Path) -> None:
    checkout = tool.load_yaml("extract_issuers.yaml")["self_references"]
    word = next(iter(checkout))
    names = tool.load_yaml("issuer_names.yaml")
    tsv = tool.DATA_DIR / "host_departments.tsv"
    tsv_lines = tsv.read_text(encoding="utf-8").splitlines()
    derived = {line.split("\t")[2].removeprefix("short ") for line in tsv_lines if "\tshort " in line}
    # A department whose first short form has a host label derived from it alone.
    canonical, forms = next((name, forms) for name, forms in names["departments"].items()
                            if forms and forms[0] in derived)
    tool.ablated_tree(tmp_path, [tool.remove_key("extract_issuers.yaml", "self_references", word),
                                 tool.remove_short_name(forms[0]),
                                 tool.remove_signal(0)])
    data = tmp_path / "streams" / "analysis" / "data"
    ablated = yaml.safe_load((data / "extract_issuers.yaml").read_text(encoding="utf-8"))["self_references"]
    assert word not in ablated and len(ablated) == len(checkout) - 1
    ablated_names = yaml.safe_load((data / "issuer_names.yaml").read_text(encoding="utf-8"))
    assert ablated_names["departments"][canonical] == forms[1:]
    lines = (data / "host_departments.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    assert all(row[2] != f"short {forms[0]}" for row in rows)
    assert len(rows) < sum(1 for line in tsv_lines if line and not line.startswith("#"))
    signals = yaml.safe_load((data / "classify.yaml").read_text(encoding="utf-8"))["signals"]
    assert signals[0]["pattern"] == "(?!)"
    assert signals[1] == tool.load_yaml("classify.yaml")["signals"][1]
    # The checkout's own files are untouched.
    assert word in tool.load_yaml("extract_issuers.yaml")["self_references"]
    assert (tmp_path / "schemas" / "__init__.py").exists()


def test_a_portal_domain_taken_out_leaves_the_built_domain_table_too(tmp_path: Path) -> None:
    # The analysis reads gov_domains.tsv, built from sources.yaml: removing the list entry alone would
    # change nothing. A row the portal registry gave stays.
    tool.ablated_tree(tmp_path, [tool.remove_host("city_domains", "gz.gov.cn"),
                                 tool.remove_host("province_domains", "cq.gov.cn")])
    data = tmp_path / "streams" / "analysis" / "data"
    cities = yaml.safe_load((data / "sources.yaml").read_text(encoding="utf-8"))["city_domains"]
    assert "gz.gov.cn" not in cities and "sz.gov.cn" in cities
    rows = (data / "gov_domains.tsv").read_text(encoding="utf-8").splitlines()
    domains = [row.split("\t")[0] for row in rows]
    assert "gz.gov.cn" not in domains and "sz.gov.cn" in domains
    assert "cq.gov.cn" in domains                      # from crawlers/data/portals.yaml
    assert "gz.gov.cn" in (tool.DATA_DIR / "gov_domains.tsv").read_text(encoding="utf-8")
