"""Word (.docx) files: paragraphs and tables in document order, merged cells resolved.

python-docx opens the package; the body is then walked element by element, because the
order of paragraphs and tables matters (a table sits under its section heading) and
python-docx's own table grid ignores rows that start late (``w:gridBefore``).
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

from ..errors import ReadError
from ..types import Document
from ._layout import TextBuilder
from ._numbering import Numbering

_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT, _CUSTOM_XML = (qn(t) for t in ("w:p", "w:tbl", "w:tr", "w:tc", "w:sdt", "w:sdtContent", "w:customXml"))
_T, _TAB, _BR, _CR, _NB_HYPHEN = (qn(t) for t in ("w:t", "w:tab", "w:br", "w:cr", "w:noBreakHyphen"))
_SKIP_IN_PARAGRAPH = {qn("w:del"), qn("w:moveFrom"), qn("w:pPr"), qn("w:rPr"), "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
_MERGE_CONTINUE = "continue"
_MAX_COLUMNS = 63  # Word's limit on a table's columns, so on any gridSpan or gridBefore
# What a package may unpack to.  E011's 20 MB limit counts compressed bytes, and XML
# compresses a thousandfold: 160 KB of repeated paragraphs unpack to 54 MB, which python-docx
# takes 1 s and 400 MB to parse.  A real 30-page report's document.xml is 1-3 MB, its styles
# under 1 MB, its images mostly stored about as large as they are packed (a chart kept as EMF
# or BMP unpacks to a few MB); 100 MB leaves room for thirty times that, and bounds the
# parsing at about 1.5 s and 700 MB.
_MAX_UNPACKED = 100 * 2**20


def read_docx(path: Path) -> Document:
    """Read a .docx into text (one paragraph a line, table rows as tab-separated lines)."""
    _check_package(path)
    from docx import Document as open_docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        word = open_docx(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as error:
        raise ReadError("E009", path=str(path), kind="DOCX", reason=f"the Word document inside cannot be opened ({error})") from None
    numbering = Numbering.of(word)
    builder = TextBuilder("docx", str(path))
    _blocks(word.element.body, builder, numbering)
    return Document(text=builder.text, source=str(path), format="docx", encoding=None, tables=builder.tables, metadata=_properties(word))


def _check_package(path: Path) -> None:
    """Refuse files that are not Word packages, saying what they are instead."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        reason = "it is an old binary Word (.doc) file renamed to .docx; save it as .docx or PDF"
    elif not head.startswith(b"PK"):
        reason = f"it is not a ZIP package, as every .docx is (it starts with {head!r})"
    else:
        try:
            with zipfile.ZipFile(path) as package:
                names = set(package.namelist())
                _check_unpacked(path, package.infolist())
                broken = package.testzip()
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            reason = f"the ZIP package is damaged or truncated ({error})"
        else:
            if "word/document.xml" not in names:
                reason = "the ZIP package has no word/document.xml, so it is not a Word document"
            elif broken:
                reason = f"the ZIP package is damaged: {broken} fails its checksum"
            else:
                return
    raise ReadError("E009", path=str(path), kind="DOCX", reason=reason)


def _check_unpacked(path: Path, parts: list[zipfile.ZipInfo]) -> None:
    """Refuse (E019) a package whose parts unpack to more than ``_MAX_UNPACKED``, before
    anything is unpacked (zipfile never reads a part past the size its directory gives)."""
    total = sum(part.file_size for part in parts)
    if total > _MAX_UNPACKED:
        largest = max(parts, key=lambda part: part.file_size)
        raise ReadError("E019", path=str(path), size_mb=total / 2**20, part=largest.filename, part_mb=largest.file_size / 2**20, limit_mb=_MAX_UNPACKED // 2**20)


def _properties(word) -> dict:
    core = word.core_properties
    out: dict = {}
    if core.title:
        out["title"] = core.title
    return out


def _blocks(parent: etree._Element, sink, numbering: Numbering) -> None:
    """Paragraphs and tables of a body, cell or content control, in order."""
    for child in parent:
        if child.tag == _P:
            sink.line(numbering.label(child) + paragraph_text(child))
        elif child.tag == _TBL:
            sink.table(_grid(child, numbering, sink.root if isinstance(sink, _Lines) else sink))
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                _blocks(content, sink, numbering)
        elif child.tag == _CUSTOM_XML:
            _blocks(child, sink, numbering)


def paragraph_text(paragraph: etree._Element) -> str:
    """The visible text of a ``w:p``: runs, hyperlinks, insertions; not deletions or field codes."""
    out: list[str] = []

    def walk(el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if tag in _SKIP_IN_PARAGRAPH or not isinstance(tag, str):
                continue
            if tag == _T:
                out.append(child.text or "")
            elif tag == _TAB:
                out.append("\t")
            elif tag in (_BR, _CR):
                out.append("\n")
            elif tag == _NB_HYPHEN:
                out.append("-")
            elif tag == _P:  # a paragraph of a text box inside this one
                out.append("\n")
                walk(child)
                out.append("\n")
            else:
                walk(child)

    walk(paragraph)
    return "".join(out)


class _Lines:
    """A sink that collects the lines of one table cell; what it holds counts against the
    report's text limit (``root``, the document's builder), as it will end up in that text."""

    def __init__(self, root: TextBuilder) -> None:
        self.root = root
        self.lines: list[str] = []
        self.length = 0

    def line(self, text: str) -> None:
        if text.strip():
            self.lines.append(text)
            self.length += len(text) + 1
            self.root.make_room(self.length)

    def table(self, grid: list[list[tuple[object, str]]]) -> None:
        """A nested table, a row a line; a merged cell's text once, in its first row (a cell
        merged down a thousand rows was written a thousand times, nested tables multiplied it)."""
        seen: set[object] = set()
        for row in grid:
            texts = []
            for identity, text in row:
                if identity not in seen:
                    seen.add(identity)
                    texts.append(text)
            self.line(" ".join(t for t in texts if t))


def _val(el: etree._Element | None) -> str | None:
    return None if el is None else el.get(qn("w:val"))


def _int(value: str | None, default: int) -> int:
    try:
        return max(0, int(value)) if value is not None else default
    except ValueError:
        return default


def _grid(table: etree._Element, numbering: Numbering, root: TextBuilder) -> list[list[tuple[object, str]]]:
    """Rows of (identity, text) per grid column; merged cells share one identity.

    Horizontal merges are ``w:gridSpan`` (or the legacy ``w:hMerge``); vertical merges are a
    ``w:vMerge`` restart followed by continuation cells in the rows below.  Spans are capped
    at Word's 63 columns, and a grid spread past what the report's text may hold is refused
    (E018, ``root`` counts) row by row, before it fills memory.
    """
    grid: list[list[tuple[object, str]]] = []
    positions = 0
    for r, row in enumerate(table.iterchildren(_TR)):
        props = row.find(qn("w:trPr"))
        column = min(_MAX_COLUMNS, _int(_val(props.find(qn("w:gridBefore"))) if props is not None else None, 0))
        out: list[tuple[object, str]] = [(("before", r, c), "") for c in range(column)]
        for index, cell in enumerate(row.iterchildren(_TC)):
            props = cell.find(qn("w:tcPr"))
            span = min(_MAX_COLUMNS, max(1, _int(_val(props.find(qn("w:gridSpan"))) if props is not None else None, 1)))
            v_merge = props.find(qn("w:vMerge")) if props is not None else None
            h_merge = props.find(qn("w:hMerge")) if props is not None else None
            above = grid[r - 1][column] if r and column < len(grid[r - 1]) else None
            if v_merge is not None and (_val(v_merge) or _MERGE_CONTINUE) == _MERGE_CONTINUE and above:
                entry = above
            elif h_merge is not None and (_val(h_merge) or _MERGE_CONTINUE) == _MERGE_CONTINUE and out:
                entry = out[-1]
            else:
                lines = _Lines(root)
                _blocks(cell, lines, numbering)
                entry = ((r, index), "\n".join(lines.lines))
            out.extend([entry] * span)
            column += span
        positions += len(out)
        root.make_room(positions)
        grid.append(out)
    return grid
