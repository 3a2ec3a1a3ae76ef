"""Accidental repetition inside a report (domain.md §6): careless text that assessors deduct for.

Five kinds, each a warning ``repetition.<kind>`` whose offsets cover the whole repeated stretch:

- ``word``: a word or short phrase written twice in a row (资金资金, 我局局, 过程性性), a phrase
  followed by a near copy of itself (可通过可以通过), a doubled part of a year (202020年);
- ``list_item``: an item repeated in an enumeration (谁公开、谁审查、谁审查、谁负责);
- ``clause``: a verb repeated inside one clause, the second copy a slip (加强了与各业务部门加强了沟通);
- ``sentence`` and ``paragraph``: repeated right after themselves or elsewhere in the report.

A run of copies is one finding over the run (资金资金资金: ``word 资金 written 3 times``; one list
item written over and over), not one per overlapping pair.

The detectors read the normalised text with table rows and page navigation left out and PDF line
wraps read through.  jieba tokens, their tags and the dictionary decide what is a word; the
allow-lists of data/repetition.toml say what is written on purpose (reduplications such as 常常
and 研究研究, a place before its office as in 阳谷县县政府, parallel frames such as 应公开尽公开).
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate, chain
from typing import NamedTuple

from .. import data, nlp
from ..parse.normalize import CJK, Mapped, normalize
from ..types import Finding, Report
from . import Context, register

Token = tuple[str, str, int, int]  # word, part-of-speech tag, start, end

_SENTENCE_END = "。！？!?"
_SEPARATORS = "、，,；;"
_QUOTES = " \"'“”‘’「」『』《》〈〉()（）[]【】"
_NUMERALS = set("一二三四五六七八九十百千零〇两")
_CJK_CHAR = re.compile(f"[{CJK}]")
_CJK_RUN = re.compile(f"[{CJK}]+")
_WORD_CHAR = re.compile(f"[{CJK}0-9A-Za-z]")
_CLAUSE = re.compile(f"[{CJK}0-9A-Za-z]+")
# White space and numbering in front of a paragraph or sentence, on its line: - , (二), 一是, 1.
_NUMBERING_PATTERN = r"[^\S\n]*+(?:[-•·●*][^\S\n]*)?(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}是|[一二三四五六七八九十]{1,3}、|\d{1,2}[、.．)）])?[^\S\n]*"
_NUMBERING = re.compile(_NUMBERING_PATTERN)
# A sentence, in group 1 without its numbering.  It starts at a line start or after a sentence
# end (the look-behind keeps a long line without one from being searched again from each of its
# characters), holds something before its end mark, and its numbering is the one _NUMBERING
# finds there (what follows the numbering always matches, so none is given back).  The numbering
# is read without stopping at a sentence end, which equals finding the sentence first and its
# numbering inside it only because no character the numbering reads (white space, - • · ● *,
# brackets, numerals, 是, and . ． ) ） 、) is in _SENTENCE_END: a test checks it.
_SENTENCE = re.compile(f"(?<![^{_SENTENCE_END}\n])(?=[^{_SENTENCE_END}\n]){_NUMBERING_PATTERN}([^{_SENTENCE_END}\n]*[{_SENTENCE_END}])")
# A sentence piece with a separator in it; the look-behind starts it at a piece's start only and
# the possessive runs read each piece once.
_LIST_SENTENCE = re.compile(f"(?<![^{_SENTENCE_END}\n])[^{_SENTENCE_END}\n{_SEPARATORS}]*+[{_SEPARATORS}][^{_SENTENCE_END}\n]*+")
_SEPARATOR = re.compile(f"[{_SEPARATORS}]")
_SEPARATOR_SPLIT = re.compile(f"([{_SEPARATORS}])")
_SENTENCE_MARK = re.compile(f"[{_SENTENCE_END}]")
_CLAUSE_MARK = re.compile("[。，；]")  # marks that tell a sentence from a table row
_LEADERS = re.compile(r"[.…·]{3,}")
_FIGURE_MARK = re.compile(r"[.,%\-/+:：]")  # what a table row's figures hold besides digits
_YEAR_DIGITS = re.compile(r"(?<![\d.])(\d{5,8})(?=年)")
# 年 after five digits: a search for the literal 年 first, far quicker than trying _YEAR_DIGITS
# at every position of a text that (like most) holds no such year.
_LONG_YEAR = re.compile(r"年(?<=\d{5}年)")


_KINDS = ("paragraph", "sentence", "list_item", "clause", "word")  # the first wins a tie of spans

# Lines this short (headings, labels, table rows, figures such as 0 and 12) repeat within a report
# and across reports, so whether each is left out is cached; longer lines seldom repeat.
_SHORT_LINE = 64


@dataclass(frozen=True)
class Hit:
    """A repetition found in the text the detectors read; ``first`` is the earlier copy when the
    repetition is far from it (the finding then covers the later copy only)."""

    kind: str
    start: int
    end: int
    repeated: str
    message: str
    first: tuple[int, int] | None = None


@register("repetition")
def check_repetition(report: Report, context: Context) -> list[Finding]:
    view = _narrative(report)
    findings = []
    for hit in find_repetitions(view.text):
        start, end = view.span(hit.start, hit.end)
        extra: dict = {"repeated": hit.repeated}
        if hit.first:
            extra["first"] = list(view.span(*hit.first))
        findings.append(Finding(f"repetition.{hit.kind}", "warning", hit.message, start, end, report.text[start:end], extra))
    return findings


def find_repetitions(text: str) -> list[Hit]:
    """Every accidental repetition in ``text`` (already reduced to narrative), in text order."""
    tokens = _tokens(text)
    bounds = set(tokens.starts)  # where a token starts or ends
    recurring = _recurrences(text)
    hits = _doubled_words(text, tokens, recurring) + _doubled_year_digits(text) + _sentences(text)
    return _outermost(hits + _near_doubles(text, bounds, recurring) + _list_items(text, bounds) + _clause_slips(text, tokens))


def _recurrences(text: str) -> list[int]:
    """Where a word character comes again within a unit's length: the positions a doubled unit
    or a near-double can start from.  One search finds the candidates of both detectors, each of
    which then tries its own pattern there only."""
    return [match.start() for match in _recurring_word_character().finditer(text)]


@lru_cache(maxsize=1)
def _recurring_word_character() -> re.Pattern[str]:
    """A word character that comes again after at most a unit's length of word characters, found
    at every position (the look-ahead matches nothing; taking the most characters first and
    giving them back is quicker than adding one at a time, and finds the same positions)."""
    return re.compile(f"(?=([{CJK}0-9A-Za-z])[{CJK}0-9A-Za-z]{{0,{_rules()['limits']['max_unit'] - 1}}}\\1)")


class _Tokens(NamedTuple):
    """A text's jieba tokens as columns: the words, their tags, and where each starts (one start
    more than words: the text's end)."""

    words: list[str]
    tags: list[str]
    starts: list[int]

    def token_at(self, i: int) -> Token:
        """The token that holds ``text[i]``."""
        index = bisect.bisect_right(self.starts, i) - 1
        return self.words[index], self.tags[index], self.starts[index], self.starts[index + 1]


def _tokens(text: str) -> _Tokens:
    """``text`` segmented; the topic model has segmented the report's sentences already, and
    nlp's cache serves their pieces (a line is the same piece with or without its line break)."""
    words, tags = nlp.segments(text)
    return _Tokens(words, tags, list(accumulate(map(len, words), initial=0)))


# --- what the detectors read ---------------------------------------------------------------


def narrative(report: Report) -> Mapped:
    """The report's normalised text without table rows and page navigation, one paragraph a line.

    Paragraphs are the parser's: lines that PDF extraction broke inside a sentence are one
    paragraph there, and are read here with the line breaks left out (资金\n资金 is 资金资金).
    A line that starts with the word the line before ends with is read through as well.
    """
    view = _narrative(report)
    offsets = view.mapped.offsets
    kept_offsets = chain.from_iterable(offsets[start:end] for start, end in view.kept)
    return Mapped(view.text, (*kept_offsets, offsets[len(view.mapped.text)]))


class _Narrative(NamedTuple):
    """The narrative as the normalised text's spans it keeps: the check maps the few hits back
    without an offset per character of the narrative (what ``narrative`` lists)."""

    text: str
    mapped: Mapped  # the normalised text
    kept: list[tuple[int, int]]  # the spans of ``mapped.text`` that ``text`` joins, in order
    starts: list[int]  # where each kept span starts in ``text``

    def span(self, start: int, end: int) -> tuple[int, int]:
        """``narrative(report).span(start, end)``: the report's text that ``text[start:end]`` is read from."""
        if end <= start:
            return self.offset(start), self.offset(start)
        return self.offset(start), self.offset(end - 1) + 1

    def offset(self, i: int) -> int:
        """Where in the report's text ``text[i]`` stands (its end for ``i == len(text)``)."""
        if i >= len(self.text):
            return self.mapped.offsets[len(self.mapped.text)]
        index = bisect.bisect_right(self.starts, i) - 1
        return self.mapped.offsets[self.kept[index][0] + i - self.starts[index]]


def _narrative(report: Report) -> _Narrative:
    """``narrative(report)`` as the spans it keeps, which is what the check reads."""
    mapped = getattr(report, "normalized", None) or normalize(report.text)
    text, offsets = mapped.text, mapped.offsets
    shortest = _rules()["wrap"]["min_line"]
    keep: list[tuple[int, int]] = []  # the spans of ``text`` read, in order
    previous = ""  # the last kept line ("" after a left-out one)
    shift = 0  # characters normalisation took out before the last paragraph's end: few, rarely more after it
    for paragraph in report.paragraphs:
        start = _position(offsets, len(text), paragraph.start, paragraph.start - shift)
        end = _position(offsets, len(text), paragraph.end, paragraph.end - shift)
        shift = paragraph.end - end
        for index, (left, right, line) in enumerate(_lines(text, start, end)):
            if _left_out(line):
                previous = ""
                continue
            wrapped = index > 0 and len(previous) >= shortest  # a short line ends its paragraph
            if keep and not (wrapped or _continues(previous, line)):
                newline = text.rfind("\n", keep[-1][1] - 1, left)
                if newline > 0:
                    keep.append((newline, newline + 1))  # one line break between paragraphs
            keep.append((left, right))
            previous = line
    starts = list(accumulate((end - start for start, end in keep), initial=0))
    return _Narrative("".join(text[start:end] for start, end in keep), mapped, keep, starts[:-1])


def _position(offsets: tuple[int, ...], size: int, offset: int, guess: int) -> int:
    """Where the normalised text reaches ``offset`` of the text as read: ``bisect_left(offsets,
    offset, 0, size)``, with ``guess`` tried first.

    In sorted offsets only one position has a smaller offset before it and none smaller at it,
    so a guess that has is the answer.  The guess from the last paragraph's shift is right for
    nine paragraphs in ten (corpus reports), and trying it reads two neighbouring offsets where
    bisecting reads a dozen spread over a tuple of one offset per character of the report, which
    in a batch is out of the CPU cache: measured in the batch setting, the largest saving of the
    narrative's speed work.
    """
    if 0 <= guess <= size and (guess == 0 or offsets[guess - 1] < offset) and (guess == size or offsets[guess] >= offset):
        return guess
    return bisect.bisect_left(offsets, offset, 0, size)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The non-blank lines of ``text[start:end]``, outer white space trimmed, and their spans."""
    piece = text[start:end]
    if "\n" not in piece:  # a paragraph of one line, as most are
        line = piece.strip()
        left = start + len(piece) - len(piece.lstrip())
        return [(left, left + len(line), line)] if line else []
    out = []
    for piece in piece.split("\n"):
        line = piece.strip()
        if line:
            left = start + len(piece) - len(piece.lstrip())
            out.append((left, left + len(line), line))
        start += len(piece) + 1
    return out


def _left_out(line: str) -> bool:
    """Whether ``line`` is a table row or page navigation, not text."""
    return _short_line_left_out(line) if len(line) <= _SHORT_LINE else _is_table(line) or _is_chrome(line)


@lru_cache(maxsize=8192)
def _short_line_left_out(line: str) -> bool:
    """``_left_out`` of a short line, once per process."""
    return _is_table(line) or _is_chrome(line)


def _is_table(line: str) -> bool:
    """Whether ``line`` is a table row: cells split by tabs or bars, or figures with no clause mark."""
    limits = _rules()["table"]
    if "\t" in line or line.count("|") >= limits["bars"]:
        return True
    if _CLAUSE_MARK.search(line):
        return False  # a sentence full of dates (自2020年1月1日起至2020年12月31日止。)
    chars = "".join(_LEADERS.sub("", line).split())  # without white space and contents leaders ...... 12
    digits = sum(map(str.isdigit, chars))
    return digits > 0 and digits + len(_FIGURE_MARK.findall(chars)) >= limits["number_share"] * len(chars)


def _is_chrome(line: str) -> bool:
    return bool(_chrome_separator().search(line)) and not _SENTENCE_MARK.search(line)


@lru_cache(maxsize=1)
def _chrome_separator() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, _rules()["chrome"]["separators"])))


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` goes on from a long line that ends with the word it starts with."""
    if len(previous) < _rules()["wrap"]["min_line"] or not _CJK_CHAR.match(previous[-1]):
        return False
    if not any(mark in previous for mark in "，,、；;"):
        return False  # a title or a label line (发布机构: 某镇人民政府), not a sentence going on
    return any(previous.endswith(line[:size]) and _all_cjk(line[:size]) for size in range(2, _rules()["limits"]["max_unit"] + 1))


# --- word: 资金资金, 我局局, 可通过可以通过, 202020年 -------------------------------------------------


def _doubled_words(text: str, tokens: _Tokens, recurring: list[int]) -> list[Hit]:
    """Units doubled at the positions ``recurring`` (``_recurrences``) lists."""
    hits = []
    longest = _rules()["limits"]["max_unit"]
    doubled_unit = _doubled_unit()
    resume = 0  # after a hit the search goes on inside its second copy
    for i in recurring:
        if i < resume:
            continue
        match = doubled_unit.match(text, i)  # the shortest unit doubled at i, if any
        if match is None:
            continue
        for size in range(len(match.group(1)), longest + 1):  # the shortest doubled unit first
            j = i + size
            if j + size > len(text):
                break
            unit = text[i:j]
            if text[j : j + size] != unit or not _wordlike(unit) or _periodic(unit):
                continue
            if _digits_cut(text, i, j + size) or _doubling_on_purpose(text, i, size, tokens.token_at(i)):
                continue
            end = _run_end(text, i, unit)
            copies = (end - i) // size
            hits.append(Hit("word", i, end, unit, f"word {unit} repeated" if copies == 2 else f"word {unit} written {copies} times"))
            resume = end - size
            break
    return hits


def _run_end(text: str, start: int, unit: str) -> int:
    """Where the run of copies of ``unit`` doubled at ``start`` ends: 资金资金资金 is one slip,
    not two that overlap (nor a hundred thousand in a run of one character)."""
    end = start + 2 * len(unit)
    while text.startswith(unit, end) and not _digits_cut(text, start, end + len(unit)):
        end += len(unit)
    return end


@lru_cache(maxsize=1)
def _doubled_unit() -> re.Pattern[str]:
    """A unit of word characters written twice in a row, the shortest at the position tried
    (the look-ahead matches nothing)."""
    return re.compile(f"(?=([{CJK}0-9A-Za-z]{{1,{_rules()['limits']['max_unit']}}}?)\\1)")


def _wordlike(unit: str) -> bool:
    return bool(_CLAUSE.fullmatch(unit)) and bool(_CJK_CHAR.search(unit))  # every character a word character


def _periodic(unit: str) -> bool:
    return any(len(unit) % p == 0 and unit == unit[:p] * (len(unit) // p) for p in range(1, len(unit)))


def _digits_cut(text: str, start: int, end: int) -> bool:
    """Whether the stretch cuts a number in two (2020年2020 inside 12020年2020年)."""
    return (text[start].isdigit() and start > 0 and text[start - 1].isdigit()) or (
        text[end - 1].isdigit() and end < len(text) and text[end].isdigit()
    )


def _doubling_on_purpose(text: str, i: int, size: int, token: Token) -> bool:
    """Whether the unit of ``size`` characters doubled at ``i`` is meant; ``token`` holds ``text[i]``."""
    rules = _rules()
    unit, whole = text[i : i + size], text[i : i + 2 * size]
    if any(len(word) > size and text.startswith(word, i + size) for word in rules["office"]["words"]):
        return True  # 阳谷县县政府, 街道街道办事处
    if size == 1:
        return _doubled_character_on_purpose(text, i, token)
    if whole in _reduplications() or nlp.in_dictionary(whole) or token[3] >= i + 2 * size:
        return True  # 研究研究; one dictionary word holds both copies
    if any(re.search(pattern, unit) for pattern in rules["reduplication"]["unit_patterns"]):
        return True  # 一步一步
    return _body_then_word(text, i, size)


def _doubled_character_on_purpose(text: str, i: int, token: Token) -> bool:
    """Whether a character written twice (XX at ``i``) is meant: a reduplication (常常, 条条整改,
    的的确确), or one word ending and the next starting with it (阳谷县|县政府, 2020年|年度)."""
    char = text[i]
    if token[2] <= i and i + 2 <= token[3] and token[3] - token[2] > 2:
        return True  # a longer dictionary word holds the pair: 十五五, 的的确确
    ends_word = (i > 0 and text[i - 1].isdigit()) or any(nlp.in_dictionary(text[i - k : i + 1]) for k in (1, 2, 3) if i >= k)
    starts_word = any(nlp.in_dictionary(text[i + 1 : i + 1 + k]) for k in (2, 3, 4) if i + 1 + k <= len(text))
    if ends_word and starts_word:
        return True
    rules = _rules()["reduplication"]
    if char in rules["places"] and (starts_word or text[i + 2 : i + 3] in tuple(rules["levels_after"])):
        return True  # 广元市市场监督管理局, 城口县县、乡镇两级
    counted = i > 0 and (text[i - 1].isdigit() or text[i - 1] in _NUMERALS - {"一"})  # 80条条, 1月月 (一条条 is fine)
    ordinal = char in _NUMERALS and text[i + 2 : i + 3] in tuple(rules["ordinal_after"])  # 一一是, (四四)
    if counted or ordinal:
        return False
    if ends_word and char in rules["verbs_after_word"]:
        return True  # 主任任组长
    pair = text[i : i + 2]
    if pair in _reduplications() and (token[2:] == (i, i + 2) or not (ends_word or starts_word)):
        return True  # 天天更新, 领导层层审核 (jieba: 层层); but 和处处理 (jieba: 处|处理) is a slip
    if pair in rules["before_punctuation"] and not _WORD_CHAR.match(text[i + 2 : i + 3] or "。"):
        return True  # …等等。
    return _aabb(text, i) or _after_name_label(text, i)


def _body_then_word(text: str, i: int, size: int) -> bool:
    """Whether the first copy ends the name of a body (人民政府) and the second starts a longer word."""
    unit, end = text[i : i + size], i + size
    ends_body = any(len(body) > size and body.endswith(unit) and text.endswith(body, 0, end) for body in _rules()["office"]["bodies"])
    return ends_body and any(nlp.in_dictionary(text[end : end + k]) for k in range(size + 1, size + 7) if len(text) - end >= k)


def _aabb(text: str, i: int) -> bool:
    """Whether the doubled character at ``i`` is half of an AABB word (的的确确, 清清楚楚)."""
    if i + 3 < len(text) and text[i + 2] == text[i + 3] and nlp.in_dictionary(text[i] + text[i + 2]):
        return True
    return i >= 2 and text[i - 2] == text[i - 1] and nlp.in_dictionary(text[i - 2] + text[i])


def _after_name_label(text: str, i: int) -> bool:
    return bool(_name_label().search(text[max(0, i - 30) : i]))


@lru_cache(maxsize=1)
def _name_label() -> re.Pattern[str]:
    names = _rules()["names"]
    labels = "|".join(sorted(map(re.escape, names["labels"]), key=len, reverse=True))
    return re.compile(f"(?:{labels})[:：]\\s*[{CJK}]{{0,{names['within']}}}$")


def _doubled_year_digits(text: str) -> list[Hit]:
    """A year with some of its digits written twice: 202020年, 20202020年."""
    if not _LONG_YEAR.search(text):
        return []  # _YEAR_DIGITS needs five digits before 年
    hits = []
    for match in _YEAR_DIGITS.finditer(text):
        digits = match.group(1)
        for size in range(1, len(digits) // 2 + 1):
            cut = next(
                (k for k in range(len(digits) - 2 * size + 1)
                 if digits[k : k + size] == digits[k + size : k + 2 * size] and _is_year(digits[: k + size] + digits[k + 2 * size :])),
                None,
            )
            if cut is not None:
                part = digits[cut : cut + size]
                hits.append(Hit("word", match.start(), match.end() + 1, part, f"number {part} repeated in {digits}年"))
                break
    return hits


def _is_year(digits: str) -> bool:
    return len(digits) == 4 and 1949 <= int(digits) <= 2100


def _near_doubles(text: str, bounds: set[int], recurring: list[int]) -> list[Hit]:
    """A phrase followed by itself with one character more or less inside (可通过可以通过), at
    the positions ``recurring`` (``_recurrences``) lists."""
    hits = []
    rules = _rules()["limits"]
    shortest, longest = rules["min_near_double"], rules["max_unit"]
    recurring_character = _recurring_character()
    for i in recurring:
        if i not in bounds or not recurring_character.match(text, i):
            continue  # a copy starts at a token's start, with a Chinese character that comes again
        # the copy keeps the first character (only an inner one is added or dropped): it starts
        # where that character comes again
        for size in _distances(text, i, shortest, longest):
            first = text[i : i + size]
            if i + size not in bounds or not _all_cjk(first) or _periodic(first):
                continue  # a run of a shorter unit (的的的的…) is a doubled word's finding
            for other in (size + 1, size - 1):
                second = text[i + size : i + size + other]
                end = i + size + other
                if len(second) != other or end not in bounds or not _all_cjk(second):
                    continue
                longer, shorter = (second, first) if other > size else (first, second)
                if any(longer[:k] + longer[k + 1 :] == shorter for k in range(1, len(longer) - 1)):
                    hits.append(Hit("word", i, end, first, f"phrase {first} repeated as {second}"))
    return hits


def _distances(text: str, i: int, shortest: int, longest: int) -> list[int]:
    """The distances from ``shortest`` to ``longest`` at which ``text[i]`` comes again, nearest first."""
    out = []
    at = text.find(text[i], i + shortest, i + longest + 1)
    while at >= 0:
        out.append(at - i)
        at = text.find(text[i], at + 1, i + longest + 1)
    return out


@lru_cache(maxsize=1)
def _recurring_character() -> re.Pattern[str]:
    """A Chinese character that comes again after a phrase of Chinese characters as long as a
    near-double's first copy can be, at the position tried (the look-ahead matches nothing)."""
    limits = _rules()["limits"]
    return re.compile(f"(?=([{CJK}])[{CJK}]{{{limits['min_near_double'] - 1},{limits['max_unit'] - 1}}}\\1)")


def _all_cjk(text: str) -> bool:
    return bool(_CJK_RUN.fullmatch(text))


# --- list_item: 谁公开、谁审查、谁审查、谁负责 -----------------------------------------------------


class _Segment(NamedTuple):
    start: int  # of the text between separators, quotes and spaces trimmed
    end: int
    before: str  # the separator before it ("" at the start of a sentence)
    after: str  # the separator after it ("" at the end)
    text: str  # the text from ``start`` to ``end``


def _segments(sentence: str, start: int) -> list[_Segment]:
    """The segments of ``sentence``, a stretch of the text that begins at ``start``."""
    parts = _SEPARATOR_SPLIT.split(sentence)  # the pieces, with the separator between each two
    out = []
    before = ""
    for index in range(0, len(parts), 2):
        piece = parts[index]
        after = parts[index + 1] if index + 1 < len(parts) else ""
        item = piece.strip(_QUOTES)
        left = start + len(piece) - len(piece.lstrip(_QUOTES))
        out.append(_Segment(left, left + len(item), before, after, item))
        start += len(piece) + 1
        before = after
    return out


def _list_items(text: str, bounds: set[int]) -> list[Hit]:
    hits = []
    for sentence in _LIST_SENTENCE.finditer(text):  # a sentence of one segment holds no list
        if not _may_repeat_an_item(sentence.group()):
            continue
        segments = _segments(sentence.group(), sentence.start())
        for a, b in zip(segments, segments[1:]):
            if a.after != "、" and a.before == "、" and b.after == "、":
                continue  # 谁公开、谁审查，谁审查、谁负责 chains two pairs on purpose
            k = _overlap(text, a, b, bounds, b_partial=a.after == "、")
            if k:
                hits.append(_item_hit(text, a.end - k, b.start + k, text[b.start : b.start + k]))
        if sentence.group().count("、") >= 2:  # a run of three items at least
            hits.extend(_far_items(text, segments, bounds))
    return hits


def _may_repeat_an_item(sentence: str) -> bool:
    """Whether two segments of ``sentence`` start or end with the same character, as two that
    hold a repeated item do (the item is the whole of the shorter one, so it starts the longer
    one after a separator or ends it before one).  Most sentences with a list have none, and
    this costs a split, not a segment found and an item tried per pair."""
    items = [piece.strip(_QUOTES) for piece in _SEPARATOR.split(sentence)]  # each segment's text
    items = [item for item in items if item]
    return len({item[0] for item in items}) < len(items) or len({item[-1] for item in items}) < len(items)


def _item_hit(text: str, start: int, end: int, item: str) -> Hit:
    return Hit("list_item", start, end, item, f"list item {item} repeated")


def _overlap(text: str, a: _Segment, b: _Segment, bounds: set[int], b_partial: bool = True) -> int:
    """Length of the item that ends segment ``a`` and starts segment ``b`` (0 if none).

    Items inside a run of 、 are whole segments; the first segment of a run may open with a
    lead-in (遵循“谁公开) and the last may go on after its item (谁负责”的原则), but not both.
    After a comma the repeated clause is the whole segment (坚持依法公开，依法公开，).
    """
    # Either segment is the whole item, so the item is the shorter segment, ending ``a`` and starting ``b``.
    item = a.text if len(a.text) <= len(b.text) else b.text
    if not (item and a.text.endswith(item) and b.text.startswith(item)) or not _item(item):
        return 0
    k = len(item)
    whole_a, whole_b = k == a.end - a.start, k == b.end - b.start
    if not (whole_a or a.before != "、") or not (whole_b or (b_partial and b.after != "、")):
        return 0
    starts_word = whole_a or a.end - k in bounds or text[a.end - k - 1] in _QUOTES
    ends_word = whole_b or b.start + k in bounds or text[b.start + k] in _QUOTES
    return k if starts_word and ends_word else 0


def _item(item: str) -> bool:
    """Whether ``item`` can be a repeated list item: words, not numbers or numerals."""
    return bool(_CJK_CHAR.search(item)) and not set(item) <= _NUMERALS


def _far_items(text: str, segments: list[_Segment], bounds: set[int]) -> list[Hit]:
    """The same item twice, apart, in one run of 、-separated items (规章、规范性文件、规章等)."""
    hits = []
    run: list[_Segment] = []
    window = _rules()["limits"]["far_items"]  # bounds the pairs tried in a run of thousands of items
    for segment in segments + [None]:
        if segment is not None and (not run or run[-1].after == "、"):
            run.append(segment)
            continue
        for index, later in enumerate(run):
            for earlier in run[max(index - window, 0) : max(index - 1, 0)]:  # at most a window's copy
                k = _overlap(text, earlier, later, bounds)
                if k:
                    hits.append(_item_hit(text, earlier.end - k, later.start + k, text[later.start : later.start + k]))
                    break
        run = [segment] if segment is not None else []
    return hits


# --- clause: 加强了与各业务部门加强了沟通 -------------------------------------------------------------


def _clause_slips(text: str, tokens: _Tokens) -> list[Hit]:
    """A verb written again a few words later in the same clause.

    The first copy is a predicate (see ``_predicate``); the second one repeats it before the
    object.  A copy right after a conjunction (统一安全防护和统一用户管理) or in a two-marker
    frame (应公开尽公开) is on purpose.
    """
    rules = _rules()["clause"]
    tags = _clause_words()[0]
    shortest, gap = rules["min_chars"], rules["max_gap"]
    words, starts = tokens.words, tokens.starts
    lines = _LineClauses(text)
    hits = []
    for position in [k for k, tag in enumerate(tokens.tags) if tag in tags]:  # the verbs
        word = words[position]
        start, end = starts[position], starts[position + 1]
        if len(word) < shortest or text.find(word, end, end + gap + len(word)) < 0 or not _all_cjk(word):
            continue  # only a verb written again within the gap can be a slip
        clause_start, clause_end = lines.clause_at(start)
        first = bisect.bisect_left(starts, clause_start)
        stop = bisect.bisect_left(starts, clause_end)
        if stop > first and starts[stop] > clause_end:
            stop -= 1  # the last token runs past the clause
        hit = _slip(_ClauseWords(tokens, first, stop), position - first)  # the tokens before the verb in its clause all end inside it
        if hit:
            hits.append(hit)
    return hits


def _slip(words: Sequence[Token], index: int) -> Hit | None:
    """The verb ``words[index]`` written again later in its clause ``words`` as a slip, if it is."""
    rules = _rules()["clause"]
    _, markers, conjunctions, particles = _clause_words()
    word, _, start, end = words[index]
    follower = words[index + 1] if index + 1 < len(words) else None
    if follower is None or not _predicate(words, index, rules):
        return None  # 采购合同…采购人: a verb used as a modifier, not a predicate
    for later in range(index + 3, len(words)):  # something between: 申请被申请 is not a slip
        other = words[later]
        if other[2] - end > rules["max_gap"]:
            break
        if other[0] != word:
            continue
        before = words[later - 1][0]
        opener = words[index - 1][0] if index else ""
        if before in conjunctions or (before in markers and opener in markers):
            break  # 统一安全防护和统一用户管理, 应公开尽公开
        stop = other[3]
        phrase = word
        if later + 1 < len(words) and index + 1 < later and words[later + 1][0] == follower[0] and follower[0] in particles:
            stop = words[later + 1][3]
            phrase = word + words[index + 1][0]  # 加强了 … 加强了
        return Hit("clause", start, stop, phrase, f"{phrase} repeated in one clause")
    return None


class _ClauseWords(Sequence):
    """The tokens ``first`` to ``stop`` of a text as (word, tag, start, end), read where asked:
    a slip is looked for near its verb, and a clause without a break can be a whole page long."""

    def __init__(self, tokens: _Tokens, first: int, stop: int) -> None:
        self.tokens, self.first, self.size = tokens, first, stop - first

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, index: int) -> Token:
        if not 0 <= index < self.size:
            raise IndexError(index)
        k = self.first + index
        return self.tokens.words[k], self.tokens.tags[k], self.tokens.starts[k], self.tokens.starts[k + 1]


class _LineClauses:
    """The spans of _CLAUSE in a text, found a line at a time when a verb in the line recurs."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line = (0, 0)  # the span of the line whose clauses ``spans`` holds
        self.spans: list[tuple[int, int]] = []

    def clause_at(self, i: int) -> tuple[int, int]:
        """The clause that holds the word character ``text[i]``."""
        if not self.line[0] <= i < self.line[1]:
            start = self.text.rfind("\n", self.line[1] if self.line[1] <= i else 0, i) + 1
            end = self.text.find("\n", i)
            self.line = (start, len(self.text) if end < 0 else end)
            self.spans = [match.span() for match in _CLAUSE.finditer(self.text, *self.line)]
        return self.spans[bisect.bisect_right(self.spans, (i, len(self.text))) - 1]


@lru_cache(maxsize=1)
def _clause_words() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """The clause detector's tags, frame markers, conjunctions and aspect particles."""
    rules = _rules()
    clause, frames = rules["clause"], rules["frames"]
    return frozenset(clause["tags"]), frozenset(frames["markers"]), frozenset(frames["conjunctions"]), frozenset(clause["particles"])


def _predicate(words: Sequence[Token], index: int, rules: dict) -> bool:
    """Whether the verb ``words[index]`` is the predicate of its clause: followed by an aspect
    particle or a preposition (加强了…, 加强与…), or opening the clause, after an ordinal at most
    (一是完善…), and not turned into a noun by what follows (发布后, 办理的)."""
    follower = words[index + 1]
    if follower[1] in rules["follower_tags"] or follower[0] in rules["particles"]:
        return True
    opens = index == 0 or (index == 2 and words[0][1] == "m" and words[1][0] == "是")
    return opens and words[index][1] == "v" and follower[0] not in rules["noun_makers"]


# --- sentence and paragraph -----------------------------------------------------------------------


def _sentences(text: str) -> list[Hit]:
    limits = _rules()["limits"]
    templates = _templates()
    sentences = list(_SENTENCE.finditer(text))
    bodies = [sentence.group(1) for sentence in sentences]  # each without its numbering
    hits = []
    for index in range(1, len(sentences)):
        # the first copy may follow a heading glued to it: (二)依申请公开方面。依申请公开方面。
        copy = bodies[index]
        if not bodies[index - 1].endswith(copy):
            continue
        a, b = sentences[index - 1], sentences[index]
        key = _key(copy)
        if not text[a.end() : b.start(1)].strip() and _size(key) >= limits["min_sentence"]:
            hits.append(Hit("sentence", a.end() - len(copy), b.end(), key, f"sentence {_short(key)} repeated"))
    hits += _far([sentence.span(1) for sentence in sentences], list(map(_key, bodies)), "sentence", limits["min_far_sentence"], templates)
    spans = []  # of the paragraphs with a sentence mark, each without its numbering
    position = 0
    for line in text.split("\n"):
        if _SENTENCE_MARK.search(line):
            spans.append((_NUMBERING.match(text, position, position + len(line)).end(), position + len(line)))
        position += len(line) + 1
    hits += _far(spans, [_key(text[start:end]) for start, end in spans], "paragraph", limits["min_paragraph"], templates)
    return hits


def _key(unit: str) -> str:
    """The text of a sentence or paragraph compared: without white space."""
    return "".join(unit.split())


def _size(key: str) -> int:
    """The Chinese characters of ``key``."""
    return len(key) - len(_CJK_RUN.sub("", key))


def _far(spans: list[tuple[int, int]], keys: list[str], kind: str, smallest: int, templates: frozenset[str]) -> list[Hit]:
    """Units (their spans and keys) written again anywhere later; only a key written twice is measured."""
    hits = []
    seen: dict[str, tuple[int, int]] = {}
    written = Counter(keys)
    for span, key in zip(spans, keys):
        if written[key] < 2 or _size(key) < smallest or key.rstrip(_SENTENCE_END) in templates:
            continue
        earlier = seen.get(key)
        if earlier is None:
            seen[key] = span
        else:
            hits.append(Hit(kind, *span, key, f"{kind} {_short(key)} repeated", earlier))
    return hits


@lru_cache(maxsize=1)
def _templates() -> frozenset[str]:
    return frozenset(_rules()["template"]["sentences"])


def _short(text: str, size: int = 20) -> str:
    return text if len(text) <= size else text[:size] + "…"


# --- shared -----------------------------------------------------------------------------------------


def _outermost(hits: list[Hit]) -> list[Hit]:
    """Hits not inside another hit, in text order (a doubled word inside a repeated sentence is
    the sentence's finding); hits of one kind and one unit that overlap are one slip (the same
    list item in a run of a hundred, each copy found within a window of the others)."""
    ordered = sorted(set(hits), key=lambda h: (h.start, -h.end, _KINDS.index(h.kind)))
    out: list[Hit] = []
    furthest = -1  # every kept hit starts at or before this one: it is inside one iff it ends by the furthest end
    for hit in ordered:
        if hit.end <= furthest:
            continue
        last = out[-1] if out else None
        if last and hit.start < last.end and (hit.kind, hit.repeated, hit.first, last.first) == (last.kind, last.repeated, None, None):
            out[-1] = replace(last, end=hit.end)
        else:
            out.append(hit)
        furthest = hit.end
    return out


@lru_cache(maxsize=1)
def _rules() -> dict:
    return data.toml("repetition.toml")


@lru_cache(maxsize=1)
def _reduplications() -> frozenset[str]:
    return frozenset(_rules()["reduplication"]["words"])
