"""The terminal view: who and when, the score and what cost points, sections, the
requirement checklist with evidence, findings by kind with the words they are about."""
from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

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
    from ..types import Report

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_STATUS_STYLE = {"met": "green", "missing": "bold red", "not_required": "dim"}
_KIND_STYLE = {"structure": "red", "timeliness": "magenta", "tables": "blue", "repetition": "yellow", "copying": "purple"}


def _marked(piece: Snippet | None, style: str) -> Text:
    """A snippet with the words that matter underlined in ``style``."""
    line = Text()
    if piece is None:
        return line
    line.append(piece.before)
    line.append(piece.match, style=f"{style} underline")
    line.append(piece.after)
    return line


def header(report: "Report") -> Text:
    line = Text()
    line.append(report.organization or "unknown body", style="bold")
    line.append(f"  {', '.join(header_facts(report))}")
    line.append(f"\n{report.document.source}", style="dim")
    return line


def score_panel(audit: "Audit") -> Panel:
    counts = status_counts(audit)
    body = Text()
    if audit.score is not None:
        band = "green" if audit.score >= 90 else "yellow" if audit.score >= 75 else "red"
        body.append(f"{audit.score:.1f}", style=f"bold {band}")
        body.append(" / 100   ")
    body.append(", ".join(f"{counts[s]} {STATUS_WORD[s]}" for s in STATUS_MARK), style="dim")
    body.append(f", {len(audit.findings)} findings", style="dim")
    for item in audit.breakdown:
        body.append(f"\n{item['points']:>6g}  ", style="red")
        body.append(item["item"], style="bold")
        body.append(f"  {item['reason']}", style="dim")
    return Panel(body, title="Score", title_align="left", expand=False)


def sections_table(report: "Report") -> Table:
    table = Table(title="Sections", show_lines=False, expand=False)
    for column in ("key", "heading as written", "start", "end", "paragraphs"):
        table.add_column(column)
    for section in report.sections:
        count = sum(1 for p in report.paragraphs if section.start <= p.start < section.end)
        heading = report.text[section.heading_start : section.heading_end] or "(before section 一)"
        table.add_row(section.key, heading, str(section.start), str(section.end), str(count))
    return table


def requirements_table(audit: "Audit", width: int = 120) -> Table:
    """The checklist; evidence snippets are cut to what fits in ``width`` terminal cells."""
    counts = status_counts(audit)
    table = Table(title=f"Requirements ({counts['met']} met, {counts['missing']} missing)", expand=False)
    id_width = max(len(v.id) for v in audit.verdicts)
    title_width = 2 * max(len(title(v.id)) for v in audit.verdicts)  # CJK: two cells a character
    for column, minimum in (("", 1), ("requirement", id_width), ("", title_width), ("p", 4)):
        table.add_column(column, min_width=minimum, no_wrap=True)
    room = width - id_width - title_width - 5 - 16  # the other columns and the borders
    table.add_column("evidence (key words underlined)" if room > 40 else "evidence")
    characters = max(8, room // 2)
    for verdict in audit.verdicts:
        style = _STATUS_STYLE[verdict.status]
        evidence = _marked(evidence_snippet(audit, verdict, characters), "green")
        if verdict.note:
            evidence.append(f"  ({verdict.note})" if evidence.plain else verdict.note, style="yellow")
        table.add_row(
            Text(STATUS_MARK[verdict.status], style=style),
            Text(verdict.id, style=style if verdict.status != "met" else ""),
            Text(title(verdict.id), style="dim"),
            f"{verdict.confidence:.2f}",
            evidence,
        )
    return table


def findings_group(audit: "Audit") -> Group:
    parts = []
    for kind, items in findings_by_kind(audit):
        body = Text()
        for n, item in enumerate(items):
            finding = item.finding
            if n:
                body.append("\n")
            body.append(f"{item.label:<4}", style="bold")
            body.append(f"{finding.severity:<8}", style=_SEVERITY_STYLE.get(finding.severity, ""))
            body.append(finding.message)
            context = finding_snippet(audit, finding, 50)
            if context is not None:
                body.append(f"\n    @{finding.start}  ", style="dim")
                body.append_text(_marked(context, _KIND_STYLE.get(kind, "bold")))
        parts.append(Panel(body, title=f"{kind} ({len(items)})", title_align="left", border_style=_KIND_STYLE.get(kind, "")))
    if not parts:
        parts.append(Text("No findings.", style="green"))
    return Group(*parts)


def render_text(audit: "Audit", console: Console | None = None) -> None:
    console = console or Console()
    console.print(header(audit.report))
    console.print(score_panel(audit))
    console.print(sections_table(audit.report))
    if audit.verdicts:
        console.print(requirements_table(audit, console.width))
    console.print(findings_group(audit))
