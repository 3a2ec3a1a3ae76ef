from auditor import audit
from auditor.render.markdown import escape, render_markdown


def test_markdown_has_header_score_and_breakdown(xihu_audit):
    md = render_markdown(xihu_audit)
    assert md.startswith("# 西湖镇人民政府: 2020 report, 2019 format, town, published 2021-01-25\n")
    assert f"## Score: {xihu_audit.score:.1f} / 100" in md
    assert "| -2 | `repetition` | 2 finding(s), 1 each, at most 5 |" in md


def test_markdown_checklist_has_every_requirement_with_its_mark(xihu_audit):
    md = render_markdown(xihu_audit)
    rows = [line for line in md.splitlines() if line.startswith("| ") and "`" in line and "." in line.split("|")[2]]
    assert len(rows) == 18
    assert rows[0].startswith("| ✓ | `preamble.basis` | 编制依据 | 1.00 |")
    assert any(row.startswith("| – | `other.fees` | 信息处理费 |") for row in rows)
    assert "## Requirements (14 met, 0 missing, 4 not required)" in md


def test_markdown_evidence_snippet_bolds_the_key_phrase(xihu_audit):
    md = render_markdown(xihu_audit)
    period = next(line for line in md.splitlines() if "`preamble.period`" in line)
    assert "**统计期限**为:2020年1月1日" in period


def test_markdown_findings_grouped_with_repetitions_in_bold_context(xihu_audit):
    md = render_markdown(xihu_audit)
    assert "### repetition (2)" in md
    assert '遵循"谁公开、**谁审查、谁审查**、谁负责"' in md
    assert "一是**加强了与各业务部门加强了**沟通" in md
    assert "- F1 **warning** `repetition.list_item`: list item 谁审查 repeated (at 1550:" in md


def test_markdown_escapes_report_text():
    assert escape("a|b*c_d<script>") == r"a\|b\*c\_d&lt;script&gt;"


def test_markdown_of_a_report_with_markup_shows_it_as_text(xihu_text):
    result = audit(xihu_text.replace('"谁公开、', '"<b>谁公开、', 1))
    md = render_markdown(result)
    assert "<b>" not in md
    assert "&lt;b&gt;谁公开、**谁审查、谁审查**" in md
