"""Recognising section and sub-topic headings in normalised text."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .. import data

NUMERALS = "一二三四五六七八九十"
_TOP = re.compile(rf"^[ \t]*(?P<num>[{NUMERALS}]{{1,3}})[ \t]*(?:[、.,:]|[ \t])[ \t]*(?P<rest>\S.*)$")
_SUB = re.compile(rf"^[ \t]*[(](?P<num>[{NUMERALS}]{{1,3}})[)][ \t]*[、.,]?[ \t]*(?P<rest>\S.*)$")
_BARE_MAX = 24  # a heading without a numeral is a short line holding only the title


@dataclass(frozen=True)
class Heading:
    kind: str  # "section" or "subtopic"
    key: str
    number: str | None
    title: str  # title as matched (normalised)
    start: int  # normalised offsets of the heading (numeral to end of title)
    end: int
    glued: bool  # text follows the title on the same line


@lru_cache(maxsize=None)
def _patterns() -> tuple[list[tuple[str, str, re.Pattern]], list[tuple[str, re.Pattern]]]:
    spec = data.toml("sections.toml")
    sections = [(s["key"], s["number"], re.compile(s["title"])) for s in spec["section"]]
    subtopics = [(s["key"], re.compile(s["title"])) for s in spec["subtopic"]]
    return sections, subtopics


@lru_cache(maxsize=None)
def _title_order() -> list[tuple[str, str, re.Pattern]]:
    """Section title patterns in the order they are tried: 总体情况 last, as its pattern is the loosest."""
    return sorted(_patterns()[0], key=lambda entry: entry[0] == "overview")


def canonical_titles() -> dict[str, str]:
    return {s["key"]: s["canonical"] for s in data.toml("sections.toml")["section"]}


def expected_numbers() -> dict[str, str]:
    return {key: number for key, number, _ in _patterns()[0]}


def _title_end(rest: str, match: re.Match) -> int:
    """Extend a title match to the end of its clause (情况, a colon) but not into the text."""
    end = match.end()
    if rest[:end].endswith(("情况", "事项", "措施")):
        return end
    tail = re.match(r"[^。,;:!?\s]{0,6}?(?:情况|事项|措施)", rest[end:])
    if tail and end + tail.end() <= 40:
        end += tail.end()
    return end


@lru_cache(maxsize=4096)  # titles and table labels (tried as bare titles) repeat across reports
def classify_title(rest: str) -> tuple[str, int] | None:
    """The section key a heading title names, and where the title ends in ``rest``."""
    for key, _number, pattern in _title_order():
        match = pattern.match(rest)
        if match:
            return key, _title_end(rest, match)
    return None


@lru_cache(maxsize=4096)
def classify_subtopic(rest: str) -> tuple[str, int] | None:
    for key, pattern in _patterns()[1]:
        match = pattern.match(rest)
        if match:
            return key, _title_end(rest, match)
    return None


def _truncated_title(number: str, rest: str) -> str | None:
    """A heading cut off by the end of an excerpt: "五、存在的主"."""
    rest = rest.strip()
    if len(rest) < 2:
        return None
    for key, canonical in canonical_titles().items():
        if expected_numbers()[key] == number and canonical.startswith(rest):
            return key
    return None


# Web pages flatten a report into few lines: a heading may start after a sentence end.
# Where a heading may start inside a line: before a numeral (一、 or (一)) that follows a
# sentence end or white space.  The match is that one character (its end is where the heading
# starts), so that the regex engine skips to such characters rather than trying at each, and
# a long run of spaces is not scanned again from each of its characters.
_MAY_OPEN = re.compile(rf"[ \t]*[{NUMERALS}(]")  # what _TOP and _SUB need at the start of a line
_INLINE = re.compile(rf"[。;!?\s](?=[{NUMERALS}]{{1,2}}、|[(][{NUMERALS}]{{1,2}}[)])")


# Lines this short repeat across reports (table rows, labels, titles): their headings are read
# once per process and cached (see _short_line_headings).
_SHORT_LINE = 64


def find_headings(text: str) -> list[Heading]:
    """Every section and sub-topic heading of the normalised ``text``, in order."""
    headings: list[Heading] = []
    lines = text.split("\n")
    last_nonempty = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), -1)
    offset = 0
    for index, line in enumerate(lines):
        if len(line) > _SHORT_LINE:
            headings += _line_headings(line, offset, index == last_nonempty)
        else:
            headings += [_moved(heading, offset) for heading in _short_line_headings(line, index == last_nonempty)]
        offset += len(line) + 1
    headings.sort(key=lambda h: h.start)  # once: each line's headings follow the earlier lines'
    return headings


@lru_cache(maxsize=8192)
def _short_line_headings(line: str, last_line: bool) -> tuple[Heading, ...]:
    """``_line_headings`` of a short line, read once per process (offsets from its start)."""
    return tuple(_line_headings(line, 0, last_line))


def _moved(heading: Heading, offset: int) -> Heading:
    return replace(heading, start=heading.start + offset, end=heading.end + offset)


def _line_headings(line: str, offset: int, last_line: bool) -> list[Heading]:
    """The headings of a line that starts at ``offset`` (``last_line``: the text's last
    non-empty line), in the order they were found."""
    if not _may_hold_heading(line):
        return []
    headings: list[Heading] = []
    inline = [m.end() for m in _INLINE.finditer(line)]
    starts = [0] + inline
    tried: set[int] = set()
    while starts:
        position = starts.pop(0)
        if position in tried:
            continue
        tried.add(position)
        # the last heading of the text when no numeral opens a heading later on its line
        is_last = last_line and bisect.bisect_left(inline, position + 2) == len(inline)
        heading = _line_heading(_window(line, position), offset + position, is_last)
        if heading:
            headings.append(heading)
            # headings run together when a page lost its line breaks: 二、…情况三、…
            starts.insert(0, heading.end - offset)
    return headings


# What a heading can need of its line: the longest title is about 40 characters.  A page that
# lost its line breaks is one line of the whole report, read from each numeral in it; reading
# a window keeps that linear (and the titles' caches small).
_WINDOW = 400


def _window(line: str, position: int) -> str:
    """``line[position:]``, cut to the window; a cut line ends with a mark that text goes on,
    so that the title is not taken for the whole rest of the line."""
    end = position + _WINDOW
    return line[position:] if end >= len(line) else line[position:end] + "…"


def _may_hold_heading(line: str) -> bool:
    """Whether ``find_headings`` can find anything in ``line``: what ``_TOP`` or ``_SUB`` needs
    opens it, or it is as short as a bare title, or a numeral follows a sentence end in it."""
    return bool(_MAY_OPEN.match(line)) or 2 <= len(line.strip()) <= _BARE_MAX or _INLINE.search(line) is not None


def _line_heading(line: str, offset: int, is_last: bool) -> Heading | None:
    match = _TOP.match(line)
    if match:
        number, rest = match["num"], match["rest"].rstrip()
        rest_start = offset + match.start("rest")
        found = classify_title(rest)
        if found:
            key, end = found
            return Heading("section", key, number, rest[:end], offset + match.start("num"), rest_start + end, bool(rest[end:].strip(" :。.")))
        sub = classify_subtopic(rest)
        if sub and (len(rest) <= 30 or rest[sub[1] :].lstrip().startswith(("。", ".", ":"))):
            key, end = sub
            return Heading("subtopic", key, number, rest[:end], offset + match.start("num"), rest_start + end, bool(rest[end:].strip(" :。.")))
        if is_last:
            key = _truncated_title(number, rest)
            if key:
                return Heading("section", key, number, rest, offset + match.start("num"), rest_start + len(rest), False)
        return None
    match = _SUB.match(line)
    if match:
        rest = match["rest"].rstrip()
        sub = classify_subtopic(rest)
        if sub:
            key, end = sub
            rest_start = offset + match.start("rest")
            return Heading("subtopic", key, match["num"], rest[:end], offset + match.start(), rest_start + end, bool(rest[end:].strip(" :。.")))
        return None
    bare = line.strip()
    if 2 <= len(bare) <= _BARE_MAX:
        found = classify_title(bare)
        if found and found[1] >= len(bare) - 1:
            start = offset + line.index(bare)
            return Heading("section", found[0], None, bare, start, start + len(bare), False)
    return None
