"""Rebuild ``streams/analysis/data/regions.tsv.gz`` from the division table shipped in the jionlp wheel.

    pip download --no-deps jionlp -d /tmp/wheels
    .venv/bin/python tools/build_regions.py /tmp/wheels/jionlp-1.5.31-py2.py3-none-any.whl

Source: ``jionlp/dictionary/china_location.zip`` (Apache-2.0), a tab-indented tree
province / prefecture / county (with 6-digit GB/T 2260 codes), then townships and villages
(no codes). We keep provinces, prefectures, counties and townships (镇/乡/街道/苏木, Beijing's 地区), drop
villages, and flatten two pseudo levels of the source:

- 直辖市 (北京/上海/天津/重庆) repeat themselves as a prefecture row: their districts are
  attached directly to the province (they are county level);
- ``省直辖行政区划`` (codes with 90 in digits 3-4: 潜江 429005, 济源 419001, 石河子 659001 ...)
  is not a place: its counties are attached directly to the province;
- ``市直辖行政区划`` under 不设区的市 (东莞, 中山, 儋州, 嘉峪关) is not a place either:
  their townships are attached directly to the prefecture.

Each unit also gets pinyin slugs (pypinyin, build time only) so that the runtime resolver can
read a government host name (rongchang.gov.cn, hzsc.gov.cn) without a pinyin library.

Traditional-character pages (江門市農業農村局) are converted with OpenCC before names are read
(streams/analysis/_script.py), so no character table is built here.

Output rows (tab separated, ``#`` lines are the header):
    level  code  name  short  parent  slugs  flags
level is P (province), C (prefecture), K (county), T (township; code empty, parent = county
or prefecture code); slugs are comma separated; flags ``g`` marks generic names (城区, 郊区)
that must not be read as evidence from free text.
"""

from __future__ import annotations

import argparse
import gzip
import io
import re
import sys
import zipfile
from pathlib import Path

from pypinyin import Style, lazy_pinyin, load_phrases_dict

DATA_DIR = Path(__file__).resolve().parents[1] / "streams" / "analysis" / "data"
OUTPUT = DATA_DIR / "regions.tsv.gz"
TABLE_MEMBER = "jionlp/dictionary/china_location.zip"
# The source states no date; its divisions are those in force at the end of 2021, read off the
# changes it has and lacks (checked by tests/coverage/test_expected.py).
EDITION = "2021-12-31"
EDITION_NOTE = ("GB/T 2260 divisions as at the end of 2021: has 会理市 (2021-09), 临平区 and 钱塘区 "
                "(2021-04), 新星市 (2021-02); lacks 白杨市 (2023) and 和康县/和安县 (2024)")
PSEUDO_LEVELS = ("省直辖行政区划", "自治区直辖县级行政区划", "市直辖行政区划")
TOWNSHIP_SUFFIX = re.compile(r"(镇|乡|街道|苏木)$")
# Beijing's area offices (地区办事处) are township units too, one office with its 镇 or 乡 (后沙峪地区 is
# 后沙峪镇, 南磨房地区 南磨房乡); elsewhere the source's "…地区" rows are forest farms and zones.
AREA_OFFICE = re.compile(r"地区$")
AREA_OFFICE_PROVINCES = ("11",)
# Names shared by many units and common as plain words: never evidence when read from free text.
GENERIC_NAMES = frozenset({"城区", "郊区", "矿区", "新区", "市中区", "市辖区", "城关镇", "城关街道",
                           "城郊乡", "城厢镇", "新城街道", "老城街道", "中心街道", "城东街道",
                           "城西街道", "城南街道", "城北街道", "开发区",
                           # the source lists the sub-districts of a few counties as one unit named 街道
                           "街道"})
# Suffixes dropped to get the part of a name that a host name spells (嘉定区 -> jiading).
SHORT_SUFFIX = re.compile(r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|"
                          r"地区|林区|新区|省|市|区|县|旗|盟|州)$")

# Place names read otherwise than the words they look like (朝阳 "morning sun" is zhaoyang, the places
# Chaoyang): pypinyin's reading of these gave host slugs no site uses (chaoyang.gov.cn is 朝阳市, not
# 潮阳区). Readings from the places' official romanizations.
PLACE_READINGS = {
    "朝阳": "cháo yáng", "单县": "shàn xiàn", "洪洞": "hóng tóng", "涡阳": "guō yáng", "长治": "cháng zhì",
    "长清": "cháng qīng", "长垣": "cháng yuán", "中牟": "zhōng mù", "费县": "bì xiàn", "珲春": "hún chūn",
    "郫都": "pí dū", "浚县": "xùn xiàn", "筠连": "jūn lián", "繁峙": "fán shì", "解州": "xiè zhōu",
}
load_phrases_dict({word: [[syllable] for syllable in reading.split()]
                   for word, reading in PLACE_READINGS.items()})


def read_table(wheel: Path) -> tuple[str, list[str]]:
    version = re.search(r"jionlp-([\d.]+)", wheel.name)
    with zipfile.ZipFile(wheel) as outer:
        inner_bytes = outer.read(TABLE_MEMBER)
    with zipfile.ZipFile(io.BytesIO(inner_bytes)) as inner:
        name = next(n for n in inner.namelist() if n.endswith(".txt"))
        text = inner.read(name).decode("utf-8")
    return (version.group(1) if version else "unknown"), text.splitlines()


def full_pinyin(word: str) -> str:
    return "".join(lazy_pinyin(word)).lower()


def initials(word: str) -> str:
    return "".join(lazy_pinyin(word, style=Style.FIRST_LETTER)).lower()


def bare(name: str, short: str) -> str:
    """The name without its administrative suffix; falls back to the source's short name."""
    stripped = SHORT_SUFFIX.sub("", name)
    return stripped if len(stripped) >= 2 else short


def slugs_for(name: str, short: str, parent_bare: str | None) -> list[str]:
    core = bare(name, short)
    out = [full_pinyin(core), full_pinyin(name), initials(core), initials(name)]
    if parent_bare:
        for own in (initials(core), initials(name)):
            out.append(initials(parent_bare) + own)
        out.append(full_pinyin(parent_bare) + full_pinyin(core))
    seen: list[str] = []
    for slug in out:
        if slug.isascii() and slug.isalpha() and len(slug) >= 2 and slug not in seen:
            seen.append(slug)
    return seen


def build(lines: list[str]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    # Stack of (depth, code, bare name) of the real units above the current line.
    province: tuple[str, str] = ("", "")
    prefecture: tuple[str, str] | None = None
    county: tuple[str, str] | None = None
    for raw in lines:
        if not raw.strip():
            continue
        depth = len(raw) - len(raw.lstrip("\t"))
        cells = raw.strip("\t").split("\t")
        name = cells[0].strip()
        code = cells[1].strip() if len(cells) > 1 else ""
        short = cells[2].strip() if len(cells) > 2 else ""
        if depth == 0:
            province = (code, bare(name, short))
            prefecture = county = None
            rows.append(("P", code, name, short, "", ",".join(slugs_for(name, short, None)), ""))
        elif depth == 1:
            county = None
            if name in PSEUDO_LEVELS or code == province[0]:
                prefecture = None      # 直辖市 repeat and 省直辖: counties hang on the province
                continue
            prefecture = (code, bare(name, short))
            rows.append(("C", code, name, short, province[0],
                         ",".join(slugs_for(name, short, province[1])), ""))
        elif depth == 2:
            if name in PSEUDO_LEVELS:
                county = None          # 不设区的市: townships hang on the prefecture
                continue
            parent = prefecture or province
            county = (code, bare(name, short))
            flags = "g" if name in GENERIC_NAMES else ""
            rows.append(("K", code, name, short, parent[0],
                         ",".join(slugs_for(name, short, parent[1])), flags))
        elif depth == 3:
            owner = county or prefecture
            if owner is None:
                continue
            # Some counties prefix their townships with their own name (济源市下冶镇).
            for prefix in (owner[1] + "市", owner[1] + "县", owner[1] + "区", owner[1] + "旗"):
                if name.startswith(prefix) and len(name) > len(prefix) + 1:
                    name = name[len(prefix):]
            area_office = bool(AREA_OFFICE.search(name)) and province[0].startswith(AREA_OFFICE_PROVINCES)
            if not TOWNSHIP_SUFFIX.search(name) and not area_office:
                continue
            flags = "g" if name in GENERIC_NAMES else ""
            rows.append(("T", "", name, "", owner[0], "", flags))
    return rows


def write(rows: list[tuple[str, ...]], version: str, output: Path, edition: str, edition_note: str) -> None:
    header = (
        f"# fazhi-watch region table; vintage: jionlp {version} dictionary/china_location (Apache-2.0)\n"
        # The divisions change every year: the edition says which issuers a year's coverage expects.
        f"# edition: {edition}\n"
        f"# edition note: {edition_note}\n"
        "# built by tools/build_regions.py; columns: level code name short parent slugs flags\n"
        "# level P province, C prefecture, K county, T township (parent = county or prefecture code)\n"
    )
    body = "".join("\t".join(row) + "\n" for row in rows)
    output.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the file byte-identical across rebuilds of the same vintage.
    with open(output, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write((header + body).encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="path to the downloaded jionlp wheel")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--edition", default=EDITION,
                        help="date (YYYY-MM-DD) of the division list the source reflects")
    parser.add_argument("--edition-note", default=EDITION_NOTE, help="how the edition date was established")
    args = parser.parse_args(argv)
    version, lines = read_table(args.wheel)
    rows = build(lines)
    write(rows, version, args.output, args.edition, args.edition_note)
    counts = {level: sum(1 for row in rows if row[0] == level) for level in "PCKT"}
    print(f"jionlp {version}: {counts} -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
