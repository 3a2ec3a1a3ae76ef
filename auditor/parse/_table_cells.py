"""Table cells as one stream, whatever shape the table arrived in.

Text lines are split into cells by tabs, by ``|`` or by spaces (a line without either is a
single cell, which covers tables extracted one cell per line); a reader's table gives its
cells directly.  Each cell keeps its offsets in the text as read and is classified as a
number, a blank, an empty cell, a label, or prose (a sentence, which ends a table).
"""
from __future__ import annotations

import re
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


def _segments(line: str) -> tuple[list[tuple[int, int]], bool]:
    """(start, end) of the cells of one line, and whether it was split as a grid."""
    if "\t" in line or "|" in line:
        separator = "\t" if "\t" in line else "|"
        spans, position = [], 0
        for piece in line.split(separator):
            spans.append((position, position + len(piece)))
            position += len(piece) + 1
        if separator == "|":
            if line.lstrip().startswith("|"):
                spans = spans[1:]
            if line.rstrip().endswith("|") and spans:
                spans = spans[:-1]
        return [_strip(line, s, e) for s, e in spans], True
    return [(m.start(), m.end()) for m in _TOKEN.finditer(line)], False


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without the white space at either end."""
    piece = text[start:end]
    stripped = piece.lstrip()
    start += len(piece) - len(stripped)
    return start, start + len(stripped.rstrip())


def _split_numbers(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A cell holding several numbers ("2 0 0 0") or a label and numbers, split into cells."""
    piece = text[start:end]
    if len(piece.split(maxsplit=1)) < 2:  # one token: nothing to split
        return [(start, end)]
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(piece)]
    if len(tokens) < 2 or not any(NUMBER.fullmatch(piece[s:e]) for s, e in tokens):
        return [(start, end)]
    out: list[tuple[int, int]] = []
    label_open = False
    for s, e in tokens:
        if NUMBER.fullmatch(piece[s:e]):
            out.append((start + s, start + e))
            label_open = False
        elif label_open:
            out[-1] = (out[-1][0], start + e)
        else:
            out.append((start + s, start + e))
            label_open = True
    return out


def _numbering(items: list[Item]) -> None:
    """A lone digit that opens a line before a label numbers the label ("1 属于国家秘密")."""
    filled = [item for item in items if item.kind != "empty"]
    if len(filled) >= 2 and filled[0].kind == "number" and re.fullmatch(r"[1-9]", filled[0].text) and filled[1].kind == "label":
        filled[0].kind = "label"


def from_text(original: str, mapped: Mapped, start: int, end: int) -> list[Item]:
    """Cells of the normalised span [start, end) of the text, line by line."""
    items: list[Item] = []
    offsets = mapped.offsets
    position = start
    for number, line in enumerate(mapped.text[start:end].split("\n")):
        spans, grid = _segments(line)
        line_items: list[Item] = []
        for s, e in spans:
            # cells split by spaces hold no space: only grid cells may hold several numbers
            for cs, ce in _split_numbers(line, s, e) if grid and s < e else [(s, e)]:
                ns, ne = position + cs, position + ce
                if ns == ne:
                    at = offsets[ns]
                    cell = Cell("", at, at)
                else:
                    os, oe = offsets[ns], offsets[ne - 1] + 1  # mapped.span(ns, ne)
                    cell = Cell(original[os:oe], os, oe)
                text = line[cs:ce]
                line_items.append(Item(kind_of(text), text, cell, number, len(line_items), grid))
        _numbering(line_items)
        if any(item.kind != "empty" for item in line_items):
            items.extend(line_items)
        position += len(line) + 1
    return items


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
                mapped = normalize(cell.text, TABLE_STEPS)
                pieces = _split_numbers(mapped.text, *_strip(mapped.text, 0, len(mapped.text)))
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
    return "\n".join("\t".join(normalize(cell.text, TABLE_STEPS).text for cell in row) for row in table.rows)
