"""Offset-keeping normalisation of report text.

Each step is a small function ``Mapped -> Mapped``.  A ``Mapped`` text remembers, for every
character, the offset of the character of the original text it came from, so anything found
in normalised text can be reported with offsets into the text the user gave.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))  # CJK as code point ranges


@dataclass(frozen=True)
class Mapped:
    text: str
    offsets: tuple[int, ...]  # offsets[i]: original offset of text[i]; one extra entry for the end

    @classmethod
    def of(cls, text: str) -> "Mapped":
        return cls(text, tuple(range(len(text) + 1)))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the normalised slice [start, end)."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


def delete(mapped: Mapped, pattern: re.Pattern[str]) -> Mapped:
    """Drop every match of ``pattern`` (its characters vanish, offsets of the rest stay)."""
    return delete_spans(mapped, (match.span() for match in pattern.finditer(mapped.text)))


def delete_spans(mapped: Mapped, spans: Iterable[tuple[int, int]]) -> Mapped:
    """Drop the characters of each span, given in order and apart."""
    keep_text: list[str] = []
    keep_offsets: list[int] = []
    last = 0
    for start, end in spans:
        keep_text.append(mapped.text[last:start])
        keep_offsets.extend(mapped.offsets[last:start])
        last = end
    if last == 0 and not keep_text:
        return mapped
    keep_text.append(mapped.text[last:])
    keep_offsets.extend(mapped.offsets[last:])  # includes the end sentinel
    return Mapped("".join(keep_text), tuple(keep_offsets))


def translate(mapped: Mapped, table: dict[int, str]) -> Mapped:
    """Replace characters one for one (lengths and offsets unchanged)."""
    return Mapped(mapped.text.translate(table), mapped.offsets)


# Full-width ASCII to half-width, ideographic space to space; Chinese punctuation that has
# no ASCII twin (、。《》〔〕) is kept.
_WIDTH = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: " ", 0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x200B: " ", 0xFEFF: " "})
_WIDTH.update({ord("【"): "[", ord("】"): "]", ord("﹝"): "〔", ord("﹞"): "〕"})
_WIDE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_WIDTH)) + "]")
_WIDE_TABLE = {chr(code): out for code, out in _WIDTH.items()}


_CR_BEFORE_LF = re.compile(r"\r(?=\n)")


def fold_line_ends(mapped: Mapped) -> Mapped:
    """Windows and old Mac line ends (CR LF, CR) to LF; offsets still point into the text as read."""
    if "\r" not in mapped.text:
        return mapped
    return translate(delete(mapped, _CR_BEFORE_LF), {ord("\r"): "\n"})


def replace_chars(mapped: Mapped, pattern: re.Pattern[str], table: dict[str, str]) -> Mapped:
    """Replace the characters ``pattern`` finds by their entries in ``table``, one for one.

    What ``translate`` does, but faster when few characters change: ``str.translate`` looks
    every character of the text up in its table, while here the pattern finds the first
    character to change and ``str.replace`` swaps it throughout, then the search goes on from
    there.  Replacing one character after another equals replacing all at once because no
    entry of ``table`` is itself a key of it (so nothing before the search changes again).
    """
    text, at = mapped.text, 0
    while found := pattern.search(text, at):
        char = found.group()
        # One character for one: offsets stay.  ``table[char]`` is no key of ``table``
        # (tested on zhconv's real table): were it one, a later search would find it and
        # replace it throughout, also where it was written so before ``at``.
        text = text.replace(char, table[char])
        at = found.end()
    return Mapped(text, mapped.offsets)


def fold_width(mapped: Mapped) -> Mapped:
    return replace_chars(mapped, _WIDE, _WIDE_TABLE)


@lru_cache(maxsize=None)
def _traditional() -> tuple[re.Pattern[str], dict[str, str]]:
    """The traditional characters that have a one-character simplified form (zhconv's zh-cn
    conversion of each CJK character on its own), as a character class and a table."""
    import zhconv

    chars = [chr(code) for low, high in _CJK_RANGES for code in range(low, high + 1)]
    # One call for all: a line break stops zhconv's longest-phrase matching, so each
    # character is converted on its own.
    converted = zhconv.convert("\n".join(chars), "zh-cn").split("\n")
    table = {char: out for char, out in zip(chars, converted, strict=True) if len(out) == 1 and out != char}
    return re.compile("[" + "".join(sorted(table)) + "]"), table


def simplify(mapped: Mapped) -> Mapped:
    """Traditional to simplified characters, one for one (mirror sites publish in 繁體)."""
    pattern, table = _traditional()
    if not pattern.search(mapped.text):
        return mapped
    return replace_chars(mapped, pattern, table)


# Mirror sites annotate characters with pinyin: 報(bào)告.
# The pattern opens with the bracket, so that the regex engine jumps from bracket to bracket;
# the look-behind then checks the character before it.
_PINYIN = re.compile(f"\\((?<=[{CJK}]\\()[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{{1,7}}\\)")
_BOLD = re.compile(r"\*\*")
# Spaces that PDF extraction puts inside Chinese text and between Chinese and numbers:
# 西湖镇 2020 年, 依 托.  Tabs are cell separators and stay.
# The pattern opens with the space so that the regex engine jumps from space to space; the
# look-behinds then check the character before it.
_INNER_SPACE = re.compile(f"[ ](?:(?<=[{CJK}\\d][ ])[ ]{{0,2}}(?=[{CJK}])|(?<=[{CJK}][ ])[ ]{{0,2}}(?=\\d))")
# A page number is a line of its own: "- 3 -", "第3页", "第3页,共12页".
_PAGE_NUMBER_LINE = r"[ \t]*(?:[-—–][ \t]*\d{1,3}[ \t]*[-—–]|第[ \t]*\d{1,3}[ \t]*页(?:[ \t]*[,，/][ \t]*共[ \t]*\d{1,3}[ \t]*页)?)[ \t]*$"
_PAGE_NUMBER = re.compile(f"(?m)^{_PAGE_NUMBER_LINE}")
# The same after a line break: the regex engine skips from line break to line break, where
# "^" has it try at every character.
_PAGE_NUMBER_AFTER_BREAK = re.compile(f"(?m)\n(?P<line>{_PAGE_NUMBER_LINE})")


def strip_pinyin(mapped: Mapped) -> Mapped:
    return delete(mapped, _PINYIN)


def strip_bold(mapped: Mapped) -> Mapped:
    return delete(mapped, _BOLD)


def join_inner_spaces(mapped: Mapped) -> Mapped:
    return delete(mapped, _INNER_SPACE)


def drop_page_numbers(mapped: Mapped) -> Mapped:
    return delete_spans(mapped, _page_numbers(mapped.text))


def _page_numbers(text: str) -> Iterator[tuple[int, int]]:
    """The spans of ``_PAGE_NUMBER.finditer(text)``: one at the start of the text, then each
    after a line break (a line break is never part of one, so none is lost to the break)."""
    first = _PAGE_NUMBER.match(text)
    if first:
        yield first.span()
    for match in _PAGE_NUMBER_AFTER_BREAK.finditer(text, first.end() if first else 0):
        yield match.span("line")


# Tables are read from text normalised without joining spaces, which separate cells there.
TABLE_STEPS = (fold_line_ends, fold_width, simplify, strip_pinyin, strip_bold, drop_page_numbers)
PIPELINE = (*TABLE_STEPS, join_inner_spaces)


def normalize(text: str, steps=PIPELINE) -> Mapped:
    mapped = Mapped.of(text)
    for step in steps:
        mapped = step(mapped)
    return mapped


def normalize_for_text_and_tables(text: str) -> tuple[Mapped, Mapped]:
    """``normalize(text)`` and ``normalize(text, TABLE_STEPS)``, sharing the work: the full
    normalisation is the table's followed by joining spaces."""
    tables = normalize(text, TABLE_STEPS)
    return join_inner_spaces(tables), tables


@lru_cache(maxsize=16384)
def normalize_string(text: str) -> str:
    """The normalised form of a string without its offsets (a name, a keyword, a table cell, a
    corpus paragraph for training).

    Cached: body names, keywords and table cells ("0" mostly) come back many times.
    """
    return normalize(text).text
