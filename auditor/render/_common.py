"""What every human-readable view shares: status marks, finding kinds and numbers, snippets.

The terminal, Markdown and HTML views show the same things in the same order, so a
reviewer who reads one can point at the other ("F2 in the HTML page").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .. import data
from ..learn.requirements import by_id

if TYPE_CHECKING:
    from ..api import Audit
    from ..types import Finding, Report, Verdict

STATUS_MARK = {"met": "✓", "missing": "✗", "not_required": "–"}
STATUS_WORD = {"met": "met", "missing": "missing", "not_required": "not required"}
# The order in which kinds of findings are listed: what breaks the format first, style last.
KIND_ORDER = ("structure", "timeliness", "tables", "repetition", "copying")


def kind(check: str) -> str:
    """The family of a check id: ``repetition.list_item`` -> ``repetition``."""
    return check.split(".", 1)[0]


@dataclass(frozen=True)
class Numbered:
    """A finding with its number in the audit (F1, F2, ...), stable across views."""

    number: int
    finding: "Finding"

    @property
    def label(self) -> str:
        return f"F{self.number}"


def numbered(audit: "Audit") -> list[Numbered]:
    return [Numbered(i, f) for i, f in enumerate(audit.findings, start=1)]


def findings_by_kind(audit: "Audit") -> list[tuple[str, list[Numbered]]]:
    """Numbered findings grouped by kind, kinds in KIND_ORDER then alphabetically."""
    groups: dict[str, list[Numbered]] = {}
    for item in numbered(audit):
        groups.setdefault(kind(item.finding.check), []).append(item)
    order = {name: i for i, name in enumerate(KIND_ORDER)}
    return sorted(groups.items(), key=lambda pair: (order.get(pair[0], len(order)), pair[0]))


def status_counts(audit: "Audit") -> dict[str, int]:
    counts = {status: 0 for status in STATUS_MARK}
    for verdict in audit.verdicts:
        counts[verdict.status] = counts.get(verdict.status, 0) + 1
    return counts


def title(requirement_id: str) -> str:
    """The requirement's name as auditors say it (编制依据), or '' for an unknown id."""
    try:
        return by_id(requirement_id).title
    except KeyError:
        return ""


@lru_cache(maxsize=None)
def _cues(requirement_id: str) -> tuple[re.Pattern, ...]:
    """What shows a requirement in its evidence: its typical wording, then its rule patterns."""
    requirement = by_id(requirement_id)
    patterns = [re.compile(re.escape(word)) for word in requirement.keywords]
    if requirement.rule:
        patterns += [re.compile(p) for p in data.toml("rules.toml")[requirement.rule]["any"]]
    return tuple(patterns)


def key_phrase(verdict: "Verdict") -> tuple[int, int] | None:
    """The span (document offsets) of the first cue of the requirement in its best evidence.

    Evidence is a whole paragraph; the preamble's one paragraph is the evidence of the
    basis, the period and the contact alike, so a snippet from its start says nothing about
    the period.  The cue is where a reader should look.
    """
    if not verdict.evidence:
        return None
    evidence = verdict.evidence[0]
    try:
        cues = _cues(verdict.id)
    except KeyError:
        cues = ()
    hits = [m for m in (p.search(evidence.text) for p in cues) if m and m.end() > m.start()]
    if not hits:
        return None
    first = min(hits, key=lambda m: (m.start(), -m.end()))
    return evidence.start + first.start(), evidence.start + first.end()


def _flat(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Snippet:
    """A piece of the document around a span: ``before + match + after`` on one line."""

    before: str
    match: str
    after: str

    def plain(self) -> str:
        return self.before + self.match + self.after


def snippet(text: str, start: int, end: int, width: int = 60, lead: int = 12) -> Snippet:
    """``text[start:end]`` with up to ``lead`` characters of context before it, ``width`` in all.

    White space is collapsed (PDF line breaks would break a table cell or a Markdown list);
    cut-off ends get an ellipsis.
    """
    match = _flat(text[start:end])
    if len(match) > width:
        return Snippet("", match[: width - 1] + "…", "")
    before = _flat(text[max(0, start - lead) : start])
    if start - lead > 0 and before:
        before = "…" + before
    room = max(0, width - len(before) - len(match))
    after = _flat(text[end : end + room + 1])
    if len(after) > room:
        after = after[: max(0, room - 1)] + "…" if room else ""
    return Snippet(before, match, after)


def evidence_snippet(audit: "Audit", verdict: "Verdict", width: int = 60) -> Snippet | None:
    """The evidence of a verdict, centred on its key phrase when one is found."""
    if not verdict.evidence:
        return None
    phrase = key_phrase(verdict)
    text = audit.report.text
    if phrase:
        return snippet(text, phrase[0], phrase[1], width, lead=min(12, phrase[0] - verdict.evidence[0].start))
    evidence = verdict.evidence[0]
    return snippet(text, evidence.start, evidence.start, width, lead=0)


def finding_snippet(audit: "Audit", finding: "Finding", width: int = 60) -> Snippet | None:
    if finding.start is None or finding.end is None or finding.end <= finding.start:
        return None
    return snippet(audit.report.text, finding.start, finding.end, width)


def header_facts(report: "Report") -> list[str]:
    """The short facts of the header: year, format, level, publication date."""
    facts = [f"{report.year or '????'} report", f"{report.era or '?'} format"]
    if report.level:
        facts.append(report.level)
    if report.published:
        facts.append(f"published {report.published.isoformat()}")
    return facts
