"""The terminal view: who and when, sections, the requirement checklist, findings by kind."""
from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from ..api import Audit
    from ..types import Report

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_STATUS = {"met": ("✓", "green"), "missing": ("✗", "bold red"), "not_required": ("–", "dim")}


def _snippet(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def header(report: "Report") -> Text:
    line = Text()
    line.append(report.organization or "unknown body", style="bold")
    line.append(f"  {report.year or '????'} report, {report.era or '?'} format")
    if report.level:
        line.append(f", {report.level}")
    if report.published:
        line.append(f", published {report.published.isoformat()}")
    line.append(f"\n{report.document.source}", style="dim")
    return line


def sections_table(report: "Report") -> Table:
    table = Table(title="Sections", show_lines=False, expand=False)
    for column in ("key", "heading as written", "start", "end", "paragraphs"):
        table.add_column(column)
    for section in report.sections:
        count = sum(1 for p in report.paragraphs if section.start <= p.start < section.end)
        heading = report.text[section.heading_start : section.heading_end] or "(before section 一)"
        table.add_row(section.key, heading, str(section.start), str(section.end), str(count))
    return table


def requirements_table(audit: "Audit") -> Table:
    table = Table(title="Requirements", expand=False)
    for column in ("", "requirement", "p", "evidence"):
        table.add_column(column)
    for verdict in audit.verdicts:
        mark, style = _STATUS[verdict.status]
        evidence = _snippet(verdict.evidence[0].text) if verdict.evidence else ""
        if verdict.note:
            evidence = f"{evidence}  ({verdict.note})" if evidence else verdict.note
        table.add_row(Text(mark, style=style), Text(verdict.id, style=style if verdict.status == "missing" else ""), f"{verdict.confidence:.2f}", evidence)
    return table


def findings_group(audit: "Audit") -> Group:
    by_kind: dict[str, list] = defaultdict(list)
    for finding in audit.findings:
        by_kind[finding.check.split(".")[0]].append(finding)
    parts = []
    for kind, findings in by_kind.items():
        body = Text()
        for finding in findings:
            body.append(f"{finding.severity:<8}", style=_SEVERITY_STYLE.get(finding.severity, ""))
            body.append(finding.message)
            if finding.start is not None and finding.text:
                body.append(f"  @{finding.start}: ", style="dim")
                body.append(_snippet(finding.text, 40), style="italic")
            body.append("\n")
        parts.append(Panel(body, title=f"{kind} ({len(findings)})", title_align="left"))
    if not parts:
        parts.append(Text("No findings.", style="green"))
    return Group(*parts)


def render_text(audit: "Audit", console: Console | None = None) -> None:
    console = console or Console()
    console.print(header(audit.report))
    console.print(sections_table(audit.report))
    if audit.verdicts:
        console.print(requirements_table(audit))
    console.print(findings_group(audit))
    if audit.score is not None:
        console.print(Text(f"Score: {audit.score:.1f} / 100", style="bold"))
