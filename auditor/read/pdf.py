"""PDF files with a text layer: the text of each page, with its ruled tables placed in order.

pdfplumber finds the ruled tables of a page; their characters are taken out of the running
text and the tables are written where they stand on the page, between the lines above and
below them.  A PDF without any text (a scan) is refused with E010: reading it needs OCR,
which this product does not do.
"""
from __future__ import annotations

import contextlib
from bisect import bisect_left
from pathlib import Path

from ..errors import ReadError
from ..types import Document
from ._layout import TextBuilder

_MIN_CHARS_PER_PAGE = 10  # a scan may still carry a stamped page number as text


def read_pdf(path: Path) -> Document:
    """Read a PDF into text (one visual line a line, table rows as tab-separated lines)."""
    _check_file(path)
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(path)
    except PdfminerException as error:
        raise ReadError("E009", path=str(path), kind="PDF", reason=_reason(error.args[0] if error.args else error)) from None
    builder = TextBuilder("pdf", str(path))
    empty_pages: list[int] = []
    images = 0
    try:
        pages = pdf.pages
        for number, page in enumerate(pages, 1):
            try:
                images += bool(page.images)
                if sum(1 for char in page.chars if not char["text"].isspace()) == 0:
                    empty_pages.append(number)
                    continue
                _page(page, builder)
            finally:
                page.close()  # a page keeps every character and line it parsed (4 MB a page) until closed
    except ReadError:
        raise
    except Exception as error:  # pdfminer fails on damaged files in many ways
        raise ReadError("E009", path=str(path), kind="PDF", reason=_reason(error)) from None
    finally:
        with contextlib.suppress(Exception):  # closing a damaged file can fail the same way again
            pdf.close()
    if not pages:
        raise ReadError("E009", path=str(path), kind="PDF", reason="it has no pages (its page tree is missing or damaged)")
    text = builder.text
    visible = sum(1 for char in text if not char.isspace())
    if visible == 0 or (images and visible < _MIN_CHARS_PER_PAGE * len(pages) and len(empty_pages) + images >= len(pages)):
        raise ReadError("E010", path=str(path))
    metadata: dict = {"pages": len(pages)}
    if empty_pages:
        metadata["pages_without_text"] = empty_pages
    return Document(text=text, source=str(path), format="pdf", encoding=None, tables=builder.tables, metadata=metadata)


def _check_file(path: Path) -> None:
    """Refuse what is not a whole PDF, saying what it is instead."""
    with open(path, "rb") as handle:
        head = handle.read(1024)
        handle.seek(max(0, path.stat().st_size - 2048))
        tail = handle.read()
    if b"%PDF-" not in head:
        raise ReadError("E009", path=str(path), kind="PDF", reason=_what_it_is(head))
    if b"%%EOF" not in tail:
        raise ReadError("E009", path=str(path), kind="PDF", reason="it is truncated: the end-of-file marker %%EOF is missing (an interrupted download?)")


def _what_it_is(head: bytes) -> str:
    lower = head.lower()
    if head.startswith(b"PK"):
        what = "a ZIP package (a Word .docx or an archive?)"
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        what = "an old binary Office file (.doc/.xls?)"
    elif b"<html" in lower or b"<!doctype html" in lower:
        what = "an HTML page (a download error page?)"
    elif head.startswith((b"\xff\xd8", b"\x89PNG", b"GIF8", b"II*\x00", b"MM\x00*")):
        what = "an image"
    else:
        return f"it has no %PDF- header (it starts with {head[:16]!r})"
    return f"it has no %PDF- header; it is {what}"


def _reason(error: object) -> str:
    name = type(error).__name__
    if name == "PDFPasswordIncorrect" or "password" in str(error).lower():
        return "it is encrypted with a password"
    return f"it cannot be parsed ({name}: {error})" if str(error) else f"it cannot be parsed ({name})"


def _page(page, builder: TextBuilder) -> None:
    """One page: its lines and tables, top to bottom."""
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]

    def outside(obj: dict) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    running = page.filter(outside) if boxes else page
    items: list[tuple[float, int, object]] = [(line["top"], 0, line["text"]) for line in running.extract_text_lines(strip=True, return_chars=False)]
    items += [(table.bbox[1], 1, table) for table in tables]
    for _, kind, item in sorted(items, key=lambda entry: (entry[0], entry[1])):
        if kind == 0:
            builder.line(item)
        else:
            builder.table(_grid(item, builder))


def _grid(table, builder: TextBuilder) -> list[list[tuple[object, str]]]:
    """Rows of (identity, text); a merged cell fills every grid position it covers.

    pdfplumber's grid has a column per distinct left edge and a row per distinct top edge;
    a merged cell leaves None at the positions it covers, which are found back by geometry:
    each cell claims the edges inside it (the first cell listed wins where cells overlap).
    """
    texts = table.extract()
    cells = table.cells
    lefts = sorted({cell[0] for cell in cells})
    tops = sorted({cell[1] for cell in cells})
    builder.make_room(len(tops) * len(lefts))
    cover: dict[tuple[int, int], tuple[object, str]] = {}
    claimed = 0
    for cell in cells:
        rows = range(bisect_left(tops, cell[1]), bisect_left(tops, cell[3]))
        columns = range(bisect_left(lefts, cell[0]), bisect_left(lefts, cell[2]))
        claimed += len(rows) * len(columns)  # overlapping cells (a malformed table) count twice
        builder.make_room(claimed)
        entry = (cell, texts[rows.start][columns.start] or "")
        for r in rows:
            for c in columns:
                cover.setdefault((r, c), entry)
    return [[cover.get((r, c), (("empty", r, c), "")) for c in range(len(lefts))] for r in range(len(tops))]
