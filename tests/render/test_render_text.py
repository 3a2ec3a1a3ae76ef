import io

from rich.cells import cell_len
from rich.console import Console

from auditor.render.text import render_text


def _rendered(audit, width=140) -> str:
    console = Console(record=True, width=width, file=io.StringIO())
    render_text(audit, console)
    return console.export_text()


def test_terminal_view_shows_score_checklist_and_findings(xihu_audit):
    out = _rendered(xihu_audit)
    assert f"{xihu_audit.score:.1f} / 100" in out
    assert "-2  repetition  2 finding(s), 1 each, at most 5" in out
    for verdict in xihu_audit.verdicts:
        mark = {"met": "✓", "missing": "✗", "not_required": "–"}[verdict.status]
        assert f"│ {mark} │ {verdict.id} " in out
    assert "统计期限为:2020年1月1日" in out
    assert "repetition (2)" in out
    assert "F1  warning list item 谁审查 repeated" in out
    assert '遵循"谁公开、谁审查、谁审查、谁负责"' in out


def test_terminal_view_fits_a_narrow_terminal(xihu_audit):
    out = _rendered(xihu_audit, width=80)
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    assert "│ ✓ │ preamble.basis " in out
