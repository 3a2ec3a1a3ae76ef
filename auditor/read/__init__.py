"""Reading: a file of any supported format -> Document (text as read, tables as rows of cells)."""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import ReadError
from ..types import Document

MAX_BYTES = 20 * 1024 * 1024  # one report; a 50 MB "report" is refused, not read into memory
MAX_CHARS = 1_000_000  # text of one report after reading; the audit of a million characters of odd text takes 5-15 s
READERS = {
    ".txt": "text",
    ".md": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
SUPPORTED = tuple(READERS)


def report_files(path: str | os.PathLike[str]) -> list[Path]:
    """The report itself, or every supported file below a folder in a stable order (hidden
    files left out: editors' lock files, macOS's ``._`` copies)."""
    path = Path(path)
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED and not p.name.startswith("."))


def read(path: str | os.PathLike[str]) -> Document:
    """Read one report file, whatever its format, into a Document."""
    path = Path(path)
    if not path.exists():
        raise ReadError("E001", path=str(path))
    if path.is_dir():
        raise ReadError("E002", path=str(path))
    if not path.is_file():
        raise ReadError("E013", path=str(path))  # reading a pipe would wait forever
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise ReadError("E008", suffix=suffix, path=str(path), supported=", ".join(SUPPORTED))
    if not os.access(path, os.R_OK):
        raise ReadError("E003", path=str(path))
    size = path.stat().st_size
    if size == 0:
        raise ReadError("E004", path=str(path))
    if size > MAX_BYTES:
        raise ReadError("E011", path=str(path), size_mb=size / 2**20, limit_mb=MAX_BYTES // 2**20)
    module = READERS[suffix]
    try:
        if module == "text":
            from .text import read_text as reader
        elif module == "html":
            from .html import read_html as reader
        elif module == "docx":
            from .docx import read_docx as reader
        else:
            from .pdf import read_pdf as reader
        document = reader(path)
    except PermissionError:
        raise ReadError("E003", path=str(path)) from None
    if not document.text.strip():
        raise ReadError("E005", path=str(path))
    if len(document.text) > MAX_CHARS:
        raise ReadError("E014", path=str(path), chars=len(document.text), limit=MAX_CHARS)
    return document


def from_text(text: str, source: str = "<text>") -> Document:
    """A Document for text already in memory (kept as given: offsets point into it); refused
    over MAX_CHARS, as a file's text is (E014)."""
    if len(text) > MAX_CHARS:
        raise ReadError("E014", path=source, chars=len(text), limit=MAX_CHARS)
    return Document(text=text, source=source, format="txt", encoding=None)
