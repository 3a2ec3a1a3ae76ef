"""Assemble a Report from a Document: sections, sub-topics, paragraphs and metadata."""
from __future__ import annotations

import bisect
import re
from collections import Counter

from ..types import Document, Paragraph, Report, Section
from .headings import Heading, find_headings
from .metadata import as_written, find_era, find_level, find_organization, find_published, find_year
from .normalize import Mapped, normalize_for_text_and_tables

ORDER = ("overview", "proactive", "requests", "review", "problems", "other")
# Sub-topics that never name a top-level section: a numbered heading with one of these titles
# is a 总体情况 sub-topic promoted to the top level (a numbering defect).
_SUBTOPIC_ONLY = {"management", "platforms", "oversight"}
_SENTENCE_END = tuple("。！？!?；;：:")
_LIST_START = re.compile(r"^[ \t]*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]|[一二三四五六七八九十]是|[-•·●]|\d{1,2}[、.．])")


def parse(document: Document) -> Report:
    mapped, table_mapped = normalize_for_text_and_tables(document.text)
    headings = find_headings(mapped.text)
    sections, subtopics, notes = _sections(document.text, mapped, headings)
    year = find_year(mapped.text)
    organization = find_organization(mapped.text)
    published = find_published(mapped.text, year)
    if document.metadata.get("published") and not published:
        published = (document.metadata["published"], None, None)
    report = Report(
        document=document,
        sections=sections,
        paragraphs=[],
        year=year,
        era=find_era(year, mapped.text),
        organization=as_written(document.text, mapped, organization[1], organization[2]) if organization else None,
        organization_span=mapped.span(organization[1], organization[2]) if organization else None,
        level=find_level(organization[0] if organization else None, mapped.text),
        published=published[0] if published else None,
        published_span=mapped.span(published[1], published[2]) if published and published[1] is not None else None,
        subtopics=subtopics,
        notes=notes,
    )
    report.paragraphs = _paragraphs(document.text, mapped, report, [h.start for h in headings])
    report.normalized = mapped
    from .tables import read_tables  # late: tables build on the sections found here

    report.tables = read_tables(report, table_mapped)
    return report


def _heading_span(mapped: Mapped, heading: Heading) -> tuple[int, int]:
    return mapped.span(heading.start, heading.end)


def _sections(text: str, mapped: Mapped, headings: list[Heading]) -> tuple[list[Section], list[Section], list[str]]:
    notes: list[str] = []
    tops: list[Heading] = []
    subs: list[Heading] = []
    seen: set[str] = set()
    promoted = any(h.kind == "subtopic" and h.number and h.key in _SUBTOPIC_ONLY and _is_top(h, mapped.text) for h in headings)
    for heading in headings:
        is_top = heading.kind == "section"
        if is_top and promoted and heading.key in ("proactive", "requests") and "overview" in seen and not seen & {"proactive", "requests"} - {heading.key}:
            # 一、总体情况 … 二、主动公开 三、依申请公开 四、政府信息管理: sub-topics promoted
            if _precedes_promoted(heading, headings, mapped.text):
                subs.append(heading)
                notes.append(f"subtopic {heading.key} numbered as a top-level section ({heading.number}、)")
                continue
        if is_top:
            if heading.key in seen:
                continue  # a second heading for the same section is a quotation or a table label
            seen.add(heading.key)
            tops.append(heading)
        else:
            if heading.number and _is_top(heading, mapped.text):
                notes.append(f"subtopic {heading.key} numbered as a top-level section ({heading.number}、)")
            subs.append(heading)
    sections: list[Section] = []
    for index, heading in enumerate(tops):
        start, heading_end = _heading_span(mapped, heading)
        title_start = mapped.offsets[heading.end - len(heading.title)]
        end = _heading_span(mapped, tops[index + 1])[0] if index + 1 < len(tops) else len(text)
        sections.append(Section(heading.key, heading.number, text[title_start:heading_end], start, end, start, heading_end))
    first = sections[0].start if sections else len(text)
    if text[:first].strip():
        sections.insert(0, Section("preamble", None, "", 0, first, 0, 0))
    overview = next((s for s in sections if s.key == "overview"), None)
    subtopics: list[Section] = []
    inside = [h for h in subs if overview and overview.start <= _heading_span(mapped, h)[0] < overview.end]
    for index, heading in enumerate(inside):
        start, heading_end = _heading_span(mapped, heading)
        title_start = mapped.offsets[heading.end - len(heading.title)]
        end = _heading_span(mapped, inside[index + 1])[0] if index + 1 < len(inside) else overview.end
        subtopics.append(Section(heading.key, heading.number, text[title_start:heading_end], start, end, start, heading_end))
    return sections, subtopics, notes


def _is_top(heading: Heading, text: str) -> bool:
    return not text[heading.start : heading.start + 1] == "("


def _precedes_promoted(heading: Heading, headings: list[Heading], text: str) -> bool:
    later = [h for h in headings if h.start > heading.start]
    for other in later:
        if other.kind == "subtopic" and other.key in _SUBTOPIC_ONLY and _is_top(other, text):
            return True
        if other.kind == "section" and other.key not in ("proactive", "requests"):
            return False
    return False


def _wrapped(lines: list[str]) -> bool:
    """Whether the text is hard-wrapped (PDF extraction): many lines of the same length."""
    return _wrapped_lengths([len(line.strip()) for line in lines])


def _wrapped_lengths(lengths: list[int]) -> bool:
    """``_wrapped`` of lines of these lengths (without white space at either end)."""
    lengths = [length for length in lengths if length >= 15]
    if len(lengths) < 6:
        return False
    mode, _ = Counter(lengths).most_common(1)[0]
    near = sum(1 for length in lengths if abs(length - mode) <= 2)
    return near / len(lengths) >= 0.3


_STRIPPED_LINE = re.compile(r"\S(?:[^\n]*\S)?")  # a line without the white space at either end


def _paragraphs(text: str, mapped: Mapped, report: Report, heading_starts: list[int]) -> list[Paragraph]:
    normalized = mapped.text
    # Normalised spans of non-empty lines, cut where a heading starts: the lines of each stretch
    # between two heading starts (white space around a heading start is white space at the end
    # of a piece, stripped like a line's).
    bounds = [0, *sorted(heading_starts), len(normalized)]
    lines = [match.span() for start, end in zip(bounds, bounds[1:]) for match in _STRIPPED_LINE.finditer(normalized, start, end)]
    if _wrapped_lengths([end - start for start, end in lines]):
        lines = _join_wrapped(normalized, lines)
    offsets = mapped.offsets
    spans = [(offsets[start], offsets[end - 1] + 1) for start, end in lines]  # mapped.span of non-empty spans
    starts = [start for start, _ in spans]  # in order
    headings = [(s.heading_start, s.heading_end) for s in report.sections if s.key != "preamble"]
    headings += [(s.heading_start, s.heading_end) for s in report.subtopics]
    # A paragraph is a heading only when its start lies on a heading (the tests below ask
    # hs <= start <= he), so each paragraph looks at the few headings on its start.
    covering: dict[int, list[tuple[int, int]]] = {}  # by paragraph
    for hs, he in headings:
        for index in range(bisect.bisect_left(starts, hs), bisect.bisect_right(starts, max(hs, he))):
            covering.setdefault(index, []).append((hs, he))
    # sections and sub-topics follow each other in the text: the one holding an offset is the
    # last that starts at or before it
    sections, subtopics = report.sections, report.subtopics
    section_starts = [s.start for s in sections]
    subtopic_starts = [s.start for s in subtopics]
    paragraphs = []
    for index, (start, end) in enumerate(spans):
        at = bisect.bisect_right(section_starts, start) - 1
        section = sections[at].key if at >= 0 else "preamble"
        at = bisect.bisect_right(subtopic_starts, start) - 1
        subtopic = subtopics[at].key if at >= 0 and start < subtopics[at].end else None
        near = covering.get(index)
        is_heading = near is not None and (
            any(hs <= start and end <= he + 1 for hs, he in near)
            or any(hs == start and text[he:end].strip(" \t:：。.") == "" for hs, he in near)
        )
        paragraphs.append(Paragraph(start, end, text[start:end], section, subtopic, is_heading))
    return paragraphs


def _join_wrapped(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Lines joined into paragraphs where a PDF wrapped a sentence: the paragraph so far is
    long, ends neither a sentence nor a title, and neither it nor the next line holds a tab.
    The paragraph is read through its span (a wrapped page without a sentence end is one
    paragraph: copying it for every line was quadratic)."""
    joined: list[tuple[int, int]] = []
    tabbed = False  # the paragraph being joined holds a tab: only its first line can
    for start, end in lines:
        if joined:
            first, last = joined[-1]
            current = text[start:end]
            if (
                last - first >= 15
                and not text.endswith(_SENTENCE_END, first, last)
                and not text.endswith("报告", first, last)
                and not tabbed
                and "\t" not in current
                and not _LIST_START.match(current)
            ):
                joined[-1] = (first, end)
                continue
        joined.append((start, end))
        tabbed = "\t" in text[start:end]
    return joined
