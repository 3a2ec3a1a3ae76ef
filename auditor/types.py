"""The shared types of the data flow: Document -> Report -> Findings -> Audit."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .parse.normalize import Mapped


@dataclass(slots=True)
class Cell:
    """One table cell; ``text == document.text[start:end]`` (stripped of surrounding space)."""

    text: str
    start: int
    end: int


@dataclass
class Table:
    """A table as rows of cells, with the span of the document text it occupies."""

    rows: list[list[Cell]]
    start: int
    end: int
    origin: str = "text"  # "html", "docx", "pdf" when the reader saw a real table; "text" when found in plain text


@dataclass
class Document:
    """What a reader returns: the text as read plus the tables it recognised.

    Every offset anywhere in the product points into ``text``.  Readers of structured
    formats (HTML, DOCX, PDF) write table rows into ``text`` too (cells separated by tabs),
    so that text-only stages see them and cells keep offsets.
    """

    text: str
    source: str = "<text>"
    format: str = "txt"
    encoding: str | None = None
    tables: list[Table] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Section:
    """A top-level section.  ``text[heading_start:heading_end]`` is the heading as written."""

    key: str  # preamble, overview, proactive, requests, review, problems, other
    number: str | None  # the numeral as written ("一"), None for the preamble
    title: str  # the title as written, without the numeral
    start: int  # where the section begins (the heading)
    end: int  # where the next section begins
    heading_start: int
    heading_end: int


@dataclass(slots=True)
class Paragraph:
    """A unit of narrative: one line of the text, or several PDF-wrapped lines joined."""

    start: int
    end: int
    text: str
    section: str
    subtopic: str | None = None
    heading: bool = False  # the whole paragraph is a heading


@dataclass
class ReportTable:
    """A statistics table recognised in the report, with its cells by name."""

    key: str  # proactive (table 2), requests (table 3), review (table 4)
    table: Table
    values: dict[tuple[str, str], Cell] = field(default_factory=dict)  # (row, column) -> cell
    problems: list[str] = field(default_factory=list)  # why cells could not be read


@dataclass
class Report:
    document: Document
    sections: list[Section]
    paragraphs: list[Paragraph]
    year: int | None = None
    era: str | None = None  # "2019" (trial format) or "2021"
    organization: str | None = None
    organization_span: tuple[int, int] | None = None
    level: str | None = None  # government, department, town (see data/deadlines.toml)
    published: dt.date | None = None
    published_span: tuple[int, int] | None = None
    tables: list[ReportTable] = field(default_factory=list)
    subtopics: list[Section] = field(default_factory=list)  # headed sub-topics of 总体情况
    notes: list[str] = field(default_factory=list)  # parse observations (misnumbering, ...)
    # the normalised text with its map back to ``text`` (parse.normalize.Mapped), set by parse()
    normalized: "Mapped | None" = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.document.text

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def section_at(self, offset: int) -> str:
        """The key of the section that holds ``offset``."""
        for s in reversed(self.sections):
            if s.start <= offset:
                return s.key
        return "preamble"


@dataclass
class Finding:
    """Something a check found.  ``text == source_text[start:end]`` whenever start is set."""

    check: str  # "structure.missing_section", "repetition.list_item", "tables.column_identity", ...
    severity: str  # "error", "warning", "info"
    message: str
    start: int | None = None
    end: int | None = None
    text: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"check": self.check, "severity": self.severity, "message": self.message}
        if self.start is not None:
            out.update(start=self.start, end=self.end, text=self.text)
        if self.data:
            out["data"] = self.data
        return out


@dataclass(slots=True)
class Evidence:
    start: int
    end: int
    text: str
    section: str | None = None
    probability: float | None = None


@dataclass
class Verdict:
    """Whether a report covers one requirement."""

    id: str
    status: str  # met, missing, not_required
    confidence: float
    section: str | None = None  # where the best evidence sits
    evidence: list[Evidence] = field(default_factory=list)
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "status": self.status, "confidence": round(self.confidence, 4)}
        if self.section:
            out["section"] = self.section
        out["evidence"] = [{"start": e.start, "end": e.end, "text": e.text} for e in self.evidence]
        if self.note:
            out["note"] = self.note
        return out
