"""Rebuild ``streams/analysis/data/gov_domains.tsv``: registrable gov.cn domain -> region code.

    .venv/bin/python tools/build_gov_domains.py

Sources, first wins: the portal registry (crawlers/data/portals.yaml: each portal's host and its
region_code), then the province portal domains of ``streams/analysis/data/sources.yaml``
(`province_domains`, by province name, resolved against the region table), then its city portal
domains (`city_domains`, by the name of one prefecture-level unit). The analysis reads
a page's place from its host with this table first (gd.gov.cn -> 广东省, cq.gov.cn -> 重庆市)
and with the region table's pinyin slugs second (rongchang.gov.cn -> 荣昌区, xjyl.gov.cn ->
新疆 + 伊犁). Rerun after editing either source.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streams.analysis import regions  # noqa: E402

REGISTRY = ROOT / "crawlers" / "data" / "portals.yaml"
SOURCES = ROOT / "streams" / "analysis" / "data" / "sources.yaml"
OUTPUT = ROOT / "streams" / "analysis" / "data" / "gov_domains.tsv"


def registrable(host: str) -> str | None:
    """sfj.beijing.gov.cn -> beijing.gov.cn (the label left of gov.cn names the government)."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) < 3 or labels[-2:] != ["gov", "cn"]:
        return None
    return ".".join(labels[-3:])


def main() -> int:
    table = regions.table()
    rows: dict[str, tuple[str, str, str]] = {}
    registry = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    for portal in registry.get("portals") or ():
        domain = registrable(urlsplit(portal["base_url"]).hostname or "")
        code = str(portal.get("region_code") or "")
        if domain and code in table.by_code and domain not in rows:
            rows[domain] = (code, table.units[table.by_code[code]].name, "portals.yaml")
    provinces = {unit.short: unit for unit in table.units if unit.level.value == "province"}
    listed = yaml.safe_load(SOURCES.read_text(encoding="utf-8")).get("province_domains") or {}
    for domain, name in listed.items():
        unit = provinces.get(name)
        domain = registrable(domain)
        if unit and domain and domain not in rows:
            rows[domain] = (unit.code, unit.name, "sources.yaml")
    cities: dict[str, list[regions.Unit]] = {}
    for unit in table.units:
        if unit.level.value == "prefecture":
            cities.setdefault(unit.name, []).append(unit)
    listed = yaml.safe_load(SOURCES.read_text(encoding="utf-8")).get("city_domains") or {}
    for domain, name in listed.items():
        units = cities.get(name, [])
        if len(units) != 1:
            raise SystemExit(f"city_domains: {domain}: {name} names {len(units)} prefecture-level units")
        domain = registrable(domain)
        if domain and domain not in rows:
            rows[domain] = (units[0].code, units[0].name, "sources.yaml")
    header = ("# registrable gov.cn domain -> GB/T 2260 region code; built by tools/build_gov_domains.py\n"
              "# columns: domain code name source\n")
    OUTPUT.write_text(header + "".join(f"{d}\t{c}\t{n}\t{s}\n" for d, (c, n, s) in sorted(rows.items())),
                      encoding="utf-8")
    print(f"{len(rows)} domains -> {OUTPUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
