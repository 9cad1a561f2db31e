"""Statistics tables in a page's text: the count cells whose unit a header, caption or row states.

A report's table reaches the text as rows of cells, one row a line (cells parted by " | " where the page
was HTML, by a tab or a run of blanks where it was text), or one cell a line where the extraction put a line
break after every cell. Its numbers often stand bare (1523) with the unit stated once: in a column's
header (数量（件）), in the caption (…情况如下（单位：件）：) or in the row's label (行政执法检查（次）). The
sentence scan reads a number only with its unit beside it, and a cell alone on its line with no clause
to name it; this module gives each count cell its unit, its row's label and its column's header, so that
it can be read as the sentence it stands for. A bare number no header, caption or row gives a unit to is
not read: it could count anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_BAR = " | "
# Header cells of a column that numbers the rows, and of one that gives each row's unit.
_INDEX_HEADERS = frozenset({"序号", "编号"})
_UNIT_HEADERS = frozenset({"单位", "计量单位"})
_BLANKS = re.compile(r"\t|[ \u3000]{2,}|\u3000")
_NUMBER = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")
_CELL_MAX = 24          # a header or a row label is a few words, not a sentence
_COLUMN_CELLS_MAX = 8   # cells of a one-cell-a-line table's header
_SENTENCE = re.compile(r"[。；;，,！!？?]")
# Columns that compare (增减, 同比) rather than count.
_COMPARING = re.compile(r"增减|增幅|增长|同比|环比|变化|变动|差值|比上年|较上年|升降")
_YEAR = re.compile(r"(?:19|20)[0-9]{2}(?=年)")
_NUMBER_LINE = re.compile(r"^[ \u3000]*[0-9][0-9.,]*(?:[^\s0-9]{1,4})?[ \u3000]*$", re.M)   # 1523, 2415件


@dataclass(frozen=True)
class TableCell:
    """A number cell of a table, with the unit its column's header or the table's caption gives."""

    row: str            # the row's label (its first cell)
    column: str         # the column's header without its unit; "" where the table has one number column
    number: str         # the cell as written (2415件 where it holds its unit; `unit` is then "")
    unit: str
    start: int          # offsets of the number in the text
    end: int
    evidence: str       # the header and the row


_Column = tuple[str, str | None]      # a column's name and unit (None: its rows' labels give it)


@dataclass
class _Line:
    text: str
    start: int          # offset of text[0] in the page text


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    start = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        lines.append(_Line(stripped, start + (raw.find(stripped) if stripped else 0)))
        start += len(raw) + 1
    return lines


def _cells(line: str) -> list[tuple[str, int]]:
    """The cells of a row (each with its offset in the line); one cell where the line has no parting.
    Cells are parted by bars, a tab or two blanks, else by single blanks (a PDF's text, an ideographic
    space the cleaner folded: 项目 数量 / 立案查处 4862)."""
    parts = (line.split(_BAR) if _BAR in line else _BLANKS.split(line) if _BLANKS.search(line)
             else line.split(" "))
    cells: list[tuple[str, int]] = []
    at = 0
    for part in parts:
        at = line.find(part, at)
        stripped = part.strip(" |\u3000")
        cells.append((stripped, at + part.find(stripped) if stripped else at))
        at += len(part)
    return [(cell, offset) for cell, offset in cells if cell]


def _is_number(cell: str) -> bool:
    return _NUMBER.fullmatch(cell) is not None


def _is_word_cell(cell: str) -> bool:
    return (0 < len(cell) <= _CELL_MAX and not _is_number(cell) and _SENTENCE.search(cell) is None
            and any("\u4e00" <= char <= "\u9fff" for char in cell))


def heads_a_table(line: str, next_line: str, labels: frozenset[str]) -> bool:
    """Whether `line` is the header of a table whose first row is `next_line`: word cells (none of them a
    page label such as 发布日期 or 名称, nor labelled), then a row of as many cells, a label and numbers,
    or numbers only.
    A cleaner would otherwise take 执法领域 | 立案数（宗） | 罚没金额（万元） for a menu."""
    header = _cells(line)
    if len(header) < 2 or not all(_is_word_cell(cell) and cell not in labels and "：" not in cell
                                  and ":" not in cell for cell, _ in header):
        return False
    row = _cells(next_line)
    if len(row) != len(header):
        return False
    # a labelled row (食品安全 | 132 | 286.4), or one row of values under the labels (238 | 96 | 341)
    return ((_is_word_cell(row[0][0]) and any(_is_number(cell) for cell, _ in row[1:]))
            or all(_is_number(cell) for cell, _ in row))


_YEAR_ROW = re.compile(r"((?:19|20)[0-9]{2})年度?")


def _rows_read(labels: list[str]) -> list[bool]:
    """Which rows are read, by their labels: where rows are years (2025年 | 286 | 271 above 2024年 | 241),
    the latest year's only, as with year columns; a comparing row (同比增减) never."""
    years = [int(match.group(1)) if (match := _YEAR_ROW.fullmatch(label)) else None for label in labels]
    latest = max((year for year in years if year is not None), default=None)
    return [(year is None or year == latest) and _COMPARING.search(label) is None
            for label, year in zip(labels, years, strict=True)]


class TableReader:
    """Reads the tables of a text, knowing the units a count may have (件, 人次, 万元, %)."""

    def __init__(self, units: Iterable[str]) -> None:
        units = list(units)
        self._units = frozenset(units)
        alternation = "|".join(re.escape(unit) for unit in sorted(units, key=len, reverse=True))
        # a unit in brackets ending a header cell or a row's label: 数量（件）, 行政执法检查（次）
        self._header_unit = re.compile(rf"[（(]\s*(?:单位\s*[:：]\s*)?(?P<unit>{alternation})\s*[）)]\s*$")
        # a unit stated in the line before a table: …如下（单位：件）：
        self._caption_unit = re.compile(rf"单位\s*[:：]\s*(?P<unit>{alternation})(?![\u4e00-\u9fff])")
        # a cell holding a count with its unit (2415件, 11.3%, 3.6万次)
        self._counted = re.compile(rf"(?:{_NUMBER.pattern})(?:[万亿]?(?:{alternation}))")
        # a header naming its unit as the count it heads: 检查次数 (次), 受理件数 (件), 培训人次 (人次)
        units = sorted(units, key=len, reverse=True)
        single = "|".join(re.escape(unit) for unit in units if len(unit) == 1)
        tallies = "|".join(re.escape(unit) for unit in units if len(unit) > 1 and unit.endswith("次"))
        self._count_word = re.compile(rf"(?:(?P<unit>{single})数|(?P<tally>{tallies}))$")

    def _is_count(self, cell: str) -> bool:
        return _is_number(cell) or self._counted.fullmatch(cell) is not None

    def _is_label(self, cell: str) -> bool:
        return _is_word_cell(cell) and self._counted.fullmatch(cell) is None

    def cells(self, text: str) -> Iterator[TableCell]:
        rows = " " in text or "\t" in text or "\u3000" in text
        columns = _NUMBER_LINE.search(text) is not None
        if not rows and not columns:
            return
        lines = _lines(text)
        if rows:
            yield from self._row_tables(lines)
        if columns:
            yield from self._column_tables(lines)

    # ---- one row a line

    def _row_tables(self, lines: list[_Line]) -> Iterator[TableCell]:
        index = 0
        while index < len(lines) - 1:
            line = lines[index].text
            if " " not in line and "\t" not in line and "\u3000" not in line:
                index += 1
                continue
            header = _cells(line)
            if len(header) < 2 or not all(self._is_label(cell) for cell, _ in header):
                index += 1
                continue
            caption = lines[index - 1].text if index else ""
            values = _cells(lines[index + 1].text)
            if (len(values) == len(header) and all(self._is_count(cell) for cell, _ in values)
                    and not any(_YEAR_ROW.fullmatch(cell) for cell, _ in header)):
                # One row of values under the labels (行政复议案件 | 行政应诉案件 / 238 | 96): every column
                # is a count's.
                columns = self._column_units(["", *(cell for cell, _ in header)], caption)
                yield from self._row_cells(lines[index], lines[index + 1], [("", 0), *header],
                                           [("", 0), *values], columns)
                index += 2
                continue
            # A 序号 column numbers the rows and a 单位 column gives each row's unit (序号 | 项目 | 单位 |
            # 数量 / 1 | 立案 | 件 | 2856): the rest is the table.
            keep = [at for at, (cell, _) in enumerate(header)
                    if not (at == 0 and cell in _INDEX_HEADERS) and cell not in _UNIT_HEADERS]
            unit_at = next((at for at, (cell, _) in enumerate(header) if cell in _UNIT_HEADERS), None)
            width = len(header)
            header = [header[at] for at in keep]
            units = self._column_units([cell for cell, _ in header], caption) if len(header) >= 2 else []
            row_index = index + 1
            rows: list[tuple[_Line, list[tuple[str, int]], str | None]] = []
            while units and row_index < len(lines):
                cells = _cells(lines[row_index].text)
                row = [cells[at] for at in keep] if len(cells) == width else []
                if (not row or not self._is_label(row[0][0])
                        or not any(self._is_count(cell) for cell, _ in row[1:])):
                    break
                unit = cells[unit_at][0] if unit_at is not None else None
                rows.append((lines[row_index], row, unit if unit in self._units else None))
                row_index += 1
            for (row_line, row, unit), read in zip(rows, _rows_read([row[0][0] for _, row, _ in rows]),
                                                   strict=True):
                if read:
                    columns = units if unit is None else [
                        column if column is None or column[1] else (column[0], unit) for column in units]
                    yield from self._row_cells(lines[index], row_line, header, row, columns)
            index = row_index if row_index > index + 1 else index + 1

    def _row_cells(self, header_line: _Line, row_line: _Line, header: list[tuple[str, int]],
                   row: list[tuple[str, int]], columns: list[_Column | None]) -> Iterator[TableCell]:
        evidence = f"{header_line.text}\n{row_line.text}"
        for (cell, offset), column in zip(row[1:], columns[1:], strict=True):
            start = row_line.start + offset
            found = self._cell(row[0][0], column, cell, start, evidence)
            if found is not None:
                yield found

    def _cell(self, label: str, column: _Column | None, number: str, start: int,
              evidence: str) -> TableCell | None:
        """The cell, with its column's unit or else its row's (行政执法检查（次）); None when not read."""
        if column is None or not self._is_count(number):
            return None
        name, unit = column
        if not _is_number(number):
            unit = ""                   # the cell's own unit: 2415件
        elif unit is None:
            own = self._header_unit.search(label)
            if own is None:
                return None
            label, unit = label[:own.start()].strip(), own.group("unit")
        digits = _NUMBER.match(number)      # the value's own offsets, without a unit the cell holds
        end = start + (digits.end() if digits else len(number))
        return TableCell(label, name, number, unit, start, end, evidence)

    def _column_units(self, header: list[str], caption: str) -> list[_Column | None]:
        """Each column's (name, unit): the unit None where only a row's label may give it; None for a
        column not read (a year's other than the latest, 2024年 beside 2025年, and a comparing column)."""
        found = [self._header_unit.search(cell) for cell in header]
        table_unit = self._caption_unit.search(caption[-20:]) if caption else None
        years = [int(match.group()) for cell in header[1:] if (match := _YEAR.match(cell))]
        latest = max(years) if years else None
        columns: list[_Column | None] = [None]
        for cell, unit in zip(header[1:], found[1:], strict=True):
            name = cell[:unit.start()].strip() if unit else cell
            year = _YEAR.match(name)
            if _COMPARING.search(name) or (year is not None and int(year.group()) != latest):
                columns.append(None)
                continue
            chosen = unit.group("unit") if unit else table_unit.group("unit") if table_unit else None
            if chosen is None and (count := self._count_word.search(name)) is not None:
                chosen = count.group("unit") or count.group("tally")
            columns.append((name, chosen))
        if sum(column is not None for column in columns) == 1:   # one number column: its header says 数量
            columns = [(("", column[1]) if column else None) for column in columns]
        return columns

    # ---- one cell a line

    def _column_tables(self, lines: list[_Line]) -> Iterator[TableCell]:
        index = 0
        while index < len(lines):
            if not self._is_count(lines[index].text) or index < 3:
                index += 1
                continue
            # lines[index] is the first number of a row: count the run of numbers, a row's number cells
            numbers = 1
            while index + numbers < len(lines) and self._is_count(lines[index + numbers].text):
                numbers += 1
            width = numbers + 1                                 # the label and its numbers
            header_start = index - 1 - width
            if (numbers >= _COLUMN_CELLS_MAX or header_start < 0
                    or not all(self._is_label(line.text) for line in lines[header_start:index])
                    or self._is_count(lines[header_start - 1].text if header_start else "")):
                index += numbers
                continue
            header = [line.text for line in lines[header_start:header_start + width]]
            caption = lines[header_start - 1].text if header_start else ""
            units = self._column_units(header, caption)
            row_start = index - 1
            rows: list[list[_Line]] = []
            while (row_start + width <= len(lines) and self._is_label(lines[row_start].text)
                   and all(self._is_count(line.text) for line in lines[row_start + 1:row_start + width])):
                rows.append(lines[row_start:row_start + width])
                row_start += width
            for row, read in zip(rows, _rows_read([row[0].text for row in rows]), strict=True):
                if not read:
                    continue
                evidence = "  ".join(header) + "\n" + "  ".join(line.text for line in row)
                for line, column in zip(row[1:], units[1:], strict=True):
                    found = self._cell(row[0].text, column, line.text, line.start, evidence)
                    if found is not None:
                        yield found
            index = max(row_start, index + numbers)
