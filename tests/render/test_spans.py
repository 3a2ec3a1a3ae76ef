"""The spaCy view: the report as a Doc whose spans are the audit's evidence and findings."""
import pytest

from auditor.api import audit
from auditor.render.spans import SPANS_KEY, displacy_html, to_doc


@pytest.fixture(scope="module")
def xihu_audit(xihu_path):
    return audit(xihu_path)


def test_doc_text_is_the_report_text_so_offsets_carry_over(xihu_audit, xihu_text):
    doc = to_doc(xihu_audit)
    assert doc.text == xihu_text
    assert "依申请公开" in [token.text for token in doc]  # the domain dictionary's word, one token


def test_every_evidence_and_finding_is_a_labelled_span_covering_its_text(xihu_audit):
    doc = to_doc(xihu_audit)
    spans = doc.spans[SPANS_KEY]
    labels = [span.label_ for span in spans]
    assert "other.proposals" in labels and "F1 repetition.list_item" in labels
    repeated = next(span for span in spans if span.label_ == "F1 repetition.list_item")
    assert "谁审查、谁审查" in repeated.text
    for verdict in xihu_audit.verdicts:
        for evidence in verdict.evidence:
            span = next(s for s in spans if s.label_ == verdict.id and s.start_char <= evidence.start and evidence.end <= s.end_char)
            assert evidence.text in span.text


def test_displacy_span_view_shows_the_labels(xihu_audit):
    html = displacy_html(xihu_audit)
    assert "F2 repetition.clause" in html and "preamble.contact" in html
