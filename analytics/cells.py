"""Read the table rows of extracted text (one row per line, cells joined by tabs) as value cells."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

# A cell holding a number alone: 6, 2.3, 1,200, 2.3万, 15余.
_NUMBER_CELL_RE: Final = re.compile(
    r"[ \u3000]*(?P<num>[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?[万千]?(?:余|多)?)[ \u3000]*"
)
# A cell holding a measure word alone (名, 次, 万元) or a label's unit in brackets (发展党员（名）).
_MEASURES: Final = "人次|场次|批次|元|名|人|次|场|个|期|篇|条|份|堂|则|位"
_MEASURE_CELL_RE: Final = re.compile(f"[ \u3000]*(?P<mult>万)?(?P<unit>{_MEASURES})[ \u3000]*")
_BRACKET_UNIT_RE: Final = re.compile(
    f"[（(][ \u3000]*(?:单位[：:])?[ \u3000]*(?P<mult>万)?(?P<unit>{_MEASURES})[ \u3000]*[）)]"
)
_YEAR_RE: Final = re.compile(r"((?:19|20)[0-9]{2})")
# A header cell may name years (2023年, 2023年度); any other digit makes the row a data row.
_DIGIT_RE: Final = re.compile(r"[0-9０-９]")
_YEAR_WORD_RE: Final = re.compile(r"(?:19|20)[0-9]{2}年?度?")


@dataclass(frozen=True)
class Cell:
    """One cell of a row: ``text`` is ``source[start:end]``, ``column`` its grid column."""

    text: str
    start: int
    end: int
    column: int


@dataclass(frozen=True)
class ValueCell:
    """A number standing alone in a cell, with what the row and the header say it counts.

    ``label`` is the nearest text cell to its left (发展党员); ``unit`` the measure word from
    the next cell, the row's unit column, the label's or the column header's brackets, or None
    when the table writes none; ``multiplier`` is 10000 for 万元.
    """

    num: str
    start: int
    end: int
    label: str
    unit: str | None
    multiplier: int
    row_start: int
    row_end: int
    factual: bool  # the table says it reports what was done (完成情况统计表, a 完成值 column)


@dataclass(frozen=True)
class TableCells:
    """The value cells of every table in a text and the cells of columns that hold no fact."""

    values: tuple[ValueCell, ...]
    skipped: tuple[tuple[int, int], ...]  # (start, end) of each cell in a skipped column


def _rows(text: str) -> Iterator[tuple[int, int, list[Cell]]]:
    """(start, end, cells) of every line holding a tab."""
    pos = text.find("\t")
    while pos >= 0:
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        cells: list[Cell] = []
        at = start
        for column, part in enumerate(text[start:end].split("\t")):
            cells.append(Cell(part, at, at + len(part), column))
            at += len(part) + 1
        yield start, end, cells
        pos = text.find("\t", end)


def _holds_data(cells: Sequence[Cell]) -> bool:
    """True for a row with a figure in it; a header names at most years."""
    return any(
        _DIGIT_RE.search(c.text) and _DIGIT_RE.search(_YEAR_WORD_RE.sub("", c.text)) for c in cells
    )


def _is_number(cell: Cell) -> bool:
    return _NUMBER_CELL_RE.fullmatch(cell.text) is not None


def _blocks(text: str) -> Iterator[list[tuple[int, int, list[Cell]]]]:
    """Runs of tab rows on consecutive lines: one table each."""
    block: list[tuple[int, int, list[Cell]]] = []
    for row in _rows(text):
        if block and row[0] != block[-1][1] + 1:
            yield block
            block = []
        block.append(row)
    if block:
        yield block


def _skipped_columns(
    header: Sequence[Cell], skip: re.Pattern[str], keep: re.Pattern[str], year: int | None
) -> set[int]:
    """Columns whose header names a plan, a rate, a remark or another year (目标值, 2022年)."""
    columns: set[int] = set()
    for cell in header:
        years = {int(y) for y in _YEAR_RE.findall(cell.text)}
        other_year = bool(years) and (year is None or year not in years)
        if (skip.search(cell.text) and not keep.search(cell.text)) or other_year:
            columns.add(cell.column)
    return columns


def _unit_in(text: str) -> tuple[str, int] | None:
    match = _BRACKET_UNIT_RE.search(text)
    if match is None:
        return None
    return match.group("unit"), 10_000 if match.group("mult") else 1


def table_cells(
    text: str,
    *,
    skip_header: re.Pattern[str],
    keep_header: re.Pattern[str],
    unit_header: re.Pattern[str],
    factual_title: re.Pattern[str],
    year: int | None,
) -> TableCells:
    """The value cells of the tables of ``text``.

    A table is a run of lines holding tabs. Its header is the last row without a number cell
    before the first one with one. A header cell matching ``skip_header`` (目标, 计划, 完成率,
    备注, 序号) and not ``keep_header`` (完成值), or naming a year other than ``year``, marks
    a column whose figures are no fact of the year: its cells are listed in ``skipped``. A
    header cell matching ``unit_header`` (单位) marks the column that gives each row its
    measure word. A table is ``factual`` when a header cell matches ``keep_header`` or the line
    before it (its title) matches ``factual_title`` (重点指标完成情况统计表).
    Cost is linear in the length of the text.
    """
    if "\t" not in text:
        return TableCells((), ())
    values: list[ValueCell] = []
    skipped: list[tuple[int, int]] = []
    for block in _blocks(text):
        header: list[Cell] = []
        skip_columns: set[int] = set()
        unit_column: int | None = None
        data_seen = False
        title_end = block[0][0] - 1
        title = text[text.rfind("\n", 0, max(title_end, 0)) + 1 : max(title_end, 0)]
        factual = factual_title.search(title) is not None
        for row_start, row_end, cells in block:
            if not _holds_data(cells):
                if not data_seen:
                    header = cells
                    factual = factual or any(keep_header.search(c.text) for c in cells)
                    skip_columns = _skipped_columns(cells, skip_header, keep_header, year)
                    unit_column = next(
                        (c.column for c in cells if unit_header.fullmatch(c.text.strip())), None
                    )
                continue
            data_seen = True
            by_column = {c.column: c for c in cells}
            labels = _labels(cells)
            for cell in cells:
                if not _is_number(cell):
                    continue
                if cell.column in skip_columns:
                    skipped.append((cell.start, cell.end))
                    continue
                label = labels[cell.column]
                if label is None:
                    continue
                unit = _unit_of(cells, cell, label, by_column, header, unit_column)
                match = _NUMBER_CELL_RE.fullmatch(cell.text)
                assert match is not None
                start, end = cell.start + match.start("num"), cell.start + match.end("num")
                values.append(
                    ValueCell(
                        num=match.group("num"),
                        start=start,
                        end=end,
                        label=label,
                        unit=unit[0] if unit else None,
                        multiplier=unit[1] if unit else 1,
                        row_start=row_start,
                        row_end=row_end,
                        factual=factual,
                    )
                )
            for cell in cells:
                if cell.column in skip_columns and not _is_number(cell) and cell.text.strip():
                    skipped.append((cell.start, cell.end))
    return TableCells(tuple(values), tuple(skipped))


def _labels(cells: Sequence[Cell]) -> list[str | None]:
    """For each column, the nearest text cell left of it (not a number, not a measure word, not
    empty), or None: one pass over the row, so that a row of many figures stays linear."""
    labels: list[str | None] = []
    label: str | None = None
    for cell in cells:
        labels.append(label)
        text = cell.text.strip()
        if text and not _is_number(cell) and not _MEASURE_CELL_RE.fullmatch(cell.text):
            label = text
    return labels


def _unit_of(
    cells: Sequence[Cell],
    value: Cell,
    label: str,
    by_column: dict[int, Cell],
    header: Sequence[Cell],
    unit_column: int | None,
) -> tuple[str, int] | None:
    """The value's measure word and multiplier, from the row or the header, or None."""
    if value.column + 1 < len(cells):
        match = _MEASURE_CELL_RE.fullmatch(cells[value.column + 1].text)
        if match is not None:
            return match.group("unit"), 10_000 if match.group("mult") else 1
    if unit_column is not None and unit_column in by_column:
        match = _MEASURE_CELL_RE.fullmatch(by_column[unit_column].text)
        if match is not None:
            return match.group("unit"), 10_000 if match.group("mult") else 1
    found = _unit_in(label)
    if found is None and value.column < len(header):
        found = _unit_in(header[value.column].text)
    return found


__all__ = ["Cell", "TableCells", "ValueCell", "table_cells"]
