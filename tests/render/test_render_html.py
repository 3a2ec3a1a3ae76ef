import re

import lxml.html
import pytest

from auditor import audit
from auditor.render.html import Mark, highlight, render_html

STATUS_MARK = {"met": "✓", "missing": "✗", "not_required": "–"}


@pytest.fixture(scope="module")
def page(xihu_audit):
    return render_html(xihu_audit)


@pytest.fixture(scope="module")
def tree(page):
    return lxml.html.fromstring(page)


def _marked_text(tree, attribute: str, name: str) -> str:
    """The text of every <mark> naming ``name`` in ``attribute``, in document order."""
    return "".join(m.text_content() for m in tree.iter("mark") if name in m.get(attribute, "").split())


def test_html_marks_the_two_repetitions_at_their_words(tree, repetitions):
    assert sorted(repetitions.values()) == sorted(["谁审查、谁审查", "加强了与各业务部门加强了"])
    for label, text in repetitions.items():
        assert _marked_text(tree, "data-findings", label) == text
        assert all("k-repetition" in m.get("class").split() for m in tree.iter("mark") if label in m.get("data-findings", "").split())


def test_html_marks_every_evidence_span_of_every_verdict(tree, xihu_audit, xihu_text):
    met = [v for v in xihu_audit.verdicts if v.evidence]
    assert len(met) == 14
    for verdict in met:
        expected = "".join(xihu_text[e.start : e.end] for e in sorted(verdict.evidence, key=lambda e: e.start))
        assert _marked_text(tree, "data-requirements", verdict.id) == expected


def test_html_repetition_inside_evidence_is_marked_as_both(tree):
    # 谁审查、谁审查 sits in the evidence paragraph of information management
    mark = next(m for m in tree.iter("mark") if m.text_content() == "谁审查、谁审查")
    assert "overview.management" in mark.get("data-requirements").split()
    assert {"ev", "k-repetition"} <= set(mark.get("class").split())


def test_html_text_column_holds_the_report_text_exactly_once(page, xihu_text):
    text = lxml.html.fromstring(page).find_class("text")[0]
    for tag in text.find_class("tag"):
        tag.drop_tree()
    assert text.text_content() == xihu_text


def test_html_has_the_checklist_and_the_score(tree, xihu_audit):
    items = tree.xpath("//ol[@class='checklist']/li")
    assert [li.get("id") for li in items] == [f"list-req-{v.id}" for v in xihu_audit.verdicts]
    assert len(items) == 18
    for li, verdict in zip(items, xihu_audit.verdicts):
        assert li.xpath("string(.//span[@class='st'])") == STATUS_MARK[verdict.status]
    points = tree.xpath("string(//span[contains(@class, 'points')])")
    assert points.startswith(f"{xihu_audit.score:.1f}")
    assert "repetition" in tree.xpath("string(//table[@class='breakdown'])")


def test_html_links_point_at_anchors_on_the_page(tree):
    ids = set(tree.xpath("//@id"))
    targets = [href[1:] for href in tree.xpath("//a/@href")]
    assert targets and all(target in ids for target in targets)
    assert {"finding-1", "finding-2", "list-finding-1", "req-preamble.basis"} <= ids


def test_html_loads_nothing_from_the_network(page, tree):
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", page, re.I)
    assert not tree.xpath("//script | //link | //img | //iframe | //@src")
    assert "url(" not in page and "@import" not in page


def test_html_escapes_markup_in_the_report_text(xihu_text):
    hostile = xihu_text.replace("遵循", '遵循<script>alert("x")</script>', 1)
    result = audit(hostile)
    tree = lxml.html.fromstring(render_html(result))
    assert not tree.xpath("//script")
    assert '<script>alert("x")</script>' in tree.find_class("text")[0].text_content()


def test_highlight_cuts_overlapping_spans_into_pieces():
    spans = [
        Mark(0, 4, "evidence", "req-a", "a", "evidence a", requirement="a"),
        Mark(2, 6, "repetition", "finding-1", "F1", "F1 repeated", finding="F1"),
        Mark(3, 3, "structure", "finding-2", "F2", "F2 missing section", finding="F2"),
    ]
    tree = lxml.html.fromstring(f"<div>{highlight('abcdefgh', spans)}</div>")
    marks = [(m.text_content(), m.get("class"), m.get("data-requirements"), m.get("data-findings")) for m in tree.iter("mark")]
    assert marks == [
        ("ab", "ev", "a", None),
        ("c", "ev k-repetition", "a", "F1"),
        ("d", "ev k-repetition", "a", "F1"),
        ("ef", "k-repetition", None, "F1"),
    ]
    pin = tree.get_element_by_id("finding-2")
    assert "pin" in pin.get("class") and pin.text_content() == "⚑ F2"
    for tag in tree.find_class("tag"):
        tag.drop_tree()
    assert tree.text_content() == "abcdefgh"


def test_embedded_view_has_its_own_ids(xihu_audit):
    first, second = render_html(xihu_audit, standalone=False), render_html(xihu_audit, standalone=False)
    assert first.startswith('<div class="auditor embedded">') and "<html" not in first
    ids = lambda html: set(lxml.html.fromstring(html).xpath("//@id"))  # noqa: E731
    assert not ids(first) & ids(second)
