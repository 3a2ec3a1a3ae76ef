"""The audit as a spaCy ``Doc``: evidence and findings as labelled spans, for displaCy.

The ``Doc`` comes from ``nlp.language()`` (``spacy.blank("zh")`` segmenting with jieba and
the domain dictionary), so its text is the report text as read and character offsets carry
over unchanged; spans snap outward to jieba token boundaries.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..nlp import language
from ._common import numbered

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..api import Audit

SPANS_KEY = "sc"


def to_doc(audit: "Audit") -> "Doc":
    """A spaCy Doc of the report with one span per evidence (label: requirement id) and per
    located finding (label: ``F<n> <check>``) in ``doc.spans["sc"]``."""
    doc = language()(audit.report.text)
    spans = []
    for verdict in audit.verdicts:
        for evidence in verdict.evidence:
            span = doc.char_span(evidence.start, evidence.end, label=verdict.id, alignment_mode="expand")
            if span is not None:
                spans.append(span)
    for item in numbered(audit):
        finding = item.finding
        if finding.start is not None and finding.end > finding.start:
            span = doc.char_span(finding.start, finding.end, label=f"{item.label} {finding.check}", alignment_mode="expand")
            if span is not None:
                spans.append(span)
    doc.spans[SPANS_KEY] = spans
    return doc


def displacy_html(audit: "Audit") -> str:
    """displaCy's span view of the report: every evidence and finding underlined and labelled."""
    from spacy import displacy

    return displacy.render(to_doc(audit), style="span", options={"spans_key": SPANS_KEY}, jupyter=False)
