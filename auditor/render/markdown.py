"""Markdown for pasting into a review: header, score and breakdown, checklist, findings by kind.

Report text is escaped so that nothing in it turns into Markdown or HTML when the review
is rendered; the words a finding is about are set in bold inside their context.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._common import (
    STATUS_MARK,
    STATUS_WORD,
    Snippet,
    evidence_snippet,
    finding_snippet,
    findings_by_kind,
    header_facts,
    status_counts,
    title,
)

if TYPE_CHECKING:
    from ..api import Audit

# Report text only ever lands inline (table cells, list items), where these are the
# characters that start Markdown; block markers (#, -, >) at a line start cannot occur.
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def escape(text: str) -> str:
    """Text that renders as itself in CommonMark/GFM, also inside a table cell."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def _marked(piece: Snippet | None) -> str:
    if piece is None:
        return ""
    match = f"**{escape(piece.match)}**" if piece.match else ""
    return escape(piece.before) + match + escape(piece.after)


def render_markdown(audit: "Audit") -> str:
    report = audit.report
    lines = [f"# {escape(report.organization or 'unknown body')}: {escape(', '.join(header_facts(audit.report)))}", ""]
    lines += [f"Source: `{report.document.source.replace('`', '')}`", ""]
    lines += _score(audit)
    lines += _checklist(audit)
    lines += _findings(audit)
    return "\n".join(lines).rstrip() + "\n"


def _score(audit: "Audit") -> list[str]:
    if audit.score is None:
        return []
    lines = [f"## Score: {audit.score:.1f} / 100", ""]
    if not audit.breakdown:
        return lines + ["No points deducted.", ""]
    lines += ["| points | item | why |", "|---:|---|---|"]
    for item in audit.breakdown:
        lines.append(f"| {item['points']:g} | `{item['item']}` | {escape(item['reason'])} |")
    return lines + [""]


def _checklist(audit: "Audit") -> list[str]:
    if not audit.verdicts:
        return []
    counts = status_counts(audit)
    summary = ", ".join(f"{counts[s]} {STATUS_WORD[s]}" for s in STATUS_MARK)
    lines = [f"## Requirements ({summary})", "", "| | requirement | | confidence | evidence |", "|---|---|---|---:|---|"]
    for verdict in audit.verdicts:
        name = f"**`{verdict.id}`**" if verdict.status == "missing" else f"`{verdict.id}`"
        evidence = _marked(evidence_snippet(audit, verdict))
        if verdict.note:
            evidence = f"{evidence} *({escape(verdict.note)})*" if evidence else f"*{escape(verdict.note)}*"
        lines.append(f"| {STATUS_MARK[verdict.status]} | {name} | {escape(title(verdict.id))} | {verdict.confidence:.2f} | {evidence} |")
    return lines + [""]


def _findings(audit: "Audit") -> list[str]:
    groups = findings_by_kind(audit)
    if not groups:
        return ["## Findings", "", "No findings.", ""]
    lines = [f"## Findings ({len(audit.findings)})", ""]
    for name, items in groups:
        lines += [f"### {name} ({len(items)})", ""]
        for item in items:
            finding = item.finding
            line = f"- {item.label} **{finding.severity}** `{finding.check}`: {escape(finding.message)}"
            context = finding_snippet(audit, finding)
            if context is not None:
                line += f" (at {finding.start}: {_marked(context)})"
            lines.append(line)
        lines.append("")
    return lines
