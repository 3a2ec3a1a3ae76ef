"""Reading: a file of any supported format -> Document (text as read, tables as rows of cells)."""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Iterator

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
# Formats reports are often published in that auditor does not read, and how to convert one.
# A folder's batch lists such files as error rows (E008, with this advice) instead of leaving
# them out unseen; other files (images, spreadsheets, archives) are only counted.
CONVERT = {
    ".doc": "save it as .docx (Word or WPS: 另存为 .docx)",
    ".wps": "save it as .docx (WPS: 另存为 .docx)",
    ".rtf": "save it as .docx",
    ".odt": "save it as .docx",
    ".ofd": "export or print it to PDF from an OFD reader",
    ".xps": "print it to PDF",
}


def report_files(path: str | os.PathLike[str]) -> list[Path]:
    """The report itself, or every supported file below a folder in a stable order (hidden
    files left out: editors' lock files, macOS's ``._`` copies)."""
    path = Path(path)
    if path.is_file():
        return [path]
    return sorted(p for p in _visible_files(path) if p.suffix.lower() in SUPPORTED)


def folder_files(folder: str | os.PathLike[str]) -> tuple[list[Path], Counter[str]]:
    """What a batch of ``folder`` takes: its report files and the files of formats a report
    comes in that need converting first (``CONVERT``: they become error rows), in a stable
    order; and how many other files it leaves out, by suffix (``.jpg``: 3)."""
    taken, others = [], Counter()
    for path in _visible_files(Path(folder)):
        suffix = path.suffix.lower()
        if suffix in SUPPORTED or suffix in CONVERT:
            taken.append(path)
        else:
            others[suffix or "(no suffix)"] += 1
    return sorted(taken), others


def _visible_files(folder: Path) -> Iterator[Path]:
    """Files below ``folder``, hidden ones and those in hidden folders left out (editors' lock
    files, macOS's ``._`` copies, ``.git``, Jupyter's ``.ipynb_checkpoints`` copies of reports)."""
    for path in folder.rglob("*"):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
            yield path


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
    if suffix not in READERS and suffix not in CONVERT:
        raise _unsupported(path, suffix)
    if not os.access(path, os.R_OK):
        raise ReadError("E003", path=str(path))
    size = path.stat().st_size
    if size == 0:
        raise ReadError("E004", path=str(path))
    if size > MAX_BYTES:
        raise ReadError("E011", path=str(path), size_mb=size / 2**20, limit_mb=MAX_BYTES // 2**20)
    module = READERS.get(suffix) or _disguised(path, suffix)
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


def _disguised(path: Path, suffix: str) -> str:
    """The reader for a file of a format to convert that is really one auditor reads: sites
    often serve a Word package or a web page under .doc or .wps (Word and WPS open both).
    Anything else is refused with how to convert it (E008)."""
    if suffix in (".doc", ".wps"):
        with open(path, "rb") as handle:
            head = handle.read(1024)
        if head.startswith(b"PK\x03\x04"):
            return "docx"
        markup = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if markup.startswith(b"<") and any(tag in markup for tag in (b"<html", b"<head", b"<meta", b"<body")):
            return "html"  # with or without a prolog, a doctype or a "saved from" comment first
    raise _unsupported(path, suffix)


def _unsupported(path: Path, suffix: str) -> ReadError:
    """E008 for a file auditor does not read, with how to convert it when that is known."""
    advice = f"; {CONVERT[suffix]}" if suffix in CONVERT else ""
    return ReadError("E008", suffix=suffix, path=str(path), supported=", ".join(SUPPORTED), advice=advice)


def from_text(text: str, source: str = "<text>") -> Document:
    """A Document for text already in memory (kept as given: offsets point into it); refused
    over MAX_CHARS, as a file's text is (E014)."""
    if len(text) > MAX_CHARS:
        raise ReadError("E014", path=source, chars=len(text), limit=MAX_CHARS)
    return Document(text=text, source=source, format="txt", encoding=None)
