"""One self-contained HTML page: the report text with evidence and findings marked in place,
the score, the checklist and the findings beside it.

No network: the style sheet is inline, there are no scripts, fonts or images, so the page
opens the same from a mail attachment, an intranet share or a laptop offline.  Every piece
of report text goes through ``html.escape``.  Spans overlap (three requirements share the
preamble paragraph, a repeated list item sits inside the evidence of information
management), so the text is cut at every span boundary and each piece is marked with all
the spans that cover it.

The pieces (header, score, checklist, findings) are also what ``Audit._repr_html_`` shows
in a notebook.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from ._common import (
    STATUS_MARK,
    STATUS_WORD,
    Snippet,
    evidence_snippet,
    finding_snippet,
    findings_by_kind,
    header_facts,
    kind,
    numbered,
    status_counts,
    title,
)

if TYPE_CHECKING:
    from ..api import Audit

# Background, and a darker line for borders and tags, per kind of mark.
COLOURS = {
    "evidence": ("#e4f3e1", "#4c9a47"),
    "structure": ("#ffd0d0", "#c62828"),
    "timeliness": ("#ffd6ec", "#ad1457"),
    "tables": ("#cfe2ff", "#1e5bb8"),
    "repetition": ("#ffd97a", "#b45309"),
    "copying": ("#e5d7fa", "#6d3fc0"),
}
OTHER = ("#e6e6e6", "#555555")
FONT = (
    'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", '
    '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", sans-serif'
)

_CSS = """
.auditor { font-family: FONT; color: #1f2328; line-height: 1.5; }
.auditor * { box-sizing: border-box; }
.auditor h1 { font-size: 1.35rem; margin: 0 0 .2rem; }
.auditor h2 { font-size: 1.05rem; margin: 1.1rem 0 .4rem; }
.auditor h3 { font-size: .95rem; margin: .8rem 0 .3rem; display: flex; align-items: center; gap: .4rem; }
.auditor .facts { color: #57606a; margin: 0; }
.auditor .source { color: #8c959f; font-size: .8rem; margin: .1rem 0 0; word-break: break-all; }
.auditor .score { display: flex; align-items: baseline; gap: .6rem; flex-wrap: wrap; }
.auditor .points { font-size: 2.2rem; font-weight: 700; }
.auditor .points small { font-size: 1rem; color: #57606a; font-weight: 400; }
.auditor .band-good { color: #1a7f37; } .auditor .band-fair { color: #b45309; } .auditor .band-poor { color: #c62828; }
.auditor .counts { color: #57606a; font-size: .9rem; }
.auditor table.breakdown { border-collapse: collapse; font-size: .85rem; margin: .3rem 0; width: 100%; }
.auditor table.breakdown td { padding: .15rem .4rem; border-top: 1px solid #eaeef2; vertical-align: top; }
.auditor table.breakdown td.minus { color: #c62828; text-align: right; white-space: nowrap; font-weight: 600; }
.auditor ol.checklist, .auditor ul.findings { list-style: none; padding: 0; margin: 0; }
.auditor ol.checklist li { padding: .25rem .3rem; border-top: 1px solid #eaeef2; font-size: .88rem; }
.auditor ol.checklist li.st-missing { background: #fff0f0; }
.auditor ol.checklist li.st-not_required { color: #8c959f; }
.auditor .st { display: inline-block; width: 1.2em; font-weight: 700; text-align: center; }
.auditor .st-met .st { color: #1a7f37; } .auditor .st-missing .st { color: #c62828; }
.auditor .rid { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .82rem; }
.auditor .zh { color: #57606a; margin-left: .3rem; }
.auditor .conf { float: right; color: #57606a; font-variant-numeric: tabular-nums; }
.auditor .note { color: #9a6700; font-size: .8rem; }
.auditor .snip { color: #3d444d; font-size: .82rem; margin: .1rem 0 0 1.5em; }
.auditor .snip mark { background: EV_BG; box-shadow: inset 0 -2px 0 EV_LINE; padding: 0 1px; }
.auditor ul.findings li { padding: .3rem .3rem; border-top: 1px solid #eaeef2; font-size: .88rem; }
.auditor .fid { font-weight: 700; margin-right: .3rem; }
.auditor .sev { font-size: .72rem; text-transform: uppercase; letter-spacing: .03em; border-radius: 3px; padding: 0 .3rem; margin-right: .3rem; color: #fff; }
.auditor .sev-error { background: #c62828; } .auditor .sev-warning { background: #b45309; } .auditor .sev-info { background: #57606a; }
.auditor .swatch { display: inline-block; width: .9rem; height: .9rem; border-radius: 2px; vertical-align: -.1rem; }
.auditor .legend { display: flex; flex-wrap: wrap; gap: .3rem 1rem; font-size: .82rem; color: #57606a; margin: .2rem 0 .6rem; }
.auditor .legend span { display: inline-flex; align-items: center; gap: .3rem; }
.auditor a { color: inherit; }
.auditor .text { white-space: pre-wrap; tab-size: 4; word-break: break-word; font-size: 15px; line-height: 2; background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 1rem 1.2rem; }
.auditor .text mark { color: inherit; background: transparent; border-radius: 2px; }
.auditor .text .heading { font-weight: 700; color: #0b3d91; font-size: 1.08em; }
.auditor .text .subheading { font-weight: 600; color: #0b3d91; }
.auditor .text mark.ev { background: EV_BG; box-shadow: inset 0 -2px 0 EV_LINE; }
KIND_RULES
.auditor .tag { font-size: .68rem; line-height: 1; font-weight: 600; vertical-align: super; padding: 1px 3px; margin: 0 1px; border-radius: 3px; color: #fff; text-decoration: none; white-space: nowrap; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.auditor .tag.pin { vertical-align: baseline; font-size: .8rem; padding: 2px 5px; }
.auditor .tag:target, .auditor li:target { outline: 3px solid #0969da; outline-offset: 1px; }
.auditor .sec-anchor { scroll-margin-top: 1rem; }
.auditor .empty { color: #1a7f37; }
.auditor ol.sections { margin: 0; padding-left: 1.2rem; font-size: .88rem; }
"""

_PAGE_CSS = """
html, body { margin: 0; background: #f6f8fa; }
.auditor.page { max-width: 96rem; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
.auditor .top { padding: .4rem 0 .8rem; border-bottom: 1px solid #d0d7de; margin-bottom: .8rem; }
.auditor .cols { display: grid; grid-template-columns: minmax(0, 1fr) minmax(20rem, 28rem); gap: 1.2rem; align-items: start; }
.auditor aside { position: sticky; top: 0; max-height: 100vh; overflow-y: auto; padding: .2rem .6rem 1rem; background: #fff; border: 1px solid #d0d7de; border-radius: 6px; }
@media (max-width: 60rem) { .auditor .cols { grid-template-columns: 1fr; } .auditor aside { position: static; max-height: none; order: -1; } }
"""

_EMBED_CSS = """
.auditor.embedded .cols { display: grid; grid-template-columns: minmax(0, 1fr) minmax(18rem, 24rem); gap: 1rem; align-items: start; }
.auditor.embedded .text, .auditor.embedded aside { max-height: 42rem; overflow-y: auto; }
.auditor.compact { max-width: 60rem; }
.auditor.compact ol.checklist { columns: 2 22rem; column-gap: 1.2rem; }
.auditor.compact ol.checklist li { break-inside: avoid; }
"""


def _colours(name: str) -> tuple[str, str]:
    return COLOURS.get(name, OTHER)


def style(page: bool = True) -> str:
    """The style sheet; every rule is scoped under ``.auditor`` except the page background."""
    kinds = [
        f".auditor .text mark.k-{name} {{ background: {bg}; outline: 1.5px solid {line}; }}\n"
        f".auditor .tag.k-{name}, .auditor .swatch.k-{name} {{ background: {line}; }}\n"
        f".auditor .snip mark.k-{name} {{ background: {bg}; box-shadow: inset 0 -2px 0 {line}; }}"
        for name, (bg, line) in COLOURS.items()
        if name != "evidence"
    ]
    kinds.append(f".auditor .tag.k-evidence, .auditor .swatch.k-evidence {{ background: {COLOURS['evidence'][1]}; }}")
    css = (
        _CSS.replace("FONT", FONT)
        .replace("EV_BG", COLOURS["evidence"][0])
        .replace("EV_LINE", COLOURS["evidence"][1])
        .replace("KIND_RULES", "\n".join(kinds))
    )
    return css + (_PAGE_CSS if page else _EMBED_CSS)


# ---------------------------------------------------------------------------- spans


@dataclass(frozen=True)
class Mark:
    """A span of the document to highlight, and how to label it."""

    start: int
    end: int
    kind: str  # "evidence", the finding's kind (repetition, tables, ...), or "heading"/"subheading"
    anchor: str  # the element id of its tag in the text
    label: str  # the tag text: a requirement id or F3; empty for headings (no tag)
    tooltip: str
    requirement: str | None = None
    finding: str | None = None  # F3

    @property
    def entry(self) -> str:
        """The id of the mark's entry in the checklist or the findings list."""
        return f"list-req-{self.requirement}" if self.requirement else f"list-{self.anchor}"


def marks(audit: "Audit") -> list[Mark]:
    """Every evidence span and every located finding of the audit."""
    out: list[Mark] = []
    for verdict in audit.verdicts:
        for i, evidence in enumerate(verdict.evidence):
            anchor = f"req-{verdict.id}" + (f"-{i + 1}" if i else "")
            tooltip = f"{verdict.id} {title(verdict.id)}: evidence (confidence {verdict.confidence:.2f})"
            out.append(Mark(evidence.start, evidence.end, "evidence", anchor, verdict.id, tooltip, requirement=verdict.id))
    for item in numbered(audit):
        finding = item.finding
        if finding.start is None:
            continue
        end = finding.end if finding.end is not None else finding.start
        tooltip = f"{item.label} {finding.severity} {finding.check}: {finding.message}"
        out.append(Mark(finding.start, end, kind(finding.check), f"finding-{item.number}", item.label, tooltip, finding=item.label))
    return out


def heading_marks(audit: "Audit") -> list[Mark]:
    """Section and sub-topic headings, set in bold so the text reads like the report."""
    out = []
    for name, sections in (("heading", audit.report.sections), ("subheading", audit.report.subtopics)):
        for section in sections:
            if section.heading_end > section.heading_start:
                out.append(Mark(section.heading_start, section.heading_end, name, "", "", ""))
    return out


def _tag(mark: Mark, prefix: str, pin: bool = False) -> str:
    classes = f"tag k-{mark.kind}" + (" pin" if pin else "")
    text = f"⚑ {mark.label}" if pin else mark.label
    return (
        f'<a class="{classes}" id="{escape(prefix + mark.anchor)}" href="#{escape(prefix + mark.entry)}" '
        f'title="{escape(mark.tooltip)}">{escape(text)}</a>'
    )


def highlight(text: str, spans: list[Mark], prefix: str = "", anchors: dict[int, list[str]] | None = None) -> str:
    """``text`` as HTML with every span marked, cut into pieces where spans overlap.

    Each piece is one ``<mark>`` carrying all spans that cover it: class ``ev`` for
    evidence, ``k-<kind>`` for findings, ``data-requirements`` and ``data-findings``
    naming them, and a tooltip listing them.  A tag opens every span (its anchor); an
    empty span (a missing section's place) shows as a pin.  ``anchors`` adds raw HTML at
    offsets (section anchors).
    """
    size = len(text)
    spans = [m for m in spans if 0 <= m.start <= size]
    spans = [Mark(m.start, min(m.end, size), m.kind, m.anchor, m.label, m.tooltip, m.requirement, m.finding) for m in spans]
    cuts = sorted({0, size, *(m.start for m in spans), *(m.end for m in spans), *(anchors or {})})
    opening: dict[int, list[Mark]] = {}
    for mark in spans:
        opening.setdefault(mark.start, []).append(mark)
    out: list[str] = []
    for here, there in itertools.pairwise(cuts):
        out.extend((anchors or {}).get(here, []))
        starting = sorted(opening.get(here, []), key=lambda m: (m.kind != "evidence", m.end == m.start, m.anchor))
        out.extend(_tag(m, prefix, pin=m.end == m.start) for m in starting if m.label)
        piece = text[here:there]
        if not piece:
            continue
        covering = [m for m in spans if m.start <= here and there <= m.end and m.start < m.end]
        out.append(_piece(piece, covering))
    out.extend((anchors or {}).get(size, []))
    out.extend(_tag(m, prefix, pin=True) for m in opening.get(size, []) if m.end == m.start and m.label)
    return "".join(out)


def _piece(piece: str, covering: list[Mark]) -> str:
    if not covering:
        return escape(piece)
    requirements = [m.requirement for m in covering if m.requirement]
    findings = [m for m in covering if m.finding]
    classes = sorted({m.kind for m in covering if not m.label}) + (["ev"] if requirements else []) + sorted({f"k-{m.kind}" for m in findings})
    attributes = [f'class="{" ".join(classes)}"']
    tooltips = [m.tooltip for m in covering if m.tooltip]
    if tooltips:
        attributes.append(f'title="{escape(chr(10).join(tooltips))}"')
    if requirements:
        attributes.append(f'data-requirements="{escape(" ".join(requirements))}"')
    if findings:
        attributes.append(f'data-findings="{" ".join(m.finding for m in findings)}"')
    element = "mark" if requirements or findings else "span"  # a heading alone is not a highlight
    return f"<{element} {' '.join(attributes)}>{escape(piece)}</{element}>"


# ---------------------------------------------------------------------------- pieces


def _snippet(piece: Snippet | None, css_class: str = "") -> str:
    if piece is None:
        return ""
    match = f'<mark class="{css_class}">{escape(piece.match)}</mark>' if piece.match else ""
    return f'<div class="snip">{escape(piece.before)}{match}{escape(piece.after)}</div>'


def header_html(audit: "Audit", heading: str = "h1") -> str:
    report = audit.report
    return (
        f"<{heading}>{escape(report.organization or 'unknown body')}</{heading}>"
        f'<p class="facts">{escape(" · ".join(header_facts(audit.report)))}</p>'
        f'<p class="source">{escape(report.document.source)}</p>'
    )


def _band(score: float) -> str:
    return "good" if score >= 90 else "fair" if score >= 75 else "poor"


def score_html(audit: "Audit") -> str:
    counts = status_counts(audit)
    summary = " · ".join(f"{counts[s]} {STATUS_WORD[s]}" for s in STATUS_MARK if audit.verdicts)
    parts = ['<div class="score">']
    if audit.score is not None:
        parts.append(f'<span class="points band-{_band(audit.score)}">{audit.score:.1f}<small> / 100</small></span>')
    parts.append(f'<span class="counts">{escape(summary)} · {len(audit.findings)} findings</span></div>')
    if audit.breakdown:
        rows = "".join(
            f'<tr><td class="minus">{item["points"]:g}</td><td><span class="rid">{escape(item["item"])}</span></td><td>{escape(item["reason"])}</td></tr>'
            for item in audit.breakdown
        )
        parts.append(f'<table class="breakdown">{rows}</table>')
    elif audit.score is not None:
        parts.append('<p class="empty">No points deducted.</p>')
    return "".join(parts)


def checklist_html(audit: "Audit", prefix: str = "", links: bool = True) -> str:
    items = []
    for verdict in audit.verdicts:
        name = escape(verdict.id)
        if links and verdict.evidence:
            name = f'<a href="#{escape(prefix)}req-{name}">{name}</a>'
        note = f'<div class="note snip">{escape(verdict.note)}</div>' if verdict.note else ""
        items.append(
            f'<li class="st-{verdict.status}" id="{escape(prefix)}list-req-{escape(verdict.id)}" title="{STATUS_WORD[verdict.status]}">'
            f'<span class="st">{STATUS_MARK[verdict.status]}</span><span class="rid">{name}</span>'
            f'<span class="zh">{escape(title(verdict.id))}</span><span class="conf">{verdict.confidence:.2f}</span>'
            f"{_snippet(evidence_snippet(audit, verdict, 48))}{note}</li>"
        )
    return f'<ol class="checklist">{"".join(items)}</ol>'


def findings_html(audit: "Audit", prefix: str = "", links: bool = True, heading: str = "h3") -> str:
    groups = findings_by_kind(audit)
    if not groups:
        return '<p class="empty">No findings.</p>'
    parts = []
    for name, items in groups:
        parts.append(f'<{heading}><span class="swatch k-{escape(name)}"></span>{escape(name)} ({len(items)})</{heading}><ul class="findings">')
        for item in items:
            finding = item.finding
            label = escape(item.label)
            if links and finding.start is not None:
                label = f'<a href="#{escape(prefix)}finding-{item.number}">{label}</a>'
            parts.append(
                f'<li id="{escape(prefix)}list-finding-{item.number}"><span class="fid">{label}</span>'
                f'<span class="sev sev-{escape(finding.severity)}">{escape(finding.severity)}</span>{escape(finding.message)}'
                f"{_snippet(finding_snippet(audit, finding, 48), f'k-{escape(name)}')}</li>"
            )
        parts.append("</ul>")
    return "".join(parts)


def legend_html(audit: "Audit") -> str:
    present = ["evidence"] + [name for name, _ in findings_by_kind(audit)]
    entries = "".join(f'<span><span class="swatch k-{escape(name)}"></span>{escape(name)}</span>' for name in present)
    return f'<div class="legend">{entries}<span>hover a mark for what it is; click a tag to jump to its entry</span></div>'


def sections_nav(audit: "Audit", prefix: str = "") -> str:
    items = "".join(
        f'<li><a href="#{escape(prefix)}sec-{escape(s.key)}">{escape(s.number + "、" if s.number else "")}{escape(s.title or s.key)}</a></li>'
        for s in audit.report.sections
    )
    return f'<ol class="sections">{items}</ol>'


def text_html(audit: "Audit", prefix: str = "") -> str:
    report = audit.report
    anchors: dict[int, list[str]] = {}
    for section in report.sections:
        anchors.setdefault(section.start, []).append(f'<span class="sec-anchor" id="{escape(prefix)}sec-{escape(section.key)}"></span>')
    return f'<div class="text">{highlight(report.text, heading_marks(audit) + marks(audit), prefix, anchors)}</div>'


def _body(audit: "Audit", prefix: str) -> str:
    return (
        f'<div class="top">{header_html(audit)}</div>'
        '<div class="cols"><main>'
        f"<h2>Report text</h2>{legend_html(audit)}{text_html(audit, prefix)}</main>"
        f"<aside><h2>Score</h2>{score_html(audit)}"
        f"<h2>Requirements</h2>{checklist_html(audit, prefix)}"
        f"<h2>Findings</h2>{findings_html(audit, prefix)}"
        f"<h2>Sections</h2>{sections_nav(audit, prefix)}</aside></div>"
    )


_embedded = itertools.count(1)


def render_html(audit: "Audit", standalone: bool = True) -> str:
    """The report page: a whole HTML document, or (``standalone=False``) a ``<div>`` with its
    own scoped style for embedding in a notebook or another page."""
    if not standalone:
        prefix = f"au{next(_embedded)}-"
        return f'<div class="auditor embedded"><style>{style(page=False)}</style>{_body(audit, prefix)}</div>'
    name = audit.report.organization or audit.report.document.source
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(name)}: audit</title><style>{style(page=True)}</style></head>"
        f'<body><div class="auditor page">{_body(audit, "")}</div></body></html>\n'
    )


def render_summary_html(audit: "Audit") -> str:
    """A compact view for notebooks: header, score, checklist, findings (no report text)."""
    return (
        f'<div class="auditor compact"><style>{style(page=False)}</style>'
        f"{header_html(audit, 'h3')}{score_html(audit)}"
        f"<h4>Requirements</h4>{checklist_html(audit, links=False)}"
        f"<h4>Findings</h4>{findings_html(audit, links=False, heading='h5')}</div>"
    )
