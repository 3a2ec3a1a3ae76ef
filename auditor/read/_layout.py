"""Writing structured content (paragraphs, tables) into one text with offsets.

The HTML, DOCX and PDF readers all end the same way: paragraphs become lines, and each
table row becomes one line whose cells are separated by tabs, so that text-only stages see
the tables too and every ``Cell`` points into the text.  A cell that spans several grid
positions is written once, at its first position; the positions it covers hold the same
``Cell`` object and contribute an empty string between the tabs.

Every grid position is written as at least one character (its text, or the tab or line end
after it), so a table whose merges spread it over more positions than one report may hold
characters is refused (E018) before its grid is written: a few kilobytes of rowspan="0" or
gridSpan=10**9 would otherwise take gigabytes.
"""
from __future__ import annotations

import re
from collections.abc import Hashable, Sequence

from ..errors import ReadError
from ..types import Cell, Table
from . import MAX_CHARS

CJK_OR_PUNCT = r"\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f"
_SPACE_RUN = re.compile(r"[ \t\f\v\xa0\u2002\u2003\u200b]+")


def join_lines(text: str) -> str:
    """One line from text broken over several: no space where a Chinese word was wrapped.

    Wrapped table cells ("社会\\n公益\\n组织") come back as "社会公益组织"; Latin words and
    numbers keep a space between them.
    """
    pieces = [piece.strip() for piece in text.replace("\t", " ").split("\n")]
    out = ""
    for piece in (p for p in pieces if p):
        if out and not (re.match(f"[{CJK_OR_PUNCT}]", piece[0]) or re.match(f"[{CJK_OR_PUNCT}]", out[-1])):
            out += " "
        out += piece
    return _SPACE_RUN.sub(" ", out)


class TextBuilder:
    """Accumulates lines and tables; ``text`` and ``tables`` are the reader's result."""

    def __init__(self, origin: str, source: str) -> None:
        self.origin = origin
        self.source = source
        self.parts: list[str] = []
        self.length = 0
        self.tables: list[Table] = []

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def _append(self, piece: str) -> None:
        """Add ``piece``, refusing (E014) as soon as the text passes one report's limit rather
        than after a file that unpacks to millions of characters has been written out."""
        self.parts.append(piece)
        self.length += len(piece)
        if self.length > MAX_CHARS:
            raise ReadError("E014", path=self.source, chars=self.length, limit=MAX_CHARS)

    def make_room(self, positions: int) -> None:
        """Refuse (E018) a table of ``positions`` grid positions that cannot fit in what is left
        of one report's text; readers call it before they build a grid that large."""
        if self.length + positions > MAX_CHARS:
            raise ReadError("E018", path=self.source, positions=positions, limit=MAX_CHARS)

    def line(self, text: str) -> None:
        """Add a paragraph; each of its own line breaks starts a new line, empty lines are dropped."""
        for piece in text.split("\n"):
            piece = piece.strip()
            if piece:
                self._append(piece + "\n")

    def table(self, grid: Sequence[Sequence[tuple[Hashable, str]]]) -> Table | None:
        """Add a table given as rows of ``(identity, text)``, one per grid position.

        Positions with the same identity belong to one spanned cell.  Rows whose cells are all
        empty (spacer rows of Word-made HTML) are dropped; short rows are padded with empty
        cells so the grid is rectangular.
        """
        width = max((len(row) for row in grid), default=0)
        grid = [row for row in grid if any(join_lines(text) for _, text in row)]
        self.make_room(len(grid) * width)
        cells: dict[Hashable, Cell] = {}
        rows: list[list[Cell]] = []
        start = self.length
        for row in grid:
            pieces: list[str] = []
            out_row: list[Cell] = []
            position = self.length
            for index in range(width):
                if index < len(row):
                    identity, raw = row[index]
                else:
                    identity, raw = ("padding", len(rows), index), ""
                if identity in cells:
                    pieces.append("")
                    out_row.append(cells[identity])
                else:
                    text = join_lines(raw)
                    cell = Cell(text, position, position + len(text))
                    cells[identity] = cell
                    pieces.append(text)
                    out_row.append(cell)
                position += len(pieces[-1]) + 1  # the tab after it
            self._append("\t".join(pieces) + "\n")
            rows.append(out_row)
        if not rows:
            return None
        table = Table(rows, start, self.length - 1, origin=self.origin)
        self.tables.append(table)
        return table
