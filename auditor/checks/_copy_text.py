"""Text prepared for copy detection: narrative paragraphs masked and cut into sentences.

Years and numbers become ``#``, the body's name ``@``, punctuation and spaces go; every
character keeps the span of the original text it stands for.  Template phrases
(data/templates.txt) are marked, and sentences are hashed into MinHash signatures over
character n-grams.  Used by checks/copying.py.
"""
from __future__ import annotations

import re
import zlib
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np
from datasketch import MinHash

from .. import data
from ..parse.normalize import CJK, Mapped, normalize, normalize_string
from ..types import Report


@lru_cache(maxsize=None)
def settings() -> dict:
    """The copy-detection settings, data/copying.toml."""
    return data.toml("copying.toml")


# --- normalised, masked text -----------------------------------------------------------------

@dataclass
class Masked:
    """Text prepared for comparison, with the original span of every character.

    ``text[i]`` stands for ``original[starts[i]:ends[i]]``: one character, or a whole number
    or name for the placeholders ``#`` and ``@``.
    """

    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def span(self, i: int, j: int) -> tuple[int, int]:
        return self.starts[i], self.ends[j - 1]


_TOKEN = re.compile(f"(?P<num>\\d+(?:\\.\\d+)?|[〇零○一二三四五六七八九]{{4}}(?=年))|(?P<keep>[{CJK}A-Za-z]+)")
_SENTENCE_END = re.compile(r"[。！？；!?;]")
ORG_SUFFIX = re.compile(r"(?:人民政府|政府|街道办事处|办事处|街道)$")


def name_variants(organization: str | None) -> list[str]:
    """The ways a report writes its body's name: 西湖镇人民政府 and 西湖镇."""
    if not organization:
        return []
    name = normalize_string(re.sub(r"\s+", "", organization))
    variants = {name}
    short = ORG_SUFFIX.sub("", name)
    if len(short) >= 2:
        variants.add(short)
    return sorted(variants, key=len, reverse=True)


@lru_cache(maxsize=4096)
def names_pattern(names: tuple[str, ...]) -> re.Pattern | None:
    names = tuple(n for n in names if n)
    return re.compile("|".join(map(re.escape, sorted(set(names), key=len, reverse=True)))) if names else None


def mask(text: str, offsets: Sequence[int], start: int, end: int, names: re.Pattern | None) -> Masked:
    """Mask ``text[start:end]`` (normalised text whose ``offsets`` point into the original)."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def plain(a: int, b: int) -> None:
        for match in _TOKEN.finditer(text, a, b):
            if match.lastgroup == "num":
                out.append("#")
                starts.append(offsets[match.start()])
                ends.append(offsets[match.end() - 1] + 1)
            else:
                out.append(match.group())
                run = offsets[match.start() : match.end()]
                starts.extend(run)
                ends.extend(o + 1 for o in run)

    last = start
    if names is not None:
        for match in names.finditer(text, start, end):
            plain(last, match.start())
            out.append("@")
            starts.append(offsets[match.start()])
            ends.append(offsets[match.end() - 1] + 1)
            last = match.end()
    plain(last, end)
    return Masked("".join(out), starts, ends)


def remask(masked: Masked, names: re.Pattern | None) -> Masked:
    """Mask one more set of names (the other report's) in already masked text."""
    if names is None or not names.search(masked.text):
        return masked
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    for match in names.finditer(masked.text):
        out.append(masked.text[last : match.start()])
        starts.extend(masked.starts[last : match.start()])
        ends.extend(masked.ends[last : match.start()])
        out.append("@")
        starts.append(masked.starts[match.start()])
        ends.append(masked.ends[match.end() - 1])
        last = match.end()
    out.append(masked.text[last:])
    starts.extend(masked.starts[last:])
    ends.extend(masked.ends[last:])
    return Masked("".join(out), starts, ends)


# --- template language ---------------------------------------------------------------------

@lru_cache(maxsize=None)
def template_phrases() -> tuple[str, ...]:
    """The shipped template phrases, masked like report text, longest first."""
    phrases = set()
    for line in data.lines(settings()["templates"]["file"]):
        normalised = normalize(line)
        masked = mask(normalised.text, normalised.offsets, 0, len(normalised.text), None).text
        if len(masked) >= 4:
            phrases.add(masked)
    return tuple(sorted(phrases, key=len, reverse=True))


def _mark_templates(text: str, marks: bytearray) -> None:
    """Set ``marks`` to 1 under every occurrence of a template phrase in ``text``."""
    for phrase in template_phrases():
        at = text.find(phrase)
        while at >= 0:
            marks[at : at + len(phrase)] = b"\x01" * len(phrase)
            at = text.find(phrase, at + 1)


# --- narrative units ---------------------------------------------------------------------------

@dataclass
class Unit:
    """A narrative paragraph, masked, with the sentences that are hashed."""

    start: int
    end: int
    section: str
    masked: Masked
    sentences: list[tuple[int, int]]  # masked spans of hashed sentences (template ones left out)
    template: bytearray  # 1 under template language, per masked character


_TABLE_LINE = re.compile(r"\t|\d[ \u3000]{2,}\S|(?:^|\s)\d+(?:\s+\d+){2,}(?:\s|$)")


def narrative_units(report: Report, names: re.Pattern | None = None) -> list[Unit]:
    """The report's narrative paragraphs as comparison units (table lines and headings left out)."""
    config = settings()["units"]
    sections = set(config["narrative_sections"])
    mapped: Mapped = getattr(report, "normalized", None) or normalize(report.text)
    offsets = mapped.offsets
    tables = [(t.table.start, t.table.end) for t in report.tables] + [(t.start, t.end) for t in report.document.tables]
    found = []
    for paragraph in report.paragraphs:
        if paragraph.heading or paragraph.section not in sections or _TABLE_LINE.search(paragraph.text):
            continue
        if any(start <= paragraph.start < end for start, end in tables):
            continue
        first, last = bisect_left(offsets, paragraph.start), bisect_left(offsets, paragraph.end)
        masked = mask(mapped.text, offsets, first, last, names)
        if len(masked.text) >= config["min_chars"]:
            cuts = [bisect_left(masked.starts, offsets[m.start()] + 1) for m in _SENTENCE_END.finditer(mapped.text, first, last)]
            found.append((paragraph, masked, _sentences(masked.text, cuts, config["sentence_chars"])))
    # template phrases are looked up once in all paragraphs, joined by a separator no phrase has
    joined = "|".join(masked.text for _, masked, _ in found)
    marks = bytearray(len(joined))
    _mark_templates(joined, marks)
    sentence_share = settings()["templates"]["sentence_share"]
    units, at = [], 0
    for paragraph, masked, sentences in found:
        template = marks[at : at + len(masked.text)]
        at += len(masked.text) + 1
        kept = []
        for a, b in sentences:
            if sum(template[a:b]) >= sentence_share * (b - a):
                template[a:b] = b"\x01" * (b - a)
            else:
                kept.append((a, b))
        units.append(Unit(paragraph.start, paragraph.end, paragraph.section, masked, kept, template))
    return units


def _sentences(text: str, cuts: list[int], min_chars: int) -> list[tuple[int, int]]:
    """Sentence spans; a short sentence is joined to the next one, a short tail to the last."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for cut in sorted(set(cuts)) + [len(text)]:
        if cut - begin >= min_chars:
            spans.append((begin, cut))
            begin = cut
    if begin < len(text):
        spans[-1:] = [(spans[-1][0] if spans else begin, len(text))]
    return spans


# --- MinHash -------------------------------------------------------------------------------

def _hash(shingle: str) -> int:
    return zlib.crc32(shingle.encode("utf-8"))


@lru_cache(maxsize=None)
def _permutations() -> np.ndarray:
    config = settings()["minhash"]
    return MinHash(num_perm=config["num_perm"], seed=config["seed"]).permutations


def minhash_of(hashvalues: np.ndarray) -> MinHash:
    """A MinHash again from stored hash values (for querying the LSH)."""
    return MinHash(hashvalues=hashvalues, permutations=_permutations(), scheme="affine32")


def signature(text: str) -> MinHash:
    """The MinHash of the character n-grams of a masked sentence."""
    config = settings()["minhash"]
    k = config["shingle"]
    minhash = MinHash(num_perm=config["num_perm"], seed=config["seed"], hashfunc=_hash, permutations=_permutations(), scheme="affine32")
    minhash.update_batch({text[i : i + k] for i in range(max(1, len(text) - k + 1))})
    return minhash
