"""Copying: narrative taken over from the same body's other years or from other bodies.

Narrative paragraphs are normalised for comparison: years and numbers become ``#``, the
body's name ``@``, punctuation and spaces go, so that a report re-issued with a new year and
new figures still matches its source.  Sentences are indexed by MinHash LSH over character
5-grams (datasketch); a candidate pair of paragraphs is then aligned exactly (difflib's algorithm, in C: cydifflib) to find
the copied span in this report and its source span in the other.  Template language does not
count as copied: the phrases of data/templates.txt and, when many bodies are compared,
sentences shared by many distinct bodies (common language).

A ``CopyIndex`` is built once over many reports and queried per report, so a batch of N
reports costs near-linear time instead of N² comparisons.  Indexing a report is in two
steps: ``prepare`` (masking and hashing, the report alone: a batch runs it in its parse
workers) and ``CopyIndex.add_prepared`` (clustering, in order).  Text preparation (masking,
template phrases, sentences, MinHash signatures) is in checks/_copy_text.py.  The check uses
``context.options["copy_index"]`` when a batch provides one, else builds one from
``context.previous`` (the same body's other years) and ``context.references``.
"""
from __future__ import annotations

import hashlib
import math
import re
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np
from cydifflib import SequenceMatcher  # difflib's, compiled: the same blocks, 3 times as fast
from datasketch import MinHashLSH

from ..parse.normalize import normalize_string
from ..types import Finding, Report
from . import Context, register
from ._copy_text import (
    ORG_SUFFIX,
    Masked,
    Unit,
    minhash_of,
    name_variants,
    names_pattern,
    narrative_units,
    remask,
    settings,
    signature,
)

PREVIOUS_YEAR = "previous_year"
OTHER_BODY = "other_body"


def _similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


# --- the index -----------------------------------------------------------------------------

def body_key(report: Report) -> str:
    """Who wrote the report, for telling the same body from another: its name as parsed, or
    when no name was found, its file name without years (xihu-2020.txt and xihu-2021.txt)."""
    if report.organization:
        return ORG_SUFFIX.sub("", normalize_string(re.sub(r"\s+", "", report.organization)))
    return "<" + re.sub(r"(?<!\d)(?:19|20)\d{2}(?!\d)", "", report.document.source) + ">"


def fingerprint(report: Report) -> str:
    return hashlib.blake2b(f"{report.document.source}\0{report.text}".encode("utf-8"), digest_size=16).hexdigest()


@dataclass
class Entry:
    """One indexed report: what the index keeps of it, made by ``prepare``."""

    source: str
    organization: str | None
    year: int | None
    key: str  # body key
    explicit: bool  # given as the same body's other year (--against), whatever its name
    names: re.Pattern | None
    units: list[Unit]
    signatures: list[np.ndarray]  # per unit, one row of hash values per hashed sentence
    fingerprint: str  # the report's source and text, so that a report is indexed once


def prepare(report: Report, *, key: str | None = None, explicit: bool = False) -> Entry:
    """A report made ready for the index: its narrative masked and every sentence hashed.

    This is the costly part of indexing and depends on the report alone, so a batch does it
    in its parse workers; only ``CopyIndex.add_prepared`` must run in order.
    """
    names = names_pattern(tuple(name_variants(report.organization)))
    units = narrative_units(report, names)
    for unit in units:  # the index keeps compact offsets
        unit.masked = Masked(unit.masked.text, array("i", unit.masked.starts), array("i", unit.masked.ends))
    return Entry(
        report.document.source,
        report.organization,
        report.year,
        key or body_key(report),
        explicit,
        names,
        units,
        _signatures(units),
        fingerprint(report),
    )


def _signatures(units: list[Unit]) -> list[np.ndarray]:
    """Per unit, the MinHash hash values of its hashed sentences, one row each."""
    width = settings()["minhash"]["num_perm"]
    return [
        np.array([signature(unit.masked.text[a:b]).hashvalues for a, b in unit.sentences], dtype=np.uint32).reshape(-1, width)
        for unit in units
    ]


@dataclass
class _Cluster:
    """Near-identical sentences under one LSH key, by body: {body key: {entry number: [units]}}."""

    signature: np.ndarray
    members: dict[str, dict[int, list[int]]] = field(default_factory=dict)  # body key -> report number -> its paragraphs


class CopyIndex:
    """Narrative sentences of many reports in one MinHash LSH, queried report by report.

    Near-identical sentences share one LSH key (a cluster), so text that thousands of
    reports share costs one lookup, and the number of distinct bodies that share it is at
    hand for telling common language from copying.
    """

    def __init__(self) -> None:
        config = settings()["minhash"]
        self._lsh = MinHashLSH(threshold=config["threshold"], num_perm=config["num_perm"])
        self._clusters: list[_Cluster] = []
        self._exact: dict[bytes, int] = {}  # a cluster's signature -> the cluster
        self._entries: list[Entry] = []
        self._by_fingerprint: dict[str, int] = {}
        self._bodies: set[str] = set()

    @classmethod
    def from_reports(cls, reports: Iterable[Report]) -> "CopyIndex":
        index = cls()
        for report in reports:
            index.add(report)
        return index

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, report: Report, *, key: str | None = None, explicit: bool = False) -> None:
        """Index a report; ``key`` forces its body (an --against report is the same body)."""
        if fingerprint(report) not in self._by_fingerprint:
            self.add_prepared(prepare(report, key=key, explicit=explicit))

    def add_prepared(self, entry: Entry) -> None:
        """Index a report made ready by ``prepare``: its sentences join the clusters, in the
        order reports are added (a sentence joins the first cluster it is close enough to)."""
        if entry.fingerprint in self._by_fingerprint:
            return
        number = len(self._entries)
        self._entries.append(entry)
        self._by_fingerprint[entry.fingerprint] = number
        self._bodies.add(entry.key)
        cluster_at = settings()["minhash"]["cluster"]
        for u, rows in enumerate(entry.signatures):
            for hashvalues in rows:
                # a sentence seen before (template language, last year's text) joins its
                # cluster without a query: no other cluster can be as similar (1.0)
                best_id = self._exact.get(hashvalues.tobytes(), -1) if cluster_at <= 1.0 else -1
                if best_id < 0:
                    minhash = minhash_of(hashvalues)
                    best = 0.0
                    for cid in self._lsh.query(minhash):
                        similarity = _similarity(hashvalues, self._clusters[cid].signature)
                        if similarity > best:
                            best, best_id = similarity, cid
                    if best < cluster_at:
                        best_id = len(self._clusters)
                        self._clusters.append(_Cluster(hashvalues))
                        self._exact[hashvalues.tobytes()] = best_id
                        self._lsh.insert(best_id, minhash, check_duplication=False)
                paragraphs = self._clusters[best_id].members.setdefault(entry.key, {}).setdefault(number, [])
                if not paragraphs or paragraphs[-1] != u:  # a paragraph once, however many of its sentences
                    paragraphs.append(u)

    def compare(self, report: Report) -> "Comparison":
        """Where the report's narrative repeats indexed reports (itself excluded)."""
        own = self._by_fingerprint.get(fingerprint(report))
        key = self._entries[own].key if own is not None else body_key(report)
        names = names_pattern(tuple(name_variants(report.organization)))
        if own is not None:
            units, signatures = self._entries[own].units, self._entries[own].signatures
        else:
            units = narrative_units(report, names)
            signatures = _signatures(units)
        comparison = Comparison(report=report, units=units, templates=[bytearray(unit.template) for unit in units])
        relations: dict[int, str | None] = {}

        def relation(number: int) -> str | None:
            if number not in relations:
                relations[number] = None if number == own else _relation(self._entries[number], key, report.year)
            return relations[number]

        bodies = len(self._bodies) + (key not in self._bodies)
        candidates = self._candidates(comparison, signatures, key, relation, _common_bodies(bodies))
        for u, sources in candidates.items():
            for number, v in sources:
                _align(comparison, u, names, self._entries[number], v, relations[number])
        comparison.finish()
        return comparison

    def _candidates(self, comparison: "Comparison", signatures, key: str, relation, common: int) -> dict[int, list[tuple[int, int]]]:
        """Per unit, the paragraphs of other reports worth aligning: all of the same body's
        other years that share a sentence with it, and the few most similar of other bodies.
        Sentences that many bodies share are marked as common language instead.  A sentence
        written in many paragraphs of one report is looked up in its first few: a report that
        repeats a paragraph hundreds of times would otherwise align every copy with every
        other (quadratic)."""
        config = settings()
        threshold = config["minhash"]["threshold"]
        max_other, max_same = config["alignment"]["max_other_sources"], config["alignment"]["max_same_sources"]
        out: dict[int, list[tuple[int, int]]] = {}
        for u, unit in enumerate(comparison.units):
            pairs: dict[tuple[int, int], float] = {}
            for (a, b), hashvalues in zip(unit.sentences, signatures[u]):
                minhash = minhash_of(hashvalues)
                hits = []
                bodies: set[str] = {key}
                shared = False
                for cid in self._lsh.query(minhash):
                    cluster = self._clusters[cid]
                    similarity = _similarity(hashvalues, cluster.signature)
                    if similarity >= threshold:
                        hits.append((similarity, cluster))
                        if len(cluster.members) >= common:  # without counting them one by one
                            shared = True
                        elif not shared:
                            bodies.update(cluster.members)
                if shared or len(bodies) >= common:
                    comparison.templates[u][a:b] = b"\x01" * (b - a)
                    continue
                for similarity, cluster in hits:
                    for by_report in cluster.members.values():
                        for number, paragraphs in by_report.items():
                            if relation(number) is None:
                                continue
                            for v in paragraphs[:max_same]:
                                if pairs.get((number, v), 0.0) < similarity:
                                    pairs[number, v] = similarity
            if pairs:
                ranked = sorted(pairs, key=lambda pair: -pairs[pair])
                same = [pair for pair in ranked if relation(pair[0]) == PREVIOUS_YEAR]
                other = [pair for pair in ranked if relation(pair[0]) == OTHER_BODY][:max_other]
                out[u] = same + other
        return out


def _common_bodies(bodies: int) -> int:
    """How many distinct bodies make a sentence common language (never reached by few bodies)."""
    config = settings()["templates"]
    wanted = math.ceil(config["common_share"] * bodies)
    return max(config["common_min_bodies"], min(config["common_max_bodies"], wanted))


def _relation(entry: Entry, key: str, year: int | None) -> str | None:
    if entry.key != key:
        return OTHER_BODY
    if entry.explicit:
        return PREVIOUS_YEAR
    if entry.year is not None and year is not None and entry.year >= year:
        return None  # the later report is the one that copies; the same year is a duplicate
    return PREVIOUS_YEAR


# --- alignment and the share ------------------------------------------------------------------

@dataclass
class Passage:
    """A copied stretch: ``start:end`` in this report, ``source_start:source_end`` in the source."""

    start: int
    end: int
    source_start: int
    source_end: int
    copied: int  # copied characters, template excluded


@dataclass
class Copy:
    """What one paragraph took from one paragraph of another report."""

    unit: int
    source: Entry
    relation: str
    passages: list[Passage]

    @property
    def copied(self) -> int:
        return sum(p.copied for p in self.passages)


@dataclass
class Comparison:
    """The copied text of one report and its shares, in characters of the text as read."""

    report: Report
    units: list[Unit]
    templates: list[bytearray]  # per unit: shipped template phrases and common language
    copies: list[Copy] = field(default_factory=list)
    marks: dict[tuple[int, object], bytearray] = field(default_factory=dict)  # (unit, relation or source) -> copied chars
    unit_chars: list[int] = field(default_factory=list)  # per unit, template excluded
    narrative_chars: int = 0  # template excluded
    template_chars: int = 0
    copied_chars: int = 0
    relation_chars: dict[str, int] = field(default_factory=dict)
    sections: dict[str, dict] = field(default_factory=dict)
    sources: list[dict] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.copied_chars / self.narrative_chars if self.narrative_chars else 0.0

    def relation_share(self, relation: str) -> float:
        return self.relation_chars.get(relation, 0) / self.narrative_chars if self.narrative_chars else 0.0

    def mark(self, u: int, what: object) -> bytearray:
        return self.marks.setdefault((u, what), bytearray(len(self.units[u].masked.text)))

    def finish(self) -> None:
        """Count narrative, template and copied characters, per section and per source."""
        relations = (PREVIOUS_YEAR, OTHER_BODY)
        sections: dict[str, dict] = {}
        per_source: dict[int, int] = {}
        entries = {id(copy.source): copy for copy in self.copies}
        for u, unit in enumerate(self.units):
            weight = np.asarray(unit.masked.ends, dtype=np.int64) - np.asarray(unit.masked.starts, dtype=np.int64)
            template = np.frombuffer(bytes(self.templates[u]), dtype=np.uint8).astype(bool)
            counted = weight * ~template
            row = sections.setdefault(unit.section, {"chars": 0, "template": 0, "copied": 0, PREVIOUS_YEAR: 0, OTHER_BODY: 0})
            self.unit_chars.append(int(counted.sum()))
            row["chars"] += self.unit_chars[-1]
            row["template"] += int((weight * template).sum())
            anything = np.zeros(len(weight), dtype=bool)
            for relation in relations:
                if (u, relation) in self.marks:
                    hit = np.frombuffer(bytes(self.marks[u, relation]), dtype=np.uint8).astype(bool)
                    row[relation] += int(counted[hit].sum())
                    anything |= hit
            row["copied"] += int(counted[anything].sum())
            for source in entries:
                if (u, source) in self.marks:
                    hit = np.frombuffer(bytes(self.marks[u, source]), dtype=np.uint8).astype(bool)
                    per_source[source] = per_source.get(source, 0) + int(counted[hit].sum())
        for row in sections.values():
            row["share"] = round(row["copied"] / row["chars"], 4) if row["chars"] else 0.0
        self.narrative_chars = sum(row["chars"] for row in sections.values())
        self.template_chars = sum(row["template"] for row in sections.values())
        self.copied_chars = sum(row["copied"] for row in sections.values())
        self.relation_chars = {relation: sum(row[relation] for row in sections.values()) for relation in relations}
        self.sections = sections
        self.sources = []
        for source, chars in sorted(per_source.items(), key=lambda item: -item[1]):
            copy = entries[source]
            share = round(chars / self.narrative_chars, 4) if self.narrative_chars else 0.0
            self.sources.append({**describe(copy.source), "relation": copy.relation, "chars": chars, "share": share})


def describe(entry: Entry) -> dict:
    return {"path": entry.source, "body": entry.organization, "year": entry.year}


def _align(comparison: Comparison, u: int, names: re.Pattern | None, entry: Entry, v: int, relation: str) -> None:
    """Align one paragraph with one source paragraph and record the copied passages."""
    config = settings()["alignment"]
    unit, source = comparison.units[u], entry.units[v]
    a, b = remask(unit.masked, entry.names), remask(source.masked, names)
    back = _back(unit.masked, a)  # None when nothing more was masked
    template = comparison.templates[u]
    if a.text == b.text:
        blocks = [(0, 0, len(a.text))]
    else:
        matcher = SequenceMatcher(None, a.text, b.text, autojunk=False)
        blocks = [(i, j, n) for i, j, n in matcher.get_matching_blocks() if n >= config["min_block"]]
    passages: list[Passage] = []
    for group in _passages(blocks, config["max_gap"]):
        # (this, source) character pairs of the matches, template language left out
        pairs = [(k, j + k - i) for i, j, n in group for k in range(i, i + n) if not template[k if back is None else back[k].start]]
        if len(pairs) < config["min_passage"]:
            continue
        by_relation, by_source = comparison.mark(u, relation), comparison.mark(u, id(entry))
        for k, _ in pairs:
            for original in (k,) if back is None else back[k]:
                by_relation[original] = by_source[original] = 1
        (first, source_first), (last, source_last) = pairs[0], pairs[-1]
        start, end = a.span(first, last + 1)
        source_start, source_end = b.span(source_first, source_last + 1)
        copied = sum(a.ends[k] - a.starts[k] for k, _ in pairs)
        passages.append(Passage(start, end, source_start, source_end, copied))
    if passages:
        comparison.copies.append(Copy(u, entry, relation, passages))


def _passages(blocks: list[tuple[int, int, int]], max_gap: int) -> list[list[tuple[int, int, int]]]:
    groups: list[list[tuple[int, int, int]]] = []
    for block in sorted(blocks):
        if groups:
            i, j, n = groups[-1][-1]
            if 0 <= block[0] - (i + n) <= max_gap and 0 <= block[1] - (j + n) <= max_gap:
                groups[-1].append(block)
                continue
        groups.append([block])
    return groups


def _back(masked: Masked, remasked: Masked) -> list[range] | None:
    """For each character of ``remasked``, the characters of ``masked`` it stands for (a name
    masked at alignment time stands for several); None when the two are the same."""
    if remasked is masked:
        return None
    return [
        range(bisect_left(masked.starts, start), bisect_left(masked.starts, end))
        for start, end in zip(remasked.starts, remasked.ends)
    ]


# --- the check ---------------------------------------------------------------------------------

def build_index(report: Report, context: Context) -> CopyIndex:
    """An index of the context's reports: the same body's other years, then other bodies."""
    index = CopyIndex()
    key = body_key(report)
    for previous in context.previous:
        index.add(previous, key=key, explicit=True)
    for reference in context.references:
        index.add(reference)
    return index


@register("copying")
def check_copying(report: Report, context: Context) -> list[Finding]:
    index = context.options.get("copy_index")
    if index is None:
        if not context.previous and not context.references:
            return []
        index = build_index(report, context)
    comparison = index.compare(report)
    threshold = float(context.options.get("copy_threshold", settings()["judgement"]["previous_year_threshold"]))
    return findings(comparison, threshold)


def findings(comparison: Comparison, threshold: float) -> list[Finding]:
    """The share, the over-threshold verdict and one finding per copied paragraph and source."""
    text = comparison.report.text
    out = [_share_finding(comparison)]
    previous = comparison.relation_share(PREVIOUS_YEAR)
    if previous > threshold:
        severe = previous >= settings()["judgement"]["severe_share"]
        sources = [s for s in comparison.sources if s["relation"] == PREVIOUS_YEAR]
        named = ", ".join(f"{s['body'] or s['path']} {s['year'] or ''}".strip() for s in sources)
        out.append(
            Finding(
                "copying.over_threshold",
                "error" if severe else "warning",
                f"{previous:.0%} of the narrative repeats the same body's other report ({named}); the limit is {threshold:.0%}",
                data={"share": round(previous, 4), "threshold": threshold, "sources": sources},
            )
        )
    for copy in comparison.copies:
        first, last = copy.passages[0], copy.passages[-1]
        start, end = first.start, last.end
        source = describe(copy.source)
        who = f"{source['body'] or 'unknown body'} {source['year'] or ''}".strip()
        where = f"{source['path']} {min(p.source_start for p in copy.passages)}–{max(p.source_end for p in copy.passages)}"
        if copy.relation == PREVIOUS_YEAR:
            check, severity, message = "copying.previous_year", "info", f"{copy.copied} characters repeated from the same body's report {who} ({where})"
        elif _substantial(copy, comparison.unit_chars[copy.unit]):
            check, severity, message = "copying.other_body", "warning", f"paragraph copied from another body's report {who} ({where}), {copy.copied} characters"
        else:
            check, severity, message = "copying.other_body", "info", f"{copy.copied} characters shared with another body's report {who} ({where})"
        out.append(
            Finding(
                check,
                severity,
                message,
                start,
                end,
                text[start:end],
                data={
                    "source": source,
                    "relation": copy.relation,
                    "copied_chars": copy.copied,
                    "source_start": min(p.source_start for p in copy.passages),
                    "source_end": max(p.source_end for p in copy.passages),
                    "passages": [
                        {"start": p.start, "end": p.end, "source_start": p.source_start, "source_end": p.source_end, "copied_chars": p.copied}
                        for p in copy.passages
                    ],
                },
            )
        )
    return out


def _substantial(copy: Copy, paragraph_chars: int) -> bool:
    """Whether a paragraph counts as copied from another body, not just a phrase shared."""
    config = settings()["judgement"]
    return copy.copied >= config["other_body_chars"] or copy.copied >= config["other_body_paragraph_share"] * paragraph_chars


def _share_finding(comparison: Comparison) -> Finding:
    share = comparison.share
    previous, other = comparison.relation_share(PREVIOUS_YEAR), comparison.relation_share(OTHER_BODY)
    message = (
        f"{share:.0%} of the narrative is copied ({previous:.0%} from the same body's other years, "
        f"{other:.0%} from other bodies); {comparison.template_chars} characters of template language not counted"
    )
    return Finding(
        "copying.share",
        "info",
        message,
        data={
            "share": round(share, 4),
            PREVIOUS_YEAR: round(previous, 4),
            OTHER_BODY: round(other, 4),
            "copied_chars": comparison.copied_chars,
            "narrative_chars": comparison.narrative_chars,
            "template_chars": comparison.template_chars,
            "sections": comparison.sections,
            "sources": comparison.sources,
        },
    )
