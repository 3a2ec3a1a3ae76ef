"""Table cells as one stream, whatever shape the table arrived in.

Text lines are split into cells by tabs, by ``|`` or by spaces (a line without either is a
single cell, which covers tables extracted one cell per line); a reader's table gives its
cells directly.  Each cell keeps its offsets in the text as read and is classified as a
number, a blank, an empty cell, a label, or prose (a sentence, which ends a table).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..types import Cell, Table
from .normalize import TABLE_STEPS, Mapped, normalize

NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:万元|元|件|条|个|项|%)?")
BLANK = re.compile(r"[/\\—–\-－_×*]+|无")
# A short cell of letters and digits that is not a number ("O", "1O", "x"): OCR debris or a
# typo where a number should be.  It holds a place among the numbers and is reported there.
JUNK = re.compile(r"(?=.*[0-9A-Za-z〇])[^\u3400-\u9fff]{1,6}")
_NUMBERING = re.compile(r"\d{1,2}[.、．]")
_TOKEN = re.compile(r"\S+")
_SPACE = re.compile(r"\s")
_SPACE_BUT_TAB = re.compile(r"[^\S\t]")
_PROSE_LENGTH = 60


@dataclass(slots=True)
class Item:
    kind: str  # number, blank, junk, empty, span (a spanned cell seen before), label, prose
    text: str  # normalised
    cell: Cell  # offsets into the text as read
    line: int  # row of the grid, or line of the text
    col: int  # position in that row
    grid: bool  # the row was split by tabs, pipes or a reader: positions mean columns


def table_mapped(text: str) -> Mapped:
    """The report text normalised for reading tables, with offsets back to the original."""
    return normalize(text, TABLE_STEPS)


def squeeze(text: str) -> str:
    """Text without white space (labels are broken by stray spaces and line breaks)."""
    return "".join(text.split())


def unsqueezed(text: str, index: int) -> int:
    """The offset in ``text`` of the character at ``index`` of ``squeeze(text)``."""
    for run in _TOKEN.finditer(text):
        if index < run.end() - run.start():
            return run.start() + index
        index -= run.end() - run.start()
    raise IndexError(index)


@lru_cache(maxsize=4096)  # cells repeat: "0", the same labels in every report
def kind_of(text: str) -> str:
    if not text:
        return "empty"
    if NUMBER.fullmatch(text):
        return "number"
    if BLANK.fullmatch(text):
        return "blank"
    if JUNK.fullmatch(text) and not _NUMBERING.fullmatch(text):
        return "junk"
    if "。" in text or len(text) > _PROSE_LENGTH:
        return "prose"
    return "label"


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without the white space at either end."""
    piece = text[start:end]
    stripped = piece.lstrip()
    start += len(piece) - len(stripped)
    return start, start + len(stripped.rstrip())


def _split_numbers(cell: str) -> list[tuple[int, int]]:
    """(start, end) of the cells in a cell holding several numbers ("2 0 0 0") or a label and
    numbers; the whole cell when it holds one token or no number."""
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(cell)]
    if len(tokens) < 2 or not any(NUMBER.fullmatch(cell, s, e) for s, e in tokens):
        return [(0, len(cell))]
    out: list[tuple[int, int]] = []
    label_open = False
    for s, e in tokens:
        if NUMBER.fullmatch(cell, s, e):
            out.append((s, e))
            label_open = False
        elif label_open:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
            label_open = True
    return out


_LONE_DIGITS = frozenset("123456789")


def _numbering(items: list[Item]) -> None:
    """A lone digit that opens a line before a label numbers the label ("1 属于国家秘密")."""
    filled = (item for item in items if item.kind != "empty")
    first = next(filled, None)
    if first is None or first.kind != "number" or first.text not in _LONE_DIGITS:
        return  # most lines open with a label: the cells after it are not looked at
    second = next(filled, None)
    if second is not None and second.kind == "label":
        first.kind = "label"


def from_text_by_line(original: str, mapped: Mapped, start: int, end: int) -> dict[int, list[Item]]:
    """Cells of the normalised span [start, end) of the text: the cells of each line that
    gives any, by line number.

    A line with tabs or pipes is a grid row: its cells may be empty and may hold several
    numbers.  Any other line is split at white space, so its cells hold no space and are
    never empty; a line of white space gives none.
    """
    lines: dict[int, list[Item]] = {}
    offsets = mapped.offsets
    position = start
    for number, line in enumerate(mapped.text[start:end].split("\n")):
        if "\t" in line or "|" in line:
            line_items = _grid_items(original, offsets, position, line, number)
            _numbering(line_items)
            if any(item.kind != "empty" for item in line_items):
                lines[number] = line_items
        elif line:
            line_items = []
            at = 0
            shift = _unchanged_shift(original, offsets, position, line)
            for col, text in enumerate(line.split()):
                # the first occurrence from the end of the previous cell: only white space
                # stands between them, and a cell starts with none
                s = line.find(text, at)
                at = s + len(text)
                line_items.append(Item(kind_of(text), text, _cell(original, offsets, shift, position + s, text), number, col, False))
            if len(line_items) >= 2:
                _numbering(line_items)
            if line_items:
                lines[number] = line_items
        position += len(line) + 1
    return lines


def _grid_items(original: str, offsets: Sequence[int], position: int, line: str, number: int) -> list[Item]:
    """The cells of a grid row that starts at normalised offset ``position``: split by tabs,
    else by ``|`` (the outer pipes of a Markdown row open and close no cell), stripped of
    white space, and split again where they hold several numbers."""
    separator = "\t" if "\t" in line else "|"
    pieces = line.split(separator)
    shift = _unchanged_shift(original, offsets, position, line)
    if shift is not None and separator == "\t" and not _SPACE_BUT_TAB.search(line):
        # the line stands as read, and no cell is to be stripped or split: one per tab
        line_items = []
        for col, piece in enumerate(pieces):
            line_items.append(Item(kind_of(piece), piece, _cell(original, offsets, shift, position, piece), number, col, True))
            position += len(piece) + 1
        return line_items
    first, last = 0, len(pieces)
    if separator == "|":
        if line.lstrip().startswith("|"):
            first = 1
        if line.rstrip().endswith("|") and last > first:
            last -= 1
    line_items: list[Item] = []
    for index in range(first):
        position += len(pieces[index]) + 1
    for piece in pieces[first:last]:
        text = piece.strip()
        if not text:
            at = offsets[position + len(piece)]
            line_items.append(Item("empty", "", Cell("", at, at), number, len(line_items), True))
        else:
            start = position + piece.find(text)  # only white space stands before it
            spans = _split_numbers(text) if _SPACE.search(text) else ((0, len(text)),)
            for s, e in spans:
                cell = _cell(original, offsets, shift, start + s, text[s:e])
                line_items.append(Item(kind_of(text[s:e]), text[s:e], cell, number, len(line_items), True))
        position += len(piece) + 1
    return line_items


def _cell(original: str, offsets: Sequence[int], shift: int | None, start: int, text: str) -> Cell:
    """The cell of the normalised ``text`` at ``start``, with its offsets in ``original``: its
    line's ``shift`` added when the line stands as read (see ``_unchanged_shift``), else its
    ends mapped back (what was read there may differ: width, traditional characters)."""
    if shift is not None:
        return Cell(text, start + shift, start + shift + len(text))
    os, oe = offsets[start], offsets[start + len(text) - 1] + 1
    return Cell(original[os:oe], os, oe)


def _unchanged_shift(original: str, offsets: Sequence[int], position: int, line: str) -> int | None:
    """How far the normalised ``line`` at ``position`` stands from where it stands in
    ``original``, when it stands there unchanged; None when normalisation changed it.

    Only the line's two ends are looked at.  That is enough because every normalisation step
    deletes characters or swaps one for one, so the offsets strictly increase (tested): when
    the offset after the line is as far from its first as in the normalised text, no
    character between was dropped and the offsets are ``position + shift`` throughout; the
    text compared then tells whether one was swapped.  A step that turned one character
    into several would break this."""
    shift = offsets[position] - position
    end = position + len(line)
    if offsets[end] - shift == end and original.startswith(line, position + shift):
        return shift
    return None


def from_document_table(tables: list[Table]) -> list[Item]:
    """Cells of a reader's tables (one table, or a table printed in several pieces)."""
    items: list[Item] = []
    seen: set[int] = set()
    line = 0
    for table in tables:
        for row in table.rows:
            row_items: list[Item] = []
            for cell in row:
                if id(cell) in seen and cell.text:
                    row_items.append(Item("span", "", cell, line, len(row_items), True))
                    continue
                seen.add(id(cell))
                mapped = _normalized_cell(cell.text)
                first, last = _strip(mapped.text, 0, len(mapped.text))
                pieces = [(first + s, first + e) for s, e in _split_numbers(mapped.text[first:last])]
                if len(pieces) == 1:
                    text = mapped.text[pieces[0][0] : pieces[0][1]]
                    row_items.append(Item(kind_of(text), text, cell, line, len(row_items), True))
                    continue
                for s, e in pieces:
                    os, oe = mapped.span(s, e)
                    sub = Cell(cell.text[os:oe], cell.start + os, cell.start + oe)
                    text = mapped.text[s:e]
                    row_items.append(Item(kind_of(text), text, sub, line, len(row_items), True))
            _numbering(row_items)
            items.extend(row_items)
            line += 1
    return items


def table_text(table: Table) -> str:
    return "\n".join("\t".join(_normalized_cell(cell.text).text for cell in row) for row in table.rows)


# Cells this short repeat across reports ("0", the same labels): normalised once per process
# and cached (see _normalized_cell).
_SHORT_CELL = 64


def _normalized_cell(text: str) -> Mapped:
    """A reader's cell normalised for tables; short ones once per process, as cells repeat
    ("0", the same labels in every report)."""
    return _normalized_short_cell(text) if len(text) <= _SHORT_CELL else normalize(text, TABLE_STEPS)


@lru_cache(maxsize=4096)
def _normalized_short_cell(text: str) -> Mapped:
    return normalize(text, TABLE_STEPS)  # a Mapped is immutable: one can serve every report
