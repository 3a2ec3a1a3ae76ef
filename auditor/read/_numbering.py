"""Word's automatic numbering, rendered: the "一、" Word draws but does not store in the text.

A heading typed as "总体情况" in a numbered list shows as "一、总体情况"; without the label the
parser could not tell section 一 from section 二.  This follows ``numbering.xml``: the
paragraph's (or its style's) ``w:numPr`` picks a list and level, each level has a start, a
number format and a label pattern ("%1、", "（%2）"), and counters run per list, deeper
levels restarting when a shallower one advances.  Bullets render as nothing.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CHINESE = {"chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting", "ideographDigital", "chineseLegalSimplified"}
# Word's bounds, applied to what a file claims: levels 0-8; a counter's "start at" stops at
# 32767 in Word's dialog.  Counters above that (or Roman numerals above 3999, mmmcmxcix) are
# written in digits, whose length grows with the logarithm, not as Roman numerals or letters,
# whose length grows with the value.  A label is a few characters ("一、", "（一）", "1.2.3."),
# so a longer one is junk and is cut, lest numbered paragraphs of a few bytes each draw
# labels of thousands of characters.
_MAX_LEVEL = 8
_MAX_COUNTER = 32767
_MAX_ROMAN = 3999
_MAX_LABEL = 40


def _number(value: str | None, low: int, high: int) -> int | None:
    """An integer attribute clamped to ``low..high``; None when it is missing or not ASCII
    digits ("²" passes ``isdigit`` but not ``int``; thousands of digits exceed ``int``'s limit)."""
    if value is None:
        return None
    text = value.strip()
    digits = text[1:] if text[:1] in ("+", "-") else text
    if not (digits.isascii() and digits.isdigit()):
        return None
    if len(digits) > 9:
        return low if text[:1] == "-" else high
    return max(low, min(high, int(text)))


def _chinese(n: int) -> str:
    if n <= 0 or n >= 100:
        return str(n)
    tens, units = divmod(n, 10)
    if tens == 0:
        return _DIGITS[units]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += numeral
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    """A counter in one of Word's number formats (the common ones; others as digits)."""
    if n > _MAX_COUNTER or (n > _MAX_ROMAN and fmt in ("lowerRoman", "upperRoman")):
        return str(n)
    if fmt in _CHINESE:
        return _chinese(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "ideographTraditional" and 1 <= n <= len(_HEAVENLY_STEMS):
        return _HEAVENLY_STEMS[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"
    legal: bool = False


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(qn("w:val"), default)


def _levels(lvls: Iterable[etree._Element]) -> dict[int, _Level]:
    levels: dict[int, _Level] = {}
    for lvl in lvls:
        index = _number(lvl.get(qn("w:ilvl"), "0"), 0, _MAX_LEVEL)
        if index is None:
            continue
        start = _number(_val(lvl.find(qn("w:start"))), 0, _MAX_COUNTER)
        levels[index] = _Level(
            start=1 if start is None else start,
            fmt=_val(lvl.find(qn("w:numFmt")), "decimal") or "decimal",
            text=(_val(lvl.find(qn("w:lvlText")), "") or "")[:_MAX_LABEL],
            suffix=_val(lvl.find(qn("w:suff")), "tab") or "tab",
            legal=lvl.find(qn("w:isLgl")) is not None,
        )
    return levels


@dataclass
class Numbering:
    """The lists of one document and their running counters."""

    lists: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> levels
    style_numbers: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId -> (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, word) -> "Numbering":
        """The numbering of a python-docx ``Document`` (empty when it has none)."""
        numbering = cls()
        try:
            root = word.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return numbering
        abstracts = {a.get(qn("w:abstractNumId")): a for a in root.iterchildren(qn("w:abstractNum"))}
        for num in root.iterchildren(qn("w:num")):
            abstract = abstracts.get(_val(num.find(qn("w:abstractNumId"))))
            if abstract is None:
                continue
            levels = _levels(abstract.iterchildren(qn("w:lvl")))
            for override in num.iterchildren(qn("w:lvlOverride")):
                levels.update(_levels(override.iterchildren(qn("w:lvl"))))
                index = _number(override.get(qn("w:ilvl"), "0"), 0, _MAX_LEVEL)
                start = _number(_val(override.find(qn("w:startOverride"))), 0, _MAX_COUNTER)
                if start is not None and index in levels:
                    levels[index].start = start
            numbering.lists[num.get(qn("w:numId"))] = levels
        numbering.style_numbers = _style_numbers(word)
        return numbering

    def label(self, paragraph: etree._Element) -> str:
        """The label Word draws before ``paragraph`` ("一、"), advancing the counters."""
        found = self._num_pr(paragraph)
        if found is None:
            return ""
        num_id, ilvl = found
        levels = self.lists.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.fmt in ("bullet", "none"):
            return ""
        text = level.text
        for index in range(ilvl, -1, -1):
            if f"%{index + 1}" in text:
                shown = levels.get(index, _Level())
                value = counters.get(index, shown.start)
                fmt = "decimal" if level.legal and index < ilvl else shown.fmt
                text = text.replace(f"%{index + 1}", format_number(value, fmt))
        return text[:_MAX_LABEL] + (" " if level.suffix == "space" else "")

    def _num_pr(self, paragraph: etree._Element) -> tuple[str, int] | None:
        props = paragraph.find(qn("w:pPr"))
        if props is None:
            return None
        num_pr = props.find(qn("w:numPr"))
        if num_pr is not None:
            num_id = _val(num_pr.find(qn("w:numId")))
            ilvl = _val(num_pr.find(qn("w:ilvl")))
            if num_id is not None:
                return None if num_id == "0" else (num_id, _number(ilvl, 0, _MAX_LEVEL) or 0)
        style = _val(props.find(qn("w:pStyle")))
        return self.style_numbers.get(style) if style else None


def _style_numbers(word) -> dict[str, tuple[str, int]]:
    """Paragraph styles that carry numbering (a heading style linked to a list)."""
    try:
        styles = word.styles.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    by_id = {s.get(qn("w:styleId")): s for s in styles.iterchildren(qn("w:style"))}
    out: dict[str, tuple[str, int]] = {}
    for style_id in by_id:
        current, seen = style_id, set()
        while current in by_id and current not in seen:
            seen.add(current)
            num_pr = by_id[current].find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                num_id = _val(num_pr.find(qn("w:numId")))
                if num_id and num_id != "0":
                    out[style_id] = (num_id, _number(_val(num_pr.find(qn("w:ilvl"))), 0, _MAX_LEVEL) or 0)
                break
            current = _val(by_id[current].find(qn("w:basedOn")))
    return out
